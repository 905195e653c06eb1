"""Fixtures of the CLI tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from linkwatch.model import Alias, Document, Entity, sha256
from linkwatch.store import open_store

SVF_TEXT = "The Sable Valley Front held a rally in Port Alder."


@pytest.fixture
def svf_store(tmp_path: Path) -> Path:
    """A store file of one made-up article and one group named in it, with its short form."""
    db = tmp_path / "svf.db"
    with open_store(db) as store, store.transaction() as w:
        doc = Document(id=Document.make_id(SVF_TEXT), raw_sha256=sha256(SVF_TEXT.encode()), text=SVF_TEXT,
                       origin="a.txt")
        w.put_blob(doc.raw_sha256, SVF_TEXT.encode())
        w.add_document(doc, None, [])
        w.upsert_entity(Entity("e-svf", "organization", "Sable Valley Front", [Alias("SVF", doc.id, None)]))
    return db
