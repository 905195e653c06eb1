"""Short forms the name linker joined to a person by their spelling alone: one several people of the
article share names none of them; one spelt unlike every part of the person's name is another person,
with the claims the article makes only of it."""
from __future__ import annotations

from resolve_articles import Article, ingest

from linkwatch.store import Store


def test_a_short_form_several_people_share_is_filed_for_none(store: Store) -> None:
    text = "Omar Farouk al-Tamimi succeeded Khalid Nabil al-Tamimi. Al-Tamimi was killed in a raid."
    ingest(store, Article(text).person("a", "Omar Farouk al-Tamimi", "al-Tamimi")
           .person("b", "Khalid Nabil al-Tamimi"))
    names = {e.name: set(store.alias_names([e.id]).get(e.id, [])) for e in store.entities("person")}
    assert "al-Tamimi" not in names["Omar Farouk al-Tamimi"]


def test_a_one_part_name_spelt_otherwise_in_the_same_article_is_another_person(store: Store) -> None:
    text = ("The group said its leader Abu Salim al-Farisi was killed. Pilgrims marked the death of "
            "Imam Salem, a cousin of the poet Nizar Haddad.")
    a = (Article(text).person("p", "Abu Salim al-Farisi", "Imam Salem").person("n", "Nizar Haddad")
         .rel("relative_of", "p", "n", "Imam Salem, a cousin of the poet Nizar Haddad"))
    ingest(store, a)
    names = sorted(e.name for e in store.entities("person"))
    assert "Imam Salem" in names and "Abu Salim al-Farisi" in names
    [rel] = [r for r in store.relations() if r.type == "relative_of"]
    assert {store.entity(rel.source).name, store.entity(rel.target).name} == {"Imam Salem", "Nizar Haddad"}


def test_a_short_form_spelt_as_a_part_of_the_name_stays(store: Store) -> None:
    ingest(store, Article("Abu Salim al-Farisi spoke. Al-Farisi said the talks go on.")
           .person("p", "Abu Salim al-Farisi", "Al-Farisi"))
    [person] = store.entities("person")
    assert "Al-Farisi" in store.alias_names([person.id])[person.id]


def test_a_claim_tying_a_shared_short_form_to_the_other_person_stays_with_the_first(store: Store) -> None:
    """'Al-Tamimi is the brother of Khalid Nabil al-Tamimi': the short form is not Khalid, so it is Omar."""
    text = "Omar Farouk al-Tamimi led the raid. Al-Tamimi is the brother of Khalid Nabil al-Tamimi."
    ingest(store, Article(text).person("a", "Omar Farouk al-Tamimi", "Al-Tamimi")
           .person("b", "Khalid Nabil al-Tamimi")
           .rel("relative_of", "a", "b", "Al-Tamimi is the brother of Khalid Nabil al-Tamimi"))
    [rel] = [r for r in store.relations() if r.type == "relative_of"]
    assert {store.entity(rel.source).name, store.entity(rel.target).name} == {"Omar Farouk al-Tamimi",
                                                                              "Khalid Nabil al-Tamimi"}
