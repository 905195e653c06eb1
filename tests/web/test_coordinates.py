"""Where the map puts a place: what resolution recorded, else the resolver's own gazetteer (resolve.places),
never a second one with other answers."""
from __future__ import annotations

from linkwatch.model import Alias, Entity
from linkwatch.resolve.places import gazetteer
from linkwatch.store import Store
from linkwatch.web.views import coordinates


def test_locate_tries_the_key_then_the_names() -> None:
    g = gazetteer()
    karachi = g.lookup(["Karachi"])
    assert karachi is not None and karachi.lat is not None
    assert g.locate(karachi.key, ["Nowhere-on-Earth"]) == karachi
    assert g.locate(None, ["Nowhere-on-Earth", "Karachi"]) == karachi
    assert g.locate("place:azad-kashmir", []) == g.lookup(["PoK"])  # a data-file region by its key
    assert g.locate(None, ["Nowhere-on-Earth"]) is None


def test_the_map_places_what_resolution_recorded_first(store: Store) -> None:
    with store.transaction() as w:
        for eid, name in [("e-karachi", "Karachi"), ("e-home", "Karachi"), ("e-nowhere", "Port Alder")]:
            w.upsert_entity(Entity(eid, "location", name, [Alias(name, None, None)]))
        w.upsert_entity(Entity("e-person", "person", "Karachi", [Alias("Karachi", None, None)]))
        w.put_place("e-home", "place:home", "Karachi", None, 1.5, 2.5, "PK", None, "city")
    karachi = gazetteer().lookup(["Karachi"])
    assert karachi is not None
    assert coordinates(store, store.entity("e-karachi")) == (karachi.lat, karachi.lon)
    assert coordinates(store, store.entity("e-home")) == (1.5, 2.5)  # the resolver's record wins
    assert coordinates(store, store.entity("e-nowhere")) is None  # listed beside the map, not guessed
    assert coordinates(store, store.entity("e-person")) is None and coordinates(store, None) is None
