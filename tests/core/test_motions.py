"""Motions: annex titles and mentions in running text."""

from __future__ import annotations

from datetime import date

import pytest

from voortgang.core.motions import (
    MotionTitle,
    is_motion_title,
    motions_in_text,
    parse_motion_title,
)

# raw → expected fields (submitters, parties, date, subject, number, cum_suis)
TITLES: dict[str, dict[str, object]] = {
    # the annex (seed 002)
    "Motie van lid Aartsen d.d. 29 september 2022 hoe inburgeringstrajecten beter aangesloten "
    "kunnen worden op vrouwelijke nieuwkomers.": {
        "submitters": ("Aartsen",),
        "date": date(2022, 9, 29),
        "subject": "hoe inburgeringstrajecten beter aangesloten kunnen worden op vrouwelijke "
        "nieuwkomers",
    },
    "Motie leden Werner en van der Laan": {"submitters": ("Werner", "van der Laan")},
    "Motie van leden Mutluer en Westerveld d.d. 5 december 2022 over intersectionele vormen "
    "van discriminatie": {
        "submitters": ("Mutluer", "Westerveld"),
        "date": date(2022, 12, 5),
        "subject": "intersectionele vormen van discriminatie",
    },
    "Motie van lid Bisschop d.d. 5 december 2022 over sekswerk": {
        "submitters": ("Bisschop",),
        "date": date(2022, 12, 5),
        "subject": "sekswerk",
    },
    # the final report (seed 000): titles broken over lines, shortened subjects
    "Motie van de leden Van den Hul en \nBergkamp over betrekken van adviezen.": {
        "submitters": ("Van den Hul", "Bergkamp"),
        "subject": "betrekken van adviezen",
    },
    "Motie van het lid Van den Hul c.s. \nover genderspecifiek onderzoek.": {
        "submitters": ("Van den Hul",),
        "subject": "genderspecifiek onderzoek",
        "cum_suis": True,
    },
    "Motie van de leden Geluk-Poortvliet \nen Bergkamp over algoritmen.": {
        "submitters": ("Geluk-Poortvliet", "Bergkamp"),
        "subject": "algoritmen",
    },
    "Motie Van den Hul/Diks over de genderstrategie.": {
        "submitters": ("Van den Hul", "Diks"),
        "subject": "de genderstrategie",
    },
    "Motie van het lid Jasper van Dijk \nc.s. over seksuele diversiteit.": {
        "submitters": ("Jasper van Dijk",),
        "subject": "seksuele diversiteit",
        "cum_suis": True,
    },
    "Motie van de leden El Yassini en \nRegterschot over opvang": {
        "submitters": ("El Yassini", "Regterschot"),
        "subject": "opvang",
    },
    "Motie van het lid Sjoerdsma over het regenboogstembusakkoord.": {
        "submitters": ("Sjoerdsma",),
        "subject": "het regenboogstembusakkoord",
    },
    # other forms
    "Gewijzigde motie van het lid Becker over een contrastrategie": {
        "submitters": ("Becker",),
        "subject": "een contrastrategie",
    },
    "Motie van de leden Westerveld (GroenLinks-PvdA) en Dobbe (SP) over X": {
        "submitters": ("Westerveld", "Dobbe"),
        "parties": ("GroenLinks-PvdA", "SP"),
        "subject": "X",
    },
    "Motie van het lid Van den Hul c.s. over Y (Kamerstukken II 2019/2020, 35300-XVII, nr. 41)": {
        "submitters": ("Van den Hul",),
        "subject": "Y",
        "number": "35300-XVII, nr. 41",
        "cum_suis": True,
    },
    "Motie van de leden A, B en C over Z": {"submitters": ("A", "B", "C"), "subject": "Z"},
    "Motie van het lid Kwint over iets (2019Z23886)": {
        "submitters": ("Kwint",),
        "subject": "iets",
        "number": "2019Z23886",
    },
}

NOT_TITLES = [
    "MOTIES",
    "Moties en toezeggingen",
    "Motie",
    "Motie over iets",
    "Motivatie van de leden",
    "De motie wordt uitgevoerd door de huidige praktijk voort te zetten.",
    "Arbeidsparticipatie",
    "",
]


@pytest.mark.parametrize("raw", list(TITLES), ids=[repr(k[:40]) for k in TITLES])
def test_parse_motion_title(raw: str) -> None:
    expected = TITLES[raw]
    motion = parse_motion_title(raw)
    assert motion is not None
    assert motion.raw == raw
    assert motion.submitters == expected["submitters"]
    assert motion.parties == expected.get("parties", ())
    assert motion.date == expected.get("date")
    assert motion.subject == expected.get("subject")
    assert motion.number == expected.get("number")
    assert motion.cum_suis is expected.get("cum_suis", False)
    assert is_motion_title(raw)


@pytest.mark.parametrize("text", NOT_TITLES)
def test_not_a_motion_title(text: str) -> None:
    assert parse_motion_title(text) is None
    assert not is_motion_title(text)


# text → list of (submitters, parties, cum_suis, number)
PROSE: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], bool, str | None]]] = {
    # the 2025 note (seed 001)
    "Hiermee geef ik invulling aan de motie-Westerveld \n(GroenLinks-PvdA) en Dobbe (SP).5": [
        (("Westerveld", "Dobbe"), ("GroenLinks-PvdA", "SP"), False, None),
    ],
    "4 Dit doe ik conform motie-Van den Hul C.S. (PvdA), Kamerstukken II 2019/2020, "
    "35300-XVII, nr. 41": [
        (("Van den Hul",), ("PvdA",), True, "35300-XVII, nr. 41"),
    ],
    "in opvolging van de \nmotie-Paternotte (D66)20 heeft de politie": [
        (("Paternotte",), ("D66",), False, None),
    ],
    "Daarmee voert het ook de motie-Becker (VVD) uit.": [(("Becker",), ("VVD",), False, None)],
    "Hiermee voer ik de \nmotie-Dobbe (SP) uit.58": [(("Dobbe",), ("SP",), False, None)],
    "een stap in de uitwerking van de motie-Westerveld (GroenLinks-PvdA) en Kostić (PvdD).83": [
        (("Westerveld", "Kostić"), ("GroenLinks-PvdA", "PvdD"), False, None),
    ],
    # the 2023 annex (seed 002)
    "In lijn met de motie Sjoerdsma, amendement Hammelburg en het akkoord": [
        (("Sjoerdsma",), (), False, None),
    ],
    "kunnen verbieden, conform de moties Simons/Gundogan en Kwint c.s.": [
        (("Simons", "Gundogan"), (), False, None),
        (("Kwint",), (), True, None),
    ],
    "ter gedeeltelijke uitvoering van de motie van Van Ginneken/Ellian. De brief": [
        (("Van Ginneken", "Ellian"), (), False, None),
    ],
    "In opvolging van de motie Bikker en Van der Werf zal het plan": [
        (("Bikker", "Van der Werf"), (), False, None),
    ],
    # the final report (seed 000)
    "Naar aanleiding van de motie Bergkamp/Van den Hul heeft het kabinet": [
        (("Bergkamp", "Van den Hul"), (), False, None),
    ],
    "Ook heb ik uitvoering gegeven aan de motie Van den Hul over het verband": [
        (("Van den Hul",), (), False, None),
    ],
    "invulling gegeven aan de moties \nvan de leden Regterschot/El Yassini, \n"
    "El Yassini/Regterschot en Van den \nHul/Bergkamp die de regering oproepen": [
        (("Regterschot", "El Yassini"), (), False, None),
        (("El Yassini", "Regterschot"), (), False, None),
        (("Van den Hul", "Bergkamp"), (), False, None),
    ],
    # mentions without a name are not motion references
    "In de Tweede Kamer is een motie ingediend waarin de regering wordt opgeroepen.": [],
    "Dit is staand beleid. De motie wordt uitgevoerd.": [],
    "de uitwerking van de eerdere motie af te ronden": [],
    "middels de brief naar aanleiding van de moties betreffende dit onderwerp": [],
    "Moties en toezeggingen": [],
}


@pytest.mark.parametrize("text", list(PROSE), ids=[repr(k[:40]) for k in PROSE])
def test_motions_in_text(text: str) -> None:
    found = motions_in_text(text)
    got = [(m.submitters, m.parties, m.cum_suis, m.number) for m in found]
    assert got == PROSE[text]
    for motion in found:
        assert motion.subject is None
        assert motion.raw.lower().startswith("motie")


def test_prose_mention_keeps_date() -> None:
    (motion,) = motions_in_text("zie de Motie van lid Bisschop d.d. 5 december 2022 over iets")
    assert motion.date == date(2022, 12, 5)
    assert isinstance(motion, MotionTitle)
