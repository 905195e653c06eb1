#!/usr/bin/env python3
"""Team scale (issue 15): Ray workers against the local ingest, and PostgreSQL against SQLite, in one run.

    .venv/bin/python benchmarks/team_scale.py [--corpus real|generated|short] [--mb 1.0] [--workers 2]
                                              [--db postgresql://...]

The corpus is one of benchmarks/throughput.py's (--mb megabytes): by default ``real``, the dev set's and the
test corpora's articles repeated (real text, as a team ingests); ``generated`` is the synthetic news whose hub
people stand for many groups at once, which the link index's path upkeep cannot keep up with (issue 14), so
it is only practical below about 0.2 MB. Measured, in this order:

1. the local ingest (normalise, extract, resolve, store) into SQLite, the extractor loaded and warmed first;
2. the same documents with ``--engine ray`` and --workers workers on a local Ray instance (its start is timed
   apart; the workers' model loads are inside the run, as they are in a real one) into another SQLite store;
3. ingest without NLP (the extractions of run 1 replayed), into SQLite and into PostgreSQL: what the store
   costs, resolution included, one transaction per document;
4. the analyst's reads on both stores built in 3: loading the graph view (what `links`, `timeline` and the
   chart start from), organisation links, the relations around the most connected entity, and a search;
   the median of 3 of each.

PostgreSQL is --db, or a throw-away cluster started for the run (tests/pgcluster.py). Ratios are printed per
line: Ray's speed-up over local (>1 is faster), PostgreSQL's time over SQLite's (<1 is faster).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

from throughput import build_texts, real_texts, short_texts  # noqa: E402

from linkwatch.model import DocExtraction, Document, RawDocument  # noqa: E402
from linkwatch.pipeline import Pipeline  # noqa: E402
from linkwatch.settings import Settings  # noqa: E402
from linkwatch.store import Store, open_store  # noqa: E402


def raws(texts: list[str]) -> list[RawDocument]:
    return [RawDocument(t.encode(), f"doc-{i}.txt") for i, t in enumerate(texts)]


class Replay:
    """Stands in for the extractor: the extraction a first run stored, by document id."""

    version = "replay/1"

    def __init__(self, extractions: dict[str, DocExtraction]) -> None:
        self.extractions = extractions

    def extract(self, docs: list[Document]) -> list[DocExtraction]:
        return [self.extractions[d.id] for d in docs]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


@contextmanager
def postgresql(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    from pgcluster import Cluster

    with Cluster() as cluster:
        yield cluster.create_database("bench")


def queries(store: Store) -> dict[str, float]:
    """The reads behind the analyst's pages. (Organisation links, `linkwatch links`, is left out: at this size it
    is minutes of path analysis in Python over the loaded view, the same on either store.)"""
    from linkwatch.analyse.neighbourhood import relations_around
    from linkwatch.analyse.view import GraphView
    from linkwatch.store.search import search

    relations = store.relations()
    degree: dict[str, int] = {}
    for r in relations:
        for e in (r.source, r.target):
            degree[e] = degree.get(e, 0) + 1
    hub = max(sorted(degree), key=lambda e: degree[e])
    name = store.entity(hub).name  # type: ignore[union-attr]
    runs = {
        "graph view (what links, timeline and the chart load)": lambda: GraphView.load(store),
        "entity page reads (entity, its relations)": lambda: (store.entity(hub), store.relations(hub)),
        "relations around the hub, 2 hops": lambda: relations_around(store, hub, 2, 200),
        "search (the hub's name)": lambda: search(store, name),
    }
    return {name: statistics.median(timed(fn)[0] for _ in range(3)) for name, fn in runs.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=["real", "generated", "short"], default="real")
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--db", help="a PostgreSQL URL (default: a throw-away cluster)")
    ap.add_argument("--local-store", type=Path, help="a store a previous run's local ingest left: its extractions "
                                                        "are replayed, and the NLP runs (1, 2) are skipped")
    args = ap.parse_args()
    texts = {"generated": build_texts, "real": real_texts, "short": short_texts}[args.corpus](args.mb)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus ({args.corpus}): {len(texts)} articles, {sum(len(t.encode()) for t in texts) / 1e6:.2f} MB, {words:,} words")
    settings = Settings()
    tmp = Path(tempfile.mkdtemp(prefix="team-scale-"))

    if args.local_store:
        with open_store(args.local_store) as store:
            extractions = {x.doc: x for x in store.extractions()}
            counts = store.counts()
    else:
        extractions, counts = nlp_runs(texts, words, settings, tmp, args.workers)
    stores_and_reads(texts, extractions, counts, settings, tmp, args.db)


def nlp_runs(texts: list[str], words: int, settings: Settings, tmp: Path,
             workers: int) -> tuple[dict[str, DocExtraction], dict[str, int]]:
    from linkwatch.extract import Extractor

    extractor = Extractor(settings)
    extractor.extract([Document(id=f"w{i}", raw_sha256="", text=t, origin="warm") for i, t in enumerate(texts[:4])])
    with open_store(tmp / "local.db") as store:
        local, _ = timed(lambda: Pipeline(store, settings, extractor=extractor).run(raws(texts)))
        extractions = {x.doc: x for x in store.extractions()}
        counts = store.counts()
    print(f"local ingest: {local:.1f} s ({words / local:,.0f} words/s); {counts}")

    import ray

    from linkwatch import ray_engine

    start, _ = timed(lambda: ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False))
    try:
        with open_store(tmp / "ray.db") as store:
            on_ray, _ = timed(lambda: ray_engine.run(Pipeline(store, settings), raws(texts), workers=workers))
            same = store.counts() == counts
    finally:
        ray.shutdown()
    print(f"Ray ingest, {workers} workers: {on_ray:.1f} s after a {start:.1f} s start; same counts: {same};"
          f" speed-up over local {local / on_ray:.2f}x ({local / (on_ray + start):.2f}x counting the start)")
    return extractions, counts


def stores_and_reads(texts: list[str], extractions: dict[str, DocExtraction], counts: dict[str, int],
                     settings: Settings, tmp: Path, db: str | None) -> None:
    with postgresql(db) as url:
        stores = {"sqlite": str(tmp / "replay.db"), "postgresql": url}
        ingest: dict[str, float] = {}
        reads: dict[str, dict[str, float]] = {}
        for name, location in stores.items():
            with open_store(location) as store:
                ingest[name], _ = timed(lambda: Pipeline(store, settings, extractor=Replay(extractions))  # noqa: B023
                                        .run(raws(texts)))
                assert store.counts() == counts, (name, store.counts(), counts)
                reads[name] = queries(store)
        print(f"ingest without NLP: SQLite {ingest['sqlite']:.1f} s, PostgreSQL {ingest['postgresql']:.1f} s:"
              f" PostgreSQL/SQLite {ingest['postgresql'] / ingest['sqlite']:.2f}")
        for query in reads["sqlite"]:
            a, b = reads["sqlite"][query] * 1000, reads["postgresql"][query] * 1000
            print(f"  {query}: SQLite {a:.0f} ms, PostgreSQL {b:.0f} ms: PostgreSQL/SQLite {b / a:.2f}")


if __name__ == "__main__":
    main()
