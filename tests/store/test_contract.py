"""The storage contract. Every backend must pass these; add a backend to BACKENDS."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from linkwatch.model import Alias, Certainty, Document, Entity, Event, Evidence, Mention, Relation
from linkwatch.store import SchemaError, SQLiteStore, Store, open_store

BACKENDS: dict[str, Callable[[Path], Store]] = {"sqlite": lambda tmp: open_store(tmp / "contract.db")}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with BACKENDS[request.param](tmp_path) as s:
        yield s


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


def test_sqlite_store_is_one_wal_file_with_foreign_keys(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        db = s.db  # type: ignore[attr-defined]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
