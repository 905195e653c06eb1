"""How two groups stand to each other, on hand-written parses (blank pipeline): splinters are not
fronts, support has a direction, rivals are read from verbs, event nouns and the people a group
fights through, and a hyphenated participle ('AQIM-linked') ties the group it describes."""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from linkwatch.extract.alliances import AllianceFinder
from linkwatch.extract.certainty import CertaintyJudge
from linkwatch.extract.gazetteer import EntityFixer, NameMerger, OrgTagger
from linkwatch.extract.mentions import NameLinker
from linkwatch.extract.organisations import OrgIndex
from linkwatch.extract.roles import RoleFinder
from linkwatch.extract.state import state_of
from linkwatch.model.reference import Organisation

Row = tuple[str, str, str, int, str]


def _relations(blank: Language, parse: Any, rows: list[Row], ents: list[str]) -> set[tuple[str, str, str, str]]:
    doc: Doc = parse(blank, rows, ents)
    for component in (NameLinker(blank, "names"), RoleFinder(blank, "roles"), AllianceFinder(blank, "alliances"),
                      CertaintyJudge(blank, "c")):
        doc = component(doc)
    st = state_of(doc)
    name = {ref: info.name for ref, info in st.entities.items()}
    return {(c.type, name[c.source], name[c.target], c.certainty) for c in st.claims}


def test_a_splinter_is_not_a_front(blank: Language, parse: Any) -> None:
    # "Ansaru, a splinter faction of Boko Haram, split from Boko Haram in 2012."
    rows = [("Ansaru", "Ansaru", "PROPN", 0, "ROOT"), (",", ",", "PUNCT", 0, "punct"), ("a", "a", "DET", 4, "det"),
            ("splinter", "splinter", "NOUN", 4, "compound"), ("faction", "faction", "NOUN", 0, "appos"),
            ("of", "of", "ADP", 4, "prep"), ("Boko", "Boko", "PROPN", 7, "compound"), ("Haram", "Haram", "PROPN", 5, "pobj"),
            (",", ",", "PUNCT", 7, "punct"), ("split", "split", "VERB", 4, "acl"), ("from", "from", "ADP", 9, "prep"),
            ("Boko", "Boko", "PROPN", 12, "compound"), ("Haram", "Haram", "PROPN", 10, "pobj"), ("in", "in", "ADP", 9, "prep"),
            ("2012", "2012", "NUM", 13, "pobj"), (".", ".", "PUNCT", 0, "punct")]
    ents = ["B-ORG", "O", "O", "O", "O", "O", "B-ORG", "I-ORG", "O", "O", "O", "B-ORG", "I-ORG", "O", "B-DATE", "O"]
    assert _relations(blank, parse, rows, ents) == {("splinter_of", "Ansaru", "Boko Haram", "asserted")}


def test_support_runs_from_the_giver(blank: Language, parse: Any) -> None:
    # "Kataib Sayyid received weapons, training and funds from Hezbollah."
    rows = [("Kataib", "Kataib", "PROPN", 1, "compound"), ("Sayyid", "Sayyid", "PROPN", 2, "nsubj"),
            ("received", "receive", "VERB", 2, "ROOT"), ("weapons", "weapon", "NOUN", 2, "dobj"), (",", ",", "PUNCT", 3, "punct"),
            ("training", "training", "NOUN", 3, "conj"), ("and", "and", "CCONJ", 5, "cc"), ("funds", "fund", "NOUN", 5, "conj"),
            ("from", "from", "ADP", 3, "prep"), ("Hezbollah", "Hezbollah", "PROPN", 8, "pobj"), (".", ".", "PUNCT", 2, "punct")]
    ents = ["B-ORG", "I-ORG", "O", "O", "O", "O", "O", "O", "O", "B-ORG", "O"]
    assert _relations(blank, parse, rows, ents) == {("supported", "Hezbollah", "Kataib Sayyid", "asserted")}
    # "The Houthis, backed by Hezbollah, fought Al-Islah."
    rows = [("The", "the", "DET", 1, "det"), ("Houthis", "Houthis", "PROPN", 7, "nsubj"), (",", ",", "PUNCT", 1, "punct"),
            ("backed", "back", "VERB", 1, "acl"), ("by", "by", "ADP", 3, "agent"), ("Hezbollah", "Hezbollah", "PROPN", 4, "pobj"),
            (",", ",", "PUNCT", 1, "punct"), ("fought", "fight", "VERB", 7, "ROOT"), ("Al", "Al", "PROPN", 10, "compound"),
            ("-", "-", "PUNCT", 10, "punct"), ("Islah", "Islah", "PROPN", 7, "dobj"), (".", ".", "PUNCT", 7, "punct")]
    ents = ["O", "B-ORG", "O", "O", "O", "B-ORG", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O"]
    assert _relations(blank, parse, rows, ents) == {("supported", "Hezbollah", "Houthis", "asserted"),
                                                    ("rival_of", "Houthis", "Al-Islah", "asserted")}


def test_rivals_from_event_nouns_and_the_people_a_group_fights_through(blank: Language, parse: Any) -> None:
    # "Clashes between JNIM and ISGS killed 12 people."
    rows = [("Clashes", "clash", "NOUN", 5, "nsubj"), ("between", "between", "ADP", 0, "prep"),
            ("JNIM", "JNIM", "PROPN", 1, "pobj"), ("and", "and", "CCONJ", 2, "cc"), ("ISGS", "ISGS", "PROPN", 2, "conj"),
            ("killed", "kill", "VERB", 5, "ROOT"), ("12", "12", "NUM", 7, "nummod"), ("people", "people", "NOUN", 5, "dobj"),
            (".", ".", "PUNCT", 5, "punct")]
    ents = ["O", "O", "B-ORG", "O", "B-ORG", "O", "B-CARDINAL", "O", "O"]
    assert _relations(blank, parse, rows, ents) == {("rival_of", "JNIM", "ISGS", "asserted")}
    # "Two Al-Islah fighters were killed in clashes with the Houthis."
    rows = [("Two", "two", "NUM", 4, "nummod"), ("Al", "Al", "PROPN", 3, "compound"), ("-", "-", "PUNCT", 3, "punct"),
            ("Islah", "Islah", "PROPN", 4, "compound"), ("fighters", "fighter", "NOUN", 6, "nsubjpass"),
            ("were", "be", "AUX", 6, "auxpass"), ("killed", "kill", "VERB", 6, "ROOT"), ("in", "in", "ADP", 6, "prep"),
            ("clashes", "clash", "NOUN", 7, "pobj"), ("with", "with", "ADP", 8, "prep"), ("the", "the", "DET", 11, "det"),
            ("Houthis", "Houthis", "PROPN", 9, "pobj"), (".", ".", "PUNCT", 6, "punct")]
    ents = ["B-CARDINAL", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "O", "O", "O", "B-ORG", "O"]
    assert _relations(blank, parse, rows, ents) == {("rival_of", "Al-Islah", "Houthis", "asserted")}


def test_merger_and_hyphenated_ties(blank: Language, parse: Any) -> None:
    # "Al-Mourabitoun merged with AQIM."
    rows = [("Al", "Al", "PROPN", 2, "compound"), ("-", "-", "PUNCT", 2, "punct"),
            ("Mourabitoun", "Mourabitoun", "PROPN", 3, "nsubj"), ("merged", "merge", "VERB", 3, "ROOT"),
            ("with", "with", "ADP", 3, "prep"), ("AQIM", "AQIM", "PROPN", 4, "pobj"), (".", ".", "PUNCT", 3, "punct")]
    ents = ["B-ORG", "I-ORG", "I-ORG", "O", "O", "B-ORG", "O"]
    assert _relations(blank, parse, rows, ents) == {("merged_with", "Al-Mourabitoun", "AQIM", "asserted")}
    # "Ansar Dine, an AQIM-linked group, attacked the town."
    rows = [("Ansar", "Ansar", "PROPN", 1, "compound"), ("Dine", "Dine", "PROPN", 9, "nsubj"), (",", ",", "PUNCT", 1, "punct"),
            ("an", "an", "DET", 7, "det"), ("AQIM", "aqim", "NOUN", 6, "npadvmod"), ("-", "-", "PUNCT", 6, "punct"),
            ("linked", "link", "VERB", 7, "amod"), ("group", "group", "NOUN", 1, "appos"), (",", ",", "PUNCT", 1, "punct"),
            ("attacked", "attack", "VERB", 9, "ROOT"), ("the", "the", "DET", 11, "det"), ("town", "town", "NOUN", 9, "dobj"),
            (".", ".", "PUNCT", 9, "punct")]
    ents = ["B-ORG", "I-ORG", "O", "O", "B-ORG", "O", "O", "O", "O", "O", "O", "O", "O"]
    assert _relations(blank, parse, rows, ents) == {("front_of", "Ansar Dine", "AQIM", "asserted")}


def test_an_affiliate_in_apposition_and_a_denunciation(blank: Language, parse: Any) -> None:
    # "JNIM, the Qaeda affiliate in the Sahel, denounced ISGS."
    rows = [("JNIM", "JNIM", "PROPN", 9, "nsubj"), (",", ",", "PUNCT", 0, "punct"), ("the", "the", "DET", 4, "det"),
            ("Qaeda", "Qaeda", "PROPN", 4, "compound"), ("affiliate", "affiliate", "NOUN", 0, "appos"),
            ("in", "in", "ADP", 4, "prep"), ("the", "the", "DET", 7, "det"), ("Sahel", "Sahel", "PROPN", 5, "pobj"),
            (",", ",", "PUNCT", 0, "punct"), ("denounced", "denounce", "VERB", 9, "ROOT"), ("ISGS", "ISGS", "PROPN", 9, "dobj"),
            (".", ".", "PUNCT", 9, "punct")]
    ents = ["B-ORG", "O", "O", "B-ORG", "O", "O", "O", "B-LOC", "O", "O", "B-ORG", "O"]
    assert _relations(blank, parse, rows, ents) == {("front_of", "JNIM", "Qaeda", "asserted"),
                                                    ("rival_of", "JNIM", "ISGS", "asserted")}


def test_a_named_unit_and_its_member(blank: Language, parse: Any) -> None:
    # "It named the bomber as Shah Khan, part of a BLA suicide squad called Majeed Brigade."
    rows = [("It", "it", "PRON", 1, "nsubj"), ("named", "name", "VERB", 1, "ROOT"), ("the", "the", "DET", 3, "det"),
            ("bomber", "bomber", "NOUN", 1, "dobj"), ("as", "as", "ADP", 1, "prep"), ("Shah", "Shah", "PROPN", 6, "compound"),
            ("Khan", "Khan", "PROPN", 4, "pobj"), (",", ",", "PUNCT", 6, "punct"), ("part", "part", "NOUN", 6, "appos"),
            ("of", "of", "ADP", 8, "prep"), ("a", "a", "DET", 13, "det"), ("BLA", "BLA", "PROPN", 13, "compound"),
            ("suicide", "suicide", "NOUN", 13, "compound"), ("squad", "squad", "NOUN", 9, "pobj"),
            ("called", "call", "VERB", 13, "acl"), ("Majeed", "Majeed", "PROPN", 16, "compound"),
            ("Brigade", "Brigade", "PROPN", 14, "oprd"), (".", ".", "PUNCT", 1, "punct")]
    ents = ["O"] * 5 + ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-ORG", "O", "O", "O", "B-ORG", "I-ORG", "O"]
    assert _relations(blank, parse, rows, ents) == {("member_of", "Shah Khan", "BLA", "asserted"),
                                                    ("member_of", "Shah Khan", "Majeed Brigade", "asserted"),
                                                    ("front_of", "Majeed Brigade", "BLA", "asserted")}


def test_admitted_to_a_branch_named_as_anothers(blank: Language, parse: Any) -> None:
    # "Al-Shabaab was admitted to the Islamic State's Central Africa Province. The Islamic State praised it."
    rows = [("Al", "Al", "PROPN", 2, "compound"), ("-", "-", "PUNCT", 2, "punct"), ("Shabaab", "Shabaab", "PROPN", 4, "nsubjpass"),
            ("was", "be", "AUX", 4, "auxpass"), ("admitted", "admit", "VERB", 4, "ROOT"), ("to", "to", "ADP", 4, "prep"),
            ("the", "the", "DET", 8, "det"), ("Islamic", "Islamic", "PROPN", 8, "compound"), ("State", "State", "PROPN", 12, "poss"),
            ("'s", "'s", "PART", 8, "case"), ("Central", "Central", "PROPN", 12, "compound"),
            ("Africa", "Africa", "PROPN", 12, "compound"), ("Province", "Province", "PROPN", 5, "pobj"), (".", ".", "PUNCT", 4, "punct"),
            ("The", "the", "DET", 16, "det"), ("Islamic", "Islamic", "PROPN", 16, "compound"), ("State", "State", "PROPN", 17, "nsubj"),
            ("praised", "praise", "VERB", 17, "ROOT"), ("it", "it", "PRON", 17, "dobj"), (".", ".", "PUNCT", 17, "punct")]
    ents = ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"] + ["B-ORG"] + ["I-ORG"] * 5 + ["O", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    branch = "Islamic State's Central Africa Province"
    assert _relations(blank, parse, rows, ents) == {("front_of", "Al-Shabaab", branch, "asserted"),
                                                    ("front_of", branch, "Islamic State", "asserted")}


def test_an_affiliate_known_by_a_name(blank: Language, parse: Any) -> None:
    # "An affiliate of ISIS known locally as Shabaab, or the youth, carried out the assault." (the parser
    # hung the name on the next verb; the words still say it)
    rows = [("An", "an", "DET", 1, "det"), ("affiliate", "affiliate", "NOUN", 1, "ROOT"), ("of", "of", "ADP", 1, "prep"),
            ("ISIS", "ISIS", "PROPN", 2, "pobj"), ("known", "know", "VERB", 1, "acl"), ("locally", "locally", "ADV", 4, "advmod"),
            ("as", "as", "SCONJ", 13, "mark"), ("Shabaab", "Shabaab", "PROPN", 13, "nsubj"), (",", ",", "PUNCT", 7, "punct"),
            ("or", "or", "CCONJ", 7, "cc"), ("the", "the", "DET", 11, "det"), ("youth", "youth", "NOUN", 7, "conj"),
            (",", ",", "PUNCT", 11, "punct"), ("carried", "carry", "VERB", 4, "advcl"), ("out", "out", "ADP", 13, "prt"),
            ("the", "the", "DET", 16, "det"), ("assault", "assault", "NOUN", 13, "dobj"), (".", ".", "PUNCT", 1, "punct")]
    ents = ["O", "O", "O", "B-ORG", "O", "O", "O", "B-ORG"] + ["O"] * 10
    assert _relations(blank, parse, rows, ents) == {("front_of", "Shabaab", "ISIS", "asserted")}


def test_allegiance_to_a_groups_leader_in_a_subordinate_clause(blank: Language, parse: Any) -> None:
    # 'Ansaru rebranded after pledging allegiance to ISIS "caliph" Abu Bakr al-Baghdadi.'
    rows = [("Ansaru", "Ansaru", "PROPN", 1, "nsubj"), ("rebranded", "rebrand", "VERB", 1, "ROOT"),
            ("after", "after", "ADP", 1, "prep"), ("pledging", "pledge", "VERB", 2, "pcomp"),
            ("allegiance", "allegiance", "NOUN", 3, "dobj"), ("to", "to", "ADP", 4, "prep"), ("ISIS", "ISIS", "PROPN", 8, "nmod"),
            ('"', '"', "PUNCT", 8, "punct"), ("caliph", "caliph", "NOUN", 14, "nmod"), ('"', '"', "PUNCT", 14, "punct"),
            ("Abu", "Abu", "PROPN", 14, "compound"), ("Bakr", "Bakr", "PROPN", 14, "compound"),
            ("al", "al", "PROPN", 14, "compound"), ("-", "-", "PUNCT", 14, "punct"), ("Baghdadi", "Baghdadi", "PROPN", 5, "pobj"),
            (".", ".", "PUNCT", 1, "punct")]
    ents = ["B-ORG", "O", "O", "O", "O", "O", "B-ORG", "O", "O", "O", "B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON",
            "I-PERSON", "O"]
    assert _relations(blank, parse, rows, ents) == {("leader_of", "Abu Bakr al-Baghdadi", "ISIS", "asserted"),
                                                    ("front_of", "Ansaru", "ISIS", "asserted")}


def test_a_states_forces_helped_by_anothers(blank: Language, parse: Any) -> None:
    # "Rwandan forces deployed to help Mozambique's army battle jihadists."
    rows = [("Rwandan", "rwandan", "ADJ", 1, "amod"), ("forces", "force", "NOUN", 2, "nsubj"),
            ("deployed", "deploy", "VERB", 2, "ROOT"), ("to", "to", "PART", 4, "aux"), ("help", "help", "VERB", 2, "xcomp"),
            ("Mozambique", "Mozambique", "PROPN", 9, "poss"), ("'s", "'s", "PART", 5, "case"), ("army", "army", "NOUN", 8, "compound"),
            ("battle", "battle", "NOUN", 9, "compound"), ("jihadists", "jihadist", "NOUN", 4, "dobj"), (".", ".", "PUNCT", 2, "punct")]
    ents = ["B-NORP", "O", "O", "O", "O", "B-GPE", "O", "O", "O", "O", "O"]
    doc = EntityFixer(blank, "fix")(parse(blank, rows, ents))
    assert [(e.text, e.label_) for e in doc.ents] == [("Rwandan forces", "ORG"), ("Mozambique's army", "ORG")]
    assert _relations(blank, lambda *_: doc, rows, ents) == {("supported", "Rwandan forces", "Mozambique's army", "asserted")}


def test_a_branch_named_by_its_groups_name(blank: Language) -> None:
    index = OrgIndex((Organisation("is", "Islamic State"),))
    doc = NameMerger(blank, "merge")(blank.make_doc("The Islamic State West Africa Province attacked."))
    for tok in doc:
        tok.pos_ = "PROPN" if tok.is_title and tok.i else "NOUN"
        tok.is_sent_start = tok.i == 0
    doc = OrgTagger(blank, "orgs", index=index)(doc)
    for component in (NameLinker(blank, "names"), RoleFinder(blank, "roles")):
        doc = component(doc)
    st = state_of(doc)
    claims = {(c.type, st.entities[c.source].name, st.entities[c.target].name) for c in st.claims}
    assert claims == {("front_of", "Islamic State West Africa Province", "Islamic State")}
    assert st.entities[st.claims[0].target].key == "org:is"


def _shift(rows: list[Row], by: int) -> list[Row]:
    return [(w, lem, p, h + by, d) for w, lem, p, h, d in rows]


SAHEL = [("The", "the", "DET", 2, "det"), ("Sahel", "Sahel", "PROPN", 2, "compound"), ("Front", "Front", "PROPN", 3, "nsubj"),
         ("denied", "deny", "VERB", 3, "ROOT"), ("it", "it", "PRON", 3, "dobj"), (".", ".", "PUNCT", 3, "punct")]
SAHEL_ENTS = ["O", "B-ORG", "I-ORG", "O", "O", "O"]


def test_the_group_of_a_spokesman_named_before_the_group(blank: Language, parse: Any) -> None:
    # "The spokesman for the separatist group, Junaid Khan, said the Sahel Front had attacked. The Sahel Front denied it."
    rows = [("The", "the", "DET", 1, "det"), ("spokesman", "spokesman", "NOUN", 10, "nsubj"), ("for", "for", "ADP", 1, "prep"),
            ("the", "the", "DET", 5, "det"), ("separatist", "separatist", "ADJ", 5, "amod"), ("group", "group", "NOUN", 2, "pobj"),
            (",", ",", "PUNCT", 1, "punct"), ("Junaid", "Junaid", "PROPN", 8, "compound"), ("Khan", "Khan", "PROPN", 1, "appos"),
            (",", ",", "PUNCT", 1, "punct"), ("said", "say", "VERB", 10, "ROOT"), ("the", "the", "DET", 13, "det"),
            ("Sahel", "Sahel", "PROPN", 13, "compound"), ("Front", "Front", "PROPN", 15, "nsubj"), ("had", "have", "AUX", 15, "aux"),
            ("attacked", "attack", "VERB", 10, "ccomp"), (".", ".", "PUNCT", 10, "punct")]
    ents = ["O"] * 7 + ["B-PERSON", "I-PERSON", "O", "O", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    assert _relations(blank, parse, rows + _shift(SAHEL, len(rows)), ents + SAHEL_ENTS) == {
        ("member_of", "Junaid Khan", "Sahel Front", "asserted")}


def test_a_leader_named_by_the_predicate(blank: Language, parse: Any) -> None:
    # "The Sahel Front denied it. The group claims its leader is an individual who goes by the name Abu Omar."
    rows = [("The", "the", "DET", 1, "det"), ("group", "group", "NOUN", 2, "nsubj"), ("claims", "claim", "VERB", 2, "ROOT"),
            ("its", "its", "PRON", 4, "poss"), ("leader", "leader", "NOUN", 5, "nsubj"), ("is", "be", "AUX", 2, "ccomp"),
            ("an", "an", "DET", 7, "det"), ("individual", "individual", "NOUN", 5, "attr"), ("who", "who", "PRON", 9, "nsubj"),
            ("goes", "go", "VERB", 7, "relcl"), ("by", "by", "ADP", 9, "prep"), ("the", "the", "DET", 12, "det"),
            ("name", "name", "NOUN", 10, "pobj"), ("Abu", "Abu", "PROPN", 14, "compound"), ("Omar", "Omar", "PROPN", 12, "appos"),
            (".", ".", "PUNCT", 2, "punct")]
    ents = ["O"] * 13 + ["B-PERSON", "I-PERSON", "O"]
    assert _relations(blank, parse, SAHEL + _shift(rows, len(SAHEL)), SAHEL_ENTS + ents) == {
        ("leader_of", "Abu Omar", "Sahel Front", "reported")}


def test_an_affiliated_agency_and_a_named_brigade(blank: Language, parse: Any) -> None:
    # "The Islamic State's affiliated news agency, Amaq, claimed it."
    rows = [("The", "the", "DET", 2, "det"), ("Islamic", "Islamic", "PROPN", 2, "compound"), ("State", "State", "PROPN", 6, "poss"),
            ("'s", "'s", "PART", 2, "case"), ("affiliated", "affiliate", "VERB", 6, "amod"), ("news", "news", "NOUN", 6, "compound"),
            ("agency", "agency", "NOUN", 10, "nsubj"), (",", ",", "PUNCT", 6, "punct"), ("Amaq", "Amaq", "PROPN", 6, "appos"),
            (",", ",", "PUNCT", 6, "punct"), ("claimed", "claim", "VERB", 10, "ROOT"), ("it", "it", "PRON", 10, "dobj"),
            (".", ".", "PUNCT", 10, "punct")]
    ents = ["O", "B-ORG", "I-ORG", "O", "O", "O", "O", "O", "B-PERSON", "O", "O", "O", "O"]
    assert _relations(blank, parse, rows, ents) == {("front_of", "Amaq", "Islamic State", "asserted")}
    # "We met Majeed Brigade's commander Hammal Rehan and the Brigade's logistics head Buzgar Khan."
    rows = [("We", "we", "PRON", 1, "nsubj"), ("met", "meet", "VERB", 1, "ROOT"), ("Majeed", "Majeed", "PROPN", 3, "compound"),
            ("Brigade", "Brigade", "PROPN", 5, "poss"), ("'s", "'s", "PART", 3, "case"), ("commander", "commander", "NOUN", 7, "compound"),
            ("Hammal", "Hammal", "PROPN", 7, "compound"), ("Rehan", "Rehan", "PROPN", 1, "dobj"), ("and", "and", "CCONJ", 7, "cc"),
            ("the", "the", "DET", 10, "det"), ("Brigade", "Brigade", "PROPN", 13, "poss"), ("'s", "'s", "PART", 10, "case"),
            ("logistics", "logistic", "NOUN", 13, "compound"), ("head", "head", "NOUN", 15, "compound"),
            ("Buzgar", "Buzgar", "PROPN", 15, "compound"), ("Khan", "Khan", "PROPN", 7, "conj"), (".", ".", "PUNCT", 1, "punct")]
    ents = ["O", "O", "B-ORG", "I-ORG", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O", "O", "O", "B-PERSON", "I-PERSON", "O"]
    assert _relations(blank, parse, rows, ents) == {("member_of", "Hammal Rehan", "Majeed Brigade", "asserted"),
                                                    ("member_of", "Buzgar Khan", "Majeed Brigade", "asserted")}


def test_strikes_against_and_a_war_to_defeat(blank: Language, parse: Any) -> None:
    # "JNIM conducted strikes against ISGS."
    rows = [("JNIM", "JNIM", "PROPN", 1, "nsubj"), ("conducted", "conduct", "VERB", 1, "ROOT"), ("strikes", "strike", "NOUN", 1, "dobj"),
            ("against", "against", "ADP", 2, "prep"), ("ISGS", "ISGS", "PROPN", 3, "pobj"), (".", ".", "PUNCT", 1, "punct")]
    assert _relations(blank, parse, rows, ["B-ORG", "O", "O", "O", "B-ORG", "O"]) == {("rival_of", "JNIM", "ISGS", "asserted")}
    # "The coalition works to degrade and defeat ISGS." (no group named as the subject: no claim)
    rows = [("The", "the", "DET", 1, "det"), ("coalition", "coalition", "NOUN", 2, "nsubj"), ("works", "work", "VERB", 2, "ROOT"),
            ("to", "to", "PART", 4, "aux"), ("degrade", "degrade", "VERB", 2, "xcomp"), ("and", "and", "CCONJ", 4, "cc"),
            ("defeat", "defeat", "VERB", 4, "conj"), ("ISGS", "ISGS", "PROPN", 6, "dobj"), (".", ".", "PUNCT", 2, "punct")]
    ents = ["O"] * 7 + ["B-ORG", "O"]
    assert _relations(blank, parse, rows, ents) == set()
    rows[0:2] = [("The", "the", "DET", 1, "det"), ("JNIM", "JNIM", "PROPN", 2, "nsubj")]  # "The JNIM works to ..."
    assert _relations(blank, parse, rows, ["O", "B-ORG"] + ents[2:]) == {("rival_of", "JNIM", "ISGS", "asserted")}
