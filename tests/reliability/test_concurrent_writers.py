"""Issue 16, concurrent writers: two and three `linkwatch ingest` processes started at the same moment on a new
store, over overlapping parts of one corpus, leave the store one sequential ingest of the corpus leaves: every
document stored once, every copy marked, the same entities, relations, grades and independent sources.

Before: one process died with "table blobs already exists" (schema set-up read the version outside the write
lock) or "UNIQUE constraint failed: documents.id" (the duplicate check ran outside the write transaction), and
a copy written while its original was in flight was not marked, so a relation counted one source too many.

The stores are named by STORES, location factories: a SQLite file, or a PostgreSQL URL to a fresh store in the
run's throw-away cluster (issue 15); everything else here goes through `linkwatch ingest` and the Store interface.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from linkwatch.store import open_store

from .runs import (
    FIXTURES,
    OUTLETS,
    STORES,
    Article,
    corpus,
    folder_of,
    ingest_at_once,
    parts,
    sequential,
    snapshot,
    use_backend,
    write_manifest,
)


@pytest.mark.parametrize("backend", sorted(STORES))
@pytest.mark.parametrize("processes", [2, 3])
def test_concurrent_ingests_equal_one_sequential_ingest(tmp_path: Path, backend: str, processes: int,
                                                         reference: Callable[[str], dict[str, Any]],
                                                         request: pytest.FixtureRequest) -> None:
    use_backend(request, backend)
    articles = corpus()
    expected = reference(backend)
    assert len(expected["copies"]) == 6 and expected["counts"]["documents"] == len(articles)

    folder = folder_of(tmp_path, "concurrent", articles)
    location = STORES[backend](folder)
    shares = parts(articles, processes)
    assert sum(len(s) for s in shares) > len(articles)  # they overlap
    results = ingest_at_once(folder, location, [write_manifest(folder, s, f"part-{i}.jsonl")
                                                for i, s in enumerate(shares)], fake=True)
    for r in results:
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr
    added = [int(r.stdout.split("added ")[1].split(" ")[0]) for r in results]
    assert sum(added) == len(articles)  # each document stored by exactly one of them
    with open_store(location) as store:
        got = snapshot(store)
        if backend == "sqlite":
            assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # type: ignore[attr-defined]
    assert got == expected


def test_one_ingest_gives_the_same_store_on_either_backend(reference: Callable[[str], dict[str, Any]],
                                                          request: pytest.FixtureRequest) -> None:
    use_backend(request, "postgresql")
    assert reference("postgresql") == reference("sqlite")


def test_opening_a_new_store_waits_out_a_writer_holding_its_lock(tmp_path: Path) -> None:
    """SQLite fails a switch to WAL at once, without waiting, when another connection holds the lock the
    switch needs (waiting could deadlock): two processes opening one new store met exactly that."""
    path = tmp_path / "s.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE elsewhere(a)")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with open_store(path) as store:
            assert store.counts()["documents"] == 0
    finally:
        release.join()
        other.close()


@pytest.mark.slow
def test_two_real_pipelines_at_once(tmp_path: Path) -> None:
    """The same with spaCy in both processes, over a test corpus and copies of two of its articles."""
    texts = sorted((FIXTURES / "resolution").glob("*.txt"))
    articles = [Article(p.name, p.read_text(encoding="utf-8"), OUTLETS[i % 5]) for i, p in enumerate(texts)]
    for k, original in enumerate(articles[:4:2]):
        articles.insert(2 * k + 1, Article(f"copy-{k}.txt", "Republished from " + original.source + ".\n"
                                           + original.text, "Aggregator Daily"))
    expected = sequential(folder_of(tmp_path, "reference", articles), str(tmp_path / "reference" / "s.db"),
                          articles, fake=False)
    assert len(expected["copies"]) == 2
    folder = folder_of(tmp_path, "concurrent", articles)
    results = ingest_at_once(folder, str(folder / "s.db"), [write_manifest(folder, s, f"part-{i}.jsonl")
                                                            for i, s in enumerate(parts(articles, 2, shared=2))],
                             fake=False)
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    with open_store(folder / "s.db") as store:
        got = snapshot(store)
    assert got["documents"] == expected["documents"] and got["copies"] == expected["copies"]
    assert got["counts"] == expected["counts"]
    assert got == expected
