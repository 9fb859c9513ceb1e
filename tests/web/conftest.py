"""The browser-test harness: the real product server, Debian's Chromium driven by Playwright.

Once per test session:

- a fresh database of the suite's engine (a SQLite file, or a dedicated PostgreSQL database
  created beside ``DATABASE_URL``'s and dropped at the end);
- ``voortgang demo --no-serve`` ingests the bundled samples into it;
- ``voortgang serve --port <free port>`` runs the site on gunicorn in a subprocess;
- the paths of ``tests/web/pages.py``'s ``PAGE_TYPES`` are resolved in a subprocess whose
  ``DATABASE_URL`` is the server's database, so a page function that looks a uid up through the
  selectors sees the same data as the server (and the test process itself never queries it).

Once per test module: Chromium (``/usr/bin/chromium``, installed by ``.ci/run`` or
``apt-get install chromium``), headless, with the flags this machine's closed network needs and
a new empty profile (Playwright's ``launch`` makes one per browser). Playwright's sync API keeps
an asyncio loop running while it is alive, and Django refuses ORM calls under a running loop;
closing the browser at the end of the module keeps the suite's other (database) tests safe.

Per test: a fresh browser context and page; every request the page makes is recorded in
``page.requests`` (see :class:`RecordingPage`).

Screenshots go to ``artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Response,
    ViewportSize,
    sync_playwright,
)

from voortgang.scratchdb import scratch_database

ROOT = Path(__file__).resolve().parents[2]
VOORTGANG = Path(sys.executable).parent / "voortgang"
PAGES_MODULE = Path(__file__).resolve().parent / "pages.py"
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("VOORTGANG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
MOBILE: ViewportSize = {"width": 390, "height": 844}
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class WebServer:
    """The running product server and the database it serves."""

    base_url: str
    database_url: str
    env: dict[str, str]
    workdir: Path
    log: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``voortgang ARGS…`` against the server's database; fail on a non-zero exit."""
        result = subprocess.run(
            [str(VOORTGANG), *args],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            raise AssertionError(f"voortgang {' '.join(args)} failed:\n{result.stderr}")
        return result


@pytest.fixture(scope="session")
def web_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty database of the suite's engine for the browser tests' server."""
    with scratch_database(
        like=os.environ.get("DATABASE_URL", ""),
        directory=tmp_path_factory.mktemp("web-db"),
        prefix="voortgang_web",
    ) as url:
        yield url


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voortgang serve exited ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{url} answered {exc.code}:\n{log.read_text()}") from exc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"voortgang serve did not answer at {url} within 60 s:\n{log.read_text()}")


@contextmanager
def serving(
    *,
    database_url: str,
    workdir: Path,
    secret_prefix: str,
    prepare: Callable[[WebServer], None] | None = None,
) -> Iterator[WebServer]:
    """``voortgang demo --no-serve`` into ``database_url``, then ``prepare(server)`` (extra
    ``voortgang`` commands: accounts, …), then ``voortgang serve`` on a free port until the
    block ends. The production configuration, as a user runs it."""
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("VOORTGANG_DEBUG", None)
    env.setdefault("VOORTGANG_SECRET_KEY", secret_prefix + uuid.uuid4().hex)
    port = _free_port()
    log = workdir / "serve.log"
    server = WebServer(f"http://127.0.0.1:{port}", database_url, env, workdir, log)
    server.run("demo", "--no-serve")
    if prepare is not None:
        prepare(server)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(VOORTGANG), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(f"{server.base_url}/", proc, log)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def web_server(
    web_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebServer]:
    """``voortgang demo --no-serve`` into a fresh database, then ``voortgang serve`` on it."""
    with serving(
        database_url=web_database_url,
        workdir=tmp_path_factory.mktemp("web-server"),
        secret_prefix="browser-tests-",
    ) as server:
        yield server


_RESOLVE = """
import importlib.util, json, os, sys, traceback
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voortgang.settings")
import django
django.setup()
spec = importlib.util.spec_from_file_location("voortgang_test_pages", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
out = {}
for name, function in module.PAGE_TYPES.items():
    try:
        out[name] = {"path": function()}
    except Exception:
        out[name] = {"error": traceback.format_exc()}
print(json.dumps(out))
"""


@pytest.fixture(scope="session")
def page_paths(web_server: WebServer) -> dict[str, dict[str, str]]:
    """``PAGE_TYPES`` resolved against the server's database: name → {"path"} or {"error"}."""
    result = subprocess.run(
        [sys.executable, "-c", _RESOLVE, str(PAGES_MODULE)],
        cwd=web_server.workdir,
        env=web_server.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise AssertionError(f"resolving tests/web/pages.py failed:\n{result.stderr}")
    paths: dict[str, dict[str, str]] = json.loads(result.stdout.strip().splitlines()[-1])
    return paths


@pytest.fixture(scope="session")
def demo_records(web_server: WebServer) -> list[dict[str, Any]]:
    """Every record of the server's database, as ``voortgang export records`` gives them."""
    records: list[dict[str, Any]] = json.loads(web_server.run("export", "records").stdout)
    return records


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists() and shutil.which(CHROMIUM) is None:
        raise RuntimeError(
            f"Chromium is not at {CHROMIUM}: `apt-get install chromium` (.ci/run does it)"
        )
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class Recorded:
    """What one page asked for: every request's URL, and the stylesheets it received."""

    requests: list[str] = field(default_factory=list)
    stylesheet_responses: list[Response] = field(default_factory=list)

    def stylesheets(self) -> dict[str, str]:
        """URL → text of every stylesheet received so far (call while the page is open)."""
        return {r.url: r.text() for r in self.stylesheet_responses if r.ok}


@pytest.fixture
def context(browser: Browser, web_server: WebServer) -> Iterator[BrowserContext]:
    # A Dutch browser, as most of the site's public has: the site's default language.
    context = browser.new_context(base_url=web_server.base_url, viewport=DESKTOP, locale="nl-NL")
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def recorded() -> Recorded:
    return Recorded()


@pytest.fixture
def page(context: BrowserContext, recorded: Recorded) -> Page:
    """A fresh page whose requests (and stylesheet bodies) are recorded in ``recorded``."""
    page = context.new_page()
    page.on("request", lambda request: recorded.requests.append(request.url))

    def on_response(response: Response) -> None:
        if response.request.resource_type == "stylesheet":
            recorded.stylesheet_responses.append(response)

    page.on("response", on_response)
    return page


AXE_OPTIONS = """{
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
}"""


def start_axe(page: Page) -> None:
    """Inject axe-core (vendored, from disk) once and start it; :func:`finish_axe` collects.

    Starting without waiting lets the browser check one page while the test drives another."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    page.evaluate(
        f"() => {{ window.__voortgangAxe = axe.run(document, {AXE_OPTIONS})"
        ".then(r => r.violations); }"
    )


def finish_axe(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations of the axe run :func:`start_axe` started."""
    violations: list[dict[str, Any]] = page.evaluate("async () => await window.__voortgangAxe")
    return violations


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core on the page, now: the WCAG 2.1 A/AA violations."""
    start_axe(page)
    return finish_axe(page)


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)
