"""Name matching on the OFAC SDN list: recall at a 1% false-match rate, ours against Jaro-Winkler.

    .venv/bin/python benchmarks/name_matching.py [--data ../shared/data/ofac-sdn] [--negatives 20000] [--seed 1]

Positive pairs: an entry's primary name with each of its a.k.a. names (alt.csv), for
people ("SURNAME, Given") and organisations. Negative pairs, drawn with a fixed seed:
(a) random pairs of names from different entries of the same kind; (b) "hard" pairs
from different entries that share a name part (two different Mohammeds), which is
what a matcher actually meets after blocking. Different entries listed under the
very same name are left out of both: no name matcher can tell them apart. For each matcher the threshold is set so
that 1% of the negatives score above it, and recall is the share of positives above it.
The baseline is rapidfuzz's plain Jaro-Winkler on the lower-cased names, run in the
same process on the same pairs.
"""
from __future__ import annotations

import argparse
import csv
import random
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from rapidfuzz.distance import JaroWinkler

from linkwatch.resolve.names import analyse, compare
from linkwatch.text import tokens

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ofac-sdn"
KINDS = {"individual": "person", "-0-": "organization"}


def load(data: Path) -> dict[str, tuple[str, list[str]]]:
    """ent_num → (kind, [primary, aka...]) for people and organisations (vessels and aircraft left out)."""
    entries: dict[str, tuple[str, list[str]]] = {}
    with (data / "sdn.csv").open(encoding="latin-1", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 3:
                continue
            kind = KINDS.get(row[2].strip())
            if kind:
                entries[row[0].strip()] = (kind, [row[1].strip()])
    with (data / "alt.csv").open(encoding="latin-1", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) >= 4 and row[0].strip() in entries and row[2].strip() in ("aka", "fka", "nka"):
                entries[row[0].strip()][1].append(row[3].strip())
    return entries


Pair = tuple[str, str, str]  # kind, name, name


def pairs(entries: dict[str, tuple[str, list[str]]], n_negative: int, seed: int) -> tuple[list[Pair], list[Pair], list[Pair]]:
    rnd = random.Random(seed)
    positive = [(kind, names[0], alias) for kind, names in entries.values() for alias in names[1:]]
    by_kind: dict[str, list[tuple[str, str]]] = defaultdict(list)
    by_part: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for ent, (kind, names) in entries.items():
        for name in names:
            by_kind[kind].append((ent, name))
            for part in set(tokens(name)):
                if len(part) > 2:
                    by_part[(kind, part)].append((ent, name))
    random_negative: list[Pair] = []
    kinds = sorted(by_kind)
    while len(random_negative) < n_negative:
        kind = rnd.choice(kinds)
        (e1, a), (e2, b) = rnd.sample(by_kind[kind], 2)
        if e1 != e2 and _distinct(a, b):
            random_negative.append((kind, a, b))
    hard_negative: list[Pair] = []
    blocks = [k for k, v in by_part.items() if len({e for e, _ in v}) > 1]
    while len(hard_negative) < n_negative:
        kind, _ = key = rnd.choice(blocks)
        (e1, a), (e2, b) = rnd.sample(by_part[key], 2)
        if e1 != e2 and _distinct(a, b):
            hard_negative.append((kind, a, b))
    return positive, random_negative, hard_negative


def _distinct(a: str, b: str) -> bool:
    """Different entries listed under the very same name (the list has such pairs) cannot be told
    apart by any name matcher; they are left out of the negatives."""
    return tokens(a) != tokens(b)


def recall_at(scorer: Callable[[Pair], float], positive: list[Pair], negative: list[Pair],
              rate: float = 0.01) -> tuple[float, float]:
    """(recall, threshold) where at most `rate` of the negatives score above the threshold."""
    neg = sorted((scorer(p) for p in negative), reverse=True)
    threshold = neg[int(rate * len(neg))]
    pos = [scorer(p) for p in positive]
    return sum(s > threshold for s in pos) / len(pos), threshold


def ours(pair: Pair) -> float:
    kind, a, b = pair
    return compare(analyse(a, kind), analyse(b, kind)).score


def jaro_winkler(pair: Pair) -> float:
    _, a, b = pair
    return JaroWinkler.normalized_similarity(a.lower(), b.lower())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--negatives", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    entries = load(args.data)
    positive, random_negative, hard_negative = pairs(entries, args.negatives, args.seed)
    people = sum(1 for p in positive if p[0] == "person")
    print(f"{len(entries)} entries; {len(positive)} same-entry pairs ({people} people); "
          f"{len(random_negative)} random and {len(hard_negative)} shared-part different-entry pairs")
    print(f"{'matcher':<28}{'recall@1%FMR random':>22}{'recall@1%FMR shared-part':>28}{'seconds':>10}")
    for label, scorer in (("linkwatch names", ours), ("Jaro-Winkler (rapidfuzz)", jaro_winkler)):
        started = time.perf_counter()
        r1, t1 = recall_at(scorer, positive, random_negative)
        r2, t2 = recall_at(scorer, positive, hard_negative)
        print(f"{label:<28}{r1:>14.3f} (t={t1:.2f}){r2:>20.3f} (t={t2:.2f}){time.perf_counter() - started:>10.1f}")
        for kind in ("person", "organization"):
            subset = [p for p in positive if p[0] == kind]
            rk, _ = recall_at(scorer, subset, [p for p in hard_negative if p[0] == kind])
            print(f"  {kind:<26}{'':>22}{rk:>20.3f}")


if __name__ == "__main__":
    main()
