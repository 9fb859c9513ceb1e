"""Services against a real database: idempotent ingest, append-only history, ministries."""

from __future__ import annotations

from pathlib import Path

import pytest

from voortgang.core.ministries import REGISTRY
from voortgang.ingest import parse_bytes
from voortgang.tracker.models import (
    AppendOnlyError,
    Document,
    IngestWarning,
    Measure,
    Ministry,
    StatusEntry,
)
from voortgang.tracker.selectors import record_list
from voortgang.tracker.services import IngestFailed, document_ingest, documents_ingest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
SAMPLE = SAMPLES / "bijlage-voortgangsrapportage-2024.txt"
BAD = ROOT / "tests" / "data" / "bad"

SMALL = (
    "Legenda\n4 = afgerond\n3 = in uitvoering\n\n1. WERK\n\n"
    "Maatregel\tStand van zaken\tWanneer\tWie\tToelichting\n"
    "Onderdeel\t\t\t\t\n"
    "Eerste maatregel\t3\tQ1 2025\tSZW en OCW\tUitleg een.\n"
    "Tweede maatregel\t4\tAfgerond\tMinisterie van Magie\tUitleg twee.\n"
)


def test_reingesting_is_a_no_op() -> None:
    first = documents_ingest(paths=[SAMPLE])
    records = list(record_list())
    counts = (Measure.objects.count(), StatusEntry.objects.count(), Document.objects.count())
    second = documents_ingest(paths=[SAMPLE])
    assert [o.result for o in first] == ["added"]
    assert [o.result for o in second] == ["unchanged"]
    assert (Measure.objects.count(), StatusEntry.objects.count(), Document.objects.count()) == (
        counts
    )
    assert list(record_list()) == records


def test_uids_are_stable_across_databases() -> None:
    parsed = parse_bytes(SMALL.encode(), name="klein.txt")
    document_ingest(parsed=parsed)
    uids = sorted(Measure.objects.values_list("uid", flat=True))
    assert all(u.startswith(parsed.sha256[:8] + "-m-") for u in uids)
    assert uids == sorted(
        [f"{parsed.sha256[:8]}-m-eerste-maatregel", f"{parsed.sha256[:8]}-m-tweede-maatregel"]
    )


def test_status_history_is_append_only() -> None:
    document_ingest(parsed=parse_bytes(SMALL.encode(), name="klein.txt"))
    entry = StatusEntry.objects.first()
    assert entry is not None
    entry.status = 0
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        StatusEntry.objects.filter(pk=entry.pk).update(status=0)
    with pytest.raises(AppendOnlyError):
        StatusEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.status == 3


def test_unknown_ministry_is_a_stored_warning_not_dropped() -> None:
    outcome = document_ingest(parsed=parse_bytes(SMALL.encode(), name="klein.txt"))
    assert any("Ministerie van Magie" in w for w in outcome.warnings)
    assert IngestWarning.objects.filter(message__contains="Ministerie van Magie").exists()
    second = Measure.objects.get(title="Tweede maatregel")
    entry = second.status_entries.get()
    assert entry.who_raw == "Ministerie van Magie"
    assert list(entry.ministries.all()) == []
    first = Measure.objects.get(title="Eerste maatregel").status_entries.get()
    assert [link.ministry.code for link in first.ministry_links.order_by("position")] == [
        "SZW",
        "OCW",
    ]


def test_ministry_table_follows_the_registry() -> None:
    documents_ingest(paths=[SAMPLE])
    assert set(Ministry.objects.values_list("code", flat=True)) == {b.code for b in REGISTRY}
    ocw = Ministry.objects.get(code="OCW")
    assert ocw.kind == "ministry" and ocw.aliases


def test_a_bad_file_among_good_ones_writes_nothing() -> None:
    with pytest.raises(IngestFailed) as failure:
        documents_ingest(paths=[SAMPLE, BAD / "status-7.txt", BAD / "empty.txt"])
    assert len(failure.value.errors) == 2
    assert Document.objects.count() == 0 and Measure.objects.count() == 0
