"""The ingest pipeline: deduplication, near-duplicates, one transaction per document."""
from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from linkwatch.export.jsonl import write_jsonl
from linkwatch.model import DocExtraction, Document, RawDocument
from linkwatch.model.errors import InputError
from linkwatch.pipeline import Pipeline
from linkwatch.settings import Settings
from linkwatch.store import Store, open_store

WIRE = """Militants from the Northern Front attacked a police post outside Dara town on Tuesday, killing four officers, \
local officials said. The group's spokesman, Abu Karim, claimed responsibility for the attack in a statement posted \
online. Security forces sealed off the area and began a search for the attackers, according to a police statement. \
Residents said the gunmen arrived in two pickup trucks shortly before dawn and fled towards the hills. The provincial \
governor condemned the attack and promised that those responsible would be found. The Northern Front has carried out \
several attacks on security forces in the province over the past year, analysts say."""


class NoNLP:
    """Stands in for the spaCy extractor where a test is about storage, not language."""

    version = "test.none/1"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract(self, docs: Sequence[Document]) -> list[DocExtraction]:
        self.seen += [d.id for d in docs]
        return [DocExtraction(doc=d.id, extractor=self.version) for d in docs]


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives, once per backend: a SQLite file, or a fresh PostgreSQL schema (by URL)."""
    return str(tmp_path / "s.db") if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    with open_store(location) as s:
        yield s


def raw(text: str, origin: str, source: str | None = None) -> RawDocument:
    return RawDocument(text.encode("utf-8"), origin, source=source)


def pipeline(store: Store, **kw: object) -> Pipeline:
    return Pipeline(store, Settings(**kw), extractor=NoNLP())  # type: ignore[arg-type]


def test_the_same_article_twice_is_stored_once(store: Store) -> None:
    first = pipeline(store).run([raw(WIRE, "a.txt")])
    again = pipeline(store).run([raw(WIRE, "a-again.txt"), raw(WIRE + "\n\n", "a-trailing-space.txt")])
    assert (first.added, again.added, again.duplicates) == (1, 0, 2)
    assert store.document_count() == 1


def test_a_lightly_edited_syndicated_copy_is_marked_as_a_copy(store: Store) -> None:
    copy = ("DARA (Wire) - " + WIRE.replace("killing four officers", "killing at least four officers")
            + "\nCopyright 2026 The Daily Courier.")
    other = "The central bank raised interest rates by half a point on Thursday, citing persistent inflation."
    summary = pipeline(store).run([raw(WIRE, "wire.txt", "Wire"), raw(copy, "courier.txt", "Courier"),
                                   raw(other, "bank.txt")])
    by_origin = {r.origin: r for r in summary.results}
    assert by_origin["courier.txt"].status == "copy"
    assert by_origin["courier.txt"].copy_of == by_origin["wire.txt"].doc_id
    assert by_origin["bank.txt"].status == "added" and by_origin["bank.txt"].copy_of is None
    stored = store.document(by_origin["courier.txt"].doc_id or "")
    assert stored is not None and stored.copy_of == by_origin["wire.txt"].doc_id and stored.similarity >= 0.8


def test_a_copy_found_across_runs_points_at_the_stored_original(store: Store) -> None:
    pipeline(store).run([raw(WIRE, "wire.txt")])
    summary = pipeline(store).run([raw(WIRE.replace("Tuesday", "Tuesday morning"), "copy.txt")])
    assert summary.results[0].status == "copy"


def test_failed_inputs_are_reported_and_the_rest_still_go_in(store: Store) -> None:
    summary = pipeline(store).run([InputError("missing.txt", "no such file"), raw("", "empty.txt"),
                                   raw(WIRE, "good.txt")])
    assert [e.origin for e in summary.failed] == ["missing.txt", "empty.txt"]
    assert summary.added == 1 and store.document_count() == 1


def test_a_crash_mid_batch_keeps_every_finished_document_and_loses_nothing(location: str) -> None:
    texts = [f"Report number {n}. " + WIRE.replace("four", str(n + 10)) * (n + 1) for n in range(4)]

    class Crash(Exception):
        pass

    with open_store(location) as store:
        p = pipeline(store, near_duplicate_threshold=1.01)
        calls = 0
        real = p.resolver.resolve

        def resolve_then_crash(*args: object) -> object:
            nonlocal calls
            calls += 1
            if calls == 3:
                raise Crash("killed")
            return real(*args)  # type: ignore[arg-type]

        p.resolver.resolve = resolve_then_crash  # type: ignore[method-assign]
        with pytest.raises(Crash):
            p.run([raw(t, f"{n}.txt") for n, t in enumerate(texts)])
        assert store.document_count() == 2  # the third document's transaction rolled back whole
        assert store.extraction(Document.make_id(texts[2])) is None
    with open_store(location) as store:
        summary = pipeline(store, near_duplicate_threshold=1.01).run([raw(t, f"{n}.txt") for n, t in enumerate(texts)])
        assert (summary.added, summary.duplicates) == (2, 2)
        assert store.document_count() == 4


def _normalised_export(store: Store) -> list[dict[str, object]]:
    buf = io.StringIO()
    write_jsonl(store, buf)
    stamp = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+Z")
    return [json.loads(stamp.sub("T", line)) for line in buf.getvalue().splitlines()]


@pytest.mark.slow
def test_ingesting_the_seeds_twice_gives_the_same_store(seeds: Path, tmp_path: Path) -> None:
    from linkwatch.ingest.manifest import read_manifest

    with open_store(tmp_path / "s.db") as store:
        p = Pipeline(store, Settings())
        first = p.run(read_manifest(seeds / "manifest.jsonl", max_bytes=Settings().max_bytes))
        before = _normalised_export(store)
        second = p.run(read_manifest(seeds / "manifest.jsonl", max_bytes=Settings().max_bytes))
        assert (first.added, second.added, second.duplicates) == (2, 0, 2)
        assert _normalised_export(store) == before
        assert first.found["relations"] > 0


@pytest.mark.slow
def test_the_seeds_give_the_same_export_on_postgresql_as_on_sqlite(seeds: Path, tmp_path: Path, pg_url: str) -> None:
    """One pipeline, two backends: the graph and its evidence do not depend on where they are stored."""
    from linkwatch.extract import Extractor
    from linkwatch.ingest.manifest import read_manifest

    settings = Settings()
    extractor = Extractor(settings)  # loaded once, used for both
    exports = []
    for location in (str(tmp_path / "s.db"), pg_url):
        with open_store(location) as store:
            summary = Pipeline(store, settings, extractor=extractor).run(
                read_manifest(seeds / "manifest.jsonl", max_bytes=settings.max_bytes))
            assert summary.added == 2 and summary.found["relations"] > 0
            exports.append(_normalised_export(store))
    assert exports[1] == exports[0]
