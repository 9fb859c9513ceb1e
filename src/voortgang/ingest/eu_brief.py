"""The yearly letter to parliament on gender equality, SRGR and lhbtiq+ equality in the EU.

Text exported from the published PDF of the parliamentary paper (``shared/seeds/004_…txt``;
the bundled sample ``src/voortgang/samples/eu-brief-voorbeeld.txt``). The layout this importer
understands:

- running prose in paragraphs separated by blank lines, under one-line section headings
  ("Europese samenwerking" — a line standing alone between blank lines, short, starting with a
  capital, without final punctuation; ``1. Heading`` keeps its number); text before the first
  heading is the introduction (records without a theme);
- page furniture, removed wherever it stands: the running header or footer of the paper
  (``Tweede Kamer, vergaderjaar 2024–2025, 30 420, nr. 415 2``, the page number glued on after
  a space), lines holding only a page number (``3``) or ``Pagina 3 van 4``, form feeds;
- footnotes at the bottom of each page: a line ``N text`` after a blank line, numbered 1, 2, 3 …
  through the letter, wrapped over several lines (even across a blank line when the line before
  is unfinished); the block ends at the running header, at a line the PDF tool indented by a
  space (the next page's first line), at a heading, or at a blank line after a finished
  footnote. Superscript markers (``¹``) are understood too;
- footnote markers glued to words (``lhbtiq+1``, ``jaarlijks.2``, ``EU.9``): a number right after a
  lower-case letter, ``+``, ``)`` or a quote, or after punctuation that follows a word; only the
  next number in sequence counts as a marker (after punctuation it may skip two missing ones),
  so ``art. 19`` or ``32 Europese landen`` are text;
- a paragraph interrupted by a page break (footnotes, header) continues on the next page when its
  last line was unfinished (no final ``.``, ``!``, ``?`` or ``:``);
- words hyphenated across lines are repaired: ``wetswijzi-`` + ``gingen`` → ``wetswijzigingen``.
  The hyphen is kept when the part before it ends in a capital, digit or sign (``EU-`` +
  ``lidstaten``, ``lhbtiq+-`` + ``gemeenschap``), when the next part starts with a capital or
  digit (``Commissie-`` + ``Von der Leyen``), when the part before is a prefix that takes a hyphen
  (``niet-`` + ``gouvernementele``, ``non-``), when joining would glue two vowels into one sound
  (``co-`` + ``ouderschap``, ``zee-`` + ``egel``), and with its space when the next word is a
  conjunction (``gender-`` + ``en seksespecifiek`` → ``gender- en seksespecifiek``);
- the closing: ``De Minister van …,`` / ``De Staatssecretaris van …,`` with the signatory's name
  (also ``Hoogachtend,``); nothing after it is a record;
- an optional date line (``Den Haag, 9 december 2025`` or ``Datum: …``).

Records: a *commitment* is a sentence whose main clause has the Dutch government as its subject
— ``Nederland``, ``het kabinet``, ``we``/``wij``/``ik``, a ministry or minister (``het Ministerie
van …``), a Dutch envoy (``de Nederlandse Mensenrechtenambassadeur``) — not after a preposition,
a subordinating word or ``ook``/``niet`` (``raakt ook Nederland``, ``wat het kabinet``), and not
a statement of membership (``Nederland maakt deel uit van …``). Its record holds that sentence and
the sentences after it in the same paragraph up to the next such sentence (they elaborate it);
sentences before the first one of a paragraph lead into it and belong to it too. A paragraph
without such a sentence is context and no record. Title: the sentence (cut at a clause boundary
to at most 200 characters); ``when``: the first period stated plainly (``in mei 2024``,
``in Q1–2025``, ``tot en met 2027``, ``jaarlijks``) in that sentence, else in the sentences
after it, never inside a clause of reason or time (``aangezien …``, ``nadat …``).

The document's own paper comes from the running header, its title from the sentence
``In deze brief … op het gebied van <subject>.`` (else the paper number).

Errors (:class:`ParseError` with the file name and line): no letter text, a letter that stops
mid-sentence or without its closing signature (truncated).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from voortgang.core.dates import MONTH_PATTERN, parse_dutch_date
from voortgang.core.kamerstuk import PaperRef, find_paper_refs, parse_paper_ref
from voortgang.core.ministries import Who, ministries_in_text
from voortgang.core.motions import motions_in_text
from voortgang.core.text import SUPERSCRIPTS, clean, superscript_to_digits
from voortgang.core.wanneer import Due, parse_wanneer
from voortgang.ingest.base import (
    ParsedDocument,
    ParsedFootnote,
    ParsedRecord,
    ParsedTheme,
    ParseError,
)

FORMAT = "eu_brief"
DESCRIPTION = (
    "Kamerbrief over gendergelijkheid, SRGR en lhbtiq+-gelijkheid in de EU "
    "(lopende kop 'Tweede Kamer, vergaderjaar …, nr. …', ondertekening)"
)

TITLE_MAX = 200

# -- page furniture ------------------------------------------------------------------------

_RUNNING_HEADER = re.compile(
    r"^\s*(?P<paper>(?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[-\u2010-\u2015]\s*\d{4},"
    r"\s+[\d ]{5,6}(?:-[A-Z0-9]+)?(?:\s+en\s+[\d ]{5,6})?,\s+nr\.\s*\d{1,5})"
    r"(?:\s+(?P<page>\d{1,3}))?\s*$"
)
_PAGE_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[Pp]agina\s+\d{1,3}(?:\s+van\s+\d{1,3})?)\s*$")
_DATE_LINE = re.compile(
    r"^\s*(?:(?:Den Haag|'s-Gravenhage),?|Datum:?)\s+"
    rf"(?P<date>\d{{1,2}}\s+{MONTH_PATTERN}\s+\d{{4}})\s*$",
    re.IGNORECASE,
)

# -- footnotes -----------------------------------------------------------------------------

_FOOTNOTE_START = re.compile(
    rf"^\s*(?:(?P<n>\d{{1,3}})\s+|(?P<sup>[{SUPERSCRIPTS}]{{1,3}})\s*)(?P<text>\S.*)$"
)
#: A marker glued to the word before it (see the module documentation): a superscript, a number
#: right after a lower-case letter, a sign or a bracket (``word``), or right after punctuation
#: that follows a word (``punct``).
_MARKER = re.compile(
    rf"(?P<sup>\s?[{SUPERSCRIPTS}]+)"
    r"|(?<=[a-zà-öø-ÿ+)’”\"'])(?P<word>\d{1,3})(?=[\s.,;:!?)]|$)"
    r"|(?:(?<=[^\W\d_][.,;:!?])|(?<=\)[.,;:!?])|(?<=[^\W\d_][.!?][’”\"])|(?<=\d{4}[.!?]))"
    r"(?P<punct>\d{1,3})(?=[\s.,;:!?)]|$)"
)
#: How far a marker after punctuation may skip ahead when the one(s) before it were not found.
_MARKER_SKIP = 2

# -- structure -----------------------------------------------------------------------------

_CLOSING = re.compile(
    r"^\s*(?:(?:De|Het)\s+(?:[Mm]inister|[Ss]taatssecretaris|[Mm]inister-[Pp]resident)\b.{0,90},"
    r"|Hoogachtend,?|Met\s+(?:vriendelijke|hoogachtende)\s+groet(?:en)?,?)\s*$"
)
_HEADING_NUMBER = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.\s+(?P<rest>\S.*)$")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FUNCTION_WORDS = _wordset(
    "de het een en of van voor op in met aan te die dat door bij naar om tot als over"
)
_SENTENCE_END = (".", "!", "?", ":")
_EU_TERMS = re.compile(
    r"(?<![\w-])(?:EU(?![a-z])|Europese\s+(?:Unie|Commissie|Raad)|Raad\s+van\s+(?:de\s+EU|Europa)"
    r"|Europees\s+Parlement)"
)

# -- hyphenation ---------------------------------------------------------------------------

#: Prefixes written with a hyphen in Dutch compounds ("niet-gouvernementeel", "non-binair").
_HYPHEN_PREFIXES = frozenset({"niet", "non"})
#: Two vowels that would read as one sound when glued ("co-ouderschap", "zee-egel").
_VOWEL_CLASH = frozenset({"aa", "ee", "oo", "uu", "ie", "ei", "eu", "ou", "au", "ui", "oe"})
_CONJUNCTIONS = frozenset({"en", "of", "tot", "t/m", "noch", "and", "or", "&"})

# -- sentences and commitments -------------------------------------------------------------

_ABBREVIATIONS = _wordset(
    "art nr nrs blz p pag o.a bijv bv d.w.z e.d enz incl excl ca dhr mevr mr dr prof ir ing drs "
    "jl a.s zgn m.b.t t.a.v i.v.m resp vs st"
)
_BOUNDARY = re.compile(r"(?<=[.!?])[)’”\"]?\s+(?=[\"“‘(]?[A-ZÀ-ÖØ-Þ0-9])")
_ACTOR = re.compile(
    r"(?<![\w-])(?:Nederland|(?:het|dit)\s+kabinet|we|wij|ik"
    r"|(?:het|de)\s+(?:ministerie|minister|staatssecretaris|minister-president)s?\s+(?:van|voor)"
    r"\s+(?-i:[A-ZÀ-Þ])\w*"
    r"|(?:de\s+)?Nederlandse\s+(?:permanent(?:e)?\s+vertegenwoordig(?:er|ing)|regering|delegatie"
    r"|ambassades?|\w*ambassadeur|\w*gezant))(?![\w-])",
    re.IGNORECASE,
)
#: Words after which an actor is not the subject of a main clause.
_NOT_SUBJECT_AFTER = _wordset(
    "in voor van door aan op met bij naar uit over tot tussen tegen via namens zonder onder "
    "binnen buiten om per zoals dan richting jegens volgens sinds na rond naast vanuit tijdens "
    "wegens ondanks ter ten "
    "dat die wat waar wie welke omdat wanneer indien of waarin waarmee waardoor waarvoor "
    "waarop waarbij zodat terwijl nadat voordat toen aangezien hoewel doordat als "
    "ook niet zelfs alleen nog al zowel noch"
)
_STATIVE = re.compile(
    r"^\s+(?:maakt|maken)\s+(?:\w+\s+)?deel\s+uit|^\s+(?:is|zijn)\s+lid\b|^\s+(?:behoort|behoren)"
    r"\s+tot\b",
    re.IGNORECASE,
)

# -- timing --------------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d{2}"
_PERIOD = (
    rf"(?:Q[1-4]\s*[-\u2013]?\s*{_YEAR}"
    rf"|(?:het\s+)?(?:eerste|tweede|derde|vierde|[1-4]e)\s+kwartaal(?:\s+van)?\s+{_YEAR}"
    rf"|(?:de\s+)?(?:eerste|tweede|[12]e)\s+helft(?:\s+van)?\s+{_YEAR}"
    rf"|\d{{1,2}}\s+{MONTH_PATTERN}\s+{_YEAR}"
    rf"|(?:begin|eind|medio)\s+(?:{MONTH_PATTERN}\s+)?{_YEAR}"
    rf"|(?:het\s+|de\s+)?(?:{MONTH_PATTERN}|voorjaar|zomer|najaar)(?:\s+van)?\s+{_YEAR}"
    rf"|{_YEAR}(?:\s*[-\u2013]\s*{_YEAR})?)"
)
_TIMING = re.compile(
    rf"(?<![\w-])(?:(?:in|vanaf|tot\s+en\s+met|t/m|tot|uiterlijk|per)\s+{_PERIOD}"
    rf"|(?:begin|eind|medio)\s+(?:{MONTH_PATTERN}\s+)?{_YEAR}"
    r"|jaarlijks|ieder\s+jaar|elk\s+jaar|doorlopend)(?![\w/]|\s*[-\u2013]\s*\d)",
    re.IGNORECASE,
)
#: Clauses of reason or time: a period in them is not the commitment's own timing.
_SIDE_CLAUSE = re.compile(
    r"(?<![\w-])(?:nadat|aangezien|omdat|doordat|want|terwijl|voordat|toen|hoewel)\b[^,;]*",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"\b(?:het|de)\s+", re.IGNORECASE)

_SUBJECT = re.compile(
    r"\bIn\s+deze\s+brief\b[^.]*?\bop\s+het\s+gebied\s+van\s+(?P<topic>[^.]+?)\s*\.", re.DOTALL
)


def _running_header(line: str) -> PaperRef | None:
    m = _RUNNING_HEADER.match(line)
    return parse_paper_ref(m["paper"]) if m else None


def detect(text: str) -> bool:
    """An EU letter: a running header or a signed closing, and prose dense with the EU."""
    head = text[:300_000]
    lines = head.splitlines()
    framed = any(_RUNNING_HEADER.match(line) for line in lines) or any(
        _CLOSING.match(line) for line in lines
    )
    if not framed or head.count("\t") > 20:
        return False  # a table (the annex, the CEDAW overview), not a letter
    words = len(head.split())
    eu = len(_EU_TERMS.findall(head))
    return eu >= 5 and eu * 1000 >= 8 * words


# -- lines and paragraphs ------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    text: str  # white space collapsed, footnote markers removed
    raw: str
    markers: list[tuple[int, str]] = field(default_factory=list)  # (offset in text, marker)


@dataclass
class _Item:
    """What the page reader found: a body line, a blank line or a page break."""

    kind: str  # "body" | "blank" | "break"
    line: _Line | None = None


@dataclass
class _Footnote:
    marker: str
    line: int
    parts: list[str] = field(default_factory=list)


@dataclass
class _Paragraph:
    lines: list[_Line]
    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset of each line in text
    markers: list[tuple[int, str]] = field(default_factory=list)

    def build(self) -> None:
        text = ""
        self.starts = []
        self.markers = []
        for line in self.lines:
            text, start = _join(text, line.text) if text else (line.text, 0)
            self.starts.append(start)
            self.markers.extend((start + pos, marker) for pos, marker in line.markers)
        self.text = text

    def line_at(self, offset: int) -> int:
        index = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return self.lines[index].number

    @property
    def unfinished(self) -> bool:
        return not self.lines[-1].text.rstrip(")’”\"' ").endswith(_SENTENCE_END)


def _join(left: str, right: str) -> tuple[str, int]:
    """Join two wrapped lines, repairing a word hyphenated across them (see the module doc).

    Returns the joined text and where ``right`` starts in it.
    """
    if left.endswith("\u00ad"):
        left = left[:-1] + "-"
    if not (left.endswith("-") and len(left) >= 2 and not left[-2].isspace()) or not right:
        return f"{left} {right}", len(left) + 1
    before, first = left[-2], right[0]
    next_word = right.split(maxsplit=1)[0].casefold()
    fragment = re.search(r"([^\W\d_]*)-$", left)
    part = fragment.group(1).casefold() if fragment else ""
    if next_word in _CONJUNCTIONS:
        return f"{left} {right}", len(left) + 1  # "gender- en …": a suspended compound
    if (
        not before.islower()
        or not first.islower()
        or part in _HYPHEN_PREFIXES
        or f"{before}{first}".casefold() in _VOWEL_CLASH
    ):
        return left + right, len(left)  # a real hyphen: "EU-lidstaten", "co-ouderschap"
    return left[:-1] + right, len(left) - 1  # "wetswijzi-" + "gingen"


def _heading_like(text: str) -> bool:
    words = text.split()
    if not words or len(text) > 70 or len(words) > 9:
        return False
    first = text[0]
    if not (first.isupper() or (first.isdigit() and _HEADING_NUMBER.match(text))):
        return False
    if text.endswith((".", ",", ";", ":", "!", "?", "-", "–")):
        return False
    return words[-1].casefold() not in _FUNCTION_WORDS


class _Parser:
    def __init__(self, text: str, *, name: str, sha256: str, size: int) -> None:
        self.name = name
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.doc = ParsedDocument(
            name=name, sha256=sha256, format=FORMAT, size=size, line_count=len(self.lines)
        )
        self.items: list[_Item] = []
        self.footnotes: list[_Footnote] = []
        self.next_marker = 1
        self.cited: list[tuple[str, int]] = []  # (marker, line) in reading order
        self.headers: list[tuple[int, PaperRef]] = []

    def error(self, line: int | None, message: str) -> ParseError:
        return ParseError(self.name, line, message)

    # -- phase 1: pages → body lines, footnotes, furniture ---------------------------------

    def read_pages(self) -> None:
        in_footnote = False
        prev_blank = True
        total = len(self.lines)
        for index, source in enumerate(self.lines):
            number = index + 1
            raw = source.rstrip()
            if "\f" in raw:
                raw = raw.replace("\f", "")
                self.items.append(_Item("break"))
            if not raw.strip():
                self.items.append(_Item("blank"))
                prev_blank = True
                continue
            header = _running_header(raw)
            if header is not None or _PAGE_NUMBER.match(raw):
                if header is not None:
                    self.headers.append((number, header))
                self.items.append(_Item("break"))
                in_footnote = False
                prev_blank = True
                continue
            if not self.doc.date and not self.footnotes and (m := _DATE_LINE.match(raw)):
                self.doc.date = parse_dutch_date(m["date"])
                prev_blank = True
                continue
            start = self.footnote_start(raw)
            expected = len(self.footnotes) + 1
            if in_footnote:
                if start and start[0] == expected:
                    self.add_footnote(number, start)
                    prev_blank = False
                    continue
                if start and prev_blank and start[1][:1].isupper() and not raw[:1].isspace():
                    self.doc.warn(
                        number,
                        f"a footnote numbered {start[0]} where {expected} was expected; "
                        f"kept as text of footnote {expected - 1}",
                    )
                    self.footnotes[-1].parts.append(clean(raw))
                    prev_blank = False
                    continue
                following_blank = number == total or not self.lines[number].strip()
                resumes = raw[:1].isspace() or (
                    prev_blank
                    and (
                        (following_blank and _heading_like(clean(raw)))
                        or not self.footnote_unfinished()
                    )
                )
                if not resumes:
                    self.footnotes[-1].parts.append(clean(raw))
                    prev_blank = False
                    continue
                in_footnote = False
                self.items.append(_Item("break"))
            elif (
                start
                and start[0] == expected
                and (prev_blank or start[0] < self.next_marker)
                and (start[0] < self.next_marker or start[1][:1].isupper())
            ):
                self.items.append(_Item("break"))
                self.add_footnote(number, start)
                in_footnote = True
                prev_blank = False
                continue
            self.items.append(_Item("body", self.body_line(number, raw)))
            prev_blank = False

    @staticmethod
    def footnote_start(raw: str) -> tuple[int, str] | None:
        m = _FOOTNOTE_START.match(raw)
        if not m:
            return None
        return int(m["n"] or superscript_to_digits(m["sup"])), m["text"]

    def add_footnote(self, number: int, start: tuple[int, str]) -> None:
        self.footnotes.append(_Footnote(marker=str(start[0]), line=number, parts=[clean(start[1])]))

    def footnote_unfinished(self) -> bool:
        last = self.footnotes[-1].parts[-1]
        return not last.endswith((".", ")", "!", "?"))

    def body_line(self, number: int, raw: str) -> _Line:
        """A line of the letter's text: white space collapsed, glued markers taken off."""
        text = " ".join(raw.split())
        markers: list[tuple[int, str]] = []
        out: list[str] = []
        pos = 0
        for m in _MARKER.finditer(text):
            if m["sup"]:
                marker = superscript_to_digits(m["sup"].strip())
            elif m["word"] and int(m["word"]) == self.next_marker:
                marker = m["word"]
            elif m["punct"] and 0 <= int(m["punct"]) - self.next_marker <= _MARKER_SKIP:
                marker = m["punct"]  # a missing marker before it does not hide this one
            else:
                continue
            self.next_marker = max(self.next_marker, int(marker) + 1)
            self.cited.append((marker, number))
            out.append(text[pos : m.start()])
            markers.append((sum(len(s) for s in out), marker))
            pos = m.end()
        out.append(text[pos:])
        return _Line(number=number, text="".join(out), raw=raw, markers=markers)

    # -- phase 2: body lines → paragraphs, headings, closing -------------------------------

    def paragraphs(self) -> list[_Paragraph]:
        found: list[_Paragraph] = []
        current: _Paragraph | None = None
        gap = broke = False
        for item in self.items:
            if item.kind == "blank":
                gap = True
                continue
            if item.kind == "break":
                broke = True
                continue
            assert item.line is not None
            if current is None:
                current = _Paragraph([item.line])
            elif broke and _runs_on(current):
                current.lines.append(item.line)  # the paragraph runs on after the page break
            elif broke or gap:
                found.append(current)
                current = _Paragraph([item.line])
            else:
                current.lines.append(item.line)
            gap = broke = False
        if current is not None:
            found.append(current)
        for paragraph in found:
            paragraph.build()
        return found

    def run(self) -> ParsedDocument:
        self.read_pages()
        paragraphs = self.paragraphs()
        if not paragraphs:
            raise self.error(1, "no letter text found; expected paragraphs of prose")
        self.own_paper()
        theme: int | None = None
        closing_at: int | None = None
        intro: list[_Paragraph] = []
        for paragraph in paragraphs:
            first = paragraph.lines[0]
            if closing_at is not None:
                if len(paragraph.text) > 80 and paragraph.text.endswith("."):
                    self.doc.warn(
                        first.number,
                        f"text after the signature was skipped: {paragraph.text[:60]!r}",
                    )
                continue
            if _is_closing(paragraph):
                closing_at = first.number
                continue
            if len(paragraph.lines) == 1 and _heading_like(paragraph.text):
                theme = self.add_theme(paragraph)
                continue
            if not self.doc.themes:
                intro.append(paragraph)
            self.add_records(paragraph, theme)
        last = self.last_text_line()
        if closing_at is None:
            tail = paragraphs[-1]
            if tail.unfinished:
                raise self.error(
                    last,
                    "the letter stops mid-sentence; expected the rest of the paragraph and the "
                    "closing ('De Minister van …,' with the signatory) — the file seems truncated",
                )
            raise self.error(
                last,
                "the letter ends without its closing ('De Minister van …,' or 'De "
                "Staatssecretaris van …,' with the signatory) — the file seems truncated",
            )
        if not self.doc.themes:
            self.doc.warn(None, "no section headings found; the records have no theme")
        self.set_title(intro)
        self.finish_footnotes()
        return self.doc

    def last_text_line(self) -> int:
        for index in range(len(self.lines) - 1, -1, -1):
            if self.lines[index].strip():
                return index + 1
        return 1

    def own_paper(self) -> None:
        if not self.headers:
            return
        counts = Counter(ref.key for _, ref in self.headers)
        key, _ = counts.most_common(1)[0]
        own = next(ref for _, ref in self.headers if ref.key == key)
        self.doc.kamerstuk = own
        for line, ref in self.headers:
            if ref.key != key:
                self.doc.warn(
                    line, f"a running header names another paper ({ref.raw}) than {own.raw}"
                )

    def add_theme(self, paragraph: _Paragraph) -> int:
        line = paragraph.lines[0]
        text = clean(paragraph.text)
        number = ""
        if m := _HEADING_NUMBER.match(text):
            number, text = m["num"], m["rest"]
        self.doc.themes.append(
            ParsedTheme(
                level=1,
                name=text,
                raw=line.raw.strip(),
                line=line.number,
                number=number,
                footnotes=[marker for _, marker in paragraph.markers],
            )
        )
        return len(self.doc.themes) - 1

    # -- records ---------------------------------------------------------------------------

    def add_records(self, paragraph: _Paragraph, theme: int | None) -> None:
        text = paragraph.text
        spans = _sentences(text)
        actors = [_actor_end(text[s:e]) for s, e in spans]
        heads = [i for i, end in enumerate(actors) if end is not None]
        if not heads:
            return
        for n, head in enumerate(heads):
            first = 0 if n == 0 else head
            last = heads[n + 1] - 1 if n + 1 < len(heads) else len(spans) - 1
            start, end = spans[first][0], spans[last][1]
            body = clean(text[start:end])
            raw_sentence = text[spans[head][0] : spans[head][1]]
            sentence = clean(raw_sentence)
            actor_end = len(clean(raw_sentence[: actors[head] or 0]))
            markers = [m for pos, m in paragraph.markers if start <= pos <= end]
            self.doc.records.append(
                ParsedRecord(
                    kind="commitment",
                    title=_short(sentence, actor_end),
                    line_start=paragraph.line_at(start),
                    line_end=paragraph.line_at(max(end - 1, start)),
                    theme=theme,
                    subtheme=None,
                    status=None,
                    when=_timing([text[s:e] for s, e in spans[head : last + 1]]),
                    who=Who(raw="", codes=ministries_in_text(body), unknown=()),
                    explanation=body,
                    footnotes=list(dict.fromkeys(markers)),
                    refs=list(find_paper_refs(body)),
                    mentions=list(motions_in_text(body)),
                )
            )

    def set_title(self, intro: list[_Paragraph]) -> None:
        for paragraph in intro:
            if m := _SUBJECT.search(paragraph.text):
                topic = clean(m["topic"])
                self.doc.title = f"Kamerbrief over {topic}"[:300]
                return
        own = self.doc.kamerstuk
        fallback = "the letter has no title"
        if own is not None and own.dossier and own.number:
            self.doc.title = f"Kamerbrief {own.dossier}, nr. {own.number}"
            fallback = "the title is the letter's paper number"
        self.doc.warn(
            None, f"no subject sentence ('In deze brief … op het gebied van …') found; {fallback}"
        )

    def finish_footnotes(self) -> None:
        for footnote in self.footnotes:
            text = ""
            for part in footnote.parts:
                text = _join(text, part)[0] if text else part
            text = clean(text)
            self.doc.footnotes.append(
                ParsedFootnote(
                    marker=footnote.marker,
                    text=text,
                    line=footnote.line,
                    refs=list(find_paper_refs(text)),
                )
            )
        given = {f.marker for f in self.footnotes}
        for marker, line in self.cited:
            if marker not in given:
                self.doc.warn(line, f"footnote {marker} is cited but not given")
        glued = {marker for marker, _ in self.cited}
        for footnote in self.footnotes:
            if footnote.marker not in glued:
                self.doc.warn(footnote.line, f"footnote {footnote.marker} is never cited")


def _runs_on(paragraph: _Paragraph) -> bool:
    """Does ``paragraph`` continue after a page break? Yes when its last line is unfinished
    (and it is not a one-line heading)."""
    lines = paragraph.lines
    if len(lines) == 1 and _heading_like(lines[0].text):
        return False
    return paragraph.unfinished


def _is_closing(paragraph: _Paragraph) -> bool:
    lines = paragraph.lines
    return (
        len(lines) <= 4
        and bool(_CLOSING.match(lines[0].text))
        and not any(line.text.endswith(".") and len(line.text) > 40 for line in lines)
    )


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph (Dutch abbreviations and initials do not end one)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()].rstrip(')’”"')
        word = before.rsplit(maxsplit=1)[-1] if before.strip() else ""
        stem = word.rstrip(".!?").casefold().lstrip("(")
        if word.endswith(".") and (stem in _ABBREVIATIONS or re.fullmatch(r"[a-z]", stem)):
            continue
        if word.endswith(".") and re.fullmatch(r"(?:[A-Z]\.)+", word):
            continue  # initials: "C.C.J. Veldkamp"
        spans.append((start, m.start() + len(m.group(0).rstrip())))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _actor_end(sentence: str) -> int | None:
    """Where the Dutch-government subject of ``sentence`` ends, or None when it has none."""
    for m in _ACTOR.finditer(sentence):
        before = sentence[: m.start()].rstrip()
        if before.endswith("("):
            continue
        words = re.findall(r"[\w’'-]+", before[-40:])
        if words and words[-1].casefold() in _NOT_SUBJECT_AFTER:
            continue  # "in Nederland", "raakt ook Nederland", "wat het kabinet"
        if words and words[-1][0].isupper():
            continue  # "Caribisch Nederland": the name is part of another name
        if _STATIVE.match(sentence[m.end() :]):
            continue  # "Nederland maakt deel uit van …": a fact, not a commitment
        return m.end()
    return None


def _short(sentence: str, actor_end: int = 0) -> str:
    """The sentence as a title: whole when it fits, else cut to at most ``TITLE_MAX`` characters
    at the last clause boundary after its subject (or else at a word boundary), never inside
    parentheses, with "…"."""
    if len(sentence) <= TITLE_MAX:
        return sentence
    cut = sentence[: TITLE_MAX - 1]
    least = max(60, actor_end + 20)

    def balanced(at: int) -> bool:
        return cut.count("(", 0, at) == cut.count(")", 0, at)

    clauses = sorted(
        (m.start() for m in re.finditer(r";|,| –| \(", cut) if m.start() >= least), reverse=True
    )
    words = sorted((m.start() for m in re.finditer(r" ", cut) if m.start() >= 40), reverse=True)
    for at in [*clauses, *words]:
        if balanced(at):
            return cut[:at].rstrip(" ,;:–") + "…"
    return cut.rstrip() + "…"


def _timing(sentences: list[str]) -> Due:
    """The first period stated plainly in the commitment's sentence, else in the next ones."""
    for sentence in sentences:
        text = _SIDE_CLAUSE.sub(" ", sentence)
        for m in _TIMING.finditer(text):
            raw = " ".join(m.group(0).split())
            due = parse_wanneer(raw)
            if not due.parsed:
                # core.wanneer does not read an article before the period ("in het eerste
                # kwartaal van 2026"); read it without, keep the source's words.
                due = replace(parse_wanneer(_ARTICLE.sub("", raw)), raw=raw)
            if due.parsed and (due.has_dates or due.recurring or due.ongoing):
                return due
    return parse_wanneer("")


def parse(text: str, *, name: str, sha256: str = "", size: int = 0) -> ParsedDocument:
    """Parse an EU letter. Raises :class:`ParseError` naming the file and line on bad input."""
    return _Parser(text, name=name, sha256=sha256, size=size).run()
