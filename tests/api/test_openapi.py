"""The OpenAPI description is valid and exact: Schemathesis fuzzes every operation against it
on the sample corpus; the Swagger UI is served from our own static files."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import get_json

OPERATIONS = {
    "/api/": False,
    "/api/records": False,
    "/api/records/{uid}": True,
    "/api/measures": False,
    "/api/measures/{uid}": True,
    "/api/motions": False,
    "/api/motions/{uid}": True,
    "/api/commitments": False,
    "/api/commitments/{uid}": True,
    "/api/recommendations": False,
    "/api/recommendations/{uid}": True,
    "/api/documents": False,
    "/api/documents/{id}": True,
    "/api/themes": False,
    "/api/themes/{id}": True,
    "/api/ministries": False,
    "/api/ministries/{code}": True,
    "/api/references": False,
    "/api/links": False,
}


def test_openapi_is_valid_and_declares_every_response(db: None, client: Client) -> None:
    document = get_json(client, "/api/openapi.json")
    schemathesis.openapi.from_dict(document).validate()  # against the OpenAPI meta-schema
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == set(OPERATIONS)
    for path, is_detail in OPERATIONS.items():
        operation = document["paths"][path]["get"]
        assert set(operation) >= {"operationId", "summary", "responses", "tags"}
        expected = {"200", "304", "400", "404"} if is_detail else {"200", "304", "400"}
        assert set(operation["responses"]) == expected, path
        error = operation["responses"]["400"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}
        assert "content" not in operation["responses"]["304"]
        for parameter in operation.get("parameters", []):
            assert parameter["in"] in ("query", "path") and parameter["schema"]
    filters = {p["name"] for p in document["paths"]["/api/records"]["get"]["parameters"]}
    assert filters == {
        "kind",
        "theme",
        "subtheme",
        "status",
        "ministry",
        "document",
        "due_from",
        "due_to",
        "overdue",
        "answered",
        "sort",
        "q",
        "page",
        "limit",
    }
    record = document["components"]["schemas"]["Record"]
    assert "uid" in record["required"] and "overdue" in record["required"]
    assert "history" in document["components"]["schemas"]["RecordDetail"]["properties"]


def test_the_docs_page_uses_only_same_origin_urls(db: None, client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]*)"', page)
    urls += re.findall(r'"url":\s*"([^"]*)"', page)
    assert len(urls) >= 4 and "/api/openapi.json" in urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        fetched = client.get(url)
        assert fetched.status_code == 200, url
        if url.endswith(".js") and "init" in url:
            script = b"".join(fetched.streaming_content).decode()  # type: ignore[attr-defined]
            assert not re.search(r"https?://", script), url
    assert not re.search(r"https?://", page)


# --- Schemathesis -------------------------------------------------------------------------

#: Examples per operation and generation mode: 18 operations, 2 modes; well under a minute.
EXAMPLES = 25
#: Paths without parameters, or whose only parameter is free text: no negative cases exist.
NO_NEGATIVE = ("/api/", "{uid}", "{code}")
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI application, run in this thread on the test's database connection.

    As Django's test client does, requests do not close the connection (that would end the
    test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_error_and_no_schema_violation(
    corpus: None, wsgi_app: WSGIHandler
) -> None:
    started = time.monotonic()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(OPERATIONS)
    calls: dict[str, int] = {}
    statuses: set[int] = set()

    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):

            @hypothesis.settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(hypothesis.HealthCheck),
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
            )
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                response = case.call_and_validate(checks=CHECKS)
                statuses.add(response.status_code)
                calls[case.operation.label] = calls.get(case.operation.label, 0) + 1

            if mode == schemathesis.GenerationMode.NEGATIVE and operation.path.endswith(
                NO_NEGATIVE
            ):
                continue  # nothing in its request can be made invalid
            run()
    print(f"schemathesis: {sum(calls.values())} requests, statuses {sorted(statuses)}")
    assert len(calls) == len(OPERATIONS)
    assert {200, 400, 404} <= statuses, statuses
    assert time.monotonic() - started < 90


def test_schemathesis_checks_fail_on_a_wrong_response(corpus: None, wsgi_app: WSGIHandler) -> None:
    """The checks above can fail: a response that contradicts the schema is caught."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operation = schema["/api/documents"]["GET"]
    case = operation.Case(query={"limit": 2})
    response = case.call()
    assert response.status_code == 200
    body = json.loads(response.content)
    body["count"] = "many"
    response.content = json.dumps(body).encode()
    with pytest.raises(BaseExceptionGroup) as caught:
        case.validate_response(response, checks=[response_schema_conformance])
    assert any("violates schema" in str(e) for e in caught.value.exceptions)


def test_real_objects_conform_to_the_schema(corpus: None, wsgi_app: WSGIHandler) -> None:
    """Random path parameters rarely name a real object: every detail operation, and lists with
    filters that select something, are checked on the corpus's own objects as well."""
    from voortgang.linking.services import link_create
    from voortgang.tracker.models import Document, Measure, Theme

    a, b = Measure.objects.filter(kind="measure")[:2]
    link_create(kind="same_measure", source=a, target=b, score=0.8, evidence={"title": 91.5})
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    cases: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    plural = {
        "measure": "measures",
        "motion": "motions",
        "commitment": "commitments",
        "recommendation": "recommendations",
    }
    for measure in Measure.objects.all():
        cases.append(("/api/records/{uid}", {"uid": measure.uid}, {}))
        if measure.kind in plural:
            cases.append((f"/api/{plural[measure.kind]}/{{uid}}", {"uid": measure.uid}, {}))
    for document in Document.objects.all():
        cases.append(("/api/documents/{id}", {"id": document.pk}, {}))
    for theme in Theme.objects.all():
        cases.append(("/api/themes/{id}", {"id": theme.pk}, {}))
    for code in ("SZW", "OCW", "TK", "Kabinetsbreed"):
        cases.append(("/api/ministries/{code}", {"code": code}, {}))
    cases += [
        ("/api/records", {}, {"limit": 500}),
        ("/api/records", {}, {"q": "geweld", "kind": "measure"}),
        ("/api/measures", {}, {"status": "3", "ministry": "SZW", "sort": "deadline"}),
        ("/api/records", {}, {"overdue": "true", "due_from": "2020-01-01"}),
        ("/api/documents", {}, {}),
        ("/api/themes", {}, {"limit": 500}),
        ("/api/ministries", {}, {"responsible": "true"}),
        ("/api/references", {}, {"limit": 500}),
        ("/api/links", {}, {}),
    ]
    for path, path_parameters, query in cases:
        case = schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code == 200, (path, path_parameters, query)
