"""Ministries and other responsible bodies, with the spellings the documents use.

:data:`REGISTRY` lists every known body with a stable code (``OCW``, ``JenV``, ``TK`` …), its
Dutch and English name and its aliases. :func:`lookup` finds a body by any alias
(case-insensitive, white space normalized); :func:`body_by_code` by its code.

:func:`parse_wie` reads an annex "Wie" (who) cell. Understood forms:

* lists separated by ``,`` ``;`` ``/`` ``&`` ``+`` ``en`` ``and`` or plain spaces:
  ``SZW, OCW``, ``JenV en OCW``, ``BZ & OCW``, ``OCW/VWS/JenV``, ``JenV BZK OCW``, ``JenV,``;
* codes and full names, with or without ``ministerie van``: ``Onderwijs, Cultuur en
  Wetenschap``, ``ministerie van OCW``, ``J&V``, ``BuZa`` …;
* units of a ministry map to that ministry: ``OCW/DE`` (DE = Directie Emancipatie) → ``OCW``;
* ``Kabinetsbreed`` and its synonym ``Rijksbreed`` → the collective code ``Kabinetsbreed``;
* bodies: ``TK`` (also ``TK-initiatiefnemers``), ``EK``, ``SER``, ``NCDR``, ``RCN``;
* ``Rijksdienst Caribisch Nederland afdeling OCW`` → ``RCN`` *and* ``OCW``: the department
  belongs to the RCN office but acts for OCW, so both are responsible;
* ``e.a.`` / ``en anderen`` → ``and_others``; ``n.v.t.`` → ``not_applicable``;
* parenthetical remarks are kept as notes: ``OCW, BZ (n.n.t.b.)`` → note ``n.n.t.b.``;
* a cross-reference ``Zie tabel 'Arbeid'`` → ``see_also="Arbeid"`` (no codes).

Fragments that match nothing are returned in ``unknown`` — never dropped silently.
Two-letter codes (``BZ``, ``AZ``, ``EZ``, ``TK``, ``EK``, ``DE``) only match in capitals, so the
Dutch article "de" is not read as Directie Emancipatie.

:func:`ministries_in_text` finds ministries named in prose, preferring precision over recall:
a code or name after ``minister(ie)(s) van/voor``, ``staatssecretaris van`` …; a full
capitalized ministry name of two or more words; or one of the distinctive codes
(``OCW``, ``SZW``, ``VWS``, ``BZK``, ``JenV`` …). Short or ambiguous words on their own
(``BZ``, ``Financiën``, ``Defensie``) are only read after such a trigger.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache

__all__ = [
    "REGISTRY",
    "UNITS",
    "Body",
    "Who",
    "body_by_code",
    "lookup",
    "ministries_in_text",
    "parse_wie",
]


@dataclass(frozen=True)
class Body:
    """A ministry, another responsible body, or the collective "Kabinetsbreed"."""

    code: str
    name_nl: str
    name_en: str
    kind: str  # "ministry" | "body" | "collective"
    aliases: tuple[str, ...]


def _ministry(code: str, name: str, name_en: str, *aliases: str) -> Body:
    return Body(
        code=code,
        name_nl=f"Ministerie van {name}",
        name_en=f"Ministry of {name_en}",
        kind="ministry",
        aliases=(code, name, *aliases),
    )


REGISTRY: tuple[Body, ...] = (
    _ministry("AZ", "Algemene Zaken", "General Affairs"),
    _ministry(
        "BZ",
        "Buitenlandse Zaken",
        "Foreign Affairs",
        "BuZa",
        # The minister for foreign trade and development cooperation sits at BZ.
        "BHOS",
        "Buitenlandse Handel en Ontwikkelingssamenwerking",
    ),
    _ministry(
        "BZK",
        "Binnenlandse Zaken en Koninkrijksrelaties",
        "the Interior and Kingdom Relations",
        "Binnenlandse Zaken",
        "BiZa",
    ),
    _ministry("Def", "Defensie", "Defence", "DEF", "MinDef"),
    _ministry(
        "EZ",
        "Economische Zaken",
        "Economic Affairs",
    ),
    _ministry("EZK", "Economische Zaken en Klimaat", "Economic Affairs and Climate Policy"),
    _ministry("KGG", "Klimaat en Groene Groei", "Climate and Green Growth"),
    _ministry("FIN", "Financiën", "Finance", "Fin", "Financien"),
    _ministry(
        "IenW",
        "Infrastructuur en Waterstaat",
        "Infrastructure and Water Management",
        "I&W",
        "I en W",
        # Infrastructuur en Milieu: the same ministry's name until 2017.
        "IenM",
        "I&M",
        "Infrastructuur en Milieu",
    ),
    _ministry(
        "JenV",
        "Justitie en Veiligheid",
        "Justice and Security",
        "J&V",
        "J en V",
        # Veiligheid en Justitie: the same ministry's name 2010-2017.
        "VenJ",
        "V&J",
        "Veiligheid en Justitie",
    ),
    _ministry(
        "LNV",
        "Landbouw, Natuur en Voedselkwaliteit",
        "Agriculture, Nature and Food Quality",
        "Landbouw Natuur en Voedselkwaliteit",
        # The same ministry's name since 2024.
        "LVVN",
        "Landbouw, Visserij, Voedselzekerheid en Natuur",
    ),
    _ministry(
        "OCW",
        "Onderwijs, Cultuur en Wetenschap",
        "Education, Culture and Science",
        "Onderwijs Cultuur en Wetenschap",
    ),
    _ministry(
        "SZW",
        "Sociale Zaken en Werkgelegenheid",
        "Social Affairs and Employment",
        "Sociale Zaken",
    ),
    _ministry(
        "VWS",
        "Volksgezondheid, Welzijn en Sport",
        "Health, Welfare and Sport",
        "Volksgezondheid Welzijn en Sport",
    ),
    _ministry("AenM", "Asiel en Migratie", "Asylum and Migration", "A&M"),
    _ministry(
        "VRO",
        "Volkshuisvesting en Ruimtelijke Ordening",
        "Housing and Spatial Planning",
    ),
    Body(
        code="TK",
        name_nl="Tweede Kamer der Staten-Generaal",
        name_en="House of Representatives",
        kind="body",
        aliases=("TK", "Tweede Kamer", "Tweede Kamer der Staten-Generaal", "TK-initiatiefnemers"),
    ),
    Body(
        code="EK",
        name_nl="Eerste Kamer der Staten-Generaal",
        name_en="Senate",
        kind="body",
        aliases=("EK", "Eerste Kamer", "Eerste Kamer der Staten-Generaal"),
    ),
    Body(
        code="SER",
        name_nl="Sociaal-Economische Raad",
        name_en="Social and Economic Council",
        kind="body",
        aliases=("SER", "Sociaal-Economische Raad", "Sociaal Economische Raad"),
    ),
    Body(
        code="NCDR",
        name_nl="Nationaal Coördinator Discriminatie en Racisme",
        name_en="National Coordinator against Discrimination and Racism",
        kind="body",
        aliases=(
            "NCDR",
            "Nationaal Coördinator Discriminatie en Racisme",
            "Nationaal Coordinator Discriminatie en Racisme",
        ),
    ),
    Body(
        code="RCN",
        name_nl="Rijksdienst Caribisch Nederland",
        name_en="National Office for the Caribbean Netherlands",
        kind="body",
        aliases=("RCN", "Rijksdienst Caribisch Nederland"),
    ),
    Body(
        code="Kabinetsbreed",
        name_nl="Kabinetsbreed (alle ministeries)",
        name_en="Government-wide (all ministries)",
        kind="collective",
        aliases=("Kabinetsbreed", "Rijksbreed", "Kabinetsbrede", "Rijksbrede", "Alle ministeries"),
    ),
)

#: Units of a ministry that appear in "Wie" cells, mapped to their ministry's code.
UNITS: dict[str, str] = {
    "DE": "OCW",
    "Directie Emancipatie": "OCW",
}

_BY_CODE: dict[str, Body] = {body.code: body for body in REGISTRY}

# Words that carry no responsibility of their own when they stand between names.
_FILLERS = frozenset(
    {
        "afdeling",
        "directie",
        "ministerie",
        "ministeries",
        "ministerie van",
        "ministeries van",
        "het ministerie van",
        "de ministeries van",
        "minister van",
        "de minister van",
        "van",
        "het",
        "de",
        "min.",
    }
)
_SEPARATORS = ",;/&+|"
_WORD = re.compile(r"[^\s" + re.escape(_SEPARATORS) + r"]+")
_CONNECTIVES = re.compile(r"(?:en|and|plus)(?![\w&])", re.IGNORECASE)
_AND_OTHERS = re.compile(r"(?<!\w)(?:e\.\s?a\.?|en anderen|en andere(?:n)? partijen)(?!\w)", re.I)
_NOT_APPLICABLE = re.compile(r"(?<!\w)(?:n\.?\s?v\.?\s?t\b\.?|niet van toepassing)", re.IGNORECASE)
_SEE_ALSO = re.compile(
    r"^zie\s+(?:ook\s+)?(?:tabel|thema|hoofdstuk|paragraaf)?\s*['\"‘’“”]?(?P<ref>[^'\"‘’“”]+?)"
    r"['\"‘’“”]?\s*\.?$",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_TAG = re.compile(r"</?\s*[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    return _norm(text).casefold()


@cache
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for body in REGISTRY:
        for alias in body.aliases:
            index.setdefault(_key(alias), body.code)
            if body.kind == "ministry":
                index.setdefault(_key(f"ministerie van {alias}"), body.code)
                index.setdefault(_key(f"het ministerie van {alias}"), body.code)
        index.setdefault(_key(body.name_nl), body.code)
    return index


def body_by_code(code: str) -> Body:
    """The body with this exact code; ``KeyError`` when there is none."""
    return _BY_CODE[code]


def lookup(name: str) -> Body | None:
    """The body one of whose aliases is ``name`` (case-insensitive), else ``None``.

    Units (``DE``) are not bodies and are not found here; :func:`parse_wie` handles them.
    """
    code = _alias_index().get(_key(name.strip(" .,;")))
    return _BY_CODE[code] if code else None


def _is_short_code(alias: str) -> bool:
    return len(alias) <= 2


@cache
def _scanner() -> re.Pattern[str]:
    """One alternation over every alias and unit, longest first, each as a named group-free
    pattern; short codes case-sensitive, the rest case-insensitive."""
    entries: dict[str, str] = {}
    for body in REGISTRY:
        for alias in body.aliases:
            entries.setdefault(alias, body.code)
            if body.kind == "ministry":
                entries.setdefault(f"ministerie van {alias}", body.code)
                entries.setdefault(f"het ministerie van {alias}", body.code)
        entries.setdefault(body.name_nl, body.code)
    for unit, code in UNITS.items():
        entries.setdefault(unit, code)
    parts = []
    for alias in sorted(entries, key=len, reverse=True):
        pattern = re.escape(alias).replace(r"\ ", r"\s+")
        parts.append(pattern if _is_short_code(alias) else f"(?i:{pattern})")
    return re.compile(r"(?<![\w&])(?:" + "|".join(parts) + r")(?![\w&]|-\w)")


def _code_for_match(text: str) -> str:
    key = _key(text)
    for unit, code in UNITS.items():
        if _key(unit) == key:
            return code
    for prefix in ("het ministerie van ", "ministerie van "):
        if key.startswith(prefix) and key[len(prefix) :] in _alias_index():
            key = key[len(prefix) :]
            break
    return _alias_index()[key]


def _scan(text: str) -> tuple[list[str], list[str]]:
    """Codes and unknown fragments in ``text``, in order."""
    codes: list[str] = []
    unknown: list[str] = []
    pending: list[str] = []
    scanner = _scanner()

    def flush() -> None:
        if pending:
            fragment = " ".join(pending).strip(" .-")
            if fragment and fragment.casefold() not in _FILLERS and re.search(r"\w", fragment):
                unknown.append(fragment)
            pending.clear()

    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace():
            pos += 1
            continue
        match = scanner.match(text, pos)
        if match:
            flush()
            codes.append(_code_for_match(match.group(0)))
            pos = match.end()
            continue
        if char in _SEPARATORS:
            flush()
            pos += 1
            continue
        connective = _CONNECTIVES.match(text, pos)
        if connective and (pos == 0 or text[pos - 1].isspace()):
            flush()
            pos = connective.end()
            continue
        word = _WORD.match(text, pos)
        assert word is not None
        pending.append(word.group(0))
        pos = word.end()
    flush()
    return codes, unknown


def _dedupe(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True)
class Who:
    """The parsed content of a "Wie" (who is responsible) cell."""

    raw: str
    codes: tuple[str, ...]
    unknown: tuple[str, ...]
    not_applicable: bool = False
    and_others: bool = False
    notes: tuple[str, ...] = ()
    see_also: str | None = None  # "Zie tabel 'Arbeid'" → "Arbeid"


def parse_wie(raw: str) -> Who:
    """Parse a "Wie" cell; see the module documentation for the forms understood."""
    text = _norm(html.unescape(_TAG.sub(" ", raw)))
    if not text:
        return Who(raw=raw, codes=(), unknown=())
    see = _SEE_ALSO.match(text)
    if see:
        return Who(raw=raw, codes=(), unknown=(), see_also=see["ref"].strip())
    notes = tuple(_norm(n) for n in _PARENTHETICAL.findall(text) if n.strip())
    text = _PARENTHETICAL.sub(" ", text)
    not_applicable = bool(_NOT_APPLICABLE.search(text))
    text = _NOT_APPLICABLE.sub(" ", text)
    and_others = bool(_AND_OTHERS.search(text))
    text = _AND_OTHERS.sub(" ", text)
    codes, unknown = _scan(text)
    return Who(
        raw=raw,
        codes=_dedupe(codes),
        unknown=_dedupe(unknown),
        not_applicable=not_applicable,
        and_others=and_others,
        notes=notes,
    )


# --- prose -----------------------------------------------------------------------------------

#: Codes precise enough to be read on their own in running text.
_DISTINCTIVE_CODES = ("OCW", "SZW", "VWS", "BZK", "JenV", "EZK", "IenW", "LNV", "KGG", "LVVN")
_TRIGGER = re.compile(
    r"\b(?:minister|ministers|ministerie|ministeries|staatssecretaris|staatssecretarissen|"
    r"bewindspersoon|bewindspersonen|departement|departementen)\s+(?:van|voor)\s+",
    re.IGNORECASE,
)
_LIST_SEP = re.compile(
    r"\s*(?:,|/|&|\ben\b)\s*(?:(?:het|de)\s+)?(?:(?:ministerie|minister)\s+van\s+)?"
)


@cache
def _prose_free_pattern() -> re.Pattern[str]:
    """Names and codes that are safe to read anywhere: multi-word capitalized ministry names
    (exact case) and the distinctive codes."""
    forms: list[str] = []
    for body in REGISTRY:
        if body.kind != "ministry":
            continue
        for alias in body.aliases:
            if (" " in alias and alias[0].isupper()) or alias in _DISTINCTIVE_CODES:
                forms.append(alias)
    forms.sort(key=len, reverse=True)
    alternation = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(r"(?<![\w&/])(?:" + alternation + r")(?![\w&]|-\w)")


@cache
def _ministry_pattern() -> re.Pattern[str]:
    """Every ministry alias, for use right after a trigger (names case-insensitive)."""
    forms: dict[str, None] = {}
    for body in REGISTRY:
        if body.kind == "ministry":
            for alias in body.aliases:
                forms[alias] = None
    parts = []
    for alias in sorted(forms, key=len, reverse=True):
        pattern = re.escape(alias).replace(r"\ ", r"\s+")
        parts.append(pattern if _is_short_code(alias) else f"(?i:{pattern})")
    return re.compile(r"(?:" + "|".join(parts) + r")(?![\w&]|-\w)")


def _ministry_code(alias: str) -> str | None:
    body = lookup(alias)
    return body.code if body and body.kind == "ministry" else None


def ministries_in_text(text: str) -> tuple[str, ...]:
    """Codes of the ministries named in running text, in order of first mention."""
    found: list[tuple[int, str]] = []
    pattern = _ministry_pattern()
    for trigger in _TRIGGER.finditer(text):
        pos = trigger.end()
        while True:
            match = pattern.match(text, pos)
            if not match:
                break
            code = _ministry_code(match.group(0))
            if code:
                found.append((match.start(), code))
            sep = _LIST_SEP.match(text, match.end())
            if not sep or not pattern.match(text, sep.end()):
                break
            pos = sep.end()
    for match in _prose_free_pattern().finditer(text):
        code = _ministry_code(match.group(0))
        if code:
            found.append((match.start(), code))
    found.sort()
    return _dedupe([code for _, code in found])
