"""Linking benchmark: precision and recall of the link proposals against the hand-labelled
gold set (tests/data/gold), and the time to link the whole corpus.

Ingests the five seed documents in ../shared/seeds into a fresh SQLite database (or, with
`--database-url postgres://…`, a fresh temporary database on that server), runs
`links_compute` (as `voortgang link` does) and times it, then compares the proposals in
the `Link` table with the gold pairs: precision, recall and F1 per kind, on the whole gold
set and on each half (the models and thresholds were chosen on half A; half B is the
held-out check). It also prints the precision of the proposals above a few candidate
automatic-acceptance scores, and for linking by hand the place of each positive gold pair's
partner among a record's candidates (``link_candidates``), the gap view's suggestions and the
review's candidates below the floor (``same_measure_candidates``: how many, how many the gold
set labels right, and the recall of proposals and candidates decided together).

With `--errors`, it lists the false positives and false negatives with their features (the
error analysis of issue 7). With `--sweep`, it prints precision and recall per half over a
range of thresholds (how the thresholds were chosen on half A). With `--fit`, the two
logistic models are fitted again on half A (gold pairs of half A plus a fixed, hash-chosen
sample of other cross-document pairs as negatives) and printed, to be copied into
`src/voortgang/linking/proposals.py`.

With `--half B`, `--fit` fits on half B and `--sweep` sweeps the models fitted on half B (the
reverse check: thresholds chosen on B, read on A).

With `--ceiling`, the same-measure model is fitted on *every* gold pair (both halves, plus
the random negatives of both) and read on those same pairs: the most favourable case there
is, a model tuned to the very answers it is checked against. It prints, per regularisation,
the best precision at any threshold where recall is at least 0.8 and the best recall where
precision is at least 0.9, and how well each feature alone orders the gold pairs (AUC). If
even this in-sample fit misses the target, no threshold and no reweighting of these
features reaches it (docs/linking.md, "Against the targets").

Rerun: uv run python bench/linking.py [--fit | --sweep | --errors | --ceiling] [--half A|B]
[--database-url URL]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
import time
from pathlib import Path
from typing import Any

from _common import bench_database

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "gold"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"

#: Random negatives per kind for fitting (before the split into halves).
RANDOM_NEGATIVES = {"same_measure": 200, "addresses": 400}
#: L2 regularisation per kind when fitting (chosen on half A: 0.001, 0.003, 0.01 and 0.03
#: were tried; with the two same-measure features ``is_result`` and ``name_missing``, 0.01
#: gave the most recall at precision 0.9 on half A).
FIT_L2 = {"same_measure": 0.01, "addresses": 0.001}
AUTO_ACCEPT_CANDIDATES = (0.8, 0.85, 0.9, 0.95, 0.98)


def load_gold(name: str) -> list[Any]:
    from voortgang.linking.proposals import GoldPair

    with (GOLD / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return [
            GoldPair(row["source"], row["target"], row["label"] == "1", row["half"], row["note"])
            for row in csv.DictReader(handle)
        ]


def _hash(a: str, b: str) -> str:
    return hashlib.sha256(f"{a}|{b}".encode()).hexdigest()


def training_examples(corpus: Any, gold: list[Any], kind: str, half: str) -> list[Any]:
    """The gold pairs of ``half`` (across documents), plus the other pairs of records that
    could be proposed, ordered by the sha256 of ``source|target``: the first
    ``RANDOM_NEGATIVES[kind]`` of them, those whose hash is even for half A (odd for B)."""
    from voortgang.linking.proposals import ADDRESSING_KINDS, RECOMMENDATION, SAME_KINDS

    known = {frozenset((g.source, g.target)) for g in gold}
    records = corpus.records
    if kind == "same_measure":
        eligible = [r for r in records if r.kind in SAME_KINDS]
        pairs = [
            (a.uid, b.uid)
            for i, a in enumerate(eligible)
            for b in eligible[i + 1 :]
            if a.document != b.document
        ]
    else:
        measures = [r for r in records if r.kind in ADDRESSING_KINDS]
        recommendations = [r for r in records if r.kind == RECOMMENDATION]
        pairs = [(m.uid, r.uid) for m in measures for r in recommendations]
    others = sorted((_hash(a, b), a, b) for a, b in pairs if frozenset((a, b)) not in known)
    others = others[: RANDOM_NEGATIVES[kind]]
    parity = 0 if half == "A" else 1
    examples = [
        (corpus.features(g.source, g.target), g.label)
        for g in gold
        if g.half == half and g.source.split("-")[0] != g.target.split("-")[0]
    ]
    examples += [(corpus.features(a, b), False) for h, a, b in others if int(h, 16) % 2 == parity]
    return examples


def fitted(corpus: Any, gold: dict[str, list[Any]], half: str) -> dict[str, dict[str, float]]:
    """Both logistic models fitted on ``half`` of the gold set (plus the random negatives of
    ``training_examples``)."""
    from voortgang.linking import proposals as P

    features = {"same_measure": P.SAME_FEATURES, "addresses": P.ADDRESSES_FEATURES}
    return {
        kind: P.fit_logistic(
            training_examples(corpus, gold[kind], kind, half),
            features=features[kind],
            l2=FIT_L2[kind],
        )
        for kind in ("same_measure", "addresses")
    }


def sweep(gold: dict[str, list[Any]], half: str = "A") -> None:
    """Precision and recall per half at a range of thresholds (to choose them on half A).
    With ``half`` B, the models are fitted on half B first and swept with those (the
    reverse check: thresholds chosen on B, read on A)."""
    from voortgang.linking import proposals as P
    from voortgang.tracker.selectors import record_list, reporting_moments

    corpus = P.Corpus(P.records_from_export(record_list()))
    order = [m.document.name for m in reporting_moments(with_status_only=False)]
    models = fitted(corpus, gold, half) if half != "A" else {}
    found = {
        "same_measure": P.propose_same_measure(
            corpus, document_order=order, floor=0.0, model=models.get("same_measure")
        ),
        "addresses": P.propose_addresses(corpus, floor=0.0, model=models.get("addresses")),
    }
    for kind, proposals in found.items():
        print(kind)
        for cut in [round(0.3 + 0.02 * i, 2) for i in range(35)]:
            pairs = [(p.source, p.target) for p in proposals if p.score >= cut]
            cells = []
            for part in ("A", "B", None):
                m = P.measure(pairs, gold[kind], half=part)
                cells.append(f"{part or 'all'} P={m.precision:.2f} R={m.recall:.2f}")
            print(
                f"  >= {cut}: {len(pairs):4} links; "
                + "; ".join(cells)
                + f"; unjudged {m.unjudged}"
            )


def _auc(scored: list[tuple[float, bool]]) -> float:
    """The probability that a random positive scores above a random negative (ties half)."""
    positives = [s for s, label in scored if label]
    negatives = [s for s, label in scored if not label]
    if not positives or not negatives:
        return 0.5
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def ceiling(gold: dict[str, list[Any]]) -> None:
    """The same-measure model fitted in-sample on every gold pair, read on the same pairs
    through the real proposer (one-to-one per document pair): the best any threshold and
    any weights over these features can do on this gold set."""
    from voortgang.linking import proposals as P
    from voortgang.tracker.selectors import record_list, reporting_moments

    corpus = P.Corpus(P.records_from_export(record_list()))
    order = [m.document.name for m in reporting_moments(with_status_only=False)]
    pairs = gold["same_measure"]
    examples = training_examples(corpus, pairs, "same_measure", "A")
    examples += training_examples(corpus, pairs, "same_measure", "B")
    print("same_measure fitted on every gold pair (in-sample) and read on them:")
    for l2 in (0.01, 0.001, 0.0001):
        model = P.fit_logistic(examples, features=P.SAME_FEATURES, l2=l2, iterations=6000)
        proposals = P.propose_same_measure(corpus, document_order=order, floor=0.0, model=model)
        best_p: tuple[float, float, float, int] = (0.0, 0.0, 0.0, 0)
        best_r: tuple[float, float] = (0.0, 0.0)
        for cut in [round(0.2 + 0.01 * i, 2) for i in range(79)]:
            m = P.measure([(p.source, p.target) for p in proposals if p.score >= cut], pairs)
            if m.recall >= 0.8 and m.precision > best_p[0]:
                best_p = (m.precision, m.recall, cut, m.unjudged)
            if m.precision >= 0.9 and m.recall > best_r[0]:
                best_r = (m.recall, cut)
        print(
            f"  L2 {l2}: at recall >= 0.8 the best precision is {best_p[0]:.2f} "
            f"(recall {best_p[1]:.2f}, from {best_p[2]}, {best_p[3]} unjudged not counted); "
            f"at precision >= 0.9 the best recall is {best_r[0]:.2f} (from {best_r[1]})"
        )
    cross = [g for g in pairs if g.source.split("-")[0] != g.target.split("-")[0]]
    # One feature computation per pair: the current model's score and every feature.
    scored = [(corpus.score(g.source, g.target, P.SAME_MODEL), g.label) for g in cross]
    aucs = {
        name: _auc([(float(f[name]), label) for (_, f), label in scored])
        for name in P.SAME_FEATURES
    }
    score_auc = _auc([(score, label) for (score, _), label in scored])
    print(
        f"  AUC over the {len(cross)} cross-document gold pairs: the model's score "
        f"{score_auc:.2f}; "
        + ", ".join(f"{name} {auc:.2f}" for name, auc in sorted(aucs.items(), key=lambda x: -x[1]))
    )


def _finder(parent: dict[str, str]) -> Any:
    def find(uid: str) -> str:
        while parent.get(uid, uid) != uid:
            uid = parent[uid]
        return uid

    return find


def errors(gold: dict[str, list[Any]], links: list[dict[str, Any]]) -> None:
    """The false positives and false negatives of the linked table, with their features (a
    positive gold pair of two records of one document joins them, as in ``measure``)."""
    from voortgang.linking import proposals as P
    from voortgang.tracker.selectors import record_list

    corpus = P.Corpus(P.records_from_export(record_list()))
    models = {"same_measure": P.SAME_MODEL, "addresses": P.ADDRESSES_MODEL}
    shown = ("score", *P.FEATURES)
    for kind, pairs in gold.items():
        parent: dict[str, str] = {}
        find = _finder(parent)
        for g in pairs:
            if g.label and g.source.split("-")[0] == g.target.split("-")[0]:
                a, b = sorted((find(g.source), find(g.target)))
                parent[b] = a
        linked = {
            frozenset((find(x["source"]), find(x["target"]))) for x in links if x["kind"] == kind
        }
        print(f"{kind}: false positives (+) and false negatives (-)")
        for g in pairs:
            if g.source.split("-")[0] == g.target.split("-")[0]:
                continue
            proposed = frozenset((find(g.source), find(g.target))) in linked
            if proposed == g.label:
                continue
            score, features = corpus.score(g.source, g.target, models[kind])
            values = {"score": score} | features
            cells = " ".join(f"{name}={float(values[name]):.2f}" for name in shown)
            print(f"  {'+' if proposed else '-'} {g.half} {g.source} {g.target} ({g.note})")
            print(f"      {cells} missing={features['missing_names']}")


def candidate_ranks(
    gold: dict[str, list[Any]], links: list[dict[str, Any]], *, page: int = 12
) -> None:
    """Where linking by hand finds what the machine misses: for every positive gold pair
    across documents, the place of the one record among the candidates the page
    ``/koppelingen/maken/<uid>/`` lists for the other (``link_candidates``, every other
    document, best score first, no floor). Same-measure pairs are read both ways;
    recommendation pairs from the recommendation (the gap view's way in). Printed for every
    positive pair and for those the machine did not propose (what a person must find)."""
    from voortgang.linking.selectors import link_candidates, record_get

    for kind, pairs in gold.items():
        linked = {frozenset((x["source"], x["target"])) for x in links if x["kind"] == kind}
        places: list[int] = []
        missed: list[int] = []
        for g in pairs:
            if not g.label or g.source.split("-")[0] == g.target.split("-")[0]:
                continue
            ways = [(g.source, g.target), (g.target, g.source)]
            if kind == "addresses":
                ways = [(g.target, g.source)]
            for a, b in ways:
                record = record_get(uid=a)
                assert record is not None, a
                found = [c.record.uid for c in link_candidates(measure=record, limit=page)]
                place = found.index(b) + 1 if b in found else page + 1
                places.append(place)
                if frozenset((g.source, g.target)) not in linked:
                    missed.append(place)
        for label, values in (("all positive pairs", places), ("not proposed", missed)):
            cells = ", ".join(
                f"first {k}: {sum(1 for p in values if p <= k) / max(1, len(values)):.2f}"
                for k in (1, 3, page)
            )
            print(f"  {kind}, {label} ({len(values)} lookups): {cells}")


def suggested_successors(gold: dict[str, list[Any]]) -> None:
    """The gap view's suggestions to the coordinator (``successor_suggestions``): for each
    vanished measure without a proposal, the next document's record most like it. How many
    there are, how long they take, and — for the vanished measures with a positive gold
    partner in that document — how often the suggestion is that partner; and how many
    suggestions are pairs labelled as *not* the same measure."""
    from voortgang.linking.gaps import gap_report
    from voortgang.linking.selectors import SUGGEST_FLOOR, proposal_corpus, successor_suggestions

    report = gap_report()
    wanted = [(v.record.uid, v.next_document) for v in report.vanished if not v.proposed]
    started = time.perf_counter()
    suggestions = successor_suggestions(wanted=wanted)
    took = time.perf_counter() - started
    partners: dict[str, set[str]] = {}
    negatives: set[frozenset[str]] = set()
    for g in gold["same_measure"]:
        if g.label:
            partners.setdefault(g.source, set()).add(g.target)
            partners.setdefault(g.target, set()).add(g.source)
        else:
            negatives.add(frozenset((g.source, g.target)))
    document_of = {uid: p.record.document for uid, p in proposal_corpus().prepared.items()}
    with_partner = right = 0
    for uid, document in wanted:
        mine = {p for p in partners.get(uid, ()) if document_of.get(p) == document}
        if not mine:
            continue
        with_partner += 1
        suggestion = suggestions.get(uid)
        right += bool(suggestion and suggestion.record.uid in mine)
    wrong = sum(1 for uid, s in suggestions.items() if frozenset((uid, s.record.uid)) in negatives)
    print(
        f"gap view suggestions (score >= {SUGGEST_FLOOR}): {len(suggestions)} for "
        f"{len(wanted)} vanished measures without a proposal, in {took * 1000:.0f} ms; of the "
        f"{with_partner} with a gold partner in the next document, {right} suggest it; "
        f"{wrong} suggestions are gold negatives"
    )


def below_floor(gold: dict[str, list[Any]], links: list[dict[str, Any]]) -> None:
    """The review's candidates below the floor (``same_measure_candidates``): how many, how
    long they take, how many the gold set labels right or wrong, and the recall a
    coordinator would reach by deciding every proposal and every candidate correctly."""
    from voortgang.linking import proposals as P
    from voortgang.linking.selectors import SUGGEST_FLOOR, same_measure_candidates

    started = time.perf_counter()
    found = same_measure_candidates()
    took = time.perf_counter() - started
    labels = {frozenset((g.source, g.target)): g.label for g in gold["same_measure"]}
    judged = [labels.get(frozenset((c.source.uid, c.target.uid))) for c in found]
    proposed = [(x["source"], x["target"]) for x in links if x["kind"] == "same_measure"]
    alone = P.measure(proposed, gold["same_measure"])
    both = P.measure(proposed + [(c.source.uid, c.target.uid) for c in found], gold["same_measure"])
    print(
        f"candidates below the floor (score >= {SUGGEST_FLOOR}): {len(found)} pairs in "
        f"{took * 1000:.0f} ms; {judged.count(True)} gold positives, {judged.count(False)} "
        f"gold negatives, {judged.count(None)} unjudged; deciding the proposals and the "
        f"candidates rightly finds {both.true_positives} of "
        f"{both.true_positives + both.false_negatives} gold pairs (recall {both.recall:.2f}; "
        f"the proposals alone {alone.recall:.2f})"
    )


def run(args: argparse.Namespace) -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "voortgang.settings"
    django.setup()
    from django.core.management import call_command

    from voortgang.linking import proposals as P
    from voortgang.linking.models import Link
    from voortgang.linking.selectors import link_list
    from voortgang.linking.services import links_compute
    from voortgang.tracker.selectors import record_list
    from voortgang.tracker.services import documents_ingest

    call_command("migrate", verbosity=0)
    seeds = sorted(p for p in args.seeds.glob("*") if p.is_file())
    started = time.perf_counter()
    documents_ingest(paths=seeds)
    print(f"ingested {len(seeds)} seed documents in {time.perf_counter() - started:.2f} s")

    gold = {"same_measure": load_gold("same_measure"), "addresses": load_gold("addresses")}
    if args.fit:
        corpus = P.Corpus(P.records_from_export(record_list()))
        for kind, model in fitted(corpus, gold, args.half).items():
            print(f"{kind} model fitted on half {args.half}: {model}")
        return

    if args.sweep:
        sweep(gold, args.half)
        return
    if args.ceiling:
        ceiling(gold)
        return
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        summary = links_compute()
        times.append(time.perf_counter() - started)
    print(
        f"linked the corpus in {min(times):.2f} s (best of {args.repeat}; "
        f"first {times[0]:.2f} s; target < 5 s)"
    )
    for (kind_name, status), count in sorted(summary.totals.items()):
        print(f"  {kind_name} {status}: {count}")

    # Linking by hand: the candidates page's read (the corpus is built once per data state).
    from voortgang.linking import selectors as link_selectors
    from voortgang.tracker.models import Measure

    link_selectors.proposal_corpus_forget()
    sample = list(Measure.objects.filter(kind__in=["measure", "recommendation"])[::40])
    started = time.perf_counter()
    link_selectors.link_candidates(measure=sample[0], limit=12)
    cold = time.perf_counter() - started
    warm = []
    for measure in sample:
        started = time.perf_counter()
        link_selectors.link_candidates(measure=measure, limit=12, query="")
        warm.append(time.perf_counter() - started)
    print(
        f"candidates for linking by hand: first {cold:.2f} s (builds the corpus), then "
        f"median {sorted(warm)[len(warm) // 2] * 1000:.0f} ms, max {max(warm) * 1000:.0f} ms "
        f"over {len(warm)} records"
    )

    links = link_list(include_rejected=True)
    print("linking by hand: the gold partner's place among a record's candidates")
    candidate_ranks(gold, links)
    suggested_successors(gold)
    below_floor(gold, links)
    if args.errors:
        errors(gold, links)
        return
    scores = {
        kind: [
            (link["source"], link["target"], link["score"])
            for link in links
            if link["kind"] == kind
        ]
        for kind in gold
    }
    thresholds = {"same_measure": P.SAME_FLOOR, "addresses": P.ADDRESSES_FLOOR}
    targets = {"same_measure": (0.9, 0.8), "addresses": (0.7, 0.6)}
    print()
    print(
        f"{'kind':13} {'part':5} {'precision':>9} {'recall':>7} {'F1':>6} "
        f"{'TP':>4} {'FP':>4} {'FN':>4} {'unjudged':>8}"
    )
    for kind in ("same_measure", "addresses"):
        pairs = [(a, b) for a, b, _ in scores[kind]]
        for half in (None, "A", "B"):
            m = P.measure(pairs, gold[kind], half=half)
            print(
                f"{kind:13} {half or 'all':5} {m.precision:9.2f} {m.recall:7.2f} {m.f1:6.2f} "
                f"{m.true_positives:4} {m.false_positives:4} {m.false_negatives:4} {m.unjudged:8}"
            )
        p, r = targets[kind]
        print(f"{'':13} (threshold {thresholds[kind]}; target precision >= {p} at recall >= {r})")
    print()
    print("precision of the proposals scoring at least S (candidates for automatic acceptance):")
    for kind in ("same_measure", "addresses"):
        cells = []
        for cut in AUTO_ACCEPT_CANDIDATES:
            above = [(a, b) for a, b, s in scores[kind] if s >= cut]
            parts = []
            for half in ("A", "B"):
                m = P.measure(above, gold[kind], half=half)
                parts.append(f"{m.precision:.2f}")
            cells.append(f"S={cut}: {len(above)} links, precision A {parts[0]} / B {parts[1]}")
        print(f"  {kind}: " + "; ".join(cells))
    assert Link.objects.exists()
    print()
    print(
        "rerun: uv run python bench/linking.py [--fit | --sweep | --errors | --ceiling] "
        "[--half A|B] [--database-url URL]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--repeat", type=int, default=3, help="link this many times")
    parser.add_argument("--fit", action="store_true", help="refit the models on half A")
    parser.add_argument("--sweep", action="store_true", help="precision/recall per threshold")
    parser.add_argument(
        "--errors", action="store_true", help="list false positives and negatives with features"
    )
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="fit the same-measure model on every gold pair and read it on them (upper bound)",
    )
    parser.add_argument(
        "--half",
        choices=("A", "B"),
        default="A",
        help="with --fit or --sweep: fit on this half (B: the reverse check)",
    )
    args = parser.parse_args()
    if not args.seeds.exists():
        sys.exit(f"no seed documents at {args.seeds}")
    sys.path.insert(0, str(ROOT / "src"))
    with bench_database(args.database_url):
        run(args)


if __name__ == "__main__":
    main()
