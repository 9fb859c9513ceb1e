"""Fixtures of the API tests: the bundled samples ingested, a fixed day, JSON requests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from voortgang.tracker import selectors as tracker_selectors
from voortgang.tracker.services import documents_ingest

#: The bundled samples (as in tests/conftest.py).
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"


@pytest.fixture
def corpus(db: None) -> None:
    """The database as ``voortgang demo`` leaves it: every bundled sample ingested."""
    documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    day = dt.date(2025, 1, 1)
    monkeypatch.setattr(tracker_selectors, "today", lambda: day)
    return day


def get_json(client: Client, path: str, status: int = 200, **headers: str) -> Any:
    """GET ``path``, check the status and that the body is JSON; the decoded body."""
    response = client.get(path, headers=headers)
    assert response.status_code == status, (path, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)
