"""The emancipation policy note ("emancipatienota"): priorities, sections and measures in prose,
as text exported from PDF (``shared/seeds/001_…txt``; the bundled sample
``samples/emancipatienota-voorbeeld.txt``).

The layout this importer understands (every irregularity of the published note included):

- a sender block at the top: the list of annexes (``Bijlagen`` / ``1. Overzicht maatregelen``),
  and where present ``Datum 12 juni 2025`` (the document's date) and ``Betreft …`` (its title);
- an introduction and document-level sections (``Leeswijzer``, ``Opdracht van Emancipatie``)
  before the first priority: not measures;
- priorities ``Prioriteit 1. Iedereen moet veilig kunnen zijn`` (themes, level 1) and their
  sections ``1.1 Veiligheid van vrouwen en meisjes`` (sub-themes, level 2), headings that wrap
  over two lines included; the text between a heading and the first measure is the priority's or
  section's introduction (its footnotes are the theme's), not a measure;
- measures: a short heading line (or two, when it wraps) followed by paragraphs, inside a
  section; :func:`_heading_lines` tells a heading from a sentence the PDF tool wrapped;
- ``Europese en internationale inzet`` after the priorities: a part of its own (a level-1 theme
  without a number) whose text is one measure;
- the closing section (``Afsluiting``) and the signature (``De staatssecretaris van …,``): not
  measures; anything after the signature's name (an annex) is reported, not read;
- page furniture, removed: ``Pagina 12 van 26``, ``Onze referentie`` and the reference number
  under it, the page's link addresses listed under them, running headers ``Tweede Kamer,
  vergaderjaar 2024–2025, 30 420, nr. 415 2`` (the first gives the document's own paper);
- the first line of every page starts with a space (or follows a form feed or furniture): a
  paragraph that did not end a sentence before the page break continues on the new page;
- footnotes at the foot of each page: a blank line, then lines starting with the next footnote
  number (``3 Kamerstukken II 2024/2025, 30420, nr. 414``) and their continuation lines, until
  the next page starts. Their markers are digits glued to the word they follow (``kabinet1``,
  ``lhbtiq+2``, ``(d.d. 18 november 2024).3``, ``voelen.22,23,24,25``): a glued number is a
  marker only when it is the next footnote in sequence, so ``(D66)``, ``Act4Respect`` or
  ``Binnenuit 2.0`` stay as they are;
- words the PDF tool split with spaces (``Lhbtiqa+-monito  r``) are joined; a word hyphenated
  at the end of a line is repaired (``organisa-`` + ``ties``) unless the hyphen is real
  (``lhbtiq+-gelijkheid``, ``AI-systemen``, ``politie-eenheden``, ``gender- en``);
- bullets rendered as ``\uf0b7`` (or ``•``) and numbered items ``1)``: kept as items, one per
  line.

A measure's text is its paragraphs (separated by an empty line; bullets one per line, starting
with ``•``), without page furniture, footnote bodies or footnote markers. Its ministries are the
ones the text names, its due period the first period the text states plainly (see
:func:`_period`), its references the papers and EU acts cited in its text, its mentions the
motions named in its text or in the footnotes it cites, and its footnotes the markers it
carries. A motion named outside the measures (the introduction, a section's introduction, a
footnote no measure cites) becomes a record of kind ``motion`` with the sentence naming it.

Errors (no priority heading, priorities or sections out of order, a section of another priority,
a document that ends inside a priority without closing section or signature: truncated) raise
:class:`ParseError` with the file name and line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from voortgang.core.dates import MONTH_PATTERN, parse_dutch_date
from voortgang.core.kamerstuk import PaperRef, find_paper_refs, parse_paper_ref
from voortgang.core.ministries import Who, ministries_in_text
from voortgang.core.motions import MotionTitle, motions_in_text
from voortgang.core.text import clean, superscript_to_digits
from voortgang.core.wanneer import Due, parse_wanneer
from voortgang.ingest.base import (
    ParsedDocument,
    ParsedFootnote,
    ParsedRecord,
    ParsedTheme,
    ParseError,
)

FORMAT = "nota"
DESCRIPTION = "nota met 'Prioriteit 1. …', paragrafen '1.1 …' en maatregelen in lopende tekst"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- headings ------------------------------------------------------------------------------------

_PRIORITY = re.compile(r"^Prioriteit\s+(\d{1,2})\s*[.:]?\s+(\S.*)$")
_SECTION = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
#: Document-level headings: the introduction's, the closing's, and parts of their own.
_INTRO_HEADINGS = frozenset(
    {"leeswijzer", "inleiding", "aanleiding", "opdracht van emancipatie", "samenvatting"}
)
_CLOSING_HEADINGS = frozenset({"afsluiting", "tot slot", "slot", "ten slotte", "tenslotte"})
_PART_HEADINGS = frozenset(
    {"europese en internationale inzet", "internationale inzet", "europese inzet"}
)
_SIGNATURE = re.compile(
    r"^(?:De|Het)\s+(?:staatssecretaris|minister|ministers|staatssecretarissen|bewindspersoon)"
    r"\b.{0,120},$"
)
#: Words that do not end a heading; a line ending with one wraps on (or is prose).
_FUNCTION_WORDS = _words(
    """de het een van voor met en of in op aan bij door naar om te tot die dat dan als is zijn
    wordt worden werd heeft hebben had kan kunnen zal zullen moet moeten ook niet we wij ik zij
    ze hun haar hij onze ons deze dit er waar wat hoe over uit tegen zoals zodat omdat maar nog
    al wel u uw jl"""
)
_INNER_SENTENCE_END = re.compile(r"[.!?;:]['’”\")]*,?\s+\S")
#: Words that open a sentence, and auxiliary verbs: a line with them reads as prose.
_OPENERS = _words(
    """de het een dit deze die dat er ik we wij zij ze hij u uw ons onze mijn in op met voor om
    als ook daarnaast daarom zo verder hiermee daarbij bovendien tot"""
)
_AUXILIARIES = _words(
    "is zijn wordt worden werd werden heeft hebben had hadden kan kunnen zal zullen moet moeten"
)

# -- page furniture ------------------------------------------------------------------------------

_PAGE = re.compile(r"^Pagina\s+\d+\s+van\s+\d+$", re.IGNORECASE)
_OUR_REFERENCE = re.compile(r"^(?:Onze|Uw)\s+referentie(?:\s+\S+)?$", re.IGNORECASE)
_REFERENCE_NUMBER = re.compile(r"^[\d.\-/ ]{5,}$")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
_RUNNING_HEADER = re.compile(r"^(?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}")
_DATUM = re.compile(r"^Datum(?:\s+(\S.*))?$")
_BETREFT = re.compile(r"^Betreft(?:\s+(\S.*))?$")

# -- footnotes and markers -----------------------------------------------------------------------

_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE = re.compile(rf"^([0-9]{{1,3}}|[{_SUPERSCRIPT_DIGITS}]{{1,3}})\s*(\S.*)$")
#: How many footnotes may be missing from the text before a number is no longer taken for one.
_FOOTNOTE_GAP = 3
#: A run of digits that may be footnote markers (``22,23,24,25``); _Parser.glued_markers
#: decides whether it is glued to a word and is the next footnote in sequence.
_DIGIT_RUN = re.compile(r"\d+(?:,\d+)*")
_GLUE = frozenset(")].;:!?’'”\"%+")
_SUPERSCRIPT_MARKER = re.compile(rf"\s?([{_SUPERSCRIPT_DIGITS}]+)")
_ANY_SUPERSCRIPT = re.compile(rf"[{_SUPERSCRIPT_DIGITS}]")
#: Where a sentence ends: after ".", "!" or "?", its closing quotes and footnote markers,
#: before a capital.
_SENTENCE_BOUNDARY = re.compile(
    r"(?<=[.!?])['’”\")]*(?:\d{1,3}(?:,\d{1,3})*)?\s+(?=[A-ZÀ-Þ‘“'\"(])"
)
_SENTENCE_END = re.compile(r"[.!?:;]['’”\")]*(?:\d{1,3}(?:,\d{1,3})*)?$")

# -- text repair ---------------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[\uf0b7\u2022\u25aa\u25cf]\s*|(\d{1,2}\)\s+))")
_SPLIT_LETTER = re.compile(r"(?<=[a-zà-ÿ])[ \t]{2,}([a-tv-z])(?=[\s.,;:)]|$)")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_LINE_END_HYPHEN = re.compile(r"-[ \t]*\n[ \t]*")
_FRAGMENT_BEFORE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)$")
_FRAGMENT_AFTER = re.compile(r"([^\W\d_]+)")
_LAST_WORD = re.compile(r"([^\s(\[‘'\"“]*)-$")
_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "als", "dan"})
_HYPHEN_PREFIXES = frozenset(
    {"niet", "non", "ex", "oud", "anti", "pro", "co", "semi", "vice", "zelf", "multi", "pre"}
)
_VOWELS = frozenset("aeiouyàáâäèéêëìíîïòóôöùúûü")
#: Words without which core.kamerstuk finds no reference: a cheap test before the full scan.
_PAPER_HINTS = (
    "kamer",
    "kammer",
    "richtlijn",
    "directive",
    "verordening",
    "regulation",
    "aanhangsel",
    "celex",
    "eur-lex",
    "officielebekendmakingen",
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"]+[^\s<>()\".,;:!?’”]")

# -- periods stated in the text ------------------------------------------------------------------

_YEAR = r"(?:19|20)\d{2}(?![\d/])"
_POINT = (
    rf"(?:(?:begin|eind|medio|halverwege)\s+(?:van\s+)?)?"
    rf"(?:(?:\d{{1,2}}\s+)?{MONTH_PATTERN}\s+)?{_YEAR}"
)
_UNTIL = r"(?:tot\s+en\s+met|t/m)"
_YEAR_RE = re.compile(_YEAR)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+")
#: Ranges and open ends: "van 2024 tot en met 2030", "loopt tot en met 2026", "vanaf 2025".
_SPAN_FORMS = (
    re.compile(
        rf"(?<!\w)(?:loopt\s+)?van\s+(?:{_POINT}|{MONTH_PATTERN})\s+{_UNTIL}\s+{_POINT}",
        re.IGNORECASE,
    ),
    re.compile(rf"(?<![\w/-]){_POINT}\s+{_UNTIL}\s+{_POINT}", re.IGNORECASE),
    re.compile(rf"(?<!\w)(?:loopt\s+)?(?:{_UNTIL}|tot|uiterlijk)\s+{_POINT}", re.IGNORECASE),
    re.compile(rf"(?<!\w)(?:vanaf|per|met\s+ingang\s+van)\s+{_POINT}", re.IGNORECASE),
)
#: Single periods: "in het najaar van 2025", "begin 2026", "in 2026", "op 1 augustus 2026".
_POINT_FORMS = (
    re.compile(
        rf"(?<!\w)in\s+(?:het\s+|de\s+)?(?:voorjaar|zomer|najaar)\s+(?:van\s+)?{_YEAR}",
        re.IGNORECASE,
    ),
    re.compile(rf"(?<!\w)(?:begin|eind|medio|halverwege)\s+(?:van\s+)?{_YEAR}", re.IGNORECASE),
    re.compile(rf"(?<!\w)in\s+(?:{MONTH_PATTERN}\s+)?{_YEAR}", re.IGNORECASE),
    re.compile(rf"(?<=\bop\s)\d{{1,2}}\s+{MONTH_PATTERN}\s+{_YEAR}", re.IGNORECASE),
)


def detect(text: str) -> bool:
    """A note has a ``Prioriteit N. …`` heading followed by a section heading ``N.1 …``."""
    if "Prioriteit" not in text:
        return False
    priority: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if "\t" in stripped:
            continue
        if m := _PRIORITY.match(stripped):
            priority = m.group(1)
        elif (
            priority
            and (m := _SECTION.match(stripped))
            and m.group(1) == priority
            and _heading_like(m.group(3))
        ):
            return True
    return False


# -- small text helpers --------------------------------------------------------------------------


def _heading_like(text: str) -> bool:
    """Could this line be (the start of) a heading: capitalised, short, no sentence in it?"""
    text = text.strip()
    if not text or len(text) > 110:
        return False
    first = text.lstrip("‘'\"“(")[:1]
    if not first.isalpha() or not first.isupper():
        return False
    if text[-1] in ".,;:" or _INNER_SENTENCE_END.search(text):
        return False
    words = [w.strip("‘’'\"“”(),!?").lower() for w in text.split()]
    verb = any(w in _AUXILIARIES for w in words)
    if words[0] in _OPENERS and (verb or len(text) > 50):
        return False
    return not (verb and len(text) > 40)


def _split_letters(line: str) -> str:
    """Join a letter the PDF tool split off its word: ``Lhbtiqa+-monito  r`` → ``…-monitor``."""
    return _SPLIT_LETTER.sub(r"\1", line) if "  " in line else line


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def _last_word(text: str) -> str:
    words = text.split()
    return words[-1].lower() if words else ""


def _dangling(text: str) -> bool:
    """A heading line that cannot end here: a hyphen, a function word, an open bracket/quote."""
    text = text.rstrip()
    return text.endswith("-") or _last_word(text) in _FUNCTION_WORDS or _unbalanced(text)


def _unbalanced(text: str) -> bool:
    """An opening bracket or quote that the text does not close."""
    return (
        text.count("(") > text.count(")")
        or text.count("[") > text.count("]")
        or text.count("‘") > text.count("’")
        or text.count("“") > text.count("”")
    )


def _starts_upper(text: str) -> bool:
    first = text.lstrip("‘'\"“(")[:1]
    return first.isalpha() and first.isupper()


@dataclass
class _Line:
    number: int
    text: str
    page_start: bool = False


@dataclass
class _Para:
    lines: list[_Line]

    @property
    def first(self) -> int:
        return self.lines[0].number


@dataclass
class _Measure:
    title: str
    line_start: int
    line_end: int
    theme: int
    subtheme: int | None
    markers: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


@dataclass
class _LooseMotion:
    """A motion named outside any measure (introduction, a section's introduction, a footnote)."""

    motion: MotionTitle
    text: str
    markers: list[str]
    theme: int | None
    subtheme: int | None
    line: int


class _Parser:
    def __init__(self, text: str, *, name: str, sha256: str, size: int) -> None:
        self.name = name
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        # A form feed starts a new page: it counts as a line break, and the line after it is
        # the first line of a page.
        self.lines: list[str] = []
        self.page_starts: set[int] = set()
        for chunk_index, chunk in enumerate(text.split("\f")):
            if chunk_index:
                self.page_starts.add(len(self.lines) + 1)
            self.lines.extend(chunk.split("\n"))
        self.doc = ParsedDocument(
            name=name, sha256=sha256, format=FORMAT, size=size, line_count=len(self.lines)
        )
        # The document's own words, to tell a line-break hyphen from a real one; the two
        # halves of a word broken at the end of a line are not words of their own.
        lowered = text.lower()
        counts = Counter(_WORD.findall(lowered))
        for m in _LINE_END_HYPHEN.finditer(lowered):
            before = _FRAGMENT_BEFORE.search(lowered, max(0, m.start() - 60), m.start())
            after = _FRAGMENT_AFTER.match(lowered, m.end())
            for fragment in (before, after):
                if fragment:
                    counts[fragment.group(1)] -= 1
        self.words = {w for w, n in counts.items() if n > 0}
        self.body: list[_Line] = []
        self.footnote_numbers: set[int] = set()
        self.next_marker = 1
        self.cited: set[str] = set()
        self.themes_markers: dict[int, list[str]] = {}
        self.measures: list[_Measure] = []
        self.sentences: list[tuple[str, list[str]]] = []
        self.loose_motions: list[_LooseMotion] = []
        self.since: date | None = None
        self.pending_markers: list[str] = []  # the markers of the text being read
        self.expected_footnote = 1
        self.footnote: list[str] = []  # the footnote being read: its number, line, text lines

    def error(self, line: int | None, message: str) -> ParseError:
        return ParseError(self.name, line, message)

    # -- pass 1: pages → body lines, footnotes, furniture --------------------------------------

    def read_pages(self) -> None:
        """Sort the lines into body text, footnotes and page furniture.

        Footnotes start after a blank line with the next footnote number and run, with their
        continuation lines, until the next page starts (a line starting with a space, page
        furniture, or text after a blank line). The body line after a footnote block or
        furniture is marked as the start of a page.
        """
        first_priority = next(
            (i for i, s in enumerate(self.lines) if _PRIORITY.match(s.strip())), len(self.lines)
        )
        self.read_sender_block(first_priority)
        in_footnotes = False
        blank_in_footnotes = False
        page_start_pending = False
        index = 0
        while index < len(self.lines):
            raw = self.lines[index]
            number = index + 1
            stripped = raw.strip()
            index += 1
            page_start = number in self.page_starts or (raw.startswith(" ") and bool(stripped))
            if in_footnotes:
                if not stripped:
                    blank_in_footnotes = True
                    continue
                if not page_start and self.footnote_start(number, stripped):
                    blank_in_footnotes = False
                    continue
                if not (page_start or blank_in_footnotes or self.is_furniture(stripped)):
                    self.footnote.append(stripped)
                    continue
                # A new page, furniture, or text after a blank line: the footnotes are over.
                in_footnotes = False
                self.finish_footnote()
                page_start_pending = True
            if not stripped:
                self.body.append(_Line(number, ""))
                continue
            if index - 1 < first_priority and self.sender_line(stripped):
                continue
            if self.is_furniture(stripped):
                index = self.skip_furniture(index - 1)
                self.drop_trailing_blanks()
                page_start_pending = True
                continue
            if (
                not page_start
                and (not self.body or not self.body[-1].text)
                and self.footnote_start(number, stripped)
            ):
                self.drop_trailing_blanks()
                in_footnotes = True
                blank_in_footnotes = False
                continue
            self.body.append(_Line(number, _split_letters(stripped), page_start_pending))
            self.body[-1].page_start |= page_start
            page_start_pending = False
        self.finish_footnote()

    def footnote_start(self, number: int, stripped: str) -> bool:
        """Start a new footnote if ``stripped`` opens with the next footnote number (a few may
        be missing: they are reported)."""
        m = _FOOTNOTE.match(stripped)
        if not m:
            return False
        n = int(superscript_to_digits(m.group(1)))
        expected = self.expected_footnote
        if not expected <= n <= expected + _FOOTNOTE_GAP:
            return False
        self.finish_footnote()
        if n > expected:
            missing = ", ".join(str(i) for i in range(expected, n))
            self.doc.warn(number, f"footnote {missing} is missing before footnote {n}")
        self.footnote = [str(n), str(number), m.group(2)]
        self.footnote_numbers.add(n)
        self.expected_footnote = n + 1
        return True

    def finish_footnote(self) -> None:
        if not self.footnote:
            return
        marker, line, *lines = self.footnote
        body = clean(self.join([_split_letters(s) for s in lines]))
        self.doc.footnotes.append(ParsedFootnote(marker, body, int(line), _paper_refs(body)))
        self.footnote = []

    def drop_trailing_blanks(self) -> None:
        """The blank line before a footnote block or furniture does not end a paragraph."""
        while self.body and not self.body[-1].text:
            self.body.pop()

    def read_sender_block(self, stop: int) -> None:
        """Title (``Betreft``) and date (``Datum``) from the sender block before the text."""
        for i in range(stop):
            stripped = self.lines[i].strip()
            for pattern, what in ((_DATUM, "date"), (_BETREFT, "title")):
                m = pattern.match(stripped)
                if not m:
                    continue
                value = m.group(1) or next(
                    (s.strip() for s in self.lines[i + 1 : i + 3] if s.strip()), ""
                )
                if what == "title" and not self.doc.title:
                    self.doc.title = clean(value)
                elif what == "date" and self.doc.date is None:
                    self.doc.date = parse_dutch_date(value)
                    if self.doc.date is None:
                        self.doc.warn(i + 1, f"the date is not understood: {value!r}")

    def sender_line(self, stripped: str) -> bool:
        """Sender-block fields are read by :meth:`read_sender_block`, not kept as text."""
        return bool(_DATUM.match(stripped) or _BETREFT.match(stripped))

    def is_furniture(self, stripped: str) -> bool:
        if _PAGE.match(stripped) or _OUR_REFERENCE.match(stripped):
            return True
        if _RUNNING_HEADER.match(stripped):
            ref = parse_paper_ref(stripped)
            if ref is not None and ref.dossier and self.doc.kamerstuk is None:
                self.doc.kamerstuk = ref
            return True
        return False

    def skip_furniture(self, index: int) -> int:
        """Skip a furniture line and what belongs with it; returns the next index to read."""
        first = self.lines[index].strip()
        index += 1
        if not (_PAGE.match(first) or _OUR_REFERENCE.match(first)):
            return index
        # "Pagina 12 van 26", "Onze referentie", the number, the page's link targets.
        while index < len(self.lines):
            stripped = self.lines[index].strip()
            if (
                not stripped
                or self.is_furniture(stripped)
                or _URL_LINE.match(stripped)
                or _REFERENCE_NUMBER.match(stripped)
                or _DATUM.match(stripped)
                or parse_dutch_date(stripped) is not None
            ):
                index += 1
                continue
            break
        return index

    # -- pass 2: body lines → paragraphs --------------------------------------------------------

    def paragraphs(self) -> list[_Para]:
        paras: list[_Para] = []
        current: list[_Line] = []
        for line in self.body:
            if not line.text:
                if current:
                    paras.append(_Para(current))
                    current = []
                continue
            if line.page_start and current and _ends_sentence(current[-1].text):
                paras.append(_Para(current))
                current = []
            current.append(line)
        if current:
            paras.append(_Para(current))
        # A bullet item that does not end continues after a blank line.
        merged: list[_Para] = []
        for para in paras:
            if merged and self.open_bullet(merged[-1]) and not _BULLET.match(para.lines[0].text):
                merged[-1].lines.extend(para.lines)
            else:
                merged.append(para)
        return merged

    @staticmethod
    def open_bullet(para: _Para) -> bool:
        last_bullet = None
        for i, line in enumerate(para.lines):
            if _BULLET.match(line.text):
                last_bullet = i
        if last_bullet is None:
            return False
        return not para.lines[-1].text.rstrip().endswith((".", ";", ":", "!", "?", ","))

    # -- joining lines -------------------------------------------------------------------------

    def join(self, lines: list[str]) -> str:
        """Join wrapped lines into one, repairing words hyphenated across the line break."""
        out = ""
        for line in lines:
            line = line.strip()
            if not out:
                out = line
            elif out.endswith("-") and len(out) > 1 and not out.endswith(" -"):
                joint = self.hyphen_joint(out, line)
                if joint == "drop":
                    out = out[:-1] + line
                elif joint == "space":
                    out = f"{out} {line}"
                else:
                    out = out + line
            else:
                out = f"{out} {line}"
        return out

    def hyphen_joint(self, left: str, right: str) -> str:
        """How ``left`` (ending in a hyphen) and the next line ``right`` are joined: ``drop``
        the hyphen (it only broke the word), ``keep`` it (a real hyphen) or keep it and add a
        ``space`` (``gender-`` + ``en`` → ``gender- en``)."""
        m = _LAST_WORD.search(left)
        stem = m.group(1) if m else ""
        words = right.split()
        bare_next = words[0].rstrip(".,;:!?)’”'\"") if words else ""
        if bare_next.lower() in _CONJUNCTIONS:
            return "space"
        if not stem[-1:].isalpha() or not bare_next[:1].islower():
            return "keep"  # "lhbtiq+-", "(EU)-", "2021-" + "2027", "Noord-" + "Holland"
        if any(c.isupper() for c in stem[1:]):
            return "keep"  # "AI-" + "systemen", "STO-" + "regio's"
        head = stem.rsplit("-", 1)[-1].lower()
        if head in _HYPHEN_PREFIXES:
            return "keep"  # "niet-" + "noodzakelijke"
        if (stem + bare_next).lower() in self.words:
            return "drop"  # the whole word occurs elsewhere in the document
        if f"{stem}-{bare_next}".lower() in self.words:
            return "keep"
        if head[-1:] in _VOWELS and bare_next[:1].lower() in _VOWELS:
            return "keep"  # "politie-" + "eenheden": a vowel clash needs its hyphen
        if len(head) >= 3 and head in self.words:
            return "keep"  # "vrouw-" + "manverhouding": the first part is a word of its own
        return "drop"  # "organisa-" + "ties"

    def paragraph_text(self, lines: list[_Line]) -> tuple[str, list[str]]:
        """The paragraph as clean text (bullets one per line) and its bullet items."""
        items: list[tuple[str, list[str]]] = []  # (bullet or "", lines)
        for line in lines:
            m = _BULLET.match(line.text)
            if m:
                items.append(((m.group(1) or "•").strip(), [line.text[m.end() :]]))
            elif items:
                items[-1][1].append(line.text)
            else:
                items.append(("", [line.text]))
        out: list[str] = []
        bullets: list[str] = []
        self.sentences = []
        for bullet, item_lines in items:
            # Sentence by sentence, so that each sentence knows the footnotes it cites.
            joined = self.join(item_lines)
            parts: list[str] = []
            start = 0
            ends = [m.end() for m in _SENTENCE_BOUNDARY.finditer(joined)]
            for end in [*ends, len(joined)]:
                sentence, markers = self.extract_markers(joined[start:end])
                start = end
                sentence = clean(sentence)
                if sentence:
                    parts.append(sentence)
                    self.sentences.append((sentence, markers))
                self.pending_markers.extend(markers)
            text = " ".join(parts)
            if not text:
                continue
            if bullet:
                bullets.append(text)
                out.append(f"{bullet} {text}")
            else:
                out.append(text)
        return "\n".join(out), bullets

    # -- footnote markers ----------------------------------------------------------------------

    def extract_markers(self, text: str) -> tuple[str, list[str]]:
        """Remove the footnote markers glued to words; only the next footnotes in sequence
        count, so numbers that belong to names (``D66``, ``Act4Respect``) stay."""
        found: list[str] = []

        def superscript(m: re.Match[str]) -> str:
            found.append(superscript_to_digits(m.group(1)))
            return ""

        if _ANY_SUPERSCRIPT.search(text):
            text = _SUPERSCRIPT_MARKER.sub(superscript, text)
        out: list[str] = []
        done = 0
        for m in _DIGIT_RUN.finditer(text):
            numbers = self.glued_markers(text, m)
            if numbers:
                out.append(text[done : m.start()])
                done = m.end()
                self.next_marker = numbers[-1] + 1
                found.extend(str(n) for n in numbers)
        if done:
            out.append(text[done:])
            text = "".join(out)
        self.cited.update(found)
        return text, found

    def glued_markers(self, text: str, m: re.Match[str]) -> list[int]:
        """The footnote numbers in the digit run ``m``, or [] when it is not a marker: glued
        to a word (``kabinet1``, ``(SP).5``), not a name (``D66``, ``Q3``, ``Act4Respect``),
        increasing, and the next footnotes in sequence."""
        start, end = m.span()
        if start == 0 or (end < len(text) and (text[end].isalnum() or text[end] == "_")):
            return []
        before = text[start - 1]
        if not (before.isalpha() or before in _GLUE):
            return []
        if before.isupper() and (start < 2 or not text[start - 2].isalnum()):
            return []  # "Q3", "G7", "(D66)": a single capital and digits is a name
        parts = m.group(0).split(",")
        if any(len(p) > 3 or p.startswith("0") for p in parts):
            return []
        numbers = [int(p) for p in parts]
        if numbers != sorted(set(numbers)):
            return []
        if not all(n in self.footnote_numbers for n in numbers):
            return []
        if not self.next_marker <= numbers[0] <= self.next_marker + _FOOTNOTE_GAP:
            return []
        return numbers

    # -- pass 3: paragraphs → structure --------------------------------------------------------

    def run(self) -> ParsedDocument:
        self.read_pages()
        paras = self.paragraphs()
        self.since = self.find_since()
        mode = "head"  # head → priority → (part) → closing → signed
        priority: int | None = None  # index into themes
        priority_number = 0
        section: int | None = None
        section_number = 0
        measure: _Measure | None = None
        closed_by: int | None = None
        signed = False
        name_read = False
        after_signature: int | None = None
        last_line = next((i for i in range(len(self.lines), 0, -1) if self.lines[i - 1].strip()), 1)

        for i, para in enumerate(paras):
            following = paras[i + 1] if i + 1 < len(paras) else None
            first = para.lines[0].text
            lowered = clean(first).lower().rstrip(" :")

            if m := _PRIORITY.match(first):
                number = int(m.group(1))
                if number != priority_number + 1:
                    raise self.error(
                        para.first,
                        f"expected 'Prioriteit {priority_number + 1}', found 'Prioriteit {number}'",
                    )
                if mode not in ("head", "priority"):
                    raise self.error(
                        para.first, f"'Prioriteit {number}' after the end of the priorities"
                    )
                self.finish_priority(priority, section, para.first)
                taken = max(1, self.heading_lines(para, following, name=m.group(2)))
                title, markers = self.heading_text(para.lines[:taken])
                name = clean(_PRIORITY.sub(r"\2", title))
                self.doc.themes.append(
                    ParsedTheme(
                        level=1,
                        name=name,
                        raw=title,
                        line=para.first,
                        number=str(number),
                        footnotes=markers,
                    )
                )
                priority = len(self.doc.themes) - 1
                priority_number = number
                section, section_number, measure = None, 0, None
                mode = "priority"
                self.add_text(para.lines[taken:], theme=priority, where=(priority, None))
                continue

            if mode == "priority" and (m := _SECTION.match(first)) and _heading_like(m.group(3)):
                major, minor = int(m.group(1)), int(m.group(2))
                assert priority is not None
                if major != priority_number:
                    raise self.error(
                        para.first,
                        f"section {major}.{minor} stands under 'Prioriteit {priority_number}'; "
                        f"expected a section numbered {priority_number}.{section_number + 1}",
                    )
                if minor <= section_number:
                    raise self.error(
                        para.first,
                        f"section {major}.{minor} after {major}.{section_number}; expected "
                        f"{major}.{section_number + 1}",
                    )
                if minor > section_number + 1:
                    self.doc.warn(
                        para.first,
                        f"section {major}.{section_number + 1} is missing before {major}.{minor}",
                    )
                self.finish_section(section)
                taken = max(1, self.heading_lines(para, following, name=m.group(3)))
                title, markers = self.heading_text(para.lines[:taken])
                name = clean(_SECTION.sub(r"\3", title))
                self.doc.themes.append(
                    ParsedTheme(
                        level=2,
                        name=name,
                        raw=title,
                        line=para.first,
                        number=f"{major}.{minor}",
                        parent=priority,
                        footnotes=markers,
                    )
                )
                section = len(self.doc.themes) - 1
                section_number = minor
                measure = None
                self.add_text(para.lines[taken:], theme=section, where=(priority, section))
                continue

            if lowered in _CLOSING_HEADINGS and mode not in ("head", "signed"):
                self.finish_priority(priority, section, para.first)
                priority, section, measure = None, None, None
                mode = "closing"
                closed_by = para.first
                self.add_text(para.lines[1:], theme=None, where=(None, None))
                continue

            if lowered in _PART_HEADINGS and mode in ("priority", "part"):
                self.finish_priority(priority, section, para.first)
                title, markers = self.heading_text(para.lines[:1])
                self.doc.themes.append(ParsedTheme(level=1, name=title, raw=title, line=para.first))
                part = len(self.doc.themes) - 1
                priority, section = None, None
                measure = _Measure(title, para.first, para.first, part, None, markers)
                self.measures.append(measure)
                mode = "part"
                self.add_measure_text(measure, para.lines[1:])
                continue

            if mode in ("head", "closing") and _SIGNATURE.match(first):
                signed = True
                mode = "signed"
                self.add_text(para.lines, theme=None, where=(None, None))
                continue

            if mode == "signed":
                # The name under the signature, then nothing more: anything else (an annex)
                # is reported, not read.
                rest = para.lines[1:] if not name_read else para.lines
                name_read = True
                if rest and after_signature is None:
                    after_signature = rest[0].number
                    self.doc.warn(
                        rest[0].number,
                        "text after the signature (an annex?) is not read as measures: "
                        f"{clean(rest[0].text)[:80]!r}",
                    )
                self.add_text(para.lines, theme=None, where=(None, None))
                continue

            if mode == "priority" and section is not None:
                taken = self.heading_lines(para, following)
                if taken and lowered not in _INTRO_HEADINGS:
                    title, markers = self.heading_text(para.lines[:taken])
                    measure = _Measure(
                        title,
                        para.first,
                        para.lines[taken - 1].number,
                        priority if priority is not None else 0,
                        section,
                        markers,
                    )
                    self.measures.append(measure)
                    self.add_measure_text(measure, para.lines[taken:])
                    continue

            if measure is not None and mode in ("priority", "part"):
                self.add_measure_text(measure, para.lines)
            elif mode == "priority":
                self.add_text(
                    para.lines,
                    theme=section if section is not None else priority,
                    where=(priority, section),
                )
            else:
                self.add_text(para.lines, theme=None, where=(None, None))

        if priority_number == 0:
            raise self.error(
                1,
                "no priority heading was found; expected 'Prioriteit 1. <name>' followed by "
                "sections '1.1 <name>' and their measures",
            )
        if mode == "priority" or (mode == "part" and closed_by is None and not signed):
            where = self.doc.themes[section].raw if section is not None else "the last part"
            raise self.error(
                last_line,
                f"the document ends inside '{where}' without a closing section ('Afsluiting') "
                "or a signature; expected more text (the file seems truncated)",
            )
        self.finish_priority(priority, section, last_line)
        self.finish()
        return self.doc

    def heading_lines(self, para: _Para, following: _Para | None, name: str | None = None) -> int:
        """How many of the paragraph's first lines are a heading (0: none); see _heading_lines.
        For a numbered heading, ``name`` is its first line without the number."""
        lines = [line.text for line in para.lines]
        if name is not None:
            lines[0] = name
        return _heading_lines(lines, has_following=following is not None or name is not None)

    def heading_text(self, lines: list[_Line]) -> tuple[str, list[str]]:
        text = self.join([line.text for line in lines])
        text, markers = self.extract_markers(text)
        return clean(text), markers

    def add_text(
        self, lines: list[_Line], *, theme: int | None, where: tuple[int | None, int | None]
    ) -> None:
        """Text that is not a measure's: its footnote markers are kept for ``theme``, and a
        motion it names becomes a record of its own (``where`` = its theme and sub-theme)."""
        if not lines:
            return
        self.pending_markers = []
        self.paragraph_text(lines)
        if theme is not None:
            self.themes_markers.setdefault(theme, []).extend(self.pending_markers)
        self.pending_markers = []
        for sentence, markers in self.sentences:
            if "moti" not in sentence.lower():
                continue
            for motion in motions_in_text(sentence):
                head = motion.raw.split()[0]
                line = next((ln.number for ln in lines if head in ln.text), lines[0].number)
                self.loose_motions.append(
                    _LooseMotion(motion, sentence, markers, where[0], where[1], line)
                )

    def add_measure_text(self, measure: _Measure, lines: list[_Line]) -> None:
        if not lines:
            return
        self.pending_markers = []
        text, bullets = self.paragraph_text(lines)
        measure.markers.extend(self.pending_markers)
        self.pending_markers = []
        if text and measure.paragraphs and _BULLET.match(lines[0].text):
            measure.paragraphs[-1] += "\n" + text  # a list goes on after a page break
        elif text:
            measure.paragraphs.append(text)
        measure.bullets.extend(bullets)
        measure.line_end = max(measure.line_end, lines[-1].number)

    def finish_section(self, section: int | None) -> None:
        if section is None:
            return
        if not any(m.subtheme == section for m in self.measures):
            theme = self.doc.themes[section]
            self.doc.warn(theme.line, f"section {theme.number} '{theme.name}' has no measures")

    def finish_priority(self, priority: int | None, section: int | None, line: int) -> None:
        self.finish_section(section)
        if priority is None:
            return
        theme = self.doc.themes[priority]
        if not any(t.parent == priority for t in self.doc.themes):
            self.doc.warn(theme.line, f"'Prioriteit {theme.number}' has no sections")

    # -- finishing: measures become records ----------------------------------------------------

    def find_since(self) -> date | None:
        """The day the note speaks from, to tell plans from history: its date; without one,
        1 July of the latest parliamentary session its own paper or its footnotes cite
        (``2024/2025`` → 1 July 2025, the middle of the year it was written in)."""
        if self.doc.date is not None:
            return self.doc.date
        papers: list[PaperRef] = [r for f in self.doc.footnotes for r in f.refs]
        if self.doc.kamerstuk is not None:
            papers.append(self.doc.kamerstuk)
        years = [int(r.session_year[-4:]) for r in papers if r.session_year]
        return date(max(years), 7, 1) if years else None

    def finish(self) -> None:
        footnotes = {f.marker: f for f in self.doc.footnotes}
        for index, markers in self.themes_markers.items():
            theme = self.doc.themes[index]
            theme.footnotes = list(dict.fromkeys([*theme.footnotes, *markers]))
        for m in self.measures:
            text = "\n\n".join(m.paragraphs)
            markers = list(dict.fromkeys(m.markers))
            refs = list(dict.fromkeys([*_paper_refs(m.title), *_paper_refs(text)]))
            urls = [u for u in _URL.findall(text)]
            for marker in markers:
                if marker in footnotes:
                    urls.extend(_URL.findall(footnotes[marker].text))
            if not text:
                self.doc.warn(m.line_start, f"measure {m.title!r} has no text")
            self.doc.records.append(
                ParsedRecord(
                    kind="measure",
                    title=m.title,
                    line_start=m.line_start,
                    line_end=m.line_end,
                    theme=m.theme,
                    subtheme=m.subtheme,
                    status=None,
                    when=self.period(text),
                    who=Who(raw="", codes=ministries_in_text(text), unknown=()),
                    explanation=text,
                    footnotes=markers,
                    bullets=m.bullets,
                    refs=refs,
                    mentions=self.mentions(text, [footnotes[k] for k in markers if k in footnotes]),
                    urls=list(dict.fromkeys(urls)),
                )
            )
        self.add_loose_motions(footnotes)
        self.check_footnotes()

    @staticmethod
    def mentions(text: str, footnotes: list[ParsedFootnote]) -> list[MotionTitle]:
        """The motions a measure's text names, and those named in the footnotes it cites."""
        found: dict[tuple[tuple[str, ...], str], MotionTitle] = {}
        for source in [text, *(f.text for f in footnotes)]:
            if "moti" in source.lower():
                for motion in motions_in_text(source):
                    found.setdefault(_motion_key(motion), motion)
        return list(found.values())

    def add_loose_motions(self, footnotes: dict[str, ParsedFootnote]) -> None:
        """A motion named outside the measures (the introduction, a section's introduction, a
        footnote no measure cites) becomes a record of kind ``motion`` of its own; a motion a
        measure names is left to that measure's mentions."""
        named = {_motion_key(m) for r in self.doc.records for m in r.mentions}
        by_measure = {k for m in self.measures for k in m.markers}
        theme_of = {k: i for i, ks in self.themes_markers.items() for k in ks}
        loose = list(self.loose_motions)
        for footnote in self.doc.footnotes:
            if footnote.marker in by_measure or "moti" not in footnote.text.lower():
                continue
            theme = theme_of.get(footnote.marker)
            parent = self.doc.themes[theme].parent if theme is not None else None
            where = (parent, theme) if parent is not None else (theme, None)
            for motion in motions_in_text(footnote.text):
                loose.append(
                    _LooseMotion(motion, footnote.text, [], where[0], where[1], footnote.line)
                )
        for item in sorted(loose, key=lambda x: x.line):
            key = _motion_key(item.motion)
            if key in named:
                continue
            named.add(key)
            cited = [footnotes[k] for k in item.markers if k in footnotes]
            self.doc.records.append(
                ParsedRecord(
                    kind="motion",
                    title=item.motion.raw,
                    line_start=item.line,
                    line_end=item.line,
                    theme=item.theme,
                    subtheme=item.subtheme,
                    status=None,
                    when=parse_wanneer(""),
                    who=Who(raw="", codes=ministries_in_text(item.text), unknown=()),
                    explanation=item.text,
                    footnotes=item.markers,
                    motion=item.motion,
                    number=item.motion.number or "",
                    refs=_paper_refs(item.text),
                    urls=[u for f in cited for u in _URL.findall(f.text)],
                )
            )

    def period(self, text: str) -> Due:
        return _period(text, self.since)

    def check_footnotes(self) -> None:
        for footnote in self.doc.footnotes:
            if footnote.marker not in self.cited:
                self.doc.warn(footnote.line, f"footnote {footnote.marker} is never cited")
            for ref in footnote.refs:
                if ref.kind == "kamerstuk" and ref.dossier is None:
                    self.doc.warn(
                        footnote.line,
                        f"footnote {footnote.marker} cites a parliamentary paper without a "
                        f"recognisable dossier number: {ref.raw!r}",
                    )
        if not self.doc.title:
            self.doc.title = "Emancipatienota"
            self.doc.warn(
                None,
                "the document states no title ('Betreft …'); it is called 'Emancipatienota'",
            )


def _heading_lines(lines: list[str], *, has_following: bool) -> int:
    """How many of a paragraph's first lines form a heading; 0 when it starts with prose.

    A heading is the first line of a paragraph (after an empty line or a page break) that
    starts with a capital, holds no sentence end, does not end with ``.``/``,``/``;``/``:`` and
    is at most 110 characters long; and then:

    - it stands alone in its paragraph and text follows (a heading with an empty line under it);
    - or the next line starts with a capital (a new sentence), and the line does not end with
      a word that cannot end a heading (``de``, ``van``, ``en`` …): that would be a sentence the
      PDF tool wrapped before a name;
    - or it wraps: the next line starts in lower case (or with a digit or bracket), is short
      (at most 60 characters), ends and holds no sentence, and either the first line cannot end
      there (a hyphen, a function word, an open bracket or quote) or the next line has at most
      40 characters; the line after the two (if any) starts with a capital.

    A paragraph whose first line continues in lower case with a sentence in it is prose: the
    PDF tool wrapped a sentence (``Het kabinet heeft eerder laten weten … te`` + ``stimuleren.``).
    """
    if not lines or not _heading_like(lines[0]):
        return 0
    first = lines[0].strip()
    if len(lines) == 1:
        return 1 if has_following else 0
    second = lines[1].strip()
    if _starts_upper(second) and _unbalanced(first) and not _unbalanced(f"{first} {second}"):
        pass  # "Subsidie ‘Werk en" + "Zorg’": the second line closes the first one's quote
    elif _starts_upper(second) or _BULLET.match(second):
        return 0 if _last_word(first) in _FUNCTION_WORDS else 1
    head = second[:1]
    if not (head.islower() or head.isdigit() or head in "(‘'\"“" or _unbalanced(first)):
        return 0
    if len(second) > 60 or second[-1] in ".,;:" or _INNER_SENTENCE_END.search(second):
        return 0
    if not (_dangling(first) or len(second) <= 40):
        return 0
    if len(lines) > 2 and not (_starts_upper(lines[2]) or _BULLET.match(lines[2])):
        return 0
    if len(lines) == 2 and not has_following:
        return 0
    return 2


def _motion_key(motion: MotionTitle) -> tuple[tuple[str, ...], str]:
    """One motion, however often it is named: its submitters and its paper number."""
    return tuple(name.lower() for name in motion.submitters), motion.number or ""


def _paper_refs(text: str) -> list[PaperRef]:
    lowered = text.lower()
    return list(find_paper_refs(text)) if any(h in lowered for h in _PAPER_HINTS) else []


def _period(text: str, since: date | None) -> Due:
    """The first period the text states plainly, parsed with ``parse_wanneer`` (raw = phrase).

    Ranges and open ends come first (``van 2024 tot en met 2030``, ``2023 tot en met 2027``,
    ``loopt tot en met 2026``, ``tot eind 2025``, ``uiterlijk juni 2027``, ``vanaf begin 2025``);
    without one, the first single period (``in het najaar van 2025``, ``begin 2026``,
    ``in 2026``, ``op 1 augustus 2026``) that does not end before the day the note speaks from
    (``since``; ``startte in 2024`` is history, not a plan). Nothing found:
    ``parse_wanneer("")``.
    """
    # Only sentences that name a year can state a period: the forms are tried on those alone.
    sentences = [s for s in _SENTENCE_SPLIT.split(" ".join(text.split())) if _YEAR_RE.search(s)]
    for sentence in sentences:
        spans = sorted((m.start(), m.group(0)) for f in _SPAN_FORMS for m in f.finditer(sentence))
        for _, phrase in spans:
            due = _parse_phrase(phrase)
            if due is not None:
                return due
    for sentence in sentences:
        points = sorted((m.start(), m.group(0)) for f in _POINT_FORMS for m in f.finditer(sentence))
        for _, phrase in points:
            due = _parse_phrase(phrase)
            if due is None or due.end is None:
                continue
            if since is not None and due.end < since:
                continue
            return due
    return parse_wanneer("")


def _parse_phrase(phrase: str) -> Due | None:
    due = parse_wanneer(phrase)
    if due.parsed and due.has_dates:
        return due
    # core.wanneer does not read "van mei tot en met juni 2024" (a month without its year on
    # the left of "van … tot en met"); without the "van" its range borrowing does.
    if re.match(r"(?i)(?:loopt\s+)?van\s", phrase):
        bare = re.sub(r"(?i)^(?:loopt\s+)?van\s+", "", phrase)
        due = parse_wanneer(bare)
        if due.parsed and due.has_dates:
            return replace(due, raw=phrase)
    return None


def parse(text: str, *, name: str, sha256: str = "", size: int = 0) -> ParsedDocument:
    """Parse an emancipation note. Raises :class:`ParseError` naming the file and line."""
    return _Parser(text, name=name, sha256=sha256, size=size).run()
