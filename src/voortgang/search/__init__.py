"""Full-text search over records (``tracker.Measure``), on each engine's own full-text search.

Public API:

- :func:`voortgang.search.services.search_index_document` (``document=``) — (re)index one
  document's records, right after it is stored; :func:`~voortgang.search.services.
  search_index_rebuild` — everything (also ``voortgang manage search_rebuild``).
- :func:`voortgang.search.selectors.record_search` (``query=``, ``kind=``, ``document_id=``,
  ``limit=``, ``offset=``) → :class:`~voortgang.search.selectors.SearchPage` (``total``,
  ``hits``: :class:`~voortgang.search.selectors.SearchHit`).

How: one :class:`~voortgang.search.models.SearchEntry` per record holds the title and the
body (explanations and bullets of its status entries). SQLite searches an FTS5
external-content table over Dutch-stemmed copies of both, kept in sync by triggers;
PostgreSQL a GIN-indexed ``to_tsvector('dutch', …)`` generated column. Both use the same
Snowball Dutch algorithm, so a query finds the same records on either engine. See
``migrations/0001_initial.py`` for the structures, :mod:`~voortgang.search.analysis` for
stemming, query parsing and highlighting, and :mod:`~voortgang.search.selectors` for ranking
and snippets.
"""
