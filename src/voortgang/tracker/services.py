"""Writes. Every change to the tracker's data goes through a function in this module.

Services are keyword-only and typed; those that write more than once are atomic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from voortgang.core.kamerstuk import PaperRef
from voortgang.core.ministries import REGISTRY
from voortgang.core.motions import MotionTitle
from voortgang.core.text import slugify
from voortgang.ingest import ParsedDocument, ParseError, parse_bytes, read_file
from voortgang.search.services import search_index_new
from voortgang.tracker.models import (
    CrossReference,
    Document,
    IngestWarning,
    Measure,
    Ministry,
    Observation,
    Reference,
    StatusEntry,
    StatusEntryMinistry,
    Theme,
)

_KIND_PREFIX = {
    "measure": "m",
    "motion": "mo",
    "commitment": "t",
    "recommendation": "r",
    "result": "res",
    "challenge": "ch",
}


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


def record_uid(*, sha256: str, kind: str, title: str, number: str = "", taken: set[str]) -> str:
    """A stable identifier from the document's content hash, the kind and the title.

    Recommendations are named by their number (``…-r-27e``). The same document always yields
    the same uids; a name that occurs twice in one document gets ``-2``, ``-3`` … in source
    order.
    """
    name = number if kind == "recommendation" and number else title
    base = f"{sha256[:8]}-{_KIND_PREFIX.get(kind, kind[:2])}-{slugify(name, 60)}"
    uid, n = base, 1
    while uid in taken:
        n += 1
        uid = f"{base}-{n}"
    taken.add(uid)
    return uid


def _paper_reference(
    document: Document, ref: PaperRef, *, line: int | None, marker: str = ""
) -> Reference:
    kind = ref.kind if ref.kind in Reference.Kind.values else Reference.Kind.OTHER
    return Reference(
        document=document,
        kind=kind,
        label=ref.raw,
        marker=marker,
        line=line,
        session_year=ref.session_year or "",
        dossier=ref.dossier or "",
        number=ref.number or "",
        url=ref.url or "",
        key=ref.key or "",
    )


def _themes_create(document: Document, parsed: ParsedDocument) -> list[Theme]:
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
                goal=pt.goal,
                urls=list(pt.urls),
            )
        )
    return themes


def _footnotes_create(document: Document, parsed: ParsedDocument) -> dict[str, list[Reference]]:
    """Each footnote as a reference of its own, followed by the papers it cites."""
    cited: dict[str, list[Reference]] = {}
    for f in parsed.footnotes:
        cited.setdefault(f.marker, []).append(
            Reference(
                document=document,
                kind=Reference.Kind.FOOTNOTE,
                marker=f.marker,
                label=f.text,
                line=f.line,
            )
        )
        cited[f.marker].extend(
            _paper_reference(document, ref, line=f.line, marker=f.marker) for ref in f.refs
        )
    Reference.objects.bulk_create([ref for refs in cited.values() for ref in refs])
    return cited


def _motion_key(motion: MotionTitle) -> tuple[tuple[str, ...], str]:
    return tuple(name.lower() for name in motion.submitters), motion.number or ""


@transaction.atomic
def document_ingest(*, parsed: ParsedDocument) -> IngestOutcome:
    """Store a parsed document, keyed on its content hash: re-ingesting changes nothing."""
    existing = Document.objects.filter(sha256=parsed.sha256).first()
    if existing is not None:
        return _unchanged(existing)
    ministries = ministry_sync()
    own = parsed.kamerstuk
    document = Document.objects.create(
        name=parsed.name,
        sha256=parsed.sha256,
        format=parsed.format,
        title=parsed.title[:500],
        date=parsed.date,
        kamerstuk=(own.key or "") if own else "",
        kamerstuk_label=own.raw[:300] if own else "",
        size=parsed.size,
        line_count=parsed.line_count,
        legend={str(code): label for code, label in parsed.legend.items()},
    )
    warnings = [str(w) for w in parsed.warnings]
    IngestWarning.objects.bulk_create(
        IngestWarning(document=document, line=w.line, message=w.message) for w in parsed.warnings
    )
    themes = _themes_create(document, parsed)
    footnotes = _footnotes_create(document, parsed)
    for pt, theme in zip(parsed.themes, themes, strict=True):
        cited = [ref for m in pt.footnotes for ref in footnotes.get(m, [])]
        if cited:
            theme.references.add(*cited)

    records = parsed.records
    taken: set[str] = set()
    measures = Measure.objects.bulk_create(
        Measure(
            uid=record_uid(
                sha256=parsed.sha256, kind=r.kind, title=r.title, number=r.number, taken=taken
            ),
            kind=r.kind,
            title=r.title,
            document=document,
            theme=themes[r.theme] if r.theme is not None else None,
            subtheme=themes[r.subtheme] if r.subtheme is not None else None,
            position=position,
            line_start=r.line_start,
            line_end=r.line_end,
            number=r.number,
            parts=list(r.parts),
            urls=list(r.urls),
            submitters=list(r.motion.submitters) if r.motion else [],
            parties=list(r.motion.parties) if r.motion else [],
            motion_date=r.motion.date if r.motion else None,
            subject=(r.motion.subject or "") if r.motion else "",
        )
        for position, r in enumerate(records)
    )
    pointing = [
        (m, r.see_also) for m, r in zip(measures, records, strict=True) if r.see_also is not None
    ]
    for measure, target in pointing:
        measure.see_also = measures[target]
    Measure.objects.bulk_update([m for m, _ in pointing], ["see_also"])

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
            bullets=list(r.bullets),
            line_start=r.line_start,
            line_end=r.line_end,
        )
        for measure, r in zip(measures, records, strict=True)
    )
    StatusEntryMinistry.objects.bulk_create(
        StatusEntryMinistry(entry=entry, ministry=ministries[code], position=position)
        for entry, r in zip(entries, records, strict=True)
        for position, code in enumerate(r.who.codes)
        if code in ministries
    )

    # What each record cites: link labels, the papers in its text, its footnotes.
    own_refs: list[tuple[Measure, Reference]] = []
    for measure, r in zip(measures, records, strict=True):
        own_refs.extend(
            (
                measure,
                Reference(
                    document=document, kind=Reference.Kind.LINK, label=label, line=r.line_start
                ),
            )
            for label in r.links
        )
        own_refs.extend(
            (measure, _paper_reference(document, ref, line=r.line_start)) for ref in r.refs
        )
    Reference.objects.bulk_create([ref for _, ref in own_refs])
    through = Measure.references.through
    through.objects.bulk_create(
        [through(measure_id=m.pk, reference_id=ref.pk) for m, ref in own_refs]
        + [
            through(measure_id=m.pk, reference_id=ref.pk)
            for m, r in zip(measures, records, strict=True)
            for marker in dict.fromkeys(r.footnotes)
            for ref in footnotes.get(marker, [])
        ]
    )

    motions = _mentioned_motions_create(
        document=document, parsed=parsed, measures=measures, taken=taken
    )
    Observation.objects.bulk_create(
        Observation(
            document=document,
            measure=measures[f.record] if f.record is not None else None,
            subject=f.subject[:300],
            value=f.value,
            unit=f.unit[:30],
            year=f.year,
            line=f.line,
            raw=f.raw,
        )
        for f in parsed.figures
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
    references_link_documents(document=document)
    search_index_new(
        measures=measures + motions,
        entries={entry.measure_id: [entry] for entry in entries},
    )
    return IngestOutcome(
        name=parsed.name,
        result="added",
        document=document,
        records=len(measures) + len(motions),
        warnings=warnings,
    )


def _mentioned_motions_create(
    *, document: Document, parsed: ParsedDocument, measures: list[Measure], taken: set[str]
) -> list[Measure]:
    """Motions named in prose become motion records, linked to the records that name them.

    A motion named twice in one document is one record (same submitters and paper number).
    """
    found: dict[tuple[tuple[str, ...], str], tuple[Measure, list[Measure]]] = {}
    position = len(measures)
    for measure, r in zip(measures, parsed.records, strict=True):
        for motion in r.mentions:
            key = _motion_key(motion)
            if key not in found:
                record = Measure(
                    uid=record_uid(
                        sha256=parsed.sha256, kind="motion", title=motion.raw, taken=taken
                    ),
                    kind=Measure.Kind.MOTION,
                    title=motion.raw,
                    document=document,
                    theme=measure.theme,
                    subtheme=measure.subtheme,
                    position=position,
                    line_start=r.line_start,
                    line_end=r.line_end,
                    number=motion.number or "",
                    submitters=list(motion.submitters),
                    parties=list(motion.parties),
                    motion_date=motion.date,
                    subject=motion.subject or "",
                )
                position += 1
                found[key] = (record, [])
            if measure not in found[key][1]:
                found[key][1].append(measure)
    created = Measure.objects.bulk_create(record for record, _ in found.values())
    through = Measure.mentioned_in.through
    through.objects.bulk_create(
        through(from_measure_id=record.pk, to_measure_id=mentioning.pk)
        for record, mentioning_list in found.values()
        for mentioning in mentioning_list
    )
    return created


def references_link_documents(*, document: Document) -> int:
    """Point references at the corpus documents they cite, in both directions.

    References this document makes to papers already in the corpus, and references earlier
    documents made to this document's own paper, get their ``cited_document``.
    """
    linked = 0
    own_papers = dict(Document.objects.exclude(kamerstuk="").values_list("kamerstuk", "id"))
    mine = Reference.objects.filter(document=document, cited_document__isnull=True)
    for key in set(mine.exclude(key="").values_list("key", flat=True)) & own_papers.keys():
        if own_papers[key] != document.pk:
            linked += mine.filter(key=key).update(cited_document_id=own_papers[key])
    if document.kamerstuk:
        linked += (
            Reference.objects.filter(key=document.kamerstuk, cited_document__isnull=True)
            .exclude(document=document)
            .update(cited_document=document)
        )
    return linked


def documents_ingest(*, paths: Iterable[str | Path]) -> list[IngestOutcome]:
    """Parse every file first; if any fails, raise :class:`IngestFailed` and write nothing.

    Otherwise store each document in its own transaction, in the order given. A file whose
    content is already in the database is not parsed again: it is ``unchanged``.
    """
    known: dict[str, Document | None] = {}
    pending: list[ParsedDocument | tuple[str, Document]] = []
    errors: list[ParseError] = []
    for path in paths:
        try:
            data = read_file(path)
            sha256 = hashlib.sha256(data).hexdigest()
            if sha256 not in known:
                known[sha256] = Document.objects.filter(sha256=sha256).first()
            existing = known[sha256]
            name = Path(path).name
            pending.append((name, existing) if existing else parse_bytes(data, name=name))
        except ParseError as exc:
            errors.append(exc)
    if errors:
        raise IngestFailed(errors)
    return [
        _unchanged(item[1], name=item[0])
        if isinstance(item, tuple)
        else document_ingest(parsed=item)
        for item in pending
    ]


def _unchanged(document: Document, *, name: str | None = None) -> IngestOutcome:
    return IngestOutcome(
        name=name or document.name,
        result="unchanged",
        document=document,
        records=document.measures.count(),
    )
