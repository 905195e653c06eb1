#!/usr/bin/env python3
"""Cost of one long document: seconds per MB and peak memory of a full ingest at 100 KB, 1 MB and 10 MB.

    python benchmarks/long_documents.py [--sizes 0.1 1 10] [--default-limit]

Each size is one plain-text document made of the throughput benchmark's generated articles run together
(benchmarks/throughput.py: a cast of people, groups and places per article, background sentences, lines
from the test articles), as a long report or a scraped archive page would be. Each is ingested by the real
pipeline (normalise, near-duplicate fingerprint, extraction in windows, resolution, one store transaction)
into a fresh store, in a fresh process, after a warm-up document has loaded the model and the gazetteer
(printed apart, not counted). Peak memory is the process's high-water mark (ru_maxrss), model included.
Seconds are printed as wall clock and as the process's CPU time; the ratio between sizes is taken on CPU
time, which other work on a shared machine disturbs far less (the ingest runs in one process, so on an
idle machine the two agree).

By default the extraction limit (Settings.max_extract_chars) is lifted above the largest size, so the whole
text is extracted and the figures show how the cost grows with length: the target is seconds per MB at
10 MB within 1.5x of that at 100 KB, and peak memory under 1 GB at 10 MB. --default-limit keeps the shipped
limit, to show what a too-long document costs in practice (extraction stops at the limit; the document
records where).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one(megabytes: float, default_limit: bool) -> dict[str, float | int | None]:
    """Ingest one document of `megabytes` in this process and measure it."""
    sys.path.insert(0, str(HERE))
    from throughput import build_texts

    from linkwatch.model import RawDocument
    from linkwatch.pipeline import Pipeline
    from linkwatch.settings import Settings
    from linkwatch.store import open_store

    size = int(megabytes * 1_000_000)
    text = "\n\n".join(build_texts(megabytes * 1.05, seed=11))[:size]
    raw = RawDocument(text.encode("utf-8"), f"long-{megabytes}MB.txt", published="2025-03-12")
    settings = Settings() if default_limit else Settings(max_extract_chars=size + 1)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with open_store(Path(tmp) / "warm.db") as warm:  # model, gazetteer, imports: once per process
            pipeline = Pipeline(warm, settings)
            pipeline.run([RawDocument("\n\n".join(build_texts(0.01, seed=5)).encode(), "warm-up.txt")])
        setup = time.perf_counter() - t0
        with open_store(Path(tmp) / "bench.db") as store:
            t0, c0 = time.perf_counter(), time.process_time()
            summary = Pipeline(store, settings, extractor=pipeline.extractor).run([raw])
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            [doc] = list(store.documents())
            counts = store.counts()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    assert summary.added == 1, summary.failed
    return {"mb": len(raw.content) / 1e6, "seconds": seconds, "cpu": cpu, "setup": setup, "peak_mb": peak_mb,
            "truncated_at": doc.truncated_at, "chars": len(doc.text), "entities": counts["entities"],
            "relations": counts["relations"], "events": counts["events"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1.0, 10.0], help="document sizes in MB")
    ap.add_argument("--default-limit", action="store_true", help="keep Settings.max_extract_chars as shipped")
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)  # child mode: one size, JSON out
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.one, args.default_limit)))
        return
    rows = []
    for mb in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(mb)] + (["--default-limit"] if args.default_limit else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        rows.append(r)
        cut = f", extraction stopped at {r['truncated_at']:,} of {r['chars']:,} chars" if r["truncated_at"] else ""
        print(f"{r['mb']:6.2f} MB: {r['seconds']:7.1f} s ({r['cpu']:.1f} s CPU)  {r['cpu'] / r['mb']:5.1f} CPU s/MB"
              f"  {r['seconds'] / r['mb']:5.1f} s/MB  peak {r['peak_mb']:5.0f} MB"
              f"  ({r['entities']} entities, {r['events']} events, {r['relations']} relations; set-up "
              f"{r['setup']:.1f} s{cut})", flush=True)
    first, last = rows[0], rows[-1]
    ratio = (last["cpu"] / last["mb"]) / (first["cpu"] / first["mb"])
    wall = (last["seconds"] / last["mb"]) / (first["seconds"] / first["mb"])
    print(f"CPU s/MB at {last['mb']:.1f} MB vs {first['mb']:.1f} MB: {ratio:.2f}x (target <= 1.5; wall clock "
          f"{wall:.2f}x); "
          f"peak memory at {last['mb']:.1f} MB: {last['peak_mb']:.0f} MB (target < 1024)")


if __name__ == "__main__":
    main()
