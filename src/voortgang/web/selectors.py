"""Reads for the public site: lists with filters, dashboards, pages per record, ministry,
document and theme.

The site shows a record's *current* state: its latest status entry (today every record has at
most one, from its own document; later issues add entries from linked appearances and the
reporting round). A record is *overdue* when its current entry has status 3 ("in uitvoering")
and its due period ended before today.

Everything here is read-only and does its joins in the database (``select_related``,
``prefetch_related``, subqueries), so that a page costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from voortgang.tracker.models import (
    CrossReference,
    Document,
    IngestWarning,
    Measure,
    Ministry,
    Observation,
    Reference,
    StatusEntry,
    StatusEntryMinistry,
    Theme,
)

#: The status codes of the annex legend, in display order (None: the source gives none).
STATUS_CODES: tuple[int | None, ...] = (4, 3, 1, 0, None)
IN_PROGRESS = 3

#: Sort keys of the lists -> the ordering they mean.
SORTS: dict[str, tuple[Any, ...]] = {
    "bron": ("document__ingested_at", "document_id", "position"),
    "titel": ("title", "id"),
    "stand": (F("cur_status").desc(nulls_last=True), "document_id", "position"),
    "deadline": (F("cur_due_end").asc(nulls_last=True), "document_id", "position"),
    "-deadline": (F("cur_due_end").desc(nulls_last=True), "document_id", "position"),
}
DEFAULT_SORT = "bron"


def today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class RecordFilters:
    """A combination of list filters; ``None``/``False`` means: not filtered on."""

    kind: str | None = None
    theme: str | None = None
    subtheme: str | None = None
    status: int | None = None
    #: ``-1`` filters on records without a status.
    ministry: str | None = None
    document: str | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    overdue: bool = False
    sort: str = DEFAULT_SORT


def _current_entry() -> QuerySet[StatusEntry]:
    return StatusEntry.objects.filter(measure=OuterRef("pk")).order_by("-created_at", "-id")


def _annotated(qs: QuerySet[Measure], *columns: str) -> QuerySet[Any]:
    """Measures with columns of their current entry: ``cur_entry_id``, ``cur_status``,
    ``cur_due_start``, ``cur_due_end`` (those asked for; each is a correlated subquery)."""
    entry = _current_entry()
    fields = {"cur_entry_id": "id", "cur_status": "status", "cur_due_start": "due_start"}
    fields["cur_due_end"] = "due_end"
    return qs.annotate(
        **{name: Subquery(entry.values(fields[name])[:1]) for name in columns or fields}
    )


def _overdue_q(on: dt.date) -> Q:
    return Q(cur_status=IN_PROGRESS, cur_due_end__lt=on)


def _entries_prefetch(*, with_document: bool = False) -> Prefetch[Any]:
    """A record's status entries in order, with their ministries (and, for a record's page,
    their documents); a list row needs only the latest entry's fields."""
    links = StatusEntryMinistry.objects.select_related("ministry").order_by("position")
    entries = StatusEntry.objects.all()
    if with_document:
        entries = entries.select_related("document").defer("document__legend")
    else:
        entries = entries.defer("explanation", "bullets")
    entries = entries.prefetch_related(Prefetch("ministry_links", queryset=links)).order_by(
        "created_at", "id"
    )
    return Prefetch("status_entries", queryset=entries)


#: Columns a list row never shows (JSON and long text, costly to decode).
_LIST_DEFERRED = (
    "parts",
    "urls",
    "submitters",
    "parties",
    "subject",
    "document__legend",
    "document__kamerstuk_label",
    "theme__urls",
    "theme__goal",
    "subtheme__urls",
    "subtheme__goal",
)


def record_queryset(filters: RecordFilters | None = None) -> QuerySet[Measure]:
    """Records for a list page, filtered and sorted; each with ``cur_*`` columns and
    ``overdue``, its status entries (ministries included) prefetched."""
    filters = filters or RecordFilters()
    columns = set()
    if filters.ministry:
        columns.add("cur_entry_id")
    if filters.status is not None or filters.overdue or filters.sort == "stand":
        columns.add("cur_status")
    if filters.due_from or filters.due_to or filters.overdue or "deadline" in filters.sort:
        columns |= {"cur_due_start", "cur_due_end"}
    qs: QuerySet[Any] = Measure.objects.select_related("document", "theme", "subtheme").defer(
        *_LIST_DEFERRED
    )
    if columns:
        qs = _annotated(qs, *sorted(columns))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.theme:
        qs = qs.filter(theme__name=filters.theme)
    if filters.subtheme:
        qs = qs.filter(subtheme__name=filters.subtheme)
    if filters.status is not None:
        qs = (
            qs.filter(cur_status__isnull=True)
            if filters.status < 0
            else qs.filter(cur_status=filters.status)
        )
    if filters.ministry:
        # Responsible according to the current entry (as the dashboard counts).
        qs = qs.filter(
            Exists(
                StatusEntryMinistry.objects.filter(
                    entry_id=OuterRef("cur_entry_id"), ministry__code=filters.ministry
                )
            )
        )
    if filters.document:
        qs = qs.filter(document__name=filters.document)
    if filters.due_from:
        qs = qs.filter(
            Q(cur_due_end__gte=filters.due_from)
            | Q(cur_due_end__isnull=True, cur_due_start__gte=filters.due_from)
        )
    if filters.due_to:
        qs = qs.filter(
            Q(cur_due_start__lte=filters.due_to)
            | Q(cur_due_start__isnull=True, cur_due_end__lte=filters.due_to)
        )
    if filters.overdue:
        qs = qs.filter(_overdue_q(today()))
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return qs.prefetch_related(_entries_prefetch()).order_by(*order)


@dataclass
class Row:
    """One record as a list shows it."""

    measure: Measure
    entry: StatusEntry | None
    ministries: list[Ministry]
    overdue: bool


def record_rows(measures: Any) -> list[Row]:
    """List rows for measures from :func:`record_queryset` (uses only prefetched data)."""
    on = today()
    rows = []
    for m in measures:
        entries = list(m.status_entries.all())
        entry = entries[-1] if entries else None
        ministries = [link.ministry for link in entry.ministry_links.all()] if entry else []
        overdue = bool(
            entry and entry.status == IN_PROGRESS and entry.due_end and entry.due_end < on
        )
        rows.append(Row(measure=m, entry=entry, ministries=ministries, overdue=overdue))
    return rows


# --- filter options -----------------------------------------------------------------------


@dataclass(frozen=True)
class FilterOptions:
    themes: list[str]
    subthemes: list[str]
    ministries: list[Ministry]
    documents: list[Document]


def filter_options() -> FilterOptions:
    """The values the filters offer: theme and sub-theme names in use, ministries that are
    responsible for something, the documents."""
    themes = sorted(set(Theme.objects.filter(level=1).values_list("name", flat=True)))
    subthemes = sorted(set(Theme.objects.filter(level=2).values_list("name", flat=True)))
    ministries = list(
        Ministry.objects.filter(Exists(StatusEntryMinistry.objects.filter(ministry=OuterRef("pk"))))
    )
    documents = list(Document.objects.only("id", "name", "title").order_by("name"))
    return FilterOptions(themes, subthemes, ministries, documents)


# --- dashboard ----------------------------------------------------------------------------


@dataclass
class StatusCounts:
    """Counts per status code (None: no status) for one theme or ministry."""

    label: str
    key: str
    counts: dict[int | None, int] = field(default_factory=dict)
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def ordered(self) -> list[tuple[int | None, int]]:
        return [(code, self.counts.get(code, 0)) for code in STATUS_CODES]


@dataclass
class Dashboard:
    totals: StatusCounts
    kinds: list[tuple[str, int]]
    themes: list[StatusCounts]
    ministries: list[StatusCounts]
    overdue: list[Row]
    recent: list[Row]
    documents: int


def dashboard(*, recent: int = 10, overdue_limit: int = 25) -> Dashboard:
    """Counts per status per theme and per ministry, overdue and recently changed records."""
    on = today()
    rows = list(
        _annotated(Measure.objects.all()).values_list(
            "id", "kind", "theme__name", "cur_entry_id", "cur_status", "cur_due_end"
        )
    )
    totals = StatusCounts(label="", key="")
    kinds: Counter[str] = Counter()
    themes: dict[str, StatusCounts] = {}
    status_of_entry: dict[int, tuple[int | None, bool]] = {}
    for _id, kind, theme, entry_id, status, due_end in rows:
        late = status == IN_PROGRESS and due_end is not None and due_end < on
        kinds[kind] += 1
        totals.counts[status] = totals.counts.get(status, 0) + 1
        totals.overdue += late
        if entry_id is not None:
            status_of_entry[entry_id] = (status, late)
        if theme:
            t = themes.setdefault(theme, StatusCounts(label=theme, key=theme))
            t.counts[status] = t.counts.get(status, 0) + 1
            t.overdue += late
    per_ministry: dict[str, StatusCounts] = {}
    links = StatusEntryMinistry.objects.values_list("entry_id", "ministry__code")
    for entry_id, code in links:
        if entry_id not in status_of_entry:
            continue
        status, late = status_of_entry[entry_id]
        c = per_ministry.setdefault(code, StatusCounts(label=code, key=code))
        c.counts[status] = c.counts.get(status, 0) + 1
        c.overdue += late
    overdue_qs = record_queryset(RecordFilters(overdue=True, sort="deadline"))[:overdue_limit]
    recent_ids = list(
        StatusEntry.objects.order_by(
            "-document__ingested_at", "-document_id", "measure__position"
        ).values_list("measure_id", flat=True)[:recent]
    )
    recent_measures = {m.id: m for m in record_queryset().filter(id__in=recent_ids)}
    return Dashboard(
        totals=totals,
        kinds=sorted(kinds.items(), key=lambda kv: -kv[1]),
        themes=sorted(themes.values(), key=lambda c: (-c.total, c.label)),
        ministries=sorted(per_ministry.values(), key=lambda c: (-c.total, c.label)),
        overdue=record_rows(overdue_qs),
        recent=record_rows([recent_measures[i] for i in recent_ids if i in recent_measures]),
        documents=Document.objects.count(),
    )


# --- one record ---------------------------------------------------------------------------


def record_detail(*, uid: str) -> Measure | None:
    """One record with everything its page shows, or None."""
    if "\x00" in uid:  # PostgreSQL refuses NUL in a string parameter
        return None
    brief = Measure.objects.select_related("document").order_by("document_id", "position")
    return (
        Measure.objects.select_related("document", "theme", "subtheme", "see_also__document")
        .prefetch_related(
            _entries_prefetch(with_document=True),
            Prefetch(
                "references",
                queryset=Reference.objects.select_related("cited_document").order_by("line", "id"),
            ),
            Prefetch("mentioned_in", queryset=brief),
            Prefetch("mentions", queryset=brief),
            Prefetch("referred_by", queryset=brief),
            Prefetch(
                "xrefs_in",
                queryset=CrossReference.objects.select_related("theme", "subtheme", "document"),
            ),
            Prefetch("observations", queryset=Observation.objects.order_by("line", "id")),
        )
        .filter(uid=uid)
        .first()
    )


# --- ministries, documents, themes --------------------------------------------------------


def ministry_list() -> list[tuple[Ministry, int, int]]:
    """Every ministry or body responsible for at least one record: (ministry, records,
    overdue records), by code."""
    on = today()
    current = _annotated(Measure.objects.all()).values_list(
        "cur_entry_id", "cur_status", "cur_due_end"
    )
    state = {e: (s, d) for e, s, d in current if e is not None}
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for entry_id, ministry_id in StatusEntryMinistry.objects.values_list("entry_id", "ministry_id"):
        if entry_id in state:
            status, due_end = state[entry_id]
            counts[ministry_id][0] += 1
            counts[ministry_id][1] += status == IN_PROGRESS and due_end is not None and due_end < on
    ministries = Ministry.objects.filter(id__in=counts).order_by("code")
    return [(m, counts[m.id][0], counts[m.id][1]) for m in ministries]


def ministry_get(*, code: str) -> Ministry | None:
    if "\x00" in code:
        return None
    return Ministry.objects.filter(code=code).first()


def document_get(*, pk: int) -> Document | None:
    return (
        Document.objects.annotate(record_count=Count("measures", distinct=True))
        .filter(pk=pk)
        .first()
    )


def document_kinds(*, document: Document) -> list[tuple[str, int]]:
    return list(
        Measure.objects.filter(document=document)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by("-n", "kind")
    )


def document_warnings(*, document: Document) -> QuerySet[IngestWarning]:
    return document.warnings.order_by("line", "id")


def document_themes(*, document: Document) -> list[Theme]:
    """The document's themes (level 1) with their sub-themes and record counts."""
    children = Theme.objects.annotate(record_count=Count("sub_measures")).order_by("position")
    return list(
        Theme.objects.filter(document=document, level=1)
        .annotate(record_count=Count("measures"))
        .prefetch_related(Prefetch("children", queryset=children))
        .order_by("position")
    )


def document_observations(*, document: Document) -> QuerySet[Observation]:
    return document.observations.order_by("line", "id")


def theme_get(*, pk: int) -> Theme | None:
    children = Theme.objects.order_by("position")
    return (
        Theme.objects.select_related("document", "parent")
        .prefetch_related(Prefetch("children", queryset=children))
        .filter(pk=pk)
        .first()
    )


def theme_list() -> list[Theme]:
    """Every level-1 theme of every document, with its record count."""
    return list(
        Theme.objects.filter(level=1)
        .select_related("document")
        .annotate(record_count=Count("measures"))
        .order_by("document__ingested_at", "document_id", "position")
    )


def theme_records(*, theme: Theme) -> QuerySet[Measure]:
    qs = record_queryset()
    if theme.level == 1:
        return qs.filter(theme=theme)
    return qs.filter(subtheme=theme)


def documents_by_id(ids: list[int]) -> dict[int, Document]:
    return {d.id: d for d in Document.objects.filter(id__in=ids)}
