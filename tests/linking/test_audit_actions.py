"""Every audit action a link decision writes is a named action of the audit trail, so the
audit pages show its label (in Dutch and English) rather than the raw code."""

from __future__ import annotations

from django.utils import translation

from voortgang.linking.services import DECISION_ACTIONS
from voortgang.rounds.models import AuditEntry


def test_link_decision_actions_have_labels_in_both_languages() -> None:
    labels = dict(AuditEntry.Action.choices)
    for action in DECISION_ACTIONS.values():
        assert action in AuditEntry.Action.values, action
        with translation.override("nl"):
            dutch = str(labels[action])
        with translation.override("en"):
            english = str(labels[action])
        assert dutch.startswith("koppeling") and english.startswith("link"), action
