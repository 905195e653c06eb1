"""Who took part in or organised each event; who met whom and went where (component
``linkwatch_participants_v1``). Who carried out or claimed an attack is
:mod:`linkwatch.extract.perpetrators`.

A cue word ('attended', 'present', 'in attendance', 'presence', 'hosted',
'organised by', 'visited') ties the names in its syntactic slots to an event: the
event noun in its own phrase ('addressed a rally'), else the only event mentioned
in the sentence, else the event the text is currently about (the latest one
mentioned within a few sentences) (:mod:`linkwatch.extract.slots`). People named
only by role and group ('commanders from LeT', 'Palestinian Hamas militants', 'a
Hamas official') make the group the actor. Taking part in or leading an attack is
carrying it out ('the assault was led by X').
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from linkwatch.extract.slots import EventSlots, attack, one_sided, passive
from linkwatch.extract.state import State, state_of
from linkwatch.model.schema import schema

EXTRACTOR = "linkwatch.participants.v1"
MEASURE = "measure"  # the family of what a state does to a group by decree (schema/events.yaml)


class ParticipantFinder(EventSlots):
    extractor = EXTRACTOR

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(name)
        cfg = self.cfg
        # Cues that may point at the event the text is about without naming it ('was present').
        self.implicit = frozenset(cfg["implicit_participation_cues"])
        self.part_verbs = frozenset(cfg["participation_verbs"])
        self.part_adjs = frozenset(cfg["participation_adjectives"])
        self.part_nouns = frozenset(w.split()[-1] for w in cfg["participation_nouns"])
        self.org_verbs = frozenset(cfg["organiser_verbs"])
        self.party_verbs: dict[str, list[str] | None] = cfg["party_verbs"]
        self.party_members = frozenset(cfg["party_member_nouns"])
        self.party_teams = frozenset(cfg["party_team_nouns"])
        self.team_mods = frozenset(cfg["party_team_modifiers"])
        self.visit_verbs: dict[str, list[str] | None] = cfg["visit_verbs"]
        self.phrases: dict[str, set[str]] = {}
        for verb, *rest in cfg["participation_phrases"]:
            self.phrases.setdefault(verb, set()).add(rest[-1])
        self.matcher = Matcher(nlp.vocab)
        # The verbs of meeting among the trigger verbs ('X met Y', 'the leaders convened'): who met whom.
        self.meeting_verbs = frozenset(v for v, t in [*cfg["trigger_verbs"].items(), *((f[0], f[2]) for f in cfg["trigger_verb_frames"])]
                                       if t != schema().generic_event and schema().event_compatible(t, "meeting"))
        lemmas = sorted(self.part_verbs | self.part_adjs | self.part_nouns | self.org_verbs | self.meeting_verbs
                        | set(self.visit_verbs) | set(self.phrases))
        self.matcher.add("CUE", [[{"LEMMA": {"IN": lemmas}}]])

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        self.begin(doc, state)
        for t, ref in self.trigger_of.items():
            etype = state.events[ref].type
            if doc[t].pos_ == "NOUN" and etype != schema().generic_event and schema().event_compatible(etype, "meeting"):
                self._meeting_noun(state, doc[t])
            elif schema().event_family(etype) == MEASURE:
                self._measure(state, doc[t], ref)
        for tok in doc:
            if tok.pos_ == "NOUN" and tok.i not in state.token_ref and (tok.lemma_.lower() in self.party_members or (
                    tok.lemma_.lower() in self.party_teams and any(
                        c.lemma_.lower() in self.team_mods or c.lower_ in self.team_mods for c in tok.children))):
                self._negotiator(state, tok)
        for tok, lemma in self.cue_words(self.matcher, doc, state):
            if tok.pos_ in ("VERB", "AUX"):
                self._verb(doc, state, tok, lemma)
            elif tok.pos_ == "ADJ" and lemma in self.part_adjs:
                self._present(state, tok)
            elif tok.pos_ == "NOUN" and lemma in self.part_nouns:
                self._noun(state, tok, lemma)
        return doc

    # -- cues ---------------------------------------------------------------
    def _verb(self, doc: Doc, state: State, tok: Token, lemma: str) -> None:
        if lemma in self.visit_verbs:
            self._visit(state, tok, lemma)
        if lemma in self.meeting_verbs and tok.i in self.trigger_of:
            self._meet(state, tok)
            return
        event = self._event(state, tok, lemma in self.implicit)
        if event is None:
            return
        etype = state.events[event].type
        if lemma in self.org_verbs and not attack(etype):
            if lemma == "hold" and etype == "meeting":
                self._claim(state, "participated_in", self._subjects(state, tok) + self._agents(state, tok),
                            event, tok, lemma)
                return
            self._claim(state, "organized", self._agents(state, tok) or (
                [] if passive(tok) else self._subjects(state, tok)), event, tok, lemma)
            if not any(c.i in self.trigger_of for c in tok.children):
                self._claim(state, "participated_in", self._objects(state, tok), event, tok, lemma)
        elif lemma in self.part_verbs or lemma in self.phrases:
            if lemma not in self.part_verbs and not self._phrase(tok, self.phrases[lemma]):
                return
            who = self._agents(state, tok) if passive(tok) else self._subjects(state, tok)
            # 'the assault was led by X': taking part in an attack is carrying it out
            self._claim(state, "carried_out" if one_sided(etype) else "participated_in", who, event, tok, lemma)
            for head in [tok, *(c for c in tok.children if c.dep_ == "dobj")]:
                for prep in head.children:
                    if prep.dep_ == "prep" and prep.lower_ in self.companions:
                        self._claim(state, "participated_in", self._objects(state, prep, ("pobj",)), event, tok, lemma)

    def _phrase(self, verb: Token, objects: set[str]) -> bool:
        """'shared a stage', 'took part': the verb counts only with its object."""
        near = [c for c in verb.children] + [g for c in verb.children if c.dep_ == "prep" for g in c.children]
        return any(t.lemma_.lower() in objects and t.dep_ in ("dobj", "prt", "pobj", "attr") for t in near)

    def _present(self, state: State, tok: Token) -> None:
        cop = tok.head
        event = self._event(state, tok, True) or self._event(state, cop, True)
        # present at an attack: there, not necessarily doing it (its target, a witness)
        self._claim(state, "participated_in", self._subjects(state, cop), event, tok, "present", victim=True)

    def _noun(self, state: State, tok: Token, lemma: str) -> None:
        event = self._event(state, tok, lemma in self.implicit)
        actors: list[str] = []
        if lemma in ("attendance", "participation") and tok.dep_ == "pobj":
            verb = tok.head.head  # 'in attendance were X', 'X was in attendance'
            actors = [r for c in verb.children if c.dep_ in ("nsubj", "attr", "nsubjpass") for r in self._actor(state, c)]
        elif lemma in ("guest", "speaker") and tok.dep_ == "pobj" and tok.head.lower_ == "as":
            actors = self._subjects(state, tok.head.head)
        elif lemma in ("guest", "speaker", "participant", "attendee") and tok.dep_ == "attr":
            actors = self._subjects(state, tok.head)
        else:
            for c in tok.children:
                if c.dep_ == "poss":
                    actors += self._actor(state, c)
                elif c.dep_ == "prep" and c.lower_ == "of":
                    actors += self._objects(state, c, ("pobj",))
        self._claim(state, "participated_in", actors, event, tok, lemma, victim=True)  # presence is not perpetration

    def _negotiator(self, state: State, tok: Token) -> None:
        """'chief negotiator Pablo Beltran said', 'X, the government's negotiator', 'the head of the ELN
        delegation will be X': who speaks for a side at talks takes part in the talks the text is about."""
        event = self._event(state, tok, True)
        if event is None or schema().event_family(state.events[event].type) != schema().event_family("talks"):
            return
        refs: list[str] = []
        noun = tok
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
            noun = tok.head.head  # 'the head of the delegation'
        if noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
            refs += self._actor(state, noun.head)
        if noun.dep_ == "appos":
            refs += self._actor(state, noun.head)
        refs += [r for c in noun.children if c.dep_ == "appos" for r in self._actor(state, c)]
        if noun.dep_ in ("attr", "nsubj") and noun.head.lemma_.lower() == "be":
            other = "nsubj" if noun.dep_ == "attr" else "attr"
            refs += [r for c in noun.head.children if c.dep_ == other for r in self._actor(state, c)]
        people = [r for r in refs if state.entities[r].type == "person"]
        self._claim(state, "participated_in", people, event, tok, tok.lemma_.lower())

    def _measure(self, state: State, tok: Token, event: str) -> None:
        """'The US designated X and Y as terrorist organisations', 'X was proscribed by Britain', 'Washington's
        designation of X': whoever takes the measure organises it; the groups or people it names take part."""
        if tok.pos_ in ("VERB", "AUX"):
            by = self._agents(state, tok) if passive(tok) else self._subjects(state, tok)
            on = self._subjects(state, tok) if passive(tok) else self._objects(state, tok)
        else:
            by = [r for c in tok.children if c.dep_ == "poss" for r in self._actor(state, c)]
            on = [r for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                  for r in self._objects(state, c, ("pobj",))]
        self._claim(state, "organized", by, event, tok, tok.lemma_.lower())
        self._claim(state, "participated_in", [r for r in on if r not in by], event, tok, tok.lemma_.lower())

    def _meet(self, state: State, tok: Token) -> None:
        event = self.trigger_of[tok.i]
        subjects = self._subjects(state, tok)
        others = self._objects(state, tok)
        for head in [tok, *(c for c in tok.children if c.dep_ == "dobj")]:  # 'shook hands with X'
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("with", "alongside"):
                    others += self._objects(state, prep, ("pobj",))
        self._stated_meeting(state, event, subjects, others, tok, "met")

    def _stated_meeting(self, state: State, event: str, subjects: list[str], others: list[str], anchor: Token,
                        role: str) -> None:
        """Everyone named takes part; people meet each other ('X met Y', 'X and Y met', 'talks between X and Y')."""
        self._claim(state, "participated_in", subjects + others, event, anchor, role)
        persons = {r for r in subjects + others if state.entities[r].type == "person"}
        pairs = [(a, b) for a in subjects for b in others] if others else \
            [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1:]]
        for a, b in pairs:
            if a in persons and b in persons and a != b:
                self._claim(state, "met_with", [a], b, anchor, role)

    def _meeting_noun(self, state: State, tok: Token) -> None:
        """'a meeting between X and Y', 'his meeting with Y', 'talks with Y'."""
        event = self.trigger_of[tok.i]
        subjects = [r for c in tok.children if c.dep_ == "poss" for r in self._actor(state, c)]
        others: list[str] = []
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("between", "with", "among"):
                others += self._objects(state, prep, ("pobj",))
        if subjects or others:
            self._stated_meeting(state, event, subjects or others, others if subjects else [], tok, tok.lower_)
            return
        verb = self._party_verb(tok)
        if verb is not None:
            parties = self._subjects(state, verb) if not passive(verb) else self._agents(state, verb)
            if parties:
                self._stated_meeting(state, event, parties, [], verb, verb.lemma_.lower())

    def _party_verb(self, tok: Token) -> Token | None:
        """The verb that makes its subjects the parties of the talks `tok` names: 'X and Y resumed talks',
        'X agreed on talks', 'X walked away from the talks', 'they concluded a second round of talks'."""
        head = tok
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
            head = tok.head.head  # 'a second round of talks'
        if head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":
            verb = head.head
            return verb if self.party_verbs.get(verb.lemma_.lower(), False) is None else None
        if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "VERB":
            verb, prep = head.head.head, head.head.lower_
            return verb if prep in (self.party_verbs.get(verb.lemma_.lower()) or ()) else None
        return None

    def _visit(self, state: State, tok: Token, lemma: str) -> None:
        preps = self.visit_verbs[lemma]
        places: list[str] = []
        heads = [c for c in tok.children if c.dep_ == "dobj"] if preps is None else [
            p for c in tok.children if c.dep_ == "prep" and c.lower_ in preps for p in c.children if p.dep_ == "pobj"]
        for h in heads:
            for t in [h, *(c for c in h.children if c.dep_ in ("compound", "nmod", "poss"))]:
                ref = state.token_ref.get(t.i)
                if ref and state.entities[ref].type == "location" and ref not in places:
                    places.append(ref)
                    break
        people = [r for r in self._subjects(state, tok) if state.entities[r].type == "person"]
        for place in places:
            self._claim(state, "visited", people, place, tok, lemma)

