"""The CEDAW overview importer (``ingest/cedaw.py``): the bundled sample with every irregularity,
broken variants of it, and the real overview (seed 003)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from voortgang.ingest import cedaw
from voortgang.ingest.base import ParsedDocument, ParsedRecord, ParseError

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
SAMPLE = SAMPLES / "cedaw-overzicht-voorbeeld.txt"
BAD = ROOT / "tests" / "data" / "bad"
SEED = "003_751c11d549cd7bdf.txt"
OTHER_SEEDS = (
    "000_c4e335b86f3fdcd1.txt",
    "001_cc0ade19c8116a3c.txt",
    "002_f8a91c7f97a7b53d.txt",
    "004_fa7ce9cf57b87bec.txt",
)


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def parse(text: str, name: str = "cedaw.txt") -> ParsedDocument:
    return cedaw.parse(text, name=name)


def by_number(doc: ParsedDocument) -> dict[str, ParsedRecord]:
    return {r.number: r for r in doc.records}


def chapter(doc: ParsedDocument, record: ParsedRecord) -> str:
    assert record.theme is not None
    return doc.themes[record.theme].name


def target(doc: ParsedDocument, record: ParsedRecord) -> str | None:
    return doc.records[record.see_also].number if record.see_also is not None else None


def lines_replaced(text: str, line: int, *new: str) -> str:
    """``text`` with 1-based ``line`` replaced by the ``new`` lines (none: deleted)."""
    lines = text.split("\n")
    return "\n".join(lines[: line - 1] + list(new) + lines[line:])


# -- the sample ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> ParsedDocument:
    return parse(sample_text(), name=SAMPLE.name)


def test_sample_document_fields(sample: ParsedDocument) -> None:
    assert sample.format == "cedaw"
    assert sample.title.startswith("Tabel 1. Overzicht van staand beleid")
    assert sample.date is not None and sample.date.isoformat() == "2026-01-14"
    # The running page header states the document's own paper; it is not record text.
    assert sample.kamerstuk is not None
    assert (sample.kamerstuk.dossier, sample.kamerstuk.number) == ("26150", "240")
    assert sample.kamerstuk.url == "https://zoek.officielebekendmakingen.nl/kst-26150-240.html"
    assert sample.line_count == 104


def test_sample_chapters_in_source_order(sample: ParsedDocument) -> None:
    assert [(t.level, t.name, t.line) for t in sample.themes] == [
        (1, "Zichtbaarheid van het Verdrag", 4),
        (1, "Wetgevend kader", 20),
        (1, "Toegang tot het recht", 29),
        (1, "Gendergerelateerd geweld", 44),
        (1, "Gezondheid", 77),
        (1, "Vrouwen die te maken hebben met meervoudige vormen van discriminatie", 97),
        (1, "Plattelandsvrouwen", 99),
    ]
    # The umbrella heading is a chapter without recommendations; 43 is under the next one.
    assert not [r for r in sample.records if r.theme == 5]
    assert chapter(sample, by_number(sample)["43"]) == "Plattelandsvrouwen"


def test_sample_records(sample: ParsedDocument) -> None:
    numbers = [r.number for r in sample.records]
    assert numbers == ["9a", "9b", "11", "13a", "13b", "27a", "27b", "27c", "39b", "39c", "43"]
    for record in sample.records:
        assert record.kind == "recommendation"
        assert record.status is None and record.subtheme is None
        assert record.when.raw == "" and record.when.parsed
        assert record.line_start <= record.line_end
    lines = sample_text().split("\n")
    for record in sample.records:
        assert lines[record.line_start - 1].startswith(f"\t{record.number}. ")
    got = {
        r.number: (r.line_start, r.line_end, r.parts, r.who.codes, r.who.raw, len(r.bullets))
        for r in sample.records
    }
    assert got == {
        "9a": (10, 14, ("KNL",), ("OCW", "BZK", "JenV"), "KNL; OCW/BZK/JenV", 2),
        "9b": (16, 18, ("KNL",), ("OCW", "BZK"), "KNL; OCW/ BZK", 0),
        "11": (22, 27, ("KNL",), ("BZK", "JenV"), "KNL; BZK/JenV", 0),
        "13a": (33, 38, ("NL",), ("FIN",), "NL; FIN", 2),
        "13b": (40, 42, ("KNL",), ("JenV",), "KNL; JenV/VNG", 0),
        "27a": (46, 60, ("KNL",), ("VWS", "JenV"), "KNL; VWS/JenV", 5),
        "27b": (65, 71, ("KNL",), ("VWS",), "KNL; VWS", 3),
        "27c": (73, 75, ("KNL",), ("VWS",), "KNL; VWS", 0),
        "39b": (79, 89, ("BES", "AUA", "CUR", "SXM"), ("VWS",), "BES; VWS AUA CUR SXM", 3),
        "39c": (91, 95, ("AUA", "CUR", "SXM"), (), "AUA CUR SXM", 0),
        "43": (101, 103, ("KNL",), ("OCW", "SZW", "IenW"), "KNL; OCW/SZW/IenW", 1),
    }


def test_sample_titles(sample: ParsedDocument) -> None:
    records = by_number(sample)
    # The trailing ";" of a list item is dropped; a title wrapped onto a line without a tab
    # is joined.
    assert records["9b"].title == (
        "Het publiek te informeren over de rechten die het Verdrag vrouwen geeft"
    )
    assert records["13a"].title.endswith(
        "gendergerelateerd geweld en de eigen bijdragen te verlagen"
    )
    assert records["43"].title.startswith("Een genderperspectief op te nemen")


def test_sample_bullets_continuations_and_paragraphs(sample: ParsedDocument) -> None:
    records = by_number(sample)
    for record in sample.records:
        assert not record.bullets or "\n".join(record.bullets) == record.explanation
        assert not re.search(r"^[•·\s]|\t|  ", record.explanation, re.MULTILINE)
    # A line without a bullet sign continues the bullet above it.
    assert (
        records["9a"]
        .bullets[1]
        .endswith("najaar van 2026. Daarnaast is een handreiking voor advocaten verschenen.")
    )
    # A state without bullets: no list; its paragraphs (a blank line between two of them)
    # are lines of the explanation.
    assert records["11"].bullets == []
    assert len(records["11"].explanation.split("\n")) == 3
    # Middle-dot bullets; a word hyphenated at the line end is repaired, "zeden- en" kept.
    assert records["13a"].bullets == [
        "Slachtoffers van zeden- en geweldsmisdrijven krijgen kosteloze rechtsbijstand.",
        "De eigen bijdrage is per 1 juli 2025 verlaagd met de wetswijzigingen uit het "
        "Belastingplan.",
    ]
    # A lead-in paragraph after a blank line is an item of its own; numbered sub-items
    # belong to the bullet above them.
    bullets = records["39b"].bullets
    assert bullets[1] == "Met betrekking tot Aruba, Curaçao en Sint Maarten:"
    assert bullets[2].endswith(
        "vierlandenoverleg: 1) het overleg komt twee keer per jaar bijeen; 2) de verslagen "
        "worden openbaar gemaakt."
    )
    # Dashed sub-items likewise.
    assert records["27b"].bullets[2].startswith("Gemeenten kunnen terecht bij de volgende")
    assert "– Centrum Seksueel Geweld:" in records["27b"].bullets[2]
    assert records["27b"].bullets[2].endswith("– Veilig Thuis: ondersteuning bij meldingen.")
    assert records["39c"].explanation == "n.v.t." and records["39c"].bullets == []


def test_sample_page_break_hyphens_and_footnote(sample: ParsedDocument) -> None:
    record = by_number(sample)["27a"]
    assert record.bullets[0] == (
        "De kabinetsreactie is gepubliceerd en noemt concrete doelen per jaar."
    )  # "• • " is one bullet; the footnote marker is taken off the word
    assert record.footnotes == ["1"]
    assert record.bullets[1].startswith("De EU-richtlijn inzake geweld tegen vrouwen")
    assert (
        record.bullets[3]
        == "Gemeenten krijgen een handreiking voor gender- en leeftijdsbewuste opvang."
    )
    # After the running header, "Pagina 2 van 3" and a repeated header row, the state goes on.
    assert record.bullets[4] == "De lhbtiq+-gemeenschap wordt betrokken bij de evaluatie."
    for furniture in ("Pagina", "vergaderjaar", "Aanbeveling (nr.", "Huidige stand", "30420"):
        assert furniture not in record.explanation
    [footnote] = sample.footnotes
    assert (footnote.marker, footnote.line) == ("1", 62)
    assert footnote.text == "Kamerstukken II 2024/2025, 30420, nr. 414."
    assert [r.url for r in footnote.refs] == [
        "https://zoek.officielebekendmakingen.nl/kst-30420-414.html"
    ]


def test_sample_refs_and_motions(sample: ParsedDocument) -> None:
    record = by_number(sample)["27a"]
    assert [(r.kind, r.dossier, r.number, r.url) for r in record.refs] == [
        ("eu_directive", None, "2024/1385", "https://eur-lex.europa.eu/eli/dir/2024/1385/oj"),
        (
            "kamerstuk",
            "36800-VIII",
            "12",
            "https://zoek.officielebekendmakingen.nl/kst-36800-VIII-12.html",
        ),
    ]
    [motion] = record.mentions
    assert (motion.submitters, motion.parties) == (("Van Dijk",), ("CDA",))
    # Ministries named in the state ("het ministerie van OCW") are not added to who.
    assert by_number(sample)["9a"].who.codes == ("OCW", "BZK", "JenV")
    assert all(not r.refs and not r.mentions for r in sample.records if r.number != "27a")


def test_sample_references_back(sample: ParsedDocument) -> None:
    records = by_number(sample)
    assert target(sample, records["9b"]) == "9a"  # "Zie bovenstaande."
    assert records["9b"].explanation == "Zie bovenstaande."
    assert target(sample, records["13b"]) == "9a"  # "Zie 9a.": the one named
    # "Voor preventie: zie antwoorden hierboven" followed by bullets of its own.
    assert target(sample, records["27b"]) == "27a"
    assert records["27b"].bullets[0] == "Voor preventie: zie antwoorden hierboven"
    # "Zie bovenstaand": the nearest earlier recommendation with a state of its own.
    assert target(sample, records["27c"]) == "27b"
    others = {"9b", "13b", "27b", "27c"}
    assert all(r.see_also is None for r in sample.records if r.number not in others)


def test_sample_warnings(sample: ParsedDocument) -> None:
    assert [(w.line, w.message) for w in sample.warnings] == [
        (
            31,
            "text outside any recommendation was skipped: "
            "'Deze toelichting staat buiten de tabel.'",
        ),
        (
            40,
            "recommendation 13b: the responsibility field names an unknown ministry or body: 'VNG'",
        ),
    ]
    assert by_number(sample)["13b"].who.unknown == ("VNG",)


# -- broken and irregular variants ----------------------------------------------------------


def test_truncated_after_a_recommendation_line() -> None:
    text = "\n".join(sample_text().split("\n")[:46])
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert caught.value.line == 46
    assert "27a" in caught.value.message and "truncated" in caught.value.message


def test_truncated_after_the_responsibility_field() -> None:
    text = "\n".join(sample_text().split("\n")[:47]) + "\n"
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert caught.value.line == 47
    assert "current state" in caught.value.message and "truncated" in caught.value.message


def test_a_recommendation_without_responsibility_field() -> None:
    with pytest.raises(ParseError) as caught:
        parse(lines_replaced(sample_text(), 11))
    assert caught.value.line == 11
    assert "9a" in caught.value.message and "responsibility" in caught.value.message


def test_a_recommendation_without_current_state() -> None:
    with pytest.raises(ParseError) as caught:
        parse(lines_replaced(sample_text(), 18))
    assert caught.value.line == 17
    assert "9b" in caught.value.message and "current state" in caught.value.message


def test_a_document_without_recommendations() -> None:
    with pytest.raises(ParseError) as caught:
        parse((BAD / "prose.txt").read_text(encoding="utf-8"), name="prose.txt")
    assert caught.value.line == 1 and caught.value.name == "prose.txt"


def test_a_repeated_number_is_kept_with_a_warning() -> None:
    doc = parse(sample_text().replace("\t13b. ", "\t13a. "))
    assert [r.number for r in doc.records].count("13a") == 2
    assert any(
        w.line == 40 and "number 13a repeats the one on line 33" in w.message for w in doc.warnings
    )


def test_a_reference_to_an_unknown_number_or_to_nothing_is_reported() -> None:
    doc = parse(sample_text().replace("Zie 9a.", "Zie 99."))
    assert by_number(doc)["13b"].see_also is None
    assert any(w.line == 40 and "recommendation 99" in w.message for w in doc.warnings)
    first = lines_replaced(sample_text(), 12, "\tZie bovenstaande.")
    first = lines_replaced(first, 13)
    first = lines_replaced(first, 13)
    doc = parse(first)
    assert by_number(doc)["9a"].see_also is None
    assert any(w.line == 10 and "refers back" in w.message for w in doc.warnings)


def test_a_hyphenated_compound_used_elsewhere_keeps_its_hyphen() -> None:
    text = (
        "\tHoofdstuk\n\n\t1a. Iets te doen voor vrouwen in niet-geregistreerde arbeid\n"
        "\tKNL; SZW\n\t• Er komt onderzoek naar niet-\ngeregistreerde arbeid en naar wetswijzi-\n"
        "gingen.\n"
    )
    doc = parse(text)
    assert doc.records[0].bullets == [
        "Er komt onderzoek naar niet-geregistreerde arbeid en naar wetswijzigingen."
    ]


@pytest.mark.seeds
def test_detect_is_specific(seeds: Path) -> None:
    assert cedaw.detect(sample_text())
    assert cedaw.detect((seeds / SEED).read_text(encoding="utf-8"))
    for name in OTHER_SEEDS:
        assert not cedaw.detect((seeds / name).read_text(encoding="utf-8")), name
    for annex in sorted(SAMPLES.glob("bijlage-*.txt")):
        assert not cedaw.detect(annex.read_text(encoding="utf-8")), annex.name
    assert not cedaw.detect((BAD / "prose.txt").read_text(encoding="utf-8"))
    # Without its header cells, the table is still recognised by its rows.
    seed = (seeds / SEED).read_text(encoding="utf-8")
    headerless = "\n".join(
        line for line in seed.split("\n") if not line.startswith(("\tAanbeveling", "\tHuidige"))
    )
    assert cedaw.detect(headerless)


# -- the real overview (seed 003) -----------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text(seeds: Path) -> str:
    return (seeds / SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> ParsedDocument:
    return parse(seed_text, name=SEED)


@pytest.mark.seeds
def test_seed_every_recommendation_once(seed: ParsedDocument, seed_text: str) -> None:
    # 81 cells start with "<tab><number>[letter]. " (grep -cP '^\t\d+[a-z]?\. ', checked by
    # eye: 9a–c, 11a–c, 13a–d, 15a–e, 17a–d, 19a–b, 21a–c, 23a–d, 25a–c, 27a–e, 29a–g,
    # 31a–c, 33a–b, 35a–d, 37a–e, 39a–e, 41a–e, 43, 45a–c, 47, 49a–d, 51, 53a–d).
    assert len(re.findall(r"^\t\d+[a-z]?\. ", seed_text, re.MULTILINE)) == 81
    assert len(seed.records) == 81
    numbers = [r.number for r in seed.records]
    assert len(set(numbers)) == 81  # unique: the seed repeats no number
    assert numbers[:4] == ["9a", "9b", "9c", "11a"] and numbers[-2:] == ["53c", "53d"]
    assert {r.kind for r in seed.records} == {"recommendation"}
    assert (len(seed.footnotes), len(seed.figures)) == (0, 0)
    assert sum(len(r.refs) + len(r.mentions) for r in seed.records) == 0
    assert seed.warnings == []
    lines = seed_text.split("\n")
    for before, after in zip(seed.records, seed.records[1:], strict=False):
        assert before.line_end < after.line_start
    for record in seed.records:
        assert lines[record.line_start - 1].startswith(f"\t{record.number}. ")
        assert record.title and not record.title.endswith(";")
        assert not record.bullets or "\n".join(record.bullets) == record.explanation
        assert not re.search(r"^[•·\s]|\t|  ", record.explanation, re.MULTILINE)


@pytest.mark.seeds
def test_seed_document_and_chapters(seed: ParsedDocument) -> None:
    assert seed.title.startswith("Tabel 1. Overzicht van het staand beleid in reactie op")
    assert seed.title.endswith("CEDAW-Comité")
    assert seed.kamerstuk is None and seed.date is None
    assert len(seed.themes) == 24
    assert {t.level for t in seed.themes} == {1}
    counts = {
        t.name: sum(1 for r in seed.records if r.theme == i) for i, t in enumerate(seed.themes)
    }
    assert counts["Toegang tot het recht"] == 4
    assert counts["Mensenhandel in vrouwen en meiden en uitbuiting van prostitutie"] == 7
    assert counts["Vrouwen die te maken hebben met meervoudige vormen van discriminatie"] == 0
    assert counts["Plattelandsvrouwen"] == 1
    assert counts["Huwelijk en gezinsrelaties"] == 4
    assert seed.themes[0].line == 3 and seed.themes[-1].line == 776


@pytest.mark.seeds
@pytest.mark.parametrize(
    ("number", "line", "chapter_name", "parts", "ministries", "bullets"),
    [
        # The first chapter.
        (
            "9a",
            9,
            "Toepassing van het Verdrag en bijbehorende Facultatieve Protocol in de "
            "nationale praktijk",
            ("KNL",),
            ("OCW", "BZK", "JenV"),
            1,
        ),
        (
            "9c",
            17,
            "Toepassing van het Verdrag en bijbehorende Facultatieve Protocol in de "
            "nationale praktijk",
            ("KNL",),
            ("JenV",),
            2,
        ),
        ("13a", 39, "Toegang tot het recht", ("KNL",), ("JenV",), 6),
        ("13d", 64, "Toegang tot het recht", ("NL",), ("FIN",), 5),
        ("19b", 145, "Nationale mensenrechteninstituten", ("AUA", "CUR", "SXM"), (), 0),
        ("21c", 169, "Maatschappelijk middenveld", ("BES", "AUA", "CUR", "SXM"), ("OCW",), 6),
        ("23a", 183, "Tijdelijke speciale maatregelen", ("KNL",), ("OCW",), 4),
        # The middle.
        (
            "29a",
            313,
            "Mensenhandel in vrouwen en meiden en uitbuiting van prostitutie",
            ("KNL",),
            ("JenV",),
            9,
        ),
        (
            "29f",
            379,
            "Mensenhandel in vrouwen en meiden en uitbuiting van prostitutie",
            ("CUR",),
            (),
            0,
        ),
        ("31a", 402, "Deelname aan het politieke en openbare leven", ("KNL",), ("OCW", "BZK"), 12),
        (
            "31c",
            421,
            "Deelname aan het politieke en openbare leven",
            ("KNL",),
            ("BZK", "OCW", "SZW", "JenV"),
            9,
        ),
        ("39d", 554, "Gezondheid", ("KNL", "AUA", "CUR", "SXM"), ("VWS", "JenV"), 6),
        ("43", 624, "Plattelandsvrouwen", ("KNL",), ("OCW", "SZW", "IenW"), 6),
        (
            "47",
            677,
            "Lesbische, biseksuele, transgender- en interseksevrouwen",
            ("KNL",),
            ("OCW", "VWS", "SZW"),
            30,
        ),
        # The last chapter.
        ("53b", 787, "Huwelijk en gezinsrelaties", ("NL",), ("JenV",), 4),
        ("53c", 794, "Huwelijk en gezinsrelaties", ("KNL",), ("JenV", "FIN"), 5),
        ("53d", 802, "Huwelijk en gezinsrelaties", ("KNL",), ("JenV",), 8),
    ],
)
def test_seed_specific_recommendations(
    seed: ParsedDocument,
    number: str,
    line: int,
    chapter_name: str,
    parts: tuple[str, ...],
    ministries: tuple[str, ...],
    bullets: int,
) -> None:
    record = by_number(seed)[number]
    assert record.line_start == line
    assert chapter(seed, record) == chapter_name
    assert record.parts == parts
    assert record.who.codes == ministries
    assert record.who.unknown == ()
    assert len(record.bullets) == bullets
    assert record.status is None and record.when.raw == ""


@pytest.mark.seeds
def test_seed_fields_and_irregular_states(seed: ParsedDocument) -> None:
    records = by_number(seed)
    assert records["9a"].title.startswith("De uitvoering van het Verdrag in alle delen")
    assert records["9a"].line_end == 11
    assert records["53d"].line_end == 811
    # The responsibility field as written, its lines joined.
    assert records["31a"].who.raw == "KNL; OCW/ BZK"
    assert records["21c"].who.raw == "BES; OCW AUA CUR SXM"
    assert records["31c"].who.raw == "KNL; BZK/OCW/SZW/JenV"  # trailing space dropped
    assert (records["19b"].explanation, records["39c"].explanation) == ("n.v.t.", "n.v.t.")
    # A line without a bullet sign continues the bullet above it (13a: line 44).
    assert records["13a"].line_end == 47 and "\n" not in records["13a"].bullets[2]
    assert records["13a"].bullets[2].startswith("De Wrb bevat een bepaling")
    # Middle-dot bullets (23a), a doubled bullet sign (41b).
    assert records["41b"].bullets[0].startswith("Het CBS brengt")
    assert (
        records["41b"].bullets[3] == "Met betrekking tot de inzet voor specifieke groepen vrouwen:"
    )
    assert len(records["41b"].bullets) == 12
    # A lead-in after a blank line and an indented bullet (47); dashed and numbered
    # sub-items belong to the bullet above them (25a, 45a).
    assert records["47"].bullets[24] == "Over wachttijden transgenderzorg:"
    assert records["47"].bullets[25].startswith("Dit jaar is het Landelijk Platform")
    assert len(records["25a"].bullets) == 17
    assert "– Centrum Seksueel Geweld (CSG):" in records["25a"].bullets[15]
    assert "– Fier:" in records["25a"].bullets[15]
    assert len(records["45a"].bullets) == 12
    assert "1) Capaciteitsopbouw" in records["45a"].bullets[4]
    assert "5) Versterking" in records["45a"].bullets[4]
    # States without bullets: no list, paragraphs as lines (21b has a blank line between).
    assert records["15d"].bullets == [] and len(records["15d"].explanation.split("\n")) == 3
    assert records["21b"].bullets == [] and len(records["21b"].explanation.split("\n")) == 2
    assert records["11c"].bullets == [] and "\n" not in records["11c"].explanation


@pytest.mark.seeds
def test_seed_zie_bovenstaande_resolves(seed: ParsedDocument) -> None:
    records = by_number(seed)
    resolved = {r.number: target(seed, r) for r in seed.records if r.see_also is not None}
    assert resolved == {"9b": "9a", "11b": "11a", "23d": "23c", "27b": "27a"}
    assert records["9b"].explanation == "Zie bovenstaande."
    assert records["11b"].explanation == "Zie bovenstaande."
    assert records["23d"].explanation == "Zie bovenstaand"
    assert records["27b"].bullets[0] == "Voor preventie: zie antwoorden hierboven"
    assert len(records["27b"].bullets) == 11


@pytest.mark.seeds
def test_seed_parses_fast(seed_text: str) -> None:
    parse(seed_text)  # warm the shared regular-expression caches
    started = time.perf_counter()
    parse(seed_text)
    assert time.perf_counter() - started < 0.5
