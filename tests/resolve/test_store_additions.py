"""The store methods resolution added: places for the map, and cheap look-ups by key."""
from __future__ import annotations

from linkwatch.model import Alias, Document, Entity
from linkwatch.store import Store


def _doc(store: Store, text: str) -> Document:
    doc = Document(Document.make_id(text), "0" * 64, text, "t.txt")
    with store.transaction() as w:
        w.put_blob("0" * 64, text.encode())
        return w.add_document(doc, None, [])


def test_places_are_stored_read_back_and_cleared_with_the_graph(store: Store) -> None:
    with store.transaction() as w:
        w.upsert_entity(Entity("e1", "location", "Rawalakot", key="geonames:1161983"))
        w.put_place("e1", "geonames:1161983", "Rawalakot", 1161983, 33.85782, 73.76043, "PK", "06", "city")
    assert store.place("e1") == {"entity_id": "e1", "key": "geonames:1161983", "name": "Rawalakot",
                                 "geonames_id": 1161983, "lat": 33.85782, "lon": 73.76043, "country": "PK",
                                 "admin1": "06", "feature": "city"}
    assert [p["entity_id"] for p in store.places()] == ["e1"]
    with store.transaction() as w:
        w.clear_graph()
    assert store.places() == [] and store.place("e1") is None


def test_key_lookups_do_not_load_alias_rows(store: Store) -> None:
    doc = _doc(store, "Hamas, Hamas, Hamas.")
    with store.transaction() as w:
        w.upsert_entity(Entity("e1", "organization", "Hamas", [Alias("Hamas", doc.id), Alias("HAMAS", doc.id)],
                               key="org:hamas"))
        w.add_entity_keys("e1", ["ref:org:hamas", "n:organization:hamas"])
        w.upsert_entity(Entity("e2", "person", "Naji Zaheer"))
    assert store.entity_ids_by_keys(["ref:org:hamas", "nothing"]) == ["e1"]
    [stub] = store.entity_stubs(["e1"])
    assert (stub.name, stub.key, stub.aliases) == ("Hamas", "org:hamas", [])
    assert store.alias_names(["e1", "e2"]) == {"e1": ["Hamas", "HAMAS"]}
    assert store.entity_keys("e1") == ["n:organization:hamas", "ref:org:hamas"]
