"""Documents in a container format — Word (DOCX), PDF, HTML — read as text.

A table document (the progress-report annex as Word, PDF or web page, for instance the one
``voortgang report annex`` produces) is first read into :class:`Block` s — paragraphs and
table rows, in reading order, each with its location (PDF: page; DOCX and HTML: the ordinal of
the paragraph or table row) — by the reader of its container format
(:mod:`voortgang.ingest.word`, :mod:`~voortgang.ingest.pdf`, :mod:`~voortgang.ingest.html`).

:func:`blocks_to_text` turns the blocks into the plain-text layout the text importers read:
one line per paragraph, one line per table row with its cells separated by tabs (a merged
cell spanning the row, such as a sub-theme row, becomes its text followed by empty cells), a
header row repeated on a following page or table of the same section left out. The text is
then detected and parsed by the importers in :data:`voortgang.ingest.IMPORTERS` like any
text document, and every line number of the result (records, themes, footnotes, warnings and
errors) is mapped back to the block's location.

Nothing here touches the database or the network.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from voortgang.ingest.base import ParsedDocument, ParseError, ParseWarning

_SPACE = re.compile(r"\s+")


@dataclass
class Block:
    """A paragraph (one cell) or a table row (several cells) at a location."""

    cells: list[str]
    location: int
    is_row: bool = False
    #: A table header row (repeated on every page of a long table).
    header: bool = False


@dataclass
class Container:
    """What a container reader gives: blocks, the unit of ``location`` and warnings."""

    blocks: list[Block]
    unit: str  # "page" (PDF) or "block" (DOCX, HTML)
    warnings: list[ParseWarning] = field(default_factory=list)


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\t", " ")).strip()


def blocks_to_text(blocks: list[Block]) -> tuple[str, list[int]]:
    """The text layout of ``blocks`` and, per text line (0-based), the block's location."""
    lines: list[str] = []
    locations: list[int] = []
    last_header: str | None = None
    for block in blocks:
        cells = [_flat(cell) for cell in block.cells]
        if not block.is_row:
            text = " ".join(c for c in cells if c)
            if not text:
                continue
            lines.append(text)
            locations.append(block.location)
            # A new section (a heading, a footnote, prose) may start a new table: its header
            # row is then not a repetition.
            last_header = None
            continue
        if not any(cells):
            continue
        line = "\t".join(cells)
        if block.header:
            if line == last_header:
                continue
            last_header = line
        lines.append(line)
        locations.append(block.location)
    return "\n".join(lines) + "\n", locations


def _remap(parsed: ParsedDocument, locate: Callable[[int | None], int | None]) -> None:
    """Replace every text line number in ``parsed`` by the block location it came from."""
    for theme in parsed.themes:
        theme.line = locate(theme.line) or theme.line
    for record in parsed.records:
        record.line_start = locate(record.line_start) or record.line_start
        record.line_end = locate(record.line_end) or record.line_end
    for xref in parsed.xrefs:
        xref.line = locate(xref.line) or xref.line
    for footnote in parsed.footnotes:
        footnote.line = locate(footnote.line) or footnote.line
    for figure in parsed.figures:
        figure.line = locate(figure.line) or figure.line
    parsed.warnings = [ParseWarning(locate(w.line), w.message) for w in parsed.warnings]


def detect_container(data: bytes) -> str | None:
    """``"pdf"``, ``"docx"`` or ``"html"`` when ``data`` is such a file, else ``None``."""
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            # A Word file cut off has lost its zip directory, but the headers of its first
            # parts ("word/…") are there: the Word reader then says the file is damaged.
            return "docx" if b"word/" in data else None
        return None
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def read_container(kind: str, data: bytes, *, name: str) -> Container:
    """The blocks of a container file. Raises :class:`ParseError` naming the file."""
    if kind == "pdf":
        from voortgang.ingest import pdf

        return pdf.read_blocks(data, name=name)
    if kind == "docx":
        from voortgang.ingest import word

        return word.read_blocks(data, name=name)
    if kind == "html":
        from voortgang.ingest import html

        return html.read_blocks(data, name=name)
    raise ParseError(name, None, f"unknown container format {kind!r}")  # pragma: no cover


def parse_container(
    kind: str,
    data: bytes,
    *,
    name: str,
    parse_text: Callable[[str], ParsedDocument],
) -> ParsedDocument:
    """Read a container file into text, parse that with ``parse_text`` and map the lines back.

    ``parse_text`` detects and parses the text (the importers of
    :data:`voortgang.ingest.IMPORTERS`). Errors name the page (PDF) or block.
    """
    container = read_container(kind, data, name=name)
    if not any(any(c.strip() for c in block.cells) for block in container.blocks):
        raise ParseError(name, None, f"the {kind.upper()} file contains no text")
    text, locations = blocks_to_text(container.blocks)

    def locate(line: int | None) -> int | None:
        if line is None or not 1 <= line <= len(locations):
            return None
        return locations[line - 1]

    try:
        parsed = parse_text(text)
    except ParseError as exc:
        where = locate(exc.line)
        message = exc.message
        if where is not None and container.unit == "page":
            message = f"(page {where}) {message}"
        raise ParseError(name, where, message) from None
    _remap(parsed, locate)
    parsed.line_count = max(locations, default=0)
    parsed.warnings[:0] = container.warnings
    return dataclasses.replace(parsed)
