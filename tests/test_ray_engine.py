"""Batch ingest on Ray (`linkwatch ingest --engine ray`, issue 15 item 4): documents normalised and extracted
on Ray workers, resolved and written here in input order, give the store a local ingest gives."""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkwatch.ingest.manifest import read_manifest
from linkwatch.model import DocExtraction, Document, InputError, RawDocument
from linkwatch.pipeline import Pipeline
from linkwatch.settings import Settings
from linkwatch.store import open_store
from test_pipeline import _normalised_export

CORPUS = Path(__file__).parent / "fixtures" / "corpora" / "resolution"

needs_ray = pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                               reason="Ray is not installed (pip install 'linkwatch[ray]'; the lock has it)")


class Stub:
    version = "test.stub/1"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def extract(self, docs: list[Document]) -> list[DocExtraction]:
        return [DocExtraction(doc=d.id, extractor=self.version) for d in docs]


@needs_ray
def test_a_worker_normalises_and_extracts_a_batch_and_names_what_it_refuses() -> None:
    import pickle

    from linkwatch.ray_engine import ExtractWorker

    worker = ExtractWorker(Settings(), Stub)
    raws = [RawDocument(b"Militants attacked a post.", "a.txt"), RawDocument(b"", "empty.txt"),
            RawDocument(b"A rally was held.", "b.txt")]
    out = worker({"i": [0, 1, 2], "raw": [pickle.dumps(r) for r in raws]})
    assert out["i"] == [0, 1, 2]
    first, refused, third = out["result"]
    assert refused is None and pickle.loads(out["error"][1])[0] == "empty.txt"
    prepared, extraction = pickle.loads(first)
    assert prepared.doc.text == "Militants attacked a post." and extraction.doc == prepared.doc.id
    assert pickle.loads(third)[0].doc.text == "A rally was held." and out["error"][2] is None


def _inputs(seeds: Path) -> Iterator[RawDocument | InputError]:
    yield from read_manifest(seeds / "manifest.jsonl", max_bytes=Settings().max_bytes)
    for path in sorted(CORPUS.glob("*.txt")):
        yield RawDocument(path.read_bytes(), path.name, source="Test Wire")
    yield RawDocument((CORPUS / "mashal-doha.txt").read_bytes(), "again.txt")  # a duplicate
    yield RawDocument(b"", "empty.txt")  # refused


@needs_ray
@pytest.mark.slow
def test_ray_ingest_equals_a_local_ingest(seeds: Path, tmp_path: Path) -> None:
    import ray

    from linkwatch import ray_engine
    from linkwatch.extract import Extractor

    settings = Settings(batch_size=2)  # several batches, spread over both workers
    with open_store(tmp_path / "local.db") as store:
        local = Pipeline(store, settings, extractor=Extractor(settings)).run(_inputs(seeds))
        expected = _normalised_export(store)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        with open_store(tmp_path / "ray.db") as store:
            got = ray_engine.run(Pipeline(store, settings), _inputs(seeds), workers=2)
            assert [(r.origin, r.status) for r in sorted(got.results, key=lambda r: r.origin)] == \
                [(r.origin, r.status) for r in sorted(local.results, key=lambda r: r.origin)]
            assert (got.added, got.duplicates, len(got.failed)) == (7, 1, 1)
            assert _normalised_export(store) == expected
    finally:
        ray.shutdown()
