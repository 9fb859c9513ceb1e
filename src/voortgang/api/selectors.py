"""API-shaped reads: pages of records, documents, themes, ministries, references and links as
plain values that the response schemas (``api/schemas.py``) validate.

Each list costs a fixed number of queries, whatever its page size: the page's ids first, then
the rows with everything they show in one query per relation (``select_related`` /
``prefetch_related``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from voortgang.linking.models import Link
from voortgang.linking.selectors import link_queryset, link_record, links_version
from voortgang.search.selectors import MAX_LIMIT as SEARCH_PAGE
from voortgang.search.selectors import record_search
from voortgang.tracker import selectors as tracker
from voortgang.tracker.models import (
    CrossReference,
    Document,
    Measure,
    Ministry,
    Reference,
    StatusEntry,
    StatusEntryMinistry,
    Theme,
)

#: Search results taken into account when ``q`` filters a list.
MAX_SEARCH_HITS = 5000


# --- version (ETag / Last-Modified) -------------------------------------------------------


@dataclass(frozen=True)
class ApiVersion:
    token: str
    last_modified: dt.datetime | None


def api_version() -> ApiVersion:
    """The data version of everything the API shows: the tracker's data and the links."""
    data = tracker.data_version()
    links, links_changed = links_version()
    stamps = [s for s in (data.last_modified, links_changed) if s is not None]
    return ApiVersion(token=f"{data.token}|{links}", last_modified=max(stamps) if stamps else None)


# --- paging -------------------------------------------------------------------------------


def page_of(qs: QuerySet[Any], *, offset: int, limit: int) -> tuple[int, list[Any]]:
    """``(count, rows)``: the number of rows of ``qs`` and those from ``offset`` on."""
    count = qs.count()
    if offset >= count:
        return count, []
    return count, list(qs[offset : offset + limit])


# --- records ------------------------------------------------------------------------------


def _no_nul(value: str) -> bool:
    return "\x00" not in value


def record_filter_problems(
    *,
    theme: str | None = None,
    subtheme: str | None = None,
    ministry: str | None = None,
    document: str | None = None,
) -> list[tuple[str, str]]:
    """``(parameter, message)`` for every filter value that names nothing in the database."""
    problems: list[tuple[str, str]] = []
    checks: list[tuple[str, str | None, QuerySet[Any], str]] = [
        ("theme", theme, Theme.objects.filter(level=1), "no theme is called {!r}"),
        ("subtheme", subtheme, Theme.objects.filter(level=2), "no sub-theme is called {!r}"),
        ("document", document, Document.objects.all(), "no document is called {!r}"),
    ]
    for name, value, qs, message in checks:
        if value is not None and not (_no_nul(value) and qs.filter(name=value).exists()):
            problems.append((name, message.format(value)))
    if ministry is not None and not (
        _no_nul(ministry) and Ministry.objects.filter(code=ministry).exists()
    ):
        problems.append(("ministry", f"no ministry or body has the code {ministry!r}"))
    return problems


def _search_ids(*, q: str, kind: str | None) -> list[int]:
    """The ids of the records that match ``q``, best first."""
    ids: list[int] = []
    while len(ids) < MAX_SEARCH_HITS:
        page = record_search(query=q, kind=kind, limit=SEARCH_PAGE, offset=len(ids))
        ids.extend(hit.measure_id for hit in page.hits)
        if not page.hits or len(ids) >= page.total:
            break
    return ids


def record_ids(
    *, filters: tracker.RecordFilters, q: str | None = None, by_relevance: bool = False
) -> list[int]:
    """The ids of the filtered list ``record_queryset(filters)`` in its order (ties by id);
    with ``q`` only those that match the search, best first when ``by_relevance``."""
    qs = tracker.record_queryset(filters).prefetch_related(None)
    qs = qs.order_by(*qs.query.order_by, "id")
    ids = list(qs.values_list("id", flat=True))
    if q is None:
        return ids
    hits = _search_ids(q=q, kind=filters.kind)
    if by_relevance:
        wanted = set(ids)
        return [pk for pk in hits if pk in wanted]
    matched = set(hits)
    return [pk for pk in ids if pk in matched]


def _overdue(status: int | None, due_end: dt.date | None, on: dt.date) -> bool:
    return status == tracker.IN_PROGRESS and due_end is not None and due_end < on


def _record(measure: Measure, on: dt.date) -> dict[str, Any]:
    """A record from a measure of ``tracker.measure_queryset()``, with ``overdue``."""
    record = tracker.record_from_measure(measure)
    entries = list(measure.status_entries.all())
    current = entries[-1] if entries else None
    record["overdue"] = bool(current and _overdue(current.status, current.due_end, on))
    return record


_MEASURE_VALUES = (
    "id",
    "uid",
    "kind",
    "title",
    "document_id",
    "document__name",
    "line_start",
    "line_end",
    "theme__name",
    "subtheme__name",
    "number",
    "parts",
    "urls",
    "submitters",
    "parties",
    "motion_date",
    "subject",
    "see_also__uid",
)
_ENTRY_VALUES = (
    "id",
    "measure_id",
    "document_id",
    "status",
    "when_raw",
    "due_start",
    "due_end",
    "ongoing",
    "not_applicable",
    "completed",
    "who_raw",
    "explanation",
    "bullets",
)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def records_by_ids(ids: Sequence[int]) -> list[dict[str, Any]]:
    """The records with these ids, in this order, with ``overdue``: what
    ``tracker.record_from_measure`` makes of ``tracker.measure_queryset()``, built from six
    ``values()`` queries (Django's prefetching spends most of a list's time in Python, per
    object; this does not). ``tests/api`` holds the two to the same output."""
    if not ids:
        return []
    wanted = list(ids)
    on = tracker.today()
    measures = {
        row["id"]: row for row in Measure.objects.filter(id__in=wanted).values(*_MEASURE_VALUES)
    }
    source: dict[int, dict[str, Any]] = {}
    current: dict[int, tuple[int | None, dt.date | None]] = {}
    entries = StatusEntry.objects.filter(measure_id__in=wanted).order_by("created_at", "id")
    for entry in entries.values(*_ENTRY_VALUES):
        measure = measures.get(entry["measure_id"])
        if measure is None:
            continue
        if entry["document_id"] == measure["document_id"] and measure["id"] not in source:
            source[measure["id"]] = entry
        current[measure["id"]] = (entry["status"], entry["due_end"])
    codes: dict[int, list[str]] = {}
    pairs = (
        StatusEntryMinistry.objects.filter(entry_id__in=[e["id"] for e in source.values()])
        .order_by("entry_id", "position", "id")
        .values_list("entry_id", "ministry__code")
    )
    for entry_id, code in pairs:
        codes.setdefault(entry_id, []).append(code)
    references: dict[int, list[dict[str, Any]]] = {}
    cited = (
        Measure.references.through.objects.filter(measure_id__in=wanted)
        .order_by(
            "reference__document__ingested_at",
            "reference__document_id",
            "reference__line",
            "reference__id",
        )
        .values_list(
            "measure_id",
            "reference__label",
            "reference__kind",
            "reference__dossier",
            "reference__number",
            "reference__url",
            "reference__cited_document__name",
        )
    )
    for measure_id, label, kind, dossier, number, url, document in cited:
        references.setdefault(measure_id, []).append(
            {
                "label": label,
                "kind": kind,
                "dossier": dossier or None,
                "number": number or None,
                "url": url or None,
                "document": document,
            }
        )
    mentioned: dict[int, list[str]] = {}
    mentions = (
        Measure.mentioned_in.through.objects.filter(from_measure_id__in=wanted)
        .order_by("to_measure__position", "to_measure_id")
        .values_list("from_measure_id", "to_measure__uid")
    )
    for measure_id, uid in mentions:
        mentioned.setdefault(measure_id, []).append(uid)
    xrefs: dict[int, list[dict[str, Any]]] = {}
    rows = (
        CrossReference.objects.filter(target_id__in=wanted)
        .order_by("document__ingested_at", "document_id", "line", "id")
        .values_list("target_id", "theme__name", "subtheme__name", "title", "line")
    )
    for target_id, theme, subtheme, title, line in rows:
        xrefs.setdefault(target_id, []).append(
            {"theme": theme, "subtheme": subtheme, "title": title, "line": line}
        )
    records = []
    for pk in wanted:
        m = measures.get(pk)
        if m is None:
            continue
        own = source.get(pk)
        due = None
        if own is not None and (own["due_start"] or own["due_end"]):
            due = {"start": _iso(own["due_start"]), "end": _iso(own["due_end"])}
        status, due_end = current.get(pk, (None, None))
        records.append(
            {
                "uid": m["uid"],
                "kind": m["kind"],
                "title": m["title"],
                "document": m["document__name"],
                "line": m["line_start"],
                "line_end": m["line_end"],
                "theme": m["theme__name"],
                "subtheme": m["subtheme__name"],
                "status": own["status"] if own else None,
                "when": (own["when_raw"] or None) if own else None,
                "due": due,
                "ongoing": bool(own and own["ongoing"]),
                "not_applicable": bool(own and own["not_applicable"]),
                "completed": bool(own and own["completed"]),
                "who": (own["who_raw"] or None) if own else None,
                "ministries": codes.get(own["id"], []) if own else [],
                "parts": list(m["parts"] or []),
                "number": m["number"] or None,
                "text": own["explanation"] if own else "",
                "references": references.get(pk, []),
                "bullets": list(own["bullets"] or []) if own else [],
                "see_also": m["see_also__uid"],
                "urls": list(m["urls"] or []),
                "submitters": list(m["submitters"] or []),
                "parties": list(m["parties"] or []),
                "date": _iso(m["motion_date"]),
                "subject": m["subject"] or None,
                "mentioned_in": mentioned.get(pk, []),
                "cross_references": xrefs.get(pk, []),
                "overdue": _overdue(status, due_end, on),
            }
        )
    return records


def _entry(entry: StatusEntry) -> dict[str, Any]:
    return {
        "document": entry.document.name if entry.document else None,
        "document_id": entry.document_id,
        "status": entry.status,
        "when": entry.when_raw or None,
        "due_start": entry.due_start,
        "due_end": entry.due_end,
        "ongoing": entry.ongoing,
        "not_applicable": entry.not_applicable,
        "completed": entry.completed,
        "started": entry.started,
        "recurring": entry.recurring,
        "who": entry.who_raw or None,
        "ministries": [link.ministry.code for link in entry.ministry_links.all()],
        "explanation": entry.explanation,
        "bullets": list(entry.bullets),
        "line": entry.line_start,
        "line_end": entry.line_end,
        "created_at": entry.created_at,
    }


def link_out(link: Link) -> dict[str, Any]:
    return {
        **link_record(link),
        "id": link.pk,
        "status": link.status,
        "automatic": link.automatic,
        "evidence": link.evidence if isinstance(link.evidence, dict) else {},
        "created_at": link.created_at,
    }


def record_detail(*, uid: str, kind: str | None = None) -> dict[str, Any] | None:
    """One record (of ``kind``, when given) with its status history and links, or None."""
    if not _no_nul(uid):
        return None
    qs = tracker.measure_queryset().filter(uid=uid)
    if kind:
        qs = qs.filter(kind=kind)
    measure = qs.first()
    if measure is None:
        return None
    record = _record(measure, tracker.today())
    links = StatusEntryMinistry.objects.select_related("ministry").order_by("position")
    entries = (
        StatusEntry.objects.filter(measure=measure)
        .select_related("document")
        .defer("document__legend")
        .prefetch_related(Prefetch("ministry_links", queryset=links))
        .order_by("created_at", "id")
    )
    record["history"] = [_entry(e) for e in entries]
    record["links"] = [
        link_out(link) for link in link_queryset().filter(Q(source=measure) | Q(target=measure))
    ]
    return record


# --- documents and themes -----------------------------------------------------------------


def _document(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "name": document.name,
        "title": document.title,
        "format": document.format,
        "date": document.date,
        "kamerstuk": document.kamerstuk or None,
        "kamerstuk_label": document.kamerstuk_label or None,
        "size": document.size,
        "line_count": document.line_count,
        "ingested_at": document.ingested_at,
        "record_count": getattr(document, "record_count", 0),
        "warning_count": getattr(document, "warning_count", 0),
    }


def document_page(
    *, format: str | None = None, offset: int, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    qs = tracker.document_list().defer("legend")
    if format:
        qs = qs.filter(format=format)
    count, rows = page_of(qs, offset=offset, limit=limit)
    return count, [_document(d) for d in rows]


def _themes() -> QuerySet[Theme]:
    return (
        Theme.objects.select_related("document")
        .only(
            "id",
            "document__id",
            "document__name",
            "level",
            "parent_id",
            "number",
            "name",
            "line",
            "is_motions",
            "goal",
            "urls",
            "position",
        )
        .annotate(
            theme_records=Count("measures", distinct=True),
            subtheme_records=Count("sub_measures", distinct=True),
        )
    )


def _theme(theme: Theme) -> dict[str, Any]:
    count = theme.theme_records if theme.level == 1 else theme.subtheme_records  # type: ignore[attr-defined]
    return {
        "id": theme.pk,
        "document": theme.document.name,
        "document_id": theme.document_id,
        "level": theme.level,
        "parent_id": theme.parent_id,
        "number": theme.number,
        "name": theme.name,
        "line": theme.line,
        "is_motions": theme.is_motions,
        "goal": theme.goal,
        "urls": [str(u) for u in theme.urls] if isinstance(theme.urls, list) else [],
        "record_count": count,
    }


def _theme_trees(themes: list[Theme]) -> list[dict[str, Any]]:
    """Level-1 themes with their sub-themes (``themes`` in source order)."""
    children: dict[int, list[dict[str, Any]]] = {}
    for theme in themes:
        if theme.parent_id is not None:
            children.setdefault(theme.parent_id, []).append(_theme(theme))
    return [
        {**_theme(theme), "subthemes": children.get(theme.pk, [])}
        for theme in themes
        if theme.level == 1 or theme.parent_id is None
    ]


def document_detail(*, pk: int) -> dict[str, Any] | None:
    document = tracker.document_list().filter(pk=pk).first()
    if document is None:
        return None
    kinds = (
        Measure.objects.filter(document=document)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by("-n", "kind")
    )
    themes = list(_themes().filter(document=document).order_by("position"))
    legend = document.legend if isinstance(document.legend, dict) else {}
    return {
        **_document(document),
        "legend": {str(k): str(v) for k, v in legend.items()},
        "kinds": [{"kind": kind, "count": n} for kind, n in kinds],
        "themes": _theme_trees(themes),
        "warnings": [
            {"line": w.line, "message": w.message}
            for w in tracker.document_warnings(document=document).order_by("line", "id")
        ],
    }


def theme_page(
    *,
    document: str | None = None,
    level: int | None = None,
    name: str | None = None,
    offset: int,
    limit: int,
) -> tuple[int, list[dict[str, Any]]]:
    qs = _themes().order_by("document__ingested_at", "document_id", "position")
    if document is not None:
        qs = qs.filter(document__name=document)
    if level is not None:
        qs = qs.filter(level=level)
    if name is not None:
        qs = qs.filter(name=name)
    count, rows = page_of(qs, offset=offset, limit=limit)
    return count, [_theme(t) for t in rows]


def theme_detail(*, pk: int) -> dict[str, Any] | None:
    theme = _themes().filter(pk=pk).first()
    if theme is None:
        return None
    children = _themes().filter(parent=theme).order_by("position")
    return {**_theme(theme), "subthemes": [_theme(t) for t in children]}


# --- ministries ---------------------------------------------------------------------------


def _ministry_counts() -> dict[int, tuple[int, int]]:
    """Ministry id → (records it is responsible for by their current entry, of which overdue)."""
    on = tracker.today()
    current: dict[int, tuple[int, int | None, dt.date | None]] = {}
    rows = StatusEntry.objects.order_by("created_at", "id").values_list(
        "measure_id", "id", "status", "due_end"
    )
    for measure_id, entry_id, status, due_end in rows.iterator(chunk_size=5000):
        current[measure_id] = (entry_id, status, due_end)
    state = {entry_id: (status, due_end) for entry_id, status, due_end in current.values()}
    records: Counter[int] = Counter()
    overdue: Counter[int] = Counter()
    pairs = StatusEntryMinistry.objects.values_list("entry_id", "ministry_id")
    for entry_id, ministry_id in pairs.iterator(chunk_size=5000):
        if entry_id in state:
            status, due_end = state[entry_id]
            records[ministry_id] += 1
            overdue[ministry_id] += int(
                status == tracker.IN_PROGRESS and due_end is not None and due_end < on
            )
    return {pk: (records[pk], overdue[pk]) for pk in records}


def _ministry(ministry: Ministry, counts: dict[int, tuple[int, int]]) -> dict[str, Any]:
    records, overdue = counts.get(ministry.pk, (0, 0))
    aliases = ministry.aliases if isinstance(ministry.aliases, list) else []
    return {
        "code": ministry.code,
        "name_nl": ministry.name_nl,
        "name_en": ministry.name_en,
        "kind": ministry.kind,
        "aliases": [str(a) for a in aliases],
        "record_count": records,
        "overdue_count": overdue,
    }


def ministry_page(
    *, kind: str | None = None, responsible: bool = False, offset: int, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    counts = _ministry_counts()
    qs = Ministry.objects.order_by("code", "id")
    if kind:
        qs = qs.filter(kind=kind)
    if responsible:
        qs = qs.filter(id__in=[pk for pk, (n, _) in counts.items() if n])
    count, rows = page_of(qs, offset=offset, limit=limit)
    return count, [_ministry(m, counts) for m in rows]


def ministry_detail(*, code: str) -> dict[str, Any] | None:
    if not _no_nul(code):
        return None
    ministry = Ministry.objects.filter(code=code).first()
    if ministry is None:
        return None
    return _ministry(ministry, _ministry_counts())


# --- references and links -----------------------------------------------------------------


def reference_page(
    *,
    kind: str | None = None,
    document: str | None = None,
    dossier: str | None = None,
    number: str | None = None,
    key: str | None = None,
    cited: bool | None = None,
    offset: int,
    limit: int,
) -> tuple[int, list[dict[str, Any]]]:
    qs = Reference.objects.order_by("document__ingested_at", "document_id", "line", "id")
    if kind:
        qs = qs.filter(kind=kind)
    if document is not None:
        qs = qs.filter(document__name=document)
    if dossier is not None:
        qs = qs.filter(dossier="".join(dossier.split()))
    if number is not None:
        qs = qs.filter(number=number.strip())
    if key is not None:
        qs = qs.filter(key=key)
    if cited is not None:
        qs = qs.filter(cited_document__isnull=not cited)
    count = qs.count()
    if offset >= count:
        return count, []
    page_ids = list(qs.values_list("id", flat=True)[offset : offset + limit])
    rows = {
        r.pk: r
        for r in Reference.objects.filter(id__in=page_ids)
        .select_related("document", "cited_document")
        .only(
            "id",
            "kind",
            "label",
            "line",
            "key",
            "session_year",
            "dossier",
            "number",
            "url",
            "document__name",
            "cited_document__name",
        )
        .annotate(record_count=Count("measures"))
    }
    return count, [_reference(rows[pk]) for pk in page_ids]


def _reference(ref: Reference) -> dict[str, Any]:
    return {
        "id": ref.pk,
        "kind": ref.kind,
        "label": ref.label,
        "document": ref.document.name,
        "line": ref.line,
        "key": ref.key or None,
        "session_year": ref.session_year or None,
        "dossier": ref.dossier or None,
        "number": ref.number or None,
        "url": ref.url or None,
        "cited_document": ref.cited_document.name if ref.cited_document else None,
        "record_count": ref.record_count,  # type: ignore[attr-defined]
    }


def link_page(
    *,
    kind: str | None = None,
    status: str | None = None,
    record: str | None = None,
    offset: int,
    limit: int,
) -> tuple[int, list[dict[str, Any]]]:
    qs = link_queryset(kind=kind, status=status)
    if record is not None:
        qs = qs.filter(Q(source__uid=record) | Q(target__uid=record))
    qs = qs.order_by("kind", "-score", "id")
    count, rows = page_of(qs, offset=offset, limit=limit)
    return count, [link_out(link) for link in rows]
