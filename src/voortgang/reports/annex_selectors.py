"""Reads for the progress-report annex: one reporting moment's tables, ready to render.

:func:`annex_view` gives, for one document, the annex as the published one lays it out: the
legend, then per theme its rows in source order — sub-theme rows (``MOTIES`` blocks
included), measure/motion/commitment rows with their status, timing, responsible parties and
explanation, cross-reference rows ("Zie tabel onderwijs") — and the footnotes that stood in
that theme. :func:`annex_document` resolves which document a report is for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Prefetch

from voortgang.reports import ExportError
from voortgang.tracker.models import (
    CrossReference,
    Document,
    Measure,
    Reference,
    StatusEntry,
    Theme,
)
from voortgang.tracker.selectors import ReportingMoment, reporting_moments

#: Record kinds that are rows of the annex tables.
ANNEX_KINDS = ("measure", "motion", "commitment")

#: The column headings of every annex table, in order.
COLUMNS = ("Maatregel", "Stand van zaken", "Wanneer", "Wie", "Toelichting")

_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(marker: str) -> str:
    """``"12"`` → ``"¹²"``: a footnote marker as the annex prints it."""
    return marker.translate(_SUPER)


@dataclass(frozen=True)
class AnnexRow:
    """One table row. ``kind`` is ``subtheme`` (only ``title`` is set: a row spanning the
    table), ``record`` (a measure, motion or commitment) or ``xref`` (``status`` holds the
    "Zie tabel …" text)."""

    kind: Literal["subtheme", "record", "xref"]
    title: str
    status: str = ""
    when: str = ""
    who: str = ""
    explanation: str = ""
    #: Footnote markers (digits) the row cites.
    footnotes: tuple[str, ...] = ()
    uid: str = ""
    line: int = 0

    @property
    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.title, self.status, self.when, self.who, self.explanation)

    @property
    def marks(self) -> str:
        """The row's footnote markers as superscripts ("¹²" for markers 1 and 2)."""
        return "".join(superscript(m) for m in self.footnotes)


@dataclass(frozen=True)
class AnnexFootnote:
    marker: str
    text: str

    @property
    def mark(self) -> str:
        return superscript(self.marker)


@dataclass
class AnnexTheme:
    number: str
    name: str
    rows: list[AnnexRow] = field(default_factory=list)
    footnotes: list[AnnexFootnote] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """``"1. ARBEID"`` — as the published annex prints it."""
        return f"{self.number}. {self.name}" if self.number else self.name


@dataclass
class AnnexView:
    document: Document
    title: str
    moment: ReportingMoment | None
    legend: list[tuple[int, str]]
    themes: list[AnnexTheme]

    @property
    def record_count(self) -> int:
        return sum(1 for t in self.themes for r in t.rows if r.kind == "record")


def annex_document(*, name: str | None = None, as_of: dt.date | None = None) -> Document:
    """The document an annex is made of: by file name, else the reporting moment as of a day,
    else the latest reporting moment. Raises :class:`ExportError` with a clear message."""
    moments = reporting_moments()
    if name:
        document = Document.objects.filter(name=name).first()
        if document is None:
            known = ", ".join(m.document.name for m in moments) or "none"
            raise ExportError(f"no document named {name!r}; documents with status tables: {known}")
        if not any(m.document.pk == document.pk for m in moments):
            raise ExportError(
                f"{name!r} has no status table rows (it is a {document.format} document); "
                "an annex is made of a progress report's tables"
            )
        return document
    if not moments:
        raise ExportError("there is no reporting moment yet: ingest a progress-report annex first")
    if as_of is None:
        return moments[-1].document
    earlier = [m for m in moments if m.date <= as_of]
    if not earlier:
        first = moments[0]
        raise ExportError(
            f"no reporting moment on or before {as_of.isoformat()}; the earliest is "
            f"{first.date.isoformat()} ({first.document.name})"
        )
    return earlier[-1].document


def annex_view(*, document: Document) -> AnnexView:
    """The annex of ``document``: its themes, rows and footnotes in source order."""
    entries = StatusEntry.objects.filter(document=document).order_by("created_at", "id")
    measures = (
        Measure.objects.filter(document=document, kind__in=ANNEX_KINDS)
        .select_related("theme", "subtheme")
        .prefetch_related(
            Prefetch("status_entries", queryset=entries),
            Prefetch(
                "references",
                queryset=Reference.objects.filter(kind=Reference.Kind.FOOTNOTE),
                to_attr="footnote_refs",
            ),
        )
        .order_by("line_start", "position")
    )
    themes = list(
        Theme.objects.filter(document=document)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "references",
                queryset=Reference.objects.filter(kind=Reference.Kind.FOOTNOTE),
                to_attr="footnote_refs",
            )
        )
    )
    top = [t for t in themes if t.level == 1]
    by_theme: dict[int, list[tuple[int, int, AnnexRow]]] = {t.pk: [] for t in top}
    for sub in themes:
        if sub.level == 2 and sub.parent_id in by_theme:
            marks = tuple(ref.marker for ref in getattr(sub, "footnote_refs", []))
            row = AnnexRow(kind="subtheme", title=sub.raw or sub.name, footnotes=marks)
            by_theme[sub.parent_id].append((sub.line, 0, row))
    for measure in measures:
        if measure.theme_id not in by_theme:
            continue
        own = [e for e in measure.status_entries.all() if e.document_id == document.pk]
        entry = own[0] if own else None
        marks = tuple(dict.fromkeys(ref.marker for ref in getattr(measure, "footnote_refs", [])))
        row = AnnexRow(
            kind="record",
            title=measure.title,
            status="" if entry is None or entry.status is None else str(entry.status),
            when=entry.when_raw if entry else "",
            who=entry.who_raw if entry else "",
            explanation=entry.explanation if entry else "",
            footnotes=marks,
            uid=measure.uid,
            line=measure.line_start,
        )
        by_theme[measure.theme_id].append((measure.line_start, 1, row))
    for xref in CrossReference.objects.filter(document=document).order_by("line"):
        if xref.theme_id in by_theme:
            row = AnnexRow(kind="xref", title=xref.title, status=xref.raw, line=xref.line)
            by_theme[xref.theme_id].append((xref.line, 1, row))
    # Footnotes stand after the table of the theme in which the source printed them.
    footnotes = Reference.objects.filter(document=document, kind=Reference.Kind.FOOTNOTE)
    notes: dict[int, list[AnnexFootnote]] = {t.pk: [] for t in top}
    for ref in footnotes.order_by("line", "id"):
        owner = None
        for theme in top:
            if theme.line <= (ref.line or 0):
                owner = theme
        owner = owner or (top[0] if top else None)
        if owner is not None:
            notes[owner.pk].append(AnnexFootnote(ref.marker, ref.label))
    moment = next((m for m in reporting_moments() if m.document.pk == document.pk), None)
    return AnnexView(
        document=document,
        title=document.title or "Bijlage voortgangsrapportage emancipatie",
        moment=moment,
        legend=sorted(
            ((int(code), text) for code, text in (document.legend or {}).items()),
            reverse=True,
        ),
        themes=[
            AnnexTheme(
                number=t.number,
                name=t.raw or t.name,
                rows=[row for _, _, row in sorted(by_theme[t.pk], key=lambda x: (x[0], x[1]))],
                footnotes=notes[t.pk],
            )
            for t in top
        ],
    )
