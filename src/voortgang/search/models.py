"""The search index: one :class:`SearchEntry` per record (``tracker.Measure``).

An entry holds the text that is searched, title and body apart so that title matches can rank
higher, and the same text as Dutch stems for SQLite, whose FTS5 has no Dutch stemmer. The
engine-specific parts are created by the migrations (see :mod:`voortgang.search.migrations`
``0001_initial``) and are not Django fields:

- SQLite: the FTS5 table ``search_fts`` over ``title_stemmed`` and ``body_stemmed``, an
  external-content table whose rowid is ``measure_id``, kept in sync by triggers;
- PostgreSQL: the stored generated column ``search_vector`` (``to_tsvector('dutch', …)`` of
  title, weight A, and body, weight B) with a GIN index.

Entries are written only by :mod:`voortgang.search.services`; they are derived data and can
be rebuilt at any time (``search_index_rebuild``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from voortgang.tracker.models import Document, Measure


class SearchEntry(models.Model):
    """The searchable text of one record."""

    measure = models.OneToOneField(
        Measure, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="search_entries")
    kind = models.CharField(max_length=20)
    #: The record's title, as shown (NFC, without control characters).
    title = models.TextField()
    #: The explanations of its status entries and their bullets, as shown.
    body = models.TextField(blank=True)
    #: ``title`` and ``body`` as Dutch stems, one per word: what the SQLite FTS5 index reads.
    #: Left empty on PostgreSQL, which stems with its own ``dutch`` configuration.
    title_stemmed = models.TextField(blank=True)
    body_stemmed = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["measure"]
        indexes: ClassVar = [models.Index(fields=["kind"], name="search_entry_kind")]
        verbose_name = "zoekindex-item"
        verbose_name_plural = "zoekindex"

    def __str__(self) -> str:
        return self.title[:80]
