"""People of a group and of its splinter, front or merger partner: a different group on each side is no sign of two
people when one group came out of the other (a splinter's leaders came from the group they left)."""
from __future__ import annotations

from resolve_articles import Article, ingest

from linkwatch.store import Store


def _founding(splinter_of: bool) -> Article:
    a = Article("The Northern Liberation Army and the Ridge Brigades both fought in the valley. The Ridge Brigades, "
                "a splinter of the Northern Liberation Army, were founded in 2019.", source="Outlet A")
    a.org("p", "Northern Liberation Army").org("s", "Ridge Brigades")
    if splinter_of:
        a.rel("splinter_of", "s", "p", "The Ridge Brigades, a splinter of the Northern Liberation Army")
    return a


def _member(text: str, name: str, group: str, source: str) -> Article:
    a = Article(text, source=source).person("m", name).org("g", group).place("v", "Port Alder")
    return a.rel("member_of", "m", "g", text.split(",")[0] + "," + text.split(",")[1])


def _people(store: Store) -> list[str]:
    return sorted(e.name for e in store.entities("person"))


def _two_commanders(store: Store, splinter_of: bool) -> list[str]:
    ingest(store, _founding(splinter_of),
           _member("Tomas Ruiz Ortega, a commander of the Northern Liberation Army, was seen in Port Alder.",
                   "Tomas Ruiz Ortega", "Northern Liberation Army", "Outlet B"),
           _member("Tomas Ruiz, a commander of the Ridge Brigades, spoke in Port Alder.",
                   "Tomas Ruiz", "Ridge Brigades", "Outlet C"))
    return _people(store)


def test_a_leader_of_the_parent_and_of_its_splinter_is_one_person(store: Store) -> None:
    assert _two_commanders(store, splinter_of=True) == ["Tomas Ruiz Ortega"]


def test_without_the_splinter_relation_the_conflict_stands(store: Store) -> None:
    assert _two_commanders(store, splinter_of=False) == ["Tomas Ruiz", "Tomas Ruiz Ortega"]
