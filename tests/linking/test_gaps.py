"""The gap view (/hiaten/): recommendations without a measure, per chapter and per ministry,
and measures that vanished between two consecutive measure documents. The list follows the
coordinator's decisions. Sample corpus, SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from voortgang.linking.gaps import gap_report
from voortgang.linking.services import link_create, link_decide
from voortgang.rounds import services as round_services
from voortgang.tracker.models import Measure
from voortgang.tracker.services import documents_ingest
from web.test_downloads import assert_downloads_match, page_uids  # the lists' download checks

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db: None) -> None:
    documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))


@pytest.fixture
def coco(db: None, settings: Any) -> Any:
    """The coordinator's account."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return round_services.account_create(
        username="coco", password="Kwartaal-rapportage-2025", role="coordinator"
    )


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_without_links_every_recommendation_is_a_gap(corpus: None, client: Client) -> None:
    gaps = gap_report()
    recommendations = Measure.objects.filter(kind="recommendation")
    assert gaps.recommendations == recommendations.count() > 5
    assert {r.uid for r in gaps.without} == set(recommendations.values_list("uid", flat=True))
    assert (gaps.answered, gaps.proposed_only) == (0, 0)
    # Per chapter: every recommendation counted once; per ministry: once per ministry.
    assert sum(g.total for g in gaps.by_chapter) == gaps.recommendations
    assert sum(g.gaps for g in gaps.by_chapter) == len(gaps.without)
    per_ministry = sum(max(len(r.ministries), 1) for r in gaps.without)
    assert sum(g.gaps for g in gaps.by_ministry) == per_ministry
    assert len(gaps.by_ministry) > 1
    response = client.get("/hiaten/")
    assert response.status_code == 200
    html = response.content.decode()
    for record in gaps.without:
        assert f"/record/{record.uid}/" in _section(html, "h-recs")
    # Each ministry's row leads to its own list of those recommendations.
    for number, group in enumerate(gaps.by_ministry, start=1):
        if not group.gaps:
            continue
        assert f'href="#rm-{number}"' in html
        listed = html[html.index(f'id="rm-{number}"') :]
        listed = listed[: listed.index("</ul>")]
        assert f"({group.gaps})" in listed
        assert listed.count("/record/") == group.gaps
        for record in group.records:
            assert f"/record/{record.uid}/" in listed


def test_the_list_changes_when_the_coordinator_accepts_a_link(
    corpus: None, client: Client, coco: Any
) -> None:
    recommendation = Measure.objects.filter(kind="recommendation").order_by("position").first()
    measure = Measure.objects.filter(kind="measure").order_by("document_id", "position").first()
    assert recommendation is not None and measure is not None
    url = f"/record/{recommendation.uid}/"
    link = link_create(kind="addresses", source=measure, target=recommendation, score=0.8)
    link_decide(link=link, status="rejected", user=coco)
    before = gap_report()
    assert recommendation.uid in {r.uid for r in before.without}
    assert url in _section(client.get("/hiaten/").content.decode(), "h-recs")
    chapter = next(g for g in before.by_chapter if recommendation.uid in {r.uid for r in g.records})

    # The coordinator accepts the link on the review page.
    coordinator = Client()
    coordinator.force_login(coco)
    response = coordinator.post(f"/koppelingen/{link.pk}/besluit/", {"decision": "accepted"})
    assert response.status_code == 302

    after = gap_report()
    assert recommendation.uid not in {r.uid for r in after.without}
    assert len(after.without) == len(before.without) - 1 and after.answered == 1
    chapter_after = next(g for g in after.by_chapter if g.key == chapter.key)
    assert chapter_after.gaps == chapter.gaps - 1 and chapter_after.total == chapter.total
    html = client.get("/hiaten/").content.decode()
    assert url not in _section(html, "h-recs")
    # The recommendation's page names the measure that answers it.
    page = client.get(url).content.decode()
    answered = _section(page, "h-answered")
    assert f"/record/{measure.uid}/" in answered and "Nog geen maatregelen" not in answered
    # A proposal also takes it off the list (it is being looked at); reopening keeps it off.
    link_decide(link=link, status="proposed", user=coco)
    assert gap_report().proposed_only == 1
    assert recommendation.uid not in {r.uid for r in gap_report().without}


def test_vanished_measures(corpus: None, client: Client) -> None:
    gaps = gap_report()
    annex_2024 = "bijlage-voortgangsrapportage-2024.txt"
    assert ("bijlage-voortgangsrapportage-2023.txt", annex_2024) in gaps.pairs
    assert all(p[0] != "cedaw-overzicht-voorbeeld.txt" for p in gaps.pairs)
    vanished = {v.record.uid: v for v in gaps.vanished}
    assert vanished, "the sample documents have measures that are not carried on"
    for v in gaps.vanished:
        assert v.record.status not in (0, 4)
        assert v.record.kind in ("measure", "commitment")
    # Matched by title into the next document: not vanished (the 2023 annex's measures that
    # the 2024 annex repeats).
    repeated = Measure.objects.filter(
        document__name="bijlage-voortgangsrapportage-2023.txt", kind="measure"
    )
    assert not any(m.uid in vanished for m in repeated)
    # Per ministry, each vanished record under every ministry it names.
    assert sum(g.gaps for g in gaps.vanished_by_ministry) == sum(
        max(len(v.record.ministries), 1) for v in gaps.vanished
    )
    # An accepted same-measure link to a later document takes a measure off the list.
    gone = next(v for v in gaps.vanished if v.record.document == annex_2024)
    record = Measure.objects.get(uid=gone.record.uid)
    later = Measure.objects.filter(document__name=gone.next_document).order_by("position").first()
    assert later is not None
    html = client.get("/hiaten/").content.decode()
    assert f"/record/{record.uid}/" in _section(html, "h-vanished")
    link = link_create(kind="same_measure", source=record, target=later, score=0.5)
    # Only proposed: still on the list, with the proposal named.
    hinted = next(v for v in gap_report().vanished if v.record.uid == record.uid)
    assert [p.uid for p in hinted.proposed] == [later.uid]
    section = _section(client.get("/hiaten/").content.decode(), "h-vanished")
    assert "Voorgesteld als latere verschijning" in section and f"/record/{later.uid}/" in section
    link_decide(link=link, status="accepted", user=None)
    assert record.uid not in {v.record.uid for v in gap_report().vanished}
    html = client.get("/hiaten/").content.decode()
    assert f"/record/{record.uid}/" not in _section(html, "h-vanished")


def test_the_gap_view_on_an_empty_database(db: None, client: Client) -> None:
    response = client.get("/hiaten/")
    assert response.status_code == 200
    assert "Er zijn geen aanbevelingen ingelezen." in response.content.decode()


def test_the_coordinator_links_a_vanished_measure_from_its_suggestion(
    corpus: None, client: Client, coco: Any
) -> None:
    from voortgang.linking.models import Link
    from voortgang.linking.selectors import SUGGEST_FLOOR, successor_suggestions
    from voortgang.rounds.models import AuditEntry

    vanished = gap_report().vanished
    suggestions = successor_suggestions(wanted=[(v.record.uid, v.next_document) for v in vanished])
    assert suggestions, "the samples have vanished measures with a look-alike in the next one"
    uid, suggestion = max(suggestions.items(), key=lambda item: item[1].score)
    item = next(v for v in vanished if v.record.uid == uid)
    assert suggestion.record.document.name == item.next_document
    assert suggestion.score >= SUGGEST_FLOOR
    assert suggestion.record.kind in ("measure", "commitment", "result")
    # The public sees the gap, not the machine's guess below its floor.
    public = _section(client.get("/hiaten/").content.decode(), "h-vanished")
    assert f"/record/{uid}/" in public and "Mogelijk dezelfde maatregel" not in public
    coordinator = Client()
    coordinator.force_login(coco)
    section = _section(coordinator.get("/hiaten/").content.decode(), "h-vanished")
    assert "Mogelijk dezelfde maatregel" in section
    assert f'name="other" value="{suggestion.record.uid}"' in section
    english = _section(coordinator.get("/hiaten/?lang=en").content.decode(), "h-vanished")
    assert "Possibly the same measure (score" in english and "below the threshold" in english
    # A rejected pair is not suggested again.
    record = Measure.objects.get(uid=uid)
    rejected = link_create(kind="same_measure", source=record, target=suggestion.record, score=0.1)
    link_decide(link=rejected, status="rejected", user=coco)
    again = successor_suggestions(wanted=[(uid, item.next_document)])
    assert uid not in again or again[uid].record.uid != suggestion.record.uid
    link_decide(link=rejected, status="proposed", user=coco)
    rejected.delete()
    # One click links them; the page comes back and the measure is off the list.
    response = coordinator.post(
        f"/koppelingen/maken/{uid}/",
        {"other": suggestion.record.uid, "next": "/hiaten/#h-vanished"},
    )
    assert response.status_code == 302 and response["Location"] == "/hiaten/#h-vanished"
    link = Link.objects.get(kind="same_measure", status="accepted")
    assert {link.source.uid, link.target.uid} == {uid, suggestion.record.uid}
    assert not link.automatic and link.evidence.get("manual") is True
    assert AuditEntry.objects.filter(action="link_accept").exists()
    assert uid not in {v.record.uid for v in gap_report().vanished}
    # A link elsewhere is refused as a next address: back to the record instead.
    other = next(v for v in gap_report().vanished if v.record.uid in suggestions)
    response = coordinator.post(
        f"/koppelingen/maken/{other.record.uid}/",
        {"other": suggestions[other.record.uid].record.uid, "next": "https://example.org/"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/record/{other.record.uid}/#h-timeline"


def test_the_gaps_as_a_list_to_filter_and_download(corpus: None, client: Client) -> None:
    """``answered=0`` on the lists (and the API, and the downloads) is the gap view's list;
    it follows the links like the gap view does."""
    recommendations = list(
        Measure.objects.filter(kind="recommendation").order_by("document_id", "position")
    )
    measure = Measure.objects.filter(kind="measure").order_by("document_id", "position").first()
    assert measure is not None and len(recommendations) > 3
    link_create(kind="addresses", source=measure, target=recommendations[0], score=0.8)
    rejected = link_create(kind="addresses", source=measure, target=recommendations[1], score=0.7)
    link_decide(link=rejected, status="rejected", user=None)
    gaps = gap_report()
    without = {r.uid for r in gaps.without}
    assert recommendations[0].uid not in without and recommendations[1].uid in without

    html = client.get("/hiaten/").content.decode()
    assert 'href="/aanbevelingen/?answered=0"' in html
    listed = page_uids(client, "/aanbevelingen/?answered=0")
    assert set(listed) == without and len(listed) == len(without)
    assert_downloads_match(
        client, client.get("/aanbevelingen/?answered=0").content.decode(), listed
    )
    assert page_uids(client, "/aanbevelingen/?answered=1") == [recommendations[0].uid]
    # A measure answering a recommendation counts too (the other end of the link).
    answering = page_uids(client, "/maatregelen/?answered=1")
    assert answering == [measure.uid]
    # Per ministry: the gap view's group and the list filtered on the ministry agree.
    for group in gaps.by_ministry:
        if group.gaps and group.key:
            url = f"/aanbevelingen/?answered=0&amp;ministry={group.key}"
            assert f'<a href="{url}">' in html
            assert set(page_uids(client, url.replace("&amp;", "&"))) == {
                r.uid for r in group.records
            }
    # The API and the file names.
    api = client.get("/api/records", {"kind": "recommendation", "answered": "false"}).json()
    assert api["count"] == len(without)
    assert client.get("/api/records", {"answered": "true"}).json()["count"] == 2
    response = client.get("/export/records.csv?kind=recommendation&answered=0")
    assert "niet-gekoppeld" in response["Content-Disposition"]
    # A bad value is ignored and named.
    page = client.get("/aanbevelingen/?answered=7").content.decode()
    assert "Ongeldige waarde voor gekoppeld “7”" in page
    assert len(page_uids(client, "/aanbevelingen/?answered=7")) == len(recommendations)
