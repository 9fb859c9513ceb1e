"""The EU letter importer (``eu_brief``): the bundled sample, variants of it, and the real seed."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from voortgang.ingest import eu_brief
from voortgang.ingest.base import ParsedDocument, ParsedRecord, ParseError

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
SAMPLE = SAMPLES / "eu-brief-voorbeeld.txt"
SEED = "004_fa7ce9cf57b87bec.txt"
OTHER_SEEDS = (
    "000_c4e335b86f3fdcd1.txt",
    "001_cc0ade19c8116a3c.txt",
    "002_f8a91c7f97a7b53d.txt",
    "003_751c11d549cd7bdf.txt",
)


def _text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _parse(text: str, name: str = "eu-brief-voorbeeld.txt") -> ParsedDocument:
    return eu_brief.parse(text, name=name)


@pytest.fixture(scope="module")
def sample() -> ParsedDocument:
    return _parse(_text())


def _theme(doc: ParsedDocument, record: ParsedRecord) -> str | None:
    return doc.themes[record.theme].name if record.theme is not None else None


def _record(doc: ParsedDocument, title_start: str) -> ParsedRecord:
    found = [r for r in doc.records if r.title.startswith(title_start)]
    assert len(found) == 1, f"{len(found)} records whose title starts with {title_start!r}"
    return found[0]


def _all_text(doc: ParsedDocument) -> str:
    return "\n".join(f"{r.title}\n{r.explanation}" for r in doc.records)


# -- the sample ----------------------------------------------------------------------------


def test_detect_is_specific() -> None:
    assert eu_brief.detect(_text())
    for annex in sorted(SAMPLES.glob("bijlage-*.txt")):
        assert not eu_brief.detect(annex.read_text(encoding="utf-8")), annex.name
    assert not eu_brief.detect("Een korte tekst over de EU, de EU en de EU.\n")


def test_sample_document_fields(sample: ParsedDocument) -> None:
    assert sample.format == "eu_brief"
    assert sample.title == (
        "Kamerbrief over gendergelijkheid, SRGR en gelijke rechten van lhbtiq+ personen in de EU"
    )
    assert sample.date == date(2025, 12, 8)
    own = sample.kamerstuk
    assert own is not None
    assert (own.key, own.session_year, own.dossier, own.number) == (
        "kst-30420-431",
        "2025/2026",
        "30420",
        "431",
    )
    assert own.url == "https://zoek.officielebekendmakingen.nl/kst-30420-431.html"
    assert sample.line_count == 89
    assert sample.warnings == []
    assert sample.figures == []


def test_sample_sections_in_order(sample: ParsedDocument) -> None:
    assert [(t.level, t.name, t.line) for t in sample.themes] == [
        (1, "Samenwerking in de Raad", 11),
        (1, "Inzet in de Raad van Europa", 61),
        (1, "Vooruitblik", 77),
    ]


def test_sample_footnotes_with_their_references(sample: ParsedDocument) -> None:
    notes = {f.marker: f for f in sample.footnotes}
    assert list(notes) == ["1", "2", "3", "4", "5", "6"]
    assert [notes[m].line for m in notes] == [21, 24, 49, 50, 53, 72]
    # Wrapped footnotes are joined; a word hyphenated across a blank line is repaired.
    assert notes["1"].text.endswith("intersekse en queer personen.")
    assert notes["4"].text.endswith("in the implementation of EU free movement law")
    (kst,) = notes["2"].refs
    assert (kst.kind, kst.key, kst.session_year) == ("kamerstuk", "kst-30420-414", "2024/2025")
    assert kst.url == "https://zoek.officielebekendmakingen.nl/kst-30420-414.html"
    (directive,) = notes["3"].refs
    assert (directive.kind, directive.number) == ("eu_directive", "2023/970")
    assert directive.url == "https://eur-lex.europa.eu/eli/dir/2023/970/oj"
    assert notes["4"].refs == []
    (questions,) = notes["5"].refs
    assert (questions.kind, questions.number, questions.url) == ("kamervragen", "2025Z01234", None)
    assert [r.key for r in notes["6"].refs] == ["kst-30420-420"]


def test_sample_commitments(sample: ParsedDocument) -> None:
    got = [
        (
            r.line_start,
            r.line_end,
            _theme(sample, r),
            r.title[:40],
            r.footnotes,
            list(r.who.codes),
            r.when.raw,
        )
        for r in sample.records
    ]
    assert got == [
        (6, 9, None, "Het kabinet stuurt uw Kamer deze brief j", ["2"], [], "jaarlijks"),
        (13, 19, "Samenwerking in de Raad", "Nederland zette zich in de Raad in voor ", [], [], ""),
        (
            19,
            28,
            "Samenwerking in de Raad",
            "Het kabinet verwelkomde de raadsconclusi",
            ["3"],
            [],
            "in het eerste kwartaal van 2026",
        ),
        (30, 31, "Samenwerking in de Raad", "Hiermee voert het kabinet de motie-Verbe", [], [], ""),
        (
            31,
            33,
            "Samenwerking in de Raad",
            "Het Ministerie van Sociale Zaken en Werk",
            [],
            ["SZW"],
            "",
        ),
        (
            35,
            37,
            "Samenwerking in de Raad",
            "Nederland nam het initiatief voor een ge",
            ["4"],
            [],
            "",
        ),
        (
            42,
            46,
            "Samenwerking in de Raad",
            "Tevens steunde de minister van JenV drie",
            ["5"],
            ["JenV"],
            "",
        ),
        (
            46,
            59,
            "Samenwerking in de Raad",
            "Het kabinet zet zich tot en met 2027 in ",
            [],
            [],
            "tot en met 2027",
        ),
        (
            63,
            65,
            "Inzet in de Raad van Europa",
            "Nederland steunde in de Raad van Europa ",
            [],
            [],
            "",
        ),
        (
            67,
            70,
            "Inzet in de Raad van Europa",
            "Daarnaast bezocht de Nederlandse Mensenr",
            ["6"],
            [],
            "",
        ),
        (
            74,
            75,
            "Inzet in de Raad van Europa",
            "Het kabinet blijft de EU-verdragen gebru",
            [],
            [],
            "",
        ),
        (
            79,
            81,
            "Vooruitblik",
            "Het kabinet zal uw Kamer in het najaar v",
            [],
            [],
            "in het najaar van 2026",
        ),
    ]
    assert {r.kind for r in sample.records} == {"commitment"}
    assert all(r.status is None and r.subtheme is None for r in sample.records)


def test_sample_record_text_title_and_lead_in(sample: ParsedDocument) -> None:
    record = _record(sample, "Nederland zette zich")
    # The sentences before the first commitment of a paragraph lead into it.
    assert record.explanation.startswith("Gelijke rechten houden niet op bij de grens.")
    assert record.title == (
        "Nederland zette zich in de Raad in voor een gender- en leeftijdsbewuste aanpak van "
        "online geweld en steunde het voorstel voor een Europese aanpak van femicide."
    )
    # A sentence that states a membership is context, not a commitment of its own.
    assert not any(r.title.startswith("Nederland maakt deel uit") for r in sample.records)
    # A title longer than 200 characters is cut at a clause boundary, outside parentheses.
    long = _record(sample, "Het kabinet verwelkomde")
    assert len(long.title) <= 200 and long.title.endswith("loontransparantie…")
    assert long.explanation.endswith("in het eerste kwartaal van 2026 afronden.")
    # Sentences after a commitment elaborate it, "Caribisch Nederland" is not an actor.
    initiative = _record(sample, "Nederland nam het initiatief")
    assert initiative.explanation.endswith("Ook in Caribisch Nederland krijgt dit aandacht.")


def test_sample_context_paragraphs_are_no_records(sample: ParsedDocument) -> None:
    text = _all_text(sample)
    assert "presenteerde in oktober" not in text  # no Dutch actor in that paragraph
    assert "Iedereen in Europa" not in text
    assert all(r.line_start != 2 for r in sample.records)


def test_sample_refs_mentions_and_ministries(sample: ParsedDocument) -> None:
    directive = _record(sample, "Het kabinet verwelkomde")
    assert [(r.kind, r.number, r.url) for r in directive.refs] == [
        ("eu_directive", "2023/970", "https://eur-lex.europa.eu/eli/dir/2023/970/oj")
    ]
    motion = _record(sample, "Hiermee voert het kabinet")
    (mention,) = motion.mentions
    assert mention.submitters == ("Verbeek", "Smit")
    assert mention.parties == ("GroenLinks-PvdA", "CDA")
    assert _record(sample, "Het Ministerie van Sociale Zaken").who.codes == ("SZW",)
    assert _record(sample, "Tevens steunde de minister").who.codes == ("JenV",)
    assert all(r.who.raw == "" for r in sample.records)


def test_sample_timing(sample: ParsedDocument) -> None:
    yearly = _record(sample, "Het kabinet stuurt").when
    assert yearly.recurring and not yearly.has_dates
    quarter = _record(sample, "Het kabinet verwelkomde").when
    assert (quarter.start, quarter.end) == (date(2026, 1, 1), date(2026, 3, 31))
    through = _record(sample, "Het kabinet zet zich").when
    assert (through.start, through.end) == (None, date(2027, 12, 31))
    autumn = _record(sample, "Het kabinet zal uw Kamer").when
    assert (autumn.start, autumn.end) == (date(2026, 9, 1), date(2026, 11, 30))
    # A year in a clause of reason ("omdat … in 2025 …") is not the commitment's timing.
    visit = _record(sample, "Daarnaast bezocht").when
    assert visit.raw == "" and not visit.has_dates
    assert "in 2025" in _record(sample, "Daarnaast bezocht").explanation


def test_sample_hyphenation_repaired_and_kept(sample: ParsedDocument) -> None:
    text = _all_text(sample)
    for repaired in (
        "gendergelijkheid",  # "gendergelijk-" + "heid"
        "Europese aanpak",  # "Euro-" + "pese"
        "wetsvoorstellen",
        "voorzitterschappen van de Raad",  # hyphenated across the page break
    ):
        assert repaired in text, repaired
    for kept in (
        "twaalf EU-lidstaten",  # a capital before the hyphen
        "gender- en leeftijdsbewuste",  # a suspended compound: hyphen and space
        "co-ouderschap",  # two vowels that would read as one
        "niet-gouvernementele",  # a prefix that takes a hyphen
        "lhbtiq+-gemeenschap",  # a sign before the hyphen
        "Midden- en Oost-Europese",  # a capital after the hyphen
        "EU-verdragen",
        "niet-noodzakelijke",
    ):
        assert kept in text, kept
    assert "gendergelijk-" not in text and "Euro-pese" not in text


def test_sample_text_is_clean(sample: ParsedDocument) -> None:
    for record in sample.records:
        for text in (record.title, record.explanation):
            assert "vergaderjaar" not in text and "nr. 431" not in text
            assert "Toezegging in het commissiedebat" not in text  # a footnote body
            assert "Directive" not in text and "Kamervragen" not in text
            assert not re.search(r"(?:[a-z+]|[a-z]\.)\d{1,2}\b", text), text  # glued markers
            assert "  " not in text and text == text.strip()
    assert "lhbtiq+ personen in de EU" in _record(sample, "Het kabinet stuurt").explanation
    assert _record(sample, "Het kabinet stuurt").title.endswith("jaarlijks.")


# -- variants of the sample: bad input and the other forms understood ----------------------


def _cut(lines: int) -> str:
    return "\n".join(_text().split("\n")[:lines]) + "\n"


def test_truncated_mid_sentence_raises_with_line() -> None:
    with pytest.raises(ParseError) as caught:
        _parse(_cut(46), name="kapot.txt")
    assert caught.value.name == "kapot.txt"
    assert caught.value.line == 46
    assert "mid-sentence" in caught.value.message and "truncated" in caught.value.message


def test_missing_closing_raises_with_line() -> None:
    with pytest.raises(ParseError) as caught:
        _parse(_cut(81))
    assert caught.value.line == 81
    assert "closing" in caught.value.message and "truncated" in caught.value.message
    assert str(caught.value).startswith("eu-brief-voorbeeld.txt:81: ")


def test_no_text_raises() -> None:
    with pytest.raises(ParseError) as caught:
        _parse("\n\n")
    assert caught.value.line == 1


def test_superscript_markers_and_numbered_heading() -> None:
    text = (
        _text()
        .replace("lhbtiq+1 personen", "lhbtiq+¹ personen")
        .replace("jaarlijks.2", "jaarlijks.²")
        .replace("\n1 Lhbtiq+", "\n¹ Lhbtiq+")
        .replace("\n2 Toezegging", "\n² Toezegging")
        .replace("\nVooruitblik\n", "\n3. Vooruitblik\n")
    )
    doc = _parse(text)
    assert doc.warnings == []
    assert [f.marker for f in doc.footnotes] == ["1", "2", "3", "4", "5", "6"]
    assert _record(doc, "Het kabinet stuurt").footnotes == ["2"]
    assert (doc.themes[2].number, doc.themes[2].name) == ("3", "Vooruitblik")


def test_footnote_problems_are_warnings() -> None:
    # Footnote 6 cited but its body missing; footnote 4's marker missing from the text.
    text = (
        _text()
        .replace("6 Zie ook Kamerstuk 2024/2025, 30 420, nr. 420.\n", "")
        .replace("ondertekenden.4", "ondertekenden.")
    )
    doc = _parse(text)
    assert [(w.line, w.message) for w in doc.warnings] == [
        (68, "footnote 6 is cited but not given"),
        (50, "footnote 4 is never cited"),
    ]
    # The marker after the missing one is still found and taken off the text.
    assert _record(doc, "Tevens steunde").footnotes == ["5"]
    assert "lidstaten.5" not in _all_text(doc)


def test_running_header_of_another_paper_is_reported() -> None:
    text = _text().replace(
        "\nC. Jansen\n",
        "\nC. Jansen\nTweede Kamer, vergaderjaar 2025–2026, "
        "30 420, nr. 431 3\nTweede Kamer, vergaderjaar 2025–2026, 30 420, nr. 9 4\n",
    )
    doc = _parse(text)
    assert doc.kamerstuk is not None and doc.kamerstuk.key == "kst-30420-431"
    assert [w.message for w in doc.warnings] == [
        "a running header names another paper (Tweede Kamer, vergaderjaar 2025–2026, 30 420, "
        "nr. 9) than Tweede Kamer, vergaderjaar 2025–2026, 30 420, nr. 431"
    ]


def test_title_falls_back_to_the_paper_number() -> None:
    doc = _parse(_text().replace("op het gebied van", "rond"))
    assert doc.title == "Kamerbrief 30420, nr. 431"
    assert any("no subject sentence" in w.message for w in doc.warnings)


def test_minimal_letter_other_forms_and_warnings() -> None:
    text = (
        "Datum: 3 maart 2026\n"
        "Nederland steunde in de Raad een oproep over gelijke beloning in de\n"
        "EU.1 Het kabinet zal de uitvoering volgen tot en met 2028.\n"
        "\n"
        "1 Kamerstukken II 2025/2026, 30420, nr. 440.\n"
        "\n"
        "3 Een regel die als voetnoot begint.\n"
        "\fPagina 2 van 2\n"
        "Daarnaast steunde Nederland een voorstel voor betere opvang.\n"
        "\n"
        "Hoogachtend,\n"
        "\n"
        "De Minister van Buitenlandse Zaken,\n"
        "X. Voorbeeld\n"
        "\n"
        "Deze zin staat na de ondertekening en hoort daarom niet bij de tekst van de brief zelf.\n"
    )
    doc = _parse(text, name="mini.txt")
    assert doc.date == date(2026, 3, 3)
    assert doc.title == "" and doc.kamerstuk is None and doc.themes == []
    assert [(r.line_start, r.line_end, r.title) for r in doc.records] == [
        (2, 3, "Nederland steunde in de Raad een oproep over gelijke beloning in de EU."),
        (3, 3, "Het kabinet zal de uitvoering volgen tot en met 2028."),
        (9, 9, "Daarnaast steunde Nederland een voorstel voor betere opvang."),
    ]
    assert doc.records[0].footnotes == ["1"]
    assert doc.records[1].when.end == date(2028, 12, 31)
    (note,) = doc.footnotes
    assert note.text.endswith("nr. 440. 3 Een regel die als voetnoot begint.")  # kept raw
    assert [(w.line, w.message[:40]) for w in doc.warnings] == [
        (7, "a footnote numbered 3 where 2 was expect"),
        (16, "text after the signature was skipped: 'D"),
        (None, "no section headings found; the records h"),
        (None, "no subject sentence ('In deze brief … op"),
    ]


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("de wetswijzi-", "gingen", "de wetswijzigingen"),
        ("coalitie-", "vorming met", "coalitievorming met"),
        ("de Neder-", "landse", "de Nederlandse"),
        ("uit EU-", "lidstaten", "uit EU-lidstaten"),
        ("de lhbtiq+-", "gemeenschap", "de lhbtiq+-gemeenschap"),
        ("COVID-", "19", "COVID-19"),
        ("onder Commissie-", "Von der Leyen", "onder Commissie-Von der Leyen"),
        ("gender-", "en seksespecifiek", "gender- en seksespecifiek"),
        ("niet-", "gouvernementele", "niet-gouvernementele"),
        ("non-", "discriminatie", "non-discriminatie"),
        ("co-", "ouderschap", "co-ouderschap"),
        ("zee-", "egel", "zee-egel"),
        ("ide-", "aal", "ideaal"),
        ("met succes –", "voor", "met succes – voor"),
        ("en", "-expressie", "en -expressie"),
        ("woord", "woord", "woord woord"),
    ],
)
def test_hyphen_rule(left: str, right: str, joined: str) -> None:
    text, start = eu_brief._join(left, right)
    assert text == joined
    assert text.endswith(right[1:])
    assert start in (len(left) - 1, len(left), len(left) + 1)


# -- the real seed -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def letter(seeds: Path) -> ParsedDocument:
    return eu_brief.parse((seeds / SEED).read_text(encoding="utf-8"), name=SEED)


@pytest.mark.seeds
def test_seed_detect(seeds: Path) -> None:
    assert eu_brief.detect((seeds / SEED).read_text(encoding="utf-8"))
    for other in OTHER_SEEDS:
        assert not eu_brief.detect((seeds / other).read_text(encoding="utf-8")), other


@pytest.mark.seeds
def test_seed_own_paper_and_title(letter: ParsedDocument) -> None:
    own = letter.kamerstuk
    assert own is not None
    assert (own.key, own.session_year, own.dossier, own.number) == (
        "kst-30420-415",
        "2024/2025",
        "30420",
        "415",
    )
    assert own.url == "https://zoek.officielebekendmakingen.nl/kst-30420-415.html"
    assert letter.title.startswith("Kamerbrief over gendergelijkheid, seksuele en reproductieve")
    assert letter.title.endswith("in de Europese Unie (EU)")
    assert letter.date is None  # the text states no date
    assert letter.warnings == []


@pytest.mark.seeds
def test_seed_sections(letter: ParsedDocument) -> None:
    assert [(t.name, t.line) for t in letter.themes] == [
        ("Europese samenwerking", 16),
        ("Inzet voor de bescherming van grondrechten", 80),
        ("IDAHOT+ Forum", 128),
        ("Inzet binnen de Raad van Europa", 147),
        ("Evaluatie van de kabinetsinzet", 179),
    ]
    assert {t.level for t in letter.themes} == {1}


@pytest.mark.seeds
def test_seed_footnotes_with_refs_and_urls(letter: ParsedDocument) -> None:
    notes = {f.marker: f for f in letter.footnotes}
    assert list(notes) == [str(n) for n in range(1, 12)]
    assert [notes[m].line for m in ("1", "2", "3", "7", "8", "11")] == [26, 29, 85, 93, 153, 160]
    assert sum(len(f.refs) for f in letter.footnotes) == 7
    assert [(r.key, r.session_year, r.url) for r in notes["2"].refs] == [
        (
            "kst-30420-388",
            "2023/2024",
            "https://zoek.officielebekendmakingen.nl/kst-30420-388.html",
        ),
        (
            "kst-30420-376",
            "2022/2023",
            "https://zoek.officielebekendmakingen.nl/kst-30420-376.html",
        ),
        (
            "kst-30420-367",
            "2021/2022",
            "https://zoek.officielebekendmakingen.nl/kst-30420-367.html",
        ),
    ]
    (violence,) = notes["3"].refs
    assert (violence.kind, violence.number, violence.url) == (
        "eu_directive",
        "2024/1385",
        "https://eur-lex.europa.eu/eli/dir/2024/1385/oj",
    )
    (joint,) = notes["6"].refs
    assert (joint.key, joint.dossiers) == ("kst-22112-3956", ("22112", "30420"))
    # A footnote wrapped over a blank line, its hyphenated word repaired.
    assert "continuation and strengthening of gender equality" in notes["6"].text
    assert notes["6"].text.endswith("Tweede Kamer der Staten-Generaal")
    (questions,) = notes["8"].refs
    assert (questions.kind, questions.number) == ("kamervragen", "2024Z12561")
    (slapp,) = notes["9"].refs
    assert slapp.url == "https://eur-lex.europa.eu/eli/dir/2024/1069/oj"
    assert "Intersex Association Europe (ILGA Europe)" in notes["10"].text
    assert notes["11"].text == "Politieke verklaring bescherming van lhbtiq+ mensenrechten"


@pytest.mark.seeds
def test_seed_commitments_per_section(letter: ParsedDocument) -> None:
    assert len(letter.records) == 27
    assert {r.kind for r in letter.records} == {"commitment"}
    per_theme: dict[str | None, int] = {}
    for record in letter.records:
        key = _theme(letter, record)
        per_theme[key] = per_theme.get(key, 0) + 1
    assert per_theme == {
        None: 2,
        "Europese samenwerking": 10,
        "Inzet voor de bescherming van grondrechten": 7,
        "IDAHOT+ Forum": 2,
        "Inzet binnen de Raad van Europa": 3,
        "Evaluatie van de kabinetsinzet": 3,
    }
    assert all(len(r.title) <= 200 for r in letter.records)
    starts = [r.line_start for r in letter.records]
    assert starts == sorted(starts)


@pytest.mark.seeds
def test_seed_specific_commitments(letter: ParsedDocument) -> None:
    yearly = _record(letter, "Het kabinet doet dat jaarlijks")
    assert yearly.theme is None and yearly.when.recurring
    assert yearly.footnotes == ["1", "2"]
    assert (yearly.line_start, yearly.line_end) == (7, 14)

    worried = _record(letter, "Het kabinet maakt zich zorgen")
    assert _theme(letter, worried) == "Inzet voor de bescherming van grondrechten"
    # The paragraph runs on across the footnotes and the running header of page 2.
    assert (worried.line_start, worried.line_end) == (82, 101)
    assert "wetten en wetswijzigingen die" in worried.explanation
    assert "die zich richten op de inperking" in worried.explanation

    violence = _record(letter, "Nederland zette zich daarnaast in")
    assert violence.footnotes == ["3"]
    assert (violence.line_start, violence.line_end) == (42, 45)

    funding = _record(letter, "Tevens leverde het Ministerie")
    assert funding.who.codes == ("OCW",) and funding.footnotes == ["10"]
    assert "koepelorganisaties" in funding.title
    assert "via de Nederlandse ambassades" in funding.explanation

    evaluation = _record(letter, "Het Ministerie van Buitenlandse Zaken")
    assert evaluation.who.codes == ("BZ",)
    assert evaluation.when.raw == "in Q1–2025"
    assert (evaluation.when.start, evaluation.when.end) == (date(2025, 1, 1), date(2025, 3, 31))

    forum = _record(letter, "In mei 2024 organiseerde Nederland")
    assert _theme(letter, forum) == "IDAHOT+ Forum"
    assert forum.footnotes == ["11"]
    assert (forum.when.start, forum.when.end) == (date(2024, 5, 1), date(2024, 5, 31))

    last = letter.records[-1]
    assert last.title.startswith("Het kabinet zal de Kamer opnieuw informeren")
    assert (last.when.start, last.when.end) == (date(2025, 1, 1), date(2025, 12, 31))

    # "aangezien deze in 2025 aflopen" is a reason, not the timing of the plea.
    plea = _record(letter, "Nederland pleitte daarom")
    assert plea.footnotes == ["4"] and not plea.when.has_dates

    envoy = _record(letter, "Naast deze Nederlandse samenwerking")
    assert "Mensenrechtenambassadeur" in envoy.title and len(envoy.title) <= 200


@pytest.mark.seeds
def test_seed_text_is_clean_and_repaired(letter: ParsedDocument) -> None:
    text = _all_text(letter)
    assert "vergaderjaar" not in text and "nr. 415" not in text
    assert not re.search(r"415 2\b", text)
    for body in ("Toegezegd door", "Richtlijn – EU", "Trans Gender Europe", "Consilium"):
        assert body not in text, body  # footnote bodies stay out of the records
    assert "lhbtiq+1" not in text and "jaarlijks.2" not in text and "EU.9" not in text
    for record in letter.records:
        assert not re.search(r"(?:[a-z+]|[a-z]\.)\d{1,2}\b", record.explanation), record.title
    for repaired in (
        "wetswijzigingen",
        "coalitievorming",
        "gendergelijkheidsstrategie",
        "instrumenten",
        "voorzitterschappen",
        "mensenrechtenverdedigers",
        "koepelorganisaties",
        "Nederlandse ambassades",
        "Mensenrechtenambassadeur",
        "mensenrechtenbeleid",
        "vergelijkbare",
    ):
        assert repaired in text, repaired
    for kept in (
        "EU-lidstaten",
        "Commissie-Von der Leyen",
        "lhbtiq+-rechten",
        "niet-gouvernementele",
        "non-discriminatie",
        "anti-SLAPPs-richtlijn",
    ):
        assert kept in text, kept


@pytest.mark.seeds
def test_seed_parses_fast(seeds: Path) -> None:
    text = (seeds / SEED).read_text(encoding="utf-8")
    started = time.perf_counter()
    for _ in range(5):
        eu_brief.parse(text, name=SEED)
    assert (time.perf_counter() - started) / 5 < 0.2
