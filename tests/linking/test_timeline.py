"""The record page's timeline across documents: a record's own status entries and those of
every record joined to it by accepted same-measure links (transitively), in the order of the
reporting moments; proposed appearances listed apart; the links between measures and
recommendations. Sample corpus and, with the seeds, the Veilige Steden programme from the
2021 final report through the 2023 annex to the 2025 note."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from voortgang.linking.models import Link
from voortgang.linking.selectors import record_links
from voortgang.linking.services import (
    link_create,
    link_decide,
    links_compute,
    same_measure_conflicts,
)
from voortgang.tracker.models import Document, Measure
from voortgang.tracker.services import documents_ingest

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
GOLD = Path(__file__).resolve().parents[1] / "data" / "gold" / "same_measure.csv"

pytestmark = pytest.mark.django_db


def _measure(document: str, index: int = 0, kind: str = "measure") -> Measure:
    return Measure.objects.filter(document__name=document, kind=kind).order_by("position")[index]


def _timeline(html: str) -> str:
    start = html.index('id="h-timeline"')
    return html[start : html.index("</ol>", start)]


def _documents_in(timeline: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li><p><strong><a href="/documenten/(\d+)/">', timeline)]


def _accept(source: Measure, target: Measure) -> Link:
    """Accept the same-measure link between two records (made when the machine did not
    propose it), rejecting first what it would contradict, as the coordinator would."""
    link = (
        Link.objects.filter(kind="same_measure", source=source, target=target).first()
        or Link.objects.filter(kind="same_measure", source=target, target=source).first()
        or link_create(kind="same_measure", source=source, target=target, score=0.5)
    )
    for other in same_measure_conflicts(link=link):
        link_decide(link=other, status="rejected", user=None)
    return link_decide(link=link, status="accepted", user=None)


@pytest.fixture
def corpus(db: None) -> None:
    documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))


def test_one_timeline_across_linked_appearances(
    corpus: None, client: Client, django_assert_max_num_queries: Any
) -> None:
    first = _measure("bijlage-voortgangsrapportage-2023.txt", 0)
    second = _measure("bijlage-voortgangsrapportage-2024.txt", 5)
    third = _measure("emancipatienota-voorbeeld.txt", 0)
    stranger = _measure("eindrapportage-voorbeeld.txt", 0)
    _accept(first, second)
    _accept(second, third)  # transitively, the first is the third too
    maybe = link_create(kind="same_measure", source=stranger, target=second, score=0.7)
    refused = _measure("eindrapportage-voorbeeld.txt", 1)
    rejected = link_create(kind="same_measure", source=first, target=refused, score=0.65)
    link_decide(link=rejected, status="rejected", user=None)

    links = record_links(measure=first)
    assert {r.pk for r in links.records} == {first.pk, second.pk, third.pk} and links.merged
    assert [a.record.pk for a in links.timeline][:1] == [first.pk]
    assert [n.record.pk for n in links.possible] == [stranger.pk]
    dates = [a.date for a in links.timeline]
    assert all(d is not None for d in dates) and dates == sorted(d for d in dates if d)

    pages = {}
    for record in (first, second, third):
        with django_assert_max_num_queries(20):
            response = client.get(f"/record/{record.uid}/")
        assert response.status_code == 200
        pages[record.pk] = response.content.decode()
    # Every appearance's page shows the same timeline, oldest first.
    orders = {pk: _documents_in(_timeline(html)) for pk, html in pages.items()}
    assert len(set(map(tuple, orders.values()))) == 1
    order = orders[first.pk]
    assert order.index(first.document_id) < order.index(second.document_id)
    assert order.index(second.document_id) < order.index(third.document_id)
    timeline = _timeline(pages[first.pk])
    assert f"/record/{second.uid}/" in timeline and f"/record/{third.uid}/" in timeline
    assert "3 documenten" in pages[first.pk]
    # The proposed appearance is listed apart, the rejected one nowhere.
    html = pages[second.pk]
    possible = html[html.index("Mogelijke eerdere of latere verschijningen") :]
    assert f"/record/{stranger.uid}/" in possible
    for page in pages.values():
        assert f"/record/{stranger.uid}/" not in _timeline(page)
        assert f"/record/{refused.uid}/" not in page
    # Reopening the first link splits the timeline again.
    link_decide(link=Link.objects.get(source=first, target=second), status="proposed", user=None)
    alone = _timeline(client.get(f"/record/{first.uid}/").content.decode())
    assert _documents_in(alone) == [first.document_id]
    assert maybe.status == "proposed"


def test_recommendations_and_the_measures_that_answer_them(corpus: None, client: Client) -> None:
    recommendation = _measure("cedaw-overzicht-voorbeeld.txt", 0, kind="recommendation")
    accepted = _measure("bijlage-voortgangsrapportage-2024.txt", 0)
    proposed = _measure("bijlage-voortgangsrapportage-2024.txt", 1)
    rejected = _measure("bijlage-voortgangsrapportage-2024.txt", 2)
    link_create(kind="addresses", source=proposed, target=recommendation, score=0.9)
    link_decide(
        link=link_create(kind="addresses", source=accepted, target=recommendation, score=0.75),
        status="accepted",
        user=None,
    )
    link_decide(
        link=link_create(kind="addresses", source=rejected, target=recommendation, score=0.8),
        status="rejected",
        user=None,
    )
    html = client.get(f"/record/{recommendation.uid}/").content.decode()
    section = html[
        html.index('id="h-answered"') : html.index("</section>", html.index('id="h-answered"'))
    ]
    assert section.index(f"/record/{accepted.uid}/") < section.index(f"/record/{proposed.uid}/")
    assert f"/record/{rejected.uid}/" not in section
    assert "geaccepteerd" in section and "voorgesteld" in section
    page = client.get(f"/record/{accepted.uid}/").content.decode()
    answers = page[page.index('id="h-answers"') :]
    assert f"/record/{recommendation.uid}/" in answers[: answers.index("</section>")]
    assert 'id="h-answers"' not in client.get(f"/record/{rejected.uid}/").content.decode()


@pytest.mark.seeds
def test_veilige_steden_from_2021_through_2023_to_2025(seeds: Path, client: Client) -> None:
    documents_ingest(paths=sorted(seeds.glob("*.txt")))
    links_compute()
    with GOLD.open(encoding="utf-8", newline="") as handle:
        gold = [
            (row["source"], row["target"])
            for row in csv.DictReader(handle)
            if row["label"] == "1" and "veilige-steden" in row["source"] + row["target"]
        ]
    uids = {uid for pair in gold for uid in pair}
    records = {m.uid: m for m in Measure.objects.filter(uid__in=uids)}
    assert len(records) == 3, sorted(uids)
    for source, target in gold:
        _accept(records[source], records[target])
    final_report = Document.objects.get(name="000_c4e335b86f3fdcd1.txt")  # 2017–2021
    annex = Document.objects.get(name="002_f8a91c7f97a7b53d.txt")  # 2023
    note = Document.objects.get(name="001_cc0ade19c8116a3c.txt")  # 2025
    for record in records.values():
        html = client.get(f"/record/{record.uid}/").content.decode()
        timeline = _timeline(html)
        assert _documents_in(timeline) == [final_report.pk, annex.pk, note.pk], record.uid
        assert "2021" in timeline and "2023" in timeline
        # The note has no date of its own: it speaks for the session of the papers it cites,
        # not for the plans it names (2026, 2027).
        assert '<time datetime="2025">' in timeline, timeline
        for other in records.values():
            if other.pk != record.pk:
                assert f"/record/{other.uid}/" in timeline
