"""A whole reporting round in a real browser (Playwright + Debian's Chromium), on the real
product server (gunicorn) and a database of the suite's engine:

the coordinator opens a round; the SZW editor answers in the browser; the OCW editor answers
by spreadsheet (downloaded and uploaded through the forms); a stale form gives the conflict
page; the coordinator returns SZW's answer with a comment using only the keyboard; the editor
corrects and resubmits; the coordinator accepts both and publishes; the public record page
shows the new status with the old one in its history. axe-core checks every round page
(WCAG 2.1 A and AA: any violation fails).

The harness (Chromium flags, axe-core) is ``tests/web/conftest.py``'s; the server is this
module's own, so that publishing a round does not change the data the public site's browser
tests see.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

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
PEOPLE = {
    "coco": ("coordinator", None),
    "sanne": ("editor", "SZW"),
    "otto": ("editor", "OCW"),
}


@pytest.fixture(scope="module")
def round_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """``voortgang demo --no-serve`` into a fresh database, three accounts, then ``serve``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    workdir = tmp_path_factory.mktemp("round-server")
    with scratch_database(
        like=os.environ.get("DATABASE_URL", ""), directory=workdir, prefix="voortgang_round"
    ) as database_url:

        def accounts(server: WebServer) -> None:
            secret = workdir / "password.txt"
            secret.write_text(PASSWORD + "\n", encoding="utf-8")
            for name, (role, ministry) in PEOPLE.items():
                args = ["createuser", name, "--role", role, "--email", f"{name}@example.nl"]
                if ministry:
                    args += ["--ministry", ministry]
                server.run(*args, "--password-file", str(secret))

        with serving(
            database_url=database_url,
            workdir=workdir,
            secret_prefix="round-browser-",
            prepare=accounts,
        ) as server:
            yield server


class Person:
    """One person in their own browser context (their own session)."""

    def __init__(self, chromium: Browser, server: WebServer, username: str) -> None:
        self.username = username
        self.context: BrowserContext = chromium.new_context(
            base_url=server.base_url, viewport=DESKTOP, locale="nl-NL", accept_downloads=True
        )
        self.context.set_default_timeout(15_000)
        self.page: Page = self.context.new_page()
        self.checked: list[str] = []

    def goto(self, path: str, status: int = 200) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == status, (path, response)

    def axe(self, what: str) -> None:
        """No WCAG 2.1 A/AA violation on the page as it is now; one h1."""
        violations = run_axe(self.page)
        assert not violations, f"{what} ({self.page.url}):\n{format_violations(violations)}"
        assert self.page.locator("h1").count() == 1, what
        self.checked.append(what)
        name = re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-")
        self.page.screenshot(path=SCREENSHOTS / f"round-{name}.png", full_page=True)

    def login(self) -> None:
        self.goto("/account/login/")
        self.axe("login page")
        self.page.get_by_label("Gebruikersnaam").fill(self.username)
        self.page.get_by_label("Wachtwoord").fill(PASSWORD)
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_url("**/ronde/")
        header = self.page.locator("header.site").inner_text()
        assert self.username in header and "Uitloggen" in header

    def close(self) -> None:
        self.context.close()


def _message(page: Page) -> str:
    return page.locator(".messages").inner_text()


def test_a_whole_round_in_the_browser(
    browser: Browser,  # noqa: F811
    round_server: WebServer,
    tmp_path: Path,
) -> None:
    coco = Person(browser, round_server, "coco")
    sanne = Person(browser, round_server, "sanne")
    otto = Person(browser, round_server, "otto")
    try:
        _play(coco, sanne, otto, round_server, tmp_path)
    finally:
        for person in (coco, sanne, otto):
            person.close()


def _play(coco: Person, sanne: Person, otto: Person, server: WebServer, tmp: Path) -> None:
    # Round pages need a login.
    response = coco.page.goto("/ronde/")
    assert response is not None and "/account/login/" in coco.page.url

    # The password-reset pages (the mail goes to the server's console).
    coco.goto("/account/wachtwoord-vergeten/")
    coco.axe("password reset form")
    coco.page.get_by_label("E-mailadres").fill("coco@example.nl")
    coco.page.get_by_role("button", name="Stuur de link").click()
    coco.page.wait_for_url("**/verstuurd/")
    coco.axe("password reset sent")

    # --- the coordinator opens the round ------------------------------------------------------
    coco.login()
    coco.axe("round index")
    coco.page.get_by_role("link", name="Een nieuwe ronde openen").click()
    coco.page.wait_for_url("**/ronde/nieuw/")
    coco.axe("open a round")
    boxes = coco.page.locator('input[name="measures"]')
    assert boxes.count() > 10
    assert coco.page.locator('input[name="measures"]:checked').count() == boxes.count()
    coco.page.get_by_label("Naam van de ronde").fill("Ronde 2025")
    coco.page.get_by_label("Peildatum").fill("2025-01-01")
    coco.page.get_by_label("Uiterste datum").fill("2025-03-01")
    coco.page.get_by_role("button", name="Ronde openen").click()
    coco.page.wait_for_url(re.compile(r"/ronde/\d+/$"))
    assert "De ronde is geopend" in _message(coco.page)
    coco.axe("round dashboard (coordinator)")
    round_url = coco.page.url
    progress = coco.page.locator("#cap-progress").locator("xpath=..")
    assert progress.locator("th[scope=row]", has_text="SZW").count() == 1

    # --- the SZW editor answers in the browser ------------------------------------------------
    sanne.login()
    sanne.page.get_by_role("link", name=re.compile("Naar de open ronde")).click()
    sanne.page.wait_for_url(round_url)
    sanne.axe("worklist (editor)")
    sanne.page.get_by_label("Toestand", exact=True).select_option("untouched")
    sanne.page.get_by_role("button", name="Filter").click()
    sanne.page.wait_for_url(re.compile(r"state=untouched"))
    rows = sanne.page.locator("table.records tbody tr")
    szw_row = rows.filter(has=sanne.page.locator("td", has_text=re.compile(r"^SZW$")))
    assert szw_row.count() > 0
    szw_row.first.locator("th a").click()
    sanne.page.wait_for_url(re.compile(r"/ronde/onderdeel/\d+/$"))
    szw_item_url = sanne.page.url
    uid = sanne.page.locator("a[href^='/record/']").first.inner_text().strip()
    old_status = sanne.page.locator("dt:has-text('Vorige stand van zaken') + dd").inner_text()
    sanne.axe("item form (editor)")
    sanne.page.set_viewport_size(MOBILE)
    sanne.axe("item form (editor, narrow screen)")
    sanne.page.go_back()
    sanne.axe("worklist (editor, narrow screen)")
    sanne.page.go_forward()
    sanne.page.set_viewport_size(DESKTOP)
    # The coordinator has the same item open (version 1): a stale form, for the conflict.
    coco.goto(szw_item_url)
    coco.axe("item page (coordinator, untouched)")
    sanne.page.get_by_label("Stand van zaken").select_option("4")
    sanne.page.get_by_label("Wanneer").fill("Q3 2025")
    # The parsed period follows the typing (htmx).
    preview = sanne.page.locator("#due-preview")
    preview.locator("time[datetime='2025-09-30']").wait_for()
    sanne.page.get_by_label("Toelichting").fill("Afgerond in het derde kwartaal van 2025.")
    sanne.page.get_by_role("button", name="Indienen bij de coördinator").click()
    sanne.page.wait_for_url(szw_item_url)
    assert "ingediend" in _message(sanne.page)

    # --- a stale form: the conflict page shows both versions -------------------------------
    coco.page.get_by_label("Toelichting").fill("Tekst van de coördinator.")
    coco.page.get_by_role("button", name="Concept opslaan").click()
    coco.page.get_by_role("heading", name="Tegelijk gewijzigd").wait_for()
    conflict = coco.page.locator(".conflict").inner_text()
    assert "Afgerond in het derde kwartaal van 2025." in conflict and "sanne" in conflict
    assert "Tekst van de coördinator." in conflict
    coco.axe("conflict page")
    coco.page.get_by_role("link", name="Hun versie houden").click()
    coco.page.wait_for_url(szw_item_url)

    # --- the OCW editor answers by spreadsheet ---------------------------------------------
    otto.login()
    otto.goto(round_url)
    with otto.page.expect_download() as download_info:
        otto.page.get_by_role("link", name="Spreadsheet OCW (.xlsx)").click()
    workbook_path = tmp / "ocw.xlsx"
    download_info.value.save_as(workbook_path)
    ocw_item = _fill_in(workbook_path, "Ingevuld in de spreadsheet van OCW.")
    # First a broken file: the form lists the problem and saves nothing.
    otto.page.get_by_label("Ingevulde spreadsheet (.xlsx)").set_input_files(
        files=[{"name": "kapot.xlsx", "mimeType": "text/plain", "buffer": b"geen spreadsheet"}]
    )
    otto.page.get_by_role("button", name="Spreadsheet inlezen").click()
    otto.page.locator("#upload-errors").wait_for()
    assert "niet ingelezen" in otto.page.locator("#upload-errors").inner_text()
    otto.axe("round page with upload errors")
    otto.page.get_by_label("Ingevulde spreadsheet (.xlsx)").set_input_files(workbook_path)
    otto.page.get_by_role("button", name="Spreadsheet inlezen").click()
    otto.page.wait_for_url(round_url)
    assert "De spreadsheet is ingelezen: 1 onderdeel opgeslagen" in _message(otto.page)
    otto.goto(f"/ronde/onderdeel/{ocw_item}/")
    assert otto.page.get_by_label("Toelichting").input_value() == (
        "Ingevuld in de spreadsheet van OCW."
    )
    otto.page.get_by_role("button", name="Indienen bij de coördinator").click()
    assert "ingediend" in _message(otto.page)

    # --- the coordinator returns SZW's answer, with the keyboard only -----------------------
    coco.goto(szw_item_url)
    coco.axe("item page (coordinator, review)")
    # Returning without a comment: the service's message appears in the review section.
    coco.page.get_by_role("button", name="Terugsturen met opmerking").focus()
    coco.page.keyboard.press("Enter")
    coco.page.locator("#review #form-errors").wait_for()
    assert "toelichting" in coco.page.locator("#review #form-errors").inner_text()
    coco.axe("review with an error (htmx)")
    comment = coco.page.get_by_label(re.compile("Opmerking voor het ministerie"))
    comment.focus()
    coco.page.keyboard.type("Noem ook de datum van de evaluatie.")
    coco.page.keyboard.press("Tab")  # → Accepteren
    focused = coco.page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Accepteren"
    coco.page.keyboard.press("Tab")  # → Terugsturen met opmerking
    focused = coco.page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Terugsturen met opmerking"
    coco.page.keyboard.press("Enter")
    review = coco.page.locator("#review")
    review.locator(".state", has_text="teruggestuurd").wait_for()
    # htmx swapped only the review section and moved the focus to its heading.
    assert coco.page.url == szw_item_url
    coco.page.wait_for_function("document.activeElement.id === 'h-review'")
    coco.axe("item page after return (htmx)")

    # --- the editor corrects and resubmits ---------------------------------------------------
    sanne.goto(szw_item_url)
    assert "Noem ook de datum van de evaluatie." in sanne.page.locator("main").inner_text()
    sanne.page.get_by_label("Toelichting").fill(
        "Afgerond in het derde kwartaal van 2025; de evaluatie volgt op 1 december 2025."
    )
    sanne.page.get_by_role("button", name="Indienen bij de coördinator").click()
    assert "ingediend" in _message(sanne.page)
    sanne.goto(f"/ronde/{round_url.rstrip('/').rsplit('/', 1)[1]}/voorstel/")
    sanne.axe("propose a new measure")
    sanne.goto("/ronde/nieuw/", status=403)  # an editor may not open a round
    assert "Geen toegang" in sanne.page.locator("h1").inner_text()
    sanne.axe("403 page")

    # --- the coordinator accepts both (keyboard) and publishes ---------------------------
    coco.goto(szw_item_url)
    accept = coco.page.get_by_role("button", name="Accepteren")
    accept.focus()
    coco.page.keyboard.press("Space")
    coco.page.locator("#review .state", has_text="geaccepteerd").wait_for()
    # OCW's answer from the round's list: the row's accept button (htmx swaps the row).
    coco.goto(f"{round_url}?state=submitted")
    coco.axe("round dashboard with review buttons")
    row = coco.page.locator(f"#row-{ocw_item}")
    row.get_by_role("button", name=re.compile("^Accepteren")).focus()
    coco.page.keyboard.press("Enter")
    row.locator(".state", has_text="geaccepteerd").wait_for()
    coco.page.wait_for_function(
        f"document.activeElement.closest('tr') && "
        f"document.activeElement.closest('tr').id === 'row-{ocw_item}'"
    )
    coco.goto(round_url)
    coco.page.get_by_label("Toestand", exact=True).select_option("accepted")
    coco.page.get_by_role("button", name="Filter").click()
    coco.page.wait_for_url(re.compile("state=accepted"))
    assert coco.page.locator("table.records tbody tr").count() == 2
    coco.axe("round dashboard filtered")
    coco.page.get_by_role("link", name="Publiceren…").click()
    coco.page.wait_for_url(re.compile(r"/publiceren/$"))
    coco.axe("publish confirmation")
    coco.page.get_by_role("button", name="Ja, publiceren").click()
    coco.page.wait_for_url(round_url)
    assert "gepubliceerd" in _message(coco.page)
    coco.goto(f"/ronde/record/{uid}/audit/")
    trail = coco.page.locator("table.audit").inner_text()
    for action in ("opgeslagen", "ingediend", "teruggestuurd", "geaccepteerd"):
        assert action in trail, action
    coco.axe("audit trail of a measure")

    # --- the public record page: the new status, the old one in the history ----------------
    public = coco.context.browser.new_context(base_url=server.base_url, viewport=DESKTOP)  # type: ignore[union-attr]
    try:
        page = public.new_page()
        response = page.goto(f"/record/{uid}/")
        assert response is not None and response.status == 200
        facts = page.locator("dl.facts").inner_text()
        assert "4 afgerond" in facts and "Q3 2025" in facts
        history = page.locator("ol.timeline").inner_text()
        assert "Rapportageronde Ronde 2025" in history
        assert old_status.strip() in history
        assert len(page.locator("ol.timeline > li").all()) >= 2
        assert "de evaluatie volgt op 1 december 2025" in page.locator("main").inner_text()
    finally:
        public.close()
    assert len(coco.checked + sanne.checked + otto.checked) >= 19


def _fill_in(path: Path, explanation: str) -> int:
    """Write ``explanation`` into the first row of the downloaded workbook; its item id."""
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

    from voortgang.rounds.spreadsheets import SHEET

    workbook: Any = load_workbook(path)
    sheet = workbook[SHEET]
    headers = [cell.value for cell in sheet[1]]
    item = int(sheet.cell(row=2, column=headers.index("Item") + 1).value)
    sheet.cell(row=2, column=headers.index("Toelichting") + 1).value = explanation
    out = io.BytesIO()
    workbook.save(out)
    path.write_bytes(out.getvalue())
    return item
