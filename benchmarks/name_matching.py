"""Name matching on the OFAC SDN list: recall at a 1% false-match rate, ours against Jaro-Winkler.

    .venv/bin/python benchmarks/name_matching.py [--data ../shared/data/ofac-sdn] [--negatives 20000] [--seed 1]

Positive pairs: an entry's primary name with each of its a.k.a. names (alt.csv), for
people ("SURNAME, Given") and organisations. Negative pairs, drawn with a fixed seed:
(a) random pairs of names from different entries of the same kind; (b) "hard" pairs
from different entries that share a name part (two different Mohammeds), which is
what a matcher actually meets after blocking; (c) organisations of different entries
whose shared words are all generic ('Islamic', 'Front', 'Liberation', 'Army', 'State':
data/en/names.json) and no other word is a spelling of the other's, the over-merges of issue 13; (d) an acronym of one entry against
another entry's name with those initials; (e) people of different entries named by a kunya (Abu, Abi, Aba,
Umm) whose names after it start alike ('Abu Hafs' / 'Abi Hafsa'), where reading a declined kunya
('Abi Hafsan' as 'Abu Hafs') could make one name of two. Different entries listed under the
very same name are left out of all: no name matcher can tell them apart. For each matcher the threshold is set so
that 1% of the negatives score above it, and recall is the share of positives above it
(for (c) and (d), of the organisation positives; for (e), of the people's).
The baseline is rapidfuzz's plain Jaro-Winkler on the lower-cased names, run in the
same process on the same pairs. linkwatch is run twice: as it compares names the reference list
or one document puts together (an acronym may match its expansion), and as resolution compares
names across documents (an acronym only matches where a source said what it stands for).
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

from linkwatch.resolve.names import PART_MATCH, acronyms, analyse, compare, part_similarity, rules
from linkwatch.text import spelling, tokens

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


def organisation_negatives(entries: dict[str, tuple[str, list[str]]], n_negative: int,
                           seed: int) -> tuple[list[Pair], list[Pair]]:
    """(c) organisation names of different entries sharing only generic words; (d) an acronym of one
    entry against another entry's full name with those initials."""
    rnd = random.Random(seed)
    generic = rules().generic["organization"]
    names = [(ent, name, analyse(name, "organization")) for ent, (kind, ns) in entries.items()
             if kind == "organization" for name in ns]
    by_generic: dict[str, list[int]] = defaultdict(list)
    by_initials: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, form) in enumerate(names):
        for part in set(form.parts) & generic:
            by_generic[part].append(i)
        for a in acronyms(form):
            by_initials[a].append(i)
    generic_negative: dict[Pair, None] = {}
    blocks = sorted(k for k, v in by_generic.items() if len(v) > 1)
    for _ in range(50 * n_negative):
        if len(generic_negative) >= n_negative:
            break
        i, j = rnd.sample(by_generic[rnd.choice(blocks)], 2)
        (e1, a, fa), (e2, b, fb) = names[i], names[j]
        shared = set(fa.parts) & set(fb.parts)
        # Only generic words in common, not even a distinctive word spelt another way (branches of one
        # foundation listed as entries of their own are a harder test, which (b) covers).
        distinct = [(x, y) for x in set(fa.parts) - generic for y in set(fb.parts) - generic]
        if e1 != e2 and fa.parts != fb.parts and shared and shared <= generic \
                and all(part_similarity(x, y) < PART_MATCH for x, y in distinct):
            generic_negative.setdefault(("organization", a, b))
    acronym_negative: list[Pair] = []
    for ent, name, _ in names:
        if not (2 <= len(name) <= 7 and name.isalpha() and name.isupper()):
            continue
        for j in by_initials.get(spelling(name.lower()), []):
            if names[j][0] != ent:
                acronym_negative.append(("organization", name, names[j][1]))
    rnd.shuffle(acronym_negative)
    return list(generic_negative), acronym_negative[:n_negative]


KUNYA = ("abu", "abi", "aba", "umm")


def kunya_negatives(entries: dict[str, tuple[str, list[str]]], n_negative: int, seed: int) -> list[Pair]:
    """(e) people of different entries named by a kunya whose names after it share their first three letters."""
    rnd = random.Random(seed)
    by_start: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for ent, (kind, names) in entries.items():
        if kind != "person":
            continue
        for name in names:
            parts = tokens(name)
            for i, part in enumerate(parts[:-1]):
                if part in KUNYA and len(parts[i + 1]) >= 3:
                    by_start[parts[i + 1][:3]].append((ent, name))
    blocks = sorted(k for k, v in by_start.items() if len({e for e, _ in v}) > 1)
    out: dict[Pair, None] = {}
    for _ in range(50 * n_negative):
        if len(out) >= n_negative or not blocks:
            break
        (e1, a), (e2, b) = rnd.sample(by_start[rnd.choice(blocks)], 2)
        if e1 != e2 and _distinct(a, b):
            out.setdefault(("person", a, b))
    return list(out)


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


def ours_across_documents(pair: Pair) -> float:
    kind, a, b = pair
    return compare(analyse(a, kind), analyse(b, kind), acronyms=False).score


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
    generic_negative, acronym_negative = organisation_negatives(entries, args.negatives, args.seed)
    kunya_negative = kunya_negatives(entries, args.negatives, args.seed)
    organisations = [p for p in positive if p[0] == "organization"]
    persons = [p for p in positive if p[0] == "person"]
    people = len(persons)
    print(f"{len(entries)} entries; {len(positive)} same-entry pairs ({people} people); "
          f"{len(random_negative)} random, {len(hard_negative)} shared-part, {len(generic_negative)} "
          f"generic-word, {len(acronym_negative)} acronym and {len(kunya_negative)} kunya different-entry pairs")
    print("recall at a 1% false-match rate against each kind of negative (t: the threshold)")
    print(f"{'matcher':<34}{'random':>16}{'shared-part':>16}{'generic-word':>16}{'acronym':>16}{'kunya':>16}"
          f"{'seconds':>9}")
    matchers = (("linkwatch names", ours), ("linkwatch, across documents", ours_across_documents),
                ("Jaro-Winkler (rapidfuzz)", jaro_winkler))
    for label, scorer in matchers:
        started = time.perf_counter()
        cells = [recall_at(scorer, positive, random_negative), recall_at(scorer, positive, hard_negative),
                 recall_at(scorer, organisations, generic_negative), recall_at(scorer, organisations, acronym_negative),
                 recall_at(scorer, persons, kunya_negative)]
        line = "".join(f"{r:>8.3f} (t={t:.2f})" for r, t in cells)
        print(f"{label:<34}{line}{time.perf_counter() - started:>9.1f}")
        for kind in ("person", "organization"):
            subset = [p for p in positive if p[0] == kind]
            rk, _ = recall_at(scorer, subset, [p for p in hard_negative if p[0] == kind])
            print(f"  {kind:<32}{'':>16}{rk:>8.3f}")


if __name__ == "__main__":
    main()
