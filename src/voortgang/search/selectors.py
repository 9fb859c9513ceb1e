"""Reads from the search index: :func:`record_search`, one selector for both engines.

- SQLite: the query's Dutch stems (:mod:`voortgang.search.analysis`) as an FTS5 MATCH
  expression of quoted strings over ``search_fts``; ranked by ``bm25`` with the title
  weighted ten times the body; snippets and marked titles are made in Python from the stored
  text, marking each word whose stem the query asks for.
- PostgreSQL: ``plainto_tsquery('dutch', words) && phraseto_tsquery('dutch', phrase) …``
  against the GIN-indexed ``search_vector``; ranked by ``ts_rank`` (title weight A, body B);
  snippets and marked titles come from ``ts_headline``.

On both, a record whose title alone matches the whole query ranks above every record that
matches only through its body (``rank`` = 1 + the engine's score, normalized to [0, 1), for
those; the score alone for the others). The user's text is never passed to either engine's
query syntax: :func:`~voortgang.search.analysis.parse_query` reduces it to words and
phrases, which reach the database as bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from voortgang.search.analysis import (
    MARK_START,
    MARK_STOP,
    Query,
    excerpt,
    from_marked,
    highlight,
    parse_query,
)
from voortgang.search.models import SearchEntry
from voortgang.search.services import SQLITE_FTS_TABLE
from voortgang.tracker.models import Measure

#: The largest page :func:`record_search` returns.
MAX_LIMIT = 200

_ENTRY = SearchEntry._meta.db_table
_MEASURE = Measure._meta.db_table

#: ``ts_headline`` options: the whole title; for the body, up to two short fragments.
_PG_TITLE_OPTIONS = f'HighlightAll=true, StartSel="{MARK_START}", StopSel="{MARK_STOP}"'
_PG_BODY_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_STOP}", MaxWords=18, MinWords=8, '
    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)


@dataclass(frozen=True)
class SearchHit:
    """One record that matches. ``snippet`` and ``title_html`` are safe HTML."""

    measure_id: int
    uid: str
    title: str
    #: A short excerpt of the body, matched words in ``<mark>``, the rest HTML-escaped.
    snippet: str
    #: The title, matched words in ``<mark>``, the rest HTML-escaped.
    title_html: str
    #: Higher is better; ≥ 1 when the title alone matches the whole query.
    rank: float
    kind: str = ""
    document_id: int = 0


@dataclass(frozen=True)
class SearchPage:
    """``total`` records match; ``hits`` is the requested page of them, best first."""

    total: int
    hits: list[SearchHit] = field(default_factory=list)


def _filters(id_column: str, kind: str | None, document_id: int | None) -> tuple[str, list[Any]]:
    """``AND …`` conditions on the record whose id is in ``id_column``.

    Written as ``IN (subquery)`` over the indexed columns of the entry table, so that on SQLite
    the ranking step never reads the entries' (long) rows.
    """
    sql = ""
    params: list[Any] = []
    if kind:
        sql += f" AND {id_column} IN (SELECT measure_id FROM {_ENTRY} WHERE kind = %s)"
        params.append(kind)
    if document_id is not None:
        sql += f" AND {id_column} IN (SELECT measure_id FROM {_ENTRY} WHERE document_id = %s)"
        params.append(document_id)
    return sql, params


def _sqlite(
    query: Query, kind: str | None, document_id: int | None, limit: int, offset: int
) -> tuple[int, list[SearchHit]]:
    # First the page of ids, ranked on the FTS5 table alone; then the text of those rows.
    filters, params = _filters(f"{SQLITE_FTS_TABLE}.rowid", kind, document_id)
    sql = f"""
        WITH scored AS (
            SELECT rowid AS id, -bm25({SQLITE_FTS_TABLE}, 10.0, 1.0) AS score
            FROM {SQLITE_FTS_TABLE}
            WHERE {SQLITE_FTS_TABLE} MATCH %s {filters}
        ), page AS (
            SELECT id,
                   (CASE WHEN id IN (
                        SELECT rowid FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH %s
                    ) THEN 1.0 ELSE 0.0 END) + score / (1.0 + score) AS rank,
                   COUNT(*) OVER () AS total
            FROM scored
            ORDER BY rank DESC, id
            LIMIT %s OFFSET %s
        )
        SELECT page.id, m.uid, e.title, e.body, e.title_stemmed, e.body_stemmed, e.kind,
               e.document_id, page.rank, page.total
        FROM page
        JOIN {_ENTRY} e ON e.measure_id = page.id
        JOIN {_MEASURE} m ON m.id = page.id
        ORDER BY page.rank DESC, page.id
    """
    args = [query.fts5(), *params, query.fts5(column="title_stemmed"), limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    stems = query.stems
    hits = [
        SearchHit(
            measure_id=measure_id,
            uid=uid,
            title=title,
            snippet=excerpt(body, stems, stemmed_text=body_stemmed),
            title_html=highlight(title, stems, stemmed_text=title_stemmed),
            rank=float(rank),
            kind=kind,
            document_id=document_id,
        )
        for (
            measure_id,
            uid,
            title,
            body,
            title_stemmed,
            body_stemmed,
            kind,
            document_id,
            rank,
            _,
        ) in rows
    ]
    total = int(rows[0][-1]) if rows else 0
    if not rows and (offset > 0 or limit == 0):
        count = f"""
            SELECT COUNT(*) FROM {SQLITE_FTS_TABLE}
            WHERE {SQLITE_FTS_TABLE} MATCH %s {filters}
        """
        with connection.cursor() as cursor:
            cursor.execute(count, [query.fts5(), *params])
            total = int(cursor.fetchone()[0])
    return total, hits


def _tsquery(query: Query, *, any_part: bool = False) -> tuple[str, list[Any]]:
    """The query as a PostgreSQL tsquery expression over bound parameters.

    Every word and phrase must match (``&&``); with ``any_part``, any of them (``||``): what
    ``ts_headline`` gets, so that it marks the words a text has even when it lacks others.
    """
    parts: list[str] = []
    params: list[Any] = []
    words = [" ".join(query.words)] if query.words and not any_part else list(query.words)
    for text in words:
        parts.append("plainto_tsquery('dutch'::regconfig, %s)")
        params.append(text)
    for phrase in query.phrases:
        parts.append("phraseto_tsquery('dutch'::regconfig, %s)")
        params.append(" ".join(phrase))
    return "(" + (" || " if any_part else " && ").join(parts) + ")", params


def _pg_snippet(headline: str, body: str) -> str:
    """``ts_headline`` output as safe HTML, with "…" where it cut the body (as on SQLite)."""
    plain = " ".join(headline.replace(MARK_START, "").replace(MARK_STOP, "").split())
    whole = " ".join(body.split())
    snippet = from_marked(headline).strip()
    if not plain:
        return snippet
    if not whole.startswith(plain[:40]):
        snippet = "… " + snippet
    if not whole.rstrip(".!?;:)").endswith(plain[-40:].rstrip(".!?;:)")):
        snippet += " …"
    return snippet


def _postgresql(
    query: Query, kind: str | None, document_id: int | None, limit: int, offset: int
) -> tuple[int, list[SearchHit]]:
    filters, params = _filters("e.measure_id", kind, document_id)
    tsq, tsq_params = _tsquery(query)
    marks, marks_params = _tsquery(query, any_part=True)
    sql = f"""
        WITH page AS (
            SELECT e.measure_id,
                   (CASE WHEN ts_filter(e.search_vector, '{{a}}') @@ {tsq} THEN 1.0 ELSE 0.0 END)
                     + ts_rank(e.search_vector, {tsq}, 32) AS rank,
                   COUNT(*) OVER () AS total
            FROM {_ENTRY} e
            WHERE e.search_vector @@ {tsq} {filters}
            ORDER BY rank DESC, e.measure_id
            LIMIT %s OFFSET %s
        )
        SELECT page.measure_id, m.uid, e.title, e.body, e.kind, e.document_id,
               page.rank, page.total,
               ts_headline('dutch'::regconfig, e.title, {marks}, %s),
               ts_headline('dutch'::regconfig, e.body, {marks}, %s)
        FROM page
        JOIN {_ENTRY} e ON e.measure_id = page.measure_id
        JOIN {_MEASURE} m ON m.id = page.measure_id
        ORDER BY page.rank DESC, page.measure_id
    """
    args = [
        *tsq_params,
        *tsq_params,
        *tsq_params,
        *params,
        limit,
        offset,
        *marks_params,
        _PG_TITLE_OPTIONS,
        *marks_params,
        _PG_BODY_OPTIONS,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    hits = [
        SearchHit(
            measure_id=measure_id,
            uid=uid,
            title=title,
            snippet=_pg_snippet(snippet, body),
            title_html=from_marked(title_html),
            rank=float(rank),
            kind=kind,
            document_id=document_id,
        )
        for measure_id, uid, title, body, kind, document_id, rank, _, title_html, snippet in rows
    ]
    total = int(rows[0][7]) if rows else 0
    if not rows and (offset > 0 or limit == 0):
        count = f"SELECT COUNT(*) FROM {_ENTRY} e WHERE e.search_vector @@ {tsq} {filters}"
        with connection.cursor() as cursor:
            cursor.execute(count, [*tsq_params, *params])
            total = int(cursor.fetchone()[0])
    return total, hits


def record_search(
    *,
    query: str,
    kind: str | None = None,
    document_id: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Records (``tracker.Measure``) matching ``query``, best first.

    Every word must match, in any form (Dutch stemming: "maatregelen" finds "maatregel");
    text in double quotes must match as a phrase; case and accents do not matter (on
    PostgreSQL: the accents the Dutch stemmer folds, ë ï é ó and the like). Stop words are
    ignored. ``kind`` and ``document_id`` narrow the search; ``limit`` (at most
    :data:`MAX_LIMIT`) and ``offset`` select the page, ``total`` counts every match. Any
    input is accepted: an empty query, or one of stop words and punctuation only, matches
    nothing.
    """
    parsed = parse_query(query or "")
    if parsed.is_empty:
        return SearchPage(total=0, hits=[])
    limit = max(0, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    if connection.vendor == "postgresql":
        total, hits = _postgresql(parsed, kind, document_id, limit, offset)
    elif connection.vendor == "sqlite":
        total, hits = _sqlite(parsed, kind, document_id, limit, offset)
    else:
        raise NotImplementedError(f"no full-text search for {connection.vendor}")
    return SearchPage(total=total, hits=hits)
