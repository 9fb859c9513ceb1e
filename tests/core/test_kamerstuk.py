"""References to parliamentary papers and EU acts."""

from __future__ import annotations

import pytest

from voortgang.core.kamerstuk import (
    PaperRef,
    find_paper_refs,
    normalize_session_year,
    parse_paper_ref,
)

KST = "https://zoek.officielebekendmakingen.nl/kst-{}.html"


def kst(
    raw: str,
    session: str | None,
    dossier: str | None,
    number: str | None,
    dossiers: tuple[str, ...] | None = None,
) -> PaperRef:
    return PaperRef(
        raw=raw,
        kind="kamerstuk",
        session_year=session,
        dossier=dossier,
        number=number,
        dossiers=dossiers if dossiers is not None else ((dossier,) if dossier else ()),
        url=KST.format(f"{dossier}-{number}") if dossier and number else None,
    )


# text → the references found, in order. Texts are footnotes and page headers as the seeds
# write them (001 the 2025 note, 004 the EU letter).
CASES: dict[str, tuple[PaperRef, ...]] = {
    "3 Kamerstukken II 2024/2025, 30420, nr. 414": (
        kst("Kamerstukken II 2024/2025, 30420, nr. 414", "2024/2025", "30420", "414"),
    ),
    "4 Dit doe ik conform motie-X (PvdA), Kamerstukken II 2019/2020, 35300-XVII, nr. 41": (
        kst("Kamerstukken II 2019/2020, 35300-XVII, nr. 41", "2019/2020", "35300-XVII", "41"),
    ),
    "5 Kamerstukken II 2024/2025, 36600-VIII, nr. 39": (
        kst("Kamerstukken II 2024/2025, 36600-VIII, nr. 39", "2024/2025", "36600-VIII", "39"),
    ),
    "18 Kamerstukken II, 2024/2025, 30950, nr. 453": (
        kst("Kamerstukken II, 2024/2025, 30950, nr. 453", "2024/2025", "30950", "453"),
    ),
    "21 Kamerstukken II 2023/2024, 36551": (
        kst("Kamerstukken II 2023/2024, 36551", "2023/2024", "36551", None),
    ),
    # a dossier number that is not one: kept, reported by the caller, nothing made up
    "naar 28% (2023). Kamerstukken II 2023/2024, 2259.": (
        kst("Kamerstukken II 2023/2024, 2259", "2023/2024", None, None),
    ),
    "33 Kammerstukken II 2024/2025, 29240, nr. 158": (
        kst("Kammerstukken II 2024/2025, 29240, nr. 158", "2024/2025", "29240", "158"),
    ),
    "53 Zie ook Staat van de Unie 2025, Kamerstukken II 2024–2025, 36 715, nr. 1.": (
        kst("Kamerstukken II 2024–2025, 36 715, nr. 1", "2024/2025", "36715", "1"),
    ),
    "69 Zie ook Commissiewerkprogramma 2025, Kamerstukken II, 36 715, nr. 1, Annex II, blz. 17.": (
        kst("Kamerstukken II, 36 715, nr. 1", None, "36715", "1"),
    ),
    "71 Kamerstukken II 2024/2025, 29544, nr. 1260, Kamerstukken II 2024/2025, 25883, nr. 524": (
        kst("Kamerstukken II 2024/2025, 29544, nr. 1260", "2024/2025", "29544", "1260"),
        kst("Kamerstukken II 2024/2025, 25883, nr. 524", "2024/2025", "25883", "524"),
    ),
    "84 Kamerstukken II 2024/2025, 30420, nr. 415 en 2024/2025, 36715, nr. 1": (
        kst("Kamerstukken II 2024/2025, 30420, nr. 415", "2024/2025", "30420", "415"),
        kst("2024/2025, 36715, nr. 1", "2024/2025", "36715", "1"),
    ),
    "Kamerstukken II 2022/23, 30420, nr. 380": (
        kst("Kamerstukken II 2022/23, 30420, nr. 380", "2022/2023", "30420", "380"),
    ),
    "2 Toegezegd in het overleg. Kamerstuk 2023/2024, 30 420, nr. 388, Kamerstuk 2022/23,\n"
    "30 420, nr. 376 en Kamerstuk 2021/22, 30 420, nr. 367.": (
        kst("Kamerstuk 2023/2024, 30 420, nr. 388", "2023/2024", "30420", "388"),
        kst("Kamerstuk 2022/23, 30 420, nr. 376", "2022/2023", "30420", "376"),
        kst("Kamerstuk 2021/22, 30 420, nr. 367", "2021/2022", "30420", "367"),
    ),
    "6 Kamerstuk 2023/2024, 22 112 en 30 420, nr. 3956, Joint letter on gender equality": (
        kst(
            "Kamerstuk 2023/2024, 22 112 en 30 420, nr. 3956",
            "2023/2024",
            "22112",
            "3956",
            ("22112", "30420"),
        ),
    ),
    # the running page header of the EU letter, with its page number
    "Tweede Kamer, vergaderjaar 2024–2025, 30 420, nr. 415 2": (
        kst("Tweede Kamer, vergaderjaar 2024–2025, 30 420, nr. 415", "2024/2025", "30420", "415"),
    ),
    "Kamerstukken II 2023/24, 21501-02, nr. 2890": (
        kst("Kamerstukken II 2023/24, 21501-02, nr. 2890", "2023/2024", "21501-02", "2890"),
    ),
    "zie https://zoek.officielebekendmakingen.nl/kst-35300-XVII-39.pdf": (
        PaperRef(
            raw="https://zoek.officielebekendmakingen.nl/kst-35300-XVII-39.pdf",
            kind="kamerstuk",
            session_year=None,
            dossier="35300-XVII",
            number="39",
            dossiers=("35300-XVII",),
            url=KST.format("35300-XVII-39"),
        ),
    ),
    "8 Kamervragen 2023–2024, Kamerstuk 2024Z12561": (
        PaperRef(
            raw="Kamervragen 2023–2024, Kamerstuk 2024Z12561",
            kind="kamervragen",
            session_year="2023/2024",
            dossier=None,
            number="2024Z12561",
        ),
    ),
    "Aanhangsel Handelingen II 2023/2024, nr. 1234": (
        PaperRef(
            raw="Aanhangsel Handelingen II 2023/2024, nr. 1234",
            kind="kamervragen",
            session_year="2023/2024",
            dossier=None,
            number="1234",
            url="https://zoek.officielebekendmakingen.nl/ah-tk-20232024-1234.html",
        ),
    ),
    "16 Richtlijn (EU) 2024/1385 van het Europees Parlement en de Raad van 14 mei 2024": (
        PaperRef(
            raw="Richtlijn (EU) 2024/1385",
            kind="eu_directive",
            session_year=None,
            dossier=None,
            number="2024/1385",
            url="https://eur-lex.europa.eu/eli/dir/2024/1385/oj",
        ),
    ),
    "3 Richtlijn – EU – 2024/1385": (
        PaperRef(
            raw="Richtlijn – EU – 2024/1385",
            kind="eu_directive",
            session_year=None,
            dossier=None,
            number="2024/1385",
            url="https://eur-lex.europa.eu/eli/dir/2024/1385/oj",
        ),
    ),
    "9 Directive – EU – 2024/1069": (
        PaperRef(
            raw="Directive – EU – 2024/1069",
            kind="eu_directive",
            session_year=None,
            dossier=None,
            number="2024/1069",
            url="https://eur-lex.europa.eu/eli/dir/2024/1069/oj",
        ),
    ),
    "voldoet Nederland aan de Europese richtlijn 2022/2381 Women on Boards": (
        PaperRef(
            raw="Europese richtlijn 2022/2381",
            kind="eu_directive",
            session_year=None,
            dossier=None,
            number="2022/2381",
            url="https://eur-lex.europa.eu/eli/dir/2022/2381/oj",
        ),
    ),
    "Verordening (EU) 2016/679": (
        PaperRef(
            raw="Verordening (EU) 2016/679",
            kind="eu_regulation",
            session_year=None,
            dossier=None,
            number="2016/679",
            url="https://eur-lex.europa.eu/eli/reg/2016/679/oj",
        ),
    ),
    "Richtlijn 2006/54/EG": (
        PaperRef(
            raw="Richtlijn 2006/54/EG",
            kind="eu_directive",
            session_year=None,
            dossier=None,
            number="2006/54",
            url="https://eur-lex.europa.eu/eli/dir/2006/54/oj",
        ),
    ),
    "68 Richtlijnvoorstel Gelijke Behandeling: EUR-Lex - 52008PC0426 - EN - EUR-Lex": (
        PaperRef(
            raw="EUR-Lex - 52008PC0426",
            kind="other",
            session_year=None,
            dossier=None,
            number="52008PC0426",
            url="https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52008PC0426",
        ),
    ),
    # no references
    "De EU-richtlijn loontransparantie is in werking getreden.": (),
    "https://www.rijksoverheid.nl/documenten/kamerstukken/2019/04/01/kamerbrief": (),
    "Aanbeveling (nr. + tekst)": (),
    "": (),
}


@pytest.mark.parametrize("text", list(CASES), ids=[repr(k[:40]) for k in CASES])
def test_find_paper_refs(text: str) -> None:
    assert find_paper_refs(text) == CASES[text]


def test_parse_paper_ref() -> None:
    ref = parse_paper_ref("Kamerstukken II 2024/2025, 30420, nr. 414")
    assert ref is not None
    assert (ref.session_year, ref.dossier, ref.number) == ("2024/2025", "30420", "414")
    assert ref.url == KST.format("30420-414")
    assert ref.key == "kst-30420-414"
    assert parse_paper_ref("geen verwijzing") is None
    spaced = parse_paper_ref("Tweede Kamer, vergaderjaar 2024-2025, 30 420, nr. 415")
    assert spaced is not None and spaced.dossier == "30420" and spaced.session_year == "2024/2025"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/2025", "2024/2025"),
        ("2024–2025", "2024/2025"),
        ("2024-2025", "2024/2025"),
        ("2022/23", "2022/2023"),
        ("1999/00", "1999/2000"),
        ("2023/2025", None),
        ("2024", None),
    ],
)
def test_normalize_session_year(text: str, expected: str | None) -> None:
    assert normalize_session_year(text) == expected
