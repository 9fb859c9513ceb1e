"""A hand-typed spreadsheet URL with an unknown ministry is a 404, never a server error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from voortgang.rounds import services
from voortgang.tracker.services import documents_ingest

pytestmark = pytest.mark.django_db

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "voortgang"
    / "samples"
    / "bijlage-voortgangsrapportage-2024.txt"
)


def test_unknown_ministry_spreadsheet_is_a_404_and_a_known_one_downloads(
    client: Client, settings: object
) -> None:
    documents_ingest(paths=[SAMPLE])
    round_ = services.round_open(
        user=None, name="Ronde", reference_date=dt.date(2025, 9, 1), deadline=dt.date(2025, 10, 1)
    )
    user = services.account_create(
        username="coordinator", password="een-lang-wachtwoord-2025", role="coordinator"
    )
    client.force_login(user)
    assert client.get(f"/ronde/{round_.pk}/spreadsheet/XYZ.xlsx").status_code == 404
    response = client.get(f"/ronde/{round_.pk}/spreadsheet/SZW.xlsx")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
