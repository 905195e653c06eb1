"""Issue 16, concurrent writers: two and three `linkwatch ingest` processes started at the same moment on a new
store, over overlapping parts of one corpus, leave the store one sequential ingest of the corpus leaves: every
document stored once, every copy marked, the same entities, relations, grades and independent sources.

Before: one process died with "table blobs already exists" (schema set-up read the version outside the write
lock) or "UNIQUE constraint failed: documents.id" (the duplicate check ran outside the write transaction), and
a copy written while its original was in flight was not marked, so a relation counted one source too many.

The stores are named by STORES, location factories: a PostgreSQL backend joins by adding its own (a URL to a
fresh database); everything else here goes through `linkwatch ingest` and the Store interface.
"""
from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from linkwatch.store import Store, open_store

from .ingest_worker import GROUPS

WORKER = Path(__file__).with_name("ingest_worker.py")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpora"
# Where a store lives, given a fresh temporary folder. PostgreSQL: a URL to a new, empty database.
STORES: dict[str, Callable[[Path], str]] = {"sqlite": lambda tmp: str(tmp / "store.db")}

OUTLETS = ["Harbor Ledger", "Valley Post", "Capital Desk", "Border Post", "Gulf Desk"]
FILLER = ("officials residents police reporters analysts witnesses commanders spokesmen lawmakers villagers said "
          "told confirmed described denied reported noted warned claimed added the a of in on at near after "
          "before during meeting rally gathering conference visit talks camp office border district province "
          "city week month morning evening security operation statement video funding training recruits").split()


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    source: str


def corpus(n: int = 24, copies: int = 6, seed: int = 16) -> list[Article]:
    """`n` articles naming two or three groups each, and `copies` syndicated copies of some of them
    (a new first line, one word changed: near-duplicates, not exact ones), each copy placed before its
    original half the time, so that concurrent runs meet copies before originals too."""
    rng = random.Random(seed)
    names = list(GROUPS)
    articles = []
    for i in range(n):
        a, b, c = names[i % 6], names[(i + 1) % 6], names[(i + 3) % 6]
        paragraphs = [" ".join(rng.choice(FILLER) for _ in range(40)).capitalize() + "." for _ in range(3)]
        claim = f"{a} and {b} held talks in district {i}, police said." if i % 2 else f"{a} met {b} in district {i}."
        extra = f" {b} and {c} also met." if i % 3 == 0 else ""
        text = f"Report {i}\n{paragraphs[0]} {claim}{extra}\n{paragraphs[1]}\n{paragraphs[2]}\n"
        articles.append(Article(f"a{i:02d}.txt", text, OUTLETS[i % len(OUTLETS)]))
    for k in range(copies):
        original = articles[k * 3]
        text = "Republished from " + original.source + ".\n" + original.text.replace("Report", "Story", 1)
        copy = Article(f"c{k:02d}.txt", text, "Aggregator Daily")
        articles.insert(articles.index(original) + (1 if k % 2 else 0), copy)
    return articles


def write_manifest(folder: Path, articles: list[Article], name: str) -> Path:
    import json

    path = folder / name
    path.write_text("".join(json.dumps({"path": a.name, "source": a.source}) + "\n" for a in articles))
    return path


def parts(articles: list[Article], processes: int, shared: int = 4) -> list[list[Article]]:
    """Overlapping shares: every process starts with the same `shared` articles (the same document stored
    at the same moment), then takes every `processes`-th of the rest, so that a copy (placed beside its
    original) and its original go to different processes, both early in their first batch."""
    rest = articles[shared:]
    return [articles[:shared] + rest[p::processes] for p in range(processes)]


def ingest_at_once(folder: Path, location: str, manifests: list[Path], fake: bool) -> list[subprocess.CompletedProcess[str]]:
    """Run one worker per manifest, all released at the same moment, and wait for them."""
    go = folder / "go"
    procs, ready = [], []
    for i, manifest in enumerate(manifests):
        ready.append(folder / f"ready-{i}")
        argv = [sys.executable, str(WORKER), str(ready[-1]), str(go), "--fake" if fake else "--real", "--",
                "ingest", "--db", location, "--manifest", str(manifest), "--quiet"]
        procs.append(subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 300
    while not all(r.exists() for r in ready):
        if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
            for p in procs:
                p.kill()
            pytest.fail("a worker did not get ready: " + "; ".join(p.communicate()[1][-500:] for p in procs))
        time.sleep(0.01)
    go.write_text("go")
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        results.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return results


def snapshot(store: Store) -> dict[str, Any]:
    """What must not depend on how the ingest was split: documents, which are copies of which (as pairs,
    since which of two near-identical texts came first is up to the race), entities, relations with their
    certainty, grade and independent sources, and the counts. An entity is known by its type and every name
    it was given: which spelling is shown as its name is the first one resolution met, and that depends on
    the order documents arrive in ("Khalid al-Qadoumi" or "Khaled Kaddoumi"), in one process as in two."""
    docs = list(store.documents())
    names: dict[str, tuple[Any, ...]] = {e.id: (e.type, tuple(sorted({e.name, *(a.name for a in e.aliases)})))
                                         for e in store.entities()}
    events = {v.id: ("event", v.type, v.date, names.get(v.location or "", ("",))[-1]) for v in store.events()}
    return {
        "documents": sorted(d.id for d in docs),
        "copies": sorted(tuple(sorted((d.id, d.copy_of))) for d in docs if d.copy_of),
        "counts": store.counts(),
        "entities": sorted(names.values(), key=repr),
        "events": sorted(events.values(), key=repr),
        "relations": sorted(Counter(
            (r.type, {**names, **events}[r.source], {**names, **events}[r.target], r.certainty.value, r.grade,
             r.sources, len(r.evidence))
            for r in store.relations()).items(), key=repr),
    }


def sequential(tmp: Path, location: str, articles: list[Article], fake: bool) -> dict[str, Any]:
    [result] = ingest_at_once(tmp, location, [write_manifest(tmp, articles, "all.jsonl")], fake)
    assert result.returncode == 0, result.stderr
    with open_store(location) as store:
        return snapshot(store)


def _folder(tmp_path: Path, name: str, articles: list[Article]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for a in articles:
        (folder / a.name).write_text(a.text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("backend", sorted(STORES))
@pytest.mark.parametrize("processes", [2, 3])
def test_concurrent_ingests_equal_one_sequential_ingest(tmp_path: Path, backend: str, processes: int) -> None:
    articles = corpus()
    expected = sequential(_folder(tmp_path, "reference", articles), STORES[backend](tmp_path / "reference"),
                          articles, fake=True)
    assert len(expected["copies"]) == 6 and expected["counts"]["documents"] == len(articles)

    folder = _folder(tmp_path, "concurrent", articles)
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
    expected = sequential(_folder(tmp_path, "reference", articles), str(tmp_path / "reference" / "s.db"),
                          articles, fake=False)
    assert len(expected["copies"]) == 2
    folder = _folder(tmp_path, "concurrent", articles)
    results = ingest_at_once(folder, str(folder / "s.db"), [write_manifest(folder, s, f"part-{i}.jsonl")
                                                            for i, s in enumerate(parts(articles, 2, shared=2))],
                             fake=False)
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    with open_store(folder / "s.db") as store:
        got = snapshot(store)
    assert got["documents"] == expected["documents"] and got["copies"] == expected["copies"]
    assert got["counts"] == expected["counts"]
    assert got == expected
