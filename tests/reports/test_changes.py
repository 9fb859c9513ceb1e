"""What changed between two reporting moments: the selector, the HTML and DOCX exporter, the
CLI and the site page, on the bundled annex samples, a third annex written here, and the real
2023 annex (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from django.test import Client
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from voortgang.linking.services import link_create
from voortgang.reports import ExportError, changes
from voortgang.reports.selectors import changes_report, explanation_diff, moment_list
from voortgang.tracker.models import Measure
from voortgang.tracker.services import documents_ingest

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
A2023 = SAMPLES / "bijlage-voortgangsrapportage-2023.txt"
A2024 = SAMPLES / "bijlage-voortgangsrapportage-2024.txt"
CEDAW = SAMPLES / "cedaw-overzicht-voorbeeld.txt"
WERKBONUS = "Verruimen van de werkbonus voor deeltijders"
BANENROUTES = "Regionale banenroutes voor herintreders"

#: A third annex, a year after the 2024 sample: the job routes slip again (2026 → 2027) and
#: OCW is no longer responsible; the work bonus is exactly as in 2024.
A2025_TEXT = (
    "BIJLAGE BIJ DE VOORTGANGSRAPPORTAGE EMANCIPATIE 2025 – OVERZICHT VAN MAATREGELEN\n\n"
    "Legenda\n\n4 = afgerond\n\n3 = in uitvoering\n\n1 = doorlopend\n\n"
    "0 = niet (meer) in uitvoering\n\n1. ARBEID\n\n"
    "Maatregel\tStand van zaken\tWanneer\tWie\tToelichting\n"
    "Economische zelfstandigheid\t\t\t\t\n"
    f"{WERKBONUS}\t4\tQ3 2024\tSZW\tDe verruimde werkbonus geldt sinds 1 juli 2024. "
    "Werkenden met een kleine deeltijdbaan houden daardoor meer over van elk extra gewerkt "
    "uur.\n"
    f"{BANENROUTES}\t3\t2024 - 2027\tSZW\tIn zeven arbeidsmarktregio's begeleiden gemeenten "
    "en mbo-scholen herintredende vrouwen naar werk in de zorg en de kinderopvang. Sinds "
    "1 maart 2025 doet ook Flevoland mee.\n"
)


@pytest.fixture
def samples(db: None) -> None:
    documents_ingest(paths=[A2023, A2024])


@pytest.fixture
def three(db: None, tmp_path: Path) -> Path:
    path = tmp_path / "bijlage-2025.txt"
    path.write_text(A2025_TEXT, encoding="utf-8")
    documents_ingest(paths=[A2023, A2024, path])
    return path


def titles(states: Any) -> list[str]:
    return [s.title for s in states]


# --- the selector -------------------------------------------------------------------------


def test_samples_2023_to_2024(samples: None) -> None:
    report = changes_report()
    assert (report.old.document, report.new.document) == (A2023.name, A2024.name)
    assert titles(report.dropped) == [
        "Verkenning deeltijdbonus in de kinderopvang",
        "Pilot meldknop straatintimidatie",
    ]
    added = titles(report.added)
    assert len(added) == 24
    for title in (
        "Motie leden De Vries en van den Berg",
        "Advies over diversiteit in raden van toezicht",
        "Monitor online haat tegen lhbtiq+ personen",
        "Plan van aanpak gendergelijkheid Caribisch Nederland",
    ):
        assert title in added
    assert "Evaluatie van het aanvullend geboorteverlof" not in added  # matched, not new
    status = {c.new.title: (c.old.status, c.new.status) for c in report.status_changed}
    assert status == {
        WERKBONUS: (3, 4),
        "Rapportage over streefcijfers in het bedrijfsleven": (3, 1),
        "Wettelijke streefcijfers voor de semipublieke sector": (3, 0),
        "Wetsvoorstel verbod op conversiehandelingen": (3, 0),
    }
    slipped = {c.new.title: c.due for c in report.slipped}
    assert set(slipped) == {
        WERKBONUS,
        BANENROUTES,
        "Evaluatie van het aanvullend geboorteverlof",
        "Project Veilig Thuis in de Wijk",
    }
    bonus = slipped[WERKBONUS]
    assert bonus is not None
    assert (bonus.old_when, bonus.new_when) == ("Q1 2024", "Q3 2024")
    assert (bonus.old_day, bonus.new_day) == (dt.date(2024, 3, 31), dt.date(2024, 9, 30))
    assert (bonus.months, bonus.amount, bonus.earlier_slips) == (6, "6 maanden later", 0)
    assert slipped["Project Veilig Thuis in de Wijk"].months == 24  # type: ignore[union-attr]
    assert report.brought_forward == []
    timing = {c.new.title: c.due.direction for c in report.due_moved if c.due}
    assert timing["Wetsvoorstel verbod op conversiehandelingen"] == "changed"  # → no date
    assert len(report.explanation_changed) == 8
    # "OCW/DE" and "OCW (medefinanciers …)" are still OCW: no ministry changed.
    assert report.ministries_changed == []
    assert report.counts == {
        "added": 24,
        "dropped": 2,
        "status": 4,
        "due": 7,
        "slipped": 4,
        "brought_forward": 0,
        "explanation": 8,
        "ministries": 0,
        "unchanged": 0,
        "matched": 8,
    }


def test_a_third_moment_counts_earlier_slips_and_ministry_changes(three: Path) -> None:
    assert [m.document for m in moment_list()] == [A2023.name, A2024.name, three.name]
    report = changes_report()
    assert (report.old.document, report.new.document) == (A2024.name, three.name)
    routes = next(c for c in report.pairs if c.new.title == BANENROUTES)
    assert routes.due is not None and routes.due.direction == "later"
    assert (routes.due.old_when, routes.due.new_when) == ("2024 - 2026", "2024 - 2027")
    # It slipped before: 2024 - 2025 in the 2023 annex, 2024 - 2026 in the 2024 one.
    assert routes.due.earlier_slips == 1
    assert routes.due.slipped_at == (A2024.name,)
    assert (routes.ministries_removed, routes.ministries_added) == (("OCW",), ())
    bonus = next(c for c in report.pairs if c.new.title == WERKBONUS)
    assert not bonus.changed
    assert report.counts["unchanged"] == 1
    assert len(report.dropped) == 30
    # From the first to the last moment: the route slipped 24 months, never before 2023.
    whole = changes_report(old=A2023.name, new=three.name)
    routes = next(c for c in whole.pairs if c.new.title == BANENROUTES)
    assert routes.due is not None and (routes.due.months, routes.due.earlier_slips) == (24, 0)


def test_moments_as_of_a_day(three: Path) -> None:
    report = changes_report(old_as_of=dt.date(2024, 3, 1), new_as_of=dt.date(2025, 12, 31))
    assert (report.old.document, report.new.document) == (A2023.name, three.name)
    report = changes_report(new=A2024.name)  # the moment before it
    assert report.old.document == A2023.name


def test_accepted_and_rejected_links_decide(samples: None) -> None:
    pilot = Measure.objects.get(title="Pilot meldknop straatintimidatie")
    monitor = Measure.objects.get(title="Monitor online haat tegen lhbtiq+ personen")
    old_leave = Measure.objects.get(title="Evaluatie aanvullend geboorteverlof")
    new_leave = Measure.objects.get(title="Evaluatie van het aanvullend geboorteverlof")
    link_create(kind="same_measure", source=pilot, target=monitor, score=0.4, status="accepted")
    link_create(
        kind="same_measure", source=old_leave, target=new_leave, score=0.9, status="rejected"
    )
    # A proposed link decides nothing.
    verkenning = Measure.objects.get(title="Verkenning deeltijdbonus in de kinderopvang")
    advies = Measure.objects.get(title="Advies over diversiteit in raden van toezicht")
    link_create(kind="same_measure", source=verkenning, target=advies, score=0.5)
    report = changes_report()
    pair = next(c for c in report.pairs if c.old.title == pilot.title)
    assert (pair.new.title, pair.method) == (monitor.title, "link")
    assert pair.status_changed and (pair.old.status, pair.new.status) == (4, 3)
    assert titles(report.dropped) == [verkenning.title, old_leave.title]
    assert new_leave.title in titles(report.added) and advies.title in titles(report.added)


def test_seed_annex_against_a_copy_of_itself_has_no_changes(
    seeds: Path, db: None, tmp_path: Path
) -> None:
    seed = seeds / "002_f8a91c7f97a7b53d.txt"
    copy = tmp_path / "bijlage-2023-herpublicatie.txt"
    copy.write_bytes(seed.read_bytes() + b"\n")  # another file, the same annex
    documents_ingest(paths=[seed, copy])
    report = changes_report(old=seed.name, new=copy.name)
    assert report.counts["matched"] == Measure.objects.filter(document__name=seed.name).count()
    assert report.counts["matched"] > 100
    assert not report.has_changes
    assert report.added == () and report.dropped == ()
    assert report.counts["unchanged"] == report.counts["matched"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"old": "nope.txt"}, "unknown document 'nope.txt'"),
        ({"old": CEDAW.name}, "is not a reporting moment"),
        ({"old": A2024.name, "new": A2024.name}, "the same"),
        ({"old": A2024.name, "new": A2023.name}, "is later than"),
        ({"old": "2020-01-01"}, "no reporting moment on or before 2020-01-01"),
        ({"old": "2024-02-30"}, "not a valid date"),
        ({"new": A2023.name}, "no reporting moment before"),
    ],
)
def test_bad_moments_are_export_errors(db: None, kwargs: dict[str, str], message: str) -> None:
    documents_ingest(paths=[A2023, A2024, CEDAW])
    with pytest.raises(ExportError, match=message):
        changes_report(old=kwargs.get("old"), new=kwargs.get("new"))


def test_one_moment_is_not_enough(db: None) -> None:
    documents_ingest(paths=[A2024])
    with pytest.raises(ExportError, match="needs two reporting moments; there are 1"):
        changes_report()


def test_explanation_diff_is_word_level_and_compact() -> None:
    old = "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien"
    new = "een twee drie vier vijf zes ZEVEN acht negen tien elf twaalf dertien veertien"
    parts = [(p.op, p.text) for p in explanation_diff(old, new, context=2)]
    assert parts == [
        ("skip", "…"),
        ("equal", "vijf zes"),
        ("delete", "zeven"),
        ("insert", "ZEVEN"),
        ("equal", "acht negen"),
        ("skip", "…"),
    ]


# --- the documents ------------------------------------------------------------------------


class Tables(HTMLParser):
    """The tables of an HTML page: caption, header cells with their scope, row headers."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.tables: list[dict[str, Any]] = []
        self.headings: list[tuple[str, str]] = []
        self._text: list[str] | None = None
        self._tag = ""
        self._scope: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "html":
            self.lang = attr.get("lang")
        if tag == "table":
            self.tables.append({"caption": None, "col": [], "row": [], "cells": []})
        if tag in ("caption", "th", "td", "h1", "h2"):
            self._text, self._tag, self._scope = [], tag, attr.get("scope")

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._text is None or tag != self._tag:
            return
        text = " ".join("".join(self._text).split())
        if tag in ("h1", "h2"):
            self.headings.append((tag, text))
        elif tag == "caption":
            self.tables[-1]["caption"] = text
        elif tag == "th":
            self.tables[-1][self._scope or "none"].append(text)
        else:
            self.tables[-1]["cells"].append(text)
        self._text = None


def parse_html(content: bytes) -> Tables:
    parser = Tables()
    parser.feed(content.decode("utf-8"))
    return parser


def page_mm(document: Any) -> tuple[int, int]:
    section = document.sections[0]
    return round(section.page_width.mm), round(section.page_height.mm)


def style(paragraph: Any) -> str:
    return str(paragraph.style.name)


def header_flag(row: Any) -> str | None:
    """The ``w:val`` of the row's ``w:tblHeader`` (repeat as header row), ``None`` without."""
    tr_pr = row._tr.trPr
    flag = tr_pr.find(qn("w:tblHeader")) if tr_pr is not None else None
    return None if flag is None else str(flag.get(qn("w:val")))


def test_html_report(samples: None) -> None:
    export = changes.render(format="html")
    assert export.filename == (
        "wijzigingen-bijlage-voortgangsrapportage-2023-bijlage-voortgangsrapportage-2024.html"
    )
    assert export.mimetype.startswith("text/html")
    page = parse_html(export.content)
    assert page.lang == "nl"
    assert [h for h in page.headings if h[0] == "h1"] == [("h1", "Wat is er veranderd")]
    assert ("h2", "Stand van zaken gewijzigd") in page.headings
    for table in page.tables:
        assert table["caption"], table
        assert table["col"] and not table.get("none"), table
    summary = page.tables[0]
    assert summary["row"][:2] == ["Nieuwe maatregelen", "Vervallen maatregelen"]
    assert summary["cells"][:4] == ["24", "2", "4", "7"]
    status = next(t for t in page.tables if t["caption"].startswith("Maatregelen met een andere"))
    assert status["row"][0] == WERKBONUS
    assert status["cells"][:2] == ["3 in uitvoering", "4 afgerond"]
    text = export.content.decode("utf-8")
    assert "Q1 2024 → Q3 2024 (6 maanden later)" in text
    assert '<del><span class="vh">[verwijderd:] </span>Drie</del>' in text
    assert "Pilot meldknop straatintimidatie" in text


def test_docx_report(samples: None) -> None:
    export = changes.render(format="docx", old=A2023.name, new=A2024.name)
    assert export.filename.endswith(".docx")
    document = docx.Document(io.BytesIO(export.content))
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert page_mm(document) == (210, 297)
    headings = [p.text for p in document.paragraphs if style(p).startswith(("Heading", "Title"))]
    assert headings[0] == "Wat is er veranderd"
    assert "Nieuwe maatregelen" in headings and "Planning gewijzigd" in headings
    assert len(document.tables) == 6  # summary, added, dropped, status, due, explanation
    for table in document.tables:
        assert header_flag(table.rows[0]) == "true"
        assert all(header_flag(row) is None for row in table.rows[1:])
    status = document.tables[3]
    assert [c.text for c in status.rows[0].cells] == ["Maatregel", "Was", "Nu"]
    rows = [[c.text for c in row.cells] for row in status.rows[1:]]
    assert [WERKBONUS, "3 in uitvoering", "4 afgerond"] in rows
    due = [[c.text for c in row.cells] for row in document.tables[4].rows[1:]]
    assert [WERKBONUS, "Q1 2024 → Q3 2024 (6 maanden later)", "niet eerder uitgesteld"] in due
    # The explanation diff: deleted words struck through, added words underlined.
    cell = document.tables[5].rows[1].cells[1]
    runs = cell.paragraphs[0].runs
    assert any(r.font.strike and r.text for r in runs)
    assert any(r.font.underline and r.text for r in runs)


def test_docx_of_three_moments_has_the_ministries_table(three: Path) -> None:
    document = docx.Document(io.BytesIO(changes.render(format="docx").content))
    last = document.tables[-1]
    assert [c.text for c in last.rows[0].cells] == ["Maatregel", "Was", "Nu", "Eraf", "Erbij"]
    assert [c.text for c in last.rows[1].cells] == [BANENROUTES, "SZW, OCW", "SZW", "OCW", "–"]


def test_unknown_format(samples: None) -> None:
    with pytest.raises(ExportError, match="unknown format 'pdf'"):
        changes.render(format="pdf")


# --- the command line ---------------------------------------------------------------------


def test_cli_report_changes(run_cli: Any, tmp_path: Path) -> None:
    run_cli("ingest", str(A2023), str(A2024), check=True)
    out = tmp_path / "changes.html"
    result = run_cli("report", "changes", "--out", str(out), check=True)
    assert "wrote" in result.stderr
    assert "Pilot meldknop straatintimidatie" in out.read_text(encoding="utf-8")
    out = tmp_path / "changes.docx"
    run_cli(
        "report", "changes", "--from", "2024-01-01", "--to", A2024.name,
        "--format", "docx", "--out", str(out), check=True,
    )  # fmt: skip
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "Wat is er veranderd"
    stdout = run_cli("report", "changes", "--from", A2023.name, check=True).stdout
    assert stdout.startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "onbekend.txt"), "error: unknown document 'onbekend.txt'"),
        (("--from", "1999-12-31"), "error: there is no reporting moment on or before 1999-12-31"),
        (("--from", A2024.name, "--to", A2024.name), "error: both reporting moments are the same"),
        (("--format", "pdf"), "error: unknown format 'pdf'"),
        (("--from", "2024-13-01"), "error: '2024-13-01' is not a valid date"),
    ],
)
def test_cli_report_changes_bad_input(
    run_cli: Any, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    run_cli("ingest", str(A2023), str(A2024), check=True)
    before = run_cli("export", "records", check=True).stdout
    out = tmp_path / "never.html"
    result = run_cli("report", "changes", *args, "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert json.loads(run_cli("export", "records", check=True).stdout) == json.loads(before)


def test_cli_report_changes_on_an_empty_database(run_cli: Any) -> None:
    result = run_cli("report", "changes")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: a comparison needs two reporting moments; there are 0 (ingest two annexes)"
    )


# --- the site -----------------------------------------------------------------------------


def page_text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode("utf-8"))


def test_site_page(samples: None, client: Client) -> None:
    body = page_text(client.get("/wijzigingen/"))
    assert body.count("<h1") == 1 and '<html lang="nl">' in body
    assert 'aria-current="page">Wijzigingen</a>' in body
    assert f'<option value="{A2023.name}" selected>' in body
    assert f'<option value="{A2024.name}" selected>' in body
    page = parse_html(body.encode("utf-8"))
    summary = next(t for t in page.tables if t["caption"] == "Aantal wijzigingen per soort")
    assert summary["cells"][:4] == ["24", "2", "4", "7"]
    for table in page.tables:
        assert table["caption"] and table["col"]
    # Every item links to its record page.
    pilot = Measure.objects.get(title="Pilot meldknop straatintimidatie")
    bonus = Measure.objects.get(title=WERKBONUS, document__name=A2024.name)
    assert f'href="/record/{pilot.uid}/">Pilot meldknop straatintimidatie</a>' in body
    assert f'href="/record/{bonus.uid}/">{WERKBONUS}</a>' in body
    query = f"from={A2023.name}&amp;to={A2024.name}"
    assert f'href="/wijzigingen/wijzigingen.html?{query}"' in body
    assert f'href="/wijzigingen/wijzigingen.docx?{query}"' in body
    assert 'name="q" type="search" value=""' in body  # the site's search box stays empty
    english = page_text(client.get("/wijzigingen/?lang=en"))
    assert "What changed" in english and "6 months later" in english


def test_site_downloads(samples: None, client: Client) -> None:
    query = {"from": A2023.name, "to": A2024.name}
    response = client.get("/wijzigingen/wijzigingen.docx", query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="wijzigingen-')
    assert len(docx.Document(io.BytesIO(response.content)).tables) == 6
    response = client.get("/wijzigingen/wijzigingen.html", query)
    assert response.status_code == 200 and b"Wat is er veranderd" in response.content
    assert client.get("/wijzigingen/wijzigingen.pdf", query).status_code == 404
    assert client.get("/wijzigingen/wijzigingen.html", {"from": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "onbekend.txt"}, "Onbekend rapportagemoment “onbekend.txt”"),
        ({"from": "1999-01-01", "to": "9999-99-99"}, "Onbekend rapportagemoment “1999-01-01”"),
        ({"from": A2024.name, "to": A2024.name}, "Kies twee verschillende rapportagemomenten."),
        ({"from": A2024.name}, "Kies twee verschillende rapportagemomenten."),
        ({"from": A2024.name, "to": A2023.name}, "ze zijn omgewisseld"),
        ({"to": A2023.name}, "Voor dit rapportagemoment is er geen eerder moment."),
        ({"from": "<script>alert(1)</script>" * 40}, "Onbekend rapportagemoment"),
    ],
)
def test_site_page_bad_values(
    samples: None, client: Client, query: dict[str, str], message: str
) -> None:
    body = page_text(client.get("/wijzigingen/", query))
    assert message in body
    assert "<script>alert" not in body
    # Still a comparison of two moments, the defaults where a choice was ignored.
    assert "Aantal wijzigingen per soort" in body


def test_site_page_without_two_moments(db: None, client: Client) -> None:
    body = page_text(client.get("/wijzigingen/"))
    assert "Er zijn nog geen twee rapportagemomenten" in body
    documents_ingest(paths=[A2024])
    body = page_text(client.get("/wijzigingen/", {"from": A2024.name}))
    assert "Er zijn nog geen twee rapportagemomenten" in body
