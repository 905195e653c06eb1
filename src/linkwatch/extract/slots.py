"""Reading who a phrase names and which event a cue is about: the slots the participant and
perpetrator components share (:mod:`linkwatch.extract.actors`, :mod:`linkwatch.extract.perpetrators`).

A noun phrase stands for the entities it names, following coordination ('X and Y'), a relative
pronoun ('X, who ...'), apposition ('one of its commanders, Khaled Mansour') and people named only
by role and group ('commanders from LeT', 'Palestinian Hamas militants', 'a delegation led by X').
A cue is about the event named in its own phrase, else (for cues that may point at the event the
text is about) the only event mentioned in its sentence, else the latest one a few sentences back.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from linkwatch.data import load, words
from linkwatch.extract.state import Claim, State
from linkwatch.extract.syntax import conjuncts, in_description, sentence_of, sentence_starts
from linkwatch.model.schema import schema


class EventSlots:
    """Per document: `begin` before reading; the methods read one clause each."""

    extractor = ""

    def __init__(self, name: str) -> None:
        """`name`: the component's name in the pipeline. The event vocabulary (data/en/events.json) is `cfg`, for
        the subclass's own word classes."""
        self.name = name
        self.cfg: dict[str, Any] = load("events.json")
        cfg = self.cfg
        self.relatives = words("syntax.json", "relative_pronouns")
        self.companions = frozenset(cfg["companion_prepositions"])
        self.group_leaders = frozenset(cfg["group_leader_verbs"])
        self.called_verbs = frozenset(cfg["called_verbs"])
        self.tie_verbs = frozenset(cfg["tie_verbs"])
        self.tie_nouns = frozenset(cfg["tie_nouns"])
        self.window: int = cfg["salience_window"]
        self.trigger_of: dict[int, str] = {}
        self.starts: list[int] = []

    @staticmethod
    def cue_words(matcher: Matcher, doc: Doc, state: State) -> Iterator[tuple[Token, str]]:
        """The cue words `matcher` finds, each with its lemma, leaving out those inside a name."""
        for _, s, _ in matcher(doc):
            tok = doc[s]
            if tok.i not in state.token_ref:
                yield tok, tok.lemma_.lower()

    def begin(self, doc: Doc, state: State) -> None:
        self.trigger_of = {t: ev.ref for ev in state.events.values() for t in ev.triggers}
        self.starts = sentence_starts(doc)

    def _actor(self, state: State, tok: Token) -> list[str]:
        """Entity refs a noun phrase stands for, following coordination."""
        out: list[str] = []
        for t in [tok, *conjuncts(tok)]:
            ref = state.token_ref.get(t.i) or state.pronoun_ref.get(t.i)
            if ref is None and t.lower_ in self.relatives and t.head.dep_ == "relcl":
                out += self._actor(state, t.head.head)
                continue
            if ref is None and t.pos_ != "NOUN":
                # 'one of its commanders, Khaled Mansour, was killed': the name in apposition; 'the Islamic
                # State Central Africa Province (Iscap)' parsed with the bracketed short form as its head
                ref = next((r for c in t.children if c.dep_ == "appos" and (r := state.token_ref.get(c.i))), None) \
                    or (next((r for c in t.children if c.dep_ in ("nmod", "compound")
                              and (r := state.token_ref.get(c.i))), None) if t.pos_ == "PROPN" else None)
            if ref is None and t.pos_ == "NOUN":
                # 'commanders from LeT', 'Hamas militants', 'a Hamas representative, who ...'
                if t.dep_ == "appos" and state.token_ref.get(t.head.i):
                    ref = state.token_ref[t.head.i]
                else:
                    for c in t.children:
                        if c.dep_ in ("compound", "poss", "appos", "nmod"):
                            out += [r for r in self._actor(state, c) if r not in out]
                        elif c.dep_ == "acl" and c.lemma_.lower() in self.called_verbs:
                            # 'a notorious gangster called X', 'a group known locally as Shabaab'
                            named = [g for g in c.children if g.dep_ in ("oprd", "attr", "dobj")]
                            named += [g for p in c.children if p.dep_ == "prep" and p.lower_ == "as"
                                      for g in p.children if g.dep_ == "pobj"]
                            out += [r for g in named for r in self._actor(state, g) if r not in out]
                        elif c.dep_ == "acl" and c.lemma_.lower() in self.tie_verbs:
                            # 'gunmen believed to be members of X', 'militants suspected of links to X'
                            out += [r for r in self._tied(state, c) if r not in out]
                        elif c.dep_ == "acl" and any(x.dep_ == "xcomp" and x.lemma_ == "be" for x in c.children):
                            # 'fighters claiming to be from Iscap', 'men said to be of the group'
                            out += [r for x in c.children if x.dep_ == "xcomp" for p in x.children
                                    if p.dep_ == "prep" and p.lower_ in ("from", "of")
                                    for r in self._objects(state, p, ("pobj",)) if r not in out]
                        elif c.dep_ == "acl" and c.lemma_.lower() in self.group_leaders:
                            # 'a delegation led by X': X speaks for the delegation
                            out += [r for a in c.children if a.dep_ == "agent"
                                    for r in self._objects(state, a, ("pobj",)) if r not in out]
                        elif c.dep_ == "prep" and c.lower_ in ("from", "of"):
                            for p in c.children:
                                if p.dep_ == "pobj":
                                    out += [r for r in self._actor(state, p) if r not in out]
                                    # 'a senior commander of the Haqqani network, Khalil Haqqani,': the name
                                    # the parser hangs on the group is the commander's
                                    out += [r for a in p.children if a.dep_ == "appos"
                                            and (r := state.token_ref.get(a.i)) is not None
                                            and state.entities[r].type == "person" and r not in out]
            if ref and ref not in out:
                out.append(ref)
        return out

    def _tied(self, state: State, verb: Token) -> list[str]:
        """The groups a tie verb's phrase names: down through 'to be', 'to belong', prepositions and the nouns
        of membership or links ('members of', 'links to'), never through other words ('wearing uniforms
        of the army' ties no one to the army)."""
        out: list[str] = []
        todo, depth = [verb], 0
        while todo and depth < 5:
            nxt = []
            for t in todo:
                for c in t.children:
                    if c.dep_ in ("xcomp", "prep", "agent") or (c.dep_ in ("attr", "pobj", "dobj") and (
                            c.lemma_.lower() in self.tie_nouns or c.lower_ in self.tie_nouns)):
                        nxt.append(c)
                    elif c.dep_ == "pobj":
                        out += [r for r in self._actor(state, c) if state.entities[r].type == "organization"]
            todo, depth = nxt, depth + 1
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
        # an event told only in an aside ('Shekau, behind the 2014 kidnapping in Chibok') is not what the text is about
        before = [t for t in self.trigger_of if t < tok.i and here - sentence_of(self.starts, t) <= self.window
                  and not in_description(tok.doc[t])]
        # and the news before the past it recalls ('the 2014 kidnapping in Chibok' in a 2020 report): the
        # latest of the article's own time nearby, else what its lede reports
        current = [t for t in before if not state.events[self.trigger_of[t]].historic]
        if current:
            return self.trigger_of[max(current)]
        main = [t for t in self.trigger_of if t < tok.i and state.events[self.trigger_of[t]].main]
        if main:
            return self.trigger_of[max(main)]
        return self.trigger_of[max(before)] if before else None

    def _claim(self, state: State, rel: str, refs: list[str], target: str | None, anchor: Token,
               role: str | None = None, victim: bool = False) -> None:
        if not target:
            return
        # 'claimed responsibility for attacks near X and Y': the claim is of each attack the words tell
        for event in [target, *(state.events[target].twins if target in state.events else [])]:
            kind = rel
            if kind == "participated_in" and not victim and event in state.events and \
                    one_sided(state.events[event].type):
                kind = "carried_out"  # present at, taking part in, leading an attack: carrying it out
            for ref in dict.fromkeys(refs):
                # People and groups act; a place named as a clause's subject ('MAIDUGURI, Nigeria - ...')
                # does not take part in, organise or carry out anything.
                if ref in state.entities and state.entities[ref].type == "location" and kind != "visited":
                    continue
                if ref != event and (kind == "visited" or ref in state.entities):
                    state.claims.append(Claim(kind, ref, event, anchor.i, self.extractor, role=role,
                                              sent_start=anchor.sent.start))

    def _agents(self, state: State, verb: Token) -> list[str]:
        return [r for c in verb.children if c.dep_ == "agent" for r in self._objects(state, c, ("pobj",))]


def particle(tok: Token, word: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == word for c in tok.children)


def passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def attack(etype: str) -> bool:
    """An attack of any kind (linkwatch/schema/events.yaml's attack family)."""
    return schema().event_family(etype) == "attack"


def one_sided(etype: str) -> bool:
    """Violence someone carries out: an attack that is not fighting between sides (a clash), where
    every side only takes part."""
    return attack(etype) and not schema().events[etype].mutual
