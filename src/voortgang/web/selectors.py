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

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
)

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
from voortgang.tracker.selectors import (
    DEFAULT_SORT,
    IN_PROGRESS,
    SORTS,
    STATUS_CODES,
    RecordFilters,
    _annotated,
    _entries_prefetch,
    record_queryset,
    today,
)

__all__ = [
    "DEFAULT_SORT",
    "IN_PROGRESS",
    "SORTS",
    "STATUS_CODES",
    "RecordFilters",
    "record_queryset",
    "today",
]


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
