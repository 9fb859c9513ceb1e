"""Search benchmark: latency of `record_search` on a fresh, indexed database.

Ingests the bundled samples and every seed document in ../shared/seeds that an importer
accepts (the others are listed and skipped) into a fresh SQLite database (or, with
`--database-url postgres://…`, a fresh temporary database on that server), indexes them with
`search_index_document`, and times `record_search` (first page of 20, snippets included)
over a set of realistic queries. With `--scale N`, N more copies of the largest accepted
document are added (each a distinct document) to show how latency grows with the corpus.

Rerun: uv run python bench/search.py [--repeat N] [--scale N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from _common import bench_database, percentile

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"

QUERIES = [
    "geweld",
    "veilige steden",
    "loonkloof",
    "transgenderzorg",
    '"gelijke behandeling"',
    "onderwijs discriminatie",
    "vrouwen",
    "maatregelen",
    '"huiselijk geweld"',
    "lhbtiq+ veiligheid",
    "arbeidsmarkt",
    "kinderopvang",
    "conversiehandelingen",
    '"economische zelfstandigheid"',
    "seksuele intimidatie",
    "motie",
    "gemeenten",
    "Caribisch Nederland",
    "diversiteit top",
    "geboorteverlof",
    "financiële onafhankelijkheid",
    "regenboogsteden",
]


def run(args: argparse.Namespace, workdir: Path) -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "voortgang.settings"
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from voortgang.ingest import ParseError, parse_file
    from voortgang.search.selectors import record_search
    from voortgang.search.services import search_index_document
    from voortgang.tracker.services import documents_ingest

    call_command("migrate", verbosity=0)
    candidates = sorted(SAMPLES.glob("*.txt"))
    if args.seeds.exists():
        candidates += sorted(p for p in args.seeds.glob("*") if p.is_file())
    accepted: list[Path] = []
    for path in candidates:
        try:
            parse_file(path)
        except ParseError as exc:
            print(f"# skipped (not parseable yet): {path.name}: {exc.message[:90]}")
            continue
        accepted.append(path)
    if args.scale and accepted:
        largest = max(accepted, key=lambda p: p.stat().st_size)
        data = largest.read_bytes()
        for copy in range(1, args.scale + 1):
            # Trailing blank lines make each copy a distinct document with the same records.
            out = workdir / f"copy-{copy:03}-{largest.name}"
            out.write_bytes(data + b"\n" * copy)
            accepted.append(out)
        print(f"# --scale {args.scale}: {args.scale} copies of {largest.name} added")

    start = time.perf_counter()
    outcomes = documents_ingest(paths=accepted)
    ingested = time.perf_counter() - start
    start = time.perf_counter()
    entries = sum(search_index_document(document=o.document) for o in outcomes)
    indexed = time.perf_counter() - start
    with connection.cursor() as cursor:
        # Planner statistics, as autovacuum (PostgreSQL) would gather them after a bulk load.
        cursor.execute("ANALYZE")
    print(
        f"# {connection.vendor}: {len(outcomes)} documents, {entries} records indexed "
        f"(ingest {ingested:.2f} s, index {indexed:.2f} s)"
    )

    timings: list[float] = []
    print(f"{'query':34} {'total':>6} {'median ms':>10} {'p95 ms':>8}")
    for query in QUERIES:
        record_search(query=query)  # warm-up: the first call pays for query planning
        mine: list[float] = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            page = record_search(query=query, limit=20)
            mine.append((time.perf_counter() - t0) * 1000)
        timings += mine
        print(
            f"{query:34} {page.total:6} {statistics.median(mine):10.2f} "
            f"{percentile(mine, 0.95):8.2f}"
        )
    median = statistics.median(timings)
    p95 = percentile(timings, 0.95)
    verdict = "OK" if median < 50 else "ABOVE TARGET"
    print(
        f"# record_search over {len(QUERIES)} queries × {args.repeat}: median {median:.2f} ms, "
        f"p95 {p95:.2f} ms, max {max(timings):.2f} ms (target: median < 50 ms: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--scale", type=int, default=0, help="add N copies of a document")
    parser.add_argument(
        "--database-url", default="", help="a postgres:// server to use instead of SQLite"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    print(
        f"# bench/search.py — {time.strftime('%Y-%m-%d %H:%M')} — python {sys.version.split()[0]}"
    )
    with bench_database(args.database_url) as workdir:
        run(args, workdir)
    rerun = "uv run python bench/search.py"
    options = [f"--repeat {args.repeat}"] if args.repeat != 20 else []
    options += [f"--scale {args.scale}"] if args.scale else []
    options += [f"--database-url {args.database_url}"] if args.database_url else []
    print(f"# rerun: {' '.join([rerun, *options])}")


if __name__ == "__main__":
    main()
