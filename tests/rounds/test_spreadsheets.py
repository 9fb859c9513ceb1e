"""The reporting round's spreadsheets on the sample corpus: the export opened with openpyxl as
a ministry would, the import's validation (every error listed, nothing changed), the
corrected file applied as drafts, the unchanged round trip, and both through the CLI."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from voortgang.core.wanneer import parse_wanneer
from voortgang.reports import ExportError
from voortgang.rounds import selectors, services
from voortgang.rounds.models import AuditEntry, Round, RoundItem
from voortgang.rounds.spreadsheets import (
    WANNEER_FORMS,
    SheetError,
    _impossible_dates,
    round_spreadsheet_export,
    round_spreadsheet_import,
)
from voortgang.tracker.models import StatusEntry
from voortgang.tracker.services import documents_ingest

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
PASSWORD = "Kwartaal-rapportage-2025"
REFERENCE = dt.date(2025, 1, 1)
DEADLINE = dt.date(2025, 3, 1)
HEADERS = (
    "Item",
    "Code",
    "Thema",
    "Subthema",
    "Maatregel",
    "Stand van zaken",
    "Wanneer",
    "Ministeries",
    "Toelichting",
    "Vorige stand",
    "Vorige wanneer",
    "Toestand",
    "Versie",
)
LETTER = {header: chr(ord("A") + i) for i, header in enumerate(HEADERS)}
SHEET = "Maatregelen"


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in the default language (Dutch, settings.LANGUAGE_CODE), as the CLI
    does: a request of an earlier test may have left English active in this thread."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def people(db: None) -> dict[str, Any]:
    def make(name: str, role: str, *ministries: str) -> Any:
        return services.account_create(
            username=name, password=PASSWORD, role=role, ministries=ministries
        )

    return {
        "coordinator": make("coco", "coordinator"),
        "szw": make("sanne", "editor", "SZW"),
        "ocw": make("otto", "editor", "OCW"),
        "reviewer": make("rita", "reviewer"),
    }


@pytest.fixture
def opened(db: None, people: dict[str, Any]) -> Round:
    documents_ingest(paths=sorted(SAMPLES.glob("*.txt")))
    return services.round_open(
        user=people["coordinator"], name="Ronde 2025", reference_date=REFERENCE, deadline=DEADLINE
    )


def workbook(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content))


def rows_of(content: bytes) -> list[dict[str, Any]]:
    rows = list(workbook(content)[SHEET].iter_rows(values_only=True))
    assert rows[0] == HEADERS
    return [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]


def edited(content: bytes, changes: dict[tuple[int, str], Any], **options: Any) -> bytes:
    """The workbook with ``{(row, header): value}`` written into the ``Maatregelen`` sheet, as
    a person would type them (openpyxl keeps the hidden sheet, protection and validation)."""
    wb = workbook(content)
    ws = wb[SHEET]
    if options.get("unprotect"):
        ws.protection.sheet = False
    for (row, header), value in changes.items():
        ws[f"{LETTER[header]}{row}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def snapshot(round: Round) -> dict[str, Any]:
    """Everything an import could change: the round's items, the audit trail, status entries."""
    return {
        "items": list(
            RoundItem.objects.filter(round=round)
            .order_by("pk")
            .values_list(
                "pk",
                "status",
                "when_raw",
                "due_start",
                "due_end",
                "ministries",
                "explanation",
                "state",
                "version",
                "updated_by_id",
                "updated_at",
            )
        ),
        "audit": list(AuditEntry.objects.order_by("pk").values_list("pk", "action", "item_id")),
        "entries": StatusEntry.objects.count(),
    }


def szw_items(round: Round) -> list[RoundItem]:
    return list(selectors.round_items(round, ministry="SZW"))


# --- export -------------------------------------------------------------------------------


def test_export_has_the_ministrys_items_locked_identity_a_status_dropdown_and_instructions(
    opened: Round,
) -> None:
    export = round_spreadsheet_export(round=opened, ministry="SZW")
    assert export.filename == "ronde-ronde-2025-szw.xlsx"
    assert export.mimetype.endswith("spreadsheetml.sheet")
    wb = workbook(export.content)
    assert wb.sheetnames == ["Instructies", "Maatregelen", "_export"]
    assert wb["_export"].sheet_state == "veryHidden"
    assert wb["Instructies"].sheet_state == wb["Maatregelen"].sheet_state == "visible"

    ws = wb[SHEET]
    items = szw_items(opened)
    rows = rows_of(export.content)
    assert len(items) >= 8
    assert [r["Item"] for r in rows] == [item.pk for item in items]
    for row, item in zip(rows, items, strict=True):
        assert "SZW" in item.owners
        assert row["Code"] == item.measure.uid
        assert row["Maatregel"] == item.title
        assert row["Thema"] == item.measure.theme.name
        assert row["Subthema"] == (item.measure.subtheme.name if item.measure.subtheme else None)
        assert row["Stand van zaken"] == item.status
        assert (row["Wanneer"] or "") == item.when_raw
        assert row["Ministeries"] == ", ".join(item.ministries)
        assert (row["Toelichting"] or "") == item.explanation
        assert row["Vorige stand"] == item.base_entry.status
        assert row["Toestand"] == "onaangeroerd"
        assert row["Versie"] == 1
    assert any(r["Ministeries"] == "SZW, OCW" for r in rows)

    # Sheet protection on: identity and context cells locked, answer cells open.
    assert ws.protection.sheet is True
    last = len(rows) + 1
    for r in (2, last):
        for header in HEADERS:
            locked = ws[f"{LETTER[header]}{r}"].protection.locked
            answer = header in ("Stand van zaken", "Wanneer", "Ministeries", "Toelichting")
            assert locked is not answer, (r, header)
        assert ws[f"I{r}"].alignment.wrap_text is True
    assert ws.freeze_panes == "A2"  # the header row
    assert ws.column_dimensions["E"].width >= 40
    assert ws.column_dimensions["I"].width >= 40

    # The status column offers 0/1/3/4 in a dropdown and explains the codes.
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    dv = validations[0]
    assert dv.type == "list"
    assert dv.formula1 == '"0,1,3,4"'
    assert str(dv.sqref) == f"F2:F{last}"
    assert dv.showErrorMessage and dv.showInputMessage
    assert "4 = afgerond" in dv.prompt and "0 = niet (meer) in uitvoering" in dv.prompt

    # The instructions: what to fill in, the codes, wanneer forms, deadline, how to return.
    text = "\n".join(
        str(v) for row in wb["Instructies"].iter_rows(values_only=True) for v in row if v
    )
    for needle in (
        "Rapportageronde Ronde 2025 — SZW",
        "1 maart 2025",  # the deadline
        "Stand van zaken",
        "in uitvoering",
        "niet (meer) in uitvoering",
        "Q3 2025",
        "T/m 2031",
        "Doorlopend",
        "n.v.t.",
        "Grijze kolommen",
        "Upload",
        "concept",
        "In English",
        "there is no 2",
    ):
        assert needle in text, needle


def test_export_costs_the_same_queries_for_few_and_many_items(opened: Round) -> None:
    counts = {}
    for code in ("VWS", "SZW", "OCW"):
        with CaptureQueriesContext(connection) as queries:
            content = round_spreadsheet_export(round=opened, ministry=code).content
        counts[code] = (len(rows_of(content)), len(queries))
    assert counts["VWS"][0] < counts["SZW"][0] < counts["OCW"][0]
    assert counts["VWS"][1] == counts["SZW"][1] == counts["OCW"][1] <= 3


def test_every_wanneer_example_in_the_instructions_is_understood() -> None:
    examples = [e for _, line in WANNEER_FORMS for e in line.split(", ")]
    assert len(examples) >= 25
    for example in examples:
        due = parse_wanneer(example)
        flags = (due.ongoing, due.not_applicable, due.recurring, due.completed, due.started)
        assert due.parsed and (due.has_dates or any(flags)), example
        assert not _impossible_dates(example)
    assert _impossible_dates("Q3 2026, 31-02-2026 en 30 februari 2027") == [
        "31-02-2026",
        "30 februari 2027",
    ]


def test_export_of_an_unknown_ministry_is_refused(opened: Round) -> None:
    with pytest.raises(ExportError, match="onbekend ministerie 'XYZ'"):
        round_spreadsheet_export(round=opened, ministry="XYZ")
    # Codes are matched like the services do: case-insensitively.
    assert round_spreadsheet_export(round=opened, ministry="szw").filename.endswith("-szw.xlsx")


# --- import: the done-criterion ---------------------------------------------------


def test_a_spreadsheet_with_errors_is_refused_with_every_error_and_nothing_changed_then_the_corrected_one_is_applied(  # noqa: E501
    opened: Round, people: dict[str, Any]
) -> None:
    sanne, coco = people["szw"], people["coordinator"]
    original = round_spreadsheet_export(round=opened, ministry="SZW").content
    rows = rows_of(original)
    by_row = {number: row for number, row in enumerate(rows, start=2)}
    items = {item.pk: item for item in szw_items(opened)}
    # Row 4 must be an item VWS is not responsible for (the editor adds VWS).
    assert "VWS" not in (by_row[4]["Ministeries"] or "")

    # Meanwhile, the coordinator changes row 7's item in the browser: version 1 → 2.
    stale = items[by_row[7]["Item"]]
    services.round_item_save(
        user=coco,
        item=stale,
        version=1,
        status=stale.status,
        when_raw=stale.when_raw,
        ministries=stale.ministries,
        explanation="Aangepast door de coördinator.",
    )

    bad = edited(
        original,
        {
            (2, "Stand van zaken"): 7,
            (3, "Code"): "bestaat-niet",
            (4, "Ministeries"): "SZW, VWS",
            (5, "Maatregel"): "Een andere titel",
            (6, "Wanneer"): "binnenkort",
            (7, "Toelichting"): "Onze nieuwe toelichting.",
            (8, "Stand van zaken"): "af",
            (9, "Wanneer"): "31-02-2026",
            (10, "Ministeries"): "SZW, XYZ",
            # Valid changes: not applied either while the file has errors.
            (11, "Stand van zaken"): 4,
            (11, "Wanneer"): dt.datetime(2026, 7, 1),  # a real Excel date
        },
    )
    before = snapshot(opened)
    result = round_spreadsheet_import(round=opened, user=sanne, data=bad, name="szw.xlsx")

    assert not result.ok
    assert result.updated == []
    assert result.errors == [
        SheetError(
            SHEET, 2, "Stand van zaken", "stand van zaken 7 is niet een van 0, 1, 3, 4", "F"
        ),
        SheetError(
            SHEET,
            3,
            "Code",
            "onbekende code van een maatregel 'bestaat-niet' "
            f"(geëxporteerd: {by_row[3]['Code']!r})",
            "B",
        ),
        SheetError(
            SHEET,
            4,
            "Ministeries",
            "u mag VWS niet verantwoordelijk maken: u antwoordt voor SZW",
            "H",
        ),
        SheetError(
            SHEET,
            5,
            "Maatregel",
            f"vaste kolom gewijzigd: geëxporteerd als {by_row[5]['Maatregel']!r}, nu "
            "'Een andere titel' (grijze kolommen mogen niet veranderen)",
            "E",
        ),
        SheetError(
            SHEET,
            6,
            "Wanneer",
            "wanneer 'binnenkort' wordt niet begrepen: schrijf bijvoorbeeld Q3 2025, "
            "2025 - 2027, T/m 2031, Doorlopend, n.v.t. of een datum zoals 1 juli 2025",
            "G",
        ),
        SheetError(
            SHEET,
            7,
            "Versie",
            "conflict: sinds de export in Voortgang gewijzigd door coco (versie 1, nu 2); "
            "exporteer opnieuw en voer deze rij nog eens in",
            "M",
        ),
        SheetError(
            SHEET, 8, "Stand van zaken", "stand van zaken 'af' is niet een van 0, 1, 3, 4", "F"
        ),
        SheetError(SHEET, 9, "Wanneer", "'31-02-2026' is geen bestaande datum", "G"),
        SheetError(
            SHEET,
            10,
            "Ministeries",
            "onbekend ministerie 'XYZ': gebruik codes zoals OCW, SZW, VWS, JenV, BZK (het "
            "blad Instructies noemt ze allemaal)",
            "H",
        ),
    ]
    assert str(result.errors[0]) == (
        "blad 'Maatregelen', rij 2, kolom 'Stand van zaken' (F): "
        "stand van zaken 7 is niet een van 0, 1, 3, 4"
    )
    assert snapshot(opened) == before

    # The same spreadsheet corrected: every error fixed; the conflicting row's change is
    # dropped (the coordinator's answer stays), the valid changes are kept.
    fixed = edited(
        bad,
        {
            (2, "Stand van zaken"): 4,
            (3, "Code"): by_row[3]["Code"],
            (3, "Toelichting"): "Derde rij bijgewerkt.",
            (4, "Ministeries"): by_row[4]["Ministeries"],
            (4, "Wanneer"): "Doorlopend, jaarlijks",
            (5, "Maatregel"): by_row[5]["Maatregel"],
            (6, "Wanneer"): "Q3 2026",
            (7, "Toelichting"): by_row[7]["Toelichting"],
            (8, "Stand van zaken"): 1,
            (9, "Wanneer"): "30-06-2026",
            (10, "Ministeries"): by_row[10]["Ministeries"].lower(),  # codes in any case
            (10, "Toelichting"): "Tiende rij bijgewerkt.",
        },
    )
    result = round_spreadsheet_import(round=opened, user=sanne, data=fixed, name="szw.xlsx")
    assert result.errors == []
    changed_rows = (2, 3, 4, 6, 8, 9, 10, 11)
    assert result.updated == [by_row[r]["Item"] for r in changed_rows]
    assert result.unchanged == len(rows) - len(changed_rows)

    expected = {
        2: {"status": 4},
        3: {"explanation": "Derde rij bijgewerkt."},
        4: {
            "ministries": by_row[4]["Ministeries"].split(", "),
            "when_raw": "Doorlopend, jaarlijks",
        },
        6: {"when_raw": "Q3 2026", "due_start": dt.date(2026, 7, 1)},
        8: {"status": 1},
        9: {"when_raw": "30-06-2026", "due_end": dt.date(2026, 6, 30)},
        10: {
            "ministries": by_row[10]["Ministeries"].split(", "),
            "explanation": "Tiende rij bijgewerkt.",
        },
        11: {"status": 4, "when_raw": "1 juli 2026", "due_start": dt.date(2026, 7, 1)},
    }
    for number, fields in expected.items():
        item = RoundItem.objects.get(pk=by_row[number]["Item"])
        assert item.state == RoundItem.State.DRAFT
        assert item.updated_by == sanne
        assert item.version == 2
        for name, value in fields.items():
            assert getattr(item, name) == value, (number, name)
        saves = AuditEntry.objects.filter(item=item, action="item_save")
        assert [(e.user, e.after["version"]) for e in saves] == [(sanne, 2)]
    # The conflicting row kept the coordinator's answer; untouched rows stayed untouched.
    stale.refresh_from_db()
    assert (stale.explanation, stale.version, stale.updated_by) == (
        "Aangepast door de coördinator.",
        2,
        coco,
    )
    for number in (5, *range(12, len(rows) + 2)):
        assert RoundItem.objects.get(pk=by_row[number]["Item"]).state == "untouched"
    imports = AuditEntry.objects.filter(action="spreadsheet_import")
    assert len(imports) == 1
    assert imports[0].user == sanne and imports[0].round == opened
    assert imports[0].after["file"] == "szw.xlsx"
    assert imports[0].after["items"] == result.updated

    # Uploading the same file again changes nothing (every row equals the current answer).
    after = snapshot(opened)
    again = round_spreadsheet_import(round=opened, user=sanne, data=fixed, name="szw.xlsx")
    assert again.ok and again.updated == [] and again.unchanged == len(rows)
    assert snapshot(opened) == after


def test_the_unchanged_export_imports_as_no_change(opened: Round, people: dict[str, Any]) -> None:
    content = round_spreadsheet_export(round=opened, ministry="SZW").content
    before = snapshot(opened)
    result = round_spreadsheet_import(
        round=opened, user=people["szw"], data=content, name="ronde.xlsx"
    )
    assert result.ok
    assert result.updated == []
    assert result.unchanged == len(szw_items(opened))
    assert snapshot(opened) == before


def test_identity_cells_changed_after_removing_the_protection_are_found(
    opened: Round, people: dict[str, Any]
) -> None:
    content = round_spreadsheet_export(round=opened, ministry="SZW").content
    row = rows_of(content)[0]
    bad = edited(
        content,
        {(2, "Thema"): "Ander thema", (2, "Subthema"): None, (3, "Item"): 999999},
        unprotect=True,
    )
    assert workbook(bad)[SHEET].protection.sheet is False
    before = snapshot(opened)
    result = round_spreadsheet_import(round=opened, user=people["szw"], data=bad, name="f.xlsx")
    assert [(e.row, e.column, e.letter) for e in result.errors] == [
        (2, "Thema", "C"),
        (2, "Subthema", "D"),
        (3, "Item", "A"),
    ]
    assert result.errors[0].message == (
        f"vaste kolom gewijzigd: geëxporteerd als {row['Thema']!r}, nu 'Ander thema' "
        "(grijze kolommen mogen niet veranderen)"
    )
    assert result.errors[2].message == "onbekend item 999999"
    assert snapshot(opened) == before


def test_the_file_itself_is_checked(opened: Round, people: dict[str, Any]) -> None:
    sanne = people["szw"]
    content = round_spreadsheet_export(round=opened, ministry="SZW").content

    def errors(data: bytes) -> list[str]:
        result = round_spreadsheet_import(round=opened, user=sanne, data=data, name="f.xlsx")
        assert not result.ok
        return [str(e) for e in result.errors]

    before = snapshot(opened)
    assert errors(b"Maatregel;Stand\n") == [
        "geen XLSX-werkmap: vul de spreadsheet in die voor de ronde is geëxporteerd en lever "
        "hem in als .xlsx"
    ]
    assert errors(content[: len(content) // 2]) == errors(b"Maatregel;Stand\n")

    wb = workbook(content)
    wb[SHEET].title = "Blad1"
    out = io.BytesIO()
    wb.save(out)
    assert errors(out.getvalue()) == [
        "het blad 'Maatregelen' (het blad om in te vullen) ontbreekt: gebruik het bestand dat "
        "voor de ronde is geëxporteerd (gevonden bladen: Instructies, Blad1, _export)"
    ]

    wb = workbook(content)
    del wb["_export"]
    out = io.BytesIO()
    wb.save(out)
    assert errors(out.getvalue()) == [
        "het blad '_export' (het verborgen blad met de geëxporteerde waarden) ontbreekt: "
        "gebruik het bestand dat voor de ronde is geëxporteerd (gevonden bladen: Instructies, "
        "Maatregelen)"
    ]

    wb = workbook(content)
    wb[SHEET]["G1"] = "Planning"
    wb[SHEET]["I1"] = None
    out = io.BytesIO()
    wb.save(out)
    assert errors(out.getvalue()) == [
        "blad 'Maatregelen', rij 1, kolom 'Wanneer' (G): de kolom 'Wanneer' ontbreekt",
        "blad 'Maatregelen', rij 1, kolom 'Toelichting' (I): de kolom 'Toelichting' ontbreekt",
    ]

    # The hidden original values are protected by a checksum per row.
    wb = workbook(content)
    wb["_export"]["E8"] = "Een andere titel"
    out = io.BytesIO()
    wb.save(out)
    assert errors(out.getvalue()) == [
        "blad '_export', rij 8: het verborgen blad met de geëxporteerde waarden is gewijzigd: "
        "exporteer het bestand opnieuw"
    ]
    assert snapshot(opened) == before


def test_who_may_import(opened: Round, people: dict[str, Any]) -> None:
    content = round_spreadsheet_export(round=opened, ministry="SZW").content
    rows = rows_of(content)
    szw_only = next(n for n, r in enumerate(rows, start=2) if r["Ministeries"] == "SZW")
    shared = next(n for n, r in enumerate(rows, start=2) if r["Ministeries"] == "SZW, OCW")
    changed = edited(
        content,
        {(szw_only, "Toelichting"): "Door OCW.", (shared, "Toelichting"): "Door OCW gedeeld."},
    )
    before = snapshot(opened)

    # An OCW editor may edit the shared item, not the SZW-only one.
    result = round_spreadsheet_import(round=opened, user=people["ocw"], data=changed, name="f")
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (
            szw_only,
            "Ministeries",
            "u mag dit item niet wijzigen: het hoort bij SZW, u antwoordt voor OCW",
        )
    ]
    # A reviewer changes nothing at all.
    result = round_spreadsheet_import(round=opened, user=people["reviewer"], data=changed, name="f")
    assert [str(e) for e in result.errors] == ["rita mag de antwoorden van de ronde niet wijzigen"]
    assert snapshot(opened) == before

    # The coordinator may edit every item.
    result = round_spreadsheet_import(
        round=opened, user=people["coordinator"], data=changed, name="f"
    )
    assert result.ok and len(result.updated) == 2
    assert {i.updated_by for i in RoundItem.objects.filter(pk__in=result.updated)} == {
        people["coordinator"]
    }


def test_a_file_of_another_round_or_item_is_refused(opened: Round, people: dict[str, Any]) -> None:
    coco, sanne = people["coordinator"], people["szw"]
    old_file = round_spreadsheet_export(round=opened, ministry="SZW").content
    # Publish this round (one accepted answer) and open the next one.
    item = szw_items(opened)[0]
    item = services.round_item_save(
        user=sanne,
        item=item,
        version=item.version,
        status=4,
        when_raw=item.when_raw,
        ministries=item.ministries,
        explanation=item.explanation,
    )
    item = services.round_item_submit(user=sanne, item=item, version=item.version)
    services.round_item_accept(user=coco, item=item)
    services.round_publish(user=coco, round=opened)
    opened.refresh_from_db()
    result = round_spreadsheet_import(round=opened, user=sanne, data=old_file, name="f")
    assert [str(e) for e in result.errors] == ["de ronde 'Ronde 2025' is gesloten (gepubliceerd)"]

    later = services.round_open(
        user=coco, name="Ronde 2026", reference_date=REFERENCE, deadline=DEADLINE
    )
    result = round_spreadsheet_import(round=later, user=sanne, data=old_file, name="f")
    assert [str(e) for e in result.errors] == [
        "dit bestand is geëxporteerd voor de ronde 'Ronde 2025', niet voor 'Ronde 2026'"
    ]
    new_file = round_spreadsheet_export(round=later, ministry="SZW").content
    before = snapshot(later)
    result = round_spreadsheet_import(
        round=later, user=sanne, data=edited(new_file, {(2, "Item"): item.pk}), name="f"
    )
    assert [str(e) for e in result.errors] == [
        f"blad 'Maatregelen', rij 2, kolom 'Item' (A): item {item.pk} hoort niet bij de ronde "
        "'Ronde 2026' (het hoort bij 'Ronde 2025')"
    ]
    assert snapshot(later) == before


def test_the_import_errors_are_dutch_by_default_and_english_when_english_is_active(
    opened: Round, people: dict[str, Any]
) -> None:
    sanne = people["szw"]
    content = round_spreadsheet_export(round=opened, ministry="SZW").content
    bad = edited(content, {(2, "Stand van zaken"): 7, (3, "Wanneer"): "binnenkort"})

    def errors() -> list[str]:
        result = round_spreadsheet_import(round=opened, user=sanne, data=bad, name="f.xlsx")
        return [str(e) for e in result.errors]

    assert translation.get_language() == "nl"
    assert errors() == [
        "blad 'Maatregelen', rij 2, kolom 'Stand van zaken' (F): "
        "stand van zaken 7 is niet een van 0, 1, 3, 4",
        "blad 'Maatregelen', rij 3, kolom 'Wanneer' (G): wanneer 'binnenkort' wordt niet "
        "begrepen: schrijf bijvoorbeeld Q3 2025, 2025 - 2027, T/m 2031, Doorlopend, n.v.t. "
        "of een datum zoals 1 juli 2025",
    ]
    with translation.override("en"):
        assert errors() == [
            "sheet 'Maatregelen', row 2, column 'Stand van zaken' (F): "
            "status 7 is not one of 0, 1, 3, 4",
            "sheet 'Maatregelen', row 3, column 'Wanneer' (G): wanneer 'binnenkort' is not "
            "understood: write e.g. Q3 2025, 2025 - 2027, T/m 2031, Doorlopend, n.v.t. or a "
            "date such as 1 juli 2025",
        ]
        # Whole-file problems and the export's error too.
        result = round_spreadsheet_import(
            round=opened, user=people["reviewer"], data=bad, name="f.xlsx"
        )
        assert [str(e) for e in result.errors] == ["rita may not change the round's answers"]
        with pytest.raises(ExportError, match="unknown ministry 'XYZ': use a code such as"):
            round_spreadsheet_export(round=opened, ministry="XYZ")
    # Back in the default language.
    assert errors()[0].startswith("blad 'Maatregelen', rij 2, kolom 'Stand van zaken' (F): ")


# --- CLI ----------------------------------------------------------------------------------


def test_round_export_and_import_through_the_cli(run_cli: Any, tmp_path: Path) -> None:
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    run_cli("ingest", "-q", *map(str, sorted(SAMPLES.glob("*.txt"))), check=True)
    run_cli("createuser", "sanne", "--role", "editor", "--ministry", "SZW",
            "--password-file", str(password), check=True)  # fmt: skip
    run_cli(
        "round",
        "open",
        "Ronde 2025",
        "--deadline",
        "2025-03-01",
        "--reference-date",
        "2025-01-01",
        check=True,
    )

    out = tmp_path / "szw.xlsx"
    result = run_cli("round", "export", "--ministry", "SZW", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = rows_of(out.read_bytes())
    assert len(rows) >= 8

    bad = tmp_path / "ingevuld.xlsx"
    bad.write_bytes(
        edited(
            out.read_bytes(),
            {(2, "Stand van zaken"): 7, (3, "Wanneer"): "binnenkort", (4, "Toelichting"): "Nieuw"},
        )
    )
    result = run_cli("round", "import", str(bad), "--user", "sanne")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{bad}: blad 'Maatregelen', rij 2, kolom 'Stand van zaken' (F): "
        "stand van zaken 7 is niet een van 0, 1, 3, 4",
        f"{bad}: blad 'Maatregelen', rij 3, kolom 'Wanneer' (G): wanneer 'binnenkort' wordt "
        "niet begrepen: schrijf bijvoorbeeld Q3 2025, 2025 - 2027, T/m 2031, Doorlopend, "
        "n.v.t. of een datum zoals 1 juli 2025",
        f"{bad}: 2 errors; nothing changed",
    ]
    listed = run_cli("round", "list", check=True).stdout
    assert "draft 0" in listed

    bad.write_bytes(edited(bad.read_bytes(), {(2, "Stand van zaken"): 4, (3, "Wanneer"): "2026"}))
    result = run_cli("round", "import", str(bad), "--user", "sanne")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{bad}: 3 items updated (drafts of sanne), {len(rows) - 3} unchanged"
    )
    assert "draft 3" in run_cli("round", "list", check=True).stdout

    result = run_cli("round", "import", str(bad), "--user", "nobody")
    assert result.returncode == 1
    assert "there is no account 'nobody'" in result.stderr
    result = run_cli("round", "export", "--ministry", "XYZ", "--out", str(out))
    assert result.returncode == 1
    assert "onbekend ministerie 'XYZ'" in result.stderr
