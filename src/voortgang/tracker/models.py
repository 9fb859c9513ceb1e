"""The domain model: documents and what was extracted from them.

A *record* (contract in ``shared/BRIEF.md``) is one appearance of a measure, motion,
commitment or recommendation in one source document: a :class:`Measure` row. What a source
(or, later, a reporting round) says about its state is a :class:`StatusEntry`; status entries
are append-only, so the history of a measure is never overwritten.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an append-only row."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only: no update")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only: no delete")


class Document(models.Model):
    """A source file that was ingested. Identity is the content hash (sha256)."""

    class Format(models.TextChoices):
        ANNEX = "annex", _("bijlage met tabellen (voortgangsrapportage)")
        CEDAW = "cedaw", _("overzicht staand beleid CEDAW")
        NOTA = "nota", _("emancipatienota")
        EINDRAPPORTAGE = "eindrapportage", _("eindrapportage emancipatiebeleid")
        EU_BRIEF = "eu_brief", _("brief over gelijkheid in de EU")
        ROUND = "round", _("rapportageronde")

    name = models.CharField(_("bestandsnaam"), max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    format = models.CharField(_("formaat"), max_length=32, choices=Format.choices)
    title = models.CharField(_("titel"), max_length=500, blank=True)
    date = models.DateField(_("datum"), null=True, blank=True)
    #: The document's own parliamentary paper as a key (``kst-30420-415``), where it says so.
    kamerstuk = models.CharField(_("Kamerstuk"), max_length=100, blank=True, db_index=True)
    kamerstuk_label = models.CharField(max_length=300, blank=True)
    size = models.PositiveIntegerField(default=0)
    line_count = models.PositiveIntegerField(default=0)
    legend = models.JSONField(_("legenda"), default=dict, blank=True)
    ingested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["ingested_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")

    def __str__(self) -> str:
        return self.name


class IngestWarning(models.Model):
    """Something the importer could not fully understand but kept (raw) and reported."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="warnings")
    line = models.PositiveIntegerField(null=True)
    message = models.TextField()

    class Meta:
        ordering: ClassVar = ["document", "line", "id"]

    def __str__(self) -> str:
        return f"{self.document.name}:{self.line}: {self.message}"


class Theme(models.Model):
    """A theme (level 1) or sub-theme (level 2) of one document, in the source's order."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField(default=1)
    number = models.CharField(max_length=20, blank=True)
    name = models.CharField(_("naam"), max_length=500)
    raw = models.CharField(max_length=500)
    position = models.PositiveIntegerField()
    line = models.PositiveIntegerField()
    is_motions = models.BooleanField(default=False)
    goal = models.TextField(_("doel"), blank=True)
    urls = models.JSONField(default=list, blank=True)
    references: models.ManyToManyField[Reference, Any] = models.ManyToManyField(
        "Reference", blank=True, related_name="themes"
    )

    class Meta:
        ordering: ClassVar = ["document", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["document", "position"], name="theme_unique_position")
        ]

    def __str__(self) -> str:
        return self.name


class Ministry(models.Model):
    """A ministry, another responsible body, or a collective ("Kabinetsbreed")."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministerie")
        BODY = "body", _("orgaan")
        COLLECTIVE = "collective", _("collectief")

    code = models.CharField(max_length=20, unique=True)
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("ministerie")
        verbose_name_plural = _("ministeries")

    def __str__(self) -> str:
        return self.code


class Reference(models.Model):
    """Something a source cites: a footnote, a link's label, a parliamentary paper, an EU act.

    Papers are normalized (``dossier`` without spaces, ``session_year`` as ``2024/2025``) and
    carry a ``key`` (``kst-30420-415``) that identifies the same paper across documents; when
    that paper is itself in the corpus, ``cited_document`` points at it.
    """

    class Kind(models.TextChoices):
        FOOTNOTE = "footnote", _("voetnoot")
        LINK = "link", _("verwijzing")
        KAMERSTUK = "kamerstuk", _("Kamerstuk")
        KAMERVRAGEN = "kamervragen", _("Kamervragen")
        EU_DIRECTIVE = "eu_directive", _("EU-richtlijn")
        EU_REGULATION = "eu_regulation", _("EU-verordening")
        OTHER = "other", _("overig")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="references")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    marker = models.CharField(max_length=10, blank=True)
    label = models.TextField()
    line = models.PositiveIntegerField(null=True)
    session_year = models.CharField(max_length=20, blank=True)
    dossier = models.CharField(max_length=20, blank=True)
    number = models.CharField(max_length=20, blank=True)
    url = models.URLField(max_length=500, blank=True)
    key = models.CharField(max_length=100, blank=True, db_index=True)
    cited_document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="cited_by"
    )

    class Meta:
        ordering: ClassVar = ["document", "line", "id"]

    def __str__(self) -> str:
        return self.label[:80]


class Measure(models.Model):
    """One record: a measure, motion or commitment as it appears in one source document."""

    class Kind(models.TextChoices):
        MEASURE = "measure", _("maatregel")
        MOTION = "motion", _("motie")
        COMMITMENT = "commitment", _("toezegging")
        RECOMMENDATION = "recommendation", _("aanbeveling")
        RESULT = "result", _("resultaat")
        CHALLENGE = "challenge", _("uitdaging")

    uid = models.CharField(max_length=120, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    title = models.TextField(_("titel"))
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="measures")
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="measures"
    )
    subtheme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="sub_measures"
    )
    position = models.PositiveIntegerField()
    line_start = models.PositiveIntegerField()
    line_end = models.PositiveIntegerField()
    number = models.CharField(max_length=50, blank=True)
    #: Parts of the Kingdom (recommendations).
    parts = models.JSONField(default=list, blank=True)
    urls = models.JSONField(default=list, blank=True)
    # Motions: what the title says about who filed it, when and about what.
    submitters = models.JSONField(default=list, blank=True)
    parties = models.JSONField(default=list, blank=True)
    motion_date = models.DateField(null=True, blank=True)
    subject = models.TextField(blank=True)
    references = models.ManyToManyField(Reference, blank=True, related_name="measures")
    #: The record this one refers back to ("Zie bovenstaande.").
    see_also = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="referred_by"
    )
    #: Records whose text names this one (a motion mentioned in prose).
    mentioned_in = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="mentions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["document", "position"]
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        indexes: ClassVar = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.title[:80]


class StatusEntry(models.Model):
    """What one source says about a measure's state. Append-only: never updated or deleted."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="status_entries")
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="status_entries"
    )
    status = models.PositiveSmallIntegerField(_("stand van zaken"), null=True, blank=True)
    when_raw = models.CharField(_("wanneer"), max_length=500, blank=True)
    due_start = models.DateField(null=True, blank=True)
    due_end = models.DateField(null=True, blank=True)
    ongoing = models.BooleanField(default=False)
    not_applicable = models.BooleanField(default=False)
    completed = models.BooleanField(default=False)
    started = models.BooleanField(default=False)
    recurring = models.BooleanField(default=False)
    who_raw = models.CharField(_("wie"), max_length=500, blank=True)
    ministries: models.ManyToManyField[Ministry, StatusEntryMinistry] = models.ManyToManyField(
        Ministry, blank=True, related_name="status_entries", through="StatusEntryMinistry"
    )
    explanation = models.TextField(_("toelichting"), blank=True)
    #: The explanation as a list of items where the source gives bullets.
    bullets = models.JSONField(default=list, blank=True)
    line_start = models.PositiveIntegerField(null=True)
    line_end = models.PositiveIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["measure", "created_at", "id"]
        verbose_name = _("stand van zaken")
        verbose_name_plural = _("standen van zaken")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["measure", "document"],
                condition=models.Q(document__isnull=False),
                name="status_once_per_document",
            ),
            models.CheckConstraint(
                condition=models.Q(status__isnull=True) | models.Q(status__in=[0, 1, 3, 4]),
                name="status_known_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("StatusEntry rows are append-only: no update")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("StatusEntry rows are append-only: no delete")


class StatusEntryMinistry(models.Model):
    """A ministry responsible according to a status entry, in the order the source names it."""

    entry = models.ForeignKey(StatusEntry, on_delete=models.CASCADE, related_name="ministry_links")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="entry_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["entry", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["entry", "ministry"], name="entry_ministry_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.ministry_id}"


class Observation(models.Model):
    """An indicator figure a document states: ``value`` ``unit`` for ``subject`` in ``year``."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="observations")
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="observations"
    )
    subject = models.CharField(_("onderwerp"), max_length=300)
    value = models.FloatField(_("waarde"))
    unit = models.CharField(_("eenheid"), max_length=30)
    year = models.PositiveSmallIntegerField(_("jaar"), null=True, blank=True)
    line = models.PositiveIntegerField()
    raw = models.TextField()

    class Meta:
        ordering: ClassVar = ["document", "line", "id"]
        verbose_name = _("waarneming")
        verbose_name_plural = _("waarnemingen")

    def __str__(self) -> str:
        return f"{self.subject} {self.year}: {self.value}{self.unit}"


class CrossReference(models.Model):
    """A row that points to a measure in another theme ("Zie tabel onderwijs")."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="xrefs")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="xrefs_out")
    subtheme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="sub_xrefs_out"
    )
    title = models.TextField()
    raw = models.CharField(max_length=200)
    line = models.PositiveIntegerField()
    target_theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="xrefs_in"
    )
    target = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="xrefs_in"
    )

    class Meta:
        ordering: ClassVar = ["document", "line"]

    def __str__(self) -> str:
        return f"{self.title} → {self.raw}"
