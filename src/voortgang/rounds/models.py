"""The reporting round's model (docs/rounds.md).

An :class:`Account` gives a Django user a role (and, for editors, ministries). A :class:`Round`
asks the ministries for the state of a selection of measures: one :class:`RoundItem` per
measure (or per proposed new measure). Every change is written to the :class:`AuditEntry` log,
which is append-only like :class:`voortgang.tracker.models.StatusEntry`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voortgang.tracker.models import (
    AppendOnlyError,
    AppendOnlyQuerySet,
    Document,
    Measure,
    Ministry,
    StatusEntry,
)

__all__ = ["Account", "AppendOnlyError", "AuditEntry", "Round", "RoundItem"]


class Account(models.Model):
    """A user's role in the reporting round; editors have the ministries they answer for."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coördinator")
        EDITOR = "editor", _("redacteur ministerie")
        REVIEWER = "reviewer", _("meelezer")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    ministries: models.ManyToManyField[Ministry, Any] = models.ManyToManyField(
        Ministry, blank=True, related_name="accounts"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["user__username"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.role}"


class Round(models.Model):
    """One reporting round: the ministries answer for ``reference_date`` before ``deadline``."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PUBLISHED = "published", _("gepubliceerd")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    reference_date = models.DateField(_("peildatum"))
    deadline = models.DateField(_("uiterste datum"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds_opened",
    )
    opened_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds_published",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    #: The reporting moment the round became when it was published (format ``round``).
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="round"
    )

    class Meta:
        ordering: ClassVar = ["-opened_at", "-id"]
        verbose_name = _("rapportageronde")
        verbose_name_plural = _("rapportagerondes")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RoundItem(models.Model):
    """One measure in one round, with the answer as it stands (``state``, ``version``).

    When the round is opened the answer starts as the measure's latest status entry
    (``status``, ``when_raw``, ``ministries``, ``explanation``) and ``state`` is
    ``untouched``; ``owners`` (ministry codes) decide who may edit. A proposed new measure has
    no ``measure`` but a ``title`` and ``theme_name``.
    """

    class State(models.TextChoices):
        UNTOUCHED = "untouched", _("onaangeroerd")
        DRAFT = "draft", _("concept")
        SUBMITTED = "submitted", _("ingediend")
        RETURNED = "returned", _("teruggestuurd")
        ACCEPTED = "accepted", _("geaccepteerd")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="items")
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="round_items"
    )
    #: The measure's title (copied when the round is opened; typed for a proposed measure).
    title = models.TextField(_("titel"))
    theme_name = models.CharField(_("thema"), max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)
    #: Ministry codes responsible when the round was opened: they decide who may edit.
    owners = models.JSONField(_("eigenaars"), default=list, blank=True)
    # The answer.
    status = models.PositiveSmallIntegerField(_("stand van zaken"), null=True, blank=True)
    when_raw = models.CharField(_("wanneer"), max_length=500, blank=True)
    due_start = models.DateField(null=True, blank=True)
    due_end = models.DateField(null=True, blank=True)
    #: Responsible ministries (codes, in order).
    ministries = models.JSONField(_("wie"), default=list, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    #: The status entry the answer started from (the measure's latest when the round opened).
    base_entry = models.ForeignKey(
        StatusEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("toestand"), max_length=20, choices=State.choices, default=State.UNTOUCHED
    )
    #: Optimistic locking: +1 on every write.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="round_items_updated",
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("opmerking beoordelaar"), blank=True)
    proposed = models.BooleanField(default=False)
    #: Once published: the status entry the answer became.
    published_entry = models.ForeignKey(
        StatusEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["round", "position", "id"]
        verbose_name = _("onderdeel van een ronde")
        verbose_name_plural = _("onderdelen van een ronde")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["round", "measure"],
                condition=models.Q(measure__isnull=False),
                name="round_item_once_per_measure",
            ),
            models.CheckConstraint(
                condition=models.Q(status__isnull=True) | models.Q(status__in=[0, 1, 3, 4]),
                name="round_item_status_known_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.title[:60]}"


class AuditEntry(models.Model):
    """One change: who, when, what, the changed fields before and after. Append-only."""

    class Action(models.TextChoices):
        ACCOUNT_CREATE = "account_create", _("account aangemaakt")
        ROUND_OPEN = "round_open", _("ronde geopend")
        ITEM_SAVE = "item_save", _("opgeslagen")
        ITEM_SUBMIT = "item_submit", _("ingediend")
        ITEM_RETURN = "item_return", _("teruggestuurd")
        ITEM_ACCEPT = "item_accept", _("geaccepteerd")
        ITEM_PROPOSE = "item_propose", _("nieuwe maatregel voorgesteld")
        ROUND_PUBLISH = "round_publish", _("ronde gepubliceerd")
        REMINDER_SENT = "reminder_sent", _("herinnering verstuurd")
        SPREADSHEET_IMPORT = "spreadsheet_import", _("spreadsheet ingelezen")
        LOGIN = "login", _("ingelogd")
        LOGIN_FAILED = "login_failed", _("inloggen mislukt")
        LOGOUT = "logout", _("uitgelogd")
        PASSWORD_CHANGE = "password_change", _("wachtwoord gewijzigd")
        LINK_ACCEPT = "link_accept", _("koppeling geaccepteerd")
        LINK_REJECT = "link_reject", _("koppeling afgewezen")
        LINK_REOPEN = "link_reopen", _("koppeling heropend")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    #: Who, as text (kept even if names change): the username, or ``system (CLI)``.
    actor = models.CharField(_("wie"), max_length=200)
    action = models.CharField(_("actie"), max_length=40)
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_entries"
    )
    item = models.ForeignKey(
        RoundItem, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_entries"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_entries"
    )
    #: The changed fields before and after the change (JSON objects).
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["at", "id"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        indexes: ClassVar = [models.Index(fields=["action"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("AuditEntry rows are append-only: no update")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("AuditEntry rows are append-only: no delete")
