"""Names an article itself equates (linkwatch_aliases_v1): each becomes one entity's names, with the cue
and the sentence that says so; names it does not equate stay apart."""
from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from linkwatch.extract import Extractor
from linkwatch.extract.aliases import AliasFinder
from linkwatch.extract.state import EntityInfo, state_of
from linkwatch.model import Document, LocalEntity


def test_a_cue_joins_the_name_before_it_to_the_names_after_it(blank: Language, parse: Any) -> None:
    """On a hand-made parse: 'Abu Yasir Hassan, also known as Yaseer Hassan and Abu Qasim, was born.'"""
    words = ["Abu", "Yasir", "Hassan", ",", "also", "known", "as", "Yaseer", "Hassan", "and", "Abu", "Qasim", ",",
             "was", "born", "."]
    rows = [(w, w.lower(), "PROPN" if w[0].isupper() else "PUNCT" if not w.isalpha() else "VERB", 14, "dep")
            for w in words]
    doc = parse(blank, rows)
    state = state_of(doc)
    for ref, (s, e) in {"e1": (0, 3), "e2": (7, 9)}.items():
        state.entities[ref] = EntityInfo(ref, "person", [(s, e)], name=doc[s:e].text)
        for t in range(s, e):
            state.token_ref[t] = ref
    AliasFinder(blank, "aliases")(doc)
    [person] = state.entities.values()
    assert person.name == "Abu Yasir Hassan" and set(person.aliases) == {"Yaseer Hassan", "Abu Qasim"}
    assert {(r["name"], r["as"], r["cue"]) for r in person.equated} == {
        ("Yaseer Hassan", "Abu Yasir Hassan", "also known as"), ("Abu Qasim", "Abu Yasir Hassan", "also known as")}
    quote = person.equated[0]
    assert doc.text[quote["start"]:quote["end"]] == quote["quote"] and "also known as" in quote["quote"]


def _entities(extractor: Extractor, text: str) -> list[LocalEntity]:
    [x] = extractor.extract([Document(Document.make_id(text), "0" * 64, text, "t")])
    assert not x.relevance.get("gated")  # an article the relevance gate leaves out would pass vacuously
    for e in x.entities:
        for r in e.equated:
            assert text[r["start"]:r["end"]] == r["quote"]
    return x.entities


def _names(entity: LocalEntity) -> set[str]:
    return {entity.name, *entity.aliases}


@pytest.mark.slow
@pytest.mark.parametrize(("text", "together", "cue"), [
    ("The rebel commander Ivan Marquez, whose real name is Luciano Marin Arango, returned to the talks in Havana after the ceasefire with the army.",
     {"Ivan Marquez", "Luciano Marin Arango"}, "whose real name is"),
    ("Mohammed al-Jawlani, better known as Abu Mohammed al-Julani, leads the militant group in Idlib, whose fighters clash with the army.",
     {"Mohammed al-Jawlani", "Abu Mohammed al-Julani"}, "better known as"),
    ("The leader of the Islamic State West Africa Province, or ISWAP, said the attack was planned.",
     {"Islamic State West Africa Province", "ISWAP"}, "acronym"),
    ("The Revolutionary Armed Forces of Colombia (FARC) signed the deal. FARC rebels later disarmed after decades of war with the army.",
     {"Revolutionary Armed Forces of Colombia", "FARC"}, "acronym"),
    ("Tehreek-e-Labbaik Pakistan held a rally in Lahore that turned to violence. Later TLP leaders met police and security "
     "officials.",
     {"Tehreek-e-Labbaik Pakistan", "TLP"}, "acronym"),
    # A short name in brackets whose letters are not the English initials (a name in another language).
    ("The Sahel Herders Union (Sahu) condemned the bombing by the militants that killed ten soldiers at the army base.",
     {"Sahel Herders Union", "Sahu"}, "short name in brackets"),
    ("A spokesman for the Coastal Guard Battalion (BFR) said the insurgents attacked the army base and killed six soldiers.",
     {"Coastal Guard Battalion", "BFR"}, "short name in brackets"),
    ("The rebels' envoy will be Omar Teixeira Lobo, known by the alias Tomas Varela, after the attack on the army base.",
     {"Omar Teixeira Lobo", "Tomas Varela"}, "known by the alias"),
    # A passive naming verb names its subject, or the group a word for one carries.
    ("The Sahel Liberation Front was renamed Jama'at Nasr al-Sahel after its militants killed ten soldiers in an attack on "
     "the army base.",
     {"Sahel Liberation Front", "Jama'at Nasr al-Sahel"}, "renamed"),
    ("Niger's Tillaberi Front group joined the rebels in 2020 and was later named Katiba Ansar Tillaberi "
     "after the attack on the army base.",
     {"Tillaberi Front", "Katiba Ansar Tillaberi"}, "named"),
])
def test_names_the_article_equates_are_one_entity(extractor: Extractor, text: str, together: set[str],
                                                   cue: str) -> None:
    [entity] = [e for e in _entities(extractor, text) if together & _names(e)]
    assert together <= _names(entity)
    assert cue in {r["cue"] for r in entity.equated}


@pytest.mark.slow
def test_an_expansion_containing_a_listed_name_is_a_group_of_its_own(extractor: Extractor) -> None:
    """'Islamic State' is listed; 'Islamic State in West Africa Province (ISWAP)' is another group."""
    entities = _entities(extractor, "The Islamic State in West Africa Province (ISWAP) claimed the attack. "
                                    "The Islamic State praised it.")
    [iswap] = [e for e in entities if "ISWAP" in _names(e)]
    assert iswap.name == "Islamic State in West Africa Province" and iswap.key is None


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    # designation notices list a group's fronts and wings as its 'aliases'
    "The Balochistan Liberation Army and its alias, the Majeed Brigade, were designated.",
    "Many called him a terrorist, and the army said he was known as a ruthless commander of raids.",
    "Ahmed Khan met Bilal Shah, who was known as a hardliner, in Quetta after the militant attack on the police.",
    # a bracket after a person's name gives his group or party, not his other name
    "Commander Tariq Durrani (TTP) was killed in the militant attack on the police post, the army said.",
    # a bracketed word that starts like none of the name's words is no short form of it
    "The Northern Traders Guild (Kamal) met after the militant attack on the police in Kano.",
    # a passive naming verb whose subject is no group names no group
    "The army offensive against the militants was named Operation Desert Hawk, the army said after the attack.",
])
def test_names_the_article_does_not_equate_stay_apart(extractor: Extractor, text: str) -> None:
    entities = _entities(extractor, text)
    assert not any(e.equated for e in entities)
