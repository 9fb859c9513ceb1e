"""The annex of the progress report, regenerated from the database in its published layout.

``render(format=…, document=… | as_of=…)`` gives the annex of one reporting moment as HTML
(a standalone, accessible page: every style embedded, no external resources), as PDF (the
same page laid out by WeasyPrint for A4 portrait, with the header row repeated on every page
and "Pagina n van m" at the foot; a tagged PDF/UA-1) or as Word
(:mod:`voortgang.reports.annex_docx`).

What the annex shows comes from :func:`voortgang.reports.annex_selectors.annex_view`; the
generated files are laid out so that ``voortgang ingest`` reads them back into the same
records (the round trip): theme headings ``1. ARBEID``, one table per theme with the header
row ``Maatregel / Stand van zaken / Wanneer / Wie / Toelichting``, sub-theme rows spanning the
table, footnote markers as superscripts (``¹``) at the end of the cell, the theme's footnotes
right after its table, and the legend (``4 = afgerond``) at the start.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, translation

from voortgang.reports import Export, ExportError
from voortgang.reports.annex_docx import render_docx
from voortgang.reports.annex_selectors import COLUMNS, AnnexView, annex_document, annex_view

#: format → (mimetype, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html", "html"),
    "pdf": ("application/pdf", "pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
}


def render(*, format: str, document: str | None = None, as_of: dt.date | None = None) -> Export:
    """The annex of ``document`` (a file name), else of the reporting moment on or before
    ``as_of``, else of the latest one. Raises :class:`ExportError` with a clear message."""
    if format not in FORMATS:
        known = ", ".join(FORMATS)
        raise ExportError(f"unknown annex format {format!r}; expected one of {known}")
    if document and as_of:
        raise ExportError("give either a document or a date (as_of), not both")
    source = annex_document(name=document, as_of=as_of)
    view = annex_view(document=source)
    mimetype, extension = FORMATS[format]
    if format == "html":
        content = render_html(view).encode("utf-8")
    elif format == "pdf":
        content = render_pdf(view)
    else:
        content = render_docx(view)
    return Export(
        f"bijlage-voortgangsrapportage-{_day(view).isoformat()}.{extension}", mimetype, content
    )


def _day(view: AnnexView) -> dt.date:
    if view.moment is not None:
        return view.moment.date
    return view.document.ingested_at.date()


def _context(view: AnnexView) -> dict[str, Any]:
    moment = None
    if view.moment is not None:
        moment = formats.date_format(view.moment.date, "j F Y")
    return {"view": view, "columns": COLUMNS, "moment": moment}


def render_html(view: AnnexView) -> str:
    """The annex as a standalone HTML page, in Dutch whatever the active language."""
    with translation.override("nl"):
        return render_to_string("reports/annex.html", _context(view))


def render_pdf(view: AnnexView) -> bytes:
    """The annex as an A4 portrait PDF (WeasyPrint on :func:`render_html`'s page): a tagged
    PDF (PDF/UA-1: headings, tables with header cells, reading order, language ``nl`` and
    the title in its metadata), so that a screen reader reads it as a table too."""
    import weasyprint  # type: ignore[import-untyped]

    html = render_html(view)
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch)
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def _no_fetch(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """The annex loads nothing: every style is embedded, and no request leaves the machine."""
    raise ValueError(f"the annex loads no external resources ({url!r})")
