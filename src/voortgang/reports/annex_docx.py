"""The annex as a Word document (DOCX), in the published layout.

A4 portrait; the title, "Stand per <datum>", the legend, and per theme a heading (``1.
ARBEID``, style Heading 1) followed by a real Word table of five columns (Maatregel / Stand
van zaken / Wanneer / Wie / Toelichting). The header row is bold, shaded and repeats on every
page (``w:tblHeader``); no row is split across pages where Word can avoid it
(``w:cantSplit``). A sub-theme row (``MOTIES`` blocks included) is one bold, shaded cell
spanning the five columns, kept with the row after it. Footnote markers are superscript digits
(``¹``) after the cell text; the theme's footnotes follow its table as paragraphs ``¹ text``.
The footer reads "Pagina X van Y" (PAGE and NUMPAGES fields).

The layout is the one :mod:`voortgang.ingest.word` reads back: ingesting the file gives the
same records, footnotes and cross-references as the document it was made of. The bytes are
reproducible: the same annex gives the same file (fixed zip timestamps and core properties).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.shared import Emu, Length, Mm, Pt
from docx.text.paragraph import Paragraph

from voortgang.core.dates import format_dutch_date
from voortgang.core.text import footnote_markers
from voortgang.reports.annex_selectors import COLUMNS, AnnexRow, AnnexView, superscript

#: Column widths in millimetres (A4 minus 2 × 20 mm margins = 170 mm); Toelichting widest.
WIDTHS_MM = (44.0, 16.0, 20.0, 20.0, 70.0)
_HEADER_FILL = "D9D9D9"
_SUBTHEME_FILL = "DEEAF6"
#: Characters XML 1.0 cannot hold (a stray form feed or control character in a source text).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: A fixed zip timestamp, so that the same annex always gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def dutch_date(day: dt.date) -> str:
    """``2023-11-14`` → ``"14 november 2023"``."""
    return format_dutch_date(day)


def render_docx(view: AnnexView) -> bytes:
    """The annex of ``view`` as the bytes of a Word (DOCX) file."""
    doc = _new_document(view)
    doc.add_heading(_xml(view.title), level=0)
    if view.moment is not None:
        doc.add_paragraph(f"Stand per {dutch_date(view.moment.date)}")
    if view.legend:
        doc.add_heading("Legenda", level=2)
        for code, text in view.legend:
            doc.add_paragraph(_xml(f"{code} = {text}"))
    widths = [Mm(w) for w in WIDTHS_MM]
    for theme in view.themes:
        if theme.heading:
            doc.add_heading(_xml(theme.heading), level=1)
        _theme_table(doc, theme.rows, widths, caption=theme.heading or view.title)
        for note in theme.footnotes:
            paragraph = doc.add_paragraph(_xml(f"{note.mark} {note.text}"))
            paragraph.paragraph_format.space_after = Pt(2)
            for run in paragraph.runs:
                run.font.size = Pt(8)
    return _reproducible(_to_bytes(doc))


# -- the document --------------------------------------------------------------------------


def _new_document(view: AnnexView) -> Document:
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    section.footer_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(9)
    # Dutch proofing language for every style (the template's default is en-US).
    for lang in doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        lang.set(qn("w:val"), "nl-NL")
    # The template's thumbnail shows another document: leave it out.
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith("/thumbnail")]:
        del rels[rid]
    _footer(doc)
    props = doc.core_properties
    props.title = _xml(view.title)
    props.subject = "Bijlage bij de voortgangsrapportage emancipatie"
    props.language = "nl-NL"
    props.author = props.last_modified_by = "Voortgang"
    props.keywords = "emancipatie; voortgangsrapportage; bijlage"
    props.comments = f"Gemaakt uit {view.document.name}"
    props.revision = 1
    when = view.moment.date if view.moment else dt.date(2000, 1, 1)
    stamp = dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC)
    props.created = props.modified = stamp
    props.last_printed = stamp
    return doc


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A simple field (``PAGE``, ``NUMPAGES``) that Word and LibreOffice fill in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _footer(doc: Document) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Pagina ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" van ")
    _field(paragraph, "NUMPAGES", "1")


# -- the tables ----------------------------------------------------------------------------


def _with_marks(text: str, markers: Sequence[str]) -> str:
    """``text`` followed by the superscript footnote markers it does not carry already."""
    _, present = footnote_markers(text)
    missing = [m for m in markers if m not in present]
    return text + "".join(superscript(m) for m in missing)


def _shade(tc: CT_Tc, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc.get_or_add_tcPr().append(shd)


def _xml(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def _set_text(tc: CT_Tc, text: str, *, bold: bool = False) -> None:
    p = tc.p_lst[0]
    r = p.add_r()
    if bold:
        r.get_or_add_rPr().append(OxmlElement("w:b"))
    r.text = _xml(text)


def _row_properties(tr: CT_Row, *, header: bool = False) -> None:
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _theme_table(
    doc: Document, rows: Sequence[AnnexRow], widths: Sequence[Length], *, caption: str
) -> None:
    table = doc.add_table(rows=0, cols=len(COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl: CT_Tbl = table._tbl
    # Alternative text for screen readers (Word: Table Properties > Alt Text); the last
    # children of w:tblPr, after w:tblLook.
    for tag, text in (
        ("w:tblCaption", _xml(caption)),
        ("w:tblDescription", "Maatregelen met stand van zaken, wanneer, wie en toelichting"),
    ):
        element = OxmlElement(tag)
        element.set(qn("w:val"), text)
        tbl.tblPr.append(element)
    for grid_col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = width
    total = Emu(sum(widths))

    header = tbl.add_tr()
    _row_properties(header, header=True)
    for name, width in zip(COLUMNS, widths, strict=True):
        tc = header.add_tc()
        tc.width = width
        _set_text(tc, name, bold=True)
        _shade(tc, _HEADER_FILL)

    for row in rows:
        tr = tbl.add_tr()
        _row_properties(tr)
        if row.kind == "subtheme":
            tc = tr.add_tc()
            tc.width = total
            tc.get_or_add_tcPr().grid_span = len(COLUMNS)
            _set_text(tc, _with_marks(row.title, row.footnotes), bold=True)
            _shade(tc, _SUBTHEME_FILL)
            keep = OxmlElement("w:keepNext")
            tc.p_lst[0].get_or_add_pPr().insert(0, keep)
            continue
        cells = list(row.cells)
        if row.kind == "record":
            cells[0] = _with_marks(cells[0], row.footnotes)
        for text, width in zip(cells, widths, strict=True):
            tc = tr.add_tc()
            tc.width = width
            _set_text(tc, text)


def _to_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _reproducible(data: bytes) -> bytes:
    """The same zip with a fixed timestamp on every member."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
