"""Reads. Views, the API, the CLI and the exporters get their data from these functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from voortgang.core.dates import dates_in_text
from voortgang.core.kamerstuk import parse_paper_ref
from voortgang.tracker.models import (
    CrossReference,
    Document,
    IngestWarning,
    Measure,
    Ministry,
    Reference,
    StatusEntry,
    StatusEntryMinistry,
)

#: Field order of a record (the contract in shared/BRIEF.md, then our additions).
RECORD_FIELDS = (
    "uid",
    "kind",
    "title",
    "document",
    "line",
    "line_end",
    "theme",
    "subtheme",
    "status",
    "when",
    "due",
    "ongoing",
    "not_applicable",
    "completed",
    "who",
    "ministries",
    "parts",
    "number",
    "text",
    "references",
    "bullets",
    "see_also",
    "urls",
    "submitters",
    "parties",
    "date",
    "subject",
    "mentioned_in",
    "cross_references",
)


def document_list() -> QuerySet[Document]:
    return Document.objects.annotate(
        record_count=Count("measures", distinct=True),
        warning_count=Count("warnings", distinct=True),
    ).order_by("ingested_at", "id")


def document_warnings(*, document: Document) -> QuerySet[IngestWarning]:
    return document.warnings.all()


def measure_queryset() -> QuerySet[Measure]:
    """Measures with everything a record needs, in as few queries as possible."""
    links = StatusEntryMinistry.objects.select_related("ministry").order_by("position")
    own_entries = StatusEntry.objects.prefetch_related(
        Prefetch("ministry_links", queryset=links)  # type: ignore[arg-type]
    ).order_by("created_at", "id")
    return (
        Measure.objects.select_related("document", "theme", "subtheme", "see_also")
        .prefetch_related(
            Prefetch("status_entries", queryset=own_entries),
            "references__cited_document",
            Prefetch("mentioned_in", queryset=Measure.objects.only("uid").order_by("position")),
            Prefetch(
                "xrefs_in",
                queryset=CrossReference.objects.select_related("theme", "subtheme"),
            ),
        )
        .order_by("document__ingested_at", "document_id", "position")
    )


def _source_entry(measure: Measure) -> StatusEntry | None:
    """The status entry the measure's own document gave (the first one recorded)."""
    for entry in measure.status_entries.all():
        if entry.document_id == measure.document_id:
            return entry
    return None


def record_from_measure(measure: Measure) -> dict[str, Any]:
    """A record as the contract in ``shared/BRIEF.md`` describes it."""
    entry = _source_entry(measure)
    references = [
        {
            "label": ref.label,
            "kind": ref.kind,
            "dossier": ref.dossier or None,
            "number": ref.number or None,
            "url": ref.url or None,
            "document": ref.cited_document.name if ref.cited_document else None,
        }
        for ref in measure.references.all()
    ]
    due = None
    if entry is not None and (entry.due_start or entry.due_end):
        due = {
            "start": entry.due_start.isoformat() if entry.due_start else None,
            "end": entry.due_end.isoformat() if entry.due_end else None,
        }
    return {
        "uid": measure.uid,
        "kind": measure.kind,
        "title": measure.title,
        "document": measure.document.name,
        "line": measure.line_start,
        "line_end": measure.line_end,
        "theme": measure.theme.name if measure.theme else None,
        "subtheme": measure.subtheme.name if measure.subtheme else None,
        "status": entry.status if entry else None,
        "when": (entry.when_raw or None) if entry else None,
        "due": due,
        "ongoing": bool(entry and entry.ongoing),
        "not_applicable": bool(entry and entry.not_applicable),
        "completed": bool(entry and entry.completed),
        "who": (entry.who_raw or None) if entry else None,
        "ministries": [link.ministry.code for link in entry.ministry_links.all()] if entry else [],
        "parts": list(measure.parts),
        "number": measure.number or None,
        "text": entry.explanation if entry else "",
        "references": references,
        "bullets": list(entry.bullets) if entry else [],
        "see_also": measure.see_also.uid if measure.see_also else None,
        "urls": list(measure.urls),
        "submitters": list(measure.submitters),
        "parties": list(measure.parties),
        "date": measure.motion_date.isoformat() if measure.motion_date else None,
        "subject": measure.subject or None,
        "mentioned_in": [m.uid for m in measure.mentioned_in.all()],
        "cross_references": [
            {
                "theme": x.theme.name,
                "subtheme": x.subtheme.name if x.subtheme else None,
                "title": x.title,
                "line": x.line,
            }
            for x in measure.xrefs_in.all()
        ],
    }


def record_list(
    *,
    kind: str | None = None,
    document: str | None = None,
    filters: RecordFilters | None = None,
    chunk_size: int = 2000,
) -> Iterator[dict[str, Any]]:
    """Every record, in document order, optionally for one kind or one document name.

    With ``filters``: exactly the records of that filtered list, in its order
    (:func:`record_list_filtered`); ``kind`` and ``document`` then narrow it further."""
    if filters is not None:
        yield from record_list_filtered(
            filters=filters, kind=kind, document=document, chunk_size=chunk_size
        )
        return
    qs = measure_queryset()
    if kind:
        qs = qs.filter(kind=kind)
    if document:
        qs = qs.filter(document__name=document)
    for measure in qs.iterator(chunk_size=chunk_size):
        yield record_from_measure(measure)


def record_count() -> int:
    return Measure.objects.count()


# --- Filtered record lists (the site's lists, the API, the open-data downloads) ------------

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
    #: ``True``: joined to a recommendation or measure by an accepted or proposed
    #: ``addresses`` link (a recommendation a measure answers; a measure that answers one);
    #: ``False``: by none (for recommendations: the gap view's list).
    answered: bool | None = None
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


def _answered_q() -> Q:
    """Records an accepted or proposed ``addresses`` link joins (either end). The link model
    belongs to ``linking``, which builds on this module; it is reached through the
    relation it adds to :class:`Measure` rather than imported."""
    link: Any = Measure._meta.get_field("links_in").related_model
    live = link.objects.filter(kind="addresses", status__in=("accepted", "proposed"))
    return Q(Exists(live.filter(target_id=OuterRef("pk")))) | Q(
        Exists(live.filter(source_id=OuterRef("pk")))
    )


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
    if filters.answered is not None:
        answered = _answered_q()
        qs = qs.filter(answered if filters.answered else ~answered)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return qs.prefetch_related(_entries_prefetch()).order_by(*order)


# --- Reporting moments --------------------------------------------------------------------


@dataclass(frozen=True)
class ReportingMoment:
    """A document that reports on measures, with the date it speaks for.

    ``date_source`` says where the date comes from, in this order of preference:

    - ``"document"``: the date the source gives itself;
    - ``"session"``: its own parliamentary paper's session year (the EU letter's running
      header "vergaderjaar 2024–2025, 30 420, nr. 415"): 1 July of the session's later year,
      the summer recess, as the note importer dates a note without a date;
    - ``"cited"``: the latest session year of the parliamentary papers it cites, dated the
      same way: a document is not older than the papers it cites (the 2025 note cites papers
      of 2024/2025);
    - ``"mentioned"``: the days named in its status explanations (the published annex has
      neither date nor papers): the state cannot be much older than the events it reports.
      Days after the day it was ingested are plans, not events, and are left out; of the
      rest the 90th percentile is taken, as the last few are announcements;
    - ``"ingested"``: none of these; the day it was ingested.

    ``session`` is the session year behind a ``session`` or ``cited`` date (``2024/2025``).
    """

    document: Document
    date: dt.date
    date_source: Literal["document", "session", "cited", "mentioned", "ingested"]
    session: str = ""


def _session_date(session: str) -> dt.date:
    """1 July of the later year of a session year (``2024/2025`` → 1 July 2025)."""
    return dt.date(int(session[-4:]), 7, 1)


def _full_session(session: str | None) -> bool:
    """A whole session year (``2024/2025``), not a single year or a fragment."""
    return bool(session) and len(session or "") == 9


def reporting_moments(*, with_status_only: bool = True) -> list[ReportingMoment]:
    """Every reporting moment, oldest first (ties by ingest order).

    With ``with_status_only`` only documents whose records carry a status code (the annexes)
    count: those are the moments a progress report can be produced for.
    """
    documents = list(Document.objects.order_by("ingested_at", "id"))
    ingested = {d.pk: dt.date.fromordinal(d.ingested_at.toordinal()) for d in documents}
    entries = StatusEntry.objects.values_list("document_id", "status", "explanation")
    with_status: set[int] = set()
    mentioned: dict[int, list[dt.date]] = {}
    for document_id, status, explanation in entries.iterator(chunk_size=2000):
        if status is not None:
            with_status.add(document_id)
        if document_id in ingested:
            days = dates_in_text(explanation or "")
            mentioned.setdefault(document_id, []).extend(
                day for day in days if day <= ingested[document_id]
            )
    latest: dict[int, dt.date] = {}
    for document_id, days in mentioned.items():
        if not days:
            continue
        days.sort()
        latest[document_id] = days[int((len(days) - 1) * 0.9)]
    cited: dict[int, str] = {}
    papers = (
        Reference.objects.filter(kind=Reference.Kind.KAMERSTUK)
        .exclude(session_year="")
        .values_list("document_id", "session_year")
    )
    for document_id, session in papers:
        if _full_session(session) and session > cited.get(document_id, ""):
            cited[document_id] = session
    moments: list[ReportingMoment] = []
    for document in documents:
        if with_status_only and document.pk not in with_status:
            continue
        own = parse_paper_ref(document.kamerstuk_label) if document.kamerstuk_label else None
        own_session = own.session_year if own is not None else None
        if document.date:
            moments.append(ReportingMoment(document, document.date, "document"))
        elif own_session is not None and _full_session(own_session):
            date = _session_date(own_session)
            moments.append(ReportingMoment(document, date, "session", own_session))
        elif document.pk in cited:
            session = cited[document.pk]
            moments.append(ReportingMoment(document, _session_date(session), "cited", session))
        elif document.pk in latest:
            moments.append(ReportingMoment(document, latest[document.pk], "mentioned"))
        else:
            moments.append(ReportingMoment(document, ingested[document.pk], "ingested"))
    return sorted(moments, key=lambda moment: moment.date)


def reporting_moment_as_of(*, day: dt.date) -> ReportingMoment | None:
    """The latest reporting moment on or before ``day``; ``None`` when there is none."""
    candidates = [moment for moment in reporting_moments() if moment.date <= day]
    return candidates[-1] if candidates else None


# --- Filtered records for the open-data downloads -----------------------------------------


def record_list_filtered(
    *,
    filters: RecordFilters,
    kind: str | None = None,
    document: str | None = None,
    chunk_size: int = 1000,
) -> Iterator[dict[str, Any]]:
    """The contract records of the filtered list ``record_queryset(filters)``, in its order.

    One query for the ordered ids, then per chunk of ``chunk_size`` records the queries of
    :func:`measure_queryset` (the record and its prefetches): the cost does not grow per
    record."""
    qs = record_queryset(filters).prefetch_related(None)
    if kind:
        qs = qs.filter(kind=kind)
    if document:
        qs = qs.filter(document__name=document)
    ids = list(qs.values_list("id", flat=True))
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        measures = {m.id: m for m in measure_queryset().filter(id__in=chunk)}
        for pk in chunk:
            yield record_from_measure(measures[pk])


# --- Data version (conditional requests of the API) ---------------------------------------


@dataclass(frozen=True)
class DataVersion:
    """The state of the tracker's data, cheaply: ``token`` changes whenever a document, a
    record, a status entry or a ministry is added or removed; ``last_modified`` is the time
    of the latest of those additions (None on an empty database).

    Every write in :mod:`voortgang.tracker.services` adds rows (status entries are
    append-only), so the counts and highest ids of these tables see every change. A future
    service that changes rows in place must make itself seen here."""

    token: str
    last_modified: dt.datetime | None


def _utc(value: dt.datetime | str) -> dt.datetime:
    """A time from a raw query: SQLite gives text, naive in UTC; PostgreSQL an aware time."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def data_version() -> DataVersion:
    """One query (count, highest id, latest time of each table): cheap enough for every API
    request."""
    tables: tuple[tuple[str, Any, str | None], ...] = (
        ("d", Document, "ingested_at"),
        ("m", Measure, "created_at"),
        ("e", StatusEntry, "created_at"),
        ("o", Ministry, None),
    )
    columns = []
    for _label, model, stamp in tables:
        table = connection.ops.quote_name(model._meta.db_table)
        columns += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(id) FROM {table})"]
        if stamp:
            columns.append(f"(SELECT MAX({connection.ops.quote_name(stamp)}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        row = list(cursor.fetchone())
    parts: list[str] = []
    stamps: list[dt.datetime] = []
    for label, _model, stamp in tables:
        count, top = row.pop(0), row.pop(0)
        parts.append(f"{label}{count}.{top}")
        if stamp:
            last = row.pop(0)
            if last is not None:
                stamps.append(_utc(last))
    return DataVersion(token="-".join(parts), last_modified=max(stamps) if stamps else None)
