"""The records exporter's XLSX format and its filters, on the bundled samples, opened with
openpyxl as a reader would; and ``voortgang export records --format xlsx`` through the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from voortgang.reports import ExportError
from voortgang.reports import records as exporter
from voortgang.tracker import selectors as tracker_selectors
from voortgang.tracker.selectors import RecordFilters, record_list, record_queryset
from voortgang.tracker.services import documents_ingest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
ANNEX_2023 = SAMPLES / "bijlage-voortgangsrapportage-2023.txt"
WERKBONUS = "Verruimen van de werkbonus voor deeltijders"
KIND_ORDER = ["measure", "motion", "commitment", "recommendation", "result", "challenge"]


@pytest.fixture
def demo(db: None) -> None:
    """The database as ``voortgang demo`` leaves it: every bundled sample ingested."""
    documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    day = dt.date(2025, 1, 1)
    monkeypatch.setattr(tracker_selectors, "today", lambda: day)
    return day


def workbook(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content))


def sheet_rows(ws: Any) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def readme_columns(wb: Any) -> dict[str, tuple[str, str, str]]:
    """The README sheet's column table: name -> (type, Dutch, English description)."""
    rows = list(wb["README"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Kolommen / Columns")
    assert rows[start + 1][:4] == ("Kolom / Column", "Type", "Omschrijving", "Description")
    table = {}
    for row in rows[start + 2 :]:
        if not row[0]:
            break
        table[row[0]] = (row[1], row[2], row[3])
    return table


def readme_facts(wb: Any) -> dict[str, Any]:
    return {row[0]: row[1] for row in wb["README"].iter_rows(values_only=True) if row[0]}


def test_one_sheet_per_kind_after_the_readme_with_every_record_in_export_order(
    demo: None,
) -> None:
    records = list(record_list())
    wb = workbook(exporter.render(format="xlsx").content)
    kinds = [k for k in KIND_ORDER if any(r["kind"] == k for r in records)]
    assert len(kinds) >= 5  # the samples have measures, motions, … results and challenges
    assert wb.sheetnames == ["README", *kinds]
    for kind in kinds:
        rows = sheet_rows(wb[kind])
        assert [r["uid"] for r in rows] == [r["uid"] for r in records if r["kind"] == kind]
        assert {r["kind"] for r in rows} == {kind}


def test_cells_are_typed(demo: None) -> None:
    records = {r["uid"]: r for r in record_list()}
    wb = workbook(exporter.render(format="xlsx").content)
    ws = wb["measure"]
    assert [c.value for c in ws[1]] == list(exporter.CSV_FIELDS)
    rows = sheet_rows(ws)
    werkbonus = next(r for r in rows if r["title"] == WERKBONUS)
    source = records[werkbonus["uid"]]
    # Dates are real dates (openpyxl reads them back as datetimes), with a date format.
    assert werkbonus["due_start"] == dt.datetime(2024, 1, 1)
    assert werkbonus["due_end"] == dt.datetime(2024, 3, 31)
    assert source["due"] == {"start": "2024-01-01", "end": "2024-03-31"}
    due_cell = next(c for c in ws["L"] if c.value == dt.datetime(2024, 3, 31))
    assert due_cell.is_date and due_cell.number_format == "yyyy-mm-dd"
    # Status and lines are numbers, the flags booleans, the lists text joined with "; ".
    assert werkbonus["status"] == 3 and type(werkbonus["status"]) is int
    assert werkbonus["line"] == source["line"] and type(werkbonus["line"]) is int
    assert werkbonus["ongoing"] is False and werkbonus["completed"] is False
    assert werkbonus["ministries"] == "SZW"
    several = next(r for r in rows if r["ministries"] and "; " in r["ministries"])
    assert several["ministries"].split("; ") == records[several["uid"]]["ministries"]
    # Null is an empty cell, never the text "None".
    assert werkbonus["number"] is None and werkbonus["see_also"] is None
    ongoing = [r for r in rows if r["ongoing"] is True]
    assert ongoing and all(records[r["uid"]]["ongoing"] for r in ongoing)
    # References are readable text: the citation as written and its URL, not JSON.
    cited = [r for r in rows if r["references"]]
    assert cited
    for row in cited:
        refs = records[row["uid"]]["references"]
        assert not row["references"].startswith("[{")
        assert refs[0]["label"].strip() in row["references"]
        for ref in refs:
            if ref["url"]:
                assert ref["url"] in row["references"]
    # Motion dates are dates too.
    motions = sheet_rows(wb["motion"])
    dated = [m for m in motions if m["date"] is not None]
    assert dated and all(isinstance(m["date"], dt.datetime) for m in dated)
    for m in dated:
        assert m["date"].date().isoformat() == records[m["uid"]]["date"]


def test_sheets_have_a_frozen_header_an_autofilter_and_fitted_widths(demo: None) -> None:
    wb = workbook(exporter.render(format="xlsx").content)
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == "B2"  # the header row and the uid column
        assert ws.auto_filter.ref == f"A1:AD{ws.max_row}"
        assert all(c.font.bold for c in ws[1])
        widths = {c: ws.column_dimensions[c].width for c in ("A", "C", "E", "K", "T")}
        assert all(8 <= w <= 60 for w in widths.values()), widths
        assert widths["E"] < widths["C"]  # a line number is narrower than a title
        assert ws.column_dimensions["K"].width == 12  # a date


def test_readme_describes_source_time_filters_licence_and_every_column(
    demo: None, fixed_today: dt.date
) -> None:
    filters = RecordFilters(kind="measure", ministry="SZW", overdue=True, sort="deadline")
    export = exporter.render(format="xlsx", filters=filters, ignored=["Onbekend thema “X”."])
    assert export.filename == "voortgang-records-measure-szw-te-laat.xlsx"
    assert export.mimetype.endswith("spreadsheetml.sheet")
    wb = workbook(export.content)
    assert wb.sheetnames[0] == "README"
    facts = readme_facts(wb)
    assert facts["Bron / Source"].startswith("Voortgang")
    generated = dt.datetime.fromisoformat(facts["Gegenereerd / Generated"])
    assert generated.tzinfo is not None
    assert abs(generated - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert facts["Filters"] == "kind = measure; ministry = SZW; overdue = 1; sort = deadline"
    assert facts["Genegeerde filters / Ignored filters"] == "Onbekend thema “X”."
    assert "CC0" in facts["Licentie"] and "CC0" in facts["Licence"]
    overdue = list(record_queryset(filters))
    assert overdue  # the samples have SZW measures past their deadline on 2025-01-01
    assert facts["Aantal records / Records"] == str(len(overdue))
    assert wb.sheetnames == ["README", "measure"]
    assert [r["uid"] for r in sheet_rows(wb["measure"])] == [m.uid for m in overdue]
    # Every column of the data sheets is described, in both languages, with its type.
    columns = readme_columns(wb)
    assert list(columns) == [c.value for c in wb["measure"][1]]
    for name, (kind, nl, en) in columns.items():
        assert kind and len(nl) > 8 and len(en) > 8, name
    assert columns["due_end"][0] == "datum / date"
    assert columns["status"][0] == "geheel getal / integer"


def test_an_unfiltered_readme_says_so(demo: None) -> None:
    facts = readme_facts(workbook(exporter.render(format="xlsx").content))
    assert facts["Filters"] == "geen: alle records / none: every record"
    assert "Genegeerde filters / Ignored filters" not in facts


def test_the_columns_table_is_the_one_in_the_docs() -> None:
    assert [c.name for c in exporter.COLUMNS] == list(exporter.CSV_FIELDS)
    docs = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    block = docs.split("<!-- xlsx-columns:start -->\n")[1].split("\n<!-- xlsx-columns:end -->")[0]
    assert block == exporter.columns_markdown()


def test_text_that_looks_like_a_formula_stays_text(db: None, tmp_path: Path) -> None:
    text = ANNEX_2023.read_text(encoding="utf-8")
    explanation = "Het wetsvoorstel voor een ruimere werkbonus"
    assert explanation in text
    path = tmp_path / "bijlage-formule.txt"
    path.write_text(text.replace(explanation, '=HYPERLINK("http://example.org") ' + explanation))
    documents_ingest(paths=[path])
    wb = workbook(exporter.render(format="xlsx").content)
    ws = wb["measure"]
    cell = next(c for c in ws["T"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_kind_and_filters_together_and_an_empty_result(demo: None) -> None:
    filters = RecordFilters(ministry="SZW")
    export = exporter.render(format="json", kind="motion", filters=filters)
    records = json.loads(export.content)
    expected = [m.uid for m in record_queryset(RecordFilters(ministry="SZW", kind="motion"))]
    assert [r["uid"] for r in records] == expected
    empty = exporter.render(format="xlsx", filters=RecordFilters(status=0, kind="challenge"))
    wb = workbook(empty.content)
    assert wb.sheetnames == ["README"]
    assert readme_facts(wb)["Aantal records / Records"] == "0"
    assert json.loads(exporter.render(format="json", filters=RecordFilters(kind="x")).content) == []
    with pytest.raises(ExportError, match="xlsx"):
        exporter.render(format="pdf")


def test_filtered_records_cost_a_fixed_number_of_queries(demo: None) -> None:
    def queries(filters: RecordFilters) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            n = len(list(record_list(filters=filters)))
        return n, len(ctx.captured_queries)

    everything, few = queries(RecordFilters()), queries(RecordFilters(kind="motion", status=3))
    assert everything[0] > 3 * few[0] > 0
    assert everything[1] == few[1] <= 10
    # More records than one chunk: one more round of queries per chunk, not per record.
    with CaptureQueriesContext(connection) as ctx:
        chunked = list(record_list(filters=RecordFilters(), chunk_size=50))
    assert len(chunked) == everything[0]
    chunks = -(-everything[0] // 50)
    assert len(ctx.captured_queries) == 1 + chunks * (everything[1] - 1)
    assert [r["uid"] for r in chunked] == [r["uid"] for r in record_list()]


# --- the command line -----------------------------------------------------------------------


def test_cli_writes_xlsx_to_a_file(run_cli: Any, tmp_path: Path) -> None:
    run_cli("ingest", str(SAMPLES), check=True)
    records = json.loads(run_cli("export", "records", check=True).stdout)
    out = tmp_path / "records.xlsx"
    result = run_cli("export", "records", "--format", "xlsx", "--out", str(out), check=True)
    assert f"wrote {out}" in result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "README"
    uids = [row["uid"] for name in wb.sheetnames[1:] for row in sheet_rows(wb[name])]
    by_kind = sorted(records, key=lambda r: KIND_ORDER.index(r["kind"]))
    assert uids == [r["uid"] for r in by_kind]
    kind_out = tmp_path / "motions.xlsx"
    run_cli("export", "records", "--format", "xlsx", "--kind", "motion", "--out", str(kind_out))
    motions = openpyxl.load_workbook(kind_out)
    assert motions.sheetnames == ["README", "motion"]
    assert readme_facts(motions)["Filters"] == "kind = motion"


def test_cli_refuses_xlsx_on_a_terminal_but_writes_it_to_a_pipe(run_cli: Any) -> None:
    run_cli("ingest", str(SAMPLES / "bijlage-voortgangsrapportage-2024.txt"), check=True)
    env = {**os.environ, "DATABASE_URL": run_cli.database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [str(Path(sys.executable).parent / "voortgang"), "export", "records"]
    primary, secondary = pty.openpty()
    try:
        result = subprocess.run(
            [*command, "--format", "xlsx"],
            stdout=secondary,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert result.returncode == 2
    assert b"XLSX is binary" in result.stderr and b"--out FILE" in result.stderr
    piped = subprocess.run(
        [*command, "--format", "xlsx"], capture_output=True, env=env, timeout=120
    )
    assert piped.returncode == 0, piped.stderr
    assert workbook(piped.stdout).sheetnames[0] == "README"
