"""The final progress report of the emancipation policy ("eindrapportage"), text from a PDF.

The layout this importer understands (every irregularity of the 2017–2021 report included):

- **pages**: the PDF export lists the web links of a page as bare URL lines at the end of that
  page, so a block of URL lines ends a page; a line holding only a page number (``8``),
  ``Pagina 3 van 12`` and a running header ``Tweede Kamer, vergaderjaar 2020–2021, 30 420,
  nr. 360`` are page furniture (the header also gives the document's own parliamentary paper);
- **an opening overview** (the infographic-like cover before the first section): the themes
  and sub-themes with their goal sentences, broken over short lines. The chapters are the
  theme tree; the overview is only compared with it (a goal that differs gives a warning), so
  there is one tree, never two copies. The document's title is a plain title line near the
  top (``Eindrapportage …``) or else the cover's first paragraph;
- **a foreword** (``Voorwoord``) and other prose: read for figures only;
- **sections** named by a sidebar: a short heading line directly followed by the goal in
  quotes (``Gelijk loon`` + ``“De loonkloof tussen mannen en vrouwen wordt kleiner.”``), or a
  heading alone just before the page's links (``Allianties``). A sidebar at the top of a page
  opens the section that follows it; one at the bottom names the text above it on that page
  (the PDF puts the sidebar of a sub-theme page after its text). A page without a sidebar
  continues the section before it, as does a sidebar repeated. Two headings stacked before the links
  (``Moties en toezeggingen`` / ``Moties``) are a theme and its first sub-theme;
- **levels**: a section is a sub-theme of the theme before it when that theme's introduction
  names it in the sentence announcing its parts (``… vanuit de indeling: arbeidsparticipatie,
  gelijk loon, financiële onafhankelijkheid en topvrouwen``); otherwise it is a theme;
- **results and challenges**: bullet items (``•``), with ``o`` sub-items kept inside their
  item (and listed in ``bullets``). A list is a list of challenges when it follows the heading
  ``Uitdagingen voor de toekomst`` or a paragraph whose closing sentence speaks of
  ``uitdaging(en)``, ``aandachtspunt(en)`` or ``toekomst``; otherwise of results. A group
  heading (``Transgenderpersonen``, ``Veilige Steden``) starts a group of results again, unless
  it follows such a paragraph directly. A single item whose first sentence is itself an
  ``uitdaging`` or ``aandachtspunt`` is a challenge. Title = the item's first sentence;
- **the rainbow points** (a section named ``Regenboogpunten regeerakkoord``): group headings
  (``Gelijke behandeling``, ``LHBTI en onderwijs``) become sub-themes; the points themselves
  are indented lines (their check-mark glyph is lost in the export) and become commitments
  whose explanation is the outcome the report gives; a group without points is itself one
  point;
- **the motions table** (``Moties``): a motion's title (``Motie van de leden … over …``), the
  request (``De Tweede Kamer verzoekt …``) and the state, in narrow hyphenated columns; an
  ``Amendement`` in that table is kept as a motion record too. ``Toezeggingen`` opens the
  commitments: a short heading and its paragraphs, with the period stated
  (``in de tweede helft van 2021``) as due period;
- **alliances** (a section named ``Allianties``): numbered items ``1. Name (partners)`` with
  a line of aim are measures with that number;
- **text repair**: lines are joined, words hyphenated across lines repaired (``onafhan-`` +
  ``kelijk`` → ``onafhankelijk``) while real hyphens stay (``LHBTI-personen``,
  ``lhbti-netwerkorganisaties``, ``vluchtelingen- en migrantengemeenschappen``); the blank line
  the export puts after the first line of many items does not split them, nor does a page
  break (a page that starts in lower case continues the item before it);
- **footnotes**: lines ``3  De Transgenderwet …`` (wrapped over blank lines) at the top or
  bottom of a page; the markers are digits glued to the word that cites them
  (``ondervonden3.``, ``LHBTI8 personen``) or superscripts, removed from the text and listed on
  the record, or on the section when prose or a heading cites them;
- **figures**: only plainly stated ones (see :func:`_figures`): a trend ``<indicator> is
  toegenomen; van 50% in 2017 tot bijna 53% in 2019`` (two observations, the qualifier stays
  in ``raw``) and a pair ``<indicator> van vrouwen en mannen … in 2019 … 62% / 73%``. A figure
  whose year or subject is not in its own sentence is not taken.

Errors raise :class:`ParseError` with the file name and line: a document without any section
heading; a truncated one (it ends in the middle of a sentence, a word or a motion, its last
page lacks the links every page ends with, a goal's closing quote is missing).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

from voortgang.core.dates import parse_dutch_date
from voortgang.core.kamerstuk import find_paper_refs, parse_paper_ref
from voortgang.core.ministries import Who, ministries_in_text
from voortgang.core.motions import MotionTitle, motions_in_text, parse_motion_title
from voortgang.core.text import SUPERSCRIPTS, clean, footnote_markers, superscript_to_digits
from voortgang.core.wanneer import Due, parse_wanneer
from voortgang.ingest.base import (
    ParsedDocument,
    ParsedFigure,
    ParsedFootnote,
    ParsedRecord,
    ParsedTheme,
    ParseError,
)

FORMAT = "eindrapportage"
DESCRIPTION = (
    "eindrapportage emancipatiebeleid: thema's met doelzin, resultaten, uitdagingen voor de "
    "toekomst, regenboogpunten, moties en toezeggingen"
)

# -- line kinds -------------------------------------------------------------------------------

_URL = re.compile(r"^(?:https?://|www\.)\S+$")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_PAGE_OF = re.compile(r"^pagina\s+\d+\s+van\s+\d+$", re.IGNORECASE)
_RUNNING_HEADER = re.compile(
    r"^(?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[-–/]\s*\d{2,4},\s+[\d ]{5,6}"
    r"(?:-[A-Z0-9]+)?,\s+nr\.\s*\d+(?:\s+\d{1,3})?$"
)
_FOOTNOTE = re.compile(r"^(\d{1,2})\s+([A-ZÀ-Þ“‘\"'(].*)$")
_FOOTNOTE_SUPER = re.compile(f"^([{SUPERSCRIPTS}]+)\\s*(\\S.*)$")
_BULLET = re.compile(r"^[•●▪■\uf0b7\uf0a7]\s*(.*)$")
_SUB_BULLET = re.compile(r"^[o◦]\s+(?=[A-ZÀ-Þ“‘(])(.*)$")
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_CHECK_GLYPHS = "✓✔☑"  # and any private-use glyph a PDF font maps a check mark to
#: A footnote number is larger than the one before, by at most this much (13 may be missing).
_FOOTNOTE_GAP = 10
_DATE_LINE = re.compile(
    r"^(?:Datum:?\s+|Den Haag,?\s+)(\d{1,2}\s+[a-z]+\s+\d{4})\s*$", re.IGNORECASE
)
_TITLE_LINE = re.compile(r"^(?:eind)?(?:voortgangs)?rapportage\b", re.IGNORECASE)

_FRONT_HEADINGS = {"voorwoord", "inleiding"}
_QUOTES_OPEN = ("“", '"', "„")
_SENTENCE_END = (".", "!", "?", ":")
#: An item's first line this long ran on to the margin: the item goes on after a blank line.
_FULL_LINE = 80
_TERMINAL = (".", "!", "?", ":", ";", "”", '"', ")", "’")

# -- text repair ------------------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?)])")
#: A footnote number glued to the word that cites it: "ondervonden3." "LHBTI8 personen".
#: Also right after the punctuation that closes a word: "(Kamerstukken …).3", "moeders.2".
_GLUED_MARKER = re.compile(
    r"(?<=[^\W\d_][^\W\d_][^\W\d_])(\d{1,2})(?=[\s.,;:!?)]|$)"
    r"|(?<=[^\W\d_)][.,;:)])(\d{1,2})(?=\s|$)"
)
#: Lower-case abbreviations written with a hyphen in compounds ("lhbti-netwerkorganisaties").
_LOWER_ACRONYMS = frozenset(
    {"lhbti", "lhbtiq", "lhbt", "lhbtqi", "mbo", "hbo", "vo", "po", "wo", "ict", "eu", "vn"}
)
#: Prefixes that keep their hyphen ("niet-juridisch", "ex-partner").
_HYPHEN_PREFIXES = frozenset({"niet", "ex", "oud"})
_CONJUNCTIONS = frozenset({"en", "of", "tot", "t/m"})

_ABBREVIATIONS = frozenset(
    {
        "o.a", "c.s", "jl", "nr", "bijv", "t.a.v", "e.a", "d.d", "mr", "dr", "drs", "ir",
        "prof", "inc", "ca", "m.b.t", "i.p.v", "o.m", "resp", "incl", "excl", "art", "blz",
        "e.d", "vs", "zgn", "min", "max", "st",
    }
)  # fmt: skip
_SENTENCE_BREAK = re.compile(r"[.!?][”’\")]?(?=\s+[“‘\"(]?[A-Z0-9À-Þ])")

# -- classification ---------------------------------------------------------------------------

_CHALLENGE_HEADING = re.compile(r"^uitdagingen(?:\s+voor\s+de\s+toekomst)?\s*:?$", re.IGNORECASE)
_CHALLENGE_WORDS = re.compile(r"uitdaging|aandachtspunt|toekomst", re.IGNORECASE)
_ITEM_CHALLENGE_WORDS = re.compile(r"\b(?:uitdaging(?:en)?|aandachtspunt(?:en)?)\b", re.I)
_RAINBOW_SECTION = re.compile(r"regenboog|regeerakkoord", re.IGNORECASE)
_MOTIONS_SECTION = re.compile(r"^moties?\b", re.IGNORECASE)
_MOTIONS_ONLY = re.compile(r"^moties?$", re.IGNORECASE)
_COMMITMENTS_HEADING = re.compile(r"^toezeggingen$", re.IGNORECASE)
_ALLIANCES_SECTION = re.compile(r"^allianties?$", re.IGNORECASE)
_MOTION_TITLE = re.compile(r"^(?:(?:nader\s+)?gewijzigde\s+)?(?:motie|amendement)\b", re.I)
_MOTION_REQUEST = re.compile(
    r"^(?:de\s+(?:tweede|eerste)\s+kamer\s+verzoekt|verzoekt\s+de\s+regering|"
    r"met\s+dit\s+amendement)",
    re.IGNORECASE,
)
_ENUMERATION = re.compile(r"\bindeling\b|\bthema", re.IGNORECASE)
_PARTNERS = re.compile(r"\s*\(([^()]*)\)\s*$")
_LINK_TITLE = re.compile(r"[?&]title=([^&]+)")
_NON_WORD = re.compile(r"\W+")

#: A period a commitment states plainly ("in de tweede helft van 2021").
_DUE_PHRASE = re.compile(
    r"\b(?:in\s+)?(?:de|het)\s+(?P<ord>eerste|tweede|derde|vierde)\s+(?P<unit>kwartaal|helft)"
    r"\s+van\s+(?P<year>20\d{2})\b"
    r"|\b(?:in\s+)?het\s+(?P<season>voorjaar|zomer|najaar)\s+(?:van\s+)?(?P<syear>20\d{2})\b",
    re.IGNORECASE,
)
_ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}

#: Ministries that ``core.ministries.ministries_in_text`` does not read (see the report):
#: "J&V" is only read after a trigger word, portfolio ministers are not known at all.
_EXTRA_MINISTRIES = (
    (re.compile(r"(?<![\w&])J&V(?![\w&])"), "JenV"),
    (re.compile(r"\bminister\s+(?:van|voor)\s+Medische\s+Zorg\b", re.IGNORECASE), "VWS"),
    (re.compile(r"\bminister\s+voor\s+Rechtsbescherming\b", re.IGNORECASE), "JenV"),
)

_NO_WHEN = parse_wanneer("")


def _heading_like(text: str) -> bool:
    """A short line that reads as a heading: no closing punctuation, not lower case."""
    t = text.strip()
    if not t or len(t) > 80 or len(t.split()) > 10:
        return False
    if t.endswith((".", ",", ";", ":", "!", "?")) or t.startswith(_QUOTES_OPEN):
        return False
    return not t[0].islower() and t[0] not in "•(‘'"


def _is_quote_start(text: str) -> bool:
    return text.startswith(_QUOTES_OPEN) and len(text) > 1


def _quote_closes(text: str) -> bool:
    t = text.rstrip()
    return t.endswith(("”", '"')) or "”" in t


def _unquote(text: str) -> str:
    return clean(text).strip('“”"„ ').strip()


# -- lines and pages ----------------------------------------------------------------------------


@dataclass
class _Line:
    no: int
    raw: str
    text: str
    kind: str  # blank url furniture footnote text bullet sub numbered
    body: str = ""
    marker: str = ""
    page_start: bool = False
    indented: bool = False


@dataclass
class _Page:
    lines: list[_Line] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


@dataclass
class _Sidebar:
    """A section heading: one or two stacked names, maybe a goal; ``front`` for Voorwoord."""

    names: list[_Line]
    goal: str
    start: int  # index in the page's lines
    end: int
    front: bool = False


@dataclass
class _Section:
    name: str
    raw: str
    line: int
    goal: str
    parent_name: str | None = None  # for the inner of two stacked headings
    stacked_top: bool = False  # the outer of two stacked headings: always a theme
    front: bool = False
    lines: list[_Line] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


# -- joined text with a map back to source lines ----------------------------------------------


@dataclass
class _Text:
    text: str
    starts: list[int]
    line_numbers: list[int]
    markers: list[str]

    def line_at(self, offset: int) -> int:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.line_numbers[max(index, 0)]


def _is_acronym(fragment: str) -> bool:
    word = fragment.rstrip("+")
    return (len(word) >= 2 and word.isupper()) or word in _LOWER_ACRONYMS


def _line_piece(raw: str, max_marker: int) -> tuple[str, list[str]]:
    """One source line, trimmed and with its footnote markers taken out."""
    piece = _SPACE.sub(" ", raw).strip()
    piece, markers = footnote_markers(piece)
    if max_marker:
        glued: list[str] = []

        def take(m: re.Match[str]) -> str:
            number = int(m.group(1) or m.group(2))
            if 1 <= number <= max_marker:
                glued.append(str(number))
                return ""
            return m.group(0)

        piece = _GLUED_MARKER.sub(take, piece)
        markers += glued
    piece = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACE.sub(" ", piece).strip())
    return piece, markers


def _join(lines: list[tuple[int, str]], max_marker: int) -> _Text:
    """Join source lines into one text, repairing words hyphenated across line breaks."""
    text = ""
    starts: list[int] = []
    numbers: list[int] = []
    markers: list[str] = []
    trailing_space = False
    for number, raw in lines:
        piece, found = _line_piece(raw, max_marker)
        markers += found
        if not piece:
            continue
        if text:
            if len(text) >= 2 and text.endswith("-") and (text[-2].isalnum() or text[-2] == "+"):
                last_word = text.rsplit(" ", 1)[-1][:-1]
                fragment = re.sub(r"^\W+", "", last_word.rsplit("-", 1)[-1])
                first_word = piece.split(" ", 1)[0]
                if first_word in _CONJUNCTIONS:
                    text += " "  # "vluchtelingen- en migrantengemeenschappen"
                elif piece[0].islower() and not (
                    trailing_space or _is_acronym(fragment) or fragment.lower() in _HYPHEN_PREFIXES
                ):
                    text = text[:-1]  # "onafhan-" + "kelijk"
            else:
                text += " "
        starts.append(len(text))
        numbers.append(number)
        text += piece
        trailing_space = raw != raw.rstrip()
    return _Text(text, starts or [0], numbers or [lines[0][0] if lines else 0], markers)


def _inside_quote(segment: str) -> bool:
    """Whether a quotation opened in ``segment`` is still open at its end.

    ``’`` is also the apostrophe (``scenario’s``): only one not followed by a letter closes.
    """
    for opening, closing in (("‘", r"’(?![^\W\d_])"), ("“", "”")):
        at = segment.rfind(opening)
        if at >= 0 and not re.search(closing, segment[at + 1 :]):
            return True
    return False


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, not breaking after abbreviations such as ``o.a.`` or ``c.s.``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        if text[m.start()] == ".":
            token = text[start : m.start()].rsplit(" ", 1)[-1].lower().lstrip("(")
            if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
                continue
        if _inside_quote(text[start : m.end()]):
            continue  # "het SER-advies ‘Diversiteit in de top. Tijd voor versnelling’"
        spans.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start] == " ":
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _first_sentence(text: str) -> str:
    spans = _sentences(text)
    return text[spans[0][0] : spans[0][1]].strip() if spans else text


# -- figures ----------------------------------------------------------------------------------

#: Indicators with a stable name: (pattern, subject).
_INDICATORS = (
    (re.compile(r"financi(?:eel|ële)\s+onafhankelijk\w*", re.I), "financiële onafhankelijkheid"),
    (re.compile(r"economisch(?:e)?\s+zelfstandig(?:heid)?", re.I), "economische zelfstandigheid"),
    (re.compile(r"(?:netto\s+)?arbeidsparticipatie", re.I), "arbeidsparticipatie"),
)  # fmt: skip
_GROUP = re.compile(r"\b(vrouwen|mannen)\b", re.IGNORECASE)
_QUALIFIER = r"(?:net\s+geen|bijna|ruim|ongeveer|circa|ca\.|zo'n|rond)"
_VALUE = r"\d{1,3}(?:,\d{1,2})?"
_PERCENT = r"\s?(?:%|procent\b)"
_YEAR = r"(?:19|20)\d{2}"
_TREND = re.compile(
    rf"\bvan\s+(?:{_QUALIFIER}\s+)?(?P<v1>{_VALUE}){_PERCENT}\s+in\s+(?P<y1>{_YEAR})\s*,?\s+"
    rf"(?:tot|naar)\s+(?:{_QUALIFIER}\s+)?(?P<v2>{_VALUE}){_PERCENT}\s+in\s+(?P<y2>{_YEAR})\b",
    re.IGNORECASE,
)
_TREND_VERB = re.compile(
    r",?\s+(?:is|zijn|was|waren)\s+(?:\w+\s+)?"
    r"(?:toegenomen|gestegen|gedaald|afgenomen|gegroeid|teruggelopen)$",
    re.IGNORECASE,
)
_SUBJECT_FILLERS = frozenset(
    {"het", "de", "aantal", "aandeel", "percentage", "dat", "die", "is", "zijn", "van", "ook",
     "daarnaast", "verder", "en"}
)  # fmt: skip
_PAIR = re.compile(rf"(?P<v1>{_VALUE})\s?%\s*(?:/|en)\s*(?P<v2>{_VALUE})\s?%")
_PAIR_GROUPS = re.compile(
    r"\bvan\s+(?P<g1>vrouwen|mannen)\s*(?:/|en)\s*(?P<g2>vrouwen|mannen)\b"
    r"(?!\s+(?:met|in|uit|die|zonder|tussen|van|onder)\b)",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
_ANY_PERCENT = re.compile(rf"{_VALUE}{_PERCENT}")


def _indicator(text: str) -> tuple[str, re.Match[str]] | None:
    found = [(name, m) for pattern, name in _INDICATORS if (m := pattern.search(text))]
    return found[0] if len(found) == 1 else None


def _trend_subject(head: str) -> str | None:
    """The subject of ``<subject> is toegenomen; van …``; None when it is not that plain."""
    head = head.rstrip(" ;,:").rsplit(":", 1)[-1].strip()
    verb = _TREND_VERB.search(head)
    if not verb:
        return None
    phrase = head[: verb.start()].strip(" ,")
    if not phrase:
        return None
    groups = {g.lower() for g in _GROUP.findall(phrase)}
    known = _indicator(phrase)
    if known and len(groups) == 1:
        rest = phrase[: known[1].start()] + " " + phrase[known[1].end() :]
        rest = _GROUP.sub(" ", rest)
        if all(w.lower() in _SUBJECT_FILLERS for w in rest.split()):
            return f"{known[0]} van {groups.pop()}"
    if len(groups) > 1:
        return None
    words = phrase.split()
    while words and words[0].lower() in ("ook", "daarnaast", "verder", "de", "het"):
        words.pop(0)
    phrase = " ".join(words)
    return phrase[:1].lower() + phrase[1:] if phrase else None


def _number(value: str) -> float:
    return float(value.replace(",", "."))


def _figures(block: _Text, record: int | None) -> list[ParsedFigure]:
    """Figures stated plainly, with subject and year in the same sentence.

    * a trend: ``<subject> is toegenomen; van 50% in 2017 tot bijna 53% in 2019`` → two
      observations (the qualifier, "bijna", stays in ``raw``);
    * a pair: ``<indicator> van vrouwen en mannen … in 2019 … 62% / 73%`` (one year in the
      sentence, one pair of percentages, no other figure) → one observation per group.

    Anything else (no year, two years for one value, a subject only in the sentence before,
    counts) is left alone: a wrong figure is worse than a missing one.
    """
    out: list[ParsedFigure] = []
    text = block.text
    if "%" not in text and "procent" not in text:
        return out
    for start, end in _sentences(text):
        sentence = text[start:end]
        raw = sentence.strip()
        for m in _TREND.finditer(sentence):
            subject = _trend_subject(sentence[: m.start()])
            if not subject:
                continue
            for value, year in (("v1", "y1"), ("v2", "y2")):
                out.append(
                    ParsedFigure(
                        subject=subject,
                        value=_number(m.group(value)),
                        unit="%",
                        year=int(m.group(year)),
                        line=block.line_at(start + m.start(value)),
                        raw=raw,
                        record=record,
                    )
                )
        if _TREND.search(sentence):
            continue
        pair = _PAIR.search(sentence)
        groups = _PAIR_GROUPS.search(sentence)
        years = set(_ANY_YEAR.findall(sentence))
        known = _indicator(sentence)
        if (
            pair
            and groups
            and known
            and len(years) == 1
            and len(_ANY_PERCENT.findall(sentence)) == 2
            and groups.group("g1").lower() != groups.group("g2").lower()
            and known[1].end() <= groups.start() + 1
        ):
            when = int(years.pop())
            for value, group in (("v1", "g1"), ("v2", "g2")):
                out.append(
                    ParsedFigure(
                        subject=f"{known[0]} van {groups.group(group).lower()}",
                        value=_number(pair.group(value)),
                        unit="%",
                        year=when,
                        line=block.line_at(start + pair.start(value)),
                        raw=raw,
                        record=record,
                    )
                )
    return out


# -- blocks: paragraphs and items -------------------------------------------------------------


@dataclass
class _Block:
    kind: str  # para item numbered
    lines: list[_Line]
    number: str = ""
    subs: list[list[_Line]] = field(default_factory=list)

    @property
    def first(self) -> _Line:
        return self.lines[0]

    @property
    def last_line(self) -> _Line:
        return self.subs[-1][-1] if self.subs else self.lines[-1]

    @property
    def line_start(self) -> int:
        return self.lines[0].no

    @property
    def line_end(self) -> int:
        return self.last_line.no


def _piece(line: _Line) -> tuple[int, str]:
    return line.no, line.body if line.kind in ("bullet", "sub", "numbered") else line.raw


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Group a section's lines into paragraphs and items (continuations repaired)."""
    blocks: list[_Block] = []
    current: _Block | None = None
    target: list[_Line] | None = None  # the line list lines are appended to
    blank = False
    for line in lines:
        if line.kind == "blank":
            blank = True
            continue
        if line.kind == "bullet":
            current = _Block("item", [line])
            target = current.lines
            blocks.append(current)
        elif line.kind == "numbered":
            current = _Block("numbered", [line], number=line.marker)
            target = current.lines
            blocks.append(current)
        elif line.kind == "sub" and current is not None and current.kind != "para":
            current.subs.append([line])
            target = current.subs[-1]
        elif current is None or target is None:
            current = _Block("para", [line])
            target = current.lines
            blocks.append(current)
        else:
            last = target[-1]
            last_text = last.body if last.kind in ("bullet", "sub", "numbered") else last.text
            continues = False
            if line.indented and not last.indented:
                continues = False  # an indented (rainbow) point after a heading or an item
            elif (not blank and not line.page_start) or (
                line.text[:1].islower() and not last_text.endswith(_SENTENCE_END)
            ):
                continues = True
            elif (
                current.kind != "para"
                and target is current.lines
                and len(target) == 1
                and len(last.raw.rstrip()) >= _FULL_LINE
                and blank
                and not line.page_start
                and not line.indented
                and not _heading_like(line.text)
                and not _CHALLENGE_HEADING.match(line.text)
            ):
                continues = True  # the blank line the export puts after an item's first line
            if continues:
                target.append(line)
            else:
                current = _Block("para", [line])
                target = current.lines
                blocks.append(current)
        blank = False
    return blocks


# -- the parser -------------------------------------------------------------------------------


@dataclass
class _Commitment:
    title: _Text
    lines: list[_Line]
    subtheme: int | None
    outcome: list[_Block] = field(default_factory=list)


@dataclass
class _Motion:
    title: _Block
    request: _Block | None = None
    state: list[_Block] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str, *, name: str, sha256: str, size: int) -> None:
        self.name = name
        self.source = text.replace("\r\n", "\n").replace("\r", "\n")
        raw_lines = self.source.split("\n")
        self.doc = ParsedDocument(
            name=name, sha256=sha256, format=FORMAT, size=size, line_count=len(raw_lines)
        )
        self.lines = self.classify(raw_lines)
        self.max_marker = max((int(f.marker) for f in self.doc.footnotes), default=0)
        self.overview: list[_Line] = []
        self.level1: int | None = None  # the current theme
        self.enumeration = ""  # the sentences in which the current theme names its parts
        self.theme_cited: set[str] = set()
        self.last_content: _Line | None = None
        self.placed: tuple[int, int | None] | None = None  # the last section's themes
        self.link_titles: dict[str, str] = {}  # link → its title= parameter, normalized

    def error(self, line: int | None, message: str) -> ParseError:
        return ParseError(self.name, line, message)

    # -- lines ---------------------------------------------------------------------------------

    def classify(self, raw_lines: list[str]) -> list[_Line]:
        out: list[_Line] = []
        footnote: ParsedFootnote | None = None
        last_marker = 0  # footnotes are numbered upwards through the document
        for no, raw in enumerate(raw_lines, start=1):
            raw = raw.replace("\f", "")
            text = raw.strip()
            line = _Line(no, raw, text, "text")
            if not text:
                line.kind = "blank"
            elif _URL.match(text):
                line.kind = "url"
            elif _PAGE_NUMBER.match(text) or _PAGE_OF.match(text):
                line.kind = "furniture"
            elif _RUNNING_HEADER.match(text):
                line.kind = "furniture"
                if self.doc.kamerstuk is None:
                    ref = parse_paper_ref(text)
                    if ref is not None and ref.number:
                        # The header ends with the page number, which is no part of the paper.
                        self.doc.kamerstuk = ref
            elif (m := (_FOOTNOTE.match(text) or _FOOTNOTE_SUPER.match(text))) and (
                last_marker < int(superscript_to_digits(m.group(1))) <= last_marker + _FOOTNOTE_GAP
            ):
                line.kind = "footnote"
                last_marker = int(superscript_to_digits(m.group(1)))
                footnote = ParsedFootnote(superscript_to_digits(m.group(1)), m.group(2), no)
                self.doc.footnotes.append(footnote)
                out.append(line)
                continue
            elif (
                footnote is not None
                and text[:1].islower()
                and not footnote.text.rstrip().endswith((".", "!", "?"))
            ):
                line.kind = "footnote"
                footnote.text += " " + text
                out.append(line)
                continue
            elif m := _BULLET.match(text):
                line.kind = "bullet"
                line.body = m.group(1)
            elif m := _SUB_BULLET.match(text):
                line.kind = "sub"
                line.body = m.group(1)
            elif m := _NUMBERED.match(text):
                line.kind = "numbered"
                line.marker = m.group(1)
                line.body = m.group(2)
            if line.kind == "text" and (
                text[0] in _CHECK_GLYPHS or "\ue000" <= text[0] <= "\uf8ff"
            ):
                line.text = text[1:].strip()
                line.raw = "\t" + line.text
            if line.kind not in ("blank",):
                footnote = None
            out.append(line)
        for f in self.doc.footnotes:
            f.text = _join([(f.line, f.text)], 0).text
            f.refs = list(find_paper_refs(f.text))
        return out

    def pages(self) -> list[_Page]:
        pages: list[_Page] = [_Page()]
        in_urls = False
        for line in self.lines:
            page = pages[-1]
            if line.kind == "url":
                page.urls.append(line.text)
                in_urls = True
                continue
            if line.kind == "furniture":
                if page.lines or page.urls:
                    pages.append(_Page())
                in_urls = False
                continue
            if line.kind == "blank":
                if not in_urls:
                    page.lines.append(line)
                continue
            if in_urls:
                page = _Page()
                pages.append(page)
                in_urls = False
            if line.kind == "footnote":
                continue  # footnotes were collected while classifying
            if not any(x.kind != "blank" for x in page.lines):
                line.page_start = True
            page.lines.append(line)
        for page in pages:
            for line in page.lines:
                first = line.raw[:1]
                if line.kind == "text" and (
                    first == "\t" or (first == " " and not line.page_start)
                ):
                    line.indented = True
        return [p for p in pages if p.lines or p.urls]

    # -- sidebars and sections ---------------------------------------------------------------

    def sidebars(self, page: _Page) -> list[_Sidebar]:
        found: list[_Sidebar] = []
        lines = page.lines
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.kind == "text" and line.text.lower() in _FRONT_HEADINGS:
                found.append(_Sidebar([line], "", i, i + 1, front=True))
                i += 1
                continue
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if (
                line.kind == "text"
                and _heading_like(line.text)
                and nxt is not None
                and nxt.kind == "text"
                and _is_quote_start(nxt.text)
            ):
                end = i + 1
                quote = [nxt]
                while not _quote_closes(lines[end].text) and end + 1 < len(lines):
                    if len(quote) >= 4 or lines[end + 1].kind != "text":
                        break
                    end += 1
                    quote.append(lines[end])
                if _quote_closes(lines[end].text):
                    goal = _unquote(_join([(q.no, q.text) for q in quote], 0).text)
                    found.append(_Sidebar([line], goal, i, end + 1))
                    i = end + 1
                    continue
                if lines[end] is self.last_content:
                    raise self.error(nxt.no, "the goal in quotes is not closed (expected ”)")
            i += 1
        if page.urls:
            # Headings alone just before the page's links: "Allianties", or a theme and its
            # first sub-theme stacked ("Moties en toezeggingen" / "Moties").
            stacked: list[int] = []
            j = len(lines) - 1
            taken = {k for s in found for k in range(s.start, s.end)}
            while j >= 0 and len(stacked) < 2:
                if lines[j].kind == "blank":
                    j -= 1
                    continue
                ok = (
                    lines[j].kind == "text"
                    and j not in taken
                    and _heading_like(lines[j].text)
                    and len(lines[j].text) <= 60
                    and lines[j].text.lower() not in _FRONT_HEADINGS
                    and (j == 0 or lines[j - 1].kind == "blank")
                )
                if not ok:
                    break
                stacked.insert(0, j)
                j -= 1
            if stacked:
                found.append(_Sidebar([lines[k] for k in stacked], "", stacked[0], stacked[-1] + 1))
        found.sort(key=lambda s: s.start)
        return found

    def sections(self, pages: list[_Page]) -> list[_Section]:
        """Assign every page's text to a section (see the module documentation)."""
        sections: list[_Section] = []
        current: _Section | None = None  # the section the previous page ended in
        for page in pages:
            at_start = current
            opened: _Section | None = None  # the last section opened on this page
            named: _Section | None = None  # the last section whose sidebar is on this page
            pending: list[_Line] = []  # text of this page not yet given to a section
            pos = 0
            for bar in self.sidebars(page):
                before = page.lines[pos : bar.start]
                if opened is not None:
                    opened.lines += before
                else:
                    pending += before
                new: _Section | None = None
                for k, heading in enumerate(bar.names):
                    new = _Section(
                        name=clean(heading.text),
                        raw=heading.raw.strip(),
                        line=heading.no,
                        goal=bar.goal,
                        parent_name=clean(bar.names[0].text) if k else None,
                        stacked_top=k == 0 and len(bar.names) > 1,
                        front=bar.front,
                    )
                    sections.append(new)
                assert new is not None
                if any(x.kind != "blank" for x in pending):
                    if bar.front:
                        # Text above a front heading: the overview, or the section going on.
                        if current is not None:
                            current.lines += pending
                        else:
                            self.overview += pending
                    else:
                        new.lines += pending  # a sidebar below the text names it
                pending = []
                if not bar.front:
                    named = new
                opened = current = new
                pos = bar.end
            rest = page.lines[pos:]
            if opened is not None:
                opened.lines += rest
            elif current is not None:
                current.lines += pending + rest  # a page without a sidebar goes on
            else:
                self.overview += pending + rest
            target = named or at_start
            if target is not None:
                target.urls += page.urls
        return sections

    # -- themes --------------------------------------------------------------------------------

    def add_theme(
        self,
        *,
        level: int,
        name: str,
        raw: str,
        line: int,
        parent: int | None,
        goal: str = "",
        is_motions: bool = False,
    ) -> int:
        self.doc.themes.append(
            ParsedTheme(
                level=level,
                name=name,
                raw=raw,
                line=line,
                parent=parent,
                goal=goal,
                is_motions=is_motions,
            )
        )
        return len(self.doc.themes) - 1

    def place(self, section: _Section) -> tuple[int, int | None]:
        """Create the theme for a section: (theme index, sub-theme index or None).

        A section named like the one just before it (a sidebar repeated on the next page)
        goes on in that section's theme.
        """
        if self.placed is not None and section.parent_name is None:
            theme, sub = self.placed
            if self.doc.themes[sub if sub is not None else theme].name == section.name:
                return theme, sub
        self.placed = self.new_place(section)
        return self.placed

    def new_place(self, section: _Section) -> tuple[int, int | None]:
        name = section.name
        if section.parent_name is not None:
            parent = self.level1
            if parent is None or self.doc.themes[parent].name != section.parent_name:
                parent = self.add_theme(
                    level=1,
                    name=section.parent_name,
                    raw=section.parent_name,
                    line=section.line - 1,
                    parent=None,
                )
                self.level1 = parent
                self.enumeration = ""
            sub = self.add_theme(
                level=2,
                name=name,
                raw=section.raw,
                line=section.line,
                parent=parent,
                goal=section.goal,
                is_motions=bool(_MOTIONS_ONLY.match(name)),
            )
            return parent, sub
        wanted = re.compile(rf"(?<!\w){re.escape(name.lower())}(?!\w)")
        if self.level1 is not None and not section.stacked_top and wanted.search(self.enumeration):
            sub = self.add_theme(
                level=2,
                name=name,
                raw=section.raw,
                line=section.line,
                parent=self.level1,
                goal=section.goal,
                is_motions=bool(_MOTIONS_ONLY.match(name)),
            )
            return self.level1, sub
        theme = self.add_theme(
            level=1,
            name=name,
            raw=section.raw,
            line=section.line,
            parent=None,
            goal=section.goal,
            is_motions=bool(_MOTIONS_ONLY.match(name)),
        )
        self.level1 = theme
        self.enumeration = ""
        return theme, None

    def add_urls(self, theme: int, urls: list[str]) -> None:
        known = self.doc.themes[theme].urls
        for url in urls:
            if url not in known:
                known.append(url)

    # -- the run -------------------------------------------------------------------------------

    def run(self) -> ParsedDocument:
        content = [x for x in self.lines if x.kind not in ("blank", "url", "furniture")]
        self.last_content = content[-1] if content else None
        pages = self.pages()
        sections = self.sections(pages)
        if not any(not s.front for s in sections):
            raise self.error(
                1,
                "no section heading was found; expected a heading followed by its goal in "
                "quotes (“…”) or a heading just before the page's links, as in the final report",
            )
        self.read_overview()
        for section in sections:
            if section.front:
                self.prose_only(section)
                continue
            theme, sub = self.place(section)
            self.add_urls(sub if sub is not None else theme, section.urls)
            blocks = _blocks(section.lines)
            if _RAINBOW_SECTION.search(section.name):
                self.rainbow(blocks, theme, sub)
            elif _MOTIONS_SECTION.match(section.name):
                self.motions(blocks, theme, sub, section)
            else:
                self.results(blocks, theme, sub, section)
        self.check_truncation(pages[-1])
        self.check_overview(sections)
        self.doc.check_footnotes(also_cited=self.theme_cited)
        self.dedupe_figures()
        return self.doc

    # -- overview, title, date ----------------------------------------------------------------

    def read_overview(self) -> None:
        for line in self.lines[:200]:
            if line.kind == "text" and (m := _DATE_LINE.match(line.text)):
                self.doc.date = parse_dutch_date(m.group(1))
                break
        for line in self.lines[:60]:
            if line.kind == "text" and _TITLE_LINE.match(line.text) and len(line.text) <= 150:
                self.doc.title = clean(line.text)
                return
        first: list[tuple[int, str]] = []
        for line in self.overview or self.lines:
            if line.kind == "blank" and first:
                break
            if line.kind == "text":
                first.append((line.no, line.raw))
        self.doc.title = _join(first, 0).text[:500]

    def check_overview(self, sections: list[_Section]) -> None:
        """The overview repeats names and goals of the chapters: a different goal is reported."""
        if not self.overview:
            return
        blocks: list[str] = []
        chunk: list[tuple[int, str]] = []
        for line in [*self.overview, _Line(0, "", "", "blank")]:
            if line.kind == "blank":
                if chunk:
                    blocks.append(_join(chunk, 0).text)
                chunk = []
            elif line.kind == "text":
                chunk.append((line.no, line.raw))

        def norm(text: str) -> str:
            return re.sub(r"[\s.!]+$", "", clean(text).lower())

        for theme in self.doc.themes:
            if not theme.goal:
                continue
            name = theme.name.lower()
            for k, block in enumerate(blocks):
                if not block.lower().startswith(name):
                    continue
                said = block[len(name) :].strip() or (blocks[k + 1] if k + 1 < len(blocks) else "")
                if said and not norm(said).startswith(norm(theme.goal)):
                    self.doc.warn(
                        theme.line,
                        f"the overview gives another goal for '{theme.name}': {said[:80]!r}",
                    )
                break

    # -- prose ---------------------------------------------------------------------------------

    def text_of(self, lines: list[_Line]) -> _Text:
        return _join([_piece(x) for x in lines], self.max_marker)

    def prose(self, block: _Block, theme: int | None) -> _Text:
        text = self.text_of(block.lines)
        if theme is not None:
            for marker in text.markers:
                if marker not in self.doc.themes[theme].footnotes:
                    self.doc.themes[theme].footnotes.append(marker)
        self.theme_cited.update(text.markers)
        self.doc.figures += _figures(text, None)
        return text

    def prose_only(self, section: _Section) -> None:
        for block in _blocks(section.lines):
            self.prose(block, None)

    # -- records -------------------------------------------------------------------------------

    def who(self, text: str) -> Who:
        codes = list(ministries_in_text(text))
        for pattern, code in _EXTRA_MINISTRIES:
            if code not in codes and pattern.search(text):
                codes.append(code)
        return Who(raw="", codes=tuple(codes), unknown=())

    def add_record(
        self,
        *,
        kind: str,
        title: str,
        texts: list[_Text],
        explanation: str,
        line_start: int,
        line_end: int,
        theme: int | None,
        subtheme: int | None,
        bullets: list[str] | None = None,
        motion: MotionTitle | None = None,
        number: str = "",
        when: Due = _NO_WHEN,
        about: str | None = None,
        urls: list[str] | None = None,
    ) -> int:
        body = about if about is not None else explanation
        full = f"{title} {body}" if title not in body else body
        markers: list[str] = []
        for t in texts:
            markers += [m for m in t.markers if m not in markers]
        index = len(self.doc.records)
        self.doc.records.append(
            ParsedRecord(
                kind=kind,
                title=title,
                line_start=line_start,
                line_end=line_end,
                theme=theme,
                subtheme=subtheme,
                status=None,
                when=when,
                who=self.who(full),
                explanation=explanation,
                footnotes=markers,
                motion=motion,
                number=number,
                bullets=bullets or [],
                refs=list(find_paper_refs(full)),
                mentions=[
                    m
                    for m in motions_in_text(body)
                    if motion is None or m.submitters != motion.submitters
                ],
                urls=urls or [],
            )
        )
        for t in texts:
            self.doc.figures += _figures(t, index)
        return index

    # -- results and challenges ----------------------------------------------------------------

    @staticmethod
    def list_kind(lead: str) -> str:
        """Result or challenge, from the sentence that introduces the list."""
        spans = _sentences(lead)
        if not spans:
            return "result"
        intro = lead[spans[-1][0] : spans[-1][1]]
        if len(intro.split()) < 5 and len(spans) > 1:
            intro = lead[spans[-2][0] : spans[-1][1]]
        return "challenge" if _CHALLENGE_WORDS.search(intro) else "result"

    def results(self, blocks: list[_Block], theme: int, sub: int | None, section: _Section) -> None:
        owner = sub if sub is not None else theme
        kind = "result"
        previous = ""
        alliances = bool(_ALLIANCES_SECTION.match(section.name))
        prose: list[str] = []
        for block in blocks:
            if block.kind == "para":
                head = clean(block.first.text)
                if len(block.lines) == 1 and _CHALLENGE_HEADING.match(head):
                    kind = "challenge"
                    previous = "heading"
                elif len(block.lines) == 1 and _heading_like(block.first.text):
                    self.prose(block, owner)  # a group heading may cite a footnote
                    if previous != "lead":
                        kind = "result"
                    previous = "group"
                else:
                    text = self.prose(block, owner)
                    prose.append(text.text)
                    kind = self.list_kind(text.text)
                    previous = "lead"
                continue
            previous = "item"
            main = self.text_of(block.lines)
            subs = [self.text_of(s) for s in block.subs]
            explanation = " ".join([main.text] + [s.text for s in subs])
            if block.kind == "numbered" and alliances:
                name_line = self.text_of(block.lines[:1]).text
                title = _PARTNERS.sub("", name_line).strip() or name_line
                self.add_record(
                    kind="measure",
                    title=title,
                    texts=[main],
                    explanation=explanation,
                    line_start=block.line_start,
                    line_end=block.line_end,
                    theme=theme,
                    subtheme=sub,
                    number=block.number,
                )
                continue
            title = _first_sentence(main.text)
            item_kind = kind
            if item_kind == "result" and _ITEM_CHALLENGE_WORDS.search(title):
                item_kind = "challenge"
            self.add_record(
                kind=item_kind,
                title=title,
                texts=[main, *subs],
                explanation=explanation,
                line_start=block.line_start,
                line_end=block.line_end,
                theme=theme,
                subtheme=sub,
                bullets=[s.text for s in subs],
                number=block.number,
            )
        if self.level1 == theme and sub is None:
            found = " ".join(
                p[a:b].lower()
                for p in prose
                for a, b in _sentences(p)
                if _ENUMERATION.search(p[a:b])
            )
            if found:
                self.enumeration = f"{self.enumeration} {found}".strip()

    # -- the rainbow points --------------------------------------------------------------------

    def rainbow(self, blocks: list[_Block], theme: int, sub: int | None) -> None:
        parent = theme if sub is None else sub
        group: int | None = None
        group_line: _Line | None = None
        open_: _Commitment | None = None
        started = False

        def close() -> None:
            nonlocal open_
            if open_ is None:
                return
            c = open_
            open_ = None
            outcome = [self.text_of(b.lines + [x for s in b.subs for x in s]) for b in c.outcome]
            if not outcome:
                self.doc.warn(c.lines[0].no, f"rainbow point without an outcome: {c.title.text!r}")
            self.add_record(
                kind="commitment",
                title=c.title.text,
                texts=[c.title, *outcome],
                explanation=" ".join(t.text for t in outcome),
                line_start=c.lines[0].no,
                line_end=max([c.lines[-1].no] + [b.line_end for b in c.outcome]),
                theme=theme if sub is None else sub,
                subtheme=c.subtheme,
                bullets=[
                    t.text for t, b in zip(outcome, c.outcome, strict=True) if b.kind != "para"
                ],
            )

        for block in blocks:
            first = block.first
            if block.kind == "para" and first.indented:
                close()
                started = True
                if group is None:
                    self.doc.warn(first.no, "a rainbow point before any group heading")
                open_ = _Commitment(self.text_of(block.lines), block.lines, group)
                continue
            if block.kind == "para" and _heading_like(first.text) and not first.indented:
                close()
                started = True
                name = self.text_of([first]).text
                group = self.add_theme(
                    level=2 if self.doc.themes[parent].level == 1 else 3,
                    name=name,
                    raw=first.raw.strip(),
                    line=first.no,
                    parent=parent,
                )
                group_line = first
                rest = block.lines[1:]
                if rest:  # a group that is its own point, with prose under it
                    open_ = _Commitment(self.text_of([first]), [first], group)
                    open_.outcome.append(_Block("para", rest))
                continue
            if not started:
                self.prose(block, parent)
                continue
            if open_ is None:
                if group is not None and group_line is not None:
                    open_ = _Commitment(self.text_of([group_line]), [group_line], group)
                else:
                    self.doc.warn(first.no, f"text outside any rainbow point: {first.text[:80]!r}")
                    continue
            open_.outcome.append(block)
        close()

    # -- motions and commitments ---------------------------------------------------------------

    def motions(self, blocks: list[_Block], theme: int, sub: int | None, section: _Section) -> None:
        owner = sub if sub is not None else theme
        motion: _Motion | None = None
        commitments: int | None = None  # the "Toezeggingen" sub-theme once it starts
        commitment: tuple[_Line, list[_Block]] | None = None

        def close_motion() -> None:
            nonlocal motion
            if motion is None:
                return
            m = motion
            motion = None
            title = self.text_of(m.title.lines)
            request = self.text_of(m.request.lines) if m.request else None
            state = [self.text_of(b.lines + [x for s in b.subs for x in s]) for b in m.state]
            if request is None:
                self.doc.warn(m.title.line_start, f"motion without a request: {title.text[:80]!r}")
            body = " ".join(t.text for t in ([request] if request else []) + state)
            parsed = parse_motion_title(title.text)
            self.add_record(
                kind="motion",
                title=title.text,
                texts=[title, *([request] if request else []), *state],
                explanation=body,
                line_start=m.title.line_start,
                line_end=max(
                    [m.title.line_end]
                    + [b.line_end for b in m.state]
                    + ([m.request.line_end] if m.request else [])
                ),
                theme=theme,
                subtheme=sub,
                motion=parsed,
                number=(parsed.number or "") if parsed else "",
                urls=self.motion_urls(title.text, section.urls),
            )

        def close_commitment() -> None:
            nonlocal commitment
            if commitment is None:
                return
            heading, paras = commitment
            commitment = None
            texts = [self.text_of(b.lines + [x for s in b.subs for x in s]) for b in paras]
            body = " ".join(t.text for t in texts)
            if not paras:
                self.doc.warn(heading.no, f"commitment without text: {heading.text!r}")
            top, sub_of = theme, sub
            if commitments is not None:
                above = self.doc.themes[commitments].parent
                top, sub_of = (above, commitments) if above is not None else (commitments, None)
            self.add_record(
                kind="commitment",
                title=self.text_of([heading]).text,
                texts=texts,
                explanation=body,
                line_start=heading.no,
                line_end=max([heading.no] + [b.line_end for b in paras]),
                theme=top,
                subtheme=sub_of,
                when=self.due(body),
            )

        for block in blocks:
            head = clean(block.first.text)
            if block.kind == "para" and len(block.lines) == 1 and _COMMITMENTS_HEADING.match(head):
                close_motion()
                close_commitment()
                parent = self.doc.themes[owner].parent
                commitments = self.add_theme(
                    level=2 if parent is not None else 1,
                    name=head,
                    raw=block.first.raw.strip(),
                    line=block.first.no,
                    parent=parent,
                )
                continue
            if commitments is not None:
                if block.kind == "para" and len(block.lines) == 1 and _heading_like(head):
                    close_commitment()
                    commitment = (block.first, [])
                elif commitment is not None:
                    commitment[1].append(block)
                else:
                    self.doc.warn(block.line_start, f"text outside any commitment: {head[:80]!r}")
                continue
            if block.kind == "para" and _MOTION_TITLE.match(head):
                close_motion()
                motion = _Motion(block)
            elif motion is None:
                self.prose(block, owner)
            elif motion.request is None and not motion.state and _MOTION_REQUEST.match(head):
                motion.request = block
            else:
                motion.state.append(block)
        if motion is not None and (motion.request is None or not motion.state):
            last = motion.request or motion.title
            if self.last_content is not None and last.line_end >= self.last_content.no:
                missing = (
                    "request ('De Tweede Kamer verzoekt …')"
                    if motion.request is None
                    else ("state of affairs")
                )
                raise self.error(
                    motion.title.line_start,
                    f"the motion at the end of the document has no {missing}; "
                    "the file seems truncated",
                )
        close_motion()
        close_commitment()

    def motion_urls(self, title: str, urls: list[str]) -> list[str]:
        """The links whose ``title=`` parameter is this motion's title."""
        wanted = _NON_WORD.sub(" ", title.lower()).strip()[:60]
        out: list[str] = []
        for url in urls:
            if url not in self.link_titles:
                m = _LINK_TITLE.search(url)
                label = unquote(m.group(1)).lower() if m else ""
                self.link_titles[url] = _NON_WORD.sub(" ", label).strip()
            if wanted and self.link_titles[url].startswith(wanted) and url not in out:
                out.append(url)
        return out

    @staticmethod
    def due(text: str) -> Due:
        m = _DUE_PHRASE.search(text)
        if not m:
            return _NO_WHEN
        if m.group("unit"):
            n = _ORDINALS[m.group("ord").lower()]
            spec = f"{n}e {m.group('unit').lower()} {m.group('year')}"
        else:
            spec = f"{m.group('season').lower()} {m.group('syear')}"
        due = parse_wanneer(spec)
        if not due.parsed or due.end is None:
            return _NO_WHEN
        return replace(due, raw=clean(m.group(0)))

    # -- checks --------------------------------------------------------------------------------

    def check_truncation(self, final: _Page) -> None:
        """Every page of this export ends with the web addresses on it, or with its sidebar:
        a last page without either was cut off."""
        if self.last_content is None:
            raise self.error(1, "the document has no text")
        content = [x for x in final.lines if x.kind != "blank"]
        if not content or final.urls or any(not s.front for s in self.sidebars(final)):
            return
        last = content[-1]
        text = (last.body if last.kind in ("bullet", "sub", "numbered") else last.text).rstrip()
        if text.endswith("-") or not text.endswith(_TERMINAL):
            raise self.error(
                last.no,
                f"the document ends in the middle of a sentence ({text[-40:]!r}); "
                "the file seems truncated",
            )
        raise self.error(
            last.no,
            "the last page ends without its list of links or a section heading; "
            "expected the page's URL lines after it: the file seems truncated",
        )

    def dedupe_figures(self) -> None:
        """The same figure stated twice (foreword and chapter) is kept once, where first."""
        seen: set[tuple[str, float, str, int | None]] = set()
        kept: list[ParsedFigure] = []
        for f in sorted(self.doc.figures, key=lambda f: f.line):
            key = (f.subject, f.value, f.unit, f.year)
            if key not in seen:
                seen.add(key)
                kept.append(f)
        self.doc.figures = kept


def detect(text: str) -> bool:
    """A final report has section headings followed by their goal in quotes, bullet lists and
    challenges for the future (or rainbow points)."""
    head = text[:300_000]
    if "•" not in head or not re.search(r"uitdaging|regenboog", head, re.IGNORECASE):
        return False
    lines = head.split("\n")
    pairs = 0
    for a, b in itertools.pairwise(lines):
        first, second = a.strip(), b.strip()
        if (
            _heading_like(first)
            and _is_quote_start(second)
            and (_quote_closes(second) or len(second) > 20)
            and not _FOOTNOTE.match(first)
        ):
            pairs += 1
            if pairs >= 2:
                return True
    return False


def parse(text: str, *, name: str, sha256: str = "", size: int = 0) -> ParsedDocument:
    """Parse a final report. Raises :class:`ParseError` naming the file and line on bad input."""
    return _Parser(text, name=name, sha256=sha256, size=size).run()


__all__ = ["DESCRIPTION", "FORMAT", "detect", "parse"]
