"""The public site in a real browser: every page type, and the flows people use.

The harness (server, database, Chromium) is in ``conftest.py``. Every page type registered in
``pages.py`` is opened at desktop and mobile width, checked with axe-core (WCAG 2.1 A and AA:
any violation fails), checked for requests and references to other hosts, and screenshotted
to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Response

from .conftest import (
    DESKTOP,
    LOCAL_HOSTS,
    MOBILE,
    Recorded,
    WebServer,
    finish_axe,
    format_violations,
    start_axe,
)
from .pages import PAGE_TYPES

NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})

# Elements and attributes through which a page loads something (a plain <a href> is a link the
# user may follow, not a resource the page loads).
RESOURCE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "link": ("href", "imagesrcset"),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "base": ("href",),
    "form": ("action",),
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
CSS_IMPORT = re.compile(r"""@import\s+(['"])(.*?)\1""", re.IGNORECASE)


def _is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in NETWORK_SCHEMES and (parts.hostname or "") not in LOCAL_HOSTS


def _css_urls(css: str) -> list[str]:
    return [m.group(2) for m in CSS_URL.finditer(css)] + [
        m.group(2) for m in CSS_IMPORT.finditer(css)
    ]


class _ResourceScanner(HTMLParser):
    """Collects every URL an HTML document loads: resource attributes, inline styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (where, url)
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in RESOURCE_ATTRIBUTES.get(tag, ()):
                urls = (
                    [c.strip().split(" ")[0] for c in value.split(",") if c.strip()]
                    if name.endswith("srcset")
                    else [value]
                )
                self.found.extend((f"<{tag} {name}>", u) for u in urls)
            if name == "style":
                self.found.extend((f"<{tag} style>", u) for u in _css_urls(value))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found.extend(("<style>", u) for u in _css_urls(data))


def external_references(html: str, page_url: str, stylesheets: dict[str, str]) -> list[str]:
    """Every resource that the HTML or its CSS would load from a host other than this one."""
    scanner = _ResourceScanner()
    scanner.feed(html)
    problems = [
        f"{where} {url}" for where, url in scanner.found if _is_external(urljoin(page_url, url))
    ]
    for css_url, css in stylesheets.items():
        problems.extend(
            f"{css_url}: url({url})"
            for url in _css_urls(css)
            if _is_external(urljoin(css_url, url))
        )
    return problems


def _path(page_paths: dict[str, dict[str, str]], name: str) -> str:
    entry = page_paths[name]
    assert "error" not in entry, f"PAGE_TYPES[{name!r}]() failed:\n{entry['error']}"
    path = entry["path"]
    assert path.startswith("/"), f"PAGE_TYPES[{name!r}]() returned {path!r}, not a path"
    return path


def _open(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{path} answered {response.status}"


_FOCUSED = """() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return {tag: el.tagName, href: el.getAttribute('href') || '', text: el.textContent.trim(),
            width: box.width, height: box.height, top: box.top, left: box.left};
}"""
_IS_MAIN = """id => { const t = document.getElementById(id);
    return !!t && (t.tagName === 'MAIN' || t.getAttribute('role') === 'main'
                   || !!t.closest('main') || !!t.querySelector('main')); }"""
_FOCUS_IN_MAIN = """() => { const m = document.querySelector('main, [role=main]');
    return !!m && m.contains(document.activeElement); }"""


def skip_link_problems(page: Page) -> list[str]:
    """Tab from the top of a freshly loaded page: the skip link first, and it leads into main."""
    page.keyboard.press("Tab")
    focused: dict[str, Any] = page.evaluate(_FOCUSED)
    if focused["tag"] != "A" or not focused["href"].startswith("#"):
        return [f"the first Tab focuses {focused}, not a skip link"]
    problems = []
    target = focused["href"][1:]
    if not page.evaluate(_IS_MAIN, target):
        problems.append(f"the skip link points at #{target}, which is not the main content")
    if focused["width"] <= 1 or focused["height"] <= 1 or focused["left"] < 0:
        problems.append(f"the skip link is not visible when focused: {focused}")
    page.keyboard.press("Enter")
    if not page.evaluate(_FOCUS_IN_MAIN):
        where = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        problems.append(f"after the skip link, focus is on {where}, not in <main>")
    return problems


@dataclass
class PageReport:
    """What one visit of a page type found; each test asserts on its own part."""

    path: str
    status: int = 0
    h1: list[str] = field(default_factory=list)
    axe: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # width label → violations
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    skip_link: list[str] = field(default_factory=list)
    error: str | None = None


class _Visit:
    """One visit of a page type in a fresh context, in three steps, so that axe-core can check
    one page while the next one loads and is screenshotted (see :func:`visit_all`):

    1. open it, read its <h1>s, screenshot at desktop width, start axe;
    2. collect axe, screenshot at mobile width, start axe again;
    3. collect axe; Tab from the top (nothing has taken the focus yet: screenshots and axe do
       not); every request it made (late ones included: the steps take over a second) and the
       resources its HTML and CSS would load from elsewhere.
    """

    def __init__(self, browser: Browser, base_url: str, name: str, path: str, shots: Path):
        self.name, self.shots = name, shots
        self.report = PageReport(path)
        self.recorded = Recorded()
        self.html = ""
        self.context = browser.new_context(base_url=base_url, viewport=DESKTOP, locale="nl-NL")
        self.context.set_default_timeout(20_000)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.recorded.requests.append(request.url))
        self.page.on("response", self._on_response)

    def _on_response(self, response: Response) -> None:
        if response.request.resource_type == "stylesheet":
            self.recorded.stylesheet_responses.append(response)

    def _shoot(self, label: str) -> None:
        self.page.screenshot(path=str(self.shots / f"{self.name}-{label}.png"), full_page=True)

    def _step(self, step: Callable[[], None]) -> None:
        if self.report.error is None:
            try:
                step()
            except Exception:
                self.report.error = traceback.format_exc()

    def step1(self) -> None:
        def run() -> None:
            response = self.page.goto(self.report.path)
            assert response is not None, f"no response for {self.report.path}"
            self.report.status = response.status
            self.html = response.text()
            self.report.h1 = [t.strip() for t in self.page.locator("h1").all_inner_texts()]
            self._shoot("desktop")
            start_axe(self.page)

        self._step(run)

    def step2(self) -> None:
        def run() -> None:
            self.report.axe[f"desktop ({DESKTOP['width']} px)"] = finish_axe(self.page)
            self.page.set_viewport_size(MOBILE)
            self._shoot("mobile")
            start_axe(self.page)

        self._step(run)

    def step3(self) -> None:
        def run() -> None:
            self.report.axe[f"mobile ({MOBILE['width']} px)"] = finish_axe(self.page)
            self.page.set_viewport_size(DESKTOP)
            self.report.skip_link = skip_link_problems(self.page)
            self.report.requests = list(self.recorded.requests)
            self.report.external = external_references(
                self.html, self.page.url, self.recorded.stylesheets()
            )

        try:
            self._step(run)
        finally:
            self.context.close()


def visit_all(
    browser: Browser, base_url: str, paths: dict[str, str], shots: Path
) -> dict[str, PageReport]:
    """Visit every page type once, pipelined: step 3 of one, 2 of the next, 1 of the third."""
    visits: list[_Visit] = []
    names = list(paths)
    for i in range(len(names) + 2):
        if 0 <= i - 2 < len(visits):
            visits[i - 2].step3()
        if 0 <= i - 1 < len(visits):
            visits[i - 1].step2()
        if i < len(names):
            visits.append(_Visit(browser, base_url, names[i], paths[names[i]], shots))
            visits[i].step1()
    return {v.name: v.report for v in visits}


@pytest.fixture(scope="module")
def page_reports(
    browser: Browser,
    web_server: WebServer,
    page_paths: dict[str, dict[str, str]],
    screenshots: Path,
) -> Callable[[str], PageReport]:
    """name → the report of the visit of that page type (all are visited on first use)."""
    reports: dict[str, PageReport] = {}

    def get(name: str) -> PageReport:
        if not reports:
            paths = {}
            for each in PAGE_TYPES:
                try:
                    paths[each] = _path(page_paths, each)
                except AssertionError as exc:
                    reports[each] = PageReport("?", error=str(exc))
            reports.update(visit_all(browser, web_server.base_url, paths, screenshots))
        report = reports[name]
        assert report.error is None, f"visiting {name} ({report.path}) failed:\n{report.error}"
        assert report.status == 200, f"{name}: {report.path} answered {report.status}"
        return report

    return get


def test_page_types_are_registered() -> None:
    assert PAGE_TYPES, "tests/web/pages.py registers no page type"


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_renders_with_a_heading(
    page_reports: Callable[[str], PageReport], name: str
) -> None:
    report = page_reports(name)
    assert report.h1, f"{name}: {report.path} has no <h1>"
    assert report.h1[0], f"{name}: {report.path} has an empty <h1>"


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_has_no_axe_violations(
    page_reports: Callable[[str], PageReport], name: str
) -> None:
    report = page_reports(name)
    failures = [f"{label}:\n{format_violations(v)}" for label, v in report.axe.items() if v]
    assert not failures, (
        f"axe-core: WCAG 2.1 A/AA violations on {name} ({report.path}):\n" + "\n".join(failures)
    )


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_loads_nothing_from_another_host(
    page_reports: Callable[[str], PageReport], name: str
) -> None:
    report = page_reports(name)
    requested = [u for u in report.requests if _is_external(u)]
    odd = [u for u in report.requests if urlsplit(u).scheme not in {"http", "https", "data"}]
    assert not requested, f"{name}: {report.path} made requests to other hosts: {requested}"
    assert not odd, f"{name}: {report.path} made requests with unexpected schemes: {odd}"
    assert not report.external, (
        f"{name}: {report.path} references resources on other hosts:\n" + "\n".join(report.external)
    )


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_tab_reaches_the_skip_link_first_and_it_leads_to_main(
    page_reports: Callable[[str], PageReport], name: str
) -> None:
    report = page_reports(name)
    assert not report.skip_link, f"{name} ({report.path}):\n" + "\n".join(report.skip_link)


# The flows people use --------------------------------------------------------------------------


def _assert_stayed_local(recorded: Recorded) -> None:
    """Whatever the flow loaded (htmx fragments included) came from the test server."""
    elsewhere = [u for u in recorded.requests if _is_external(u)]
    assert not elsewhere, f"requests to other hosts: {elsewhere}"


def _main_nav_text(page: Page) -> str:
    return page.locator("header nav").first.inner_text().strip()


def test_language_switch_changes_the_interface_to_english_and_back(
    page: Page, recorded: Recorded
) -> None:
    _open(page, "/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "nl", "the site is not Dutch by default"
    dutch_nav = _main_nav_text(page)
    dutch_h1 = page.locator("h1").first.inner_text().strip()

    page.get_by_role("button", name="English", exact=True).click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert urlsplit(page.url).path == "/", f"the switch left the page: {page.url}"
    english_nav = _main_nav_text(page)
    assert english_nav != dutch_nav, f"the menu is not translated: {english_nav!r}"
    assert page.locator("h1").first.inner_text().strip() != dutch_h1, "the <h1> is not translated"
    # The choice holds on the next page.
    _open(page, "/maatregelen/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert _main_nav_text(page) == english_nav

    page.get_by_role("button", name="Nederlands", exact=True).click()
    page.wait_for_function("document.documentElement.lang === 'nl'")
    assert urlsplit(page.url).path == "/maatregelen/", f"the switch left the page: {page.url}"
    assert _main_nav_text(page) == dutch_nav
    _assert_stayed_local(recorded)


def _record_link_uid(href: str) -> str:
    match = re.search(r"/record/([^/]+)/?$", urlsplit(href).path)
    assert match, f"{href} is not a record page"
    return match.group(1)


def test_following_a_record_from_the_list_shows_its_source_document_and_line(
    page: Page, recorded: Recorded, demo_records: list[dict[str, Any]]
) -> None:
    by_uid = {r["uid"]: r for r in demo_records}
    _open(page, "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Maatregelen", exact=True
    ).click()
    page.wait_for_load_state()
    links = page.locator("#results a[href*='/record/']")
    assert links.count() > 0, f"the list at {page.url} links to no record"
    # A record from the middle of the list, not just the first.
    link = links.nth(links.count() // 2)
    uid = _record_link_uid(link.get_attribute("href") or "")
    record = by_uid[uid]
    link.click()
    page.wait_for_url(re.compile(rf"/record/{re.escape(uid)}/?$"))
    assert page.locator("h1").first.inner_text().strip()
    body = page.locator("main").inner_text()
    assert record["title"][:60] in body, f"the page of {uid} does not show its title"
    assert record["document"] in body, f"the page of {uid} does not name {record['document']}"
    line = record["line"]
    assert re.search(rf"\b(regel|regels|line|lines)\s+{line}\b", body, re.IGNORECASE), (
        f"the page of {uid} does not give its source line {line}"
    )
    _assert_stayed_local(recorded)


def test_searching_a_word_from_the_samples_shows_highlighted_results(
    page: Page, recorded: Recorded
) -> None:
    _open(page, "/")
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("geweld")
    box.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=geweld\b"))
    results = page.locator("main a[href*='/record/']")
    assert results.count() > 0, "searching 'geweld' found nothing"
    marks = [t.strip().lower() for t in page.locator("main mark").all_inner_texts()]
    assert marks, "the search results highlight nothing"
    assert any("geweld" in m for m in marks), f"the highlights miss the word searched: {marks}"
    _assert_stayed_local(recorded)


def _count(page: Page) -> int:
    text = page.locator("#results [role=status]").first.inner_text()
    match = re.search(r"\d[\d.,]*", text)
    assert match, f"no count in {text!r}"
    return int(re.sub(r"[.,]", "", match.group(0)))


def test_filtering_the_list_updates_it_in_place_and_the_query_string(
    page: Page, recorded: Recorded, browser: Browser, web_server: WebServer
) -> None:
    _open(page, "/maatregelen/")
    everything = _count(page)
    assert everything > 0
    page.evaluate("window.__loaded_once = true")
    page.get_by_label("Stand van zaken").select_option("3")
    page.wait_for_url(re.compile(r"[?&]status=3\b"))
    page.wait_for_function(
        "n => { const s = document.querySelector('#results [role=status]');"
        " return s && !s.textContent.includes(String(n)); }",
        arg=everything,
    )
    filtered = _count(page)
    assert 0 < filtered < everything, (filtered, everything)
    assert page.evaluate("window.__loaded_once === true"), "the page reloaded instead of htmx"
    statuses = page.locator("#results tbody tr .status").all_inner_texts()
    assert statuses and all(s.strip().startswith("3") for s in statuses), statuses
    assert urlsplit(page.url).path == "/maatregelen/"
    shared = page.url
    uids = page.locator("#results a[href*='/record/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    _assert_stayed_local(recorded)

    # The shared URL gives the same list, also without JavaScript.
    no_js = browser.new_context(base_url=web_server.base_url, java_script_enabled=False)
    try:
        other = no_js.new_page()
        response = other.goto(shared)
        assert response is not None and response.status == 200
        assert _count(other) == filtered
        assert other.get_by_label("Stand van zaken").input_value() == "3"
        again = other.locator("#results a[href*='/record/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert again == uids
    finally:
        no_js.close()
