"""The emancipation note importer (``nota``): the bundled sample and the real 2025 note."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from voortgang.ingest import nota
from voortgang.ingest.base import ParsedDocument, ParsedRecord, ParseError

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
SAMPLE = SAMPLES / "emancipatienota-voorbeeld.txt"
NOTE = "001_cc0ade19c8116a3c.txt"

# What never belongs in a record's text: page furniture and footnote bodies.
FURNITURE = ("Pagina", "Onze referentie", "52860662", "12345678", "Kamerstukken II", "http")


def load(path: Path) -> ParsedDocument:
    return nota.parse(path.read_text(encoding="utf-8"), name=path.name)


def measures(doc: ParsedDocument) -> list[ParsedRecord]:
    return [r for r in doc.records if r.kind == "measure"]


def by_title(doc: ParsedDocument) -> dict[str, ParsedRecord]:
    records = {r.title: r for r in doc.records}
    assert len(records) == len(doc.records), "two records with the same title"
    return records


def theme_of(doc: ParsedDocument, record: ParsedRecord) -> tuple[str, str | None]:
    assert record.theme is not None
    sub = doc.themes[record.subtheme].number if record.subtheme is not None else None
    return doc.themes[record.theme].number or doc.themes[record.theme].name, sub


def footnote_texts(doc: ParsedDocument, record: ParsedRecord) -> list[str]:
    bodies = {f.marker: f.text for f in doc.footnotes}
    return [bodies[m] for m in record.footnotes]


def assert_clean(doc: ParsedDocument) -> None:
    """No furniture, no footnote body and no glued footnote marker in any measure's text."""
    bodies = [f.text for f in doc.footnotes if len(f.text) > 25]
    for record in measures(doc):
        for text in (record.title, record.explanation):
            for word in FURNITURE:
                assert word not in text, (record.title, word)
            for body in bodies:
                assert body[:40] not in text, (record.title, body)
            assert "  " not in text and "\uf0b7" not in text, record.title
            for marker in record.footnotes:
                assert not re.search(rf"[^\W\d_)]{marker}(?!\d)", text), (record.title, marker)


# -- the bundled sample ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> ParsedDocument:
    return load(SAMPLE)


def test_sample_is_detected() -> None:
    assert nota.detect(SAMPLE.read_text(encoding="utf-8"))


def test_sample_document_fields(sample: ParsedDocument) -> None:
    assert sample.format == "nota"
    assert sample.title == "Emancipatienota 2025"
    assert sample.date == date(2025, 6, 12)
    # The running header "Tweede Kamer, vergaderjaar 2024–2025, 30 420, nr. 999 2".
    assert sample.kamerstuk is not None
    assert (sample.kamerstuk.dossier, sample.kamerstuk.number) == ("30420", "999")
    assert sample.line_count == len(SAMPLE.read_text(encoding="utf-8").split("\n"))


def test_sample_themes_with_wrapped_heading(sample: ParsedDocument) -> None:
    assert [(t.level, t.number, t.name, t.parent, t.line) for t in sample.themes] == [
        (1, "1", "Iedereen moet veilig kunnen zijn", None, 34),
        (2, "1.1", "Veiligheid van vrouwen en meisjes", 0, 38),
        # wrapped over two lines in the source
        (
            2,
            "1.2",
            "Bescherming van vrouwen en lhbtiq+ personen tegen (online) haat en intimidatie",
            0,
            69,
        ),
        (1, "2", "Iedereen moet volwaardig kunnen meedoen", None, 104),
        (2, "2.1", "Gelijke kansen op de arbeidsmarkt", 3, 108),
        (1, "", "Europese en internationale inzet", None, 129),
    ]
    # Footnotes cited in a section's introduction belong to the section.
    assert sample.themes[1].footnotes == ["5"]
    assert sample.themes[4].footnotes == ["11"]


def test_sample_measures_per_section(sample: ParsedDocument) -> None:
    found = [(r.title, *theme_of(sample, r), r.line_start, r.line_end) for r in measures(sample)]
    assert found == [
        ("Programma Veilige Uitgaansgebieden", "1", "1.1", 42, 51),
        ("Landelijke aanpak huiselijk geweld en straatintimidatie", "1", "1.1", 53, 60),
        ("Meldpunt online intimidatie", "1", "1.1", 62, 67),
        ("Campagne Zeg het wel!", "1", "1.2", 74, 81),
        ("Steun voor belangenorganisaties", "1", "1.2", 83, 102),
        ("Implementatie EU-richtlijn loontransparantie", "2", "2.1", 114, 122),
        ("Europees Globaliseringsfonds (programma 2021-2027)", "2", "2.1", 124, 127),
        ("Europese en internationale inzet", "Europese en internationale inzet", None, 129, 130),
    ]
    assert [r.kind for r in sample.records] == ["measure"] * 8 + ["motion"]
    assert all(r.status is None and r.who.raw == "" for r in sample.records)


def test_sample_motion_named_outside_the_measures(sample: ParsedDocument) -> None:
    # Named in the introduction: a motion record of its own, citing footnote 4 (its paper).
    motion = sample.records[-1]
    assert (motion.kind, motion.title, motion.line_start) == (
        "motion",
        "motie-Westerveld (GroenLinks-PvdA) en Dobbe (SP)",
        22,
    )
    assert motion.motion is not None
    assert motion.motion.submitters == ("Westerveld", "Dobbe")
    assert motion.motion.parties == ("GroenLinks-PvdA", "SP")
    assert (motion.theme, motion.subtheme, motion.footnotes) == (None, None, ["4"])
    assert motion.explanation.startswith("Bijlage 2 geeft de stand van zaken van de moties")
    # A motion a measure names stays that measure's mention, not a record of its own.
    assert not [r for r in sample.records if r.title.startswith("motie-Van den Hul")]


def test_sample_paragraph_over_a_page_break(sample: ParsedDocument) -> None:
    record = by_title(sample)["Programma Veilige Uitgaansgebieden"]
    # The sentence goes on after the footnotes of the page: "… Saba" + " aan."
    assert record.explanation.startswith("Het ministerie van OCW ondersteunt tot en met 2027")
    assert record.explanation.endswith("Sint Eustatius en Saba aan.")
    assert "\n" not in record.explanation
    # "gemeenten6" → the marker is removed and recorded; "organisa-" + "ties" is repaired.
    assert "twintig gemeenten mee" in record.explanation
    assert "samen met lokale organisaties." in record.explanation
    assert record.footnotes == ["6"]
    assert footnote_texts(sample, record) == [
        "Alle deelnemende gemeenten staan op www.veiligeuitgaansgebieden.example.nl"
    ]
    assert record.urls == ["www.veiligeuitgaansgebieden.example.nl"]
    assert record.who.codes == ("OCW",)
    assert (record.when.raw, record.when.start, record.when.end) == (
        "tot en met 2027",
        None,
        date(2027, 12, 31),
    )


def test_sample_wrapped_heading_hyphens_motion(sample: ParsedDocument) -> None:
    record = by_title(sample)["Landelijke aanpak huiselijk geweld en straatintimidatie"]
    assert record.line_start == 53
    # Real hyphens at the end of a line are kept.
    assert "op de lhbtiq+-gemeenschap en op politie-eenheden die" in record.explanation
    assert record.who.codes == ("JenV", "VWS")
    assert record.when.raw == "loopt tot en met 2026"
    assert record.when.started and record.when.end == date(2026, 12, 31)
    [motion] = record.mentions
    assert (motion.submitters, motion.parties, motion.cum_suis) == (
        ("Van den Hul",),
        ("PvdA",),
        True,
    )
    assert footnote_texts(sample, record) == ["Kamerstukken II 2023/2024, 28345, nr. 278"]
    assert [r.key for f in sample.footnotes if f.marker == "7" for r in f.refs] == ["kst-28345-278"]


def test_sample_heading_with_a_blank_line_and_past_years(sample: ParsedDocument) -> None:
    record = by_title(sample)["Meldpunt online intimidatie"]
    # "artikel" + "1 van de Grondwet": a line starting with a number is not a footnote.
    assert "volgens artikel 1 van de Grondwet" in record.explanation
    assert record.footnotes == []
    # "werd in 2023 opgezet" is history; "In 2026 volgt een evaluatie" is the plan.
    assert (record.when.raw, record.when.start, record.when.end) == (
        "In 2026",
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert record.who.codes == ("JenV",)


def test_sample_heading_with_exclamation_and_names_with_digits(sample: ParsedDocument) -> None:
    record = by_title(sample)["Campagne Zeg het wel!"]
    # Two paragraphs; the second starts with a sentence the PDF tool wrapped: not a heading.
    first, second = record.explanation.split("\n\n")
    assert first.startswith("De campagne Samen4Veilig van SZW")
    assert second.startswith("Het kabinet heeft eerder laten weten")
    assert "wil vergroten. Daarbij" in second
    # "(D66)10": the party keeps its digits, the marker goes.
    assert second.endswith("de motie-Bakker (D66) uit.")
    assert record.footnotes == ["9", "10"]
    [motion] = record.mentions
    assert (motion.submitters, motion.parties) == (("Bakker",), ("D66",))
    assert record.when.raw == "loopt van 2024 tot en met 2026"
    assert (record.when.start, record.when.end) == (date(2024, 1, 1), date(2026, 12, 31))


def test_sample_heading_before_a_page_break_and_furniture(sample: ParsedDocument) -> None:
    record = by_title(sample)["Steun voor belangenorganisaties"]
    assert record.explanation.startswith("Via de subsidieregeling gender- en lhbtiq+-gelijkheid")
    # "gender-" + "en lhbtiq+-gelijkheid": a hyphen before "en" keeps its space.
    assert record.explanation.endswith("digitale veiligheid en gender- en lhbtiq+-gelijkheid.")
    assert record.when.raw == "begin 2026"
    assert (record.when.start, record.when.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert record.footnotes == []


def test_sample_bullets_over_a_page_break(sample: ParsedDocument) -> None:
    record = by_title(sample)["Implementatie EU-richtlijn loontransparantie"]
    assert record.bullets == [
        "de internetconsultatie (begin 2026);",
        # the item goes on after a blank line
        "het advies van de Raad van State over het wetsvoorstel.",
    ]
    assert record.explanation.endswith(
        "De volgende stappen zijn:\n• de internetconsultatie (begin 2026);\n"
        "• het advies van de Raad van State over het wetsvoorstel."
    )
    assert [r.key for r in record.refs] == ["eu-dir-2023/970"]
    assert record.who.codes == ("SZW",)
    assert record.when.raw == "begin 2026"


def test_sample_heading_wrapped_at_a_hyphen(sample: ParsedDocument) -> None:
    record = by_title(sample)["Europees Globaliseringsfonds (programma 2021-2027)"]
    # core.wanneer reads "maart tot en met april 2025"; the raw phrase keeps its "van".
    assert record.when.raw == "van maart tot en met april 2025"
    assert (record.when.start, record.when.end) == (date(2025, 3, 1), date(2025, 4, 30))


def test_sample_part_of_its_own_cites_the_eu_letter(sample: ParsedDocument) -> None:
    record = by_title(sample)["Europese en internationale inzet"]
    assert record.subtheme is None
    assert record.explanation == "Nederland blijft zich in de EU inzetten voor gelijke behandeling."
    assert record.footnotes == ["12"]
    [footnote] = [f for f in sample.footnotes if f.marker == "12"]
    assert [(r.dossier, r.number, r.url) for r in footnote.refs] == [
        ("30420", "415", "https://zoek.officielebekendmakingen.nl/kst-30420-415.html")
    ]


def test_sample_footnotes(sample: ParsedDocument) -> None:
    assert [f.marker for f in sample.footnotes] == [str(n) for n in range(1, 13)]
    notes = {f.marker: f for f in sample.footnotes}
    # "Lhbtiqa+-monito  r": a word the PDF tool split is joined again.
    assert notes["2"].text.endswith("De Lhbtiqa+-monitor gebruikt een langere afkorting.")
    assert notes["2"].line == 19
    assert [r.key for r in notes["3"].refs] == ["kst-30420-414"]
    assert [r.key for r in notes["4"].refs] == ["kst-36600-VIII-39"]
    # Every footnote is cited exactly where its marker stands (intro markers included).
    assert not [w for w in sample.warnings if "never cited" in w.message]


def test_sample_warnings(sample: ParsedDocument) -> None:
    assert [(w.line, w.message) for w in sample.warnings] == [
        (
            87,
            "footnote 9 cites a parliamentary paper without a recognisable dossier number: "
            "'Kamerstukken II 2023/2024, 1234'",
        )
    ]


def test_sample_texts_are_clean(sample: ParsedDocument) -> None:
    assert_clean(sample)


def test_text_after_the_signature_is_reported() -> None:
    text = SAMPLE.read_text(encoding="utf-8") + "\nBijlage 1 Overzicht maatregelen\n"
    doc = nota.parse(text, name="met-bijlage.txt")
    assert len(measures(doc)) == 8
    [warning] = [w for w in doc.warnings if "text after the signature" in w.message]
    assert warning.line == SAMPLE.read_text(encoding="utf-8").count("\n") + 2


def test_a_document_without_title_line_is_named_and_warned() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("Betreft Emancipatienota 2025", "")
    doc = nota.parse(text, name="zonder-titel.txt")
    assert doc.title == "Emancipatienota"
    assert any("no title" in w.message for w in doc.warnings)


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "line", "inside"),
    [(45, 45, "1.1 Veiligheid"), (90, 90, "1.2 Bescherming"), (125, 125, "2.1 Gelijke")],
)
def test_truncated_sample_raises_with_the_line(lines: int, line: int, inside: str) -> None:
    text = "\n".join(SAMPLE.read_text(encoding="utf-8").split("\n")[:lines])
    assert nota.detect(text)
    with pytest.raises(ParseError) as caught:
        nota.parse(text, name="afgebroken.txt")
    assert caught.value.line == line
    assert inside in caught.value.message
    assert "truncated" in caught.value.message
    assert str(caught.value).startswith(f"afgebroken.txt:{line}: ")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("Prioriteit 2.", "Prioriteit 3.", 104, "expected 'Prioriteit 2'"),
        ("2.1 Gelijke", "1.3 Gelijke", 108, "section 1.3 stands under 'Prioriteit 2'"),
        ("1.2 Bescherming", "1.1 Bescherming", 69, "section 1.1 after 1.1; expected 1.2"),
    ],
)
def test_structurally_broken_sample_raises(old: str, new: str, line: int, message: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(old, new)
    with pytest.raises(ParseError) as caught:
        nota.parse(text, name="kapot.txt")
    assert caught.value.line == line
    assert message in caught.value.message


def test_a_missing_section_is_a_warning() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("1.2 Bescherming", "1.3 Bescherming")
    doc = nota.parse(text, name="gat.txt")
    assert (69, "section 1.2 is missing before 1.3") in [(w.line, w.message) for w in doc.warnings]


def test_prose_without_priorities_is_refused() -> None:
    text = "Een brief\n\nDit is een gewone brief zonder prioriteiten.\n"
    assert not nota.detect(text)
    with pytest.raises(ParseError) as caught:
        nota.parse(text, name="brief.txt")
    assert caught.value.line == 1
    assert "Prioriteit 1." in caught.value.message


# -- heading or prose, and periods ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a short line, then a new sentence: a heading
        (["Programma Veilige Uitgaansgebieden", "Het ministerie subsidieert het."], 1),
        # a heading that ends with "!"
        (["Campagne Zeg het wel!", "De campagne loopt."], 1),
        # a heading alone in its paragraph (an empty line under it)
        (["Meldpunt online intimidatie"], 1),
        # wrapped after a function word, or at an open bracket
        (["Aanpak van geweld en", "straatintimidatie", "Het kabinet werkt."], 2),
        (["Fonds (programma 2021-", "2027)", "Het ministerie betaalt."], 2),
        (["Subsidie ‘Werk en", "Zorg’", "De subsidie loopt."], 2),
        # a sentence the PDF tool wrapped: the next line carries its end
        (
            [
                "Het kabinet heeft eerder laten weten hoe het de veiligheid op het werk wil",
                "vergroten. Daarbij sluit deze campagne aan.",
            ],
            0,
        ),
        # a first line that ends before a name, or reads as a sentence
        (["Zij werken samen met", "Movisie en het Verwey-Jonker Instituut."], 0),
        (["De alliantie is een samenwerkingsverband van", "Atria en COC."], 0),
        (["De alliantie is een samenwerking tussen WOMEN Inc., Bureau Clara", "Wichmann."], 0),
        # sentences, list items and bullets are no headings
        (["Dit is onacceptabel.", "Daarom doen we iets."], 0),
        (["Het gaat om:", "1) vrouwen;"], 0),
        (["1) vrouwen met een kleine deeltijdbaan;", "2) vrouwen zonder werk."], 0),
        (["\uf0b7 de internetconsultatie", "(begin 2026);"], 0),
    ],
)
def test_heading_or_prose(lines: list[str], expected: int) -> None:
    assert nota._heading_lines(lines, has_following=True) == expected


def test_a_short_line_with_no_text_after_it_is_no_heading() -> None:
    assert nota._heading_lines(["Mariëlle Paul"], has_following=False) == 0
    assert (
        nota._heading_lines(["Aanpak van geweld en", "straatintimidatie"], has_following=False) == 0
    )


@pytest.mark.parametrize(
    ("text", "raw", "start", "end"),
    [
        ("Het ministerie steunt tot en met 2027 gemeenten.", "tot en met 2027", None, "2027-12-31"),
        (
            "Het programma loopt tot en met 2026 en daarna.",
            "loopt tot en met 2026",
            None,
            "2026-12-31",
        ),
        (
            "Van 2023 tot en met 2027 loopt de subsidie.",
            "Van 2023 tot en met 2027",
            "2023-01-01",
            "2027-12-31",
        ),
        (
            "Voor de periode 2023 tot en met 2026 is er geld.",
            "2023 tot en met 2026",
            "2023-01-01",
            "2026-12-31",
        ),
        ("Het project loopt tot eind 2025.", "loopt tot eind 2025", None, "2025-12-31"),
        ("De richtlijn geldt uiterlijk juni 2027.", "uiterlijk juni 2027", None, "2027-06-30"),
        ("Vanaf begin 2025 krijgt het platform vorm.", "Vanaf begin 2025", "2025-01-01", None),
        (
            "De alliantie moet begin 2026 klaar zijn.",
            "begin 2026",
            "2026-01-01",
            "2026-03-31",
        ),
        (
            "Dat gebeurt in het najaar van 2025.",
            "in het najaar van 2025",
            "2025-09-01",
            "2025-11-30",
        ),
        # history first, then the plan
        (
            "Het startte in 2024. Het project gaat in 2026 van start.",
            "in 2026",
            "2026-01-01",
            "2026-12-31",
        ),
        (
            "De wet treedt op 1 augustus 2026 in werking.",
            "1 augustus 2026",
            "2026-08-01",
            "2026-08-01",
        ),
        # nothing plain: no period
        ("U krijgt het plan voor het zomerreces.", "", None, None),
        ("Het onderzoek start rond de zomer van 2025.", "", None, None),
        ("In 2021 is een pilot gestart.", "", None, None),
    ],
)
def test_period_stated_in_the_text(text: str, raw: str, start: str | None, end: str | None) -> None:
    due = nota._period(text, date(2025, 6, 1))
    assert due.raw == raw
    assert (due.start, due.end) == (
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
    )


# -- the real 2025 note ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def note(seeds: Path) -> ParsedDocument:
    return load(seeds / NOTE)


@pytest.mark.seeds
def test_detect_only_the_note(seeds: Path) -> None:
    assert nota.detect((seeds / NOTE).read_text(encoding="utf-8"))
    others = [p for p in sorted(seeds.glob("*.txt")) if p.name != NOTE]
    others += [p for p in sorted(SAMPLES.glob("*.txt")) if p != SAMPLE]
    assert len(others) >= 6
    for path in others:
        assert not nota.detect(path.read_text(encoding="utf-8")), path.name


@pytest.mark.seeds
def test_note_document_fields(note: ParsedDocument) -> None:
    # The text states neither a title line nor a date nor its own paper number.
    assert note.title == "Emancipatienota"
    assert note.date is None and note.kamerstuk is None
    assert note.line_count == 1275
    assert [(w.line, w.message[:24]) for w in note.warnings] == [
        (565, "footnote 37 cites a parl"),
        (None, "the document states no t"),
    ]


@pytest.mark.seeds
def test_note_priorities_and_sections(note: ParsedDocument) -> None:
    assert [(t.level, t.number, t.name, t.line) for t in note.themes] == [
        (1, "1", "Iedereen moet veilig kunnen zijn", 81),
        (2, "1.1", "Veiligheid van vrouwen en meisjes", 86),
        (2, "1.2", "Veiligheid van lhbtiq+ personen", 256),
        (2, "1.3", "Een vrij en veilig leerklimaat", 408),
        (
            2,
            "1.4",
            "Beschermen van vrouwen en lhbtiq+ personen tegen (online) weerstand en haat",
            612,
        ),
        (1, "2", "Iedereen moet volwaardig kunnen meedoen", 744),
        (2, "2.1", "Gelijke kansen op de arbeidsmarkt en werkvloer", 764),
        (2, "2.2", "Financiële onafhankelijkheid van vrouwen vergroten", 908),
        (2, "2.3", "Stimuleren van vrij, kansrijke school- en beroepskeuze", 1075),
        (2, "2.4", "Stimuleren van gelijke kansen en behandeling in de zorg", 1160),
        (1, "", "Europese en internationale inzet", 1230),
    ]
    assert [t.parent for t in note.themes] == [None, 0, 0, 0, 0, None, 5, 5, 5, 5, None]
    assert note.themes[0].raw == "Prioriteit 1. Iedereen moet veilig kunnen zijn"
    # The markers of a section's introduction are the section's footnotes.
    assert note.themes[4].footnotes == [str(n) for n in range(44, 52)]


@pytest.mark.seeds
def test_note_measures_per_section(note: ParsedDocument) -> None:
    counts: dict[str, int] = {}
    for record in measures(note):
        theme, sub = theme_of(note, record)
        counts[sub or theme] = counts.get(sub or theme, 0) + 1
    assert counts == {
        "1.1": 8,
        "1.2": 5,
        "1.3": 11,
        "1.4": 4,
        "2.1": 8,
        "2.2": 10,
        "2.3": 6,
        "2.4": 6,
        "Europese en internationale inzet": 1,
    }
    assert len(measures(note)) == 59
    assert [r.kind for r in note.records] == ["measure"] * 59 + ["motion"] * 3
    titles = [r.title for r in note.records]
    # Text outside the priorities is not a measure.
    for outside in ("Leeswijzer", "Opdracht van Emancipatie", "Afsluiting", "Bijlagen"):
        assert not any(t.startswith(outside) for t in titles)
    assert titles[:3] == [
        # wrapped over two lines
        "Nationaal Actieprogramma Aanpak seksueel grensoverschrijdend gedrag en seksueel geweld",
        "Plan van aanpak ‘Stop Femicide!’",
        "Implementatie Verdrag van Istanbul in Caribisch Nederland",
    ]


@pytest.mark.seeds
def test_note_wrapped_measure_headings(note: ParsedDocument) -> None:
    records = by_title(note)
    for title, line, section in [
        (
            "Actualisatie kerndoelen burgerschap, digitale geletterdheid en relationele en "
            "seksuele vorming",
            520,
            "1.3",
        ),
        (
            "Subsidie ZonMw ‘Economische Zelfstandigheid’ binnen het programma ‘Vakkundig aan "
            "het Werk’",
            982,
            "2.2",
        ),
        (
            "Europees Sociaal Fonds Plus (ESF+) sociale innovatie (Europees Programma 2021-2027)",
            1062,
            "2.2",
        ),
        (
            "Tegengaan van non-consensuele niet-noodzakelijke medische behandelingen van "
            "intersekse kinderen (nnmb’s)",
            1215,
            "2.4",
        ),
    ]:
        record = records[title]
        assert (record.line_start, theme_of(note, record)[1]) == (line, section), title
    # The wrapped heading at the foot of a page: its text is on the next page.
    zonmw = records[
        "Subsidie ZonMw ‘Economische Zelfstandigheid’ binnen het programma ‘Vakkundig aan het Werk’"
    ]
    assert zonmw.explanation.startswith("De subsidie Economische Zelfstandigheid loopt")
    assert zonmw.when.raw == "tot en met 2025"


@pytest.mark.seeds
def test_note_first_measure(note: ParsedDocument) -> None:
    record = note.records[0]
    assert record.kind == "measure"
    assert (record.line_start, record.line_end) == (100, 140)
    assert theme_of(note, record) == ("1", "1.1")
    assert record.explanation.startswith("Om seksueel grensoverschrijdend gedrag en seksueel")
    assert record.explanation.endswith("inclusief reflectiebrief van de regeringscommissaris.")
    # The paragraph runs on over the page break; "(NAP).10" loses its marker.
    assert "aan te jagen is onafhankelijk" in record.explanation
    assert "jaagt het maatschappelijke debat aan" in record.explanation
    assert "(NAP). Het programma" in record.explanation
    assert record.footnotes == ["10", "11"]
    assert footnote_texts(note, record) == [
        "Kamerstukken II 2022/2023, 34843, nr. 67",
        "Kamerstukken II 2024/2025, 34843, nr. 120",
    ]
    assert record.when.raw == "loopt tot en met 2026"
    assert (record.when.start, record.when.end, record.when.started) == (
        None,
        date(2026, 12, 31),
        True,
    )
    assert record.who.codes == ()


@pytest.mark.seeds
def test_note_ministries_named_in_the_text(note: ParsedDocument) -> None:
    records = by_title(note)
    expected = {
        "Plan van aanpak ‘Stop Femicide!’": ("VWS", "OCW", "JenV"),
        "Implementatie Verdrag van Istanbul in Caribisch Nederland": (
            "OCW",
            "JenV",
            "SZW",
            "BZK",
            "VWS",
        ),
        "Programma Veilige Steden": ("OCW",),
        "Vervolg Actieplan veiligheid lhbtiq+ personen": ("JenV",),
        "Komst antidiscriminatievoorziening (ADV) in Caribisch Nederland": ("BZK", "JenV"),
        "Plan van aanpak tegen online discriminatie, racisme en hate speech (haatzaaien)": (
            "BZK",
            "OCW",
            "SZW",
            "JenV",
        ),
        "Verbeteren randvoorwaarden voor de combinatie van arbeid en zorg": (
            "VWS",
            "SZW",
            "OCW",
            "FIN",
        ),
        "Implementatie EU Richtlijn loontransparantie": ("SZW",),
        "Programma Economische Veerkracht": ("SZW", "OCW"),
        "Kennisprogramma vrouwspecifieke gezondheid": ("VWS",),
        "Meer vrouwen bij defensie": (),
    }
    for title, codes in expected.items():
        assert records[title].who.codes == codes, title
        assert records[title].who.raw == "", title


@pytest.mark.seeds
def test_note_due_periods(note: ParsedDocument) -> None:
    records = by_title(note)
    expected = {
        "Programma Veilige Steden": ("tot en met 2026", None, "2026-12-31"),
        "Alliantie Act4Respect Unlimited": ("tot en met 2027", None, "2027-12-31"),
        "Alliantie Verandering van Binnenuit 2.0": ("tot en met 2027", None, "2027-12-31"),
        "Plan van aanpak ‘Stop Femicide!’": ("begin 2026", "2026-01-01", "2026-03-31"),
        "Project ROOTS": ("in 2026", "2026-01-01", "2026-12-31"),
        "Implementatie Europese Unie (EU)-richtlijn Geweld tegen vrouwen": (
            "uiterlijk juni 2027",
            None,
            "2027-06-30",
        ),
        "Alliantie Kleurrijk en Vrij": ("Van 2023 tot en met 2027", "2023-01-01", "2027-12-31"),
        "Wetsvoorstel vrij en veilig onderwijs": ("1 augustus 2026", "2026-08-01", "2026-08-01"),
        "Alliantie Politica": ("2023 tot en met 2027", "2023-01-01", "2027-12-31"),
        "Meer uren werken": ("loopt tot 2029", None, "2029-12-31"),
        "Programma Economische Veerkracht": ("tot september 2026", None, "2026-09-30"),
        "Project Single Super Mom werkt!": ("tot eind 2025", None, "2025-12-31"),
        "Landelijk Platform Transgenderzorg": ("Vanaf begin 2025", "2025-01-01", None),
        "Taakopdracht Gender en Gezondheid": ("tot halverwege 2026", None, "2026-09-30"),
        "Kennisprogramma vrouwspecifieke gezondheid": (
            "loopt van 2024 tot en met 2030",
            "2024-01-01",
            "2030-12-31",
        ),
        # "In januari 2025 stuurde …" lies before the note (mid 2025, its latest session).
        "Sociale veiligheid in het vervolgonderwijs": (
            "in het najaar van 2025",
            "2025-09-01",
            "2025-11-30",
        ),
        # Only past dates in the text ("in 2021", "in oktober 2024"): no period.
        "Vergroten kennis en expertise bij politie": ("", None, None),
        "Vervolg Actieplan veiligheid lhbtiq+ personen": ("", None, None),
    }
    for title, (raw, start, end) in expected.items():
        due = records[title].when
        got = (due.raw, due.start, due.end)
        assert got == (
            raw,
            date.fromisoformat(start) if start else None,
            date.fromisoformat(end) if end else None,
        ), title
    assert sum(1 for r in measures(note) if r.when.has_dates) == 30


@pytest.mark.seeds
def test_note_footnotes_and_papers(note: ParsedDocument) -> None:
    assert [f.marker for f in note.footnotes] == [str(n) for n in range(1, 85)]
    notes = {f.marker: f for f in note.footnotes}
    assert notes["3"].text == "Kamerstukken II 2024/2025, 30420, nr. 414"
    assert notes["3"].line == 30
    # "Lhbtiqa+-monito  r" in the source
    assert notes["6"].text.endswith("de meest recente Lhbtiqa+-monitor en Emancipatiemonitor.")
    assert [r.key for r in notes["33"].refs] == ["kst-29240-158"]  # "Kammerstukken"
    assert [r.key for r in notes["16"].refs] == ["eu-dir-2024/1385"]
    # The EU letter (30420, nr. 415) and the State of the Union, in one footnote.
    assert [(r.key, r.url) for r in notes["84"].refs] == [
        ("kst-30420-415", "https://zoek.officielebekendmakingen.nl/kst-30420-415.html"),
        ("kst-36715-1", "https://zoek.officielebekendmakingen.nl/kst-36715-1.html"),
    ]
    # Every footnote is cited, in order, by exactly one piece of text.
    cited = [m for r in measures(note) for m in r.footnotes]
    cited += [m for t in note.themes for m in t.footnotes]
    assert len(cited) == len(set(cited))
    assert not [w for w in note.warnings if "never cited" in w.message]
    papers = [r for f in note.footnotes for r in f.refs if r.kind == "kamerstuk" and r.number]
    assert len(papers) == 27


@pytest.mark.seeds
def test_note_cites_the_eu_letter_from_a_measure(note: ParsedDocument) -> None:
    record = by_title(note)["Europese en internationale inzet"]
    assert record.footnotes == ["84"]
    assert record.subtheme is None
    assert record.explanation.startswith("In de EU hebben we duidelijke afspraken")
    assert record.explanation.endswith("gaan we aan de slag met hun aanbevelingen.")


@pytest.mark.seeds
def test_note_markers_motions_and_names_with_digits(note: ParsedDocument) -> None:
    records = by_title(note)
    police = records["Vergroten kennis en expertise bij politie"]
    assert "de motie-Paternotte (D66) heeft de politie" in police.explanation
    assert police.footnotes == ["20"]
    assert [(m.submitters, m.parties) for m in police.mentions] == [(("Paternotte",), ("D66",))]
    # "politie-" + "eenheden" and "lhbtiq+-gemeenschap": real hyphens stay.
    assert "ondersteunt het ECAD-P politie-eenheden bij" in police.explanation
    act = records["Alliantie Act4Respect Unlimited"]
    assert "Act4Respect" in act.explanation and "Happy2gether plus" in act.explanation
    assert act.urls == ["www.act4respect.seksindepraktijk.nl"]  # from its footnote 15
    rainbow = records["Programma Regenboogsteden"]
    assert rainbow.footnotes == ["22", "23", "24", "25", "26"]
    assert "steeds onveiliger voelen. De gemeenten" in rainbow.explanation
    assert "expertisecentrum Artikel 1 en lhbtiq+-belangenorganisatie COC" in rainbow.explanation
    nnmb = records[
        "Tegengaan van non-consensuele niet-noodzakelijke medische behandelingen van "
        "intersekse kinderen (nnmb’s)"
    ]
    assert [(m.submitters, m.parties) for m in nnmb.mentions] == [
        (("Westerveld", "Kostić"), ("GroenLinks-PvdA", "PvdD"))
    ]
    civil = records["Ondersteunen maatschappelijk middenveld tegen weerstand en intimidatie"]
    assert [(m.submitters, m.parties) for m in civil.mentions] == [(("Dobbe",), ("SP",))]
    assert civil.footnotes == ["56", "57", "58"]


@pytest.mark.seeds
def test_note_motions_named_outside_the_measures(note: ParsedDocument) -> None:
    motions = [r for r in note.records if r.kind == "motion"]
    assert [(r.title, r.line_start, r.footnotes, r.number) for r in motions] == [
        # the introduction; footnote 5 gives its paper
        ("motie-Westerveld (GroenLinks-PvdA) en Dobbe (SP)", 33, ["5"], ""),
        # a footnote of the introduction, with the motion's paper
        ("motie-Van den Hul C.S. (PvdA)", 78, [], "35300-XVII, nr. 41"),
        # the introduction of section 1.4; footnote 51 gives its paper
        ("motie-Becker (VVD)", 654, ["51"], ""),
    ]
    assert [theme_of(note, r) for r in motions[2:]] == [("1", "1.4")]
    assert motions[0].theme is None and motions[1].theme is None
    assert [r.key for r in motions[1].refs] == ["kst-35300-XVII-41"]
    assert [f.text for f in note.footnotes if f.marker in ("5", "51")] == [
        "Kamerstukken II 2024/2025, 36600-VIII, nr. 39",
        "Kamerstukken II 2024/2025, 36600-VIII, nr. 44",
    ]
    assert motions[2].motion is not None
    assert (motions[2].motion.submitters, motions[2].motion.parties) == (("Becker",), ("VVD",))


@pytest.mark.seeds
def test_note_bullets_and_papers_in_text(note: ParsedDocument) -> None:
    record = by_title(note)["Voortgang vrouwen in topposities"]
    assert len(record.bullets) == 3
    assert record.bullets[0].endswith("(begin 2026);")
    # The last item runs on over an empty line.
    assert record.bullets[2].endswith("SEO Economisch Onderzoek over de (semi)publieke sector.")
    assert "\n• de jaarlijkse rapportages van de SER;\n" in record.explanation
    assert "evenwichtige vrouw-manverhouding" in record.explanation
    assert [r.key for r in record.refs] == ["eu-dir-2022/2381"]
    assert record.when.raw == "In 2027"
    assert record.who.codes == ("BZK",)


@pytest.mark.seeds
def test_note_paragraph_through_page_furniture(note: ParsedDocument) -> None:
    # "Pagina 12 van 26 / Onze referentie / 52860662 / links" stand inside a sentence of the
    # introduction of 1.4; "Pagina 16 van 26" inside the measure below.
    record = by_title(note)[
        "EU-richtlijnvoorstel Gelijke Behandeling buiten Arbeid en digitale ontwikkelingen"
    ]
    assert record.explanation.endswith("in de hele Unie garandeert.")
    assert "Mocht de Europese Commissie het voorstel" in record.explanation
    assert record.footnotes == ["68", "69"]
    assert record.line_end == 880
    assert_clean(note)


@pytest.mark.seeds
def test_note_prose_not_taken_for_headings(note: ParsedDocument) -> None:
    records = by_title(note)
    # A paragraph whose first line ends before a name ("… Bureau Clara" / "Wichmann …").
    strong = records["Alliantie Financieel Sterk door Werk"]
    assert "samenwerkingsverband tussen WOMEN Inc., Bureau Clara Wichmann" in strong.explanation
    assert strong.explanation.count("\n\n") == 1
    assert not any(r.title.startswith("De ") for r in note.records)


@pytest.mark.seeds
def test_note_parses_fast(seeds: Path) -> None:
    import time

    text = (seeds / NOTE).read_text(encoding="utf-8")
    nota.parse(text, name=NOTE)
    began = time.perf_counter()
    nota.parse(text, name=NOTE)
    assert time.perf_counter() - began < 0.5
