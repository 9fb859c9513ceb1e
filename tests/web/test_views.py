"""Server-side tests of the public site, on the bundled samples (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from voortgang.tracker import selectors as tracker_selectors
from voortgang.tracker.models import Measure, StatusEntry
from voortgang.tracker.services import documents_ingest
from voortgang.web import selectors

from .pages import PAGE_TYPES

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
WERKBONUS = "Verruimen van de werkbonus voor deeltijders"


@pytest.fixture
def demo(db: None) -> None:
    """The database as ``voortgang demo`` leaves it: every bundled sample ingested."""
    documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    day = dt.date(2025, 1, 1)
    monkeypatch.setattr(selectors, "today", lambda: day)
    monkeypatch.setattr(tracker_selectors, "today", lambda: day)
    return day


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode("utf-8"))


def row_titles(body: str) -> list[str]:
    return re.findall(
        r'<th scope="row" data-label="[^"]*"><a href="/record/[^"]+/">([^<]*)</a>', body
    )


# --- every page type ----------------------------------------------------------------------


def test_every_page_type_renders(demo: None, client: Client) -> None:
    for name in sorted(PAGE_TYPES):
        check_page(client, PAGE_TYPES[name]())


def check_page(client: Client, path: str) -> None:
    body = html(client.get(path))
    assert body.count("<h1") == 1
    assert '<html lang="nl">' in body
    assert '<main id="main"' in body and "<header" in body and "<footer" in body
    # Nothing is loaded from another host: scripts, styles, images, fonts are the app's own.
    assert not re.search(r'<(script|link|img|iframe|source)[^>]+(src|href)="(https?:)?//', body)
    assert "/static/voortgang/vendor/htmx.min.js" in body
    assert '<link rel="icon" href="/static/voortgang/favicon.svg"' in body


def test_static_files_are_served(demo: None, client: Client) -> None:
    for path in (
        "/static/voortgang/site.css",
        "/static/voortgang/vendor/htmx.min.js",
        "/static/voortgang/favicon.svg",
    ):
        response = client.get(path)
        assert response.status_code == 200
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert b"http://" not in content.replace(b"http://www.w3.org", b"")


def test_home_shows_counts_overdue_and_recent(demo: None, client: Client, fixed_today: Any) -> None:
    body = html(client.get("/"))
    assert WERKBONUS in body
    assert "Stand van zaken per thema" in body and "Stand van zaken per ministerie" in body
    # Charts are inline SVG with a title and description, next to a table of the same figures.
    assert body.count('<svg class="chart" role="img"') == 2
    assert "<desc" in body and "<caption" in body
    dashboard = selectors.dashboard()
    assert dashboard.totals.total == Measure.objects.count()
    assert dashboard.totals.overdue == len(
        selectors.record_queryset(selectors.RecordFilters(overdue=True))
    )
    assert sum(t.total for t in dashboard.themes) <= dashboard.totals.total


# --- lists and filters --------------------------------------------------------------------


def test_filters_combine(demo: None, client: Client) -> None:
    body = html(client.get("/overzicht/?kind=measure&status=3&ministry=SZW"))
    titles = row_titles(body)
    assert titles
    expected = [
        m
        for m in selectors.record_rows(selectors.record_queryset())
        if m.measure.kind == "measure"
        and m.entry is not None
        and m.entry.status == 3
        and "SZW" in [x.code for x in m.ministries]
    ]
    assert len(titles) == len(expected)
    assert f"{len(expected)} records gevonden" in body
    # The chosen values are selected in the form.
    assert '<option value="measure" selected>' in body
    assert '<option value="3" selected>' in body
    assert '<option value="SZW" selected>' in body


def test_theme_document_and_due_filters(demo: None, client: Client) -> None:
    body = html(
        client.get(
            "/overzicht/?theme=Arbeid&document=bijlage-voortgangsrapportage-2024.txt"
            "&due_from=2025-01-01&due_to=2025-12-31"
        )
    )
    titles = row_titles(body)
    assert titles
    for row in selectors.record_rows(
        selectors.record_queryset(
            selectors.RecordFilters(
                theme="Arbeid",
                document="bijlage-voortgangsrapportage-2024.txt",
                due_from=dt.date(2025, 1, 1),
                due_to=dt.date(2025, 12, 31),
            )
        )
    ):
        assert row.measure.theme is not None and row.measure.theme.name == "Arbeid"
        assert row.measure.document.name == "bijlage-voortgangsrapportage-2024.txt"
        assert row.entry is not None
        start, end = row.entry.due_start, row.entry.due_end
        assert (end or start) is not None
        assert (end or start) >= dt.date(2025, 1, 1)  # type: ignore[operator]
        assert (start or end) <= dt.date(2025, 12, 31)  # type: ignore[operator]


def test_status_without_value_and_subtheme(demo: None, client: Client) -> None:
    body = html(client.get("/overzicht/?status=geen&kind=result"))
    assert row_titles(body)
    assert "geen stand van zaken" in body
    body = html(client.get("/overzicht/?subtheme=Economische+zelfstandigheid"))
    assert WERKBONUS in body


def test_convenience_lists_fix_the_kind(demo: None, client: Client) -> None:
    for path, kind in [
        ("/maatregelen/", "measure"),
        ("/moties/", "motion"),
        ("/toezeggingen/", "commitment"),
        ("/aanbevelingen/", "recommendation"),
    ]:
        body = html(client.get(path))
        count = Measure.objects.filter(kind=kind).count()
        assert count
        assert f"{count} record" in body
        assert 'name="kind"' not in body  # the kind is fixed by the page


def test_htmx_request_gets_the_partial(demo: None, client: Client) -> None:
    full = html(client.get("/overzicht/?kind=motion"))
    partial = html(client.get("/overzicht/?kind=motion", headers={"HX-Request": "true"}))
    assert "<html" in full and "<html" not in partial
    assert 'id="results"' in full and "<form" not in partial
    assert row_titles(partial) == row_titles(full)
    assert "HX-Request" in client.get("/overzicht/")["Vary"]
    # The address bar gets the canonical URL: empty and invalid values dropped.
    response = client.get(
        "/overzicht/?kind=motion&theme=&status=7&ministry=&sort=bron",
        headers={"HX-Request": "true"},
    )
    assert response["HX-Push-Url"] == "/overzicht/?kind=motion"
    response = client.get("/overzicht/?page=2&theme=", headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == "/overzicht/?page=2"
    # A history restore (htmx cache miss) gets the whole page.
    restored = client.get(
        "/overzicht/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in html(restored)


def test_filter_form_uses_htmx_and_works_without_it(demo: None, client: Client) -> None:
    body = html(client.get("/overzicht/"))
    form = re.search(r'<form class="filters"[^>]*>', body)
    assert form is not None
    assert 'method="get"' in form.group(0) and 'action="/overzicht/"' in form.group(0)
    assert 'hx-get="/overzicht/"' in form.group(0) and 'hx-push-url="true"' in form.group(0)


def test_pagination_keeps_the_filters(demo: None, client: Client) -> None:
    total = Measure.objects.count()
    assert total > 50
    body = html(client.get("/overzicht/?sort=titel&page=2"))
    pages = -(-total // 50)
    assert f"Pagina 2 van {pages}" in body
    links = re.findall(r'<a href="\?([^"]+)"[^>]*rel="(?:prev|next)"', body)
    assert links
    for link in links:
        query = parse_qs(link.replace("&amp;", "&"))
        assert query["sort"] == ["titel"]
    first = row_titles(html(client.get("/overzicht/?sort=titel")))
    second = row_titles(body)
    assert len(first) == 50 and not set(first) & set(second) - {t for t in first if t in second}
    # Past the end: the last page.
    assert f"Pagina {pages} van {pages}" in html(client.get("/overzicht/?page=999"))


def test_sorting(demo: None, client: Client) -> None:
    titles = [m.title for m in selectors.record_queryset(selectors.RecordFilters(sort="titel"))]
    assert titles == sorted(titles) or titles == sorted(titles, key=str)
    due = [
        m.cur_due_end
        for m in selectors.record_queryset(selectors.RecordFilters(sort="deadline"))
        if m.cur_due_end is not None
    ]
    assert due and due == sorted(due)
    late_first = [
        m.cur_due_end
        for m in selectors.record_queryset(selectors.RecordFilters(sort="-deadline"))
        if m.cur_due_end is not None
    ]
    assert late_first == sorted(late_first, reverse=True)
    statuses = [
        m.cur_status
        for m in selectors.record_queryset(selectors.RecordFilters(sort="stand"))
        if m.cur_status is not None
    ]
    assert statuses == sorted(statuses, reverse=True)
    body = html(client.get("/overzicht/?sort=stand"))
    assert '<option value="stand" selected>' in body


BAD_QUERIES = [
    "status=7",
    "ministry=XYZ",
    "due_from=notadate",
    "due_to=2024-13-45",
    "page=abc",
    "page=-3",
    "kind=nonsense",
    "theme=Nope",
    "subtheme=Nope",
    "document=nope.txt",
    "sort=evil",
    "status=7&ministry=XYZ&due_from=notadate&page=abc",
    "page=99999999999999999999999",
    "theme=%00",
]


def test_bad_filter_values_are_reported_not_fatal(demo: None, client: Client) -> None:
    for query in BAD_QUERIES:
        body = html(client.get(f"/overzicht/?{query}"))
        if "page=99999" not in query:
            assert 'class="message error" role="alert"' in body, query
        # The list still shows records: the bad filter was ignored.
        assert row_titles(body), query
    for path in ("/ministeries/SZW/?page=x", "/themas/1/?page=-1", "/zoeken/?q=a&page=0"):
        assert client.get(path).status_code in (200, 404)


def test_bad_filter_message_names_the_value(demo: None, client: Client) -> None:
    body = html(client.get("/overzicht/?status=7&ministry=XYZ&due_from=notadate&page=abc"))
    for value in ("7", "XYZ", "notadate", "abc"):
        assert f"“{value}”" in body


def test_overdue_means_due_period_ended_while_in_progress(
    demo: None, client: Client, fixed_today: dt.date
) -> None:
    rows = selectors.record_rows(selectors.record_queryset())
    overdue = {r.measure.uid for r in rows if r.overdue}
    for r in rows:
        e = r.entry
        expected = bool(e and e.status == 3 and e.due_end and e.due_end < fixed_today)
        assert r.overdue == expected
    werkbonus_2023 = next(
        r for r in rows if r.measure.title == WERKBONUS and "2023" in r.measure.document.name
    )
    assert werkbonus_2023.overdue  # Q1 2024, still "in uitvoering"
    werkbonus_2024 = next(
        r for r in rows if r.measure.title == WERKBONUS and "2024" in r.measure.document.name
    )
    assert not werkbonus_2024.overdue  # completed (4)
    future = [
        r
        for r in rows
        if r.entry and r.entry.status == 3 and r.entry.due_end and r.entry.due_end >= fixed_today
    ]
    assert future and not any(r.overdue for r in future)
    listed = {m.uid for m in selectors.record_queryset(selectors.RecordFilters(overdue=True))}
    assert listed == overdue
    body = html(client.get("/overzicht/?overdue=1"))
    assert len(row_titles(body)) == len(overdue)
    assert body.count(">te laat</span>") == len(overdue)


# --- search -------------------------------------------------------------------------------


def test_search_highlights_snippets(demo: None, client: Client) -> None:
    body = html(client.get("/zoeken/?q=geweld"))
    assert "<mark>" in body
    assert re.search(r"<mark>[^<]*geweld[^<]*</mark>", body, re.IGNORECASE)
    assert "resultaten voor “geweld”" in body or "resultaat voor “geweld”" in body
    partial = html(client.get("/zoeken/?q=geweld", headers={"HX-Request": "true"}))
    assert "<html" not in partial and "<mark>" in partial


def test_search_escapes_the_query_and_handles_odd_input(demo: None, client: Client) -> None:
    body = html(client.get("/zoeken/?q=<script>alert(1)</script>"))
    assert "<script>alert" not in body
    for q in ('"', "*", "AND OR", "x" * 2000, "", "a\x00b", "geweld\x00"):
        html(client.get("/zoeken/", {"q": q}))
    body = html(client.get("/zoeken/?q=geweld&kind=bogus&page=zz"))
    assert 'role="alert"' in body


def test_search_kind_filter_and_paging(demo: None, client: Client) -> None:
    body = html(client.get("/zoeken/?q=motie&kind=motion"))
    assert "<mark>" in body
    body = html(client.get("/zoeken/?q=de&page=3"))  # a stop word: nothing, no error
    assert "Niets gevonden" in body


# --- record, ministry, document, theme pages ----------------------------------------------


def test_record_page_shows_source_timing_and_references(demo: None, client: Client) -> None:
    measure = Measure.objects.filter(references__url__gt="").distinct().first()
    assert measure is not None
    body = html(client.get(f"/record/{measure.uid}/"))
    assert measure.document.name in body
    assert f"regel {measure.line_start}" in body or f"regels {measure.line_start}" in body
    ref = measure.references.exclude(url="").first()
    assert ref is not None
    assert f'href="{ref.url}"' in body
    assert "Stand van zaken per document" in body
    entry = StatusEntry.objects.filter(measure=measure).first()
    if entry and entry.when_raw:
        assert entry.when_raw in body


def test_record_page_of_a_motion_links_where_it_is_mentioned(demo: None, client: Client) -> None:
    motion = Measure.objects.filter(kind="motion", mentioned_in__isnull=False).first()
    assert motion is not None
    body = html(client.get(f"/record/{motion.uid}/"))
    assert "Genoemd in" in body
    for other in motion.mentioned_in.all():
        assert f"/record/{other.uid}/" in body
        other_body = html(client.get(f"/record/{other.uid}/"))
        assert f"/record/{motion.uid}/" in other_body


def test_recommendation_page(demo: None, client: Client) -> None:
    rec = Measure.objects.filter(kind="recommendation").exclude(parts=[]).first()
    assert rec is not None
    body = html(client.get(f"/record/{rec.uid}/"))
    assert f"Aanbeveling {rec.number}" in body
    assert "Delen van het Koninkrijk" in body
    assert "Nog geen maatregelen gekoppeld" in body
    see_also = Measure.objects.filter(see_also__isnull=False).first()
    if see_also is not None:
        assert f"/record/{see_also.see_also.uid}/" in html(  # type: ignore[union-attr]
            client.get(f"/record/{see_also.uid}/")
        )


def test_unknown_things_are_404(demo: None, client: Client) -> None:
    for path in (
        "/record/does-not-exist/",
        "/record/x%00y/",
        "/ministeries/X%00/",
        "/ministeries/XYZ/",
        "/documenten/999999/",
        "/themas/999999/",
    ):
        assert client.get(path).status_code == 404


def test_ministry_page_lists_its_records_and_overdue(
    demo: None, client: Client, fixed_today: dt.date
) -> None:
    body = html(client.get("/ministeries/SZW/"))
    assert "Sociale Zaken" in body
    assert WERKBONUS in body
    overdue = selectors.record_queryset(selectors.RecordFilters(ministry="SZW", overdue=True))
    assert overdue.exists()
    index = html(client.get("/ministeries/"))
    assert 'href="/ministeries/SZW/"' in index


def test_document_page_shows_warnings_and_records(demo: None, client: Client) -> None:
    from voortgang.tracker.models import Document

    document = Document.objects.get(name="cedaw-overzicht-voorbeeld.txt")
    body = html(client.get(f"/documenten/{document.pk}/"))
    assert "Waarschuwingen bij het inlezen" in body
    for warning in document.warnings.all():
        assert warning.message.replace("'", "&#x27;") in body
    assert body.count("/record/") >= document.measures.count()
    index = html(client.get("/documenten/"))
    assert f'href="/documenten/{document.pk}/"' in index


def test_theme_pages(demo: None, client: Client) -> None:
    from voortgang.tracker.models import Theme

    theme = Theme.objects.filter(level=1, measures__isnull=False).first()
    assert theme is not None
    body = html(client.get(f"/themas/{theme.pk}/"))
    assert theme.name in body
    for m in theme.measures.all()[:5]:
        assert f"/record/{m.uid}/" in body
    sub = Theme.objects.filter(level=2, sub_measures__isnull=False).first()
    assert sub is not None
    assert html(client.get(f"/themas/{sub.pk}/"))
    assert f'href="/themas/{theme.pk}/"' in html(client.get("/themas/"))


# --- languages ----------------------------------------------------------------------------


def test_dutch_by_default_even_for_an_english_browser(demo: None, client: Client) -> None:
    body = html(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}))
    assert '<html lang="nl">' in body
    assert "Stand van zaken per thema" in body


def test_language_switch_to_english(demo: None, client: Client) -> None:
    body = html(client.get("/"))
    assert re.search(r'<form class="lang" action="/i18n/setlang/" method="post">', body)
    assert 'name="csrfmiddlewaretoken"' in body
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/overzicht/"})
    assert response.status_code == 302 and response["Location"] == "/overzicht/"
    body = html(client.get("/overzicht/"))
    assert '<html lang="en">' in body
    assert "All records" in body and "Filters" in body and "Stand van zaken" not in body
    # Government texts are not translated.
    assert WERKBONUS in body
    body = html(client.get("/"))
    assert "Status per theme" in body
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert '<html lang="nl">' in html(client.get("/"))


def test_english_by_query_parameter(demo: None, client: Client) -> None:
    body = html(client.get("/overzicht/?lang=en&status=7"))
    assert '<html lang="en">' in body
    assert "Invalid status" in body
    assert '<html lang="nl">' in html(client.get("/overzicht/"))


# --- query counts -------------------------------------------------------------------------


def test_list_pages_do_a_fixed_number_of_queries(
    demo: None, client: Client, django_assert_max_num_queries: Any
) -> None:
    client.get("/")  # warm the session and the ministry registry
    for path in (
        "/overzicht/",
        "/overzicht/?kind=measure&status=3&ministry=SZW&sort=deadline",
        "/overzicht/?page=2",
        "/maatregelen/",
        "/aanbevelingen/",
    ):
        with django_assert_max_num_queries(12):
            html(client.get(path))
    with django_assert_max_num_queries(14):
        html(client.get("/"))
    with django_assert_max_num_queries(8):
        html(client.get("/zoeken/?q=geweld"))


def test_record_pages_do_a_fixed_number_of_queries(
    demo: None, client: Client, django_assert_max_num_queries: Any
) -> None:
    for measure in Measure.objects.order_by("?")[:15]:
        with django_assert_max_num_queries(14):
            html(client.get(f"/record/{measure.uid}/"))
    for path in ("/ministeries/", "/ministeries/SZW/", "/documenten/", "/themas/"):
        with django_assert_max_num_queries(12):
            html(client.get(path))
    from voortgang.tracker.models import Document, Theme

    for document in Document.objects.all():
        with django_assert_max_num_queries(14):
            html(client.get(f"/documenten/{document.pk}/"))
    for theme in Theme.objects.all()[:10]:
        with django_assert_max_num_queries(12):
            html(client.get(f"/themas/{theme.pk}/"))


def test_home_lists_the_werkbonus_with_only_the_2024_annex(db: None, client: Client) -> None:
    """What the CLI's serve test checks on a real server."""
    documents_ingest(paths=[SAMPLES / "bijlage-voortgangsrapportage-2024.txt"])
    assert WERKBONUS in html(client.get("/"))


def test_query_string_survives_a_round_trip(demo: None, client: Client) -> None:
    url = "/overzicht/?kind=measure&theme=Arbeid&status=3&overdue=1&sort=deadline"
    body = html(client.get(url))
    clear = re.search(r'<a href="(/overzicht/)">alle filters wissen</a>', body)
    assert clear is not None
    query = parse_qs(urlsplit(url).query)
    assert query["theme"] == ["Arbeid"]
    assert 'id="f-overdue" name="overdue" type="checkbox" value="1" checked' in body


def test_dashboard_counts_match_the_filtered_lists(demo: None, fixed_today: dt.date) -> None:
    dashboard = selectors.dashboard()
    assert dashboard.ministries and dashboard.themes
    for item in dashboard.ministries:
        for code, n in item.ordered():
            status = -1 if code is None else code
            filters = selectors.RecordFilters(ministry=item.key, status=status)
            assert selectors.record_queryset(filters).count() == n, (item.key, code)
        overdue = selectors.RecordFilters(ministry=item.key, overdue=True)
        assert selectors.record_queryset(overdue).count() == item.overdue
    for item in dashboard.themes:
        assert selectors.record_queryset(selectors.RecordFilters(theme=item.key)).count() == (
            item.total
        )
