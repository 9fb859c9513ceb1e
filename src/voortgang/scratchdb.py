"""Throw-away databases for tests and benchmarks, of the same engine as a given URL.

``scratch_database(like=URL, directory=DIR, prefix=NAME)`` yields the URL of a new, empty
database: a SQLite file in ``DIR`` when ``URL`` is empty or a SQLite URL, otherwise a new
PostgreSQL database on the same server, dropped again afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


@contextmanager
def scratch_database(*, like: str, directory: Path, prefix: str) -> Iterator[str]:
    """A fresh, empty database of ``like``'s engine; PostgreSQL ones are dropped on exit."""
    if not is_postgres(like):
        yield f"sqlite:///{directory / f'{prefix}-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    base, _, _ = like.rpartition("/")
    admin = f"{base}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
