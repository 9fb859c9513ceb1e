"""Small python-docx helpers for the "what changed" and CEDAW reports: an A4 portrait
document, real Word tables whose header row repeats on every page (``w:tblHeader``), and
runs for a word-level diff (struck through / underlined, so colour is never the only cue)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document as new_docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

DELETED = RGBColor(0xA1, 0x1B, 0x1B)
INSERTED = RGBColor(0x1A, 0x6B, 0x35)


def document(*, title: str, subject: str) -> Document:
    """A new A4 portrait document with Dutch core properties."""
    doc = new_docx()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin = section.bottom_margin = Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.language = "nl-NL"
    props.author = "Voortgang"
    _language(doc, "nl-NL")
    return doc


def _language(doc: Document, tag: str) -> None:
    """Set the proofing language of the default run style."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    rpr.append(lang)


def repeat_header(row: _Row) -> None:
    """Mark ``row`` as a header row that Word repeats at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def table(doc: Document, *, headers: Sequence[str], widths: Sequence[float] = ()) -> Table:
    """A table with a bold header row that repeats on every page; add rows with
    :func:`add_row`. ``widths`` in millimetres."""
    tbl = doc.add_table(rows=1, cols=len(headers))
    tbl.style = "Table Grid"
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    row = tbl.rows[0]
    repeat_header(row)
    for cell, text in zip(row.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    if widths:
        for column, width in zip(tbl.columns, widths, strict=True):
            for cell in column.cells:
                cell.width = Mm(width)
    return tbl


def add_row(tbl: Table, values: Sequence[str]) -> _Row:
    row = tbl.add_row()
    for cell, value in zip(row.cells, values, strict=True):
        cell.text = value
    widths = [c.width for c in tbl.rows[0].cells]
    for cell, width in zip(row.cells, widths, strict=True):
        if width is not None:
            cell.width = width
    return row


def diff_runs(paragraph: Paragraph, parts: Sequence[tuple[str, str]]) -> None:
    """Write a word-level diff: deleted words struck through, inserted words underlined."""
    for index, (op, text) in enumerate(parts):
        if index:
            paragraph.add_run(" ")
        run = paragraph.add_run(text)
        if op == "delete":
            run.font.strike = True
            run.font.color.rgb = DELETED
        elif op == "insert":
            run.font.underline = True
            run.font.color.rgb = INSERTED
        elif op == "skip":
            run.italic = True


def to_bytes(doc: Document) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
