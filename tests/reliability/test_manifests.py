"""Issue 16, row 4 and part of row 11: a manifest's paths stay inside its folder (or folders allowed with
--allow-dir), refusals name the line, and malformed JSON is reported at the right column."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkwatch.cli import main
from linkwatch.ingest.manifest import read_manifest
from linkwatch.model import InputError, RawDocument
from linkwatch.store import open_store

MB = 1 << 20


def _manifest(folder: Path, *entries: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "manifest.jsonl"
    path.write_text("".join((e if isinstance(e, str) else json.dumps(e)) + "\n" for e in entries), encoding="utf-8")
    return path


@pytest.mark.parametrize("escape", ["../../../../etc/passwd", "/etc/hostname", "../outside.txt"])
def test_paths_outside_the_manifest_folder_are_refused_with_the_line(tmp_path: Path, escape: str) -> None:
    (tmp_path / "outside.txt").write_text("a secret that is not an article")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Hamas met Lashkar-e-Taiba.")
    manifest = _manifest(tmp_path / "corpus", {"path": "a.txt"}, {"path": escape})
    ok, refused = read_manifest(manifest, max_bytes=MB)
    assert isinstance(ok, RawDocument) and ok.content == b"Hamas met Lashkar-e-Taiba."
    assert isinstance(refused, InputError)
    assert refused.origin == f"{manifest}:2"
    assert "outside the manifest's folder" in refused.message and "--allow-dir" in refused.message


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text("not an article")
    (tmp_path / "corpus").mkdir()
    os.symlink(tmp_path / "outside.txt", tmp_path / "corpus" / "link.txt")
    [refused] = read_manifest(_manifest(tmp_path / "corpus", {"path": "link.txt"}), max_bytes=MB)
    assert isinstance(refused, InputError) and "outside the manifest's folder" in refused.message


def test_allowed_folders_may_be_named(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "b.txt").write_text("Hamas met Lashkar-e-Taiba in Gujranwala.")
    manifest = _manifest(tmp_path / "manifests", {"path": "../articles/b.txt"},
                         {"path": str(tmp_path / "articles" / "b.txt")})
    assert all(isinstance(i, InputError) for i in read_manifest(manifest, max_bytes=MB))
    allowed = list(read_manifest(manifest, max_bytes=MB, allow_dirs=[tmp_path / "articles"]))
    assert all(isinstance(i, RawDocument) for i in allowed) and len(allowed) == 2


def test_ingest_refuses_and_stores_nothing_then_allow_dir_lets_it_in(tmp_path: Path, fake_nlp: None) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "b.txt").write_text("Hamas met Lashkar-e-Taiba in Gujranwala.")
    manifest = _manifest(tmp_path / "manifests", {"path": "../articles/b.txt"}, {"path": "/etc/passwd"})
    db = tmp_path / "s.db"
    refused = CliRunner().invoke(main, ["ingest", "--db", str(db), "--manifest", str(manifest), "-q"])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert f"error: {manifest}:1: ../articles/b.txt is outside the manifest's folder" in refused.stderr
    assert f"error: {manifest}:2: /etc/passwd is outside the manifest's folder" in refused.stderr
    with open_store(db) as store:
        assert store.document_count() == 0
    allowed = CliRunner().invoke(main, ["ingest", "--db", str(db), "--manifest", str(manifest), "-q",
                                        "--allow-dir", str(tmp_path / "articles")])
    assert allowed.exit_code == 1  # /etc/passwd is still refused
    assert "added 1" in allowed.stdout and "/etc/passwd is outside" in allowed.stderr


@pytest.mark.parametrize("line", ['{"path": "b.txt",', '{"path": "b.txt" "source": "x"}', '{"text": "a"}}'])
def test_malformed_json_is_reported_where_it_breaks(tmp_path: Path, line: str) -> None:
    [error] = read_manifest(_manifest(tmp_path, line), max_bytes=MB)
    assert isinstance(error, InputError) and error.origin.endswith(":1")
    with pytest.raises(json.JSONDecodeError) as exc:
        json.loads(line)
    assert exc.value.colno > 1
    assert f"at column {exc.value.colno})" in error.message  # where the one-line text itself breaks
