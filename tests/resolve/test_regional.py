"""A name two listed groups share: the country the document is about decides which one it means, when
the list itself qualifies the name by that country ('Al-Shabaab in Mozambique', an a.k.a. of
ISIS-Mozambique); a brand the list qualifies by many countries keeps naming the movement."""
from __future__ import annotations

from resolve_articles import Article, ingest

from linkwatch.store import Store

SOMALI = "org:al-shabaab"
MOZAMBICAN = "org:islamic-state-of-iraq-and-syria-mozambique"
IS = "org:islamic-state-of-iraq-and-the-levant"


def test_a_shared_name_in_a_story_about_the_country_the_list_qualifies_it_by_names_that_group(store: Store) -> None:
    ingest(store, Article("Al-Shabaab fighters raided a village near Pemba, Mozambique, on Monday.")
           .org("g", "Al-Shabaab", key=SOMALI).place("m", "Mozambique").place("p", "Pemba"))
    [group] = store.entities("organization")
    assert group.key == MOZAMBICAN
    assert any("MZ, a country this document is about" in str(d["features"].get("note", "")) for d in store.decisions(group.id))


def test_the_same_name_elsewhere_keeps_its_key(store: Store) -> None:
    ingest(store, Article("Al-Shabaab fighters raided a base near Kismayo, Somalia, on Monday.")
           .org("g", "Al-Shabaab", key=SOMALI).place("s", "Somalia").place("k", "Kismayo"))
    [group] = store.entities("organization")
    assert group.key == SOMALI


def test_a_brand_many_branches_share_keeps_naming_the_movement(store: Store) -> None:
    """The list has 'Islamic State in Somalia', '... in Yemen', '... in the Philippines': alone, the name is
    the movement's, even in a story about Somalia."""
    ingest(store, Article("The Islamic State claimed the bombing in Bosaso, Somalia.")
           .org("g", "Islamic State", key=IS).place("s", "Somalia").place("b", "Bosaso"))
    [group] = store.entities("organization")
    assert group.key == IS
