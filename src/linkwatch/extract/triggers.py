"""Which words mention an occurrence, and of which type (used by ``linkwatch_events_v1``).

A mention is a noun ('the bombing', 'talks', 'a suicide attack') or a verb, read by
its lemma and its dependents rather than by phrase lists:

* a trigger verb by its lemma ('stormed', 'abducted', 'detonated', 'met');
* a light-verb frame, the verb with one of its object or particle words ('opened
  fire', 'blew up', 'gunned down', 'fired rockets', 'took hostages');
* a verb of taking ground whose object is a place ('seized the town', 'captured
  Mocimboa da Praia', 'the port was overrun'), and the matching nouns with 'of'
  ('the capture of the town', "Palma's seizure").

A verb is no mention of its own when its phrase names the occurrence with a noun
('killed in a raid', 'launched an attack', 'the explosion targeted a convoy'): the
noun is the mention and the verb tells who did what in it. A verb is no occurrence
when it is a habit ('has repeatedly attacked', 'attacked foreigners in recent
years'), a threat or plan ('vowed to attack', 'will strike'), or, for gatherings,
when its subject is the writer or reader ('we will meet X during this journey').
The types are those of linkwatch/schema/events.yaml; data/en/events.json names the
type each word gives.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from linkwatch.data import load
from linkwatch.extract.state import State
from linkwatch.model.schema import schema

# Dependencies through which a verb without a subject of its own takes its head's subject
# ('claimed to have [shot] down', 'blew up a track and [opened] fire', 'responsible for [kidnapping]').
_INHERITS = frozenset({"xcomp", "conj", "pcomp", "advcl", "relcl", "acl"})
_OBJECT_DEPS = frozenset({"dobj", "prt", "pobj", "attr", "oprd", "acomp", "advmod", "npadvmod", "ccomp", "dep"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "agent", "csubj", "expl"})
# Dependents that make a statement of their own: a noun inside one names some other occurrence.
_OTHER_STATEMENTS = frozenset({"ccomp", "relcl", "advcl", "parataxis", "csubj", "xcomp"})


@dataclass(frozen=True)
class Mention:
    tok: Token
    type: str
    verbal: bool  # a verb (or a verb frame), not a noun
    weak: bool = False  # tells a part of an attack already told ('the train was seized'), never a new one


class Triggers:
    def __init__(self, nlp: Language) -> None:
        cfg = load("events.json")
        self.nouns: dict[str, str] = cfg["trigger_nouns"]
        self.place_nouns_types: dict[str, str] = cfg["place_trigger_nouns"]
        self.verbs: dict[str, str] = cfg["trigger_verbs"]
        self.frames: dict[str, list[tuple[frozenset[str], str]]] = {}
        for verb, words, etype in cfg["trigger_verb_frames"]:
            self.frames.setdefault(verb, []).append((frozenset(words), etype))
        self.place_verbs: dict[str, str] = cfg["place_trigger_verbs"]
        self.generic_dets = frozenset(cfg["generic_determiners"])
        self.habitual = frozenset(cfg["habitual_adverbs"])
        self.periods = re.compile(r"\b(" + "|".join(map(re.escape, cfg["habitual_periods"])) + r")\b", re.I)
        self.intent_verbs = frozenset(cfg["future_verbs"])
        self.future_aux = frozenset(cfg["future_auxiliaries"])
        self.self_pronouns = frozenset(cfg["writer_pronouns"])
        self.carriers = frozenset(cfg["claim_verbs"]) | frozenset(load("certainty.json")["verbs"])
        places = load("place_patterns.json")
        self.settlements = frozenset(places["settlement_nouns"]) | frozenset(cfg["taken_place_nouns"])
        self.matcher = Matcher(nlp.vocab)
        single = sorted(w for w in [*self.nouns, *self.place_nouns_types] if " " not in w)
        self.matcher.add("NOUN", [[{"LEMMA": {"IN": single}, "POS": "NOUN"}],
                                  [{"LOWER": {"IN": single}, "POS": "NOUN"}]])
        for phrase in (w for w in self.nouns if " " in w):
            *mods, head = phrase.split()
            self.matcher.add("NOUN", [[*({"LOWER": m} for m in mods), {"LEMMA": head}]])
        verbs = sorted(set(self.verbs) | set(self.frames) | set(self.place_verbs))
        self.matcher.add("VERB", [[{"LEMMA": {"IN": verbs}, "POS": "VERB"}]])

    @property
    def verb_lemmas(self) -> frozenset[str]:
        """Every verb that can name an occurrence, for components that read what the verb says."""
        return frozenset(self.verbs) | frozenset(self.frames) | frozenset(self.place_verbs)

    def __call__(self, doc: Doc, state: State) -> Iterator[Mention]:
        """Each mention once, in text order; a multi-word noun ('suicide bombing') by its head."""
        seen: set[int] = set()
        matches = sorted(self.matcher(doc), key=lambda m: (m[1], -m[2]))
        # each noun mention's family, as its word gives it: a verb is told by a noun of its own family only
        noun_heads = {e - 1: self._noun_family(doc[e - 1]) for match_id, _, e in matches
                      if doc.vocab.strings[match_id] == "NOUN"}
        for match_id, s, e in matches:
            tok = doc[e - 1]
            if tok.i in seen or tok.i in state.token_ref:
                continue
            seen.add(tok.i)
            if doc.vocab.strings[match_id] == "VERB":
                etype = self._verb_type(state, tok)
                weak = etype is None and tok.lemma_.lower() in self.place_verbs
                etype = etype or (self.place_verbs[tok.lemma_.lower()] if weak else None)
                if etype and self._occurrence(tok, etype, noun_heads):
                    yield Mention(tok, etype, True, weak)
                continue
            phrase = doc[s:e].text.lower() if e - s > 1 else None
            etype = self._noun_type(state, tok, phrase)
            if etype and self._specific(tok) and not self._planned(tok):
                yield Mention(tok, etype, False)

    # -- nouns ----------------------------------------------------------------
    def _noun_family(self, tok: Token) -> str | None:
        """The family of a noun's type by its word alone; None for the generic type, which may tell anything."""
        etype = next((t for w in (tok.lemma_.lower(), tok.lower_)
                      if (t := self.nouns.get(w) or self.place_nouns_types.get(w))), None)
        if etype is None or etype == schema().generic_event:
            return None
        return schema().event_family(etype)

    def _noun_type(self, state: State, tok: Token, phrase: str | None) -> str | None:
        found = self.nouns.get(phrase or "") or self.nouns.get(tok.lemma_.lower()) or self.nouns.get(tok.lower_)
        if found:
            return found
        etype = self.place_nouns_types.get(tok.lemma_.lower()) or self.place_nouns_types.get(tok.lower_)
        if etype is None:
            return None
        # 'the capture of the town', "Palma's seizure": taking ground, not seizing weapons or a person
        held = [c for c in tok.children if c.dep_ == "poss"] + \
            [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        return etype if any(self._place(state, t) for t in held) else None

    def _specific(self, tok: Token) -> bool:
        """'such public gatherings', 'meeting venue', 'no attack': not a mention of one occurrence."""
        if tok.dep_ == "compound" or tok.dep_ == "amod":
            return False
        return not any(c.lower_ in self.generic_dets or c.dep_ == "neg" or c.lower_ == "no" for c in tok.children
                       if c.dep_ in ("det", "amod", "predet", "neg", "nummod"))

    # -- verbs ----------------------------------------------------------------
    def _verb_type(self, state: State, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        for words, etype in self.frames.get(lemma, ()):
            if any(c.lemma_.lower() in words or c.lower_ in words for c in _dependents(tok)):
                return etype
        if lemma in self.place_verbs:
            taken = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            return self.place_verbs[lemma] if any(self._place(state, t) for t in taken) else None
        return self.verbs.get(lemma)

    def _place(self, state: State, tok: Token) -> bool:
        """A place: a location name, or a settlement word ('the town', 'the port of X', 'his hometown of X',
        'control of the port')."""
        near = [c for c in tok.children if c.dep_ in ("compound", "appos")]
        near += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        for t in [tok, *near]:
            ref = state.token_ref.get(t.i)
            if (ref is not None and state.entities[ref].type == "location") or t.lemma_.lower() in self.settlements:
                return True
        return False

    def _occurrence(self, tok: Token, etype: str, noun_heads: dict[int, str | None]) -> bool:
        family = schema().event_family(etype)
        own_subject = any(c.dep_ in _SUBJECTS for c in tok.children)
        # A verb of violence may take its subject from the verb it depends on ('claimed to have shot down',
        # 'blew up a track and opened fire'); a verb of meeting names its own people ('travelled ..., meeting
        # groups' tells of no one meeting).
        if not own_subject and (tok.dep_ not in _INHERITS or family != "attack" or not self._carries(tok)):
            return False
        if any(c.dep_ == "neg" for c in tok.children):
            return False  # 'has not designated Hamas', 'did not meet': told as not having happened
        if self._habit(tok) or (not own_subject and tok.head.pos_ in ("VERB", "AUX") and self._habit(tok.head)):
            return False
        if self._names_noun(tok, {i: f for i, f in noun_heads.items() if f in (None, family)}):
            return False
        if family == "gathering" and not self._gathered(tok):
            return False
        return not (family == "attack" and self._intended(tok))

    def _carries(self, tok: Token) -> bool:
        """Whether a verb without a subject of its own tells of the attack its head tells of: under another
        attack verb ('blew up a track and opened fire'), a claim or a report ('claimed to have shot down'),
        or a noun ('responsible for kidnapping'); not a consequence of something else ('security forces
        dismantled a cell, killing one member')."""
        head = tok.head
        if tok.dep_ in ("pcomp", "relcl", "acl") or head.pos_ not in ("VERB", "AUX"):
            return True
        lemma = head.lemma_.lower()
        return lemma in self.verbs or lemma in self.frames or lemma in self.place_verbs or lemma in self.carriers

    def _habit(self, verb: Token) -> bool:
        """'has repeatedly attacked', 'attacked foreigners in recent years', 'travelled there several times'."""
        if any(c.dep_ == "advmod" and c.lower_ in self.habitual for c in verb.children):
            return True
        return any((c.ent_type_ == "DATE" or c.lemma_ == "time") and
                   self.periods.search(c.doc[c.left_edge.i:c.right_edge.i + 1].text) for c in _modifiers(verb))

    def _gathered(self, tok: Token) -> bool:
        """People gather: not the writer or reader ('we will meet X during this journey'), and not a passive
        without anyone doing it ('their demands were not met' is met as in satisfied)."""
        if any(c.dep_ == "nsubj" and c.lower_ in self.self_pronouns for c in tok.children):
            return False
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        return not passive or any(c.dep_ == "agent" for c in tok.children)

    @staticmethod
    def _names_noun(tok: Token, noun_heads: dict[int, str | None]) -> bool:
        """'killed in a raid', 'launched an attack', 'the explosion targeted the convoy', 'were killed and
        ten injured after an explosion': the verb's own phrase (not a clause of another statement in it)
        names the occurrence with a noun of its family ('designated after several attacks' is a measure
        the attacks led to, not a retelling of them)."""
        todo, depth = [tok], 0
        while todo and depth < 4:
            nxt = []
            for head in todo:
                for c in head.children:
                    if c.dep_ in _OTHER_STATEMENTS:
                        continue
                    if c.i in noun_heads and c.dep_ in ("nsubj", "dobj", "nsubjpass", "pobj"):
                        return True
                    if c.dep_ in ("prep", "agent", "conj", "acl"):
                        nxt.append(c)
            todo, depth = nxt, depth + 1
        return False

    def _planned(self, noun: Token) -> bool:
        """'the group would continue its attacks', 'vowed to carry out more attacks': the attacks a plan or a threat
        names (the object of a verb that _intended finds) are none that happened."""
        cur = noun
        for _ in range(4):
            if cur.dep_ not in ("dobj", "pobj", "prep") or cur.head.i == cur.i:
                return False
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                return self._intended(cur)
        return False

    def _intended(self, tok: Token) -> bool:
        """'vowed to attack', 'will strike', 'threatened to kill': a threat or a plan, not an attack."""
        cur = tok
        for _ in range(4):
            if any(c.dep_ == "aux" and c.lower_ in self.future_aux for c in cur.children):
                return True
            if cur.dep_ != "xcomp":
                return False
            cur = cur.head
            if cur.lemma_.lower() in self.intent_verbs:
                return True
        return False


def _dependents(tok: Token) -> Iterator[Token]:
    """The verb's objects and particles, and the objects of its prepositions ('fired rockets at')."""
    for c in tok.children:
        if c.dep_ in _OBJECT_DEPS:
            yield c
        if c.dep_ == "prep":
            yield from (p for p in c.children if p.dep_ == "pobj")


def _modifiers(tok: Token) -> Iterator[Token]:
    for c in tok.children:
        if c.dep_ in ("npadvmod", "advmod", "obl", "tmod"):
            yield c
        elif c.dep_ == "prep":
            yield from (p for p in c.children if p.dep_ == "pobj")
