"""Writes. Every change to the tracker's data goes through a function in this module.

Services are keyword-only and typed; those that write more than once are atomic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from voortgang.core.ministries import REGISTRY
from voortgang.core.text import slugify
from voortgang.ingest import ParsedDocument, ParseError, parse_file
from voortgang.tracker.models import (
    CrossReference,
    Document,
    IngestWarning,
    Measure,
    Ministry,
    Reference,
    StatusEntry,
    StatusEntryMinistry,
    Theme,
)

_KIND_PREFIX = {"measure": "m", "motion": "mo", "commitment": "t", "recommendation": "r"}


@dataclass
class IngestOutcome:
    """What happened to one document: ``added`` or ``unchanged``, with the parser's warnings."""

    name: str
    result: str
    document: Document
    records: int
    warnings: list[str] = field(default_factory=list)


class IngestFailed(Exception):
    """One or more documents could not be parsed; nothing was written."""

    def __init__(self, errors: Sequence[ParseError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def ministry_sync() -> dict[str, Ministry]:
    """Make the ministry table match the registry in :mod:`voortgang.core.ministries`."""
    existing = {m.code: m for m in Ministry.objects.all()}
    for body in REGISTRY:
        values = {
            "name_nl": body.name_nl,
            "name_en": body.name_en,
            "kind": body.kind,
            "aliases": list(body.aliases),
        }
        current = existing.get(body.code)
        if current is None:
            existing[body.code] = Ministry.objects.create(code=body.code, **values)
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            current.save(update_fields=list(values))
    return existing


def record_uid(*, sha256: str, kind: str, title: str, taken: set[str]) -> str:
    """A stable identifier: the document's content hash, the kind and the title.

    The same document always yields the same uids; a title that occurs twice in one document
    gets ``-2``, ``-3`` … in source order.
    """
    base = f"{sha256[:8]}-{_KIND_PREFIX.get(kind, 'x')}-{slugify(title, 60)}"
    uid, n = base, 1
    while uid in taken:
        n += 1
        uid = f"{base}-{n}"
    taken.add(uid)
    return uid


@transaction.atomic
def document_ingest(*, parsed: ParsedDocument) -> IngestOutcome:
    """Store a parsed document, keyed on its content hash: re-ingesting changes nothing."""
    existing = Document.objects.filter(sha256=parsed.sha256).first()
    if existing is not None:
        return IngestOutcome(
            name=parsed.name,
            result="unchanged",
            document=existing,
            records=existing.measures.count(),
        )
    ministries = ministry_sync()
    document = Document.objects.create(
        name=parsed.name,
        sha256=parsed.sha256,
        format=parsed.format,
        title=parsed.title[:500],
        kamerstuk=(parsed.kamerstuk.key or "") if parsed.kamerstuk else "",
        size=parsed.size,
        line_count=parsed.line_count,
        legend={str(code): label for code, label in parsed.legend.items()},
    )
    warnings = [str(w) for w in parsed.warnings]
    IngestWarning.objects.bulk_create(
        IngestWarning(document=document, line=w.line, message=w.message) for w in parsed.warnings
    )

    themes: list[Theme] = []
    for position, pt in enumerate(parsed.themes):
        themes.append(
            Theme.objects.create(
                document=document,
                parent=themes[pt.parent] if pt.parent is not None else None,
                level=pt.level,
                number=pt.number,
                name=pt.name[:500],
                raw=pt.raw[:500],
                position=position,
                line=pt.line,
                is_motions=pt.is_motions,
            )
        )

    footnotes = {
        f.marker: Reference(
            document=document,
            kind=Reference.Kind.FOOTNOTE,
            marker=f.marker,
            label=f.text,
            line=f.line,
        )
        for f in parsed.footnotes
    }
    Reference.objects.bulk_create(footnotes.values())
    for pt, theme in zip(parsed.themes, themes, strict=True):
        cited = [footnotes[m] for m in pt.footnotes if m in footnotes]
        if cited:
            theme.references.add(*cited)

    taken: set[str] = set()
    measures = Measure.objects.bulk_create(
        Measure(
            uid=record_uid(sha256=parsed.sha256, kind=r.kind, title=r.title, taken=taken),
            kind=r.kind,
            title=r.title,
            document=document,
            theme=themes[r.theme] if r.theme is not None else None,
            subtheme=themes[r.subtheme] if r.subtheme is not None else None,
            position=position,
            line_start=r.line_start,
            line_end=r.line_end,
            number=r.number,
            submitters=list(r.motion.submitters) if r.motion else [],
            motion_date=r.motion.date if r.motion else None,
            subject=(r.motion.subject or "") if r.motion else "",
        )
        for position, r in enumerate(parsed.records)
    )
    entries = StatusEntry.objects.bulk_create(
        StatusEntry(
            measure=measure,
            document=document,
            status=r.status,
            when_raw=r.when.raw[:500],
            due_start=r.when.start,
            due_end=r.when.end,
            ongoing=r.when.ongoing,
            not_applicable=r.when.not_applicable,
            completed=r.when.completed,
            started=r.when.started,
            recurring=r.when.recurring,
            who_raw=r.who.raw[:500],
            explanation=r.explanation,
            line_start=r.line_start,
            line_end=r.line_end,
        )
        for measure, r in zip(measures, parsed.records, strict=True)
    )

    StatusEntryMinistry.objects.bulk_create(
        StatusEntryMinistry(entry=entry, ministry=ministries[code], position=position)
        for entry, r in zip(entries, parsed.records, strict=True)
        for position, code in enumerate(r.who.codes)
        if code in ministries
    )

    links = [
        (measure, Reference(document=document, kind=Reference.Kind.LINK, label=label, line=line))
        for measure, r in zip(measures, parsed.records, strict=True)
        for label, line in ((label, r.line_start) for label in r.links)
    ]
    Reference.objects.bulk_create(ref for _, ref in links)
    through = Measure.references.through
    through.objects.bulk_create(
        [through(measure_id=m.pk, reference_id=ref.pk) for m, ref in links]
        + [
            through(measure_id=m.pk, reference_id=footnotes[marker].pk)
            for m, r in zip(measures, parsed.records, strict=True)
            for marker in dict.fromkeys(r.footnotes)
            if marker in footnotes
        ]
    )

    CrossReference.objects.bulk_create(
        CrossReference(
            document=document,
            theme=themes[x.theme],
            subtheme=themes[x.subtheme] if x.subtheme is not None else None,
            title=x.title,
            raw=x.raw[:200],
            line=x.line,
            target_theme=themes[x.target_theme] if x.target_theme is not None else None,
            target=measures[x.target_record] if x.target_record is not None else None,
        )
        for x in parsed.xrefs
    )
    return IngestOutcome(
        name=parsed.name,
        result="added",
        document=document,
        records=len(measures),
        warnings=warnings,
    )


def documents_ingest(*, paths: Iterable[str | Path]) -> list[IngestOutcome]:
    """Parse every file first; if any fails, raise :class:`IngestFailed` and write nothing.

    Otherwise store each document in its own transaction, in the order given.
    """
    parsed: list[ParsedDocument] = []
    errors: list[ParseError] = []
    for path in paths:
        try:
            parsed.append(parse_file(path))
        except ParseError as exc:
            errors.append(exc)
    if errors:
        raise IngestFailed(errors)
    return [document_ingest(parsed=p) for p in parsed]
