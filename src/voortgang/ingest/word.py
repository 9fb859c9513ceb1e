"""Word documents read as blocks for :mod:`voortgang.ingest.containers` (being written)."""

from __future__ import annotations

from voortgang.ingest.base import ParseError
from voortgang.ingest.containers import Container


def read_blocks(data: bytes, *, name: str) -> Container:
    raise ParseError(name, None, "reading Word files is not supported yet")
