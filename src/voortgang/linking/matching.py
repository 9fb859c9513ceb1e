"""Pair the records of two documents that are the same measure: a pure function over plain
values (no Django, no database), so it can be tested and measured on its own.

Stages, each one-to-one, each taking only what the stages before it left over:

1. **links** — pairs a person decided: an accepted ``same_measure`` link joins two records
   (also through records of other documents: accepted links are transitive); a rejected link
   forbids a pair in every stage;
2. **exact** — the same normalized title (:func:`normalize_title`: HTML remnants, footnote
   markers, accents, case, punctuation and whitespace do not count); among several records
   with that title the one in the same theme and sub-theme wins, then source order;
3. **fuzzy** — the most similar remaining titles (:func:`title_similarity`, 0–100) of the
   same kind, when the similarity reaches :data:`THRESHOLD`; the same theme breaks near-ties.

The threshold was measured on the bundled annex samples (2023 → 2024) and on the real 2023
annex against the 2024 sample; see ``docs/reports.md`` ("Matching measures").
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

#: Fuzzy pairs need at least this title similarity (0–100). Measured (docs/reports.md): the
#: most similar two different measures of the real 2023 annex score 88.9 ("Pilot stimuleren
#: meer uren werken in onderwijs" / "… in zorg"), every title of it with one letter dropped
#: still scores ≥ 92.7 against itself, and the sample pairs that differ only in "van het"
#: score 100.
THRESHOLD = 91.0

#: A same-theme candidate wins over a better-scoring one elsewhere when it scores at most this
#: much lower.
THEME_PREFERENCE = 3.0

#: Words that carry no meaning for identity ("Evaluatie aanvullend geboorteverlof" is
#: "Evaluatie van het aanvullend geboorteverlof").
STOPWORDS = frozenset(
    {
        *("de", "het", "een", "der", "des", "die", "dat", "er", "en", "of", "als"),
        *("van", "voor", "in", "op", "over", "met", "aan", "bij", "naar", "te", "ter", "ten"),
        *("tot", "om", "door", "uit"),
    }
)

Method = Literal["link", "exact", "fuzzy"]

_TAG = re.compile(r"<[^>]*>")
_SUPERSCRIPT = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u209f]+")
_NON_WORD = re.compile(r"[^\w+]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Item:
    """One record as the matcher sees it."""

    key: str
    title: str
    kind: str = "measure"
    theme: str | None = None
    subtheme: str | None = None


@dataclass(frozen=True)
class Pair:
    """``old`` and ``new`` (keys) are the same measure; ``score`` is the title similarity."""

    old: str
    new: str
    score: float
    method: Method


@dataclass(frozen=True)
class Matching:
    """The outcome: pairs in the order of the new document, and what stayed unpaired."""

    pairs: tuple[Pair, ...]
    #: Keys of old records with no counterpart (dropped), in their order.
    unmatched_old: tuple[str, ...]
    #: Keys of new records with no counterpart (added), in their order.
    unmatched_new: tuple[str, ...]

    def new_for(self, old: str) -> str | None:
        for pair in self.pairs:
            if pair.old == old:
                return pair.new
        return None

    def old_for(self, new: str) -> str | None:
        for pair in self.pairs:
            if pair.new == new:
                return pair.old
        return None


def normalize_title(title: str) -> str:
    """The title as identity sees it: no HTML, footnote markers, accents, case or punctuation.

    >>> normalize_title("<i>Equal Futures Charter</i> van de OVSE¹")
    'equal futures charter van de ovse'
    >>> normalize_title("Veiligheid  lhbtiq+-personen; geëvalueerd")
    'veiligheid lhbtiq+ personen geevalueerd'
    """
    text = html.unescape(_TAG.sub(" ", title))
    text = _SUPERSCRIPT.sub(" ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NON_WORD.sub(" ", text.casefold().replace("_", " "))
    return _SPACE.sub(" ", text).strip()


def _content(normalized: str) -> str:
    words = [w for w in normalized.split() if w not in STOPWORDS]
    return " ".join(words) or normalized


def _similarity(a: str, b: str) -> float:
    return float(max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)))


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are, 0–100: over the normalized titles without stop words, the
    better of rapidfuzz's ``ratio`` (a typo costs little) and ``token_sort_ratio`` (word
    order does not count); "van het" never counts."""
    return _similarity(_content(normalize_title(a)), _content(normalize_title(b)))


def _norm_theme(theme: str | None) -> str:
    return normalize_title(theme or "")


def _affinity(old: Item, new: Item) -> int:
    """2: same theme and sub-theme, 1: same theme, 0: otherwise."""
    if _norm_theme(old.theme) != _norm_theme(new.theme):
        return 0
    return 2 if _norm_theme(old.subtheme) == _norm_theme(new.subtheme) else 1


class _Components:
    """Union-find over record keys (accepted links are transitive)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(key, key) != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def match(
    *,
    old: Sequence[Item],
    new: Sequence[Item],
    accepted: Iterable[tuple[str, str]] = (),
    rejected: Iterable[tuple[str, str]] = (),
    threshold: float = THRESHOLD,
) -> Matching:
    """Pair ``old`` and ``new`` records one-to-one (see the module's docstring).

    ``accepted`` and ``rejected`` are ``(key, key)`` pairs of decided ``same_measure`` links,
    in either direction; keys of records outside ``old`` and ``new`` may appear (a chain of
    accepted links through a third document still joins them).
    """
    forbidden = {frozenset(pair) for pair in rejected}
    old_by_key = {item.key: item for item in old}
    new_by_key = {item.key: item for item in new}
    free_old = dict(old_by_key)
    free_new = dict(new_by_key)
    pairs: list[Pair] = []

    def take(o: Item, n: Item, score: float, method: Method) -> None:
        pairs.append(Pair(o.key, n.key, score, method))
        del free_old[o.key]
        del free_new[n.key]

    def allowed(o: Item, n: Item) -> bool:
        return frozenset((o.key, n.key)) not in forbidden

    # 1. Decided links.
    components = _Components()
    linked_keys: set[str] = set()
    for a, b in accepted:
        components.union(a, b)
        linked_keys |= {a, b}
    groups: dict[str, list[Item]] = {}
    for item in new:
        groups.setdefault(components.find(item.key), []).append(item)
    linked: list[tuple[float, int, int, Item, Item]] = []
    for i, o in enumerate(old):
        for j, n in enumerate(groups.get(components.find(o.key), [])):
            if o.key in linked_keys and n.key != o.key and allowed(o, n):
                linked.append((-title_similarity(o.title, n.title), i, j, o, n))
    for negative, _, _, o, n in sorted(linked, key=lambda t: t[:3]):
        if o.key in free_old and n.key in free_new:
            take(o, n, -negative, "link")

    # 2. The same normalized title.
    by_title: dict[str, list[Item]] = {}
    for item in free_new.values():
        by_title.setdefault(normalize_title(item.title), []).append(item)
    exact: list[tuple[int, int, int, Item, Item]] = []
    for i, o in enumerate(old):
        if o.key not in free_old:
            continue
        for j, n in enumerate(by_title.get(normalize_title(o.title), [])):
            if allowed(o, n):
                exact.append((-_affinity(o, n), i, j, o, n))
    for _, _, _, o, n in sorted(exact, key=lambda t: t[:3]):
        if o.key in free_old and n.key in free_new:
            take(o, n, 100.0, "exact")

    # 3. Similar titles of the same kind, best first, the same theme breaking near-ties.
    rest_old = [item for item in old if item.key in free_old]
    rest_new = [item for item in new if item.key in free_new]
    if rest_old and rest_new:
        old_words = [_content(normalize_title(o.title)) for o in rest_old]
        new_words = [_content(normalize_title(n.title)) for n in rest_new]
        candidates: list[tuple[float, float, int, int]] = []
        for i, o in enumerate(rest_old):
            for j, n in enumerate(rest_new):
                score = _similarity(old_words[i], new_words[j])
                if score >= threshold and o.kind == n.kind and allowed(o, n):
                    ranked = score + THEME_PREFERENCE * min(_affinity(o, n), 1)
                    candidates.append((-ranked, -score, i, j))
        for _, negative, i, j in sorted(candidates):
            o, n = rest_old[i], rest_new[j]
            if o.key in free_old and n.key in free_new:
                take(o, n, -negative, "fuzzy")

    order = {item.key: position for position, item in enumerate(new)}
    pairs.sort(key=lambda pair: order[pair.new])
    return Matching(
        pairs=tuple(pairs),
        unmatched_old=tuple(item.key for item in old if item.key in free_old),
        unmatched_new=tuple(item.key for item in new if item.key in free_new),
    )
