"""Word documents (DOCX — a Word annex made by people, or the one ``voortgang report annex
--format docx`` writes) read as blocks for :mod:`voortgang.ingest.containers`.

The body is read in document order (content controls and custom-XML wrappers are looked
through):

- a paragraph becomes a paragraph block with its text. Automatic numbering is written out
  (a heading numbered by Word reads ``1. ARBEID``, as in the published annex; a bulleted
  item starts with ``•``); tabs and line breaks become spaces; deleted text of tracked
  changes, hidden text, field instructions and text boxes are left out. Digits in
  superscript (``vertAlign``, directly or through a character style) become superscript
  digits (``¹``), so footnote markers survive;
- a real Word footnote (a footnote reference) becomes its number as a superscript marker in
  the text, and the footnote's text a paragraph ``¹ text`` right after the paragraph or table
  that cites it — where the annex importer expects footnotes. Footnotes are numbered 1, 2, 3 …
  in the order they are cited; a footnote with a custom mark keeps that mark in the text and
  its text follows without a number. Endnotes and comments are not read;
- every table row becomes a row block, its cells' paragraphs joined by spaces. A cell
  spanning several columns (``gridSpan``) is followed by empty cells, and a row with fewer
  cells than the table's grid (``gridBefore``/``gridAfter``) is padded, so every row keeps the
  table's width. A vertically merged cell has its text in its first row only. A table nested
  in a cell is flattened into that cell's text. Header rows are the rows marked to repeat on
  every page (``w:tblHeader``) and a table's first row when all its text is bold, when it
  repeats the header row of the table before it, or when it names the columns (every cell
  filled with a short text that is not a number, as the PDF reader decides).

A block's location is its ordinal (1-based). A damaged file — not a zip, cut off, without
``word/document.xml``, or with broken XML — is refused with :class:`ParseError`.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO

from lxml import etree

from voortgang.ingest.base import ParseError, ParseWarning
from voortgang.ingest.containers import Block, Container

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
#: The largest XML part read (uncompressed), against zip bombs.
MAX_PART_BYTES = 200 * 1024 * 1024
_FALSE = {"0", "false", "off"}
_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_BODY, _P, _R, _T, _TBL, _TR, _TC = (_w(t) for t in ("body", "p", "r", "t", "tbl", "tr", "tc"))
_SDT, _SDT_CONTENT, _CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
_WRAPPERS = {_w(t) for t in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "bdo", "dir")}
_WRAPPERS |= {_SDT, _SDT_CONTENT, _CUSTOM_XML}
#: Run content and paragraph content that is not text of the paragraph.
_SKIPPED = {_w(t) for t in ("del", "moveFrom", "rPr", "pPr", "sdtPr", "sdtEndPr", "txbxContent")}
_VAL = _w("val")


def _on(element: etree._Element | None) -> bool:
    """A Word on/off property: present and not switched off."""
    return element is not None and element.get(_VAL, "true").lower() not in _FALSE


def _safe_xml(archive: zipfile.ZipFile, member: str, *, name: str) -> etree._Element | None:
    """The root of ``member``, or ``None`` when the archive has no such part."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise ParseError(name, None, f"the Word file's {member} is too large to read")
    try:
        data = archive.read(member)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as exc:
        raise ParseError(
            name, None, f"the Word file is damaged or cut off ({member}: {exc})"
        ) from None
    # A document saved as "Strict Open XML" uses other namespaces for the same vocabulary.
    data = data.replace(_STRICT, W.encode())
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(
            name, None, f"the Word file is damaged: {member} is not well-formed XML ({exc})"
        ) from None


@dataclass
class _Numbering:
    """Automatic paragraph numbering (``numbering.xml``), counted as Word counts it."""

    #: (numId, level) → (format, level text, start).
    levels: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, root: etree._Element | None) -> _Numbering:
        numbering = cls()
        if root is None:
            return numbering
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iterchildren(_w("abstractNum")):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in node.iterchildren(_w("lvl")):
                levels[_int(lvl.get(_w("ilvl")), 0)] = _level(lvl)
            abstract[node.get(_w("abstractNumId"), "")] = levels
        for num in root.iterchildren(_w("num")):
            num_id = num.get(_w("numId"), "")
            ref = num.find(_w("abstractNumId"))
            levels = dict(abstract.get(ref.get(_VAL, "") if ref is not None else "", {}))
            for override in num.iterchildren(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")), 0)
                replaced = override.find(_w("lvl"))
                if replaced is not None:
                    levels[ilvl] = _level(replaced)
                start = override.find(_w("startOverride"))
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, _int(start.get(_VAL), 1))
            for ilvl, level in levels.items():
                numbering.levels[(num_id, ilvl)] = level
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list ``num_id`` at level ``ilvl`` (``"1."``, ``"2.3"``, ``"a)"``)."""
        if (num_id, ilvl) not in self.levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = min(max(ilvl, 0), 8)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, text, start = self.levels[(num_id, ilvl)]
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return ""

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            if not 0 <= level <= 8:
                return ""
            value = counters[level] or self.levels.get((num_id, level), ("", "", 1))[2]
            level_fmt = self.levels.get((num_id, level), ("decimal", "", 1))[0]
            return _format_number(value, level_fmt)

        return re.sub(r"%(\d)", number, text).strip()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl: etree._Element) -> tuple[str, str, int]:
    fmt = lvl.find(_w("numFmt"))
    text = lvl.find(_w("lvlText"))
    start = lvl.find(_w("start"))
    return (
        fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
        text.get(_VAL, "") if text is not None else "",
        _int(start.get(_VAL) if start is not None else None, 1),
    )


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while value >= number:
            out += letters
            value -= number
    return out


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and value > 0:
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


@dataclass
class _Styles:
    """What the reader needs of ``styles.xml``: superscript character styles and the
    numbering of paragraph styles (a numbered Heading 1)."""

    superscript: set[str] = field(default_factory=set)
    numbering: dict[str, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def read(cls, root: etree._Element | None) -> _Styles:
        styles = cls()
        if root is None:
            return styles
        based: dict[str, str] = {}
        vert: dict[str, bool] = {}
        num: dict[str, tuple[str | None, int | None]] = {}
        for style in root.iterchildren(_w("style")):
            style_id = style.get(_w("styleId"), "")
            parent = style.find(_w("basedOn"))
            if parent is not None:
                based[style_id] = parent.get(_VAL, "")
            align = style.find(f"{_w('rPr')}/{_w('vertAlign')}")
            if align is not None:
                vert[style_id] = align.get(_VAL) == "superscript"
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                num_node = num_pr.find(_w("numId"))
                ilvl_node = num_pr.find(_w("ilvl"))
                num[style_id] = (
                    num_node.get(_VAL) if num_node is not None else None,
                    _int(ilvl_node.get(_VAL), 0) if ilvl_node is not None else None,
                )
        for style_id in {*vert, *based, *num}:
            chain: list[str] = []
            current: str | None = style_id
            while current and current not in chain and len(chain) < 20:
                chain.append(current)
                current = based.get(current)
            if next((vert[s] for s in chain if s in vert), False):
                styles.superscript.add(style_id)
            num_id = next((num[s][0] for s in chain if s in num and num[s][0]), None)
            if num_id:
                ilvl = next((num[s][1] for s in chain if s in num and num[s][1] is not None), 0)
                styles.numbering[style_id] = (num_id, ilvl or 0)
        return styles


class _Reader:
    def __init__(
        self,
        *,
        styles: _Styles,
        numbering: _Numbering,
        footnotes: dict[str, etree._Element],
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.footnotes = footnotes
        self.footnote_count = 0
        #: Footnotes cited since the last top-level block: (marker, footnote element).
        self.pending: list[tuple[str, etree._Element]] = []
        self.blocks: list[Block] = []
        self.last_header: list[str] | None = None
        self.warnings: list[ParseWarning] = []

    # -- blocks ----------------------------------------------------------------------------

    def add(self, cells: list[str], *, row: bool = False, header: bool = False) -> None:
        self.blocks.append(Block(cells, len(self.blocks) + 1, is_row=row, header=header))

    def body(self, body: etree._Element) -> None:
        for element in _content(body):
            if element.tag == _P:
                text = self.paragraph(element)
                if text:
                    self.add([text])
                    self.last_header = None
            elif element.tag == _TBL:
                self.table(element)
            self.flush_footnotes()

    def flush_footnotes(self) -> None:
        pending, self.pending = self.pending, []
        for marker, note in pending:
            reader = _Reader(styles=self.styles, numbering=_Numbering(), footnotes={})
            texts = [reader.paragraph(p) for p in note.iter(_P)]
            text = " ".join(t for t in texts if t)
            if text:
                self.add([f"{marker.translate(_SUPER)} {text}" if marker else text])

    def table(self, tbl: etree._Element) -> None:
        grid = tbl.find(_w("tblGrid"))
        width = len(grid.findall(_w("gridCol"))) if grid is not None else 0
        for index, tr in enumerate(_rows(tbl)):
            cells, bold = self.row(tr)
            if width and len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            tr_pr = tr.find(_w("trPr"))
            header = tr_pr is not None and _on(tr_pr.find(_w("tblHeader")))
            if index == 0 and not header and any(cells):
                header = bold or cells == self.last_header or _names_columns(cells)
            if header:
                self.last_header = cells
            self.add(cells, row=True, header=header)

    def row(self, tr: etree._Element) -> tuple[list[str], bool]:
        """The cells of ``tr`` (padded for spans) and whether all its text is bold."""
        cells: list[str] = []
        tr_pr = tr.find(_w("trPr"))
        before = tr_pr.find(_w("gridBefore")) if tr_pr is not None else None
        cells.extend([""] * _int(before.get(_VAL) if before is not None else None, 0))
        bold = True
        for tc in _cells(tr):
            tc_pr = tc.find(_w("tcPr"))
            span = tc_pr.find(_w("gridSpan")) if tc_pr is not None else None
            merge = tc_pr.find(_w("vMerge")) if tc_pr is not None else None
            text = self.cell(tc)
            if merge is not None and merge.get(_VAL, "continue") == "continue":
                text = ""
            if text and not _all_bold(tc):
                bold = False
            cells.append(text)
            cells.extend([""] * (max(_int(span.get(_VAL) if span is not None else None, 1), 1) - 1))
        after = tr_pr.find(_w("gridAfter")) if tr_pr is not None else None
        cells.extend([""] * _int(after.get(_VAL) if after is not None else None, 0))
        return cells, bold and any(cells)

    def cell(self, tc: etree._Element) -> str:
        parts: list[str] = []
        for element in _content(tc):
            if element.tag == _P:
                parts.append(self.paragraph(element))
            elif element.tag == _TBL:
                for tr in _rows(element):
                    parts.append(" ".join(c for c in self.row(tr)[0] if c))
        return " ".join(p for p in parts if p)

    # -- paragraphs ------------------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> str:
        parts: list[str] = []
        label = self.list_label(p)
        if label:
            parts.append(label + " ")
        self.inline(p, parts)
        return " ".join("".join(parts).split())

    def list_label(self, p: etree._Element) -> str:
        p_pr = p.find(_w("pPr"))
        if p_pr is None:
            return ""
        num_pr = p_pr.find(_w("numPr"))
        style = p_pr.find(_w("pStyle"))
        num_id: str | None = None
        ilvl: int | None = None
        if num_pr is not None:
            num_node = num_pr.find(_w("numId"))
            ilvl_node = num_pr.find(_w("ilvl"))
            num_id = num_node.get(_VAL) if num_node is not None else None
            ilvl = _int(ilvl_node.get(_VAL), 0) if ilvl_node is not None else None
        if style is not None and style.get(_VAL, "") in self.styles.numbering:
            style_num, style_ilvl = self.styles.numbering[style.get(_VAL, "")]
            num_id = num_id or style_num
            ilvl = style_ilvl if ilvl is None else ilvl
        if not num_id:
            return ""
        return self.numbering.label(num_id, ilvl or 0)

    def inline(self, element: etree._Element, parts: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag == _R:
                self.run(child, parts)
            elif tag in _WRAPPERS:
                self.inline(child, parts)
            elif tag not in _SKIPPED and isinstance(tag, str) and tag.startswith(f"{{{W}}}"):
                # Other containers of runs (e.g. w:customXml variants); never text boxes.
                self.inline(child, parts)

    def run(self, r: etree._Element, parts: list[str]) -> None:
        if _on(r.find(f"{_w('rPr')}/{_w('vanish')}")):
            return  # hidden text
        superscript = self.is_superscript(r)
        for child in r:
            tag = child.tag
            if tag == _T:
                text = child.text or ""
                parts.append(text.translate(_SUPER) if superscript else text)
            elif tag in (_w("tab"), _w("br"), _w("cr"), _w("ptab")):
                parts.append(" ")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("footnoteReference"):
                self.footnote(child, parts)

    def footnote(self, ref: etree._Element, parts: list[str]) -> None:
        note = self.footnotes.get(ref.get(_w("id"), ""))
        custom = ref.get(_w("customMarkFollows"), "false").lower() in ("1", "true", "on")
        marker = ""
        if not custom:
            self.footnote_count += 1
            marker = str(self.footnote_count)
            parts.append(marker.translate(_SUPER))
        if note is not None:
            self.pending.append((marker, note))

    def is_superscript(self, r: etree._Element) -> bool:
        r_pr = r.find(_w("rPr"))
        if r_pr is None:
            return False
        align = r_pr.find(_w("vertAlign"))
        if align is not None:
            return align.get(_VAL) == "superscript"
        style = r_pr.find(_w("rStyle"))
        return style is not None and style.get(_VAL, "") in self.styles.superscript


def _content(container: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and tables of a body or cell, looking through content controls."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML, _SDT_CONTENT):
            yield from _content(child)


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl:
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML, _SDT_CONTENT):
            yield from _rows(child)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML, _SDT_CONTENT):
            yield from _cells(child)


def _names_columns(cells: list[str]) -> bool:
    """A first row of short names, as the PDF reader tells a header row: every cell filled,
    none longer than 40 characters, none a bare number (a status code)."""
    return len(cells) > 1 and all(c and len(c) <= 40 and not c.isdigit() for c in cells)


def _all_bold(tc: etree._Element) -> bool:
    """Whether every run with text in ``tc`` is bold by direct formatting."""
    runs = [r for r in tc.iter(_R) if any((t.text or "").strip() for t in r.iter(_T))]
    return bool(runs) and all(_on(r.find(f"{_w('rPr')}/{_w('b')}")) for r in runs)


def read_blocks(data: bytes, *, name: str) -> Container:
    """The paragraphs and table rows of a DOCX file. Raises :class:`ParseError`."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise ParseError(
            name,
            None,
            "the Word (DOCX) file is damaged or cut off: it is not a readable zip archive",
        ) from None
    with archive:
        root = _safe_xml(archive, "word/document.xml", name=name)
        if root is None:
            raise ParseError(
                name, None, "not a Word document: the archive has no word/document.xml"
            )
        body = root.find(_BODY)
        if root.tag != _w("document") or body is None:
            raise ParseError(
                name, None, "not a Word document: word/document.xml has no document body"
            )
        styles = _Styles.read(_safe_xml(archive, "word/styles.xml", name=name))
        numbering = _Numbering.read(_safe_xml(archive, "word/numbering.xml", name=name))
        notes_root = _safe_xml(archive, "word/footnotes.xml", name=name)
    footnotes: dict[str, etree._Element] = {}
    if notes_root is not None:
        for note in notes_root.iterchildren(_w("footnote")):
            if note.get(_w("type"), "normal") == "normal":
                footnotes[note.get(_w("id"), "")] = note
    reader = _Reader(styles=styles, numbering=numbering, footnotes=footnotes)
    reader.body(body)
    return Container(blocks=reader.blocks, unit="block", warnings=reader.warnings)
