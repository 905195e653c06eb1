#!/usr/bin/env python3
"""The evaluation gate: scores per corpus that may only go up.

`tests/floors.json` holds, for each corpus the project is measured on (the seeds, the dev set, the test
corpora), the digest of the corpus it was measured on, a floor for every score where higher is better and
a ceiling for every count where lower is better (furniture stored as entities, type errors, splits...).
`tests/test_floors.py` runs each corpus through the whole pipeline and fails when a score falls below its
floor or a count rises above its ceiling.

    python3 tools/floors.py check [CORPUS ...]        # what the test does, with a table
    python3 tools/floors.py update [CORPUS ...]       # raise floors (lower ceilings) to today's scores
    python3 tools/floors.py update --rebaseline dev   # the corpus itself changed: measure it afresh

`update` never lowers a floor or raises a ceiling: when today's score is worse it refuses and changes
nothing, so losing ground is a visible edit of the file, argued in its commit, not a side effect.
The scorer is ../shared/eval/score.py beside the checkout.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import math
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "floors.json"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"

# Scores where higher is better get floors; counts (the scorer gives lists, their length counts) get ceilings.
HIGHER = ("entity_recall", "relation_precision", "relation_recall", "relation_f1", "event_recall",
          "org_link_recall", "org_link_precision", "certainty_accuracy", "evidence_quotes_found")
LOWER = ("forbidden_entities", "entity_type_errors", "entity_splits", "entity_merges", "event_splits",
         "relation_duplicates")


class GateError(Exception):
    """A corpus that cannot be measured, or an update that would lower a floor."""


@dataclass(frozen=True)
class Corpus:
    name: str
    path: Path
    gold: Path
    digest: str
    floors: dict[str, float]
    ceilings: dict[str, int]


def load(path: Path = FLOORS) -> dict[str, Corpus]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: Corpus(name, ROOT / entry["path"], ROOT / entry["gold"], entry["digest"],
                         dict(entry.get("floors", {})), dict(entry.get("ceilings", {})))
            for name, entry in data["corpora"].items()}


def digest(corpus: Path, gold: Path) -> str:
    """The corpus's identity: every file under it and the gold file, by relative path and content."""
    h = hashlib.sha256()
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    for p in [*files, gold]:
        h.update(str(p.relative_to(corpus) if p.is_relative_to(corpus) else p.name).encode())
        h.update(b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return "sha256:" + h.hexdigest()


def scorer() -> ModuleType:
    if not SCORER.exists():
        raise GateError(f"the scorer {SCORER} is not beside the checkout")
    spec = importlib.util.spec_from_file_location("linkwatch_eval_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(corpus: Path, gold: Path) -> dict[str, Any]:
    """Ingest the corpus into a fresh store, export it as the scorer reads it, and score it."""
    from linkwatch.export.jsonl import write_jsonl
    from linkwatch.ingest.manifest import read_manifest
    from linkwatch.pipeline import Pipeline
    from linkwatch.settings import Settings
    from linkwatch.store import open_store

    score = scorer()
    with tempfile.TemporaryDirectory(prefix="linkwatch-gate-") as tmp:
        db = Path(tmp) / "store.db"
        settings = Settings(db=db)
        with open_store(db) as store:
            Pipeline(store, settings).run(read_manifest(corpus / "manifest.jsonl", max_bytes=settings.max_bytes))
            out = io.StringIO()
            write_jsonl(store, out)
        export = Path(tmp) / "graph.jsonl"
        export.write_text(out.getvalue(), encoding="utf-8")
        result: dict[str, Any] = score.score(json.loads(gold.read_text(encoding="utf-8")),
                                             score.load_export(export), score.load_corpus(corpus))
    return result


def value(result: dict[str, Any], key: str) -> float:
    got = result.get(key)
    if isinstance(got, (list, dict)):
        return len(got)
    if got is None:
        raise GateError(f"the scorer gave no {key}")
    return float(got)


def shortfalls(corpus: Corpus, result: dict[str, Any]) -> list[str]:
    """Every floor the result falls below and every ceiling it rises above."""
    out = [f"{k}={value(result, k):.3f} below its floor {v}" for k, v in corpus.floors.items()
           if value(result, k) < v]
    out += [f"{k}={value(result, k):.0f} above its ceiling {v}" for k, v in corpus.ceilings.items()
            if value(result, k) > v]
    return out


def check_present(corpus: Corpus) -> None:
    if not (corpus.path / "manifest.jsonl").exists():
        raise GateError(f"{corpus.name}: no corpus at {corpus.path}")
    if not corpus.gold.exists():
        raise GateError(f"{corpus.name}: no gold file at {corpus.gold}")
    found = digest(corpus.path, corpus.gold)
    if found != corpus.digest:
        raise GateError(f"{corpus.name}: the corpus at {corpus.path} is not the one its floors were measured on "
                        f"({found} != {corpus.digest}); measure it afresh: tools/floors.py update --rebaseline "
                        f"{corpus.name}")


def raised(corpus: Corpus, result: dict[str, Any], rebaseline: bool = False) -> dict[str, Any]:
    """The corpus's entry with floors raised and ceilings lowered to `result`; refuses to lower a floor."""
    if not rebaseline:
        lost = shortfalls(corpus, result)
        if lost:
            raise GateError(f"{corpus.name}: refusing to lower: " + "; ".join(lost))
    # Floors round down and ceilings are whole counts, so a re-measure of the same run always passes.
    floors = {k: math.floor(value(result, k) * 1000) / 1000 for k in HIGHER if k in result}
    ceilings = {k: int(value(result, k)) for k in LOWER if k in result}
    if not rebaseline:
        floors = {k: max(v, corpus.floors.get(k, v)) for k, v in floors.items()}
        ceilings = {k: min(v, corpus.ceilings.get(k, v)) for k, v in ceilings.items()}
    return {"path": _rel(corpus.path), "gold": _rel(corpus.gold), "digest": digest(corpus.path, corpus.gold),
            "floors": floors, "ceilings": ceilings}


def _rel(path: Path) -> str:
    # Relative to the checkout, so the file holds for any clone with ../shared beside it.
    return os.path.relpath(path, ROOT)


def write(entries: dict[str, dict[str, Any]], path: Path = FLOORS) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["corpora"].update(entries)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _table(rows: Iterable[tuple[str, dict[str, Any]]]) -> str:
    keys = ("entity_recall", "relation_f1", "event_recall", "org_link_recall", "certainty_accuracy",
            "forbidden_entities", "entity_type_errors")
    lines = ["corpus        " + " ".join(f"{k[:14]:>14}" for k in keys)]
    for name, result in rows:
        lines.append(f"{name:13} " + " ".join(f"{value(result, k):14.3f}" for k in keys))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("check", "update"))
    ap.add_argument("corpora", nargs="*", help="names in tests/floors.json (default: all)")
    ap.add_argument("--rebaseline", action="store_true",
                    help="the named corpora changed: measure them afresh (may lower; names required)")
    args = ap.parse_intermixed_args(argv)
    corpora = load()
    names = args.corpora or sorted(corpora)
    if args.rebaseline and not args.corpora:
        ap.error("--rebaseline needs the corpora named")
    unknown = [n for n in names if n not in corpora]
    if unknown:
        ap.error(f"no such corpus in {FLOORS}: {', '.join(unknown)}")
    results: dict[str, dict[str, Any]] = {}
    failures: list[str] = []
    try:
        for name in names:
            corpus = corpora[name]
            if not (args.rebaseline and corpus.path.exists()):
                check_present(corpus)
            results[name] = measure(corpus.path, corpus.gold)
            failures += [f"{name}: {s}" for s in shortfalls(corpus, results[name])]
        print(_table(results.items()))
        if args.command == "update":
            entries = {n: raised(corpora[n], r, args.rebaseline) for n, r in results.items()}
            write(entries)
            print(f"updated {FLOORS.relative_to(ROOT)}: {', '.join(entries)}")
            return 0
    except GateError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
