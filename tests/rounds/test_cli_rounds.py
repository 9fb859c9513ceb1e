"""The round's commands through the real CLI (a subprocess against a fresh database):
createuser, round open / list / remind / audit."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
PASSWORD = "Kwartaal-rapportage-2025"


def _password_file(tmp_path: Path, password: str = PASSWORD) -> str:
    path = tmp_path / f"pw-{abs(hash(password))}.txt"
    path.write_text(password + "\n", encoding="utf-8")
    return str(path)


def _prompted(run_cli: Any, tmp_path: Path, *args: str, stdin: str) -> Any:
    """``voortgang ARGS…`` with ``stdin`` as its input and no terminal (so the hidden prompt
    reads standard input)."""
    env = {**os.environ, "DATABASE_URL": run_cli.database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [str(Path(sys.executable).parent / "voortgang"), *args],
        cwd=tmp_path,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        start_new_session=True,
    )


def test_createuser_with_a_password_file(run_cli: Any, tmp_path: Path) -> None:
    pw = _password_file(tmp_path)
    result = run_cli(
        "createuser",
        "sanne",
        "--role",
        "editor",
        "--ministry",
        "SZW",
        "--ministry",
        "OCW",
        "--email",
        "sanne@example.nl",
        "--password-file",
        pw,
    )
    assert result.returncode == 0, result.stderr
    assert "created editor sanne for SZW, OCW" in result.stdout
    again = run_cli("createuser", "sanne", "--role", "reviewer", "--password-file", pw)
    assert again.returncode == 1
    assert "error:" in again.stderr and "bestaat al" in again.stderr
    assert "Traceback" not in again.stderr


def test_createuser_refuses_a_weak_password_and_bad_roles(run_cli: Any, tmp_path: Path) -> None:
    weak = run_cli(
        "createuser",
        "piet",
        "--role",
        "reviewer",
        "--password-file",
        _password_file(tmp_path, "123"),
    )
    assert weak.returncode == 1
    lines = [line for line in weak.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) >= 2  # too short and entirely numeric, each on its own line
    assert "Traceback" not in weak.stderr
    # Nothing was created: the same name can be made with a good password.
    good = run_cli(
        "createuser", "piet", "--role", "reviewer", "--password-file", _password_file(tmp_path)
    )
    assert good.returncode == 0, good.stderr
    no_ministry = run_cli(
        "createuser", "els", "--role", "editor", "--password-file", _password_file(tmp_path)
    )
    assert no_ministry.returncode == 1 and "ministerie" in no_ministry.stderr
    unknown = run_cli(
        "createuser",
        "els",
        "--role",
        "editor",
        "--ministry",
        "XYZ",
        "--password-file",
        _password_file(tmp_path),
    )
    assert unknown.returncode == 1 and "XYZ" in unknown.stderr
    bad_role = run_cli("createuser", "els", "--role", "admin")
    assert bad_role.returncode == 2 and "admin" in bad_role.stderr


def test_createuser_prompts_twice_for_the_password(run_cli: Any, tmp_path: Path) -> None:
    mismatch = _prompted(
        run_cli,
        tmp_path,
        "createuser",
        "coco",
        "--role",
        "coordinator",
        stdin=f"{PASSWORD}\niets-anders-2025\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert mismatch.returncode == 0, mismatch.stderr
    assert "do not match" in (mismatch.stdout + mismatch.stderr).lower()
    assert PASSWORD not in mismatch.stdout  # hidden input is not echoed
    assert "created coordinator coco" in mismatch.stdout
    weak = _prompted(
        run_cli, tmp_path, "createuser", "kees", "--role", "coordinator", stdin="kees\nkees\n"
    )
    assert weak.returncode == 1 and "error:" in weak.stderr


def test_round_open_list_remind_and_audit(run_cli: Any, tmp_path: Path) -> None:
    empty = run_cli("round", "list", check=True)
    assert "no rounds yet" in empty.stdout
    none_open = run_cli("round", "remind")
    assert none_open.returncode == 1 and "no open round" in none_open.stderr
    run_cli("ingest", "-q", str(SAMPLES), check=True)
    pw = _password_file(tmp_path)
    for args in (
        ("sanne", "--role", "editor", "--ministry", "SZW", "--email", "sanne@example.nl"),
        ("otto", "--role", "editor", "--ministry", "OCW"),  # no e-mail address
    ):
        run_cli("createuser", *args, "--password-file", pw, check=True)

    bad_date = run_cli("round", "open", "Ronde 2025", "--deadline", "1 maart")
    assert bad_date.returncode == 2
    backwards = run_cli(
        "round", "open", "R", "--deadline", "2024-01-01", "--reference-date", "2025-01-01"
    )
    assert backwards.returncode == 1 and "peildatum" in backwards.stderr

    opened = run_cli(
        "round",
        "open",
        "Ronde 2025",
        "--deadline",
        "2025-03-01",
        "--reference-date",
        "2025-01-01",
        check=True,
    )
    first = opened.stdout.splitlines()[0]
    assert first.startswith("opened round Ronde 2025: ") and "deadline 2025-03-01" in first
    total = int(first.split(": ")[1].split(" ")[0])
    assert total > 20
    per_ministry = dict(
        line.strip().split(": ") for line in opened.stdout.splitlines()[1:] if ": " in line
    )
    assert int(per_ministry["SZW"]) >= 3 and int(per_ministry["OCW"]) >= 3

    twice = run_cli("round", "open", "Nog een", "--deadline", "2025-03-01")
    assert twice.returncode == 1 and "nog open" in twice.stderr

    listed = run_cli("round", "list", check=True)
    row = listed.stdout.strip().split("\t")
    assert row[:4] == ["Ronde 2025", "open", "reference 2025-01-01", "deadline 2025-03-01"]
    assert f"untouched {total}" in row[4] and "accepted 0" in row[4]

    reminded = run_cli("round", "remind", check=True)
    lines = {line.split(":")[0]: line for line in reminded.stdout.splitlines() if ": " in line}
    assert "sent to sanne@example.nl" in lines["SZW"]
    assert f"{per_ministry['SZW']} untouched items" in lines["SZW"]
    assert "not sent" in lines["OCW"]
    # The console mail backend prints the mail itself.
    assert "Subject: Herinnering rapportageronde Ronde 2025" in reminded.stdout
    assert "To: sanne@example.nl" in reminded.stdout
    assert run_cli("round", "remind", "--round", "Bestaat niet").returncode == 1

    out = tmp_path / "audit.csv"
    run_cli("round", "audit", "--out", str(out), check=True)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["action"], r["actor"]) for r in rows] == [
        ("round_open", "system (CLI)"),
        ("reminder_sent", "system (CLI)"),
    ]
    assert json.loads(rows[1]["after"]) == {
        "ministry": "SZW",
        "recipients": ["sanne@example.nl"],
        "items": int(per_ministry["SZW"]),
    }
