"""The project's own checks, as part of the suite: lint, format, types, Django, migrations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "cmd",
    [
        ("ruff", "check", "src", "tests", "bench"),
        ("ruff", "format", "--check", "src", "tests", "bench"),
        ("mypy",),
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_is_clean(cmd: tuple[str, ...]) -> None:
    result = _run(str(BIN / cmd[0]), *cmd[1:])
    assert result.returncode == 0, result.stdout + result.stderr


def test_django_system_checks_and_no_missing_migrations(tmp_path: Path) -> None:
    env_db = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    for args in (("check", "--fail-level", "WARNING"), ("makemigrations", "--check", "--dry-run")):
        result = subprocess.run(
            [str(BIN / "voortgang"), "manage", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={"PATH": str(BIN), "DATABASE_URL": env_db, "HOME": str(tmp_path)},
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
