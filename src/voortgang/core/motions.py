"""Motions of parliament: annex titles and mentions in running text.

:func:`parse_motion_title` reads a motion's title as the annexes and reports write it:

* ``Motie van lid Aartsen d.d. 29 september 2022 hoe …``
* ``Motie leden Werner en van der Laan``
* ``Motie van leden Mutluer en Westerveld d.d. 5 december 2022 over …``
* ``Motie van het lid Van den Hul c.s. over …``; ``Motie van de leden El Yassini en Regterschot
  over …``; ``Motie van het lid Jasper van Dijk c.s. over …`` (a first name is kept as written)
* ``Motie Van den Hul/Diks over …``; ``Gewijzigde motie van …``

``submitters`` are the names as written (``"van der Laan"`` keeps its lower-case particle);
``cum_suis`` is set by ``c.s.``/``C.S.`` (and others co-signed); ``parties`` are the parties in
parentheses after names. ``date`` comes from ``d.d. <day month year>``. ``subject`` is the text
after the names and date: a leading ``over``/``inzake``/``betreffende``/``aangaande`` is dropped
(``… over sekswerk`` → ``"sekswerk"``), any other opening word is kept because the subject would
not read without it (``… hoe inburgeringstrajecten …`` → ``"hoe inburgeringstrajecten …"``); a
final full stop is dropped. ``number`` is the motion's parliamentary paper when the title cites
one, as ``"<dossier>, nr. <n>"`` (``"35300-XVII, nr. 41"``), or a Tweede Kamer case number
(``"2019Z23886"``); the citation itself is removed from the subject.

:func:`motions_in_text` finds motions named in prose, with ``subject=None``:

* ``motie-Westerveld (GroenLinks-PvdA) en Dobbe (SP)`` — one motion, two submitters;
* ``motie-Van den Hul C.S. (PvdA), Kamerstukken II 2019/2020, 35300-XVII, nr. 41`` — with its
  number; ``motie-Paternotte (D66)20`` (a footnote number after the party is ignored);
* ``de motie Sjoerdsma``, ``de motie Bergkamp/Van den Hul``, ``de motie van Van Ginneken/Ellian``,
  ``de motie Bikker en Van der Werf``;
* ``moties Simons/Gundogan en Kwint c.s.`` and ``moties van de leden A/B, B/A en C/D``: after the
  plural each item separated by ``,`` or ``en`` is a motion of its own, ``/`` joins submitters.

A mention without a name (``een motie ingediend``, ``De motie wordt uitgevoerd``) is not a
motion reference and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from voortgang.core.dates import MONTH_PATTERN, parse_dutch_date
from voortgang.core.kamerstuk import PaperRef, find_paper_refs

__all__ = ["MotionTitle", "is_motion_title", "motions_in_text", "parse_motion_title"]


@dataclass(frozen=True)
class MotionTitle:
    """A motion as named in a title or in running text."""

    raw: str
    submitters: tuple[str, ...]
    parties: tuple[str, ...] = ()
    date: date | None = None
    subject: str | None = None
    number: str | None = None
    cum_suis: bool = False  # "c.s.": co-signed by others


# Capitalized words that start sentences or name institutions, never a submitter.
_NOT_NAMES = (
    "Kamerstuk|Kamerstukken|Kammerstukken|Tweede|Eerste|Kamer|Het|Een|Dit|Deze|Die|Dat|Zie|In|"
    "Op|Met|Voor|Ook|Over|Naar|Bij|Uit|Als|Minister|Staatssecretaris|Regering|Kabinet|Motie|"
    "Moties|Amendement|Toezegging|Nota|Wet|Richtlijn|EU|Kamerbrief"
)
_PARTICLE = r"(?:[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Dd]e|[Tt]er|[Tt]en|[Tt]e|'t|[Ll]a|[Ll]e|[Dd]u|[Dd]a)"
_CAP = rf"(?![A-Z]\.)(?!(?:{_NOT_NAMES})(?![\w-]))[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:[-'’][^\W\d_]+)*"
_NAME = rf"(?:{_PARTICLE}\s+)*{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP})*"
_PARTY = r"\s*\((?P<party>[A-Z0-9][\w+!&'’ -]{0,38}[\w!+])\)"
_CS = r"\s+[cC]\.\s?[sS]\.?"
_NAME_RE = re.compile(_NAME)
_PARTY_RE = re.compile(_PARTY)
_CS_RE = re.compile(_CS)
_FOOTNOTE = re.compile(r"\d{1,3}(?!\d)")

_TITLE_HEAD = re.compile(r"\s*(?:(?:[Nn]ader\s+)?[Gg]ewijzigde\s+)?(?:[Mm]otie|MOTIE)(?![\w])")
_INTRO = re.compile(
    r"(?:\s+van\s+(?:de|het)\s+(?:leden|lid)\s+|\s+(?:van\s+)?(?:leden|lid)\s+|"
    r"\s+van\s+(?=[A-ZÀ-ÖØ-Þ])|\s*-\s*|\s+)"
)
_DATE = re.compile(
    rf"\s*,?\s*(?:d\.\s?d\.?|van|op)\s*(?P<date>\d{{1,2}}\s+{MONTH_PATTERN}\s+\d{{4}})",
    re.IGNORECASE,
)
_SUBJECT_DROP = re.compile(
    r"^(?:over|inzake|betreffende|aangaande|m\.b\.t\.|met betrekking tot)\s+", re.IGNORECASE
)
_MENTION = re.compile(r"(?<![\w-])(?P<word>[Mm]oties?)(?![\w])")
_Z_NUMBER = re.compile(r"\b(?:19|20)\d{2}Z\d{4,6}\b")


@dataclass
class _Item:
    names: list[str]
    parties: list[str]
    cum_suis: bool = False


def _clean(text: str) -> str:
    return " ".join(text.split())


def _read_names(text: str, pos: int, plural: bool, allow_comma: bool) -> tuple[list[_Item], int]:
    """Read ``Name (Party) / Name c.s. en Name …`` from ``pos``; returns the motions read (one
    unless ``plural``) and the position after the list."""
    items: list[_Item] = []
    current = _Item([], [])
    end = pos
    while True:
        name = _NAME_RE.match(text, pos)
        if not name:
            break
        current.names.append(name.group(0))
        pos = name.end()
        cs = _CS_RE.match(text, pos)
        if cs:
            current.cum_suis = True
            pos = cs.end()
        party = _PARTY_RE.match(text, pos)
        if party:
            current.parties.append(party["party"])
            pos = party.end()
            cs = _CS_RE.match(text, pos)
            if cs:
                current.cum_suis = True
                pos = cs.end()
        end = pos
        joiner = re.compile(r"\s*/\s*|\s+en\s+|\s*&\s*|\s*,\s*").match(text, pos)
        if not joiner or not _NAME_RE.match(text, joiner.end()):
            break
        sep = joiner.group(0).strip()
        if sep == "," and not (allow_comma or plural):
            break
        if plural and sep in (",", "en", "&"):
            items.append(current)
            current = _Item([], [])
        pos = joiner.end()
    if current.names:
        items.append(current)
    return items, end


def _paper_number(ref: PaperRef) -> str | None:
    if ref.kind == "kamerstuk" and ref.dossier and ref.number:
        return f"{ref.dossier}, nr. {ref.number}"
    return None


def parse_motion_title(raw: str) -> MotionTitle | None:
    """The motion a title names, or ``None`` when ``raw`` is not a motion title."""
    text = _clean(raw)
    head = _TITLE_HEAD.match(text)
    if not head:
        return None
    intro = _INTRO.match(text, head.end())
    if not intro:
        return None
    items, pos = _read_names(text, intro.end(), plural=False, allow_comma=True)
    if not items:
        return None
    item = items[0]
    found_date: date | None = None
    when = _DATE.match(text, pos)
    if when:
        found_date = parse_dutch_date(when["date"])
        pos = when.end()
    rest = text[pos:].strip(" ,:;-")
    number: str | None = None
    for ref in find_paper_refs(rest):
        number = _paper_number(ref) or ref.number
        if number:
            rest = rest.replace(ref.raw, " ")
            break
    if number is None:
        z = _Z_NUMBER.search(rest)
        if z:
            number = z.group(0)
            rest = rest.replace(number, " ")
    rest = re.sub(r"\(\s*[,;]?\s*\)", " ", rest)
    rest = _clean(rest).strip(" ,;:-").rstrip(".").strip()
    subject = _SUBJECT_DROP.sub("", rest).strip() or None
    return MotionTitle(
        raw=raw,
        submitters=tuple(item.names),
        parties=tuple(item.parties),
        date=found_date,
        subject=subject,
        number=number,
        cum_suis=item.cum_suis,
    )


def is_motion_title(text: str) -> bool:
    """True when ``text`` is a motion's title (``Motie van lid X …``), not a heading or prose."""
    return parse_motion_title(text) is not None


def motions_in_text(text: str) -> tuple[MotionTitle, ...]:
    """The motions named in running text, in order; see the module documentation."""
    flat = _clean(text)
    found: list[MotionTitle] = []
    for mention in _MENTION.finditer(flat):
        plural = mention["word"].lower() == "moties"
        intro = _INTRO.match(flat, mention.end())
        if not intro:
            continue
        formal = "lid" in intro.group(0) or "leden" in intro.group(0)
        items, pos = _read_names(flat, intro.end(), plural=plural, allow_comma=formal)
        if not items:
            continue
        found_date: date | None = None
        when = _DATE.match(flat, pos)
        if when:
            found_date = parse_dutch_date(when["date"])
            pos = when.end()
        footnote = _FOOTNOTE.match(flat, pos)
        after = flat[footnote.end() if footnote else pos :]
        number: str | None = None
        cited = re.match(r"\s*[,(]?\s*", after)
        offset = cited.end() if cited else 0
        refs = find_paper_refs(after[offset : offset + 120])
        if refs and after[offset:].startswith(refs[0].raw.split()[0]):
            number = _paper_number(refs[0])
        raw = flat[mention.start() : pos]
        for item in items:
            found.append(
                MotionTitle(
                    raw=raw,
                    submitters=tuple(item.names),
                    parties=tuple(item.parties),
                    date=found_date,
                    subject=None,
                    number=number if len(items) == 1 else None,
                    cum_suis=item.cum_suis,
                )
            )
    return tuple(found)
