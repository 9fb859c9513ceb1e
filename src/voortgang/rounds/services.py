"""Writes of the reporting round. Every change goes through a function in this module.

Services are keyword-only and typed; those that write more than once are atomic. Each checks
the caller's permission first (:mod:`voortgang.rounds.permissions`: ``PermissionDenied``),
then the input (:class:`RoundError`, a ``ValidationError``), and writes an
:class:`~voortgang.rounds.models.AuditEntry` with the changed fields before and after.
``user=None`` is the system (command line, cron), audited as ``system (CLI)``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from voortgang.core.ministries import REGISTRY
from voortgang.core.text import slugify
from voortgang.core.wanneer import parse_wanneer
from voortgang.rounds import permissions as perm
from voortgang.rounds import selectors
from voortgang.rounds.models import Account, AuditEntry, Round, RoundItem
from voortgang.search.services import search_index_document
from voortgang.tracker.models import (
    Document,
    Measure,
    StatusEntry,
    StatusEntryMinistry,
    Theme,
)
from voortgang.tracker.services import ministry_sync, record_uid

__all__ = [
    "ANSWER_FIELDS",
    "EditConflict",
    "Reminder",
    "RoundError",
    "account_create",
    "audit_log",
    "round_item_accept",
    "round_item_propose",
    "round_item_return",
    "round_item_save",
    "round_item_submit",
    "round_open",
    "round_publish",
    "round_remind",
]

#: Status codes an answer may carry (the annex legend; there is no 2).
STATUS_CODES = (0, 1, 3, 4)
#: The legend of a published round, as the annex gives it.
LEGEND = {
    "4": "afgerond",
    "3": "in uitvoering",
    "1": "doorlopend",
    "0": "niet (meer) in uitvoering",
}
#: Kinds of record a round asks about; status codes that leave a record out by default.
ROUND_KINDS = selectors.ROUND_KINDS
CLOSED_STATUSES = selectors.CLOSED_STATUSES
#: The fields of an answer (what an editor changes).
ANSWER_FIELDS = ("status", "when_raw", "ministries", "explanation")
SYSTEM_ACTOR = "system (CLI)"


class RoundError(ValidationError):
    """The input or the item's state does not allow this; nothing was written.

    Built from a message or a dict ``{field: message}`` (``error.message_dict``), like any
    Django ``ValidationError``; ``"; ".join(error.messages)`` is one readable line.
    """


class EditConflict(Exception):
    """The item changed since the version the user started from; nothing was written.

    ``mine``: the values the user sent; ``theirs``: the item's current values with
    ``version``, ``state``, ``updated_by`` (username) and ``updated_at``.
    """

    def __init__(self, *, item: RoundItem, mine: dict[str, Any], theirs: dict[str, Any]) -> None:
        self.item = item
        self.mine = mine
        self.theirs = theirs
        who = theirs.get("updated_by") or "iemand anders"
        super().__init__(
            f"'{item.title[:60]}' is intussen gewijzigd door {who} "
            f"(versie {theirs.get('version')}; u begon met versie {mine.get('version')})"
        )


@dataclass
class Reminder:
    """One reminder: a ministry, its untouched items, to whom it went (``sent``: mailed)."""

    ministry: str
    items: list[RoundItem]
    recipients: list[str] = field(default_factory=list)
    sent: bool = False


# --- helpers ------------------------------------------------------------------------------


def _actor(user: Any) -> str:
    if user is None:
        return SYSTEM_ACTOR
    return str(getattr(user, "username", "") or "anoniem")


def _user_or_none(user: Any) -> Any:
    """The user to store in a foreign key (``None`` for the system and anonymous users)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def audit_log(
    *,
    user: Any,
    action: str,
    round: Round | None = None,
    item: RoundItem | None = None,
    measure: Measure | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    actor: str | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail (also for the site: logins, failed logins …).

    ``actor`` overrides the name written (e.g. the username typed at a failed login).
    """
    if item is not None:
        round = round or item.round
        if measure is None and item.measure_id is not None:
            measure = item.measure
    return AuditEntry.objects.create(
        user=_user_or_none(user),
        actor=(actor or _actor(user))[:200],
        action=action,
        round=round,
        item=item,
        measure=measure,
        before={k: _json(v) for k, v in (before or {}).items()},
        after={k: _json(v) for k, v in (after or {}).items()},
    )


def _changes(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = [k for k in new if old.get(k) != new[k]]
    return {k: old.get(k) for k in changed}, {k: new[k] for k in changed}


def _answer(item: RoundItem) -> dict[str, Any]:
    return {
        "status": item.status,
        "when_raw": item.when_raw,
        "ministries": list(item.ministries),
        "explanation": item.explanation,
    }


def _known_codes() -> set[str]:
    return {body.code for body in REGISTRY}


def _clean_ministries(ministries: Iterable[str], *, field_name: str = "ministries") -> list[str]:
    """Codes as given (case-insensitive, matched to the registry's spelling), once each."""
    by_lower = {code.lower(): code for code in _known_codes()}
    codes: list[str] = []
    unknown: list[str] = []
    for raw in ministries:
        text = str(raw).strip()
        if not text:
            continue
        code = by_lower.get(text.lower())
        if code is None:
            unknown.append(text)
        elif code not in codes:
            codes.append(code)
    if unknown:
        raise RoundError(
            {
                field_name: f"onbekend ministerie: {', '.join(unknown)} (bekend: "
                f"{', '.join(sorted(_known_codes()))})"
            }
        )
    return codes


def _clean_status(status: int | str | None) -> int | None:
    if status is None or status == "":
        return None
    try:
        code = int(status)
    except (TypeError, ValueError):
        code = -1
    if code not in STATUS_CODES:
        raise RoundError({"status": f"stand van zaken {status!r}: kies 0, 1, 3 of 4 (of leeg)"})
    return code


def _require_open(round: Round) -> None:
    if round.status != Round.Status.OPEN:
        raise RoundError(f"de ronde '{round.name}' is niet meer open (gepubliceerd)")


def _locked(item: RoundItem) -> RoundItem:
    """The item's row, re-read and locked for this transaction (PostgreSQL: FOR UPDATE)."""
    return (
        RoundItem.objects.select_for_update(of=("self",))
        .select_related("round", "updated_by")
        .get(pk=item.pk)
    )


def _theirs(item: RoundItem) -> dict[str, Any]:
    return {
        **_answer(item),
        "version": item.version,
        "state": item.state,
        "updated_by": item.updated_by.get_username() if item.updated_by else "",
        "updated_at": item.updated_at,
    }


def _check_version(item: RoundItem, version: int, mine: dict[str, Any]) -> None:
    if int(version) != item.version:
        raise EditConflict(item=item, mine={**mine, "version": version}, theirs=_theirs(item))


def _sync_back(target: RoundItem, source: RoundItem) -> RoundItem:
    """Copy the written row's values onto the caller's object, so it is not stale."""
    for f in RoundItem._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    return target


# --- accounts -----------------------------------------------------------------------------


@transaction.atomic
def account_create(
    *,
    username: str,
    password: str,
    role: str,
    ministries: Sequence[str] = (),
    email: str = "",
) -> Any:
    """A Django user with its :class:`Account`. The password must pass Django's validators
    (``ValidationError`` with their messages); an editor needs at least one ministry."""
    if role not in Account.Role.values:
        raise RoundError({"role": f"onbekende rol {role!r}: kies {', '.join(Account.Role.values)}"})
    username = username.strip()
    if not username:
        raise RoundError({"username": "een gebruikersnaam is verplicht"})
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise RoundError({"username": f"de gebruiker {username!r} bestaat al"})
    codes = _clean_ministries(ministries, field_name="ministry")
    if role == Account.Role.EDITOR and not codes:
        raise RoundError({"ministry": "een redacteur heeft minstens één ministerie (--ministry)"})
    if role != Account.Role.EDITOR and codes:
        raise RoundError({"ministry": "alleen een redacteur hoort bij ministeries"})
    user = User(username=username, email=email.strip())
    validate_password(password, user=user)
    user.set_password(password)
    user.save()
    account = Account.objects.create(user=user, role=role)
    known = ministry_sync()
    account.ministries.set([known[code] for code in codes])
    audit_log(
        user=None,
        action=AuditEntry.Action.ACCOUNT_CREATE,
        after={"username": username, "role": role, "ministries": codes, "email": user.email},
    )
    return user


# --- rounds -------------------------------------------------------------------------------


# Kept for callers that used these before the selectors had them.
_latest_entries = selectors.latest_entries
_superseded = selectors.superseded_measures
_entry_codes = selectors.entry_codes


@transaction.atomic
def round_open(
    *,
    user: Any,
    name: str,
    reference_date: dt.date,
    deadline: dt.date,
    measures: Iterable[Measure] | None = None,
) -> Round:
    """Open a round with ``measures`` (default: every measure, motion and commitment whose
    latest status entry is not completed (4) or dropped (0); a measure an accepted
    same-measure link shows again in a later document is asked once, in its latest form).

    Each item starts from the measure's latest entry; its owners are that entry's ministries.
    """
    perm.require(perm.can_open_round(user), "alleen de coördinator opent een ronde")
    name = name.strip()
    if not name:
        raise RoundError({"name": "een naam is verplicht"})
    if Round.objects.filter(name=name).exists():
        raise RoundError({"name": f"er is al een ronde met de naam {name!r}"})
    if Round.objects.filter(status=Round.Status.OPEN).exists():
        open_round = Round.objects.filter(status=Round.Status.OPEN).first()
        raise RoundError(f"de ronde '{open_round}' is nog open: publiceer die eerst")
    if deadline < reference_date:
        raise RoundError({"deadline": "de uiterste datum ligt voor de peildatum"})
    if measures is None:
        candidates = selectors.round_candidates()
        latest = {c.measure.pk: c.entry for c in candidates if c.entry is not None}
        chosen = [c.measure for c in candidates if c.default]
    else:
        chosen = list(measures)
        latest = selectors.latest_entries()
    round = Round.objects.create(
        name=name,
        reference_date=reference_date,
        deadline=deadline,
        opened_by=_user_or_none(user),
    )
    items = RoundItem.objects.bulk_create(
        RoundItem(
            round=round,
            measure=m,
            title=m.title,
            theme_name=m.theme.name if m.theme_id and m.theme else "",
            position=position,
            owners=_entry_codes(latest.get(m.pk)),
            status=latest[m.pk].status if m.pk in latest else None,
            when_raw=latest[m.pk].when_raw if m.pk in latest else "",
            due_start=latest[m.pk].due_start if m.pk in latest else None,
            due_end=latest[m.pk].due_end if m.pk in latest else None,
            ministries=_entry_codes(latest.get(m.pk)),
            explanation=latest[m.pk].explanation if m.pk in latest else "",
            base_entry=latest.get(m.pk),
        )
        for position, m in enumerate(chosen)
    )
    audit_log(
        user=user,
        action=AuditEntry.Action.ROUND_OPEN,
        round=round,
        after={
            "name": name,
            "reference_date": reference_date,
            "deadline": deadline,
            "items": len(items),
        },
    )
    return round


@transaction.atomic
def round_item_save(
    *,
    user: Any,
    item: RoundItem,
    version: int,
    status: int | str | None,
    when_raw: str,
    ministries: Sequence[str],
    explanation: str,
) -> RoundItem:
    """Save the answer as a draft (``version``: the version the user started from).

    Raises ``PermissionDenied`` (not the user's item), :class:`RoundError` (round not open,
    item accepted, status outside 0/1/3/4, unknown ministry) or :class:`EditConflict` (the
    item changed since ``version``; nothing is written). Returns the item, version + 1.
    """
    perm.require(
        perm.can_edit_item(user, item),
        "u mag dit onderdeel niet wijzigen: het hoort niet bij uw ministerie",
    )
    mine = {
        "status": status,
        "when_raw": when_raw,
        "ministries": list(ministries),
        "explanation": explanation,
    }
    current = _locked(item)
    _check_version(current, version, mine)
    _require_open(current.round)
    if current.state == RoundItem.State.ACCEPTED:
        raise RoundError("dit onderdeel is al geaccepteerd en kan niet meer worden gewijzigd")
    clean_when = (when_raw or "").strip()[:500]
    new: dict[str, Any] = {
        "status": _clean_status(status),
        "when_raw": clean_when,
        "ministries": _clean_ministries(ministries),
        "explanation": (explanation or "").strip(),
    }
    due = parse_wanneer(clean_when)
    old = {**_answer(current), "state": current.state}
    new_all = {**new, "state": RoundItem.State.DRAFT}
    before, after = _changes(old, new_all)
    for key, value in new.items():
        setattr(current, key, value)
    current.due_start, current.due_end = due.start, due.end
    current.state = RoundItem.State.DRAFT
    current.version += 1
    current.updated_by = _user_or_none(user)
    current.updated_at = timezone.now()
    current.save(
        update_fields=[
            *ANSWER_FIELDS,
            "due_start",
            "due_end",
            "state",
            "version",
            "updated_by",
            "updated_at",
        ]
    )
    audit_log(
        user=user,
        action=AuditEntry.Action.ITEM_SAVE,
        item=current,
        before=before,
        after={**after, "version": current.version},
    )
    return _sync_back(item, current)


def _transition(
    *,
    user: Any,
    item: RoundItem,
    action: str,
    allowed_from: Sequence[str],
    to: str,
    version: int | None = None,
    comment: str | None = None,
) -> RoundItem:
    current = _locked(item)
    if version is not None:
        _check_version(current, version, {})
    _require_open(current.round)
    if current.state not in allowed_from:
        raise RoundError(
            f"dit onderdeel is {current.get_state_display()}: "
            f"{AuditEntry.Action(action).label} kan alleen vanuit "
            + ", ".join(str(RoundItem.State(s).label) for s in allowed_from)
        )
    before: dict[str, Any] = {"state": current.state}
    after: dict[str, Any] = {"state": to}
    fields = ["state", "version", "updated_by", "updated_at"]
    if comment is not None:
        before["review_comment"] = current.review_comment
        after["review_comment"] = comment
        current.review_comment = comment
        fields.append("review_comment")
    current.state = to
    current.version += 1
    current.updated_by = _user_or_none(user)
    current.updated_at = timezone.now()
    current.save(update_fields=fields)
    audit_log(
        user=user,
        action=action,
        item=current,
        before=before,
        after={**after, "version": current.version},
    )
    return _sync_back(item, current)


@transaction.atomic
def round_item_submit(*, user: Any, item: RoundItem, version: int) -> RoundItem:
    """Submit the answer for review (from untouched — "nothing changed" —, draft or
    returned). ``version`` as for :func:`round_item_save`."""
    perm.require(
        perm.can_edit_item(user, item),
        "u mag dit onderdeel niet indienen: het hoort niet bij uw ministerie",
    )
    return _transition(
        user=user,
        item=item,
        action=AuditEntry.Action.ITEM_SUBMIT,
        allowed_from=(RoundItem.State.UNTOUCHED, RoundItem.State.DRAFT, RoundItem.State.RETURNED),
        to=RoundItem.State.SUBMITTED,
        version=version,
    )


@transaction.atomic
def round_item_return(*, user: Any, item: RoundItem, comment: str) -> RoundItem:
    """Send a submitted (or accepted) answer back to the ministry with a comment."""
    perm.require(perm.can_review(user), "alleen de coördinator stuurt een antwoord terug")
    comment = (comment or "").strip()
    if not comment:
        raise RoundError({"comment": "geef een toelichting waarom het antwoord terug gaat"})
    return _transition(
        user=user,
        item=item,
        action=AuditEntry.Action.ITEM_RETURN,
        allowed_from=(RoundItem.State.SUBMITTED, RoundItem.State.ACCEPTED),
        to=RoundItem.State.RETURNED,
        comment=comment,
    )


@transaction.atomic
def round_item_accept(*, user: Any, item: RoundItem) -> RoundItem:
    """Accept a submitted answer: it goes into the round's publication."""
    perm.require(perm.can_review(user), "alleen de coördinator accepteert een antwoord")
    return _transition(
        user=user,
        item=item,
        action=AuditEntry.Action.ITEM_ACCEPT,
        allowed_from=(RoundItem.State.SUBMITTED,),
        to=RoundItem.State.ACCEPTED,
    )


@transaction.atomic
def round_item_propose(
    *,
    user: Any,
    round: Round,
    title: str,
    theme_name: str,
    ministries: Sequence[str],
    status: int | str | None = None,
    when_raw: str = "",
    explanation: str = "",
) -> RoundItem:
    """Propose a new measure: an item without a measure, in draft, owned by ``ministries``
    (an editor must be one of them)."""
    codes = _clean_ministries(ministries)
    perm.require(
        perm.can_propose(user, codes),
        "u mag alleen een maatregel voorstellen voor een van uw eigen ministeries",
    )
    if not codes:
        raise RoundError({"ministries": "noem minstens één verantwoordelijk ministerie"})
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require_open(round)
    title = (title or "").strip()
    if not title:
        raise RoundError({"title": "een titel is verplicht"})
    code = _clean_status(status)
    when_raw = (when_raw or "").strip()[:500]
    due = parse_wanneer(when_raw)
    last = round.items.order_by("-position").values_list("position", flat=True).first()
    item = RoundItem.objects.create(
        round=round,
        measure=None,
        title=title,
        theme_name=(theme_name or "").strip()[:500],
        position=(last or 0) + 1,
        owners=codes,
        status=code,
        when_raw=when_raw,
        due_start=due.start,
        due_end=due.end,
        ministries=codes,
        explanation=(explanation or "").strip(),
        state=RoundItem.State.DRAFT,
        proposed=True,
        updated_by=_user_or_none(user),
        updated_at=timezone.now(),
    )
    audit_log(
        user=user,
        action=AuditEntry.Action.ITEM_PROPOSE,
        item=item,
        after={"title": title, "theme_name": item.theme_name, **_answer(item), "state": "draft"},
    )
    return item


# --- publishing ---------------------------------------------------------------------------


@transaction.atomic
def round_publish(*, user: Any, round: Round) -> Document:
    """Publish: the accepted answers become new status entries of a new document of format
    ``round`` (dated the reference date); proposed measures become records of that document.
    Nothing existing changes; items not accepted stay as they are, unpublished."""
    perm.require(perm.can_publish(user), "alleen de coördinator publiceert een ronde")
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require_open(round)
    items = list(
        round.items.select_for_update()
        .filter(state=RoundItem.State.ACCEPTED)
        .order_by("position", "id")
    )
    if not items:
        raise RoundError("er is nog geen geaccepteerd antwoord: er valt niets te publiceren")
    now = timezone.now()
    sha256 = hashlib.sha256(f"voortgang-round:{round.pk}:{now.isoformat()}".encode()).hexdigest()
    document = Document.objects.create(
        name=f"rapportageronde-{slugify(round.name, 80)}",
        sha256=sha256,
        format=Document.Format.ROUND,
        title=f"Rapportageronde {round.name}"[:500],
        date=round.reference_date,
        legend=dict(LEGEND),
        line_count=0,
        size=0,
    )
    ministries = ministry_sync()
    themes: dict[str, Theme] = {}
    taken = set(Measure.objects.filter(uid__startswith=sha256[:8]).values_list("uid", flat=True))
    new_measures: list[Measure] = []
    for position, item in enumerate(items):
        measure = item.measure
        if measure is None:
            theme = None
            if item.theme_name:
                if item.theme_name not in themes:
                    themes[item.theme_name] = Theme.objects.create(
                        document=document,
                        level=1,
                        name=item.theme_name,
                        raw=item.theme_name,
                        position=len(themes),
                        line=0,
                    )
                theme = themes[item.theme_name]
            measure = Measure.objects.create(
                uid=record_uid(
                    sha256=sha256, kind=Measure.Kind.MEASURE, title=item.title, taken=taken
                ),
                kind=Measure.Kind.MEASURE,
                title=item.title,
                document=document,
                theme=theme,
                position=position,
                line_start=0,
                line_end=0,
            )
            new_measures.append(measure)
            item.measure = measure
        due = parse_wanneer(item.when_raw)
        entry = StatusEntry.objects.create(
            measure=measure,
            document=document,
            status=item.status,
            when_raw=item.when_raw,
            due_start=due.start,
            due_end=due.end,
            ongoing=due.ongoing,
            not_applicable=due.not_applicable,
            completed=due.completed,
            started=due.started,
            recurring=due.recurring,
            who_raw=", ".join(item.ministries)[:500],
            explanation=item.explanation,
        )
        StatusEntryMinistry.objects.bulk_create(
            StatusEntryMinistry(entry=entry, ministry=ministries[code], position=n)
            for n, code in enumerate(item.ministries)
            if code in ministries
        )
        item.published_entry = entry
        item.save(update_fields=["measure", "published_entry"])
    round.status = Round.Status.PUBLISHED
    round.published_at = now
    round.published_by = _user_or_none(user)
    round.document = document
    round.save(update_fields=["status", "published_at", "published_by", "document"])
    search_index_document(document=document)
    audit_log(
        user=user,
        action=AuditEntry.Action.ROUND_PUBLISH,
        round=round,
        before={"status": Round.Status.OPEN},
        after={
            "status": Round.Status.PUBLISHED,
            "document": document.name,
            "entries": len(items),
            "new_measures": len(new_measures),
        },
    )
    return document


# --- reminders ----------------------------------------------------------------------------


def _recipients(code: str) -> list[str]:
    accounts = Account.objects.filter(
        role=Account.Role.EDITOR, ministries__code=code, user__is_active=True
    ).exclude(user__email="")
    return sorted({a.user.email for a in accounts.select_related("user")})


def round_remind(*, user: Any, round: Round) -> list[Reminder]:
    """E-mail each ministry with untouched items the list of them (to its active editors
    with an e-mail address). Returns one :class:`Reminder` per such ministry; ``sent`` is
    false where the ministry has no one to mail. Each mail sent is audited."""
    perm.require(perm.can_remind(user), "alleen de coördinator verstuurt herinneringen")
    _require_open(round)
    per_ministry: dict[str, list[RoundItem]] = {}
    for item in round.items.filter(state=RoundItem.State.UNTOUCHED).order_by("position", "id"):
        for code in item.owners:
            per_ministry.setdefault(code, []).append(item)
    reminders: list[Reminder] = []
    site = getattr(settings, "VOORTGANG_SITE_URL", "")
    for code in sorted(per_ministry):
        items = per_ministry[code]
        reminder = Reminder(ministry=code, items=items, recipients=_recipients(code))
        if reminder.recipients:
            lines = [
                f"Beste collega's van {code},",
                "",
                f"In de rapportageronde '{round.name}' (peildatum "
                f"{round.reference_date:%d-%m-%Y}) staan nog {len(items)} onderdelen van uw "
                f"ministerie open die nog niet zijn ingevuld. De uiterste datum is "
                f"{round.deadline:%d-%m-%Y}.",
                "",
                *(f"- {item.title[:200]}" for item in items),
                "",
            ]
            if site:
                lines += [f"U vult ze in op {site.rstrip('/')}/ronde/", ""]
            lines += ["Met vriendelijke groet,", "Directie Emancipatie (OCW)"]
            send_mail(
                subject=f"Herinnering rapportageronde {round.name}: {len(items)} open onderdelen",
                message="\n".join(lines),
                from_email=None,
                recipient_list=reminder.recipients,
            )
            reminder.sent = True
            audit_log(
                user=user,
                action=AuditEntry.Action.REMINDER_SENT,
                round=round,
                after={"ministry": code, "recipients": reminder.recipients, "items": len(items)},
            )
        reminders.append(reminder)
    return reminders
