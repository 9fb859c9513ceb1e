"""Reports benchmark: the annex as DOCX, PDF and HTML, the other reports, the open-data
exports, and the API's latency for filtered lists.

Ingests the five seed documents in ../shared/seeds into a fresh SQLite database (or, with
`--database-url postgres://…`, a fresh temporary database on that server), then:

- renders the annex of the 2023 seed annex as DOCX, PDF and HTML (`reports.annex.render`)
  `--repeat` times each (after one warm-up) and prints the median and the slowest run, and the
  time to read each rendered file back (`ingest.parse_bytes`, the round trip);
- renders the CEDAW follow-up table (DOCX, HTML) and the open-data exports (JSON, CSV, XLSX);
- requests filtered lists from the API with Django's test client (the whole request in
  process: middleware, ninja, selectors; no network) and prints the median and p95.

Targets (issue 5): DOCX under 1 s, PDF under 5 s, API list under 30 ms median on SQLite.

Rerun: uv run python bench/reports.py [--repeat N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _common import bench_database, percentile

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
ANNEX_SEED = "002_f8a91c7f97a7b53d.txt"

TARGETS_S = {"docx": 1.0, "pdf": 5.0}
API_TARGET_MS = 30.0
API_LISTS = [
    "/api/measures?status=3&ministry=SZW",
    "/api/records?kind=measure&sort=deadline&limit=50",
    "/api/recommendations?ministry=OCW",
    "/api/records?overdue=true",
]


def _timed(make: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    result = make()  # warm-up (templates, fonts, imports)
    timings = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = make()
        timings.append(time.perf_counter() - t0)
    return timings, result


def run(args: argparse.Namespace) -> bool:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "voortgang.settings"
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from voortgang.ingest import parse_bytes
    from voortgang.reports import Export, annex, cedaw, records
    from voortgang.tracker.models import Measure
    from voortgang.tracker.services import documents_ingest

    call_command("migrate", verbosity=0)
    seeds = sorted(p for p in args.seeds.glob("*.txt") if p.is_file())
    t0 = time.perf_counter()
    documents_ingest(paths=seeds)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"# {connection.vendor}: {len(seeds)} seed documents, {Measure.objects.count()} records "
        f"(ingest {time.perf_counter() - t0:.2f} s); {args.repeat} runs each after a warm-up"
    )
    ok = True
    print(f"{'report':34} {'median s':>9} {'max s':>8} {'size':>9} {'read back s':>12}")
    for fmt in ("docx", "pdf", "html"):
        timings, result = _timed(
            lambda fmt=fmt: annex.render(format=fmt, document=ANNEX_SEED), args.repeat
        )
        assert isinstance(result, Export)
        t1 = time.perf_counter()
        parsed = parse_bytes(result.content, name=result.filename)
        back = time.perf_counter() - t1
        median = statistics.median(timings)
        target = TARGETS_S.get(fmt)
        flag = f"  ABOVE TARGET ({target:.0f} s)" if target and median >= target else ""
        ok = ok and not flag
        print(
            f"{'annex ' + fmt:34} {median:9.3f} {max(timings):8.3f} "
            f"{len(result.content) / 1024:8.0f}K {back:12.3f}  "
            f"({len(parsed.records)} rows back){flag}"
        )
    others: dict[str, Callable[[], Export]] = {
        "CEDAW follow-up docx": lambda: cedaw.render(format="docx", document=None),
        "CEDAW follow-up html": lambda: cedaw.render(format="html", document=None),
        "open data json (all records)": lambda: records.render(format="json"),
        "open data csv (all records)": lambda: records.render(format="csv"),
        "open data xlsx (all records)": lambda: records.render(format="xlsx"),
    }
    for name, make in others.items():
        timings, result = _timed(make, args.repeat)
        assert isinstance(result, Export)
        print(
            f"{name:34} {statistics.median(timings):9.3f} {max(timings):8.3f} "
            f"{len(result.content) / 1024:8.0f}K"
        )
    client = Client(HTTP_HOST="localhost")
    # The annex PDF through the site: rendered once per state of the data, then cached;
    # a browser that has it revalidates with its ETag (304).
    from voortgang.tracker.models import Document

    url = f"/documenten/{Document.objects.get(name=ANNEX_SEED).pk}/bijlage.pdf"
    t0 = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - t0
    cached, revalidated = [], []
    for _ in range(args.repeat * 5):
        t0 = time.perf_counter()
        client.get(url)
        cached.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        client.get(url, headers={"If-None-Match": response["ETag"]})
        revalidated.append((time.perf_counter() - t0) * 1000)
    print(
        f"annex pdf on the site: first request {first:.2f} s, then median "
        f"{statistics.median(cached):.1f} ms (cached), {statistics.median(revalidated):.1f} ms "
        f"(304 for its ETag)"
    )
    print(f"{'API list':48} {'median ms':>9} {'p95 ms':>8} {'items':>6}")
    for path in API_LISTS:
        response = client.get(path)
        if response.status_code != 200:
            print(f"{path:48} HTTP {response.status_code}")
            ok = False
            continue
        items = len(response.json().get("items", []))
        timings = []
        for _ in range(args.repeat * 5):
            t0 = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(timings)
        flag = f"  ABOVE TARGET ({API_TARGET_MS:.0f} ms)" if median >= API_TARGET_MS else ""
        ok = ok and not flag
        print(f"{path:48} {median:9.1f} {percentile(timings, 0.95):8.1f} {items:6}{flag}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--database-url", default="", help="a postgres:// server to use instead of SQLite"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    print(
        f"# bench/reports.py — {time.strftime('%Y-%m-%d %H:%M')} — python {sys.version.split()[0]}"
    )
    with bench_database(args.database_url):
        ok = run(args)
    options = [f"--repeat {args.repeat}"] if args.repeat != 5 else []
    options += [f"--database-url {args.database_url}"] if args.database_url else []
    print(f"# rerun: {' '.join(['uv run python bench/reports.py', *options])}")
    print("# all within target" if ok else "# SOME FIGURES ABOVE TARGET")


if __name__ == "__main__":
    main()
