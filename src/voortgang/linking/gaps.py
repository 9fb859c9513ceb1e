"""The gap view's reads (docs/linking.md, "Gaps"): published analysis of the links.

- **Recommendations without a measure**: recommendations that no accepted or proposed
  ``addresses`` link joins to a measure, counted per chapter (the recommendation's theme)
  and per responsible ministry.
- **Vanished measures**: measures and commitments of one reporting document (annex, note,
  final report) that the next such document does not mention, while their latest status is
  neither completed (4) nor dropped (0): no accepted ``same_measure`` link joins them to a
  record of a later document, and the title matcher (:mod:`voortgang.linking.matching`,
  the one the changes report uses) finds no counterpart in the next document.

A fixed number of queries: the records (:func:`voortgang.tracker.selectors.record_list`),
the links, the reporting moments.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from voortgang.linking.matching import Item, match
from voortgang.linking.models import Link
from voortgang.tracker.selectors import record_list, reporting_moments

#: Documents whose records are a government's measures at one moment.
MEASURE_FORMATS = frozenset({"annex", "nota", "eindrapportage"})
#: Kinds that can vanish (results are done by nature; motions are tracked by their paper).
VANISHING_KINDS = frozenset({"measure", "commitment"})
#: Kinds a vanished record can live on as in the next document.
SUCCESSOR_KINDS = frozenset({"measure", "commitment", "result"})
#: Status codes that explain a disappearance: completed, not (any longer) pursued.
CLOSED = frozenset({0, 4})
#: The group of records without a responsible ministry.
NO_MINISTRY = ""


@dataclass(frozen=True)
class GapRecord:
    """A record as the gap view lists it (a contract record of ``record_list``)."""

    uid: str
    kind: str
    title: str
    number: str | None
    document: str
    theme: str | None
    status: int | None
    ministries: tuple[str, ...]

    @classmethod
    def of(cls, row: dict[str, Any]) -> GapRecord:
        return cls(
            uid=row["uid"],
            kind=row["kind"],
            title=row["title"],
            number=row.get("number"),
            document=row["document"],
            theme=row.get("theme"),
            status=row.get("status"),
            ministries=tuple(row.get("ministries") or ()),
        )


@dataclass
class Group:
    """Records under one heading (a chapter or a ministry code), with how many there are of
    all and of the gaps."""

    key: str
    total: int = 0
    records: list[GapRecord] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return len(self.records)


@dataclass(frozen=True)
class Vanished:
    """A measure of ``document`` missing from ``next_document``; ``proposed``: records of a
    later document a proposed (not yet accepted) ``same_measure`` link points at."""

    record: GapRecord
    next_document: str
    proposed: tuple[GapRecord, ...]


@dataclass
class VanishedGroup:
    """The vanished measures one ministry (code; ``""``: none named) is responsible for."""

    key: str
    items: list[Vanished] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Gaps:
    recommendations: int
    answered: int  # with an accepted addresses link
    proposed_only: int  # with only proposed addresses links
    without: list[GapRecord]
    by_chapter: list[Group]
    by_ministry: list[Group]
    #: Consecutive pairs of measure documents compared, oldest first.
    pairs: list[tuple[str, str]]
    vanished: list[Vanished]
    vanished_by_ministry: list[VanishedGroup]


def _groups(everything: list[GapRecord], gaps: list[GapRecord], keys: Any) -> list[Group]:
    groups: dict[str, Group] = {}
    for record in everything:
        for key in keys(record):
            groups.setdefault(key, Group(key)).total += 1
    for record in gaps:
        for key in keys(record):
            groups.setdefault(key, Group(key)).records.append(record)
    return sorted(groups.values(), key=lambda g: (-g.gaps, g.key == NO_MINISTRY, g.key))


def _ministries(record: GapRecord) -> tuple[str, ...]:
    return record.ministries or (NO_MINISTRY,)


def gap_report() -> Gaps:
    """Recommendations without a measure and measures that vanished (module docstring)."""
    records = [GapRecord.of(row) for row in record_list()]
    by_uid = {record.uid: record for record in records}
    links = list(
        Link.objects.exclude(status=Link.Status.REJECTED)
        .order_by("id")
        .values_list("kind", "status", "source__uid", "target__uid")
    )
    rejected = list(
        Link.objects.filter(kind=Link.Kind.SAME_MEASURE, status=Link.Status.REJECTED).values_list(
            "source__uid", "target__uid"
        )
    )
    # (a) Recommendations without an accepted or proposed measure.
    answered: dict[str, str] = {}
    for kind, status, _source, target in links:
        if kind == Link.Kind.ADDRESSES and answered.get(target) != Link.Status.ACCEPTED:
            answered[target] = status
    recommendations = [r for r in records if r.kind == "recommendation"]
    without = [r for r in recommendations if r.uid not in answered]
    by_chapter = _groups(recommendations, without, lambda r: (r.theme or "",))
    by_ministry = _groups(recommendations, without, _ministries)
    # (b) Measures that vanished between two consecutive measure documents.
    moments = [
        m.document.name
        for m in reporting_moments(with_status_only=False)
        if m.document.format in MEASURE_FORMATS
    ]
    position = {name: i for i, name in enumerate(moments)}
    accepted = [
        (source, target)
        for kind, status, source, target in links
        if kind == Link.Kind.SAME_MEASURE and status == Link.Status.ACCEPTED
    ]
    later_partner: set[str] = set()
    proposed: dict[str, list[str]] = {}
    for kind, status, source, target in links:
        if kind != Link.Kind.SAME_MEASURE or source not in by_uid or target not in by_uid:
            continue
        for mine, other in ((source, target), (target, source)):
            here = position.get(by_uid[mine].document)
            there = position.get(by_uid[other].document)
            if here is None or there is None or there <= here:
                continue
            if status == Link.Status.ACCEPTED:
                later_partner.add(mine)
            else:
                proposed.setdefault(mine, []).append(other)
    per_document: dict[str, list[GapRecord]] = {name: [] for name in moments}
    for record in records:
        if record.document in per_document:
            per_document[record.document].append(record)
    vanished: list[Vanished] = []
    pairs = list(itertools.pairwise(moments))
    for old_name, new_name in pairs:
        old = [
            r
            for r in per_document[old_name]
            if r.kind in VANISHING_KINDS and r.status not in CLOSED and r.uid not in later_partner
        ]
        new = [r for r in per_document[new_name] if r.kind in SUCCESSOR_KINDS]
        matching = match(
            old=[Item(r.uid, r.title, r.kind, r.theme) for r in old],
            new=[Item(r.uid, r.title, r.kind, r.theme) for r in new],
            accepted=accepted,
            rejected=rejected,
        )
        for uid in matching.unmatched_old:
            hints = tuple(by_uid[other] for other in proposed.get(uid, ()))
            vanished.append(Vanished(by_uid[uid], new_name, hints))
    per_ministry: dict[str, VanishedGroup] = {}
    for item in vanished:
        for key in _ministries(item.record):
            per_ministry.setdefault(key, VanishedGroup(key)).items.append(item)
    vanished_by_ministry = sorted(
        per_ministry.values(), key=lambda g: (-g.gaps, g.key == NO_MINISTRY, g.key)
    )
    counts = Counter(answered.values())
    return Gaps(
        recommendations=len(recommendations),
        answered=counts[Link.Status.ACCEPTED],
        proposed_only=counts[Link.Status.PROPOSED],
        without=without,
        by_chapter=by_chapter,
        by_ministry=by_ministry,
        pairs=pairs,
        vanished=vanished,
        vanished_by_ministry=vanished_by_ministry,
    )


__all__ = ["GapRecord", "Gaps", "Group", "Vanished", "VanishedGroup", "gap_report"]
