"""The ingest service with what prose importers produce: built here as plain dataclasses."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from voortgang.core.kamerstuk import find_paper_refs, parse_paper_ref
from voortgang.core.ministries import parse_wie
from voortgang.core.motions import motions_in_text
from voortgang.core.wanneer import parse_wanneer
from voortgang.ingest.base import (
    ParsedDocument,
    ParsedFigure,
    ParsedFootnote,
    ParsedRecord,
    ParsedTheme,
)
from voortgang.tracker.models import Measure, Observation, Reference
from voortgang.tracker.selectors import record_list
from voortgang.tracker.services import document_ingest

pytestmark = pytest.mark.django_db


def _record(title: str, line: int, **extra: Any) -> ParsedRecord:
    values: dict[str, Any] = {
        "kind": "measure",
        "title": title,
        "line_start": line,
        "line_end": line + 1,
        "theme": 0,
        "subtheme": None,
        "status": None,
        "when": parse_wanneer(""),
        "who": parse_wie(""),
        "explanation": f"Uitleg bij {title}.",
    }
    values.update(extra)
    return ParsedRecord(**values)


def _document(name: str, **extra: Any) -> ParsedDocument:
    doc = ParsedDocument(
        name=name,
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        format="nota",
        size=100,
        line_count=50,
        title=f"Document {name}",
        themes=[ParsedTheme(level=1, name="Veiligheid", raw="Veiligheid", line=1, goal="Doel.")],
    )
    for key, value in extra.items():
        setattr(doc, key, value)
    return doc


def by_title() -> dict[str, dict[str, Any]]:
    return {r["title"]: r for r in record_list()}


def test_papers_link_to_the_corpus_document_whichever_comes_first() -> None:
    citing = _document(
        "nota.txt",
        footnotes=[
            ParsedFootnote(
                "3",
                "Kamerstukken II 2024/2025, 30420, nr. 415",
                40,
                list(find_paper_refs("Kamerstukken II 2024/2025, 30420, nr. 415")),
            )
        ],
        records=[_record("Veilige steden", 10, footnotes=["3"])],
    )
    document_ingest(parsed=citing)
    ref = Reference.objects.get(kind="kamerstuk")
    assert (ref.dossier, ref.number, ref.key) == ("30420", "415", "kst-30420-415")
    assert ref.url == "https://zoek.officielebekendmakingen.nl/kst-30420-415.html"
    assert ref.cited_document is None
    # The cited letter arrives later and says which paper it is: the reference follows.
    letter = _document(
        "brief.txt",
        kamerstuk=parse_paper_ref("Tweede Kamer, vergaderjaar 2024–2025, 30 420, nr. 415"),
        records=[_record("Inzet in de EU", 5)],
    )
    document_ingest(parsed=letter)
    ref.refresh_from_db()
    assert ref.cited_document is not None and ref.cited_document.name == "brief.txt"
    record = by_title()["Veilige steden"]
    assert [(r["kind"], r["document"]) for r in record["references"]] == [
        ("footnote", None),
        ("kamerstuk", "brief.txt"),
    ]
    # And a document ingested after the letter links at once.
    later = _document(
        "later.txt",
        records=[
            _record(
                "Vervolg",
                3,
                refs=list(find_paper_refs("Kamerstukken II 2024/2025, 30 420, nr. 415")),
            )
        ],
    )
    document_ingest(parsed=later)
    assert by_title()["Vervolg"]["references"][0]["document"] == "brief.txt"


def test_see_also_mentions_parts_bullets_and_figures() -> None:
    text = "Conform de motie-Westerveld (GroenLinks-PvdA) en Dobbe (SP) gebeurt dit."
    doc = _document(
        "cedaw.txt",
        records=[
            _record(
                "Eerste aanbeveling",
                3,
                kind="recommendation",
                number="9a",
                parts=("KNL",),
                bullets=["Punt een.", "Punt twee."],
                mentions=list(motions_in_text(text)),
            ),
            _record(
                "Tweede aanbeveling",
                6,
                kind="recommendation",
                number="9b",
                see_also=0,
                mentions=list(motions_in_text(text)),
            ),
        ],
        figures=[ParsedFigure("financieel onafhankelijke vrouwen", 53.0, "%", 2019, 4, "53%", 0)],
    )
    document_ingest(parsed=doc)
    records = by_title()
    first, second = records["Eerste aanbeveling"], records["Tweede aanbeveling"]
    assert first["uid"].endswith("-r-9a") and second["uid"].endswith("-r-9b")
    assert second["see_also"] == first["uid"]
    assert first["parts"] == ["KNL"] and first["bullets"] == ["Punt een.", "Punt twee."]
    motions = [r for r in records.values() if r["kind"] == "motion"]
    assert len(motions) == 1  # named twice, one record
    assert motions[0]["submitters"] == ["Westerveld", "Dobbe"]
    assert motions[0]["parties"] == ["GroenLinks-PvdA", "SP"]
    assert motions[0]["mentioned_in"] == [first["uid"], second["uid"]]
    observation = Observation.objects.get()
    assert (observation.value, observation.unit, observation.year) == (53.0, "%", 2019)
    assert observation.measure == Measure.objects.get(title="Eerste aanbeveling")
