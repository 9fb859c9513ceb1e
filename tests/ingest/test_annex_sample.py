"""The bundled sample annex: every irregularity, checked against a hand-written expectation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voortgang.ingest import parse_file

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "voortgang" / "samples" / "bijlage-voortgangsrapportage-2024.txt"
EXPECTED = ROOT / "tests" / "data" / "expected"


@pytest.fixture(scope="module")
def parsed():  # type: ignore[no-untyped-def]
    return parse_file(SAMPLE)


def test_records_match_the_expectation(parsed) -> None:  # type: ignore[no-untyped-def]
    expected = json.loads((EXPECTED / f"{SAMPLE.stem}.json").read_text(encoding="utf-8"))
    footnotes = {f.marker: f.text for f in parsed.footnotes}
    got = [
        {
            "line": r.line_start,
            "kind": r.kind,
            "title": r.title,
            "theme": parsed.themes[r.theme].name if r.theme is not None else None,
            "subtheme": parsed.themes[r.subtheme].name if r.subtheme is not None else None,
            "status": r.status,
            "when": r.when.raw,
            "who": r.who.raw,
            "ministries": list(r.who.codes),
            "footnotes": [footnotes[m] for m in r.footnotes],
        }
        for r in parsed.records
    ]
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert g == e


def test_cross_references_match_the_expectation(parsed) -> None:  # type: ignore[no-untyped-def]
    expected = json.loads((EXPECTED / f"{SAMPLE.stem}.xrefs.json").read_text(encoding="utf-8"))
    got = [
        {
            "line": x.line,
            "title": x.title,
            "theme": parsed.themes[x.theme].name,
            "target_theme": parsed.themes[x.target_theme].name,
            "target_title": parsed.records[x.target_record].title,
        }
        for x in parsed.xrefs
    ]
    assert got == expected


def test_explanations_carry_no_markup_footnotes_or_continuation_gaps(parsed) -> None:  # type: ignore[no-untyped-def]
    for record in parsed.records:
        assert "<" not in record.explanation and ">" not in record.explanation
        assert "¹" not in record.explanation and "²" not in record.explanation
        for footnote in parsed.footnotes:
            assert footnote.text not in record.explanation
    continued = [r for r in parsed.records if r.line_end > r.line_start]
    assert len(continued) == 2


def test_the_unparseable_timing_is_reported(parsed) -> None:  # type: ignore[no-untyped-def]
    unparsed = [r for r in parsed.records if not r.when.parsed]
    assert [r.when.raw for r in unparsed] == ["Ligt bij de initiatiefnemers"]
    assert any("Ligt bij de initiatiefnemers" in w.message for w in parsed.warnings)
