"""The CEDAW follow-up table, as a standalone HTML document or DOCX.

``render(format=..., document=...)``: the recommendations of one CEDAW overview (by default
the latest ingested) per chapter, with number, text, responsible parts of the Kingdom and
ministries, the current state, and the measures linked to them (``addresses`` links,
proposed or accepted). The data comes from :func:`voortgang.reports.selectors.cedaw_report`;
the report is in Dutch.
"""

from __future__ import annotations

from pathlib import PurePath

from django.template.loader import render_to_string
from django.utils import translation

from voortgang.reports import Export, ExportError, _word
from voortgang.reports.selectors import CedawReport, LinkedMeasure, Recommendation, cedaw_report

FORMATS = ("html", "docx")
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE = "Opvolging van de CEDAW-aanbevelingen"
NO_MEASURE = "geen gekoppelde maatregel"
HEADERS = ("Nr.", "Aanbeveling", "Verantwoordelijk", "Huidige stand van zaken", "Maatregelen")


def responsible(rec: Recommendation) -> str:
    """``"KNL; OCW, BZK, JenV"``: parts of the Kingdom, then ministries."""
    parts = ", ".join(rec.parts)
    ministries = ", ".join(rec.ministries)
    return "; ".join(p for p in (parts, ministries) if p) or rec.who or "–"


def state_text(rec: Recommendation) -> str:
    """The state as published (bullets joined by line breaks)."""
    if rec.bullets:
        return "\n".join(f"• {bullet}" for bullet in rec.bullets)
    return rec.state or "–"


def see_also_text(rec: Recommendation) -> str:
    return f"(Verwijst naar aanbeveling {rec.see_also}.)" if rec.see_also else ""


def measure_text(measure: LinkedMeasure) -> str:
    decided = "vastgesteld" if measure.accepted else "voorgesteld"
    return (
        f"{measure.title} ({measure.document}; stand: {measure.status_text}; koppeling {decided})"
    )


def summary(report: CedawReport) -> list[tuple[str, int]]:
    recs = report.recommendations
    links = [m for r in recs for m in r.measures]
    return [
        ("Aanbevelingen", len(recs)),
        ("met ten minste één gekoppelde maatregel", len(recs) - len(report.without_measure)),
        ("zonder gekoppelde maatregel", len(report.without_measure)),
        ("Koppelingen vastgesteld", sum(1 for m in links if m.accepted)),
        ("Koppelingen voorgesteld (nog niet beoordeeld)", sum(1 for m in links if not m.accepted)),
    ]


def render(*, format: str = "html", document: str | None = None) -> Export:
    """The table in ``format`` (``html`` or ``docx``). Raises :class:`ExportError` for an
    unknown format or document."""
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    report = cedaw_report(document=document)
    stem = f"cedaw-opvolging-{PurePath(report.document).stem}"
    if format == "html":
        return Export(f"{stem}.html", "text/html; charset=utf-8", render_html(report))
    return Export(f"{stem}.docx", DOCX_MIMETYPE, render_docx(report))


def render_html(report: CedawReport) -> bytes:
    with translation.override("nl"):
        text = render_to_string(
            "reports/cedaw.html",
            {
                "title": TITLE,
                "report": report,
                "summary": summary(report),
                "headers": HEADERS,
                "no_measure": NO_MEASURE,
                "chapters": [
                    (
                        index,
                        chapter,
                        [
                            (rec, responsible(rec), see_also_text(rec))
                            for rec in chapter.recommendations
                        ],
                    )
                    for index, chapter in enumerate(report.chapters, 1)
                ],
            },
        )
    return text.encode("utf-8")


def render_docx(report: CedawReport) -> bytes:
    doc = _word.document(title=TITLE, subject=f"CEDAW-aanbevelingen uit {report.document}")
    doc.add_heading(TITLE, level=0)
    source = report.title or report.document
    date = f", {report.date.strftime('%d-%m-%Y')}" if report.date else ""
    doc.add_paragraph(
        f"Bron: {source} ({report.document}{date}). Per aanbeveling de verantwoordelijke "
        "delen van het Koninkrijk en ministeries, de huidige stand van zaken volgens de "
        "overheid en de maatregelen die eraan gekoppeld zijn."
    )
    doc.add_heading("Samenvatting", level=1)
    tbl = _word.table(doc, headers=["", "Aantal"], widths=[130, 40])
    for label, count in summary(report):
        _word.add_row(tbl, [label, str(count)])
    for chapter in report.chapters:
        doc.add_heading(chapter.name, level=1)
        tbl = _word.table(doc, headers=list(HEADERS), widths=[12, 48, 25, 50, 35])
        for rec in chapter.recommendations:
            row = _word.add_row(tbl, [rec.number, rec.text, responsible(rec), "", ""])
            state = row.cells[3]
            lines = [f"• {b}" for b in rec.bullets] if rec.bullets else [rec.state or "–"]
            if rec.see_also:
                lines.append(see_also_text(rec))
            for index, line in enumerate(lines):
                paragraph = state.paragraphs[0] if index == 0 else state.add_paragraph()
                paragraph.text = line
            measures = row.cells[4]
            if rec.measures:
                for index, measure in enumerate(rec.measures):
                    paragraph = measures.paragraphs[0] if index == 0 else measures.add_paragraph()
                    paragraph.text = measure_text(measure)
            else:
                measures.text = NO_MEASURE
    return _word.to_bytes(doc)
