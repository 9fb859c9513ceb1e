"""Fixtures of the linking tests: the sample corpus; accounts of every role (fast hasher)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from voortgang.rounds import services as round_services
from voortgang.tracker.services import documents_ingest

PASSWORD = "Kwartaal-rapportage-2025"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"


@pytest.fixture
def corpus(db: None) -> None:
    """The sample corpus (``src/voortgang/samples``) ingested."""
    documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))


@pytest.fixture
def people(db: None, settings: Any) -> dict[str, Any]:
    """A coordinator (coco), an SZW editor (sanne), a reviewer (rita) and a user without an
    account (nora), all with :data:`PASSWORD`."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def make(name: str, role: str, *ministries: str) -> Any:
        return round_services.account_create(
            username=name, password=PASSWORD, role=role, ministries=ministries
        )

    return {
        "coordinator": make("coco", "coordinator"),
        "editor": make("sanne", "editor", "SZW"),
        "reviewer": make("rita", "reviewer"),
        "no_account": get_user_model().objects.create_user("nora", "n@example.nl", PASSWORD),
    }
