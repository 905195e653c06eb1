"""Extraction in worker processes (linkwatch.pool) gives the store one process gives: same documents, copies,
entities, relations, grades and sources; a run of one batch or less never starts the pool."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import linkwatch.extract
from linkwatch import pool as pool_module
from linkwatch.model import RawDocument
from linkwatch.pipeline import Pipeline
from linkwatch.settings import Settings
from linkwatch.store import open_store
from reliability import runs  # tests/ is on the path: the reliability tests' corpus and store snapshot
from web.fake_extractor import FakeExtractor


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    # Forked workers inherit the stand-in, as the ingest process does.
    monkeypatch.setattr(linkwatch.extract, "Extractor", lambda settings=None: FakeExtractor())


def _ingest(path: Path, n_process: int, batch_size: int = 4) -> dict[str, Any]:
    articles = runs.corpus(n=20, copies=4)
    raws = [RawDocument(content=a.text.encode(), origin=a.name, media_type="text/plain", source=a.source)
            for a in articles]
    with open_store(path) as store:
        summary = Pipeline(store, Settings(db=path, n_process=n_process, batch_size=batch_size)).run(raws)
        assert summary.added == len(articles) and not summary.failed
        return {"snapshot": runs.snapshot(store), "order": [r.origin for r in summary.results]}


def test_a_pool_gives_the_store_one_process_gives(tmp_path: Path, fake: None) -> None:
    one = _ingest(tmp_path / "one.db", n_process=1)
    two = _ingest(tmp_path / "two.db", n_process=2)
    assert two == one


def test_a_short_run_starts_no_pool(tmp_path: Path, fake: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pool started for a run of one batch")

    monkeypatch.setattr(pool_module, "ExtractionPool", refuse)
    _ingest(tmp_path / "short.db", n_process=2, batch_size=64)


def test_workers_default_to_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pool_module.workers(Settings(n_process=3)) == 3
    assert pool_module.workers(Settings(n_process=0)) >= 1

