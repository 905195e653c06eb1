"""Reading JSON Lines manifests: bad lines are reported by line number, good lines still go in."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from linkwatch.ingest.manifest import read_manifest
from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError

MB = 1024 * 1024
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"  # ../shared beside the checkout


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_malformed_line_and_missing_path_are_errors_and_other_lines_go_in(tmp_path):
    (tmp_path / "a.txt").write_text("Article A.")
    manifest = _write(tmp_path / "manifest.jsonl", [
        json.dumps({"path": "a.txt", "source": "Valley Ledger", "published": "2025-02-06", "language": "en",
                    "url": "https://example.org/a", "title": "A"}),
        '{"path": "b.txt",',  # malformed
        json.dumps({"path": "missing.txt"}),
        "",
        json.dumps({"text": "Article C, given inline.", "source": "Wire"}),
        json.dumps({"title": "nothing to read"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "bad date", "published": "06/02/2025"}),
    ])
    items = list(read_manifest(manifest, max_bytes=MB))
    errors = {e.origin: e.message for e in items if isinstance(e, InputError)}
    docs = [d for d in items if isinstance(d, RawDocument)]
    name = str(manifest)
    assert set(errors) == {f"{name}:2", f"{name}:3", f"{name}:6", f"{name}:7", f"{name}:8"}
    assert "malformed JSON" in errors[f"{name}:2"]
    assert "no such file: missing.txt" in errors[f"{name}:3"]
    assert "needs one of 'path', 'text' or 'url'" in errors[f"{name}:6"]
    assert "expected a JSON object" in errors[f"{name}:7"]
    assert "not an ISO 8601 date" in errors[f"{name}:8"]
    a, c = docs
    assert a.content == b"Article A."
    assert (a.source, a.published, a.language, a.url, a.title) == (
        "Valley Ledger", "2025-02-06", "en", "https://example.org/a", "A")
    assert a.origin == str(tmp_path / "a.txt")
    assert c.content == b"Article C, given inline." and c.origin == f"{name}:5"


def test_url_lines_are_fetched_with_the_given_fetcher(tmp_path):
    manifest = _write(tmp_path / "m.jsonl", [
        json.dumps({"url": "https://example.org/ok", "source": "Wire"}),
        json.dumps({"url": "https://example.org/broken"}),
    ])

    def fetcher(url: str) -> RawDocument:
        if url.endswith("broken"):
            raise InputError(url, "HTTP 500")
        return RawDocument(content=b"fetched", origin=url, url=url)

    ok, err = list(read_manifest(manifest, max_bytes=MB, fetcher=fetcher))
    assert isinstance(ok, RawDocument) and ok.content == b"fetched" and ok.source == "Wire"
    assert isinstance(err, InputError)
    assert err.origin == f"{manifest}:2" and err.message == "https://example.org/broken: HTTP 500"


def test_file_over_the_limit_is_reported_with_its_line(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"x" * 2000)
    manifest = _write(tmp_path / "m.jsonl", [json.dumps({"path": "big.txt"})])
    [err] = list(read_manifest(manifest, max_bytes=1000))
    assert isinstance(err, InputError) and err.origin == f"{manifest}:1" and "over the limit" in err.message


def test_overlong_line_is_skipped_without_losing_the_next(tmp_path):
    manifest = _write(tmp_path / "m.jsonl", [
        json.dumps({"text": "y" * 200_000}),
        json.dumps({"text": "short"}),
    ])
    err, doc = list(read_manifest(manifest, max_bytes=1000))
    assert isinstance(err, InputError) and err.origin == f"{manifest}:1" and "longer than" in err.message
    assert isinstance(doc, RawDocument) and doc.content == b"short"


def test_missing_manifest_is_one_error(tmp_path):
    [err] = list(read_manifest(tmp_path / "none.jsonl", max_bytes=MB))
    assert isinstance(err, InputError) and err.origin == str(tmp_path / "none.jsonl")


def test_byte_order_mark_on_the_first_line_is_accepted(tmp_path):
    manifest = tmp_path / "m.jsonl"
    manifest.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": "with BOM"}).encode() + b"\n")
    [doc] = list(read_manifest(manifest, max_bytes=MB))
    assert isinstance(doc, RawDocument) and doc.content == b"with BOM"


@pytest.mark.skipif(not (SEEDS / "manifest.jsonl").exists(), reason="seed articles not present")
def test_seed_manifest():
    docs = list(read_manifest(SEEDS / "manifest.jsonl", max_bytes=MB))
    assert all(isinstance(d, RawDocument) for d in docs) and len(docs) == 2
    assert {d.source for d in docs} == {"Indian Defence News", "News of Kashmir"}
