"""Reads. Views, the API, the CLI and the exporters get their data from these functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import Count, Prefetch, QuerySet

from voortgang.core.dates import dates_in_text
from voortgang.tracker.models import (
    CrossReference,
    Document,
    IngestWarning,
    Measure,
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
    *, kind: str | None = None, document: str | None = None, chunk_size: int = 2000
) -> Iterator[dict[str, Any]]:
    """Every record, in document order, optionally for one kind or one document name."""
    qs = measure_queryset()
    if kind:
        qs = qs.filter(kind=kind)
    if document:
        qs = qs.filter(document__name=document)
    for measure in qs.iterator(chunk_size=chunk_size):
        yield record_from_measure(measure)


def record_count() -> int:
    return Measure.objects.count()


# --- Reporting moments --------------------------------------------------------------------


@dataclass(frozen=True)
class ReportingMoment:
    """A document that reports on measures, with the date it speaks for.

    ``date_source`` says where the date comes from: ``"document"`` (the date the source gives
    itself), ``"mentioned"`` (the source has no date of its own — the published annex has
    none —, so the latest calendar day named in its status explanations is taken: the state
    cannot be much older than the events it reports; the 90th percentile of those days is
    taken, as the last few are announcements of future events) or ``"ingested"`` (neither;
    the day it was ingested).
    """

    document: Document
    date: dt.date
    date_source: Literal["document", "mentioned", "ingested"]


def reporting_moments(*, with_status_only: bool = True) -> list[ReportingMoment]:
    """Every reporting moment, oldest first (ties by ingest order).

    With ``with_status_only`` only documents whose records carry a status code (the annexes)
    count: those are the moments a progress report can be produced for.
    """
    documents = list(Document.objects.order_by("ingested_at", "id"))
    entries = StatusEntry.objects.values_list("document_id", "status", "explanation")
    with_status: set[int] = set()
    mentioned: dict[int, list[dt.date]] = {}
    for document_id, status, explanation in entries.iterator(chunk_size=2000):
        if status is not None:
            with_status.add(document_id)
        mentioned.setdefault(document_id, []).extend(dates_in_text(explanation or ""))
    latest: dict[int, dt.date] = {}
    for document_id, days in mentioned.items():
        if not days:
            continue
        days.sort()
        latest[document_id] = days[int((len(days) - 1) * 0.9)]
    moments: list[ReportingMoment] = []
    for document in documents:
        if with_status_only and document.pk not in with_status:
            continue
        if document.date:
            moments.append(ReportingMoment(document, document.date, "document"))
        elif document.pk in latest:
            moments.append(ReportingMoment(document, latest[document.pk], "mentioned"))
        else:
            day = dt.date.fromordinal(document.ingested_at.toordinal())
            moments.append(ReportingMoment(document, day, "ingested"))
    return sorted(moments, key=lambda moment: moment.date)


def reporting_moment_as_of(*, day: dt.date) -> ReportingMoment | None:
    """The latest reporting moment on or before ``day``; ``None`` when there is none."""
    candidates = [moment for moment in reporting_moments() if moment.date <= day]
    return candidates[-1] if candidates else None
