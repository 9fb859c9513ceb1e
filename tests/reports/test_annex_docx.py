"""The annex as Word: its layout, opened with python-docx, and the round trip — the DOCX made
from a document is ingested again with the same records, footnotes and cross-references."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Mm

from voortgang.ingest import parse_bytes, parse_file
from voortgang.ingest.base import ParsedDocument
from voortgang.ingest.word import read_blocks
from voortgang.reports.annex_docx import render_docx
from voortgang.reports.annex_selectors import (
    COLUMNS,
    AnnexFootnote,
    AnnexRow,
    AnnexTheme,
    AnnexView,
    annex_view,
)
from voortgang.tracker.models import CrossReference, Document, Measure, Reference
from voortgang.tracker.services import documents_ingest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "voortgang" / "samples"
SAMPLE_2023 = SAMPLES / "bijlage-voortgangsrapportage-2023.txt"
SAMPLE_2024 = SAMPLES / "bijlage-voortgangsrapportage-2024.txt"


def _ingest(path: Path) -> Document:
    (outcome,) = documents_ingest(paths=[path])
    assert outcome.document is not None
    return outcome.document


def _render(document: Document) -> bytes:
    return render_docx(annex_view(document=document))


# -- what a document holds, record by record ---------------------------------------------


def _stored(document: Document) -> dict[str, Any]:
    """Everything the annex carries, as stored for ``document``, in source order."""
    records = []
    measures = (
        Measure.objects.filter(document=document)
        .select_related("theme", "subtheme")
        .prefetch_related("status_entries__ministry_links__ministry", "references")
        .order_by("line_start", "position")
    )
    for m in measures:
        (entry,) = [e for e in m.status_entries.all() if e.document_id == document.pk]
        notes = sorted(
            (r.marker, r.label) for r in m.references.all() if r.kind == Reference.Kind.FOOTNOTE
        )
        records.append(
            {
                "theme": m.theme.name if m.theme else None,
                "subtheme": m.subtheme.name if m.subtheme else None,
                "kind": m.kind,
                "title": m.title,
                "status": entry.status,
                "when": entry.when_raw,
                "who": entry.who_raw,
                "ministries": [link.ministry.code for link in entry.ministry_links.all()],
                "explanation": entry.explanation,
                "footnotes": notes,
            }
        )
    footnotes = [
        (r.marker, r.label)
        for r in Reference.objects.filter(document=document, kind=Reference.Kind.FOOTNOTE).order_by(
            "line", "id"
        )
    ]
    xrefs = [
        {
            "theme": x.theme.name,
            "subtheme": x.subtheme.name if x.subtheme else None,
            "title": x.title,
            "raw": x.raw,
            "target_theme": x.target_theme.name if x.target_theme else None,
            "target": x.target.title if x.target else None,
        }
        for x in CrossReference.objects.filter(document=document)
        .select_related("theme", "subtheme", "target_theme", "target")
        .order_by("line")
    ]
    themes = [
        (t.level, t.name, t.is_motions, sorted(r.marker for r in t.references.all()))
        for t in document.themes.order_by("position").prefetch_related("references")
    ]
    return {
        "records": records,
        "footnotes": footnotes,
        "xrefs": xrefs,
        "themes": themes,
        "title": document.title,
        "legend": document.legend,
    }


def _parsed(parsed: ParsedDocument) -> dict[str, Any]:
    """The same, as parsed (nothing stored)."""
    themes = parsed.themes
    return {
        "records": [
            (
                themes[r.theme].name if r.theme is not None else None,
                themes[r.subtheme].name if r.subtheme is not None else None,
                r.kind,
                r.title,
                r.status,
                r.when.raw,
                r.who.raw,
                list(r.who.codes),
                r.explanation,
                r.footnotes,
            )
            for r in parsed.records
        ],
        "footnotes": [(f.marker, f.text) for f in parsed.footnotes],
        "xrefs": [(x.title, x.raw, x.theme, x.target_theme, x.target_record) for x in parsed.xrefs],
        "themes": [(t.level, t.name, t.is_motions, t.footnotes) for t in themes],
        "title": parsed.title,
        "legend": parsed.legend,
    }


def _assert_round_trip(source: Path, tmp_path: Path) -> Document:
    original = _ingest(source)
    data = _render(original)
    docx_path = tmp_path / f"{source.stem}.docx"
    docx_path.write_bytes(data)

    # Parsed (no database): the same as the text document parsed.
    again = parse_bytes(data, name=docx_path.name)
    assert again.format == "annex"
    want, got = _parsed(parse_file(source)), _parsed(again)
    assert len(got["records"]) == len(want["records"])
    for expected, actual in zip(want["records"], got["records"], strict=True):
        assert actual == expected
    for key in ("footnotes", "xrefs", "themes", "title", "legend"):
        assert got[key] == want[key], key

    # Ingested into the same database: a second document with the same content.
    copy = _ingest(docx_path)
    assert copy.pk != original.pk
    assert copy.format == "annex"
    want_db, got_db = _stored(original), _stored(copy)
    assert len(got_db["records"]) == len(want_db["records"])
    for expected, actual in zip(want_db["records"], got_db["records"], strict=True):
        assert actual == expected
    for key in ("footnotes", "xrefs", "themes", "title", "legend"):
        assert got_db[key] == want_db[key], key
    # The annex of the copy is the annex of the original.
    view, view_copy = annex_view(document=original), annex_view(document=copy)
    assert [(t.heading, t.footnotes) for t in view_copy.themes] == [
        (t.heading, t.footnotes) for t in view.themes
    ]
    for theme, theme_copy in zip(view.themes, view_copy.themes, strict=True):
        assert [(r.kind, r.cells, r.footnotes) for r in theme_copy.rows] == [
            (r.kind, r.cells, r.footnotes) for r in theme.rows
        ]
    return copy


# -- the layout ---------------------------------------------------------------------------


@pytest.fixture
def sample_docx() -> tuple[Document, bytes]:
    document = _ingest(SAMPLE_2024)
    return document, _render(document)


def _tables_and_paragraphs(data: bytes) -> Any:
    return open_docx(io.BytesIO(data))


def test_a4_portrait_with_title_date_legend_and_properties(
    sample_docx: tuple[Document, bytes],
) -> None:
    document, data = sample_docx
    doc = _tables_and_paragraphs(data)
    (section,) = doc.sections
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert section.page_height > section.page_width
    assert abs(section.left_margin - Mm(20)) < Mm(0.1)
    assert abs(section.right_margin - Mm(20)) < Mm(0.1)
    view = annex_view(document=document)
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == view.title
    assert view.moment is not None
    assert paragraphs[1].text.startswith("Stand per ")
    assert str(view.moment.date.year) in paragraphs[1].text
    texts = [p.text for p in paragraphs]
    legend_at = texts.index("Legenda")
    assert texts[legend_at + 1 : legend_at + 1 + len(view.legend)] == [
        f"{code} = {text}" for code, text in view.legend
    ]
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [t.heading for t in view.themes]
    props = doc.core_properties
    assert props.title == view.title
    assert props.language == "nl-NL"
    (lang,) = doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert lang.get(qn("w:val")) == "nl-NL"
    # The python-docx template's thumbnail (of another document) is left out.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not [n for n in archive.namelist() if "thumbnail" in n]


def test_one_real_table_per_theme_with_a_repeating_header_row(
    sample_docx: tuple[Document, bytes],
) -> None:
    document, data = sample_docx
    view = annex_view(document=document)
    doc = _tables_and_paragraphs(data)
    assert len(doc.tables) == len(view.themes)
    for table, theme in zip(doc.tables, view.themes, strict=True):
        tbl = table._tbl
        assert len(tbl.tblGrid.gridCol_lst) == 5
        (caption,) = tbl.tblPr.findall(qn("w:tblCaption"))
        assert caption.get(qn("w:val")) == theme.heading
        assert tbl.tblPr[-1].tag == qn("w:tblDescription")  # schema order: last in tblPr
        widths = [col.w for col in tbl.tblGrid.gridCol_lst]
        assert max(widths) == widths[4]  # Toelichting is the widest column
        assert abs(sum(widths) - Mm(170)) < Mm(1)
        header = tbl.tr_lst[0]
        assert header.trPr.find(qn("w:tblHeader")) is not None
        assert [tc.xpath("string(.)") for tc in header.tc_lst] == list(COLUMNS)
        assert all(r.get(qn("w:val")) is None for r in header.xpath(".//w:b"))
        assert header.xpath(".//w:b")  # bold
        for tr in tbl.tr_lst:
            assert tr.trPr.find(qn("w:cantSplit")) is not None
        # The header row is the only one that repeats.
        assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in tbl.tr_lst[1:])
        assert len(tbl.tr_lst) == 1 + len(theme.rows)
        for tr, row in zip(tbl.tr_lst[1:], theme.rows, strict=True):
            if row.kind == "subtheme":
                (tc,) = tr.tc_lst
                assert tc.grid_span == 5
                assert tc.xpath("string(.)").startswith(row.title)
                assert tc.xpath(".//w:b") and tc.xpath("./w:tcPr/w:shd")
            else:
                assert len(tr.tc_lst) == 5
                cells = [tc.xpath("string(.)") for tc in tr.tc_lst]
                assert cells[1:] == list(row.cells[1:])
                assert cells[0] == row.title + row.marks


def test_motions_blocks_are_merged_sub_theme_rows(sample_docx: tuple[Document, bytes]) -> None:
    document, data = sample_docx
    doc = _tables_and_paragraphs(data)
    merged = [
        tr.tc_lst[0].xpath("string(.)")
        for table in doc.tables
        for tr in table._tbl.tr_lst
        if len(tr.tc_lst) == 1 and tr.tc_lst[0].grid_span == 5
    ]
    assert any(text.upper() == "MOTIES" for text in merged), merged
    subthemes = list(document.themes.filter(level=2).values_list("raw", flat=True))
    assert len(merged) == len(subthemes)


def test_footnotes_follow_the_table_of_their_theme(sample_docx: tuple[Document, bytes]) -> None:
    document, data = sample_docx
    view = annex_view(document=document)
    doc = _tables_and_paragraphs(data)
    body = list(doc.element.body.iterchildren())
    notes = [(n.mark, n.text) for t in view.themes for n in t.footnotes]
    assert notes, "the sample has footnotes"
    for theme, table in zip(view.themes, doc.tables, strict=True):
        at = body.index(table._tbl)
        after = [el.xpath("string(.)") for el in body[at + 1 : at + 1 + len(theme.footnotes)]]
        assert after == [f"{n.mark} {n.text}" for n in theme.footnotes]
    # Every marker a row cites is printed, as a superscript, in its row.
    cited = {m for t in view.themes for r in t.rows for m in r.footnotes}
    text = "\n".join(tc.xpath("string(.)") for t in doc.tables for tc in t._tbl.iter(qn("w:tc")))
    for marker in cited:
        assert marker.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) in text


def test_footer_numbers_the_pages(sample_docx: tuple[Document, bytes]) -> None:
    _, data = sample_docx
    doc = _tables_and_paragraphs(data)
    footer = doc.sections[0].footer._element
    instructions = [f.get(qn("w:instr")).split()[0] for f in footer.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.xpath("string(.)") == "Pagina 1 van 1"  # placeholders until Word fills in


def test_the_same_annex_gives_the_same_bytes(sample_docx: tuple[Document, bytes]) -> None:
    document, data = sample_docx
    assert _render(document) == data


def test_odd_content_still_gives_a_readable_file() -> None:
    """No reporting moment, no legend, a theme without rows or number, control characters."""
    view = AnnexView(
        document=Document(name="x.txt"),
        title="Bijlage\x0c met stuurteken",
        moment=None,
        legend=[],
        themes=[
            AnnexTheme(number="", name="", rows=[]),
            AnnexTheme(
                number="2",
                name="ZORG",
                rows=[
                    AnnexRow(kind="subtheme", title="Moties²", footnotes=("2",)),
                    AnnexRow(
                        kind="record",
                        title="Motie\x07 van het lid X",
                        status="3",
                        when="Q1 2024",
                        who="VWS",
                        explanation="Regel 1\nregel 2\tmet tab",
                        footnotes=("2", "3"),
                    ),
                ],
                footnotes=[AnnexFootnote("2", "Noot twee"), AnnexFootnote("3", "Noot drie")],
            ),
        ],
    )
    data = render_docx(view)
    doc = open_docx(io.BytesIO(data))
    assert len(doc.tables) == 2
    assert [b.cells for b in read_blocks(data, name="x.docx").blocks] == [
        ["Bijlage met stuurteken"],
        list(COLUMNS),
        ["2. ZORG"],
        list(COLUMNS),
        ["Moties²", "", "", "", ""],  # the marker the title carries is not doubled
        ["Motie van het lid X²³", "3", "Q1 2024", "VWS", "Regel 1 regel 2 met tab"],
        ["² Noot twee"],
        ["³ Noot drie"],
    ]


# -- the round trip -----------------------------------------------------------------------


@pytest.mark.parametrize("sample", [SAMPLE_2023, SAMPLE_2024], ids=["2023", "2024"])
def test_round_trip_of_the_samples(sample: Path, tmp_path: Path) -> None:
    _assert_round_trip(sample, tmp_path)


@pytest.mark.seeds
def test_round_trip_of_the_2023_annex(seeds: Path, tmp_path: Path) -> None:
    copy = _assert_round_trip(seeds / "002_f8a91c7f97a7b53d.txt", tmp_path)
    assert copy.measures.count() == 149
    assert copy.xrefs.count() == CrossReference.objects.exclude(document=copy).count() > 0
    # Re-ingesting the same DOCX changes nothing.
    (same,) = documents_ingest(paths=[tmp_path / "002_f8a91c7f97a7b53d.docx"])
    assert same.result == "unchanged"
    assert same.document is not None and same.document.pk == copy.pk
