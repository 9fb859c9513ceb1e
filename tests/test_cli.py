"""The command line, run as a user runs it: the `voortgang` console script in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
SAMPLE_2024 = SAMPLES / "bijlage-voortgangsrapportage-2024.txt"
BAD = ROOT / "tests" / "data" / "bad"


def export_json(run_cli: Any) -> list[dict[str, Any]]:
    result = run_cli("export", "records", "--format", "json", check=True)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_help_lists_every_command(run_cli: Any) -> None:
    result = run_cli("--help", check=True)
    for name in ("ingest", "export", "serve", "demo"):
        assert name in result.stdout


def test_ingest_then_reingest_changes_nothing(run_cli: Any) -> None:
    first = run_cli("ingest", str(SAMPLE_2024), check=True)
    assert "added" in first.stdout and SAMPLE_2024.name in first.stdout
    assert "warning:" in first.stdout  # the sample's unparseable timing is reported
    before = export_json(run_cli)
    assert len(before) > 30
    again = run_cli("ingest", str(SAMPLE_2024), check=True)
    assert again.stdout.startswith("unchanged")
    assert export_json(run_cli) == before


def test_ingest_a_directory(run_cli: Any) -> None:
    result = run_cli("ingest", str(SAMPLES), check=True)
    assert result.stdout.count("added") == len(list(SAMPLES.glob("*.txt")))


def test_export_formats(run_cli: Any, tmp_path: Path) -> None:
    run_cli("ingest", str(SAMPLE_2024), check=True)
    records = export_json(run_cli)
    for record in records:
        for field in (
            "uid",
            "kind",
            "title",
            "document",
            "line",
            "theme",
            "subtheme",
            "status",
            "when",
            "due",
            "ongoing",
            "who",
            "ministries",
            "parts",
            "number",
            "text",
            "references",
        ):
            assert field in record
        assert record["document"] == SAMPLE_2024.name
        assert record["kind"] in {"measure", "motion", "commitment"}
    out = tmp_path / "records.csv"
    run_cli("export", "records", "--format", "csv", "--out", str(out), check=True)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["uid"] for r in rows] == [r["uid"] for r in records]
    assert rows[0]["due_start"] == (records[0]["due"] or {}).get("start", "") or ""
    links = run_cli("export", "links", check=True)
    assert json.loads(links.stdout) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty"),
        ("binary.bin", "binary"),
        ("prose.txt", "matches no known format; tried: annex"),
        ("status-7.txt", "status (Stand van zaken) 7 is not in the document's legend"),
        ("missing-column.txt", "expected 5 tab-separated columns"),
        ("truncated.txt", "truncated"),
    ],
)
def test_bad_input_is_refused_and_leaves_the_database_as_it_was(
    run_cli: Any, name: str, message: str
) -> None:
    run_cli("ingest", str(SAMPLE_2024), check=True)
    before = export_json(run_cli)
    # The bad file together with a good, new one: neither is ingested.
    other = SAMPLES / "bijlage-voortgangsrapportage-2023.txt"
    result = run_cli("ingest", str(other), str(BAD / name))
    assert result.returncode == 1
    assert f"error: {name}" in result.stderr
    assert message in result.stderr
    assert "the database is unchanged" in result.stderr
    assert export_json(run_cli) == before


def test_errors_name_the_line(run_cli: Any) -> None:
    result = run_cli("ingest", str(BAD / "status-7.txt"))
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: status-7.txt:")
    assert first.split(":")[2].strip().isdigit()


def test_demo_ingests_the_bundled_samples(run_cli: Any) -> None:
    result = run_cli("demo", "--no-serve", check=True)
    samples = sorted(p.name for p in SAMPLES.glob("*.txt"))
    for name in samples:
        assert name in result.stdout
    assert {r["document"] for r in export_json(run_cli)} == set(samples)
    # The samples are linked too: the 2023 and 2024 annexes share measures.
    assert "Linked the samples" in result.stdout
    links = json.loads(run_cli("export", "links", check=True).stdout)
    assert any(link["kind"] == "same_measure" and link["confirmed"] for link in links)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_a_production_server(run_cli: Any, tmp_path: Path) -> None:
    run_cli("ingest", str(SAMPLE_2024), check=True)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": run_cli.database_url}
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "voortgang"), "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = server = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                    assert resp.status == 200
                    body = resp.read().decode("utf-8")
                    server = resp.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.2)
        assert "gunicorn" in server.lower()
        assert "Verruimen van de werkbonus voor deeltijders" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/voortgang/site.css") as r:
            assert r.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
