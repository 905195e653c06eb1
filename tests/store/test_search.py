"""Search as an analyst uses it: a name typed in any spelling finds the node, the events that node
took part in come with it, an outlet's name lists its documents, and what matched is said."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkwatch.cli import main
from linkwatch.model import Alias, Certainty, Document, Entity, Event, Evidence
from linkwatch.resolve.names import index_keys
from linkwatch.store import Store, open_store
from linkwatch.store.search import search

TEXT = ("Naji Zaheer, a commander of the Eastern Liberation Front, met Hafiz Muhammad Saeed in Kandara on "
        "12 March. Police said the Front carried out the bombing of the Kandara market.")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """The same store on each backend: search answers alike from SQLite and PostgreSQL."""
    s = open_store(tmp_path / "search.db" if request.param == "sqlite" else request.getfixturevalue("pg_url"))
    _fill(s)
    return s


def _fill(s: Store) -> None:
    doc = Document(id=Document.make_id(TEXT), raw_sha256="a" * 64, text=TEXT, origin="t.txt",
                   source="Frontier Post", title="Commander met cleric", published="2026-03-13")
    q = "Naji Zaheer, a commander"
    evidence = Evidence(doc.id, 0, len(q), q, "test.v1", Certainty.ASSERTED, (), None)
    with s.transaction() as w:
        w.put_blob(doc.raw_sha256, TEXT.encode())
        w.add_document(doc, b"\x00" * 8, [])
        for eid, kind, name, aliases in (
                ("p1", "person", "Naji Zaheer", ["Naji Zaheer"]),
                ("p2", "person", "Hafiz Muhammad Saeed", ["Hafiz Muhammad Saeed", "Hafiz Saeed"]),
                ("p3", "person", "Nadia Zaki", ["Nadia Zaki"]),
                ("o1", "organization", "Eastern Liberation Front", ["Eastern Liberation Front", "ELF"]),
                ("l1", "location", "Kandara", ["Kandara"])):
            w.upsert_entity(Entity(eid, kind, name, [Alias(a, doc.id, doc.source) for a in aliases]))
            w.add_entity_keys(eid, {k for a in aliases for k in index_keys(a, kind)})
        w.upsert_event(Event("v1", "meeting", "2026-03-12", "l1", ["p1", "p2"], [], None, [evidence]))
        w.upsert_event(Event("v2", "bombing", "2026-03-10", "l1", ["o1"], [], None, [evidence]))


def test_a_name_in_another_spelling_finds_the_node_and_says_what_matched(store: Store) -> None:
    found = search(store, "Nazi Zahir")
    assert [e.name for e in found.entities] == ["Naji Zaheer"]  # not Nadia Zaki, whose skeleton is close
    assert found.entities[0].how == "spelling"
    found = search(store, "Hafeez Saeed")
    assert found.entities[0].name == "Hafiz Muhammad Saeed" and found.entities[0].matched == "Hafiz Saeed"


def test_a_full_text_hit_on_an_alias_names_the_alias(store: Store) -> None:
    found = search(store, "ELF")
    assert found.entities[0].name == "Eastern Liberation Front" and found.entities[0].matched == "ELF"
    assert found.entities[0].how == "words"


def test_events_come_with_the_entities_they_involve(store: Store) -> None:
    found = search(store, "Nazi Zahir")
    assert [(e.id, e.type, e.place) for e in found.events] == [("v1", "meeting", "Kandara")]
    assert found.events[0].actors[0] == "Naji Zaheer" and "Hafiz Muhammad Saeed" in found.events[0].actors
    # A place brings the events that happened there, newest first.
    assert [e.id for e in search(store, "Kandara").events] == ["v1", "v2"]


def test_an_outlet_lists_its_documents(store: Store) -> None:
    found = search(store, "frontier post")
    assert [d.source for d in found.documents] == ["Frontier Post"]


def test_nothing_found_is_an_empty_answer(store: Store) -> None:
    found = search(store, "Zzyzx Qwerty")
    assert not found.entities and not found.events and not found.documents


def test_the_command_answers_in_a_table_or_json_and_an_empty_answer_is_no_error(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with open_store(db) as s:
        _fill(s)
    runner = CliRunner()
    table = runner.invoke(main, ["search", "Nazi Zahir", "--db", str(db)])
    assert table.exit_code == 0 and "Naji Zaheer" in table.output and "another spelling" in table.output
    assert "meeting at Kandara" in table.output
    data = json.loads(runner.invoke(main, ["search", "Nazi Zahir", "--db", str(db), "--format", "json"]).output)
    assert data["entities"][0]["name"] == "Naji Zaheer" and data["events"][0]["id"] == "v1"
    empty = runner.invoke(main, ["search", "Zzyzx", "--db", str(db)])
    assert empty.exit_code == 0 and "nothing matches" in empty.output
    missing = runner.invoke(main, ["search", "x", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0


def test_an_outlet_is_found_through_its_index(store: Store) -> None:
    if not isinstance(getattr(store, "db", None), sqlite3.Connection):
        pytest.skip("query plans are read here in SQLite's words; PostgreSQL has the same index (migration 12)")
    plan = " ".join(str(r[-1]) for r in store.db.execute(  # type: ignore[attr-defined]
        "EXPLAIN QUERY PLAN SELECT id FROM documents WHERE lower(source) = lower(?) ORDER BY seq DESC LIMIT 5",
        ("Frontier Post",)))
    assert "documents_source" in plan and "SCAN documents" not in plan, plan
