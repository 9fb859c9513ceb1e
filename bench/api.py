"""API benchmark: server time of the REST API's requests on the five seeds and the samples.

Ingests the seed documents in ../shared/seeds that an importer accepts (the others are listed
and skipped) and the bundled samples into a fresh SQLite database (or, with
`--database-url postgres://…`, a fresh temporary database on that server), then requests
every kind of API call with Django's test client (the whole request in process: middleware,
the ETag check, validation, selectors, JSON; no network) and prints the median and p95 over
`--repeat` requests each, after one warm-up request, and the number of queries of each.

Target (issue 5): a filtered list (`/api/measures?status=3&ministry=SZW`) under 30 ms median
on SQLite.

Rerun: uv run python bench/api.py [--repeat N] [--no-samples] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from _common import bench_database, percentile

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"

#: The request the target is about.
FILTERED = "/api/measures?status=3&ministry=SZW"
TARGET_MS = 30.0


def _requests() -> dict[str, Callable[[], str]]:
    """Every kind of API call, as a path in the ingested database."""
    from django.db.models import Count

    from voortgang.tracker.models import Document, Measure

    def record() -> str:
        measure = (
            Measure.objects.filter(kind="measure")
            .annotate(n=Count("references"))
            .order_by("-n", "id")
            .first()
        )
        return f"/api/measures/{quote(measure.uid)}" if measure else ""

    def document() -> str:
        biggest = Document.objects.annotate(n=Count("measures")).order_by("-n", "id").first()
        return f"/api/documents/{biggest.pk}" if biggest else ""

    return {
        "filtered list (the target)": lambda: FILTERED,
        "records, page 1 of 50": lambda: "/api/records",
        "records, 500 per page": lambda: "/api/records?limit=500",
        "records, page 5 by title": lambda: "/api/records?sort=titel&page=5",
        "records, overdue by deadline": lambda: "/api/records?overdue=1&sort=deadline",
        "records, search q=geweld": lambda: "/api/records?q=geweld",
        "recommendations": lambda: "/api/recommendations",
        "measure with history": record,
        "documents": lambda: "/api/documents",
        "document detail": document,
        "themes": lambda: "/api/themes",
        "ministries with counts": lambda: "/api/ministries",
        "references": lambda: "/api/references",
        "links": lambda: "/api/links",
        "conditional (304)": lambda: FILTERED + "#304",
    }


def _time(client: object, path: str, repeat: int) -> tuple[list[float], int, int]:
    from django.db import connection

    get = client.get  # type: ignore[attr-defined]
    headers: dict[str, str] = {}
    if path.endswith("#304"):
        path = path[:-4]
        headers = {"If-None-Match": get(path)["ETag"]}
    status = get(path, headers=headers).status_code  # warm-up
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get(path, headers=headers)
    timings = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = get(path, headers=headers)
        timings.append((time.perf_counter() - t0) * 1000)
        status = response.status_code
    return timings, status, len(queries)


def run(args: argparse.Namespace) -> float:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "voortgang.settings"
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from voortgang.ingest import ParseError, parse_file
    from voortgang.tracker.models import Measure
    from voortgang.tracker.services import documents_ingest

    call_command("migrate", verbosity=0)
    candidates = sorted(p for p in args.seeds.glob("*") if p.is_file())
    if not args.no_samples:
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
    print(
        f"# {connection.vendor}: {len(outcomes)} documents, {Measure.objects.count()} records "
        f"(ingest {time.perf_counter() - start:.2f} s); {args.repeat} requests each"
    )
    client = Client(HTTP_HOST="localhost")
    target = float("nan")
    print(f"{'request':30} {'path':46} {'status':>6} {'queries':>7} {'median ms':>9} {'p95 ms':>8}")
    for name, make in _requests().items():
        path = make()
        if not path:
            print(f"{name:30} (nothing of this type in the corpus)")
            continue
        timings, status, queries = _time(client, path, args.repeat)
        median = statistics.median(timings)
        if path == FILTERED:
            target = median
        shown = path if len(path) <= 46 else path[:43] + "…"
        print(
            f"{name:30} {shown:46} {status:6} {queries:7} {median:9.1f} "
            f"{percentile(timings, 0.95):8.1f}"
        )
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--no-samples", action="store_true", help="the seeds only")
    parser.add_argument(
        "--database-url", default="", help="a postgres:// server to use instead of SQLite"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    print(f"# bench/api.py — {time.strftime('%Y-%m-%d %H:%M')} — python {sys.version.split()[0]}")
    with bench_database(args.database_url):
        median = run(args)
    options = [f"--repeat {args.repeat}"] if args.repeat != 50 else []
    options += ["--no-samples"] if args.no_samples else []
    options += [f"--database-url {args.database_url}"] if args.database_url else []
    verdict = "OK" if median < TARGET_MS else "ABOVE TARGET"
    print(
        f"# filtered list {FILTERED}: median {median:.1f} ms "
        f"(target < {TARGET_MS:.0f} ms: {verdict})"
    )
    print(f"# rerun: {' '.join(['uv run python bench/api.py', *options])}")


if __name__ == "__main__":
    main()
