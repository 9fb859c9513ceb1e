"""The reporting round's services against the sample corpus: selection, editing with optimistic
locking, review, publishing (history kept), reminders and the audit trail."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from voortgang.rounds import selectors, services
from voortgang.rounds.models import AuditEntry, Round, RoundItem
from voortgang.rounds.services import EditConflict, RoundError
from voortgang.search.models import SearchEntry
from voortgang.tracker.models import Document, Measure, StatusEntry
from voortgang.tracker.services import documents_ingest

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
PASSWORD = "Kwartaal-rapportage-2025"
REFERENCE = dt.date(2025, 1, 1)
DEADLINE = dt.date(2025, 3, 1)
SHARED_TITLE = "Regionale banenroutes voor herintreders"  # SZW, OCW in both annexes
SZW_TITLE = "Verruimen van de werkbonus voor deeltijders"  # SZW only


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def corpus(db: None) -> list[Any]:
    return documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))


@pytest.fixture
def people(db: None) -> dict[str, Any]:
    def make(name: str, role: str, *ministries: str) -> Any:
        return services.account_create(
            username=name,
            password=PASSWORD,
            role=role,
            ministries=ministries,
            email=f"{name}@example.nl",
        )

    return {
        "coordinator": make("coco", "coordinator"),
        "szw": make("sanne", "editor", "SZW"),
        "ocw": make("otto", "editor", "OCW"),
        "bzk": make("bram", "editor", "BZK"),
        "reviewer": make("rita", "reviewer"),
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def opened(corpus: list[Any], people: dict[str, Any]) -> Round:
    return services.round_open(
        user=people["coordinator"], name="Ronde 2025", reference_date=REFERENCE, deadline=DEADLINE
    )


def latest_item(round: Round, title: str) -> RoundItem:
    """The item of ``title`` from the most recently ingested document that has it."""
    return (
        RoundItem.objects.filter(round=round, title=title)
        .order_by("-measure__document__ingested_at", "-measure__document_id")
        .first()
    ) or pytest.fail(f"no item {title!r}")


def save(user: Any, item: RoundItem, **changes: Any) -> RoundItem:
    values = {
        "status": item.status,
        "when_raw": item.when_raw,
        "ministries": list(item.ministries),
        "explanation": item.explanation,
        **changes,
    }
    return services.round_item_save(user=user, item=item, version=item.version, **values)


# --- accounts -----------------------------------------------------------------------------


def test_account_create_gives_the_role_and_ministries(people: dict[str, Any]) -> None:
    from voortgang.rounds.permissions import role_of, user_ministries

    assert role_of(people["szw"]) == "editor"
    assert user_ministries(people["szw"]) == {"SZW"}
    assert role_of(people["reviewer"]) == "reviewer"
    assert role_of(people["anonymous"]) is None
    assert people["szw"].check_password(PASSWORD)
    assert people["szw"].email == "sanne@example.nl"
    created = AuditEntry.objects.filter(action="account_create")
    assert [e.after["username"] for e in created] == ["coco", "sanne", "otto", "bram", "rita"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"password": "kort"}, "password_too_short"),
        ({"password": "12345678901234"}, "password_entirely_numeric"),
        ({"password": "password123"}, "password_too_common"),
        ({"password": "piet-jansen-x"}, "password_too_similar"),
        ({"role": "admin"}, "onbekende rol"),
        ({"role": "editor", "ministries": ()}, "minstens één ministerie"),
        ({"role": "editor", "ministries": ("XYZ",)}, "onbekend ministerie: XYZ"),
        ({"role": "reviewer", "ministries": ("OCW",)}, "alleen een redacteur"),
    ],
)
def test_account_create_refuses_bad_input(db: None, kwargs: dict[str, Any], message: str) -> None:
    values: dict[str, Any] = {
        "username": "piet-jansen",
        "password": PASSWORD,
        "role": "editor",
        "ministries": ("OCW",),
        **kwargs,
    }
    with pytest.raises(ValidationError) as raised:
        services.account_create(**values)
    error = raised.value
    codes = [e.code for e in error.error_list] if hasattr(error, "error_list") else []
    assert message in codes or message in " ".join(error.messages)
    assert not AuditEntry.objects.exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()


def test_account_create_refuses_a_taken_username(people: dict[str, Any]) -> None:
    with pytest.raises(RoundError, match="bestaat al"):
        services.account_create(username="sanne", password=PASSWORD, role="reviewer")


# --- opening a round ----------------------------------------------------------------------


def test_default_selection_leaves_out_completed_and_dropped(opened: Round) -> None:
    items = list(opened.items.select_related("measure", "base_entry"))
    assert len(items) > 20
    latest: dict[int, StatusEntry] = {}
    for entry in StatusEntry.objects.order_by("created_at", "id"):
        latest[entry.measure_id] = entry
    in_round = {item.measure_id for item in items}
    for item in items:
        assert item.measure is not None
        assert item.measure.kind in ("measure", "motion", "commitment")
        entry = latest.get(item.measure.pk)
        assert item.base_entry == entry
        if entry is not None:
            assert entry.status not in (0, 4)
            codes = [link.ministry.code for link in entry.ministry_links.order_by("position")]
            assert item.owners == codes
            assert item.ministries == codes
            assert (item.status, item.when_raw, item.explanation) == (
                entry.status,
                entry.when_raw,
                entry.explanation,
            )
        assert item.state == "untouched" and item.version == 1
    closed = [
        m
        for m in Measure.objects.filter(kind__in=("measure", "motion", "commitment"))
        if m.pk in latest and latest[m.pk].status in (0, 4)
    ]
    assert {latest[m.pk].status for m in closed} == {0, 4}  # the samples have both
    assert not in_round & {m.pk for m in closed}
    # Everything else of those kinds is in the round; no recommendation, result or challenge.
    others = Measure.objects.filter(kind__in=("measure", "motion", "commitment")).exclude(
        pk__in=[m.pk for m in closed]
    )
    assert in_round == set(others.values_list("pk", flat=True))
    audit = AuditEntry.objects.get(action="round_open")
    assert audit.after == {
        "name": "Ronde 2025",
        "reference_date": "2025-01-01",
        "deadline": "2025-03-01",
        "items": len(items),
    }
    assert audit.actor == "coco"


def test_an_accepted_same_measure_link_asks_only_the_latest_appearance(
    corpus: list[Any], people: dict[str, Any]
) -> None:
    from voortgang.linking.models import Link

    old, new = Measure.objects.filter(title=SHARED_TITLE).order_by("document__ingested_at")
    Link.objects.create(kind="same_measure", source=old, target=new, score=1.0, status="accepted")
    opened = services.round_open(user=None, name="R", reference_date=REFERENCE, deadline=DEADLINE)
    assert list(opened.items.filter(title=SHARED_TITLE).values_list("measure", flat=True)) == [
        new.pk
    ]
    assert AuditEntry.objects.get(action="round_open").actor == "system (CLI)"


def test_round_open_with_chosen_measures_and_refusals(
    corpus: list[Any], people: dict[str, Any]
) -> None:
    with pytest.raises(RoundError, match="voor de peildatum"):
        services.round_open(user=None, name="Terug", reference_date=DEADLINE, deadline=REFERENCE)
    with pytest.raises(RoundError, match="naam is verplicht"):
        services.round_open(user=None, name=" ", reference_date=REFERENCE, deadline=DEADLINE)
    chosen = list(Measure.objects.filter(title=SZW_TITLE))
    opened = services.round_open(
        user=people["coordinator"],
        name="Klein",
        reference_date=REFERENCE,
        deadline=DEADLINE,
        measures=chosen,
    )
    assert [item.measure for item in opened.items.all()] == chosen
    with pytest.raises(RoundError, match="nog open"):
        services.round_open(user=None, name="Tweede", reference_date=REFERENCE, deadline=DEADLINE)
    with pytest.raises(RoundError, match="al een ronde"):
        services.round_open(user=None, name="Klein", reference_date=REFERENCE, deadline=DEADLINE)
    assert Round.objects.count() == 1


# --- editing ------------------------------------------------------------------------------


def test_save_validates_and_parses_wanneer(opened: Round, people: dict[str, Any]) -> None:
    item = latest_item(opened, SZW_TITLE)
    saved = save(
        people["szw"],
        item,
        status="4",
        when_raw=" Q3 2025 ",
        ministries=["szw", "ocw", "SZW"],
        explanation="Afgerond.",
    )
    assert saved is item  # the caller's object is brought up to date
    item.refresh_from_db()
    assert (item.status, item.when_raw, item.ministries, item.state, item.version) == (
        4,
        "Q3 2025",
        ["SZW", "OCW"],
        "draft",
        2,
    )
    assert (item.due_start, item.due_end) == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert item.owners == ["SZW"]  # owners do not follow the answer
    assert item.updated_by == people["szw"]
    audit = AuditEntry.objects.filter(item=item).get()
    assert audit.action == "item_save" and audit.actor == "sanne"
    assert audit.measure == item.measure
    assert audit.before["status"] == 3 and audit.after["status"] == 4
    assert audit.before["ministries"] == ["SZW"] and audit.after["ministries"] == ["SZW", "OCW"]
    assert audit.before["state"] == "untouched" and audit.after["state"] == "draft"
    assert "explanation" in audit.after and audit.after["version"] == 2

    for bad, message in [
        ({"status": 2}, "kies 0, 1, 3 of 4"),
        ({"status": "klaar"}, "kies 0, 1, 3 of 4"),
        ({"ministries": ["OCW", "Marsbasis"]}, "onbekend ministerie: Marsbasis"),
    ]:
        with pytest.raises(RoundError) as raised:
            save(people["szw"], item, **bad)
        assert message in " ".join(raised.value.messages)
    item.refresh_from_db()
    assert item.version == 2 and AuditEntry.objects.filter(item=item).count() == 1
    # An empty status is allowed (not every record has one).
    save(people["szw"], item, status=None)
    item.refresh_from_db()
    assert item.status is None and item.version == 3


def test_two_saves_from_the_same_version_conflict(opened: Round, people: dict[str, Any]) -> None:
    item = latest_item(opened, SZW_TITLE)
    first_copy = RoundItem.objects.get(pk=item.pk)
    second_copy = RoundItem.objects.get(pk=item.pk)
    save(people["szw"], first_copy, explanation="Versie van Sanne.")
    audits = AuditEntry.objects.count()
    with pytest.raises(EditConflict) as raised:
        services.round_item_save(
            user=people["coordinator"],
            item=second_copy,
            version=1,
            status=4,
            when_raw="2025",
            ministries=["SZW"],
            explanation="Versie van de coördinator.",
        )
    conflict = raised.value
    assert conflict.mine == {
        "status": 4,
        "when_raw": "2025",
        "ministries": ["SZW"],
        "explanation": "Versie van de coördinator.",
        "version": 1,
    }
    assert conflict.theirs["explanation"] == "Versie van Sanne."
    assert conflict.theirs["version"] == 2
    assert conflict.theirs["updated_by"] == "sanne"
    assert conflict.theirs["updated_at"] is not None
    assert conflict.theirs["state"] == "draft"
    assert "sanne" in str(conflict)
    item.refresh_from_db()
    assert item.explanation == "Versie van Sanne." and item.version == 2
    assert AuditEntry.objects.count() == audits
    # Submitting from a stale version conflicts too.
    with pytest.raises(EditConflict):
        services.round_item_submit(user=people["szw"], item=second_copy, version=1)
    # Starting again from the current version works.
    services.round_item_submit(user=people["szw"], item=item, version=2)
    item.refresh_from_db()
    assert item.state == "submitted" and item.version == 3


def test_a_shared_measure_is_edited_by_either_ministry_and_the_audit_names_each(
    opened: Round, people: dict[str, Any]
) -> None:
    item = latest_item(opened, SHARED_TITLE)
    assert item.owners == ["SZW", "OCW"]
    save(people["szw"], item, explanation="SZW: de banenroutes lopen in 12 regio's.")
    save(people["ocw"], item, when_raw="Q2 2026")
    with pytest.raises(PermissionDenied, match="niet bij uw ministerie"):
        save(people["bzk"], item, explanation="BZK mag dit niet.")
    trail = list(selectors.audit_for_measure(item.measure))
    assert [(e.actor, e.action) for e in trail] == [("sanne", "item_save"), ("otto", "item_save")]
    assert trail[0].after["explanation"].startswith("SZW:")
    assert "when_raw" not in trail[0].after
    assert trail[1].after["when_raw"] == "Q2 2026"
    assert "explanation" not in trail[1].after  # only what changed
    assert [e.user for e in trail] == [people["szw"], people["ocw"]]
    # Each editor sees it; the BZK editor does not.
    assert item in selectors.round_items(opened, user=people["szw"])
    assert item in selectors.round_items(opened, user=people["ocw"])
    assert item not in selectors.round_items(opened, user=people["bzk"])


def test_review_workflow_and_state_rules(opened: Round, people: dict[str, Any]) -> None:
    item = latest_item(opened, SZW_TITLE)
    coordinator, editor = people["coordinator"], people["szw"]
    with pytest.raises(RoundError, match="kan alleen vanuit"):
        services.round_item_accept(user=coordinator, item=item)
    save(editor, item, status=4)
    services.round_item_submit(user=editor, item=item, version=item.version)
    with pytest.raises(RoundError, match="toelichting"):
        services.round_item_return(user=coordinator, item=item, comment="  ")
    services.round_item_return(user=coordinator, item=item, comment="Graag een datum.")
    item.refresh_from_db()
    assert (item.state, item.review_comment) == ("returned", "Graag een datum.")
    save(editor, item, when_raw="Q2 2025")
    services.round_item_submit(user=editor, item=item, version=item.version)
    services.round_item_accept(user=coordinator, item=item)
    item.refresh_from_db()
    assert item.state == "accepted"
    with pytest.raises(RoundError, match="geaccepteerd"):
        save(editor, item, explanation="te laat")
    actions = [e.action for e in selectors.audit_for_item(item)]
    assert actions == [
        "item_save",
        "item_submit",
        "item_return",
        "item_save",
        "item_submit",
        "item_accept",
    ]
    returned = selectors.audit_for_item(item).get(action="item_return")
    assert returned.after["review_comment"] == "Graag een datum."
    assert returned.before == {"state": "submitted", "review_comment": ""}


def test_progress_per_ministry(opened: Round, people: dict[str, Any]) -> None:
    before = {row.ministry: row for row in selectors.round_progress(opened)}
    szw_total = before["SZW"].total
    assert before["SZW"].untouched == szw_total and szw_total >= 3
    shared = latest_item(opened, SHARED_TITLE)
    single = latest_item(opened, SZW_TITLE)
    save(people["szw"], shared, explanation="x")
    save(people["szw"], single, explanation="y")
    services.round_item_submit(user=people["szw"], item=single, version=single.version)
    after = {row.ministry: row for row in selectors.round_progress(opened)}
    assert (after["SZW"].untouched, after["SZW"].draft, after["SZW"].submitted) == (
        szw_total - 2,
        1,
        1,
    )
    assert after["OCW"].draft == before["OCW"].draft + 1  # the shared item counts for both
    assert after["SZW"].total == szw_total
    assert selectors.round_state_counts(opened)["submitted"] == 1
    assert [row.ministry for row in selectors.round_progress(opened)][-1] == ""


def test_propose_a_new_measure(opened: Round, people: dict[str, Any]) -> None:
    item = services.round_item_propose(
        user=people["szw"],
        round=opened,
        title="Pilot loopbaanadvies voor herintreders",
        theme_name="Arbeid",
        ministries=["SZW"],
        status=3,
        when_raw="2025 - 2026",
        explanation="Nieuw in 2025.",
    )
    assert (item.measure, item.proposed, item.state, item.owners) == (None, True, "draft", ["SZW"])
    assert item in selectors.round_items(opened, user=people["szw"], state="draft")
    with pytest.raises(PermissionDenied):
        services.round_item_propose(
            user=people["szw"], round=opened, title="x", theme_name="", ministries=["OCW"]
        )
    with pytest.raises(RoundError, match="titel"):
        services.round_item_propose(
            user=people["szw"], round=opened, title=" ", theme_name="", ministries=["SZW"]
        )
    audit = AuditEntry.objects.get(action="item_propose")
    assert audit.after["title"] == "Pilot loopbaanadvies voor herintreders"
    assert audit.actor == "sanne"


# --- publishing ---------------------------------------------------------------------------


def test_publish_adds_entries_and_keeps_the_history(
    opened: Round, people: dict[str, Any], client: Client
) -> None:
    coordinator, editor = people["coordinator"], people["szw"]
    item = latest_item(opened, SZW_TITLE)
    measure = item.measure
    assert measure is not None
    old_entries = list(measure.status_entries.order_by("id"))
    entry_count = StatusEntry.objects.count()
    save(
        editor,
        item,
        status=4,
        when_raw="Q4 2024",
        explanation="De ruimere werkbonus is per 1 januari 2025 ingevoerd.",
    )
    services.round_item_submit(user=editor, item=item, version=item.version)
    services.round_item_accept(user=coordinator, item=item)
    new = services.round_item_propose(
        user=editor,
        round=opened,
        title="Pilot loopbaanadvies voor herintreders",
        theme_name="Arbeid",
        ministries=["SZW", "OCW"],
        status=3,
        when_raw="2025 - 2026",
        explanation="Een pilot in vier regio's.",
    )
    services.round_item_submit(user=editor, item=new, version=new.version)
    services.round_item_accept(user=coordinator, item=new)
    draft = latest_item(opened, SHARED_TITLE)
    save(editor, draft, explanation="nog niet klaar")  # not accepted: not published

    document = services.round_publish(user=coordinator, round=opened)

    assert document.format == Document.Format.ROUND
    assert document.name == "rapportageronde-ronde-2025"
    assert document.date == REFERENCE
    assert document.legend["4"] == "afgerond"
    assert len(document.sha256) == 64
    assert StatusEntry.objects.count() == entry_count + 2
    history = list(measure.status_entries.order_by("id"))
    assert history[:-1] == old_entries  # nothing overwritten
    latest = history[-1]
    assert (latest.document, latest.status, latest.when_raw) == (document, 4, "Q4 2024")
    assert (latest.due_start, latest.due_end) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert [link.ministry.code for link in latest.ministry_links.all()] == ["SZW"]
    created = Measure.objects.get(document=document)
    assert created.title == "Pilot loopbaanadvies voor herintreders"
    assert created.kind == "measure" and created.theme is not None
    assert created.theme.name == "Arbeid"
    entry = created.status_entries.get()
    assert [link.ministry.code for link in entry.ministry_links.all()] == ["SZW", "OCW"]
    assert entry.who_raw == "SZW, OCW"
    assert SearchEntry.objects.filter(measure=created).exists()
    assert "1 januari 2025" in SearchEntry.objects.get(measure=measure).body
    opened.refresh_from_db()
    assert (opened.status, opened.document, opened.published_by) == (
        "published",
        document,
        coordinator,
    )
    item.refresh_from_db()
    new.refresh_from_db()
    assert item.published_entry == latest and new.measure == created
    draft.refresh_from_db()
    assert draft.published_entry is None and draft.state == "draft"
    assert selectors.round_current() is None
    audit = AuditEntry.objects.get(action="round_publish")
    assert audit.after["entries"] == 2 and audit.after["new_measures"] == 1

    # The public record page shows the new status and keeps the old one in the history.
    page = client.get(f"/record/{measure.uid}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rapportageronde Ronde 2025" in html
    assert "De ruimere werkbonus is per 1 januari 2025 ingevoerd." in html
    timeline = html[html.index('id="h-timeline"') :]
    timeline = timeline[: timeline.index("</ol>")]
    old_document = old_entries[-1].document
    assert old_document is not None
    old_title = old_document.title or old_document.name
    # Oldest first: the annex's entry (Q1 2024), then the round's (Q4 2024).
    assert old_title in timeline and old_entries[-1].when_raw == "Q1 2024"
    assert timeline.index(old_title) < timeline.index("Q1 2024")
    assert timeline.index("Q1 2024") < timeline.index("Rapportageronde Ronde 2025")
    assert timeline.index("Rapportageronde Ronde 2025") < timeline.index("Q4 2024")
    assert timeline.count("<li>") == len(old_entries) + 1
    assert client.get(f"/record/{created.uid}/").status_code == 200

    # A published round is closed.
    with pytest.raises(RoundError, match="niet meer open"):
        services.round_publish(user=coordinator, round=opened)
    with pytest.raises(RoundError, match="niet meer open"):
        save(editor, draft, explanation="na publicatie")


def test_publish_needs_an_accepted_answer(opened: Round, people: dict[str, Any]) -> None:
    with pytest.raises(RoundError, match="niets te publiceren"):
        services.round_publish(user=people["coordinator"], round=opened)
    assert not Document.objects.filter(format="round").exists()


# --- reminders ----------------------------------------------------------------------------


def test_reminders_list_each_ministrys_untouched_items(
    opened: Round, people: dict[str, Any]
) -> None:
    services.account_create(
        username="sietske", password=PASSWORD, role="editor", ministries=["SZW"]
    )  # no e-mail address: not mailed
    gone = services.account_create(
        username="oud", password=PASSWORD, role="editor", ministries=["SZW"], email="oud@x.nl"
    )
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    touched = latest_item(opened, SZW_TITLE)
    save(people["szw"], touched, explanation="bijgewerkt")

    reminders = services.round_remind(user=people["coordinator"], round=opened)

    by_ministry = {r.ministry: r for r in reminders}
    szw = by_ministry["SZW"]
    assert szw.sent and szw.recipients == ["sanne@example.nl"]
    assert touched not in szw.items
    assert all(item.state == "untouched" and "SZW" in item.owners for item in szw.items)
    assert not by_ministry["VWS"].sent  # no editor for VWS
    sent = {tuple(m.to): m for m in mail.outbox}
    assert set(sent) == {("sanne@example.nl",), ("otto@example.nl",), ("bram@example.nl",)}
    body = sent[("sanne@example.nl",)].body
    for item in szw.items:
        assert item.title[:60] in body
    assert touched.title not in body
    assert "01-03-2025" in body
    assert str(len(szw.items)) in sent[("sanne@example.nl",)].subject
    audits = AuditEntry.objects.filter(action="reminder_sent").order_by("id")
    assert [a.after["ministry"] for a in audits] == ["BZK", "OCW", "SZW"]
    assert audits.get(after__ministry="SZW").after["items"] == len(szw.items)
    with pytest.raises(PermissionDenied):
        services.round_remind(user=people["szw"], round=opened)


# --- audit --------------------------------------------------------------------------------


def test_audit_export_is_csv_of_every_change(opened: Round, people: dict[str, Any]) -> None:
    item = latest_item(opened, SHARED_TITLE)
    save(people["ocw"], item, explanation="Toelichting met een komma, en “aanhalingstekens”.")
    data = selectors.audit_export(opened)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["action"] for r in rows] == ["round_open", "item_save"]
    assert rows[1]["actor"] == "otto"
    assert rows[1]["measure_uid"] == item.measure.uid if item.measure else False
    assert "“aanhalingstekens”" in rows[1]["after"]
    assert rows[1]["round"] == "Ronde 2025"
    assert list(selectors.audit_for_round(opened)) == list(
        AuditEntry.objects.filter(round=opened).order_by("at", "id")
    )


def test_audit_log_for_the_site(db: None) -> None:
    entry = services.audit_log(
        user=AnonymousUser(), action="login_failed", actor="onbekend", after={"ip": "127.0.0.1"}
    )
    assert (entry.user, entry.actor, entry.after) == (None, "onbekend", {"ip": "127.0.0.1"})


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_from_the_same_version_write_once(
    corpus: list[Any], people: dict[str, Any]
) -> None:
    """Two editors press save at the same moment (two threads, two database connections):
    on PostgreSQL the row lock makes the second wait and then see the new version — one
    save, one conflict; on any engine never two writes."""
    import threading

    from django.db import connection

    opened = services.round_open(
        user=None, name="Gelijktijdig", reference_date=REFERENCE, deadline=DEADLINE
    )
    item = latest_item(opened, SHARED_TITLE)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def editor(name: str) -> None:
        from django.db import connections

        try:
            copy = RoundItem.objects.get(pk=item.pk)
            start.wait(timeout=10)
            services.round_item_save(
                user=people[name],
                item=copy,
                version=1,
                status=3,
                when_raw="2025",
                ministries=["SZW", "OCW"],
                explanation=f"Versie van {name}",
            )
            outcomes[name] = "saved"
        except EditConflict:
            outcomes[name] = "conflict"
        except Exception as error:  # reported below
            outcomes[name] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(name,)) for name in ("szw", "ocw")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    losers = sorted(outcome for outcome in outcomes.values() if outcome != "saved")
    assert len(outcomes) == 2 and len(losers) == 1, outcomes
    if connection.vendor == "postgresql":
        assert losers == ["conflict"], outcomes
    else:
        # The test database is SQLite in memory with a shared cache, whose table lock fails
        # at once instead of waiting (a file database waits: transaction_mode IMMEDIATE).
        assert losers[0] in ("conflict", "error: OperationalError('database table is locked')")
    item.refresh_from_db()
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert item.version == 2 and item.explanation == f"Versie van {winner}"
    assert AuditEntry.objects.filter(item=item).count() == 1


def test_after_linking_a_measure_in_two_annexes_is_asked_once(corpus: list[Any]) -> None:
    from voortgang.linking.services import links_compute

    unlinked = [c.measure.title for c in selectors.round_candidates() if c.default]
    assert unlinked.count(SHARED_TITLE) == 2
    links_compute()
    candidates = [c for c in selectors.round_candidates() if c.default]
    assert [c.measure.title for c in candidates].count(SHARED_TITLE) == 1
    opened = services.round_open(user=None, name="R", reference_date=REFERENCE, deadline=DEADLINE)
    item = opened.items.get(title=SHARED_TITLE)
    assert item.measure is not None
    assert item.measure.document.name == "bijlage-voortgangsrapportage-2024.txt"
    assert opened.items.count() == len(candidates) < len(unlinked)
