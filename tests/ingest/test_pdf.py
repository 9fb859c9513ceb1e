"""The PDF reader on PDFs made for the purpose with WeasyPrint (a layout other than the one
``voortgang report annex`` writes: real ``<sup>`` markers, a running header, bare page
numbers, a row longer than a page, no kept spaces), and on broken PDFs."""

from __future__ import annotations

from typing import Any

import pytest
import weasyprint  # type: ignore[import-untyped]

from voortgang.ingest import ParseError, parse_bytes
from voortgang.ingest.containers import blocks_to_text
from voortgang.ingest.pdf import read_blocks

HEADER = (
    "<tr><th>Maatregel</th><th>Stand van zaken</th><th>Wanneer</th><th>Wie</th>"
    "<th>Toelichting</th></tr>"
)
RUNNING = "Tweede Kamer, vergaderjaar 2023–2024, 30 420, nr. 400"
LONG = " ".join(
    f"Zin {n} van een heel lange toelichting die over de pagina doorloopt." for n in range(160)
)


def _page(body: str, *, css: str = "") -> bytes:
    html = f"""<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>
    @page {{ size: A4; margin: 25mm 15mm;
      @top-center {{ content: "{RUNNING}"; font-size: 8pt }}
      @bottom-right {{ content: counter(page); font-size: 8pt }} }}
    body {{ font-family: "DejaVu Sans"; font-size: 9pt }}
    table {{ border-collapse: collapse; width: 100%; table-layout: fixed }}
    th, td {{ border: 0.5pt solid black; padding: 2pt; vertical-align: top; text-align: left }}
    thead {{ display: table-header-group }}
    col.a {{ width: 22% }} col.b {{ width: 9% }} col.c {{ width: 12% }} col.d {{ width: 12% }}
    {css}
    </style></head><body>{body}</body></html>"""
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


def _annex(rows: str, *, notes: str = "") -> str:
    return f"""<h1>Bijlage voortgangsrapportage emancipatie</h1>
    <p>4 = afgerond</p><p>3 = in uitvoering</p><p>1 = doorlopend</p>
    <p>0 = niet (meer) in uitvoering</p>
    <h2>1. ARBEID</h2>
    <table><colgroup><col class="a"><col class="b"><col class="c"><col class="d"><col></colgroup>
    <thead>{HEADER}</thead><tbody>{rows}</tbody></table>{notes}"""


def _row(title: str, status: str, when: str, who: str, text: str) -> str:
    return f"<tr><td>{title}</td><td>{status}</td><td>{when}</td><td>{who}</td><td>{text}</td></tr>"


@pytest.fixture(scope="module")
def published() -> bytes:
    rows = (
        '<tr><td colspan="5"><b>Gelijk loon</b></td></tr>'
        + _row(
            "Implementeren EU-Richtlijn loontransparantie in wet- en regelgeving",
            "3",
            "Q2 2024",
            "SZW",
            "De EU-richtlijn is in werking getreden.<sup>1</sup> Het kabinet werkt aan "
            "implementatie in nationale wet- en regelgeving voor gender- en seksuele diversiteit.",
        )
        + _row("Een heel lange maatregel", "1", "Doorlopend", "OCW, SZW", LONG)
        + "".join(
            _row(f"Maatregel nummer {n}", "4", f"Q{n % 4 + 1} 2023", "OCW/VWS", "Afgerond.")
            for n in range(1, 30)
        )
    )
    notes = "<p><sup>1</sup> Richtlijn (EU) 2023/970 over loontransparantie</p>"
    return _page(_annex(rows, notes=notes))


def test_blocks_in_reading_order_without_furniture(published: bytes) -> None:
    container = read_blocks(published, name="bijlage.pdf")
    assert container.unit == "page"
    texts = [" | ".join(b.cells) for b in container.blocks]
    assert texts[0] == "Bijlage voortgangsrapportage emancipatie"
    assert texts[1:5] == [
        "4 = afgerond",
        "3 = in uitvoering",
        "1 = doorlopend",
        "0 = niet (meer) in uitvoering",
    ]
    assert texts[5] == "1. ARBEID"
    assert not any("Tweede Kamer" in t for t in texts)  # the running header
    assert not any(t.strip().isdigit() for t in texts)  # bare page numbers
    pages = {b.location for b in container.blocks}
    assert len(pages) >= 3
    headers = [b for b in container.blocks if b.header]
    assert len(headers) == len(pages)  # repeated on every page, marked as such
    sub = container.blocks[7]
    assert sub.is_row and sub.cells == ["Gelijk loon", "", "", "", ""]


def test_superscripts_hyphens_and_a_row_over_a_page_break(published: bytes) -> None:
    parsed = parse_bytes(published, name="bijlage.pdf")
    first, long, *rest = parsed.records
    assert first.title == "Implementeren EU-Richtlijn loontransparantie in wet- en regelgeving"
    assert first.explanation == (
        "De EU-richtlijn is in werking getreden. Het kabinet werkt aan implementatie in "
        "nationale wet- en regelgeving voor gender- en seksuele diversiteit."
    )
    assert first.footnotes == ["1"]
    assert [(f.marker, f.text) for f in parsed.footnotes] == [
        ("1", "Richtlijn (EU) 2023/970 over loontransparantie")
    ]
    # The row cut by the page break is one record, at the page it starts on.
    assert long.title == "Een heel lange maatregel"
    assert long.explanation == LONG
    assert long.line_start == 1
    assert [r.title for r in rest] == [f"Maatregel nummer {n}" for n in range(1, 30)]
    assert all(r.who.codes == ("OCW", "VWS") for r in rest)
    assert rest[-1].line_start > 1
    assert parsed.themes[1].name == "Gelijk loon"


def test_an_error_names_the_page() -> None:
    rows = "".join(_row(f"Maatregel {n}", "4", "Q1 2023", "OCW", "Klaar.") for n in range(40))
    rows += _row("Een status die niet bestaat", "7", "Q1 2023", "OCW", "Fout.")
    data = _page(_annex(rows))
    with pytest.raises(ParseError) as error:
        parse_bytes(data, name="fout.pdf")
    assert error.value.line is not None and error.value.line >= 2
    assert f"(page {error.value.line})" in str(error.value)
    assert "not in the document's legend" in str(error.value)


def test_kept_spaces_are_read_exactly() -> None:
    text = "Rijksbreed/BZK/IenW en de EU-Richtlijn over gender- en seksuele diversiteit"
    css = "td, th { white-space: pre-wrap } col.a { width: 12% }"
    data = _page(_annex(_row(text, "1", "n.v.t.", "Rijksbreed/BZK/IenW", text)), css=css)
    container = read_blocks(data, name="smal.pdf")
    row = next(b for b in container.blocks if b.is_row and not b.header)
    assert row.cells == [text, "1", "n.v.t.", "Rijksbreed/BZK/IenW", text]
    lines, _ = blocks_to_text(container.blocks)
    assert lines.count("Maatregel\t") == 1


def minimal_pdf(*, encrypt: bool = False, content: bytes = b"") -> bytes:
    """A small, valid PDF written by hand: one page; optionally encrypted (the standard
    security handler, with a password that is not empty)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    if encrypt:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /O <"
            + b"ab" * 32
            + b"> /U <"
            + b"cd" * 32
            + b"> /P -4 >>"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += b" /Encrypt 5 0 R /ID [<" + b"01" * 16 + b"><" + b"01" * 16 + b">]"
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (minimal_pdf(encrypt=True), r"encrypted \(password protected\)"),
        (minimal_pdf(), "no text layer"),
        (minimal_pdf(content=b"0 0 m 100 100 l S"), "no text layer"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"%%EOF", "not a readable PDF"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "truncated"),
    ],
    ids=["encrypted", "empty-page", "drawing-only", "random-bytes", "truncated"],
)
def test_broken_pdfs_are_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message) as error:
        parse_bytes(data, name="kapot.pdf")
    assert str(error.value).startswith("kapot.pdf")


def test_a_pdf_that_is_no_known_document(tmp_path: Any) -> None:
    data = _page("<h1>Een brief</h1><p>Over iets heel anders, zonder tabel.</p>")
    with pytest.raises(ParseError, match="the text of this PDF file matches no known format"):
        parse_bytes(data, name="brief.pdf")


def test_a_row_without_status_at_the_top_of_a_page_is_a_row_of_its_own() -> None:
    rows = _row("Eerste maatregel", "4", "Q1 2023", "OCW", "Klaar.")
    rows += (
        '<tr style="break-before: page"><td>Maatregel zonder stand</td><td></td>'
        "<td>2024</td><td>OCW</td><td>Nog niet bekend.</td></tr>"
    )
    parsed = parse_bytes(_page(_annex(rows)), name="zonder-stand.pdf")
    first, second = parsed.records
    assert (first.title, first.explanation, first.line_start) == ("Eerste maatregel", "Klaar.", 1)
    assert (second.title, second.status, second.line_start) == ("Maatregel zonder stand", None, 2)
    assert any("no status" in w.message for w in parsed.warnings)
