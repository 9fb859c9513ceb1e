"""The matcher on plain values: normalization, the stages, and the threshold measured on the
bundled annex samples and the real 2023 annex (parsed, no database)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from voortgang.ingest import parse_file
from voortgang.linking.matching import (
    THRESHOLD,
    Item,
    match,
    normalize_title,
    title_similarity,
)

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "voortgang" / "samples"
ANNEX_2023 = SAMPLES / "bijlage-voortgangsrapportage-2023.txt"
ANNEX_2024 = SAMPLES / "bijlage-voortgangsrapportage-2024.txt"


def items(path: Path, prefix: str) -> list[Item]:
    """The records of a document as the matcher sees them (key: prefix + position)."""
    doc = parse_file(path)
    names = [theme.name for theme in doc.themes]
    return [
        Item(
            f"{prefix}{i}",
            record.title,
            record.kind,
            names[record.theme] if record.theme is not None else None,
            names[record.subtheme] if record.subtheme is not None else None,
        )
        for i, record in enumerate(doc.records)
    ]


def titles(found: list[Item], keys: tuple[str, ...]) -> list[str]:
    by_key = {item.key: item.title for item in found}
    return [by_key[key] for key in keys]


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        (
            "Verruimen van de werkbonus voor deeltijders",
            "verruimen van de werkbonus voor deeltijders",
        ),
        ("<i>Equal Futures Charter</i> van de OVSE", "equal futures charter van de ovse"),
        ("<p>Motie van leden Bakker en Smit</p>", "motie van leden bakker en smit"),
        ("Inzet op gelijke rechten binnen de EU²", "inzet op gelijke rechten binnen de eu"),
        ("Veiligheid  lhbtiq+-personen", "veiligheid lhbtiq+ personen"),
        (
            "Coalitie 'Meer meisjes en vrouwen in bèta, techniek en ICT'",
            "coalitie meer meisjes en vrouwen in beta techniek en ict",
        ),
        ("Diversiteit &amp; inclusie (D&I)", "diversiteit inclusie d i"),
        ("Onderzoek\tnaar\u00a0keuzegedrag", "onderzoek naar keuzegedrag"),
    ],
)
def test_normalize_title(raw: str, normalized: str) -> None:
    assert normalize_title(raw) == normalized


def test_the_matcher_imports_without_django() -> None:
    code = (
        "import sys; import voortgang.linking.matching as m; "
        "assert not [n for n in sys.modules if n == 'django' or n.startswith('django.')], "
        "'django imported'; print(m.THRESHOLD)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) == THRESHOLD


def test_samples_2023_to_2024() -> None:
    old, new = items(ANNEX_2023, "a"), items(ANNEX_2024, "b")
    result = match(old=old, new=new)
    pairs = {
        (o, n, p.method)
        for p in result.pairs
        for o, n in [(titles(old, (p.old,))[0], titles(new, (p.new,))[0])]
    }
    assert pairs == {
        ("Verruimen van de werkbonus voor deeltijders",) * 2 + ("exact",),
        ("Regionale banenroutes voor herintreders",) * 2 + ("exact",),
        ("Wettelijke streefcijfers voor de semipublieke sector",) * 2 + ("exact",),
        ("Vervolgaanpak veiligheid lhbtiq+ personen",) * 2 + ("exact",),
        ("Project Veilig Thuis in de Wijk",) * 2 + ("exact",),
        (
            "Rapportage streefcijfers bedrijfsleven",
            "Rapportage over streefcijfers in het bedrijfsleven",
            "fuzzy",
        ),
        (
            "Evaluatie aanvullend geboorteverlof",
            "Evaluatie van het aanvullend geboorteverlof",
            "fuzzy",
        ),
        (
            "Wetsvoorstel verbod conversiehandelingen",
            "Wetsvoorstel verbod op conversiehandelingen",
            "fuzzy",
        ),
    }
    assert titles(old, result.unmatched_old) == [
        "Verkenning deeltijdbonus in de kinderopvang",
        "Pilot meldknop straatintimidatie",
    ]
    assert len(result.unmatched_new) == len(new) - 8
    # Pairs come in the new document's order.
    order = [int(p.new[1:]) for p in result.pairs]
    assert order == sorted(order)


def test_seed_annex_against_itself_pairs_every_record_with_itself(seeds: Path) -> None:
    old = items(seeds / "002_f8a91c7f97a7b53d.txt", "a")
    new = items(seeds / "002_f8a91c7f97a7b53d.txt", "b")
    assert len(old) > 100
    result = match(old=old, new=new)
    assert not result.unmatched_old and not result.unmatched_new
    assert all(p.method == "exact" for p in result.pairs)
    # Repeated titles ("Professionalisering mbo-docenten" in two sub-themes) pair by theme.
    assert all(p.old[1:] == p.new[1:] for p in result.pairs)


def test_threshold_separates_different_measures_from_typos(seeds: Path) -> None:
    """The measurement behind THRESHOLD, on the real 2023 annex: two different measures never
    reach it; the same title with one letter dropped always does."""
    seed = items(seeds / "002_f8a91c7f97a7b53d.txt", "a")
    different = [
        title_similarity(a.title, b.title)
        for a, b in itertools.combinations(seed, 2)
        if a.kind == b.kind and normalize_title(a.title) != normalize_title(b.title)
    ]
    assert max(different) < THRESHOLD
    assert max(different) > 85  # the closest pair ("… in onderwijs" / "… in zorg") is close

    def drop_letter(title: str) -> str:
        i = len(title) // 2
        while i < len(title) and not title[i].isalpha():
            i += 1
        return title[:i] + title[i + 1 :]

    typos = [title_similarity(t.title, drop_letter(t.title)) for t in seed]
    assert min(typos) >= THRESHOLD
    typoed = [
        Item(f"b{t.key[1:]}", drop_letter(t.title), t.kind, t.theme, t.subtheme) for t in seed
    ]
    result = match(old=seed, new=typoed)
    assert not result.unmatched_old
    assert all(p.old[1:] == p.new[1:] for p in result.pairs)


def test_the_same_title_prefers_the_same_theme() -> None:
    old = [
        Item("o1", "Professionalisering van schoolleiders", theme="Onderwijs", subtheme="A"),
        Item("o2", "Professionalisering van schoolleiders", theme="Onderwijs", subtheme="B"),
    ]
    new = [
        Item("n1", "Professionalisering van schoolleiders", theme="Onderwijs", subtheme="B"),
        Item("n2", "Professionalisering van schoolleiders", theme="Onderwijs", subtheme="A"),
    ]
    result = match(old=old, new=new)
    assert {(p.old, p.new) for p in result.pairs} == {("o1", "n2"), ("o2", "n1")}


def test_fuzzy_prefers_the_same_theme_and_is_one_to_one() -> None:
    old = [Item("o1", "Evaluatie aanvullend geboorteverlof", theme="Arbeid")]
    new = [
        Item("n1", "Evaluatie van het aanvullend geboorteverlof", theme="Zorg"),
        Item("n2", "Evaluatie van het aanvullend geboorteverlof", theme="Arbeid"),
    ]
    result = match(old=old, new=new)
    assert [(p.old, p.new, p.method) for p in result.pairs] == [("o1", "n2", "fuzzy")]
    assert result.unmatched_new == ("n1",)


def test_fuzzy_needs_the_same_kind_and_the_threshold() -> None:
    old = [
        Item("o1", "Evaluatie aanvullend geboorteverlof", kind="measure"),
        Item("o2", "Pilot stimuleren meer uren werken in onderwijs"),
    ]
    new = [
        Item("n1", "Evaluatie van het aanvullend geboorteverlof", kind="commitment"),
        Item("n2", "Pilot stimuleren meer uren werken in zorg"),
    ]
    result = match(old=old, new=new)
    assert result.pairs == ()
    assert title_similarity(old[1].title, new[1].title) < THRESHOLD


def test_accepted_links_override_and_rejected_links_forbid() -> None:
    old = [
        Item("o1", "Pilot meldknop straatintimidatie"),
        Item("o2", "Evaluatie aanvullend geboorteverlof"),
        Item("o3", "Project Veilig Thuis in de Wijk"),
    ]
    new = [
        Item("n1", "Monitor online haat"),
        Item("n2", "Evaluatie van het aanvullend geboorteverlof"),
        Item("n3", "Project Veilig Thuis in de Wijk"),
        Item("n4", "Veilig Thuis"),
    ]
    result = match(
        old=old,
        new=new,
        # o1 = n1 directly; o3 = x (a third document) = n4: accepted links are transitive.
        accepted=[("o1", "n1"), ("x", "o3"), ("n4", "x")],
        rejected=[("n2", "o2")],
    )
    assert {(p.old, p.new, p.method) for p in result.pairs} == {
        ("o1", "n1", "link"),
        ("o3", "n4", "link"),
    }
    assert result.unmatched_old == ("o2",)
    assert result.unmatched_new == ("n2", "n3")
    assert result.new_for("o1") == "n1" and result.old_for("n4") == "o3"
    assert result.new_for("o2") is None


def test_a_rejected_link_forbids_even_an_exact_title() -> None:
    old = [Item("o1", "Project Veilig Thuis in de Wijk")]
    new = [Item("n1", "Project Veilig Thuis in de Wijk")]
    assert match(old=old, new=new, rejected=[("o1", "n1")]).pairs == ()
    assert match(old=old, new=new).pairs[0].method == "exact"
