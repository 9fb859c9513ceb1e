"""Ingest benchmark: wall time and peak memory of `voortgang ingest` on a fresh SQLite database.

Measures, each in a fresh subprocess (`voortgang ingest`, migrations included, i.e. end to
end as a user runs it):

1. every seed document in ../shared/seeds that an importer recognises (the others are listed);
2. the bundled sample corpus;
3. generated annexes 10× and 100× the size of the annex seed (its tables repeated with
   distinct titles), to show that the cost grows linearly with the size.

Rerun: uv run python bench/ingest.py [--seeds DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
ANNEX_SEED = "002_f8a91c7f97a7b53d.txt"
VOORTGANG = Path(sys.executable).parent / "voortgang"


def _voortgang(args: list[str], db: Path, workdir: Path) -> tuple[float, float]:
    """Run ``voortgang ARGS`` on ``db``; returns (wall seconds, peak RSS MiB of that process)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(VOORTGANG), *args],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"voortgang {' '.join(args)} failed:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024


def run_ingest(paths: list[Path], workdir: Path, *, migrated: bool) -> tuple[float, float]:
    """Ingest ``paths`` into a new SQLite file (schema created first when ``migrated``)."""
    db = workdir / f"bench-{time.monotonic_ns()}.sqlite3"
    if migrated:
        _voortgang(["export", "links"], db, workdir)  # any command creates the schema
    return _voortgang(["ingest", "--quiet", *map(str, paths)], db, workdir)


def recognised(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    sys.path.insert(0, str(ROOT / "src"))
    from voortgang.ingest import ParseError, parse_file

    ok: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for path in paths:
        try:
            parse_file(path)
            ok.append(path)
        except ParseError as exc:
            refused.append((path, exc.message))
    return ok, refused


def scaled_annex(source: Path, factor: int, out: Path) -> int:
    """Write an annex ``factor`` times the size of ``source``; returns its line count."""
    text = source.read_text(encoding="utf-8")
    first = re.search(r"^1\. ", text, re.MULTILINE)
    assert first, "the annex has no numbered theme"
    head, tables = text[: first.start()], text[first.start() :]
    parts = [head]
    for copy in range(1, factor + 1):
        block = re.sub(
            r"^(\d+)\. (.+)$",
            lambda m, c=copy: f"{m.group(1)}. {m.group(2)} {c}",
            tables,
            flags=re.MULTILINE,
        )
        block = re.sub(
            r"^([^\t\n]+)\t(\d)\t",
            lambda m, c=copy: f"{m.group(1)} ({c})\t{m.group(2)}\t",
            block,
            flags=re.MULTILINE,
        )
        parts.append(block)
    out.write_text("".join(parts), encoding="utf-8")
    return out.read_text(encoding="utf-8").count("\n")


def measure(
    label: str, paths: list[Path], workdir: Path, repeat: int, *, migrated: bool = False
) -> float:
    times, peaks = [], []
    for _ in range(repeat):
        seconds, peak = run_ingest(paths, workdir, migrated=migrated)
        times.append(seconds)
        peaks.append(peak)
    median = statistics.median(times)
    size = sum(p.stat().st_size for p in paths)
    summary = (
        f"{label:44} {len(paths):3} file(s) {size / 1024:9.0f} KiB  "
        f"median {median:7.3f} s  (min {min(times):.3f}, max {max(times):.3f})  "
        f"peak RSS {max(peaks):7.1f} MiB"
    )
    print(summary, flush=True)
    return median


def in_process(path: Path, repeat: int) -> None:
    """The ingest proper (parse + store), without process start-up and schema creation."""
    code = (
        "import os, sys, time, tracemalloc, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'voortgang.settings'\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from voortgang.ingest import parse_file\n"
        "from voortgang.tracker.services import document_ingest\n"
        "trace = sys.argv[2] == '1'\n"
        "if trace: tracemalloc.start()\n"
        "t0 = time.perf_counter()\n"
        "parsed = parse_file(sys.argv[1]); t1 = time.perf_counter()\n"
        "document_ingest(parsed=parsed); t2 = time.perf_counter()\n"
        "peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0\n"
        "print(t1 - t0, t2 - t1, peak)\n"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # The last run traces memory (tracemalloc slows Python down, so it is not timed).
        for i in range(repeat + 1):
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/p{i}.sqlite3"}
            out = subprocess.run(
                [sys.executable, "-c", code, str(path), "1" if i == repeat else "0"],
                env=env,
                cwd=tmp,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            rows.append([float(x) for x in out])
    parse = statistics.median(r[0] for r in rows[:-1])
    store = statistics.median(r[1] for r in rows[:-1])
    peak = rows[-1][2]
    print(
        f"{'annex seed, ingest proper (in process)':44}   parse {parse * 1000:5.0f} ms  "
        f"store {store * 1000:5.0f} ms  total {(parse + store) * 1000:5.0f} ms  "
        f"Python heap peak {peak:5.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(
        f"# bench/ingest.py — {time.strftime('%Y-%m-%d %H:%M')} — python {sys.version.split()[0]}"
    )
    print("# each figure: `voortgang ingest` in a subprocess on a fresh SQLite file, end to end")
    # Python caches compiled modules after a first run; where PYTHONDONTWRITEBYTECODE is set
    # (as on this workplace's machines) it would recompile the project's own modules on every
    # start (~0.13 s). Compile them once, as a normal install would have.
    import compileall

    compileall.compile_dir(ROOT / "src", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        seeds = sorted(args.seeds.glob("*")) if args.seeds.exists() else []
        ok, refused = recognised(seeds)
        for path, why in refused:
            print(f"# not parsed yet: {path.name}: {why[:100]}")
        annex = args.seeds / ANNEX_SEED
        base = annex if annex.exists() else sorted(SAMPLES.glob("*.txt"))[-1]
        if annex.exists():
            measure("annex seed, fresh database", [annex], workdir, args.repeat)
            measure(
                "annex seed, database already migrated",
                [annex],
                workdir,
                args.repeat,
                migrated=True,
            )
            in_process(annex, args.repeat)
        if ok:
            measure("every parseable seed", ok, workdir, args.repeat)
        measure("bundled samples", sorted(SAMPLES.glob("*.txt")), workdir, args.repeat)
        results = {}
        for factor in (1, 10, 100):
            out = workdir / f"annex-x{factor}.txt"
            lines = scaled_annex(base, factor, out)
            results[factor] = measure(
                f"generated annex ×{factor} ({lines:,} lines)", [out], workdir, args.repeat
            )
        step_10 = (results[10] - results[1]) / 9
        step_100 = (results[100] - results[10]) / 90
        print(
            f"# linearity: each extra annex-sized copy costs {step_10 * 1000:.0f} ms between ×1 "
            f"and ×10, {step_100 * 1000:.0f} ms between ×10 and ×100 (equal = linear; the "
            f"rest of ×1, {results[1] - step_10:.2f} s, is start-up and migrations)"
        )
    print("# rerun: uv run python bench/ingest.py")


if __name__ == "__main__":
    main()
