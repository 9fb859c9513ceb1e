"""Writes to the search index. Every change to :class:`SearchEntry` goes through here.

The index is derived data: an entry is (re)built from its measure's title and the
explanations and bullets of the measure's status entries. Rebuilding is delete-and-insert in
one transaction, so it is idempotent and never leaves duplicates; on SQLite the triggers of
the FTS5 table follow every row (see migration ``0001_initial``), on PostgreSQL the generated
``search_vector`` column does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.db import connection, transaction
from django.db.models import Prefetch, Q, QuerySet

from voortgang.search.analysis import clean, stemmed
from voortgang.search.models import SearchEntry
from voortgang.tracker.models import Document, Measure, StatusEntry

#: Rows per INSERT and per chunk of measures read.
BATCH_SIZE = 500

#: The SQLite FTS5 table (created by migration ``0001_initial``).
SQLITE_FTS_TABLE = "search_fts"


def _body(entries: Iterable[StatusEntry]) -> str:
    """The explanations of the status entries (oldest first) and their bullets.

    A text already present (the same explanation repeated by a later source, a bullet the
    explanation already contains) is left out.
    """
    parts: list[str] = []
    for entry in entries:
        for text in (entry.explanation, *entry.bullets):
            text = clean(str(text)).strip()
            if text and not any(text in part for part in parts):
                parts.append(text)
    return "\n".join(parts)


def _entry(
    measure: Measure, *, stems: bool, entries: Iterable[StatusEntry] | None = None
) -> SearchEntry:
    title = clean(measure.title).strip()
    body = _body(measure.status_entries.all() if entries is None else entries)
    return SearchEntry(
        measure=measure,
        document_id=measure.document_id,
        kind=measure.kind,
        title=title,
        body=body,
        title_stemmed=stemmed(title) if stems else "",
        body_stemmed=stemmed(body) if stems else "",
    )


def _measures(queryset: QuerySet[Measure]) -> QuerySet[Measure]:
    entries = StatusEntry.objects.only("id", "measure_id", "explanation", "bullets").order_by(
        "created_at", "id"
    )
    return (
        queryset.only("id", "kind", "title", "document_id")
        .prefetch_related(Prefetch("status_entries", queryset=entries))
        .order_by("pk")
    )


def _insert(
    measures: Iterable[Measure],
    entries: Mapping[int, Sequence[StatusEntry]] | None = None,
) -> int:
    # Only SQLite reads the stemmed copies; PostgreSQL stems with its own `dutch` config,
    # so the stemmer is not run there.
    stems = connection.vendor == "sqlite"
    batch: list[SearchEntry] = []
    written = 0
    for measure in measures:
        own = None if entries is None else entries.get(measure.pk, ())
        batch.append(_entry(measure, stems=stems, entries=own))
        if len(batch) >= BATCH_SIZE:
            written += len(SearchEntry.objects.bulk_create(batch))
            batch = []
    if batch:
        written += len(SearchEntry.objects.bulk_create(batch))
    return written


@transaction.atomic
def search_index_new(
    *, measures: Sequence[Measure], entries: Mapping[int, Sequence[StatusEntry]]
) -> int:
    """Index records that were just created, from the objects in hand (no re-reading).

    ``entries`` maps a measure's pk to its status entries, oldest first. For records that may
    already have entries, use :func:`search_index_document`.
    """
    return _insert(measures, entries)


def search_index_document(*, document: Document) -> int:
    """(Re)build the search entries of ``document``'s records; returns how many were written.

    Covers the document's own measures and the measures of other documents this document
    gives a status for. Idempotent: the old entries are replaced, never duplicated.
    """
    affected = Q(document=document) | Q(
        pk__in=StatusEntry.objects.filter(document=document).values("measure_id")
    )
    SearchEntry.objects.filter(
        Q(document=document)
        | Q(measure__in=StatusEntry.objects.filter(document=document).values("measure_id"))
    ).delete()
    return _insert(_measures(Measure.objects.filter(affected)).iterator(chunk_size=BATCH_SIZE))


@transaction.atomic
def search_index_rebuild() -> int:
    """Rebuild the whole search index from the records; returns the number of entries."""
    SearchEntry.objects.all().delete()
    written = _insert(_measures(Measure.objects.all()).iterator(chunk_size=BATCH_SIZE))
    if connection.vendor == "sqlite":
        # Re-read the FTS5 index from its content table, repairing any drift.
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {SQLITE_FTS_TABLE}({SQLITE_FTS_TABLE}) VALUES ('rebuild')")
    return written
