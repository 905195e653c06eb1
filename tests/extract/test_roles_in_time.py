"""Roles in time, on hand-written parses (blank pipeline): 'former', 'the late', a holder's death told
in the same sentence and 'until his death' end a role, which is kept (the gold and analysts still
want historical leaders) but marked former, with the end date where the sentence gives one."""
from __future__ import annotations

from typing import Any

from spacy.language import Language

from linkwatch.extract.mentions import NameLinker
from linkwatch.extract.relations import RelationBuilder
from linkwatch.extract.roles import RoleFinder
from linkwatch.extract.state import PUBLISHED, RESULT, state_of

Row = tuple[str, str, str, int, str]


def _roles(blank: Language, parse: Any, rows: list[Row], ents: list[str]) -> set[tuple[str, str, str, bool, str | None]]:
    doc = parse(blank, rows, ents)
    doc.user_data[PUBLISHED] = "2021-06-01"
    doc = RoleFinder(blank, "roles")(NameLinker(blank, "names")(doc))
    st = state_of(doc)
    name = {ref: info.name for ref, info in st.entities.items()}
    return {(c.type, name[c.source], name[c.target], c.former, c.ended) for c in st.claims}


def test_former_and_a_current_commander(blank: Language, parse: Any) -> None:
    # "The former ISWAP commander Abu Musab left."
    rows = [("The", "the", "DET", 3, "det"), ("former", "former", "ADJ", 3, "amod"), ("ISWAP", "iswap", "NOUN", 3, "compound"),
            ("commander", "commander", "NOUN", 5, "compound"), ("Abu", "Abu", "PROPN", 5, "compound"),
            ("Musab", "Musab", "PROPN", 6, "nsubj"), ("left", "leave", "VERB", 6, "ROOT"), (".", ".", "PUNCT", 6, "punct")]
    ents = ["O", "O", "B-ORG", "O", "B-PERSON", "I-PERSON", "O", "O"]
    assert _roles(blank, parse, rows, ents) == {("member_of", "Abu Musab", "ISWAP", True, None)}
    rows = [rows[0]] + [(w, lem, p, h - 1, d) for w, lem, p, h, d in rows[2:]]  # "The ISWAP commander Abu Musab left."
    assert _roles(blank, parse, rows, ["O"] + ents[2:]) == {("member_of", "Abu Musab", "ISWAP", False, None)}


def test_the_death_of_its_leader(blank: Language, parse: Any) -> None:
    # "Boko Haram mourned the death of its leader, Abubakar Shekau, in May 2021."
    rows = [("Boko", "Boko", "PROPN", 1, "compound"), ("Haram", "Haram", "PROPN", 2, "nsubj"),
            ("mourned", "mourn", "VERB", 2, "ROOT"), ("the", "the", "DET", 4, "det"), ("death", "death", "NOUN", 2, "dobj"),
            ("of", "of", "ADP", 4, "prep"), ("its", "its", "PRON", 7, "poss"), ("leader", "leader", "NOUN", 5, "pobj"),
            (",", ",", "PUNCT", 7, "punct"), ("Abubakar", "Abubakar", "PROPN", 10, "compound"),
            ("Shekau", "Shekau", "PROPN", 7, "appos"), (",", ",", "PUNCT", 2, "punct"), ("in", "in", "ADP", 2, "prep"),
            ("May", "May", "PROPN", 12, "pobj"), ("2021", "2021", "NUM", 13, "nummod"), (".", ".", "PUNCT", 2, "punct")]
    ents = ["B-ORG", "I-ORG", "O", "O", "O", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "B-DATE", "I-DATE", "O"]
    # the date is the mourning's, not the death's: no end date is guessed
    assert _roles(blank, parse, rows, ents) == {("leader_of", "Abubakar Shekau", "Boko Haram", True, None)}


def test_led_until_his_death_in_a_year(blank: Language, parse: Any) -> None:
    # "Mohammed Yusuf led Boko Haram until his death in 2009."
    rows = [("Mohammed", "Mohammed", "PROPN", 1, "compound"), ("Yusuf", "Yusuf", "PROPN", 2, "nsubj"),
            ("led", "lead", "VERB", 2, "ROOT"), ("Boko", "Boko", "PROPN", 4, "compound"), ("Haram", "Haram", "PROPN", 2, "dobj"),
            ("until", "until", "ADP", 2, "prep"), ("his", "his", "PRON", 7, "poss"), ("death", "death", "NOUN", 5, "pobj"),
            ("in", "in", "ADP", 7, "prep"), ("2009", "2009", "NUM", 8, "pobj"), (".", ".", "PUNCT", 2, "punct")]
    ents = ["B-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "O", "O", "O", "O", "B-DATE", "O"]
    doc = parse(blank, rows, ents)
    doc.user_data[PUBLISHED] = "2021-06-01"
    for component in (NameLinker(blank, "names"), RoleFinder(blank, "roles"), RelationBuilder(blank, "rel", "t")):
        doc = component(doc)
    [rel] = doc.user_data[RESULT]["relations"]
    assert (rel["type"], rel["former"], rel["ended"], rel["role"]) == ("leader_of", True, "2009", "former head")


def test_a_son_to_the_late_founding_leader(blank: Language, parse: Any) -> None:
    # "Al-Barnawi, a son to the founding leader of Boko Haram, the late Mohammed Yusuf, spoke." (the parser sets
    # the father beside the group rather than the role)
    rows = [("Al", "Al", "PROPN", 2, "compound"), ("-", "-", "PUNCT", 2, "punct"), ("Barnawi", "Barnawi", "PROPN", 19, "nsubj"),
            (",", ",", "PUNCT", 2, "punct"), ("a", "a", "DET", 5, "det"), ("son", "son", "NOUN", 2, "appos"),
            ("to", "to", "ADP", 5, "prep"), ("the", "the", "DET", 9, "det"), ("founding", "found", "VERB", 9, "amod"),
            ("leader", "leader", "NOUN", 6, "pobj"), ("of", "of", "ADP", 9, "prep"), ("Boko", "Boko", "PROPN", 12, "compound"),
            ("Haram", "Haram", "PROPN", 10, "pobj"), (",", ",", "PUNCT", 12, "punct"), ("the", "the", "DET", 17, "det"),
            ("late", "late", "ADJ", 17, "amod"), ("Mohammed", "Mohammed", "PROPN", 17, "compound"),
            ("Yusuf", "Yusuf", "PROPN", 12, "appos"), (",", ",", "PUNCT", 12, "punct"), ("spoke", "speak", "VERB", 19, "ROOT"),
            (".", ".", "PUNCT", 19, "punct")]
    ents = ["B-PERSON", "I-PERSON", "I-PERSON"] + ["O"] * 8 + ["B-ORG", "I-ORG", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"]
    assert _roles(blank, parse, rows, ents) == {("relative_of", "Al-Barnawi", "Mohammed Yusuf", False, None),
                                                ("leader_of", "Mohammed Yusuf", "Boko Haram", True, None)}
