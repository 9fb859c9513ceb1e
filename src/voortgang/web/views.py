"""The public site: thin views over :mod:`voortgang.web.selectors` and the search selector.

List pages read their filters from the query string (shareable URLs); an htmx request
(``HX-Request``) gets only the results region, every other request the whole page.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from voortgang.linking import selectors as link_selectors
from voortgang.reports import ExportError
from voortgang.reports import annex as annex_export
from voortgang.reports import changes as changes_export
from voortgang.reports import records as record_export
from voortgang.reports import selectors as report_selectors
from voortgang.rounds import permissions as perm
from voortgang.search.selectors import record_search
from voortgang.tracker.models import Measure
from voortgang.tracker.selectors import data_version
from voortgang.tracker.selectors import document_list as tracker_document_list
from voortgang.web import selectors
from voortgang.web.filters import page_number, parse_filters

PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 20

#: The convenience lists: kind -> (page title, intro).
KIND_PAGES: dict[str, tuple[Any, Any]] = {
    "measure": (gettext_lazy("Maatregelen"), gettext_lazy("Alle maatregelen uit de documenten.")),
    "motion": (
        gettext_lazy("Moties"),
        gettext_lazy("Door de Tweede Kamer aangenomen moties en wat ermee gebeurt."),
    ),
    "commitment": (
        gettext_lazy("Toezeggingen"),
        gettext_lazy("Toezeggingen van bewindspersonen aan de Kamer."),
    ),
    "recommendation": (
        gettext_lazy("Aanbevelingen"),
        gettext_lazy("Aanbevelingen van het CEDAW-comité en de stand van zaken."),
    ),
}


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"dashboard": selectors.dashboard()})


def _record_list(request: HttpRequest, *, kind: str | None, title: Any, intro: Any) -> HttpResponse:
    options = selectors.filter_options()
    parsed = parse_filters(request.GET, options, fixed_kind=kind)
    number, page_error = page_number(request.GET.get("page"))
    errors = parsed.errors + ([page_error] if page_error else [])
    paginator = Paginator(selectors.record_queryset(parsed.filters), PAGE_SIZE)
    page = paginator.get_page(number)
    context = {
        "title": title,
        "intro": intro,
        "fixed_kind": kind,
        "options": options,
        "parsed": parsed,
        "values": parsed.values,
        "errors": errors,
        "page": page,
        "rows": selectors.record_rows(page.object_list),
        "kinds": [(k.value, k.label) for k in Measure.Kind],
        "sorts": _sort_labels(),
        "list_path": request.path,
        "export_query": parsed.query(**({"kind": kind} if kind else {})),
    }
    if not _is_htmx(request):
        response = render(request, "web/record_list.html", context)
    else:
        response = render(request, "web/_record_results.html", context)
        # The address bar gets the canonical URL of this state: no empty or invalid values.
        query = parsed.query(page=str(page.number) if page.number > 1 else None)
        response["HX-Push-Url"] = f"{request.path}?{query}" if query else request.path
    patch_vary_headers(response, ["HX-Request"])
    return response


def _sort_labels() -> list[tuple[str, str]]:
    return [
        ("bron", _("Volgorde in de bron")),
        ("titel", _("Titel (A–Z)")),
        ("stand", _("Stand van zaken")),
        ("deadline", _("Einddatum (vroegste eerst)")),
        ("-deadline", _("Einddatum (laatste eerst)")),
    ]


def record_list(request: HttpRequest) -> HttpResponse:
    return _record_list(
        request,
        kind=None,
        title=_("Alle records"),
        intro=_("Maatregelen, moties, toezeggingen en aanbevelingen uit alle documenten."),
    )


def kind_list(request: HttpRequest, *, kind: str) -> HttpResponse:
    title, intro = KIND_PAGES[kind]
    return _record_list(request, kind=kind, title=title, intro=intro)


def record_detail(request: HttpRequest, uid: str) -> HttpResponse:
    measure = selectors.record_detail(uid=uid)
    if measure is None:
        raise Http404(_("Geen record met deze code."))
    rows = selectors.record_rows([measure])
    links = link_selectors.record_links(measure=measure)
    review_url = ""
    if (links.merged or links.possible or links.addresses) and perm.role_of(request.user) in (
        perm.COORDINATOR,
        perm.REVIEWER,
    ):
        query = urlencode({"status": "all", "record": measure.uid})
        review_url = f"{reverse('linking:review')}?{query}"
    return render(
        request,
        "web/record_detail.html",
        {"m": measure, "row": rows[0], "links": links, "review_url": review_url},
    )


def search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:500]
    kind = request.GET.get("kind") or ""
    kinds = {k.value for k in Measure.Kind}
    errors: list[str] = []
    if kind and kind not in kinds:
        errors.append(_("Onbekende soort “%(value)s”: dit filter is genegeerd.") % {"value": kind})
        kind = ""
    number, page_error = page_number(request.GET.get("page"))
    if page_error:
        errors.append(page_error)
    result = record_search(
        query=query,
        kind=kind or None,
        limit=SEARCH_PAGE_SIZE,
        offset=(number - 1) * SEARCH_PAGE_SIZE,
    )
    documents = selectors.documents_by_id(sorted({h.document_id for h in result.hits}))
    hits = [(hit, documents.get(hit.document_id)) for hit in result.hits]
    pages = max(1, -(-result.total // SEARCH_PAGE_SIZE))
    context = {
        "query": query,
        "kind": kind,
        "kinds": [(k.value, k.label) for k in Measure.Kind],
        "result": result,
        "hits": hits,
        "errors": errors,
        "number": number,
        "start": (number - 1) * SEARCH_PAGE_SIZE + 1,
        "pages": pages,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
    }
    template = "web/_search_results.html" if _is_htmx(request) else "web/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _detail_page(request: HttpRequest, records: Any) -> tuple[Any, list[str]]:
    """A page of ``records`` for a detail page (``?page=``), and any error about the number."""
    number, error = page_number(request.GET.get("page"))
    page = Paginator(records, PAGE_SIZE).get_page(number)
    return page, [error] if error else []


def ministry_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/ministry_list.html", {"ministries": selectors.ministry_list()})


def ministry_detail(request: HttpRequest, code: str) -> HttpResponse:
    ministry = selectors.ministry_get(code=code)
    if ministry is None:
        raise Http404(_("Onbekend ministerie."))
    records = selectors.record_queryset(selectors.RecordFilters(ministry=ministry.code))
    overdue = selectors.record_queryset(
        selectors.RecordFilters(ministry=ministry.code, overdue=True, sort="deadline")
    )
    page, errors = _detail_page(request, records)
    return render(
        request,
        "web/ministry_detail.html",
        {
            "ministry": ministry,
            "page": page,
            "errors": errors,
            "rows": selectors.record_rows(page.object_list),
            "overdue": selectors.record_rows(overdue),
            "export_query": urlencode({"ministry": ministry.code}),
        },
    )


def document_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/documents.html", {"documents": tracker_document_list()})


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(pk=pk)
    if document is None:
        raise Http404(_("Onbekend document."))
    records = selectors.record_queryset(selectors.RecordFilters(document=document.name))
    page, errors = _detail_page(request, records)
    return render(
        request,
        "web/document_detail.html",
        {
            "document": document,
            "kinds": selectors.document_kinds(document=document),
            "themes": selectors.document_themes(document=document),
            "warnings": list(selectors.document_warnings(document=document)),
            "observations": list(selectors.document_observations(document=document)),
            "export_query": urlencode({"document": document.name}),
            "page": page,
            "errors": errors,
            "rows": selectors.record_rows(page.object_list),
        },
    )


#: How long a rendered annex stays in the cache; the key holds the data version, so a change
#: to the data is never hidden by it.
ANNEX_CACHE_SECONDS = 24 * 3600


def annex_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The annex of an annex document as PDF, Word or HTML (``reports.annex``); a document
    that is not an annex, or an unknown format, is a 404 page, never a server error.

    Rendering a PDF takes seconds, so the result is cached per document, format, language
    and state of the data (:func:`~voortgang.tracker.selectors.data_version`), and the
    response carries that as its ``ETag``: a browser that has it gets a 304."""
    document = selectors.document_get(pk=pk)
    if document is None:
        raise Http404(_("Onbekend document."))
    if fmt not in annex_export.FORMATS:
        raise Http404(_("Onbekend formaat."))
    version = hashlib.sha256(
        f"{document.sha256}|{fmt}|{get_language()}|{data_version().token}".encode()
    ).hexdigest()[:32]
    etag = f'"annex-{version}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    key = f"voortgang:annex:{version}"
    export = cache.get(key)
    if export is None:
        try:
            export = annex_export.render(format=fmt, document=document.name)
        except ExportError as error:
            raise Http404(str(error)) from None
        cache.set(key, export, timeout=ANNEX_CACHE_SECONDS)
    mimetype = export.mimetype + ("; charset=utf-8" if fmt == "html" else "")
    response = HttpResponse(export.content, content_type=mimetype)
    disposition = "attachment" if fmt == "docx" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{export.filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"  # revalidate: the ETag answers cheaply
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def theme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/theme_list.html", {"themes": selectors.theme_list()})


def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    theme = selectors.theme_get(pk=pk)
    if theme is None:
        raise Http404(_("Onbekend thema."))
    page, errors = _detail_page(request, selectors.theme_records(theme=theme))
    return render(
        request,
        "web/theme_detail.html",
        {
            "theme": theme,
            "page": page,
            "errors": errors,
            "rows": selectors.record_rows(page.object_list),
            "export_query": urlencode(_theme_filters(theme)),
        },
    )


def _theme_filters(theme: Any) -> dict[str, str]:
    """The list filters that select exactly a theme's (or sub-theme's) records."""
    if theme.level == 1:
        return {"theme": theme.name, "document": theme.document.name}
    parent = theme.parent.name if theme.parent else ""
    return {"theme": parent, "subtheme": theme.name, "document": theme.document.name}


def records_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The records of a list as a file (CSV, JSON, XLSX): the list's own query-string filters,
    every page. Invalid filter values are ignored, as on the list, and named in the response
    (the XLSX README sheet, the ``X-Ignored-Filters`` header)."""
    if fmt not in record_export.FORMATS:
        raise Http404(_("Onbekend formaat."))
    parsed = parse_filters(request.GET, selectors.filter_options())
    export = record_export.render(format=fmt, filters=parsed.filters, ignored=parsed.errors)
    mimetype = export.mimetype + ("; charset=utf-8" if fmt in ("csv", "json") else "")
    response = HttpResponse(export.content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    if parsed.errors:
        # One line: a value with a line break must not break the header.
        response["X-Ignored-Filters"] = " ".join(" ".join(parsed.errors).split())
    return response


# --- What changed between two reporting moments -------------------------------------------


def _changes_choice(request: HttpRequest) -> tuple[Any, list[Any], list[str]]:
    """The report for the query string's ``from`` and ``to`` (document names or days); an
    invalid value is ignored and named in a message. ``(None, moments, errors)`` when there
    are fewer than two reporting moments."""
    moments = report_selectors.moment_list()
    names = [m.document for m in moments]
    errors: list[str] = []
    chosen: dict[str, str | None] = {}
    for key in ("from", "to"):
        value = (request.GET.get(key) or "").strip()[:300]
        chosen[key] = None
        if value:
            try:
                chosen[key] = report_selectors.moment_resolve(spec=value, moments=moments).document
            except ExportError:
                errors.append(
                    _("Onbekend rapportagemoment “%(value)s”: deze keuze is genegeerd.")
                    % {"value": value}
                )
    old, new = chosen["from"], chosen["to"]
    if old and new is None and names and old == names[-1]:
        new = old  # "from" the latest moment: compared with itself unless "to" says otherwise
    if old and new and old == new:
        errors.append(_("Kies twee verschillende rapportagemomenten."))
        old = None
    elif old and new and names.index(old) > names.index(new):
        errors.append(_("Het eerste rapportagemoment lag na het tweede; ze zijn omgewisseld."))
        old, new = new, old
    if len(moments) < 2:
        return None, moments, errors
    try:
        report = report_selectors.changes_report(old=old, new=new, moments=moments)
    except ExportError:
        errors.append(_("Voor dit rapportagemoment is er geen eerder moment."))
        report = report_selectors.changes_report(moments=moments)
    return report, moments, errors


def changes(request: HttpRequest) -> HttpResponse:
    report, moments, errors = _changes_choice(request)
    # Not "query": the site's search box shows that.
    download_query = ""
    if report is not None:
        download_query = urlencode({"from": report.old.document, "to": report.new.document})
    return render(
        request,
        "web/changes.html",
        {
            "report": report,
            "moments": moments,
            "errors": errors,
            "download_query": download_query,
        },
    )


def changes_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The report of the page as a file (``html`` or ``docx``) for exactly ``from`` and
    ``to``; an unknown format or moment is a 404, never a server error."""
    if fmt not in changes_export.FORMATS:
        raise Http404(_("Onbekend formaat."))
    old = (request.GET.get("from") or "").strip() or None
    new = (request.GET.get("to") or "").strip() or None
    try:
        export = changes_export.render(format=fmt, old=old, new=new)
    except ExportError as error:
        raise Http404(str(error)) from None
    response = HttpResponse(export.content, content_type=export.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
