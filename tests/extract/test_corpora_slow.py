"""The scorer (shared/eval/score.py) on the project's own test corpora, through the whole pipeline:
ingest -> extract -> resolve -> store -> export. Floors are pinned a little under today's scores,
so a rule change that loses ground fails here."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from linkwatch.cli import main

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT / "tests" / "fixtures" / "corpora"
FLOORS = {
    # axis (Houthis, Hezbollah, Quds Force) and sahel (JNIM, ISGS, ISKP) were written with phrasings the
    # rules first missed; both reached 1.0 on every measure below after general rule changes.
    "axis": "entity_recall>=0.95,relation_recall>=0.95,relation_precision>=0.95,event_recall>=1,"
            "certainty_accuracy>=0.95,evidence_quotes_found>=1,forbidden_entities<=0,relation_duplicates<=0",
    "sahel": "entity_recall>=0.95,relation_recall>=0.95,relation_precision>=0.95,event_recall>=1,"
             "certainty_accuracy>=0.95,evidence_quotes_found>=1,forbidden_entities<=0,relation_duplicates<=0",
    "shabaab": "entity_recall>=0.9,relation_recall>=0.75,relation_precision>=0.9,event_recall>=1,"
               "certainty_accuracy>=0.9,evidence_quotes_found>=1",
    "ttp": "entity_recall>=0.95,relation_recall>=0.85,relation_precision>=0.9,event_recall>=1,"
           "certainty_accuracy>=0.9,evidence_quotes_found>=1",
}
SEED_FLOOR = ("entity_recall>=0.95,relation_recall>=0.85,relation_precision>=0.85,event_recall>=1,"
              "certainty_accuracy>=0.85,forbidden_entities<=0,evidence_quotes_found>=1")


def _scorer() -> ModuleType:
    for base in (ROOT.parent / "shared", Path("/work/shared")):
        path = base / "eval" / "score.py"
        if path.exists():
            spec = importlib.util.spec_from_file_location("linkwatch_eval_score", path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    pytest.skip("shared/eval/score.py is not beside the checkout")


def _run(corpus: Path, gold: Path, require: str, tmp: Path) -> dict[str, Any]:
    score = _scorer()
    runner = CliRunner()
    db = tmp / "store.db"
    result = runner.invoke(main, ["ingest", "--db", str(db), "--manifest", str(corpus / "manifest.jsonl")])
    assert result.exit_code == 0, result.output
    out = tmp / "graph.jsonl"
    result = runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl", "--output", str(out)])
    if result.exit_code != 0 or not out.exists():  # older CLI without --output: read stdout
        result = runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl"])
        assert result.exit_code == 0, result.output
        out.write_text(result.output, encoding="utf-8")
    scores: dict[str, Any] = score.score(json.loads(gold.read_text(encoding="utf-8")), score.load_export(out),
                                         score.load_corpus(corpus))
    failures = score.check(scores, require)
    assert not failures, f"{corpus.name}: {failures}\n{json.dumps(scores, indent=1)}"
    return scores


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_own_corpus(name: str, tmp_path: Path) -> None:
    _run(CORPORA / name, CORPORA / name / "gold.json", FLOORS[name], tmp_path)


def test_seed_corpus(seeds: Path, tmp_path: Path) -> None:
    _run(seeds, seeds / "gold.json", SEED_FLOOR, tmp_path)
