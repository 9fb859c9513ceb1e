"""PDF documents read as blocks for :mod:`voortgang.ingest.containers` (pdfplumber).

Per page, in reading order (top to bottom):

- every table row the page's ruling lines enclose (``find_tables`` with the line strategies;
  a table cut at the foot of a page is closed by its own column lines): a row block whose
  cells are the text of each cell, a cell spanning several columns (a sub-theme row)
  followed by empty cells. The first row of a table is a header row when all its cells are
  short labels (``Maatregel``, ``Stand van zaken`` …): repeated on a following page it is
  dropped by :func:`~voortgang.ingest.containers.blocks_to_text`. A row cut by a page break
  (on the next page: no title, no status, text in later cells) is joined to the row it
  continues;
- the text outside the tables (title, legend, theme headings, footnotes, introduction) as
  paragraph blocks: lines are joined into a paragraph while a line runs on to the right
  margin (the next word did not fit), the spacing stays that of a line and the font size
  does not change; a line starting with a footnote marker, a legend entry (``4 = …``) or a
  numbered heading starts a paragraph of its own;
- page furniture left out: ``Pagina 3 van 27``, a lone page number, and lines repeated at the
  top or foot of most pages (running headers and footers).

Text is rebuilt from the characters: a cell's or paragraph's lines are joined with the space
the line broke at. A PDF that keeps that space (``white-space: pre-wrap``, as the annex
``voortgang report annex --format pdf`` makes) is read back exactly, also where a word was
broken at a hyphen (``EU-`` / ``Richtlijn``) or inside a word; in other PDFs a line break is
a space, except after a hyphen or slash directly after a word (``EU-`` / ``lidstaten``).
Small raised digits (real superscripts) become superscript characters (``¹``), as the text
importers expect footnote markers. A block's location is its page number.

A file that is not a readable PDF (corrupt, truncated, encrypted) or that has no text at all
(a scanned image) raises :class:`ParseError` with a clear message.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from voortgang.ingest.base import ParseError
from voortgang.ingest.containers import Block, Container

_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blad|p\.)\s*)?\d{1,4}(?:\s*(?:van|of|/|-)\s*\d{1,4})?$", re.IGNORECASE
)
_STARTS_BLOCK = re.compile(f"^(?:[{_SUPERSCRIPTS}]|\\d\\s*=\\s*\\S|\\d{{1,2}}\\.\\s+\\S)")
_CONJUNCTIONS = {"en", "of", "en/of", "tot", "noch"}
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
#: The share of the page height at the top and at the foot where furniture stands.
_MARGIN = 0.1


@dataclass
class _Line:
    """One line of characters: its text (spaces as the PDF has them) and its box."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def first_word(self) -> str:
        return self.text.strip().split(" ", 1)[0] if self.text.strip() else ""


@dataclass
class _Item:
    """A row or a paragraph of a page before its text is joined."""

    top: float
    is_row: bool
    cells: list[list[_Line]] = field(default_factory=list)
    header: bool = False
    merged: bool = False


def read_blocks(data: bytes, *, name: str) -> Container:
    if not data.startswith(b"%PDF-"):
        raise ParseError(name, None, "not a PDF file (it does not start with %PDF-)")
    if b"%%EOF" not in data[-2048:]:
        raise ParseError(
            name,
            None,
            "the PDF file is truncated or damaged: it has no end-of-file marker (%%EOF); "
            "download or export it again",
        )
    import pdfplumber

    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            pages = [_read_page(page) for page in pdf.pages]
            heights = [float(page.height) for page in pdf.pages]
    except ParseError:
        raise
    except Exception as exc:  # pdfminer raises many kinds of exceptions on a damaged file
        raise ParseError(name, None, _describe(exc)) from None
    if not pages:
        raise ParseError(name, None, "the PDF file has no pages")
    _drop_furniture(pages, heights)
    exact = _keeps_spaces(pages)
    blocks: list[Block] = []
    for number, items in enumerate(pages, start=1):
        for item in items:
            texts = [_join(lines, exact=exact) for lines in item.cells]
            if item.is_row:
                previous = _continued(item, texts, blocks, number)
                if previous is not None:
                    # The space a line broke at is not kept over a page break.
                    previous.cells = [
                        _glue(before, after, exact=False)
                        for before, after in zip(previous.cells, texts, strict=False)
                    ]
                    continue
                blocks.append(Block(texts, number, is_row=True, header=item.header))
            elif texts and texts[0].strip():
                blocks.append(Block([texts[0]], number))
    if not any(any(cell.strip() for cell in block.cells) for block in blocks):
        raise ParseError(
            name,
            None,
            "the PDF file has no text layer (a scanned image?): no tables or text were found",
        )
    return Container(blocks=blocks, unit="page")


def _describe(exc: Exception) -> str:
    text = f"{type(exc).__name__} {exc} {exc.__cause__ or ''} {exc.args!r}".lower()
    if "password" in text or "encrypt" in text:
        return (
            "the PDF file is encrypted (password protected); save it without a password and "
            "try again"
        )
    detail = str(exc).strip() or type(exc).__name__
    return f"not a readable PDF file (damaged or not a PDF): {detail[:200]}"


# -- one page -------------------------------------------------------------------------------


def _read_page(page: Any) -> list[_Item]:
    chars = [dict(c) for c in page.chars if c.get("text")]
    if not chars:
        return []
    ruled = page.filter(_not_white)
    tables = ruled.find_tables(_table_settings(ruled))
    for char in chars:
        char["_x"] = (char["x0"] + char["x1"]) / 2
        char["_y"] = (char["top"] + char["bottom"]) / 2
    chars.sort(key=lambda c: c["_y"])
    middles = [c["_y"] for c in chars]
    taken: set[int] = set()
    items: list[_Item] = []
    for table in tables:
        for index, row in enumerate(table.rows):
            top, bottom = row.bbox[1], row.bbox[3]
            in_row = range(bisect_left(middles, top), bisect_right(middles, bottom))
            cells: list[list[_Line]] = []
            present = [c for c in row.cells if c is not None]
            for cell in row.cells:
                if cell is None:
                    cells.append([])
                    continue
                found = [i for i in in_row if cell[0] <= chars[i]["_x"] <= cell[2]]
                taken.update(found)
                cells.append(_lines([chars[i] for i in found]))
            if not any(lines for lines in cells):
                continue
            item = _Item(top=top, is_row=True, cells=cells, merged=len(present) == 1)
            if index == 0:
                item.header = _is_header(cells)
            items.append(item)
    outside = [char for i, char in enumerate(chars) if i not in taken]
    items.extend(_paragraphs(_lines(outside), height=page.height))
    items.sort(key=lambda item: item.top)
    return items


def _table_settings(page: Any) -> dict[str, Any]:
    """Line strategies; a table cut by the page break has no closing line at its foot, so the
    lowest end of the column lines closes it."""
    settings: dict[str, Any] = dict(_TABLE_SETTINGS)
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    if verticals:
        settings["explicit_horizontal_lines"] = [max(e["bottom"] for e in verticals)]
    return settings


def _not_white(obj: dict[str, Any]) -> bool:
    """Leave out white filled areas (a page background is no table)."""
    if obj.get("object_type") not in ("rect", "curve") or obj.get("stroke"):
        return True
    return not _is_white(obj.get("non_stroking_color"))


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, (list, tuple)) else (color,)
    if len(values) == 4:  # CMYK
        return all(float(v) <= 0.02 for v in values)
    return bool(values) and all(isinstance(v, (int, float)) and v >= 0.98 for v in values)


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Characters grouped into lines (a character whose middle lies within a line's height
    belongs to it, so a raised superscript stays on its line), left to right."""
    groups: list[list[dict[str, Any]]] = []
    #: Per group, the largest character so far: the line's height is measured on it.
    largest: list[dict[str, Any]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        for index in range(len(groups) - 1, max(len(groups) - 4, -1), -1):
            ref = largest[index]
            ref_middle = (ref["top"] + ref["bottom"]) / 2
            if ref["top"] - 0.5 <= middle <= ref["bottom"] + 0.5 or (
                char["top"] - 0.5 <= ref_middle <= char["bottom"] + 0.5
            ):
                groups[index].append(char)
                if char["size"] > ref["size"]:
                    largest[index] = char
                break
        else:
            groups.append([char])
            largest.append(char)
    lines = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        _superscripts(group)
        text = ""
        previous = None
        for char in group:
            if (
                previous is not None
                and char["x0"] - previous["x1"] > 0.2 * char["size"]
                and not text.endswith(" ")
                and char["text"] != " "
            ):
                text += " "
            text += char["text"]
            previous = char
        visible = [c for c in group if c["text"].strip()] or group
        lines.append(
            _Line(
                text=text,
                x0=min(c["x0"] for c in visible),
                x1=max(c["x1"] for c in visible),
                top=min(c["top"] for c in group),
                bottom=max(c["bottom"] for c in group),
                size=statistics.median(c["size"] for c in visible),
            )
        )
    return lines


def _superscripts(line: list[dict[str, Any]]) -> None:
    """Small digits raised above the line's baseline become superscript characters."""
    largest = max(c["size"] for c in line)
    normal = [c for c in line if c["size"] >= 0.9 * largest and c["text"].strip()]
    if not normal or len(normal) == len(line):
        return
    baseline = statistics.median(c["bottom"] for c in normal)
    for char in line:
        small = char["size"] < 0.9 * largest
        if small and char["text"].isdigit() and char["bottom"] < baseline - 0.1 * largest:
            char["text"] = char["text"].translate(_SUPER)


def _is_header(cells: list[list[_Line]]) -> bool:
    texts = [" ".join(line.text.strip() for line in lines) for lines in cells]
    return len(texts) > 1 and all(texts) and all(len(t) <= 40 and not t.isdigit() for t in texts)


def _paragraphs(lines: list[_Line], *, height: float) -> list[_Item]:
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    items: list[_Item] = []
    current: list[_Line] = []
    for line in lines:
        if current and _same_paragraph(current[-1], line, right=right, height=height):
            current.append(line)
            continue
        if current:
            items.append(_Item(top=current[0].top, is_row=False, cells=[current]))
        current = [line]
    if current:
        items.append(_Item(top=current[0].top, is_row=False, cells=[current]))
    return items


def _same_paragraph(before: _Line, line: _Line, *, right: float, height: float) -> bool:
    if abs(before.size - line.size) > 0.5:
        return False
    gap = line.top - before.bottom
    if gap > 0.6 * before.size or gap < -0.5 * before.size:
        return False
    if _STARTS_BLOCK.match(line.text.strip()):
        return False
    if before.top > height * (1 - _MARGIN) or line.top > height * (1 - _MARGIN):
        return False
    # The line before ran on to the margin: the next word did not fit on it.
    word = line.first_word
    word_width = len(word) * line.size * 0.5
    return before.x1 + word_width >= right - line.size


# -- furniture ------------------------------------------------------------------------------


def _drop_furniture(pages: list[list[_Item]], heights: list[float]) -> None:
    """Leave out page numbers and lines repeated at the top or foot of most pages."""
    seen: Counter[str] = Counter()
    for items in pages:
        seen.update({_furniture_key(item) for item in items if not item.is_row})
    threshold = max(2, len(pages) // 2)
    for items, height in zip(pages, heights, strict=True):
        keep = []
        for item in items:
            if not item.is_row:
                text = " ".join(line.text.strip() for line in item.cells[0])
                in_margin = item.top <= _MARGIN * height or item.top >= (1 - _MARGIN) * height
                if in_margin and (
                    _PAGE_NUMBER.match(text) or seen[_furniture_key(item)] >= threshold
                ):
                    continue
            keep.append(item)
        items[:] = keep


def _furniture_key(item: _Item) -> str:
    text = " ".join(line.text.strip() for line in item.cells[0])
    return re.sub(r"\d+", "#", text)


# -- joining lines --------------------------------------------------------------------------


def _keeps_spaces(pages: list[list[_Item]]) -> bool:
    """Whether the PDF keeps the space every line broke at (then lines are joined as they
    are): most wrapped lines end in a space, and (nearly) no line of several words ends
    without one unless at a hyphen or slash. A word processor's PDF keeps some such spaces
    but not all (not after a comma, not after a lone word): there a line break is a space."""
    wrapped = kept = odd = 0
    for items in pages:
        for item in items:
            for lines in item.cells:
                for line in lines[:-1]:
                    wrapped += 1
                    if line.text.endswith(" "):
                        kept += 1
                    elif " " in line.text.strip() and line.text[-1:] not in ("-", "/"):
                        odd += 1
    return wrapped > 0 and kept >= 0.5 * wrapped and odd <= 0.01 * wrapped


def _join(lines: list[_Line], *, exact: bool) -> str:
    text = ""
    for line in lines:
        text = _glue(text, line.text, exact=exact)
    return " ".join(text.split())


def _glue(before: str, after: str, *, exact: bool) -> str:
    """``before`` and the next line ``after``. A PDF that keeps its spaces (``exact``) is
    joined as it is: a break without a space was inside a word (``EU-`` + ``Richtlijn``,
    ``initiatiefnem`` + ``ers``). Otherwise, without a space at the break: after a hyphen or
    slash glued to a word the word goes on (``EU-`` + ``lidstaten``; not before ``en``/``of``:
    ``gender-`` + ``en``); anything else broke at a space."""
    if not before:
        return after
    if not after:
        return before
    if exact or before[-1].isspace() or after[0].isspace():
        return before + after
    word = after.strip().split(" ", 1)[0].lower()
    glued = before[-1] in "-/" and len(before) > 1 and not before[-2].isspace()
    if glued and word not in _CONJUNCTIONS:
        return before + after
    return before + " " + after


def _continued(item: _Item, texts: list[str], blocks: list[Block], page: int) -> Block | None:
    """The row that ``item`` goes on with, when ``item`` is the first row of its page (after
    the repeated header row), has neither a title nor a status (first and second cell) but
    text in a later cell, and the page before ended in a table row of the same width. (A row
    with a title but no status is a row of its own.)"""
    if item.merged or item.header or len(texts) < 3 or texts[0].strip() or texts[1].strip():
        return None
    if not any(t.strip() for t in texts[2:]):
        return None
    before = [b for b in blocks if not (b.location == page and b.header)]
    if not before or before[-1].location == page:
        return None
    last = before[-1]
    if not last.is_row or last.header or last.location != page - 1:
        return None
    return last if len(last.cells) == len(texts) else None
