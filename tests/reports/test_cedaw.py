"""The CEDAW follow-up table: recommendations per chapter with the measures linked to them, as
HTML and DOCX, through the exporter and the CLI (the bundled sample and the real overview)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import docx
import pytest

from voortgang.linking.services import link_create
from voortgang.reports import ExportError, cedaw
from voortgang.reports.selectors import cedaw_report
from voortgang.tracker.models import Measure
from voortgang.tracker.services import documents_ingest

from .test_changes import header_flag, page_mm, parse_html, style

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
SAMPLE = SAMPLES / "cedaw-overzicht-voorbeeld.txt"
A2024 = SAMPLES / "bijlage-voortgangsrapportage-2024.txt"
NO_MEASURE = "geen gekoppelde maatregel"


def record(**filters: Any) -> Measure:
    return Measure.objects.get(**filters)


@pytest.fixture
def linked(db: None) -> dict[str, Measure]:
    """The CEDAW sample and the 2024 annex, with an accepted, a proposed and a rejected link."""
    documents_ingest(paths=[SAMPLE, A2024])
    found = {
        "9a": record(kind="recommendation", number="9a"),
        "27a": record(kind="recommendation", number="27a"),
        "monitor": record(title="Monitor online haat tegen lhbtiq+ personen"),
        "veilig": record(title="Project Veilig Thuis in de Wijk"),
        "csw": record(title="Deelname aan de jaarlijkse CSW-sessie"),
    }
    link_create(
        kind="addresses", source=found["veilig"], target=found["27a"], score=0.8, status="accepted"
    )
    link_create(kind="addresses", source=found["monitor"], target=found["27a"], score=0.6)
    link_create(
        kind="addresses", source=found["csw"], target=found["9a"], score=0.3, status="rejected"
    )
    return found


def test_selector_groups_per_chapter_with_links(linked: dict[str, Measure]) -> None:
    report = cedaw_report()
    assert report.document == SAMPLE.name
    assert [c.name for c in report.chapters] == [
        "Zichtbaarheid van het Verdrag",
        "Wetgevend kader",
        "Toegang tot het recht",
        "Gendergerelateerd geweld",
        "Gezondheid",
        "Plattelandsvrouwen",
    ]
    recs = {r.number: r for r in report.recommendations}
    assert list(recs) == ["9a", "9b", "11", "13a", "13b", "27a", "27b", "27c", "39b", "39c", "43"]
    assert recs["9a"].parts == ("KNL",) and recs["9a"].ministries == ("OCW", "BZK", "JenV")
    assert recs["39b"].parts == ("BES", "AUA", "CUR", "SXM")
    assert recs["9b"].see_also == "9a"
    assert len(recs["9a"].bullets) == 2
    # Accepted first; the rejected link is not shown.
    measures = [(m.title, m.accepted, m.status) for m in recs["27a"].measures]
    assert measures == [
        ("Project Veilig Thuis in de Wijk", True, 3),
        ("Monitor online haat tegen lhbtiq+ personen", False, 3),
    ]
    assert recs["9a"].measures == ()
    assert len(report.without_measure) == 10


def test_html(linked: dict[str, Measure]) -> None:
    export = cedaw.render(format="html")
    assert export.filename == "cedaw-opvolging-cedaw-overzicht-voorbeeld.html"
    page = parse_html(export.content)
    assert page.lang == "nl"
    assert page.headings[0] == ("h1", "Opvolging van de CEDAW-aanbevelingen")
    assert ("h2", "Gendergerelateerd geweld") in page.headings
    for table in page.tables:
        assert table["caption"] and table["col"] and not table.get("none")
    violence = next(t for t in page.tables if "Gendergerelateerd geweld" in t["caption"])
    assert violence["col"] == [
        "Nr.",
        "Aanbeveling",
        "Verantwoordelijk",
        "Huidige stand van zaken",
        "Maatregelen",
    ]
    assert violence["row"] == ["27a", "27b", "27c"]
    # Row 27a: text, responsible, state, measures (four cells per row).
    cells = violence["cells"][:4]
    assert cells[0].startswith("Een nationale strategie tegen geweld tegen vrouwen")
    assert cells[1] == "KNL; VWS, JenV"
    assert "Project Veilig Thuis in de Wijk (bijlage-voortgangsrapportage-2024.txt; " in cells[3]
    assert "stand: 3 in uitvoering) koppeling vastgesteld" in cells[3]
    assert "Monitor online haat" in cells[3] and "koppeling voorgesteld" in cells[3]
    assert violence["cells"][7] == NO_MEASURE  # 27b
    text = export.content.decode("utf-8")
    assert "Deelname aan de jaarlijkse CSW-sessie" not in text  # rejected
    summary = page.tables[0]
    assert list(zip(summary["row"], summary["cells"], strict=True)) == [
        ("Aanbevelingen", "11"),
        ("met ten minste één gekoppelde maatregel", "1"),
        ("zonder gekoppelde maatregel", "10"),
        ("Koppelingen vastgesteld", "1"),
        ("Koppelingen voorgesteld (nog niet beoordeeld)", "1"),
    ]


def test_docx(linked: dict[str, Measure]) -> None:
    export = cedaw.render(format="docx", document=SAMPLE.name)
    assert export.filename.endswith(".docx")
    document = docx.Document(io.BytesIO(export.content))
    assert page_mm(document) == (210, 297)
    headings = [p.text for p in document.paragraphs if style(p).startswith("Heading")]
    assert headings == ["Samenvatting"] + [c.name for c in cedaw_report().chapters]
    assert len(document.tables) == 7
    for table in document.tables:
        assert header_flag(table.rows[0]) == "true"
        assert all(header_flag(row) is None for row in table.rows[1:])
    violence = document.tables[4]
    assert [c.text for c in violence.rows[0].cells] == [
        "Nr.",
        "Aanbeveling",
        "Verantwoordelijk",
        "Huidige stand van zaken",
        "Maatregelen",
    ]
    row = [c.text for c in violence.rows[1].cells]
    assert row[0] == "27a" and row[2] == "KNL; VWS, JenV"
    assert row[3].startswith("• De kabinetsreactie is gepubliceerd")
    assert row[4].splitlines() == [
        "Project Veilig Thuis in de Wijk (bijlage-voortgangsrapportage-2024.txt; "
        "stand: 3 in uitvoering; koppeling vastgesteld)",
        "Monitor online haat tegen lhbtiq+ personen (bijlage-voortgangsrapportage-2024.txt; "
        "stand: 3 in uitvoering; koppeling voorgesteld)",
    ]
    assert violence.rows[2].cells[4].text == NO_MEASURE
    see_also = [c.text for c in document.tables[1].rows[2].cells]
    assert see_also[0] == "9b" and see_also[3].endswith("(Verwijst naar aanbeveling 9a.)")


def test_real_overview_has_every_recommendation(seeds: Path, db: None) -> None:
    documents_ingest(paths=[seeds / "003_751c11d549cd7bdf.txt"])
    numbers = list(Measure.objects.filter(kind="recommendation").values_list("number", flat=True))
    assert len(numbers) > 50
    report = cedaw_report()
    assert [r.number for r in report.recommendations] == numbers
    assert all(not r.measures for r in report.recommendations)
    page = parse_html(cedaw.render(format="html").content)
    rows = [n for t in page.tables[1:] for n in t["row"]]
    assert rows == numbers
    assert len(page.tables) == len(report.chapters) + 1
    document = docx.Document(io.BytesIO(cedaw.render(format="docx").content))
    docx_numbers = [r.cells[0].text for t in document.tables[1:] for r in t.rows[1:]]
    assert docx_numbers == numbers


def test_errors(db: None) -> None:
    with pytest.raises(ExportError, match="no CEDAW overview has been ingested"):
        cedaw.render(format="html")
    documents_ingest(paths=[SAMPLE, A2024])
    with pytest.raises(ExportError, match=re.escape("unknown document 'x.txt'; CEDAW overviews: ")):
        cedaw.render(format="html", document="x.txt")
    with pytest.raises(ExportError, match="has no recommendations"):
        cedaw.render(format="html", document=A2024.name)
    with pytest.raises(ExportError, match="unknown format 'pdf'"):
        cedaw.render(format="pdf")


def test_cli(run_cli: Any, tmp_path: Path) -> None:
    run_cli("ingest", str(SAMPLE), check=True)
    out = tmp_path / "cedaw.docx"
    run_cli("report", "cedaw", "--format", "docx", "--out", str(out), check=True)
    assert len(docx.Document(str(out)).tables) == 7
    out = tmp_path / "cedaw.html"
    args = ("report", "cedaw", "--document", SAMPLE.name, "--out", str(out))
    run_cli(*args, check=True)
    assert re.search(r"<th scope=\"row\">27a</th>", out.read_text(encoding="utf-8"))
    assert out.read_text(encoding="utf-8").count(NO_MEASURE) == 11
    before = run_cli("export", "records", check=True).stdout
    for bad, message in (
        (("--document", "onbekend.txt"), "error: unknown document 'onbekend.txt'"),
        (("--format", "odt"), "error: unknown format 'odt'"),
    ):
        result = run_cli("report", "cedaw", *bad, "--out", str(tmp_path / "never"))
        assert result.returncode == 1
        assert result.stderr.startswith(message) and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "never").exists()
    assert json.loads(run_cli("export", "records", check=True).stdout) == json.loads(before)
