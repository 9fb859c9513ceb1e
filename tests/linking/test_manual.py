"""Linking by hand: the coordinator links what the machine missed (service and page). The
candidates include pairs below the proposer's floor and can be narrowed by a search; a link
made by hand is accepted, marked manual, audited, keeps a measure to one record per document,
survives re-linking, and changes the gap view. Sample corpus, SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from voortgang.linking.gaps import gap_report
from voortgang.linking.models import Link
from voortgang.linking.proposals import SAME_FLOOR, fold
from voortgang.linking.selectors import link_candidates, proposal_corpus
from voortgang.linking.services import LinkConflict, link_add, links_compute
from voortgang.rounds.models import AuditEntry
from voortgang.tracker.models import Measure
from voortgang.tracker.selectors import reporting_moments

ANNEX_2024 = "bijlage-voortgangsrapportage-2024.txt"
FINAL_REPORT = "eindrapportage-voorbeeld.txt"
CEDAW = "cedaw-overzicht-voorbeeld.txt"

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(corpus: None) -> None:
    links_compute()


def _unlinked(document: str, kind: str) -> list[Measure]:
    linked_ids = set(Link.objects.values_list("source_id", flat=True))
    linked_ids |= set(Link.objects.values_list("target_id", flat=True))
    return [
        m
        for m in Measure.objects.filter(document__name=document, kind=kind).order_by("position")
        if m.pk not in linked_ids
    ]


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_recommendation_linked_by_hand_leaves_the_gap_view(
    linked: None, people: dict[str, Any]
) -> None:
    recommendation = _unlinked(CEDAW, "recommendation")[0]
    measure = _unlinked(ANNEX_2024, "measure")[0]
    assert recommendation.uid in {r.uid for r in gap_report().without}
    audited = AuditEntry.objects.count()

    link = link_add(measure=recommendation, other=measure, user=people["coordinator"])

    # Stored as the machine stores addresses links: from the measure to the recommendation.
    assert (link.kind, link.source_id, link.target_id) == (
        "addresses",
        measure.pk,
        recommendation.pk,
    )
    assert link.status == "accepted" and not link.automatic and link.confirmed
    assert link.evidence["manual"] is True and 0.0 <= link.score <= 1.0
    assert "text_cosine" in link.evidence
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and AuditEntry.objects.count() == audited + 1
    assert (entry.action, entry.actor, entry.measure_id) == ("link_accept", "coco", measure.pk)
    assert entry.after["manual"] is True and entry.before in (None, {})
    assert recommendation.uid not in {r.uid for r in gap_report().without}

    # Re-linking keeps it; linking the same pair again changes nothing.
    links_compute()
    link.refresh_from_db()
    assert (link.status, link.automatic) == ("accepted", False)
    again = link_add(measure=measure, other=recommendation, user=people["coordinator"])
    assert again.pk == link.pk and AuditEntry.objects.count() == audited + 1


def test_same_measure_runs_from_the_earlier_document_and_a_proposal_is_accepted(
    linked: None, people: dict[str, Any]
) -> None:
    order = [m.document.name for m in reporting_moments(with_status_only=False)]
    result = _unlinked(FINAL_REPORT, "result")[0]
    other = _unlinked(ANNEX_2024, "measure")[0]
    link = link_add(measure=other, other=result, user=people["coordinator"])
    earlier, later = sorted((result, other), key=lambda m: order.index(m.document.name))
    assert (link.kind, link.source_id, link.target_id) == ("same_measure", earlier.pk, later.pk)

    proposed = Link.objects.filter(status="proposed", kind="same_measure").first()
    assert proposed is not None
    made = link_add(measure=proposed.target, other=proposed.source, user=people["coordinator"])
    assert made.pk == proposed.pk
    proposed.refresh_from_db()
    assert (proposed.status, proposed.automatic) == ("accepted", False)
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and entry.before is not None
    assert entry.before["status"] == "proposed"


def test_what_cannot_be_linked_is_refused_and_changes_nothing(
    linked: None, people: dict[str, Any]
) -> None:
    coordinator = people["coordinator"]
    accepted = Link.objects.filter(kind="same_measure", status="accepted").first()
    assert accepted is not None
    # A second record of the same document for an accepted measure.
    other_2024 = (
        Measure.objects.filter(document_id=accepted.target.document_id, kind="measure")
        .exclude(pk=accepted.target_id)
        .first()
    )
    assert other_2024 is not None
    before = (Link.objects.count(), AuditEntry.objects.count())
    with pytest.raises(LinkConflict, match="hoogstens één"):
        link_add(measure=accepted.source, other=other_2024, user=coordinator)
    one, two = Measure.objects.filter(document__name=ANNEX_2024, kind="measure")[:2]
    with pytest.raises(ValidationError, match="verschillende documenten"):
        link_add(measure=one, other=two, user=coordinator)
    motion = Measure.objects.filter(kind="motion").exclude(document__name=ANNEX_2024).first()
    assert motion is not None
    with pytest.raises(ValidationError, match="niet te koppelen"):
        link_add(measure=motion, other=one, user=coordinator)
    recommendations = list(Measure.objects.filter(kind="recommendation")[:1])
    rec = recommendations[0]
    with pytest.raises(PermissionDenied):
        link_add(measure=rec, other=one, user=people["reviewer"])
    assert (Link.objects.count(), AuditEntry.objects.count()) == before


def test_candidates_include_pairs_below_the_floor_and_follow_a_search(linked: None) -> None:
    measure = _unlinked(ANNEX_2024, "measure")[0]
    candidates = link_candidates(measure=measure, limit=500)
    assert candidates and all(c.record.document_id != measure.document_id for c in candidates)
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    assert any(c.score < SAME_FLOOR for c in candidates)
    assert {c.kind for c in candidates} == {"same_measure", "addresses"}
    assert all(c.record.kind not in ("motion", "challenge") for c in candidates)
    # A search narrows the candidates to records holding every word.
    word = next(w for w in re.findall(r"[a-z]{7,}", candidates[-1].record.title.lower()))
    narrowed = link_candidates(measure=measure, query=word.upper(), limit=500)
    assert narrowed and len(narrowed) < len(candidates)
    prepared = proposal_corpus().prepared
    assert all(
        word in fold(f"{c.record.title} {prepared[c.record.uid].record.text}") for c in narrowed
    )
    assert link_candidates(measure=measure, query="qqqxyzzy") == []


def test_the_page_lists_candidates_and_links_one(linked: None, people: dict[str, Any]) -> None:
    measure = _unlinked(ANNEX_2024, "measure")[0]
    url = f"/koppelingen/maken/{measure.uid}/"
    assert _client().get(url).status_code == 302  # to the login page
    assert _client(people["reviewer"]).get(url).status_code == 403
    coordinator = _client(people["coordinator"])
    record_page = coordinator.get(f"/record/{measure.uid}/").content.decode()
    assert url in record_page
    assert url not in _client().get(f"/record/{measure.uid}/").content.decode()

    page = coordinator.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    shown_first = link_candidates(measure=measure, limit=12)
    assert f'value="{shown_first[0].record.uid}"' in html and html.count("<h1") == 1
    # A recommendation among them: an addresses link never conflicts.
    best = next(c for c in link_candidates(measure=measure, limit=500) if c.kind == "addresses")
    partial = coordinator.get(url, {"q": "qqqxyzzy"}, headers={"HX-Request": "true"})
    text = partial.content.decode()
    assert "<html" not in text and "qqqxyzzy" in text and "<table" not in text

    response = coordinator.post(url, {"other": best.record.uid})
    assert response.status_code == 302
    assert response["Location"] == f"/record/{measure.uid}/#h-timeline"
    link = Link.objects.get(
        source__uid__in=[measure.uid, best.record.uid],
        target__uid__in=[measure.uid, best.record.uid],
    )
    assert link.status == "accepted" and link.evidence["manual"] is True
    shown = coordinator.get(f"/record/{measure.uid}/").content.decode()
    assert "Koppeling gemaakt en geaccepteerd." in shown
    review = coordinator.get("/koppelingen/", {"status": "accepted", "kind": "addresses"})
    assert f'id="link-{link.pk}"' in review.content.decode()
    assert "Geaccepteerd (zelf gekoppeld)" in review.content.decode()
    assert f"/record/{best.record.uid}/" in shown

    # A refused link comes back on the page as an alert, with nothing changed.
    count = Link.objects.count()
    one = Measure.objects.filter(document=measure.document).exclude(pk=measure.pk).first()
    assert one is not None
    refused = coordinator.post(url, {"other": one.uid})
    assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    assert Link.objects.count() == count
    assert coordinator.post(url, {"other": "no-such-record"}).status_code == 400


def test_a_motion_page_says_motions_are_not_linked(linked: None, people: dict[str, Any]) -> None:
    motion = Measure.objects.filter(kind="motion").first()
    assert motion is not None
    html = _client(people["coordinator"]).get(f"/koppelingen/maken/{motion.uid}/").content
    assert "Moties en uitdagingen worden niet gekoppeld" in html.decode()
