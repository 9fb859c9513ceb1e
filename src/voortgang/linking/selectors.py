"""Reads of links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum

from voortgang.linking.models import Link


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
