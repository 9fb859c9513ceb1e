"""Word (DOCX) documents: a hand-made Word annex, Word's own structures (merged cells,
footnotes, numbering, nested tables, tracked changes) and damaged files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document as new_docx
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from voortgang.ingest import ParseError, parse_bytes
from voortgang.ingest.word import read_blocks
from voortgang.tracker.models import Document, Measure
from voortgang.tracker.services import IngestFailed, documents_ingest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_2024 = ROOT / "src" / "voortgang" / "samples" / "bijlage-voortgangsrapportage-2024.txt"
COLUMNS = ("Maatregel", "Stand van zaken", "Wanneer", "Wie", "Toelichting")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _bytes(doc: WordDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _superscript(paragraph: Paragraph, text: str) -> None:
    paragraph.add_run(text).font.superscript = True


def _table(doc: WordDocument) -> Table:
    """A table as a policy officer makes one: a plain first row with the column names."""
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = name
    return table


def handmade_annex() -> bytes:
    """A Word annex typed by hand in the published layout."""
    doc = new_docx()
    doc.add_heading("Bijlage voortgangsrapportage emancipatie 2025", level=0)  # block 1
    doc.add_paragraph("Legenda")  # 2
    for line in ("4 = afgerond", "3 = in uitvoering", "1 = doorlopend"):  # 3-5
        doc.add_paragraph(line)
    doc.add_paragraph("")  # an empty paragraph: no block
    doc.add_heading("1. ARBEID", level=1)  # 6
    table = _table(doc)  # 7: header row
    row = table.add_row()  # 8: a sub-theme row, merged over the five columns
    merged = row.cells[0].merge(row.cells[4])
    merged.text = "Gelijk loon"
    row = table.add_row()  # 9
    for cell, text in zip(
        row.cells, ("Loontransparantie", "3", "Q2 2024", "SZW, OCW"), strict=False
    ):
        cell.text = text
    explanation = row.cells[4].paragraphs[0]
    explanation.add_run("De richtlijn wordt omgezet")
    _superscript(explanation, "1")
    explanation.add_run(".")
    row.cells[4].add_paragraph("Het wetsvoorstel volgt in 2024.")  # a second paragraph
    row = table.add_row()  # 10: a cross-reference
    row.cells[0].text = "Sociale veiligheid op de werkvloer"
    row.cells[1].text = "Zie tabel veiligheid"
    note = doc.add_paragraph()  # 11: the footnote, under the table
    _superscript(note, "1")
    note.add_run(" Richtlijn (EU) 2023/970 over loontransparantie")
    doc.add_heading("2. VEILIGHEID", level=1)  # 12
    table = _table(doc)  # 13
    row = table.add_row()  # 14
    for cell, text in zip(
        row.cells,
        ("Sociale veiligheid op de werkvloer", "1", "Doorlopend", "SZW", "Campagne loopt."),
        strict=True,
    ):
        cell.text = text
    row = table.add_row()  # 15: a motion
    for cell, text in zip(
        row.cells,
        ("Motie van het lid Bikker over femicide", "4", "Q4 2023", "JenV", "Uitgevoerd."),
        strict=True,
    ):
        cell.text = text
    return _bytes(doc)


def test_a_handmade_word_annex_parses_into_its_records() -> None:
    parsed = parse_bytes(handmade_annex(), name="bijlage-2025.docx")
    assert parsed.format == "annex"
    assert parsed.title == "Bijlage voortgangsrapportage emancipatie 2025"
    assert parsed.legend == {4: "afgerond", 3: "in uitvoering", 1: "doorlopend"}
    themes = parsed.themes
    assert [(t.level, t.name) for t in themes] == [
        (1, "Arbeid"),
        (2, "Gelijk loon"),
        (1, "Veiligheid"),
    ]
    got = [
        (
            themes[r.theme].name if r.theme is not None else None,
            themes[r.subtheme].name if r.subtheme is not None else None,
            r.kind,
            r.title,
            r.status,
            r.when.raw,
            list(r.who.codes),
            r.explanation,
            r.footnotes,
            r.line_start,
        )
        for r in parsed.records
    ]
    assert got == [
        (
            "Arbeid",
            "Gelijk loon",
            "measure",
            "Loontransparantie",
            3,
            "Q2 2024",
            ["SZW", "OCW"],
            "De richtlijn wordt omgezet. Het wetsvoorstel volgt in 2024.",
            ["1"],
            9,
        ),
        (
            "Veiligheid",
            None,
            "measure",
            "Sociale veiligheid op de werkvloer",
            1,
            "Doorlopend",
            ["SZW"],
            "Campagne loopt.",
            [],
            14,
        ),
        (
            "Veiligheid",
            None,
            "motion",
            "Motie van het lid Bikker over femicide",
            4,
            "Q4 2023",
            ["JenV"],
            "Uitgevoerd.",
            [],
            15,
        ),
    ]
    assert [(f.marker, f.text, f.line) for f in parsed.footnotes] == [
        ("1", "Richtlijn (EU) 2023/970 over loontransparantie", 11)
    ]
    (xref,) = parsed.xrefs
    assert (xref.title, xref.raw, xref.line) == (
        "Sociale veiligheid op de werkvloer",
        "Zie tabel veiligheid",
        10,
    )
    assert xref.target_record == 1
    assert not [w for w in parsed.warnings if "outside" in w.message or "footnote" in w.message]


@pytest.mark.django_db
def test_a_handmade_word_annex_is_ingested(tmp_path: Path) -> None:
    path = tmp_path / "bijlage-2025.docx"
    path.write_bytes(handmade_annex())
    (outcome,) = documents_ingest(paths=[path])
    assert outcome.result == "added" and outcome.records == 3
    measure = Measure.objects.get(title="Loontransparantie")
    assert [r.label for r in measure.references.filter(kind="footnote")] == [
        "Richtlijn (EU) 2023/970 over loontransparantie"
    ]
    assert outcome.document.xrefs.get().target == Measure.objects.get(
        title="Sociale veiligheid op de werkvloer"
    )


def test_blocks_of_a_handmade_annex() -> None:
    blocks = read_blocks(handmade_annex(), name="x.docx").blocks
    assert [b.location for b in blocks] == list(range(1, len(blocks) + 1))
    header, subtheme = blocks[6], blocks[7]
    # The first row names the columns: a header row, though Word was not told to repeat it.
    assert header.is_row and header.header and header.cells == list(COLUMNS)
    assert not any(b.header for b in blocks if b is not header and b is not blocks[12])
    assert blocks[12].header and blocks[12].cells == list(COLUMNS)
    # python-docx repeats a merged cell in row.cells; the reader keeps it once, then pads.
    assert subtheme.cells == ["Gelijk loon", "", "", "", ""]
    assert blocks[10].cells == ["¹ Richtlijn (EU) 2023/970 over loontransparantie"]


# -- Word's own structures ----------------------------------------------------------------


def _docx(body: str, namespace: str = W_NS, **parts: str) -> bytes:
    """A minimal DOCX with ``body`` as the document body and further parts
    (``footnotes="<w:footnotes …>"`` → word/footnotes.xml)."""
    document = f'<w:document xmlns:w="{namespace}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
        for name, xml in parts.items():
            archive.writestr(f"word/{name}.xml", xml)
    return buffer.getvalue()


def _p(text: str, props: str = "") -> str:
    return f"<w:p>{props}<w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def _tc(content: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"


def test_spans_vertical_merges_nested_tables_and_tracked_changes() -> None:
    grid = "<w:tblGrid>" + "<w:gridCol/>" * 4 + "</w:tblGrid>"
    body = (
        "<w:tbl>"
        + grid
        + "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
        + "".join(_tc(_p(h)) for h in "ABCD")
        + "</w:tr>"
        # a cell over two columns; a vertical merge starting
        + "<w:tr>"
        + _tc(_p("wide"), "<w:gridSpan w:val='2'/>")
        + _tc(_p("top"), "<w:vMerge w:val='restart'/>")
        + _tc(_p("x"))
        + "</w:tr>"
        # gridBefore; the merge continued; a nested table; a deletion and an insertion
        + "<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>"
        + _tc(
            "<w:p><w:r><w:t>oud</w:t></w:r><w:del><w:r><w:delText>weg</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t>nieuw</w:t></w:r></w:ins><w:r><w:tab/><w:t>na</w:t></w:r>"
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>verborgen</w:t></w:r></w:p>"
        )
        + _tc(_p(""), "<w:vMerge/>")
        + _tc(
            "<w:tbl><w:tr>"
            + _tc(_p("n1"))
            + _tc(_p("n2"))
            + "</w:tr><w:tr>"
            + _tc(_p("n3"))
            + "</w:tr></w:tbl>"
            + _p("")
        )
        + "</w:tr>"
        # a row with too few cells keeps the table's width
        + "<w:tr>"
        + _tc(_p("kort"))
        + "</w:tr>"
        + "</w:tbl>"
        # a content control around a paragraph; a paragraph with a text box is read without it
        + f"<w:sdt><w:sdtContent>{_p('in een inhoudsbesturingselement')}</w:sdtContent></w:sdt>"
        + "<w:p><w:r><w:t>tekst</w:t></w:r><w:r><w:drawing><w:txbxContent>"
        + _p("kader")
        + "</w:txbxContent></w:drawing></w:r></w:p>"
    )
    blocks = read_blocks(_docx(body), name="x.docx").blocks
    assert [(b.cells, b.is_row, b.header) for b in blocks] == [
        (["A", "B", "C", "D"], True, True),
        (["wide", "", "top", "x"], True, False),
        (["", "oudnieuw na", "", "n1 n2 n3"], True, False),
        (["kort", "", "", ""], True, False),
        (["in een inhoudsbesturingselement"], False, False),
        (["tekst"], False, False),
    ]


def test_a_strict_open_xml_document_is_read_too() -> None:
    body = (
        _p("1. ARBEID")
        + "<w:tbl><w:tr>"
        + _tc(_p("Maatregel"))
        + _tc(_p("Wie"))
        + "</w:tr></w:tbl>"
    )
    strict = _docx(body, namespace="http://purl.oclc.org/ooxml/wordprocessingml/main")
    blocks = read_blocks(strict, name="strikt.docx").blocks
    assert [b.cells for b in blocks] == [["1. ARBEID"], ["Maatregel", "Wie"]]


def test_word_footnotes_become_markers_and_footnote_lines_after_the_table() -> None:
    footnotes = (
        f'<w:footnotes xmlns:w="{W_NS}">'
        "<w:footnote w:type='separator' w:id='-1'><w:p><w:r><w:separator/></w:r></w:p>"
        "</w:footnote>"
        "<w:footnote w:id='7'><w:p><w:r><w:footnoteRef/></w:r>"
        "<w:r><w:t xml:space='preserve'> Wet evenwichtiger verhouding</w:t></w:r></w:p>"
        "</w:footnote>"
        "<w:footnote w:id='3'><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>Richtlijn</w:t></w:r>"
        "</w:p><w:p><w:r><w:t>(EU) 2023/970</w:t></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    )
    ref = (
        "<w:r><w:rPr><w:vertAlign w:val='superscript'/></w:rPr>"
        "<w:footnoteReference w:id='{}'/></w:r>"
    )
    row = "<w:tr>{}</w:tr>"
    body = (
        _p("Bijlage")
        + _p("4 = afgerond")
        + f"<w:p><w:r><w:t>1. ARBEID</w:t></w:r>{ref.format(3)}</w:p>"
        + "<w:tbl>"
        + row.format("".join(_tc(_p(c)) for c in COLUMNS))
        + row.format(
            _tc(f"<w:p><w:r><w:t>Topvrouwenwet</w:t></w:r>{ref.format(7)}</w:p>")
            + "".join(_tc(_p(c)) for c in ("4", "Q4 2022", "OCW", "Klaar."))
        )
        + "</w:tbl>"
    )
    data = _docx(body, footnotes=footnotes)
    blocks = read_blocks(data, name="x.docx").blocks
    assert [b.cells[0] for b in blocks] == [
        "Bijlage",
        "4 = afgerond",
        "1. ARBEID¹",
        "¹ Richtlijn (EU) 2023/970",  # right after the paragraph that cites it
        "Maatregel",
        "Topvrouwenwet²",
        "² Wet evenwichtiger verhouding",  # after the table
    ]
    parsed = parse_bytes(data, name="x.docx")
    (record,) = parsed.records
    assert (record.title, record.footnotes) == ("Topvrouwenwet", ["2"])
    assert parsed.themes[0].footnotes == ["1"]
    assert [(f.marker, f.text) for f in parsed.footnotes] == [
        ("1", "Richtlijn (EU) 2023/970"),
        ("2", "Wet evenwichtiger verhouding"),
    ]


def test_numbered_headings_and_superscript_styles() -> None:
    doc = new_docx()
    doc.add_paragraph("ARBEID", style="List Number")
    doc.add_paragraph("VEILIGHEID", style="List Number")
    doc.add_paragraph("een punt", style="List Bullet")
    paragraph = doc.add_paragraph("Zie")
    run = paragraph.add_run("12")
    run.style = doc.styles.add_style("Voetnootmarkering", 2)  # a character style
    rpr = run.style.element.get_or_add_rPr()
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    rpr.append(align)
    blocks = read_blocks(_bytes(doc), name="x.docx").blocks
    assert [b.cells for b in blocks] == [
        ["1. ARBEID"],
        ["2. VEILIGHEID"],
        ["• een punt"],
        ["Zie¹²"],
    ]


# -- damaged and unsuitable files ---------------------------------------------------------


def _error(data: bytes, name: str) -> str:
    with pytest.raises(ParseError) as info:
        parse_bytes(data, name=name)
    assert info.value.name == name
    return str(info.value)


def _no_annex() -> bytes:
    doc = new_docx()
    doc.add_heading("Notulen", level=1)
    doc.add_paragraph("Er is vergaderd.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Naam"
    return _bytes(doc)


def _with_document_xml(data: bytes, replace: Any) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = replace(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def test_damaged_and_unsuitable_files_give_a_clear_error() -> None:
    good = handmade_annex()
    message = _error(good[: len(good) // 2], "cut.docx")
    assert "cut.docx" in message and "damaged or cut off" in message
    broken = _with_document_xml(good, lambda xml: xml[: len(xml) // 2])
    assert "word/document.xml is not well-formed XML" in _error(broken, "broken.docx")
    assert "matches no known format" in _error(_no_annex(), "notulen.docx")
    assert "DOCX" in _error(_no_annex(), "notulen.docx")
    empty = new_docx()
    assert "contains no text" in _error(_bytes(empty), "leeg.docx")
    # A zip archive without word/document.xml is no Word file: refused as a binary file.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    message = _error(buffer.getvalue(), "werkboek.docx")
    assert message.startswith("werkboek.docx: ") and "binary file" in message
    # read_blocks itself, called on such a zip, says what is missing.
    with pytest.raises(ParseError, match=r"no word/document\.xml"):
        read_blocks(buffer.getvalue(), name="werkboek.docx")


@pytest.mark.django_db
def test_a_damaged_file_among_good_ones_ingests_nothing(tmp_path: Path) -> None:
    good = tmp_path / "bijlage-2025.docx"
    good.write_bytes(handmade_annex())
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(handmade_annex()[:4000])
    with pytest.raises(IngestFailed):
        documents_ingest(paths=[good, bad])
    assert not Document.objects.exists()


def test_the_cli_refuses_a_damaged_docx_and_leaves_the_database(
    run_cli: Any, tmp_path: Path
) -> None:
    run_cli("ingest", str(SAMPLE_2024), check=True)
    before = run_cli("export", "records", check=True).stdout
    for name, data in (
        ("kapot.docx", handmade_annex()[:5000]),
        ("notulen.docx", _no_annex()),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        result = run_cli("ingest", str(path))
        assert result.returncode == 1
        assert name in result.stderr
        assert "Traceback" not in result.stderr
    after = run_cli("export", "records", check=True).stdout
    assert json.loads(after) == json.loads(before)
    # The good Word annex goes in through the same command.
    path = tmp_path / "bijlage-2025.docx"
    path.write_bytes(handmade_annex())
    result = run_cli("ingest", str(path), check=True)
    assert "added" in result.stdout
    assert (
        len(json.loads(run_cli("export", "records", check=True).stdout))
        == len(json.loads(before)) + 3
    )
