"""Reads of links."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum

from voortgang.linking.models import Link
from voortgang.linking.proposals import (
    ADDRESSES_MODEL,
    ADDRESSING_KINDS,
    RECOMMENDATION,
    SAME_KINDS,
    SAME_MODEL,
    Corpus,
    Record,
    fold,
    propose_same_measure,
    records_from_export,
)
from voortgang.tracker.models import Document, Measure, StatusEntry
from voortgang.tracker.selectors import (
    ReportingMoment,
    _entries_prefetch,
    data_version,
    record_list,
    reporting_moments,
)

_CONTENT_WORD = re.compile(r"[0-9a-z]+")


def link_queryset(*, kind: str | None = None, status: str | None = None) -> QuerySet[Link]:
    """Links with both records (and their documents), strongest first."""
    qs = Link.objects.select_related("source__document", "target__document")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("kind", "-score", "id")


def link_record(link: Link) -> dict[str, Any]:
    """A link as the contract in ``shared/BRIEF.md`` describes it."""
    return {
        "kind": link.kind,
        "source": link.source.uid,
        "target": link.target.uid,
        "score": round(link.score, 4),
        "confirmed": link.confirmed,
    }


def link_list(*, kind: str | None = None, include_rejected: bool = False) -> list[dict[str, Any]]:
    """Every proposed and accepted link (rejected ones only when asked) as contract records."""
    qs = link_queryset(kind=kind)
    if not include_rejected:
        qs = qs.exclude(status=Link.Status.REJECTED)
    return [link_record(link) for link in qs]


def links_version() -> tuple[str, dt.datetime | None]:
    """A token that changes when a link is added, removed, decided or re-scored, and the time
    of the latest link's creation (None without links): one aggregate query."""
    rows = (
        Link.objects.order_by()
        .values("status")
        .annotate(n=Count("id"), ids=Sum("id"), scores=Sum("score"), last=Max("created_at"))
        .order_by("status")
    )
    token = []
    stamps = []
    for row in rows:
        token.append(f"{row['status']}{row['n']}.{row['ids']}.{round(row['scores'] or 0, 6)}")
        stamps.append(row["last"])
    return "-".join(token), max(stamps) if stamps else None


# --- The record page: one timeline across documents (issue 7) -------------------------------


@dataclass(frozen=True)
class Appearance:
    """One status entry (or, without one, the record itself) of one appearance of a measure:
    ``record`` is the appearance, ``entry`` its status entry (``None``: the source gives none),
    ``document`` the document the entry comes from, ``moment`` that document's reporting
    moment (:class:`~voortgang.tracker.selectors.ReportingMoment`: its date, where the date
    comes from, the session year behind it), ``None`` when the timeline needs no dates."""

    record: Measure
    entry: StatusEntry | None
    document: Document | None
    moment: ReportingMoment | None
    current: bool

    @property
    def date(self) -> dt.date | None:
        return self.moment.date if self.moment else None

    @property
    def date_source(self) -> str:
        return self.moment.date_source if self.moment else ""

    @property
    def session(self) -> str:
        return self.moment.session if self.moment else ""

    @property
    def ministries(self) -> list[Any]:
        if self.entry is None:
            return []
        return [link.ministry for link in self.entry.ministry_links.all()]


@dataclass(frozen=True)
class Neighbour:
    """A record a link joins to the page's record: the link, the other record, and for a
    proposed same-measure link whether it is an earlier or later appearance."""

    link: Link
    record: Measure
    when: str  # "earlier", "later" or "" (unknown)


@dataclass(frozen=True)
class RecordLinks:
    """What the record page shows of the links: the merged timeline (oldest first), the
    records of the timeline, proposed same-measure links, and the ``addresses`` links
    (for a recommendation: the measures that answer it; for a measure: the recommendations
    it answers), accepted ones first."""

    timeline: list[Appearance]
    records: list[Measure]
    possible: list[Neighbour]
    addresses: list[Neighbour]

    @property
    def merged(self) -> bool:
        return len(self.records) > 1


def _component(start: int, pairs: list[tuple[int, int]]) -> set[int]:
    """The records joined to ``start`` by ``pairs`` (accepted links are transitive)."""
    neighbours: dict[int, set[int]] = {}
    for a, b in pairs:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    seen = {start}
    todo = [start]
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _timeline_members(measure: Measure) -> set[int]:
    """The ids of ``measure`` and of every record accepted ``same_measure`` links join to it
    (one query)."""
    accepted = list(
        Link.objects.filter(kind=Link.Kind.SAME_MEASURE, status=Link.Status.ACCEPTED)
        .order_by()
        .values_list("source_id", "target_id")
    )
    return _component(measure.pk, accepted)


def record_links(*, measure: Measure) -> RecordLinks:
    """The links of one record for its page, in a fixed number of queries (two without
    links; at most seven with them).

    The timeline holds the status entries of the record and of every record joined to it by
    accepted ``same_measure`` links (transitively), appearance by appearance in the order of
    their documents' reporting moments (:func:`~voortgang.tracker.selectors.reporting_moments`:
    the document's date, else the date its text points at), each appearance's entries in the
    order they were recorded."""
    members = _timeline_members(measure)
    touching = list(
        Link.objects.select_related("source__document", "target__document")
        .filter(Q(source_id__in=members) | Q(target_id__in=members))
        .filter(status__in=[Link.Status.ACCEPTED, Link.Status.PROPOSED])
        .order_by("-score", "id")
    )
    same = [
        link
        for link in touching
        if link.kind == Link.Kind.SAME_MEASURE and link.status == Link.Status.PROPOSED
    ]
    proposed_same: list[Neighbour] = []
    order: dict[int, ReportingMoment] = {}
    if len(members) > 1 or same:
        order = {moment.document.pk: moment for moment in reporting_moments(with_status_only=False)}
    records: list[Measure] = [measure]
    if len(members) > 1:
        others = (
            Measure.objects.filter(pk__in=members - {measure.pk})
            .select_related("document", "theme")
            .prefetch_related(_entries_prefetch(with_document=True))
        )
        records += list(others)
    far = dt.date.max

    def moment_of(record: Measure) -> tuple[dt.date, int]:
        moment = order.get(record.document_id)
        return (moment.date if moment else far), record.document_id

    records.sort(key=lambda r: (*moment_of(r), r.position))
    timeline: list[Appearance] = []
    for record in records:
        current = record.pk == measure.pk
        entries = list(record.status_entries.all())
        if not entries:
            moment = order.get(record.document_id)
            timeline.append(Appearance(record, None, record.document, moment, current))
        for entry in entries:
            document = entry.document if entry.document_id else record.document
            moment = order.get(entry.document_id or record.document_id)
            timeline.append(Appearance(record, entry, document, moment, current))
    own = moment_of(measure)
    seen: set[int] = set()
    for link in same:
        other = link.target if link.source_id in members else link.source
        if other.pk in members or other.pk in seen:
            continue
        seen.add(other.pk)
        theirs = moment_of(other)
        when = "" if far in (own[0], theirs[0]) else "earlier" if theirs < own else "later"
        proposed_same.append(Neighbour(link, other, when))
    addresses: list[Neighbour] = []
    for status in (Link.Status.ACCEPTED, Link.Status.PROPOSED):
        for link in touching:
            if link.kind != Link.Kind.ADDRESSES or link.status != status:
                continue
            other = link.source if link.target_id in members else link.target
            addresses.append(Neighbour(link, other, ""))
    return RecordLinks(timeline, records, proposed_same, addresses)


# --- The review page (issue 7) --------------------------------------------------------------


REVIEW_STATUSES = ("proposed", "accepted", "rejected", "all")


@dataclass(frozen=True)
class ReviewFilters:
    """The review page's filters: ``status`` one of :data:`REVIEW_STATUSES`, ``kind`` a
    link kind or ``""``, ``pair`` two document ids (either direction) or ``None``,
    ``automatic`` ``True``/``False`` or ``None`` (both), ``record`` a record whose links
    (and those of the appearances accepted links join it to, as on its page) are listed, or
    ``None``."""

    status: str = "proposed"
    kind: str = ""
    pair: tuple[int, int] | None = None
    automatic: bool | None = None
    record: Measure | None = None


def review_queryset(*, filters: ReviewFilters) -> QuerySet[Link]:
    """The links the review page lists, by kind, highest score first."""
    qs = Link.objects.select_related(
        "source__document", "source__theme", "target__document", "target__theme"
    )
    if filters.record is not None:
        members = _timeline_members(filters.record)
        qs = qs.filter(Q(source_id__in=members) | Q(target_id__in=members))
    if filters.status != "all":
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.pair:
        a, b = filters.pair
        qs = qs.filter(
            Q(source__document_id=a, target__document_id=b)
            | Q(source__document_id=b, target__document_id=a)
        )
    if filters.automatic is not None:
        qs = qs.filter(automatic=filters.automatic)
    return qs.order_by("kind", "-score", "id")


def link_get(*, pk: int) -> Link | None:
    return (
        Link.objects.select_related(
            "source__document", "source__theme", "target__document", "target__theme"
        )
        .filter(pk=pk)
        .first()
    )


def review_document_pairs() -> list[tuple[int, int, str, str]]:
    """Every pair of documents some link joins: (id, id, name, name), by name."""
    rows = (
        Link.objects.order_by()
        .values_list(
            "source__document_id",
            "target__document_id",
            "source__document__name",
            "target__document__name",
        )
        .distinct()
    )
    pairs: dict[frozenset[int], tuple[int, int, str, str]] = {}
    for a, b, name_a, name_b in rows:
        if name_b < name_a:
            a, b, name_a, name_b = b, a, name_b, name_a
        pairs.setdefault(frozenset((a, b)), (a, b, name_a, name_b))
    return sorted(pairs.values(), key=lambda p: (p[2], p[3]))


def review_counts() -> dict[tuple[str, str], int]:
    """Links per (kind, status)."""
    return {
        (kind, status): n
        for kind, status, n in Link.objects.order_by()
        .values_list("kind", "status")
        .annotate(n=Count("id"))
    }


@dataclass(frozen=True)
class Decision:
    """The latest decision on a link, from the audit trail."""

    actor: str
    at: dt.datetime
    action: str


class _BothSides:
    """The responsible ministries of a pair's two records by their latest entries
    (``source_entry``, ``target_entry``), for the side-by-side blocks."""

    source_entry: StatusEntry | None
    target_entry: StatusEntry | None

    @staticmethod
    def _ministries(entry: StatusEntry | None) -> list[str]:
        if entry is None:
            return []
        return [m.ministry.code for m in entry.ministry_links.all()]

    @property
    def source_ministries(self) -> list[str]:
        return self._ministries(self.source_entry)

    @property
    def target_ministries(self) -> list[str]:
        return self._ministries(self.target_entry)


@dataclass(frozen=True)
class ReviewRow(_BothSides):
    """A link with both records' current state (latest status entry) and its last decision."""

    link: Link
    source_entry: StatusEntry | None
    target_entry: StatusEntry | None
    decision: Decision | None


def _latest_entries(ids: set[int]) -> dict[int, StatusEntry]:
    """Each record's latest status entry, with its ministries (two queries)."""
    entries = (
        StatusEntry.objects.filter(measure_id__in=ids)
        .prefetch_related("ministry_links__ministry")
        .order_by("created_at", "id")
    )
    latest: dict[int, StatusEntry] = {}
    for entry in entries:
        latest[entry.measure_id] = entry
    return latest


def review_rows(links: list[Link]) -> list[ReviewRow]:
    """The rows of the review page for ``links``: three queries (entries, their ministries,
    the decisions in the audit trail), whatever their number."""
    from voortgang.rounds.models import AuditEntry  # the rounds app sits above linking

    latest = _latest_entries(
        {link.source_id for link in links} | {link.target_id for link in links}
    )
    decisions: dict[int, Decision] = {}
    audit = AuditEntry.objects.filter(
        action__in=["link_accept", "link_reject", "link_reopen"],
        measure_id__in={link.source_id for link in links},
    ).order_by("at", "id")
    for entry in audit:
        pk = (entry.after or {}).get("link")
        if isinstance(pk, int):
            decisions[pk] = Decision(entry.actor, entry.at, entry.action)
    return [
        ReviewRow(
            link, latest.get(link.source_id), latest.get(link.target_id), decisions.get(link.pk)
        )
        for link in links
    ]


# --- Linking by hand: candidates for one record ---------------------------------------------

_CORPUS_CACHE: dict[str, Corpus] = {}


def proposal_corpus() -> Corpus:
    """The proposer's corpus of every record (:class:`~voortgang.linking.proposals.Corpus`),
    built once per state of the data (:func:`~voortgang.tracker.selectors.data_version`)."""
    token = data_version().token
    corpus = _CORPUS_CACHE.get(token)
    if corpus is None:
        corpus = Corpus(records_from_export(record_list()))
        _CORPUS_CACHE.clear()
        _CORPUS_CACHE[token] = corpus
    return corpus


def proposal_corpus_forget() -> None:
    """Drop the cached corpus (the next :func:`proposal_corpus` builds it again)."""
    _CORPUS_CACHE.clear()


def link_kind_between(a: Record | Measure, b: Record | Measure) -> str | None:
    """The kind of link two records of different documents can have: ``same_measure``
    between measures, commitments and results; ``addresses`` between one of those and a
    recommendation; else ``None`` (motions, challenges, two recommendations)."""
    kinds = {a.kind, b.kind}
    if a.kind in SAME_KINDS and b.kind in SAME_KINDS:
        return Link.Kind.SAME_MEASURE.value
    if RECOMMENDATION in kinds and len(kinds) == 2 and kinds - {RECOMMENDATION} <= ADDRESSING_KINDS:
        return Link.Kind.ADDRESSES.value
    return None


def _model(kind: str) -> dict[str, float]:
    return SAME_MODEL if kind == Link.Kind.SAME_MEASURE else ADDRESSES_MODEL


def link_pair_score(*, kind: str, source: Measure, target: Measure) -> tuple[float, dict[str, Any]]:
    """The proposer's score and evidence for a pair (the model of ``kind``), as stored with a
    link; ``(0.0, {})`` when a record is not in the corpus."""
    corpus = proposal_corpus()
    if source.uid not in corpus.prepared or target.uid not in corpus.prepared:
        return 0.0, {}
    return corpus.score(source.uid, target.uid, _model(kind))


@dataclass(frozen=True)
class Candidate:
    """A record that ``measure`` could be linked to by hand: the link ``kind``, the
    proposer's ``score`` for the pair, the distinctive terms they share, and the ``link``
    between them when there is one (proposed, accepted or rejected)."""

    record: Measure
    kind: str
    score: float
    shared_names: list[str]
    link: Link | None


def link_candidates(*, measure: Measure, query: str = "", limit: int = 10) -> list[Candidate]:
    """The records of other documents ``measure`` could be linked to, best score first:
    every record the proposer would consider, including those below its floor — what a
    person needs to link what the machine missed. With ``query``, only records whose title
    or text holds every word of it (accents and case ignored)."""
    corpus = proposal_corpus()
    me = corpus.prepared.get(measure.uid)
    if me is None:
        return []
    words = _CONTENT_WORD.findall(fold(query))
    scored: list[tuple[float, str, str, dict[str, Any]]] = []
    for uid, other in corpus.prepared.items():
        record = other.record
        if record.document == me.record.document:
            continue
        kind = link_kind_between(me.record, record)
        if kind is None:
            continue
        if words:
            haystack = fold(f"{record.title} {record.text}")
            if not all(word in haystack for word in words):
                continue
        # The stored direction: addresses from the measure to the recommendation.
        a, b = (uid, measure.uid) if record.kind != RECOMMENDATION else (measure.uid, uid)
        score, features = corpus.score(a, b, _model(kind))
        scored.append((score, uid, kind, features))
    scored.sort(key=lambda row: (-row[0], row[1]))
    top = scored[:limit]
    records = Measure.objects.select_related("document").in_bulk(
        [uid for _, uid, _, _ in top], field_name="uid"
    )
    links = {
        frozenset((link.source_id, link.target_id)): link
        for link in Link.objects.filter(
            Q(source_id=measure.pk, target__uid__in=records)
            | Q(target_id=measure.pk, source__uid__in=records)
        )
    }
    return [
        Candidate(
            record=records[uid],
            kind=kind,
            score=score,
            shared_names=list(features.get("shared_names", [])),
            link=links.get(frozenset((measure.pk, records[uid].pk))),
        )
        for score, uid, kind, features in top
        if uid in records
    ]


#: A vanished record's best candidate in the next document is suggested from this score on:
#: on the seeds, 0.45 finds 4 of the 6 gold partners with 17 suggestions, 0.3 one more
#: with 36 (``bench/linking.py``, "gap view suggestions"; docs/linking.md, "Gaps").
SUGGEST_FLOOR = 0.45


@dataclass(frozen=True)
class Suggestion:
    """The record of a later document most like a vanished one (same-measure model), with
    the score and the distinctive terms they share."""

    record: Measure
    score: float
    shared_names: list[str]


def successor_suggestions(
    *, wanted: Sequence[tuple[str, str]], floor: float = SUGGEST_FLOOR
) -> dict[str, Suggestion]:
    """For each ``(uid, document name)`` of ``wanted``: the measure, commitment or result of
    that document that the same-measure model scores highest with the record, when at least
    ``floor`` — what the gap view offers the coordinator to link a vanished measure to. Left
    out: a pair a person rejected, and a record already joined by an accepted same-measure
    link to another record of the vanished record's document (one appearance per
    document). One query for the links, one for the suggested records."""
    corpus = proposal_corpus()
    by_document: dict[str, list[str]] = {}
    for uid, prepared in corpus.prepared.items():
        if prepared.record.kind in SAME_KINDS:
            by_document.setdefault(prepared.record.document, []).append(uid)
    rejected: set[frozenset[str]] = set()
    taken: set[tuple[str, str]] = set()  # (record uid, document it has a partner in)
    document_of = {uid: p.record.document for uid, p in corpus.prepared.items()}
    for status, a, b in Link.objects.filter(kind=Link.Kind.SAME_MEASURE).values_list(
        "status", "source__uid", "target__uid"
    ):
        if status == Link.Status.REJECTED:
            rejected.add(frozenset((a, b)))
        elif status == Link.Status.ACCEPTED and a in document_of and b in document_of:
            taken.add((a, document_of[b]))
            taken.add((b, document_of[a]))
    best: dict[str, tuple[float, str, list[str]]] = {}
    for uid, document in wanted:
        me = corpus.prepared.get(uid)
        if me is None:
            continue
        for other in by_document.get(document, ()):
            if frozenset((uid, other)) in rejected or (other, me.record.document) in taken:
                continue
            score, features = corpus.score(uid, other, SAME_MODEL)
            if score >= floor and (uid not in best or score > best[uid][0]):
                best[uid] = (score, other, list(features.get("shared_names", [])))
    records = Measure.objects.select_related("document").in_bulk(
        [other for _, other, _ in best.values()], field_name="uid"
    )
    return {
        uid: Suggestion(record=records[other], score=score, shared_names=names)
        for uid, (score, other, names) in best.items()
        if other in records
    }


@dataclass(frozen=True)
class CandidatePair(_BothSides):
    """Two records of different documents the same-measure model scores from
    :data:`SUGGEST_FLOOR` on that are not linked (no proposal, no decision): ``source`` in
    the earlier document; with the current state of both for the page."""

    source: Measure
    target: Measure
    score: float
    evidence: dict[str, Any]
    source_entry: StatusEntry | None
    target_entry: StatusEntry | None

    @property
    def pk(self) -> str:
        """A key for the page's element ids."""
        return f"c{self.source.pk}-{self.target.pk}"


def same_measure_candidates(*, floor: float = SUGGEST_FLOOR) -> list[CandidatePair]:
    """Candidates below the proposer's floor for the coordinator to decide (the review's
    "kandidaten"): the same-measure pairs the proposer would make from ``floor`` on — one to
    one per pair of documents, best first — once every linked pair is taken out. A pair with
    a link of any status is not a candidate, and a record with a proposed or accepted
    partner in a document takes no other one there; a rejected pair is never one. Highest
    score first."""
    corpus = proposal_corpus()
    linked: list[tuple[str, str]] = []
    rejected: list[tuple[str, str]] = []
    for status, a, b in Link.objects.filter(kind=Link.Kind.SAME_MEASURE).values_list(
        "status", "source__uid", "target__uid"
    ):
        (rejected if status == Link.Status.REJECTED else linked).append((a, b))
    order = [moment.document.name for moment in reporting_moments(with_status_only=False)]
    found = propose_same_measure(
        corpus, document_order=order, floor=floor, forbidden=rejected, fixed=linked
    )
    records = Measure.objects.select_related("document", "theme").in_bulk(
        {p.source for p in found} | {p.target for p in found}, field_name="uid"
    )
    latest = _latest_entries({m.pk for m in records.values()})
    pairs = [
        CandidatePair(
            source=records[p.source],
            target=records[p.target],
            score=p.score,
            evidence=dict(p.evidence),
            source_entry=latest.get(records[p.source].pk),
            target_entry=latest.get(records[p.target].pk),
        )
        for p in found
        if p.source in records and p.target in records
    ]
    return sorted(pairs, key=lambda c: (-c.score, c.source.uid, c.target.uid))


def record_get(*, uid: str) -> Measure | None:
    """The record with this uid and its document, or ``None``."""
    return Measure.objects.select_related("document").filter(uid=uid).first()


def record_linkable(*, measure: Measure) -> bool:
    """Whether the record can be linked at all (measures, commitments, results and
    recommendations; not motions or challenges)."""
    return measure.kind in SAME_KINDS or measure.kind == RECOMMENDATION
