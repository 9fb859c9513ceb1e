"""The annex of a progress report: tables of measures per theme, as text exported from PDF.

The layout this importer understands (every irregularity of the published annex included):

- a title line, an introduction and a status legend (``4 = afgerond`` …) read from the document
  itself; the codes found there are the only valid status codes;
- numbered theme headings (``1. ARBEID``), each followed by a header row of tab-separated
  columns ``Maatregel / Stand van zaken / Wanneer / Wie / Toelichting`` (also ``Stavaza``,
  underlined ``<u>…</u>`` or wrapped in ``<p>``); columns are mapped by their header names;
- sub-theme rows (a title and empty cells) and ``MOTIES`` blocks;
- measure and motion rows; a row whose leading cells are empty continues the row before it;
- cross-reference rows whose status or responsible cell says ``Zie tabel onderwijs`` or
  ``Zie tabel 'Arbeid'``: they point at a measure of another theme and are not new measures;
- HTML remnants (``<u>``, ``<i>``, ``<p>``) are removed, keeping the text of link labels,
  which are recorded as references; a markdown-like separator line is skipped;
- footnote lines (``¹ Wet …`` or ``²In …``) standing between rows are footnotes: never glued
  into an explanation, attached to the row or sub-theme that carries their marker.

Errors (a status outside the legend, a row with missing columns, a row before any header)
raise :class:`ParseError` with the file name and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from voortgang.core.ministries import parse_wie
from voortgang.core.motions import is_motion_title, parse_motion_title
from voortgang.core.text import (
    SUPERSCRIPTS,
    clean,
    footnote_markers,
    sentence_case,
    strip_html,
    superscript_to_digits,
    tag_texts,
)
from voortgang.core.wanneer import parse_wanneer
from voortgang.ingest.base import (
    ParsedDocument,
    ParsedFootnote,
    ParsedRecord,
    ParsedTheme,
    ParsedXref,
    ParseError,
)

FORMAT = "annex"
DESCRIPTION = "bijlage met tabellen Maatregel / Stand van zaken / Wanneer / Wie / Toelichting"

#: Header names → column role. The first cell of a header row is always "Maatregel".
_HEADER_ROLES = {
    "maatregel": "title",
    "stand van zaken": "status",
    "stavaza": "status",
    "status": "status",
    "wanneer": "when",
    "wie": "who",
    "toelichting": "explanation",
}
_ROLES = ("title", "status", "when", "who", "explanation")
_DEFAULT_LEGEND = {
    4: "afgerond",
    3: "in uitvoering",
    1: "doorlopend",
    0: "niet (meer) in uitvoering",
}

_LEGEND = re.compile(r"^(\d)\s*=\s*(\S.*)$")
_THEME = re.compile(r"^(\d{1,2})\.\s+(\S.{0,118})$")
_FOOTNOTE = re.compile(f"^([{SUPERSCRIPTS}]+)\\s*(\\S.*)$")
_SEPARATOR = re.compile(r"^[-=:|\s]*$")
_XREF = re.compile(r"^zie\s+(?:de\s+)?tabel\s+['‘’\"]?(.+?)['‘’\"]?\s*\.?$", re.IGNORECASE)
_MOTIONS = {"moties", "motie", "moties en toezeggingen"}
_COMMITMENT = re.compile(r"^toezegging\b", re.IGNORECASE)


def _cells(line: str) -> list[str]:
    return [clean(strip_html(cell)) for cell in line.split("\t")]


def _header_roles(cells: list[str]) -> list[str] | None:
    """The column roles if ``cells`` is a header row, else None."""
    names = [c.lower().strip(" :") for c in cells]
    if not names or names[0] != "maatregel":
        return None
    roles = [_HEADER_ROLES.get(n, "") for n in names]
    if "when" not in roles or "who" not in roles:
        return None
    return roles


def detect(text: str) -> bool:
    """An annex has at least one header row ``Maatregel … Wanneer … Wie …``."""
    for line in text.splitlines()[:2000]:
        if "\t" in line and _header_roles(_cells(line)) is not None:
            return True
    return False


@dataclass
class _Row:
    """A table row as read, before it is finished (continuation lines may still follow)."""

    line_start: int
    line_end: int
    raw: dict[str, str]
    theme: int
    subtheme: int | None
    in_motions: bool
    extra_lines: list[int] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str, *, name: str, sha256: str, size: int) -> None:
        self.name = name
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
        self.doc = ParsedDocument(
            name=name, sha256=sha256, format=FORMAT, size=size, line_count=len(self.lines)
        )
        self.roles: list[str] | None = None
        self.theme: int | None = None
        self.subtheme: int | None = None
        self.in_motions = False
        self.rows: list[_Row] = []
        self.last_row: _Row | None = None
        self.xref_rows: list[tuple[int, str, str, int, int | None]] = []
        self.legend: dict[int, str] = {}

    def error(self, line: int, message: str) -> ParseError:
        return ParseError(self.name, line, message)

    # -- the line loop ---------------------------------------------------------------------

    def run(self) -> ParsedDocument:
        for number, line in enumerate(self.lines, start=1):
            if not line.strip():
                continue
            if "\t" in line:
                self.table_line(number, line)
            else:
                self.text_line(number, clean(strip_html(line)))
        if self.roles is None:
            raise self.error(1, "no table header row 'Maatregel / … / Wanneer / Wie' was found")
        self.finish()
        return self.doc

    def text_line(self, number: int, text: str) -> None:
        if not text:
            return
        if m := _FOOTNOTE.match(text):
            self.doc.footnotes.append(
                ParsedFootnote(superscript_to_digits(m.group(1)), clean(m.group(2)), number)
            )
            return
        if m := _LEGEND.match(text):
            self.legend[int(m.group(1))] = clean(m.group(2))
            return
        if (m := _THEME.match(text)) and not text.endswith((".", ",", ";")):
            self.start_theme(number, m.group(1), clean(m.group(2)))
            return
        if self.theme is None:
            if not self.doc.title:
                self.doc.title = sentence_case(text)
            return
        self.doc.warn(number, f"text outside the table was skipped: {text[:80]!r}")

    def start_theme(self, number: int, num: str, raw: str) -> None:
        name, markers = footnote_markers(raw)
        self.doc.themes.append(
            ParsedTheme(
                level=1,
                number=num,
                name=sentence_case(clean(name)),
                raw=raw,
                line=number,
                footnotes=markers,
            )
        )
        self.theme = len(self.doc.themes) - 1
        self.subtheme = None
        self.in_motions = False
        self.roles = None
        self.last_row = None

    def table_line(self, number: int, line: str) -> None:
        cells = _cells(line)
        if all(_SEPARATOR.match(c) for c in cells):
            return  # a markdown-like separator line such as "---\t-----\t…"
        roles = _header_roles(cells)
        if roles is not None:
            if self.theme is None:
                # A table without a theme heading gets an unnamed theme, so nothing is lost.
                self.doc.themes.append(ParsedTheme(level=1, name="", raw="", line=number))
                self.theme = len(self.doc.themes) - 1
            missing = [r for r in _ROLES if r not in roles]
            if missing:
                self.doc.warn(number, f"the header row has no column for: {', '.join(missing)}")
            self.roles = roles
            return
        if self.roles is None or self.theme is None:
            raise self.error(
                number,
                "a table row before any header row; expected 'Maatregel\\tStand van zaken"
                "\\tWanneer\\tWie\\tToelichting' first",
            )
        width = len(self.roles)
        if len(cells) < width:
            last = number == len(self.lines) or not any(s.strip() for s in self.lines[number:])
            hint = " (the file seems truncated)" if last else ""
            raise self.error(
                number,
                f"expected {width} tab-separated columns (Maatregel, Stand van zaken, Wanneer, "
                f"Wie, Toelichting), found {len(cells)}{hint}",
            )
        if len(cells) > width:
            if any(cells[width:]):
                raise self.error(
                    number, f"expected {width} tab-separated columns, found {len(cells)}"
                )
            cells = cells[:width]
        raw_cells = line.split("\t")[:width]
        values = {role: cells[i] for i, role in enumerate(self.roles) if role}
        raw = {role: raw_cells[i] for i, role in enumerate(self.roles) if role}

        if not values.get("title"):
            self.continuation(number, raw)
            return
        rest = [v for role, v in values.items() if role != "title" and v]
        if not rest:
            self.start_subtheme(number, raw["title"], values["title"])
            return
        for role in ("status", "when", "who", "explanation"):
            if (m := _XREF.match(values.get(role, ""))) and len(rest) == 1:
                self.xref_rows.append(
                    (number, values["title"], m.group(0), self.theme, self.subtheme)
                )
                self.last_row = None
                return
        row = _Row(number, number, raw, self.theme, self.subtheme, self.in_motions)
        self.rows.append(row)
        self.last_row = row

    def continuation(self, number: int, raw: dict[str, str]) -> None:
        if self.last_row is None:
            self.doc.warn(number, "a continuation line with no row before it was skipped")
            return
        for role, value in raw.items():
            if clean(strip_html(value)):
                before = self.last_row.raw.get(role, "")
                self.last_row.raw[role] = f"{before} {value}" if before else value
        self.last_row.line_end = number

    def start_subtheme(self, number: int, raw: str, title: str) -> None:
        assert self.theme is not None
        name, markers = footnote_markers(title)
        name = clean(name)
        is_motions = name.lower() in _MOTIONS
        self.doc.themes.append(
            ParsedTheme(
                level=2,
                name="Moties" if is_motions else name,
                raw=clean(strip_html(raw)),
                line=number,
                parent=self.theme,
                is_motions=is_motions,
                footnotes=markers,
            )
        )
        self.subtheme = len(self.doc.themes) - 1
        self.in_motions = is_motions
        self.last_row = None

    # -- finishing: rows become records ----------------------------------------------------

    def finish(self) -> None:
        legend = self.legend or dict(_DEFAULT_LEGEND)
        if not self.legend:
            self.doc.warn(None, "no status legend found; the usual codes 0, 1, 3, 4 are assumed")
        self.doc.legend = dict(sorted(legend.items(), reverse=True))
        for row in self.rows:
            self.doc.records.append(self.record(row, legend))
        self.resolve_xrefs()
        self.doc.check_footnotes()

    def record(self, row: _Row, legend: dict[int, str]) -> ParsedRecord:
        title, title_marks = footnote_markers(clean(strip_html(row.raw["title"])))
        title = clean(title)
        status = self.status(row, legend)
        when_text = clean(strip_html(row.raw.get("when", "")))
        who_text = clean(strip_html(row.raw.get("who", "")))
        explanation_raw = row.raw.get("explanation", "")
        explanation, text_marks = footnote_markers(clean(strip_html(explanation_raw)))
        when = parse_wanneer(when_text)
        if not when.parsed:
            self.doc.warn(row.line_start, f"'Wanneer' not understood, kept as text: {when_text!r}")
        who = parse_wie(who_text)
        for unknown in who.unknown:
            self.doc.warn(row.line_start, f"'Wie' names an unknown ministry or body: {unknown!r}")
        kind = "measure"
        motion = None
        if row.in_motions or is_motion_title(title):
            kind = "motion"
            motion = parse_motion_title(title)
        elif _COMMITMENT.match(title):
            kind = "commitment"
        return ParsedRecord(
            kind=kind,
            title=title,
            line_start=row.line_start,
            line_end=row.line_end,
            theme=row.theme,
            subtheme=row.subtheme,
            status=status,
            when=when,
            who=who,
            explanation=clean(explanation),
            footnotes=title_marks + text_marks,
            links=tag_texts(row.raw["title"] + " " + explanation_raw, "u"),
            motion=motion,
            number=(motion.number or "") if motion else "",
        )

    def status(self, row: _Row, legend: dict[int, str]) -> int | None:
        value = clean(strip_html(row.raw.get("status", "")))
        if not value:
            self.doc.warn(row.line_start, "no status ('Stand van zaken') given")
            return None
        codes = ", ".join(str(c) for c in sorted(legend))
        if not value.isdigit():
            raise self.error(
                row.line_start,
                f"status (Stand van zaken) {value!r} is not a code; expected one of {codes}",
            )
        code = int(value)
        if code not in legend:
            raise self.error(
                row.line_start,
                f"status (Stand van zaken) {code} is not in the document's legend; "
                f"expected one of {codes}",
            )
        return code

    def resolve_xrefs(self) -> None:
        themes = self.doc.themes
        top = {i: t for i, t in enumerate(themes) if t.level == 1}
        for line, title, raw, theme, subtheme in self.xref_rows:
            m = _XREF.match(raw)
            target_name = m.group(1) if m else raw
            target_theme = self.match_theme(target_name, top)
            target_record = None
            if target_theme is None:
                self.doc.warn(line, f"cross-reference to an unknown table: {raw!r}")
            else:
                target_record = self.match_record(title, target_theme)
                if target_record is None:
                    self.doc.warn(
                        line,
                        f"cross-reference {raw!r}: no measure like {title!r} in "
                        f"'{themes[target_theme].name}'",
                    )
            self.doc.xrefs.append(
                ParsedXref(
                    title=title,
                    raw=raw,
                    line=line,
                    theme=theme,
                    subtheme=subtheme,
                    target_theme=target_theme,
                    target_record=target_record,
                )
            )

    @staticmethod
    def match_theme(name: str, top: dict[int, ParsedTheme]) -> int | None:
        wanted = name.lower()
        for index, theme in top.items():
            words = theme.name.lower()
            if words == wanted or words.startswith(wanted) or wanted in words.split():
                return index
        best = process.extractOne(
            wanted, {i: t.name.lower() for i, t in top.items()}, scorer=fuzz.WRatio
        )
        if best and best[1] >= 85:
            return int(best[2])
        return None

    def match_record(self, title: str, theme: int) -> int | None:
        candidates = {
            i: r.title.lower() for i, r in enumerate(self.doc.records) if r.theme == theme
        }
        best = process.extractOne(title.lower(), candidates, scorer=fuzz.token_set_ratio)
        if best and best[1] >= 85:
            return int(best[2])
        return None


def parse(text: str, *, name: str, sha256: str = "", size: int = 0) -> ParsedDocument:
    """Parse an annex. Raises :class:`ParseError` naming the file and line on bad input."""
    return _Parser(text, name=name, sha256=sha256, size=size).run()
