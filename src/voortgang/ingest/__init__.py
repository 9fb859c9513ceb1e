"""Parse-only importers: a file becomes a :class:`~voortgang.ingest.base.ParsedDocument`.

Nothing here touches the database or the network. The format is detected from the content,
never from the file name; a document no importer recognises is refused with the list of
formats that were tried.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import ModuleType

from voortgang.ingest import annex, cedaw, containers, eindrapportage, eu_brief, nota
from voortgang.ingest.base import ParsedDocument, ParseError, ParseWarning

#: Every importer, in the order detection tries them.
IMPORTERS: tuple[ModuleType, ...] = (annex, cedaw, eu_brief, nota, eindrapportage)

__all__ = [
    "IMPORTERS",
    "ParseError",
    "ParsedDocument",
    "decode",
    "parse_bytes",
    "parse_file",
    "read_file",
]

_ALLOWED_CONTROL = {"\t", "\n", "\r", "\f"}


def decode(data: bytes, name: str) -> tuple[str, list[ParseWarning]]:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252 with a warning.

    Empty and binary files are refused with a clear message.
    """
    if not data.strip():
        raise ParseError(name, None, "the file is empty; expected a text document")
    if b"\x00" in data[:65536]:
        raise ParseError(
            name, None, "this is a binary file (it contains NUL bytes); expected a text document"
        )
    warnings: list[ParseWarning] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ParseError(
                name, line, f"not valid UTF-8 text (byte {exc.start}); expected a text document"
            ) from None
        warnings.append(
            ParseWarning(line, "the file is not UTF-8; it was read as Windows-1252 (Latin-1)")
        )
    controls = sum(1 for ch in text[:65536] if ch < " " and ch not in _ALLOWED_CONTROL)
    if controls:
        first = next(i for i, ch in enumerate(text) if ch < " " and ch not in _ALLOWED_CONTROL)
        raise ParseError(
            name,
            text.count("\n", 0, first) + 1,
            f"this looks like a binary file ({controls} control characters); "
            "expected a text document",
        )
    return text, warnings


def parse_bytes(data: bytes, *, name: str) -> ParsedDocument:
    """Detect the format of ``data`` and parse it. Raises :class:`ParseError`.

    Word (DOCX), PDF and HTML files are first read as text (:mod:`voortgang.ingest.containers`)
    and then detected and parsed like a text document, their lines mapped back to pages or
    blocks.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    kind = containers.detect_container(data)
    if kind is not None:
        return containers.parse_container(
            kind,
            data,
            name=name,
            parse_text=lambda text: _parse_text(
                text, [], name=name, sha256=sha256, size=len(data), container=kind
            ),
        )
    text, warnings = decode(data, name)
    return _parse_text(text, warnings, name=name, sha256=sha256, size=len(data))


def _parse_text(
    text: str,
    warnings: list[ParseWarning],
    *,
    name: str,
    sha256: str,
    size: int,
    container: str | None = None,
) -> ParsedDocument:
    for importer in IMPORTERS:
        if importer.detect(text):
            parsed: ParsedDocument = importer.parse(text, name=name, sha256=sha256, size=size)
            parsed.warnings[:0] = warnings
            return parsed
    tried = "; ".join(f"{imp.FORMAT} ({imp.DESCRIPTION})" for imp in IMPORTERS)
    what = f"the text of this {container.upper()} file" if container else "the document"
    raise ParseError(name, None, f"{what} matches no known format; tried: {tried}")


def read_file(path: str | Path) -> bytes:
    """The file's bytes. Raises :class:`ParseError` naming the file when it cannot be read."""
    path = Path(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ParseError(path.name, None, f"cannot read the file: {exc.strerror}") from None


def parse_file(path: str | Path) -> ParsedDocument:
    """Read and parse one file. Raises :class:`ParseError` naming the file."""
    return parse_bytes(read_file(path), name=Path(path).name)
