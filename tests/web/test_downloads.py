"""The download links of the site's lists: every list page offers its records as CSV, JSON and
XLSX, and the file holds exactly the rows of the (filtered, sorted) list — every page of it."""

from __future__ import annotations

import csv
import datetime as dt
import html as html_lib
import io
import json
import re
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from voortgang.tracker import selectors as tracker_selectors
from voortgang.tracker.models import Document, Theme
from voortgang.tracker.services import documents_ingest
from voortgang.web import selectors

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
PAGE_SIZE = 50
ROW = re.compile(r'<th scope="row" data-label="[^"]*"><a href="/record/([^"]+)/">')
LINK = re.compile(r'<a class="download" href="([^"]+)" download aria-label="([^"]+)">(\w+)</a>')
LABELS = {
    "CSV": "Download deze lijst als CSV",
    "JSON": "Download deze lijst als JSON",
    "XLSX": "Download deze lijst als XLSX (Excel)",
}
KIND_ORDER = ["measure", "motion", "commitment", "recommendation", "result", "challenge"]


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


def body(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode("utf-8"))


def rows_of(text: str, section: str | None) -> list[str]:
    if section is not None:
        text = text.split(f'id="{section}"', 1)[1]
    return [unquote(html_lib.unescape(uid)) for uid in ROW.findall(text)]


def page_uids(client: Client, path: str, *, section: str | None = None) -> list[str]:
    """The uids of a list's rows, over all its pages, in the order shown."""
    uids: list[str] = []
    separator = "&" if "?" in path else "?"
    for number in range(1, 100):
        rows = rows_of(body(client.get(f"{path}{separator}page={number}")), section)
        if not rows or rows[0] in uids:
            break
        uids.extend(rows)
        if len(rows) < PAGE_SIZE:
            break
    return uids


def download_links(text: str) -> dict[str, str]:
    """The page's download links: format -> href; with their accessible labels checked."""
    links = {}
    for href, label, visible in LINK.findall(text):
        assert label == LABELS[visible]
        assert visible in label  # the visible text is part of the accessible name
        links[visible] = html_lib.unescape(href)
    assert set(links) == {"CSV", "JSON", "XLSX"}
    for fmt, href in links.items():
        assert urlsplit(href).path == f"/export/records.{fmt.lower()}"
    return links


def downloaded_uids(client: Client, href: str, fmt: str) -> tuple[list[str], list[str]]:
    """The uids of a downloaded file in file order, and the kinds in the same order."""
    response = client.get(href)
    assert response.status_code == 200, (href, response.status_code)
    assert response["Content-Disposition"].startswith("attachment; filename=")
    if fmt == "CSV":
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        return [r["uid"] for r in rows], [r["kind"] for r in rows]
    if fmt == "JSON":
        records = json.loads(response.content)
        return [r["uid"] for r in records], [r["kind"] for r in records]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[0] == "README"
    uids, kinds = [], []
    for ws in wb.worksheets[1:]:
        assert ws.title in KIND_ORDER
        for uid, kind in ws.iter_rows(min_row=2, max_col=2, values_only=True):
            uids.append(uid)
            kinds.append(kind)
    return uids, kinds


def assert_downloads_match(client: Client, text: str, expected: list[str]) -> None:
    links = download_links(text)
    json_uids, kinds = downloaded_uids(client, links["JSON"], "JSON")
    assert json_uids == expected
    assert downloaded_uids(client, links["CSV"], "CSV")[0] == expected
    # The workbook has one sheet per kind: the list's rows grouped by kind, order kept.
    xlsx_uids, xlsx_kinds = downloaded_uids(client, links["XLSX"], "XLSX")
    kind_of = dict(zip(json_uids, kinds, strict=True))
    assert xlsx_uids == sorted(expected, key=lambda uid: KIND_ORDER.index(kind_of[uid]))
    assert xlsx_kinds == [kind_of[uid] for uid in xlsx_uids]


# --- the list pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/overzicht/",
        "/overzicht/?kind=measure&status=3&sort=deadline",
        "/overzicht/?overdue=1",
        "/overzicht/?ministry=SZW",
        "/overzicht/?ministry=OCW&sort=-deadline",
        "/overzicht/?ministry=SZW&overdue=1&sort=titel",
        "/overzicht/?due_from=2024-01-01&due_to=2025-12-31&sort=stand",
        "/overzicht/?status=geen&sort=titel",
        "/maatregelen/",
        "/maatregelen/?ministry=SZW&sort=deadline",
        "/moties/",
        "/toezeggingen/",
        "/aanbevelingen/",
    ],
)
def test_a_list_downloads_exactly_its_rows(
    demo: None, client: Client, fixed_today: dt.date, path: str
) -> None:
    expected = page_uids(client, path)
    assert expected
    assert_downloads_match(client, body(client.get(path)), expected)


def test_the_downloads_cover_every_page_not_only_the_current_one(
    demo: None, client: Client
) -> None:
    everything = page_uids(client, "/overzicht/")
    assert len(everything) > PAGE_SIZE  # more than one page
    second = body(client.get("/overzicht/?page=2"))
    json_uids, _ = downloaded_uids(client, download_links(second)["JSON"], "JSON")
    assert json_uids == everything
    assert "page=" not in download_links(second)["CSV"]


def test_a_list_filtered_on_a_theme_and_a_document(demo: None, client: Client) -> None:
    options = selectors.filter_options()
    checked = 0
    for theme in options.themes[:6]:
        path = f"/overzicht/?theme={theme}"
        expected = page_uids(client, path)
        assert_downloads_match(client, body(client.get(path)), expected)
        checked += bool(expected)
    assert checked >= 3
    name = options.documents[0].name
    path = f"/overzicht/?document={name}&status=3"
    assert_downloads_match(client, body(client.get(path)), page_uids(client, path))


def test_the_links_follow_the_filters_when_htmx_updates_the_list(
    demo: None, client: Client
) -> None:
    fragment = body(client.get("/moties/?sort=titel", headers={"HX-Request": "true"}))
    assert "<html" not in fragment  # only the results region
    links = download_links(fragment)
    assert parse_qs(urlsplit(links["CSV"]).query) == {"kind": ["motion"], "sort": ["titel"]}
    assert_downloads_match(client, fragment, page_uids(client, "/moties/?sort=titel"))
    filtered = body(client.get("/overzicht/?kind=commitment", headers={"HX-Request": "true"}))
    assert parse_qs(urlsplit(download_links(filtered)["XLSX"]).query) == {"kind": ["commitment"]}


def test_invalid_filters_leave_them_out_of_the_links(demo: None, client: Client) -> None:
    text = body(client.get("/overzicht/?status=7&ministry=XYZ&kind=measure"))
    assert parse_qs(urlsplit(download_links(text)["JSON"]).query) == {"kind": ["measure"]}


def test_an_empty_list_offers_no_downloads(demo: None, client: Client) -> None:
    text = body(client.get("/aanbevelingen/?status=4&due_to=1900-01-01"))
    assert "Geen records die aan deze filters voldoen." in text
    assert not LINK.findall(text)


def test_the_links_are_translated(demo: None, client: Client) -> None:
    text = body(client.get("/overzicht/?lang=en"))
    assert 'aria-label="Download this list as CSV"' in text
    assert "Download this list (" in text and "all pages" in text


# --- ministry, document and theme pages -----------------------------------------------------


def test_ministry_pages_download_what_the_ministry_is_responsible_for(
    demo: None, client: Client, fixed_today: dt.date
) -> None:
    codes = [m.code for m, _, _ in selectors.ministry_list()]
    assert "SZW" in codes
    for code in codes:
        path = f"/ministeries/{code}/"
        expected = page_uids(client, path, section="h-all")
        assert expected, code
        assert_downloads_match(client, body(client.get(path)), expected)


def test_document_pages_download_their_records(demo: None, client: Client) -> None:
    for document in Document.objects.order_by("id"):
        path = f"/documenten/{document.pk}/"
        expected = page_uids(client, path, section="h-records")
        assert expected, document.name
        assert_downloads_match(client, body(client.get(path)), expected)


def test_theme_pages_download_exactly_their_records(demo: None, client: Client) -> None:
    themes = list(Theme.objects.order_by("id"))
    assert any(t.level == 2 for t in themes)
    checked = 0
    for theme in themes:
        path = f"/themas/{theme.pk}/"
        text = body(client.get(path))
        expected = page_uids(client, path, section="h-records")
        if not expected:
            assert not LINK.findall(text)
            continue
        json_uids, _ = downloaded_uids(client, download_links(text)["JSON"], "JSON")
        assert json_uids == expected, theme.name
        checked += 1
    assert checked > 10


# --- the export view ------------------------------------------------------------------------


def test_bad_filter_values_are_ignored_and_named_never_an_error(demo: None, client: Client) -> None:
    everything, _ = downloaded_uids(client, "/export/records.json", "JSON")
    href = "/export/records.json?status=7&ministry=XYZ&due_from=notadate&kind=bogus&sort=x"
    response = client.get(href)
    assert response.status_code == 200
    assert [r["uid"] for r in json.loads(response.content)] == everything
    ignored = str(make_header(decode_header(response["X-Ignored-Filters"])))
    for value in ("7", "XYZ", "notadate", "bogus"):
        assert f"“{value}”" in ignored
    xlsx = client.get(href.replace(".json", ".xlsx"))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    facts = {row[0]: row[1] for row in wb["README"].iter_rows(values_only=True) if row[0]}
    assert "XYZ" in facts["Genegeerde filters / Ignored filters"]
    assert facts["Filters"] == "geen: alle records / none: every record"
    for odd in ("?ministry=%00", "?theme=%00&document=%00", "?due_to=2024-02-30", "?overdue=2"):
        assert client.get(f"/export/records.csv{odd}").status_code == 200
    assert "X-Ignored-Filters" not in client.get("/export/records.csv?overdue=1")


@pytest.mark.parametrize(
    "path", ["/export/records.pdf", "/export/records.XLSX", "/export/records.csv/", "/export/"]
)
def test_an_unknown_format_is_not_found(demo: None, client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_files_are_attachments_named_after_the_filters(demo: None, client: Client) -> None:
    query = "kind=measure&status=3&ministry=SZW&overdue=1&sort=deadline"
    for fmt, mimetype in (
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        response = client.get(f"/export/records.{fmt}?{query}")
        assert response["Content-Type"] == mimetype
        assert response["Content-Disposition"] == (
            f'attachment; filename="voortgang-records-measure-stand-3-szw-te-laat.{fmt}"'
        )
    plain = client.get("/export/records.csv")
    assert plain["Content-Disposition"] == 'attachment; filename="voortgang-records.csv"'
    theme = client.get("/export/records.json?theme=Veiligheid&document=x.txt")
    assert theme["Content-Disposition"] == (
        'attachment; filename="voortgang-records-thema-veiligheid.json"'
    )


def test_a_download_costs_a_fixed_number_of_queries(demo: None, client: Client) -> None:
    def queries(href: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            uids, _ = downloaded_uids(client, href, "JSON")
        return len(uids), len(ctx.captured_queries)

    everything = queries("/export/records.json")
    fewer = queries("/export/records.json?ministry=SZW")
    assert everything[0] > 2 * fewer[0] > 0
    assert everything[1] == fewer[1] <= 15


def test_a_filter_value_with_a_line_break_is_named_without_breaking_the_header(
    demo: None, client: Client
) -> None:
    response = client.get("/export/records.json?theme=a%0D%0Ab&ministry=%0A")
    assert response.status_code == 200
    ignored = str(make_header(decode_header(response["X-Ignored-Filters"])))
    assert "a b" in ignored and "\n" not in ignored
