"""Name merging and the organisation tagger, on a blank pipeline."""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from linkwatch.extract.gazetteer import EntityFixer, NameMerger, OrgTagger
from linkwatch.extract.organisations import OrgIndex
from linkwatch.extract.state import state_of
from linkwatch.model.reference import OrgAlias, Organisation

INDEX = OrgIndex((
    Organisation("let", "Lashkar e-Tayyiba", aliases=(OrgAlias("LeT", "test list"), OrgAlias("Lashkar-i-Taiba", "t"))),
    Organisation("jem", "Jaish-i-Mohammed", aliases=(OrgAlias("JeM", "test list"),)),
    Organisation("hm", "Hizbul Mujahideen", aliases=(OrgAlias("HM", "OFAC SDN list (aka)"),)),
    Organisation("base", "The Base"),
))


def _tagged(blank: Language, text: str, propn: tuple[str, ...] = ()) -> Doc:
    doc = NameMerger(blank, "merge")(blank.make_doc(text))
    for tok in doc:
        tok.pos_ = "PROPN" if tok.text in propn or "-" in tok.text else "NOUN"
    return OrgTagger(blank, "orgs", index=INDEX)(doc)


def test_hyphenated_names_become_one_token(blank: Language) -> None:
    doc = NameMerger(blank, "merge")(blank.make_doc("Leaders of Jaish-e-Mohammed and Hizb-ul-Mujahideen met."))
    assert "Jaish-e-Mohammed" in [t.text for t in doc]
    assert "Hizb-ul-Mujahideen" in [t.text for t in doc]
    assert doc.text == "Leaders of Jaish-e-Mohammed and Hizb-ul-Mujahideen met."


def test_variants_and_acronyms_tie_to_one_group(blank: Language) -> None:
    doc = _tagged(blank, "Lashkar-e-Taiba (LeT) and Jaish-e-Mohammad (JeM) hosted a rally.")
    found = {m.org_ids for m in state_of(doc).org_matches}
    assert found == {frozenset({"let"}), frozenset({"jem"})}
    assert [e.text for e in doc.ents] == ["Lashkar-e-Taiba", "LeT", "Jaish-e-Mohammad", "JeM"]


def test_case_tells_names_from_words(blank: Language) -> None:
    doc = _tagged(blank, "Let them return to the base, said the officer.")
    assert not state_of(doc).org_matches


def test_short_acronym_needs_the_full_name(blank: Language) -> None:
    assert not state_of(_tagged(blank, "The HM said the border is calm.")).org_matches
    doc = _tagged(blank, "Hizbul Mujahideen (HM) claimed it. HM later denied it.", propn=("Hizbul", "Mujahideen"))
    assert [doc[m.start:m.end].text for m in state_of(doc).org_matches] == \
        ["Hizbul Mujahideen", "HM", "HM"]


def test_gazetteer_overrides_model_labels(blank: Language) -> None:
    doc = NameMerger(blank, "merge")(blank.make_doc("He joined Lashkar-e-Taiba in 2001."))
    doc.ents = [Span(doc, 2, 3, label="PERSON")]
    doc = OrgTagger(blank, "orgs", index=INDEX)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Lashkar-e-Taiba", "ORG")]


def test_entity_fixer_joins_split_places_and_trims(blank: Language) -> None:
    doc = blank.make_doc("A rally in Pakistan-occupied Kashmir alarmed the Gaza Strip officials.")
    for tok in doc:
        tok.pos_ = "PROPN" if tok.is_title else "NOUN"
    doc.ents = [Span(doc, 3, 4, label="GPE"), Span(doc, 6, 7, label="LOC"), Span(doc, 8, 11, label="GPE")]
    doc = EntityFixer(blank, "fix")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Pakistan-occupied Kashmir", "LOC"), ("Gaza Strip", "LOC")]


def test_a_listed_name_that_goes_on_is_another_group(blank: Language) -> None:
    index = OrgIndex((Organisation("is", "Islamic State"),))
    text = "The Islamic State of West African Province denied it, and the Islamic State in Syria agreed."
    doc = NameMerger(blank, "merge")(blank.make_doc(text))
    for tok in doc:
        tok.pos_ = "PROPN" if tok.is_title and tok.i else "NOUN"
    doc = OrgTagger(blank, "orgs", index=index)(doc)
    found = [(doc[m.start:m.end].text, m.org_ids) for m in state_of(doc).org_matches]
    # a branch's name is its own group, unlisted here; a place after the name is only a place
    assert found == [("Islamic State of West African Province", frozenset()), ("Islamic State", frozenset({"is"}))]


def test_a_dropped_first_word_and_an_acronym_called_a_group(blank: Language, parse: Any) -> None:
    index = OrgIndex((Organisation("hts", "Hay'at Tahrir al-Sham", aliases=(
        OrgAlias("Tahrir al-Sham", "test list"), OrgAlias("HTS", "OFAC SDN list (aka)"))),))
    doc = NameMerger(blank, "merge")(blank.make_doc("They fought Hayat Tahrir al-Sham."))
    for tok in doc:
        tok.pos_ = "PROPN" if tok.is_title and tok.i else "NOUN"
    doc = OrgTagger(blank, "orgs", index=index)(doc)
    assert [e.text for e in doc.ents] == ["Hayat Tahrir al-Sham"]  # the model's span lacked 'Hayat'
    # "They fought HTS, a jihadist group." / "They fought HTS." (a bare three capitals: maybe anything)
    rows = [("They", "they", "PRON", 1, "nsubj"), ("fought", "fight", "VERB", 1, "ROOT"), ("HTS", "HTS", "PROPN", 1, "dobj"),
            (",", ",", "PUNCT", 2, "punct"), ("a", "a", "DET", 6, "det"), ("jihadist", "jihadist", "ADJ", 6, "amod"),
            ("group", "group", "NOUN", 2, "appos"), (".", ".", "PUNCT", 1, "punct")]
    assert [e.text for e in OrgTagger(blank, "orgs", index=index)(parse(blank, rows)).ents] == ["HTS"]
    rows = rows[:3] + [(".", ".", "PUNCT", 1, "punct")]
    assert not OrgTagger(blank, "orgs", index=index)(parse(blank, rows)).ents
