"""Crash safety (DEVELOPERS.md invariant 6): an ingest killed with SIGKILL at any point leaves a store that passes
its integrity checks, and running the ingest again gives the store one uninterrupted ingest gives."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from linkwatch.store import open_store

from .runs import STORES, WORKER, corpus, folder_of, ingest_at_once, snapshot, write_manifest


def _documents(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0  # not created yet, or mid-way through its schema


@pytest.mark.parametrize("kill_after", [3, 17])
def test_a_killed_ingest_leaves_a_sound_store_and_a_rerun_completes_it(
        tmp_path: Path, kill_after: int, reference: Callable[[str], dict[str, Any]]) -> None:
    articles = corpus()
    expected = reference("sqlite")
    folder = folder_of(tmp_path, "killed", articles)
    db = Path(STORES["sqlite"](folder))
    manifest = write_manifest(folder, articles, "all.jsonl")
    (folder / "go").write_text("go")
    proc = subprocess.Popen([sys.executable, str(WORKER), str(folder / "ready"), str(folder / "go"), "--fake", "--",
                             "ingest", "--db", str(db), "--manifest", str(manifest), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            # Batches of four: the ingest commits a batch at a time (Store.batch), so the kill
                            # falls between commits of a run that has more of them than the corpus has batches of 16.
                            env={**os.environ, "LINKWATCH_BATCH_SIZE": "4"})
    deadline = time.monotonic() + 120
    while _documents(db) < kill_after:
        assert proc.poll() is None, "the ingest finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        # Every document that made it in is whole: its extraction and its place in the band index came with it.
        assert con.execute("SELECT COUNT(*) FROM documents d LEFT JOIN extractions x ON x.doc_id = d.id"
                           " WHERE x.doc_id IS NULL").fetchone()[0] == 0
        stored = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        con.close()
    assert kill_after <= stored < len(articles)

    (folder / "go").unlink()
    [again] = ingest_at_once(folder, str(db), [manifest], fake=True)
    assert again.returncode == 0, again.stderr
    assert f"skipped {stored} duplicates" in again.stdout
    with open_store(db) as store:
        assert snapshot(store) == expected
