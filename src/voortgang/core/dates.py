"""Dutch calendar words and period arithmetic.

Understood forms (case-insensitive, surrounding white space ignored):

* a day with a Dutch month name or abbreviation: ``29 september 2022``, ``5 dec. 2022``,
  ``1 januari 2023``, optionally preceded by a weekday (``maandag 5 december 2022``);
* a numeric day: ``24-04-2023``, ``24/04/2023``, ``24.04.2023`` (day first, as in Dutch) and the
  ISO form ``2023-04-24``.

Anything else — a month without a day, a day without a year, an impossible date such as
``31 februari 2023`` — gives ``None``: this module never guesses.

The ``*_bounds`` helpers return the first and last day of a quarter, month, half year or year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = [
    "DUTCH_MONTHS",
    "MONTH_PATTERN",
    "YEAR_MAX",
    "YEAR_MIN",
    "half_bounds",
    "month_bounds",
    "month_number",
    "parse_dutch_date",
    "quarter_bounds",
    "year_bounds",
]

#: Month names and their usual abbreviations, lower case, mapped to the month number.
DUTCH_MONTHS: dict[str, int] = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "febr": 2,
    "maart": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

#: Plausible years for policy documents; four-digit numbers outside this range are not years.
YEAR_MIN = 1900
YEAR_MAX = 2100

#: A regular-expression alternation of every month word, longest first, with an optional
#: abbreviation dot. Use with ``re.IGNORECASE``.
MONTH_PATTERN = "(?:" + "|".join(sorted(DUTCH_MONTHS, key=len, reverse=True)) + r")(?![a-z])\.?"

_WEEKDAY = r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?"
_NAMED = re.compile(
    rf"{_WEEKDAY}(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"(?P<day>\d{1,2})([-/.])(?P<month>\d{1,2})\2(?P<year>\d{4})")
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")


def month_number(word: str) -> int | None:
    """The month number of a Dutch month name or abbreviation (``"Mei"`` → 5), else ``None``."""
    return DUTCH_MONTHS.get(word.strip().rstrip(".").lower())


def _make_date(year: int, month: int, day: int) -> date | None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_dutch_date(text: str) -> date | None:
    """A single calendar day written the Dutch way; ``None`` unless ``text`` is exactly that."""
    value = " ".join(text.split())
    match = _NAMED.fullmatch(value)
    if match:
        month = month_number(match["month"])
        if month is None:  # pragma: no cover - the pattern only admits known months
            return None
        return _make_date(int(match["year"]), month, int(match["day"]))
    match = _NUMERIC.fullmatch(value) or _ISO.fullmatch(value)
    if match:
        return _make_date(int(match["year"]), int(match["month"]), int(match["day"]))
    return None


MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def format_dutch_date(day: date) -> str:
    """``2023-11-14`` → ``"14 november 2023"``: a day written out the Dutch way."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def dates_in_text(text: str) -> list[date]:
    """Every calendar day written out in ``text`` ("7 juni 2023", "07-06-2023"), in order."""
    found: list[tuple[int, date]] = []
    for pattern in (_NAMED, _NUMERIC, _ISO):
        for match in pattern.finditer(text):
            if pattern is _NAMED:
                month = month_number(match["month"])
                if month is None:  # pragma: no cover - the pattern only admits known months
                    continue
            else:
                month = int(match["month"])
            value = _make_date(int(match["year"]), month, int(match["day"]))
            if value is not None:
                found.append((match.start(), value))
    return [value for _, value in sorted(found, key=lambda item: item[0])]


def quarter_bounds(q: int, year: int) -> tuple[date, date]:
    """First and last day of quarter ``q`` (1–4) of ``year``."""
    if not 1 <= q <= 4:
        raise ValueError(f"quarter must be 1-4, not {q}")
    first_month = 3 * (q - 1) + 1
    return date(year, first_month, 1), month_bounds(first_month + 2, year)[1]


def month_bounds(month: int, year: int) -> tuple[date, date]:
    """First and last day of ``month`` (1–12) of ``year``."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last)


def half_bounds(half: int, year: int) -> tuple[date, date]:
    """First and last day of half year ``half`` (1 or 2) of ``year``."""
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    if half == 2:
        return date(year, 7, 1), date(year, 12, 31)
    raise ValueError(f"half must be 1 or 2, not {half}")


def year_bounds(year: int) -> tuple[date, date]:
    """1 January and 31 December of ``year``."""
    return date(year, 1, 1), date(year, 12, 31)
