#!/usr/bin/env python3
"""Train the relation back-off (extract/learned.py) from re3d and write its artefact.

    python tools/train_relations.py [--out src/linkwatch/data/en/relation_model.json] [--cv] [--folder F ...]
                                    [--limit-docs N] [--l2 3.0] [--threshold 0.4] [--docred FILE]

Training pairs: every two annotated Person/Organisation names in one sentence of re3d
(../shared/train/re3d, the five folders whose licences allow reuse; see ../shared/train/README.md), the
sentence parsed by linkwatch's own pipeline so that features are read as the extractor reads them
(extract/relation_features.py). A pair's class is the schema type its re3d relation maps to
(benchmarks/re3d.py says how: BelongsTo -> member_of / front_of, InChargeOf -> leader_of, AlliesOf ->
allied_with, FightingAgainst -> rival_of, CommWith -> met_with), or 'none' when re3d relates them by
nothing it scores. A leading article is dropped from an annotated name ('the Kurdish YPG'), since the
extractor's names carry none.

The model: multinomial logistic regression with an L2 penalty, fitted by L-BFGS from zero weights (no
randomness: the same data gives the same artefact; --seed is recorded and orders nothing), the classes a
pair's types cannot take masked out as at prediction time. Features seen in fewer than two training pairs
are dropped and weights under 0.01 pruned, so the artefact stays small.

--cv trains on four folders and tests on the fifth, for each folder in turn, and prints pair-level
precision and recall per class on the held-out folder; with --cv-models DIR it also writes each fold's
model there (fold-<folder>.json), for benchmarks/re3d.py --settings-extra relation_model=... .
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize, sparse

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "linkwatch" / "data" / "en" / "relation_model.json"
SEED = 13
# Chosen by --cv on re3d (pairs of annotated names, each folder held out in turn; never on the dev set):
# l2 0.3/1/3 x threshold 0.2-0.5 gave F1 0.23-0.29 at precision 0.30-0.64; 3 and 0.4 is the most precise
# setting short of 0.5 (P 0.635, R 0.122), since a back-off that adds wrong links costs more than it finds.
L2 = 3.0
THRESHOLD = 0.4


def _re3d() -> Any:
    spec = importlib.util.spec_from_file_location("re3d_benchmark", ROOT / "benchmarks" / "re3d.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["re3d_benchmark"] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Example:
    features: list[str]
    types: tuple[str, str]
    label: str
    folder: str


def _parser() -> Any:
    """linkwatch's pipeline up to the parse (its name merging included), without the rule components that
    read relations: features are read on the tokens and tree the extractor sees, and training does not
    depend on what the rules make of the training text."""
    from linkwatch.extract import build_nlp
    from linkwatch.extract.components import AFTER_MODEL
    from linkwatch.settings import Settings

    nlp = build_nlp(Settings().model, relevance_gate=False)
    nlp.select_pipes(disable=list(AFTER_MODEL))
    return nlp


def _label(rels: dict[tuple[int, int, int, int], str], x: Any, y: Any, xt: str, yt: str) -> str:
    """The class of the pair (x before y) from re3d's mapped relations between their spans."""
    fwd, back = rels.get((x.start, x.end, y.start, y.end)), rels.get((y.start, y.end, x.start, x.end))
    for label, forward in ((fwd, True), (back, False)):
        if label is None:
            continue
        if label == "front_of":
            return "front_of>" if forward else "front_of<"
        return label
    return "none"


def examples(root: Path, folders: Sequence[str], limit_docs: int | None = None) -> list[Example]:
    """Every pair of annotated person/organisation names in a sentence, with its class."""
    from linkwatch.extract.learned import MAX_GAP
    from linkwatch.extract.relation_features import pair_features

    re3d = _re3d()
    nlp = _parser()
    out: list[Example] = []
    for folder in folders:
        docs = re3d.load_folder(root / folder)[:limit_docs]
        for d, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
            rels = {(g.source.start, g.source.end, g.target.start, g.target.end): g.label for g in d.relations}
            names = []
            for span in d.entities:
                kind = re3d.ENTITY_TYPES.get(span.type)
                toks = doc.char_span(span.start, span.end, alignment_mode="expand") if kind else None
                if toks is None or not len(toks):
                    continue
                start = toks.start
                while start < toks.end - 1 and doc[start].lower_ in ("the", "a", "an"):
                    start += 1
                names.append((start, toks.end, kind, span))
            names.sort(key=lambda n: (n[0], n[1]))
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    if a[1] > b[0] or b[0] - a[1] > MAX_GAP or doc[a[0]].sent.start != doc[b[0]].sent.start:
                        continue
                    if re3d.name_key(a[3].text) == re3d.name_key(b[3].text):
                        continue
                    others = sum(1 for n in names if n[0] >= a[1] and n[1] <= b[0])
                    feats = pair_features(doc, (a[0], a[1]), (b[0], b[1]), a[2], b[2], others)
                    out.append(Example(feats, (a[2], b[2]), _label(rels, a[3], b[3], a[2], b[2]), folder))
    return out


# Re-DocRED's Wikidata properties between a person and an organisation, as the back-off's classes
# (`True`: the organisation is the property's head, 'Y has member X'). Pairs tied by any other property
# are 'none' ('educated at', 'religion'); pairs tied by one that is membership of another kind (a sports
# team, a record label) or by a listed one outside its evidence sentences are left out, not taught as 'none'.
DOCRED: dict[str, tuple[str, bool]] = {
    "P463": ("member_of", False), "P102": ("member_of", False), "P108": ("member_of", False),
    "P241": ("member_of", False), "P361": ("member_of", False), "P527": ("member_of", True),
    "P488": ("leader_of", True), "P112": ("leader_of", True),
}
DOCRED_SKIP = frozenset({"P54", "P264"})
DOCRED_TYPES = {"PER": "person", "ORG": "organization"}


def docred_examples(path: Path, limit_docs: int | None = None) -> list[Example]:
    """Person-organisation pairs in one sentence of Re-DocRED (Wikipedia), with their class."""
    from linkwatch.extract.learned import MAX_GAP
    from linkwatch.extract.relation_features import pair_features

    nlp = _parser()
    docs = json.loads(path.read_text(encoding="utf-8"))[:limit_docs]
    out: list[Example] = []
    texts, offsets = [], []
    for d in docs:
        parts, starts, at = [], [], 0
        for sent in d["sents"]:
            row = []
            for tok in sent:
                row.append(at)
                parts.append(tok)
                at += len(tok) + 1
            starts.append(row)
            parts[-1] += "\n"  # a sentence per line: linkwatch_sentences_v1 keeps Re-DocRED's sentences
            at += 1
        texts.append(" ".join(parts))
        offsets.append(starts)
    for d, starts, doc in zip(docs, offsets, nlp.pipe(texts), strict=True):
        labels: dict[tuple[int, int], list[tuple[str, list[int]]]] = {}
        for rel in d["labels"]:
            labels.setdefault((rel["h"], rel["t"]), []).append((rel["r"], rel["evidence"]))
        by_sent: dict[int, list[tuple[int, int, str, int]]] = {}
        for ent_id, mentions in enumerate(d["vertexSet"]):
            for m in mentions:
                kind = DOCRED_TYPES.get(m["type"])
                row = starts[m["sent_id"]]
                if kind is None or m["pos"][1] > len(row):
                    continue
                last = d["sents"][m["sent_id"]][m["pos"][1] - 1]
                toks = doc.char_span(row[m["pos"][0]], row[m["pos"][1] - 1] + len(last), alignment_mode="expand")
                if toks is not None and len(toks):
                    by_sent.setdefault(m["sent_id"], []).append((toks.start, toks.end, kind, ent_id))
        for sid, names in by_sent.items():
            names.sort()
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    if a[3] == b[3] or a[1] > b[0] or b[0] - a[1] > MAX_GAP or {a[2], b[2]} != set(TYPES_PO):
                        continue
                    person, org = (a, b) if a[2] == "person" else (b, a)
                    label = "none"
                    for (h, _t), rels in (((person[3], org[3]), labels.get((person[3], org[3]), [])),
                                         ((org[3], person[3]), labels.get((org[3], person[3]), []))):
                        for r, evidence in rels:
                            if r in DOCRED_SKIP:
                                label = "skip"
                            elif r in DOCRED and DOCRED[r][1] == (h == org[3]):
                                label = DOCRED[r][0] if sid in evidence else "skip"
                    if label == "skip":
                        continue
                    others = sum(1 for n in names if n[0] >= a[1] and n[1] <= b[0])
                    feats = pair_features(doc, (a[0], a[1]), (b[0], b[1]), a[2], b[2], others)
                    out.append(Example(feats, (a[2], b[2]), label, "re-docred"))
    return out


TYPES_PO = ("person", "organization")


def train(data: Sequence[Example], l2: float = 1.0, threshold: float = 0.5, min_count: int = 2,
          seed: int = SEED) -> dict[str, Any]:
    """Fit the model and return its artefact (a JSON-ready dict)."""
    from linkwatch.extract.learned import NONE, fits

    classes = [NONE, *sorted({e.label for e in data} - {NONE})]
    counts = Counter(f for e in data for f in set(e.features))
    vocab = {f: n for n, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    rows, cols = [], []
    for r, e in enumerate(data):
        for f in set(e.features):
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(data), len(vocab)))
    y = np.zeros((len(data), len(classes)))
    mask = np.full((len(data), len(classes)), -30.0)
    for r, e in enumerate(data):
        y[r, classes.index(e.label)] = 1.0
        for n, c in enumerate(classes):
            if fits(c, e.types):
                mask[r, n] = 0.0
    k, v = len(classes), len(vocab)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:v * k].reshape(v, k), theta[v * k:]
        z = x @ w + b + mask
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        nll = -float(np.sum(y * np.log(p + 1e-12)))
        g = p - y
        grad_w = x.T @ g + l2 * w
        return nll + 0.5 * l2 * float(np.sum(w * w)), np.concatenate([np.asarray(grad_w).ravel(), g.sum(axis=0)])

    fit = optimize.minimize(loss, np.zeros(v * k + k), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w, b = fit.x[:v * k].reshape(v, k), fit.x[v * k:]
    weights = {f: [round(float(val), 3) for val in w[n]] for f, n in vocab.items() if np.abs(w[n]).max() >= 0.01}
    labels = Counter(e.label for e in data)
    return {
        "about": "The trained relation back-off's weights (extract/learned.py), written by tools/train_relations.py: "
                 "a multinomial logistic regression over the features of extract/relation_features.py.",
        "sources": [
            "re3d (Dstl, github.com/dstl/re3d @ b061ff06713cad4df7e5cfaed3fd07bf15b2598c), folders: "
            + ", ".join(sorted({e.folder for e in data} - {"re-docred"})) + ". Licences, one per folder: CENTCOM and US State "
            "Department public domain; Australian Department of Foreign Affairs CC BY 3.0 AU; UK Government "
            "Open Government Licence v3.0; Wikipedia CC BY-SA 3.0. Attribution: each folder's ATTRIBUTION file "
            "(../shared/train/re3d/<folder>/ATTRIBUTION); these weights are derived from those annotations.",
            *(["Re-DocRED (github.com/tonytan48/Re-DocRED @ ccfb54f5ddf5836027c87badda10f6dfc56efaac, "
               "data/dev_revised.json, data/test_revised.json; MIT licence, Copyright (c) 2023 tonytan48; text "
               "from Wikipedia via DocRED): person-organisation pairs only"] if any(e.folder == "re-docred" for e in data)
              else [])],
        "trained": {"pairs": len(data), "labels": dict(sorted(labels.items())), "l2": l2, "min_count": min_count,
                    "seed": seed, "features": len(vocab), "kept": len(weights)},
        "classes": classes,
        "bias": [round(float(val), 3) for val in b],
        "threshold": threshold,
        "weights": dict(sorted(weights.items())),
    }


def evaluate(spec: dict[str, Any], data: Sequence[Example], threshold: float | None = None) -> dict[str, list[int]]:
    """Per class: [true positives, predicted, gold] on `data` at `threshold` (the model's own if None)."""
    from linkwatch.extract.learned import NONE, RelationModel

    model = RelationModel(spec)
    cut = model.threshold if threshold is None else threshold
    out: dict[str, list[int]] = {}
    for e in data:
        pred = model.predict(e.features, e.types)
        label = pred.label if pred.probability >= cut else NONE
        for c, n in ((label, 1), (e.label, 2)):
            if c != NONE:
                out.setdefault(c, [0, 0, 0])[n] += 1
        if label == e.label != NONE:
            out[label][0] += 1
    return out


def _line(name: str, tp: int, pred: int, gold: int) -> str:
    p, r = (tp / pred if pred else 0.0), (tp / gold if gold else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"  {name:<12} P {p:.3f} ({tp}/{pred})  R {r:.3f} ({tp}/{gold})  F1 {f:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    re3d = _re3d()
    ap.add_argument("--root", type=Path, default=re3d.DEFAULT_ROOT)
    ap.add_argument("--folder", action="append", help="train on this folder only (repeatable)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--limit-docs", type=int, default=None, help="the first N documents of each folder")
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--docred", type=Path, action="append", default=[],
                    help="also train on this Re-DocRED file's person-organisation pairs (repeatable)")
    ap.add_argument("--cv", action="store_true", help="folder-level cross-validation instead of writing --out")
    ap.add_argument("--cv-models", type=Path, default=None)
    args = ap.parse_args(argv)
    folders = args.folder or list(re3d.FOLDERS)
    data = examples(args.root, folders, args.limit_docs)
    extra = [e for path in args.docred for e in docred_examples(path, args.limit_docs)]
    if extra:
        print(f"Re-DocRED: {len(extra)} pairs: {dict(Counter(e.label for e in extra))}")
    print(f"{len(data)} pairs: {dict(Counter(e.label for e in data))}")
    if not args.cv:
        spec = train(data + extra, args.l2, args.threshold, seed=args.seed)
        args.out.write_text(json.dumps(spec, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {spec['trained']['kept']} features)")
        return 0
    total: dict[str, list[int]] = {}
    for held in folders:
        spec = train([e for e in data if e.folder != held] + extra, args.l2, args.threshold, seed=args.seed)
        if args.cv_models:
            args.cv_models.mkdir(parents=True, exist_ok=True)
            (args.cv_models / f"fold-{held}.json").write_text(json.dumps(spec), encoding="utf-8")
        result = evaluate(spec, [e for e in data if e.folder == held])
        tp, pred, gold = (sum(v[n] for v in result.values()) for n in range(3))
        print(f"held out {held}:" + _line("all", tp, pred, gold)[2:])
        for c, v in sorted(result.items()):
            total.setdefault(c, [0, 0, 0])
            total[c] = [t + n for t, n in zip(total[c], v, strict=True)]
    print("all folders held out in turn:")
    for c, v in sorted(total.items()):
        print(_line(c, *v))
    print(_line("all", *(sum(v[n] for v in total.values()) for n in range(3))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
