"""The HTML reader on a hand-written annex page: what becomes blocks, and what the annex
importer makes of them."""

from __future__ import annotations

import pytest

from voortgang.ingest import ParseError, parse_bytes
from voortgang.ingest.containers import blocks_to_text, detect_container
from voortgang.ingest.html import read_blocks

PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Niet de titel</title>
<style>td { color: red }</style><script>var x = "1. ARBEID";</script></head>
<body>
<header><p>Rijksoverheid — menu</p></header>
<nav><ul><li>Home</li></ul></nav>
<main>
<h1>Bijlage voortgangsrapportage emancipatie</h1>
<p>4 = afgerond</p><p>3 = in uitvoering</p><p>1 = doorlopend</p>
<p>0 = niet (meer) in uitvoering</p>
<h2>1. ARBEID</h2>
<table>
<thead><tr><th>Maatregel</th><th>Stand van zaken</th><th>Wanneer</th><th>Wie</th>
<th>Toelichting</th></tr></thead>
<tbody>
<tr><th colspan="5" scope="colgroup">Gelijk loon<sup>2</sup></th></tr>
<tr><th scope="row">Loontransparantie</th><td>3</td><td>Q2 2024</td><td>SZW</td>
<td>De richtlijn<br>is in werking getreden.<sup>1</sup></td></tr>
<tr><th scope="row">Techniekpact</th><td></td><td></td><td><i>Zie tabel 'Arbeid'</i></td>
<td></td></tr>
</tbody></table>
<table><thead><tr><th>Maatregel</th><th>Stand van zaken</th><th>Wanneer</th><th>Wie</th>
<th>Toelichting</th></tr></thead>
<tbody><tr><td>Ouderschapsverlof</td><td>4</td><td>Q3 2022</td><td>SZW</td>
<td>Verhoogd &amp; ingevoerd.</td></tr></tbody></table>
<p>¹ Richtlijn (EU) 2023/970</p>
<p><sup>2</sup> Gelijk loon voor gelijk werk</p>
</main>
<footer><p>Pagina 1 van 1</p></footer>
</body></html>
"""


def test_blocks() -> None:
    data = PAGE.encode()
    assert detect_container(data) == "html"
    container = read_blocks(data, name="bijlage.html")
    assert container.unit == "block"
    cells = [b.cells for b in container.blocks]
    assert cells[0] == ["Bijlage voortgangsrapportage emancipatie"]
    assert ["Rijksoverheid — menu"] not in cells and ["Home"] not in cells
    assert ["Pagina 1 van 1"] not in cells
    sub = next(b for b in container.blocks if b.cells[0].startswith("Gelijk loon"))
    assert sub.cells == ["Gelijk loon²", "", "", "", ""] and not sub.header
    headers = [b for b in container.blocks if b.header]
    assert len(headers) == 2
    text, locations = blocks_to_text(container.blocks)
    # The second table's header row repeats the first with nothing between: read once.
    assert text.count("Maatregel\tStand van zaken") == 1
    assert "De richtlijn is in werking getreden.¹" in text
    assert len(locations) == len(text.splitlines())


def test_parsed_as_an_annex() -> None:
    parsed = parse_bytes(PAGE.encode(), name="bijlage.html")
    assert parsed.format == "annex"
    assert parsed.title == "Bijlage voortgangsrapportage emancipatie"
    assert parsed.legend == {
        4: "afgerond",
        3: "in uitvoering",
        1: "doorlopend",
        0: "niet (meer) in uitvoering",
    }
    loon, verlof = parsed.records
    assert (loon.title, loon.status, loon.when.raw, loon.who.codes) == (
        "Loontransparantie",
        3,
        "Q2 2024",
        ("SZW",),
    )
    assert loon.explanation == "De richtlijn is in werking getreden."
    assert loon.footnotes == ["1"]
    assert verlof.explanation == "Verhoogd & ingevoerd."
    assert parsed.themes[loon.subtheme or 0].name == "Gelijk loon"
    assert parsed.themes[loon.subtheme or 0].footnotes == ["2"]
    (xref,) = parsed.xrefs
    assert xref.title == "Techniekpact" and xref.raw == "Zie tabel 'Arbeid'"
    assert sorted((f.marker, f.text) for f in parsed.footnotes) == [
        ("1", "Richtlijn (EU) 2023/970"),
        ("2", "Gelijk loon voor gelijk werk"),
    ]
    # Lines are block ordinals: the first record is the block of its row.
    container = read_blocks(PAGE.encode(), name="bijlage.html")
    row = next(i for i, b in enumerate(container.blocks, 1) if b.cells[0] == "Loontransparantie")
    assert loon.line_start == row


def test_windows_1252_is_read_with_a_warning() -> None:
    data = PAGE.replace('<meta charset="utf-8">', "").encode("cp1252", errors="replace")
    parsed = parse_bytes(data, name="oud.html")
    assert any("Windows-1252" in w.message for w in parsed.warnings)
    assert len(parsed.records) == 2


def test_a_page_without_an_annex() -> None:
    with pytest.raises(ParseError, match="the text of this HTML file matches no known format"):
        parse_bytes(b"<!doctype html><html><body><p>Hallo</p></body></html>", name="x.html")
    with pytest.raises(ParseError, match="contains no text"):
        parse_bytes(b"<!doctype html><html><body></body></html>", name="leeg.html")
