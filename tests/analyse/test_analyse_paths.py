"""Shortest evidence paths between two actors, and finding actors by what analysts type."""
from __future__ import annotations

import pytest

from linkwatch.analyse.lookup import EntityLookupError, find_entity
from linkwatch.analyse.paths import shortest_paths
from linkwatch.analyse.view import GraphView


def test_shortest_paths_are_short_ranked_and_keep_hedges(seed) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    paths = shortest_paths(view, seed.ids["qaddoumi"], seed.ids["sandhu"])
    assert paths and len(paths[0].hops) == 3
    assert all(len(p.hops) <= 4 for p in paths)
    assert paths == sorted(paths, key=lambda p: p.rank())
    assert paths[0].nodes[0] == seed.ids["qaddoumi"] and paths[0].nodes[-1] == seed.ids["sandhu"]
    assert any("[reported]" in p.describe(view) for p in paths)


def test_places_are_left_out_unless_asked_for(seed) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    pok = find_entity(view, "PoK").id
    assert shortest_paths(view, seed.ids["zaheer"], pok) == []
    [first, *_] = shortest_paths(view, seed.ids["zaheer"], pok, include_places=True)
    assert first.describe(view) == "Naji Zaheer —visited [reported]→ Pakistan-occupied Kashmir"


def test_denied_hops_are_left_out_unless_asked_for(fiction) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    varga, attack = fiction.ids["varga"], fiction.ids["attack"]
    plain = shortest_paths(view, varga, attack)
    assert plain and all("denied" not in p.describe(view) for p in plain)
    assert len(plain[0].hops) == 2  # Varga —member_of→ NCB —claimed_responsibility→ attack
    with_denied = shortest_paths(view, varga, attack, include_denied=True)
    assert any(p.describe(view).endswith("—carried_out [denied]→ attack 'police post attack' in Kessington "
                                         "(2025-03-14)") for p in with_denied)


def test_lookup_by_id_name_alias_word_and_near_miss(seed) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    assert find_entity(view, seed.ids["hamas"]).name == "Hamas"
    assert find_entity(view, "LeT").name == "Lashkar-e-Taiba"
    assert find_entity(view, "lashkar e taiba").name == "Lashkar-e-Taiba"
    assert find_entity(view, "Zaheer").name == "Naji Zaheer"
    assert find_entity(view, "al-Qadoumi").name == "Khaled Qaddoumi"
    assert find_entity(view, "Khaled Qadoumi").name == "Khaled Qaddoumi"
    assert find_entity(view, "Jaish", ("organization",)).name == "Jaish-e-Mohammed"


def test_lookup_refuses_to_guess(seed) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    with pytest.raises(EntityLookupError) as ambiguous:
        find_entity(view, "Masood")
    assert {e.name for e in ambiguous.value.candidates} == {"Masood Azhar", "Masood Ilyas"}
    with pytest.raises(EntityLookupError, match="no person matches"):
        find_entity(view, "Hamas", ("person",))
