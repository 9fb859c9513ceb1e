"""References to parliamentary papers and EU legislation in running text and footnotes.

:func:`find_paper_refs` finds every reference in a text, in order; :func:`parse_paper_ref`
returns the first one. Forms understood (white space, including line breaks, may vary):

Parliamentary papers (kind ``kamerstuk``):

* ``Kamerstukken II 2024/2025, 30420, nr. 414``; ``Kamerstuk 2023/2024, 30 420, nr. 388``;
  ``Kamerstukken II, 2024/2025, 30950, nr. 453`` (comma after ``II``); ``Kamerstukken I``;
  the misspelling ``Kammerstukken``;
* a session year as ``2024/2025``, ``2024–2025``, ``2024-2025`` or ``2022/23`` — always
  normalized to ``2024/2025`` (``2022/23`` → ``2022/2023``); it may be absent
  (``Kamerstukken II, 36 715, nr. 1``);
* a dossier written ``30420`` or ``30 420``, with a suffix for budget and EU dossiers
  (``35300-XVII``, ``36600-VIII``, ``21501-02``); several dossiers ``22 112 en 30 420`` (the first
  in ``dossier``, all in ``dossiers``);
* a following reference without the word Kamerstuk: ``… nr. 415 en 2024/2025, 36715, nr. 1``;
* the running page header ``Tweede Kamer, vergaderjaar 2024–2025, 30 420, nr. 415 2`` (the
  trailing page number is not part of the paper number);
* a link to the paper itself: ``https://zoek.officielebekendmakingen.nl/kst-35300-XVII-39.pdf``.

A paper with a dossier and a number gets ``url``
``https://zoek.officielebekendmakingen.nl/kst-<dossier>-<number>.html``. A reference that names
no recognizable five-digit dossier (``Kamerstukken II 2023/2024, 2259.``) is still returned,
with ``dossier`` and ``number`` ``None``, so that the caller can report it.

Written questions (kind ``kamervragen``): ``Kamervragen 2023–2024, Kamerstuk 2024Z12561`` gives
``number="2024Z12561"`` (the Tweede Kamer's case number) and no URL: the public page of a case
needs a document id as well, which the reference does not give. ``Aanhangsel Handelingen II
2023/2024, nr. 1234`` (the published answers) gets its ``ah-tk-20232024-1234`` URL.

EU legislation: ``Richtlijn (EU) 2024/1385``, ``Richtlijn – EU – 2024/1385``,
``Directive – EU – 2024/1069``, ``EU-richtlijn 2019/1158``, ``Europese richtlijn 2022/2381``,
``Richtlijn 2006/54/EG`` (kind ``eu_directive``) and ``Verordening (EU) 2016/679``,
``Regulation (EU) 2024/1689`` (kind ``eu_regulation``): ``number="2024/1385"`` and the ELI URL
``https://eur-lex.europa.eu/eli/dir/2024/1385/oj`` (``reg`` for regulations). A CELEX number
after ``CELEX`` or ``EUR-Lex -`` (``52008PC0426``) gives kind ``other`` with its EUR-Lex URL.

``raw`` is the matched text with runs of white space collapsed to one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PaperRef", "find_paper_refs", "normalize_session_year", "parse_paper_ref"]


@dataclass(frozen=True)
class PaperRef:
    """One reference to a parliamentary paper, written questions or an EU act."""

    raw: str
    kind: str  # "kamerstuk" | "kamervragen" | "eu_directive" | "eu_regulation" | "other"
    session_year: str | None
    dossier: str | None
    number: str | None
    dossiers: tuple[str, ...] = ()
    url: str | None = None

    @property
    def key(self) -> str | None:
        """A stable identifier: ``kst-30420-415``, ``eu-dir-2024/1385``, ``2024Z12561`` …"""
        if self.kind == "kamerstuk" and self.dossier and self.number:
            return f"kst-{self.dossier}-{self.number}"
        if self.kind in ("eu_directive", "eu_regulation") and self.number:
            return f"eu-{'dir' if self.kind == 'eu_directive' else 'reg'}-{self.number}"
        return self.number


KST_URL = "https://zoek.officielebekendmakingen.nl/kst-{dossier}-{number}.html"
AH_URL = "https://zoek.officielebekendmakingen.nl/ah-tk-{years}-{number}.html"
ELI_URL = "https://eur-lex.europa.eu/eli/{kind}/{year}/{number}/oj"
CELEX_URL = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"

_S = r"[ \t\u00a0]*\n?[ \t\u00a0]*"  # white space, at most one line break
_DASH = r"[-\u2010-\u2015\u2212]"
_SESSION = rf"(?:19|20)\d{{2}}{_S}[/\u2010-\u2015\u2212-]{_S}(?:(?:19|20)\d{{2}}|\d{{2}})(?!\d)"
_DOSSIER = (
    rf"(?<![\d/])\d{{2}}[ \u00a0]?\d{{3}}(?![\d/])"
    rf"(?:{_DASH}(?:[IVXLC]{{1,7}}|[A-Z](?![a-z])|\d{{2}}(?![\d/])))?"
)
_NUMBER = r"(?:nr|no)\.?\s*(?P<nr>\d{1,5}[a-z]?)(?![\d/])"

_KST = re.compile(
    rf"(?<![\w/.-])(?P<head>(?:Kam+erstuk(?:ken)?(?:\s+(?:II|I)(?![\w]))?|"
    rf"(?:Tweede|Eerste)\s+Kamer,?\s+vergaderjaar))(?=[\s,])"
    rf",?\s*(?:(?P<session>{_SESSION})\s*,?\s*)?"
    rf"(?P<dossiers>{_DOSSIER}(?:\s*(?:,|en|&)\s*{_DOSSIER})*)?"
    rf"(?:\s*,?\s*{_NUMBER})?",
    re.IGNORECASE,
)
# "… nr. 415 en 2024/2025, 36715, nr. 1" — a second paper in the same citation.
_CONTINUATION = re.compile(
    rf"\s*(?:,|;|en)\s*(?:(?P<session>{_SESSION})\s*,\s*)?"
    rf"(?P<dossiers>{_DOSSIER})\s*,\s*{_NUMBER}"
)
_KST_LINK = re.compile(
    r"https?://zoek\.officielebekendmakingen\.nl/kst-"
    r"(?P<dossier>\d{5}(?:-(?:[IVXLC]{1,7}|[A-Z]|\d{2}))?)-(?P<nr>\d{1,5})\.(?:html|pdf|xml)"
)
_KAMERVRAGEN = re.compile(
    rf"Kamervragen(?:\s*\(?(?:Aanhangsel|aanhangsel)\)?)?\s*,?\s*"
    rf"(?:(?P<session>{_SESSION})\s*,?\s*)?"
    rf"(?:(?:Kamerstuk|nr\.?|zaaknummer)\s*)?(?P<z>(?:19|20)\d{{2}}Z\d{{4,6}})?",
    re.IGNORECASE,
)
_AANHANGSEL = re.compile(
    rf"Aanhangsel\s+(?:van\s+de\s+)?Handelingen(?:\s+(?:II|I)(?!\w))?\s*,?\s*"
    rf"(?P<session>{_SESSION})\s*,\s*(?:nr\.?|Aanhangselnummer)\s*(?P<nr>\d{{1,5}})",
    re.IGNORECASE,
)
_ODD_NUMBER = re.compile(r"\s*,\s*\d[\d\w-]*(?:\s*,\s*nr\.?\s*\d+)?")
_Z_NUMBER = re.compile(r"Kamerstuk\s+(?P<z>(?:19|20)\d{2}Z\d{4,6})", re.IGNORECASE)
_EU = re.compile(
    rf"(?P<word>(?:EU-|Europese\s+)?(?:richtlijn|directive|verordening|regulation))"
    rf"\s*(?:\(\s*EU\s*\)|{_DASH}\s*EU\s*{_DASH}|EU)?\s*(?:nr\.?\s*|No\.?\s*)?"
    rf"(?P<year>(?:19|20)\d{{2}})/(?P<nr>\d{{1,4}})(?:/(?P<legacy>EU|EG|EEG|EC|EEC))?(?![\d/])",
    re.IGNORECASE,
)
_EU_REVERSED = re.compile(
    r"(?P<word>Richtlijn|Directive|Verordening|Regulation)\s*(?P<nr>\d{1,4})/(?P<year>(?:19|20)\d{2})"
    r"/(?P<legacy>EG|EEG|EC|EEC)",
    re.IGNORECASE,
)
_CELEX = re.compile(r"(?:CELEX\s*:?\s*|EUR-Lex\s*-\s*)(?P<celex>[1-9]\d{4}[A-Z]{1,2}\d{4})")


def _clean(text: str) -> str:
    return " ".join(text.split())


def normalize_session_year(text: str) -> str | None:
    """``2024–2025``, ``2024-2025``, ``2024 / 2025`` → ``2024/2025``; ``2022/23`` → ``2022/2023``.

    ``None`` when ``text`` is not a session year of two consecutive years.
    """
    m = re.fullmatch(
        r"\s*((?:19|20)\d{2})\s*[/\u2010-\u2015\u2212-]\s*((?:19|20)\d{2}|\d{2})\s*", text
    )
    if not m:
        return None
    first = int(m.group(1))
    second = int(m.group(2)) if len(m.group(2)) == 4 else (first // 100) * 100 + int(m.group(2))
    if len(m.group(2)) == 2 and second < first:
        second += 100
    if second != first + 1:
        return None
    return f"{first}/{second}"


def _dossier(text: str) -> str:
    return re.sub(r"[ \u00a0]", "", re.sub(_DASH, "-", text))


def _kamerstuk(raw: str, session: str | None, dossiers: str | None, nr: str | None) -> PaperRef:
    found = (
        tuple(_dossier(d) for d in re.findall(_DOSSIER, dossiers, flags=re.IGNORECASE))
        if dossiers
        else ()
    )
    dossier = found[0] if found else None
    number = nr if dossier else None
    url = KST_URL.format(dossier=dossier, number=number) if dossier and number else None
    return PaperRef(
        raw=_clean(raw),
        kind="kamerstuk",
        session_year=normalize_session_year(session) if session else None,
        dossier=dossier,
        number=number,
        dossiers=found,
        url=url,
    )


def _eu(raw: str, word: str, year: str, nr: str) -> PaperRef:
    is_reg = word.casefold().rstrip().endswith(("verordening", "regulation"))
    kind = "eu_regulation" if is_reg else "eu_directive"
    number = f"{year}/{int(nr)}"
    return PaperRef(
        raw=_clean(raw),
        kind=kind,
        session_year=None,
        dossier=None,
        number=number,
        url=ELI_URL.format(kind="reg" if is_reg else "dir", year=year, number=int(nr)),
    )


def _matches(text: str) -> list[tuple[int, int, PaperRef]]:
    out: list[tuple[int, int, PaperRef]] = []
    for m in _KST_LINK.finditer(text):
        dossier, nr = m["dossier"], m["nr"]
        ref = PaperRef(
            raw=m.group(0),
            kind="kamerstuk",
            session_year=None,
            dossier=dossier,
            number=nr,
            dossiers=(dossier,),
            url=KST_URL.format(dossier=dossier, number=nr),
        )
        out.append((m.start(), m.end(), ref))
    for m in _AANHANGSEL.finditer(text):
        session = normalize_session_year(m["session"])
        url = AH_URL.format(years=session.replace("/", ""), number=m["nr"]) if session else None
        ref = PaperRef(_clean(m.group(0)), "kamervragen", session, None, m["nr"], url=url)
        out.append((m.start(), m.end(), ref))
    for m in _KAMERVRAGEN.finditer(text):
        if not (m["session"] or m["z"]):
            continue
        session = normalize_session_year(m["session"]) if m["session"] else None
        raw = m.group(0).rstrip(" ,")
        ref = PaperRef(_clean(raw), "kamervragen", session, None, m["z"])
        out.append((m.start(), m.start() + len(raw), ref))
    for m in _Z_NUMBER.finditer(text):
        out.append((m.start(), m.end(), PaperRef(_clean(m.group(0)), "other", None, None, m["z"])))
    for m in _KST.finditer(text):
        if not (m["session"] or m["dossiers"]):
            continue
        raw = m.group(0).rstrip(" ,")
        end = m.start() + len(raw)
        if not m["dossiers"]:
            # Keep an unrecognized dossier-like number in the label ("…, 2259.").
            odd = _ODD_NUMBER.match(text, end)
            if odd:
                end = odd.end()
                raw = text[m.start() : end]
        out.append((m.start(), end, _kamerstuk(raw, m["session"], m["dossiers"], m["nr"])))
        while m["nr"]:
            c = _CONTINUATION.match(text, end)
            if not c:
                break
            raw_c = c.group(0).lstrip(" ,;\n\t")
            raw_c = re.sub(r"^en\s+", "", raw_c)
            start_c = c.end() - len(raw_c)
            out.append((start_c, c.end(), _kamerstuk(raw_c, c["session"], c["dossiers"], c["nr"])))
            end = c.end()
    for m in _EU.finditer(text):
        out.append((m.start(), m.end(), _eu(m.group(0), m["word"], m["year"], m["nr"])))
    for m in _EU_REVERSED.finditer(text):
        out.append((m.start(), m.end(), _eu(m.group(0), m["word"], m["year"], m["nr"])))
    for m in _CELEX.finditer(text):
        ref = PaperRef(
            _clean(m.group(0)),
            "other",
            None,
            None,
            m["celex"],
            url=CELEX_URL.format(celex=m["celex"]),
        )
        out.append((m.start(), m.end(), ref))
    return out


def find_paper_refs(text: str) -> tuple[PaperRef, ...]:
    """Every reference in ``text``, in order of appearance; overlapping matches keep the one
    that starts first (and, at the same start, the longest)."""
    candidates = sorted(_matches(text), key=lambda item: (item[0], -(item[1] - item[0])))
    chosen: list[PaperRef] = []
    taken_until = -1
    for start, end, ref in candidates:
        if start < taken_until:
            continue
        chosen.append(ref)
        taken_until = end
    return tuple(chosen)


def parse_paper_ref(raw: str) -> PaperRef | None:
    """The first reference in ``raw``, or ``None`` when it contains none."""
    refs = find_paper_refs(raw)
    return refs[0] if refs else None
