"""The "Wanneer" (when) column: every distinct value of the 2023 annex, plus other forms."""

from __future__ import annotations

from datetime import date

import pytest

from voortgang.core.dates import (
    DUTCH_MONTHS,
    half_bounds,
    month_bounds,
    parse_dutch_date,
    quarter_bounds,
    year_bounds,
)
from voortgang.core.wanneer import Due, parse_wanneer

D = date

# raw → (start, end, flags that must be set, parsed)
CASES: dict[str, tuple[date | None, date | None, frozenset[str], bool]] = {
    # --- every distinct value of the annex's Wanneer column (seed 002, tags stripped) -------
    "": (None, None, frozenset(), True),
    "---------------": (None, None, frozenset(), False),
    "14-16 Mei 2024; Forum op 15 mei": (D(2024, 5, 14), D(2024, 5, 16), frozenset(), True),
    "2022 – 2024": (D(2022, 1, 1), D(2024, 12, 31), frozenset(), True),
    "2022-2023": (D(2022, 1, 1), D(2023, 12, 31), frozenset(), True),
    "2023": (D(2023, 1, 1), D(2023, 12, 31), frozenset(), True),
    "2023 - 2026": (D(2023, 1, 1), D(2026, 12, 31), frozenset(), True),
    "2023-2024": (D(2023, 1, 1), D(2024, 12, 31), frozenset(), True),
    "2024": (D(2024, 1, 1), D(2024, 12, 31), frozenset(), True),
    "2025": (D(2025, 1, 1), D(2025, 12, 31), frozenset(), True),
    "Afgerond": (None, None, frozenset({"completed"}), True),
    "Afronding voorzien in Q2 2024": (D(2024, 4, 1), D(2024, 6, 30), frozenset(), True),
    "Afronding voorzien november 2023": (D(2023, 11, 1), D(2023, 11, 30), frozenset(), True),
    "Doorlopend": (None, None, frozenset({"ongoing"}), True),
    "Doorlopend vanaf nu tot start actieplan": (None, None, frozenset({"ongoing"}), True),
    "Doorlopend, jaarlijks": (None, None, frozenset({"ongoing", "recurring"}), True),
    "Doorlopend, want NL is waarschijnlijk in 2024 weer gastland": (
        None,
        None,
        frozenset({"ongoing"}),
        True,
    ),
    "Is aan de TK-initiatiefnemers van het wetsvoorstel": (None, None, frozenset(), False),
    "Loopt": (None, None, frozenset({"started"}), True),
    "Loopt door tot 2025": (None, D(2025, 12, 31), frozenset({"started"}), True),
    "Loopt door tot 2026": (None, D(2026, 12, 31), frozenset({"started"}), True),
    "N.v.t.": (None, None, frozenset({"not_applicable"}), True),
    "Opgestart": (None, None, frozenset({"started"}), True),
    "Q1 2023": (D(2023, 1, 1), D(2023, 3, 31), frozenset(), True),
    "Q1 2024": (D(2024, 1, 1), D(2024, 3, 31), frozenset(), True),
    "Q2 2023": (D(2023, 4, 1), D(2023, 6, 30), frozenset(), True),
    "Q2 2024": (D(2024, 4, 1), D(2024, 6, 30), frozenset(), True),
    "Q2 2025": (D(2025, 4, 1), D(2025, 6, 30), frozenset(), True),
    "Q2 2026": (D(2026, 4, 1), D(2026, 6, 30), frozenset(), True),
    "Q3 2022": (D(2022, 7, 1), D(2022, 9, 30), frozenset(), True),
    "Q3 2023": (D(2023, 7, 1), D(2023, 9, 30), frozenset(), True),
    "Q3 2024": (D(2024, 7, 1), D(2024, 9, 30), frozenset(), True),
    "Q3 2025": (D(2025, 7, 1), D(2025, 9, 30), frozenset(), True),
    "Q4 2022": (D(2022, 10, 1), D(2022, 12, 31), frozenset(), True),
    "Q4 2023": (D(2023, 10, 1), D(2023, 12, 31), frozenset(), True),
    "Q4 2023/ Q1 2024": (D(2023, 10, 1), D(2024, 3, 31), frozenset(), True),
    "Q4 2024": (D(2024, 10, 1), D(2024, 12, 31), frozenset(), True),
    "Q4 2025": (D(2025, 10, 1), D(2025, 12, 31), frozenset(), True),
    "Q4 2027": (D(2027, 10, 1), D(2027, 12, 31), frozenset(), True),
    "T/m 2031": (None, D(2031, 12, 31), frozenset(), True),
    "Vanaf studiejaar 2023-2024": (D(2023, 9, 1), None, frozenset(), True),
    "Voorzien 2025": (D(2025, 1, 1), D(2025, 12, 31), frozenset(), True),
    "Wanneer": (None, None, frozenset(), False),  # the column header itself
    "n.v.t.": (None, None, frozenset({"not_applicable"}), True),
    # --- the same cells with their HTML remnants ------------------------------------------
    "<p>n.v.t.</p>": (None, None, frozenset({"not_applicable"}), True),
    "<u>Wanneer</u>": (None, None, frozenset(), False),
    # --- other forms ------------------------------------------------------------------------
    "nvt": (None, None, frozenset({"not_applicable"}), True),
    "niet van toepassing": (None, None, frozenset({"not_applicable"}), True),
    "binnenkort": (None, None, frozenset(), False),
    "eind 2025": (D(2025, 10, 1), D(2025, 12, 31), frozenset(), True),
    "begin 2026": (D(2026, 1, 1), D(2026, 3, 31), frozenset(), True),
    "medio 2024": (D(2024, 4, 1), D(2024, 9, 30), frozenset(), True),
    "tot en met 2027": (None, D(2027, 12, 31), frozenset(), True),
    "t/m 2027": (None, D(2027, 12, 31), frozenset(), True),
    "2e helft 2024": (D(2024, 7, 1), D(2024, 12, 31), frozenset(), True),
    "eerste helft 2025": (D(2025, 1, 1), D(2025, 6, 30), frozenset(), True),
    "H1 2025": (D(2025, 1, 1), D(2025, 6, 30), frozenset(), True),
    "3e kwartaal 2022": (D(2022, 7, 1), D(2022, 9, 30), frozenset(), True),
    "2024-Q1": (D(2024, 1, 1), D(2024, 3, 31), frozenset(), True),
    "Q1-Q3 2024": (D(2024, 1, 1), D(2024, 9, 30), frozenset(), True),
    "mei-juni 2024": (D(2024, 5, 1), D(2024, 6, 30), frozenset(), True),
    "van 2023 tot 2025": (D(2023, 1, 1), D(2025, 12, 31), frozenset(), True),
    "vanaf 2024": (D(2024, 1, 1), None, frozenset(), True),
    "vanaf 2023 t/m 2025": (D(2023, 1, 1), D(2025, 12, 31), frozenset(), True),
    "per 1 januari 2025": (D(2025, 1, 1), None, frozenset(), True),
    "uiterlijk Q2 2024": (None, D(2024, 6, 30), frozenset(), True),
    "29 september 2022": (D(2022, 9, 29), D(2022, 9, 29), frozenset(), True),
    "najaar 2024": (D(2024, 9, 1), D(2024, 11, 30), frozenset(), True),
    "Afgerond in Q2 2023": (D(2023, 4, 1), D(2023, 6, 30), frozenset({"completed"}), True),
    "Doorlopend vanaf 2024": (D(2024, 1, 1), None, frozenset({"ongoing"}), True),
    "Jaarlijks in Q4": (None, None, frozenset({"recurring"}), True),
    "Gepland in Q1 2025": (D(2025, 1, 1), D(2025, 3, 31), frozenset(), True),
    "2025-2023": (None, None, frozenset(), False),  # backwards: never start after end
    "Q5 2024": (None, None, frozenset(), False),
    "studiejaar 2023-2025": (None, None, frozenset(), False),
}

FLAGS = ("ongoing", "not_applicable", "completed", "started", "recurring")


@pytest.mark.parametrize("raw", list(CASES), ids=[repr(k) for k in CASES])
def test_parse_wanneer(raw: str) -> None:
    start, end, flags, parsed = CASES[raw]
    due = parse_wanneer(raw)
    assert due.raw == raw
    assert (due.start, due.end) == (start, end)
    assert {f for f in FLAGS if getattr(due, f)} == set(flags)
    assert due.parsed is parsed
    if due.start and due.end:
        assert due.start <= due.end


def test_reason_clause_year_is_not_a_due_date() -> None:
    due = parse_wanneer("Doorlopend, want NL is waarschijnlijk in 2024 weer gastland")
    assert not due.has_dates


def test_due_is_frozen() -> None:
    due = parse_wanneer("Q3 2022")
    with pytest.raises(AttributeError):
        due.start = None  # type: ignore[misc]
    assert isinstance(due, Due)


@pytest.mark.seeds
def test_every_annex_value_is_covered(annex_rows: list[list[str]]) -> None:
    """Guards the table above: the annex has no Wanneer value this test file does not pin."""
    values = {row[2] for row in annex_rows}
    assert values <= set(CASES), sorted(values - set(CASES))


# --- dates.py ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29 september 2022", D(2022, 9, 29)),
        ("5 december 2022", D(2022, 12, 5)),
        ("1 januari 2023", D(2023, 1, 1)),
        ("24-04-2023", D(2023, 4, 24)),
        ("24/04/2023", D(2023, 4, 24)),
        ("2023-04-24", D(2023, 4, 24)),
        ("5 dec. 2022", D(2022, 12, 5)),
        ("15 Mei 2024", D(2024, 5, 15)),
        ("3 okt 2023", D(2023, 10, 3)),
        ("12 sept 2023", D(2023, 9, 12)),
        ("maandag 5 december 2022", D(2022, 12, 5)),
        ("31 februari 2023", None),
        ("15 mei", None),
        ("mei 2024", None),
        ("Q3 2022", None),
        ("", None),
        ("op 29 september 2022", None),
    ],
)
def test_parse_dutch_date(text: str, expected: date | None) -> None:
    assert parse_dutch_date(text) == expected


def test_dutch_months() -> None:
    assert DUTCH_MONTHS["januari"] == 1
    assert DUTCH_MONTHS["sept"] == 9
    assert DUTCH_MONTHS["okt"] == 10
    assert DUTCH_MONTHS["mrt"] == 3
    assert len({v for v in DUTCH_MONTHS.values()}) == 12


def test_bounds() -> None:
    assert quarter_bounds(1, 2024) == (D(2024, 1, 1), D(2024, 3, 31))
    assert quarter_bounds(4, 2023) == (D(2023, 10, 1), D(2023, 12, 31))
    assert month_bounds(2, 2024) == (D(2024, 2, 1), D(2024, 2, 29))
    assert month_bounds(2, 2023) == (D(2023, 2, 1), D(2023, 2, 28))
    assert year_bounds(2031) == (D(2031, 1, 1), D(2031, 12, 31))
    assert half_bounds(2, 2024) == (D(2024, 7, 1), D(2024, 12, 31))
    with pytest.raises(ValueError):
        quarter_bounds(5, 2024)
