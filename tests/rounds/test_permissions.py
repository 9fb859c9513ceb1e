"""The permission matrix: every service (and the round's reads) as every role.

A role that may not do something gets ``PermissionDenied`` and nothing is written; a role that
may, succeeds. The same table is in docs/rounds.md (checked below), so the docs stay true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from voortgang.rounds import permissions, selectors, services
from voortgang.rounds.models import AuditEntry, Round, RoundItem
from voortgang.tracker.models import Document, StatusEntry
from voortgang.tracker.services import documents_ingest

ROOT = Path(__file__).resolve().parents[2]
ANNEX = ROOT / "src" / "voortgang" / "samples" / "bijlage-voortgangsrapportage-2024.txt"
PASSWORD = "Kwartaal-rapportage-2025"
TITLE = "Evaluatie van het aanvullend geboorteverlof"  # SZW only, status 3

ROLES = ("coordinator", "editor_owner", "editor_other", "reviewer", "anonymous", "no_account")
ROLE_LABELS = {
    "coordinator": "coordinator",
    "editor_owner": "editor of an owner ministry (SZW)",
    "editor_other": "editor of another ministry (BZK)",
    "reviewer": "reviewer",
    "anonymous": "anonymous",
    "no_account": "logged in, no account",
}

Y, N = True, False
#: What each role may do (True) or gets PermissionDenied for (False).
EXPECTED: dict[str, tuple[bool, ...]] = {
    #                        coord owner other review anon  none
    "round_open": (Y, N, N, N, N, N),
    "round_item_save": (Y, Y, N, N, N, N),
    "round_item_submit": (Y, Y, N, N, N, N),
    "round_item_return": (Y, N, N, N, N, N),
    "round_item_accept": (Y, N, N, N, N, N),
    "round_item_propose": (Y, Y, N, N, N, N),
    "round_publish": (Y, N, N, N, N, N),
    "round_remind": (Y, N, N, N, N, N),
    "round_items (read)": (Y, Y, Y, Y, N, N),
    "item_get (read)": (Y, Y, N, Y, N, N),
}


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _users() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

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
        "editor_owner": make("sanne", "editor", "SZW"),
        "editor_other": make("bram", "editor", "BZK"),
        "reviewer": make("rita", "reviewer"),
        "anonymous": AnonymousUser(),
        "no_account": get_user_model().objects.create_user("zonder", password=PASSWORD),
    }


def _open() -> tuple[Round, RoundItem]:
    rnd = services.round_open(
        user=None,
        name="Ronde",
        reference_date=dt.date(2025, 1, 1),
        deadline=dt.date(2025, 3, 1),
    )
    return rnd, rnd.items.get(title=TITLE)


def _submitted() -> tuple[Round, RoundItem]:
    rnd, item = _open()
    services.round_item_submit(user=None, item=item, version=item.version)
    return rnd, item


def _accepted() -> tuple[Round, RoundItem]:
    rnd, item = _submitted()
    services.round_item_accept(user=None, item=item)
    return rnd, item


def _call_open(user: Any) -> Callable[[], Any]:
    return lambda: services.round_open(
        user=user, name="Nieuw", reference_date=dt.date(2025, 1, 1), deadline=dt.date(2025, 3, 1)
    )


def _call_save(user: Any) -> Callable[[], Any]:
    _, item = _open()
    return lambda: services.round_item_save(
        user=user,
        item=item,
        version=item.version,
        status=4,
        when_raw="Q1 2025",
        ministries=["SZW"],
        explanation="Ingevoerd.",
    )


def _call_submit(user: Any) -> Callable[[], Any]:
    _, item = _open()
    return lambda: services.round_item_submit(user=user, item=item, version=item.version)


def _call_return(user: Any) -> Callable[[], Any]:
    _, item = _submitted()
    return lambda: services.round_item_return(user=user, item=item, comment="Graag een datum.")


def _call_accept(user: Any) -> Callable[[], Any]:
    _, item = _submitted()
    return lambda: services.round_item_accept(user=user, item=item)


def _call_propose(user: Any) -> Callable[[], Any]:
    rnd, _ = _open()
    return lambda: services.round_item_propose(
        user=user, round=rnd, title="Nieuw voorstel", theme_name="Arbeid", ministries=["SZW"]
    )


def _call_publish(user: Any) -> Callable[[], Any]:
    rnd, _ = _accepted()
    return lambda: services.round_publish(user=user, round=rnd)


def _call_remind(user: Any) -> Callable[[], Any]:
    rnd, _ = _open()
    return lambda: services.round_remind(user=user, round=rnd)


def _call_items(user: Any) -> Callable[[], Any]:
    rnd, _ = _open()
    return lambda: list(selectors.round_items(rnd, user=user))


def _call_item_get(user: Any) -> Callable[[], Any]:
    _, item = _open()
    return lambda: selectors.item_get(item.pk, user=user)


CALLS: dict[str, Callable[[Any], Callable[[], Any]]] = {
    "round_open": _call_open,
    "round_item_save": _call_save,
    "round_item_submit": _call_submit,
    "round_item_return": _call_return,
    "round_item_accept": _call_accept,
    "round_item_propose": _call_propose,
    "round_publish": _call_publish,
    "round_remind": _call_remind,
    "round_items (read)": _call_items,
    "item_get (read)": _call_item_get,
}

CASES = [
    pytest.param(action, role, EXPECTED[action][n], id=f"{action}-{role}")
    for action in EXPECTED
    for n, role in enumerate(ROLES)
]


def _state() -> tuple[int, list[tuple[int, str, int]], int, int, int]:
    items = list(RoundItem.objects.order_by("id").values_list("id", "state", "version"))
    return (
        AuditEntry.objects.count(),
        items,
        Round.objects.count(),
        StatusEntry.objects.count(),
        Document.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role", "allowed"), CASES)
def test_permission_matrix(action: str, role: str, allowed: bool) -> None:
    documents_ingest(paths=[ANNEX])
    users = _users()
    call = CALLS[action](users[role])
    before = _state()
    if allowed:
        result = call()
        if not action.endswith("(read)"):
            assert _state() != before, "an allowed write wrote nothing"
            assert AuditEntry.objects.count() > before[0], "an allowed write was not audited"
        elif action == "round_items (read)":
            titles = [item.title for item in result]
            assert (TITLE in titles) == (role != "editor_other")
            if role == "editor_other":
                assert all("BZK" in item.owners for item in result)
    else:
        with pytest.raises(PermissionDenied) as raised:
            call()
        assert str(raised.value), "PermissionDenied without a message"
        assert _state() == before, "a refused call changed something"


def test_the_permission_functions_agree(db: None) -> None:
    documents_ingest(paths=[ANNEX])
    users = _users()
    _, item = _open()
    expected = {
        # role: view_round, view_item, edit_item, review, publish, propose(SZW), view_audit
        "coordinator": (Y, Y, Y, Y, Y, Y, Y),
        "editor_owner": (Y, Y, Y, N, N, Y, N),
        "editor_other": (Y, N, N, N, N, N, N),
        "reviewer": (Y, Y, N, N, N, N, Y),
        "anonymous": (N, N, N, N, N, N, N),
        "no_account": (N, N, N, N, N, N, N),
    }
    for role, row in expected.items():
        user = users[role]
        got = (
            permissions.can_view_round(user),
            permissions.can_view_item(user, item),
            permissions.can_edit_item(user, item),
            permissions.can_review(user),
            permissions.can_publish(user),
            permissions.can_propose(user, ["SZW"]),
            permissions.can_view_audit(user),
        )
        assert got == row, role
    # The system (CLI) acts as coordinator; an inactive editor is nobody.
    assert permissions.role_of(None) == "system"
    assert permissions.can_publish(None) and permissions.can_edit_item(None, item)
    editor = users["editor_owner"]
    editor.is_active = False
    assert permissions.role_of(editor) is None
    assert not permissions.can_edit_item(editor, item)
    editor.is_active = True
    # An editor of two ministries proposes for either; not for ministries none of which is theirs.
    assert permissions.can_propose(users["editor_owner"], ["OCW", "SZW"])
    assert not permissions.can_propose(users["editor_owner"], ["OCW"])
    assert not permissions.can_propose(users["editor_owner"], [])


def matrix_markdown() -> str:
    head = "| service | " + " | ".join(ROLE_LABELS[r] for r in ROLES) + " |"
    rule = "| --- |" + " --- |" * len(ROLES)
    rows = [
        f"| `{action.split(' ')[0]}`{' (read)' if '(read)' in action else ''} | "
        + " | ".join("yes" if ok else "403" for ok in EXPECTED[action])
        + " |"
        for action in EXPECTED
    ]
    return "\n".join([head, rule, *rows])


def test_the_matrix_is_in_the_docs() -> None:
    text = (ROOT / "docs" / "rounds.md").read_text(encoding="utf-8")
    assert matrix_markdown() in text, "docs/rounds.md: paste\n" + matrix_markdown()
