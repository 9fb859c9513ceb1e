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

from voortgang.core.text import footnote_markers
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


def marks(markers: tuple[str, ...] | list[str]) -> str:
    """Footnote markers as the annex prints them after a text: ``("1", "2")`` → ``"¹ ²"``."""
    return " ".join(superscript(m) for m in markers)


def without_marks(text: str) -> str:
    """``"Inzet binnen de EU²"`` → ``"Inzet binnen de EU"``: a heading without its markers
    (they are listed on the row or theme)."""
    return footnote_markers(text)[0].strip()


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
        """The row's footnote markers as superscripts, separated by a space (``"¹ ²"`` for
        markers 1 and 2: written together, ``"¹²"`` would read as marker 12)."""
        return marks(self.footnotes)


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
    #: Footnote markers the theme heading itself carries.
    markers: tuple[str, ...] = ()

    @property
    def marks(self) -> str:
        return marks(self.markers)

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
    """The annex of ``document``: its themes, rows and footnotes in source order.

    Rows are ordered per theme: the rows before its first sub-theme, then each sub-theme (in
    source order) with its rows, by source line (a document read from PDF has page numbers
    as lines: within a page, records keep their source order and cross-references follow
    them). A footnote stands after the table of the theme whose row or heading cites it
    (else of the theme it was printed in).
    """
    if document.format == Document.Format.ROUND:
        return _round_annex_view(document=document)
    entries = StatusEntry.objects.filter(document=document).order_by("created_at", "id")
    footnote_refs = Reference.objects.filter(kind=Reference.Kind.FOOTNOTE)
    measures = (
        Measure.objects.filter(document=document, kind__in=ANNEX_KINDS)
        .select_related("theme", "subtheme")
        .prefetch_related(
            Prefetch("status_entries", queryset=entries),
            Prefetch("references", queryset=footnote_refs, to_attr="footnote_refs"),
        )
        .order_by("line_start", "position")
    )
    themes = list(
        Theme.objects.filter(document=document)
        .order_by("position")
        .prefetch_related(Prefetch("references", queryset=footnote_refs, to_attr="footnote_refs"))
    )
    top = [t for t in themes if t.level == 1]
    top_ids = {t.pk for t in top}
    # (theme, sub-theme or None) → [(line, rank, position, row)]
    groups: dict[tuple[int, int | None], list[tuple[int, int, int, AnnexRow]]] = {}
    group_order: dict[int, list[int | None]] = {t.pk: [None] for t in top}
    # Which theme's table a footnote (by reference id) belongs after.
    cited_in: dict[int, int] = {}
    for theme in themes:
        owner = theme.pk if theme.level == 1 else theme.parent_id
        for ref in getattr(theme, "footnote_refs", []):
            if owner in top_ids:
                cited_in.setdefault(ref.pk, owner)
        if theme.level == 2 and theme.parent_id in group_order:
            group_order[theme.parent_id].append(theme.pk)
            marks = tuple(ref.marker for ref in getattr(theme, "footnote_refs", []))
            row = AnnexRow(
                kind="subtheme",
                title=without_marks(theme.raw or theme.name),
                footnotes=tuple(dict.fromkeys(marks)),
                line=theme.line,
            )
            groups.setdefault((theme.parent_id, theme.pk), []).append((-1, 0, 0, row))
    for measure in measures:
        if measure.theme_id not in top_ids:
            continue
        own = [e for e in measure.status_entries.all() if e.document_id == document.pk]
        entry = own[0] if own else None
        refs = getattr(measure, "footnote_refs", [])
        for ref in refs:
            cited_in.setdefault(ref.pk, measure.theme_id)
        row = AnnexRow(
            kind="record",
            title=measure.title,
            status="" if entry is None or entry.status is None else str(entry.status),
            when=entry.when_raw if entry else "",
            who=entry.who_raw if entry else "",
            explanation=entry.explanation if entry else "",
            footnotes=tuple(dict.fromkeys(ref.marker for ref in refs)),
            uid=measure.uid,
            line=measure.line_start,
        )
        key = (measure.theme_id, _subtheme_key(measure.subtheme_id, measure.theme_id, groups))
        groups.setdefault(key, []).append((measure.line_start, 1, measure.position, row))
    for xref in CrossReference.objects.filter(document=document).order_by("line", "id"):
        if xref.theme_id not in top_ids:
            continue
        row = AnnexRow(kind="xref", title=xref.title, status=xref.raw, line=xref.line)
        key = (xref.theme_id, _subtheme_key(xref.subtheme_id, xref.theme_id, groups))
        groups.setdefault(key, []).append((xref.line, 2, xref.pk, row))
    # Footnotes stand after the table of the theme that cites them.
    footnotes = Reference.objects.filter(document=document, kind=Reference.Kind.FOOTNOTE)
    notes: dict[int, list[AnnexFootnote]] = {t.pk: [] for t in top}
    for ref in footnotes.order_by("line", "id"):
        owner_id = cited_in.get(ref.pk)
        if owner_id is None:
            printed_in = [t for t in top if t.line <= (ref.line or 0)]
            owner_id = printed_in[-1].pk if printed_in else (top[0].pk if top else None)
        if owner_id is not None:
            notes[owner_id].append(AnnexFootnote(ref.marker, ref.label))
    moment = next((m for m in reporting_moments() if m.document.pk == document.pk), None)
    annex_themes = []
    for theme in top:
        rows: list[AnnexRow] = []
        for sub in group_order[theme.pk]:
            rows.extend(row for *_, row in sorted(groups.get((theme.pk, sub), []), key=_order))
        annex_themes.append(
            AnnexTheme(
                number=theme.number,
                name=without_marks(theme.raw or theme.name),
                rows=rows,
                footnotes=notes[theme.pk],
                markers=tuple(
                    dict.fromkeys(ref.marker for ref in getattr(theme, "footnote_refs", []))
                ),
            )
        )
    return AnnexView(
        document=document,
        title=document.title or "Bijlage voortgangsrapportage emancipatie",
        moment=moment,
        legend=sorted(
            ((int(code), text) for code, text in (document.legend or {}).items()),
            reverse=True,
        ),
        themes=annex_themes,
    )


def _round_annex_view(*, document: Document) -> AnnexView:
    """The annex of a published reporting round: every status entry the round gave, laid out
    under the theme and sub-theme of the measure it is about (measures from several source
    documents under themes of the same number and name share one table)."""
    entries = (
        StatusEntry.objects.filter(document=document, measure__kind__in=ANNEX_KINDS)
        .select_related("measure__theme", "measure__subtheme", "measure__document")
        .order_by("measure__document__ingested_at", "measure__document_id", "measure__line_start")
    )
    tables: dict[tuple[str, str], dict[str, list[AnnexRow]]] = {}
    for entry in entries:
        measure = entry.measure
        theme = measure.theme
        key = (theme.number, without_marks(theme.raw or theme.name)) if theme else ("", "Overig")
        sub = (
            without_marks(measure.subtheme.raw or measure.subtheme.name) if measure.subtheme else ""
        )
        tables.setdefault(key, {}).setdefault(sub, []).append(
            AnnexRow(
                kind="record",
                title=measure.title,
                status="" if entry.status is None else str(entry.status),
                when=entry.when_raw,
                who=entry.who_raw,
                explanation=entry.explanation,
                uid=measure.uid,
                line=measure.line_start,
            )
        )
    annex_themes = []
    for (number, name), subs in sorted(
        tables.items(),
        key=lambda item: (not item[0][0].isdigit(), int(item[0][0] or 0), item[0][1]),
    ):
        rows: list[AnnexRow] = []
        for sub, sub_rows in subs.items():
            if sub:
                rows.append(AnnexRow(kind="subtheme", title=sub))
            rows.extend(sub_rows)
        annex_themes.append(AnnexTheme(number=number, name=name, rows=rows, footnotes=[]))
    moment = next((m for m in reporting_moments() if m.document.pk == document.pk), None)
    return AnnexView(
        document=document,
        title=document.title or "Bijlage voortgangsrapportage emancipatie",
        moment=moment,
        legend=sorted(
            ((int(code), text) for code, text in (document.legend or {}).items()),
            reverse=True,
        ),
        themes=annex_themes,
    )


def _subtheme_key(
    subtheme_id: int | None,
    theme_id: int,
    groups: dict[tuple[int, int | None], list[tuple[int, int, int, AnnexRow]]],
) -> int | None:
    """A row's group: its sub-theme when that is a sub-theme of its theme, else the theme."""
    return subtheme_id if (theme_id, subtheme_id) in groups else None


def _order(item: tuple[int, int, int, AnnexRow]) -> tuple[int, int, int]:
    return item[0], item[1], item[2]
