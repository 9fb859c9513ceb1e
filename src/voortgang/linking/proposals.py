"""Link proposals: which records of different documents are the same measure, and which
measures answer a CEDAW recommendation. Pure Python (no Django, no I/O): records come in as
:class:`Record` dataclasses, proposals go out as :class:`Proposal` dataclasses, so the
proposer can be unit-tested and benchmarked on its own (``bench/linking.py``).

A pair of records gets a score in [0, 1] from these features (each in [0, 1], listed in the
proposal's ``evidence``):

- ``title_cosine`` — TF-IDF cosine of the titles' Dutch stems (snowball), IDF over the whole
  corpus, so that common words ("onderzoek", "vrouwen") count little and names a lot;
- ``title_fuzzy`` — rapidfuzz ``token_set_ratio`` of the titles' stems: one title contained
  in the other (an annex row "Act4Respect", the 2021 report's sentence "… de alliantie
  Act4Respect ondersteund") scores high;
- ``text_cosine`` — TF-IDF cosine of title and text together;
- ``names`` — shared distinctive terms: programme, alliance and law names ("Alliantie
  Kleurrijk en Vrij", "Programma Veilige Steden", "Wet …"), acronyms ("NWA", "ESF+"), words
  with digits ("Act4Respect") and rare capitalised words, found in the title and the text;
- ``ministries`` — Jaccard of the responsible ministries (0 when either has none);
- ``theme`` — cosine of the stems of the two records' theme and sub-theme names;
- ``is_result`` — one of the two is a result of the 2021 report (a sentence of a bullet list
  that may name a measure's topic only in passing);
- ``name_missing`` — distinctive names in one record's title that the other never mentions
  ("Girlsday", "Genderwijs", "Roze in Blauw"): 0.5 for one, 1 for two or more;
- ``coverage`` — how much of one record's title (its stems, weighted by IDF) a single
  sentence, bullet or paragraph of the other holds, scaled so that half or less counts 0
  (a CEDAW answer's bullet naming "Programma Economische Veerkracht van Vrouwen");
- ``paragraph`` — TF-IDF cosine of one record (title and text) with the most similar
  paragraph or bullet of the other: a long answer or letter is compared passage by passage,
  not diluted as a whole; the passage is kept in the evidence (``passage``).

``same_measure`` pairs are proposed one-to-one per pair of documents (greedy, best score
first) and only above :data:`SAME_FLOOR`; ``addresses`` pairs are the best
:data:`ADDRESSES_TOP_K` measures per recommendation above :data:`ADDRESSES_FLOOR`. The
weights and thresholds were set on half A of the hand-labelled gold set in
``tests/data/gold`` and checked on half B (docs/linking.md).
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]
from rapidfuzz import fuzz

SAME_MEASURE = "same_measure"
ADDRESSES = "addresses"

#: Kinds that can be the same measure across documents. Motions are left out: a motion is
#: identified by its parliamentary paper, not by its wording.
SAME_KINDS = frozenset({"measure", "commitment", "result"})
#: Kinds that can answer a recommendation.
ADDRESSING_KINDS = frozenset({"measure", "commitment", "result"})
RECOMMENDATION = "recommendation"
#: A result of the 2021 final report: a sentence of a bullet list, not a measure's heading.
RESULT = "result"

#: The same-measure model: logistic weights per feature and a bias, fitted on half A of the
#: gold set (``uv run python bench/linking.py --fit``; docs/linking.md).
SAME_MODEL: dict[str, float] = {
    "bias": -1.694,
    "title_cosine": 1.233,
    "title_chars": 1.537,
    "title_fuzzy": 0.757,
    "text_cosine": 1.486,
    "names": 0.869,
    "contained": 0.609,
    "ministries": 0.825,
    "theme": 1.072,
    "same_kind": -0.798,
    "is_result": -0.169,
    "name_missing": -0.522,
    "coverage": 0.958,
    "paragraph": 1.425,
}
#: The addresses model, fitted the same way on half A of ``addresses.csv``.
ADDRESSES_MODEL: dict[str, float] = {
    "bias": -3.003,
    "title_cosine": 1.808,
    "title_chars": 1.801,
    "title_fuzzy": 0.212,
    "text_cosine": 5.245,
    "names": 2.602,
    "contained": 0.771,
    "ministries": 1.26,
    "theme": -0.438,
    "same_kind": 0.0,
    "coverage": 2.051,
    "paragraph": 7.943,
}

#: A same-measure pair is proposed from this score on: the most recall on half A at a
#: precision of at least 0.9 there (``bench/linking.py --sweep``; docs/linking.md).
SAME_FLOOR = 0.74
#: An addresses pair is proposed from this score on (the most recall on half A at a
#: precision of at least 0.7 there) …
ADDRESSES_FLOOR = 0.64
#: … and only the best this many measures per recommendation.
ADDRESSES_TOP_K = 6

STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "alle",
        "als",
        "also",
        "an",
        "and",
        "at",
        "bij",
        "dan",
        "dat",
        "de",
        "deze",
        "der",
        "des",
        "die",
        "dit",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "ik",
        "in",
        "is",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "na",
        "naar",
        "niet",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "ons",
        "onze",
        "ook",
        "op",
        "over",
        "te",
        "ten",
        "ter",
        "tot",
        "u",
        "uit",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "wel",
        "werd",
        "wordt",
        "worden",
        "wij",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zoals",
        "zou",
        "zullen",
        "the",
        "of",
        "to",
        "for",
        "on",
        "with",
        "by",
        "is",
        "are",
        "be",
        "as",
        "it",
        "that",
        "this",
        "from",
    ]
)

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[0-9a-z]+(?:\+)?")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)\s*[‘'\"(]?$")
#: Words that start a name: the name is the word and the capitalised or quoted words after it.
_NAME_HEADS = (
    "alliantie",
    "programma",
    "project",
    "wet",
    "wetsvoorstel",
    "taakopdracht",
    "actieplan",
    "actieprogramma",
    "actieagenda",
    "kennisprogramma",
    "platform",
    "campagne",
    "coalitie",
    "strategie",
    "monitor",
    "richtlijn",
    "verordening",
    "fonds",
    "pact",
    "stichting",
    "netwerk",
)
_QUOTED = re.compile(r"[‘'\"“]([^’'\"”]{3,80})[’'\"”]")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,}\+?(?![a-z])")
_DIGIT_WORD = re.compile(r"\b[A-Za-z]+[0-9]+[A-Za-z]+[A-Za-z0-9]*\b")
_CAPITAL_RUN = re.compile(
    r"(?:[A-Z][\w’'+-]*)(?:\s+(?:en|van|de|het|voor|in|op|tegen)?\s*[A-Z][\w’'+-]*)*"
)

#: Acronyms and names too common to tell measures apart: ministries, bodies, the EU.
GENERIC_NAMES = frozenset(
    [
        "ocw",
        "szw",
        "vws",
        "jenv",
        "bzk",
        "bz",
        "ezk",
        "fin",
        "ienw",
        "lnv",
        "def",
        "az",
        "tk",
        "ek",
        "ser",
        "ncdr",
        "rcn",
        "de",
        "eu",
        "nl",
        "knl",
        "bes",
        "aua",
        "cur",
        "sxm",
        "cedaw",
        "lhbti",
        "lhbtiq",
        "lhbtiq+",
        "lhbtqi+",
        "lhbtq+",
        "lhbtqi",
        "lhbt",
        "vn",
        "un",
        "ii",
        "kamerstuk",
        "kamerstukken",
        "nederland",
        "kabinet",
        "caribisch",
        "koninkrijk",
        "rijksoverheid",
        "ministerie",
    ]
)
#: Words that never make a name distinctive on their own: ministries written out, places,
#: institutions every document names, and the name heads themselves.
GENERIC_WORDS = frozenset(
    [
        "onderwijs",
        "cultuur",
        "wetenschap",
        "sociale",
        "zaken",
        "werkgelegenheid",
        "volksgezondheid",
        "welzijn",
        "sport",
        "justitie",
        "veiligheid",
        "binnenlandse",
        "koninkrijksrelaties",
        "buitenlandse",
        "economische",
        "financien",
        "infrastructuur",
        "waterstaat",
        "minister",
        "ministeries",
        "staatssecretaris",
        "tweede",
        "eerste",
        "kamer",
        "kamerbrief",
        "brief",
        "raad",
        "state",
        "europa",
        "europese",
        "unie",
        "commissie",
        "verenigde",
        "naties",
        "caribisch",
        "nederland",
        "bonaire",
        "sint",
        "eustatius",
        "saba",
        "aruba",
        "curacao",
        "maarten",
        "grondwet",
        "verdrag",
        "wet",
        "werk",
        "wetsvoorstel",
        "richtlijn",
        "eu",
        "rijksoverheid",
        "kabinet",
        "gemeenten",
        "provincies",
        "nederlandse",
        "vrouwen",
        "mannen",
        "meisjes",
    ]
) | frozenset(_NAME_HEADS)

_stemmer = snowballstemmer.stemmer("dutch")


@cache
def _stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def fold(text: str) -> str:
    """Lower case, no HTML, no accents.

    >>> fold("Geëvalueerd <i>beleid</i>")
    'geevalueerd  beleid '
    """
    text = html.unescape(_TAG.sub(" ", text))
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def stems(text: str) -> list[str]:
    """The Dutch stems of the text's words, stop words left out.

    >>> stems("Samenwerking met de Regenboogsteden")
    ['samenwerk', 'renboogsteed']
    """
    return [_stem(w) for w in _WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 1]


def _name_key(phrase: str) -> str:
    return " ".join(stems(phrase))


def names(text: str) -> set[str]:
    """Distinctive terms of a text, as stem keys: programme/alliance/law names (a head word
    and the capitalised or quoted words after it), acronyms, words with digits and runs of
    capitalised words that do not start a sentence.

    >>> sorted(names("Ik subsidieer de alliantie Kleurrijk en Vrij en het NWA-programma."))
    ['alliantie kleurrijk vrij', 'kleurrijk vrij', 'nwa', 'nwa programma']
    """
    found: set[str] = set()
    plain = html.unescape(_TAG.sub(" ", text))
    for match in _QUOTED.finditer(plain):
        found.add(_name_key(match.group(1)))
    for match in _ACRONYM.finditer(plain):
        found.add(_name_key(match.group(0)))
    for match in _DIGIT_WORD.finditer(plain):
        found.add(_name_key(match.group(0)))
    for match in _CAPITAL_RUN.finditer(plain):
        phrase = match.group(0)
        words = phrase.split()
        before = plain[max(0, match.start() - 3) : match.start()]
        at_start = match.start() == 0 or bool(_SENTENCE_START.search(before))
        if at_start:
            words = words[1:]
            while words and words[0].islower():
                words = words[1:]
        if words:
            found.add(_name_key(" ".join(words)))
        # A head word ("Alliantie", "Programma") with its name after it.
        head = fold(phrase.split()[0])
        if head in _NAME_HEADS and len(phrase.split()) > 1:
            found.add(_name_key(phrase))
    lowered = fold(plain)
    for head in _NAME_HEADS:
        for match in re.finditer(
            rf"\b{head}\s+([^\s,.;:()]+(?:\s+(?:en|van)\s+[^\s,.;:()]+)?)", lowered
        ):
            tail = match.group(1)
            start = match.start(1)
            original = plain[start : start + len(tail)] if len(plain) == len(lowered) else tail
            if original[:1].isupper() or original[:1] in "‘'\"":
                found.add(_name_key(f"{head} {tail}"))
    return {key for key in found if _distinctive(key)}


@cache
def _generic_stems() -> frozenset[str]:
    return frozenset(_stem(w) for w in GENERIC_WORDS | GENERIC_NAMES)


def _distinctive(key: str) -> bool:
    """A name key is distinctive when it has a word that is not generic."""
    if not key or len(key) <= 2 or key in GENERIC_NAMES:
        return False
    generic = _generic_stems()
    return any(word not in generic for word in key.split())


@dataclass(frozen=True)
class Record:
    """One record as the proposer sees it (``text`` may include a referred-to record's)."""

    uid: str
    document: str
    kind: str
    title: str
    text: str = ""
    theme: str | None = None
    subtheme: str | None = None
    ministries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    """``source`` and ``target`` (uids) are linked with this ``score``; ``evidence`` holds
    the features and the shared names."""

    kind: str
    source: str
    target: str
    score: float
    evidence: dict[str, Any] = field(default_factory=dict, compare=False)


def _tfidf(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vector = {term: (1 + math.log(n)) * idf.get(term, 0.0) for term, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {term: v / norm for term, v in vector.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(term, 0.0) for term, v in a.items())


@dataclass
class _Prepared:
    record: Record
    title_stems: list[str]
    title_vector: dict[str, float]
    chars_vector: dict[str, float]
    full_vector: dict[str, float]
    title_names: set[str]
    all_names: set[str]
    theme_vector: dict[str, float]
    title_key: str
    #: The title's content words without spaces ("alliantiegelijkspelen"), and the same of
    #: title and text, for containment.
    title_joined: str
    full_joined: str
    #: The title's distinctive words without spaces (empty when too short or too common to
    #: count as contained in another record).
    needle: str
    #: The stems of title and text without spaces, to find a name's stems in.
    stems_joined: str
    #: The IDF of each of the title's distinct stems (empty for a title of one stem, which
    #: says too little to count as covered), and the stems of each segment of title and
    #: text (the title, each paragraph, bullet and sentence), for coverage.
    title_weights: dict[str, float] = field(default_factory=dict)
    segments: tuple[frozenset[str], ...] = ()
    #: TF-IDF vector of title and text, each word counted as often as it occurs.
    plain_vector: dict[str, float] = field(default_factory=dict)
    #: The text's paragraphs and bullets: each one's TF-IDF vector and its text.
    paragraphs: tuple[tuple[dict[str, float], str], ...] = ()


#: Paragraphs and bullets …
_PARAGRAPH_BREAK = re.compile(r"\n+|\s*[•▪●]\s*")
#: … and sentences too.
_SEGMENT_BREAK = re.compile(_PARAGRAPH_BREAK.pattern + r"|(?<=[.!?;:])\s+(?=[A-Z‘'\"(„])")


def _segments(text: str) -> list[str]:
    """The paragraphs, bullets and sentences of a text."""
    return [part for part in _SEGMENT_BREAK.split(text) if len(part) > 3]


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]


def _char_grams(joined: str, n: int = 4) -> Counter[str]:
    return Counter(joined[i : i + n] for i in range(max(0, len(joined) - n + 1)))


@cache
def _generic_joined() -> frozenset[str]:
    return frozenset(GENERIC_WORDS)


class Corpus:
    """The records prepared once: stems, TF-IDF vectors (IDF over every record), character
    4-grams of the titles, names."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.records = list(records)
        title_stems = [stems(r.title) for r in self.records]
        text_stems = [stems(r.text) for r in self.records]
        joined_titles = ["".join(_content_words(r.title)) for r in self.records]
        n = max(1, len(self.records))
        df: Counter[str] = Counter()
        for ts, xs in zip(title_stems, text_stems, strict=True):
            df.update(set(ts) | set(xs))
        self.idf = {term: math.log((1 + n) / (1 + k)) + 1 for term, k in df.items()}
        #: The IDF of a word in at most 4 records.
        self.rare_idf = math.log((1 + n) / 5) + 1
        gram_df: Counter[str] = Counter()
        for joined in joined_titles:
            gram_df.update(set(_char_grams(joined)))
        gram_idf = {g: math.log((1 + n) / (1 + k)) + 1 for g, k in gram_df.items()}
        all_names = [names(f"{r.title}. {r.text}") for r in self.records]
        name_df: Counter[str] = Counter()
        for found in all_names:
            name_df.update(found)
        # A name in more than 2% of the records is not distinctive.
        limit = max(3, int(0.02 * n))
        self.common_names = {key for key, k in name_df.items() if k > limit}
        self.name_idf = {key: math.log((1 + n) / (1 + k)) + 1 for key, k in name_df.items()}
        self.prepared: dict[str, _Prepared] = {}
        for record, ts, xs, found, joined in zip(
            self.records, title_stems, text_stems, all_names, joined_titles, strict=True
        ):
            full = Counter(xs)
            for term in ts:
                full[term] += 2  # the title counts more than the text
            theme = stems(f"{record.theme or ''} {record.subtheme or ''}")
            self.prepared[record.uid] = _Prepared(
                record=record,
                title_stems=ts,
                title_vector=_tfidf(Counter(ts), self.idf),
                chars_vector=_tfidf(_char_grams(joined), gram_idf),
                full_vector=_tfidf(full, self.idf),
                title_names=names(record.title) - self.common_names,
                all_names=found - self.common_names,
                theme_vector=_tfidf(Counter(theme), self.idf),
                title_key=" ".join(ts),
                title_joined=joined,
                full_joined="".join(_content_words(f"{record.title} {record.text}")),
                needle=self._needle(record.title),
                stems_joined="".join(ts) + " " + "".join(xs),
                title_weights=(
                    {t: self.idf.get(t, 0.0) for t in set(ts)} if len(set(ts)) >= 2 else {}
                ),
                segments=(frozenset(ts), *(frozenset(stems(x)) for x in _segments(record.text))),
                plain_vector=_tfidf(Counter(ts) + Counter(xs), self.idf),
                paragraphs=tuple(
                    (vector, part.strip())
                    for part in _PARAGRAPH_BREAK.split(record.text)
                    if (vector := _tfidf(Counter(stems(part)), self.idf))
                ),
            )

    def _needle(self, title: str) -> str:
        """The title without spaces and generic words, when it has two words at least or
        one rare word (in at most 4 records); else empty."""
        words = [w for w in _content_words(title) if w not in _generic_joined()]
        needle = "".join(words)
        if len(needle) < 8:
            return ""
        if len(words) == 1 and self.idf.get(_stem(words[0]), 0.0) < self.rare_idf:
            return ""
        return needle

    @staticmethod
    def _contained(short: _Prepared, long: _Prepared) -> float:
        """1 when the shorter record's title (its needle) is in the other's title, 0.5 when
        only in its text."""
        if not short.needle:
            return 0.0
        if short.needle in long.title_joined:
            return 1.0
        if short.needle in long.full_joined:
            return 0.5
        return 0.0

    def candidates(
        self, left: Sequence[str], right: Sequence[str], *, text: float = 0.03, chars: float = 0.1
    ) -> list[tuple[str, str]]:
        """Pairs of ``left`` × ``right`` worth scoring: their title-and-text vectors share
        enough (cosine at least ``text``) or their titles' character 4-grams do (``chars``).
        Computed through inverted indexes, so the many pairs with nothing in common cost
        nothing; every other feature is small for a pair that passes neither."""
        found: set[tuple[str, str]] = set()
        for vector_of, floor in (
            (lambda p: p.full_vector, text),
            (lambda p: p.chars_vector, chars),
        ):
            index: dict[str, list[tuple[str, float]]] = {}
            for uid in right:
                for term, weight in vector_of(self.prepared[uid]).items():
                    index.setdefault(term, []).append((uid, weight))
            for uid in left:
                sums: dict[str, float] = {}
                for term, weight in vector_of(self.prepared[uid]).items():
                    for other, other_weight in index.get(term, ()):
                        sums[other] = sums.get(other, 0.0) + weight * other_weight
                found.update((uid, other) for other, total in sums.items() if total >= floor)
        return sorted(found)

    def _coverage(self, x: _Prepared, y: _Prepared) -> float:
        """How much of ``x``'s title (its stems, weighted by IDF) one segment of ``y`` (its
        title, or one paragraph, bullet or sentence of its text) holds: an answer naming a
        measure in one bullet, a sentence of a letter about one programme."""
        weights = x.title_weights
        total = sum(weights.values())
        if not total:
            return 0.0
        return (
            max(sum(w for t, w in weights.items() if t in segment) for segment in y.segments)
            / total
        )

    def features(self, a: str, b: str) -> dict[str, Any]:
        """The features of the pair of records with uids ``a`` and ``b`` (each in [0, 1]),
        with the shared names and ministries."""
        pa, pb = self.prepared[a], self.prepared[b]
        title_fuzzy = 0.0
        if pa.title_key and pb.title_key:
            title_fuzzy = fuzz.token_sort_ratio(pa.title_key, pb.title_key) / 100
            # A one-word title inside a long one says little.
            if min(len(pa.title_stems), len(pb.title_stems)) < 2:
                title_fuzzy *= 0.6
        # Names in the title of one found anywhere in the other count fully, names only in
        # both texts half.
        strong = (pa.title_names & pb.all_names) | (pb.title_names & pa.all_names)
        weak = (pa.all_names & pb.all_names) - strong
        weight = sum(self.name_idf.get(k, 1.0) for k in strong)
        weight += 0.5 * sum(self.name_idf.get(k, 1.0) for k in weak)
        names_score = min(1.0, weight / 8.0)
        short, long = (pa, pb) if len(pa.title_joined) <= len(pb.title_joined) else (pb, pa)
        ma, mb = set(pa.record.ministries), set(pb.record.ministries)
        ministries = len(ma & mb) / len(ma | mb) if ma and mb else 0.0
        # Distinctive names in one record's title that the other does not mention at all
        # ("Girlsday", "Genderwijs", "Roze in Blauw"): a sign of two different measures.
        missing = sorted(
            key
            for x, y in ((pa, pb), (pb, pa))
            for key in x.title_names
            if key not in y.all_names and key.replace(" ", "") not in y.stems_joined
        )
        # The paragraph or bullet of one record that is most like the other record as a
        # whole: a CEDAW answer's bullet naming the measure, a note's paragraph on it.
        paragraph, passage, passage_uid = 0.0, "", ""
        for x, y in ((pa, pb), (pb, pa)):
            for vector, text in y.paragraphs:
                value = _cosine(x.plain_vector, vector)
                if value > paragraph:
                    paragraph, passage, passage_uid = value, text, y.record.uid
        coverage = max(self._coverage(pa, pb), self._coverage(pb, pa))
        return {
            "title_cosine": round(_cosine(pa.title_vector, pb.title_vector), 4),
            "title_chars": round(_cosine(pa.chars_vector, pb.chars_vector), 4),
            "title_fuzzy": round(title_fuzzy, 4),
            "text_cosine": round(_cosine(pa.full_vector, pb.full_vector), 4),
            "names": round(names_score, 4),
            "contained": max(self._contained(short, long), 0.0),
            "ministries": round(ministries, 4),
            "theme": round(_cosine(pa.theme_vector, pb.theme_vector), 4),
            "same_kind": 1.0 if pa.record.kind == pb.record.kind else 0.0,
            "is_result": 1.0 if RESULT in (pa.record.kind, pb.record.kind) else 0.0,
            "name_missing": min(1.0, len(missing) / 2),
            "paragraph": round(paragraph, 4),
            "passage": passage if len(passage) <= 400 else passage[:399].rstrip() + "…",
            "passage_uid": passage_uid,
            # Half of a title or less in one passage says little; all of it says a lot.
            "coverage": round(max(0.0, 2 * coverage - 1), 4),
            "shared_names": sorted(strong | weak),
            "missing_names": missing,
            "shared_ministries": sorted(ma & mb),
        }

    def score(self, a: str, b: str, model: dict[str, float]) -> tuple[float, dict[str, Any]]:
        """The pair's score under a logistic ``model`` (a ``bias`` and a weight per feature):
        ``1 / (1 + exp(-(bias + sum(weight * feature))))``, and the features."""
        features = self.features(a, b)
        z = model.get("bias", 0.0)
        z += sum(w * float(features[name]) for name, w in model.items() if name != "bias")
        return round(1 / (1 + math.exp(-z)), 4), features


FEATURES = (
    "title_cosine",
    "title_chars",
    "title_fuzzy",
    "text_cosine",
    "names",
    "contained",
    "ministries",
    "theme",
    "same_kind",
    "is_result",
    "name_missing",
    "coverage",
    "paragraph",
)
#: The features of the same-measure model …
SAME_FEATURES = FEATURES
#: … and of the addresses model.
ADDRESSES_FEATURES = (*FEATURES[:9], "coverage", "paragraph")


def propose_same_measure(
    corpus: Corpus,
    *,
    document_order: Sequence[str] | None = None,
    floor: float = SAME_FLOOR,
    model: dict[str, float] | None = None,
    forbidden: Iterable[tuple[str, str]] = (),
    fixed: Iterable[tuple[str, str]] = (),
) -> list[Proposal]:
    """Same-measure proposals for every pair of documents, one-to-one per pair (greedy, best
    first), each at least ``floor``. ``source`` is the record of the document earlier in
    ``document_order`` (default: sorted names).

    ``forbidden`` pairs (rejected by a person) are never proposed; ``fixed`` pairs (accepted
    by a person) take their two records out of the greedy matching for that document pair.
    """
    model = model or SAME_MODEL
    no = {frozenset(p) for p in forbidden}
    taken: set[tuple[str, str]] = set()  # (uid, other document)
    by_uid = {r.uid: r for r in corpus.records}
    for a, b in fixed:
        if a in by_uid and b in by_uid:
            taken.add((a, by_uid[b].document))
            taken.add((b, by_uid[a].document))
    by_document: dict[str, list[Record]] = {}
    for record in corpus.records:
        if record.kind in SAME_KINDS:
            by_document.setdefault(record.document, []).append(record)
    order = list(document_order or sorted(by_document))
    order += sorted(d for d in by_document if d not in order)
    rank = {name: i for i, name in enumerate(order)}
    proposals: list[Proposal] = []
    for da, db in combinations(sorted(by_document, key=rank.__getitem__), 2):
        candidates: list[tuple[float, str, str, dict[str, Any]]] = []
        pairs = corpus.candidates(
            [r.uid for r in by_document[da]], [r.uid for r in by_document[db]]
        )
        for ua, ub in pairs:
            if frozenset((ua, ub)) in no:
                continue
            score, features = corpus.score(ua, ub, model)
            if score >= floor:
                candidates.append((score, ua, ub, features))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        for score, ua, ub, features in candidates:
            if (ua, db) in taken or (ub, da) in taken:
                continue
            taken.add((ua, db))
            taken.add((ub, da))
            proposals.append(Proposal(SAME_MEASURE, ua, ub, score, features))
    return proposals


def propose_addresses(
    corpus: Corpus,
    *,
    floor: float = ADDRESSES_FLOOR,
    top_k: int = ADDRESSES_TOP_K,
    model: dict[str, float] | None = None,
    forbidden: Iterable[tuple[str, str]] = (),
) -> list[Proposal]:
    """For every recommendation, the ``top_k`` best-scoring measures of other documents
    (kinds in :data:`ADDRESSING_KINDS`) scoring at least ``floor``; ``source`` is the
    measure, ``target`` the recommendation."""
    model = model or ADDRESSES_MODEL
    no = {frozenset(p) for p in forbidden}
    recommendations = [r for r in corpus.records if r.kind == RECOMMENDATION]
    measures = [r for r in corpus.records if r.kind in ADDRESSING_KINDS]
    proposals: list[Proposal] = []
    document = {r.uid: r.document for r in corpus.records}
    worth = corpus.candidates([m.uid for m in measures], [r.uid for r in recommendations])
    by_recommendation: dict[str, list[str]] = {}
    for measure_uid, rec_uid in worth:
        by_recommendation.setdefault(rec_uid, []).append(measure_uid)
    for rec in recommendations:
        candidates: list[tuple[float, str, dict[str, Any]]] = []
        for measure_uid in by_recommendation.get(rec.uid, []):
            if document[measure_uid] == rec.document:
                continue
            if frozenset((measure_uid, rec.uid)) in no:
                continue
            score, features = corpus.score(measure_uid, rec.uid, model)
            if score >= floor:
                candidates.append((score, measure_uid, features))
        candidates.sort(key=lambda c: (-c[0], c[1]))
        for score, uid, features in candidates[:top_k]:
            proposals.append(Proposal(ADDRESSES, uid, rec.uid, score, features))
    return proposals


def propose(
    records: Sequence[Record],
    *,
    document_order: Sequence[str] | None = None,
    forbidden: Iterable[tuple[str, str]] = (),
    fixed: Iterable[tuple[str, str]] = (),
) -> list[Proposal]:
    """Every proposal of both kinds for these records."""
    corpus = Corpus(records)
    forbidden = list(forbidden)
    return propose_same_measure(
        corpus, document_order=document_order, forbidden=forbidden, fixed=fixed
    ) + propose_addresses(corpus, forbidden=forbidden)


def records_from_export(rows: Iterable[dict[str, Any]]) -> list[Record]:
    """Records from the records export's objects (``voortgang export records``): a record
    that refers back ("Zie bovenstaande.", ``see_also``) gets the referred record's text."""
    rows = list(rows)
    texts = {row["uid"]: row.get("text") or " ".join(row.get("bullets") or []) for row in rows}
    records = []
    for row in rows:
        text = texts[row["uid"]]
        if row.get("see_also") and row["see_also"] in texts:
            text = f"{text} {texts[row['see_also']]}"
        records.append(
            Record(
                uid=row["uid"],
                document=row["document"],
                kind=row["kind"],
                title=row["title"],
                text=text,
                theme=row.get("theme"),
                subtheme=row.get("subtheme"),
                ministries=tuple(row.get("ministries") or ()),
            )
        )
    return records


@dataclass(frozen=True)
class GoldPair:
    """A hand-labelled pair: ``label`` True when the two records are linked."""

    source: str
    target: str
    label: bool
    half: str = ""
    note: str = ""


@dataclass(frozen=True)
class Measurement:
    """Precision and recall of proposals against a gold set (or one half of it).

    Precision counts only judged proposals (pairs in the gold set); ``unjudged`` says how
    many proposals the gold set says nothing about."""

    true_positives: int
    false_positives: int
    false_negatives: int
    unjudged: int

    @property
    def precision(self) -> float:
        judged = self.true_positives + self.false_positives
        return self.true_positives / judged if judged else 1.0

    @property
    def recall(self) -> float:
        positives = self.true_positives + self.false_negatives
        return self.true_positives / positives if positives else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _document_key(uid: str) -> str:
    """The document part of a uid (``<8 hex of the document's sha256>-<kind>-<slug>``)."""
    return uid.split("-", 1)[0]


def measure(
    proposed: Iterable[tuple[str, str]], gold: Iterable[GoldPair], *, half: str | None = None
) -> Measurement:
    """Compare proposed ``(source, target)`` pairs (either direction) with the gold pairs
    (of one ``half`` when given).

    A positive gold pair of two records of the same document says they are one measure
    appearing twice there (a table row and a result sentence): either stands for the other,
    in the gold pairs and in the proposals."""
    gold = list(gold)
    parent: dict[str, str] = {}

    def find(uid: str) -> str:
        while parent.get(uid, uid) != uid:
            uid = parent[uid]
        return uid

    for g in gold:
        if g.label and _document_key(g.source) == _document_key(g.target):
            ra, rb = sorted((find(g.source), find(g.target)))
            if ra != rb:
                parent[rb] = ra

    def key(a: str, b: str) -> frozenset[str]:
        return frozenset((find(a), find(b)))

    cross = [g for g in gold if _document_key(g.source) != _document_key(g.target)]
    pairs = {key(a, b) for a, b in proposed}
    known = {key(g.source, g.target) for g in cross}
    chosen = [g for g in cross if half is None or g.half == half]
    positives = {key(g.source, g.target) for g in chosen if g.label}
    negatives = {key(g.source, g.target) for g in chosen if not g.label}
    return Measurement(
        true_positives=len(pairs & positives),
        false_positives=len(pairs & negatives),
        false_negatives=len(positives - pairs),
        unjudged=len(pairs - known),
    )


def fit_logistic(
    examples: Sequence[tuple[dict[str, Any], bool]],
    *,
    features: Sequence[str] = FEATURES,
    l2: float = 0.001,
    iterations: int = 3000,
    rate: float = 0.5,
) -> dict[str, float]:
    """A logistic model (``bias`` and a weight per feature) fitted to labelled feature
    dicts by gradient descent with L2 regularisation; positives and negatives weigh the same
    in total, so a few positives among many negatives still count."""
    n_pos = sum(1 for _, label in examples if label) or 1
    n_neg = sum(1 for _, label in examples if not label) or 1
    rows = [
        (
            [float(f[name]) for name in features],
            1.0 if label else 0.0,
            0.5 / (n_pos if label else n_neg),
        )
        for f, label in examples
    ]
    w = [0.0] * len(features)
    b = 0.0
    for _ in range(iterations):
        grad_w = [l2 * wi for wi in w]
        grad_b = 0.0
        for x, y, weight in rows:
            z = b + sum(wi * xi for wi, xi in zip(w, x, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            err = (p - y) * weight
            grad_b += err
            for i, xi in enumerate(x):
                grad_w[i] += err * xi
        b -= rate * grad_b
        w = [wi - rate * gi for wi, gi in zip(w, grad_w, strict=True)]
    return {"bias": round(b, 3)} | {
        name: round(wi, 3) for name, wi in zip(features, w, strict=True)
    }
