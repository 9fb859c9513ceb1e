"""The annex as a Word document (being written)."""

from __future__ import annotations

from voortgang.reports import ExportError
from voortgang.reports.annex_selectors import AnnexView


def render_docx(view: AnnexView) -> bytes:
    raise ExportError("the Word annex is not available yet")
