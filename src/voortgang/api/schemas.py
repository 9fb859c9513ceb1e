"""The API's request parameters and response bodies (the OpenAPI description comes from them).

Every field has an explicit type, so ``/api/openapi.json`` says exactly what a response holds.
The record fields follow the record contract of ``docs/records.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

# --- parameters -----------------------------------------------------------------------------

Kind = Literal["measure", "motion", "commitment", "recommendation", "result", "challenge"]
Sort = Literal["bron", "titel", "stand", "deadline", "-deadline", "relevantie"]
StatusParam = Literal["0", "1", "3", "4", "none", "geen"]
LinkKind = Literal["same_measure", "addresses"]
LinkStatus = Literal["proposed", "accepted", "rejected"]
ReferenceKind = Literal[
    "footnote", "link", "kamerstuk", "kamervragen", "eu_directive", "eu_regulation", "other"
]
MinistryKind = Literal["ministry", "body", "collective"]

#: The largest page size.
MAX_LIMIT = 500
DEFAULT_LIMIT = 50


def _iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` (no timestamps, no other forms pydantic would accept)."""
    if isinstance(value, str):
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError("a date is written YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"not a valid date: {exc}") from None
    if isinstance(value, dt.date):
        return value
    raise ValueError("a date is written YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class PageParams(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT})."
    )


class RecordFilterParams(Schema):
    """The filters of the site's lists (``web/filters.py``), validated strictly."""

    theme: str | None = Field(
        None, max_length=500, description="Theme name (across documents), exactly."
    )
    subtheme: str | None = Field(None, max_length=500, description="Sub-theme name, exactly.")
    status: StatusParam | None = Field(
        None,
        description="Current status code: 0, 1, 3 or 4; `none` (or `geen`) for no status.",
    )
    ministry: str | None = Field(
        None,
        max_length=20,
        description="Ministry or body code (`SZW`, `JenV`, …) responsible by the current status.",
    )
    document: str | None = Field(None, max_length=255, description="Source file name.")
    due_from: IsoDate | None = Field(
        None, description="Due period ends on or after this day (YYYY-MM-DD)."
    )
    due_to: IsoDate | None = Field(
        None, description="Due period starts on or before this day (YYYY-MM-DD)."
    )
    overdue: bool = Field(
        False, description="Only records in progress (3) whose due period ended before today."
    )
    answered: bool | None = Field(
        None,
        description=(
            "`true`: only records an accepted or proposed `addresses` link joins to a "
            "recommendation or measure (a recommendation some measure answers, a measure that "
            "answers one); `false`: only those without (the recommendations of the gap view)."
        ),
    )
    sort: Sort | None = Field(
        None,
        description=(
            "Order: `bron` (source order, the default), `titel`, `stand` (status), `deadline`, "
            "`-deadline`; `relevantie` (the default with `q`) only with `q`."
        ),
    )
    q: str | None = Field(
        None,
        max_length=200,
        description="Full-text search (Dutch stemming; phrases in double quotes).",
    )


class RecordListParams(RecordFilterParams):
    kind: Kind | None = Field(None, description="Record kind.")


class DocumentListParams(Schema):
    format: Literal["annex", "cedaw", "nota", "eindrapportage", "eu_brief"] | None = Field(
        None, description="Document format."
    )


class ThemeListParams(Schema):
    document: str | None = Field(None, max_length=255, description="Source file name.")
    level: int | None = Field(None, ge=1, le=2, description="1: themes, 2: sub-themes.")
    name: str | None = Field(None, max_length=500, description="Theme name, exactly.")


class MinistryListParams(Schema):
    kind: MinistryKind | None = Field(None, description="Ministry, body or collective.")
    responsible: bool = Field(False, description="Only those responsible for at least one record.")


class ReferenceListParams(Schema):
    kind: ReferenceKind | None = Field(None, description="Kind of reference.")
    document: str | None = Field(
        None, max_length=255, description="File name of the citing document."
    )
    dossier: str | None = Field(
        None, max_length=20, description="Dossier number (`30420`; spaces are ignored)."
    )
    number: str | None = Field(None, max_length=20, description="Number within the dossier.")
    key: str | None = Field(None, max_length=100, description="Paper key (`kst-30420-415`).")
    cited: bool | None = Field(
        None, description="`true`: only papers that are themselves in the corpus."
    )


class LinkListParams(Schema):
    kind: LinkKind | None = Field(None, description="Link kind.")
    status: LinkStatus | None = Field(None, description="Decision.")
    record: str | None = Field(
        None, max_length=120, description="A record uid: links from or to it."
    )


# --- errors -------------------------------------------------------------------------------


class ParameterError(Schema):
    parameter: str = Field(..., description="The query or path parameter.")
    message: str


class Error(Schema):
    detail: str
    errors: list[ParameterError] = Field(default_factory=list)


# --- records ------------------------------------------------------------------------------


class Due(Schema):
    start: dt.date | None
    end: dt.date | None


class RecordReference(Schema):
    label: str
    kind: str
    dossier: str | None
    number: str | None
    url: str | None
    document: str | None = Field(
        ..., description="File name of the cited paper when it is in the corpus."
    )


class CrossReferenceOut(Schema):
    theme: str
    subtheme: str | None
    title: str
    line: int


class Record(Schema):
    """A record as the export contract (``docs/records.md``) describes it, and ``overdue``."""

    uid: str
    kind: Kind
    title: str
    document: str
    line: int
    line_end: int
    theme: str | None
    subtheme: str | None
    status: int | None = Field(..., description="0, 1, 3 or 4 as the source gives it.")
    when: str | None
    due: Due | None
    ongoing: bool
    not_applicable: bool
    completed: bool
    who: str | None
    ministries: list[str]
    parts: list[str]
    number: str | None
    text: str
    references: list[RecordReference]
    bullets: list[str]
    see_also: str | None
    urls: list[str]
    submitters: list[str]
    parties: list[str]
    date: dt.date | None
    subject: str | None
    mentioned_in: list[str]
    cross_references: list[CrossReferenceOut]
    overdue: bool = Field(
        ..., description="Current status 3 and the due period ended before today."
    )


class StatusEntryOut(Schema):
    """What one source (or later a reporting round) said about a record's state."""

    document: str | None = Field(..., description="The source file name.")
    document_id: int | None
    status: int | None
    when: str | None = Field(..., description="The source's own words for timing.")
    due_start: dt.date | None
    due_end: dt.date | None
    ongoing: bool
    not_applicable: bool
    completed: bool
    started: bool
    recurring: bool
    who: str | None = Field(..., description="The source's own words for who is responsible.")
    ministries: list[str]
    explanation: str
    bullets: list[str]
    line: int | None
    line_end: int | None
    created_at: dt.datetime


class Link(Schema):
    """A link (contract in ``docs/records.md``) with its decision and evidence."""

    id: int
    kind: LinkKind
    source: str
    target: str
    score: float
    confirmed: bool
    status: LinkStatus
    automatic: bool
    evidence: dict[str, Any]
    created_at: dt.datetime


class RecordDetail(Record):
    history: list[StatusEntryOut] = Field(
        ..., description="Every status entry of the record, oldest first."
    )
    links: list[Link] = Field(..., description="Links from and to this record.")


# --- documents, themes, ministries, references --------------------------------------------


class ThemeOut(Schema):
    id: int
    document: str
    document_id: int
    level: int
    parent_id: int | None
    number: str
    name: str
    line: int
    is_motions: bool
    goal: str
    urls: list[str]
    record_count: int


class ThemeDetail(ThemeOut):
    subthemes: list[ThemeOut]


class DocumentOut(Schema):
    id: int
    name: str
    title: str
    format: str
    date: dt.date | None
    kamerstuk: str | None = Field(..., description="The document's own paper (`kst-30420-415`).")
    kamerstuk_label: str | None
    size: int
    line_count: int
    ingested_at: dt.datetime
    record_count: int
    warning_count: int


class KindCount(Schema):
    kind: Kind
    count: int


class WarningOut(Schema):
    line: int | None
    message: str


class DocumentDetail(DocumentOut):
    legend: dict[str, str] = Field(..., description="Status code → label, as the source has it.")
    kinds: list[KindCount]
    themes: list[ThemeDetail] = Field(..., description="Themes with their sub-themes.")
    warnings: list[WarningOut]


class MinistryOut(Schema):
    code: str
    name_nl: str
    name_en: str
    kind: MinistryKind
    aliases: list[str]
    record_count: int = Field(..., description="Records it is responsible for (current status).")
    overdue_count: int


class ReferenceOut(Schema):
    id: int
    kind: ReferenceKind
    label: str
    document: str = Field(..., description="File name of the citing document.")
    line: int | None
    key: str | None
    session_year: str | None
    dossier: str | None
    number: str | None
    url: str | None
    cited_document: str | None = Field(
        ..., description="File name of the cited paper when it is in the corpus."
    )
    record_count: int = Field(..., description="Records that cite it.")


# --- the index ---------------------------------------------------------------------------


class Index(Schema):
    title: str
    version: str
    docs: str = Field(..., description="URL of the interactive documentation.")
    openapi: str = Field(..., description="URL of this API's OpenAPI description.")
    endpoints: dict[str, str] = Field(..., description="Path → what it lists.")


# --- pages --------------------------------------------------------------------------------


class Page(Schema):
    count: int = Field(..., description="Items in the whole list.")
    next: str | None = Field(..., description="URL of the next page.")
    previous: str | None = Field(..., description="URL of the previous page.")


class RecordPage(Page):
    items: list[Record]


class DocumentPage(Page):
    items: list[DocumentOut]


class ThemePage(Page):
    items: list[ThemeOut]


class MinistryPage(Page):
    items: list[MinistryOut]


class ReferencePage(Page):
    items: list[ReferenceOut]


class LinkPage(Page):
    items: list[Link]
