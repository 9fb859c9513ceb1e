"""Deciding on links: only the coordinator decides (service and pages), every decision is
audited, a measure keeps at most one accepted appearance per document, and decisions survive
re-linking and re-ingesting. The review page with Django's test client (htmx and plain POST).
Sample corpus, SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from voortgang.linking.models import Link
from voortgang.linking.selectors import link_queryset
from voortgang.linking.services import LinkConflict, link_create, link_decide, links_compute
from voortgang.rounds.models import AuditEntry
from voortgang.tracker.models import Measure
from voortgang.tracker.services import documents_ingest

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
ANNEX_2023 = "bijlage-voortgangsrapportage-2023.txt"
ANNEX_2024 = "bijlage-voortgangsrapportage-2024.txt"

pytestmark = pytest.mark.django_db


def _records(document: str) -> list[Measure]:
    return list(
        Measure.objects.filter(document__name=document, kind="measure").order_by("position")
    )


@pytest.fixture
def links(corpus: None) -> list[Link]:
    """Three proposed same-measure links: the first two measures of the 2023 annex to the
    first two of the 2024 annex, and the first 2023 measure to the second 2024 one too."""
    old, new = _records(ANNEX_2023), _records(ANNEX_2024)
    return [
        link_create(kind="same_measure", source=old[0], target=new[0], score=0.9),
        link_create(kind="same_measure", source=old[1], target=new[1], score=0.8),
        link_create(kind="same_measure", source=old[0], target=new[1], score=0.7),
    ]


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _audit() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action__startswith="link_").order_by("at", "id"))


@pytest.mark.parametrize("who", ["editor", "reviewer", "no_account", "anonymous"])
def test_only_the_coordinator_decides(links: list[Link], people: dict[str, Any], who: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "anonymous" else people[who]
    for status in ("accepted", "rejected", "proposed"):
        with pytest.raises(PermissionDenied):
            link_decide(link=links[0], status=status, user=user)
    assert Link.objects.get(pk=links[0].pk).status == "proposed"
    assert _audit() == []
    # The page answers 403 as well.
    response = _client(None if who == "anonymous" else user).post(
        f"/koppelingen/{links[0].pk}/besluit/", {"decision": "accepted"}
    )
    assert response.status_code == 403
    assert Link.objects.get(pk=links[0].pk).status == "proposed"


def test_decisions_are_audited_before_and_after(links: list[Link], people: dict[str, Any]) -> None:
    coco = people["coordinator"]
    link = link_decide(link=links[0], status="accepted", user=coco)
    assert (link.status, link.automatic) == ("accepted", False)
    link_decide(link=links[1], status="rejected", user=coco)
    link_decide(link=links[0], status="proposed", user=coco)
    link_decide(link=links[0], status="proposed", user=coco)  # no change: not audited
    link_decide(link=links[0], status="accepted", user=None)  # the system (CLI)
    entries = _audit()
    assert [(e.action, e.actor) for e in entries] == [
        ("link_accept", "coco"),
        ("link_reject", "coco"),
        ("link_reopen", "coco"),
        ("link_accept", "system (CLI)"),
    ]
    first = entries[0]
    assert first.user == coco and first.measure_id == links[0].source_id
    assert first.before["status"] == "proposed" and first.after["status"] == "accepted"
    assert first.after["link"] == links[0].pk and first.after["kind"] == "same_measure"
    assert first.after["target"] == links[0].target.uid
    assert entries[2].before["status"] == "accepted" and entries[2].after["status"] == "proposed"
    # An automatically accepted link confirmed by a person: audited, no longer automatic.
    auto = Link.objects.get(pk=links[1].pk)
    link_decide(link=auto, status="proposed", user=coco)
    Link.objects.filter(pk=auto.pk).update(status="accepted", automatic=True)
    auto.refresh_from_db()
    link_decide(link=auto, status="accepted", user=coco)
    auto.refresh_from_db()
    assert auto.status == "accepted" and not auto.automatic
    assert _audit()[-1].before == {**_audit()[-1].after, "status": "accepted", "automatic": True}


def test_a_measure_has_at_most_one_accepted_appearance_per_document(
    links: list[Link], people: dict[str, Any]
) -> None:
    coco = people["coordinator"]
    link_decide(link=links[0], status="accepted", user=coco)
    link_decide(link=links[1], status="accepted", user=coco)
    # links[2] joins the first 2023 measure to a second 2024 record, which is itself taken.
    with pytest.raises(LinkConflict) as raised:
        link_decide(link=links[2], status="accepted", user=coco)
    assert {c.pk for c in raised.value.conflicts} == {links[0].pk, links[1].pk}
    assert "hoogstens één" in raised.value.messages[0]
    assert Link.objects.get(pk=links[2].pk).status == "proposed"
    assert len(_audit()) == 2
    # Rejecting a conflicting link is always possible; after reopening both, accepting works.
    link_decide(link=links[0], status="proposed", user=coco)
    link_decide(link=links[1], status="rejected", user=coco)
    link_decide(link=links[2], status="accepted", user=coco)
    assert Link.objects.get(pk=links[2].pk).status == "accepted"
    # Recommendation links are not limited: a measure may answer several recommendations.
    recommendations = list(Measure.objects.filter(kind="recommendation")[:2])
    measure = _records(ANNEX_2024)[0]
    for rec in recommendations:
        answer = link_create(kind="addresses", source=measure, target=rec, score=0.8)
        link_decide(link=answer, status="accepted", user=coco)
    assert Link.objects.filter(kind="addresses", status="accepted").count() == 2


def test_decisions_survive_relinking_and_reingesting(corpus: None, people: dict[str, Any]) -> None:
    coco = people["coordinator"]
    links_compute()
    proposed = list(link_queryset(status="proposed"))
    assert len(proposed) >= 2
    accepted, rejected = proposed[0], proposed[1]
    link_decide(link=accepted, status="accepted", user=coco)
    link_decide(link=rejected, status="rejected", user=coco)
    before = {
        (link.kind, link.source.uid, link.target.uid): link.status for link in (accepted, rejected)
    }
    links_compute()
    documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))  # unchanged documents
    links_compute(same_floor=0.3, addresses_floor=0.3)
    now = {(link.kind, link.source.uid, link.target.uid): link for link in link_queryset()}
    for key, status in before.items():
        assert now[key].status == status and not now[key].automatic
    assert [e.action for e in _audit()] == ["link_accept", "link_reject"]


def test_review_page_who_sees_what(links: list[Link], people: dict[str, Any]) -> None:
    anonymous = _client().get("/koppelingen/")
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    assert _client(people["editor"]).get("/koppelingen/").status_code == 403
    assert _client(people["no_account"]).get("/koppelingen/").status_code == 403
    reviewer = _client(people["reviewer"]).get("/koppelingen/")
    assert reviewer.status_code == 200
    html = reviewer.content.decode()
    assert f'id="link-{links[0].pk}"' in html and 'name="decision"' not in html
    coordinator = _client(people["coordinator"]).get("/koppelingen/")
    html = coordinator.content.decode()
    assert html.count('name="decision" value="accepted"') == 3
    assert html.count('name="decision" value="rejected"') == 3
    # Both records side by side, highest score first, with the evidence.
    first, second = html.index(f'id="link-{links[0].pk}"'), html.index(f'id="link-{links[1].pk}"')
    assert first < second < html.index(f'id="link-{links[2].pk}"')
    assert links[0].source.title[:40] in html and links[0].target.title[:40] in html
    assert "Gedeelde termen" in html and ANNEX_2023 in html and ANNEX_2024 in html
    # Filters: status, kind, document pair, automatic; a bad value is ignored.
    coco = _client(people["coordinator"])
    assert (
        f'id="link-{links[0].pk}"' not in coco.get("/koppelingen/?kind=addresses").content.decode()
    )
    assert coco.get("/koppelingen/?status=accepted").content.decode().count("<article") == 0
    pair = f"{links[0].source.document_id}-{links[0].target.document_id}"
    assert coco.get(f"/koppelingen/?pair={pair}").content.decode().count("<article") == 3
    assert coco.get("/koppelingen/?automatic=1").content.decode().count("<article") == 0
    assert coco.get("/koppelingen/?status=bogus&pair=x&kind=?").status_code == 200


def test_deciding_from_the_page(links: list[Link], people: dict[str, Any]) -> None:
    coco = _client(people["coordinator"])
    # Without JavaScript: a POST and a redirect back to the list.
    response = coco.post(
        f"/koppelingen/{links[0].pk}/besluit/",
        {"decision": "accepted", "next": "/koppelingen/?status=all"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/koppelingen/?status=all#link-{links[0].pk}"
    page = coco.get("/koppelingen/?status=all").content.decode()
    assert "Koppeling geaccepteerd." in page and "laatste besluit door coco" in page
    # An off-site "next" is not followed.
    response = coco.post(
        f"/koppelingen/{links[1].pk}/besluit/",
        {"decision": "rejected", "next": "https://example.org/"},
    )
    assert response["Location"].startswith("/koppelingen/#")
    # With htmx: the decided block, and the next link's buttons out of band with the focus.
    response = coco.post(
        f"/koppelingen/{links[1].pk}/besluit/",
        {"decision": "proposed", "following": str(links[2].pk), "next": "/koppelingen/"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and f'id="link-{links[1].pk}"' in html
    assert f'id="actions-{links[2].pk}" hx-swap-oob="true"' in html
    oob = html[html.index(f'id="actions-{links[2].pk}"') :]
    assert "autofocus" in oob and 'value="accepted"' in oob
    # A conflict comes back as the block with the error, announced.
    link_decide(link=links[1], status="accepted", user=people["coordinator"])
    response = coco.post(
        f"/koppelingen/{links[2].pk}/besluit/", {"decision": "accepted"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html and "hoogstens één" in html
    assert Link.objects.get(pk=links[2].pk).status == "proposed"
    # Bad input: an unknown decision is a 400, an unknown link a 404.
    assert coco.post(f"/koppelingen/{links[2].pk}/besluit/", {"decision": "x"}).status_code == 400
    assert coco.post("/koppelingen/999999/besluit/", {"decision": "accepted"}).status_code == 404
    assert coco.get(f"/koppelingen/{links[2].pk}/besluit/").status_code == 405


def test_deciding_needs_the_csrf_token(links: list[Link], people: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["coordinator"])
    response = client.post(f"/koppelingen/{links[0].pk}/besluit/", {"decision": "accepted"})
    assert response.status_code == 403
    assert Link.objects.get(pk=links[0].pk).status == "proposed"


def test_review_filters_stay_out_of_the_site_search_box(
    links: list[Link], people: dict[str, Any]
) -> None:
    body = (
        _client(people["coordinator"])
        .get("/koppelingen/", {"status": "proposed", "kind": "same_measure"})
        .content.decode()
    )
    box = re.search(r'<input id="site-q"[^>]*>', body)
    assert box is not None and 'value=""' in box.group(0), box


def test_review_narrowed_to_one_record(links: list[Link], people: dict[str, Any]) -> None:
    coco = _client(people["coordinator"])
    old = links[0].source

    def listed(query: str) -> set[int]:
        html = coco.get(f"/koppelingen/?status=all&{query}").content.decode()
        return {int(pk) for pk in re.findall(r'<article[^>]* id="link-(\d+)"', html)}

    assert listed(f"record={old.uid}") == {links[0].pk, links[2].pk}
    html = coco.get(f"/koppelingen/?status=all&record={old.uid}").content.decode()
    notice = html[html.index('id="review-record"') :]
    notice = notice[: notice.index("</p>")]
    assert f'href="/record/{old.uid}/"' in notice and 'href="?status=all">' in notice
    assert f'<input type="hidden" name="record" value="{old.uid}">' in html
    # The record's timeline counts: once links[0] is accepted, the 2024 record's list also
    # holds the other link of its 2023 appearance.
    link_decide(link=links[0], status="accepted", user=people["coordinator"])
    assert listed(f"record={links[0].target.uid}") == {links[0].pk, links[2].pk}
    assert listed(f"record={links[1].target.uid}") == {links[1].pk, links[2].pk}
    # An unknown record is ignored, like every unknown filter value.
    assert listed("record=no-such-record") == {link.pk for link in links}
    assert "review-record" not in coco.get("/koppelingen/?record=x").content.decode()
    # A decision returns to the narrowed list.
    here = f"/koppelingen/?status=all&record={old.uid}"
    response = coco.post(
        f"/koppelingen/{links[2].pk}/besluit/", {"decision": "rejected", "next": here}
    )
    assert response["Location"] == f"{here}#link-{links[2].pk}"


def test_the_record_page_leads_to_the_review_of_its_links(
    links: list[Link], people: dict[str, Any]
) -> None:
    old = links[0].source
    review = f"/koppelingen/?status=all&amp;record={old.uid}"
    for who in ("coordinator", "reviewer"):
        html = _client(people[who]).get(f"/record/{old.uid}/").content.decode()
        assert f'href="{review}">De koppelingen van deze maatregel beoordelen' in html
        for link in (links[0], links[2]):  # proposed later appearances, each with its own
            assert f'href="{review}#link-{link.pk}">Beoordelen' in html
    for who in ("editor", "no_account"):
        html = _client(people[who]).get(f"/record/{old.uid}/").content.decode()
        assert "/koppelingen/?" not in html
    assert "/koppelingen/?" not in _client().get(f"/record/{old.uid}/").content.decode()
    # A record without links has nothing to review.
    lonely = Measure.objects.filter(kind="motion").first()
    assert lonely is not None
    html = _client(people["coordinator"]).get(f"/record/{lonely.uid}/").content.decode()
    assert "De koppelingen van deze maatregel beoordelen" not in html
