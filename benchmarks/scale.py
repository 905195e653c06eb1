"""Analyst reads at scale: p50/p95 of the API requests and CLI reads of issue 14 on stores of generated
documents, the server's peak memory, and how much slower the biggest store answers than the smallest.

    python benchmarks/scale.py [--sizes 10000 100000 300000] [--seed 7] [--samples 30] [--cache DIR]

The stores are made by benchmarks/incremental.py's generator (news-like documents with their
extractions, so no NLP runs: about 3 relations a document, a million at 300,000 documents), written 500
documents a transaction through the real Resolver, then indexed (analyse.index). Each is cached in
--cache by seed and size (default /tmp/linkwatch-scale, never the repository); the raw store before
indexing is kept too (base-seed{S}-{N}.db), so changing the index does not mean generating again.

For each store, a real server (`linkwatch serve`, uvicorn, one process) answers the requests over HTTP;
each request is timed from the client for --samples different subjects where it has one (entities,
timelines, paths and searches over a fixed random sample of people and organisations, the hubs among
them), else --samples times. The CLI reads run in this process (click's runner: the command's work,
not the interpreter's start-up, which `linkwatch links --help` measures). Peak memory is the server's
VmHWM after every request. The last table is p95 at the largest size over p95 at the smallest
(target < 2x), and p95 at the largest against the 100 ms target.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from incremental import Generator, add  # noqa: E402

from linkwatch.analyse.index import ensure  # noqa: E402
from linkwatch.cli import main as cli  # noqa: E402
from linkwatch.resolve import Resolver  # noqa: E402
from linkwatch.store import open_store  # noqa: E402

TARGET_MS = 100.0


def build(cache: Path, seed: int, size: int) -> Path:
    """The indexed store of `size` generated documents, from the cache when it is there."""
    final = cache / f"seed{seed}-{size}.db"
    if final.exists():
        return final
    base = cache / f"base-seed{seed}-{size}.db"
    if not base.exists():
        started = time.perf_counter()
        work = cache / f"building-seed{seed}-{size}.db"
        with open_store(work) as store:
            resolver, gen = Resolver(store), Generator(seed)
            for start in range(0, size, 500):
                add(store, resolver, [gen.document() for _ in range(min(500, size - start))], per_doc=False)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[attr-defined]
        work.rename(base)
        print(f"  generated {size} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    tmp = cache / f"indexing-seed{seed}-{size}.db"
    src, dst = sqlite3.connect(base), sqlite3.connect(tmp)
    src.backup(dst)
    src.close()
    dst.close()
    started = time.perf_counter()
    with open_store(tmp) as store:
        ensure(store)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[attr-defined]
    print(f"  indexed {size} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    tmp.rename(final)
    return final


def subjects(db: Path, rng: random.Random, n: int) -> dict[str, list[Any]]:
    """What the requests ask about: people and organisations (hubs included), pairs of organisations,
    search words, an alert date."""
    con = sqlite3.connect(db)
    people = [r[0] for r in con.execute("SELECT id FROM entities WHERE type = 'person' ORDER BY id")]
    orgs = [r[0] for r in con.execute("SELECT id FROM entities WHERE type = 'organization' ORDER BY id")]
    names = [r[0] for r in con.execute("SELECT name FROM entities WHERE type IN ('person', 'organization')"
                                       " ORDER BY id")]
    first = con.execute("SELECT MIN(at), MAX(at) FROM alerts").fetchone()
    con.close()
    entities = [rng.choice(orgs) if i % 4 == 0 else rng.choice(people) for i in range(n)]
    pairs = [tuple(rng.sample(orgs, 2)) for _ in range(n)]
    words = [rng.choice(names).split()[-1][:6] for _ in range(n)]
    return {"entities": entities, "pairs": pairs, "words": words, "since": first[0] if first[0] else "2000-01-01"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "LINKWATCH_TOKEN": "bench-token"}
    proc = subprocess.Popen([sys.executable, "-c", "from linkwatch.cli import main; main()", "serve", "--db", str(db),
                             "--port", str(port), "--rate", "100000", "--burst", "100000"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/schema", timeout=5).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(calls: list[Callable[[], Any]]) -> list[float]:
    out = []
    calls[0]()  # warm up: the first call of a kind pays for imports and caches
    for call in calls:
        t0 = time.perf_counter()
        call()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def api_requests(client: httpx.Client, s: dict[str, list[Any]]) -> dict[str, list[Callable[[], Any]]]:
    def get(path: str, **params: Any) -> Callable[[], Any]:
        def call() -> Any:
            r = client.get(path, params=params)
            r.raise_for_status()
            return r
        return call

    n = len(s["entities"])
    return {
        "GET /api/links?limit=20": [get("/api/links", limit=20) for _ in range(n)],
        "GET /api/entities/{id}": [get(f"/api/entities/{e}") for e in s["entities"]],
        "GET /api/timeline?entity=": [get("/api/timeline", entity=e, limit=50) for e in s["entities"]],
        "GET /api/paths (two organisations)": [get("/api/paths", source=a, target=b) for a, b in s["pairs"]],
        "GET /api/alerts?since=... (first page)": [get("/api/alerts", since=s["since"], limit=20) for _ in range(n)],
        "GET /api/search?q=": [get("/api/search", q=w) for w in s["words"]],
        "GET /api/relations?limit=20": [get("/api/relations", limit=20) for _ in range(n)],
        "GET /api/graph": [get("/api/graph") for _ in range(n)],
        "GET /api/graph?mode=links": [get("/api/graph", mode="links") for _ in range(n)],
    }


def cli_reads(db: Path, s: dict[str, list[Any]]) -> dict[str, list[Callable[[], Any]]]:
    runner = CliRunner()

    def run(*args: str) -> Callable[[], Any]:
        def call() -> Any:
            result = runner.invoke(cli, [*args, "--db", str(db)])
            if result.exit_code != 0:
                raise RuntimeError(result.output)
        return call

    n = len(s["entities"])
    return {
        "linkwatch links": [run("links", "--limit", "20") for _ in range(n)],
        "linkwatch path A B": [run("path", a, b) for a, b in s["pairs"]],
        "linkwatch timeline E": [run("timeline", e, "--limit", "50") for e in s["entities"]],
        "linkwatch entity E": [run("entity", e) for e in s["entities"]],
        "linkwatch alerts --since": [run("alerts", "--since", s["since"], "--limit", "20") for _ in range(n)],
    }


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)]


def measure(db: Path, samples: int, seed: int) -> tuple[dict[str, tuple[float, float]], float, dict[str, int]]:
    s = subjects(db, random.Random(seed), samples)
    results: dict[str, tuple[float, float]] = {}
    proc, url = serve(db)
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            for name, calls in api_requests(client, s).items():
                ms = timed(calls)
                results[name] = (statistics.median(ms), p95(ms))
        peak = peak_rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    for name, calls in cli_reads(db, s).items():
        ms = timed(calls)
        results[name] = (statistics.median(ms), p95(ms))
    con = sqlite3.connect(db)
    counts = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: S608
              for t in ("documents", "relations", "evidence", "org_paths", "alerts")}
    con.close()
    return results, peak, counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--samples", type=int, default=30)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/linkwatch-scale"))
    ap.add_argument("--build-only", action="store_true", help="build (or find) the stores and stop")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    stores = {size: build(args.cache, args.seed, size) for size in args.sizes}
    if args.build_only:
        return
    by_size: dict[int, dict[str, tuple[float, float]]] = {}
    for size, db in stores.items():
        results, peak, counts = measure(db, args.samples, args.seed)
        by_size[size] = results
        print(f"\nstore of {size} documents: {counts['relations']} relations, {counts['evidence']} evidence rows, "
              f"{counts['org_paths']} organisation paths, {counts['alerts']} alerts; server peak memory {peak:.0f} MB")
        print(f"  {'request':<42} {'p50 ms':>8} {'p95 ms':>8}")
        for name, (p50, p95_) in results.items():
            print(f"  {name:<42} {p50:8.1f} {p95_:8.1f}")
    small, large = min(by_size), max(by_size)
    if small != large:
        print(f"\np95 growth from {small} to {large} documents, and p95 at {large} against {TARGET_MS:.0f} ms:")
        for name in by_size[small]:
            ratio = by_size[large][name][1] / max(by_size[small][name][1], 1e-9)
            over = "ok" if by_size[large][name][1] < TARGET_MS else "OVER"
            print(f"  {name:<42} {ratio:6.2f}x  ({'ok' if ratio < 2 else 'OVER'})   {over}")


if __name__ == "__main__":
    main()
