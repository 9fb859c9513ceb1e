"""Reads for the reports "what changed" and "CEDAW follow-up": plain dataclasses, no models.

- :func:`moment_list`, :func:`moment_resolve` — the reporting moments and what a user's
  ``DOC|YYYY-MM-DD`` means;
- :func:`changes_report` — what changed between two reporting moments: the records of the two
  documents are paired by :func:`voortgang.linking.matching.match` (decided ``same_measure``
  links first) and compared;
- :func:`cedaw_report` — the CEDAW recommendations per chapter with the measures linked to
  them (``addresses`` links, proposed or accepted).

Bad input raises :class:`voortgang.reports.ExportError` with a message for the user.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from voortgang.linking.matching import Item, Matching, match
from voortgang.linking.models import Link
from voortgang.reports import ExportError
from voortgang.tracker.models import Document, Measure, StatusEntry
from voortgang.tracker.selectors import (
    ReportingMoment,
    record_list,
    reporting_moments,
)

#: The annex legend (the reports are in Dutch).
STATUS_LABELS: dict[int | None, str] = {
    4: "afgerond",
    3: "in uitvoering",
    1: "doorlopend",
    0: "niet (meer) in uitvoering",
    None: "geen stand van zaken",
}

#: Context words kept around a change in a compact explanation diff.
DIFF_CONTEXT = 5

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def status_text(code: int | None) -> str:
    """``"3 in uitvoering"``; ``"geen stand van zaken"`` without a code."""
    label = STATUS_LABELS.get(code, "")
    return label if code is None else f"{code} {label}".strip()


# --- Reporting moments --------------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """A reporting moment: a document with status rows and the date it speaks for."""

    document: str
    title: str
    date: dt.date
    date_source: str

    @property
    def label(self) -> str:
        return f"{self.title or self.document} ({self.date.isoformat()})"


def _moment(moment: ReportingMoment) -> Moment:
    document = moment.document
    return Moment(document.name, document.title, moment.date, moment.date_source)


def moment_list() -> list[Moment]:
    """Every reporting moment, oldest first."""
    return [_moment(m) for m in reporting_moments()]


def moment_resolve(*, spec: str, moments: list[Moment] | None = None) -> Moment:
    """The reporting moment ``spec`` means: a document's file name, or a ``YYYY-MM-DD`` day
    (the latest moment on or before it). Raises :class:`ExportError` when there is none."""
    moments = moment_list() if moments is None else moments
    spec = spec.strip()
    if _DATE.match(spec):
        try:
            day = dt.date.fromisoformat(spec)
        except ValueError:
            raise ExportError(f"{spec!r} is not a valid date (YYYY-MM-DD)") from None
        # As tracker.selectors.reporting_moment_as_of, on the moments already read.
        candidates = [moment for moment in moments if moment.date <= day]
        if not candidates:
            first = f"; the first is {moments[0].date.isoformat()}" if moments else ""
            raise ExportError(f"there is no reporting moment on or before {spec}{first}")
        return candidates[-1]
    for moment in moments:
        if moment.document == spec:
            return moment
    names = ", ".join(m.document for m in moments) or "none (ingest an annex first)"
    if Document.objects.filter(name=spec).exists():
        raise ExportError(
            f"document {spec!r} is not a reporting moment (it has no status rows); "
            f"reporting moments: {names}"
        )
    raise ExportError(f"unknown document {spec!r}; reporting moments: {names}")


def moment_pair(
    *, old: str | None, new: str | None, moments: list[Moment] | None = None
) -> tuple[Moment, Moment]:
    """The two moments to compare; without ``old`` the moment before ``new``, without ``new``
    the latest one. Raises :class:`ExportError` for a pair that cannot be compared."""
    moments = moment_list() if moments is None else moments
    if len(moments) < 2 and (old is None or new is None):
        raise ExportError(
            f"a comparison needs two reporting moments; there are {len(moments)} "
            "(ingest two annexes)"
        )
    new_moment = moment_resolve(spec=new, moments=moments) if new else moments[-1]
    if old:
        old_moment = moment_resolve(spec=old, moments=moments)
    else:
        position = moments.index(new_moment)
        if position == 0:
            raise ExportError(f"there is no reporting moment before {new_moment.document}")
        old_moment = moments[position - 1]
    if old_moment == new_moment:
        raise ExportError(f"both reporting moments are the same: {old_moment.document}")
    if moments.index(old_moment) > moments.index(new_moment):
        raise ExportError(
            f"--from {old_moment.document} ({old_moment.date}) is later than "
            f"--to {new_moment.document} ({new_moment.date})"
        )
    return old_moment, new_moment


# --- What changed -------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordState:
    """A record as one document gives it."""

    uid: str
    kind: str
    title: str
    document: str
    line: int
    theme: str | None
    subtheme: str | None
    status: int | None
    when: str | None
    due_start: dt.date | None
    due_end: dt.date | None
    ministries: tuple[str, ...]
    explanation: str

    @property
    def status_text(self) -> str:
        return status_text(self.status)

    @property
    def place(self) -> str:
        return " · ".join(part for part in (self.theme, self.subtheme) if part)


@dataclass(frozen=True)
class DiffPart:
    """A piece of a word-level diff: ``equal``, ``delete``, ``insert``, or ``skip`` (an
    unchanged stretch left out: ``text`` is ``"…"``)."""

    op: Literal["equal", "delete", "insert", "skip"]
    text: str


@dataclass(frozen=True)
class DueMove:
    """How the due period moved: ``later`` (slipped), ``earlier`` (brought forward) or
    ``changed`` (the timing changed but the two cannot be compared as dates)."""

    direction: Literal["later", "earlier", "changed"]
    old_when: str | None
    new_when: str | None
    old_day: dt.date | None
    new_day: dt.date | None
    #: Months between the two (signed; ``None`` for ``changed``).
    months: int | None
    days: int | None
    #: How often this measure slipped between earlier reporting moments (before ``old``).
    earlier_slips: int = 0
    #: Those earlier moments' document names (the moment it slipped at).
    slipped_at: tuple[str, ...] = ()

    @property
    def abs_months(self) -> int:
        return abs(self.months or 0)

    @property
    def abs_days(self) -> int:
        return abs(self.days or 0)

    @property
    def amount(self) -> str:
        """``"6 maanden later"``, ``"12 dagen eerder"``, ``""`` for ``changed``."""
        if self.months is None or self.days is None:
            return ""
        word = "later" if self.days > 0 else "eerder"
        months = abs(self.months)
        if months:
            return f"{months} {'maand' if months == 1 else 'maanden'} {word}"
        days = abs(self.days)
        return f"{days} {'dag' if days == 1 else 'dagen'} {word}"


@dataclass(frozen=True)
class Change:
    """One measure in both documents, and what changed."""

    old: RecordState
    new: RecordState
    method: str
    score: float
    status_changed: bool
    due: DueMove | None
    explanation_diff: tuple[DiffPart, ...] | None
    ministries_removed: tuple[str, ...]
    ministries_added: tuple[str, ...]

    @property
    def ministries_changed(self) -> bool:
        return bool(self.ministries_removed or self.ministries_added)

    @property
    def changed(self) -> bool:
        return bool(
            self.status_changed
            or self.due
            or self.explanation_diff is not None
            or self.ministries_changed
        )


@dataclass(frozen=True)
class ChangesReport:
    old: Moment
    new: Moment
    added: tuple[RecordState, ...]
    dropped: tuple[RecordState, ...]
    #: Every pair of records, changed or not, in the new document's order.
    pairs: tuple[Change, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def status_changed(self) -> list[Change]:
        return [c for c in self.pairs if c.status_changed]

    @property
    def due_moved(self) -> list[Change]:
        return [c for c in self.pairs if c.due is not None]

    @property
    def slipped(self) -> list[Change]:
        return [c for c in self.pairs if c.due is not None and c.due.direction == "later"]

    @property
    def brought_forward(self) -> list[Change]:
        return [c for c in self.pairs if c.due is not None and c.due.direction == "earlier"]

    @property
    def explanation_changed(self) -> list[Change]:
        return [c for c in self.pairs if c.explanation_diff is not None]

    @property
    def ministries_changed(self) -> list[Change]:
        return [c for c in self.pairs if c.ministries_changed]

    @property
    def unchanged(self) -> list[Change]:
        return [c for c in self.pairs if not c.changed]

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.dropped or any(c.changed for c in self.pairs))


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _state(record: dict[str, Any]) -> RecordState:
    due = record["due"] or {}
    return RecordState(
        uid=record["uid"],
        kind=record["kind"],
        title=record["title"],
        document=record["document"],
        line=record["line"],
        theme=record["theme"],
        subtheme=record["subtheme"],
        status=record["status"],
        when=record["when"],
        due_start=_day(due.get("start")),
        due_end=_day(due.get("end")),
        ministries=tuple(record["ministries"]),
        explanation=record["text"] or "",
    )


def _states(document: str) -> list[RecordState]:
    return [_state(record) for record in record_list(document=document)]


def _items(states: list[RecordState]) -> list[Item]:
    return [Item(s.uid, s.title, s.kind, s.theme, s.subtheme) for s in states]


def _decided_links() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(accepted, rejected)`` ``same_measure`` links as uid pairs."""
    accepted: list[tuple[str, str]] = []
    rejected: list[tuple[str, str]] = []
    rows = Link.objects.filter(
        kind=Link.Kind.SAME_MEASURE,
        status__in=[Link.Status.ACCEPTED, Link.Status.REJECTED],
    ).values_list("source__uid", "target__uid", "status")
    for source, target, status in rows:
        (accepted if status == Link.Status.ACCEPTED else rejected).append((source, target))
    return accepted, rejected


def _words(text: str) -> str:
    return " ".join(text.split())


def explanation_diff(old: str, new: str, *, context: int = DIFF_CONTEXT) -> tuple[DiffPart, ...]:
    """A compact word-level diff of two texts: deleted and inserted words, with at most
    ``context`` unchanged words on either side of a change (the rest becomes ``…``)."""
    a, b = old.split(), new.split()
    parts: list[DiffPart] = []
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            keep_head = 0 if first else context
            keep_tail = 0 if last else context
            if len(words) > keep_head + keep_tail + 1:
                if keep_head:
                    parts.append(DiffPart("equal", " ".join(words[:keep_head])))
                parts.append(DiffPart("skip", "…"))
                if keep_tail:
                    parts.append(DiffPart("equal", " ".join(words[-keep_tail:])))
            else:
                parts.append(DiffPart("equal", " ".join(words)))
            continue
        if tag in ("delete", "replace"):
            parts.append(DiffPart("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(DiffPart("insert", " ".join(b[j1:j2])))
    return tuple(parts)


def _due_day(state: RecordState, other: RecordState) -> tuple[dt.date | None, dt.date | None]:
    """The days to compare: the ends when both have one, else the starts."""
    if state.due_end and other.due_end:
        return state.due_end, other.due_end
    if state.due_start and other.due_start:
        return state.due_start, other.due_start
    return None, None


def _timing(state: RecordState) -> str:
    return _words(state.when or "").casefold()


def _due_move(old: RecordState, new: RecordState) -> DueMove | None:
    old_day, new_day = _due_day(old, new)
    if old_day and new_day:
        if old_day == new_day:
            return None
        months = (new_day.year - old_day.year) * 12 + new_day.month - old_day.month
        direction: Literal["later", "earlier"] = "later" if new_day > old_day else "earlier"
        return DueMove(
            direction, old.when, new.when, old_day, new_day, months, (new_day - old_day).days
        )
    same_dates = (old.due_start, old.due_end) == (new.due_start, new.due_end)
    if same_dates and _timing(old) == _timing(new):
        return None
    if same_dates and (old.due_start or old.due_end):
        return None  # the same period, written differently
    return DueMove("changed", old.when, new.when, None, None, None, None)


def _compare(old: RecordState, new: RecordState, method: str, score: float) -> Change:
    diff = None
    if _words(old.explanation) != _words(new.explanation):
        diff = explanation_diff(old.explanation, new.explanation)
    return Change(
        old=old,
        new=new,
        method=method,
        score=score,
        status_changed=old.status != new.status,
        due=_due_move(old, new),
        explanation_diff=diff,
        ministries_removed=tuple(m for m in old.ministries if m not in new.ministries),
        ministries_added=tuple(m for m in new.ministries if m not in old.ministries),
    )


class _History:
    """Matchings between consecutive reporting moments, computed when first needed."""

    def __init__(self, moments: list[Moment], links: tuple[Any, Any]) -> None:
        self.moments = moments
        self.accepted, self.rejected = links
        self.states: dict[str, dict[str, RecordState]] = {}
        self.matchings: dict[tuple[str, str], Matching] = {}

    def records(self, document: str) -> dict[str, RecordState]:
        if document not in self.states:
            self.states[document] = {s.uid: s for s in _states(document)}
        return self.states[document]

    def matching(self, old: str, new: str) -> Matching:
        if (old, new) not in self.matchings:
            self.matchings[(old, new)] = match(
                old=_items(list(self.records(old).values())),
                new=_items(list(self.records(new).values())),
                accepted=self.accepted,
                rejected=self.rejected,
            )
        return self.matchings[(old, new)]

    def earlier_slips(self, *, moment: Moment, uid: str) -> tuple[str, ...]:
        """The moments (up to ``moment``) at which this record's due period slipped."""
        position = self.moments.index(moment)
        slipped: list[str] = []
        current = self.records(moment.document)[uid]
        for index in range(position, 0, -1):
            before, at = self.moments[index - 1], self.moments[index]
            previous_uid = self.matching(before.document, at.document).old_for(current.uid)
            if previous_uid is None:
                break
            previous = self.records(before.document)[previous_uid]
            move = _due_move(previous, current)
            if move is not None and move.direction == "later":
                slipped.append(at.document)
            current = previous
        return tuple(reversed(slipped))


def changes_report(
    *,
    old: str | None = None,
    new: str | None = None,
    old_as_of: dt.date | None = None,
    new_as_of: dt.date | None = None,
    moments: list[Moment] | None = None,
) -> ChangesReport:
    """What changed between two reporting moments, each a document name or a day (the moment
    as of that day); by default the last two moments. ``moments``: :func:`moment_list`, when
    the caller has it already."""
    moments = moment_list() if moments is None else moments
    old_spec = old or (old_as_of.isoformat() if old_as_of else None)
    new_spec = new or (new_as_of.isoformat() if new_as_of else None)
    old_moment, new_moment = moment_pair(old=old_spec, new=new_spec, moments=moments)
    history = _History(moments, _decided_links())
    old_states = history.records(old_moment.document)
    new_states = history.records(new_moment.document)
    matching = match(
        old=_items(list(old_states.values())),
        new=_items(list(new_states.values())),
        accepted=history.accepted,
        rejected=history.rejected,
    )
    pairs: list[Change] = []
    for pair in matching.pairs:
        change = _compare(old_states[pair.old], new_states[pair.new], pair.method, pair.score)
        if change.due is not None and change.due.direction == "later":
            slips = history.earlier_slips(moment=old_moment, uid=pair.old)
            due = replace(change.due, earlier_slips=len(slips), slipped_at=slips)
            change = replace(change, due=due)
        pairs.append(change)
    report = ChangesReport(
        old=old_moment,
        new=new_moment,
        added=tuple(new_states[key] for key in matching.unmatched_new),
        dropped=tuple(old_states[key] for key in matching.unmatched_old),
        pairs=tuple(pairs),
    )
    report.counts.update(
        {
            "added": len(report.added),
            "dropped": len(report.dropped),
            "status": len(report.status_changed),
            "due": len(report.due_moved),
            "slipped": len(report.slipped),
            "brought_forward": len(report.brought_forward),
            "explanation": len(report.explanation_changed),
            "ministries": len(report.ministries_changed),
            "unchanged": len(report.unchanged),
            "matched": len(report.pairs),
        }
    )
    return report


# --- CEDAW follow-up ----------------------------------------------------------------------


@dataclass(frozen=True)
class LinkedMeasure:
    uid: str
    title: str
    document: str
    status: int | None
    accepted: bool
    score: float

    @property
    def status_text(self) -> str:
        return status_text(self.status)


@dataclass(frozen=True)
class Recommendation:
    uid: str
    number: str
    text: str
    parts: tuple[str, ...]
    ministries: tuple[str, ...]
    who: str
    state: str
    bullets: tuple[str, ...]
    #: The number of the recommendation whose state this one refers to ("Zie bovenstaande.").
    see_also: str | None
    measures: tuple[LinkedMeasure, ...]


@dataclass(frozen=True)
class Chapter:
    name: str
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class CedawReport:
    document: str
    title: str
    date: dt.date | None
    chapters: tuple[Chapter, ...]

    @property
    def recommendations(self) -> list[Recommendation]:
        return [r for chapter in self.chapters for r in chapter.recommendations]

    @property
    def without_measure(self) -> list[Recommendation]:
        return [r for r in self.recommendations if not r.measures]


def cedaw_documents() -> list[str]:
    """Names of the documents with recommendations, in ingest order."""
    names = (
        Measure.objects.filter(kind=Measure.Kind.RECOMMENDATION)
        .order_by("document__ingested_at", "document_id")
        .values_list("document__name", flat=True)
    )
    return list(dict.fromkeys(names))


def _latest_status(measures: list[Measure]) -> dict[int, int | None]:
    latest: dict[int, int | None] = {}
    entries = StatusEntry.objects.filter(measure__in=measures).order_by("created_at", "id")
    for measure_id, status in entries.values_list("measure_id", "status"):
        latest[measure_id] = status
    return latest


def cedaw_report(*, document: str | None = None) -> CedawReport:
    """The recommendations of one CEDAW overview (by default the latest ingested) per chapter,
    each with the measures linked to it."""
    names = cedaw_documents()
    if not names:
        raise ExportError("no CEDAW overview has been ingested (no recommendations)")
    name = document or names[-1]
    if name not in names:
        known = ", ".join(names)
        if Document.objects.filter(name=name).exists():
            raise ExportError(f"document {name!r} has no recommendations; CEDAW overviews: {known}")
        raise ExportError(f"unknown document {name!r}; CEDAW overviews: {known}")
    doc = Document.objects.get(name=name)
    records = list(record_list(kind=Measure.Kind.RECOMMENDATION, document=name))
    links = list(
        Link.objects.filter(
            kind=Link.Kind.ADDRESSES,
            status__in=[Link.Status.PROPOSED, Link.Status.ACCEPTED],
            target__document=doc,
        )
        .select_related("source__document", "target")
        .order_by("-status", "-score", "id")
    )
    latest = _latest_status([link.source for link in links])
    linked: dict[str, list[LinkedMeasure]] = {}
    for link in links:
        source = link.source
        linked.setdefault(link.target.uid, []).append(
            LinkedMeasure(
                uid=source.uid,
                title=source.title,
                document=source.document.name,
                status=latest.get(source.pk),
                accepted=link.status == Link.Status.ACCEPTED,
                score=link.score,
            )
        )
    numbers = {r["uid"]: r["number"] for r in records}
    chapters: dict[str, list[Recommendation]] = {}
    for record in records:
        rec = Recommendation(
            uid=record["uid"],
            number=record["number"] or "",
            text=record["title"],
            parts=tuple(record["parts"]),
            ministries=tuple(record["ministries"]),
            who=record["who"] or "",
            state=record["text"] or "",
            bullets=tuple(record["bullets"]),
            see_also=numbers.get(record["see_also"]) if record["see_also"] else None,
            measures=tuple(
                sorted(linked.get(record["uid"], []), key=lambda m: (not m.accepted, -m.score))
            ),
        )
        chapters.setdefault(record["theme"] or "Overig", []).append(rec)
    return CedawReport(
        document=name,
        title=doc.title,
        date=doc.date,
        chapters=tuple(Chapter(n, tuple(recs)) for n, recs in chapters.items()),
    )
