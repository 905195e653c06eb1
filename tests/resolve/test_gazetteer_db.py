"""The compiled gazetteer answers every look-up as the in-memory one does, and is rebuilt when what it is
made from changes."""
from __future__ import annotations

from pathlib import Path

import pytest

from linkwatch.resolve import gazetteer_db
from linkwatch.resolve.places import Gazetteer

NAMES = ["PoK", "Azad Kashmir", "Rawalakot", "Islamabad", "Hyderabad", "Baramulla", "USA", "Britain", "Palestine",
         "Jammu & Kashmir", "North Waziristan", "Khyber Pakhtunkhwa", "Karachi", "Gujranwala", "Muzaffarabad",
         "Bombay", "Peking", "Kessington", "Nowhere-on-Earth", "Iran", "Gaza", "Kandahar", "", "—"]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Gazetteer, gazetteer_db.CompiledGazetteer]:
    memory = Gazetteer()
    path = tmp_path_factory.mktemp("cache") / "gazetteer.sqlite"
    gazetteer_db.build(path, memory)
    return memory, gazetteer_db.CompiledGazetteer(path)


@pytest.mark.parametrize("name", NAMES)
def test_lookups_agree(both: tuple[Gazetteer, gazetteer_db.CompiledGazetteer], name: str) -> None:
    memory, compiled = both
    for countries in ((), {"PK"}, {"IN"}):
        assert compiled.lookup([name], countries) == memory.lookup([name], countries)
    assert compiled.country_of_name(name) == memory.country_of_name(name)
    assert compiled.cities(name) == memory.cities(name)
    found = memory.lookup([name])
    if found is not None:
        assert compiled.place(found.key) == found
        assert compiled.containers(found.key) == memory.containers(found.key)
        assert compiled.locate(found.key, []) == memory.locate(found.key, [])
        for other in ("place:azad-kashmir", "geonames:1168579"):
            assert compiled.contains(other, found.key) == memory.contains(other, found.key)
            assert compiled.contains(found.key, other) == memory.contains(found.key, other)


def test_region_aliases_keep_their_sources(both: tuple[Gazetteer, gazetteer_db.CompiledGazetteer]) -> None:
    memory, compiled = both
    for term in ("PoK", "AJK", "Azad Kashmir", "nothing"):
        assert compiled.alias_source("place:azad-kashmir", term) == memory.alias_source("place:azad-kashmir", term)
    assert compiled.country("pk") == memory.country("PK")


def test_the_cache_is_named_by_what_it_is_made_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = gazetteer_db.fingerprint()
    assert first == gazetteer_db.fingerprint()
    monkeypatch.setattr(gazetteer_db.inspect, "getsource", lambda module: "changed code")
    assert gazetteer_db.fingerprint() != first
    # A cache folder that cannot be written leaves the in-memory gazetteer in use.
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert gazetteer_db.compiled(blocked) is None


@pytest.mark.parametrize("name", ["Côte d'Ivoire", "Czechia", "Türkiye", "Eswatini", "Timor-Leste", "Kosovo",
                                  "Holy See", "Myanmar", "Nowhere-on-Earth"])
def test_country_names_only_rigour_knows_agree(both: tuple[Gazetteer, gazetteer_db.CompiledGazetteer],
                                               name: str) -> None:
    memory, compiled = both
    assert compiled._territory(name) == memory._territory(name)


def test_a_forked_worker_opens_its_own_connection(both: tuple[Gazetteer, gazetteer_db.CompiledGazetteer]) -> None:
    """Extraction pools fork: a child must not use the SQLite connection its parent opened."""
    import multiprocessing

    global _FORKED
    memory, compiled = both
    compiled.lookup(["Karachi"])
    _FORKED = compiled  # inherited by the fork, never pickled
    with multiprocessing.get_context("fork").Pool(1) as pool:
        # A name no earlier test looked up: look-ups are remembered, and the child must read the file.
        found = pool.apply(_lookup_in_child, ("Quetta",))
    assert found == memory.lookup(["Quetta"])
    assert compiled.lookup(["Karachi"]) == memory.lookup(["Karachi"])  # the parent's connection still works


_FORKED: gazetteer_db.CompiledGazetteer | None = None


def _lookup_in_child(name: str) -> object:
    assert _FORKED is not None and _FORKED.db is not None
    parent_db = _FORKED.db
    found = _FORKED.lookup([name])
    assert _FORKED.db is not parent_db
    return found
