"""Reviewing links in a real browser (Playwright + Debian's Chromium) on the real product
server: the demo database linked with ``voortgang link``; the coordinator logs in, accepts one
proposed link and rejects the next with the keyboard only (htmx swaps the link's block and
moves the focus to the next link's first button), reopens a decision; axe-core (WCAG 2.1 A and
AA) on the review page before and after, at desktop and phone width, and on the gap view and
a record page with a merged timeline. A reviewer sees the page without buttons.

The harness is ``tests/web/conftest.py``'s; the server is this module's own, so the decisions
do not change what the public site's browser tests see.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from voortgang.scratchdb import scratch_database
from web.conftest import (  # the public site's browser harness
    DESKTOP,
    MOBILE,
    SCREENSHOTS,
    WebServer,
    browser,  # noqa: F401  (fixture)
    format_violations,
    playwright,  # noqa: F401  (fixture)
    run_axe,
    serving,
)

PASSWORD = "Kwartaal-rapportage-2025"


@pytest.fixture(scope="module")
def link_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """``voortgang demo --no-serve``, ``voortgang link``, two accounts, then ``serve``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    workdir = tmp_path_factory.mktemp("link-server")
    with scratch_database(
        like=os.environ.get("DATABASE_URL", ""), directory=workdir, prefix="voortgang_links"
    ) as database_url:

        def prepare(server: WebServer) -> None:
            server.run("link")
            secret = workdir / "password.txt"
            secret.write_text(PASSWORD + "\n", encoding="utf-8")
            for name, role in (("coco", "coordinator"), ("rita", "reviewer")):
                server.run("createuser", name, "--role", role, "--password-file", str(secret))

        with serving(
            database_url=database_url,
            workdir=workdir,
            secret_prefix="links-browser-",
            prepare=prepare,
        ) as server:
            yield server


def _axe(page: Page, what: str) -> None:
    violations = run_axe(page)
    assert not violations, f"{what} ({page.url}):\n{format_violations(violations)}"
    assert page.locator("h1").count() == 1, what
    name = re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-")
    page.screenshot(path=SCREENSHOTS / f"links-{name}.png", full_page=True)


def _login(page: Page, username: str) -> None:
    response = page.goto("/koppelingen/")
    assert response is not None and "/account/login/" in page.url
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/koppelingen/")


@contextmanager
def _logged_in(chromium: Browser, server: WebServer, username: str) -> Iterator[Page]:
    """A page of a new desktop browser context (Dutch), logged in as ``username``."""
    context = chromium.new_context(base_url=server.base_url, viewport=DESKTOP, locale="nl-NL")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        _login(page, username)
        yield page
    finally:
        context.close()


def _focused(page: Page) -> dict[str, Any]:
    info: dict[str, Any] = page.evaluate(
        """() => { const e = document.activeElement;
                   const block = e.closest('article');
                   return {tag: e.tagName, value: e.value || '', text: e.textContent.trim(),
                           link: block ? block.id : '',
                           outline: getComputedStyle(e).outlineStyle}; }"""
    )
    return info


def _settled(page: Page, link: int) -> None:
    """Wait until the focus is in link ``link``'s block and htmx has settled the swap (its
    new buttons work)."""
    page.wait_for_function(
        f"document.activeElement && document.activeElement.closest('#link-{link}')"
        " && !document.querySelector('.htmx-settling, .htmx-added, .htmx-request')"
    )


def _links(server: WebServer) -> dict[tuple[str, str], dict[str, Any]]:
    exported = json.loads(server.run("export", "links").stdout)
    return {(r["source"], r["target"]): r for r in exported}


def test_review_links_with_the_keyboard(
    browser: Browser,  # noqa: F811
    link_server: WebServer,
) -> None:
    with _logged_in(browser, link_server, "coco") as page:
        _axe(page, "review page")
        articles = page.locator("article.link-review")
        assert articles.count() >= 3
        ids = [articles.nth(i).get_attribute("id") or "" for i in range(3)]
        first, second, third = (int(i.removeprefix("link-")) for i in ids)

        # Tab from the top of the page to the first link's "Accepteren" button.
        page.locator("main").focus()
        for _ in range(60):
            page.keyboard.press("Tab")
            state = _focused(page)
            if state["value"] == "accepted":
                break
        assert state["value"] == "accepted" and state["link"] == f"link-{first}", state
        assert state["outline"] != "none", "the focus is visible"
        page.keyboard.press("Enter")
        # The block is swapped; the focus moves to the next link's first button.
        _settled(page, second)
        assert "laatste besluit door coco" in page.locator(f"#link-{first}").inner_text()
        state = _focused(page)
        assert (state["value"], state["link"]) == ("accepted", f"link-{second}"), state
        page.keyboard.press("Tab")  # → Afwijzen
        state = _focused(page)
        assert (state["value"], state["link"]) == ("rejected", f"link-{second}"), state
        page.keyboard.press("Enter")
        _settled(page, third)
        assert "Afgewezen" in page.locator(f"#link-{second}").inner_text()
        assert _focused(page)["value"] == "accepted"
        _axe(page, "review page after two decisions")

        # Both decisions are stored (the export shows the accepted one confirmed and leaves
        # the rejected one out) and survive re-linking.
        link_server.run("link")
        page.goto("/koppelingen/?status=all")
        assert "Geaccepteerd" in page.locator(f"#link-{first}").inner_text()
        ends = page.locator(f"#link-{first} h4 a")
        source, target = ends.nth(0).get_attribute("href"), ends.nth(1).get_attribute("href")
        assert source and target
        assert "Afgewezen" in page.locator(f"#link-{second}").inner_text()
        # Reopen the rejected one with the keyboard.
        page.locator(f"#link-{second} button[value=proposed]").focus()
        page.keyboard.press("Enter")
        page.wait_for_function(
            f"document.querySelector('#link-{second} button[value=accepted]') !== null"
        )
        assert "Voorgesteld" in page.locator(f"#link-{second}").inner_text()

        page.set_viewport_size(MOBILE)
        page.goto("/koppelingen/")
        _axe(page, "review page phone")
        page.set_viewport_size(DESKTOP)
        # Published analysis: the gap view, a record page with the links.
        page.goto("/hiaten/")
        _axe(page, "gap view")
        # The accepted link on the public record page (timeline or recommendation links).
        page.goto(source)
        assert page.locator(f"main a[href='{target}']").count() >= 1
        _axe(page, "record page with an accepted link")
        # From the record page to the review of its links, and back.
        page.get_by_role("link", name="De koppelingen van deze maatregel beoordelen").click()
        page.wait_for_url("**/koppelingen/?status=all&record=*")
        assert page.locator(f"#link-{first}").count() == 1
        _axe(page, "review page of one record")
        page.locator("#review-record a").first.click()
        page.wait_for_url(f"**{source}")
    exported = _links(link_server)
    assert any(link["confirmed"] for link in exported.values())


def test_a_reviewer_sees_no_buttons_and_cannot_post(
    browser: Browser,  # noqa: F811
    link_server: WebServer,
) -> None:
    with _logged_in(browser, link_server, "rita") as page:
        assert page.locator("article.link-review").count() >= 1
        assert page.locator("button[name=decision]").count() == 0
        _axe(page, "review page reviewer")


def test_link_a_recommendation_by_hand_with_the_keyboard(
    browser: Browser,  # noqa: F811
    link_server: WebServer,
) -> None:
    """From the gap view to the page for linking by hand: search (htmx narrows the table as
    one types), link with the keyboard, land on the record page with the link; axe-core on
    the page at desktop and phone width."""
    with _logged_in(browser, link_server, "coco") as page:
        page.goto("/hiaten/")
        make = page.locator("a[href^='/koppelingen/maken/']").first
        href = make.get_attribute("href")
        assert href
        uid = href.rstrip("/").rsplit("/", 1)[-1]
        page.goto(href)
        _axe(page, "link by hand")
        rows = page.locator("#candidates tbody tr")
        assert rows.count() >= 2
        title = rows.nth(1).locator("td a").first.inner_text()
        word = max(re.findall(r"[A-Za-z]{6,}", title), key=len)

        # Type a word into the search field: htmx swaps the table without a reload.
        page.get_by_label("Zoek in titel en tekst").focus()
        page.keyboard.type(word, delay=20)
        page.wait_for_url(f"**?q={word}")
        page.wait_for_function(
            "document.querySelector('#candidates caption') &&"
            f" document.querySelector('#candidates caption').textContent.includes({word!r})"
        )
        narrowed = page.locator("#candidates tbody tr")
        assert narrowed.count() >= 1
        other = narrowed.nth(0).locator("td a").first.get_attribute("href")
        # Tab to the first "Koppelen" button and press Enter.
        for _ in range(30):
            page.keyboard.press("Tab")
            if _focused(page)["text"].startswith("Koppelen"):
                break
        state = _focused(page)
        assert state["text"].startswith("Koppelen") and state["outline"] != "none", state
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/record/{uid}/#h-timeline")
        assert "Koppeling gemaakt en geaccepteerd." in page.locator("main").inner_text()
        assert page.locator(f"main a[href='{other}']").count() >= 1
        _axe(page, "record page after linking by hand")

        page.set_viewport_size(MOBILE)
        page.goto(href)
        _axe(page, "link by hand phone")
    exported = _links(link_server)
    assert any(target == uid and link["confirmed"] for (_, target), link in exported.items())


def test_link_a_vanished_measure_from_the_gap_view_with_the_keyboard(
    browser: Browser,  # noqa: F811
    link_server: WebServer,
) -> None:
    """The coordinator's gap view suggests, for a vanished measure without a proposal, the
    record of the next document most like it: Tab to its button, Enter, and the page comes
    back with the measure off the list; axe-core at desktop and phone width."""
    with _logged_in(browser, link_server, "coco") as page:
        page.goto("/hiaten/")
        forms = page.locator("section[aria-labelledby=h-vanished] form.inline-form")
        assert forms.count() >= 1
        action = forms.first.get_attribute("action")
        assert action
        uid = action.rstrip("/").rsplit("/", 1)[-1]
        _axe(page, "gap view with suggestions")
        forms.first.locator("button").focus()
        state = _focused(page)
        assert state["text"].startswith("Koppelen") and state["outline"] != "none", state
        page.keyboard.press("Enter")
        page.wait_for_url("**/hiaten/#h-vanished")
        assert "Koppeling gemaakt en geaccepteerd." in page.locator("main").inner_text()
        vanished = page.locator("section[aria-labelledby=h-vanished]")
        assert vanished.locator(f"a[href='/record/{uid}/']").count() == 0
        _axe(page, "gap view after linking a suggestion")
        page.set_viewport_size(MOBILE)
        page.goto("/hiaten/")
        _axe(page, "gap view phone")
    exported = _links(link_server)
    assert any(uid in pair and link["confirmed"] for pair, link in exported.items())


def test_decide_candidates_below_the_floor_with_the_keyboard(
    browser: Browser,  # noqa: F811
    link_server: WebServer,
) -> None:
    """From the review page to the candidates below the floor; Tab to a candidate's
    *Afwijzen*, Enter: the page comes back at the next candidate, without the one set aside,
    and Tab goes on inside the next one; axe-core at desktop and phone width."""
    with _logged_in(browser, link_server, "coco") as page:
        page.get_by_role("link", name="Kandidaten onder de drempel").click()
        page.wait_for_url("**/koppelingen/kandidaten/")
        articles = page.locator("article.link-review")
        assert articles.count() >= 2, "the samples give fewer than two candidates"
        first = articles.nth(0).get_attribute("id")
        second = articles.nth(1).get_attribute("id")
        _axe(page, "candidates below the floor")
        ends = page.locator(f"#{first} h4 a")
        pair = {
            str(ends.nth(i).get_attribute("href")).strip("/").rsplit("/", 1)[-1] for i in (0, 1)
        }
        button = page.locator(f"#{first} button", has_text="Afwijzen")
        button.focus()
        state = _focused(page)
        assert state["text"].startswith("Afwijzen") and state["outline"] != "none", state
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/koppelingen/kandidaten/#{second}-h")
        assert "Vastgelegd: deze twee horen niet bij elkaar." in page.locator("main").inner_text()
        assert page.locator(f"#{first}").count() == 0
        page.keyboard.press("Tab")
        assert _focused(page)["link"] == second
        _axe(page, "candidates after setting one aside")
        page.set_viewport_size(MOBILE)
        page.goto("/koppelingen/kandidaten/")
        _axe(page, "candidates phone")
    # Set aside for good: not proposed by the next `voortgang link` either.
    link_server.run("link")
    assert len(pair) == 2 and all(set(key) != pair for key in _links(link_server))
