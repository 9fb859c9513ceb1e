"""The government's overview of standing policy in answer to the CEDAW Committee.

The overview ("Tabel 1. Overzicht van het staand beleid in reactie op de Concluding
Observations van het CEDAW-Comité") lists every recommendation of the Committee's concluding
observations with the parts of the Kingdom and ministries responsible and the current state of
policy. As text, the table has one cell per line; a line that starts with a tab begins a cell,
a line without a tab continues the cell before it. The layout this importer understands:

- a title line (``Tabel 1. Overzicht …``), optionally a date line (``Datum 14 januari 2026``);
- chapter headings: a short cell of its own (``Toegang tot het recht``), in source order; a
  heading directly followed by another heading (an umbrella heading such as "Vrouwen die te
  maken hebben met meervoudige vormen van discriminatie") is a chapter without
  recommendations: the cells carry no level, so no nesting is guessed;
- the header cells ``Aanbeveling (nr. + tekst)``, ``Verantwoordelijk land/ ministerie`` and
  ``Huidige stand van zaken`` (one per line or tab-separated on one line, repeated after a page
  break or not): skipped wherever they stand;
- a recommendation: three cells in this order:

  1. the number and text (``9a. De uitvoering van …``, ``43. Een genderperspectief …``); the
     text may continue on lines without a tab;
  2. the responsibility field (``KNL; OCW/BZK/JenV``, ``BES; OCW``, ``NL; FIN``, ``AUA``,
     ``KNL; OCW/ BZK``), continued by lines with more parts (``AUA`` / ``CUR`` / ``SXM``),
     read with :func:`voortgang.core.kingdom.parse_parts_and_ministries`;
  3. the current state: bullets (``•``, ``·``, repeated ``• •``, indented `` •``), lines
     without a bullet sign that continue the bullet above them, paragraphs (the first line
     without a bullet sign, or a line after a blank line such as a lead-in ``Met betrekking
     tot …:``), sub-items (``– …``, ``1) …``) that belong to the item above them,
     ``Zie bovenstaande.`` and its variants (``Zie bovenstaand``, ``Zie hierboven``,
     ``Voor preventie: zie antwoorden hierboven``, ``Zie 9a``, ``Zie antwoord bij 13a``), or
     ``n.v.t.``;

- text wrapped over lines with words hyphenated at the line end (``wetswijzi-`` + ``gingen``),
  repaired; real hyphens (``EU-richtlijn``, ``lhbtiq+-gemeenschap``, ``gender- en``) are kept;
- page furniture from a PDF export (``Pagina 2 van 3``, a page number alone, ``Onze
  referentie …``, the running header ``Tweede Kamer, vergaderjaar 2025–2026, 26 150, nr. 240 2``
  — the document's own paper — and a repeated title line) is dropped;
- footnote bodies (a line starting with a superscript marker, ``¹ Kamerstukken II …``, and the
  lines directly after it) are footnotes of the document, never part of a state; a record that
  carries the marker (``gepubliceerd¹``) cites them.

Every recommendation becomes a record of kind ``recommendation``: ``number`` (``9a``), ``title``
(the text without its number and without a trailing ``;``), ``theme`` (its chapter), ``parts``
and ``who`` (``who.raw`` is the whole responsibility field, its lines joined by a space),
``explanation`` (the state's items joined by a newline, without bullet signs), ``bullets``
(the same items as a list when the state has at least one bullet sign; empty for a state that
has none, such as ``Zie bovenstaande.`` or a plain paragraph), ``see_also`` (the record a
reference points back to: the one named, else the nearest earlier recommendation whose state
is more than a reference), ``refs`` (papers and EU acts cited in its text) and ``mentions``
(motions named in it). Ministries named in the state are not added to ``who``: ``who`` is the
responsibility field.

Warnings: a responsibility field with an unknown ministry or body or without a part of the
Kingdom, a reference that names no known recommendation or has nothing to point back to, a
repeated recommendation number (both records are kept), a recommendation before any chapter
heading, text outside any recommendation, a cell after a complete state, a footnote cited but
not given or never cited.

Errors (:class:`ParseError` with the file name and line): no recommendation at all; a
recommendation without its responsibility field or current state (a truncated file says so).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from voortgang.core.dates import parse_dutch_date
from voortgang.core.kamerstuk import PaperRef, find_paper_refs, parse_paper_ref
from voortgang.core.kingdom import parse_parts_and_ministries
from voortgang.core.motions import MotionTitle, motions_in_text
from voortgang.core.text import SUPERSCRIPTS, clean, footnote_markers, superscript_to_digits
from voortgang.core.wanneer import parse_wanneer
from voortgang.ingest.base import (
    ParsedDocument,
    ParsedFootnote,
    ParsedRecord,
    ParsedTheme,
    ParseError,
)

FORMAT = "cedaw"
DESCRIPTION = (
    "CEDAW-overzicht: aanbevelingen (9a. …) met verantwoordelijk land/ ministerie en huidige "
    "stand van zaken"
)

#: A recommendation cell: its number (``9a``, ``43``) and text.
_RECOMMENDATION = re.compile(r"^(\d{1,3})\s?([a-zA-Z])?\.\s+(\S.*)$")
_HEADER_CELLS = (
    "aanbeveling (nr. + tekst)",
    "aanbeveling (nr.+tekst)",
    "aanbeveling",
    "verantwoordelijk land/ ministerie",
    "verantwoordelijk land/ministerie",
    "verantwoordelijk land / ministerie",
    "huidige stand van zaken",
)
_DETECT_HEADERS = {
    "aanbeveling (nr. + tekst)": "recommendation",
    "aanbeveling (nr.+tekst)": "recommendation",
    "huidige stand van zaken": "state",
}
_TITLE = re.compile(r"^Tabel\s+\d+\.\s+\S", re.IGNORECASE)
_DATE_LINE = re.compile(r"^(?:Datum|Den Haag,?)\s*:?\s*(\S.*)$")
_PART_START = re.compile(r"^(?:KNL|NL|BES|AUA|CUR|SXM)(?![\w&-])")
#: A cell or line with nothing but parts of the Kingdom ("AUA", "CUR SXM").
_PARTS_ONLY = re.compile(r"^(?:(?:KNL|NL|BES|AUA|CUR|SXM)(?![\w&-])[\s,;/]*)+$")
_BULLET = re.compile(r"^(?:[•·▪●◦]\s*)+")
_SUBITEM = re.compile(r"^(?:[–—-]\s+|\d{1,2}\)\s*|[a-z]\)\s+)")
_FOOTNOTE = re.compile(f"^([{SUPERSCRIPTS}]+)\\s*(\\S.*)$")
_FURNITURE = re.compile(
    r"^(?:pagina\s+\d+\s+(?:van|/)\s+\d+|\d{1,3}|(?:onze\s+referentie|ons\s+kenmerk)\b.{0,80})$",
    re.IGNORECASE,
)
_RUNNING_HEADER = re.compile(
    r"^(?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[-–/]\s*\d{2,4},.*\bnr\.\s*\d+(?:\s+\d{1,3})?$"
)
#: A state that refers back: "Zie bovenstaande.", "Voor preventie: zie antwoorden hierboven",
#: "Zie 9a", "Zie antwoord bij 13a".
_SEE = re.compile(
    r"^(?:[^.:;]{1,60}:\s*)?zie\s+(?:ook\s+)?(?:(?:het|de)\s+)?"
    r"(?:(?:antwoord(?:en)?|aanbeveling(?:en)?|reactie)\s+)?"
    r"(?:(?:bij|onder|op)\s+(?:(?:de\s+)?aanbeveling\s+)?)?"
    r"(?P<target>bovenstaande?|hierboven|boven|(?P<number>\d{1,3})\s?(?P<letter>[a-z])?(?![\w/]))",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
#: Words every reference form of ``core.kamerstuk`` contains (Kamerstuk, Kammerstukken,
#: Kamervragen, "Tweede Kamer, vergaderjaar", Handelingen, richtlijn, directive, verordening,
#: regulation, CELEX, EUR-Lex, a link to officielebekendmakingen.nl).
_REF_HINTS = (
    "kamerstuk",
    "kammerstuk",
    "kamervragen",
    "vergaderjaar",
    "handelingen",
    "richtlijn",
    "directive",
    "verordening",
    "regulation",
    "celex",
    "eur-lex",
    "officielebekendmakingen",
)
_SUPERSCRIPT = re.compile(f"[{SUPERSCRIPTS}]")
_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "dan"})
_HEADING_MAX = 150


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _header_line(line: str) -> bool:
    """The table's header cells, one per line or tab-separated on one line."""
    if len(line) > 120:
        return False
    cells = [c for c in (_fold(c) for c in line.split("\t")) if c]
    return bool(cells) and all(c in _HEADER_CELLS for c in cells)


def _prepare(line: str) -> str:
    """A source line with invisible and odd characters normalized (tabs are kept)."""
    return line.replace("\f", " ").replace("\u00ad", "").replace("\u2011", "-")


def detect(text: str) -> bool:
    """A CEDAW overview has the header cells ``Aanbeveling (nr. + tekst)`` and ``Huidige stand
    van zaken``, or numbered recommendation cells each followed by a responsibility cell that
    starts with a part of the Kingdom (``KNL; …``, ``BES; …``, ``AUA``)."""
    headers: set[str] = set()
    pairs = 0
    after_recommendation = False
    for line in text.split("\n"):
        stripped = line.strip()
        is_cell = line.startswith("\t")
        if is_cell and after_recommendation and _PART_START.match(stripped):
            pairs += 1
            if pairs >= 2:
                return True
        after_recommendation = is_cell and bool(_RECOMMENDATION.match(stripped))
        for cell in stripped.split("\t") if len(stripped) <= 120 else ():
            if (folded := _fold(cell)) in _DETECT_HEADERS:
                headers.add(_DETECT_HEADERS[folded])
        if len(headers) == 2:
            return True
    return False


@dataclass
class _Item:
    """One item of a current state: a bullet or a paragraph, as lines still to be joined."""

    text: str
    bullet: bool
    line: int


@dataclass
class _Recommendation:
    number: str
    title: str
    line_start: int
    line_end: int
    theme: int | None
    #: Which cell the next line continues: "title", "who" or "state".
    cell: str = "title"
    who_lines: list[str] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str, *, name: str, sha256: str, size: int) -> None:
        self.name = name
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.doc = ParsedDocument(
            name=name, sha256=sha256, format=FORMAT, size=size, line_count=len(self.lines)
        )
        self.text = text
        self._folded: str | None = None
        self.theme: int | None = None
        self.current: _Recommendation | None = None
        self.done: list[_Recommendation] = []
        self.gap = False  # a blank line since the last line of content
        self.page_break = False  # page furniture since the last line of content
        self.footnote: ParsedFootnote | None = None  # the footnote the next line may continue
        self.started = False  # the first cell has been seen

    def error(self, line: int, message: str) -> ParseError:
        return ParseError(self.name, line, message)

    # -- the line loop ---------------------------------------------------------------------

    def run(self) -> ParsedDocument:
        for number, raw in enumerate(self.lines, start=1):
            line = _prepare(raw)
            stripped = line.strip()
            if not stripped:
                self.gap = True
                self.footnote = None
                continue
            if self.furniture(stripped):
                self.page_break = True
                self.footnote = None
                continue
            if _header_line(stripped):
                self.started = True
                self.page_break = True
                continue
            is_cell = line.lstrip(" ").startswith("\t")
            if not is_cell and self.footnote_line(number, stripped):
                continue
            self.footnote = None
            if is_cell:
                self.cell(number, stripped)
            else:
                self.text_line(number, stripped)
            self.gap = False
            self.page_break = False
        self.close(len(self.lines), at_end=True)
        if not self.done:
            raise self.error(
                1,
                "no recommendation was found; expected a cell such as '\\t9a. <text>' followed "
                "by the responsible part of the Kingdom and ministries and the current state",
            )
        self.finish()
        return self.doc

    def furniture(self, text: str) -> bool:
        """Page furniture of a PDF export: dropped, the document's own paper remembered."""
        if _FURNITURE.match(text):
            return True
        if _RUNNING_HEADER.match(text):
            if self.doc.kamerstuk is None:
                self.doc.kamerstuk = parse_paper_ref(text)
            return True
        title = self.doc.title
        return self.started and bool(title) and text[:20] == title[:20] and clean(text) == title

    # -- cells (lines that start with a tab) ----------------------------------------------

    def cell(self, number: int, text: str) -> None:
        self.started = True
        if m := _RECOMMENDATION.match(text):
            self.close(number)
            self.current = _Recommendation(
                number=m.group(1) + (m.group(2) or "").lower(),
                title=m.group(3),
                line_start=number,
                line_end=number,
                theme=self.theme,
            )
            if self.theme is None:
                self.doc.warn(
                    number, f"recommendation {self.current.number} stands before any chapter"
                )
            return
        if not self.doc.title and self.theme is None and _TITLE.match(text):
            self.doc.title = clean(text)
            return
        rec = self.current
        if (
            rec is not None
            and rec.cell != "state"
            and self.gap
            and not self.page_break
            and self.is_heading(text)
            and not _PART_START.match(text)
        ):
            # A chapter heading after a blank line: the recommendation lacks a cell.
            self.close(number)
        if rec is not None and rec.cell == "title":
            if _BULLET.match(text) or (len(text) > 60 and not parse_parts_and_ministries(text)[0]):
                raise self.error(
                    number,
                    f"recommendation {rec.number} (line {rec.line_start}) has no responsibility "
                    "field; expected the part of the Kingdom and ministries (e.g. 'KNL; OCW') "
                    "before the current state",
                )
            rec.cell = "who"
            rec.who_lines.append(text)
            rec.line_end = number
            return
        if rec is not None and rec.cell == "who":
            if _PARTS_ONLY.match(text):
                rec.who_lines.append(text)  # more parts of the Kingdom, in a cell of their own
            else:
                rec.cell = "state"
                self.state_line(rec, number, text)
            rec.line_end = number
            return
        if self.is_heading(text):
            self.close(number)
            self.start_chapter(number, text)
            return
        if rec is not None:
            self.doc.warn(
                number,
                f"a cell after the current state of recommendation {rec.number} was read as "
                f"part of that state: {text[:80]!r}",
            )
            self.state_line(rec, number, text, new_item=True)
            rec.line_end = number
            return
        self.doc.warn(number, f"a cell outside any recommendation was skipped: {text[:80]!r}")

    @staticmethod
    def is_heading(text: str) -> bool:
        return (
            len(text) <= _HEADING_MAX
            and text[:1].isalpha()
            and text[:1].isupper()
            and not _SENTENCE_END.search(text)
            and not _BULLET.match(text)
        )

    def start_chapter(self, number: int, raw: str) -> None:
        name, markers = _markers(raw)
        self.doc.themes.append(
            ParsedTheme(level=1, name=clean(name), raw=raw, line=number, footnotes=markers)
        )
        self.theme = len(self.doc.themes) - 1

    # -- lines without a tab: they continue the cell before them ----------------------------

    def footnote_line(self, number: int, text: str) -> bool:
        """A footnote body, or a line directly continuing one: never part of a record."""
        if m := _FOOTNOTE.match(text):
            self.footnote = ParsedFootnote(superscript_to_digits(m.group(1)), m.group(2), number)
            self.doc.footnotes.append(self.footnote)
            return True
        if self.footnote is not None and not _BULLET.match(text):
            self.footnote.text = self.join(self.footnote.text, text)
            return True
        return False

    def text_line(self, number: int, text: str) -> None:
        rec = self.current
        if rec is None:
            self.outside(number, text)
            return
        rec.line_end = number
        if rec.cell == "title":
            rec.title = self.join(rec.title, text)
        elif rec.cell == "who":
            rec.who_lines.append(text)
        else:
            self.state_line(rec, number, text)

    def outside(self, number: int, text: str) -> None:
        if not self.started:
            if not self.doc.title:
                self.doc.title = clean(text)
                return
            if (m := _DATE_LINE.match(text)) and (day := parse_dutch_date(m.group(1))):
                if self.doc.date is None:
                    self.doc.date = day
                return
        self.doc.warn(number, f"text outside any recommendation was skipped: {text[:80]!r}")

    def state_line(
        self, rec: _Recommendation, number: int, text: str, *, new_item: bool = False
    ) -> None:
        """One line of a current state: a bullet, a sub-item, a continuation or a paragraph."""
        if m := _BULLET.match(text):
            rest = text[m.end() :].strip()
            rec.items.append(_Item(rest, True, number))
            return
        last = rec.items[-1] if rec.items else None
        if last is None or new_item:
            rec.items.append(_Item(text, False, number))
            return
        if _SUBITEM.match(text) and not self.gap:
            last.text = f"{last.text} {text}"
            return
        wrapped = (
            last.text.endswith("-") or text[:1].islower() or not _SENTENCE_END.search(last.text)
        )
        if (not self.gap and (last.bullet or wrapped)) or (self.page_break and wrapped):
            last.text = self.join(last.text, text)
            return
        rec.items.append(_Item(text, False, number))

    def join(self, before: str, after: str) -> str:
        """Join two wrapped lines, repairing a word hyphenated at the line end."""
        before = before.rstrip()
        after = after.lstrip()
        if not before.endswith("-") or len(before) < 2 or not after:
            return f"{before} {after}"
        first = re.match(r"[^\s,.;:!?)]+", after)
        first_word = first.group(0) if first else ""
        if before[-2].isspace() or first_word.casefold() in _CONJUNCTIONS:
            return f"{before} {after}"  # "gender- en leeftijdsbewuste"
        if before[-2].isalpha() and before[-2].islower() and after[:1].islower():
            head = re.search(r"[\w-]*-$", before)
            if self.written_elsewhere(f"{head.group(0) if head else ''}{first_word}"):
                return before + after  # a real compound, written with its hyphen elsewhere
            return before[:-1] + after  # "wetswijzi-" + "gingen" → "wetswijzigingen"
        return before + after  # "EU-" + "richtlijn", "lhbtiq+-" + "gemeenschap"

    def written_elsewhere(self, word: str) -> bool:
        """Whether the hyphenated ``word`` stands on one line somewhere in the text
        ("niet-" + "geregistreerde" keeps its hyphen when "niet-geregistreerde" is used)."""
        if self._folded is None:
            self._folded = self.text.casefold()
        pattern = r"(?<![\w-])" + re.escape(word.casefold()) + r"(?![\w-])"
        return re.search(pattern, self._folded) is not None

    # -- finishing ------------------------------------------------------------------------

    def close(self, number: int, *, at_end: bool = False) -> None:
        """Finish the current recommendation; it must have all three cells.

        ``number`` is the line that starts the next element (or the last line, ``at_end``).
        """
        rec = self.current
        if rec is None:
            return
        if rec.cell != "state":
            missing = (
                "the responsible part of the Kingdom and ministries and the current state"
                if rec.cell == "title"
                else "the current state (Huidige stand van zaken)"
            )
            where = rec.line_end
            hint = (
                "; the file seems truncated"
                if at_end
                else f"; line {number} starts the next element"
            )
            raise self.error(
                where,
                f"recommendation {rec.number} (line {rec.line_start}) ends without {missing}{hint}",
            )
        self.done.append(rec)
        self.current = None

    def finish(self) -> None:
        seen: dict[str, int] = {}
        for rec in self.done:
            if rec.number in seen:
                self.doc.warn(
                    rec.line_start,
                    f"recommendation number {rec.number} repeats the one on line "
                    f"{seen[rec.number]}; both are kept",
                )
            else:
                seen[rec.number] = rec.line_start
            self.doc.records.append(self.record(rec))
        self.resolve_references()
        self.check_footnotes()

    def record(self, rec: _Recommendation) -> ParsedRecord:
        title, title_marks = _markers(rec.title)
        title = clean(title).rstrip(" ;,")
        field_text = clean(" ".join(rec.who_lines))
        parts, who = parse_parts_and_ministries(field_text)
        who = dataclasses.replace(who, raw=field_text)
        for unknown in who.unknown:
            self.doc.warn(
                rec.line_start,
                f"recommendation {rec.number}: the responsibility field names an unknown "
                f"ministry or body: {unknown!r}",
            )
        if not parts:
            self.doc.warn(
                rec.line_start,
                f"recommendation {rec.number}: no part of the Kingdom in the responsibility "
                f"field {field_text!r}",
            )
        items: list[str] = []
        marks: list[str] = list(title_marks)
        for item in rec.items:
            text, item_marks = _markers(item.text)
            marks.extend(item_marks)
            text = clean(text)
            if text:
                items.append(text)
        explanation = "\n".join(items)
        own_text = f"{title}\n{explanation}"
        return ParsedRecord(
            kind="recommendation",
            title=title,
            line_start=rec.line_start,
            line_end=rec.line_end,
            theme=rec.theme,
            subtheme=None,
            status=None,
            when=parse_wanneer(""),
            who=who,
            explanation=explanation,
            footnotes=list(dict.fromkeys(marks)),
            number=rec.number,
            parts=parts,
            bullets=items if any(item.bullet for item in rec.items) else [],
            refs=_paper_refs(own_text),
            mentions=_motions(explanation),
        )

    def resolve_references(self) -> None:
        """ "Zie bovenstaande." and its variants point back to another recommendation."""
        records = self.doc.records
        first_with_number: dict[str, int] = {}
        for index, record in enumerate(records):
            first_with_number.setdefault(record.number, index)
        only_reference: list[bool] = []
        targets: list[str | None] = []
        for record in records:
            items = record.explanation.split("\n") if record.explanation else []
            m = _SEE.match(items[0]) if items else None
            if m is None:
                targets.append(None)
                only_reference.append(False)
                continue
            number = m.group("number")
            targets.append(number + (m.group("letter") or "").lower() if number else "")
            only_reference.append(len(items) == 1)
        for index, target in enumerate(targets):
            if target is None:
                continue
            record = records[index]
            if target:
                found = first_with_number.get(target)
                if found is None or found == index:
                    self.doc.warn(
                        record.line_start,
                        f"recommendation {record.number} refers to recommendation {target}, "
                        "which is not in the document",
                    )
                    continue
                record.see_also = found
                continue
            earlier = next((i for i in range(index - 1, -1, -1) if not only_reference[i]), None)
            if earlier is None:
                self.doc.warn(
                    record.line_start,
                    f"recommendation {record.number} refers back, but no earlier recommendation "
                    "has a state of its own",
                )
                continue
            record.see_also = earlier

    def check_footnotes(self) -> None:
        for footnote in self.doc.footnotes:
            footnote.text = clean(footnote.text)
            footnote.refs = _paper_refs(footnote.text)
        self.doc.check_footnotes()


def _paper_refs(text: str) -> list[PaperRef]:
    """The papers and EU acts ``text`` cites, each once (``core.kamerstuk.find_paper_refs``).

    Every form that function reads contains one of :data:`_REF_HINTS`; a text without any is
    not scanned (the scan is the costliest step of this importer on a long state).
    """
    folded = text.casefold()
    if not any(hint in folded for hint in _REF_HINTS):
        return []
    return list({(r.key or r.raw): r for r in find_paper_refs(text)}.values())


def _motions(text: str) -> list[MotionTitle]:
    """The motions ``text`` names, each once (``core.motions.motions_in_text``, which only
    reads a name after the word "motie" or "moties")."""
    if "motie" not in text.casefold():
        return []
    return list(dict.fromkeys(motions_in_text(text)))


def _markers(text: str) -> tuple[str, list[str]]:
    """``core.text.footnote_markers``, skipped for the many texts without a superscript."""
    if _SUPERSCRIPT.search(text) is None:
        return text, []
    return footnote_markers(text)


def parse(text: str, *, name: str, sha256: str = "", size: int = 0) -> ParsedDocument:
    """Parse a CEDAW overview. Raises :class:`ParseError` naming the file and line on bad input."""
    return _Parser(text, name=name, sha256=sha256, size=size).run()
