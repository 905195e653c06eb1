"""`linkwatch ingest`: what a user sees, and the exit codes.

Most tests swap in a stand-in pipeline that follows the contract of
``linkwatch.pipeline`` (``Pipeline(store, settings).run(items, progress)``
returning a summary with ``added``, ``duplicates``, ``copies``, ``failed``,
``found``), so they test this command and not the NLP. The tests at the end
run the real pipeline.
"""
from __future__ import annotations

import json
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkwatch.cli.ingest import ingest
from linkwatch.model.errors import InputError
from linkwatch.normalise import normalise

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"  # ../shared beside the checkout


@dataclass
class _Result:
    origin: str
    status: str
    error: InputError | None = None


@dataclass
class _Summary:
    results: list[_Result] = field(default_factory=list)
    found: dict[str, int] = field(default_factory=dict)

    @property
    def added(self) -> int:
        return sum(r.status in ("added", "copy") for r in self.results)

    @property
    def copies(self) -> int:
        return sum(r.status == "copy" for r in self.results)

    @property
    def duplicates(self) -> int:
        return sum(r.status == "duplicate" for r in self.results)

    @property
    def failed(self) -> list[InputError]:
        return [r.error for r in self.results if r.error]


class _Store:
    seen: set[str] = set()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


class _Pipeline:
    """Normalises each item for real; keeps ids in memory instead of a store."""

    calls: list[object] = []

    def __init__(self, store, settings):
        self.store, self.settings = store, settings
        _Pipeline.calls.append(settings)

    def run(self, items, progress=None):
        summary = _Summary(found={"documents": 0, "entities": 4, "events": 1, "relations": 3})
        for item in items:
            if isinstance(item, InputError):
                result = _Result(item.origin, "failed", item)
            else:
                try:
                    doc = normalise(item)
                    result = _Result(item.origin, "duplicate" if doc.id in self.store.seen else "added")
                    self.store.seen.add(doc.id)
                except InputError as exc:
                    result = _Result(item.origin, "failed", exc)
            summary.results.append(result)
            if progress:
                progress(result)
        return summary


@pytest.fixture
def fake_pipeline(monkeypatch):
    module = types.ModuleType("linkwatch.pipeline")
    module.Pipeline = _Pipeline  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "linkwatch.pipeline", module)
    store = _Store()
    store.seen = set()
    monkeypatch.setattr("linkwatch.store.open_store", lambda location: store)
    _Pipeline.calls = []
    return _Pipeline


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(ingest, list(args), env=env or {}, catch_exceptions=False)


def test_no_inputs_is_a_usage_error():
    result = run()
    assert result.exit_code == 2 and "at least one" in result.stderr


def test_bad_published_date_is_a_usage_error(tmp_path):
    result = run(str(tmp_path), "--published", "06/02/2025")
    assert result.exit_code == 2 and "ISO 8601" in result.stderr


def test_all_inputs_go_in(tmp_path, fake_pipeline):
    (tmp_path / "a.txt").write_text("Police arrested three men on Monday.")
    (tmp_path / "b.txt").write_text("Two factions announced joint talks on Thursday.")
    result = run(str(tmp_path), "--db", str(tmp_path / "x.db"), "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == (
        "added 2 (0 near-duplicate copies), skipped 0 duplicates, failed 0; the store now holds 4 entities, 1 events, 3 relations")
    assert result.stderr == ""
    [settings] = fake_pipeline.calls
    assert settings.db == tmp_path / "x.db" and settings.allow_private is False


def test_failures_are_reported_and_exit_code_is_1(tmp_path, fake_pipeline):
    (tmp_path / "good.txt").write_text("Police arrested three men on Monday.")
    (tmp_path / "empty.txt").write_text("")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"text": "Police arrested three men on Monday."}) + "\n{broken\n")
    result = run(str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"),
                 "--manifest", str(manifest))
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert errors == [
        f"error: {tmp_path / 'empty.txt'}: empty document",
        f"error: {tmp_path / 'missing.txt'}: no such file or directory, and not an http(s) URL",
        f"error: {manifest}:2: malformed JSON (Expecting property name enclosed in double quotes at column 2)",
    ]
    assert "added 1 (0 near-duplicate copies), skipped 1 duplicates, failed 3" in result.stdout


def test_db_comes_from_the_environment(tmp_path, fake_pipeline):
    (tmp_path / "a.txt").write_text("Some text.")
    result = run(str(tmp_path / "a.txt"), "--allow-private", env={"LINKWATCH_DB": str(tmp_path / "env.db")})
    assert result.exit_code == 0
    [settings] = fake_pipeline.calls
    assert settings.db == tmp_path / "env.db" and settings.allow_private is True


def test_real_pipeline_reports_failures_without_loading_a_model(tmp_path):
    (tmp_path / "empty.txt").write_text("   ")
    (tmp_path / "binary.txt").write_bytes(b"%PDF-1.7 not text")
    result = run(str(tmp_path), "--db", str(tmp_path / "lw.db"), "-q")
    assert result.exit_code == 1, result.output
    assert f"error: {tmp_path / 'binary.txt'}: binary content (PDF), not text" in result.stderr
    assert f"error: {tmp_path / 'empty.txt'}: empty document" in result.stderr
    assert "added 0 (0 near-duplicate copies), skipped 0 duplicates, failed 2" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.exists(), reason="seed articles not present")
def test_real_pipeline_ingests_the_seeds_once(tmp_path):
    db = str(tmp_path / "lw.db")
    first = run("--manifest", str(SEEDS / "manifest.jsonl"), "--db", db, "-q")
    assert first.exit_code == 0, first.output
    assert "added 2 (0 near-duplicate copies), skipped 0 duplicates, failed 0" in first.stdout
    again = run("--manifest", str(SEEDS / "manifest.jsonl"), "--db", db, "-q")
    assert again.exit_code == 0 and "added 0 (0 near-duplicate copies), skipped 2 duplicates" in again.stdout
