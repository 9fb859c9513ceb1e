"""The list filters in the query string: parsing and validation.

Parameters: ``kind``, ``theme``, ``subtheme``, ``status`` (0, 1, 3, 4, or ``geen`` for none),
``ministry`` (a code), ``document`` (a file name), ``due_from`` and ``due_to`` (YYYY-MM-DD),
``overdue`` (``1``), ``answered`` (``1`` or ``0``: joined, or not, to a recommendation or
measure by an accepted or proposed ``addresses`` link), ``sort`` and ``page``. A value that
is not valid is ignored and named in a message on the page; it never makes a request fail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from voortgang.tracker.models import Measure
from voortgang.web.selectors import DEFAULT_SORT, SORTS, FilterOptions, RecordFilters

PARAMS = (
    "kind",
    "theme",
    "subtheme",
    "status",
    "ministry",
    "document",
    "due_from",
    "due_to",
    "overdue",
    "answered",
    "sort",
)
STATUS_NONE = "geen"


@dataclass
class ParsedFilters:
    filters: RecordFilters
    #: The valid parameters, as strings, for forms and links.
    values: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def query(self, **changes: str | None) -> str:
        """The query string of these filters with ``changes`` applied (None removes)."""
        values = {**self.values, **changes}
        return urlencode({k: v for k, v in values.items() if v})

    @property
    def active(self) -> bool:
        return any(k != "sort" for k in self.values)


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def parse_filters(
    params: Mapping[str, str], options: FilterOptions, *, fixed_kind: str | None = None
) -> ParsedFilters:
    """Filters from the query string; invalid values are dropped with a message."""
    values: dict[str, str] = {}
    errors: list[str] = []
    kinds = {k.value for k in Measure.Kind}
    raw = {k: (params.get(k) or "").strip() for k in PARAMS}

    kind = fixed_kind
    if not fixed_kind and raw["kind"]:
        if raw["kind"] in kinds:
            kind = values["kind"] = raw["kind"]
        else:
            errors.append(
                _("Onbekende soort “%(value)s”: dit filter is genegeerd.") % {"value": raw["kind"]}
            )

    def pick(name: str, allowed: set[str], message: str) -> str | None:
        value = raw[name]
        if not value:
            return None
        if value in allowed:
            values[name] = value
            return value
        errors.append(message % {"value": value})
        return None

    theme = pick("theme", set(options.themes), _("Onbekend thema “%(value)s”: genegeerd."))
    subtheme = pick(
        "subtheme", set(options.subthemes), _("Onbekend subthema “%(value)s”: genegeerd.")
    )
    ministry = pick(
        "ministry",
        {m.code for m in options.ministries},
        _("Onbekend ministerie “%(value)s”: dit filter is genegeerd."),
    )
    document = pick(
        "document",
        {d.name for d in options.documents},
        _("Onbekend document “%(value)s”: genegeerd."),
    )
    status: int | None = None
    if raw["status"]:
        if raw["status"] == STATUS_NONE:
            status = -1
            values["status"] = STATUS_NONE
        elif raw["status"] in {"0", "1", "3", "4"}:
            status = int(raw["status"])
            values["status"] = raw["status"]
        else:
            errors.append(
                _("Ongeldige stand van zaken “%(value)s” (kies 0, 1, 3 of 4): genegeerd.")
                % {"value": raw["status"]}
            )
    dates: dict[str, dt.date | None] = {}
    for name in ("due_from", "due_to"):
        dates[name] = None
        if raw[name]:
            parsed = _date(raw[name])
            if parsed is None:
                errors.append(
                    _("Ongeldige datum “%(value)s” (gebruik JJJJ-MM-DD): genegeerd.")
                    % {"value": raw[name]}
                )
            else:
                dates[name] = parsed
                values[name] = parsed.isoformat()
    overdue = raw["overdue"] in {"1", "on", "true", "ja"}
    if overdue:
        values["overdue"] = "1"
    answered: bool | None = None
    if raw["answered"]:
        answered = {"1": True, "ja": True, "true": True, "0": False, "nee": False}.get(
            raw["answered"].lower()
        )
        if answered is None:
            errors.append(
                _("Ongeldige waarde voor gekoppeld “%(value)s” (kies 1 of 0): genegeerd.")
                % {"value": raw["answered"]}
            )
        else:
            values["answered"] = "1" if answered else "0"
    sort = raw["sort"] or DEFAULT_SORT
    if sort not in SORTS:
        errors.append(_("Onbekende sortering “%(value)s”: genegeerd.") % {"value": sort})
        sort = DEFAULT_SORT
    if sort != DEFAULT_SORT:
        values["sort"] = sort
    filters = RecordFilters(
        kind=kind,
        theme=theme,
        subtheme=subtheme,
        status=status,
        ministry=ministry,
        document=document,
        due_from=dates["due_from"],
        due_to=dates["due_to"],
        overdue=overdue,
        answered=answered,
        sort=sort,
    )
    return ParsedFilters(filters=filters, values=values, errors=errors)


def page_number(raw: str | None) -> tuple[int, str | None]:
    """A page number from the query string (1 when missing or invalid) and an error."""
    if not raw:
        return 1, None
    try:
        number = int(raw)
    except ValueError:
        return 1, _("Ongeldig paginanummer “%(value)s”: pagina 1 wordt getoond.") % {"value": raw}
    if number < 1:
        return 1, _("Ongeldig paginanummer “%(value)s”: pagina 1 wordt getoond.") % {"value": raw}
    return number, None
