"""Parts of the Kingdom of the Netherlands and the CEDAW "Verantwoordelijk land/ ministerie" field.

:data:`PARTS` maps the codes the CEDAW overview uses to Dutch and English names:
``KNL`` (the whole Kingdom), ``NL`` (European Netherlands), ``BES`` (Caribbean Netherlands:
Bonaire, Sint Eustatius, Saba), ``AUA`` (Aruba), ``CUR`` (Curaçao), ``SXM`` (Sint Maarten).

:func:`parse_parts_and_ministries` reads the field. Forms found in the overview:

* ``KNL; OCW/BZK/JenV``, ``NL; FIN``, ``BES; VWS``, ``KNL; OCW/ BZK``, trailing spaces;
* the field continued on following lines with more parts, one per line:
  ``BES; VWS`` + ``AUA`` + ``CUR`` + ``SXM``, or ``KNL; VWS/JenV`` + ``AUA`` …;
* parts only, without ministries: ``AUA`` + ``CUR`` + ``SXM``, or ``CUR``.

Part codes are recognized in capitals anywhere in the field (they never collide with a
ministry code); part names (``Aruba``, ``Curaçao``, ``Sint Maarten``, ``Caribisch Nederland``,
``Europees Nederland``, ``Koninkrijk``) are recognized too, except inside ``Rijksdienst
Caribisch Nederland`` (a body). The rest of the field goes through
:func:`voortgang.core.ministries.parse_wie`, whose ``raw`` is that rest.
"""

from __future__ import annotations

import re

from voortgang.core.ministries import Who, parse_wie

__all__ = ["PARTS", "parse_parts_and_ministries", "part_by_name"]

#: Part code → (Dutch name, English name), in the order the CEDAW overview uses.
PARTS: dict[str, tuple[str, str]] = {
    "KNL": ("Koninkrijk der Nederlanden", "Kingdom of the Netherlands"),
    "NL": ("Europees Nederland", "European Netherlands"),
    "BES": (
        "Caribisch Nederland (Bonaire, Sint Eustatius en Saba)",
        "Caribbean Netherlands (Bonaire, Sint Eustatius and Saba)",
    ),
    "AUA": ("Aruba", "Aruba"),
    "CUR": ("Curaçao", "Curaçao"),
    "SXM": ("Sint Maarten", "Sint Maarten"),
}

_NAMES: dict[str, str] = {
    "koninkrijk der nederlanden": "KNL",
    "koninkrijk": "KNL",
    "europees nederland": "NL",
    "caribisch nederland": "BES",
    "bes-eilanden": "BES",
    "aruba": "AUA",
    "curaçao": "CUR",
    "curacao": "CUR",
    "sint maarten": "SXM",
    "st. maarten": "SXM",
}

_CODE = re.compile(r"(?<![\w/&-])(?:KNL|NL|BES|AUA|CUR|SXM)(?![\w&]|-\w)")
_NAME = re.compile(
    r"(?<!Rijksdienst )(?<![\w-])(?:"
    + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(_NAMES, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
# Separators and "en" left at either end once the parts are taken out ("Aruba en Curaçao; BZK").
_EDGE_JOINERS = re.compile(r"^(?:\s*(?:[;,/&]|\ben\b))+\s*|\s*(?:(?:[;,/&]|\ben\b)\s*)+$")


def part_by_name(name: str) -> str | None:
    """The part code for a code or name (``"Curaçao"`` → ``"CUR"``), else ``None``."""
    value = " ".join(name.split())
    if value in PARTS:
        return value
    return _NAMES.get(value.casefold())


def parse_parts_and_ministries(raw: str) -> tuple[tuple[str, ...], Who]:
    """Split a CEDAW responsibility field into part codes and the responsible ministries."""
    found: list[tuple[int, str]] = []
    rest = raw
    for pattern in (_CODE, _NAME):
        for match in pattern.finditer(rest):
            code = part_by_name(match.group(0))
            if code:
                found.append((match.start(), code))
        rest = pattern.sub(lambda m: " " * len(m.group(0)), rest)
    found.sort()
    parts = tuple(dict.fromkeys(code for _, code in found))
    who_text = _EDGE_JOINERS.sub("", " ".join(rest.split()))
    return parts, parse_wie(who_text)
