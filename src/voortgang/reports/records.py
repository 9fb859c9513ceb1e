"""Open data: every record as JSON (the contract in ``shared/BRIEF.md``) or CSV.

- JSON: an array of record objects, UTF-8, one object per record, keys in contract order.
- CSV: one row per record, UTF-8 with a byte-order mark (so Excel reads the accents), comma
  separated; list fields are joined with ``; ``, ``due`` becomes ``due_start``/``due_end``,
  ``references`` and ``cross_references`` are JSON text.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from voortgang.reports import Export, ExportError
from voortgang.tracker.selectors import RECORD_FIELDS, record_list

FORMATS = ("json", "csv")

CSV_FIELDS = tuple(
    f for field in RECORD_FIELDS for f in (("due_start", "due_end") if field == "due" else (field,))
)


def _csv_row(record: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in record.items():
        if key == "due":
            row["due_start"] = value["start"] if value else ""
            row["due_end"] = value["end"] if value else ""
        elif key in ("references", "cross_references"):
            row[key] = json.dumps(value, ensure_ascii=False) if value else ""
        elif isinstance(value, list):
            row[key] = "; ".join(value)
        elif isinstance(value, bool):
            row[key] = "true" if value else "false"
        elif value is None:
            row[key] = ""
        else:
            row[key] = value
    return row


def render(*, format: str = "json", kind: str | None = None) -> Export:
    """All records (optionally of one kind) in ``format``."""
    records = record_list(kind=kind)
    stem = f"voortgang-records{'-' + kind if kind else ''}"
    if format == "json":
        buf = io.StringIO()
        buf.write("[")
        for i, record in enumerate(records):
            buf.write(",\n" if i else "\n")
            buf.write(json.dumps(record, ensure_ascii=False))
        buf.write("\n]\n")
        return Export(f"{stem}.json", "application/json", buf.getvalue().encode("utf-8"))
    if format == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow(_csv_row(record))
        return Export(f"{stem}.csv", "text/csv", ("\ufeff" + buf.getvalue()).encode("utf-8"))
    raise ExportError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
