"""Who took part in, organised, carried out or claimed each event; who met whom and went where
(component ``linkwatch_participants_v1``).

A cue word ('attended', 'present', 'in attendance', 'presence', 'hosted',
'organised by', 'carried out', 'claimed responsibility', 'visited') ties the
names in its syntactic slots to an event: the event noun in its own phrase
('addressed a rally'), else the only event mentioned in the sentence, else the
event the text is currently about (the latest one mentioned within a few
sentences). People named only by role and group ('commanders from LeT',
'Palestinian Hamas militants', 'a Hamas official') make the group the actor.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from linkwatch.data import load, words
from linkwatch.extract.state import Claim, State, state_of
from linkwatch.extract.syntax import conjuncts, sentence_of, sentence_starts

EXTRACTOR = "linkwatch.participants.v1"


class ParticipantFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cfg = load("events.json")
        self.relatives = words("syntax.json", "relative_pronouns")
        # Cues that may point at the event the text is about without naming it ('was present').
        self.implicit = frozenset(cfg["implicit_participation_cues"])
        self.part_verbs = frozenset(cfg["participation_verbs"])
        self.part_adjs = frozenset(cfg["participation_adjectives"])
        self.part_nouns = frozenset(w.split()[-1] for w in cfg["participation_nouns"])
        self.companions = frozenset(cfg["companion_prepositions"])
        self.org_verbs = frozenset(cfg["organiser_verbs"])
        self.perp_verbs = frozenset(w.split()[0] for w in cfg["perpetration_verbs"])
        self.perp_adjs = frozenset(cfg["perpetration_adjectives"])
        self.claim_verbs = frozenset(cfg["claim_verbs"])
        self.claim_nouns = frozenset(cfg["claim_nouns"])
        self.visit_verbs: dict[str, list[str] | None] = cfg["visit_verbs"]
        self.victim_verbs = frozenset(cfg["victim_verbs"])
        self.group_leaders = frozenset(cfg["group_leader_verbs"])
        self.trigger_verbs: dict[str, str] = cfg["trigger_verbs"]
        self.phrases: dict[str, set[str]] = {}
        for verb, *rest in cfg["participation_phrases"]:
            self.phrases.setdefault(verb, set()).add(rest[-1])
        self.window: int = cfg["salience_window"]
        self.matcher = Matcher(nlp.vocab)
        lemmas = sorted(self.part_verbs | self.part_adjs | self.part_nouns | self.org_verbs | self.perp_verbs
                        | self.perp_adjs | self.claim_verbs | set(self.visit_verbs) | set(self.trigger_verbs) | set(self.phrases) | {"deny"})
        self.matcher.add("CUE", [[{"LEMMA": {"IN": lemmas}}]])

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        self.trigger_of = {t: ev.ref for ev in state.events.values() for t in ev.triggers}
        self.starts = sentence_starts(doc)
        for t, ref in self.trigger_of.items():
            if doc[t].pos_ == "NOUN" and state.events[ref].type == "meeting":
                self._meeting_noun(state, doc[t])
        for _, s, _ in self.matcher(doc):
            tok = doc[s]
            if tok.i in state.token_ref:
                continue
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("VERB", "AUX"):
                self._verb(doc, state, tok, lemma)
            elif tok.pos_ == "ADJ" and lemma in self.part_adjs:
                self._present(state, tok)
            elif tok.pos_ == "NOUN" and lemma in self.part_nouns:
                self._noun(state, tok, lemma)
            elif lemma in self.perp_adjs:
                self._responsible(state, tok)
        return doc

    # -- resolving actors and events ------------------------------------
    def _actor(self, state: State, tok: Token) -> list[str]:
        """Entity refs a noun phrase stands for, following coordination."""
        out: list[str] = []
        for t in [tok, *conjuncts(tok)]:
            ref = state.token_ref.get(t.i) or state.pronoun_ref.get(t.i)
            if ref is None and t.lower_ in self.relatives and t.head.dep_ == "relcl":
                out += self._actor(state, t.head.head)
                continue
            if ref is None and t.pos_ != "NOUN":
                # 'one of its commanders, Khaled Mansour, was killed': the name in apposition
                ref = next((r for c in t.children if c.dep_ == "appos" and (r := state.token_ref.get(c.i))), None)
            if ref is None and t.pos_ == "NOUN":
                # 'commanders from LeT', 'Hamas militants', 'a Hamas representative, who ...'
                if t.dep_ == "appos" and state.token_ref.get(t.head.i):
                    ref = state.token_ref[t.head.i]
                else:
                    for c in t.children:
                        if c.dep_ in ("compound", "poss", "appos", "nmod"):
                            out += [r for r in self._actor(state, c) if r not in out]
                        elif c.dep_ == "acl" and c.lemma_.lower() in self.group_leaders:
                            # 'a delegation led by X': X speaks for the delegation
                            out += [r for a in c.children if a.dep_ == "agent"
                                    for r in self._objects(state, a, ("pobj",)) if r not in out]
                        elif c.dep_ == "prep" and c.lower_ in ("from", "of"):
                            for p in c.children:
                                if p.dep_ == "pobj":
                                    out += [r for r in self._actor(state, p) if r not in out]
            if ref and ref not in out:
                out.append(ref)
        return out

    def _subjects(self, state: State, verb: Token) -> list[str]:
        out: list[str] = []
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.dep_ != "expl":
                out += self._actor(state, c)
        if not out and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            return self._subjects(state, verb.head)  # 'who has worked in Tehran and visited ...'
        if not out and verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
            out = self._actor(state, verb.head)
        return out

    def _objects(self, state: State, verb: Token, deps: tuple[str, ...] = ("dobj",)) -> list[str]:
        return [r for c in verb.children if c.dep_ in deps for r in self._actor(state, c)]

    def _explicit_event(self, tok: Token) -> str | None:
        """An event named in the cue's own phrase: its object, its prepositional object, its subject."""
        for c in tok.children:
            if c.i in self.trigger_of and c.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "pobj"):
                return self.trigger_of[c.i]
            if c.dep_ in ("prep", "agent", "prt"):
                for p in c.children:
                    if p.i in self.trigger_of:
                        return self.trigger_of[p.i]
        if tok.dep_ in ("acl", "relcl") and tok.head.i in self.trigger_of:
            return self.trigger_of[tok.head.i]
        if any(c.lower_ in self.relatives and c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in tok.children):
            # 'the attack, which police say was carried out by X': up to the relative clause's noun
            rel = next((a for a in [tok, *tok.ancestors] if a.dep_ == "relcl"), None)
            if rel is not None and rel.head.i in self.trigger_of:
                return self.trigger_of[rel.head.i]
        return self.trigger_of.get(tok.i)

    def _event(self, state: State, tok: Token, implicit: bool) -> str | None:
        explicit = self._explicit_event(tok)
        if explicit or not implicit:
            return explicit
        here = sentence_of(self.starts, tok.i)
        same = [t for t in self.trigger_of if sentence_of(self.starts, t) == here]
        if same:
            return self.trigger_of[min(same, key=lambda t: abs(t - tok.i))]
        before = [t for t in self.trigger_of if t < tok.i and here - sentence_of(self.starts, t) <= self.window]
        return self.trigger_of[max(before)] if before else None

    def _claim(self, state: State, rel: str, refs: list[str], target: str | None, anchor: Token,
               role: str | None = None, victim: bool = False) -> None:
        if not target:
            return
        if rel == "participated_in" and not victim and target in state.events and state.events[target].type == "attack":
            rel = "carried_out"  # present at, taking part in, leading an attack: carrying it out
        for ref in dict.fromkeys(refs):
            # People and groups act; a place named as a clause's subject ('MAIDUGURI, Nigeria - ...')
            # does not take part in, organise or carry out anything.
            if ref in state.entities and state.entities[ref].type == "location" and rel != "visited":
                continue
            if ref != target and (rel == "visited" or ref in state.entities):
                state.claims.append(Claim(rel, ref, target, anchor.i, EXTRACTOR, role=role,
                                          sent_start=anchor.sent.start))

    # -- cues ---------------------------------------------------------------
    def _verb(self, doc: Doc, state: State, tok: Token, lemma: str) -> None:
        if lemma in self.visit_verbs:
            self._visit(state, tok, lemma)
        if lemma == "meet" and tok.i in self.trigger_of:
            self._meet(state, tok)
            return
        if lemma == "deny":
            self._denied_role(state, tok)
            return
        if lemma in self.claim_verbs:
            if self._claimed(state, tok):
                return
        if lemma in self.trigger_verbs and self.trigger_verbs[lemma] == "attack" and tok.i in self.trigger_of:
            self._perpetrated(state, tok, self.trigger_of[tok.i], lemma)
            return
        event = self._event(state, tok, lemma in self.implicit)
        if event is None:
            return
        etype = state.events[event].type
        if lemma in self.perp_verbs and etype == "attack" and (lemma != "carry" or _particle(tok, "out")):
            self._perpetrated(state, tok, event, lemma)
        elif lemma in self.org_verbs and etype != "attack":
            if lemma == "hold" and etype == "meeting":
                self._claim(state, "participated_in", self._subjects(state, tok) + self._agents(state, tok),
                            event, tok, lemma)
                return
            self._claim(state, "organized", self._agents(state, tok) or (
                [] if _passive(tok) else self._subjects(state, tok)), event, tok, lemma)
            if not any(c.i in self.trigger_of for c in tok.children):
                self._claim(state, "participated_in", self._objects(state, tok), event, tok, lemma)
        elif lemma in self.part_verbs or lemma in self.phrases:
            if lemma not in self.part_verbs and not self._phrase(tok, self.phrases[lemma]):
                return
            who = self._agents(state, tok) if _passive(tok) else self._subjects(state, tok)
            # 'the assault was led by X': taking part in an attack is carrying it out
            self._claim(state, "carried_out" if etype == "attack" else "participated_in", who, event, tok, lemma)
            for head in [tok, *(c for c in tok.children if c.dep_ == "dobj")]:
                for prep in head.children:
                    if prep.dep_ == "prep" and prep.lower_ in self.companions:
                        self._claim(state, "participated_in", self._objects(state, prep, ("pobj",)), event, tok, lemma)

    def _perpetrated(self, state: State, tok: Token, event: str, lemma: str) -> None:
        """'X attacked', 'the attack was carried out by X'. In the passive the subject is the target:
        'A was killed alongside B in a drone strike' makes A and B the attack's victims (its
        participants, which is what ties them to each other), never its perpetrators."""
        if not _passive(tok):
            self._claim(state, "carried_out", self._subjects(state, tok) + self._agents(state, tok), event, tok, lemma)
            return
        self._claim(state, "carried_out", self._agents(state, tok), event, tok, lemma)
        if lemma in self.victim_verbs:
            victims = self._subjects(state, tok) + [r for p in tok.children if p.dep_ == "prep" and
                                                    p.lower_ in self.companions for r in self._objects(state, p, ("pobj",))]
            people = [r for r in victims if state.entities[r].type == "person"]
            self._claim(state, "participated_in", people, event, tok, tok.lower_, victim=True)

    def _phrase(self, verb: Token, objects: set[str]) -> bool:
        """'shared a stage', 'took part': the verb counts only with its object."""
        near = [c for c in verb.children] + [g for c in verb.children if c.dep_ == "prep" for g in c.children]
        return any(t.lemma_.lower() in objects and t.dep_ in ("dobj", "prt", "pobj", "attr") for t in near)

    def _agents(self, state: State, verb: Token) -> list[str]:
        return [r for c in verb.children if c.dep_ == "agent" for r in self._objects(state, c, ("pobj",))]

    def _present(self, state: State, tok: Token) -> None:
        cop = tok.head
        event = self._event(state, tok, True) or self._event(state, cop, True)
        self._claim(state, "participated_in", self._subjects(state, cop), event, tok, "present")

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
        self._claim(state, "participated_in", actors, event, tok, lemma)

    def _responsible(self, state: State, tok: Token) -> None:
        """'X was behind the attack', 'X is responsible for the attack'."""
        event = self._explicit_event(tok)
        if event and state.events[event].type == "attack":  # subject of the copula 'was behind'
            self._claim(state, "carried_out", self._subjects(state, tok.head), event, tok, tok.lower_)

    def _claimed(self, state: State, tok: Token) -> bool:
        """'X claimed responsibility for the attack', 'X claimed the bombing'."""
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        event = None
        if any(o.lemma_.lower() in self.claim_nouns for o in objs):
            event = next((self._explicit_event(o) for o in objs if self._explicit_event(o)), None) \
                or self._event(state, tok, True)
        elif any(o.i in self.trigger_of for o in objs):
            event = next(self.trigger_of[o.i] for o in objs if o.i in self.trigger_of)
        if event is None or state.events[event].type != "attack":
            return False
        self._claim(state, "claimed_responsibility", self._subjects(state, tok), event, tok, "claimed responsibility")
        return True

    def _denied_role(self, state: State, tok: Token) -> None:
        """'X denied any role in the attack': a carried_out claim the certainty judge marks denied."""
        for obj in (c for c in tok.children if c.dep_ == "dobj"):
            event = self._explicit_event(obj)
            if event and state.events[event].type == "attack":
                self._claim(state, "carried_out", self._subjects(state, tok), event, obj, obj.lower_)

    def _meet(self, state: State, tok: Token) -> None:
        event = self.trigger_of[tok.i]
        subjects = self._subjects(state, tok)
        others = self._objects(state, tok)
        for prep in tok.children:
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


def _particle(tok: Token, word: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == word for c in tok.children)


def _passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
