"""The link proposer on small hand-made records (no database), and the gold set's shape."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from voortgang.linking import proposals as P
from voortgang.linking.proposals import Corpus, GoldPair, Record

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"


def _record(
    uid: str,
    document: str,
    title: str,
    text: str = "",
    *,
    kind: str = "measure",
    theme: str | None = None,
    ministries: tuple[str, ...] = (),
) -> Record:
    return Record(
        uid=uid,
        document=document,
        kind=kind,
        title=title,
        text=text,
        theme=theme,
        ministries=ministries,
    )


def _corpus() -> list[Record]:
    """Two annexes and a recommendation document, with look-alike measures."""
    return [
        _record(
            "a-1",
            "a.txt",
            "Programma Veilige Steden",
            "OCW steunt gemeenten bij de veiligheid van vrouwen in de openbare ruimte.",
            ministries=("OCW",),
            theme="Veiligheid",
        ),
        _record(
            "a-2",
            "a.txt",
            "Samenwerking met regenboogsteden",
            "Samen met de Regenboogsteden werkt OCW aan acceptatie van lhbtiq+ personen.",
            ministries=("OCW",),
            theme="Veiligheid",
        ),
        _record(
            "a-3",
            "a.txt",
            "Alliantie Kleurrijk en Vrij",
            "De alliantie Kleurrijk en Vrij werkt aan gelijke rechten.",
            theme="Gelijke behandeling",
        ),
        _record(
            "a-4",
            "a.txt",
            "Verhoging van de arbeidskorting",
            "Werken wordt fiscaal aantrekkelijker voor deeltijders.",
            ministries=("SZW",),
            theme="Arbeid",
        ),
        _record(
            "b-1",
            "b.txt",
            "Programma Regenboogsteden",
            "OCW werkt met de 56 Regenboogsteden aan sociale acceptatie en veiligheid.",
            ministries=("OCW",),
            theme="Iedereen moet veilig kunnen zijn",
        ),
        _record(
            "b-2",
            "b.txt",
            "Programma Veilige Steden",
            "Het ministerie ondersteunt gemeenten bij de veiligheid van vrouwen op straat.",
            ministries=("OCW",),
            theme="Iedereen moet veilig kunnen zijn",
        ),
        _record(
            "b-3",
            "b.txt",
            "Alliantie Kleurrijk en Vrij",
            "Van 2023 tot en met 2027 subsidieer ik de alliantie Kleurrijk en Vrij.",
        ),
        _record(
            "b-4",
            "b.txt",
            "Nationale strategie vrouwengezondheid",
            "Het kabinet werkt aan een strategie voor de gezondheid van vrouwen.",
            ministries=("VWS",),
        ),
        _record(
            "r-1",
            "r.txt",
            "Maatschappelijke organisaties duurzaam te financieren",
            "OCW financiert organisaties, onder meer via de Alliantie Kleurrijk en Vrij.",
            kind="recommendation",
            ministries=("OCW",),
            theme="Maatschappelijk middenveld",
        ),
        _record(
            "r-2",
            "r.txt",
            "Gezondheidszorg voor vrouwen te verbeteren",
            "In 2025 is de Nationale strategie vrouwengezondheid gelanceerd.",
            kind="recommendation",
            ministries=("VWS",),
            theme="Gezondheid",
        ),
    ]


def test_stems_fold_and_names() -> None:
    assert P.fold("Geëvalueerd <i>beleid</i>").split() == ["geevalueerd", "beleid"]
    assert P.stems("Samenwerking met de Regenboogsteden") == P.stems("samenwerking regenboogsteden")
    assert "de" not in " ".join(P.stems("de Regenboogsteden"))
    found = P.names("Ik subsidieer de alliantie Kleurrijk en Vrij en het NWA-programma.")
    assert "kleurrijk vrij" in found and "nwa" in found
    # Ministries and generic words are never a distinctive name on their own.
    assert not P.names("Het ministerie van OCW en de Tweede Kamer.")
    assert "act4respect" in P.names("Daarnaast heb ik de alliantie Act4Respect ondersteund.")


def test_same_measure_pairs_the_right_records_one_to_one() -> None:
    corpus = Corpus(_corpus())
    proposals = P.propose_same_measure(corpus, floor=0.0, document_order=["a.txt", "b.txt"])
    pairs = {(p.source, p.target) for p in proposals}
    assert {("a-1", "b-2"), ("a-2", "b-1"), ("a-3", "b-3")} <= pairs
    assert ("a-1", "b-1") not in pairs and ("a-2", "b-2") not in pairs
    # One record per other document at most, and the earlier document is the source.
    assert len({p.source for p in proposals}) == len(proposals)
    assert len({p.target for p in proposals}) == len(proposals)
    assert all(p.source.startswith("a-") and p.target.startswith("b-") for p in proposals)
    for p in proposals:
        assert 0.0 <= p.score <= 1.0
        assert set(P.FEATURES) <= set(p.evidence)
        assert p.kind == P.SAME_MEASURE
    same_name = next(p for p in proposals if p.source == "a-3")
    assert "kleurrijk vrij" in same_name.evidence["shared_names"]
    # The same programme scores higher than a look-alike.
    right = corpus.score("a-1", "b-2", P.SAME_MODEL)[0]
    look_alike = corpus.score("a-1", "b-1", P.SAME_MODEL)[0]
    assert right > look_alike


def test_a_name_only_one_record_mentions_and_a_result_sentence_count_against_a_pair() -> None:
    records = [
        _record(
            "a-1",
            "a.txt",
            "VHTO organiseert ieder jaar Girlsday voor meiden.",
            "VHTO organiseert ieder jaar Girlsday waar meiden kennismaken met techniek.",
            kind="result",
        ),
        _record(
            "b-1",
            "b.txt",
            "Coalitie meer meisjes in techniek",
            "De coalitie wil meer meiden enthousiasmeren voor techniek, met VHTO.",
        ),
        _record("b-2", "b.txt", "Girlsday", "Ieder jaar organiseert VHTO de Girlsday."),
    ]
    corpus = Corpus(records)
    other = corpus.features("a-1", "b-1")
    same = corpus.features("a-1", "b-2")
    assert "girlsday" in other["missing_names"] and other["name_missing"] > 0
    assert same["name_missing"] == 0 and not same["missing_names"]
    assert other["is_result"] == same["is_result"] == 1.0
    assert corpus.features("b-1", "b-2")["is_result"] == 0.0
    assert P.SAME_MODEL["name_missing"] < 0 and P.SAME_MODEL["is_result"] < 0
    assert set(P.SAME_FEATURES) <= set(P.SAME_MODEL)


def test_same_measure_never_proposes_recommendations_and_respects_the_floor() -> None:
    corpus = Corpus(_corpus())
    proposals = P.propose_same_measure(corpus, floor=0.0)
    assert not {p.source for p in proposals} & {"r-1", "r-2"}
    assert not {p.target for p in proposals} & {"r-1", "r-2"}
    high = P.propose_same_measure(corpus, floor=0.999999)
    assert all(p.score >= 0.999999 for p in high)
    assert len(high) < len(proposals)


def test_rejected_pairs_are_not_proposed_and_accepted_pairs_stay_out_of_the_matching() -> None:
    corpus = Corpus(_corpus())
    rejected = P.propose_same_measure(corpus, floor=0.0, forbidden=[("b-2", "a-1")])
    assert ("a-1", "b-2") not in {(p.source, p.target) for p in rejected}
    # An accepted pair (a person linked a-4 to b-2) takes both records out: b-2 is not
    # proposed for another record of a.txt, a-4 for no other record of b.txt.
    fixed = P.propose_same_measure(corpus, floor=0.0, fixed=[("a-4", "b-2")])
    for p in fixed:
        assert p.target != "b-2" and p.source != "a-4"


def test_addresses_names_the_measures_a_recommendation_answer_mentions() -> None:
    corpus = Corpus(_corpus())
    proposals = P.propose_addresses(corpus, floor=0.0, top_k=2)
    by_target: dict[str, list[P.Proposal]] = {}
    for p in proposals:
        assert p.kind == P.ADDRESSES
        assert not p.source.startswith("r-")
        by_target.setdefault(p.target, []).append(p)
    assert set(by_target) == {"r-1", "r-2"}
    assert all(len(found) <= 2 for found in by_target.values())
    assert by_target["r-1"][0].source in {"a-3", "b-3"}
    assert by_target["r-2"][0].source == "b-4"
    scores = [p.score for p in by_target["r-1"]]
    assert scores == sorted(scores, reverse=True)


def test_records_from_export_takes_the_referred_text() -> None:
    rows: list[dict[str, Any]] = [
        {"uid": "x-r-1", "document": "c.txt", "kind": "recommendation", "title": "Eerste",
         "text": "Het College krijgt een rol.", "see_also": None},
        {"uid": "x-r-2", "document": "c.txt", "kind": "recommendation", "title": "Tweede",
         "text": "Zie bovenstaande.", "see_also": "x-r-1", "ministries": ["BZK"]},
    ]  # fmt: skip
    records = P.records_from_export(rows)
    assert records[1].text == "Zie bovenstaande. Het College krijgt een rol."
    assert records[1].ministries == ("BZK",)
    assert records[0].theme is None


def test_measure_counts_judged_pairs_and_same_document_duplicates() -> None:
    gold = [
        GoldPair("d1-m-a", "d2-m-a", True, "A"),
        GoldPair("d1-m-b", "d2-m-b", True, "B"),
        GoldPair("d1-m-c", "d2-m-x", False, "A"),
        # d1-res-a is the same measure as d1-m-a, appearing twice in d1.
        GoldPair("d1-m-a", "d1-res-a", True, "A"),
    ]
    proposed = [("d2-m-a", "d1-res-a"), ("d1-m-c", "d2-m-x"), ("d1-m-q", "d2-m-q")]
    m = P.measure(proposed, gold)
    assert (m.true_positives, m.false_positives, m.false_negatives, m.unjudged) == (1, 1, 1, 1)
    assert m.precision == 0.5 and m.recall == 0.5 and m.f1 == 0.5
    a = P.measure(proposed, gold, half="A")
    assert (a.precision, a.recall) == (0.5, 1.0)
    nothing = P.measure([], gold, half="B")
    assert (nothing.precision, nothing.recall) == (1.0, 0.0)


def test_fit_logistic_weighs_the_informative_feature() -> None:
    examples = []
    for i in range(20):
        strong = i % 2 == 0
        features = dict.fromkeys(P.FEATURES, 0.0)
        features["names"] = 1.0 if strong else 0.0
        features["theme"] = 0.5  # the same for every example: no information
        examples.append((features, strong))
    model = P.fit_logistic(examples, iterations=500)
    assert model["names"] > 2.0
    assert abs(model["theme"]) < abs(model["names"]) / 4
    corpus_free = 1 / (1 + 2.718281828 ** -(model["bias"] + model["names"] + 0.5 * model["theme"]))
    assert corpus_free > 0.8


UID = re.compile(r"^[0-9a-f]{8}-[a-z]+-[0-9a-z-]+$")


@pytest.mark.parametrize(("name", "positives"), [("same_measure", 40), ("addresses", 30)])
def test_gold_sets_are_well_formed(name: str, positives: int) -> None:
    with (GOLD / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["source", "target", "label", "half", "note"]
    pairs = [frozenset((r["source"], r["target"])) for r in rows]
    assert len(pairs) == len(set(pairs)), "a pair is labelled twice"
    for row in rows:
        assert UID.match(row["source"]) and UID.match(row["target"]), row
        assert row["label"] in {"0", "1"} and row["note"].strip()
        even = int(hashlib.sha256(f"{row['source']}|{row['target']}".encode()).hexdigest(), 16)
        assert row["half"] == ("A" if even % 2 == 0 else "B"), row
    cross = [r for r in rows if r["source"][:8] != r["target"][:8]]
    assert sum(r["label"] == "1" for r in cross) >= positives
    assert sum(r["label"] == "0" for r in cross) >= 20
    for half in ("A", "B"):
        assert sum(r["label"] == "1" and r["half"] == half for r in cross) >= positives // 3
    if name == "addresses":
        assert all(re.match(r"^[0-9a-f]{8}-r-\d+[a-z]?$", r["target"]) for r in rows)
