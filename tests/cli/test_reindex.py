"""`linkwatch reindex` rebuilds the full-text index when it has drifted from the tables."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from linkwatch.cli import main
from linkwatch.store import open_store
from linkwatch.store.search import search


def test_reindex_restores_what_search_lost(tmp_path: Path, svf_store: Path) -> None:
    db = svf_store
    with open_store(db) as store:
        [doc_id] = [d.id for d in store.documents()]
    # An index emptied behind linkwatch's back (a restore, a hand edit): the triggers never see it.
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM entity_fts")
        raw.execute("INSERT INTO doc_fts(doc_fts) VALUES ('delete-all')")
    with open_store(db) as store:
        assert not search(store, "Sable").entities and not search(store, "Alder").documents
    result = CliRunner().invoke(main, ["reindex", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "search index rebuilt: 1 documents, 1 entities"
    with open_store(db) as store:
        assert [e.name for e in search(store, "SVF").entities] == ["Sable Valley Front"]
        assert [d.id for d in search(store, "Alder").documents] == [doc_id]
    missing = CliRunner().invoke(main, ["reindex", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "no store at" in missing.output
