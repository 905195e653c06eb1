"""The storage contract. Every backend must pass these; add a backend to BACKENDS (conftest.py)."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from linkwatch.model import Alias, Certainty, Document, Entity, Event, Evidence, Mention, Relation
from linkwatch.resolve.grading import grade
from linkwatch.store import SchemaError, SQLiteStore, Store, open_store
from linkwatch.store.pg_tables import OVERRIDES
from linkwatch.store.tables import MIGRATIONS, statements

TEXT = "Hamas commander Naji Zaheer met LeT commander Rashid Ali Sandhu in Gujranwala."


def make_doc(text: str = TEXT, **kw: object) -> Document:
    return Document(id=Document.make_id(text), raw_sha256="a" * 64, text=text, origin="test.txt",
                    source=kw.pop("source", "Example News"), **kw)  # type: ignore[arg-type]


def ev(doc: Document, quote: str, certainty: Certainty = Certainty.ASSERTED) -> Evidence:
    start = doc.text.index(quote)
    return Evidence(doc.id, start, start + len(quote), quote, "test.v1", certainty, ("cue",), None)


def add_doc(store: Store, doc: Document, bands: list[str] | None = None) -> Document:
    with store.transaction() as w:
        w.put_blob(doc.raw_sha256, doc.text.encode())
        return w.add_document(doc, b"\x00" * 8, bands or [])


def test_document_round_trip_keeps_text_and_sets_ingest_time(backend: Store) -> None:
    doc = add_doc(backend, make_doc(published="2026-01-08"))
    got = backend.document(doc.id)
    assert got is not None and got.text == TEXT and got.published == "2026-01-08"
    assert got.ingested_at and doc.ingested_at == got.ingested_at
    assert backend.blob("a" * 64) == TEXT.encode()
    assert [d.id for d in backend.documents()] == [doc.id]
    assert backend.has_document(doc.id) and not backend.has_document("d-missing")
    assert backend.document_id_for_raw("a" * 64) == doc.id and backend.document_id_for_raw("b" * 64) is None


def test_how_a_document_was_read_is_kept_with_it(backend: Store) -> None:
    doc = add_doc(backend, make_doc(encoding="cp1252", replacements=2, encoding_note="guessed cp1252",
                                    truncated_at=40))
    got = backend.document(doc.id)
    assert got is not None
    assert (got.encoding, got.replacements, got.encoding_note, got.truncated_at) == ("cp1252", 2, "guessed cp1252", 40)


def test_a_failed_transaction_leaves_nothing_behind(backend: Store) -> None:
    with pytest.raises(RuntimeError), backend.transaction() as w:
        w.put_blob("a" * 64, b"x")
        w.add_document(make_doc(), None, [])
        raise RuntimeError("killed mid-document")
    assert backend.document_count() == 0 and not backend.has_blob("a" * 64)


def test_near_duplicate_candidates_come_from_shared_bands_only(backend: Store) -> None:
    original = add_doc(backend, make_doc(), ["b1", "b2"])
    add_doc(backend, make_doc("Another story entirely."), ["b9"])
    assert [d for d, _ in backend.near_duplicate_candidates(["b2", "b7"])] == [original.id]
    assert backend.near_duplicate_candidates([]) == []


def test_near_duplicate_candidates_can_require_several_shared_bands_most_shared_first(backend: Store) -> None:
    one = add_doc(backend, make_doc("One story."), ["b1"])
    three = add_doc(backend, make_doc("Three story."), ["b1", "b2", "b3"])
    two = add_doc(backend, make_doc("Two story."), ["b1", "b2", "b9"])
    bands = ["b1", "b2", "b3"]
    assert [d for d, _ in backend.near_duplicate_candidates(bands)] == [three.id, two.id, one.id]
    assert [d for d, _ in backend.near_duplicate_candidates(bands, min_shared=2)] == [three.id, two.id]
    assert [d for d, _ in backend.near_duplicate_candidates(bands, min_shared=1, limit=1)] == [three.id]


def test_counts_come_without_loading_the_graph(backend: Store) -> None:
    d1 = add_doc(backend, make_doc())
    with backend.transaction() as w:
        for eid in ("e1", "e2"):
            w.upsert_entity(Entity(eid, "person", eid))
        w.add_relation(Relation("r1", "met_with", "e1", "e2", Certainty.ASSERTED, [ev(d1, "Naji Zaheer met")]))
        w.upsert_event(Event("v1", "meeting", "2026-01", None, ["e1"], [], None, [ev(d1, "met LeT commander")]))
    assert backend.counts() == {"documents": 1, "entities": 2, "events": 1, "relations": 1}


def test_event_stubs_carry_roles_but_not_evidence(backend: Store) -> None:
    d1 = add_doc(backend, make_doc())
    with backend.transaction() as w:
        for eid in ("e1", "e2", "o1"):
            w.upsert_entity(Entity(eid, "person", eid))
        w.upsert_event(Event("v1", "meeting", "2026-01", None, ["e1", "e2"], ["o1"], None,
                             [ev(d1, "met LeT commander")]))
        w.add_event_keys("v1", ["ml:2026-01|x"])
    [stub] = backend.event_stubs_by_keys(["ml:2026-01|x", "nothing"])
    assert (stub.participants, stub.organizers, stub.evidence) == (["e1", "e2"], ["o1"], [])
    assert backend.event_stubs(["v1", "v-unknown"]) == [stub]
    assert backend.event_stubs_with_actors(["o1", "e2"]) == [stub]  # one event however many of its actors
    assert backend.event_stubs_with_actors(["e-unknown"]) == []
    [full] = backend.events_by_keys(["ml:2026-01|x"])
    assert [e.quote for e in full.evidence] == ["met LeT commander"]


def test_entity_keys_are_read_in_bulk_and_by_prefix(backend: Store) -> None:
    with backend.transaction() as w:
        w.upsert_entity(Entity("e1", "person", "Naji Zaheer"))
        w.upsert_entity(Entity("e2", "person", "Rashid Ali Sandhu"))
        w.add_entity_keys("e1", ["s:person:zhr", "aff:o1", "role:chief", "ctx:place:p1", "n:person:naji zaheer"])
        w.add_entity_keys("e2", ["s:person:sndh"])
    assert backend.entity_keys_by_id(["e1", "e2", "e3"]) == {"e1": backend.entity_keys("e1"), "e2": ["s:person:sndh"]}
    assert backend.entity_keys_by_id(["e1", "e2"], ("aff:", "ctx:", "role:")) == {
        "e1": ["aff:o1", "ctx:place:p1", "role:chief"]}
    assert backend.entity_keys_by_id(["e1", "e2"], ("aff:",), ["role:chief", "role:spokesman", "s:person:sndh"]) == {
        "e1": ["aff:o1", "role:chief"], "e2": ["s:person:sndh"]}


def test_the_grading_summary_follows_evidence_and_copies(backend: Store) -> None:
    """relation_source_groups is kept as evidence is written; a copy arriving later must still count
    with its original's outlet, so the grade equals the one computed from every evidence row."""
    wire = add_doc(backend, make_doc("Naji Zaheer met Rashid Ali Sandhu.", source="Wire"))
    again = add_doc(backend, make_doc("Zaheer met Sandhu, the wire says.", source="Wire"))
    with backend.transaction() as w:
        for eid in ("e1", "e2"):
            w.upsert_entity(Entity(eid, "person", eid))
        w.add_relation(Relation("r1", "met_with", "e1", "e2", Certainty.ASSERTED, [ev(wire, "Naji Zaheer met")]))
        w.add_relation(Relation("r1", "met_with", "e1", "e2", Certainty.ASSERTED, [ev(again, "Zaheer met")]))
        # the same quote again with another label is not stored again, and must not count either
        w.add_relation(Relation("r1", "met_with", "e1", "e2", Certainty.DENIED,
                                [ev(again, "Zaheer met", Certainty.DENIED)]))
    assert len(backend.relation_source_groups("r1")) == 1  # one outlet, one label: one row
    assert grade(backend.relation_source_groups("r1")) == grade(backend.relation_sources("r1"))
    copy = make_doc("Naji Zaheer met Rashid Ali Sandhu, Courier reports.", source="Courier", copy_of=wire.id)
    add_doc(backend, copy)
    with backend.transaction() as w:
        w.add_relation(Relation("r1", "met_with", "e1", "e2", Certainty.REPORTED,
                                [ev(copy, "Naji Zaheer met", Certainty.REPORTED)]))
    grouped, full = grade(backend.relation_source_groups("r1")), grade(backend.relation_sources("r1"))
    assert grouped == full and full.sources == 1


def test_entities_are_found_by_blocking_key_with_aliases_by_document(backend: Store) -> None:
    doc = add_doc(backend, make_doc())
    with backend.transaction() as w:
        w.upsert_entity(Entity("e1", "person", "Naji Zaheer", [Alias("Zaheer", doc.id)]))
        w.add_entity_keys("e1", ["ph:zhr", "ph:nj"])
        w.add_mentions(doc.id, [Mention(16, 27, "Naji Zaheer", "person", "l1", "PERSON")], {"l1": "e1"})
    [found] = backend.entities_by_keys(["ph:zhr", "nothing"])
    assert found.name == "Naji Zaheer"
    assert [(a.name, a.doc, a.source) for a in found.aliases] == [("Zaheer", doc.id, "Example News")]
    assert backend.mentions(doc.id)[0]["entity_id"] == "e1"


def test_one_relation_collects_evidence_from_every_document(backend: Store) -> None:
    d1 = add_doc(backend, make_doc())
    d2 = add_doc(backend, make_doc("Zaheer reportedly met LeT commander Rashid Ali Sandhu.", source="Other"))
    with backend.transaction() as w:
        for eid, name in (("e1", "Naji Zaheer"), ("e2", "Rashid Ali Sandhu")):
            w.upsert_entity(Entity(eid, "person", name))
        rid = Relation.make_id("met_with", "e2", "e1")
        assert rid == Relation.make_id("met_with", "e1", "e2")  # symmetric: one id either way
        first = w.add_relation(Relation(rid, "met_with", "e1", "e2", Certainty.ASSERTED,
                                        [ev(d1, "Hamas commander Naji Zaheer met")]))
        again = w.add_relation(Relation(rid, "met_with", "e1", "e2", Certainty.ASSERTED,
                                        [ev(d1, "Hamas commander Naji Zaheer met")]))
        third = w.add_relation(Relation(rid, "met_with", "e1", "e2", Certainty.REPORTED,
                                        [ev(d2, "Zaheer reportedly met", Certainty.REPORTED)]))
    assert (first, again, third) == (True, False, False)
    [rel] = backend.relations()
    assert len(rel.evidence) == 2  # the repeated quote is stored once
    assert {e.certainty for e in rel.evidence} == {Certainty.ASSERTED, Certainty.REPORTED}
    sources = backend.relation_sources(rid)
    assert {s.source for s in sources} == {"Example News", "Other"}
    for e in rel.evidence:
        assert backend.document(e.doc).text[e.start:e.end] == e.quote  # type: ignore[union-attr]


def test_grade_changes_are_kept_as_history(backend: Store) -> None:
    d1 = add_doc(backend, make_doc())
    with backend.transaction() as w:
        w.upsert_entity(Entity("e1", "person", "Naji Zaheer"))
        w.upsert_entity(Entity("o1", "organization", "Hamas"))
        w.add_relation(Relation("r1", "member_of", "e1", "o1", Certainty.ASSERTED,
                                [ev(d1, "Hamas commander Naji Zaheer")]))
        w.update_relation_grade("r1", "asserted", 1, 3, 50, d1.id)
        w.update_relation_grade("r1", "asserted", 1, 3, 50, d1.id)  # unchanged: no new history row
        w.update_relation_grade("r1", "asserted", 2, 2, 70, d1.id)
    assert [h["grade"] for h in backend.relation_history()] == [3, 2]
    assert backend.relation("r1").grade == 2  # type: ignore[union-attr]


def test_events_keep_roles_and_evidence(backend: Store) -> None:
    d1 = add_doc(backend, make_doc())
    with backend.transaction() as w:
        for eid, t in (("e1", "person"), ("e2", "person"), ("o1", "organization"), ("l1", "location")):
            w.upsert_entity(Entity(eid, t, eid))
        w.upsert_event(Event("v1", "meeting", "2026-01", "l1", ["e1", "e2"], ["o1"], None,
                             [ev(d1, "met LeT commander")]))
        w.add_event_keys("v1", ["ym:2026-01"])
    [event] = backend.events_by_keys(["ym:2026-01"])
    assert (event.participants, event.organizers, event.location) == (["e1", "e2"], ["o1"], "l1")
    assert event.evidence[0].quote == "met LeT commander"


def test_clearing_the_graph_keeps_documents_judgements_and_watchlist(backend: Store) -> None:
    d1 = add_doc(backend, make_doc())
    with backend.transaction() as w:
        w.upsert_entity(Entity("e1", "person", "Naji Zaheer"))
        w.upsert_entity(Entity("e2", "person", "Nazi Zahir"))
        w.put_judgement("e2", "e1", "same", "analyst")
        w.watch("e1")
        w.record_decision("entity", "e1", "e2", "unsure", 0.7, {"name": 0.9})
    with backend.transaction() as w:
        w.clear_graph()
    assert backend.entities() == [] and backend.decisions() == []
    assert backend.document(d1.id) is not None
    [j] = backend.judgements()
    assert (j["a"], j["b"], j["judgement"], j["a_name"]) == ("e1", "e2", "same", "Naji Zaheer")
    assert [w["entity_id"] for w in backend.watchlist()] == ["e1"]


def test_evidence_must_carry_a_known_certainty(backend: Store) -> None:
    d1 = add_doc(backend, make_doc())
    with backend.transaction() as w:
        w.upsert_entity(Entity("e1", "person", "x"))
    with pytest.raises(sqlite3.IntegrityError), backend.transaction() as w:
        w.add_relation(Relation("r1", "member_of", "e1", "e1", Certainty.ASSERTED,
                                [Evidence(d1.id, 0, 5, "Hamas", "t", "probably")]))  # type: ignore[arg-type]


def test_reopening_migrates_once_and_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as s:
        add_doc(s, make_doc())
        version = s.schema_version  # type: ignore[attr-defined]
    with open_store(path) as s:
        assert s.document_count() == 1
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {version + 1}")
    raw.close()
    with pytest.raises(SchemaError):
        SQLiteStore(path)


def test_migration_4_summarises_evidence_already_stored(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as s:
        d1 = add_doc(s, make_doc(source="Wire"))
        d2 = add_doc(s, make_doc("Zaheer reportedly met LeT commander Rashid Ali Sandhu.", source="Wire"))
        d3 = add_doc(s, make_doc("Zaheer met Sandhu.", source=None))
        with s.transaction() as w:
            w.upsert_entity(Entity("e1", "person", "Naji Zaheer", [Alias("Zaheer", d2.id), Alias("Naji Zaheer", d1.id),
                                                                    Alias("Zaheer", d3.id)]))
            w.upsert_entity(Entity("e2", "person", "e2"))
            for d, quote in ((d1, "Naji Zaheer met"), (d2, "Zaheer reportedly met"), (d3, "Zaheer met")):
                w.add_relation(Relation("r1", "met_with", "e1", "e2", Certainty.ASSERTED, [ev(d, quote)]))
        expected = s.relation_source_groups("r1")
    # Put the file back as schema 3 left it (without what later migrations add, either), then reopen:
    # migration 4 rebuilds its summaries from the rows, and the later migrations run after it.
    raw = sqlite3.connect(path)
    undo_migrations_after(raw, 4)
    raw.executescript("DROP TABLE relation_sources; DROP TABLE entity_names; DROP INDEX entity_keys_by_entity;"
                      " CREATE INDEX entity_keys_entity ON entity_keys(entity_id);"
                      " PRAGMA user_version = 3;")
    raw.close()
    with open_store(path) as s:
        assert s.schema_version == len(MIGRATIONS)  # type: ignore[attr-defined]  # 4 and every later one
        assert s.name_counts("e1") == [("Zaheer", 2), ("Naji Zaheer", 1)]  # migration 8 counts each name's documents
        got = s.relation_source_groups("r1")
        assert sorted(got, key=str) == sorted(expected, key=str) and len(got) == 2  # Wire once, d3 alone
        assert grade(got) == grade(s.relation_sources("r1"))
        assert s.alias_names(["e1"]) == {"e1": ["Zaheer", "Naji Zaheer"]}  # distinct, first seen first


def test_migration_numbers_are_final() -> None:
    """The numbers stores already carry: 7 the events work, 8 reconciliation, 9 paged-read indexes, 10 the
    link index, 11 recorded alerts, 12 the outlet index for search (the branches that made them numbered them in advance),
    13 documents by language and PostgreSQL's stored search vectors, 14 the link index by parts (issue 14)."""
    assert len(MIGRATIONS) == 14
    assert "ADD COLUMN generic" in MIGRATIONS[6] and "CREATE TABLE alias_evidence" in MIGRATIONS[7]
    assert "CREATE INDEX relations_ranked" in MIGRATIONS[8]
    assert "CREATE TABLE org_links" in MIGRATIONS[9]
    assert "CREATE TABLE alerts" in MIGRATIONS[10]
    assert "CREATE INDEX documents_source" in MIGRATIONS[11]
    assert "documents_language" in MIGRATIONS[12] and "search_vector" in OVERRIDES[13]
    assert "CREATE TABLE link_parts" in MIGRATIONS[13] and "CREATE TABLE unit_hops" in MIGRATIONS[13]


def undo_migrations_after(db: sqlite3.Connection, version: int) -> None:
    """Drop what the migrations after `version` created (tables, indexes, added columns), newest first."""
    for script in reversed(MIGRATIONS[version:]):
        for statement in reversed(statements(script)):
            made = re.match(r"CREATE (?:UNIQUE )?(TABLE|INDEX|TRIGGER) (\w+)", statement.strip(), re.I)
            added = re.match(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", statement.strip(), re.I)
            if made:
                db.execute(f"DROP {made.group(1)} IF EXISTS {made.group(2)}")
            elif added:
                db.execute(f"ALTER TABLE {added.group(1)} DROP COLUMN {added.group(2)}")
    db.commit()


def test_sqlite_store_is_one_wal_file_with_foreign_keys(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        db = s.db  # type: ignore[attr-defined]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_sqlite_read_only_opens_write_nothing_and_need_the_current_schema(tmp_path: Path) -> None:
    from linkwatch.store import StoreError

    path = tmp_path / "s.db"
    with open_store(path) as s:
        add_doc(s, make_doc())
    with open_store(path, read_only=True) as s:
        assert s.document_count() == 1
        with pytest.raises(StoreError, match="read-only"), s.transaction() as w:
            w.watch("e1")
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 4")
    raw.close()
    with pytest.raises(StoreError, match="cannot be upgraded"):
        open_store(path, read_only=True)
    (tmp_path / "text.db").write_text("meeting notes, not a store")
    with pytest.raises(StoreError, match="is not a linkwatch store"):
        open_store(tmp_path / "text.db")


def _reopen(store: Store) -> Store:
    """A second connection to the same store, as another process would have."""
    return open_store(getattr(store, "url", None) or store.path)  # type: ignore[attr-defined]


def test_transaction_reads_see_the_transactions_own_writes(backend: Store) -> None:
    """Contract 1 (store/base.py): resolution reads back through the store what it wrote through the writer."""
    with backend.transaction() as w:
        w.put_blob("a" * 64, b"raw")
        doc = w.add_document(make_doc(), b"\x01" * 8, ["b1"])
        assert backend.has_document(doc.id) and backend.document_id_for_raw("a" * 64) == doc.id
        assert [d for d, _ in backend.near_duplicate_candidates(["b1"])] == [doc.id]
        w.upsert_entity(Entity("e1", "person", "Naji Zaheer", [Alias("Zaheer", doc.id)]))
        w.upsert_entity(Entity("e2", "person", "Rashid Ali Sandhu"))
        w.add_entity_keys("e1", ["s:person:zhr"])
        assert [e.id for e in backend.entities_by_keys(["s:person:zhr"])] == ["e1"]
        assert backend.entity_ids_by_keys(["s:person:zhr"]) == ["e1"]
        w.add_entity_keys("e2", ["s:person:zhr", "s:person:snd"])
        assert backend.entities_under_keys(["s:person:zhr", "s:person:snd", "s:person:none"]) == {
            "s:person:zhr": ["e1", "e2"], "s:person:snd": ["e2"]}
        assert backend.alias_names(["e1"]) == {"e1": ["Zaheer"]}
        w.add_relation(Relation("r1", "met_with", "e1", "e2", Certainty.ASSERTED, [ev(doc, "Naji Zaheer met")]))
        assert [s.source for s in backend.relation_source_groups("r1")] == ["Example News"]
        assert backend.counts() == {"documents": 1, "entities": 2, "events": 0, "relations": 1}
        from linkwatch.store.search import search

        assert [e.id for e in search(backend, "zaheer").entities] == ["e1"]


def test_transaction_writes_are_seen_by_others_only_once_committed(backend: Store) -> None:
    """Contract 3: all or nothing, and nothing before the commit."""
    with _reopen(backend) as other:
        with backend.transaction() as w:
            w.put_blob("a" * 64, b"raw")
            doc = w.add_document(make_doc(), None, [])
            assert not other.has_document(doc.id)  # readers do not wait, and see the committed store
        assert other.has_document(doc.id)


def test_transaction_batch_commits_its_transactions_together_and_a_failed_one_alone_is_undone(backend: Store) -> None:
    """Contract 4: in a batch each transaction is a savepoint; others see the batch once it commits, and an
    exception that ends the batch still lets the transactions finished before it commit."""
    first, second, third = make_doc(), make_doc("Another report, about another meeting."), make_doc("A third one.")
    with _reopen(backend) as other:
        with pytest.raises(RuntimeError, match="disk full"), backend.batch():
            with backend.transaction() as w:
                w.put_blob("a" * 64, b"raw")
                w.add_document(first, None, [])
            with pytest.raises(ValueError), backend.transaction() as w:
                w.add_document(second, None, [])
                raise ValueError("bad document")
            with backend.transaction() as w:
                w.add_document(third, None, [])
                assert backend.has_document(first.id) and not backend.has_document(second.id)
            assert not other.has_document(first.id)  # not committed yet: one commit for the batch
            with backend.batch(), backend.transaction() as w:  # a nested batch is the same batch
                w.put_blob("b" * 64, b"other")
            assert not other.has_document(third.id) and not other.has_blob("b" * 64)
            raise RuntimeError("disk full")
        assert other.has_document(first.id) and other.has_document(third.id) and other.has_blob("b" * 64)
        assert not other.has_document(second.id)
    with backend.transaction() as w:  # the store is out of the batch: a transaction of its own again
        w.add_document(second, None, [])
    assert backend.document_count() == 3


def test_transaction_writers_take_turns_and_see_what_came_before(backend: Store) -> None:
    """Contract 2: a second writer waits for the first to commit, then sees its document, so it cannot store
    the same document again."""
    import threading
    import time

    seen: list[bool] = []
    with _reopen(backend) as other:
        def second() -> None:
            with other.transaction():
                seen.append(other.has_document(Document.make_id(TEXT)))

        with backend.transaction() as w:
            w.put_blob("a" * 64, b"raw")
            w.add_document(make_doc(), None, [])
            thread = threading.Thread(target=second)
            thread.start()
            time.sleep(0.5)
            assert seen == []  # still waiting for its turn
        thread.join(10)
    assert seen == [True]
