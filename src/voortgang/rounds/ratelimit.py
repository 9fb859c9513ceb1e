"""Login rate limiting, counted in the database so that every server worker sees the same count.

A failed login is an :class:`~voortgang.rounds.models.AuditEntry` with action ``login_failed``
(``actor`` the name as typed, ``after`` the normalized name and the client's address). The
login page refuses to try again (HTTP 429) once a name has failed :data:`LIMIT` times from one
address within :data:`WINDOW`, or an address has failed :data:`ADDRESS_LIMIT` times with any
names (guessing many names from one machine). The audit trail is the counter: it is
append-only, shared by every gunicorn worker, and shows the coordinator who tried what.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from voortgang.rounds.models import AuditEntry
from voortgang.rounds.services import audit_log

#: Failures of one name from one address before the login page refuses (HTTP 429).
LIMIT = 5
#: Failures from one address, with any names, before the login page refuses.
ADDRESS_LIMIT = 30
#: How long a failure counts.
WINDOW = dt.timedelta(minutes=15)


def client_address(request: HttpRequest) -> str:
    """The client's address as the server saw it (``X-Forwarded-For`` can be forged)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def normalize(username: str) -> str:
    return username.strip().casefold()[:150]


def login_blocked(*, username: str, address: str) -> bool:
    """Whether this name (or this address) has failed too often within the window."""
    recent = AuditEntry.objects.filter(
        action=AuditEntry.Action.LOGIN_FAILED,
        at__gte=timezone.now() - WINDOW,
        after__ip=address,
    )
    if recent.filter(after__username=normalize(username)).count() >= LIMIT:
        return True
    return recent.count() >= ADDRESS_LIMIT


def login_failure_record(*, username: str, address: str) -> None:
    """Audit a failed login (the counter :func:`login_blocked` reads)."""
    audit_log(
        user=None,
        actor=username.strip()[:200] or "?",
        action=AuditEntry.Action.LOGIN_FAILED,
        after={"username": normalize(username), "ip": address},
    )
