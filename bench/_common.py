"""Helpers shared by the benchmarks (run as scripts: ``uv run python bench/NAME.py``)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def bench_database(database_url: str) -> Iterator[Path]:
    """A fresh database (SQLite, or a new one on ``database_url``'s PostgreSQL server) set as
    ``DATABASE_URL``, with a temporary working directory as the current one; yields that
    directory. Everything is removed afterwards."""
    from voortgang.scratchdb import scratch_database

    with (
        tempfile.TemporaryDirectory() as tmp,
        scratch_database(like=database_url, directory=Path(tmp), prefix="voortgang_bench") as url,
    ):
        os.environ["DATABASE_URL"] = url
        cwd = Path.cwd()
        os.chdir(tmp)  # settings keep a secret-key file in the current directory
        try:
            yield Path(tmp)
        finally:
            os.chdir(cwd)
            from django.db import connections

            connections.close_all()
