"""The English catalogue of the interface: complete, and the compiled .mo matches the .po."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"


def _entries() -> list[dict[str, object]]:
    """The .po entries: msgid, msgid_plural, msgstr or msgstr[n], flags."""
    entries: list[dict[str, object]] = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, object] = {"flags": ""}
        key = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] = line
            elif line.startswith("#") or not line.strip():
                continue
            else:
                match = re.match(
                    r"^(msgid_plural|msgid|msgstr\[\d\]|msgstr|msgctxt) (\".*\")$", line
                )
                if match:
                    key = match.group(1)
                    entry[key] = ast.literal_eval(match.group(2))
                else:
                    entry[key] = str(entry[key]) + ast.literal_eval(line)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def test_every_interface_string_has_an_english_translation() -> None:
    entries = _entries()
    assert len(entries) > 200
    for entry in entries:
        assert "fuzzy" not in str(entry["flags"]), entry["msgid"]
        if "msgid_plural" in entry:
            assert entry["msgstr[0]"] and entry["msgstr[1]"], entry["msgid"]
        else:
            assert entry["msgstr"], entry["msgid"]


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in _entries():
        msgid = str(entry["msgid"])
        if "msgctxt" in entry:
            continue
        if "msgid_plural" in entry:
            plural = str(entry["msgid_plural"])
            assert catalogue.ngettext(msgid, plural, 1) == entry["msgstr[0]"], msgid
            assert catalogue.ngettext(msgid, plural, 2) == entry["msgstr[1]"], msgid
        else:
            assert catalogue.gettext(msgid) == entry["msgstr"], (
                f"{msgid!r}: the .mo is out of date; run `voortgang manage compilemessages` "
                "in src/voortgang"
            )
