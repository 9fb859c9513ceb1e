"""The annex as HTML and PDF: its layout, and the round trip — the generated file, ingested
again, gives the same records, footnotes and cross-references as the document it was made of.
"""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from lxml import etree
from pdfminer.pdftypes import resolve1

from voortgang.ingest import ParseError, parse_bytes, parse_file
from voortgang.ingest.base import ParsedDocument
from voortgang.reports import ExportError, annex
from voortgang.tracker.models import CrossReference, Document, Measure, Reference, Theme
from voortgang.tracker.selectors import record_list
from voortgang.tracker.services import IngestFailed, documents_ingest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
ANNEX_SEED_NAME = "002_f8a91c7f97a7b53d.txt"

SAMPLE_2023 = SAMPLES / "bijlage-voortgangsrapportage-2023.txt"
SAMPLE_2024 = SAMPLES / "bijlage-voortgangsrapportage-2024.txt"
COLUMNS = ["Maatregel", "Stand van zaken", "Wanneer", "Wie", "Toelichting"]

SOURCES = [
    pytest.param("seed", id="seed-2023", marks=pytest.mark.seeds),
    pytest.param(SAMPLE_2023, id="sample-2023"),
    pytest.param(SAMPLE_2024, id="sample-2024"),
]


@pytest.fixture
def source(request: pytest.FixtureRequest) -> Path:
    if request.param == "seed":
        seeds: Path = request.getfixturevalue("seeds")
        return seeds / ANNEX_SEED_NAME
    return Path(request.param)


@pytest.fixture
def sample(db: Any) -> Document:
    documents_ingest(paths=[SAMPLE_2024])
    return Document.objects.get(name=SAMPLE_2024.name)


# -- what the database holds, record by record ----------------------------------------------


def records_of(name: str) -> list[dict[str, Any]]:
    """Every record of a document with the fields the annex carries (not its uid, file or
    line, which belong to the file it came from)."""
    keep = (
        "kind",
        "theme",
        "subtheme",
        "title",
        "status",
        "when",
        "due",
        "who",
        "ministries",
        "text",
        "number",
        "submitters",
        "parties",
        "date",
        "subject",
    )
    result = []
    for record in record_list(document=name):
        row = {key: record[key] for key in keep}
        row["references"] = sorted(
            (ref["kind"], ref["label"]) for ref in record["references"] if ref["kind"] != "link"
        )
        row["cross_references"] = [
            (x["theme"], x["subtheme"], x["title"]) for x in record["cross_references"]
        ]
        result.append(row)
    return result


def footnotes_of(name: str) -> list[tuple[str, str, list[str]]]:
    """The document's footnotes: marker, text and the titles of what cites them."""
    refs = Reference.objects.filter(document__name=name, kind=Reference.Kind.FOOTNOTE)
    return sorted(
        (
            ref.marker,
            ref.label,
            sorted(
                [m.title for m in ref.measures.all()]
                + [t.name for t in Theme.objects.filter(references=ref)]
            ),
        )
        for ref in refs
    )


def xrefs_of(name: str) -> list[tuple[Any, ...]]:
    xrefs = CrossReference.objects.filter(document__name=name).order_by("line", "id")
    return [
        (
            x.theme.name,
            x.subtheme.name if x.subtheme else None,
            x.title,
            x.raw,
            x.target_theme.name if x.target_theme else None,
            x.target.title if x.target else None,
        )
        for x in xrefs.select_related("theme", "subtheme", "target_theme", "target")
    ]


def themes_of(name: str) -> list[tuple[Any, ...]]:
    document = Document.objects.get(name=name)
    return [
        (t.level, t.number, t.name, t.raw, t.is_motions, t.parent.name if t.parent else None)
        for t in document.themes.order_by("position").select_related("parent")
    ]


def parsed_records(parsed: ParsedDocument) -> list[tuple[Any, ...]]:
    themes = parsed.themes
    return [
        (
            r.kind,
            themes[r.theme].name if r.theme is not None else None,
            themes[r.subtheme].name if r.subtheme is not None else None,
            r.title,
            r.status,
            r.when.raw,
            r.who.raw,
            list(r.who.codes),
            r.explanation,
            sorted(r.footnotes),
        )
        for r in parsed.records
    ]


def assert_same_records(expected: list[Any], actual: list[Any]) -> None:
    assert len(actual) == len(expected)
    for number, (want, got) in enumerate(zip(expected, actual, strict=True), start=1):
        assert got == want, f"record {number} differs"


# -- the round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES, indirect=True)
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_round_trip(source: Path, fmt: str, tmp_path: Path) -> None:
    documents_ingest(paths=[source])
    original = source.name
    before = records_of(original)
    assert before, "the source gave no records"
    if source.name == ANNEX_SEED_NAME:
        assert len(before) == 149

    export = annex.render(format=fmt, document=original)
    assert export.filename.startswith("bijlage-voortgangsrapportage-")
    assert export.filename.endswith(f".{fmt}")

    # Parsed from bytes: the same records as the source's own parse.
    reparsed = parse_bytes(export.content, name=f"annex.{fmt}")
    source_parse = parse_file(source)
    assert reparsed.format == "annex"
    assert parsed_records(reparsed) and len(reparsed.records) == len(before)
    assert_same_records(parsed_records(source_parse), parsed_records(reparsed))
    assert sorted((f.marker, f.text) for f in reparsed.footnotes) == sorted(
        (f.marker, f.text) for f in source_parse.footnotes
    )
    assert reparsed.legend == source_parse.legend
    assert reparsed.title == source_parse.title
    if fmt == "pdf":
        pages = {r.line_start for r in reparsed.records}
        assert min(pages) == 1 and max(pages) > 1  # lines are page numbers

    # Ingested into the same database: the same records, field by field.
    path = tmp_path / f"bijlage.{fmt}"
    path.write_bytes(export.content)
    (outcome,) = documents_ingest(paths=[path])
    assert outcome.result == "added"
    assert_same_records(before, records_of(path.name))
    assert footnotes_of(path.name) == footnotes_of(original)
    assert xrefs_of(path.name) == xrefs_of(original)
    assert themes_of(path.name) == themes_of(original)
    copy = Document.objects.get(name=path.name)
    assert copy.legend == Document.objects.get(name=original).legend
    assert copy.title == Document.objects.get(name=original).title

    # The annex of the copy is the annex of the original.
    again = annex.render(format="html", document=path.name).content.decode()
    first = annex.render(format="html", document=original).content.decode()
    assert _tables(again) == _tables(first)


def found(element: Any, path: str) -> Any:
    """The element at ``path`` below ``element``, which must be there."""
    result = element.find(path)
    assert result is not None, path
    return result


def _tables(html: str) -> str:
    """The annex page without the lines naming the reporting moment (a copy's may differ)."""
    html = re.sub(r"<title>.*?</title>", "", html)
    return re.sub(r'<p class="moment">.*?</p>', "", html)


# -- HTML -----------------------------------------------------------------------------------


def test_html_is_a_standalone_accessible_page(sample: Document) -> None:
    export = annex.render(format="html", document=sample.name)
    assert export.mimetype == "text/html"
    html = export.content.decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    root = etree.fromstring(html.encode(), etree.XMLParser(recover=False, no_network=True))
    assert root.get("lang") == "nl"
    # Nothing external: no links, scripts, images or imported styles.
    assert not re.search(r"<(link|script|img|iframe)\b", html)
    assert "@import" not in html and "url(" not in html
    assert not re.search(r"(src|href)=", html)

    assert len(root.findall(".//h1")) == 1
    h2 = [h.text for h in root.iter("h2")]
    assert h2[0] == "Legenda"
    assert h2[1:] == ["1. ARBEID", "2. VEILIGHEID"] or all(
        re.match(r"^\d+\. \S", h or "") for h in h2[1:]
    )
    legend = [p.text for p in found(root, ".//section[@class='legend']").iter("p")]
    assert legend == [
        "4 = afgerond",
        "3 = in uitvoering",
        "1 = doorlopend",
        "0 = niet (meer) in uitvoering",
    ]

    tables = root.findall(".//table")
    assert len(tables) == len(h2) - 1
    for table in tables:
        labelled = table.get("aria-labelledby")
        assert labelled and root.find(f".//h2[@id='{labelled}']") is not None
        header = table.findall("./thead/tr/th")
        assert [th.text for th in header] == COLUMNS
        assert all(th.get("scope") == "col" for th in header)
        for row in table.findall("./tbody/tr"):
            cells = list(row)
            if row.get("class") == "subtheme":
                assert len(cells) == 1 and cells[0].tag == "th"
                assert cells[0].get("colspan") == "5" and cells[0].get("scope") == "colgroup"
            else:
                assert len(cells) == 5
                assert cells[0].tag == "th" and cells[0].get("scope") == "row"
    text = "".join(str(t) for t in root.itertext())
    assert "Stand per " in text


def test_html_footnotes_follow_their_table(seeds: Path) -> None:
    documents_ingest(paths=[seeds / ANNEX_SEED_NAME])
    html = annex.render(format="html", document=ANNEX_SEED_NAME).content.decode()
    root = etree.fromstring(html.encode())
    sections = root.findall(".//section[@class='theme']")
    arbeid = sections[0]
    notes = [p.text for p in arbeid.findall("p[@class='footnote']")]
    assert notes == [
        "¹ Wet Evenwichtiger verhouding tussen mannen en vrouwen in bestuur en raad van "
        "commissarissen"
    ]
    # The footnote stands after the table, and the marker at the end of the citing cell.
    children = list(arbeid)
    assert children.index(found(arbeid, "table")) < children.index(
        found(arbeid, "p[@class='footnote']")
    )
    cited = [td for td in arbeid.iter("td") if (td.text or "").endswith("¹")]
    assert len(cited) == 1 and (cited[0].text or "").startswith("Op 31 januari 2023")
    # A sub-theme heading carries its marker once (not "²²").
    internationaal = sections[5]
    sub = found(internationaal, ".//tr[@class='subtheme']/th")
    assert sub.text == "Inzet op gendergelijkheid, lhbtqi+ en SRGR binnen de EU²"
    assert "²²" not in html
    xref = [tr for tr in root.iter("tr") if tr.get("class") == "xref"]
    assert [found(tr, "td/i").text for tr in xref] == [
        "Zie tabel onderwijs",
        "Zie tabel 'Arbeid'",
        "Zie tabel 'Arbeid'",
    ]


# -- PDF ------------------------------------------------------------------------------------


def test_pdf_is_a4_portrait_with_page_numbers_and_header_rows(sample: Document) -> None:
    started = time.perf_counter()
    export = annex.render(format="pdf", document=sample.name)
    elapsed = time.perf_counter() - started
    assert export.mimetype == "application/pdf"
    assert export.content.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(export.content)) as pdf:
        count = len(pdf.pages)
        assert count >= 2
        for number, page in enumerate(pdf.pages, start=1):
            assert abs(float(page.width) - 595.3) <= 1 and abs(float(page.height) - 841.9) <= 1
            text = page.extract_text()
            assert f"Pagina {number} van {count}" in text.splitlines()[-1]
            # The header row of the table is on every page (repeated after a page break).
            header = [w["text"] for w in page.extract_words()]
            assert "Maatregel" in header and "Toelichting" in header, f"page {number}"
            assert page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
        # A tagged PDF (PDF/UA): structure for screen readers, the language and the title.
        catalog = pdf.doc.catalog
        assert "StructTreeRoot" in catalog
        assert resolve1(catalog["MarkInfo"])["Marked"] is True
        assert resolve1(catalog["Lang"]) == b"nl"
        assert pdf.metadata["Title"].startswith(sample.title)
        first = pdf.pages[0].extract_text()
        assert first.splitlines()[0] == sample.title[: len(first.splitlines()[0])]
        assert "Legenda" in first and "4 = afgerond" in first
    assert elapsed < 60


def test_pdf_of_the_seed_keeps_superscript_markers(seeds: Path) -> None:
    documents_ingest(paths=[seeds / ANNEX_SEED_NAME])
    export = annex.render(format="pdf", document=ANNEX_SEED_NAME)
    with pdfplumber.open(io.BytesIO(export.content)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        assert len(pdf.pages) >= 10
    assert "¹ Wet Evenwichtiger verhouding" in text
    assert "²" in text


# -- bad input ------------------------------------------------------------------------------


def test_unknown_document_and_options_are_clear_errors(sample: Document) -> None:
    with pytest.raises(ExportError, match=r"no document named 'nope\.txt'"):
        annex.render(format="html", document="nope.txt")
    with pytest.raises(ExportError, match="unknown annex format 'odt'"):
        annex.render(format="odt", document=sample.name)
    import datetime as dt

    with pytest.raises(ExportError, match="no reporting moment on or before 2000-01-01"):
        annex.render(format="pdf", as_of=dt.date(2000, 1, 1))


def test_no_annex_before_anything_is_ingested() -> None:
    with pytest.raises(ExportError, match="no reporting moment yet"):
        annex.render(format="html")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("truncated", "truncated"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "not a readable PDF"),
        (b"%PDF-1.4\nnot really a pdf at all\n%%EOF", "not a readable PDF"),
    ],
    ids=["truncated", "random-bytes", "garbage"],
)
def test_a_broken_pdf_is_refused_and_nothing_is_written(
    sample: Document, tmp_path: Path, content: Any, message: str
) -> None:
    if content == "truncated":
        whole = annex.render(format="pdf", document=sample.name).content
        content = whole[: len(whole) // 2]
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    counts = (Document.objects.count(), Measure.objects.count(), Reference.objects.count())
    with pytest.raises(ParseError, match=message):
        parse_bytes(content, name="broken.pdf")
    with pytest.raises(IngestFailed) as failure:
        documents_ingest(paths=[path])
    assert "broken.pdf" in str(failure.value)
    assert (Document.objects.count(), Measure.objects.count(), Reference.objects.count()) == counts


def test_cli_annex(run_cli: Any, tmp_path: Path) -> None:
    run_cli("ingest", str(SAMPLE_2024), check=True)
    out = tmp_path / "bijlage.pdf"
    result = run_cli("report", "annex", "--format", "pdf", "--out", str(out), check=True)
    assert out.read_bytes().startswith(b"%PDF-")
    html = run_cli("report", "annex", "--format", "html", "--document", SAMPLE_2024.name)
    assert html.returncode == 0 and html.stdout.startswith("<!DOCTYPE html>")
    before = run_cli("export", "records", check=True).stdout

    early = run_cli("report", "annex", "--format", "html", "--as-of", "2000-01-01")
    assert early.returncode == 1
    assert early.stderr.startswith("error: no reporting moment on or before 2000-01-01")
    unknown = run_cli("report", "annex", "--format", "pdf", "--document", "nope.txt")
    assert unknown.returncode == 1 and "error: no document named 'nope.txt'" in unknown.stderr
    both = run_cli("report", "annex", "--document", "x", "--as-of", "2023-01-01")
    assert both.returncode == 2 and "not both" in both.stderr
    bad_date = run_cli("report", "annex", "--as-of", "23-10-2023")
    assert bad_date.returncode == 2 and "--as-of" in bad_date.stderr
    assert run_cli("export", "records", check=True).stdout == before  # nothing written

    # The generated PDF goes in again; a truncated copy is refused and changes nothing.
    again = run_cli("ingest", str(out), check=True)
    assert "added" in again.stdout
    after = run_cli("export", "records", check=True).stdout
    truncated = tmp_path / "kapot.pdf"
    truncated.write_bytes(out.read_bytes()[:5000])
    refused = run_cli("ingest", str(truncated))
    assert refused.returncode == 1 and "truncated" in refused.stderr + refused.stdout
    assert run_cli("export", "records", check=True).stdout == after
    assert len(after) > len(before)
    assert result.returncode == 0


def test_site_offers_the_annex(client: Any, sample: Document) -> None:
    page = client.get(f"/documenten/{sample.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    for fmt, label in (("pdf", "PDF"), ("docx", "Word"), ("html", "HTML")):
        assert f'href="/documenten/{sample.pk}/bijlage.{fmt}"' in body
        assert f"Bijlage als {label}" in body
    html = client.get(f"/documenten/{sample.pk}/bijlage.html")
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    assert b"<table" in html.content
    pdf = client.get(f"/documenten/{sample.pk}/bijlage.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert client.get(f"/documenten/{sample.pk}/bijlage.odt").status_code == 404
    assert client.get("/documenten/999999/bijlage.pdf").status_code == 404


def test_site_annex_is_revalidated_by_its_etag(client: Any, sample: Document) -> None:
    """The rendered annex is cached per state of the data: the same ETag answers 304, a
    change to the data (another document ingested) gives a new ETag and a new render."""
    url = f"/documenten/{sample.pk}/bijlage.html"
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"annex-')
    assert first["Cache-Control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    assert client.get(url)["ETag"] == etag
    assert client.get(f"/documenten/{sample.pk}/bijlage.docx")["ETag"] != etag
    documents_ingest(paths=[SAMPLES / "cedaw-overzicht-voorbeeld.txt"])
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.content == first.content  # the annex itself did not change


def test_site_annex_of_a_document_without_tables_is_404(client: Any, db: Any) -> None:
    documents_ingest(paths=[SAMPLES / "cedaw-overzicht-voorbeeld.txt"])
    document = Document.objects.get()
    page = client.get(f"/documenten/{document.pk}/")
    assert page.status_code == 200 and b"bijlage.pdf" not in page.content
    assert client.get(f"/documenten/{document.pk}/bijlage.pdf").status_code == 404


def test_round_trip_of_a_row_longer_than_a_page(tmp_path: Path) -> None:
    """A row of more than a page breaks over pages (the header row repeated); read back it
    is one record again, its explanation exactly as it was."""
    sentence = (
        "Zin {n} over de EU-Richtlijn, gender- en seksuele diversiteit en Rijksbreed/BZK/IenW."
    )
    long = " ".join(sentence.format(n=n) for n in range(120))
    lines = [
        "Bijlage voortgangsrapportage proef",
        "4 = afgerond",
        "3 = in uitvoering",
        "1 = doorlopend",
        "0 = niet (meer) in uitvoering",
        "1. ARBEID",
        "\t".join(COLUMNS),
        "Gelijk loon\t\t\t\t",
        f"Een lange maatregel\t3\tQ1 2024\tOCW\t{long}",
        *(f"Maatregel {n}\t4\tQ1 2023\tSZW\tKlaar." for n in range(1, 20)),
    ]
    source = tmp_path / "lang.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents_ingest(paths=[source])
    export = annex.render(format="pdf", document=source.name)
    with pdfplumber.open(io.BytesIO(export.content)) as pdf:
        assert len(pdf.pages) >= 4
        for page in pdf.pages:
            assert "Toelichting" in page.extract_text()  # the header row on every page
    path = tmp_path / "lang.pdf"
    path.write_bytes(export.content)
    documents_ingest(paths=[path])
    assert_same_records(records_of(source.name), records_of(path.name))
    assert records_of(path.name)[0]["text"] == long


# -- in a browser -----------------------------------------------------------------------------

CHROMIUM = os.environ.get("VOORTGANG_CHROMIUM", "/usr/bin/chromium")
AXE_JS = ROOT / "tests" / "web" / "vendor" / "axe.min.js"


def test_in_a_browser_accessible_and_printed_to_pdf_reads_back(db: Any) -> None:
    """Chromium (as tests/web uses it): axe-core finds no WCAG 2.1 A/AA violation on the
    HTML annex, and the browser's own print of it to PDF reads back into the same records."""
    from playwright.sync_api import sync_playwright

    documents_ingest(paths=[SAMPLE_2024])
    html = annex.render(format="html", document=SAMPLE_2024.name).content.decode()
    expected = parsed_records(parse_file(SAMPLE_2024))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.set_content(html, wait_until="load")
            page.add_script_tag(path=str(AXE_JS))
            violations = page.evaluate(
                "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
            )
            printed = page.pdf(prefer_css_page_size=True)
        finally:
            browser.close()
    assert violations == [], [(v["id"], v["help"]) for v in violations]
    assert [url for url in requests if not url.startswith(("about:", "data:"))] == []
    reparsed = parse_bytes(printed, name="afgedrukt.pdf")
    assert_same_records(expected, parsed_records(reparsed))
