"""Name coreference, roles and certainty on hand-written parses (blank pipeline, no model).

Each parse is the one the rule is written for, so a failure here is the rule's fault, not the
statistical parser's."""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from linkwatch.extract.certainty import CertaintyJudge
from linkwatch.extract.mentions import NameLinker
from linkwatch.extract.roles import RoleFinder
from linkwatch.extract.state import state_of

# "Also purportedly in attendance were Talha Saif, brother of JeM chief Masood Azhar."
ATTENDANCE = [
    ("Also", "also", "ADV", 4, "advmod"), ("purportedly", "purportedly", "ADV", 2, "advmod"),
    ("in", "in", "ADP", 4, "prep"), ("attendance", "attendance", "NOUN", 2, "pobj"),
    ("were", "be", "AUX", 4, "ROOT"), ("Talha", "Talha", "PROPN", 6, "compound"),
    ("Saif", "Saif", "PROPN", 4, "nsubj"), (",", ",", "PUNCT", 6, "punct"),
    ("brother", "brother", "NOUN", 6, "appos"), ("of", "of", "ADP", 8, "prep"),
    ("JeM", "JeM", "PROPN", 11, "compound"), ("chief", "chief", "NOUN", 13, "compound"),
    ("Masood", "Masood", "PROPN", 13, "compound"), ("Azhar", "Azhar", "PROPN", 9, "pobj"),
    (".", ".", "PUNCT", 4, "punct"),
]
ATTENDANCE_ENTS = ["O"] * 5 + ["B-PERSON", "I-PERSON"] + ["O"] * 3 + ["B-ORG", "O", "B-PERSON", "I-PERSON", "O"]


def _run(blank: Language, doc: Doc) -> Doc:
    for component in (NameLinker(blank, "names"), RoleFinder(blank, "roles"), CertaintyJudge(blank, "certainty")):
        doc = component(doc)
    return doc


def _claims(doc: Doc) -> set[tuple[str, str, str, str]]:
    st = state_of(doc)
    name = {ref: info.name for ref, info in st.entities.items()}
    return {(c.type, name[c.source], name[c.target], c.certainty) for c in st.claims}


def test_kinship_and_leadership_keep_their_own_certainty(blank: Language, parse: Any) -> None:
    doc = _run(blank, parse(blank, ATTENDANCE, ATTENDANCE_ENTS))
    assert _claims(doc) == {("relative_of", "Talha Saif", "Masood Azhar", "asserted"),
                            ("leader_of", "Masood Azhar", "JeM", "asserted")}


def test_hedge_scopes_over_its_clause_only(blank: Language, parse: Any) -> None:
    doc = parse(blank, ATTENDANCE, ATTENDANCE_ENTS)
    judge = CertaintyJudge(blank, "certainty")
    assert judge.judge(doc[3])[0] == "unverified"  # 'attendance': under 'purportedly'
    assert judge.judge(doc[8], np_scope=True)[0] == "asserted"  # 'brother': its own phrase


def test_reports_indicate_is_reported_with_attribution(blank: Language, parse: Any) -> None:
    rows = [("Reports", "report", "NOUN", 1, "nsubj"), ("indicate", "indicate", "VERB", 1, "ROOT"),
            ("that", "that", "SCONJ", 4, "mark"), ("Qaddoumi", "Qaddoumi", "PROPN", 4, "nsubj"),
            ("was", "be", "AUX", 1, "ccomp"), ("present", "present", "ADJ", 4, "acomp"), (".", ".", "PUNCT", 1, "punct")]
    doc = parse(blank, rows)
    label, cues, who = CertaintyJudge(blank, "c").judge(doc[5])
    assert (label, cues, who) == ("reported", ("indicate",), "Reports")


def test_denial_and_doubt(blank: Language, parse: Any) -> None:
    rows = [("Pakistan", "Pakistan", "PROPN", 1, "nsubj"), ("denied", "deny", "VERB", 1, "ROOT"),
            ("hosting", "host", "VERB", 1, "xcomp"), ("them", "they", "PRON", 2, "dobj"), (".", ".", "PUNCT", 1, "punct")]
    assert CertaintyJudge(blank, "c").judge(parse(blank, rows)[2])[0] == "denied"
    rows = [("Videos", "video", "NOUN", 1, "nsubj"), ("show", "show", "VERB", 1, "ROOT"), ("him", "he", "PRON", 1, "dobj"),
            (",", ",", "PUNCT", 1, "punct"), ("but", "but", "CCONJ", 1, "cc"),
            ("verification", "verification", "NOUN", 6, "nsubj"), ("is", "be", "AUX", 1, "conj"),
            ("lacking", "lack", "VERB", 6, "acomp"), (".", ".", "PUNCT", 1, "punct")]
    assert CertaintyJudge(blank, "c").judge(parse(blank, rows)[2])[0] == "unverified"


def test_front_in_relative_clause_is_reported(blank: Language, parse: Any) -> None:
    # "PMML, which is widely viewed as a political front linked to LeT"
    rows = [("PMML", "PMML", "PROPN", 0, "ROOT"), (",", ",", "PUNCT", 0, "punct"),
            ("which", "which", "PRON", 5, "nsubjpass"), ("is", "be", "AUX", 5, "auxpass"),
            ("widely", "widely", "ADV", 5, "advmod"), ("viewed", "view", "VERB", 0, "relcl"),
            ("as", "as", "ADP", 5, "prep"), ("a", "a", "DET", 9, "det"), ("political", "political", "ADJ", 9, "amod"),
            ("front", "front", "NOUN", 6, "pobj"), ("linked", "link", "VERB", 9, "acl"), ("to", "to", "ADP", 10, "prep"),
            ("LeT", "LeT", "PROPN", 11, "pobj")]
    ents = ["B-ORG"] + ["O"] * 11 + ["B-ORG"]
    doc = _run(blank, parse(blank, rows, ents))
    assert _claims(doc) == {("front_of", "PMML", "LeT", "reported")}
    assert state_of(doc).claims[0].role == "political front"


def test_coordinated_commanders_and_short_names(blank: Language, parse: Any) -> None:
    # "Jaish commanders Asghar Khan Kashmiri and Masood Ilyas spoke. Kashmiri left."
    rows = [("Jaish", "Jaish", "PROPN", 1, "compound"), ("commanders", "commander", "NOUN", 4, "compound"),
            ("Asghar", "Asghar", "PROPN", 4, "compound"), ("Khan", "Khan", "PROPN", 4, "compound"),
            ("Kashmiri", "Kashmiri", "PROPN", 8, "nsubj"), ("and", "and", "CCONJ", 4, "cc"),
            ("Masood", "Masood", "PROPN", 7, "compound"), ("Ilyas", "Ilyas", "PROPN", 4, "conj"),
            ("spoke", "speak", "VERB", 8, "ROOT"), (".", ".", "PUNCT", 8, "punct"),
            ("Kashmiri", "Kashmiri", "PROPN", 11, "nsubj"), ("left", "leave", "VERB", 11, "ROOT"), (".", ".", "PUNCT", 11, "punct")]
    ents = ["B-ORG", "O", "B-PERSON", "I-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "O", "O", "B-GPE", "O", "O"]
    doc = _run(blank, parse(blank, rows, ents))
    st = state_of(doc)
    people = {info.name: info for info in st.entities.values() if info.type == "person"}
    assert set(people) == {"Asghar Khan Kashmiri", "Masood Ilyas"}  # 'Masood Ilyas' re-typed: coordinated
    assert len(people["Asghar Khan Kashmiri"].mentions) == 2  # the later 'Kashmiri' (tagged GPE) joins it
    assert {c[:3] for c in _claims(doc)} == {("member_of", "Asghar Khan Kashmiri", "Jaish"),
                                             ("member_of", "Masood Ilyas", "Jaish")}


def test_titles_and_acronyms_join_their_names(blank: Language, parse: Any) -> None:
    # "Dr. Khaled Qaddoumi met the Pakistan Markazi Muslim League (PMML). Later al-Qadoumi praised PMML."
    rows = [("Dr.", "Dr.", "PROPN", 2, "compound"), ("Khaled", "Khaled", "PROPN", 2, "compound"),
            ("Qaddoumi", "Qaddoumi", "PROPN", 3, "nsubj"), ("met", "meet", "VERB", 3, "ROOT"),
            ("the", "the", "DET", 8, "det"), ("Pakistan", "Pakistan", "PROPN", 8, "compound"),
            ("Markazi", "Markazi", "PROPN", 8, "compound"), ("Muslim", "Muslim", "PROPN", 8, "compound"),
            ("League", "League", "PROPN", 3, "dobj"), ("(", "(", "PUNCT", 10, "punct"), ("PMML", "PMML", "PROPN", 8, "appos"),
            (")", ")", "PUNCT", 10, "punct"), (".", ".", "PUNCT", 3, "punct"),
            ("Later", "later", "ADV", 16, "advmod"), ("al-Qadoumi", "al-Qadoumi", "PROPN", 16, "nsubj"),
            ("'s", "'s", "PART", 14, "case"), ("aides", "aide", "NOUN", 16, "nsubj"),
            ("praised", "praise", "VERB", 16, "ROOT"), ("PMML", "PMML", "PROPN", 17, "dobj"), (".", ".", "PUNCT", 17, "punct")]
    ents = ["O", "B-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG"] + ["O"] * 5 + ["B-PERSON"] + ["O"] * 5
    doc = _run(blank, parse(blank, rows, ents))
    st = state_of(doc)
    by_name = {info.name: info for info in st.entities.values()}
    assert set(by_name) == {"Khaled Qaddoumi", "Pakistan Markazi Muslim League"}
    assert set(by_name["Khaled Qaddoumi"].aliases) == {"Dr. Khaled Qaddoumi", "al-Qadoumi"}
    assert by_name["Pakistan Markazi Muslim League"].aliases == ["PMML"]
    assert len(by_name["Pakistan Markazi Muslim League"].mentions) == 3


def test_group_anaphora_and_allies(blank: Language, parse: Any) -> None:
    # "Hamas praised Hezbollah. The group's spokesman, Abu Obaida, called Hezbollah a close ally of Hamas."
    rows = [("Hamas", "Hamas", "PROPN", 1, "nsubj"), ("praised", "praise", "VERB", 1, "ROOT"),
            ("Hezbollah", "Hezbollah", "PROPN", 1, "dobj"), (".", ".", "PUNCT", 1, "punct"),
            ("The", "the", "DET", 5, "det"), ("group", "group", "NOUN", 7, "poss"), ("'s", "'s", "PART", 5, "case"),
            ("spokesman", "spokesman", "NOUN", 12, "nsubj"), (",", ",", "PUNCT", 7, "punct"),
            ("Abu", "Abu", "PROPN", 10, "compound"), ("Obaida", "Obaida", "PROPN", 7, "appos"),
            (",", ",", "PUNCT", 7, "punct"), ("called", "call", "VERB", 12, "ROOT"),
            ("Hezbollah", "Hezbollah", "PROPN", 17, "nsubj"), ("a", "a", "DET", 17, "det"),
            ("close", "close", "ADJ", 17, "amod"), ("ally", "ally", "NOUN", 17, "ROOT"), ("of", "of", "ADP", 16, "prep"),
            ("Hamas", "Hamas", "PROPN", 17, "pobj"), (".", ".", "PUNCT", 12, "punct")]
    # the last clause hand-parsed as a small clause: 'Hezbollah [is] a close ally of Hamas'
    rows[16] = ("ally", "ally", "NOUN", 12, "oprd")
    rows[13] = ("Hezbollah", "Hezbollah", "PROPN", 12, "dobj")
    ents = ["B-ORG", "O", "B-ORG"] + ["O"] * 6 + ["B-PERSON", "I-PERSON"] + ["O"] * 2 + ["B-ORG"] + ["O"] * 4 + ["B-ORG", "O"]
    doc = _run(blank, parse(blank, rows, ents))  # two roots: two sentences
    claims = {c[:3] for c in _claims(doc)}
    # 'the group' = the group the story is about: the last one named as a clause's subject, not the
    # object it praised
    assert ("member_of", "Abu Obaida", "Hamas") in claims
    assert ("allied_with", "Hezbollah", "Hamas") in claims


def test_a_hedge_stays_in_its_statement(blank: Language, parse: Any) -> None:
    judge = CertaintyJudge(blank, "c")
    # "The BLA claimed responsibility for the attack; however, officials suspected the TTP."
    rows = [("The", "the", "DET", 1, "det"), ("BLA", "BLA", "PROPN", 2, "nsubj"), ("claimed", "claim", "VERB", 11, "ccomp"),
            ("responsibility", "responsibility", "NOUN", 2, "dobj"), ("for", "for", "ADP", 3, "prep"),
            ("the", "the", "DET", 6, "det"), ("attack", "attack", "NOUN", 4, "pobj"), (";", ";", "PUNCT", 11, "punct"),
            ("however", "however", "ADV", 11, "advmod"), (",", ",", "PUNCT", 11, "punct"),
            ("officials", "official", "NOUN", 11, "nsubj"), ("suspected", "suspect", "VERB", 11, "ROOT"),
            ("the", "the", "DET", 13, "det"), ("TTP", "TTP", "PROPN", 11, "dobj"), (".", ".", "PUNCT", 11, "punct")]
    doc = parse(blank, rows)
    assert judge.judge(doc[2])[0] == "asserted"  # the claim is the group's own, in its own statement
    assert judge.judge(doc[13])[:2] == ("unverified", ("suspected",))
    # "Hamas reportedly met Hezbollah, and Jaish attended the rally."
    rows = [("Hamas", "Hamas", "PROPN", 2, "nsubj"), ("reportedly", "reportedly", "ADV", 2, "advmod"),
            ("met", "meet", "VERB", 2, "ROOT"), ("Hezbollah", "Hezbollah", "PROPN", 2, "dobj"), (",", ",", "PUNCT", 2, "punct"),
            ("and", "and", "CCONJ", 2, "cc"), ("Jaish", "Jaish", "PROPN", 7, "nsubj"), ("attended", "attend", "VERB", 2, "conj"),
            ("the", "the", "DET", 9, "det"), ("rally", "rally", "NOUN", 7, "dobj"), (".", ".", "PUNCT", 7, "punct")]
    doc = parse(blank, rows)
    assert judge.judge(doc[2])[0] == "reported" and judge.judge(doc[7])[0] == "asserted"
    # "Officials say Hamas met Hezbollah, but the claim could not be independently verified." (a verdict on the
    # statement it follows, which no semicolon or 'however' cuts off)
    rows = [("Officials", "official", "NOUN", 1, "nsubj"), ("say", "say", "VERB", 1, "ROOT"), ("Hamas", "Hamas", "PROPN", 3, "nsubj"),
            ("met", "meet", "VERB", 1, "ccomp"), ("Hezbollah", "Hezbollah", "PROPN", 3, "dobj"), (",", ",", "PUNCT", 1, "punct"),
            ("but", "but", "CCONJ", 1, "cc"), ("the", "the", "DET", 8, "det"), ("claim", "claim", "NOUN", 13, "nsubjpass"),
            ("could", "could", "AUX", 13, "aux"), ("not", "not", "PART", 13, "neg"), ("be", "be", "AUX", 13, "auxpass"),
            ("independently", "independently", "ADV", 13, "advmod"), ("verified", "verify", "VERB", 1, "conj"),
            (".", ".", "PUNCT", 13, "punct")]
    doc = parse(blank, rows)
    assert judge.judge(doc[3])[:2] == ("unverified", ("say", "verified"))


def test_an_assessment_is_reported(blank: Language, parse: Any) -> None:
    # "The government has assessed with confidence that Hassan is the leader."
    rows = [("The", "the", "DET", 1, "det"), ("government", "government", "NOUN", 3, "nsubj"), ("has", "have", "AUX", 3, "aux"),
            ("assessed", "assess", "VERB", 3, "ROOT"), ("with", "with", "ADP", 3, "prep"),
            ("confidence", "confidence", "NOUN", 4, "pobj"), ("that", "that", "SCONJ", 8, "mark"),
            ("Hassan", "Hassan", "PROPN", 8, "nsubj"), ("is", "be", "AUX", 5, "acl"), ("the", "the", "DET", 10, "det"),
            ("leader", "leader", "NOUN", 8, "attr"), (".", ".", "PUNCT", 3, "punct")]
    assert CertaintyJudge(blank, "c").judge(parse(blank, rows)[10])[:2] == ("reported", ("confidence", "assessed"))


def test_an_entity_span_without_a_letter_or_digit_is_no_name(blank: Language) -> None:
    """Statistical models now and then tag a dash or a blank line as an ORG; it must not become an
    entity with an empty name (resolution would have nothing to call it)."""
    words = ["PHOTO", ":", "—", "The", "Liberation", "Front", "attacked", "."]
    ents = ["O", "O", "B-ORG", "O", "B-ORG", "I-ORG", "O", "O"]
    doc = Doc(blank.vocab, words=words, ents=ents, sent_starts=[True] + [False] * 7)
    doc = NameLinker(blank, "names")(doc)
    names = [info.name for info in state_of(doc).entities.values()]
    assert names == ["Liberation Front"]


def _described(blank: Language, modifier: str, noun: str, lemma: str) -> list[str]:
    """Names found in "<modifier> terror <noun> joined forces with Hamas ." parsed by hand, with the
    modifier tagged ORG as the small model tags it."""
    rows = [(modifier, modifier, "PROPN", 2, "compound"), ("terror", "terror", "NOUN", 2, "compound"),
            (noun, lemma, "NOUN", 3, "nsubj"), ("joined", "join", "VERB", 3, "ROOT"),
            ("forces", "force", "NOUN", 3, "dobj"), ("with", "with", "ADP", 3, "prep"),
            ("Hamas", "Hamas", "PROPN", 5, "pobj"), (".", ".", "PUNCT", 3, "punct")]
    doc = Doc(blank.vocab, words=[r[0] for r in rows], lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
              heads=[r[3] for r in rows], deps=[r[4] for r in rows],
              tags=["NNP", "NN", "NNS" if noun != lemma else "NN", "VBD", "NNS", "IN", "NNP", "."],
              ents=["B-ORG"] + ["O"] * 5 + ["B-ORG", "O"])
    doc = NameLinker(blank, "names")(doc)
    return sorted(info.name for info in state_of(doc).entities.values())


def test_a_peoples_word_before_plural_fighters_is_a_class_not_a_group(blank: Language) -> None:
    assert _described(blank, "Kashmiri", "groups", "group") == ["Hamas"]  # Kashmir + i: a people's word
    assert _described(blank, "Kashmiri", "group", "group") == ["Hamas", "Kashmiri"]  # singular: a name
    assert _described(blank, "Seleka", "groups", "group") == ["Hamas", "Seleka"]  # no place explains it
