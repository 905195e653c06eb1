"""Analysis and exports over the real pipeline's output on the two seed articles (loads spaCy)."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from followthemoney import model
from stix2validator import ValidationOptions, validate_string

from linkwatch.analyse.alerts import compute_alerts
from linkwatch.analyse.links import org_links
from linkwatch.analyse.lookup import find_entity
from linkwatch.analyse.timeline import timeline
from linkwatch.analyse.view import GraphView
from linkwatch.cli import main
from linkwatch.export import get_format
from linkwatch.report import render_html
from linkwatch.store import open_store

pytestmark = pytest.mark.slow
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    db = tmp_path_factory.mktemp("seeds") / "store.db"
    result = CliRunner().invoke(main, ["ingest", "--db", str(db), "--manifest", str(SEEDS / "manifest.jsonl")])
    assert result.exit_code == 0, result.output
    return db


def test_org_links_match_the_gold_file(ingested: Path) -> None:
    gold = json.loads((SEEDS / "gold.json").read_text())
    with open_store(ingested) as store:
        view = GraphView.load(store)
        names = {key: find_entity(view, next(e["names"][0] for e in gold["entities"] if e["key"] == key),
                                  ("organization",)).id for key in ("hamas", "let", "jem", "pmml")}
        found = {frozenset((k.a, k.b)) for k in org_links(view)}
        expected = {frozenset((names[a], names[b])) for a, b in gold["org_links"]}
        assert expected <= found
        zaheer = find_entity(view, "Naji Zaheer").id
        t = timeline(view, zaheer)
        assert any(i.date and i.date.startswith("2025-02") for i in t.dated)
        # the Gujranwala meeting, undated in the text, is dated from its article's publication (issue 12)
        assert any(i.place == "Gujranwala" and i.date == "2026-01" for i in t.dated)
        assert compute_alerts(store, "2000-01-01")
        assert "Naji Zaheer" in render_html(view)


def test_exports_validate_on_pipeline_output(ingested: Path) -> None:
    with open_store(ingested) as store:
        stix = io.StringIO()
        get_format("stix").write(store, stix)
        assert validate_string(stix.getvalue(), ValidationOptions()).is_valid
        ftm = io.StringIO()
        get_format("ftm").write(store, ftm)
        for line in ftm.getvalue().splitlines():
            data = json.loads(line)
            model.get_proxy(data).schema.validate(data)
