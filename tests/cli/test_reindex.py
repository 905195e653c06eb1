"""`linkwatch reindex` rebuilds the full-text index when it has drifted from the tables."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from linkwatch.cli import main
from linkwatch.model import Alias, Document, Entity, sha256
from linkwatch.store import open_store
from linkwatch.store.search import search


def test_reindex_restores_what_search_lost(tmp_path: Path) -> None:
    db = tmp_path / "lw.db"
    text = "The Sable Valley Front held a rally in Port Alder."
    with open_store(db) as store, store.transaction() as w:
        doc = Document(id=Document.make_id(text), raw_sha256=sha256(text.encode()), text=text, origin="a.txt")
        w.put_blob(doc.raw_sha256, text.encode())
        w.add_document(doc, None, [])
        w.upsert_entity(Entity("e-svf", "organization", "Sable Valley Front", [Alias("SVF", doc.id, None)]))
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
        assert [d.id for d in search(store, "Alder").documents] == [doc.id]
    missing = CliRunner().invoke(main, ["reindex", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "no store at" in missing.output
