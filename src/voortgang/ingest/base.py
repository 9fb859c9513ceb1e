"""What every importer returns: plain dataclasses, no ORM.

An importer module exposes ``FORMAT`` (its name), ``DESCRIPTION``, ``detect(text) -> bool``
(does this text look like my format?) and ``parse(text, *, name) -> ParsedDocument``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class ParsedFootnote:
    marker: str
    text: str
    line: int


@dataclass
class ParsedRecord:
    """One measure, motion or commitment row, with its status as the source gives it."""

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
    kamerstuk: str = ""
    legend: dict[int, str] = field(default_factory=dict)
    themes: list[ParsedTheme] = field(default_factory=list)
    records: list[ParsedRecord] = field(default_factory=list)
    xrefs: list[ParsedXref] = field(default_factory=list)
    footnotes: list[ParsedFootnote] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ParseWarning(line, message))
