"""Writes of links. Every change to the links goes through a function in this module."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from voortgang.linking.models import Link
from voortgang.linking.proposals import (
    ADDRESSES_FLOOR,
    RECOMMENDATION,
    SAME_FLOOR,
    Corpus,
    Proposal,
    Record,
    propose_addresses,
    propose_same_measure,
    records_from_export,
)
from voortgang.linking.selectors import link_kind_between, link_pair_score
from voortgang.rounds import permissions
from voortgang.rounds.services import audit_log
from voortgang.tracker.models import Measure
from voortgang.tracker.selectors import record_list, reporting_moments


def link_create(
    *,
    kind: str,
    source: Measure,
    target: Measure,
    score: float,
    status: str = Link.Status.PROPOSED,
    automatic: bool = False,
    evidence: dict[str, Any] | None = None,
) -> Link:
    """A new link between two records (``kind`` and ``status`` as in :class:`Link`).

    Raises ``ValueError`` for an unknown kind or status, a negative or non-finite score or a
    record linked to itself; the database refuses a second link of the same kind between the same
    two records."""
    if kind not in Link.Kind.values:
        raise ValueError(f"unknown link kind {kind!r}")
    if status not in Link.Status.values:
        raise ValueError(f"unknown link status {status!r}")
    if not math.isfinite(score) or score < 0:
        raise ValueError(f"a link's score is a finite number of at least 0, not {score}")
    if source.pk == target.pk:
        raise ValueError("a record cannot be linked to itself")
    return Link.objects.create(
        kind=kind,
        source=source,
        target=target,
        score=score,
        status=status,
        automatic=automatic,
        evidence=evidence or {},
    )


# --- Computing proposals (issue 7) ---------------------------------------------------------

#: Per kind, proposals scoring at least this are accepted automatically (``automatic=True``);
#: ``None``: never. Measured on the gold set (docs/linking.md): the 8 same-measure proposals
#: scoring 0.98 or more were all right on both halves, while of the 15 from 0.95 on one was
#: wrong (half B); recommendation links are never accepted automatically (of the 25 from
#: 0.95 on, one was wrong).
AUTO_ACCEPT: dict[str, float | None] = {"same_measure": 0.98, "addresses": None}


@dataclass(frozen=True)
class LinkingSummary:
    """What :func:`links_compute` did: counts per kind (``same_measure``, ``addresses``)."""

    created: dict[str, int]
    updated: dict[str, int]
    removed: dict[str, int]
    unchanged: dict[str, int]
    #: Decisions by a person left as they are (never overwritten or re-proposed).
    decided: dict[str, int]
    #: Links in the table afterwards, per ``(kind, status)``.
    totals: dict[tuple[str, str], int]
    seconds: float


def _decided(link: Link) -> bool:
    return link.status != Link.Status.PROPOSED and not link.automatic


@transaction.atomic
def links_compute(
    *,
    auto_accept: dict[str, float | None] | None = None,
    same_floor: float | None = None,
    addresses_floor: float | None = None,
) -> LinkingSummary:
    """(Re-)compute the machine's link proposals for every record (see
    :mod:`voortgang.linking.proposals`) and bring the ``Link`` table in line with them.

    - A link a person decided (accepted or rejected, ``automatic=False``) is never changed,
      and the machine proposes nothing that contradicts it: a rejected pair is not proposed
      again, an accepted same-measure pair keeps its two records out of other pairings
      between their two documents.
    - A machine link (proposed, or accepted automatically) that is still proposed gets the
      new score and evidence; one no longer proposed is removed.
    - A proposal scoring at least ``auto_accept[kind]`` (default :data:`AUTO_ACCEPT`) is
      stored accepted with ``automatic=True``.

    Running it twice gives the same table."""
    started = time.perf_counter()
    auto = AUTO_ACCEPT if auto_accept is None else auto_accept
    rows = record_list()
    records = records_from_export(rows)
    by_uid = {record.uid: record for record in records}
    order = [moment.document.name for moment in reporting_moments(with_status_only=False)]
    pk_of = dict(Measure.objects.values_list("uid", "pk"))
    uid_of = {pk: uid for uid, pk in pk_of.items()}

    existing = list(Link.objects.all())
    decided = [link for link in existing if _decided(link)]
    rejected = [
        (uid_of[link.source_id], uid_of[link.target_id])
        for link in decided
        if link.status == Link.Status.REJECTED
    ]
    accepted_same = [
        (uid_of[link.source_id], uid_of[link.target_id])
        for link in decided
        if link.status == Link.Status.ACCEPTED and link.kind == Link.Kind.SAME_MEASURE
    ]
    corpus = Corpus(records)
    proposals = propose_same_measure(
        corpus,
        document_order=order,
        forbidden=rejected,
        fixed=accepted_same,
        floor=SAME_FLOOR if same_floor is None else same_floor,
    ) + propose_addresses(
        corpus,
        forbidden=rejected,
        floor=ADDRESSES_FLOOR if addresses_floor is None else addresses_floor,
    )

    def pair(kind: str, a: int, b: int) -> tuple[str, frozenset[int]]:
        return kind, frozenset((a, b))

    decided_pairs = {pair(link.kind, link.source_id, link.target_id) for link in decided}
    machine = {
        pair(link.kind, link.source_id, link.target_id): link
        for link in existing
        if not _decided(link)
    }
    kinds = [Link.Kind.SAME_MEASURE.value, Link.Kind.ADDRESSES.value]
    counts = {name: dict.fromkeys(kinds, 0) for name in ("created", "updated", "unchanged")}
    wanted: set[tuple[str, frozenset[int]]] = set()
    for proposal in proposals:
        source, target = pk_of[proposal.source], pk_of[proposal.target]
        key = pair(proposal.kind, source, target)
        if key in decided_pairs or key in wanted:
            continue
        wanted.add(key)
        cut = auto.get(proposal.kind)
        automatic = cut is not None and proposal.score >= cut
        status = Link.Status.ACCEPTED if automatic else Link.Status.PROPOSED
        evidence = _evidence(proposal, by_uid)
        link = machine.get(key)
        if link is None:
            link_create(
                kind=proposal.kind,
                source=Measure(pk=source),
                target=Measure(pk=target),
                score=proposal.score,
                status=status,
                automatic=automatic,
                evidence=evidence,
            )
            counts["created"][proposal.kind] += 1
            continue
        fields = {
            "source_id": source,
            "target_id": target,
            "score": proposal.score,
            "status": status,
            "automatic": automatic,
            "evidence": evidence,
        }
        changed = [name for name, value in fields.items() if getattr(link, name) != value]
        if changed:
            for name in changed:
                setattr(link, name, fields[name])
            link.save(update_fields=changed)
            counts["updated"][proposal.kind] += 1
        else:
            counts["unchanged"][proposal.kind] += 1
    removed = dict.fromkeys(kinds, 0)
    stale = [link for key, link in machine.items() if key not in wanted]
    for link in stale:
        removed[link.kind] += 1
    Link.objects.filter(pk__in=[link.pk for link in stale]).delete()
    decided_counts = dict.fromkeys(kinds, 0)
    for link in decided:
        decided_counts[link.kind] += 1
    return LinkingSummary(
        created=counts["created"],
        updated=counts["updated"],
        removed=removed,
        unchanged=counts["unchanged"],
        decided=decided_counts,
        totals={
            (kind, status): n
            for kind, status, n in Link.objects.order_by()
            .values_list("kind", "status")
            .annotate(n=Count("id"))
        },
        seconds=round(time.perf_counter() - started, 3),
    )


def _evidence(proposal: Proposal, by_uid: dict[str, Record]) -> dict[str, Any]:
    """The proposal's features, plus, for a recommendation, its chapter and ministries."""
    evidence: dict[str, Any] = dict(proposal.evidence)
    if proposal.kind == Link.Kind.ADDRESSES:
        recommendation = by_uid[proposal.target]
        evidence["chapter"] = recommendation.theme
        evidence["recommendation_ministries"] = list(recommendation.ministries)
    return evidence


#: The audit action of each decision (docs/linking.md, "Review").
DECISION_ACTIONS: dict[str, str] = {
    Link.Status.ACCEPTED.value: "link_accept",
    Link.Status.REJECTED.value: "link_reject",
    Link.Status.PROPOSED.value: "link_reopen",
}


class LinkConflict(ValidationError):
    """Accepting a ``same_measure`` link would join one of its records to a second record of
    the same document: ``conflicts`` are the accepted links in the way (reject or reopen one
    of them first)."""

    def __init__(self, message: str, *, conflicts: list[Link]) -> None:
        super().__init__(message)
        self.conflicts = conflicts


def same_measure_conflicts(*, link: Link) -> list[Link]:
    """The accepted ``same_measure`` links that accepting ``link`` would contradict: links
    joining its source to another record of its target's document, or its target to another
    record of its source's document (a measure has at most one record per document)."""
    if link.kind != Link.Kind.SAME_MEASURE:
        return []
    source, target = link.source, link.target
    clash = (
        Q(source_id=source.pk, target__document_id=target.document_id)
        | Q(target_id=source.pk, source__document_id=target.document_id)
        | Q(source_id=target.pk, target__document_id=source.document_id)
        | Q(target_id=target.pk, source__document_id=source.document_id)
    )
    return list(
        Link.objects.select_related("source__document", "target__document")
        .filter(clash, kind=Link.Kind.SAME_MEASURE, status=Link.Status.ACCEPTED)
        .exclude(pk=link.pk)
        .order_by("id")
    )


def _conflict(conflicts: list[Link]) -> LinkConflict:
    names = "; ".join(
        f"{c.source.title[:60]} ({c.source.document.name}) ↔ "
        f"{c.target.title[:60]} ({c.target.document.name})"
        for c in conflicts
    )
    return LinkConflict(
        "Een maatregel heeft per document hoogstens één geaccepteerde koppeling. "
        f"Wijs eerst deze koppeling af of heropen haar: {names}",
        conflicts=conflicts,
    )


@transaction.atomic
def link_decide(*, link: Link, status: str, user: Any) -> Link:
    """A person's decision on a link: ``accepted`` or ``rejected`` (``automatic`` cleared),
    or ``proposed`` to take a decision back (reopen). :func:`links_compute` never changes a
    decided link.

    Only the coordinator decides (``user=None`` is the system, with the coordinator's rights):
    anyone else gets :class:`~django.core.exceptions.PermissionDenied`. Accepting a
    ``same_measure`` link that would give one of its records a second accepted partner in
    the other's document raises :class:`LinkConflict` and changes nothing: the person
    rejects or reopens the conflicting link first. Every change is audited
    (``link_accept`` / ``link_reject`` / ``link_reopen``, the status before and after); a
    decision that changes nothing (accepting an accepted link a person accepted) is not."""
    if status not in Link.Status.values:
        raise ValueError(f"unknown link status {status!r}")
    permissions.require(
        permissions.role_of(user) in (permissions.COORDINATOR, permissions.SYSTEM),
        "Alleen de coördinator beslist over koppelingen.",
    )
    current = Link.objects.select_for_update().get(pk=link.pk)
    current = Link.objects.select_related("source__document", "target__document").get(pk=current.pk)
    if current.status == status and not current.automatic:
        link.status, link.automatic = current.status, current.automatic
        return link
    if status == Link.Status.ACCEPTED:
        conflicts = same_measure_conflicts(link=current)
        if conflicts:
            raise _conflict(conflicts)
    identity = {"link": current.pk, "kind": current.kind, "target": current.target.uid}
    before: dict[str, Any] = {**identity, "status": current.status}
    if current.automatic:
        before["automatic"] = True
    after: dict[str, Any] = {**identity, "status": status}
    current.status = status
    current.automatic = False
    current.save(update_fields=["status", "automatic"])
    audit_log(
        user=user,
        action=DECISION_ACTIONS[status],
        measure=current.source,
        before=before,
        after=after,
    )
    link.status, link.automatic = current.status, current.automatic
    return link


@transaction.atomic
def link_add(
    *, measure: Measure, other: Measure, user: Any, status: str = Link.Status.ACCEPTED
) -> Link:
    """A link a person makes by hand between ``measure`` and ``other`` (one the machine did
    not propose, or proposed below its floor), stored accepted (``automatic=False``) with the
    proposer's score and evidence and ``"manual": True``; audited as ``link_accept``. With
    ``status="rejected"`` the person decides the two are *not* linked: the pair is stored
    rejected (audited as ``link_reject``), so that neither the proposer nor the review's
    candidates offer it again.

    The kind follows from the records (:func:`~voortgang.linking.selectors.link_kind_between`):
    ``same_measure`` is stored from the record of the earlier document to the later one,
    ``addresses`` from the measure to the recommendation. When the two are already linked
    (proposed or rejected), that link is accepted instead (:func:`link_decide`). Only the
    coordinator links (``PermissionDenied``); two records of one document, or records that
    cannot be linked (motions, challenges, two recommendations) raise ``ValidationError``; a
    second accepted partner in one document raises :class:`LinkConflict`. Nothing changes on
    an error."""
    permissions.require(
        permissions.role_of(user) in (permissions.COORDINATOR, permissions.SYSTEM),
        "Alleen de coördinator beslist over koppelingen.",
    )
    if status not in (Link.Status.ACCEPTED, Link.Status.REJECTED):
        raise ValidationError(f"Onbekend besluit {status!r}: accepted of rejected.")
    if measure.pk == other.pk or measure.document_id == other.document_id:
        raise ValidationError("Alleen records uit verschillende documenten zijn te koppelen.")
    kind = link_kind_between(measure, other)
    if kind is None:
        raise ValidationError(
            "Deze records zijn niet te koppelen: alleen maatregelen, toezeggingen en "
            "resultaten onderling, of aan een aanbeveling."
        )
    existing = Link.objects.filter(
        Q(source_id=measure.pk, target_id=other.pk) | Q(source_id=other.pk, target_id=measure.pk),
        kind=kind,
    ).first()
    if existing is not None:
        return link_decide(link=existing, status=status, user=user)
    if kind == Link.Kind.ADDRESSES:
        source, target = (other, measure) if measure.kind == RECOMMENDATION else (measure, other)
    else:
        rank = {
            moment.document.pk: i
            for i, moment in enumerate(reporting_moments(with_status_only=False))
        }
        source, target = sorted(
            (measure, other), key=lambda m: (rank.get(m.document_id, len(rank)), m.document_id)
        )
    score, evidence = link_pair_score(kind=kind, source=source, target=target)
    if status == Link.Status.ACCEPTED:
        link = Link(kind=kind, source=source, target=target, score=score, status=status)
        conflicts = same_measure_conflicts(link=link)
        if conflicts:
            raise _conflict(conflicts)
    link = link_create(
        kind=kind,
        source=source,
        target=target,
        score=score,
        status=status,
        evidence={**evidence, "manual": True},
    )
    audit_log(
        user=user,
        action=DECISION_ACTIONS[status],
        measure=source,
        before=None,
        after={
            "link": link.pk,
            "kind": kind,
            "target": target.uid,
            "status": str(status),
            "manual": True,
        },
    )
    return link
