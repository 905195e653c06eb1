"""A node's type from all its sources, never from one mislabelled mention: a name the model called a
place that no gazetteer knows is a body's when its head noun says so, a person's when the same article
or another one gives that name to a person; every such join is recorded with its reason."""
from __future__ import annotations

import itertools
from pathlib import Path

from resolve_articles import Article, ingest

from linkwatch.store import Store, open_store


def test_a_body_the_model_called_a_place_is_a_group(store: Store) -> None:
    ingest(store, Article("The Northern Herders Federation condemned the raid.").place("f", "Northern Herders Federation"))
    [entity] = store.entities()
    assert entity.type == "organization"


def test_a_known_place_with_a_body_word_stays_a_place(store: Store) -> None:
    ingest(store, Article("Troops crossed into the Russian Federation.").place("f", "Russian Federation"))
    [entity] = store.entities()
    assert entity.type == "location"


def test_a_surname_the_model_called_a_place_joins_the_person_it_names(store: Store) -> None:
    ingest(store, Article("President Tomas Varela spoke. Varela said the talks go on.")
           .person("p", "Tomas Varela").place("v", "Varela"))
    [entity] = store.entities()
    assert entity.type == "person" and entity.name == "Tomas Varela"


def test_a_person_named_as_a_place_in_one_article_joins_the_person_of_another_in_any_order(tmp_path: Path) -> None:
    """'Rodrigo Salcedo Pinto' as a place in one article, 'Rodrigo Salcedo' as a person in two others."""
    articles = [Article("Rodrigo Salcedo Pinto, the rebel envoy, arrived.", source="A").place("x", "Rodrigo Salcedo Pinto"),
                Article("Rodrigo Salcedo led the delegation.", source="B").person("p", "Rodrigo Salcedo"),
                Article("Envoy Rodrigo Salcedo spoke again.", source="C").person("p", "Rodrigo Salcedo")]
    for n, order in enumerate(itertools.permutations(articles)):
        with open_store(tmp_path / f"{n}.db") as store:
            ingest(store, *order)
            [entity] = store.entities()
            assert entity.type == "person"
            assert any("named as" in str(d["features"].get("note", "")) for d in store.decisions(entity.id))


def test_a_place_no_gazetteer_knows_does_not_join_a_person_by_one_shared_name(store: Store) -> None:
    ingest(store, Article("Fighting reached Salcedo Heights.", source="A").place("x", "Salcedo Heights"),
           Article("Rodrigo Salcedo led the delegation.", source="B").person("p", "Rodrigo Salcedo"))
    assert sorted(e.type for e in store.entities()) == ["location", "person"]


def test_one_document_votes_once_for_a_node_s_type(store: Store) -> None:
    """Two mentions of one article typed 'organization' are one vote against two articles saying person."""
    ingest(store,
           Article("Tomas Varela spoke. Varela left.", source="A").org("o", "Tomas Varela").place("v", "Varela"),
           Article("Tomas Varela spoke on radio.", source="B").person("p", "Tomas Varela"),
           Article("Tomas Varela met the envoy.", source="C").person("p", "Tomas Varela"))
    [entity] = store.entities()
    assert entity.type == "person"


def test_a_building_the_model_called_a_group_is_a_place(store: Store) -> None:
    ingest(store, Article("Gunmen stormed the Tarkwa prison overnight.").org("p", "Tarkwa prison"))
    [entity] = store.entities()
    assert entity.type == "location"


def test_a_group_named_by_one_word_that_a_credit_line_made_a_person_is_one_group_in_any_order(tmp_path: Path) -> None:
    articles = [Article("Photo: Kestrel. The army said the raid killed ten.", source="A").person("k", "Kestrel"),
                Article("Kestrel reported that the army raided the camp.", source="B").org("k", "Kestrel")]
    for n, order in enumerate(itertools.permutations(articles)):
        with open_store(tmp_path / f"{n}.db") as store:
            ingest(store, *order)
            [entity] = store.entities()
            assert entity.type == "organization"


def test_a_person_named_in_full_does_not_join_a_group_by_one_word(store: Store) -> None:
    ingest(store, Article("Samir Kestrel spoke. Kestrel said no.", source="A").person("k", "Samir Kestrel", "Kestrel"),
           Article("Kestrel reported the raid.", source="B").org("k", "Kestrel"))
    assert sorted(e.type for e in store.entities()) == ["organization", "person"]


def test_a_generic_body_takes_its_state_from_the_possessive_before_it(store: Store) -> None:
    """"Kenya's Ministry of Foreign Affairs" in one article, 'Kenya Foreign Office' in another: one node;
    "Uganda's Ministry of Foreign Affairs" in a third is another."""
    ingest(store,
           Article("Kenya's Ministry of Foreign Affairs condemned the attack.", source="A")
           .org("m", "Ministry of Foreign Affairs"),
           Article("A Kenya Foreign Office spokesman condemned the attack.", source="B")
           .org("m", "Kenya Foreign Office"),
           Article("Uganda's Ministry of Foreign Affairs condemned the attack.", source="C")
           .org("m", "Ministry of Foreign Affairs"))
    assert len(store.entities("organization")) == 2
