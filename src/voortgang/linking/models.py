"""Links between records: one measure's appearances across documents, and the measures that
answer a recommendation. The machine proposes, a person decides (``status``)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from voortgang.tracker.models import Measure


class Link(models.Model):
    """A proposed or decided link between two records.

    - ``same_measure``: ``source`` and ``target`` are the same measure in two documents
      (``source`` the earlier appearance);
    - ``addresses``: the measure ``source`` answers the recommendation ``target``.
    """

    class Kind(models.TextChoices):
        SAME_MEASURE = "same_measure", _("zelfde maatregel")
        ADDRESSES = "addresses", _("beantwoordt aanbeveling")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        ACCEPTED = "accepted", _("geaccepteerd")
        REJECTED = "rejected", _("afgewezen")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    source = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="links_in")
    score = models.FloatField(_("score"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    #: Accepted by the machine (score above the measured threshold), not by a person.
    automatic = models.BooleanField(default=False)
    #: What the score rests on: shared terms, title similarity, ministries, theme.
    evidence = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "source", "target"], name="link_unique"),
        ]
        indexes: ClassVar = [models.Index(fields=["kind", "status"])]
        ordering: ClassVar = ["kind", "-score", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.source_id} -> {self.target_id} ({self.status})"

    @property
    def confirmed(self) -> bool:
        return self.status == self.Status.ACCEPTED
