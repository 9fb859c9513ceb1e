"""What changed between two reporting moments, as a standalone HTML document or DOCX.

``render(format=..., old=..., new=..., old_as_of=..., new_as_of=...)``: ``old`` and ``new``
are document names, ``old_as_of``/``new_as_of`` days (the reporting moment as of that day);
without them the last two moments. The data comes from
:func:`voortgang.reports.selectors.changes_report`; the report is in Dutch.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.template.loader import render_to_string
from django.utils import translation
from docx.document import Document as WordDocument

from voortgang.reports import Export, ExportError, _word
from voortgang.reports.selectors import Change, ChangesReport, RecordState, changes_report

FORMATS = ("html", "docx")
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE = "Wat is er veranderd"

#: Summary rows: (key in ``report.counts``, label).
SUMMARY = (
    ("added", "Nieuwe maatregelen"),
    ("dropped", "Vervallen maatregelen"),
    ("status", "Stand van zaken gewijzigd"),
    ("due", "Planning gewijzigd"),
    ("slipped", "waarvan later gepland (uitgesteld)"),
    ("brought_forward", "waarvan eerder gepland"),
    ("explanation", "Toelichting gewijzigd"),
    ("ministries", "Verantwoordelijke ministeries gewijzigd"),
    ("unchanged", "Ongewijzigd"),
)


def summary_rows(report: ChangesReport) -> list[tuple[str, str, int]]:
    """``(key, label, count)`` per category, in the report's order."""
    return [(key, label, report.counts[key]) for key, label in SUMMARY]


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(values) or "–"


def due_text(change: Change) -> str:
    """``"Q1 2024 → Q3 2024 (6 maanden later)"``."""
    assert change.due is not None
    due = change.due
    text = f"{due.old_when or '–'} → {due.new_when or '–'}"
    return f"{text} ({due.amount})" if due.amount else text


def slips_text(change: Change) -> str:
    if change.due is None or change.due.direction != "later":
        return ""
    n = change.due.earlier_slips
    if not n:
        return "niet eerder uitgesteld"
    return f"{n} keer eerder uitgesteld ({', '.join(change.due.slipped_at)})"


def _filename(report: ChangesReport, extension: str) -> str:
    return (
        f"wijzigingen-{PurePath(report.old.document).stem}"
        f"-{PurePath(report.new.document).stem}.{extension}"
    )


def render(
    *,
    format: str = "html",
    old: str | None = None,
    new: str | None = None,
    old_as_of: dt.date | None = None,
    new_as_of: dt.date | None = None,
) -> Export:
    """The report in ``format`` (``html`` or ``docx``). Raises :class:`ExportError` for an
    unknown format or moments that cannot be compared."""
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    report = changes_report(old=old, new=new, old_as_of=old_as_of, new_as_of=new_as_of)
    if format == "html":
        return Export(_filename(report, "html"), "text/html; charset=utf-8", render_html(report))
    return Export(_filename(report, "docx"), DOCX_MIMETYPE, render_docx(report))


def render_html(report: ChangesReport) -> bytes:
    with translation.override("nl"):
        text = render_to_string(
            "reports/changes.html",
            {
                "title": TITLE,
                "report": report,
                "summary": summary_rows(report),
                "due_rows": [(c, due_text(c), slips_text(c)) for c in report.due_moved],
            },
        )
    return text.encode("utf-8")


def _state_row(state: RecordState) -> list[str]:
    return [
        state.title,
        state.place or "–",
        state.status_text,
        state.when or "–",
        _list(state.ministries),
    ]


def render_docx(report: ChangesReport) -> bytes:
    old, new = report.old, report.new
    doc = _word.document(
        title=f"{TITLE}: {old.label} → {new.label}",
        subject="Wijzigingen tussen twee rapportagemomenten",
    )
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(
        f"Van {old.label} [{old.document}] naar {new.label} [{new.document}]. "
        f"{report.counts['matched']} maatregelen staan in beide documenten."
    )

    doc.add_heading("Samenvatting", level=1)
    tbl = _word.table(doc, headers=["Soort wijziging", "Aantal"], widths=[130, 40])
    for _, label, count in summary_rows(report):
        _word.add_row(tbl, [label, str(count)])

    doc.add_heading("Nieuwe maatregelen", level=1)
    _states_table(doc, report.added, "Geen nieuwe maatregelen.")
    doc.add_heading("Vervallen maatregelen", level=1)
    _states_table(doc, report.dropped, "Geen vervallen maatregelen.")

    doc.add_heading("Stand van zaken gewijzigd", level=1)
    if report.status_changed:
        tbl = _word.table(doc, headers=["Maatregel", "Was", "Nu"], widths=[90, 40, 40])
        for c in report.status_changed:
            _word.add_row(tbl, [c.new.title, c.old.status_text, c.new.status_text])
    else:
        doc.add_paragraph("Geen wijzigingen in de stand van zaken.")

    doc.add_heading("Planning gewijzigd", level=1)
    if report.due_moved:
        tbl = _word.table(
            doc,
            headers=["Maatregel", "Wanneer: was → nu", "Eerder uitgesteld"],
            widths=[70, 60, 40],
        )
        for c in report.due_moved:
            _word.add_row(tbl, [c.new.title, due_text(c), slips_text(c) or "–"])
    else:
        doc.add_paragraph("Geen wijzigingen in de planning.")

    doc.add_heading("Toelichting gewijzigd", level=1)
    if report.explanation_changed:
        doc.add_paragraph(
            "Verwijderde woorden zijn doorgehaald, toegevoegde woorden onderstreept; "
            "“…” staat voor ongewijzigde tekst."
        )
        tbl = _word.table(
            doc, headers=["Maatregel", "Wijziging in de toelichting"], widths=[50, 120]
        )
        for c in report.explanation_changed:
            row = _word.add_row(tbl, [c.new.title, ""])
            parts = [(p.op, p.text) for p in c.explanation_diff or ()]
            _word.diff_runs(row.cells[1].paragraphs[0], parts)
    else:
        doc.add_paragraph("Geen gewijzigde toelichtingen.")

    doc.add_heading("Verantwoordelijke ministeries gewijzigd", level=1)
    if report.ministries_changed:
        tbl = _word.table(
            doc, headers=["Maatregel", "Was", "Nu", "Eraf", "Erbij"], widths=[60, 30, 30, 25, 25]
        )
        for c in report.ministries_changed:
            _word.add_row(
                tbl,
                [
                    c.new.title,
                    _list(c.old.ministries),
                    _list(c.new.ministries),
                    _list(c.ministries_removed),
                    _list(c.ministries_added),
                ],
            )
    else:
        doc.add_paragraph("Geen wijzigingen in de verantwoordelijke ministeries.")

    doc.add_heading("Over dit overzicht", level=1)
    doc.add_paragraph(METHOD)
    return _word.to_bytes(doc)


METHOD = (
    "Maatregelen worden tussen de twee documenten gekoppeld op hun titel: eerst gelijke "
    "titels (hoofdletters, leestekens en opmaak tellen niet mee), dan titels die sterk op "
    "elkaar lijken, bij voorkeur binnen hetzelfde thema. Koppelingen die een medewerker heeft "
    "vastgesteld gaan voor; afgewezen koppelingen worden nooit gemaakt. “Eerder uitgesteld” "
    "telt hoe vaak de einddatum van de maatregel bij eerdere rapportagemomenten later kwam "
    "te liggen."
)


def _states_table(doc: WordDocument, states: tuple[RecordState, ...], empty: str) -> None:
    if not states:
        doc.add_paragraph(empty)
        return
    tbl = _word.table(
        doc,
        headers=["Maatregel", "Thema", "Stand van zaken", "Wanneer", "Wie"],
        widths=[55, 40, 25, 25, 25],
    )
    for state in states:
        _word.add_row(tbl, _state_row(state))
