"""Full-text search over records, against the real database of the suite (SQLite or PostgreSQL).

Records come from the real ingest service on the bundled sample annexes, then
``search_index_document``. Every test runs on both engines (``DATABASE_URL``).
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from voortgang.search.analysis import clean, excerpt, parse_query, stem, stemmed
from voortgang.search.models import SearchEntry
from voortgang.search.selectors import SearchPage, record_search
from voortgang.search.services import search_index_document, search_index_rebuild
from voortgang.tracker.models import Document, Measure
from voortgang.tracker.services import documents_ingest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
SAMPLE_2023 = "bijlage-voortgangsrapportage-2023.txt"
SAMPLE_2024 = "bijlage-voortgangsrapportage-2024.txt"


@pytest.fixture
def indexed(db: None) -> dict[str, Document]:
    """The sample annexes, ingested and indexed; by file name."""
    outcomes = documents_ingest(paths=sorted(SAMPLES.glob("bijlage-*.txt")))
    for outcome in outcomes:
        search_index_document(document=outcome.document)
    return {outcome.name: outcome.document for outcome in outcomes}


def titles(page: SearchPage) -> list[str]:
    return [hit.title for hit in page.hits]


def unmarked(html: str) -> str:
    return re.sub(r"</?mark>", "", html)


# --- the query parser (no database) ------------------------------------------------------


def test_query_parser_keeps_words_and_phrases_and_drops_stop_words() -> None:
    query = parse_query('De maatregelen "gelijke behandeling" van   het  Rijk')
    assert query.words == ("maatregelen", "rijk")
    assert query.phrases == (("gelijke", "behandeling"),)
    assert query.fts5() == '"maatregel" AND "rijk" AND "gelijk behandel"'


@pytest.mark.parametrize(
    "raw",
    ['"', "*", "-", "AND OR", "NEAR(", "a:b", "'", "%", "(", ")", "{x}", "^", "x" * 5000],
)
def test_query_parser_never_emits_operator_syntax(raw: str) -> None:
    expression = parse_query(raw).fts5()
    # Only quoted strings of letters and digits, joined by AND.
    assert re.fullmatch(r'(?:"[^\W_]+(?: [^\W_]+)*"(?: AND "[^\W_]+(?: [^\W_]+)*")*)?', expression)


def test_dutch_stems_conflate_inflections() -> None:
    assert stem("maatregelen") == stem("maatregel")
    assert stem("Steden") == stem("steden")
    assert stem("geïnformeerd") == stem("GEINFORMEERD")
    assert stem("geweld") != stem("wel")  # the classic algorithm keeps the prefix ge-


# --- the engines' own structures ---------------------------------------------------------


@pytest.mark.django_db
def test_the_engine_has_its_full_text_index() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'search_fts%'")
            found = set(cursor.fetchall())
            assert ("table", "search_fts") in found
            for trigger in ("search_fts_insert", "search_fts_delete", "search_fts_update"):
                assert ("trigger", trigger) in found
        else:
            assert connection.vendor == "postgresql"
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'search_searchentry'"
                " AND indexname = 'search_entry_vector_gin'"
            )
            (indexdef,) = cursor.fetchone()
            assert "USING gin (search_vector)" in indexdef
            cursor.execute(
                "SELECT generation_expression FROM information_schema.columns"
                " WHERE table_name = 'search_searchentry' AND column_name = 'search_vector'"
            )
            (expression,) = cursor.fetchone()
            assert "to_tsvector('dutch'::regconfig, title)" in expression


# --- searching ---------------------------------------------------------------------------


def test_every_record_is_indexed_once(indexed: dict[str, Document]) -> None:
    assert SearchEntry.objects.count() == Measure.objects.count() == 42
    entry = SearchEntry.objects.get(
        measure__title="Project Veilig Thuis in de Wijk", document=indexed[SAMPLE_2024]
    )
    assert "huiselijk geweld" in entry.body
    assert entry.kind == "measure"


def test_a_word_finds_its_phrase(indexed: dict[str, Document]) -> None:
    """ "geweld" finds "gendergerelateerd geweld" and "huiselijk geweld"."""
    page = record_search(query="geweld")
    assert page.total == 4
    assert set(titles(page)) == {
        "Equal Futures Charter van de OVSE",  # … sterke taal over gendergerelateerd geweld.
        "Project Veilig Thuis in de Wijk",  # huiselijk geweld (2023 and 2024)
        "Plan van aanpak gendergelijkheid Caribisch Nederland",  # huiselijk geweld
    }
    assert all("<mark>geweld</mark>" in hit.snippet for hit in page.hits)


def test_stemming_finds_other_forms(indexed: dict[str, Document]) -> None:
    # A plural in the query finds the singular in the text: "De maatregel wordt niet voortgezet."
    assert titles(record_search(query="maatregelen")) == [
        "Verkenning deeltijdbonus in de kinderopvang"
    ]
    # A singular finds the plural: "gemeente" → "Gemeenten, politie en …", "met gemeenten".
    page = record_search(query="gemeente")
    assert page.total == 4
    assert all("<mark>gemeenten</mark>" in hit.snippet.lower() for hit in page.hits)
    page = record_search(query="wijken", document_id=indexed[SAMPLE_2024].pk)
    assert titles(page) == ["Project Veilig Thuis in de Wijk"]
    assert page.hits[0].title_html == "Project Veilig Thuis in de <mark>Wijk</mark>"
    # "coördinatoren" and "Coördinator": one stem, accents and case ignored.
    assert set(titles(record_search(query="COORDINATOR"))) == {
        "Versterken van netwerken divers vakmanschap bij de politie",
        "Motie van lid Hendriks d.d. 30 januari 2024 over registratie van discriminatiemeldingen",
    }
    page = record_search(query="geinformeerd")
    assert titles(page) == ["Evaluatie van het aanvullend geboorteverlof"]
    assert "<mark>geïnformeerd</mark>" in page.hits[0].snippet


def test_all_words_must_match(indexed: dict[str, Document]) -> None:
    assert record_search(query="geweld").total == 4
    assert record_search(query="wijk").total == 2
    both = record_search(query="geweld wijk")
    assert titles(both) == ["Project Veilig Thuis in de Wijk"] * 2
    assert record_search(query="geweld camera").total == 0
    # Stop words do not count against a match ("de", "het", "van" are everywhere or nowhere).
    assert record_search(query="het geweld van de wijk").total == 2


def test_quoted_phrase(indexed: dict[str, Document]) -> None:
    phrase = record_search(query='"huiselijk geweld"')
    assert phrase.total == 3
    assert all("<mark>huiselijk</mark> <mark>geweld</mark>" in h.snippet for h in phrase.hits)
    # The same words in another order are not the phrase, but do match as words.
    assert record_search(query='"geweld huiselijk"').total == 0
    assert record_search(query="geweld huiselijk").total == 3
    # A phrase and a word together: both must match.
    assert record_search(query='"huiselijk geweld" wijk').total == 2
    # Typographic quotes work as well.
    assert record_search(query="„huiselijk geweld”").total == 3


def test_title_matches_rank_above_body_matches(indexed: dict[str, Document]) -> None:
    # "Advies over diversiteit in raden van toezicht" has "advies" in its title (and twice in
    # its text); "Wetsvoorstel verbod conversiehandelingen" twice in its text only.
    page = record_search(query="advies")
    assert titles(page) == [
        "Advies over diversiteit in raden van toezicht",
        "Wetsvoorstel verbod conversiehandelingen",
    ]
    assert page.hits[0].rank > page.hits[1].rank
    assert page.hits[0].rank >= 1 > page.hits[1].rank
    # Two titles and a text say "onderzoek": the titles first.
    page = record_search(query="onderzoek")
    in_title = ["<mark>" in hit.title_html for hit in page.hits]
    assert in_title == [True, True, False]
    ranks = [hit.rank for hit in page.hits]
    assert ranks == sorted(ranks, reverse=True)


def test_snippet_marks_the_word_and_escapes_html(db: None, tmp_path: Path) -> None:
    text = (SAMPLES / SAMPLE_2023).read_text(encoding="utf-8")
    text = text.replace(
        "Project Veilig Thuis in de Wijk\t", 'Project "Veilig Thuis" in de Wijk & buurt\t'
    ).replace(
        "Het project loopt tot eind 2024.",
        'Het project & de <script>alert(1)</script> loopt tot eind 2024; kosten < 5 "euro".',
    )
    assert "& buurt" in text and "kosten < 5" in text
    path = tmp_path / "bijlage-met-html.txt"
    path.write_text(text, encoding="utf-8")
    (outcome,) = documents_ingest(paths=[path])
    search_index_document(document=outcome.document)

    page = record_search(query="kosten", document_id=outcome.document.pk)
    (hit,) = page.hits
    assert "<mark>kosten</mark>" in hit.snippet
    assert "&lt; 5" in hit.snippet
    assert "&amp;" in hit.snippet
    rest = unmarked(hit.snippet)
    assert "<" not in rest and ">" not in rest and '"' not in rest
    assert hit.title == 'Project "Veilig Thuis" in de Wijk & buurt'
    assert hit.title_html == "Project &quot;Veilig Thuis&quot; in de Wijk &amp; buurt"

    page = record_search(query="buurt")
    assert page.hits[0].title_html == (
        "Project &quot;Veilig Thuis&quot; in de Wijk &amp; <mark>buurt</mark>"
    )
    # A title-only match still has a snippet: the start of the text, nothing marked.
    assert page.hits[0].snippet.startswith("OCW is medefinancier")
    assert "<mark>" not in page.hits[0].snippet


def test_kind_and_document_filters(indexed: dict[str, Document]) -> None:
    # "gemeenten" occurs in measures and in one motion (uitstapprogramma's voor sekswerkers).
    everything = record_search(query="gemeenten")
    assert {hit.kind for hit in everything.hits} == {"measure", "motion"}
    motions = record_search(query="gemeenten", kind="motion")
    assert titles(motions) == [
        "Motie van lid Jansen d.d. 12 oktober 2023 over uitstapprogramma's voor sekswerkers"
    ]
    assert motions.total == 1
    assert record_search(query="gemeenten", kind="recommendation").total == 0

    doc_2023 = indexed[SAMPLE_2023]
    page = record_search(query="geweld", document_id=doc_2023.pk)
    assert page.total == 1
    assert page.hits[0].document_id == doc_2023.pk
    assert Measure.objects.get(pk=page.hits[0].measure_id).document_id == doc_2023.pk
    assert record_search(query="geweld", document_id=indexed[SAMPLE_2024].pk).total == 3


def test_pagination(indexed: dict[str, Document]) -> None:
    everything = record_search(query="vrouwen", limit=100)
    assert everything.total == len(everything.hits) == 9
    first = record_search(query="vrouwen", limit=4)
    second = record_search(query="vrouwen", limit=4, offset=4)
    third = record_search(query="vrouwen", limit=4, offset=8)
    assert (first.total, second.total, third.total) == (9, 9, 9)
    assert [len(p.hits) for p in (first, second, third)] == [4, 4, 1]
    paged = [hit.measure_id for p in (first, second, third) for hit in p.hits]
    assert paged == [hit.measure_id for hit in everything.hits]
    beyond = record_search(query="vrouwen", limit=4, offset=50)
    assert (beyond.total, beyond.hits) == (9, [])
    assert record_search(query="vrouwen", limit=0).total == 9


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "\t\n",
        '"',
        '""',
        '"geweld',
        "*",
        "gew*",
        "-",
        "-geweld",
        "AND OR",
        "geweld AND",
        "OR geweld",
        "NOT geweld",
        "NEAR(",
        "NEAR(geweld wijk)",
        "a:b",
        "title_stemmed:geweld",
        "{title_stemmed}: geweld",
        "'",
        "geweld'",
        "%",
        "%geweld%",
        "()",
        "geweld)",
        "^geweld",
        "!geweld & | <->",
        "geweld:*",
        "\\",
        "\x00\x01",
        "\ue000geweld\ue001",
        "de het van",
        "geweld " * 2000,
    ],
)
def test_hostile_input_does_not_raise(indexed: dict[str, Document], raw: str) -> None:
    page = record_search(query=raw)
    assert page.total >= 0
    assert len(page.hits) <= page.total
    for hit in page.hits:
        for html in (hit.snippet, hit.title_html):
            rest = unmarked(html)
            assert "<" not in rest and ">" not in rest


def test_empty_queries_find_nothing(indexed: dict[str, Document]) -> None:
    for raw in ("", "   ", "\n", '""', "*", "-", "()", "de het van"):
        assert record_search(query=raw) == SearchPage(total=0, hits=[])


def test_operators_are_words(indexed: dict[str, Document]) -> None:
    # What the user typed around a word is punctuation, not syntax: the word still matches.
    for raw in ("-geweld", "geweld*", "(geweld)", "geweld:", "'geweld'", '"geweld'):
        assert record_search(query=raw).total == 4, raw


def test_reindexing_is_idempotent(indexed: dict[str, Document]) -> None:
    before = record_search(query="vrouwen", limit=100)
    for document in indexed.values():
        assert search_index_document(document=document) == document.measures.count()
        search_index_document(document=document)
    assert SearchEntry.objects.count() == Measure.objects.count()
    assert search_index_rebuild() == Measure.objects.count()
    assert search_index_rebuild() == Measure.objects.count()
    # Ingesting the same files again changes nothing; indexing them again neither.
    for outcome in documents_ingest(paths=sorted(SAMPLES.glob("bijlage-*.txt"))):
        assert outcome.result == "unchanged"
        search_index_document(document=outcome.document)
    after = record_search(query="vrouwen", limit=100)
    ids = [hit.measure_id for hit in after.hits]
    assert len(ids) == len(set(ids)) == after.total == before.total
    assert ids == [hit.measure_id for hit in before.hits]
    assert SearchEntry.objects.count() == Measure.objects.count()


def test_deleting_a_record_removes_it_from_the_index(indexed: dict[str, Document]) -> None:
    """The engine's index follows the entries (on SQLite through the FTS5 triggers)."""
    (hit,) = record_search(query="camera").hits
    SearchEntry.objects.filter(measure_id=hit.measure_id).delete()
    assert record_search(query="camera").total == 0
    search_index_document(document=indexed[SAMPLE_2024])
    assert record_search(query="camera").total == 1


@pytest.mark.seeds
def test_veilige_steden_in_the_annex_seed(db: None, seeds: Path) -> None:
    (outcome,) = documents_ingest(paths=[seeds / "002_f8a91c7f97a7b53d.txt"])
    search_index_document(document=outcome.document)
    page = record_search(query="veilige steden")
    assert page.hits[0].title == "Programma Veilige Steden"
    assert page.hits[0].title_html == "Programma <mark>Veilige</mark> <mark>Steden</mark>"
    assert page.hits[0].rank >= 1
    assert "Programma Veilige Steden" in titles(record_search(query="steden"))
    assert "Programma Veilige Steden" in titles(record_search(query='"veilige steden"'))


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Veilige Steden: de steden zijn verantwoordelijk voor veilige straten.", "veilig steden"),
        ("Coördinatoren & <b>coördinator</b> — één, twéé… ½ ¾ x_y", "coordinator twee"),
        (" ".join(f"woord{i}" for i in range(3000)) + " geweld aan het eind.", "geweld"),
        ("Geweld " + " ".join("vulling" for _ in range(200)) + " huiselijk geweld", "geweld"),
        ("Geen enkele overeenkomst in deze tekst.", "geweld"),
        ("", "geweld"),
    ],
)
def test_excerpt_from_stored_stems_equals_excerpt_from_text(text: str, query: str) -> None:
    """The fast path (stems as the index stores them) gives exactly the slow path's excerpt."""
    text = clean(text)
    stems = parse_query(query).stems
    slow = excerpt(text, stems)
    assert excerpt(text, stems, stemmed_text=stemmed(text)) == slow
    assert len(unmarked(slow).split()) <= 32
    if "geweld" in text.lower() and query == "geweld":
        assert "<mark>" in slow


def test_rebuild_command(indexed: dict[str, Document]) -> None:
    SearchEntry.objects.all().delete()
    assert record_search(query="geweld").total == 0
    out = StringIO()
    call_command("search_rebuild", stdout=out)
    assert "42 record(s)" in out.getvalue()
    assert record_search(query="geweld").total == 4
