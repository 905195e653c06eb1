#!/usr/bin/env python3
"""A public check of generality: linkwatch's relations scored against Dstl's re3d annotations.

    python benchmarks/re3d.py [--root ../shared/train/re3d] [--folder CENTCOM] [--no-gate]
                              [--relation-model re3d | --cv-models DIR]

re3d (github.com/dstl/re3d; the five folders in ../shared/train/re3d, each with its own LICENSE and
ATTRIBUTION) is proper-cased government, press-office and Wikipedia text about the Syria/Iraq conflicts,
annotated with entities and relations by character offset. Nobody tunes linkwatch to it: it is a check
that what the rules (and the trained back-off) find in the dev set travels to other writers.

How re3d's relations map onto linkwatch's schema (src/linkwatch/schema/relations.yaml). Only relations
whose ends have the entity types the schema allows are scored; the rest (a weapon belonging to a group,
a group in charge of a place, a group communicating with a group) have no linkwatch type and are skipped:

========================  ======================  =====================================================
re3d type                 ends (source, target)   linkwatch type(s) accepted
========================  ======================  =====================================================
BelongsTo                 Person, Organisation    member_of (or leader_of: a leader belongs to it too)
BelongsTo                 Organisation, Org.      front_of or member_of (a unit, wing or member group;
                                                  the schema has no plain part-of, and keeps an
                                                  organisation's member_of row "as stated")
InChargeOf                Person, Organisation    leader_of
AlliesOf                  Organisation, Org.      allied_with (symmetric)
FightingAgainst           Organisation, Org.      rival_of (symmetric: the schema's hostile type
                                                  between groups; attacks are events, not relations)
CommWith                  Person, Person          met_with (symmetric)
IsSynonymOf               Person/Org, same type   aliases: both names are one linkwatch entity
========================  ======================  =====================================================

Matching. A gold relation is a pair of annotated spans. A linkwatch entity *covers* a gold span when one
of its mentions overlaps the span's characters (entity type compatible: person for Person, organisation
for Organisation), or when the span's text, folded by ``linkwatch.text.fold`` and without a leading
article, is the entity's name or one of its aliases. A gold relation is *found* when linkwatch has a
relation of an accepted type whose source covers the gold source and whose target covers the gold target
(either way round for symmetric types). re3d annotates relations per mention and often both ways, so gold
relations are counted once per document, type and pair of folded names. A linkwatch relation of a scored
type is *correct* when it finds some gold relation of that document; precision is over linkwatch's
relations of the scored types (member_of, leader_of, front_of, allied_with, rival_of, met_with) whose two
ends both cover some annotated re3d entity, since re3d does not annotate every name (an unannotated end
says nothing either way). Aliases are scored for recall only: re3d does not mark every alias.

It prints, per folder and overall, precision, recall and F1 per linkwatch type and for all relation types
together, how many gold relations have both ends among the entities linkwatch found (what a relation
finder could reach at most), recall over the gold relations whose two ends are names (re3d also annotates
pronouns and descriptions such as 'we', 'its', 'these terrorists' as organisations; see named()), and
alias recall.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = ROOT.parent / "shared" / "train" / "re3d"
FOLDERS = ("Australian Department of Foreign Affairs", "CENTCOM", "UK Government", "US State Department",
           "Wikipedia")
ENTITY_TYPES = {"Person": "person", "Organisation": "organization"}
SYMMETRIC = frozenset({"allied_with", "rival_of", "met_with"})
# (re3d type, source type, target type) -> (the scored label, the linkwatch types accepted for it)
MAPPING: dict[tuple[str, str, str], tuple[str, frozenset[str]]] = {
    ("BelongsTo", "Person", "Organisation"): ("member_of", frozenset({"member_of", "leader_of"})),
    ("BelongsTo", "Organisation", "Organisation"): ("front_of", frozenset({"front_of", "member_of"})),
    ("InChargeOf", "Person", "Organisation"): ("leader_of", frozenset({"leader_of"})),
    ("AlliesOf", "Organisation", "Organisation"): ("allied_with", frozenset({"allied_with"})),
    ("FightingAgainst", "Organisation", "Organisation"): ("rival_of", frozenset({"rival_of"})),
    ("CommWith", "Person", "Person"): ("met_with", frozenset({"met_with"})),
}
SCORED = frozenset(t for _, types in MAPPING.values() for t in types)
LABELS = tuple(dict.fromkeys(label for label, _ in MAPPING.values()))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    type: str  # re3d's entity type


@dataclass(frozen=True)
class GoldRelation:
    label: str  # the linkwatch type it is scored as
    accepted: frozenset[str]
    source: Span
    target: Span


@dataclass
class Re3dDoc:
    id: str
    folder: str
    text: str
    entities: list[Span] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)
    synonyms: list[tuple[Span, Span]] = field(default_factory=list)


def _lines(path: Path) -> Iterable[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load_folder(folder: Path) -> list[Re3dDoc]:
    """The documents of one re3d folder with their entities, mapped relations and synonym pairs."""
    docs = {str(d["_id"]): Re3dDoc(str(d["_id"]), folder.name, str(d["text"]))
            for d in _lines(folder / "documents.json")}
    types: dict[tuple[str, int, int], str] = {}
    for e in _lines(folder / "entities.json"):
        doc = docs.get(str(e["documentId"]))
        if doc is None:
            continue
        b, n = int(e["begin"]), int(e["end"])  # type: ignore[call-overload]
        types[(doc.id, b, n)] = str(e["type"])
        doc.entities.append(Span(b, n, doc.text[b:n], str(e["type"])))
    for r in _lines(folder / "relations.json"):
        doc = docs.get(str(r["documentId"]))
        if doc is None:
            continue
        src = _span(doc, types, int(r["sourceBegin"]), int(r["sourceEnd"]))  # type: ignore[call-overload]
        tgt = _span(doc, types, int(r["targetBegin"]), int(r["targetEnd"]))  # type: ignore[call-overload]
        if src is None or tgt is None:
            continue
        if r["type"] == "IsSynonymOf":
            if src.type == tgt.type and src.type in ENTITY_TYPES:
                doc.synonyms.append((src, tgt))
            continue
        mapped = MAPPING.get((str(r["type"]), src.type, tgt.type))
        if mapped is not None:
            doc.relations.append(GoldRelation(mapped[0], mapped[1], src, tgt))
    return sorted(docs.values(), key=lambda d: d.id)


def _span(doc: Re3dDoc, types: dict[tuple[str, int, int], str], b: int, e: int) -> Span | None:
    kind = types.get((doc.id, b, e))
    return None if kind is None else Span(b, e, doc.text[b:e], kind)


def name_key(text: str) -> str:
    """A name as matched across spellings: folded, without a leading article ('the Kurdish YPG')."""
    from linkwatch.text import fold
    key = fold(text)
    for article in ("the ", "a ", "an "):
        if key.startswith(article):
            key = key[len(article):]
    return key


def named(span: Span) -> bool:
    """A name, not a pronoun or a description: some word of it is capitalised ('the Coalition', 'Daesh';
    not 'we', 'its', 'these terrorists', 'our partners'). re3d annotates those as Organisation too, and
    linkwatch, a graph of named actors, extracts none of them (it ties a pronoun to its antecedent instead)."""
    return any(word[:1].isupper() for word in span.text.split())


def gold_pairs(doc: Re3dDoc) -> dict[tuple[str, str, str], GoldRelation]:
    """One gold relation per scored type and pair of names (symmetric types in sorted order)."""
    out: dict[tuple[str, str, str], GoldRelation] = {}
    for g in doc.relations:
        a, b = name_key(g.source.text), name_key(g.target.text)
        if a == b:
            continue
        if g.label in SYMMETRIC and b < a:
            a, b = b, a
        out.setdefault((g.label, a, b), g)
    return out


class Covers:
    """Which extracted entities cover a gold span (see the module's docstring)."""

    def __init__(self, extraction: dict[str, object]) -> None:
        ents = {str(e["ref"]): e for e in extraction["entities"]}  # type: ignore[attr-defined]
        self.types = {ref: str(e["type"]) for ref, e in ents.items()}
        self.mentions: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for m in extraction["mentions"]:  # type: ignore[attr-defined]
            self.mentions[str(m["ref"])].append((int(m["start"]), int(m["end"])))
        self.names: dict[str, set[str]] = {
            ref: {name_key(str(e["name"]))} | {name_key(str(a)) for a in e.get("aliases") or ()}
            for ref, e in ents.items()}

    def covers(self, ref: str, span: Span) -> bool:
        if self.types.get(ref) != ENTITY_TYPES.get(span.type):
            return False
        if any(s < span.end and span.start < e for s, e in self.mentions.get(ref, ())):
            return True
        return name_key(span.text) in self.names.get(ref, set())

    def refs(self, span: Span) -> set[str]:
        return {ref for ref in self.types if self.covers(ref, span)}


@dataclass
class Tally:
    tp: Counter[str] = field(default_factory=Counter)  # per label: gold relations found
    gold: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)  # per linkwatch type: predictions that are right
    predicted: Counter[str] = field(default_factory=Counter)
    covered: int = 0  # gold relations whose two ends are both entities linkwatch found (recall's ceiling)
    named: int = 0  # gold relations whose two ends are names (see named())
    named_found: int = 0
    synonyms: int = 0
    synonyms_found: int = 0
    gated: int = 0

    def add(self, other: Tally) -> None:
        for mine, theirs in ((self.tp, other.tp), (self.gold, other.gold), (self.correct, other.correct),
                             (self.predicted, other.predicted)):
            mine.update(theirs)
        self.covered += other.covered
        self.named += other.named
        self.named_found += other.named_found
        self.synonyms += other.synonyms
        self.synonyms_found += other.synonyms_found
        self.gated += other.gated


def _orientations(source: str, target: str, symmetric: bool) -> list[tuple[str, str]]:
    return [(source, target), (target, source)] if symmetric else [(source, target)]


def score(doc: Re3dDoc, extraction: dict[str, object]) -> Tally:
    """Compare one document's extraction (a DocExtraction dict) with its gold relations."""
    t = Tally()
    if (extraction.get("relevance") or {}).get("gated"):  # type: ignore[attr-defined]
        t.gated = 1
    cov = Covers(extraction)
    rels = [(str(r["type"]), str(r["source"]), str(r["target"]))
            for r in extraction["relations"] if r["type"] in SCORED]  # type: ignore[attr-defined]
    pairs = gold_pairs(doc)
    found_by: dict[tuple[str, str, str], set[int]] = {}
    for key, g in pairs.items():
        t.gold[g.label] += 1
        srcs, tgts = cov.refs(g.source), cov.refs(g.target)
        hits = {n for n, (rtype, s, o) in enumerate(rels) if rtype in g.accepted and any(
            a in srcs and b in tgts for a, b in _orientations(s, o, g.label in SYMMETRIC))}
        found_by[key] = hits
        t.covered += bool(srcs and tgts and srcs != tgts)
        if hits:
            t.tp[g.label] += 1
        if named(g.source) and named(g.target):
            t.named += 1
            t.named_found += bool(hits)
    right = set().union(*found_by.values()) if found_by else set()
    annotated = [s for s in doc.entities if s.type in ENTITY_TYPES]
    for n, (rtype, s, o) in enumerate(rels):
        if n in right:
            t.predicted[rtype] += 1
            t.correct[rtype] += 1
        elif any(cov.covers(s, a) for a in annotated) and any(cov.covers(o, a) for a in annotated):
            t.predicted[rtype] += 1
    seen: set[tuple[str, str]] = set()
    for a, b in doc.synonyms:
        key = tuple(sorted((name_key(a.text), name_key(b.text))))
        if key[0] == key[1] or key in seen:
            continue
        seen.add(key)  # type: ignore[arg-type]
        t.synonyms += 1
        if cov.refs(a) & cov.refs(b):
            t.synonyms_found += 1
    return t


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, t: Tally) -> list[str]:
    """Lines of the table for one folder (or all): per type, then all types together, then aliases."""
    lines = []
    types = sorted(set(LABELS) | set(t.predicted))
    for rtype in types:
        p = _prf(t.correct[rtype], t.predicted[rtype], 1)[0]
        r = _prf(t.tp[rtype], 1, t.gold[rtype])[1]
        f = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"  {rtype:<12} P {p:.3f} ({t.correct[rtype]}/{t.predicted[rtype]})  "
                     f"R {r:.3f} ({t.tp[rtype]}/{t.gold[rtype]})  F1 {f:.3f}")
    p, _, _ = _prf(sum(t.correct.values()), sum(t.predicted.values()), 1)
    _, r, _ = _prf(sum(t.tp.values()), 1, sum(t.gold.values()))
    f = 2 * p * r / (p + r) if p + r else 0.0
    head = (f"{name}: relations P {p:.3f} ({sum(t.correct.values())}/{sum(t.predicted.values())}) "
            f"R {r:.3f} ({sum(t.tp.values())}/{sum(t.gold.values())}) F1 {f:.3f}, both ends found "
            f"{t.covered}/{sum(t.gold.values())}, R between names {t.named_found / t.named if t.named else 0.0:.3f} "
            f"({t.named_found}/{t.named}); aliases R "
            f"{t.synonyms_found / t.synonyms if t.synonyms else 0.0:.3f} ({t.synonyms_found}/{t.synonyms})"
            + (f"; {t.gated} documents gated" if t.gated else ""))
    return [head, *lines]


def run(root: Path, folders: Sequence[str], relation_model: str = "", cv_models: Path | None = None,
        quiet: bool = False, gate: bool = True) -> dict[str, Tally]:
    """Extract every document of `folders` and score it; the tallies per folder. With `cv_models`, each
    folder is read with the trained relation back-off that never saw it (its fold-<folder>.json)."""
    from linkwatch.extract import Extractor
    from linkwatch.model import Document
    from linkwatch.settings import Settings

    extractor = Extractor(Settings(relevance_gate=gate, relation_model=relation_model))
    out: dict[str, Tally] = {}
    for folder in folders:
        if cv_models is not None:
            extractor = Extractor(Settings(relevance_gate=gate, relation_model=str(cv_models / f"fold-{folder}.json")))
        docs = load_folder(root / folder)
        tally = Tally()
        inputs = [Document(id=d.id, raw_sha256="", text=d.text, origin="re3d") for d in docs]
        for d, ex in zip(docs, extractor.extract(inputs), strict=True):
            tally.add(score(d, ex.to_dict()))
        out[folder] = tally
        if not quiet:
            print("\n".join(report(folder, tally)), flush=True)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--folder", action="append", help="only this folder (repeatable)")
    ap.add_argument("--relation-model", default="", help="Settings.relation_model: 're3d' or a model file")
    ap.add_argument("--cv-models", type=Path, default=None,
                    help="the folder-held-out models of tools/train_relations.py --cv --cv-models DIR")
    ap.add_argument("--no-gate", action="store_true",
                    help="relevance gate off: documents without enough violence vocabulary count too")
    args = ap.parse_args(argv)
    tallies = run(args.root, args.folder or FOLDERS, args.relation_model, args.cv_models, gate=not args.no_gate)
    total = Tally()
    for t in tallies.values():
        total.add(t)
    print("\n".join(report("all folders", total)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
