"""Running `linkwatch ingest` in worker processes over a generated corpus, and what a store must look like
afterwards: shared by the concurrency, crash-safety and fixture code of the reliability tests."""
from __future__ import annotations

import random
import subprocess
import sys
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
# The run's PostgreSQL database (conftest's pg_database), set by use_backend before a PostgreSQL store is made.
PG: dict[str, str] = {}


def _pg_store(tmp: Path) -> str:
    """A new, empty PostgreSQL store: a schema of its own in the run's database, named by the URL."""
    import hashlib

    import psycopg

    schema = "r_" + hashlib.sha1(str(tmp).encode()).hexdigest()[:16]
    with psycopg.connect(PG["database"], autocommit=True) as db:
        db.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    return f"{PG['database']}?options=-csearch_path%3D{schema}%2Cpublic"


# Where a store lives, given a fresh temporary folder. PostgreSQL: a URL to a new, empty store.
STORES: dict[str, Callable[[Path], str]] = {"sqlite": lambda tmp: str(tmp / "store.db"), "postgresql": _pg_store}


def use_backend(request: pytest.FixtureRequest, backend: str) -> None:
    """Make `backend` ready for STORES (PostgreSQL: the run's throw-away cluster, started on first use)."""
    if backend == "postgresql" and "database" not in PG:
        PG["database"] = request.getfixturevalue("pg_database")

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


def folder_of(tmp_path: Path, name: str, articles: list[Article]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for a in articles:
        (folder / a.name).write_text(a.text, encoding="utf-8")
    return folder


