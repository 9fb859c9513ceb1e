"""The annex's "Wanneer" (when) column: free text turned into a period and flags.

:func:`parse_wanneer` keeps the source text in :attr:`Due.raw` and adds what it understood.

Flags (anywhere in the text, case-insensitive):

* ``n.v.t.``, ``N.v.t.``, ``nvt``, ``niet van toepassing`` → ``not_applicable``;
* ``Doorlopend``, ``continu`` → ``ongoing``;
* ``jaarlijks``, ``jaarlijkse``, ``elk jaar``, ``ieder jaar`` → ``recurring``;
* ``Afgerond``, ``voltooid`` → ``completed``;
* ``Opgestart``, ``gestart``, ``Loopt``, ``loopt door``, ``lopend``, ``in uitvoering`` →
  ``started`` (the work is running; ``Loopt door tot 2025`` is running *and* ends in 2025).

Periods (each gives a first and last day):

* a year ``2024``; a quarter ``Q3 2022``, ``2024-Q1``, ``3e kwartaal 2022``; a half year
  ``2e helft 2024``, ``H1 2025``; a month ``november 2023``; a day ``29 september 2022``,
  ``24-04-2023``; a season ``voorjaar``/``zomer``/``najaar 2024`` (March–May, June–August,
  September–November); a study year ``studiejaar 2023-2024`` (1 September to 31 August);
* ``begin 2026`` → the first quarter, ``eind 2025`` → the last quarter, ``medio 2024`` → April
  to September (the middle half of the year). These are documented approximations of vague
  words; ``begin``/``eind``/``medio`` before a *month* give that whole month;
* ranges ``2022-2023``, ``2022 – 2024``, ``Q4 2023/ Q1 2024``, ``Q1-Q3 2024``, ``mei-juni 2024``,
  ``14-16 Mei 2024``, ``van 2023 tot 2025``: from the first day of the first to the last day of
  the second;
* open ranges ``T/m 2031``, ``tot en met 2027``, ``tot 2025``, ``uiterlijk Q2 2024`` (no start;
  Dutch ``tot 2025`` is read as *through* 2025, as the annex uses it) and ``vanaf 2024``,
  ``per 1 januari 2025``, ``Vanaf studiejaar 2023-2024`` (no end);
* leading filler is skipped: ``Afronding voorzien in Q2 2024``, ``Voorzien 2025``, ``gepland``,
  ``verwacht``, ``naar verwachting``, ``in``.

The text is split into clauses at ``,`` and ``;``. A clause is either understood entirely or
not used for dates at all, so ``14-16 Mei 2024; Forum op 15 mei`` gives 14–16 May 2024. A
reason clause (after ``want``, ``omdat``, ``aangezien``, ``doordat``) is never read for dates:
``Doorlopend, want NL is waarschijnlijk in 2024 weer gastland`` is ongoing without dates. When a
flag is found, the rest of its clause is used only if it is a period, so
``Doorlopend vanaf nu tot start actieplan`` is just ongoing.

Nothing is guessed: text with neither a flag nor a period (``binnenkort``, ``Is aan de
TK-initiatiefnemers …``) gives ``parsed=False`` and no dates. An empty cell gives an empty,
parsed :class:`Due`. ``start`` is never after ``end``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from voortgang.core.dates import (
    MONTH_PATTERN,
    YEAR_MAX,
    YEAR_MIN,
    half_bounds,
    month_bounds,
    month_number,
    parse_dutch_date,
    quarter_bounds,
    year_bounds,
)

__all__ = ["Due", "parse_wanneer"]


@dataclass(frozen=True)
class Due:
    """A deadline or running period as parsed from a "Wanneer" cell."""

    raw: str
    start: date | None = None
    end: date | None = None
    ongoing: bool = False
    not_applicable: bool = False
    completed: bool = False
    started: bool = False
    recurring: bool = False
    parsed: bool = True

    @property
    def has_dates(self) -> bool:
        """True when a start or an end date was understood."""
        return self.start is not None or self.end is not None


Span = tuple[date | None, date | None]
Point = tuple[date, date]

_TAG = re.compile(r"</?\s*[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>")
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")

_FLAGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("not_applicable", re.compile(r"(?<!\w)(?:n\.?\s?v\.?\s?t\b\.?|niet van toepassing)")),
    ("ongoing", re.compile(r"\b(?:doorlopend|continu)\b")),
    ("recurring", re.compile(r"\b(?:(?:twee|half)?jaarlijkse?|(?:elk|ieder) jaar)\b")),
    ("completed", re.compile(r"\b(?:afgerond|voltooid)\b")),
    ("started", re.compile(r"\b(?:loopt(?: door)?|(?:op)?gestart|lopend|in uitvoering)\b")),
)
_REASON = re.compile(r"\b(?:want|omdat|aangezien|doordat)\b")
_FILLERS = (
    re.compile(
        r"^(?:(?:afronding|oplevering|realisatie|publicatie|besluitvorming)\s+)?"
        r"(?:is\s+)?(?:voorzien|gepland|verwacht)(?:\s+(?:in|voor|op))?\s*:?\s+"
    ),
    re.compile(r"^(?:naar verwachting|streefdatum|streven|planning)\s*:?\s+"),
    re.compile(r"^(?:afronding|oplevering)(?:\s+in)?\s+"),
    re.compile(r"^in\s+"),
)
_OPEN_START = re.compile(r"^(?:vanaf|per|met ingang van|m\.i\.v\.)\s+(?P<rest>.+)$")
_OPEN_END = re.compile(r"^(?:tot en met|t/m|tot|uiterlijk)\s+(?P<rest>.+)$")
_FROM_TO = re.compile(r"^van\s+(?P<a>.+?)\s+(?:tot en met|t/m|tot)\s+(?P<b>.+)$")
_RANGE_SEP = re.compile(r"\s*(?:\bt/m\b|\btot en met\b|\btot\b|-|/)\s*")

_YEAR = r"(?P<year>\d{4})"
_ORDINAL = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}
_QUARTER_FORMS = (
    re.compile(rf"q\s?(?P<q>[1-4])\s*-?\s*{_YEAR}"),
    re.compile(rf"{_YEAR}\s*-?\s*q(?P<q>[1-4])"),
    re.compile(
        rf"(?:(?P<q>[1-4])e|(?P<word>eerste|tweede|derde|vierde)) kwartaal(?: van)? {_YEAR}"
    ),
    re.compile(rf"kwartaal (?P<q>[1-4]) {_YEAR}"),
)
_HALF_FORMS = (
    re.compile(
        rf"(?:(?P<h>[12])e|(?P<word>eerste|tweede)) (?:helft|halfjaar|half jaar)(?: van)? {_YEAR}"
    ),
    re.compile(rf"h(?P<h>[12])\s*-?\s*{_YEAR}"),
)
_MONTH = re.compile(
    rf"(?:(?:begin|eind|einde|medio|half|halverwege)\s+)?(?P<month>{MONTH_PATTERN})\s*{_YEAR}"
)
_SEASON = re.compile(
    rf"(?:(?:in\s+)?(?:het|de)\s+)?(?P<season>voorjaar|zomer|najaar)(?: van)? {_YEAR}"
)
_SEASON_MONTHS = {"voorjaar": (3, 5), "zomer": (6, 8), "najaar": (9, 11)}
_YEAR_PART = re.compile(rf"(?P<part>begin|eind|einde|medio|midden|halverwege)(?: van)? {_YEAR}")
_STUDY_YEAR = re.compile(
    r"(?:studiejaar|schooljaar|collegejaar|academisch jaar)\s+"
    r"(?P<y1>\d{4})\s*[-/]\s*(?P<y2>\d{2,4})"
)
_PLAIN_YEAR = re.compile(_YEAR)


def _normalize(raw: str) -> str:
    text = html.unescape(_TAG.sub(" ", raw))
    text = _DASHES.sub("-", text).replace("\u00a0", " ")
    return " ".join(text.split()).lower()


def _valid_year(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def _point(text: str) -> Point | None:
    """A single named period (day, month, quarter, half, season, year) as (first, last) day."""
    text = text.strip(" .")
    day = parse_dutch_date(text)
    if day is not None:
        return day, day
    for form in _QUARTER_FORMS:
        m = form.fullmatch(text)
        if m and _valid_year(int(m["year"])):
            groups = m.groupdict()
            q = int(groups["q"]) if groups.get("q") else _ORDINAL[groups["word"]]
            return quarter_bounds(q, int(m["year"]))
    for form in _HALF_FORMS:
        m = form.fullmatch(text)
        if m and _valid_year(int(m["year"])):
            groups = m.groupdict()
            h = int(groups["h"]) if groups.get("h") else _ORDINAL[groups["word"]]
            return half_bounds(h, int(m["year"]))
    m = _MONTH.fullmatch(text)
    if m and _valid_year(int(m["year"])):
        month = month_number(m["month"])
        if month is not None:
            return month_bounds(month, int(m["year"]))
    m = _SEASON.fullmatch(text)
    if m and _valid_year(int(m["year"])):
        first, last = _SEASON_MONTHS[m["season"]]
        year = int(m["year"])
        return month_bounds(first, year)[0], month_bounds(last, year)[1]
    m = _YEAR_PART.fullmatch(text)
    if m and _valid_year(int(m["year"])):
        year = int(m["year"])
        if m["part"] == "begin":
            return quarter_bounds(1, year)
        if m["part"] in ("eind", "einde"):
            return quarter_bounds(4, year)
        return date(year, 4, 1), date(year, 9, 30)
    m = _STUDY_YEAR.fullmatch(text)
    if m:
        y1 = int(m["y1"])
        y2 = int(m["y2"]) if len(m["y2"]) == 4 else (y1 // 100) * 100 + int(m["y2"])
        if y2 == y1 + 1 and _valid_year(y1):
            return date(y1, 9, 1), date(y2, 8, 31)
        return None
    m = _PLAIN_YEAR.fullmatch(text)
    if m and _valid_year(int(m["year"])):
        return year_bounds(int(m["year"]))
    return None


def _range(text: str) -> Point | None:
    """``A - B``, ``A/B``, ``A t/m B``; the left side may borrow the right side's tail
    (``Q1-Q3 2024``, ``14-16 mei 2024``)."""
    for sep in _RANGE_SEP.finditer(text):
        left, right = text[: sep.start()].strip(), text[sep.end() :].strip()
        if not left or not right:
            continue
        second = _point(right)
        if second is None:
            continue
        first = _point(left)
        if first is None:
            tail = right.split()
            for i in range(1, len(tail)):
                first = _point(left + " " + " ".join(tail[i:]))
                if first is not None:
                    break
        if first is not None and first[0] <= second[1]:
            return first[0], second[1]
    return None


def _closed(text: str) -> Point | None:
    m = _FROM_TO.fullmatch(text)
    if m:
        first, second = _point(m["a"]), _point(m["b"])
        if first and second and first[0] <= second[1]:
            return first[0], second[1]
    return _point(text) or _range(text)


def _period(text: str) -> Span | None:
    """The period a whole clause names, or ``None`` when the clause is not (only) a period."""
    text = text.strip(" .:")
    changed = True
    while changed:
        changed = False
        for filler in _FILLERS:
            stripped = filler.sub("", text, count=1)
            if stripped != text:
                text, changed = stripped, True
    m = _OPEN_START.fullmatch(text)
    if m:
        # "vanaf 2023" has no end; "vanaf 2023 t/m 2025" keeps the range's end.
        single = _point(m["rest"])
        if single is not None:
            return single[0], None
        return _closed(m["rest"])
    m = _OPEN_END.fullmatch(text)
    if m:
        found = _closed(m["rest"])
        return (None, found[1]) if found else None
    return _closed(text)


def _flags_and_rest(clause: str) -> tuple[set[str], str]:
    found: set[str] = set()
    for name, pattern in _FLAGS:
        if pattern.search(clause):
            found.add(name)
            clause = pattern.sub(" ", clause)
    return found, " ".join(clause.split()).strip(" ,.:;")


def parse_wanneer(raw: str) -> Due:
    """Parse a "Wanneer" cell; see the module documentation for the forms understood."""
    text = _normalize(raw)
    if not text.strip(" -.,;"):
        return Due(raw=raw, parsed=not text)
    flags: set[str] = set()
    spans: list[Span] = []
    understood = False
    for clause in re.split(r"[;,]", text):
        reason = _REASON.search(clause)
        if reason:
            clause = clause[: reason.start()]
        clause = clause.strip(" .:")
        if not clause:
            continue
        clause_flags, rest = _flags_and_rest(clause)
        span = _period(rest) if rest else None
        if span is not None:
            spans.append(span)
        if clause_flags or span is not None:
            understood = True
            flags |= clause_flags
    start, end = _union(spans)
    return Due(
        raw=raw,
        start=start,
        end=end,
        ongoing="ongoing" in flags,
        not_applicable="not_applicable" in flags,
        completed="completed" in flags,
        started="started" in flags,
        recurring="recurring" in flags,
        parsed=understood,
    )


def _union(spans: list[Span]) -> Span:
    if not spans:
        return None, None
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    start = None if any(s is None for s in starts) else min(s for s in starts if s is not None)
    end = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    if start is not None and end is not None and start > end:
        return None, None
    return start, end
