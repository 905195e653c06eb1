"""FollowTheMoney: read back with the followthemoney model, every property validated by its schema."""
from __future__ import annotations

import io
import json

from followthemoney import model

from linkwatch.export import get_format


def proxies(store):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    get_format("ftm").write(store, out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    for data in lines:
        proxy = model.get_proxy(data)
        proxy.schema.validate(data)  # raises InvalidData on a missing required or malformed property
        for prop, values in data["properties"].items():
            assert proxy.schema.get(prop) is not None, (proxy.schema.name, prop)
            assert proxy.get(prop) == values  # nothing dropped as invalid by the property's type
    return [model.get_proxy(d) for d in lines]


def test_every_entity_loads_and_validates(seed, fiction, small) -> None:  # type: ignore[no-untyped-def]
    for built in (seed, fiction, small):
        assert proxies(built.store)


def test_schemata_and_references(seed) -> None:  # type: ignore[no-untyped-def]
    found = proxies(seed.store)
    by_id = {p.id: p for p in found}
    schemata = {p.schema.name for p in found}
    assert {"Person", "Organization", "Address", "Article", "Event", "Membership", "Directorship", "Family",
            "Associate", "UnknownLink", "Documentation"} <= schemata
    for p in found:  # every entity reference points at an entity in the export
        for prop in p.schema.properties.values():
            if prop.type.name == "entity":
                assert all(v in by_id for v in p.get(prop)), (p.schema.name, prop.name)
    [zaheer_hamas] = [p for p in found if p.schema.name == "Membership"
                      and by_id[p.first("member")].first("name") == "Naji Zaheer"]  # type: ignore[index]
    assert zaheer_hamas.get("role") == ["commander"] and zaheer_hamas.get("status") == ["asserted"]
    assert zaheer_hamas.get("publisher") == ["News of Kashmir"]
    assert all(by_id[d].schema.name == "Article" for d in zaheer_hamas.get("proof"))
    [family] = [p for p in found if p.schema.name == "Family"]
    assert family.get("relationship") == ["brother"]


def test_events_list_only_asserted_actors_as_fact(seed) -> None:  # type: ignore[no-untyped-def]
    found = proxies(seed.store)
    by_id = {p.id: p for p in found}
    [rally] = [p for p in found if p.schema.name == "Event" and p.get("date")]
    assert rally.get("date") == ["2025-02-05"] and rally.get("location") == ["Pakistan-occupied Kashmir"]
    assert sorted(by_id[o].first("name") for o in rally.get("organizer")) == ["Jaish-e-Mohammed", "Lashkar-e-Taiba"]  # type: ignore[type-var]
    assert rally.get("involved") == []  # every named participant is only reported or unverified
    hedged = [p for p in found if p.schema.name == "UnknownLink" and p.first("object") == rally.id
              and p.first("status") in ("reported", "unverified")]
    assert len(hedged) == 5
    assert all(p.first("summary").startswith(p.first("status").upper()) for p in hedged)  # type: ignore[union-attr]
