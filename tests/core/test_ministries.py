"""Ministries and bodies: the registry, the "Wie" column and ministries named in prose."""

from __future__ import annotations

import pytest

from voortgang.core.ministries import (
    REGISTRY,
    body_by_code,
    lookup,
    ministries_in_text,
    parse_wie,
)

# raw → (codes, unknown, extra expectations)
WIE: dict[str, tuple[tuple[str, ...], tuple[str, ...], dict[str, object]]] = {
    # --- every distinct value of the annex's Wie column (seed 002, tags stripped) -----------
    "": ((), (), {}),
    "---------------------": ((), (), {}),
    "BZ": (("BZ",), (), {}),
    "BZ & OCW": (("BZ", "OCW"), (), {}),
    "BZ, OCW": (("BZ", "OCW"), (), {}),
    "BZ, OCW, BZK, JenV, SZW": (("BZ", "OCW", "BZK", "JenV", "SZW"), (), {}),
    "BZ, OCW, e.a.": (("BZ", "OCW"), (), {"and_others": True}),
    "BZK": (("BZK",), (), {}),
    "BZK, JenV": (("BZK", "JenV"), (), {}),
    "BZK, OCW": (("BZK", "OCW"), (), {}),
    "EZK": (("EZK",), (), {}),
    "FIN": (("FIN",), (), {}),
    "JenV": (("JenV",), (), {}),
    "JenV BZK OCW": (("JenV", "BZK", "OCW"), (), {}),
    "JenV OCW BZK VWS SZW": (("JenV", "OCW", "BZK", "VWS", "SZW"), (), {}),
    "JenV en OCW": (("JenV", "OCW"), (), {}),
    "JenV en VWS": (("JenV", "VWS"), (), {}),
    "JenV,": (("JenV",), (), {}),
    "JenV, OCW": (("JenV", "OCW"), (), {}),
    "Kabinetsbreed": (("Kabinetsbreed",), (), {}),
    "NCDR": (("NCDR",), (), {}),
    "OCW": (("OCW",), (), {}),
    "OCW (medefinanciers EU-commissie en Rotterdam)": (
        ("OCW",),
        (),
        {"notes": ("medefinanciers EU-commissie en Rotterdam",)},
    ),
    "OCW, BZ": (("OCW", "BZ"), (), {}),
    "OCW, BZ (n.n.t.b.)": (("OCW", "BZ"), (), {"notes": ("n.n.t.b.",)}),
    "OCW, BZK": (("OCW", "BZK"), (), {}),
    "OCW, Rijksdienst Caribisch Nederland afdeling OCW": (("OCW", "RCN"), (), {}),
    "OCW, SER": (("OCW", "SER"), (), {}),
    "OCW, SZW": (("OCW", "SZW"), (), {}),
    "OCW, SZW, JenV en VWS": (("OCW", "SZW", "JenV", "VWS"), (), {}),
    "OCW, VWS": (("OCW", "VWS"), (), {}),
    "OCW, VWS, JenV": (("OCW", "VWS", "JenV"), (), {}),
    "OCW, VWS, SZW, JenV": (("OCW", "VWS", "SZW", "JenV"), (), {}),
    "OCW/DE": (("OCW",), (), {}),
    "OCW/SZW": (("OCW", "SZW"), (), {}),
    "OCW/VWS": (("OCW", "VWS"), (), {}),
    "OCW/VWS/JenV": (("OCW", "VWS", "JenV"), (), {}),
    "Rijksbreed/BZK": (("Kabinetsbreed", "BZK"), (), {}),
    "Rijksbreed/BZK/IenW": (("Kabinetsbreed", "BZK", "IenW"), (), {}),
    "SZW": (("SZW",), (), {}),
    "SZW, OCW": (("SZW", "OCW"), (), {}),
    "SZW, Rijksdienst Caribisch Nederland afdeling OCW": (("SZW", "RCN", "OCW"), (), {}),
    "TK": (("TK",), (), {}),
    "VWS": (("VWS",), (), {}),
    "VWS en JenV": (("VWS", "JenV"), (), {}),
    "VWS/OCW": (("VWS", "OCW"), (), {}),
    "VWS/SZW": (("VWS", "SZW"), (), {}),
    "Wie": ((), ("Wie",), {}),  # the column header itself: reported, not dropped
    "Zie tabel 'Arbeid'": ((), (), {"see_also": "Arbeid"}),
    "n.v.t.": ((), (), {"not_applicable": True}),
    # --- the same cells with their HTML remnants ------------------------------------------
    "<p>OCW, SZW</p>": (("OCW", "SZW"), (), {}),
    "<i>Zie tabel 'Arbeid'</i>": ((), (), {"see_also": "Arbeid"}),
    # --- other forms ------------------------------------------------------------------------
    "Rijksdienst Caribisch Nederland afdeling OCW": (("RCN", "OCW"), (), {}),
    "Ministerie van Magie": ((), ("Ministerie van Magie",), {}),
    "OCW, Ministerie van Magie en SZW": (("OCW", "SZW"), ("Ministerie van Magie",), {}),
    "ministerie van OCW": (("OCW",), (), {}),
    "Onderwijs, Cultuur en Wetenschap": (("OCW",), (), {}),
    "Ministerie van Volksgezondheid, Welzijn en Sport en JenV": (("VWS", "JenV"), (), {}),
    "J&V en I&W": (("JenV", "IenW"), (), {}),
    "BuZa, Financiën": (("BZ", "FIN"), (), {}),
    "EZ, EZK, KGG": (("EZ", "EZK", "KGG"), (), {}),
    "TK-initiatiefnemers": (("TK",), (), {}),
    "OCW + SZW": (("OCW", "SZW"), (), {}),
    "OCW; SZW": (("OCW", "SZW"), (), {}),
    "OCW en anderen": (("OCW",), (), {"and_others": True}),
    "nvt": ((), (), {"not_applicable": True}),
    "OCW, OCW/DE": (("OCW",), (), {}),
    "de": ((), (), {}),  # an article, not Directie Emancipatie
    "OCW, Gemeente Utrecht": (("OCW",), ("Gemeente Utrecht",), {}),
}


@pytest.mark.parametrize("raw", list(WIE), ids=[repr(k) for k in WIE])
def test_parse_wie(raw: str) -> None:
    codes, unknown, extra = WIE[raw]
    who = parse_wie(raw)
    assert who.raw == raw
    assert who.codes == codes
    assert who.unknown == unknown
    assert who.not_applicable is extra.get("not_applicable", False)
    assert who.and_others is extra.get("and_others", False)
    assert who.notes == extra.get("notes", ())
    assert who.see_also == extra.get("see_also")


@pytest.mark.seeds
def test_every_annex_value_is_covered(annex_rows: list[list[str]]) -> None:
    values = {row[3] for row in annex_rows}
    assert values <= set(WIE), sorted(values - set(WIE))


def test_registry_codes_are_unique_and_complete() -> None:
    codes = [body.code for body in REGISTRY]
    assert len(codes) == len(set(codes))
    for code in (
        "OCW", "SZW", "VWS", "JenV", "BZK", "BZ", "EZK", "EZ", "FIN", "IenW", "LNV", "Def",
        "AZ", "KGG", "TK", "EK", "SER", "NCDR", "RCN", "Kabinetsbreed",
    ):  # fmt: skip
        assert body_by_code(code).code == code
    assert {body.kind for body in REGISTRY} == {"ministry", "body", "collective"}
    for body in REGISTRY:
        assert body.code in body.aliases


def test_registry_names() -> None:
    ocw = body_by_code("OCW")
    assert ocw.name_nl == "Ministerie van Onderwijs, Cultuur en Wetenschap"
    assert ocw.name_en == "Ministry of Education, Culture and Science"
    assert ocw.kind == "ministry"
    assert body_by_code("Kabinetsbreed").kind == "collective"
    assert body_by_code("SER").kind == "body"


def test_body_by_code_unknown() -> None:
    with pytest.raises(KeyError):
        body_by_code("XYZ")
    with pytest.raises(KeyError):
        body_by_code("ocw")  # codes are exact


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("OCW", "OCW"),
        ("ocw", "OCW"),
        ("  Onderwijs,   Cultuur en Wetenschap ", "OCW"),
        ("Ministerie van Onderwijs, Cultuur en Wetenschap", "OCW"),
        ("ministerie van OCW", "OCW"),
        ("J&V", "JenV"),
        ("JenV", "JenV"),
        ("Justitie en Veiligheid", "JenV"),
        ("Buitenlandse Zaken", "BZ"),
        ("BuZa", "BZ"),
        ("Financiën", "FIN"),
        ("EZK", "EZK"),
        ("EZ", "EZ"),
        ("Tweede Kamer", "TK"),
        ("TK-initiatiefnemers", "TK"),
        ("Rijksbreed", "Kabinetsbreed"),
        ("Sociaal-Economische Raad", "SER"),
        ("Magie", None),
        ("DE", None),  # a unit, not a body: parse_wie maps it to OCW
        ("", None),
    ],
)
def test_lookup(name: str, code: str | None) -> None:
    body = lookup(name)
    assert (body.code if body else None) == code


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Het ministerie van OCW werkt hieraan.", ("OCW",)),
        ("Samen met de minister van BZK heb ik wetgeving voorbereid.", ("BZK",)),
        ("De minister van SZW informeerde uw Kamer.", ("SZW",)),
        ("De minister van JenV en de minister van OCW.", ("JenV", "OCW")),
        ("de ministers van SZW en OCW hebben een gesprek gehad", ("SZW", "OCW")),
        ("het Ministerie van Volksgezondheid, Welzijn en Sport verlengde", ("VWS",)),
        ("op het terrein van Onderwijs, Cultuur en Wetenschap", ("OCW",)),
        ("De ministeries van Financiën, Defensie en BZ", ("FIN", "Def", "BZ")),
        ("OCW coördineert de financiering.", ("OCW",)),
        ("door het Ministerie van BZK.", ("BZK",)),
        # precision over recall
        ("een afdeling Buitengewone Zaken (A/BZ) organiseert", ()),
        ("de minister voor Armoedebeleid, Participatie en Pensioenen", ()),
        ("defensie en financiën zijn onderwerpen", ()),
        ("de Tweede Kamer en de SER", ()),  # bodies, not ministries
        ("", ()),
    ],
)
def test_ministries_in_text(text: str, codes: tuple[str, ...]) -> None:
    assert ministries_in_text(text) == codes
