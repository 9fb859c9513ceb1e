"""Every page type of the site, for the browser tests (accessibility, external hosts, screenshots).

Each entry maps a page-type name to a function that, given the database as the demo leaves it
(the bundled samples ingested), returns a path to open. Add an entry for every new page type.
The functions query the database when called (inside a test with database access).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote


def _uid(kind: str) -> str:
    from voortgang.tracker.models import Measure

    measure = Measure.objects.filter(kind=kind).order_by("document_id", "position").first()
    assert measure is not None, f"no {kind} in the database"
    return measure.uid


def _record(kind: str) -> Callable[[], str]:
    return lambda: f"/record/{quote(_uid(kind))}/"


def _ministry() -> str:
    return "/ministeries/SZW/"


def _document() -> str:
    from voortgang.tracker.models import Document

    document = Document.objects.filter(name="bijlage-voortgangsrapportage-2024.txt").first()
    document = document or Document.objects.order_by("id").first()
    assert document is not None, "no document in the database"
    return f"/documenten/{document.pk}/"


def _theme() -> str:
    from voortgang.tracker.models import Theme

    theme = Theme.objects.filter(level=1).order_by("document_id", "position").first()
    assert theme is not None, "no theme in the database"
    return f"/themas/{theme.pk}/"


PAGE_TYPES: dict[str, Callable[[], str]] = {
    "home": lambda: "/",
    "records": lambda: "/overzicht/",
    "records-filtered": lambda: "/overzicht/?kind=measure&status=3&sort=deadline",
    "records-overdue": lambda: "/overzicht/?overdue=1",
    "records-bad-filter": lambda: "/overzicht/?status=7&ministry=XYZ&due_from=notadate&page=abc",
    "measures": lambda: "/maatregelen/",
    "motions": lambda: "/moties/",
    "commitments": lambda: "/toezeggingen/",
    "recommendations": lambda: "/aanbevelingen/",
    "search": lambda: "/zoeken/?q=geweld",
    "search-empty": lambda: "/zoeken/",
    "measure": _record("measure"),
    "motion": _record("motion"),
    "commitment": _record("commitment"),
    "recommendation": _record("recommendation"),
    "result": _record("result"),
    "ministries": lambda: "/ministeries/",
    "ministry": _ministry,
    "documents": lambda: "/documenten/",
    "document": _document,
    "themes": lambda: "/themas/",
    "theme": _theme,
    "changes": lambda: "/wijzigingen/",
    "changes-bad-choice": lambda: "/wijzigingen/?from=onbekend.txt&to=1999-01-01",
    "gaps": lambda: "/hiaten/",
}
