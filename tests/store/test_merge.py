"""Merging two entities or two events: everything that named the absorbed one names the survivor, and
nothing is left pointing at an id that is gone (store contract; reconciliation relies on it)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linkwatch.model import Alias, Certainty, Entity, Event, Mention, Relation
from linkwatch.store import Store

from .conftest import BACKENDS
from .test_contract import add_doc, ev, make_doc

TEXT = "Naji Zaheer met Rashid Sandhu. Nazi Zahir, of Hamas, attended a rally in Gujranwala with Sandhu."


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with BACKENDS[request.param](request, tmp_path) as s:
        yield s


def _graph(store: Store) -> tuple[str, str]:
    doc = add_doc(store, make_doc(TEXT))
    with store.transaction() as w:
        w.upsert_entity(Entity("e-naji", "person", "Naji Zaheer", [Alias("Naji Zaheer", doc.id, "A")]))
        w.upsert_entity(Entity("e-nazi", "person", "Nazi Zahir", [Alias("Nazi Zahir", doc.id, "A"),
                                                                 Alias("Naji Zaheer", "d-other", "B")]))
        w.upsert_entity(Entity("e-sandhu", "person", "Rashid Sandhu", [Alias("Rashid Sandhu", doc.id, "A")]))
        w.upsert_entity(Entity("e-hamas", "organization", "Hamas", [Alias("Hamas", doc.id, "A")]))
        w.upsert_entity(Entity("e-guj", "location", "Gujranwala", [Alias("Gujranwala", doc.id, "A")]))
        w.add_entity_keys("e-naji", ["n:person:naji zahir", "role:commander"])
        w.add_entity_keys("e-nazi", ["n:person:nazi zahir", "aff:e-hamas"])
        w.add_entity_keys("e-sandhu", ["ctx:org:e-hamas", "ctx:place:e-guj"])
        w.add_type_vote("e-naji", "person")
        w.add_type_vote("e-nazi", "person")
        w.add_type_vote("e-nazi", "organization")
        w.set_local_ref(doc.id, "p1", "e-naji")
        w.set_local_ref(doc.id, "p2", "e-nazi")
        w.add_mentions(doc.id, [Mention(0, 11, "Naji Zaheer", "person", "p1"), Mention(31, 41, "Nazi Zahir", "person", "p2")],
                       {"p1": "e-naji", "p2": "e-nazi"})
        w.upsert_event(Event("v1", "rally", "2025-02", "e-guj", ["e-nazi", "e-sandhu"], [], None,
                             [ev(doc, "attended a rally in Gujranwala")]))
        w.add_event_keys("v1", ["mp:2025-02|e-nazi", "lp:geonames:1|e-nazi", "ml:2025-02|geonames:1"])
        for type_, s, t, quote in [("met_with", "e-naji", "e-sandhu", "Naji Zaheer met Rashid Sandhu"),
                                   ("met_with", "e-sandhu", "e-nazi", "with Sandhu"),
                                   ("member_of", "e-nazi", "e-hamas", "Nazi Zahir, of Hamas"),
                                   ("met_with", "e-naji", "e-nazi", "Naji Zaheer met")]:
            w.add_relation(Relation(Relation.make_id(type_, s, t), type_, *sorted((s, t)) if type_ == "met_with"
                                    else (s, t), Certainty.ASSERTED, [ev(doc, quote)]))
        w.record_decision("entity", "e-nazi", f"{doc.id}#p2", "same", 0.9, {"features": {}})
        w.record_decision("entity", "e-naji", "e-nazi", "unsure", 0.8, {"features": {}})
        w.watch("e-nazi")
    return doc.id, Relation.make_id("met_with", "e-naji", "e-sandhu")


def test_a_merged_entity_leaves_nothing_pointing_at_it(store: Store) -> None:
    doc, met = _graph(store)
    with store.transaction() as w:
        touched = w.merge_entities("e-naji", "e-nazi")
    assert store.entity("e-nazi") is None
    naji = store.entity("e-naji")
    assert naji is not None and {a.name for a in naji.aliases} == {"Naji Zaheer", "Nazi Zahir"}
    assert dict(store.name_counts("e-naji")) == {"Naji Zaheer": 2, "Nazi Zahir": 1}  # two documents say Naji Zaheer
    assert store.type_votes("e-naji") == {"organization": 1, "person": 2}
    assert store.entities_by_keys(["id:e-nazi"])[0].id == "e-naji"  # judgements naming the old id find it
    assert {"aff:e-hamas", "n:person:nazi zahir", "role:commander"} <= set(store.entity_keys("e-naji"))
    assert store.global_id(doc, "p2") == "e-naji"
    assert {m["entity_id"] for m in store.mentions(doc)} == {"e-naji"}
    [event] = store.events()
    assert sorted(event.participants) == ["e-naji", "e-sandhu"]
    assert store.event_stubs_by_keys(["mp:2025-02|e-naji"]) and not store.event_stubs_by_keys(["mp:2025-02|e-nazi"])
    # the two meetings with Sandhu are one relation now, with both quotes; "Naji met Nazi" is no relation
    relations = store.relations()
    assert sorted(r.type for r in relations) == ["member_of", "met_with"]
    [meeting] = [r for r in relations if r.type == "met_with"]
    assert meeting.id == met and len(meeting.evidence) == 2 and meeting.id in touched
    assert store.relation_source_groups(meeting.id)
    [member] = [r for r in relations if r.type == "member_of"]
    assert (member.source, member.target) == ("e-naji", "e-hamas")
    assert [w["entity_id"] for w in store.watchlist()] == ["e-naji"]
    decisions = store.decisions("e-naji", kind="entity")
    assert [(d["a"], d["b"]) for d in decisions] == [("e-naji", f"{doc}#p2")]  # the pair's own row is gone


def test_a_place_merged_moves_the_events_placed_there(store: Store) -> None:
    _graph(store)
    with store.transaction() as w:
        w.upsert_entity(Entity("e-guj2", "location", "Gujranwala city", []))
        w.merge_entities("e-guj2", "e-guj")
    [event] = store.events()
    assert event.location == "e-guj2"
    sandhu = store.entity_keys("e-sandhu")
    assert "ctx:place:e-guj2" in sandhu and "ctx:place:e-guj" not in sandhu


def test_two_events_merge_with_their_evidence_roles_and_relations(store: Store) -> None:
    doc_id, _ = _graph(store)
    doc = store.document(doc_id)
    assert doc is not None
    with store.transaction() as w:
        w.upsert_event(Event("v2", "gathering", "2025-02-05", None, ["e-naji"], ["e-hamas"], "Solidarity Day",
                             [ev(doc, "Naji Zaheer met Rashid Sandhu")]))
        w.add_event_keys("v2", ["mp:2025-02|e-naji"])
        rel = Relation(Relation.make_id("participated_in", "e-naji", "v2"), "participated_in", "e-naji", "v2",
                       Certainty.REPORTED, [ev(doc, "Naji Zaheer met")])
        w.add_relation(rel)
        w.set_local_ref(doc.id, "v2", "v2")
        touched = w.merge_events("v1", "v2")
    assert store.event("v2") is None
    merged = store.event("v1")
    assert merged is not None and merged.name == "Solidarity Day" and len(merged.evidence) == 2
    assert set(merged.participants) == {"e-nazi", "e-sandhu", "e-naji"} and merged.organizers == ["e-hamas"]
    assert store.global_id(doc.id, "v2") == "v1"
    [moved] = store.relations("v1", type="participated_in")
    assert moved.id in touched and moved.evidence[0].quote == "Naji Zaheer met"
    assert {e.id for e in store.event_stubs_by_keys(["mp:2025-02|e-naji"])} == {"v1"}
