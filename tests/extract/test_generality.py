"""Rules that must hold for articles nobody here has seen, each on a hand-written parse (blank
pipeline): what a negation denies, which words name a place or a person, what a bare first word
of a group's name may mean, alliances from verb phrases, and derived roles readable by people."""
from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

from linkwatch.extract.alliances import AllianceFinder
from linkwatch.extract.certainty import CertaintyJudge
from linkwatch.extract.gazetteer import EntityFixer, NameMerger, OrgTagger
from linkwatch.extract.mentions import NameLinker
from linkwatch.extract.organisations import OrgIndex, default_index
from linkwatch.extract.relations import RelationBuilder
from linkwatch.extract.roles import RoleFinder
from linkwatch.extract.state import RESULT, Claim, EntityInfo, EventInfo, state_of
from linkwatch.model.reference import OrgAlias, Organisation


def _names(blank: Language, doc: Doc, *more: Any) -> Doc:
    for component in (NameLinker(blank, "names"), RoleFinder(blank, "roles"), *more, CertaintyJudge(blank, "c")):
        doc = component(doc)
    return doc


def _claims(doc: Doc) -> set[tuple[str, str, str, str]]:
    st = state_of(doc)
    name = {ref: info.name for ref, info in st.entities.items()}
    return {(c.type, name[c.source], name[c.target], c.certainty) for c in st.claims}


# -- 1. a derived relation's role is words, never a document-local ref -------------------------
def test_derived_roles_are_words(blank: Language) -> None:
    doc = Sentencizer()(blank("Zaheer and Sandhu attended the rally in Gujranwala."))
    st = state_of(doc)
    st.entities = {"e1": EntityInfo("e1", "person", [(0, 1)], name="Zaheer"),
                   "e2": EntityInfo("e2", "person", [(2, 3)], name="Sandhu"),
                   "e3": EntityInfo("e3", "location", [(7, 8)], name="Gujranwala")}
    st.events = {"v1": EventInfo("v1", "rally", triggers=[5], sentences=[0], places=["e3"])}
    st.claims = [Claim("participated_in", ref, "v1", 4, "t", sent_start=0) for ref in ("e1", "e2")]
    out = RelationBuilder(blank, "rel", "test")(doc).user_data[RESULT]
    roles = {r["type"]: r["role"] for r in out["relations"]}
    assert roles["met_with"] == "fellow rally participant"
    assert roles["visited"] == "rally participant"
    assert not any("v1" in (r["role"] or "") for r in out["relations"])


# -- 2. a negation denies the claim's own predicate only --------------------------------------
def _judge(blank: Language, parse: Any, rows: list[tuple[str, str, str, int, str]], anchor: int) -> tuple[str, ...]:
    label, cues, _ = CertaintyJudge(blank, "c").judge(parse(blank, rows)[anchor])
    return (label, *cues)


def test_not_commenting_is_no_denial(blank: Language, parse: Any) -> None:
    # "Islamabad has not commented on the meeting."
    rows = [("Islamabad", "Islamabad", "PROPN", 3, "nsubj"), ("has", "have", "AUX", 3, "aux"),
            ("not", "not", "PART", 3, "neg"), ("commented", "comment", "VERB", 3, "ROOT"),
            ("on", "on", "ADP", 3, "prep"), ("the", "the", "DET", 6, "det"), ("meeting", "meeting", "NOUN", 4, "pobj"),
            (".", ".", "PUNCT", 3, "punct")]
    assert _judge(blank, parse, rows, 6) == ("asserted",)


def test_negated_own_predicate_is_a_denial(blank: Language, parse: Any) -> None:
    # "Zaheer did not attend the rally."
    rows = [("Zaheer", "Zaheer", "PROPN", 3, "nsubj"), ("did", "do", "AUX", 3, "aux"), ("not", "not", "PART", 3, "neg"),
            ("attend", "attend", "VERB", 3, "ROOT"), ("the", "the", "DET", 5, "det"), ("rally", "rally", "NOUN", 3, "dobj"),
            (".", ".", "PUNCT", 3, "punct")]
    assert _judge(blank, parse, rows, 3)[0] == "denied"
    assert _judge(blank, parse, rows, 5)[0] == "asserted"  # the rally itself is not denied
    # "Zaheer is not a member of Hamas."
    rows = [("Zaheer", "Zaheer", "PROPN", 1, "nsubj"), ("is", "be", "AUX", 1, "ROOT"), ("not", "not", "PART", 1, "neg"),
            ("a", "a", "DET", 4, "det"), ("member", "member", "NOUN", 1, "attr"), ("of", "of", "ADP", 4, "prep"),
            ("Hamas", "Hamas", "PROPN", 5, "pobj"), (".", ".", "PUNCT", 1, "punct")]
    assert _judge(blank, parse, rows, 4)[0] == "denied"
    # "The meeting never took place."
    rows = [("The", "the", "DET", 1, "det"), ("meeting", "meeting", "NOUN", 3, "nsubj"),
            ("never", "never", "ADV", 3, "neg"), ("took", "take", "VERB", 3, "ROOT"),
            ("place", "place", "NOUN", 3, "dobj"), (".", ".", "PUNCT", 3, "punct")]
    assert _judge(blank, parse, rows, 1)[0] == "denied"


def test_denials_of_content_and_negated_denials(blank: Language, parse: Any) -> None:
    # "Hamas rejected the claim that Zaheer met Sandhu."
    rows = [("Hamas", "Hamas", "PROPN", 1, "nsubj"), ("rejected", "reject", "VERB", 1, "ROOT"),
            ("the", "the", "DET", 3, "det"), ("claim", "claim", "NOUN", 1, "dobj"), ("that", "that", "SCONJ", 6, "mark"),
            ("Zaheer", "Zaheer", "PROPN", 6, "nsubj"), ("met", "meet", "VERB", 3, "acl"),
            ("Sandhu", "Sandhu", "PROPN", 6, "dobj"), (".", ".", "PUNCT", 1, "punct")]
    assert _judge(blank, parse, rows, 6) == ("denied", "claim", "rejected")
    # "Hamas did not deny that Zaheer attended."
    rows = [("Hamas", "Hamas", "PROPN", 3, "nsubj"), ("did", "do", "AUX", 3, "aux"), ("not", "not", "PART", 3, "neg"),
            ("deny", "deny", "VERB", 3, "ROOT"), ("that", "that", "SCONJ", 6, "mark"),
            ("Zaheer", "Zaheer", "PROPN", 6, "nsubj"), ("attended", "attend", "VERB", 3, "ccomp"),
            (".", ".", "PUNCT", 3, "punct")]
    assert _judge(blank, parse, rows, 6) == ("asserted",)
    # "There is no truth in reports that Zaheer attended."
    rows = [("There", "there", "PRON", 1, "expl"), ("is", "be", "VERB", 1, "ROOT"), ("no", "no", "DET", 3, "det"),
            ("truth", "truth", "NOUN", 1, "attr"), ("in", "in", "ADP", 3, "prep"), ("reports", "report", "NOUN", 4, "pobj"),
            ("that", "that", "SCONJ", 8, "mark"), ("Zaheer", "Zaheer", "PROPN", 8, "nsubj"),
            ("attended", "attend", "VERB", 5, "acl"), (".", ".", "PUNCT", 1, "punct")]
    assert _judge(blank, parse, rows, 8) == ("denied", "reports", "no truth")


# -- 3 and 4. places the model calls people; people it calls groups ----------------------------
def test_known_place_after_locative_preposition(blank: Language, parse: Any) -> None:
    # "A rally was held in Rawalakot. Rawalakot residents cheered."
    rows = [("A", "a", "DET", 1, "det"), ("rally", "rally", "NOUN", 3, "nsubjpass"), ("was", "be", "AUX", 3, "auxpass"),
            ("held", "hold", "VERB", 3, "ROOT"), ("in", "in", "ADP", 3, "prep"), ("Rawalakot", "Rawalakot", "PROPN", 4, "pobj"),
            (".", ".", "PUNCT", 3, "punct"), ("Rawalakot", "Rawalakot", "PROPN", 8, "compound"),
            ("residents", "resident", "NOUN", 9, "nsubj"), ("cheered", "cheer", "VERB", 9, "ROOT"), (".", ".", "PUNCT", 9, "punct")]
    ents = ["O"] * 5 + ["B-PERSON", "O", "B-PERSON"] + ["O"] * 3
    st = state_of(_names(blank, parse(blank, rows, ents)))
    assert [(i.name, i.type, len(i.mentions)) for i in st.entities.values()] == [("Rawalakot", "location", 2)]


def test_settlement_syntax_names_an_unknown_place(blank: Language, parse: Any) -> None:
    # "Fighters attacked the town of Ouallam in the Sahel."
    rows = [("Fighters", "fighter", "NOUN", 1, "nsubj"), ("attacked", "attack", "VERB", 1, "ROOT"),
            ("the", "the", "DET", 3, "det"), ("town", "town", "NOUN", 1, "dobj"), ("of", "of", "ADP", 3, "prep"),
            ("Ouallam", "Ouallam", "PROPN", 4, "pobj"), ("in", "in", "ADP", 3, "prep"), ("the", "the", "DET", 8, "det"),
            ("Sahel", "Sahel", "PROPN", 6, "pobj"), (".", ".", "PUNCT", 1, "punct")]
    ents = ["O"] * 5 + ["B-PERSON", "O", "O", "B-PERSON", "O"]
    st = state_of(_names(blank, parse(blank, rows, ents)))
    assert {(i.name, i.type) for i in st.entities.values()} == {("Ouallam", "location"), ("Sahel", "location")}


def test_place_word_that_names_a_person_here_stays_a_person(blank: Language, parse: Any) -> None:
    # "Hassan Nasrallah spoke. Crowds cheered Hassan in Beirut." ('Hassan' is also a city in GeoNames)
    rows = [("Hassan", "Hassan", "PROPN", 1, "compound"), ("Nasrallah", "Nasrallah", "PROPN", 2, "nsubj"),
            ("spoke", "speak", "VERB", 2, "ROOT"), (".", ".", "PUNCT", 2, "punct"),
            ("in", "in", "ADP", 6, "prep"), ("Hassan", "Hassan", "PROPN", 4, "pobj"), ("cheered", "cheer", "VERB", 6, "ROOT"),
            (".", ".", "PUNCT", 6, "punct")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "O", "O"]
    st = state_of(_names(blank, parse(blank, rows, ents)))
    assert [(i.name, i.type, len(i.mentions)) for i in st.entities.values()] == [("Hassan Nasrallah", "person", 2)]


def test_name_in_apposition_to_a_role_is_a_person(blank: Language, parse: Any) -> None:
    # "Masood Ilyas, a commander of JeM, attended." (the model said ORG)
    rows = [("Masood", "Masood", "PROPN", 1, "compound"), ("Ilyas", "Ilyas", "PROPN", 8, "nsubj"),
            (",", ",", "PUNCT", 1, "punct"), ("a", "a", "DET", 4, "det"), ("commander", "commander", "NOUN", 1, "appos"),
            ("of", "of", "ADP", 4, "prep"), ("JeM", "JeM", "PROPN", 5, "pobj"), (",", ",", "PUNCT", 1, "punct"),
            ("attended", "attend", "VERB", 8, "ROOT"), (".", ".", "PUNCT", 8, "punct")]
    ents = ["B-ORG", "I-ORG", "O", "O", "O", "O", "B-ORG", "O", "O", "O"]
    doc = _names(blank, parse(blank, rows, ents))
    assert _claims(doc) == {("member_of", "Masood Ilyas", "JeM", "asserted")}


def test_patronymic_makes_a_person(blank: Language, parse: Any) -> None:
    # "Boubacar Ag Wanagui heads the cell." (the model said ORG)
    rows = [("Boubacar", "Boubacar", "PROPN", 2, "compound"), ("Ag", "Ag", "PROPN", 2, "compound"),
            ("Wanagui", "Wanagui", "PROPN", 3, "nsubj"), ("heads", "head", "VERB", 3, "ROOT"),
            ("the", "the", "DET", 5, "det"), ("cell", "cell", "NOUN", 3, "dobj"), (".", ".", "PUNCT", 3, "punct")]
    st = state_of(_names(blank, parse(blank, rows, ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"])))
    assert [(i.name, i.type) for i in st.entities.values()] == [("Boubacar Ag Wanagui", "person")]


# -- 5. a title is never the whole name ---------------------------------------------------------
def test_title_alone_takes_the_name_after_it(blank: Language, parse: Any) -> None:
    # "Maulana Fazal-ur-Rahman spoke." with only 'Maulana' tagged PERSON
    rows = [("Maulana", "Maulana", "PROPN", 1, "compound"), ("Fazal-ur-Rahman", "Fazal-ur-Rahman", "PROPN", 2, "nsubj"),
            ("spoke", "speak", "VERB", 2, "ROOT"), (".", ".", "PUNCT", 2, "punct")]
    doc = EntityFixer(blank, "fix")(parse(blank, rows, ["B-PERSON", "O", "O", "O"]))
    assert [(e.text, e.label_) for e in doc.ents] == [("Maulana Fazal-ur-Rahman", "PERSON")]
    info = next(iter(state_of(NameLinker(blank, "names")(doc)).entities.values()))
    assert (info.name, info.aliases) == ("Fazal-ur-Rahman", ["Maulana Fazal-ur-Rahman"])
    rows = [("He", "he", "PRON", 1, "nsubj"), ("met", "meet", "VERB", 1, "ROOT"), ("the", "the", "DET", 3, "det"),
            ("Maulana", "Maulana", "PROPN", 1, "dobj"), (".", ".", "PUNCT", 1, "punct")]
    assert not EntityFixer(blank, "fix")(parse(blank, rows, ["O", "O", "O", "B-PERSON", "O"])).ents


# -- 6. common first words tie to no group by themselves ---------------------------------------
INDEX = OrgIndex((
    Organisation("hum", "Harakat ul-Mujahideen", aliases=(OrgAlias("Jamiat ul-Ansar", "OFAC SDN list (aka)"),)),
    Organisation("let", "Lashkar e-Tayyiba"), Organisation("lej", "Lashkar-i-Jhangvi"),
    Organisation("ajnad", "Ajnad Misr", aliases=(OrgAlias("Egypt", "OFAC SDN list (aka)"),)),
    *(Organisation(f"eg{n}", f"{w} of Egypt") for n, w in enumerate(("Sons", "Soldiers", "Vanguards"))),
))


def test_generic_words_and_aliases_from_the_data() -> None:
    assert INDEX.generic("Jamiat")  # a word meaning 'society', in the hand-kept list
    assert not INDEX.generic("Lashkar")  # two groups share it: ambiguous, but the document can tell
    assert INDEX.partial("Lashkar") == {"let", "lej"}
    assert INDEX.lookup("Egypt")[0] == set()  # an OFAC a.k.a. that is a word in three other names
    ix = default_index()
    for name, org in (("Hamas", "hamas"), ("Hizballah", "hizballah"), ("Taliban", "taliban"), ("JNIM",
                      "jamaat-nusrat-al-islam-wal-muslimin")):
        assert ix.lookup(name)[0] == {org}, name  # a group's own name stands, however common its words
    assert ix.lookup("Egypt")[0] == set() and ix.generic("Islamic") and ix.generic("Tehreek")


def _tag(blank: Language, text: str) -> Doc:
    doc = Sentencizer()(NameMerger(blank, "merge")(blank.make_doc(text)))
    for tok in doc:
        tok.pos_ = "PROPN" if tok.is_title or "-" in tok.text else "NOUN"
    return NameLinker(blank, "names")(OrgTagger(blank, "orgs", index=INDEX)(doc))


@pytest.mark.parametrize(("text", "expected"), [
    ("Jamiat leaders met.", [("Jamiat", None, [])]),
    ("Jamiat Ulema-e-Islam met. Jamiat leaders spoke.", [("Jamiat Ulema-e-Islam", None, ["Jamiat"])]),
    ("Jamiat ul-Ansar met. Jamiat leaders spoke.", [("Jamiat ul-Ansar", "org:hum", ["Jamiat"])]),
])
def test_common_first_word_needs_the_full_name_here(blank: Language, text: str, expected: list[Any]) -> None:
    st = state_of(_tag(blank, text))
    assert [(i.name, i.key, i.aliases) for i in st.entities.values()] == expected


# -- 7. alliances and allegiance from verb phrases ----------------------------------------------
def _allied(blank: Language, parse: Any, rows: list[tuple[str, str, str, int, str]], ents: list[str]) -> set[Any]:
    return _claims(_names(blank, parse(blank, rows, ents), AllianceFinder(blank, "alliances")))


def test_joined_forces_and_coordination(blank: Language, parse: Any) -> None:
    # "LeT and Hamas have joined forces."
    rows = [("LeT", "LeT", "PROPN", 4, "nsubj"), ("and", "and", "CCONJ", 0, "cc"), ("Hamas", "Hamas", "PROPN", 0, "conj"),
            ("have", "have", "AUX", 4, "aux"), ("joined", "join", "VERB", 4, "ROOT"), ("forces", "force", "NOUN", 4, "dobj"),
            (".", ".", "PUNCT", 4, "punct")]
    assert _allied(blank, parse, rows, ["B-ORG", "O", "B-ORG", "O", "O", "O", "O"]) == {
        ("allied_with", "LeT", "Hamas", "asserted")}
    # "Hezbollah carried out the attack in coordination with Hamas."
    rows = [("Hezbollah", "Hezbollah", "PROPN", 1, "nsubj"), ("carried", "carry", "VERB", 1, "ROOT"),
            ("out", "out", "ADP", 1, "prt"), ("the", "the", "DET", 4, "det"), ("attack", "attack", "NOUN", 1, "dobj"),
            ("in", "in", "ADP", 4, "prep"), ("coordination", "coordination", "NOUN", 5, "pobj"),
            ("with", "with", "ADP", 6, "prep"), ("Hamas", "Hamas", "PROPN", 7, "pobj"), (".", ".", "PUNCT", 1, "punct")]
    assert _allied(blank, parse, rows, ["B-ORG"] + ["O"] * 7 + ["B-ORG", "O"]) == {
        ("allied_with", "Hezbollah", "Hamas", "asserted")}


def test_allegiance_makes_an_affiliate_or_a_member(blank: Language, parse: Any) -> None:
    # "ISGS pledged allegiance to the Islamic State." / "Mohmand pledged allegiance to the Islamic State."
    for who, label, rel in (("ISGS", "B-ORG", "front_of"), ("Mohmand", "B-PERSON", "member_of")):
        rows = [(who, who, "PROPN", 1, "nsubj"), ("pledged", "pledge", "VERB", 1, "ROOT"),
                ("allegiance", "allegiance", "NOUN", 1, "dobj"), ("to", "to", "ADP", 2, "prep"), ("the", "the", "DET", 6, "det"),
                ("Islamic", "Islamic", "PROPN", 6, "compound"), ("State", "State", "PROPN", 3, "pobj"), (".", ".", "PUNCT", 1, "punct")]
        ents = [label, "O", "O", "O", "O", "B-ORG", "I-ORG", "O"]
        assert _allied(blank, parse, rows, ents) == {(rel, who, "Islamic State", "asserted")}


# -- roles: a deputy is not the chief; heading a unit is membership ------------------------------
def test_deputy_and_unit_heads_are_members(blank: Language, parse: Any) -> None:
    # "Hezbollah's deputy chief, Hashem Fadlallah, heads Hamas's political council."
    rows = [("Hezbollah", "Hezbollah", "PROPN", 3, "poss"), ("'s", "'s", "PART", 0, "case"),
            ("deputy", "deputy", "NOUN", 3, "compound"), ("chief", "chief", "NOUN", 8, "nsubj"), (",", ",", "PUNCT", 3, "punct"),
            ("Hashem", "Hashem", "PROPN", 6, "compound"), ("Fadlallah", "Fadlallah", "PROPN", 3, "appos"),
            (",", ",", "PUNCT", 3, "punct"), ("heads", "head", "VERB", 8, "ROOT"), ("Hamas", "Hamas", "PROPN", 12, "poss"),
            ("'s", "'s", "PART", 9, "case"), ("political", "political", "ADJ", 12, "amod"),
            ("council", "council", "NOUN", 8, "dobj"), (".", ".", "PUNCT", 8, "punct")]
    ents = ["B-ORG", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O", "O", "O", "O"]
    doc = _names(blank, parse(blank, rows, ents))
    assert _claims(doc) == {("member_of", "Hashem Fadlallah", "Hezbollah", "asserted"),
                            ("member_of", "Hashem Fadlallah", "Hamas", "asserted")}
    assert {c.role for c in state_of(doc).claims} == {"deputy chief", "head of political council"}


def test_overlay_keeps_gazetteer_over_model(blank: Language) -> None:
    doc = NameMerger(blank, "merge")(blank.make_doc("Jamiat ul-Ansar met."))
    doc.ents = [Span(doc, 0, 1, label="PERSON")]
    for tok in doc:
        tok.pos_ = "PROPN"
    doc = OrgTagger(blank, "orgs", index=INDEX)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Jamiat ul-Ansar", "ORG")]


def test_hyphenated_roles_and_whose(blank: Language, parse: Any) -> None:
    # "JUI, whose secretary-general Abdul Ghafoor spoke, met."
    rows = [("JUI", "JUI", "PROPN", 8, "nsubj"), (",", ",", "PUNCT", 0, "punct"), ("whose", "whose", "DET", 5, "poss"),
            ("secretary", "secretary", "NOUN", 5, "compound"), ("-", "-", "PUNCT", 5, "punct"),
            ("general", "general", "ADJ", 7, "nsubj"), ("Ghafoor", "Ghafoor", "PROPN", 5, "appos"),
            ("spoke", "speak", "VERB", 0, "relcl"), ("met", "meet", "VERB", 8, "ROOT"), (".", ".", "PUNCT", 8, "punct")]
    ents = ["B-ORG", "O", "O", "O", "O", "O", "B-PERSON", "O", "O", "O"]
    doc = _names(blank, parse(blank, rows, ents))
    assert _claims(doc) == {("leader_of", "Ghafoor", "JUI", "asserted")}
