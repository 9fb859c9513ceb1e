"""Reads of the reporting round. Pages, the CLI and the spreadsheets read through here.

The first argument of each selector may be given by position or by keyword.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery

from voortgang.rounds import permissions as perm
from voortgang.rounds.models import Account, AuditEntry, Round, RoundItem
from voortgang.tracker.models import Measure, StatusEntry

#: Kinds of record a round asks about.
ROUND_KINDS = (Measure.Kind.MEASURE, Measure.Kind.MOTION, Measure.Kind.COMMITMENT)
#: Latest status codes that leave a measure out of the next round by default.
CLOSED_STATUSES = (0, 4)

__all__ = [
    "CLOSED_STATUSES",
    "ROUND_KINDS",
    "STATES",
    "Candidate",
    "MinistryProgress",
    "account_get",
    "audit_export",
    "audit_for_item",
    "audit_for_measure",
    "audit_for_round",
    "item_get",
    "latest_entries",
    "round_candidates",
    "round_current",
    "round_get",
    "round_items",
    "round_list",
    "round_progress",
    "round_state_counts",
]

#: The item states in workflow order.
STATES = tuple(RoundItem.State.values)


def round_list() -> QuerySet[Round]:
    """Every round, newest first."""
    return Round.objects.select_related("opened_by", "published_by", "document").order_by(
        "-opened_at", "-id"
    )


def round_current() -> Round | None:
    """The open round (there is at most one), or ``None``."""
    return round_list().filter(status=Round.Status.OPEN).first()


def round_get(pk: int | None = None, *, name: str | None = None) -> Round:
    """A round by id or by name (``Round.DoesNotExist`` when there is none)."""
    if pk is None and name is None:
        raise ValueError("round_get needs pk or name")
    query = Q(pk=pk) if pk is not None else Q(name=name)
    return round_list().get(query)


def _owned_by(code: str) -> Q:
    # ``owners`` is a JSON list of codes; its text holds each code in double quotes.
    return Q(owners__icontains=f'"{code}"')


def round_items(
    round: Round,
    user: Any = None,
    ministry: str | None = None,
    state: str | None = None,
) -> QuerySet[RoundItem]:
    """The round's items the user may see, in the round's order.

    ``user=None`` is the system (everything). An editor sees the items one of their ministries
    owns; coordinator and reviewer everything; anyone else gets ``PermissionDenied``.
    ``ministry`` (a code) and ``state`` narrow the list.
    """
    perm.require(perm.can_view_round(user), "alleen ingelogde medewerkers zien de ronde")
    qs = RoundItem.objects.filter(round=round).select_related(
        "measure", "measure__document", "updated_by", "round"
    )
    if perm.role_of(user) == perm.EDITOR:
        mine = Q(pk__in=[])
        for code in perm.user_ministries(user):
            mine |= _owned_by(code)
        qs = qs.filter(mine)
    if ministry:
        qs = qs.filter(_owned_by(ministry))
    if state:
        qs = qs.filter(state=state)
    items = qs.order_by("position", "id")
    if ministry:
        # icontains is case-insensitive: keep exact codes only.
        ids = [item.pk for item in items if ministry in item.owners]
        items = items.filter(pk__in=ids)
    return items


def item_get(pk: int, user: Any = None) -> RoundItem:
    """One item (``RoundItem.DoesNotExist`` when there is none; ``PermissionDenied`` when the
    user may not see it)."""
    item = RoundItem.objects.select_related(
        "round", "measure", "measure__document", "measure__theme", "updated_by", "base_entry"
    ).get(pk=pk)
    if not perm.can_view_item(user, item):
        raise PermissionDenied("u mag dit onderdeel niet inzien")
    return item


@dataclass(frozen=True)
class MinistryProgress:
    """How far one ministry is: its items per state."""

    ministry: str
    untouched: int = 0
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    accepted: int = 0

    @property
    def total(self) -> int:
        return self.untouched + self.draft + self.submitted + self.returned + self.accepted

    @property
    def done(self) -> bool:
        """Every item submitted or accepted."""
        return self.untouched == self.draft == self.returned == 0


def round_progress(round: Round) -> list[MinistryProgress]:
    """Per owner ministry (by code) the number of items per state. A shared item counts for
    each of its owners; items without an owner are counted under ``""`` (last)."""
    counts: dict[str, dict[str, int]] = {}
    for owners, state in RoundItem.objects.filter(round=round).values_list("owners", "state"):
        for code in owners or [""]:
            row = counts.setdefault(code, dict.fromkeys(STATES, 0))
            row[state] += 1
    order = sorted(counts, key=lambda code: (code == "", code.lower()))
    return [MinistryProgress(ministry=code, **counts[code]) for code in order]


def _audit() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("round", "item", "measure", "user").order_by(
        "at", "id"
    )


def audit_for_measure(measure: Measure) -> QuerySet[AuditEntry]:
    """Every audit entry about one measure (over all rounds), oldest first."""
    return _audit().filter(Q(measure=measure) | Q(item__measure=measure))


def audit_for_item(item: RoundItem) -> QuerySet[AuditEntry]:
    """Every audit entry about one item, oldest first."""
    return _audit().filter(item=item)


def audit_for_round(round: Round) -> QuerySet[AuditEntry]:
    """Every audit entry of one round, oldest first."""
    return _audit().filter(round=round)


AUDIT_COLUMNS = (
    "at",
    "actor",
    "action",
    "round",
    "item",
    "measure_uid",
    "title",
    "before",
    "after",
)


def audit_export(round: Round) -> bytes:
    """The round's audit trail as CSV (UTF-8 with BOM, for spreadsheet programs): one row per
    entry; ``before`` and ``after`` as JSON objects of the changed fields."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(AUDIT_COLUMNS)
    for entry in audit_for_round(round):
        writer.writerow(
            [
                entry.at.isoformat(),
                entry.actor,
                entry.action,
                entry.round.name if entry.round else "",
                entry.item_id or "",
                entry.measure.uid if entry.measure else "",
                (entry.item.title if entry.item else "")[:300],
                json.dumps(entry.before, ensure_ascii=False, sort_keys=True),
                json.dumps(entry.after, ensure_ascii=False, sort_keys=True),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def account_get(username: str) -> Account:
    """A user's account by username (``Account.DoesNotExist`` when there is none)."""
    return Account.objects.select_related("user").get(user__username=username)


def round_state_counts(round: Round) -> dict[str, int]:
    """The round's items per state (every state present, zero included)."""
    counts = dict.fromkeys(STATES, 0)
    for state in RoundItem.objects.filter(round=round).values_list("state", flat=True):
        counts[state] += 1
    return counts


def latest_entries() -> dict[int, StatusEntry]:
    """Each measure's latest status entry (across all documents), by measure id, with its
    ministries prefetched."""
    latest = StatusEntry.objects.filter(measure=OuterRef("measure")).order_by("-created_at", "-id")
    entries = (
        StatusEntry.objects.filter(pk=Subquery(latest.values("pk")[:1]))
        .prefetch_related("ministry_links__ministry")
        .order_by()
    )
    return {entry.measure_id: entry for entry in entries}


def superseded_measures() -> set[int]:
    """Records an accepted same-measure link shows again in a later document."""
    from voortgang.linking.models import Link

    return set(
        Link.objects.filter(kind=Link.Kind.SAME_MEASURE, status=Link.Status.ACCEPTED).values_list(
            "source_id", flat=True
        )
    )


def entry_codes(entry: StatusEntry | None) -> list[str]:
    """The ministry codes of a status entry, in the source's order."""
    if entry is None:
        return []
    links = sorted(entry.ministry_links.all(), key=lambda link: link.position)
    return [link.ministry.code for link in links]


@dataclass(frozen=True)
class Candidate:
    """A record a round could ask about: its latest entry, status and ministries, and whether
    a round takes it by default."""

    measure: Measure
    entry: StatusEntry | None
    status: int | None
    ministries: list[str]
    default: bool


def round_candidates() -> list[Candidate]:
    """Every measure, motion and commitment in source order, with ``default`` true when its
    latest status is not completed (4) or dropped (0) and no accepted same-measure link shows
    it again in a later document (then the later record is asked instead)."""
    latest = latest_entries()
    superseded = superseded_measures()
    out: list[Candidate] = []
    for m in (
        Measure.objects.filter(kind__in=ROUND_KINDS)
        .select_related("theme", "document")
        .order_by("document__ingested_at", "document_id", "position")
    ):
        entry = latest.get(m.pk)
        status = entry.status if entry else None
        default = m.pk not in superseded and status not in CLOSED_STATUSES
        out.append(Candidate(m, entry, status, entry_codes(entry), default))
    return out
