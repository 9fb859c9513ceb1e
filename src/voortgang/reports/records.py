"""Open data: every record — or exactly the records of a filtered list — as JSON (the contract
in ``shared/BRIEF.md``), CSV or XLSX.

- JSON: an array of record objects, UTF-8, one object per record, keys in contract order.
- CSV: one row per record, UTF-8 with a byte-order mark (so Excel reads the accents), comma
  separated; list fields are joined with ``; ``, ``due`` becomes ``due_start``/``due_end``,
  ``references`` and ``cross_references`` are JSON text.
- XLSX: the CSV's columns, typed (numbers, real dates, booleans), one sheet per kind after a
  README sheet that describes every column (:data:`COLUMNS`, which also feeds the XLSX
  section of ``docs/records.md``), the source, the filters and the licence.

``filters`` (a :class:`~voortgang.tracker.selectors.RecordFilters`, as the site's lists
parse them) restricts the export to exactly the records of that list, in its order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from voortgang.reports import Export, ExportError
from voortgang.tracker.selectors import (
    DEFAULT_SORT,
    RECORD_FIELDS,
    RecordFilters,
    record_list,
)

FORMATS = ("json", "csv", "xlsx")
MIMETYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

CSV_FIELDS = tuple(
    f for field in RECORD_FIELDS for f in (("due_start", "due_end") if field == "due" else (field,))
)

#: The sheets of the XLSX export, in this order (only kinds present get a sheet; a kind not
#: listed here comes last): kind -> (Dutch, English) name.
KIND_SHEETS: dict[str, tuple[str, str]] = {
    "measure": ("maatregelen", "measures"),
    "motion": ("moties", "motions"),
    "commitment": ("toezeggingen", "commitments"),
    "recommendation": ("aanbevelingen", "recommendations"),
    "result": ("resultaten", "results"),
    "challenge": ("uitdagingen", "challenges"),
}

#: Column types: key -> (Dutch, English) name as the README sheet and the docs show them.
TYPES: dict[str, tuple[str, str]] = {
    "text": ("tekst", "text"),
    "int": ("geheel getal", "integer"),
    "date": ("datum", "date"),
    "bool": ("ja/nee", "boolean"),
    "list": ("lijst, gescheiden door “; ”", "list, joined with “; ”"),
    "refs": ("tekst: verwijzingen, gescheiden door “; ”", "text: references, joined with “; ”"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nl: str
    en: str


#: Every column of the CSV and XLSX exports, in order, with its type and a Dutch and an
#: English description: the one place the README sheet and docs/records.md take them from.
COLUMNS: tuple[Column, ...] = (
    Column(
        "uid",
        "text",
        "Vaste code van het record; blijft gelijk bij opnieuw inlezen.",
        "Stable identifier of the record; the same after re-ingesting.",
    ),
    Column(
        "kind",
        "text",
        "Soort: measure (maatregel), motion (motie), commitment (toezegging), "
        "recommendation (aanbeveling), result (resultaat), challenge (uitdaging).",
        "Kind: measure, motion, commitment, recommendation, result, challenge.",
    ),
    Column(
        "title",
        "text",
        "Naam van de maatregel, titel van de motie, tekst van de aanbeveling.",
        "The measure's name, the motion's title, the recommendation's text.",
    ),
    Column("document", "text", "Bestandsnaam van het brondocument.", "The source file's name."),
    Column(
        "line",
        "int",
        "Regel (bij PDF: pagina) waar het record in de bron begint.",
        "1-based line (page, for PDF) where the record starts in its source.",
    ),
    Column(
        "line_end",
        "int",
        "Laatste regel van het record in de bron.",
        "Last line of the record in its source.",
    ),
    Column("theme", "text", "Thema, zoals de bron groepeert.", "Theme, as the source groups it."),
    Column(
        "subtheme",
        "text",
        "Subthema, zoals de bron groepeert (rijen onder “MOTIES”: Moties).",
        "Sub-theme, as the source groups it (rows in a “MOTIES” block: Moties).",
    ),
    Column(
        "status",
        "int",
        "Stand van zaken: 4 afgerond, 3 in uitvoering, 1 doorlopend, "
        "0 niet (meer) in uitvoering; leeg als de bron er geen geeft.",
        "Status: 4 completed, 3 in progress, 1 ongoing, 0 not (any longer) pursued; "
        "empty when the source gives none.",
    ),
    Column(
        "when",
        "text",
        "De eigen woorden van de bron over de planning (“wanneer”).",
        "The source's own words for timing (“wanneer”).",
    ),
    Column(
        "due_start",
        "date",
        "Begin van de periode, afgeleid uit “wanneer”.",
        "Start of the due period, parsed from “when”.",
    ),
    Column(
        "due_end",
        "date",
        "Einde van de periode (de deadline), afgeleid uit “wanneer”.",
        "End of the due period (the deadline), parsed from “when”.",
    ),
    Column("ongoing", "bool", "Doorlopend.", "Continuous (“Doorlopend”)."),
    Column("not_applicable", "bool", "Planning “n.v.t.”.", "Timing “n.v.t.” (not applicable)."),
    Column("completed", "bool", "Planning zegt “Afgerond”.", "Timing says “Afgerond” (completed)."),
    Column(
        "who",
        "text",
        "De eigen woorden van de bron over wie verantwoordelijk is (“wie”).",
        "The source's own words for who is responsible (“wie”).",
    ),
    Column(
        "ministries",
        "list",
        "Verantwoordelijke ministeries en organen als codes (OCW, SZW, JenV, …), "
        "in de volgorde van de bron.",
        "Responsible ministries and bodies as codes (OCW, SZW, JenV, …), in the source's order.",
    ),
    Column(
        "parts",
        "list",
        "Delen van het Koninkrijk (KNL, NL, BES, AUA, CUR, SXM), bij aanbevelingen.",
        "Parts of the Kingdom (KNL, NL, BES, AUA, CUR, SXM), for recommendations.",
    ),
    Column(
        "number",
        "text",
        "Nummer van de aanbeveling (27a), de motie of het Kamerstuk.",
        "A recommendation's (27a), motion's or paper's number.",
    ),
    Column(
        "text",
        "text",
        "Toelichting, tekst of stand van zaken, zonder paginakoppen en voetnoten.",
        "Explanation, body or current state, cleaned of page furniture and footnotes.",
    ),
    Column(
        "references",
        "refs",
        "Kamerstukken en andere bronnen die het record noemt: de verwijzing zoals geschreven, "
        "met het webadres tussen haakjes waar dat bekend is.",
        "Parliamentary papers and other sources the record cites: the citation as written, "
        "with its web address in brackets where known.",
    ),
    Column(
        "bullets",
        "list",
        "De tekst als opsomming, waar de bron die geeft.",
        "The text as a list of items, where the source gives bullets.",
    ),
    Column(
        "see_also",
        "text",
        "Code (uid) van het record waarnaar dit verwijst (“Zie bovenstaande.”).",
        "uid of the record this one refers back to (“Zie bovenstaande.”).",
    ),
    Column(
        "urls",
        "list",
        "Webadressen in of bij het record.",
        "Web addresses given in or for the record.",
    ),
    Column("submitters", "list", "Indieners van de motie.", "The motion's submitters (as named)."),
    Column("parties", "list", "Partijen van de indieners.", "The submitters' parties."),
    Column("date", "date", "Datum van de motie.", "The motion's date."),
    Column("subject", "text", "Onderwerp van de motie (“over …”).", "The motion's subject."),
    Column(
        "mentioned_in",
        "list",
        "Codes (uid) van de records waarvan de tekst dit record noemt.",
        "uids of the records whose text names this one.",
    ),
    Column(
        "cross_references",
        "refs",
        "Rijen elders die naar dit record verwijzen (“Zie tabel …”): thema / subthema: titel "
        "(regel).",
        "Rows elsewhere that point at this record (“Zie tabel …”): theme / sub-theme: title "
        "(line).",
    ),
)

LICENCE_NL = (
    "De teksten zijn overgenomen uit openbare documenten van de Rijksoverheid en de Tweede "
    "Kamer; die mogen vrij worden hergebruikt (artikel 15b Auteurswet). De ordening in deze "
    "bestanden is open data (CC0 1.0). Vermeld bij hergebruik bij voorkeur de bron: "
    "Voortgang, met het brondocument en de regel van elk record."
)
LICENCE_EN = (
    "The texts are taken from public documents of the Dutch government and parliament, which "
    "may be reused freely (article 15b of the Dutch Copyright Act). The structure of these "
    "files is open data (CC0 1.0). When reusing, please cite the source: Voortgang, with each "
    "record's source document and line."
)

#: Excel refuses cells longer than this.
_XLSX_MAX_CELL = 32_767


# --- filters ------------------------------------------------------------------------------


def filter_pairs(filters: RecordFilters | None) -> list[tuple[str, str]]:
    """The filters as (query parameter, value) pairs, as the site's list URLs write them."""
    if filters is None:
        return []
    pairs: list[tuple[str, str]] = []
    for name in ("kind", "theme", "subtheme"):
        value = getattr(filters, name)
        if value:
            pairs.append((name, value))
    if filters.status is not None:
        pairs.append(("status", "geen" if filters.status < 0 else str(filters.status)))
    for name in ("ministry", "document"):
        value = getattr(filters, name)
        if value:
            pairs.append((name, value))
    if filters.due_from:
        pairs.append(("due_from", filters.due_from.isoformat()))
    if filters.due_to:
        pairs.append(("due_to", filters.due_to.isoformat()))
    if filters.overdue:
        pairs.append(("overdue", "1"))
    if filters.answered is not None:
        pairs.append(("answered", "1" if filters.answered else "0"))
    if filters.sort != DEFAULT_SORT:
        pairs.append(("sort", filters.sort))
    return pairs


_FILENAME_PARTS = {
    "theme": "thema-",
    "subtheme": "subthema-",
    "status": "stand-",
    "ministry": "",
    "document": "",
    "due_from": "vanaf-",
    "due_to": "tot-",
}


def filename_stem(filters: RecordFilters | None) -> str:
    """``voortgang-records`` plus the filters: ``voortgang-records-measure-szw-te-laat``."""
    parts = ["voortgang-records"]
    for name, value in filter_pairs(filters):
        if name == "sort":
            continue  # the order, not the contents
        if name == "overdue":
            parts.append("te-laat")
        elif name == "answered":
            parts.append("gekoppeld" if value == "1" else "niet-gekoppeld")
        elif name == "kind":
            parts.append(slugify(value))
        else:
            if name == "document":
                value = value.rsplit(".", 1)[0]
            slug = slugify(value)[:40].strip("-")
            if slug:
                parts.append(_FILENAME_PARTS[name] + slug)
    return "-".join(parts)[:150].strip("-")


# --- CSV ----------------------------------------------------------------------------------


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


# --- XLSX ---------------------------------------------------------------------------------


def _reference_text(ref: dict[str, Any]) -> str:
    label = str(ref.get("label") or "").strip()
    url = ref.get("url")
    return f"{label} ({url})" if url and url not in label else label


def _xref_text(x: dict[str, Any]) -> str:
    where = " / ".join(str(p) for p in (x.get("theme"), x.get("subtheme")) if p)
    line = f" (regel {x['line']})" if x.get("line") else ""
    return f"{where}: {x.get('title') or ''}{line}" if where else f"{x.get('title') or ''}{line}"


def _xlsx_values(record: dict[str, Any]) -> list[Any]:
    """The record's cells in :data:`COLUMNS` order, as Python values of the column's type."""
    due = record.get("due") or {}
    cells: list[Any] = []
    for column in COLUMNS:
        if column.name in ("due_start", "due_end"):
            raw = due.get("start" if column.name == "due_start" else "end")
        else:
            raw = record.get(column.name)
        if raw is None or raw == "" or raw == []:
            cells.append(None)
        elif column.type == "date":
            cells.append(dt.date.fromisoformat(raw))
        elif column.type == "int":
            cells.append(int(raw))
        elif column.type == "bool":
            cells.append(bool(raw))
        elif column.type == "list":
            cells.append("; ".join(str(v) for v in raw))
        elif column.type == "refs":
            text = _reference_text if column.name == "references" else _xref_text
            cells.append("; ".join(text(v) for v in raw))
        else:
            cells.append(str(raw))
    return cells


def _clean(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped,unused-ignore]

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > _XLSX_MAX_CELL:
        text = text[: _XLSX_MAX_CELL - 1] + "…"
    return text


def _set(ws: Any, row: int, col: int, value: Any) -> Any:
    """Write one cell; a string is always a string (never a formula, whatever it starts with)."""
    if isinstance(value, str):
        value = _clean(value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _width(values: Iterable[Any], header: str, kind: str) -> float:
    if kind == "date":
        return 12
    if kind in ("int", "bool"):
        return max(len(header) + 4, 8)
    longest = len(header) + 4
    for value in values:
        if isinstance(value, str):
            longest = max(longest, len(value))
            if longest >= 60:
                return 60
    return max(longest + 2, 8)


def _kind_order(kind: str) -> tuple[int, str]:
    order = list(KIND_SHEETS)
    return (order.index(kind), kind) if kind in order else (len(order), kind)


def _xlsx(
    records: list[dict[str, Any]],
    *,
    filters: RecordFilters | None,
    ignored: Sequence[str],
    generated: dt.datetime,
) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE3EA")
    by_kind: dict[str, list[list[Any]]] = {}
    for record in records:
        by_kind.setdefault(record["kind"], []).append(_xlsx_values(record))
    kinds = sorted(by_kind, key=_kind_order)

    wb = Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = "README"
    wb.properties.title = "Voortgang — records"
    wb.properties.creator = "Voortgang"
    wb.properties.created = generated.astimezone(dt.UTC).replace(tzinfo=None)

    row = 1
    _set(readme, row, 1, "Voortgang — open data: records").font = Font(bold=True, size=14)
    row += 2
    pairs = filter_pairs(filters)
    facts: list[tuple[str, str]] = [
        (
            "Bron / Source",
            "Voortgang, de voortgangsmonitor van het emancipatiebeleid (gendergelijkheid en "
            "gelijke rechten van lhbtiq+-personen) / Voortgang, the tracker of the Dutch "
            "emancipation policy.",
        ),
        ("Gegenereerd / Generated", generated.isoformat(timespec="seconds")),
        (
            "Filters",
            "; ".join(f"{k} = {v}" for k, v in pairs)
            if pairs
            else "geen: alle records / none: every record",
        ),
    ]
    if ignored:
        facts.append(("Genegeerde filters / Ignored filters", " ".join(ignored)))
    facts += [
        ("Aantal records / Records", str(len(records))),
        ("Licentie", LICENCE_NL),
        ("Licence", LICENCE_EN),
        (
            "Formaat / Format",
            "Eén tabblad per soort record, dezelfde kolommen als de CSV-export; datums zijn "
            "echte datums, stand en regel getallen, ja/nee-velden booleans; lijsten gescheiden "
            "door “; ”. Beschrijving: docs/records.md. / One sheet per kind of record, the CSV "
            "export's columns; dates are dates, status and line numbers, yes/no fields "
            "booleans; lists joined with “; ”. Contract: docs/records.md.",
        ),
    ]
    for label, value in facts:
        _set(readme, row, 1, label).font = bold
        _set(readme, row, 2, value).alignment = Alignment(wrap_text=True, vertical="top")
        readme.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        row += 1

    row += 1
    _set(readme, row, 1, "Tabbladen / Sheets").font = Font(bold=True, size=12)
    row += 1
    for col, text in enumerate(("Tabblad / Sheet", "Soort / Kind", "Records"), start=1):
        _set(readme, row, col, text).font = bold
    row += 1
    for kind in kinds:
        nl, en = KIND_SHEETS.get(kind, (kind, kind))
        _set(readme, row, 1, kind)
        _set(readme, row, 2, f"{nl} / {en}")
        _set(readme, row, 3, len(by_kind[kind]))
        row += 1
    if not kinds:
        _set(readme, row, 1, "(geen records / no records)")
        row += 1

    row += 1
    _set(readme, row, 1, "Kolommen / Columns").font = Font(bold=True, size=12)
    row += 1
    headers = ("Kolom / Column", "Type", "Omschrijving", "Description")
    for col, text in enumerate(headers, start=1):
        _set(readme, row, col, text).font = bold
    row += 1
    for column in COLUMNS:
        nl, en = TYPES[column.type]
        _set(readme, row, 1, column.name)
        _set(readme, row, 2, f"{nl} / {en}")
        for col, text in ((3, column.nl), (4, column.en)):
            _set(readme, row, col, text).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    for letter, width in zip("ABCD", (28, 30, 70, 70), strict=True):
        readme.column_dimensions[letter].width = width

    names = [c.name for c in COLUMNS]
    for kind in kinds:
        ws = wb.create_sheet(title=kind[:31])
        for col, name in enumerate(names, start=1):
            cell = _set(ws, 1, col, name)
            cell.font = bold
            cell.fill = header_fill
        rows = by_kind[kind]
        for r, values in enumerate(rows, start=2):
            for col, value in enumerate(values, start=1):
                if value is not None:
                    _set(ws, r, col, value)
        ws.freeze_panes = "B2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{len(rows) + 1}"
        for col, column in enumerate(COLUMNS, start=1):
            sample = (values[col - 1] for values in rows[:500])
            ws.column_dimensions[get_column_letter(col)].width = _width(
                sample, column.name, column.type
            )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- docs ---------------------------------------------------------------------------------


def columns_markdown() -> str:
    """The XLSX columns as a Markdown table (docs/records.md holds exactly this text)."""
    lines = [
        "| column | type | omschrijving | description |",
        "| --- | --- | --- | --- |",
    ]
    for column in COLUMNS:
        en = TYPES[column.type][1]
        lines.append(f"| `{column.name}` | {en} | {column.nl} | {column.en} |")
    return "\n".join(lines)


# --- the exporter -------------------------------------------------------------------------


def render(
    *,
    format: str = "json",
    kind: str | None = None,
    filters: RecordFilters | None = None,
    ignored: Sequence[str] = (),
) -> Export:
    """All records (optionally of one kind, or exactly those of the filtered list
    ``filters``, in its order) in ``format``. ``ignored`` names filters that could not be
    applied (the XLSX README sheet lists them)."""
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    if filters is not None and kind:
        filters = replace(filters, kind=kind)
    if filters is not None:
        records = record_list(filters=filters)
    else:
        records = record_list(kind=kind)
        filters = RecordFilters(kind=kind) if kind else None
    stem = filename_stem(filters)
    if format == "json":
        buf = io.StringIO()
        buf.write("[")
        for i, record in enumerate(records):
            buf.write(",\n" if i else "\n")
            buf.write(json.dumps(record, ensure_ascii=False))
        buf.write("\n]\n")
        return Export(f"{stem}.json", MIMETYPES["json"], buf.getvalue().encode("utf-8"))
    if format == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow(_csv_row(record))
        content = ("\ufeff" + buf.getvalue()).encode("utf-8")
        return Export(f"{stem}.csv", MIMETYPES["csv"], content)
    content = _xlsx(list(records), filters=filters, ignored=ignored, generated=timezone.localtime())
    return Export(f"{stem}.xlsx", MIMETYPES["xlsx"], content)
