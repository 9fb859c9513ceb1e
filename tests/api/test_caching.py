"""Conditional requests: ETag, Last-Modified, Cache-Control and 304 on every GET."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date, parse_http_date

from voortgang.api.selectors import api_version
from voortgang.linking.services import link_create
from voortgang.tracker.models import Measure
from voortgang.tracker.selectors import data_version
from voortgang.tracker.services import documents_ingest

from .conftest import SAMPLES

PATHS = [
    "/api/records?status=3",
    "/api/records/{uid}",
    "/api/measures?ministry=SZW",
    "/api/documents",
    "/api/themes?level=1",
    "/api/ministries/SZW",
    "/api/references",
    "/api/links",
]


def _path(template: str) -> str:
    measure = Measure.objects.filter(kind="measure").order_by("id").first()
    assert measure is not None
    return template.format(uid=measure.uid)


@pytest.mark.parametrize("template", PATHS)
def test_every_get_has_validators_and_answers_304(
    corpus: None, client: Client, template: str
) -> None:
    path = _path(template)
    response = client.get(path)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('W/"') and len(etag) > 10
    assert response["Cache-Control"] == "public, max-age=60"
    last_modified = response["Last-Modified"]
    assert parse_http_date(last_modified) <= dt.datetime.now(dt.UTC).timestamp() + 1
    # The same request again: the same validators.
    again = client.get(path)
    assert again["ETag"] == etag and again["Last-Modified"] == last_modified
    assert again.content == response.content
    # The client's copy is current: 304, no body, the validators again.
    with CaptureQueriesContext(connection) as queries:
        not_modified = client.get(path, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag and not_modified["Last-Modified"] == last_modified
    assert len(queries) <= 5  # only the data version is read
    assert client.get(path, headers={"If-None-Match": f'"other", {etag}'}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304
    # An older copy, or another one: the whole response.
    older = http_date(parse_http_date(last_modified) - 1)
    assert client.get(path, headers={"If-Modified-Since": older}).status_code == 200
    assert client.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_the_etag_depends_on_the_query(corpus: None, client: Client) -> None:
    tags = {
        client.get(p)["ETag"]
        for p in ("/api/records", "/api/records?page=2", "/api/records?limit=5")
    }
    assert len(tags) == 3


def test_errors_are_not_cacheable(corpus: None, client: Client) -> None:
    for path in ("/api/records?status=7", "/api/records/no-such-uid"):
        response = client.get(path)
        assert response.status_code in (400, 404)
        assert "ETag" not in response and "Last-Modified" not in response


def test_a_data_change_changes_the_etag(db: None, client: Client) -> None:
    samples = sorted(SAMPLES.glob("*.txt"))
    documents_ingest(paths=samples[:-1])
    first = data_version()
    response = client.get("/api/records")
    etag = response["ETag"]
    assert client.get("/api/records", headers={"If-None-Match": etag}).status_code == 304
    # Re-ingesting the same documents changes nothing …
    documents_ingest(paths=samples[:-1])
    assert data_version() == first
    assert client.get("/api/records", headers={"If-None-Match": etag}).status_code == 304
    # … a new document does.
    documents_ingest(paths=samples[-1:])
    second = data_version()
    assert second.token != first.token
    assert second.last_modified and first.last_modified
    assert second.last_modified >= first.last_modified
    fresh = client.get("/api/records", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    # So does a link.
    before = api_version()
    a, b = Measure.objects.all()[:2]
    link_create(kind="same_measure", source=a, target=b, score=0.9)
    assert api_version().token != before.token
    assert client.get("/api/records", headers={"If-None-Match": fresh["ETag"]}).status_code == 200


def test_the_etag_changes_with_the_day(corpus: None, client: Client, monkeypatch: Any) -> None:
    from voortgang.tracker import selectors

    monkeypatch.setattr(selectors, "today", lambda: dt.date(2025, 1, 1))
    response = client.get("/api/records?overdue=1")
    monkeypatch.setattr(selectors, "today", lambda: dt.date(2025, 1, 2))
    later = client.get("/api/records?overdue=1", headers={"If-None-Match": response["ETag"]})
    assert later.status_code == 200 and later["ETag"] != response["ETag"]
    # Last-Modified is never before the day began: the overdue flags are today's.
    assert (
        parse_http_date(later["Last-Modified"])
        >= dt.datetime(2025, 1, 1, 22, tzinfo=dt.UTC).timestamp()
    )


def test_openapi_and_docs_have_etags(db: None, client: Client) -> None:
    for path in ("/api/openapi.json", "/api/docs"):
        response = client.get(path)
        assert response.status_code == 200 and response["ETag"]
        again = client.get(path, headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304
