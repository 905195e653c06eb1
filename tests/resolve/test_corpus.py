"""End to end through the real extractor: the seeds and the resolution corpus score with no split,
no wrong merge, no duplicate event or relation (the scorer is ../shared/eval/score.py)."""
from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from linkwatch.export.jsonl import write_jsonl
from linkwatch.ingest.manifest import read_manifest
from linkwatch.pipeline import Pipeline
from linkwatch.settings import Settings
from linkwatch.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
CORPUS = ROOT / "tests" / "fixtures" / "corpora" / "resolution"
SEEDS = ROOT.parent / "shared" / "seeds"
RESOLUTION = "entity_splits<=0,entity_merges<=0,event_splits<=0,relation_duplicates<=0"


def scorer() -> ModuleType:
    if not SCORER.exists():
        pytest.skip("../shared/eval/score.py is not beside the checkout")
    spec = importlib.util.spec_from_file_location("linkwatch_eval_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(corpus: Path, tmp_path: Path) -> dict[str, Any]:
    score = scorer()
    with open_store(tmp_path / "s.db") as store:
        settings = Settings(db=tmp_path / "s.db")
        Pipeline(store, settings).run(read_manifest(corpus / "manifest.jsonl", max_bytes=settings.max_bytes))
        out = io.StringIO()
        write_jsonl(store, out)
    export = tmp_path / "graph.jsonl"
    export.write_text(out.getvalue(), encoding="utf-8")
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    result: dict[str, Any] = score.score(gold, score.load_export(export), score.load_corpus(corpus))
    failures = score.check(result, RESOLUTION)
    assert not failures, (failures, {k: result[k] for k in ("entity_splits", "entity_merges", "event_splits")})
    return result


@pytest.mark.slow
def test_the_resolution_corpus(tmp_path: Path) -> None:
    result = run(CORPUS, tmp_path)
    assert result["entity_recall"] >= 0.9 and result["event_recall"] >= 0.75


@pytest.mark.slow
def test_the_seeds(tmp_path: Path) -> None:
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    run(SEEDS, tmp_path)


def test_the_corpus_gold_names_only_what_its_articles_say() -> None:
    """Every gold name appears in some article, so the gold file tests resolution, not imagination."""
    texts = " ".join(p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt"))
    gold = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))
    for entity in gold["entities"]:
        for name in entity["names"]:
            assert name in texts, name
