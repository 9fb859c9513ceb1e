"""All five seed documents, through the command line, as a user would run it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.seeds

CONTRACT: dict[str, type | tuple[type, ...]] = {
    "uid": str,
    "kind": str,
    "title": str,
    "document": str,
    "line": int,
    "theme": (str, type(None)),
    "subtheme": (str, type(None)),
    "status": (int, type(None)),
    "when": (str, type(None)),
    "due": (dict, type(None)),
    "ongoing": bool,
    "who": (str, type(None)),
    "ministries": list,
    "parts": list,
    "number": (str, type(None)),
    "text": str,
    "references": list,
}


def test_all_seeds_ingest_in_one_run_and_again_change_nothing(run_cli: Any, seeds: Path) -> None:
    files = sorted(str(p) for p in seeds.glob("*.txt"))
    assert len(files) == 5
    first = run_cli("ingest", *files, check=True)
    assert first.stdout.count("added") == 5, first.stdout
    records = json.loads(run_cli("export", "records", check=True).stdout)
    again = run_cli("ingest", *files, check=True)
    assert again.stdout.count("unchanged") == 5
    assert json.loads(run_cli("export", "records", check=True).stdout) == records

    kinds = {r["kind"] for r in records}
    assert {"measure", "motion", "commitment", "recommendation", "result", "challenge"} <= kinds
    assert {r["document"] for r in records} == {Path(f).name for f in files}
    assert len({r["uid"] for r in records}) == len(records)
    for record in records:
        for field, types in CONTRACT.items():
            assert isinstance(record[field], types), (field, record["uid"])
        assert record["title"].strip(), record["uid"]
        assert record["line"] >= 1
        if record["due"] is not None:
            assert set(record["due"]) == {"start", "end"}
        for ref in record["references"]:
            assert set(ref) >= {"label", "dossier", "number", "url", "document"}

    # The 2025 note cites the EU letter (30420, nr. 415), which is in the corpus.
    note = [r for r in records if r["document"] == "001_cc0ade19c8116a3c.txt"]
    cited = {ref["document"] for r in note for ref in r["references"]}
    assert "004_fa7ce9cf57b87bec.txt" in cited
    # Recommendations carry number, parts and ministries.
    recommendations = [r for r in records if r["kind"] == "recommendation"]
    assert all(r["number"] for r in recommendations)
    assert all(r["parts"] for r in recommendations)
