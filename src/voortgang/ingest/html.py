"""HTML documents (a web page, or the annex ``voortgang report annex --format html`` writes)
read as blocks for :mod:`voortgang.ingest.containers`.

Headings, paragraphs, list items and captions become paragraph blocks; every table row
(``<tr>``) a row block, its cells the text of ``<th>``/``<td>``; a cell spanning several
columns is followed by empty cells so the row keeps the table's width; rows in ``<thead>``
(or made only of several ``<th>`` cells) are header rows. Footnote markers written as
``<sup>1</sup>`` become superscript digits (``¹``), as in the text documents. ``<script>``,
``<style>``, ``<nav>``, ``<header>`` and ``<footer>`` are skipped. A block's location is its
ordinal.
"""

from __future__ import annotations

from typing import Any

import lxml.html
from lxml import etree

from voortgang.ingest.base import ParseError, ParseWarning
from voortgang.ingest.containers import Block, Container

_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SKIP = {"script", "style", "nav", "header", "footer", "template", "noscript"}
_PARAGRAPHS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "caption", "dt", "dd", "pre"}


def _text(element: Any) -> str:
    """The text of ``element`` with ``<sup>`` digits as superscripts and ``<br>`` as spaces."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP:
            if node.tail:
                parts.append(node.tail)
            return
        if tag == "br":
            parts.append(" ")
        elif tag == "sup":
            content = "".join(node.itertext()).strip()
            parts.append(content.translate(_SUPER) if content.isdigit() else content)
            if node.tail:
                parts.append(node.tail)
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in _PARAGRAPHS or tag in {"td", "th", "div"}:
            parts.append(" ")
        if node.tail and node is not element:
            parts.append(node.tail)

    walk(element)
    return " ".join("".join(parts).split())


def read_blocks(data: bytes, *, name: str) -> Container:
    warnings: list[ParseWarning] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append(ParseWarning(None, "the HTML is not UTF-8; it was read as Windows-1252"))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(name, None, f"not a readable HTML document: {exc}") from None
    blocks: list[Block] = []

    def visit(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP:
            return
        if tag == "table":
            for row in node.iter("tr"):
                if row.getparent() is not None and _nearest_table(row) is not node:
                    continue  # a row of a nested table
                cells: list[str] = []
                for cell in row:
                    if cell.tag not in ("td", "th"):
                        continue
                    cells.append(_text(cell))
                    span = cell.get("colspan", "1")
                    cells.extend([""] * (int(span) - 1 if span.isdigit() and int(span) > 1 else 0))
                parent = row.getparent()
                own = [cell for cell in row if cell.tag in ("td", "th")]
                # A row of header cells is a header row; one cell spanning the table (a
                # sub-theme row, <th colspan="5">) is not.
                header = (parent is not None and parent.tag == "thead") or (
                    len(own) > 1 and all(cell.tag == "th" for cell in own)
                )
                blocks.append(Block(cells, len(blocks) + 1, is_row=True, header=header))
            return
        if tag in _PARAGRAPHS:
            text = _text(node)
            if text:
                blocks.append(Block([text], len(blocks) + 1))
            return
        if tag == "div" and node.text and node.text.strip():
            blocks.append(Block([node.text.strip()], len(blocks) + 1))
        for child in node:
            visit(child)

    body = root.find("body")
    visit(body if body is not None else root)
    return Container(blocks=blocks, unit="block", warnings=warnings)


def _nearest_table(row: Any) -> Any:
    node = row.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node
