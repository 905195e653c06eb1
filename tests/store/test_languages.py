"""Documents listed by language (issue 18): the store, the API and the documents page, on both backends; an
undeclared document counts as English, as the reader reads it."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from linkwatch.model import Document, sha256
from linkwatch.settings import Settings
from linkwatch.store import Store, open_store

TEXTS = {"ur": "لشکرِ نور کے سربراہ نے کہا", "hi": "लश्कर-ए-नूर के प्रमुख ने कहा", None: "The chief of Lashkar-e-Noor said.",
         "en": "Lashkar-e-Noor's chief spoke on Monday."}


def fill(store: Store) -> dict[str | None, str]:
    ids = {}
    with store.transaction() as w:
        for lang, text in TEXTS.items():
            sha = sha256(text.encode())
            w.put_blob(sha, text.encode())
            doc = Document(id=Document.make_id(text), raw_sha256=sha, text=text, origin=f"{lang}.txt", language=lang)
            ids[lang] = w.add_document(doc, None, []).id
    return ids


def test_documents_by_language(backend: Store) -> None:
    ids = fill(backend)
    assert [d.id for d in backend.documents_page(0, 10, language="ur")] == [ids["ur"]]
    assert backend.document_count("hi") == 1 and backend.document_count("ar") == 0
    # English: the declared one and the one nothing declared, in ingest order.
    assert [d.id for d in backend.documents_page(0, 10, language="en")] == [ids[None], ids["en"]]
    assert backend.document_count() == 4 and len(backend.documents_page(0, 10)) == 4


def test_a_language_is_read_from_its_index(store: Store) -> None:
    fill(store)
    db = store.db  # type: ignore[attr-defined]
    assert isinstance(db, sqlite3.Connection)
    plan = " ".join(str(r[-1]) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM documents WHERE language = ? ORDER BY seq LIMIT 5", ("ur",)))
    assert "documents_language" in plan, plan


def test_the_api_and_the_page_filter_by_language(tmp_path: Path) -> None:
    from linkwatch.web import create_app

    db = tmp_path / "store.db"
    with open_store(db) as store:
        ids = fill(store)
    with TestClient(create_app(Settings(db=db), "token-0123456789abcdef", rate=None)) as client:
        listed = client.get("/api/documents", params={"language": "hi"}).json()
        assert listed["total"] == 1 and [d["id"] for d in listed["items"]] == [ids["hi"]]
        assert listed["items"][0]["language"] == "hi"
        assert client.get("/api/documents", params={"language": "urdu!"}).status_code == 422
        page = client.get("/documents", params={"language": "ur"}).text
        assert ids["ur"] in page and ids["hi"] not in page and "1 documents in <code>ur</code>" in page


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with open_store(tmp_path / "s.db") as s:
        yield s
