"""The reporting round's model: the audit trail is append-only, items keep to the status codes,
a published round is a document of format ``round``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from voortgang.rounds.models import AppendOnlyError, AuditEntry, Round, RoundItem
from voortgang.rounds.services import audit_log
from voortgang.tracker.models import AppendOnlyError as TrackerAppendOnlyError
from voortgang.tracker.models import Document


@pytest.fixture
def entry(db: None) -> AuditEntry:
    return audit_log(user=None, action="round_open", after={"name": "Ronde"})


def test_audit_entry_cannot_be_saved_again(entry: AuditEntry) -> None:
    entry.after = {"name": "vervalst"}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.save(update_fields=["after"])
    entry.refresh_from_db()
    assert entry.after == {"name": "Ronde"}


def test_audit_entry_cannot_be_deleted(entry: AuditEntry) -> None:
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_audit_entries_cannot_be_updated_in_bulk(entry: AuditEntry) -> None:
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor="iemand anders")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(after={})
    entry.actor = "iemand anders"
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["actor"])
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEntry.objects.update_or_create(pk=entry.pk, defaults={"actor": "iemand anders"})
    entry.refresh_from_db()
    assert entry.actor == "system (CLI)"


def test_the_error_is_the_trackers(entry: AuditEntry) -> None:
    # One kind of error for every append-only table.
    assert AppendOnlyError is TrackerAppendOnlyError


def test_a_round_can_not_be_deleted_while_it_has_audit_entries(db: None) -> None:
    from django.db.models import ProtectedError

    rnd = Round.objects.create(
        name="R", reference_date=dt.date(2025, 1, 1), deadline=dt.date(2025, 2, 1)
    )
    audit_log(user=None, action="round_open", round=rnd)
    with pytest.raises(ProtectedError):
        rnd.delete()


def test_item_status_must_be_a_known_code(db: None) -> None:
    rnd = Round.objects.create(
        name="R", reference_date=dt.date(2025, 1, 1), deadline=dt.date(2025, 2, 1)
    )
    RoundItem.objects.create(round=rnd, title="ok", status=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundItem.objects.create(round=rnd, title="fout", status=2)


def test_round_is_a_document_format(db: None) -> None:
    assert Document.Format.ROUND == "round"
    assert "round" in dict(Document._meta.get_field("format").choices or [])
    item = RoundItem(title="x")
    assert (item.state, item.version, item.owners, item.ministries) == ("untouched", 1, [], [])
