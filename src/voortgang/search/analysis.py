"""Text analysis for search, pure Python: words, Dutch stems, the user's query, highlighting.

The same functions serve the index and the query, so both sides always agree:

- :func:`words` finds the words of a text: runs of letters and digits (Unicode), the same
  split FTS5's ``unicode61`` tokenizer makes; everything else separates words.
- :func:`stem` lower-cases a word, removes its diacritics and reduces it with the Snowball
  stemmer ``dutch_porter``. That is the classic Dutch Snowball algorithm, the one
  PostgreSQL's ``dutch`` configuration uses (``dutch_stem``), so both engines conflate the
  same words ("maatregelen"/"maatregel" → ``maatregel``, "steden" → ``sted``). Snowball 3's
  new ``dutch`` algorithm is deliberately not used: it keeps "maatregelen" (``maatregeel``)
  apart from "maatregel" and strips the prefix ge- ("geweld" → ``wel``), which makes
  "geweld" match the very common word "wel".
- :func:`parse_query` turns what a user typed into plain words and "quoted phrases". It never
  produces operator syntax: quotes, ``*``, ``-``, ``AND``/``OR``/``NEAR``, parentheses and
  colons are just separators or ordinary words. Dutch stop words (PostgreSQL's
  ``dutch.stop``, the Snowball list) are dropped from the plain words, as PostgreSQL's
  ``plainto_tsquery`` does, so a query means the same on both engines.
- :func:`highlight` and :func:`excerpt` mark the words whose stem the query asks for with
  ``<mark>…</mark>`` and HTML-escape everything else (the SQLite side's answer to
  PostgreSQL's ``ts_headline``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

import snowballstemmer  # type: ignore[import-untyped]

#: At most this much of a query is read; the rest is ignored (a query is a few words).
MAX_QUERY_CHARS = 1000
#: At most this many words (plain words and phrase words together) make a query.
MAX_QUERY_WORDS = 16
#: An excerpt is at most this many words long.
EXCERPT_WORDS = 30

#: Private-use characters that mark a match inside engine output (``ts_headline``) before the
#: text is HTML-escaped; :func:`clean` removes them from indexed text, so they cannot occur.
MARK_START = "\ue000"
MARK_STOP = "\ue001"

#: PostgreSQL's ``tsearch_data/dutch.stop`` (the Snowball Dutch stop-word list).
_STOP_LIST = """
de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem
dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb
hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel
meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt
wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
"""
STOP_WORDS = frozenset(_STOP_LIST.split())

_WORD = re.compile(r"[^\W_]+")
# Control characters (tab, newline and carriage return excepted) and the mark characters.
_UNWANTED = re.compile(f"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f{MARK_START}{MARK_STOP}]")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"})
_PHRASE = re.compile(r'"([^"]*)"')

_STEMMER = snowballstemmer.stemmer("dutch_porter")


def clean(text: str) -> str:
    """Text as it is indexed and shown: NFC-normalized, without control or mark characters."""
    return _UNWANTED.sub(" ", unicodedata.normalize("NFC", text))


def fold(word: str) -> str:
    """Lower case without diacritics: ``Coördinator`` → ``coordinator``."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Dutch stem of one word, case- and accent-insensitive."""
    # NFKD can split a character into letters and separators ("½" → "1⁄2"): keep one token
    # of letters and digits, so that a stem is always a single FTS5 token.
    folded = "".join(_WORD.findall(fold(word))) or "".join(_WORD.findall(word.lower()))
    return str(_STEMMER.stemWord(folded)) if folded else "_"


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of ``text`` with their positions."""
    return _WORD.finditer(text)


def stemmed(text: str) -> str:
    """``text`` as its words' stems separated by spaces (what the SQLite index holds)."""
    return " ".join(map(stem, _WORD.findall(clean(text))))


@dataclass(frozen=True)
class Query:
    """A parsed query: every word and every phrase must match (AND)."""

    #: Plain words, lower case, stop words removed, in the order typed, without duplicates.
    words: tuple[str, ...] = ()
    #: Phrases of two or more words, lower case; stop words inside a phrase are kept.
    phrases: tuple[tuple[str, ...], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases

    @property
    def stems(self) -> frozenset[str]:
        """The stems to highlight: every word and every phrase word that is not a stop word."""
        found = [*self.words, *(w for p in self.phrases for w in p if not _is_stop_word(w))]
        return frozenset(stem(w) for w in found)

    def fts5(self, *, column: str | None = None) -> str:
        """The query as an FTS5 MATCH expression over stemmed text.

        Each stem is a double-quoted FTS5 string (stems consist of letters and digits only,
        so nothing inside can be syntax), a phrase is one string of several stems, and the
        parts are joined with ``AND``. ``column`` restricts the match to that column.
        """
        strings = [stem(w) for w in self.words]
        strings += [" ".join(stem(w) for w in phrase) for phrase in self.phrases]
        # FTS5 escapes a double quote in a string by doubling it (a stem never has one).
        parts = ['"' + s.replace('"', '""') + '"' for s in strings]
        expression = " AND ".join(parts)
        return f"{{{column}}} : ({expression})" if column else expression


def _is_stop_word(word: str) -> bool:
    """A stop word, also with stray accents ("dè"): PostgreSQL does not index its stem."""
    return word in STOP_WORDS or fold(word) in STOP_WORDS


def _lower_words(text: str) -> list[str]:
    return [m.group().lower() for m in words(text)]


def parse_query(raw: str) -> Query:
    """What a user typed → a :class:`Query`. Never raises; "" and junk give an empty query.

    Text between double quotes (straight or typographic) is a phrase; an unpaired quote is
    ignored. Everything that is not a letter or digit separates words, so operators of
    either engine's query language are never passed on as operators.
    """
    text = clean(raw[:MAX_QUERY_CHARS]).translate(_QUOTES)
    plain: list[str] = []
    phrases: list[tuple[str, ...]] = []
    budget = MAX_QUERY_WORDS

    def take(tokens: list[str]) -> list[str]:
        nonlocal budget
        taken = tokens[: max(budget, 0)]
        budget -= len(taken)
        return taken

    position = 0
    for match in _PHRASE.finditer(text):
        plain += take(_lower_words(text[position : match.start()]))
        phrase = _lower_words(match.group(1))
        # Leading and trailing stop words carry nothing (PostgreSQL drops them as well).
        while phrase and _is_stop_word(phrase[0]):
            phrase.pop(0)
        while phrase and _is_stop_word(phrase[-1]):
            phrase.pop()
        phrase = take(phrase)
        if len(phrase) == 1:
            plain += phrase
        elif phrase:
            phrases.append(tuple(phrase))
        position = match.end()
    plain += take(_lower_words(text[position:]))
    kept = tuple(dict.fromkeys(w for w in plain if not _is_stop_word(w)))
    return Query(words=kept, phrases=tuple(dict.fromkeys(phrases)))


def _marked(text: str, spans: Iterable[tuple[int, int]], start: int, end: int) -> str:
    """``text[start:end]`` HTML-escaped, with the given spans wrapped in ``<mark>``."""
    out: list[str] = []
    position = start
    for s, e in spans:
        out.append(html.escape(text[position:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        position = e
    out.append(html.escape(text[position:end]))
    return "".join(out)


def _stems_of(found: list[re.Match[str]], stemmed_text: str | None) -> list[str]:
    """The stem of each word found; read from ``stemmed_text`` (:func:`stemmed` of the same
    text, as the index stores it) when given and aligned, else computed."""
    if stemmed_text is not None:
        known = stemmed_text.split(" ") if stemmed_text else []
        if len(known) == len(found):
            return known
    return [stem(m.group()) for m in found]


def highlight(text: str, stems: frozenset[str], *, stemmed_text: str | None = None) -> str:
    """All of ``text``, HTML-escaped, with every word whose stem is in ``stems`` marked.

    ``stemmed_text`` (optional) is ``stemmed(text)``, which saves stemming it again.
    """
    found = list(words(text))
    spans = [
        m.span() for m, s in zip(found, _stems_of(found, stemmed_text), strict=True) if s in stems
    ]
    return _marked(text, spans, 0, len(text))


def excerpt(
    text: str,
    stems: frozenset[str],
    *,
    size: int = EXCERPT_WORDS,
    stemmed_text: str | None = None,
) -> str:
    """A short, HTML-escaped piece of ``text`` around its best matches, matches marked.

    The window of ``size`` words that holds the most different query stems (then the most
    matches, then the earliest) is chosen, starting a few words before its first match;
    "…" shows where the text was cut. Without a match, the text's first words.
    ``stemmed_text`` (optional) is ``stemmed(text)``, as the index stores it: with it, the
    matches are found by string search in the stems, and only the excerpt's words of ``text``
    are tokenized, which keeps long texts cheap.
    """
    if stemmed_text:
        total = stemmed_text.count(" ") + 1
        matched = _matches_in_stems(stemmed_text, stems)
        first, last, hits = _window(matched, total, size)
        html_text = _excerpt_from(text, first, last, hits, matched, total)
        if html_text is not None:
            return html_text
    found = list(words(text))
    if not found:
        return html.escape(text.strip())
    matched = {i: s for i, m in enumerate(found) if (s := stem(m.group())) in stems}
    first, last, hits = _window(matched, len(found), size)
    return _excerpt_html(text, found[first : last + 1], first, last, hits, len(found))


def _matches_in_stems(stemmed_text: str, stems: frozenset[str]) -> dict[int, str]:
    """{word index: stem} of the words of ``stemmed_text`` that are in ``stems``."""
    padded = f" {stemmed_text} "
    positions: list[tuple[int, str]] = []
    for s in stems:
        needle = f" {s} "
        pos = padded.find(needle)
        while pos != -1:
            positions.append((pos, s))
            pos = padded.find(needle, pos + 1)
    positions.sort()
    matched: dict[int, str] = {}
    index, previous = 0, 0
    for pos, s in positions:
        index += padded.count(" ", previous, pos)
        previous = pos
        matched[index] = s
    return matched


def _window(matched: dict[int, str], total: int, size: int) -> tuple[int, int, list[int]]:
    """(first word, last word, matched words inside) of the best window of ``size`` words."""
    hits = sorted(matched)
    first = 0
    if hits:
        lead = min(5, size // 3)
        best: tuple[int, int, int] | None = None
        end = 0
        for n, h in enumerate(hits):
            # hits[n:end] are the matches in the window of words [h, h + size - lead).
            end = max(end, n)
            while end < len(hits) and hits[end] < h + size - lead:
                end += 1
            window = hits[n:end]
            score = (len({matched[i] for i in window}), len(window), -h)
            if best is None or score > best:
                best = score
                first = max(0, h - lead)
    # Near the end of the text, start earlier so that the excerpt still has ``size`` words.
    first = max(0, min(first, total - size))
    last = max(0, min(total, first + size) - 1)
    return first, last, [i for i in hits if first <= i <= last]


_SKIP = [(n, re.compile(rf"(?:[\W_]*[^\W_]+){{{n}}}")) for n in (1000, 100, 10, 1)]


def _excerpt_from(
    text: str, first: int, last: int, hits: list[int], matched: dict[int, str], total: int
) -> str | None:
    """The excerpt of words ``first``..``last``, tokenizing only those; ``None`` when the
    stored stems turn out not to match ``text`` (then the caller stems the text itself)."""
    pos, todo = 0, first
    for count, pattern in _SKIP:
        while todo >= count:
            skipped = pattern.match(text, pos)
            if skipped is None:
                return None
            pos, todo = skipped.end(), todo - count
    found = list(islice(_WORD.finditer(text, pos), last - first + 1))
    if len(found) != last - first + 1 or any(
        stem(found[i - first].group()) != matched[i] for i in hits
    ):
        return None
    return _excerpt_html(text, found, first, last, hits, total)


def _excerpt_html(
    text: str, found: list[re.Match[str]], first: int, last: int, hits: list[int], total: int
) -> str:
    """``found`` are the words ``first``..``last`` of ``text``; ``hits`` are marked."""
    start = found[0].start() if first > 0 else 0
    end = found[-1].end() if last < total - 1 else len(text)
    spans = [found[i - first].span() for i in hits]
    body = _marked(text, spans, start, end).strip()
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")


def from_marked(text: str) -> str:
    """Engine output with :data:`MARK_START`/:data:`MARK_STOP` → escaped HTML with marks."""
    escaped = html.escape(text)
    return escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
