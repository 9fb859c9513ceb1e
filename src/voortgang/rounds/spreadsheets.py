"""The reporting round as a spreadsheet: export a ministry's items, fill them in offline,
import them with validation (docs/rounds.md, "Spreadsheets").

:func:`round_spreadsheet_export` writes an XLSX workbook with three sheets:

- ``Instructies`` — what to fill in, the status codes, the ``wanneer`` forms understood, the
  deadline, how to return the file (Dutch, with an English paragraph);
- ``Maatregelen`` — one row per item: the identity columns (:data:`IDENTITY`: item, code,
  theme, sub-theme, title) are locked (sheet protection) and grey; the answer columns
  (:data:`ANSWERS`: status with a 0/1/3/4 dropdown, wanneer, ministries, explanation) are
  unlocked; read-only context (:data:`CONTEXT`: previous status and wanneer, state, version);
- ``_export`` — very hidden: the exported values of every row (identity, answer, version)
  with a checksum per row, so that a changed identity cell is found even when the sheet's
  protection was removed, and unchanged rows are recognised.

:func:`round_spreadsheet_import` first validates *every* row and collects every problem as a
:class:`SheetError` (sheet, row, column and its letter, message); only a file without a
single error is applied — the rows that changed, all in one transaction, as drafts of the
importing user through :func:`voortgang.rounds.services.round_item_save` (which checks the
version and audits) — and the import itself is audited as one ``spreadsheet_import`` entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from voortgang.core.dates import MONTH_PATTERN, format_dutch_date, month_number
from voortgang.core.ministries import REGISTRY, lookup
from voortgang.core.wanneer import parse_wanneer
from voortgang.reports import Export, ExportError
from voortgang.rounds import permissions as perm
from voortgang.rounds import selectors
from voortgang.rounds.models import AuditEntry, Round, RoundItem
from voortgang.tracker.selectors import measure_queryset

__all__ = [
    "ANSWERS",
    "COLUMNS",
    "CONTEXT",
    "IDENTITY",
    "MIMETYPE",
    "SHEET",
    "ImportResult",
    "SheetError",
    "round_spreadsheet_export",
    "round_spreadsheet_import",
]

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The sheet the ministries fill in.
SHEET = "Maatregelen"
INSTRUCTIONS = "Instructies"
#: The very hidden sheet with the exported values.
ORIGINAL = "_export"
#: Written in the hidden sheet; an import refuses a file of another layout.
LAYOUT = "voortgang-ronde-1"

STATUS_CODES = (0, 1, 3, 4)
STATUS_WORDS: dict[int, tuple[str, str]] = {
    4: ("afgerond", "completed"),
    3: ("in uitvoering", "in progress"),
    1: ("doorlopend", "ongoing"),
    0: ("niet (meer) in uitvoering", "not (any longer) pursued"),
}
STATE_WORDS: dict[str, str] = {
    "untouched": "onaangeroerd",
    "draft": "concept",
    "submitted": "ingediend",
    "returned": "teruggestuurd",
    "accepted": "geaccepteerd",
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    #: ``identity`` (locked, must not change), ``answer`` (unlocked), ``context`` (locked).
    role: str
    nl: str
    en: str


IDENTITY: tuple[Column, ...] = (
    Column("item", "Item", 8, "identity", "Nummer van het item in deze ronde.", "Item number."),
    Column(
        "uid", "Code", 20, "identity", "Vaste code van de maatregel.", "The measure's stable uid."
    ),
    Column("theme", "Thema", 22, "identity", "Thema.", "Theme."),
    Column("subtheme", "Subthema", 22, "identity", "Subthema.", "Sub-theme."),
    Column("title", "Maatregel", 50, "identity", "Naam van de maatregel.", "The measure's name."),
)
ANSWERS: tuple[Column, ...] = (
    Column(
        "status",
        "Stand van zaken",
        14,
        "answer",
        "4 afgerond, 3 in uitvoering, 1 doorlopend, 0 niet (meer) in uitvoering (keuzelijst).",
        "4 completed, 3 in progress, 1 ongoing, 0 not (any longer) pursued (dropdown).",
    ),
    Column(
        "when",
        "Wanneer",
        22,
        "answer",
        "Planning: Q3 2025, 2025 - 2027, Doorlopend, n.v.t., T/m 2031, 1 juli 2025 …",
        "Timing: Q3 2025, 2025 - 2027, Doorlopend, n.v.t., T/m 2031, 1 juli 2025 …",
    ),
    Column(
        "ministries",
        "Ministeries",
        16,
        "answer",
        "Verantwoordelijke ministeries als codes, gescheiden door “, ” (SZW, OCW).",
        "Responsible ministries as codes separated by “, ” (SZW, OCW).",
    ),
    Column(
        "explanation",
        "Toelichting",
        60,
        "answer",
        "Toelichting: wat is er gebeurd, wat volgt.",
        "Explanation: what happened, what comes next.",
    ),
)
CONTEXT: tuple[Column, ...] = (
    Column(
        "previous_status",
        "Vorige stand",
        12,
        "context",
        "Stand van zaken in de vorige rapportage.",
        "Status in the previous report.",
    ),
    Column(
        "previous_when",
        "Vorige wanneer",
        20,
        "context",
        "Wanneer in de vorige rapportage.",
        "Timing in the previous report.",
    ),
    Column(
        "state",
        "Toestand",
        14,
        "context",
        "onaangeroerd, concept, ingediend, teruggestuurd, geaccepteerd.",
        "untouched, draft, submitted, returned, accepted.",
    ),
    Column(
        "version",
        "Versie",
        8,
        "context",
        "Versie van het item bij het exporteren.",
        "The item's version when exported.",
    ),
)
#: Every column of the ``Maatregelen`` sheet, in order (A, B, …).
COLUMNS: tuple[Column, ...] = IDENTITY + ANSWERS + CONTEXT
_LETTERS = {c.key: chr(ord("A") + i) for i, c in enumerate(COLUMNS)}
_BY_KEY = {c.key: c for c in COLUMNS}

#: The hidden sheet's table columns.
_ORIGINAL_KEYS = (
    "item",
    "uid",
    "theme",
    "subtheme",
    "title",
    "status",
    "when",
    "ministries",
    "explanation",
    "version",
    "checksum",
)


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetError:
    """One problem in an uploaded spreadsheet. ``row`` is the spreadsheet's row number
    (1-based, the header is row 1); ``column`` the header's name and ``letter`` its letter;
    both ``None`` for a problem of the whole file or row."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str
    letter: str | None = None

    @property
    def location(self) -> str:
        """``blad 'Maatregelen', rij 7, kolom 'Stand van zaken' (F)`` in the active language
        (English: ``sheet 'Maatregelen', row 7, column 'Stand van zaken' (F)``)."""
        parts = []
        if self.sheet:
            parts.append(_("blad '%(sheet)s'") % {"sheet": self.sheet})
        if self.row is not None:
            parts.append(_("rij %(row)s") % {"row": self.row})
        if self.column:
            if self.letter:
                parts.append(
                    _("kolom '%(column)s' (%(letter)s)")
                    % {"column": self.column, "letter": self.letter}
                )
            else:
                parts.append(_("kolom '%(column)s'") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass
class ImportResult:
    """What an import did: ``errors`` (then nothing was changed) or the items ``updated``."""

    name: str
    errors: list[SheetError] = field(default_factory=list)
    #: Ids of the items saved as drafts.
    updated: list[int] = field(default_factory=list)
    #: Rows skipped because nothing in them changed.
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# --- values -------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as text: ``None`` → ``""``, whole numbers without ``.0``, line ends as ``\\n``,
    outer white space removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _dutch_date(day: dt.date) -> str:
    return format_dutch_date(day)


def ministries_text(codes: Iterable[str]) -> str:
    return ", ".join(codes)


def _checksum(values: Sequence[str]) -> str:
    payload = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class _Row:
    """One item as the spreadsheet shows it (all identity and answer values as text)."""

    item: int
    uid: str
    theme: str
    subtheme: str
    title: str
    status: int | None
    when: str
    ministries: tuple[str, ...]
    explanation: str
    previous_status: int | None
    previous_when: str
    state: str
    version: int

    def original(self, *, round_id: int, ministry: str) -> list[str]:
        values = [
            str(self.item),
            self.uid,
            self.theme,
            self.subtheme,
            self.title,
            "" if self.status is None else str(self.status),
            self.when,
            ministries_text(self.ministries),
            self.explanation,
            str(self.version),
        ]
        return [*values, _checksum([str(round_id), ministry, *values])]


def _clean(text: str) -> str:
    """Text as a cell can hold it (no control characters), normalized like :func:`_text`."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped,unused-ignore]

    return _text(ILLEGAL_CHARACTERS_RE.sub("", text))[:32_000]


def _rows(round: Round, ministry: str) -> list[_Row]:
    items = selectors.round_items(round, ministry=ministry).select_related(
        "measure__theme", "measure__subtheme", "base_entry"
    )
    rows = []
    for item in items:
        measure = item.measure
        base = item.base_entry
        rows.append(
            _Row(
                item=item.pk,
                uid=measure.uid if measure else "",
                theme=_clean(
                    item.theme_name or (measure.theme.name if measure and measure.theme else "")
                ),
                subtheme=_clean(measure.subtheme.name if measure and measure.subtheme else ""),
                title=_clean(item.title),
                status=item.status,
                when=_clean(item.when_raw),
                ministries=tuple(item.ministries),
                explanation=_clean(item.explanation),
                previous_status=base.status if base else None,
                previous_when=_clean(base.when_raw) if base else "",
                state=item.state,
                version=item.version,
            )
        )
    return rows


# --- export -------------------------------------------------------------------------------


def filename(*, round: Round, ministry: str) -> str:
    """``ronde-<round slug>-<ministry>.xlsx``."""
    slug = slugify(round.name)[:60].strip("-") or f"{round.pk}"
    return f"ronde-{slug}-{slugify(ministry) or 'ministerie'}.xlsx"


def _long_date(day: dt.date) -> str:
    return _dutch_date(day)


def round_spreadsheet_export(*, round: Round, ministry: str) -> Export:
    """The workbook a ministry fills in: its items of ``round`` with their current answers
    (see the module documentation). ``ministry`` is a code (``SZW``)."""
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.styles import Alignment, Font, PatternFill, Protection  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped,unused-ignore]

    code = _canonical_code(ministry)
    if code is None:
        raise ExportError(
            _("onbekend ministerie %(ministry)s: gebruik een code zoals OCW, SZW, VWS, JenV, BZK")
            % {"ministry": repr(ministry)}
        )
    rows = _rows(round, code)
    generated = timezone.localtime()

    wb = Workbook()
    wb.properties.title = f"Rapportageronde {round.name} — {code}"
    wb.properties.creator = "Voortgang"
    wb.properties.created = generated.astimezone(dt.UTC).replace(tzinfo=None)

    instructions = wb.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS
    _instructions(instructions, round=round, ministry=code, count=len(rows), generated=generated)

    ws = wb.create_sheet(SHEET)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE3EA")
    locked_fill = PatternFill("solid", fgColor="F2F2F2")
    answer_fill = PatternFill("solid", fgColor="FFF9DB")
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=column.header)
        cell.data_type = "s"
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.protection = Protection(locked=True)
        ws.column_dimensions[cell.column_letter].width = column.width
    for r, row in enumerate(rows, start=2):
        values: dict[str, Any] = {
            "item": row.item,
            "uid": row.uid,
            "theme": row.theme,
            "subtheme": row.subtheme,
            "title": row.title,
            "status": row.status,
            "when": row.when,
            "ministries": ministries_text(row.ministries),
            "explanation": row.explanation,
            "previous_status": row.previous_status,
            "previous_when": row.previous_when,
            "state": STATE_WORDS.get(row.state, row.state),
            "version": row.version,
        }
        for col, column in enumerate(COLUMNS, start=1):
            value = values[column.key]
            cell = ws.cell(row=r, column=col, value=None if value == "" else value)
            if isinstance(value, str):
                cell.data_type = "s"
            cell.alignment = wrap
            if column.role == "answer":
                cell.protection = Protection(locked=False)
                cell.fill = answer_fill
                if column.key != "status":
                    cell.number_format = "@"  # text: Excel keeps "1-7-2025" as typed
            else:
                cell.protection = Protection(locked=True)
                cell.fill = locked_fill
    last = max(len(rows) + 1, 2)
    # Room for the answers only: empty rows below the items stay locked.
    status_letter = _LETTERS["status"]
    legend = ", ".join(f"{c} = {STATUS_WORDS[c][0]}" for c in (4, 3, 1, 0))
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(str(c) for c in STATUS_CODES) + '"',
        allow_blank=True,
        showDropDown=False,  # (sic) False shows the in-cell dropdown
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Stand van zaken",
        error="Kies 0, 1, 3 of 4: " + legend + ".",
        promptTitle="Stand van zaken",
        prompt=legend,
    )
    ws.add_data_validation(dv)
    dv.add(f"{status_letter}2:{status_letter}{last}")
    ws.freeze_panes = "A2"  # the header row (frozen columns A–E would not fit a laptop)
    ws.auto_filter.ref = f"A1:{_LETTERS[COLUMNS[-1].key]}{last}"
    ws.row_dimensions[1].height = 32
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # people may widen columns …
    ws.protection.formatRows = False  # … and rows
    ws.protection.autoFilter = False  # and filter
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False

    hidden = wb.create_sheet(ORIGINAL)
    meta = (
        ("layout", LAYOUT),
        ("round", str(round.pk)),
        ("round_name", round.name),
        ("ministry", code),
        ("exported_at", generated.isoformat(timespec="seconds")),
    )
    for r, (key, value) in enumerate(meta, start=1):
        _string(hidden, r, 1, key)
        _string(hidden, r, 2, value)
    start = len(meta) + 2
    for col, key in enumerate(_ORIGINAL_KEYS, start=1):
        _string(hidden, start, col, key)
    for r, row in enumerate(rows, start=start + 1):
        for col, value in enumerate(row.original(round_id=round.pk, ministry=code), start=1):
            _string(hidden, r, col, value)
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True

    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return Export(filename(round=round, ministry=code), MIMETYPE, buf.getvalue())


def _string(ws: Any, row: int, col: int, value: str) -> Any:
    cell = ws.cell(row=row, column=col, value=value if value != "" else None)
    if value != "":
        cell.data_type = "s"
    return cell


#: The ``wanneer`` forms the import understands (core/wanneer.py), as the instructions list them.
WANNEER_FORMS: tuple[tuple[str, str], ...] = (
    (
        "een jaar, kwartaal, halfjaar, maand of dag",
        "2025, Q3 2025, 2e helft 2025, november 2025, 1 juli 2025, 01-07-2025",
    ),
    ("een periode", "2025 - 2027, Q4 2025/ Q1 2026, Q1-Q3 2026, van 2025 tot 2027"),
    (
        "open periodes",
        "T/m 2031, tot en met 2027, uiterlijk Q2 2026, vanaf 2026, per 1 januari 2026",
    ),
    ("seizoen, begin/eind/medio", "voorjaar 2026, begin 2026, eind 2025, medio 2026"),
    ("schooljaar", "studiejaar 2025-2026"),
    (
        "aanduidingen",
        "Doorlopend, n.v.t., Jaarlijks, Afgerond, Loopt door tot 2027, "
        "Afronding voorzien in Q2 2026",
    ),
)


def _instructions(
    ws: Any, *, round: Round, ministry: str, count: int, generated: dt.datetime
) -> None:
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped,unused-ignore]

    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    body = _body(ministry)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    row = 1
    title = f"Rapportageronde {round.name} — {ministry}"
    _string(ws, row, 1, title).font = Font(bold=True, size=14)
    row += 2

    def line(label: str, text: str, *, strong: bool = False) -> None:
        nonlocal row
        cell = _string(ws, row, 1, label)
        cell.font = bold
        cell.alignment = wrap
        value = _string(ws, row, 2, text)
        value.alignment = wrap
        if strong:
            value.font = bold
        row += 1

    def heading(text: str) -> None:
        nonlocal row
        row += 1
        _string(ws, row, 1, text).font = Font(bold=True, size=12)
        row += 1

    line("Ministerie", f"{ministry} — {body}" if body else ministry)
    line("Peildatum", _long_date(round.reference_date))
    line("Uiterste datum / Deadline", _long_date(round.deadline), strong=True)
    line("Maatregelen / Measures", str(count))
    line("Geëxporteerd / Exported", generated.isoformat(timespec="seconds"))

    heading("Wat vult u in?")
    line(
        "Tabblad ‘Maatregelen’",
        "Eén rij per maatregel waarvoor uw ministerie verantwoordelijk is. Vul per maatregel de "
        "gele kolommen in: Stand van zaken, Wanneer, Ministeries en Toelichting. De antwoorden "
        "zoals ze nu in Voortgang staan, zijn al ingevuld: wijzig alleen wat veranderd is. Rijen "
        "die u niet wijzigt, blijven zoals ze zijn.",
    )
    for column in ANSWERS:
        line(f"{column.header} ({_LETTERS[column.key]})", column.nl)
    line(
        "Ter informatie",
        "Vorige stand en Vorige wanneer: wat de vorige rapportage zei. Toestand: onaangeroerd, "
        "concept, ingediend, teruggestuurd of geaccepteerd. Versie: hoe vaak het antwoord is "
        "opgeslagen (nodig om gelijktijdige wijzigingen te herkennen).",
    )

    heading("Stand van zaken (keuzelijst)")
    for code in (4, 3, 1, 0):
        line(str(code), f"{STATUS_WORDS[code][0]} — {STATUS_WORDS[code][1]}")
    line("", "Er is geen code 2. Leeg laten mag als er (nog) geen stand van zaken is.")

    heading("Wanneer")
    line(
        "Vrije tekst",
        "Schrijf de planning zoals u gewend bent; Voortgang leest er een periode uit. Een cel "
        "die alleen een datum bevat, wordt als die dag gelezen. Een tekst die Voortgang niet "
        "begrijpt (zoals “binnenkort”) of een datum die niet bestaat (31-02-2026) wordt "
        "geweigerd.",
    )
    for label, examples in WANNEER_FORMS:
        line(label, examples)

    heading("Ministeries")
    line(
        "Codes",
        "De verantwoordelijke ministeries als codes, gescheiden door “, ” (bijvoorbeeld "
        "“SZW, OCW”). Bekende codes: " + ", ".join(_known_codes()) + ". U kunt alleen "
        "ministeries toevoegen waarvoor u zelf antwoordt; ministeries die er al stonden, mogen "
        "blijven staan.",
    )

    heading("Niet wijzigen")
    line(
        "Grijze kolommen",
        "Item, Code, Thema, Subthema en Maatregel (A–E) en de kolommen ter informatie zijn "
        "beveiligd. Voeg geen rijen of tabbladen toe, verwijder ze niet en geef ze geen andere "
        "naam. Een gewijzigde grijze cel wordt ook herkend als de beveiliging is opgeheven: dan "
        "wordt het hele bestand geweigerd. Een nieuwe maatregel stelt u voor in Voortgang zelf.",
    )

    heading("Terugsturen")
    line(
        "Uploaden",
        "Lees het bestand in Voortgang in (de pagina van de ronde, onder ‘Spreadsheet’: "
        "‘Spreadsheet inlezen’) of stuur het naar de coördinator (Directie Emancipatie, OCW), "
        "die het inleest. Doe dat "
        f"vóór {_long_date(round.deadline)}.",
    )
    line(
        "Controle",
        "Het hele bestand wordt eerst gecontroleerd. Bij één of meer fouten wordt niets "
        "opgeslagen en krijgt u een lijst van álle fouten met tabblad, rij en kolom "
        "(bijvoorbeeld: tabblad ‘Maatregelen’, rij 7, kolom ‘Stand van zaken’ (F)). Herstel ze "
        "en upload het bestand opnieuw.",
    )
    line(
        "Opgeslagen als concept",
        "Zonder fouten worden alle gewijzigde rijen in één keer opgeslagen als concept op uw "
        "naam (met een vermelding in de audittrail). Dien ze daarna in Voortgang in.",
    )
    line(
        "Tegelijk gewijzigd",
        "Is een maatregel na uw export in Voortgang gewijzigd, dan wordt die rij gemeld als "
        "conflict en niet overschreven: exporteer opnieuw en neem uw wijziging over.",
    )

    heading("In English")
    line(
        "Instructions",
        "On the sheet ‘Maatregelen’, fill in the yellow columns for each measure your ministry "
        "is responsible for: Stand van zaken (status: 4 completed, 3 in progress, 1 ongoing, "
        "0 not (any longer) pursued; there is no 2), Wanneer (timing, e.g. Q3 2025, "
        "2025 - 2027, Doorlopend, n.v.t., T/m 2031, a date), Ministeries (responsible "
        "ministries as codes separated by “, ”) and Toelichting (explanation). The current "
        "answers are filled in already; rows you do not change are left as they are. Do not "
        "change the grey columns, rows or sheets. Upload the file in Voortgang, or send it to "
        f"the coordinator, before {round.deadline.isoformat()}. The whole file is checked "
        "first: if anything is wrong nothing is saved and you get a list of every problem with "
        "its sheet, row and column; otherwise every changed row is saved at once as a draft in "
        "your name, to be submitted in Voortgang. A row whose measure was changed in Voortgang "
        "after your export is reported as a conflict: export again.",
    )
    ws.protection.sheet = True


# --- codes --------------------------------------------------------------------------------


def _known_codes() -> list[str]:
    return [body.code for body in REGISTRY]


def _canonical_code(text: str) -> str | None:
    """A ministry code as the registry spells it (``szw`` → ``SZW``; an alias such as
    ``Buitenlandse Zaken`` → ``BZ``), else ``None``."""
    text = text.strip(" .")
    if not text:
        return None
    by_lower = {code.lower(): code for code in _known_codes()}
    if text.lower() in by_lower:
        return by_lower[text.lower()]
    body = lookup(text)
    return body.code if body else None


def _body(code: str) -> str:
    for body in REGISTRY:
        if body.code == code:
            return body.name_nl
    return ""


def _parse_codes(text: str) -> tuple[list[str], list[str]]:
    """``"SZW, OCW"`` → (codes, unknown parts). Parts are separated by ``,`` or ``;``; a part
    that is no code or name is tried word by word (``SZW OCW``)."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[,;\n]", text):
        part = part.strip()
        if not part:
            continue
        found = _canonical_code(part)
        if found is not None:
            words = [found]
        else:
            words_found = [_canonical_code(w) for w in re.split(r"[\s/&+]+", part) if w]
            if words_found and all(words_found):
                words = [w for w in words_found if w]
            else:
                unknown.append(part)
                continue
        for code in words:
            if code not in codes:
                codes.append(code)
    return codes, unknown


# --- import -------------------------------------------------------------------------------

_DATE_LIKE = (
    re.compile(r"(?<!\d)(?P<day>\d{1,2})([-/.])(?P<month>\d{1,2})\2(?P<year>\d{4})(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})\.?\s+(?P<year>\d{{4}})(?!\d)",
        re.IGNORECASE,
    ),
)


def _impossible_dates(text: str) -> list[str]:
    """The dates written in ``text`` that do not exist (``31-02-2026``, ``30 februari 2026``)."""
    bad = []
    for pattern in _DATE_LIKE:
        for m in pattern.finditer(text):
            month = m["month"]
            number = int(month) if month.isdigit() else month_number(month)
            try:
                dt.date(int(m["year"]), number or 0, int(m["day"]))
            except ValueError:
                bad.append(m.group(0))
    return bad


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Rollback(Exception):
    """Leave the import's transaction: a row failed while being applied."""


@dataclass(frozen=True)
class _Answer:
    status: int | None
    when: str
    ministries: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class _Change:
    row: int
    item: RoundItem
    version: int
    answer: _Answer


def _load(data: bytes) -> Any | None:
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

    if not data.startswith(b"PK"):
        return None
    try:
        return load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError):
        return None
    except Exception:  # openpyxl raises its own kinds for broken parts
        return None


def _read_original(
    ws: Any, errors: list[SheetError]
) -> tuple[dict[str, str], dict[int, dict[str, str]]]:
    """The hidden sheet: its key/value header and the exported rows by item id (each row's
    checksum verified)."""
    meta: dict[str, str] = {}
    originals: dict[int, dict[str, str]] = {}
    rows = ws.iter_rows(values_only=True)
    number = 0
    for values in rows:
        number += 1
        key = _text(values[0]) if values else ""
        if not key:
            break
        meta[key] = _text(values[1]) if len(values) > 1 else ""
    header: list[str] = []
    for values in rows:
        number += 1
        header = [_text(v) for v in values]
        break
    if tuple(header[: len(_ORIGINAL_KEYS)]) != _ORIGINAL_KEYS:
        errors.append(
            SheetError(
                ORIGINAL,
                number or None,
                None,
                _(
                    "het verborgen blad met de geëxporteerde waarden is beschadigd: exporteer "
                    "het bestand opnieuw"
                ),
            )
        )
        return meta, originals
    for values in rows:
        number += 1
        cells = [_text(v) for v in values[: len(_ORIGINAL_KEYS)]]
        cells += [""] * (len(_ORIGINAL_KEYS) - len(cells))
        if not any(cells):
            continue
        record = dict(zip(_ORIGINAL_KEYS, cells, strict=True))
        expected = _checksum([meta.get("round", ""), meta.get("ministry", ""), *cells[:-1]])
        if record["checksum"] != expected or not record["item"].isdigit():
            errors.append(
                SheetError(
                    ORIGINAL,
                    number,
                    None,
                    _(
                        "het verborgen blad met de geëxporteerde waarden is gewijzigd: exporteer "
                        "het bestand opnieuw"
                    ),
                )
            )
            continue
        originals[int(record["item"])] = record
    return meta, originals


def _header(ws: Any, errors: list[SheetError]) -> dict[str, int]:
    """Column key -> 1-based column index, from the header row; a missing identity or answer
    column is an error."""
    found: dict[str, int] = {}
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    by_header = {_text(v).casefold(): i for i, v in enumerate(first, start=1) if _text(v)}
    for column in COLUMNS:
        index = by_header.get(column.header.casefold())
        if index is not None:
            found[column.key] = index
        elif column.role != "context":
            errors.append(
                SheetError(
                    SHEET,
                    1,
                    column.header,
                    _("de kolom '%(column)s' ontbreekt") % {"column": column.header},
                    _LETTERS[column.key],
                )
            )
    return found


def _status(value: Any) -> tuple[int | None, str | None]:
    """The status cell as a code, or an error message."""
    text = _text(value)
    if not text:
        return None, None
    if re.fullmatch(r"\d+", text) and int(text) in STATUS_CODES:
        return int(text), None
    shown = text if re.fullmatch(r"-?\d+(?:[.,]\d+)?", text) else repr(_short(text, 30))
    return None, _("stand van zaken %(value)s is niet een van %(codes)s") % {
        "value": shown,
        "codes": ", ".join(str(c) for c in STATUS_CODES),
    }


def _when(value: Any) -> str:
    """The wanneer cell as text; a real (Excel) date becomes a Dutch date (``1 juli 2025``)."""
    if isinstance(value, dt.datetime):
        return _dutch_date(value.date())
    if isinstance(value, dt.date):
        return _dutch_date(value)
    return _text(value)


def _when_error(text: str) -> str | None:
    if len(text) > 500:
        return _("wanneer is %(length)s tekens lang; hoogstens %(limit)s") % {
            "length": len(text),
            "limit": 500,
        }
    bad = _impossible_dates(text)
    if bad:
        return _("%(dates)s is geen bestaande datum") % {"dates": ", ".join(repr(b) for b in bad)}
    if not parse_wanneer(text).parsed:
        return _(
            "wanneer %(text)s wordt niet begrepen: schrijf bijvoorbeeld Q3 2025, 2025 - 2027, "
            "T/m 2031, Doorlopend, n.v.t. of een datum zoals 1 juli 2025"
        ) % {"text": repr(_short(text))}
    return None


def round_spreadsheet_import(*, round: Round, user: Any, data: bytes, name: str) -> ImportResult:
    """Validate a filled-in workbook of ``round`` completely, then — only when there is no
    error at all — save every changed row as a draft of ``user``, in one transaction.

    ``result.errors`` lists every problem (and then nothing was changed); otherwise
    ``result.updated`` holds the ids of the items saved and ``result.unchanged`` counts the
    rows that were left as they were.
    """
    from voortgang.rounds import services

    result = ImportResult(name=name)
    errors = result.errors
    role = perm.role_of(user)
    if role not in (perm.COORDINATOR, perm.SYSTEM, perm.EDITOR):
        who = getattr(user, "username", "") or _("deze gebruiker")
        errors.append(
            SheetError(
                None,
                None,
                None,
                _("%(who)s mag de antwoorden van de ronde niet wijzigen") % {"who": who},
            )
        )
        return result
    if not round.is_open:
        errors.append(
            SheetError(
                None,
                None,
                None,
                _("de ronde '%(round)s' is gesloten (gepubliceerd)") % {"round": round.name},
            )
        )
        return result
    wb = _load(data)
    if wb is None:
        errors.append(
            SheetError(
                None,
                None,
                None,
                _(
                    "geen XLSX-werkmap: vul de spreadsheet in die voor de ronde is "
                    "geëxporteerd en lever hem in als .xlsx"
                ),
            )
        )
        return result
    for sheet in (SHEET, ORIGINAL):
        if sheet not in wb.sheetnames:
            what = (
                _("het blad om in te vullen")
                if sheet == SHEET
                else _("het verborgen blad met de geëxporteerde waarden")
            )
            errors.append(
                SheetError(
                    None,
                    None,
                    None,
                    _(
                        "het blad '%(sheet)s' (%(what)s) ontbreekt: gebruik het bestand dat "
                        "voor de ronde is geëxporteerd (gevonden bladen: %(found)s)"
                    )
                    % {"sheet": sheet, "what": what, "found": ", ".join(wb.sheetnames)},
                )
            )
    if errors:
        return result
    meta, originals = _read_original(wb[ORIGINAL], errors)
    if meta.get("layout") != LAYOUT:
        errors.append(
            SheetError(
                ORIGINAL,
                None,
                None,
                _("geen spreadsheet die Voortgang voor een ronde heeft geëxporteerd"),
            )
        )
        return result
    if meta.get("round") != str(round.pk):
        errors.append(
            SheetError(
                None,
                None,
                None,
                _("dit bestand is geëxporteerd voor de ronde '%(exported)s', niet voor '%(round)s'")
                % {"exported": meta.get("round_name", "?"), "round": round.name},
            )
        )
        return result
    ws = wb[SHEET]
    columns = _header(ws, errors)
    if errors:
        return result

    items = {item.pk: item for item in selectors.round_items(round)}
    mine = perm.user_ministries(user)
    seen: dict[int, int] = {}
    parsed_rows: list[tuple[int, dict[str, Any]]] = []
    uids: set[str] = set()
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = {
            key: (values[index - 1] if index - 1 < len(values) else None)
            for key, index in columns.items()
        }
        if not any(_text(cells.get(c.key)) for c in IDENTITY + ANSWERS):
            continue
        parsed_rows.append((number, cells))
        uids.add(_text(cells.get("uid")))
    known_uids = set(measure_queryset().filter(uid__in=uids - {""}).values_list("uid", flat=True))

    changes: list[_Change] = []
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]

    for number, cells in parsed_rows:

        def error(key: str | None, message: str, number: int = number) -> None:
            if key is None:
                errors.append(SheetError(SHEET, number, None, message))
                return
            column = _BY_KEY[key]
            letter = get_column_letter(columns[key]) if key in columns else _LETTERS[key]
            errors.append(SheetError(SHEET, number, column.header, message, letter))

        # Which item.
        item_text = _text(cells.get("item"))
        item: RoundItem | None = None
        original: dict[str, str] | None = None
        if not item_text:
            error(
                "item",
                _(
                    "geen itemnummer: hier kunnen geen rijen worden toegevoegd (stel een nieuwe "
                    "maatregel voor in Voortgang)"
                ),
            )
        elif not item_text.isdigit():
            error(
                "item",
                _("item %(item)s is geen itemnummer") % {"item": repr(_short(item_text, 30))},
            )
        else:
            item_id = int(item_text)
            if item_id in seen:
                error(
                    "item",
                    _("item %(item)s staat er twee keer in (ook in rij %(row)s)")
                    % {"item": item_id, "row": seen[item_id]},
                )
            seen.setdefault(item_id, number)
            item = items.get(item_id)
            original = originals.get(item_id)
            if item is None:
                try:
                    elsewhere = selectors.item_get(item_id)
                except RoundItem.DoesNotExist:
                    error("item", _("onbekend item %(item)s") % {"item": item_id})
                else:
                    error(
                        "item",
                        _(
                            "item %(item)s hoort niet bij de ronde '%(round)s' (het hoort bij "
                            "'%(other)s')"
                        )
                        % {"item": item_id, "round": round.name, "other": elsewhere.round.name},
                    )
            elif original is None:
                error(
                    "item",
                    _(
                        "item %(item)s stond niet in dit bestand toen het werd geëxporteerd "
                        "voor %(ministry)s"
                    )
                    % {"item": item_id, "ministry": meta.get("ministry", "?")},
                )

        # The identity columns must be as exported.
        if original is not None:
            for column in IDENTITY[1:]:
                now = _text(cells.get(column.key))
                was = original[column.key]
                if now == was:
                    continue
                if column.key == "uid" and now and now not in known_uids:
                    error(
                        "uid",
                        _("onbekende code van een maatregel %(uid)s (geëxporteerd: %(was)s)")
                        % {"uid": repr(_short(now, 40)), "was": repr(was)},
                    )
                else:
                    error(
                        column.key,
                        _(
                            "vaste kolom gewijzigd: geëxporteerd als %(was)s, nu %(now)s "
                            "(grijze kolommen mogen niet veranderen)"
                        )
                        % {"was": repr(_short(was)), "now": repr(_short(now))},
                    )

        # The answer.
        status, message = _status(cells.get("status"))
        if message:
            error("status", message)
        when = _when(cells.get("when"))
        if original is None or when != original["when"]:
            message = _when_error(when)
            if message:
                error("when", message)
        codes, unknown = _parse_codes(_text(cells.get("ministries")))
        for part in unknown:
            error(
                "ministries",
                _(
                    "onbekend ministerie %(ministry)s: gebruik codes zoals OCW, SZW, VWS, JenV, "
                    "BZK (het blad Instructies noemt ze allemaal)"
                )
                % {"ministry": repr(_short(part, 30))},
            )
        explanation = _text(cells.get("explanation"))
        if item is None or original is None:
            continue

        answer = _Answer(status, when, tuple(codes), explanation)
        exported_codes, _unknown = _parse_codes(original["ministries"])
        exported = _Answer(
            int(original["status"]) if original["status"].isdigit() else None,
            original["when"],
            tuple(exported_codes),
            original["explanation"],
        )
        current = _Answer(
            item.status,
            _clean(item.when_raw),
            tuple(item.ministries),
            _clean(item.explanation),
        )
        if answer in (exported, current):
            result.unchanged += 1
            continue
        if not perm.can_edit_item(user, item):
            nobody = _("geen ministerie")
            error(
                "ministries",
                _(
                    "u mag dit item niet wijzigen: het hoort bij %(owners)s, u antwoordt voor "
                    "%(mine)s"
                )
                % {
                    "owners": ", ".join(item.owners) or nobody,
                    "mine": ", ".join(sorted(mine)) or nobody,
                },
            )
        elif role == perm.EDITOR:
            allowed = set(mine) | set(item.owners) | set(item.ministries) | set(exported_codes)
            for code in codes:
                if code not in allowed:
                    error(
                        "ministries",
                        _("u mag %(code)s niet verantwoordelijk maken: u antwoordt voor %(mine)s")
                        % {"code": code, "mine": ", ".join(sorted(mine))},
                    )
        if item.state == RoundItem.State.ACCEPTED:
            error("state", _("dit item is al geaccepteerd en kan niet meer worden gewijzigd"))
        version = int(original["version"])
        if item.version != version:
            who = item.updated_by.get_username() if item.updated_by else _("iemand anders")
            error(
                "version",
                _(
                    "conflict: sinds de export in Voortgang gewijzigd door %(who)s (versie "
                    "%(was)s, nu %(now)s); exporteer opnieuw en voer deze rij nog eens in"
                )
                % {"who": who, "was": version, "now": item.version},
            )
        changes.append(_Change(number, item, version, answer))

    if errors or not changes:
        return result

    try:
        with transaction.atomic():
            for change in changes:
                try:
                    services.round_item_save(
                        user=user,
                        item=change.item,
                        version=change.version,
                        status=change.answer.status,
                        when_raw=change.answer.when,
                        ministries=list(change.answer.ministries),
                        explanation=change.answer.explanation,
                    )
                except (services.EditConflict, services.RoundError, PermissionDenied) as problem:
                    text = (
                        "; ".join(problem.messages)
                        if isinstance(problem, services.RoundError)
                        else str(problem)
                    )
                    errors.append(SheetError(SHEET, change.row, None, text))
                    raise _Rollback from problem
                result.updated.append(change.item.pk)
            services.audit_log(
                user=user,
                action=AuditEntry.Action.SPREADSHEET_IMPORT,
                round=round,
                after={
                    "file": name,
                    "ministry": meta.get("ministry", ""),
                    "exported_at": meta.get("exported_at", ""),
                    "items": list(result.updated),
                    "updated": len(result.updated),
                    "unchanged": result.unchanged,
                },
            )
    except _Rollback:
        result.updated.clear()
    return result
