"""What every importer returns: plain dataclasses, no ORM.

An importer module exposes ``FORMAT`` (its name), ``DESCRIPTION``, ``detect(text) -> bool``
(does this text look like my format?) and ``parse(text, *, name) -> ParsedDocument``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from voortgang.core.kamerstuk import PaperRef
from voortgang.core.ministries import Who
from voortgang.core.motions import MotionTitle
from voortgang.core.wanneer import Due


class ParseError(Exception):
    """A document that cannot be ingested. Names the file, the line and what was expected."""

    def __init__(self, name: str, line: int | None, message: str) -> None:
        self.name = name
        self.line = line
        self.message = message
        where = f"{name}:{line}" if line else name
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class ParseWarning:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class ParsedTheme:
    """A theme (level 1) or sub-theme (level 2). ``parent`` indexes ``ParsedDocument.themes``."""

    level: int
    name: str
    raw: str
    line: int
    number: str = ""
    parent: int | None = None
    is_motions: bool = False
    footnotes: list[str] = field(default_factory=list)
    #: The theme's goal sentence ("De loonkloof tussen mannen en vrouwen wordt kleiner.").
    goal: str = ""
    #: Web addresses given for this theme or section, in order.
    urls: list[str] = field(default_factory=list)


@dataclass
class ParsedFootnote:
    """A footnote body. ``refs`` are the papers it cites (``core.kamerstuk.find_paper_refs``)."""

    marker: str
    text: str
    line: int
    refs: list[PaperRef] = field(default_factory=list)


@dataclass
class ParsedFigure:
    """A figure stated plainly in the text: ``value`` ``unit`` for ``subject`` in ``year``.

    Precision over recall: a wrong figure is worse than a missing one.
    """

    subject: str
    value: float
    unit: str  # "%", "aantal", "euro", "procentpunt", …
    year: int | None
    line: int
    raw: str  # the sentence or phrase it was read from
    record: int | None = None  # index into ParsedDocument.records, when it belongs to one


@dataclass
class ParsedRecord:
    """One record (measure, motion, commitment, recommendation, result, challenge …).

    ``status``, ``when`` and ``who`` are what the source says about it; prose documents that
    give no status leave ``status`` None, ``when`` as ``parse_wanneer("")`` (or the period
    the text states) and ``who`` as the ministries the text names.
    """

    kind: str
    title: str
    line_start: int
    line_end: int
    theme: int | None
    subtheme: int | None
    status: int | None
    when: Due
    who: Who
    explanation: str
    footnotes: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    motion: MotionTitle | None = None
    number: str = ""
    #: Parts of the Kingdom (KNL, NL, BES, AUA, CUR, SXM), for recommendations.
    parts: tuple[str, ...] = ()
    #: The text as a list of items where the source gives bullets (a CEDAW current state).
    bullets: list[str] = field(default_factory=list)
    #: Index of the record this one refers back to ("Zie bovenstaande.").
    see_also: int | None = None
    #: Parliamentary papers and EU acts cited in the record's own text (not its footnotes).
    refs: list[PaperRef] = field(default_factory=list)
    #: Motions named in the text ("motie-Westerveld (GroenLinks-PvdA) en Dobbe (SP)").
    mentions: list[MotionTitle] = field(default_factory=list)
    #: Web addresses given in or for the record.
    urls: list[str] = field(default_factory=list)


@dataclass
class ParsedXref:
    """A row that points at a measure listed under another theme ("Zie tabel onderwijs")."""

    title: str
    raw: str
    line: int
    theme: int
    subtheme: int | None
    target_theme: int | None
    target_record: int | None


@dataclass
class ParsedDocument:
    name: str
    sha256: str
    format: str
    size: int
    line_count: int
    title: str = ""
    date: date | None = None
    #: The document's own parliamentary paper, where its text states it.
    kamerstuk: PaperRef | None = None
    legend: dict[int, str] = field(default_factory=dict)
    themes: list[ParsedTheme] = field(default_factory=list)
    records: list[ParsedRecord] = field(default_factory=list)
    xrefs: list[ParsedXref] = field(default_factory=list)
    footnotes: list[ParsedFootnote] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ParseWarning(line, message))

    def check_footnotes(self, *, also_cited: Iterable[str] = ()) -> None:
        """Warn about footnotes cited (by a record or theme) but not given, or never cited."""
        known = {f.marker for f in self.footnotes}
        cited = set(also_cited)
        citing = [(r.line_start, r.footnotes) for r in self.records]
        citing += [(t.line, t.footnotes) for t in self.themes]
        for line, markers in citing:
            cited.update(markers)
            for marker in markers:
                if marker not in known:
                    self.warn(line, f"footnote {marker} is cited but not given")
        for footnote in self.footnotes:
            if footnote.marker not in cited:
                self.warn(footnote.line, f"footnote {footnote.marker} is never cited")
