"""The review's candidates below the floor: same-measure pairs the proposer scores from
SUGGEST_FLOOR on but does not propose, one to one, without any pair that is linked or
rejected; the coordinator links one or sets it aside (stored rejected, audited, never offered
again), reviewers read along. Sample corpus, SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from voortgang.linking.models import Link
from voortgang.linking.proposals import SAME_FLOOR
from voortgang.linking.selectors import SUGGEST_FLOOR, same_measure_candidates
from voortgang.linking.services import link_add, links_compute
from voortgang.rounds.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(corpus: None) -> None:
    links_compute()


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _pair(source: Any, target: Any) -> frozenset[int]:
    return frozenset((source.pk, target.pk))


def test_candidates_are_the_unlinked_pairs_from_the_suggestion_floor(linked: None) -> None:
    found = same_measure_candidates()
    assert found, "the samples give no candidate below the floor"
    links = list(Link.objects.filter(kind="same_measure"))
    linked_pairs = {_pair(link.source, link.target) for link in links}
    # (record, the other document) of every proposed or accepted link: taken there.
    taken = {(link.source_id, link.target.document_id) for link in links}
    taken |= {(link.target_id, link.source.document_id) for link in links}
    seen: set[tuple[int, int]] = set()
    for c in found:
        assert c.score >= SUGGEST_FLOOR
        assert c.source.document_id != c.target.document_id
        assert _pair(c.source, c.target) not in linked_pairs
        assert (c.source.pk, c.target.document_id) not in taken
        assert (c.target.pk, c.source.document_id) not in taken
        # One to one per document pair.
        assert (c.source.pk, c.target.document_id) not in seen
        assert (c.target.pk, c.source.document_id) not in seen
        seen |= {(c.source.pk, c.target.document_id), (c.target.pk, c.source.document_id)}
        assert {"shared_names", "title_cosine", "paragraph"} <= set(c.evidence)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    # From a lower floor on there are at least as many; from the proposal floor on, none
    # once the proposals are made.
    assert len(same_measure_candidates(floor=0.2)) >= len(found)
    assert same_measure_candidates(floor=SAME_FLOOR) == []


def test_the_coordinator_links_or_sets_aside_a_candidate(
    linked: None, people: dict[str, Any]
) -> None:
    found = same_measure_candidates()
    assert len(found) >= 2, "the samples give fewer than two candidates"
    first, second = found[0], found[1]
    coco = _client(people["coordinator"])
    page = coco.get("/koppelingen/kandidaten/")
    assert page.status_code == 200
    html = page.content.decode()
    for c in found:
        assert f'id="cand-{c.pk}"' in html
        assert f"/record/{c.source.uid}/" in html and f"/record/{c.target.uid}/" in html
    assert html.count('name="decision" value="accepted"') == len(found)
    assert html.count('name="decision" value="rejected"') == len(found)
    # Setting the first aside: stored rejected, by hand, audited; it leaves the list and is
    # never proposed again.
    response = coco.post(
        f"/koppelingen/maken/{first.source.uid}/",
        {
            "other": first.target.uid,
            "decision": "rejected",
            "next": f"/koppelingen/kandidaten/#cand-{second.pk}-h",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/koppelingen/kandidaten/#cand-{second.pk}-h"
    link = Link.objects.get(source=first.source, target=first.target)
    assert (link.status, link.automatic, link.evidence["manual"]) == ("rejected", False, True)
    audit = AuditEntry.objects.filter(action="link_reject").latest("id")
    assert audit.after["link"] == link.pk and audit.after["manual"] is True
    after = same_measure_candidates()
    assert _pair(first.source, first.target) not in {_pair(c.source, c.target) for c in after}
    links_compute()
    assert Link.objects.get(pk=link.pk).status == "rejected"
    assert (
        "Vastgelegd: deze twee horen niet bij elkaar."
        in coco.get("/koppelingen/kandidaten/").content.decode()
    )
    # Linking the second: accepted by hand; it leaves the list too.
    response = coco.post(
        f"/koppelingen/maken/{second.source.uid}/",
        {"other": second.target.uid, "decision": "accepted", "next": "/koppelingen/kandidaten/"},
    )
    assert response.status_code == 302
    accepted = Link.objects.get(source=second.source, target=second.target)
    assert (accepted.status, accepted.evidence["manual"]) == ("accepted", True)
    assert _pair(second.source, second.target) not in {
        _pair(c.source, c.target) for c in same_measure_candidates()
    }
    # A decision that is neither is refused and changes nothing.
    count = Link.objects.count()
    third = same_measure_candidates()[0]
    bad = coco.post(
        f"/koppelingen/maken/{third.source.uid}/",
        {"other": third.target.uid, "decision": "proposed"},
    )
    assert bad.status_code == 400 and Link.objects.count() == count


def test_who_sees_the_candidates(linked: None, people: dict[str, Any]) -> None:
    anonymous = _client().get("/koppelingen/kandidaten/")
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    assert _client(people["editor"]).get("/koppelingen/kandidaten/").status_code == 403
    assert _client(people["no_account"]).get("/koppelingen/kandidaten/").status_code == 403
    reviewer = _client(people["reviewer"]).get("/koppelingen/kandidaten/")
    assert reviewer.status_code == 200
    html = reviewer.content.decode()
    assert 'id="cand-' in html and 'name="decision"' not in html
    first = same_measure_candidates()[0]
    refused = _client(people["reviewer"]).post(
        f"/koppelingen/maken/{first.source.uid}/",
        {"other": first.target.uid, "decision": "rejected"},
    )
    assert refused.status_code == 403
    assert not Link.objects.filter(source=first.source, target=first.target).exists()
    # The review page leads there.
    review = _client(people["reviewer"]).get("/koppelingen/").content.decode()
    assert 'href="/koppelingen/kandidaten/"' in review


def test_rejecting_by_hand_without_a_candidate(linked: None, people: dict[str, Any]) -> None:
    """``link_add(status="rejected")`` on a pair the machine proposed rejects that link."""
    link = Link.objects.filter(kind="same_measure", status="proposed").first()
    assert link is not None, "the samples give no proposed same-measure link"
    decided = link_add(
        measure=link.target, other=link.source, user=people["coordinator"], status="rejected"
    )
    assert decided.pk == link.pk and decided.status == "rejected"
