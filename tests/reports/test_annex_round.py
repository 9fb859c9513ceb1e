"""The annex of a published reporting round: the round's new status entries in annex layout,
and the generated file reads back as those rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from voortgang.ingest import parse_bytes
from voortgang.reports import annex
from voortgang.reports.annex_selectors import annex_view
from voortgang.rounds import services
from voortgang.rounds.models import RoundItem
from voortgang.tracker.models import Measure
from voortgang.tracker.services import documents_ingest

pytestmark = pytest.mark.django_db

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "voortgang"
    / "samples"
    / "bijlage-voortgangsrapportage-2024.txt"
)


def test_a_published_round_has_an_annex_of_its_answers() -> None:
    documents_ingest(paths=[SAMPLE])
    round_ = services.round_open(
        user=None,
        name="Ronde 2025",
        reference_date=dt.date(2025, 9, 1),
        deadline=dt.date(2025, 10, 1),
    )
    items = list(RoundItem.objects.filter(round=round_).select_related("measure__theme"))
    assert len(items) >= 2
    answered = items[:2]
    for number, item in enumerate(answered):
        item = services.round_item_save(
            user=None,
            item=item,
            version=item.version,
            status=4,
            when_raw="Q2 2025",
            ministries=["SZW"],
            explanation=f"Afgerond in de ronde ({number}).",
        )
        item = services.round_item_submit(user=None, item=item, version=item.version)
        services.round_item_accept(user=None, item=item)
    document = services.round_publish(user=None, round=round_)

    view = annex_view(document=document)
    rows = [row for theme in view.themes for row in theme.rows if row.kind == "record"]
    assert sorted(row.uid for row in rows) == sorted(
        item.measure.uid for item in answered if item.measure
    )
    assert {row.status for row in rows} == {"4"} and {row.when for row in rows} == {"Q2 2025"}
    first = answered[0].measure
    assert isinstance(first, Measure) and first.theme is not None
    assert any(first.theme.name.lower() in theme.name.lower() for theme in view.themes)

    export = annex.render(format="html", document=document.name)
    parsed = parse_bytes(export.content, name=export.filename)
    back = {(r.title, r.status, r.when.raw, r.explanation) for r in parsed.records}
    assert back == {(row.title, 4, "Q2 2025", row.explanation) for row in rows}
