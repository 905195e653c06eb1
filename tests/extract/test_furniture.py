"""Page furniture, datelines, entity types and the relevance gate, on texts written for these tests
(blank pipeline: the entities are set by hand, as the model might have found them)."""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from linkwatch.extract.furniture import FurnitureFilter
from linkwatch.extract.mentions import NameLinker
from linkwatch.extract.relations import RelationBuilder
from linkwatch.extract.relevance import RelevanceGate
from linkwatch.extract.state import RESULT, EntityInfo, state_of


def _doc(blank: Language, text: str, ents: dict[str, str]) -> Doc:
    """`text` with each name in `ents` (first occurrence) tagged with its label."""
    doc = blank(text)
    spans = []
    for name, label in ents.items():
        start = text.index(name)
        sp = doc.char_span(start, start + len(name), label=label, alignment_mode="expand")
        assert sp is not None, name
        spans.append(sp)
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


def _ents(doc: Doc) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in doc.ents}


def test_credits_bylines_and_signatures_name_no_one(blank: Language) -> None:
    text = ("A ferry docked in Pemba on Monday. Photograph: Ana Lopes/AFP/Getty Images\n"
            "By Tariq Wahab\n"
            "Hamas said the talks would go on. pic.twitter.com/abc123 — Desk Wire (@deskwire) October 7, 2024\n"
            "By Friday afternoon, Hamas had left.\n"
            "The ministry confirmed the figures. PTI YAS SCY")
    doc = _doc(blank, text, {"Pemba": "GPE", "Ana Lopes": "PERSON", "Getty Images": "ORG", "Tariq Wahab": "PERSON",
                             "Hamas": "ORG", "Desk Wire": "ORG", "PTI": "ORG"})
    assert _ents(FurnitureFilter(blank, "f")(doc)) == {("Pemba", "GPE"), ("Hamas", "ORG")}


def test_datelines_are_places_and_their_agency_is_furniture(blank: Language) -> None:
    text = "QUETTA: Officials met.\nNew York/Washington, Aug 11 (PTI) The US designated the group."
    doc = _doc(blank, text, {"QUETTA": "PERSON", "New York": "GPE", "Washington": "GPE", "PTI": "ORG"})
    assert _ents(FurnitureFilter(blank, "f")(doc)) == {("QUETTA", "GPE"), ("New York", "GPE"), ("Washington", "GPE")}


def test_a_citation_names_an_outlet_and_crumbs_are_cut_from_a_name(blank: Language) -> None:
    text = "Home News Hamas leader speaks\nThe army confirmed the crash (Dawn, September 26)."
    doc = _doc(blank, text, {"Home News Hamas": "ORG", "Dawn": "PERSON"})
    assert _ents(FurnitureFilter(blank, "f")(doc)) == {("Hamas", "ORG"), ("Dawn", "ORG")}


def test_names_joined_by_a_slash_are_a_credit_unless_all_are_places(blank: Language) -> None:
    text = "Fighters left (Twitter/The Frontier Post, May 2). Talks moved from Doha/Cairo to Rome."
    doc = _doc(blank, text, {"Twitter": "ORG", "The Frontier Post": "ORG", "Doha": "GPE", "Cairo": "GPE", "Rome": "GPE"})
    assert _ents(FurnitureFilter(blank, "f")(doc)) == {("Doha", "GPE"), ("Cairo", "GPE"), ("Rome", "GPE")}


def _typed(blank: Language, parse: Any, rows: list[tuple[str, str, str, int, str]], ents: list[str]) -> set[tuple[str, str]]:
    st = state_of(NameLinker(blank, "names")(parse(blank, rows, ents)))
    return {(i.name, i.type) for i in st.entities.values()}


def test_known_places_acronyms_and_event_names_keep_their_type(blank: Language, parse: Any) -> None:
    # "Quetta residents and ASWJ fighters fled the Kathupa Forest after the Kankara Abduction."
    rows = [("Quetta", "Quetta", "PROPN", 1, "compound"), ("residents", "resident", "NOUN", 5, "nsubj"),
            ("and", "and", "CCONJ", 1, "cc"), ("ASWJ", "ASWJ", "PROPN", 4, "compound"),
            ("fighters", "fighter", "NOUN", 1, "conj"), ("fled", "flee", "VERB", 5, "ROOT"), ("the", "the", "DET", 8, "det"),
            ("Kathupa", "Kathupa", "PROPN", 8, "compound"), ("Forest", "Forest", "PROPN", 5, "dobj"),
            ("after", "after", "ADP", 5, "prep"), ("the", "the", "DET", 12, "det"), ("Kankara", "Kankara", "PROPN", 12, "compound"),
            ("Abduction", "Abduction", "PROPN", 9, "pobj"), (".", ".", "PUNCT", 5, "punct")]
    ents = ["B-PERSON", "O", "O", "B-PERSON", "O", "O", "O", "B-ORG", "I-ORG", "O", "O", "B-PERSON", "I-PERSON", "O"]
    assert _typed(blank, parse, rows, ents) == {("Quetta", "location"), ("ASWJ", "organization"),
                                               ("Kathupa Forest", "location")}


def test_who_claims_an_attack_is_a_group(blank: Language, parse: Any) -> None:
    # "Ansaru claimed responsibility for the attack."
    rows = [("Ansaru", "Ansaru", "PROPN", 1, "nsubj"), ("claimed", "claim", "VERB", 1, "ROOT"),
            ("responsibility", "responsibility", "NOUN", 1, "dobj"), ("for", "for", "ADP", 2, "prep"),
            ("the", "the", "DET", 5, "det"), ("attack", "attack", "NOUN", 3, "pobj"), (".", ".", "PUNCT", 1, "punct")]
    assert _typed(blank, parse, rows, ["B-PERSON"] + ["O"] * 6) == {("Ansaru", "organization")}
    # "Commander Ansaru claimed responsibility for the attack." (a title shows a person)
    rows = [("Commander", "commander", "NOUN", 1, "compound")] + [(w, lem, p, h + 1, d) for w, lem, p, h, d in rows]
    assert _typed(blank, parse, rows, ["O", "B-PERSON"] + ["O"] * 6) == {("Ansaru", "person")}


def _gated(blank: Language, text: str, key: str | None = None, gate: bool = True) -> dict[str, Any]:
    doc = blank(text)
    for tok in doc:
        tok.is_sent_start = tok.i == 0
    if key:
        st = state_of(doc)
        st.entities["e1"] = EntityInfo("e1", "organization", [(0, 1)], key=key, name=doc[0].text)
        st.token_ref[0] = "e1"
    doc = RelevanceGate(blank, "gate", gate)(doc)
    return dict(RelationBuilder(blank, "rel", "test")(doc).user_data[RESULT])


def test_articles_about_something_else_add_nothing_to_the_graph(blank: Language) -> None:
    match = _gated(blank, "Mozambique beat Mali 2-1 in Bamako as Langa scored a fine strike.")
    assert match["relevance"]["gated"] and match["entities"] == []
    raid = _gated(blank, "Gunmen attack a police post and kill two soldiers.")  # (no lemmas on a blank pipeline)
    assert not raid["relevance"]["gated"] and raid["relevance"]["reasons"][:3] == ["gunmen", "attack", "police"]
    # a known actor is reason enough, and the setting turns the gate off
    assert not _gated(blank, "Hamas praised the team.", key="org:hamas")["relevance"]["gated"]
    assert not _gated(blank, "Mozambique beat Mali 2-1.", gate=False)["relevance"]["gated"]


def test_a_leaders_regime_and_a_territory_broken_at_a_line_end(blank: Language, parse: Any) -> None:
    # "The Jolani regime fell in the Federal Capital Terri-tory." (the model: two organisations)
    rows = [("The", "the", "DET", 2, "det"), ("Jolani", "Jolani", "PROPN", 2, "compound"), ("regime", "regime", "NOUN", 3, "nsubj"),
            ("fell", "fall", "VERB", 3, "ROOT"), ("in", "in", "ADP", 3, "prep"), ("the", "the", "DET", 10, "det"),
            ("Federal", "Federal", "PROPN", 10, "compound"), ("Capital", "Capital", "PROPN", 10, "compound"),
            ("Terri", "Terri", "PROPN", 10, "compound"), ("-", "-", "PUNCT", 10, "punct"), ("tory", "tory", "PROPN", 4, "pobj"),
            (".", ".", "PUNCT", 3, "punct")]
    ents = ["O", "B-ORG", "O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]
    assert _typed(blank, parse, rows, ents) == {("Jolani", "person"), ("Federal Capital Terri-tory", "location")}


def test_a_caption_opening_with_its_credit_and_a_bar(blank: Language) -> None:
    text = ("Rebels claim the bombing\n"
            "Maria Torres, AFP | Mourners gather near the scene of the blast in Goma on Sunday.\n"
            "Jean Mbeki, Reuters reported, said the group had withdrawn.")
    doc = _doc(blank, text, {"Maria Torres": "PERSON", "AFP": "ORG", "Goma": "GPE", "Jean Mbeki": "PERSON"})
    FurnitureFilter(blank, "furniture")(doc)
    # the credit goes; the caption's place stays, and a name before a comma in prose is no credit
    assert _ents(doc) == {("Goma", "GPE"), ("Jean Mbeki", "PERSON")}
