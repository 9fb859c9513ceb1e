"""The API's endpoints on the bundled samples: contents, the site's filters, errors, paging,
and a fixed number of queries per list (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from voortgang.linking.models import Link
from voortgang.linking.services import link_create
from voortgang.search.selectors import record_search
from voortgang.tracker.models import Document, Measure, Ministry, Reference, Theme
from voortgang.tracker.selectors import (
    RECORD_FIELDS,
    RecordFilters,
    record_list,
    record_queryset,
)

from .conftest import get_json

WERKBONUS = "Verruimen van de werkbonus voor deeltijders"
ANNEX_2023 = "bijlage-voortgangsrapportage-2023.txt"
KIND_PATHS = {
    "measure": "measures",
    "motion": "motions",
    "commitment": "commitments",
    "recommendation": "recommendations",
}


def _relative(url: str) -> str:
    parts = urlsplit(url)
    assert url.startswith("http://testserver/api/") or not parts.netloc, url
    return parts.path + ("?" + parts.query if parts.query else "")


def walk(client: Client, path: str) -> list[dict[str, Any]]:
    """Every item of a paged list, following ``next``; checks on the way that ``count`` stays
    the same and that each page's ``previous`` link gives the page before it."""
    items: list[dict[str, Any]] = []
    url: str | None = path
    before: dict[str, Any] | None = None
    while url:
        page = get_json(client, _relative(url))
        if before is None:
            assert page["previous"] is None
        else:
            assert page["count"] == before["count"]
            assert get_json(client, _relative(page["previous"])) == before
        items.extend(page["items"])
        before = page
        url = page["next"]
    assert before is not None and len(items) == before["count"]
    return items


def uids(client: Client, path: str) -> list[str]:
    return [item["uid"] for item in walk(client, path)]


# --- the index ----------------------------------------------------------------------------


def test_the_index_lists_the_endpoints(db: None, client: Client) -> None:
    index = get_json(client, "/api/")
    assert index["docs"] == "http://testserver/api/docs"
    assert index["openapi"] == "http://testserver/api/openapi.json"
    for url in index["endpoints"]:
        assert url.startswith("http://testserver/api/")
        assert get_json(client, _relative(url))["count"] == 0  # an empty database
    assert len(index["endpoints"]) == 10


# --- records ------------------------------------------------------------------------------


def test_records_are_the_export_records_with_overdue(corpus: None, client: Client) -> None:
    page = get_json(client, "/api/records?limit=500")
    exported = json.loads(json.dumps(list(record_list())))
    assert page["count"] == len(exported) == Measure.objects.count() > 100
    assert page["next"] is None and page["previous"] is None
    for item, record in zip(page["items"], exported, strict=True):
        assert list(item) == [*RECORD_FIELDS, "overdue"]
        assert isinstance(item.pop("overdue"), bool)
        assert item == record


@pytest.mark.parametrize("kind", sorted(KIND_PATHS))
def test_kind_endpoints_list_one_kind(corpus: None, client: Client, kind: str) -> None:
    path = KIND_PATHS[kind]
    items = walk(client, f"/api/{path}?limit=500")
    expected = [m.uid for m in record_queryset(RecordFilters(kind=kind))]
    assert [i["uid"] for i in items] == expected and expected
    assert {i["kind"] for i in items} == {kind}
    detail = get_json(client, f"/api/{path}/{quote(expected[0])}")
    assert detail["uid"] == expected[0] and detail["kind"] == kind
    # Another kind's uid is not found under this kind, but is under /records.
    other = Measure.objects.exclude(kind=kind).first()
    assert other is not None
    body = get_json(client, f"/api/{path}/{quote(other.uid)}", status=404)
    assert other.uid in body["detail"] and body["errors"] == []
    assert get_json(client, f"/api/records/{quote(other.uid)}")["uid"] == other.uid


def test_measure_detail_has_its_status_history(corpus: None, client: Client) -> None:
    measure = Measure.objects.get(title=WERKBONUS, document__name=ANNEX_2023)
    detail = get_json(client, f"/api/measures/{quote(measure.uid)}")
    assert detail["title"] == WERKBONUS and detail["status"] == 3
    assert detail["links"] == []
    [entry] = detail["history"]
    assert entry["document"] == ANNEX_2023
    assert entry["document_id"] == measure.document_id
    assert entry["status"] == 3
    assert entry["when"] == "Q1 2024"
    assert (entry["due_start"], entry["due_end"]) == ("2024-01-01", "2024-03-31")
    assert entry["who"] == "SZW" and entry["ministries"] == ["SZW"]
    assert entry["line"] == measure.line_start == detail["line"]
    assert entry["explanation"] == detail["text"]
    for flag in ("ongoing", "not_applicable", "completed", "started", "recurring"):
        assert entry[flag] is False
    assert entry["created_at"].endswith("Z") or "+" in entry["created_at"]


def test_recommendations_have_parts_numbers_and_bullets(corpus: None, client: Client) -> None:
    items = walk(client, "/api/recommendations?limit=500")
    by_number = {i["number"]: i for i in items}
    first = by_number["9a"]
    assert first["parts"] == ["KNL"]
    assert first["ministries"] == ["OCW", "BZK", "JenV"]
    assert len(first["bullets"]) == 2 and first["bullets"][0].startswith("Het ministerie van OCW")
    assert by_number["9b"]["see_also"] == first["uid"]
    detail = get_json(client, f"/api/recommendations/{quote(first['uid'])}")
    assert detail["history"][0]["bullets"] == first["bullets"]


def test_record_search_q(corpus: None, client: Client) -> None:
    hits = record_search(query="geweld", limit=200).hits
    assert len(hits) > 3
    assert uids(client, "/api/records?q=geweld&limit=3") == [h.uid for h in hits]
    # With filters: the search's order among the filtered records; sort= overrides it.
    measures = uids(client, "/api/records?q=geweld&kind=measure")
    assert measures == [h.uid for h in hits if h.kind == "measure"] and measures
    by_title = uids(client, "/api/records?q=geweld&sort=titel")
    expected = [m.uid for m in record_queryset(RecordFilters(sort="titel"))]
    assert by_title == [u for u in expected if u in {h.uid for h in hits}]
    assert get_json(client, "/api/records?q=zzzqqq")["count"] == 0


# --- the site's filters -------------------------------------------------------------------

SITE_FILTERS: list[tuple[str, RecordFilters]] = [
    ("status=3", RecordFilters(status=3)),
    ("status=4", RecordFilters(status=4)),
    ("status=none", RecordFilters(status=-1)),
    ("status=geen&kind=motion", RecordFilters(status=-1, kind="motion")),
    ("ministry=SZW", RecordFilters(ministry="SZW")),
    ("ministry=OCW&sort=titel", RecordFilters(ministry="OCW", sort="titel")),
    ("kind=measure&sort=deadline", RecordFilters(kind="measure", sort="deadline")),
    ("sort=-deadline", RecordFilters(sort="-deadline")),
    ("sort=stand", RecordFilters(sort="stand")),
    ("overdue=1", RecordFilters(overdue=True)),
    ("overdue=true&ministry=SZW", RecordFilters(overdue=True, ministry="SZW")),
    ("theme=Arbeid", RecordFilters(theme="Arbeid")),
    (
        f"document={ANNEX_2023}&sort=titel",
        RecordFilters(document=ANNEX_2023, sort="titel"),
    ),
    (
        "due_from=2024-01-01&due_to=2024-12-31",
        RecordFilters(
            due_from=dt.date(2024, 1, 1),
            due_to=dt.date(2024, 12, 31),
        ),
    ),
    ("due_to=2024-06-30&status=3", RecordFilters(due_to=dt.date(2024, 6, 30), status=3)),
]


@pytest.mark.parametrize(("query", "filters"), SITE_FILTERS, ids=[q for q, _ in SITE_FILTERS])
def test_filters_agree_with_the_site(
    corpus: None, client: Client, fixed_today: Any, query: str, filters: RecordFilters
) -> None:
    expected = [m.uid for m in record_queryset(filters)]
    assert expected, f"{query} selects nothing on the samples: not a useful case"
    assert uids(client, f"/api/records?{query}&limit=7") == expected


def test_filters_on_a_kind_endpoint(corpus: None, client: Client, fixed_today: Any) -> None:
    filters = RecordFilters(kind="measure", status=3, ministry="SZW", sort="deadline")
    expected = [m.uid for m in record_queryset(filters)]
    assert expected
    assert uids(client, "/api/measures?status=3&ministry=SZW&sort=deadline") == expected


def test_subtheme_filter(corpus: None, client: Client) -> None:
    name = Theme.objects.filter(level=2, sub_measures__isnull=False).values_list("name", flat=True)[
        0
    ]
    expected = [m.uid for m in record_queryset(RecordFilters(subtheme=name))]
    assert expected and uids(client, "/api/records?" + urlencode({"subtheme": name})) == expected


def test_overdue_records_are_flagged(corpus: None, client: Client, fixed_today: Any) -> None:
    items = walk(client, "/api/records?overdue=1&limit=500")
    assert items and all(i["overdue"] for i in items)
    rest = walk(client, "/api/records?limit=500")
    assert sum(i["overdue"] for i in rest) == len(items)


# --- errors -------------------------------------------------------------------------------

BAD = [
    ("/api/records?status=7", "status"),
    ("/api/records?status=2", "status"),
    ("/api/records?ministry=XYZ", "ministry"),
    ("/api/records?due_from=notadate", "due_from"),
    ("/api/records?due_from=2024-02-30", "due_from"),
    ("/api/records?due_to=1700000000", "due_to"),
    ("/api/records?due_from=2025-01-01&due_to=2024-01-01", "due_to"),
    ("/api/records?sort=unknown", "sort"),
    ("/api/records?sort=relevantie", "sort"),
    ("/api/records?page=0", "page"),
    ("/api/records?page=x", "page"),
    ("/api/records?limit=0", "limit"),
    ("/api/records?limit=501", "limit"),
    ("/api/records?kind=thing", "kind"),
    ("/api/records?theme=Nothing", "theme"),
    ("/api/records?subtheme=Nothing", "subtheme"),
    ("/api/records?document=nothing.txt", "document"),
    ("/api/records?overdue=maybe", "overdue"),
    ("/api/records?q=" + "x" * 201, "q"),
    ("/api/records?statuss=3", "statuss"),
    ("/api/records?status=1&status=3", "status"),
    ("/api/records?theme=%00", "theme"),
    ("/api/measures?kind=motion", "kind"),
    ("/api/measures?ministry=xyz", "ministry"),
    ("/api/documents?format=pdf", "format"),
    ("/api/documents/abc", "id"),
    ("/api/themes?level=3", "level"),
    ("/api/themes?document=nothing.txt", "document"),
    ("/api/ministries?kind=club", "kind"),
    ("/api/references?cited=maybe", "cited"),
    ("/api/references?document=nothing.txt", "document"),
    ("/api/links?kind=similar", "kind"),
    ("/api/links?status=maybe", "status"),
    ("/api/records/some-uid?page=2", "page"),
]


@pytest.mark.parametrize(("path", "parameter"), BAD, ids=[p for p, _ in BAD])
def test_bad_values_are_400_json(corpus: None, client: Client, path: str, parameter: str) -> None:
    body = get_json(client, path, status=400)
    assert set(body) == {"detail", "errors"} and parameter in body["detail"]
    assert [e["parameter"] for e in body["errors"]] == [parameter]
    assert all(isinstance(e["message"], str) and e["message"] for e in body["errors"])


NOT_FOUND = [
    "/api/records/no-such-uid",
    "/api/measures/no-such-uid",
    "/api/documents/999999",
    "/api/documents/0",
    "/api/documents/99999999999999999999999",
    "/api/themes/999999",
    "/api/ministries/XYZ",
    "/api/nothing",
    "/api/records/a/b",
]


@pytest.mark.parametrize("path", NOT_FOUND)
def test_not_found_is_404_json(corpus: None, client: Client, path: str) -> None:
    body = get_json(client, path, status=404)
    assert body["errors"] == []
    assert "not found" in body["detail"] or "no such endpoint" in body["detail"]


# --- documents, themes, ministries, references, links -------------------------------------


def test_documents(corpus: None, client: Client) -> None:
    items = walk(client, "/api/documents?limit=2")
    assert [d["name"] for d in items] == [
        d.name for d in Document.objects.order_by("ingested_at", "id")
    ]
    annex = next(d for d in items if d["name"] == ANNEX_2023)
    assert annex["format"] == "annex" and annex["record_count"] == 10
    assert [d["name"] for d in walk(client, "/api/documents?format=cedaw")] == [
        "cedaw-overzicht-voorbeeld.txt"
    ]
    for item in items:
        detail = get_json(client, f"/api/documents/{item['id']}")
        assert {k: detail[k] for k in item} == item
        assert len(detail["warnings"]) == item["warning_count"]
        assert sum(k["count"] for k in detail["kinds"]) == item["record_count"]
        themes = Theme.objects.filter(document_id=item["id"])
        assert [t["id"] for t in detail["themes"]] == list(
            themes.filter(level=1).order_by("position").values_list("id", flat=True)
        )
        assert sum(len(t["subthemes"]) for t in detail["themes"]) == themes.filter(level=2).count()
    annex_detail = get_json(client, f"/api/documents/{annex['id']}")
    assert annex_detail["legend"] == {
        "4": "afgerond",
        "3": "in uitvoering",
        "1": "doorlopend",
        "0": "niet (meer) in uitvoering",
    }
    arbeid = next(t for t in annex_detail["themes"] if t["name"] == "Arbeid")
    assert arbeid["record_count"] == len(
        record_queryset(RecordFilters(theme="Arbeid", document=ANNEX_2023))
    )
    cedaw = next(d for d in items if d["format"] == "cedaw")
    assert cedaw["kamerstuk"] == "kst-26150-240"


def test_themes(corpus: None, client: Client) -> None:
    items = walk(client, "/api/themes?limit=9")
    assert len(items) == Theme.objects.count()
    level1 = walk(client, f"/api/themes?level=1&document={ANNEX_2023}")
    assert level1 and {t["level"] for t in level1} == {1}
    assert {t["document"] for t in level1} == {ANNEX_2023}
    arbeid = walk(client, f"/api/themes?name=Arbeid&document={ANNEX_2023}")
    assert [t["name"] for t in arbeid] == ["Arbeid"]
    detail = get_json(client, f"/api/themes/{arbeid[0]['id']}")
    assert detail["subthemes"] and all(s["parent_id"] == detail["id"] for s in detail["subthemes"])
    for sub in detail["subthemes"]:
        assert sub["level"] == 2
        expected = record_queryset(RecordFilters(subtheme=sub["name"], document=ANNEX_2023))
        assert sub["record_count"] == len(expected)


def test_ministries_with_counts(corpus: None, client: Client, fixed_today: Any) -> None:
    items = walk(client, "/api/ministries?limit=5")
    assert [m["code"] for m in items] == list(
        Ministry.objects.order_by("code").values_list("code", flat=True)
    )
    for item in items:
        records = record_queryset(RecordFilters(ministry=item["code"]))
        overdue = record_queryset(RecordFilters(ministry=item["code"], overdue=True))
        assert (item["record_count"], item["overdue_count"]) == (len(records), len(overdue))
    responsible = walk(client, "/api/ministries?responsible=true")
    assert responsible and all(m["record_count"] > 0 for m in responsible)
    assert {m["code"] for m in responsible} == {m["code"] for m in items if m["record_count"]}
    szw = get_json(client, "/api/ministries/SZW")
    assert szw == next(m for m in items if m["code"] == "SZW") and szw["record_count"] > 0
    assert {m["kind"] for m in walk(client, "/api/ministries?kind=body")} == {"body"}


def test_references(corpus: None, client: Client) -> None:
    items = walk(client, "/api/references?limit=11")
    assert len(items) == Reference.objects.count()
    papers = walk(client, "/api/references?kind=kamerstuk&dossier=30420")
    assert papers and {(p["kind"], p["dossier"]) for p in papers} == {("kamerstuk", "30420")}
    assert walk(client, "/api/references?kind=kamerstuk&dossier=30%20420") == papers
    paper = next(p for p in papers if p["number"] == "414")
    assert paper["key"] == "kst-30420-414"
    assert paper["url"] and paper["url"].startswith("https://")
    assert paper["record_count"] >= 0 and paper["label"]
    by_key = walk(client, "/api/references?key=kst-30420-414")
    assert by_key and {p["key"] for p in by_key} == {"kst-30420-414"}
    cited = walk(client, "/api/references?cited=true")
    assert [p["id"] for p in cited] == [p["id"] for p in items if p["cited_document"] is not None]


def test_links(corpus: None, client: Client) -> None:
    assert get_json(client, "/api/links") == {
        "count": 0,
        "next": None,
        "previous": None,
        "items": [],
    }
    old, new = (
        Measure.objects.get(title=WERKBONUS, document__name=name)
        for name in (ANNEX_2023, "bijlage-voortgangsrapportage-2024.txt")
    )
    recommendation = Measure.objects.filter(kind="recommendation").first()
    assert recommendation is not None
    same = link_create(
        kind="same_measure",
        source=old,
        target=new,
        score=0.97,
        status=Link.Status.ACCEPTED,
        evidence={"title": 100},
    )
    answers = link_create(kind="addresses", source=new, target=recommendation, score=0.41)
    items = walk(client, "/api/links?limit=1")
    assert [(i["id"], i["kind"]) for i in items] == [
        (answers.pk, "addresses"),
        (same.pk, "same_measure"),
    ]
    first = items[1]
    assert first["source"] == old.uid and first["target"] == new.uid
    assert first["score"] == 0.97 and first["confirmed"] is True
    assert first["status"] == "accepted" and first["evidence"] == {"title": 100}
    assert items[0]["confirmed"] is False and items[0]["status"] == "proposed"
    assert [i["id"] for i in walk(client, "/api/links?kind=same_measure")] == [same.pk]
    assert [i["id"] for i in walk(client, "/api/links?status=proposed")] == [answers.pk]
    assert [i["id"] for i in walk(client, f"/api/links?record={new.uid}")] == [answers.pk, same.pk]
    assert walk(client, "/api/links?record=nobody") == []
    detail = get_json(client, f"/api/records/{quote(new.uid)}")
    assert sorted(link["id"] for link in detail["links"]) == sorted([same.pk, answers.pk])


def test_link_create_refuses_nonsense(corpus: None) -> None:
    a, b = Measure.objects.all()[:2]
    for kwargs in (
        {"kind": "similar", "source": a, "target": b, "score": 0.5},
        {"kind": "addresses", "source": a, "target": b, "score": 0.5, "status": "maybe"},
        {"kind": "addresses", "source": a, "target": b, "score": -1.0},
        {"kind": "addresses", "source": a, "target": b, "score": float("nan")},
        {"kind": "addresses", "source": a, "target": a, "score": 0.5},
    ):
        with pytest.raises(ValueError):
            link_create(**kwargs)
    assert Link.objects.count() == 0


# --- paging and cost ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/api/records", 9),
        ("/api/records", 50),
        ("/api/measures?sort=titel", 4),
        ("/api/records?kind=motion&sort=stand", 4),
        ("/api/records?q=vrouwen", 3),
        ("/api/documents", 1),
        ("/api/documents", 4),
        ("/api/themes", 9),
        ("/api/ministries", 4),
        ("/api/references", 9),
    ],
)
def test_paging_walks_every_item_once(corpus: None, client: Client, path: str, limit: int) -> None:
    sep = "&" if "?" in path else "?"
    whole = walk(client, f"{path}{sep}limit=500")
    paged = walk(client, f"{path}{sep}limit={limit}")
    assert paged == whole and len(whole) > limit
    keys = [json.dumps(i, sort_keys=True) for i in paged]
    assert len(set(keys)) == len(keys)


def test_a_page_after_the_last_is_empty(corpus: None, client: Client) -> None:
    count = Measure.objects.count()
    pages = -(-count // 50)
    page = get_json(client, f"/api/records?page={pages + 3}")
    assert page["count"] == count and page["items"] == [] and page["next"] is None
    assert page["previous"] == f"http://testserver/api/records?page={pages}"
    assert get_json(client, "/api/records?page=99999999999999999999")["items"] == []
    assert get_json(client, "/api/references?page=99999999999999999999")["items"] == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/records?",
        "/api/records?q=vrouwen&",
        "/api/measures?status=3&ministry=SZW&sort=deadline&",
        "/api/records?overdue=1&sort=stand&",
        "/api/documents?",
        "/api/themes?",
        "/api/ministries?",
        "/api/references?",
        "/api/links?",
    ],
)
def test_a_list_costs_a_fixed_number_of_queries(corpus: None, client: Client, path: str) -> None:
    old, new = Measure.objects.filter(kind="measure")[:2]
    for kind in ("same_measure", "addresses"):
        link_create(kind=kind, source=old, target=new, score=0.5)
    costs = {}
    for limit in (1, 5, 50):
        with CaptureQueriesContext(connection) as queries:
            get_json(client, f"{path}limit={limit}")
        costs[limit] = len(queries)
    assert costs[1] == costs[5] == costs[50], costs
    assert 0 < costs[50] <= 16, costs


@pytest.mark.seeds
def test_records_on_the_seeds_are_the_export_records(seeds: Any, db: None, client: Client) -> None:
    """The API builds its list records itself (for speed): on the real documents, too, they
    are exactly the export's records."""
    from voortgang.ingest import ParseError, parse_file
    from voortgang.tracker.services import documents_ingest

    paths = []
    for path in sorted(p for p in seeds.glob("*") if p.is_file()):
        try:
            parse_file(path)
        except ParseError:
            continue
        paths.append(path)
    assert len(paths) >= 5
    documents_ingest(paths=paths)
    exported = json.loads(json.dumps(list(record_list())))
    items = walk(client, "/api/records?limit=500")
    assert len(items) == len(exported) > 400
    for item, record in zip(items, exported, strict=True):
        item.pop("overdue")
        assert item == record
