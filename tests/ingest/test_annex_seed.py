"""The real 2023 annex (seed 002) goes in; specific rows from every theme come out right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from voortgang.ingest import parse_file
from voortgang.tracker.models import CrossReference, Document, Measure, StatusEntry
from voortgang.tracker.selectors import record_list
from voortgang.tracker.services import documents_ingest

pytestmark = [pytest.mark.django_db, pytest.mark.seeds]

ANNEX = "002_f8a91c7f97a7b53d.txt"


@pytest.fixture
def records(seeds: Path) -> dict[str, list[dict[str, Any]]]:
    documents_ingest(paths=[seeds / ANNEX])
    by_title: dict[str, list[dict[str, Any]]] = {}
    for record in record_list():
        by_title.setdefault(record["title"], []).append(record)
    return by_title


def one(records: dict[str, list[dict[str, Any]]], title: str) -> dict[str, Any]:
    found = records.get(title)
    assert found, f"no record titled {title!r}"
    assert len(found) == 1, f"{len(found)} records titled {title!r}"
    return found[0]


def test_every_row_exactly_once(seeds: Path, records: dict[str, list[dict[str, Any]]]) -> None:
    total = sum(len(v) for v in records.values())
    # 149 rows carry a status code (awk over the seed); cross-references are not records.
    assert total == Measure.objects.count() == StatusEntry.objects.count()
    assert total == 149
    kinds = [r["kind"] for rs in records.values() for r in rs]
    assert kinds.count("motion") == 4
    # The same title under two sub-themes is two records, with two uids.
    twice = records["Professionalisering mbo-docenten"]
    assert [r["subtheme"] for r in twice] == [
        "Burgerschapsonderwijs versterken",
        "Inclusieve docententeams",
    ]
    assert len({r["uid"] for r in twice}) == 2


def test_themes_in_source_order(records: dict[str, list[dict[str, Any]]]) -> None:
    document = Document.objects.get()
    top = [t.name for t in document.themes.filter(level=1)]
    assert top == [
        "Arbeid",
        "Veiligheid",
        "Onderwijs en media",
        "Zorg",
        "Gelijke behandeling en wetgeving",
        "Internationaal",
    ]
    assert document.legend == {
        "4": "afgerond",
        "3": "in uitvoering",
        "1": "doorlopend",
        "0": "niet (meer) in uitvoering",
    }
    assert document.format == "annex"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Arbeid
        (
            "Verhoging van de arbeidskorting",
            {
                "theme": "Arbeid",
                "subtheme": "Arbeidsparticipatie",
                "status": 4,
                "when": "Q3 2022",
                "due": {"start": "2022-07-01", "end": "2022-09-30"},
                "who": "SZW",
                "ministries": ["SZW"],
                "line": 21,
            },
        ),
        (
            "Diversiteit en inclusie (D&I) standaard voorwaarde bij inkoopbeleid",
            {
                "status": 1,
                "who": "Rijksbreed/BZK/IenW",
                "ministries": ["Kabinetsbreed", "BZK", "IenW"],
            },
        ),
        (
            "Europees Sociaal Fonds Plus inzetten",
            {"when": "2024", "due": {"start": "2024-01-01", "end": "2024-12-31"}},
        ),
        # Veiligheid (underlined header row)
        (
            "Meer tijd en geld voor politienetwerk Roze in Blauw",
            {
                "theme": "Veiligheid",
                "subtheme": "Veiligheid lhbtqi+ personen",
                "status": 3,
                "when": "2022 – 2024",
                "due": {"start": "2022-01-01", "end": "2024-12-31"},
                "ministries": ["JenV", "OCW"],
            },
        ),
        (
            "Intensiveren van de aanpak van discriminatie op het internet",
            {"ongoing": True, "ministries": ["JenV", "OCW", "BZK", "VWS", "SZW"]},
        ),
        (
            "Onderzoeken welke rol gender speelt bij kindermishandeling",
            {"status": 4, "when": "Afgerond", "completed": True, "ministries": ["VWS", "JenV"]},
        ),
        (
            "Verkenning naar interventies ter bestrijding van conversietherapie",
            {
                "status": 0,
                "when": "Is aan de TK-initiatiefnemers van het wetsvoorstel",
                "due": None,
                "who": "n.v.t.",
                "ministries": [],
            },
        ),
        (
            "Motie van lid Bisschop d.d. 5 december 2022 over sekswerk",
            {
                "kind": "motion",
                "subtheme": "Moties",
                "status": 3,
                "when": "Loopt",
                "who": "JenV,",
                "ministries": ["JenV"],
                "submitters": ["Bisschop"],
                "date": "2022-12-05",
                "subject": "sekswerk",
            },
        ),
        # Onderwijs en media ("Stavaza" header)
        (
            "Wettelijke zorgplicht in het onderwijs waarborgen",
            {"theme": "Onderwijs en media", "status": 1, "when": "N.v.t.", "not_applicable": True},
        ),
        (
            "Investering sociale veiligheid in het hoger onderwijs",
            {"when": "T/m 2031", "due": {"start": None, "end": "2031-12-31"}},
        ),
        (
            "Onderzoek naar keuzegedrag van jongeren in het onderwijs",
            {"status": 4, "who": "n.v.t.", "ministries": []},
        ),
        # Zorg
        (
            "Alliantie Gezondheidszorg op Maat 2",
            {"theme": "Zorg", "who": "OCW/DE", "ministries": ["OCW"], "when": "Q4 2027"},
        ),
        ("Onderzoeken rondom overgang & werk", {"ministries": ["VWS", "SZW"]}),
        # Gelijke behandeling en wetgeving
        (
            "Motie leden Werner en van der Laan",
            {
                "kind": "motion",
                "subtheme": "Intersectionaliteit",
                "status": 4,
                "submitters": ["Werner", "van der Laan"],
                "date": None,
                "ministries": ["OCW", "VWS"],
            },
        ),
        (
            "Motie van leden Mutluer en Westerveld d.d. 5 december 2022 over "
            "intersectionele vormen van discriminatie",
            {
                "kind": "motion",
                "subtheme": "Moties",
                "status": 3,
                "when": "n.v.t.",
                "who": "OCW, SZW",
                "ministries": ["OCW", "SZW"],
                "submitters": ["Mutluer", "Westerveld"],
                "date": "2022-12-05",
            },
        ),
        (
            "Wetsvoorstel geslachtsvermelding ID-kaart afschaffen",
            {
                "when": "Q4 2023/ Q1 2024",
                "due": {"start": "2023-10-01", "end": "2024-03-31"},
                "ministries": ["BZK"],
            },
        ),
        ("Programma NCDR", {"ministries": ["NCDR"], "status": 1}),
        # Internationaal
        (
            "Aandacht vragen voor gendergelijkheid en gelijke rechten voor lhbtqi+ "
            "personen binnen EU kandidaat-lidstaten",
            {
                "theme": "Internationaal",
                "subtheme": "Inzet op gendergelijkheid, lhbtqi+ en SRGR binnen de EU",
                "who": "BZ & OCW",
                "ministries": ["BZ", "OCW"],
            },
        ),
        (
            "Gendergelijkheid en gelijke rechten voor lhbtqi+ personen zijn "
            "onderdeel van bilaterale en EU-gesprekken",
            {"ministries": ["Kabinetsbreed"]},
        ),
        (
            "Overzicht waar betere implementatie van verdragen nodig is",
            {"status": 0, "who": "BZ, OCW, e.a.", "ministries": ["BZ", "OCW"]},
        ),
        ("Deelname CSW", {"when": "Doorlopend, jaarlijks", "ongoing": True}),
        (
            "Lid van Bureau van CSW",
            {"when": "Voorzien 2025", "due": {"start": "2025-01-01", "end": "2025-12-31"}},
        ),
        (
            "Gender Equality Strategy 2024-2029 Raad van Europa",
            {
                "when": "Afronding voorzien november 2023",
                "due": {"start": "2023-11-01", "end": "2023-11-30"},
            },
        ),
        (
            "Organiseren IDAHOT+ Forum",
            {
                "subtheme": "Organisatie IDAHOT 2024",
                "due": {"start": "2024-05-14", "end": "2024-05-16"},
                "who": "OCW, BZ (n.n.t.b.)",
                "ministries": ["OCW", "BZ"],
            },
        ),
        (
            "Plan van aanpak voor emancipatiebeleid",
            {
                "subtheme": "Caribische delen van het Koninkrijk",
                "due": {"start": "2024-04-01", "end": "2024-06-30"},
                "ministries": ["OCW", "RCN"],
            },
        ),
    ],
)
def test_row(
    records: dict[str, list[dict[str, Any]]], title: str, expected: dict[str, Any]
) -> None:
    record = one(records, title)
    assert {k: record[k] for k in expected} == expected
    assert record["document"] == ANNEX


def test_continuation_rows_are_joined(records: dict[str, list[dict[str, Any]]]) -> None:
    samen = one(
        records,
        "Het voorkomen bestrijden van seksueel, gendergerelateerd en huiselijk geweld binnen "
        "migrantgemeenschappen in Nederland.",
    )
    assert (samen["line"], samen["line_end"]) == (106, 108)
    assert "en mensen uit de lhbtq+ gemeenschap" in samen["text"]
    assert samen["text"].endswith("augustus 2024.")
    assert samen["ministries"] == ["OCW"]
    acceptance = one(records, "Maatschappelijke acceptatie")
    assert "transgenderzorg, mede namens mij" in acceptance["text"]
    assert "<" not in acceptance["text"]


def test_html_removed_and_link_labels_kept(records: dict[str, list[dict[str, Any]]]) -> None:
    pilot = one(records, "Pilot stimuleren meer uren werken in onderwijs")
    assert (
        "middels de brief Aanpak voltijds- en meerurenbonus in het primair onderwijs."
        in (pilot["text"])
    )
    labels = [r["label"] for r in pilot["references"] if r["kind"] == "link"]
    assert labels == ["middels de brief Aanpak voltijds- en meerurenbonus in het primair onderwijs"]
    for rs in records.values():
        for r in rs:
            assert "<" not in r["title"] + r["text"], r["uid"]


def test_footnotes_are_references_not_text(records: dict[str, list[dict[str, Any]]]) -> None:
    portal = one(records, "Opzetten van diversiteitsportaal en jaarlijks daarover rapporteren")
    assert "¹" not in portal["text"]
    assert "Topvrouwenwet vallen" in portal["text"]
    footnotes = [r for r in portal["references"] if r["kind"] == "footnote"]
    assert [f["label"] for f in footnotes] == [
        "Wet Evenwichtiger verhouding tussen mannen en vrouwen in bestuur en raad van "
        "commissarissen"
    ]
    for rs in records.values():
        for r in rs:
            assert "Wet Evenwichtiger verhouding" not in r["text"]
            assert "In december 2023 ontvangt de Kamer" not in r["text"]
    eu = Document.objects.get().themes.get(
        name__startswith="Inzet op gendergelijkheid, lhbtqi+ en SRGR binnen de EU"
    )
    assert [ref.label[:35] for ref in eu.references.all()] == [
        "In december 2023 ontvangt de Kamer "
    ]


def test_cross_references_point_to_the_other_theme(
    records: dict[str, list[dict[str, Any]]],
) -> None:
    assert "Meer meisjes en vrouwen in bèta, techniek en ICT" not in records
    assert "Techniekpact" not in records
    xrefs = {x.title: x for x in CrossReference.objects.select_related("target", "target_theme")}
    assert set(xrefs) == {
        "Meer meisjes en vrouwen in bèta, techniek en ICT",
        "Techniekpact",
        "Techniekpact Monitor (cijferpublicatie over o.a. keuzegedrag voor technische profielen "
        "en opleidingen in vo/mbo/ho)",
    }
    bèta = xrefs["Meer meisjes en vrouwen in bèta, techniek en ICT"]
    assert bèta.theme.name == "Arbeid"
    assert bèta.target_theme is not None and bèta.target_theme.name == "Onderwijs en media"
    assert bèta.target is not None
    assert bèta.target.title == "Coalitie 'Meer meisjes en vrouwen in bèta, techniek en ICT'"
    # "Techniekpact" points at the Arbeid row spelled "Techniepact".
    assert xrefs["Techniekpact"].target is not None
    assert xrefs["Techniekpact"].target.title == "Techniepact"
    target = one(records, "Techniepact")
    assert [x["theme"] for x in target["cross_references"]] == ["Onderwijs en media"]


def test_unparseable_timing_is_kept_and_reported(seeds: Path) -> None:
    parsed = parse_file(seeds / ANNEX)
    messages = [str(w) for w in parsed.warnings]
    assert any("Is aan de TK-initiatiefnemers" in m and "line 115" in m for m in messages)
