"""Site benchmark: server time of every page type of the public site on the five seeds.

Ingests the seed documents in ../shared/seeds that an importer accepts (the others are listed
and skipped) into a fresh SQLite database (or, with `--database-url postgres://…`, a fresh
temporary database on that server), then requests every page type with Django's test client
(the whole request in process: middleware, views, selectors, templates; no network) and prints
the median and p95 over `--repeat` requests each, after one warm-up request. Search is timed
over several queries. With `--samples`, the bundled samples are ingested as well.

Targets (issue 4): every page type under 100 ms median on SQLite; search under 50 ms.

Rerun: uv run python bench/site.py [--repeat N] [--samples] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from _common import bench_database, percentile

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"

SEARCHES = ["geweld", "veilige steden", "loonkloof", '"gelijke behandeling"', "vrouwen", "motie"]
PAGE_TARGET_MS = 100.0
SEARCH_TARGET_MS = 50.0


def _pages() -> dict[str, Callable[[], str]]:
    """Every page type, as a path in the ingested database (the biggest example of each)."""
    from django.db.models import Count

    from voortgang.tracker.models import Document, Measure, Ministry, Theme

    def record(kind: str) -> Callable[[], str]:
        def path() -> str:
            measure = (
                Measure.objects.filter(kind=kind)
                .annotate(n=Count("references"))
                .order_by("-n", "id")
                .first()
            )
            return f"/record/{quote(measure.uid)}/" if measure else ""

        return path

    def ministry() -> str:
        busiest = Ministry.objects.annotate(n=Count("entry_links")).order_by("-n", "code").first()
        return f"/ministeries/{busiest.code}/" if busiest else ""

    def document() -> str:
        biggest = Document.objects.annotate(n=Count("measures")).order_by("-n", "id").first()
        return f"/documenten/{biggest.pk}/" if biggest else ""

    def theme() -> str:
        biggest = Theme.objects.filter(level=1).annotate(n=Count("measures")).order_by("-n").first()
        return f"/themas/{biggest.pk}/" if biggest else ""

    return {
        "home": lambda: "/",
        "records (all, page 1)": lambda: "/overzicht/",
        "records (page 3, by title)": lambda: "/overzicht/?sort=titel&page=3",
        "records (filters combined)": lambda: "/overzicht/?kind=measure&status=3&sort=deadline",
        "records (overdue)": lambda: "/overzicht/?overdue=1",
        "records (htmx partial)": lambda: "/overzicht/?kind=measure#hx",
        "measures": lambda: "/maatregelen/",
        "motions": lambda: "/moties/",
        "commitments": lambda: "/toezeggingen/",
        "recommendations": lambda: "/aanbevelingen/",
        "measure page": record("measure"),
        "motion page": record("motion"),
        "commitment page": record("commitment"),
        "recommendation page": record("recommendation"),
        "ministries": lambda: "/ministeries/",
        "ministry page": ministry,
        "documents": lambda: "/documenten/",
        "document page": document,
        "themes": lambda: "/themas/",
        "theme page": theme,
        "search page (geweld)": lambda: "/zoeken/?q=geweld",
    }


def _time(client: object, path: str, repeat: int) -> tuple[list[float], int]:
    headers = {}
    if path.endswith("#hx"):
        path = path[:-3]
        headers = {"HX-Request": "true"}
    get = client.get  # type: ignore[attr-defined]
    status = get(path, headers=headers).status_code  # warm-up
    timings = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = get(path, headers=headers)
        timings.append((time.perf_counter() - t0) * 1000)
        status = response.status_code
    return timings, status


def run(args: argparse.Namespace) -> bool:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "voortgang.settings"
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from voortgang.ingest import ParseError, parse_file
    from voortgang.search.selectors import record_search
    from voortgang.tracker.services import documents_ingest

    call_command("migrate", verbosity=0)
    candidates = sorted(p for p in args.seeds.glob("*") if p.is_file())
    if args.samples:
        candidates += sorted(SAMPLES.glob("*.txt"))
    accepted: list[Path] = []
    for path in candidates:
        try:
            parse_file(path)
        except ParseError as exc:
            print(f"# skipped (not parseable): {path.name}: {exc.message[:90]}")
            continue
        accepted.append(path)
    start = time.perf_counter()
    outcomes = documents_ingest(paths=accepted)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from voortgang.tracker.models import Measure

    print(
        f"# {connection.vendor}: {len(outcomes)} documents, {Measure.objects.count()} records "
        f"(ingest {time.perf_counter() - start:.2f} s); {args.repeat} requests per page"
    )
    client = Client(HTTP_HOST="localhost")
    ok = True
    print(f"{'page type':30} {'path':58} {'median ms':>9} {'p95 ms':>8}")
    for name, make in _pages().items():
        path = make()
        if not path:
            print(f"{name:30} (nothing of this type in the corpus)")
            continue
        timings, status = _time(client, path, args.repeat)
        median = statistics.median(timings)
        target = SEARCH_TARGET_MS if name.startswith("search") else PAGE_TARGET_MS
        flag = "" if median < target and status == 200 else f"  ABOVE TARGET ({target:.0f} ms)"
        if status != 200:
            flag = f"  HTTP {status}"
        ok = ok and not flag
        shown = path if len(path) <= 58 else path[:55] + "…"
        print(f"{name:30} {shown:58} {median:9.1f} {percentile(timings, 0.95):8.1f}{flag}")
    timings = []
    for query in SEARCHES:
        record_search(query=query)
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            record_search(query=query, limit=20)
            timings.append((time.perf_counter() - t0) * 1000)
    median = statistics.median(timings)
    verdict = "OK" if median < SEARCH_TARGET_MS else "ABOVE TARGET"
    ok = ok and median < SEARCH_TARGET_MS
    print(
        f"# search selector over {len(SEARCHES)} queries × {args.repeat}: median {median:.2f} ms, "
        f"p95 {percentile(timings, 0.95):.2f} ms (target < {SEARCH_TARGET_MS:.0f} ms: {verdict})"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--samples", action="store_true", help="ingest the bundled samples too")
    parser.add_argument(
        "--database-url", default="", help="a postgres:// server to use instead of SQLite"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    print(f"# bench/site.py — {time.strftime('%Y-%m-%d %H:%M')} — python {sys.version.split()[0]}")
    with bench_database(args.database_url):
        ok = run(args)
    options = [f"--repeat {args.repeat}"] if args.repeat != 20 else []
    options += ["--samples"] if args.samples else []
    options += [f"--database-url {args.database_url}"] if args.database_url else []
    print(f"# rerun: {' '.join(['uv run python bench/site.py', *options])}")
    print("# all page types within target" if ok else "# SOME PAGE TYPES ABOVE TARGET")


if __name__ == "__main__":
    main()
