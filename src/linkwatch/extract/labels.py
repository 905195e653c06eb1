"""Entity labels the small model gets wrong, corrected from the name's words and its syntax.

Used by the name linker (``linkwatch_names_v1``) before names are clustered. Each
rule says what evidence overrides the model:

* the words of the name: 'Sahafi Hotel' is a place, 'Tehreek-e-Jihad Waziristan' a group;
* a place: an unknown capitalised word after a preposition of place is often
  tagged PERSON ('in Rawalakot', 'at Muzaffarabad'). It becomes a place when the
  GeoNames tables know it, or whatever the tables say when the syntax names a
  settlement ('the town of X', 'X province'); and then everywhere in the document,
  unless the same word is also part of a person's name there;
* a person: a name in apposition to a person's role noun ('Masood Ilyas, a
  commander of JeM'; 'the group's spokesman, Abu Obaida'), the subject of 'is a
  commander of', a name right after a role word ('commander X'), or one
  coordinated with a person.

Organisations found by the gazetteer are never relabelled here.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from linkwatch.data import load, words
from linkwatch.extract.geo import place_rank
from linkwatch.extract.name_mention import NameMention
from linkwatch.text import fold, honorifics

_KNOWN_PLACE = (0, 3)  # place_rank of a country or a GeoNames city


class LabelFixer:
    def __init__(self) -> None:
        self.titles = honorifics()
        self.org_words = words("names.json", "org_words")
        self.facility_words = words("names.json", "facility_words")
        self.patronymics = words("names.json", "patronymics")
        self.place_preps = words("place_patterns.json", "locative_prepositions")
        self.settlements = words("place_patterns.json", "settlement_nouns")
        self.weak_preps = words("place_patterns.json", "weak_locative_prepositions")
        self.suffixes = words("place_patterns.json", "generic_suffixes")
        roles = load("roles.json")
        self.person_roles = frozenset(w for k in ("leader", "member", "kin") for w in roles[k] if " " not in w)

    def fix(self, doc: Doc, mentions: list[NameMention]) -> None:
        self._by_words(doc, mentions)
        self._places(doc, mentions)
        self._persons(doc, mentions)

    def _by_words(self, doc: Doc, mentions: list[NameMention]) -> None:
        """Labels the words of the name contradict: 'Sahafi Hotel', 'Tehreek-e-Jihad Waziristan'."""
        for m in mentions:
            if m.org is not None:
                continue
            parts = fold(doc[m.start:m.end].text).split()
            if len(parts) > 1 and parts[-1] in self.facility_words and m.label in ("ORG", "PERSON"):
                m.label = "FAC"
            elif m.label in ("PERSON", "GPE", "LOC") and len(parts) > 1 and any(p in self.org_words for p in parts):
                m.label = "ORG"

    # -- places -----------------------------------------------------------
    def _places(self, doc: Doc, mentions: list[NameMention]) -> None:
        places: set[str] = set()
        for m in mentions:
            text = fold(doc[m.start:m.end].text)
            if m.org is not None:
                continue
            if m.label in ("GPE", "LOC"):
                if place_rank(text) in _KNOWN_PLACE:
                    places.add(text)  # 'in Sanaa' here makes 'to Sanaa' (tagged PERSON) the same place
                continue
            if m.label not in ("PERSON", "ORG"):
                continue
            if self._settlement(doc, m) or (m.end - m.start == 1 and place_rank(text) == 0) or (
                    m.label == "PERSON" and self._after_place_prep(doc, m) and place_rank(text) in _KNOWN_PLACE) or (
                    m.label == "PERSON" and m.start > 0 and doc[m.start - 1].lower_ in self.weak_preps
                    and place_rank(text) == 3):  # 'strikes on Sanaa', 'travelled to Sanaa': a listed city
                places.add(text)  # a country is never a person or a group here: 'Niger's defence ministry'
        if not places:
            return
        # A word that is also part of a person's name here ('Hassan' of 'Hassan Nasrallah') stays a person.
        person_words = {w for m in mentions if m.label == "PERSON" and fold(doc[m.start:m.end].text) not in places
                        for w in fold(doc[m.start:m.end].text).split()}
        person_words |= {fold(doc[m.start].text) for m in mentions
                         if m.start > 0 and doc[m.start - 1].lower_ in self.titles}
        for m in mentions:
            text = fold(doc[m.start:m.end].text)
            if m.org is None and m.label in ("PERSON", "ORG") and text in places \
                    and not set(text.split()) & person_words:
                m.label = "GPE"

    def _after_place_prep(self, doc: Doc, m: NameMention) -> bool:
        return m.start > 0 and doc[m.start - 1].lower_ in self.place_preps

    def _settlement(self, doc: Doc, m: NameMention) -> bool:
        """'the town of X', 'the village of X', 'X province', 'X district', 'in the X' (a person's name
        takes no article): the syntax names a place."""
        before = doc[m.start - 2:m.start] if m.start >= 2 else None
        if before is not None and before[1].lower_ == "of" and before[0].lemma_.lower() in self.settlements:
            return True
        if before is not None and before[1].lower_ == "the" and before[0].lower_ in self.place_preps \
                and m.end - m.start == 1 and m.label == "PERSON" and doc[m.start].lower_ not in self.titles:
            return True  # (an ORG there is as often an institution: 'in the Pentagon', 'in the Knesset')
        after = doc[m.end] if m.end < len(doc) else None
        return after is not None and after.is_lower and after.lemma_.lower() in self.suffixes \
            and after.pos_ == "NOUN" and not after.lower_.endswith("s")

    # -- persons ----------------------------------------------------------
    def _persons(self, doc: Doc, mentions: list[NameMention]) -> None:
        person_tokens = {i for m in mentions if m.label == "PERSON" for i in range(m.start, m.end)}
        for m in mentions:
            if m.org is not None or m.label == "PERSON":
                continue
            span = doc[m.start:m.end]
            head = span.root
            before = doc[m.start - 1] if m.start > 0 else None
            if (head.dep_ in ("conj", "appos") and head.head.i in person_tokens) or \
                    (before is not None and before.lemma_.lower() in self.person_roles and before.pos_ == "NOUN"):
                m.label = "PERSON"
            elif self._could_be_person(span.text, m.label) and self._described_by_role(head):
                m.label = "PERSON"
        # Then names whose words are a person's: a patronymic inside ('Boubacar Ag Wanagui', 'Ahmed
        # Ould Abdallah'), or a surname the document uses for a person ('Wanagui, a former commander').
        surnames = {fold(doc[m.end - 1].text) for m in mentions if m.label == "PERSON"}
        for m in mentions:
            span = doc[m.start:m.end]
            if m.org is not None or m.label == "PERSON" or len(span) < 2 or not self._could_be_person(span.text, m.label):
                continue
            inner = [fold(t.text) for t in span[1:-1]]
            if any(w in self.patronymics for w in inner) or fold(span[-1].text) in surnames:
                m.label = "PERSON"

    def _could_be_person(self, text: str, label: str) -> bool:
        """Not a known place, not an acronym, no word that names a group or a building."""
        parts = fold(text).split()
        if not parts or any(p in self.org_words or p in self.facility_words for p in parts):
            return False
        if text.isupper() or (label in ("GPE", "LOC") and place_rank(text) != 2):
            return False
        return True

    def _described_by_role(self, head: Token) -> bool:
        """'X, a commander of Y', 'the group's spokesman, X', 'X is a commander of Y'."""
        if any(c.dep_ == "appos" and self._role(c) for c in head.children):
            return True
        if head.dep_ == "appos" and self._role(head.head):
            return True
        if head.dep_ == "nsubj" and head.head.lemma_.lower() == "be":
            return any(c.dep_ == "attr" and self._role(c) for c in head.head.children)
        return False

    def _role(self, tok: Token) -> bool:
        return tok.pos_ == "NOUN" and (tok.lemma_.lower() in self.person_roles or tok.lower_ in self.person_roles)
