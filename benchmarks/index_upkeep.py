"""Link index upkeep per document, early and late in a growing store (issue 14).

    python benchmarks/index_upkeep.py [--corpus generated|simple] [--windows 0 100 500] [--width 50]
                                      [--seed 7] [--profile]

``generated`` (the default): benchmarks/throughput.py's generated articles (casts drawn with Zipf weights, so
a few people and groups are hubs), ingested by the Pipeline, one transaction a document. Their extractions are
cached under the temporary directory (LINKWATCH_BENCH_CACHE, default /tmp/linkwatch-upkeep-cache) by document
id, so only the first run pays for spaCy. ``simple``: benchmarks/incremental.py's Generator (three people, two
groups, one event a document; the NLP bypassed), resolved through the same Resolver.

Each document is resolved, then folded into the link index (analyse.index.maintain) in its transaction, as the
pipeline does; only the index's part is timed. For each window [w, w + width) of documents
it prints the mean upkeep per document and the ratio of each window to the first: flat (ratios near 1) is the
target, since a document adds a bounded neighbourhood whatever the store already holds. It also prints how
many organisation paths and links the index holds at the end.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pickle
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import linkwatch.pipeline as pipeline_module  # noqa: E402
from linkwatch.analyse.index import maintain  # noqa: E402
from linkwatch.model import DocExtraction, Document, RawDocument  # noqa: E402
from linkwatch.resolve import Resolver  # noqa: E402
from linkwatch.store import Store, Writer, open_store  # noqa: E402

CACHE = Path(os.environ.get("LINKWATCH_BENCH_CACHE", "/tmp/linkwatch-upkeep-cache"))


class CachedExtractor:
    """The Extractor, with its results kept by document id between runs (the texts are the same each run)."""

    def __init__(self, path: Path) -> None:
        from linkwatch.extract import Extractor
        from linkwatch.settings import Settings

        self.path = path
        self.cache: dict[str, DocExtraction] = pickle.loads(path.read_bytes()) if path.exists() else {}  # noqa: S301
        self.dirty = False
        self._make = lambda: Extractor(Settings())
        self._real: Any = None

    def extract(self, docs: list[Document]) -> list[DocExtraction]:
        missing = [d for d in docs if d.id not in self.cache]
        if missing:
            self._real = self._real or self._make()
            for d, x in zip(missing, self._real.extract(missing), strict=True):
                self.cache[d.id] = x
            self.dirty = True
        return [self.cache[d.id] for d in docs]

    def save(self) -> None:
        if self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(pickle.dumps(self.cache))


def generated(store: Store, n: int, seed: int, timed: Callable[[Store, Writer], None]) -> None:
    from throughput import build_texts

    from linkwatch.pipeline import Pipeline
    from linkwatch.settings import Settings

    texts: list[str] = []
    mb = 0.5
    while len(texts) < n:
        mb *= 2
        texts = build_texts(mb, seed)
    extractor = CachedExtractor(CACHE / f"generated-seed{seed}.pickle")
    raws = [RawDocument(content=t.encode("utf-8"), origin=f"bench-{i}.txt", media_type="text/plain",
                        published="2025-03-12") for i, t in enumerate(texts[:n])]
    pipeline_module.maintain_index = timed  # type: ignore[assignment]
    try:
        pipeline = Pipeline(store, Settings(n_process=1), extractor=extractor)  # type: ignore[arg-type]
        pipeline.run(raws)
    finally:
        pipeline_module.maintain_index = maintain
        extractor.save()


def simple(store: Store, n: int, seed: int, timed: Callable[[Store, Writer], None]) -> None:
    from incremental import Generator

    resolver = Resolver(store)
    gen = Generator(seed)
    for _ in range(n):
        doc, extraction = gen.document()
        with store.transaction() as writer:
            writer.put_blob(doc.raw_sha256, doc.text.encode())
            stored = writer.add_document(doc, None, [])
            writer.put_extraction(extraction)
            resolver.resolve(stored, extraction, writer)
            timed(store, writer)


def _windows(windows: list[int], width: int) -> Iterator[int | None]:
    i = 0
    while True:
        yield next((w for w in windows if w <= i < w + width), None)
        i += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=["generated", "simple"], default="generated")
    ap.add_argument("--windows", type=int, nargs="+", default=[0, 100, 500])
    ap.add_argument("--width", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the upkeep in the last window")
    args = ap.parse_args()
    windows = sorted(args.windows)
    end = windows[-1] + args.width
    spent: dict[int, list[float]] = {w: [] for w in windows}
    profiler = cProfile.Profile() if args.profile else None
    which = _windows(windows, args.width)

    def timed(store: Store, writer: Writer) -> None:
        window = next(which)
        profiling = profiler is not None and window == windows[-1]
        if profiling and profiler:
            profiler.enable()
        t0 = time.perf_counter()
        maintain(store, writer)
        took = time.perf_counter() - t0
        if profiling and profiler:
            profiler.disable()
        if window is not None:
            spent[window].append(took)
            if len(spent[window]) == args.width:
                print(f"  window {window}: {statistics.mean(spent[window]) * 1000:.1f} ms a document",
                      file=sys.stderr, flush=True)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "upkeep.db") as store:
        (generated if args.corpus == "generated" else simple)(store, end, args.seed, timed)
        total = time.perf_counter() - started
        db = getattr(store, "db", None)
        counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: S608
                  for t in ("org_paths", "org_links")} if db is not None else {}
    base = statistics.mean(spent[windows[0]])
    for w in windows:
        mean = statistics.mean(spent[w])
        print(f"documents {w:>5}-{w + args.width:<5}: index upkeep {mean * 1000:7.1f} ms a document "
              f"(median {statistics.median(spent[w]) * 1000:6.1f}; ratio to the first window {mean / base:5.2f}x)")
    print(f"{args.corpus}: {end} documents in {total:.0f} s; the index holds {counts}")
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
