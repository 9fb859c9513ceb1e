"""Parts of the Kingdom and the CEDAW responsibility field ("KNL; OCW/BZK/JenV")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from voortgang.core.kingdom import PARTS, parse_parts_and_ministries, part_by_name

CARIB = ("AUA", "CUR", "SXM")

# raw → (parts, ministry codes, who.raw)
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    # --- every distinct form in the CEDAW overview (seed 003) -------------------------------
    "AUA\nCUR\nSXM": (CARIB, (), ""),
    "BES; OCW\nAUA\nCUR\nSXM": (("BES", *CARIB), ("OCW",), "OCW"),
    "BES; SZW\nAUA\nCUR\nSXM": (("BES", *CARIB), ("SZW",), "SZW"),
    "BES; VWS\nAUA\nCUR\nSXM": (("BES", *CARIB), ("VWS",), "VWS"),
    "CUR": (("CUR",), (), ""),
    "KNL; BZ": (("KNL",), ("BZ",), "BZ"),
    "KNL; BZ/JenV": (("KNL",), ("BZ", "JenV"), "BZ/JenV"),
    "KNL; BZK": (("KNL",), ("BZK",), "BZK"),
    "KNL; BZK/JenV": (("KNL",), ("BZK", "JenV"), "BZK/JenV"),
    "KNL; BZK/OCW/SZW/JenV ": (("KNL",), ("BZK", "OCW", "SZW", "JenV"), "BZK/OCW/SZW/JenV"),
    "KNL; JenV": (("KNL",), ("JenV",), "JenV"),
    "KNL; JenV/FIN": (("KNL",), ("JenV", "FIN"), "JenV/FIN"),
    "KNL; OCW": (("KNL",), ("OCW",), "OCW"),
    "KNL; OCW/ BZK": (("KNL",), ("OCW", "BZK"), "OCW/ BZK"),
    "KNL; OCW/BZK/JenV": (("KNL",), ("OCW", "BZK", "JenV"), "OCW/BZK/JenV"),
    "KNL; OCW/FIN": (("KNL",), ("OCW", "FIN"), "OCW/FIN"),
    "KNL; OCW/JenV/BZ": (("KNL",), ("OCW", "JenV", "BZ"), "OCW/JenV/BZ"),
    "KNL; OCW/JenV/BZK": (("KNL",), ("OCW", "JenV", "BZK"), "OCW/JenV/BZK"),
    "KNL; OCW/SZW": (("KNL",), ("OCW", "SZW"), "OCW/SZW"),
    "KNL; OCW/SZW/IenW": (("KNL",), ("OCW", "SZW", "IenW"), "OCW/SZW/IenW"),
    "KNL; OCW/VWS": (("KNL",), ("OCW", "VWS"), "OCW/VWS"),
    "KNL; OCW/VWS/SZW": (("KNL",), ("OCW", "VWS", "SZW"), "OCW/VWS/SZW"),
    "KNL; SZW": (("KNL",), ("SZW",), "SZW"),
    "KNL; SZW/JenV": (("KNL",), ("SZW", "JenV"), "SZW/JenV"),
    "KNL; SZW/VWS": (("KNL",), ("SZW", "VWS"), "SZW/VWS"),
    "KNL; VWS": (("KNL",), ("VWS",), "VWS"),
    "KNL; VWS/JenV": (("KNL",), ("VWS", "JenV"), "VWS/JenV"),
    "KNL; VWS/JenV\nAUA\nCUR\nSXM": (("KNL", *CARIB), ("VWS", "JenV"), "VWS/JenV"),
    "KNL; VWS/JenV/BZ": (("KNL",), ("VWS", "JenV", "BZ"), "VWS/JenV/BZ"),
    "NL; FIN": (("NL",), ("FIN",), "FIN"),
    "NL; JenV": (("NL",), ("JenV",), "JenV"),
    "NL; SZW": (("NL",), ("SZW",), "SZW"),
    # --- other forms ------------------------------------------------------------------------
    "BES; VWS AUA CUR SXM": (("BES", *CARIB), ("VWS",), "VWS"),
    "Aruba, Curaçao en Sint Maarten; BZK": (CARIB, ("BZK",), "BZK"),
    "BES; Rijksdienst Caribisch Nederland afdeling OCW": (
        ("BES",),
        ("RCN", "OCW"),
        "Rijksdienst Caribisch Nederland afdeling OCW",
    ),
    "KNL, NL; OCW": (("KNL", "NL"), ("OCW",), "OCW"),
    "": ((), (), ""),
}


@pytest.mark.parametrize("raw", list(FIELDS), ids=[repr(k) for k in FIELDS])
def test_parse_parts_and_ministries(raw: str) -> None:
    parts, codes, who_raw = FIELDS[raw]
    got_parts, who = parse_parts_and_ministries(raw)
    assert got_parts == parts
    assert who.codes == codes
    assert who.raw == who_raw
    assert who.unknown == ()


def test_unknown_ministry_is_reported() -> None:
    parts, who = parse_parts_and_ministries("KNL; OCW/Magie")
    assert parts == ("KNL",)
    assert who.codes == ("OCW",)
    assert who.unknown == ("Magie",)


def _cedaw_fields(text: str) -> set[str]:
    """The responsibility fields of the overview: a tab-indented line starting with a part code,
    plus the part codes on the lines right after it."""
    lines = text.splitlines()
    fields: set[str] = set()
    i = 0
    while i < len(lines):
        if re.match(r"^\t(KNL|NL|BES|AUA|CUR|SXM)\b", lines[i]):
            field = [lines[i].lstrip("\t")]
            i += 1
            while i < len(lines) and re.fullmatch(r"(KNL|NL|BES|AUA|CUR|SXM)", lines[i]):
                field.append(lines[i])
                i += 1
            fields.add("\n".join(field))
        else:
            i += 1
    return fields


@pytest.mark.seeds
def test_every_cedaw_form_is_covered(seeds: Path) -> None:
    fields = _cedaw_fields((seeds / "003_751c11d549cd7bdf.txt").read_text(encoding="utf-8"))
    assert fields, "no responsibility fields found"
    assert fields <= set(FIELDS), sorted(fields - set(FIELDS))


def test_parts_table() -> None:
    assert list(PARTS) == ["KNL", "NL", "BES", "AUA", "CUR", "SXM"]
    assert PARTS["CUR"] == ("Curaçao", "Curaçao")
    assert PARTS["KNL"][1] == "Kingdom of the Netherlands"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("CUR", "CUR"),
        ("Curaçao", "CUR"),
        ("curacao", "CUR"),
        ("Sint  Maarten", "SXM"),
        ("Caribisch Nederland", "BES"),
        ("Europees Nederland", "NL"),
        ("Koninkrijk der Nederlanden", "KNL"),
        ("Bonaire", None),  # one island of BES, not the whole part
        ("OCW", None),
    ],
)
def test_part_by_name(name: str, code: str | None) -> None:
    assert part_by_name(name) == code
