"""Who may do what in the reporting round (docs/rounds.md, "Roles").

Every service checks these before it writes and raises
:class:`django.core.exceptions.PermissionDenied` (the site answers 403). ``user`` is a Django
user, an anonymous user, or ``None``: ``None`` is the system itself (the command line, cron),
which acts with the coordinator's rights and is audited as ``system (CLI)``.

- coordinator: everything;
- editor: read the round's items of their ministries; edit, save, submit the items one of
  their ministries owns; propose a measure for one of their ministries;
- reviewer: read everything (drafts and the audit trail included); change nothing;
- anonymous, or a user without an account or not active: nothing of the round.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from voortgang.rounds.models import RoundItem

__all__ = [
    "COORDINATOR",
    "EDITOR",
    "REVIEWER",
    "SYSTEM",
    "can_edit_item",
    "can_propose",
    "can_publish",
    "can_review",
    "can_view_audit",
    "can_view_item",
    "can_view_round",
    "require",
    "role_of",
    "user_ministries",
]

COORDINATOR = "coordinator"
EDITOR = "editor"
REVIEWER = "reviewer"
#: The system itself (``user=None``: the command line, cron).
SYSTEM = "system"

#: A Django user, an anonymous user, or ``None`` for the system.
User = Any


def role_of(user: User) -> str | None:
    """``coordinator``, ``editor``, ``reviewer``, ``system`` (``user`` is ``None``), or ``None``
    (anonymous, inactive, or no account)."""
    if user is None:
        return SYSTEM
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    try:
        account = user.account
    except Exception:  # no account: RelatedObjectDoesNotExist
        return None
    return str(account.role)


def _is_coordinator(user: User) -> bool:
    return role_of(user) in (COORDINATOR, SYSTEM)


def user_ministries(user: User) -> frozenset[str]:
    """The ministry codes an editor answers for (empty for every other role)."""
    if role_of(user) != EDITOR:
        return frozenset()
    return frozenset(user.account.ministries.values_list("code", flat=True))


def can_view_round(user: User) -> bool:
    """Round pages, items and progress: every role; never the public."""
    return role_of(user) in (COORDINATOR, SYSTEM, EDITOR, REVIEWER)


def can_view_audit(user: User) -> bool:
    """The audit trail: coordinator and reviewer (and editors for their own items, through
    :func:`can_view_item`)."""
    return role_of(user) in (COORDINATOR, SYSTEM, REVIEWER)


def can_view_item(user: User, item: RoundItem) -> bool:
    """Coordinator and reviewer: every item; editor: the items one of their ministries owns."""
    role = role_of(user)
    if role in (COORDINATOR, SYSTEM, REVIEWER):
        return True
    return role == EDITOR and bool(user_ministries(user) & set(item.owners))


def can_edit_item(user: User, item: RoundItem) -> bool:
    """Coordinator: yes; editor: when one of their ministries is among ``item.owners``."""
    role = role_of(user)
    if role in (COORDINATOR, SYSTEM):
        return True
    return role == EDITOR and bool(user_ministries(user) & set(item.owners))


def can_review(user: User) -> bool:
    """Accept or return a submitted item: the coordinator."""
    return _is_coordinator(user)


def can_publish(user: User) -> bool:
    """Publish a round: the coordinator."""
    return _is_coordinator(user)


def can_open_round(user: User) -> bool:
    """Open a round and choose its measures: the coordinator."""
    return _is_coordinator(user)


def can_remind(user: User) -> bool:
    """Send the ministries a reminder: the coordinator."""
    return _is_coordinator(user)


def can_propose(user: User, ministries: Iterable[str]) -> bool:
    """Propose a new measure: the coordinator, or an editor when one of ``ministries`` is
    theirs."""
    role = role_of(user)
    if role in (COORDINATOR, SYSTEM):
        return True
    return role == EDITOR and bool(user_ministries(user) & set(ministries))


def require(allowed: bool, message: str) -> None:
    """Raise :class:`PermissionDenied` with ``message`` unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message)
