"""Shared fixtures.

The suite runs against the database in ``DATABASE_URL`` (SQLite by default, PostgreSQL when
given a postgres URL). With ``VOORTGANG_NO_SKIP=1`` (set by ``.ci/run``) a skipped test is a
failure: in CI, every test must really run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from voortgang.scratchdb import scratch_database

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "src" / "voortgang" / "samples"
SEEDS = Path(os.environ.get("VOORTGANG_SEEDS", ROOT.parent / "shared" / "seeds"))
ANNEX_SEED = SEEDS / "002_f8a91c7f97a7b53d.txt"


def _no_skip() -> bool:
    return os.environ.get("VOORTGANG_NO_SKIP") == "1"


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome: Any = yield
    report = outcome.get_result()
    if _no_skip() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but VOORTGANG_NO_SKIP=1 forbids skips: {report.longrepr}"


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not ANNEX_SEED.exists():
        pytest.skip(f"the seed documents are not at {SEEDS} (set VOORTGANG_SEEDS)")
    return SEEDS


@pytest.fixture(scope="session")
def annex_rows(seeds: Path) -> list[list[str]]:
    """The 5-cell rows of the annex seed, HTML tags removed (for coverage checks)."""
    text = (seeds / ANNEX_SEED.name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()]
    return [[re.sub(r"<[^>]+>", "", c) for c in row] for row in rows if len(row) == 5]


@pytest.fixture
def cli_database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of the suite's engine, for running the CLI as a subprocess."""
    with scratch_database(
        like=os.environ.get("DATABASE_URL", ""), directory=tmp_path, prefix="voortgang_cli"
    ) as url:
        yield url


@pytest.fixture
def run_cli(cli_database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run ``voortgang ARGS…`` in a subprocess against a fresh database."""

    def run(*args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DATABASE_URL": cli_database_url}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        result = subprocess.run(
            [str(Path(sys.executable).parent / "voortgang"), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"voortgang {' '.join(args)} failed:\n{result.stderr}")
        return result

    run.database_url = cli_database_url  # type: ignore[attr-defined]
    return run
