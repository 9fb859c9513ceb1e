"""Exporters. Every exporter has one contract:

``render(**options) -> Export`` where :class:`Export` is ``(filename, mimetype, content)``,
reading only through :mod:`voortgang.tracker.selectors`.
"""

from __future__ import annotations

from typing import NamedTuple


class Export(NamedTuple):
    filename: str
    mimetype: str
    content: bytes


class ExportError(Exception):
    """Bad export options (an unknown format, …): a message for the user."""
