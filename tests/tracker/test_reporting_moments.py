"""Reporting moments: which documents a progress report can be produced for, and their date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from voortgang.core.dates import MONTH_NAMES, dates_in_text
from voortgang.ingest import parse_bytes
from voortgang.tracker.selectors import reporting_moment_as_of, reporting_moments
from voortgang.tracker.services import document_ingest, documents_ingest

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"

HEAD = "Legenda\n4 = afgerond\n3 = in uitvoering\n\n1. WERK\n\n"
HEADER = "Maatregel\tStand van zaken\tWanneer\tWie\tToelichting\n"


def _annex(name: str, explanations: list[str]) -> None:
    rows = "".join(
        f"Maatregel {i}\t3\tQ1 2025\tSZW\t{text}\n" for i, text in enumerate(explanations)
    )
    document_ingest(parsed=parse_bytes((HEAD + HEADER + rows).encode(), name=name))


def test_dates_in_text_finds_every_written_day_in_order() -> None:
    text = "Op 7 juni 2023 en op 01-02-2024, daarna 2024-03-05; niet 31 februari 2023."
    assert dates_in_text(text) == [dt.date(2023, 6, 7), dt.date(2024, 2, 1), dt.date(2024, 3, 5)]


def test_a_document_without_a_date_speaks_for_the_days_it_names() -> None:
    days = [f"Op {d} oktober 2023 gebeurde iets." for d in range(1, 20)]
    # One announcement of a future event must not move the moment into next year.
    _annex("bijlage-a.txt", [*days, "Op 17 mei 2024 volgt een evaluatie."])
    _annex("bijlage-b.txt", ["Op 3 juni 2024 is de wet aangenomen."])
    moments = reporting_moments()
    assert [(m.document.name, m.date, m.date_source) for m in moments] == [
        ("bijlage-a.txt", dt.date(2023, 10, 18), "mentioned"),
        ("bijlage-b.txt", dt.date(2024, 6, 3), "mentioned"),
    ]
    assert reporting_moment_as_of(day=dt.date(2023, 1, 1)) is None
    moment = reporting_moment_as_of(day=dt.date(2024, 1, 1))
    assert moment is not None and moment.document.name == "bijlage-a.txt"
    moment = reporting_moment_as_of(day=dt.date(2030, 1, 1))
    assert moment is not None and moment.document.name == "bijlage-b.txt"


def test_only_documents_with_status_rows_are_moments_unless_asked() -> None:
    documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))
    names = [m.document.name for m in reporting_moments()]
    assert names == [
        "bijlage-voortgangsrapportage-2023.txt",
        "bijlage-voortgangsrapportage-2024.txt",
    ]
    everything = reporting_moments(with_status_only=False)
    assert len(everything) == len(list(SAMPLES.glob("*.txt")))
    dated = {m.document.name: m for m in everything}
    nota = dated["emancipatienota-voorbeeld.txt"]
    assert nota.date_source == "document" and nota.date == nota.document.date


def _without_lines(name: str, *starts: str) -> bytes:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith(starts)]
    return "\n".join(kept).encode()


@pytest.mark.parametrize(
    ("sample", "dropped", "expected"),
    [
        # The EU letter's running header names its own paper: vergaderjaar 2025–2026.
        ("eu-brief-voorbeeld.txt", ("Den Haag,",), (dt.date(2026, 7, 1), "session", "2025/2026")),
        # Without its date and its own paper, the note is dated by the latest session it
        # cites (2024/2025), not by the plans it names ("tot en met 2027").
        (
            "emancipatienota-voorbeeld.txt",
            ("Datum", "Tweede Kamer, vergaderjaar"),
            (dt.date(2025, 7, 1), "cited", "2024/2025"),
        ),
    ],
    ids=["own-session", "cited-session"],
)
def test_an_undated_document_speaks_for_its_session_year(
    sample: str, dropped: tuple[str, ...], expected: tuple[dt.date, str, str]
) -> None:
    document = document_ingest(parsed=parse_bytes(_without_lines(sample, *dropped), name=sample))
    assert document.document.date is None
    (moment,) = reporting_moments(with_status_only=False)
    assert (moment.date, moment.date_source, moment.session) == expected


def test_days_after_the_ingest_day_are_plans_not_events() -> None:
    today = dt.date.today()
    later = today + dt.timedelta(days=800)
    _annex(
        "bijlage.txt",
        [
            "Op 3 juni 2024 is de wet aangenomen.",
            f"Op {later.day} {MONTH_NAMES[later.month - 1]} {later.year} volgt de evaluatie.",
        ],
    )
    (moment,) = reporting_moments()
    assert (moment.date, moment.date_source) == (dt.date(2024, 6, 3), "mentioned")
