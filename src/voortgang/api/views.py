"""The API's endpoints: thin views that validate their parameters and call the selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from voortgang.api import schemas as s
from voortgang.api import selectors
from voortgang.api.errors import ApiError
from voortgang.tracker.selectors import RecordFilters

router = Router()

#: The responses every read can give besides 200.
ERRORS: dict[int, Any] = {304: None, 400: s.Error, 404: s.Error}
LIST_ERRORS: dict[int, Any] = {304: None, 400: s.Error}

#: Largest integer a path id may be (the databases' 64-bit ids).
MAX_ID = 2**63 - 1


# --- helpers ------------------------------------------------------------------------------


def _only(request: HttpRequest, *schemas: type[Schema]) -> None:
    """Refuse query parameters the endpoint does not know, and parameters given twice."""
    allowed = {name for schema in schemas for name in schema.model_fields}
    problems = []
    for name, values in request.GET.lists():
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            problems.append((name, f"not a parameter of this endpoint (known: {known})"))
        elif len(values) > 1:
            problems.append((name, "given more than once"))
    if problems:
        raise ApiError.bad_request(problems)


def _page(
    request: HttpRequest, paging: s.PageParams, count: int, items: list[Any]
) -> dict[str, Any]:
    def url(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        if page == 1:
            del query["page"]
        encoded = query.urlencode()
        return request.build_absolute_uri(f"{request.path}?{encoded}" if encoded else request.path)

    last = max(1, -(-count // paging.limit))
    return {
        "count": count,
        "next": url(paging.page + 1) if paging.page < last else None,
        "previous": url(min(paging.page - 1, last)) if paging.page > 1 else None,
        "items": items,
    }


def _offset(paging: s.PageParams) -> int:
    return (paging.page - 1) * paging.limit


def _record_filters(
    params: s.RecordFilterParams, *, kind: str | None
) -> tuple[RecordFilters, bool]:
    """The site's filter dataclass from validated parameters; and whether to order by
    relevance. Names that match nothing are errors (400), never silently ignored."""
    problems = selectors.record_filter_problems(
        theme=params.theme,
        subtheme=params.subtheme,
        ministry=params.ministry,
        document=params.document,
    )
    q = params.q
    if params.sort == "relevantie" and q is None:
        problems.append(("sort", "`relevantie` orders search results: it needs `q`"))
    if params.due_from and params.due_to and params.due_from > params.due_to:
        problems.append(("due_to", "is before due_from"))
    if problems:
        raise ApiError.bad_request(problems)
    status: int | None = None
    if params.status in ("none", "geen"):
        status = -1
    elif params.status is not None:
        status = int(params.status)
    by_relevance = q is not None and params.sort in (None, "relevantie")
    sort = params.sort if params.sort not in (None, "relevantie") else "bron"
    filters = RecordFilters(
        kind=kind,
        theme=params.theme,
        subtheme=params.subtheme,
        status=status,
        ministry=params.ministry,
        document=params.document,
        due_from=params.due_from,
        due_to=params.due_to,
        overdue=params.overdue,
        answered=params.answered,
        sort=sort or "bron",
    )
    return filters, by_relevance


def _records(
    request: HttpRequest, params: s.RecordFilterParams, paging: s.PageParams, kind: str | None
) -> dict[str, Any]:
    filters, by_relevance = _record_filters(params, kind=kind)
    ids = selectors.record_ids(filters=filters, q=params.q, by_relevance=by_relevance)
    offset = _offset(paging)
    items = selectors.records_by_ids(ids[offset : offset + paging.limit])
    return _page(request, paging, len(ids), items)


def _not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found")


# --- the index ----------------------------------------------------------------------------


@router.get(
    "/",
    response={200: s.Index, **LIST_ERRORS},
    tags=["index"],
    summary="What this API offers",
    operation_id="index",
)
def index(request: HttpRequest) -> dict[str, Any]:
    _only(request)
    endpoints = {
        "records": "records of every kind, with the site's filters",
        "measures": "measures",
        "motions": "motions",
        "commitments": "commitments",
        "recommendations": "CEDAW recommendations",
        "documents": "the ingested documents",
        "themes": "themes and sub-themes",
        "ministries": "ministries and bodies with their record counts",
        "references": "what the documents cite",
        "links": "links between records",
    }
    return {
        "title": "Voortgang API",
        "version": "1",
        "docs": request.build_absolute_uri(f"{request.path}docs"),
        "openapi": request.build_absolute_uri(f"{request.path}openapi.json"),
        "endpoints": {
            request.build_absolute_uri(f"{request.path}{name}"): what
            for name, what in endpoints.items()
        },
    }


# --- records ------------------------------------------------------------------------------

FILTERS_DOC = (
    "Filters combine (and); they are the site's list filters. A value that names nothing "
    "(an unknown theme, ministry or document) is an error (400), as is an unknown parameter."
)


@router.get(
    "/records",
    response={200: s.RecordPage, **LIST_ERRORS},
    tags=["records"],
    summary="Records of every kind",
    description=FILTERS_DOC,
    operation_id="records_list",
)
def records_list(
    request: HttpRequest, params: Query[s.RecordListParams], paging: Query[s.PageParams]
) -> dict[str, Any]:
    _only(request, s.RecordListParams, s.PageParams)
    return _records(request, params, paging, params.kind)


@router.get(
    "/records/{uid}",
    response={200: s.RecordDetail, **ERRORS},
    tags=["records"],
    summary="One record with its status history and links",
    operation_id="records_detail",
)
def records_detail(request: HttpRequest, uid: Path[str]) -> dict[str, Any]:
    _only(request)
    record = selectors.record_detail(uid=uid)
    if record is None:
        raise _not_found(f"record {uid!r}")
    return record


def _kind_endpoints(kind: str, plural: str, label: str) -> None:
    """``/<plural>`` and ``/<plural>/{uid}``: the records of one kind."""

    def list_view(
        request: HttpRequest, params: Query[s.RecordFilterParams], paging: Query[s.PageParams]
    ) -> dict[str, Any]:
        _only(request, s.RecordFilterParams, s.PageParams)
        return _records(request, params, paging, kind)

    def detail_view(request: HttpRequest, uid: Path[str]) -> dict[str, Any]:
        _only(request)
        record = selectors.record_detail(uid=uid, kind=kind)
        if record is None:
            raise _not_found(f"{kind} {uid!r}")
        return record

    register: Callable[..., Any] = router.get
    register(
        f"/{plural}",
        response={200: s.RecordPage, **LIST_ERRORS},
        tags=[plural],
        summary=f"{label} (records of kind `{kind}`)",
        description=FILTERS_DOC,
        operation_id=f"{plural}_list",
        url_name=f"{plural}_list",
    )(list_view)
    register(
        f"/{plural}/{{uid}}",
        response={200: s.RecordDetail, **ERRORS},
        tags=[plural],
        summary=f"One {kind} with its status history and links",
        operation_id=f"{plural}_detail",
        url_name=f"{plural}_detail",
    )(detail_view)


_kind_endpoints("measure", "measures", "Measures")
_kind_endpoints("motion", "motions", "Motions")
_kind_endpoints("commitment", "commitments", "Commitments")
_kind_endpoints("recommendation", "recommendations", "CEDAW recommendations")


# --- documents, themes, ministries, references, links -------------------------------------


@router.get(
    "/documents",
    response={200: s.DocumentPage, **LIST_ERRORS},
    tags=["documents"],
    summary="Ingested documents, in ingest order",
    operation_id="documents_list",
)
def documents_list(
    request: HttpRequest, params: Query[s.DocumentListParams], paging: Query[s.PageParams]
) -> dict[str, Any]:
    _only(request, s.DocumentListParams, s.PageParams)
    count, items = selectors.document_page(
        format=params.format, offset=_offset(paging), limit=paging.limit
    )
    return _page(request, paging, count, items)


@router.get(
    "/documents/{id}",
    response={200: s.DocumentDetail, **ERRORS},
    tags=["documents"],
    summary="One document: legend, themes and sub-themes, record kinds, warnings",
    operation_id="documents_detail",
)
def documents_detail(request: HttpRequest, id: Path[int]) -> dict[str, Any]:
    _only(request)
    document = selectors.document_detail(pk=id) if 0 < id <= MAX_ID else None
    if document is None:
        raise _not_found(f"document {id}")
    return document


@router.get(
    "/themes",
    response={200: s.ThemePage, **LIST_ERRORS},
    tags=["themes"],
    summary="Themes and sub-themes of every document, in source order",
    operation_id="themes_list",
)
def themes_list(
    request: HttpRequest, params: Query[s.ThemeListParams], paging: Query[s.PageParams]
) -> dict[str, Any]:
    _only(request, s.ThemeListParams, s.PageParams)
    problems = selectors.record_filter_problems(document=params.document)
    if problems:
        raise ApiError.bad_request(problems)
    count, items = selectors.theme_page(
        document=params.document,
        level=params.level,
        name=params.name,
        offset=_offset(paging),
        limit=paging.limit,
    )
    return _page(request, paging, count, items)


@router.get(
    "/themes/{id}",
    response={200: s.ThemeDetail, **ERRORS},
    tags=["themes"],
    summary="One theme with its sub-themes",
    operation_id="themes_detail",
)
def themes_detail(request: HttpRequest, id: Path[int]) -> dict[str, Any]:
    _only(request)
    theme = selectors.theme_detail(pk=id) if 0 < id <= MAX_ID else None
    if theme is None:
        raise _not_found(f"theme {id}")
    return theme


@router.get(
    "/ministries",
    response={200: s.MinistryPage, **LIST_ERRORS},
    tags=["ministries"],
    summary="Ministries, bodies and collectives with their record counts",
    operation_id="ministries_list",
)
def ministries_list(
    request: HttpRequest, params: Query[s.MinistryListParams], paging: Query[s.PageParams]
) -> dict[str, Any]:
    _only(request, s.MinistryListParams, s.PageParams)
    count, items = selectors.ministry_page(
        kind=params.kind,
        responsible=params.responsible,
        offset=_offset(paging),
        limit=paging.limit,
    )
    return _page(request, paging, count, items)


@router.get(
    "/ministries/{code}",
    response={200: s.MinistryOut, **ERRORS},
    tags=["ministries"],
    summary="One ministry or body",
    operation_id="ministries_detail",
)
def ministries_detail(request: HttpRequest, code: Path[str]) -> dict[str, Any]:
    _only(request)
    ministry = selectors.ministry_detail(code=code)
    if ministry is None:
        raise _not_found(f"ministry {code!r}")
    return ministry


@router.get(
    "/references",
    response={200: s.ReferencePage, **LIST_ERRORS},
    tags=["references"],
    summary="What the documents cite: parliamentary papers, EU acts, footnotes, links",
    operation_id="references_list",
)
def references_list(
    request: HttpRequest, params: Query[s.ReferenceListParams], paging: Query[s.PageParams]
) -> dict[str, Any]:
    _only(request, s.ReferenceListParams, s.PageParams)
    problems = selectors.record_filter_problems(document=params.document)
    if problems:
        raise ApiError.bad_request(problems)
    count, items = selectors.reference_page(
        kind=params.kind,
        document=params.document,
        dossier=params.dossier,
        number=params.number,
        key=params.key,
        cited=params.cited,
        offset=_offset(paging),
        limit=paging.limit,
    )
    return _page(request, paging, count, items)


@router.get(
    "/links",
    response={200: s.LinkPage, **LIST_ERRORS},
    tags=["links"],
    summary="Links between records, strongest first",
    operation_id="links_list",
)
def links_list(
    request: HttpRequest, params: Query[s.LinkListParams], paging: Query[s.PageParams]
) -> dict[str, Any]:
    _only(request, s.LinkListParams, s.PageParams)
    count, items = selectors.link_page(
        kind=params.kind,
        status=params.status,
        record=params.record,
        offset=_offset(paging),
        limit=paging.limit,
    )
    return _page(request, paging, count, items)
