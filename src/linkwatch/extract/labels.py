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
from linkwatch.extract.geo import KNOWN_PLACE, known_region, place_rank
from linkwatch.extract.name_mention import NameMention
from linkwatch.extract.syntax import singular_forms
from linkwatch.text import fold, honorifics


class LabelFixer:
    def __init__(self) -> None:
        self.titles = honorifics()
        self._found_places: set[str] = set()
        self.org_words = words("names.json", "org_words")
        self.facility_words = words("names.json", "facility_words")
        self.facility_heads = words("names.json", "facility_heads")
        self.patronymics = words("names.json", "patronymics")
        self.place_preps = words("place_patterns.json", "locative_prepositions")
        self.settlements = words("place_patterns.json", "settlement_nouns")
        self.weak_preps = words("place_patterns.json", "weak_locative_prepositions")
        self.suffixes = words("place_patterns.json", "generic_suffixes")
        self.place_suffixes = words("place_patterns.json", "place_name_suffixes")
        self.directions = words("place_patterns.json", "direction_words")
        self.org_heads = words("names.json", "org_head_nouns")
        self.leader_heads = words("names.json", "leader_head_nouns")
        self.force_heads = words("names.json", "state_force_heads") | words("names.json", "state_body_heads")
        self.group_name_words = words("names.json", "generic_name_words")  # 'Islamic State' is no region
        self.kunya = words("names.json", "kunya_words")
        self.particles = words("names.json", "name_particles")
        roles = load("roles.json")
        self.person_roles = frozenset(w for k in ("leader", "member", "kin") for w in roles[k] if " " not in w)
        self.leader_verbs = frozenset(roles["leader_verbs"])
        events = load("events.json")
        self.event_nouns = frozenset(events["trigger_nouns"]) - frozenset(events.get("generic_types", ()))
        self.claim_verbs = frozenset(events["claim_verbs"])
        self.claim_nouns = frozenset(events["claim_nouns"])
        self.visit_verbs: dict[str, list[str] | None] = events["visit_verbs"]
        # Plural nouns for groups or fighters a people's word may describe ('Kashmiri terror groups').
        self.class_nouns = frozenset(events["generic_actor_nouns"]) | self.org_heads
        self.armed_people = frozenset(events["generic_actor_nouns"])  # 'Abu Sayyaf gunmen': a group's people
        self.demonym_endings = words("names.json", "demonym_endings")
        programmes: dict[str, str] = load("designations.json")["terror_programmes"]
        self.designations = frozenset({fold(v.split(",")[0]) for v in programmes.values()} | {fold(k) for k in programmes})

    def fix(self, doc: Doc, mentions: list[NameMention]) -> list[NameMention]:
        """The mentions with their labels corrected, less those that name no one ('Kankara Abduction')."""
        mentions = [m for m in mentions if not self._names_an_event(doc, m) and not self._describes_a_class(doc, m)
                    and not self._word_for_fighters(doc, m) and not self._designation(doc, m)]
        self._by_words(doc, mentions)
        self._places(doc, mentions)
        self._visited(doc, mentions)
        self._persons(doc, mentions)
        self._groups(doc, mentions)
        return mentions

    def _names_an_event(self, doc: Doc, m: NameMention) -> bool:
        """'Kankara Abduction' (a headline's words): a name ending in a word for an occurrence names the
        occurrence, not a person or a group."""
        parts = fold(doc[m.start:m.end].text).split()
        return m.org is None and m.label in ("PERSON", "ORG") and len(parts) > 1 and parts[-1] in self.event_nouns

    def _designation(self, doc: Doc, m: NameMention) -> bool:
        """'designated the Houthis as a Foreign Terrorist Organization': a designation's category (designations.json,
        the programmes and their short names) is no organisation."""
        name = fold(doc[m.start:m.end].text)
        return name in self.designations or name.removesuffix("s") in self.designations

    def _word_for_fighters(self, doc: Doc, m: NameMention) -> bool:
        """'BEIRUT — Gunmen attacked': a capitalised plural word for fighters, which the model may tag as a place or a
        group, names no one (the perpetrator finder makes it an unnamed group of its document)."""
        if m.org is not None or m.end - m.start != 1:
            return False
        word = doc[m.start].lower_
        return bool(singular_forms(word) & self.armed_people)

    def _describes_a_class(self, doc: Doc, m: NameMention) -> bool:
        """'Kashmiri terror groups', 'Pakistani militants': the word for a place's people before a plural
        noun for groups or fighters describes a class of groups, not a group the model may call by it.
        A listed group's name ('Taliban fighters') and a word no known place explains ('Seleka rebels')
        stay names."""
        if m.org is not None or m.label != "ORG" or m.end - m.start != 1:
            return False
        tok, head = doc[m.start], doc[m.start].head
        if tok.dep_ not in ("amod", "compound") or head.tag_ not in ("NNS", "NNPS") or head.i <= tok.i or \
                head.lemma_.lower() not in self.class_nouns:
            return False
        word = tok.text
        stems = {word[: -len(e)] for e in self.demonym_endings if word.endswith(e) and len(word) > len(e) + 2}
        return any(place_rank(s) in KNOWN_PLACE or known_region(s) for s in stems)

    def _by_words(self, doc: Doc, mentions: list[NameMention]) -> None:
        """Labels the words of the name contradict: 'Sahafi Hotel', 'Tehreek-e-Jihad Waziristan'."""
        org_ends = {m.end for m in mentions if m.org is not None or m.label == "ORG"}
        for m in mentions:
            if m.org is not None:
                continue
            if m.label == "PERSON" and m.end - m.start == 1 and m.start >= 2 and doc[m.start - 1].text == "(" \
                    and m.end < len(doc) and doc[m.end].text == ")" and m.start - 1 in org_ends:
                m.label = "ORG"  # 'the Colombian Federation of Cattlemen (Fedegan)': a group's short name
                continue
            parts = fold(doc[m.start:m.end].text).split()
            after = doc[m.end] if m.end < len(doc) else None
            if len(parts) > 1 and (parts[-1] in self.facility_words or parts[0] in self.facility_heads) \
                    and m.label in ("ORG", "PERSON"):
                m.label = "FAC"
            elif len(parts) > 1 and m.label in ("ORG", "PERSON") and not any(
                    p in self.org_words or p in self.group_name_words for p in parts) and (
                    parts[-1] in self.place_suffixes or parts[-1] in self.suffixes or
                    fold(doc[m.start:m.end].text.split()[-1].replace("-", "")) in self.suffixes):
                m.label = "LOC"  # 'Kathupa Forest', 'Federal Capital Territory' (also as 'Terri-tory', a line-end break)
            elif m.label in ("ORG", "GPE") and after is not None and after.is_lower and after.lower_ in self.leader_heads \
                    and place_rank(" ".join(parts)) not in KNOWN_PLACE and not known_region(" ".join(parts)):
                m.label = "PERSON"  # 'the al-Jolani regime', 'the Trump administration': a leader's name
            elif m.label in ("PERSON", "GPE", "LOC") and len(parts) > 1 and any(p in self.org_words for p in parts):
                m.label = "ORG"
            elif m.label == "PERSON" and after is not None and after.is_lower and (
                    after.lower_ in self.org_heads or (after.tag_ == "NNS" and after.lemma_.lower() in self.armed_people)):
                m.label = "ORG"  # 'the Islamic State A'maq agency', 'the Wagner group', 'Abu Sayyaf gunmen'
            elif m.label in ("GPE", "LOC", "FAC") and len(parts) > 2 and parts[0] in self.kunya and \
                    any(p in self.particles for p in parts[2:]):
                m.label = "PERSON"  # 'Abu Aisha al-Shami': a kunya and a nisba make a person's name
            elif m.label == "PERSON" and len(parts) > 1 and parts[0] in self.directions and \
                    place_rank(" ".join(parts[1:])) in KNOWN_PLACE:
                m.label = "GPE"  # 'northeast Nigeria'
            elif m.label == "PERSON" and m.end - m.start == 1 and doc[m.start].is_upper and \
                    sum(c.isalpha() for c in doc[m.start].text) >= 3:
                m.label = "ORG"  # 'ASWJ': an acronym is a group's, hardly ever a person's
            elif m.label == "PERSON" and m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")" \
                    and doc[m.end + 1].is_upper and sum(c.isalpha() for c in doc[m.end + 1].text) >= 3:
                m.label = "ORG"  # '... al Jamma'ah (ASWJ)': a name given an acronym is a group's
            elif m.label == "PERSON" and self._beside_group_noun(doc[m.start:m.end].root):
                m.label = "ORG"  # 'the Islamic State's affiliated news agency, Amaq,'

    # -- places -----------------------------------------------------------
    def _places(self, doc: Doc, mentions: list[NameMention]) -> None:
        places: set[str] = set()
        self._found_places = places
        # What the model calls a place somewhere in the document is the same place where it calls the
        # one word a person ('in Hama', 'rural Hama' tagged PERSON)
        model_places = {fold(doc[m.start:m.end].text) for m in mentions if m.org is None and m.label in ("GPE", "LOC")}
        for m in mentions:
            text = fold(doc[m.start:m.end].text)
            if m.org is not None:
                continue
            if m.label in ("GPE", "LOC"):
                if place_rank(text) in KNOWN_PLACE or known_region(text) or self._settlement(doc, m):
                    places.add(text)  # 'in Sanaa' here makes 'to Sanaa' (tagged PERSON) the same place
                continue
            if m.label not in ("PERSON", "ORG"):
                continue
            if self._settlement(doc, m) or place_rank(text) == 0 or known_region(text) or (
                    place_rank(text) == 3 and not self._personal(doc, m) and not doc[m.start:m.end].text.isupper()) or (
                    m.label == "PERSON" and self._after_place_prep(doc, m) and place_rank(text) in KNOWN_PLACE) or (
                    m.label == "PERSON" and m.start > 0 and doc[m.start - 1].lower_ in self.weak_preps
                    and place_rank(text) == 3) or (  # 'strikes on Sanaa', 'travelled to Sanaa': a listed city
                    m.end - m.start == 1 and text in model_places and not self._personal(doc, m)):
                places.add(text)  # a country is never a person or a group here: 'Niger's defence ministry'
        if not places:
            return
        # A word that is also part of a person's name here ('Hassan' of 'Hassan Nasrallah') stays a person.
        # 'Hasakah' after 'al-Hasakah province': a place's name without its article is the place
        places |= {" ".join(w for w in p.split() if w not in self.particles) for p in places}
        person_words = {w for m in mentions if m.label == "PERSON" and fold(doc[m.start:m.end].text) not in places
                        and len(fold(doc[m.start:m.end].text).split()) > 1
                        for w in fold(doc[m.start:m.end].text).split()}
        person_words |= {fold(doc[m.start].text) for m in mentions
                         if m.start > 0 and doc[m.start - 1].lower_ in self.titles}
        person_words -= self.particles  # 'al' of 'Zain al-Abidin' says nothing of 'al-Duwaila'
        for m in mentions:
            text = fold(doc[m.start:m.end].text)
            if m.org is None and m.label in ("PERSON", "ORG") and text in places \
                    and not set(text.split()) & person_words:
                m.label = "GPE"

    def _visited(self, doc: Doc, mentions: list[NameMention]) -> None:
        """"Muslims who visit Syria's Sayyidah Zeinab", 'travelled to Nigeria's Kuje': where one goes, owned by
        a country, is a place of that country, whatever the model says; a titled name stays a person."""
        for m in mentions:
            if m.org is not None or m.label != "PERSON" or m.title_start < m.start:
                continue
            root = doc[m.start:m.end].root
            verb, prep = (root.head, None) if root.dep_ == "dobj" else \
                (root.head.head, root.head.lower_) if root.dep_ == "pobj" else (None, None)
            if verb is None or verb.lemma_.lower() not in self.visit_verbs:
                continue
            preps = self.visit_verbs[verb.lemma_.lower()]
            if (prep is None) != (preps is None) or (prep is not None and prep not in (preps or ())):
                continue
            if any(c.dep_ == "poss" and c.i < m.start and place_rank(c.text) == 0 for c in root.children):
                m.label = "GPE"

    def _personal(self, doc: Doc, m: NameMention) -> bool:
        """A title or a role word right before the name, or a role set beside it: a person's name that
        happens to be a city's too."""
        before = doc[m.start - 1] if m.start > 0 else None
        if before is not None and (before.lower_.rstrip(".") in self.titles or before.lower_ in self.person_roles):
            return True
        return self._described_by_role(doc[m.start:m.end].root)

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
        if after is not None and after.is_lower and after.lower_ in ("and", "&") and m.end + 2 < len(doc):
            # 'Panjgur and Nushki districts': the first of two places named by one plural noun
            nxt = doc[m.end + 1]
            while nxt.i + 1 < len(doc) and nxt.is_title and not doc[nxt.i + 1].is_lower:
                nxt = doc[nxt.i + 1]
            after = doc[nxt.i + 1] if nxt.is_title and nxt.i + 1 < len(doc) else None
            plural_ok = True
        else:
            plural_ok = m.start > 1 and doc[m.start - 1].lower_ in ("and", "&") and doc[m.start - 2].is_title
        return after is not None and after.is_lower and after.pos_ == "NOUN" and (
            after.lemma_.lower() in self.suffixes or after.lemma_.lower() in self.place_suffixes) \
            and (plural_ok or not after.lower_.endswith("s"))

    # -- persons ----------------------------------------------------------
    def _persons(self, doc: Doc, mentions: list[NameMention]) -> None:
        person_tokens = {i for m in mentions if m.label == "PERSON" for i in range(m.start, m.end)}
        group_tokens = {i for m in mentions if m.org is not None or m.label == "ORG" for i in range(m.start, m.end)}
        for m in mentions:
            if m.org is not None or m.label == "PERSON" or fold(doc[m.start:m.end].text) in self._found_places:
                continue  # a place the words or the syntax settled stays one, whatever a misparse says
            span = doc[m.start:m.end]
            head = span.root
            before = doc[m.start - 1] if m.start > 0 else None
            if (head.dep_ in ("conj", "appos") and head.head.i in person_tokens) or \
                    (self._could_be_person(span.text, m.label) and
                     any(c.dep_ == "conj" and c.i in person_tokens for c in head.children)) or \
                    (before is not None and before.lemma_.lower() in self.person_roles and before.pos_ == "NOUN") or \
                    (self._could_be_person(span.text, m.label) and self._role_before_comma(doc, m)):
                m.label = "PERSON"
            elif self._could_be_person(span.text, m.label) and self._described_by_role(head):
                m.label = "PERSON"
            elif self._could_be_person(span.text, m.label) and self._leads_a_group(head, group_tokens):
                m.label = "PERSON"
        # Then names whose words are a person's: a patronymic inside ('Boubacar Ag Wanagui', 'Ahmed
        # Ould Abdallah'), or a surname the document uses for a person ('Wanagui, a former commander').
        surnames = {fold(doc[m.end - 1].text) for m in mentions if m.label == "PERSON"}
        full_surnames = {fold(doc[m.end - 1].text) for m in mentions if m.label == "PERSON" and m.end - m.start > 1}
        for m in mentions:
            span = doc[m.start:m.end]
            if m.org is not None or m.label == "PERSON" or not self._could_be_person(span.text, m.label):
                continue
            if len(span) == 1:
                # 'Petro' (tagged a place) where the document names 'Gustavo Petro': a person's surname
                # used alone, unless it is a place the gazetteer knows or a group's acronym
                if fold(span.text) in full_surnames and span[0].is_title and place_rank(span.text) == 2 \
                        and not known_region(span.text):
                    m.label = "PERSON"
                continue
            inner = [fold(t.text) for t in span[1:-1]]
            if any(w in self.patronymics for w in inner) or fold(span[-1].text) in surnames:
                m.label = "PERSON"

    def _leads_a_group(self, head: Token, group_tokens: set[int]) -> bool:
        """'the Macina Front, led by Amadou Diallo', 'the group was founded by X': who a group is led, headed or
        founded by is a person; the model often calls a name it does not know, next to a group's, a group."""
        prep = head.head
        verb = prep.head
        if head.dep_ != "pobj" or prep.dep_ != "agent" or verb.lemma_.lower() not in self.leader_verbs:
            return False
        said_of = [verb.head] if verb.dep_ == "acl" else [c for c in verb.children if c.dep_ == "nsubjpass"]
        return any(t.i in group_tokens for t in said_of)

    def _beside_group_noun(self, head: Token) -> bool:
        """A name in apposition to a word for a group: 'the news agency, Amaq', 'Amaq, a news agency'."""
        beside = [c for c in head.children if c.dep_ == "appos"] + ([head.head] if head.dep_ == "appos" else [])
        return any(t.pos_ == "NOUN" and t.lemma_.lower() in self.org_heads for t in beside)

    def _role_before_comma(self, doc: Doc, m: NameMention) -> bool:
        """'the MEA spokesperson of India, Randhir Jaiswal': a name after a comma that closes a phrase
        headed by a person's role word."""
        if m.start < 2 or doc[m.start - 1].text != ",":
            return False
        tok = doc[m.start - 2]
        for _ in range(4):  # up through 'of India' to 'spokesperson' ('President', a title, is a proper noun)
            if tok.pos_ in ("NOUN", "PROPN") and (tok.lemma_.lower() in self.person_roles or tok.lower_ in self.person_roles):
                return True
            if tok.dep_ not in ("pobj", "prep", "compound", "poss") or tok.head.i == tok.i or tok.head.i > tok.i:
                return False
            tok = tok.head
        return False

    # -- groups -----------------------------------------------------------
    def _groups(self, doc: Doc, mentions: list[NameMention]) -> None:
        """'Boko Haram claimed responsibility': who claims an attack is a group, unless the sentence
        shows a person (a title or a role word before the name, a role set beside it)."""
        for m in mentions:
            if m.org is not None or m.label != "PERSON":
                continue
            root = doc[m.start:m.end].root
            verb = root.head
            if root.dep_ == "nsubj" and verb.lemma_.lower() in self.claim_verbs and \
                    any(c.dep_ == "dobj" and c.lemma_.lower() in self.claim_nouns for c in verb.children) and \
                    not self._personal(doc, m) and not (m.title_start < m.start):
                m.label = "ORG"

    def _could_be_person(self, text: str, label: str) -> bool:
        """Not a known place, not an acronym, no word that names a group or a building."""
        parts = fold(text).split()
        if not parts or any(p in self.org_words or p in self.facility_words or p in self.force_heads for p in parts):
            return False  # ('the Nigerian military' set beside 'terrorists' is no person)
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
