"""The search interface the web app calls (store.search), on every backend (the `backend` fixture): SQLite's FTS5 and PostgreSQL's
tsvector and trigram indexes answer alike."""
from __future__ import annotations

from linkwatch.model import Alias, Entity
from linkwatch.store import Store
from linkwatch.store.search import HIT_END, HIT_START, search

from .test_contract import add_doc, make_doc


def test_documents_by_words_accents_and_case_folded_last_word_a_prefix(backend: Store) -> None:
    doc = add_doc(backend, make_doc("Naji Zaheer met the commander of Jaish-e-Mohammed in Muzaffarābād.",
                                    title="Meeting in Kashmir"))
    add_doc(backend, make_doc("The central bank raised interest rates.", title="Rates"))
    assert [d.id for d in search(backend, "muzaffarabad").documents] == [doc.id]
    assert [d.id for d in search(backend, "ZAHEER comm").documents] == [doc.id]
    assert [d.id for d in search(backend, "kashmir").documents] == [doc.id]  # the title is searched
    assert search(backend, "zaheer rates").documents == []  # every word must match
    [hit] = search(backend, "jaish").documents
    assert any(is_hit and "Jaish" in text for text, is_hit in hit.snippet)
    assert HIT_START not in "".join(t for t, _ in hit.snippet) and HIT_END not in "".join(t for t, _ in hit.snippet)


def test_query_syntax_is_text_never_an_operator(backend: Store) -> None:
    add_doc(backend, make_doc("Hamas and Hezbollah."))
    for hostile in ['"', "NEAR(", "a OR", "*", "title:x", "((", "^", "\x00", "AND AND", "-x", "'; DROP TABLE x; --",
                    "a & !b | c:*", "\\", "%s %(x)s ?"]:
        search(backend, hostile)
    assert backend.document_count() == 1


def test_entities_by_name_or_alias_with_their_aliases(backend: Store) -> None:
    doc = add_doc(backend, make_doc())
    with backend.transaction() as w:
        w.upsert_entity(Entity("o1", "organization", "Lashkar-e-Taiba", [Alias("LeT", doc.id),
                                                                          Alias("Lashkar-e-Taiba", doc.id)]))
        w.upsert_entity(Entity("o2", "organization", "Hamas", [Alias("Harakat al-Muqawama", doc.id)]))
    [hit] = search(backend, "lashkar-e-taiba").entities
    assert (hit.id, hit.name, hit.aliases) == ("o1", "Lashkar-e-Taiba", ["LeT"])
    assert [e.id for e in search(backend, "let").entities] == ["o1"]  # by an alias
    assert [e.id for e in search(backend, "muqawama").entities] == ["o2"]


def test_postgresql_finds_names_by_spelling_too(pg_url: str) -> None:
    """Transliteration variants no word of the query matches exactly come from the trigram index."""
    from linkwatch.store import open_store

    with open_store(pg_url) as store:
        doc = add_doc(store, make_doc())
        with store.transaction() as w:
            w.upsert_entity(Entity("o1", "organization", "Lashkar-e-Taiba", [Alias("Lashkar-e-Tayyiba", doc.id)]))
            w.upsert_entity(Entity("o2", "organization", "Hamas"))
        assert [e.id for e in search(store, "lashkar taiyba").entities] == ["o1"]
        assert search(store, "lashkar taiyba").documents == []
