"""Alliances and allegiance from verb phrases (component ``linkwatch_alliances_v1``).

Role nouns ('a close ally of') are the role finder's; this component reads the
verbs and fixed phrases news uses for two groups acting together:

* alliance: '[X] joined forces with [Y]', '[X] and [Y] formed an alliance', '[X]
  merged with [Y]', '[X] teamed up with [Y]', '[X] carried out the attack in
  coordination with [Y]' -> ``allied_with`` (symmetric);
* support: '[X] backs [Y]', '[Y], backed by [X]' -> ``allied_with``, like the
  role finder's 'ally', 'patron', 'backer';
* allegiance: '[X] pledged allegiance to [Y]', 'swore loyalty to'. A group that
  pledges allegiance becomes the other's affiliate, which the relation types call
  ``front_of`` (the scorer's front family holds ``affiliate_of``); a person who
  does becomes a member (``member_of``);
* splits: '[X] split from [Y]', 'broke away from' -> ``front_of`` with the role
  'splinter', as the role finder reads 'a splinter group of'.

Phrases are data (roles.json: alliance_phrases, allegiance_phrases,
splinter_phrases, alliance_pp_nouns, alliance_adverbs): a verb lemma, the object or particle it needs, and the
preposition that introduces the partner. Only names on both sides make a claim;
negation and hedges are judged later from the verb, the claim's anchor.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from linkwatch.data import load, words
from linkwatch.extract.state import Claim, State, state_of
from linkwatch.extract.syntax import conjuncts

EXTRACTOR = "linkwatch.alliances.v1"


class _Phrase:
    """'join forces with' -> verb 'join', needs 'forces' (object or particle), partner after 'with';
    'back *' -> the partner is the direct object (or, in the passive, the agent: 'backed by Iran')."""

    def __init__(self, text: str, kind: str) -> None:
        words = text.split()
        self.text, self.kind = text, kind
        self.verb, self.prep = words[0], words[-1]
        self.needs = frozenset(words[1:-1])


class AllianceFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cfg = load("roles.json")
        self.phrases: dict[str, list[_Phrase]] = {}
        for key, kind in (("alliance_phrases", "alliance"), ("allegiance_phrases", "allegiance"),
                          ("splinter_phrases", "splinter")):
            for text in cfg[key]:
                p = _Phrase(text, kind)
                self.phrases.setdefault(p.verb, []).append(p)
        self.pp_nouns = frozenset(cfg["alliance_pp_nouns"])
        self.relatives = words("syntax.json", "relative_pronouns")
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("VERB", [[{"LEMMA": {"IN": sorted(self.phrases)}, "POS": {"IN": ["VERB", "ADJ"]}}]])
        self.matcher.add("PP", [[{"LOWER": "in"}, {"LEMMA": {"IN": sorted(self.pp_nouns)}, "POS": "NOUN"},
                                 {"LOWER": "with"}],
                                [{"LOWER": {"IN": cfg["alliance_adverbs"]}}, {"LOWER": "with"}]])

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        for match_id, s, e in self.matcher(doc):
            if doc.vocab.strings[match_id] == "VERB":
                self._verb(state, doc[s])
            else:
                self._pp(state, doc[s + 1], doc[e - 1])
        return doc

    # -- names in slots ----------------------------------------------------
    def _refs(self, state: State, tok: Token) -> list[str]:
        out: list[str] = []
        for t in [tok, *conjuncts(tok)]:
            if t.lower_ in self.relatives and t.head.dep_ == "relcl":
                t = t.head.head  # 'X, which merged with Y'
            ref = state.token_ref.get(t.i) or state.pronoun_ref.get(t.i)
            if ref is None and t.dep_ == "appos":
                ref = state.token_ref.get(t.head.i)
            if ref and ref not in out:
                out.append(ref)
        return out

    def _subjects(self, state: State, verb: Token) -> list[str]:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return self._refs(state, c)
        if verb.dep_ in ("xcomp", "ccomp") and verb.head.pos_ == "VERB":
            # 'helped [Kata'ib Hizballah] coordinate attacks with the Houthis': the object acts
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return self._refs(state, obj)
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            return self._subjects(state, verb.head)  # 'X merged with Y and teamed up with Z'
        if verb.dep_ in ("acl", "relcl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
            return self._refs(state, verb.head)  # 'X, allied with Y,'
        return []

    def _partners(self, state: State, heads: list[Token], prep: str) -> list[str]:
        out: list[str] = []
        for head in heads:
            for p in head.children:
                if p.dep_ == "prep" and p.lower_ == prep:
                    for pobj in p.children:
                        if pobj.dep_ == "pobj":
                            out += [r for r in self._refs(state, pobj) if r not in out]
        return out

    # -- cues ----------------------------------------------------------------
    def _verb(self, state: State, verb: Token) -> None:
        for phrase in self.phrases.get(verb.lemma_.lower(), []):
            objs = [c for c in verb.children if c.dep_ in ("dobj", "prt", "attr", "npadvmod")
                    and c.lemma_.lower() in phrase.needs | {w.rstrip("s") for w in phrase.needs}]
            if phrase.needs and not objs:
                continue
            subjects = self._subjects(state, verb)
            if phrase.prep == "*":  # 'Iran backs the Houthis', 'the Houthis, backed by Iran'
                passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or verb.dep_ == "acl"
                slots = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"] \
                    if passive else [c for c in verb.children if c.dep_ == "dobj"]
                partners = [r for c in slots for r in self._refs(state, c)]
            else:
                # the partner may hang on the verb, its phrase's object, or its direct object
                heads = [verb, *objs, *(c for c in verb.children if c.dep_ == "dobj")]
                partners = self._partners(state, heads, phrase.prep)
            if not partners and phrase.kind == "alliance" and len(subjects) > 1:
                # 'X and Y joined forces': each with each
                pairs = [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1:]]
            else:
                pairs = [(a, b) for a in subjects for b in partners]
            self._claims(state, pairs, verb, phrase)
            return

    def _pp(self, state: State, noun: Token, prep: Token) -> None:
        """'carried out the attack in coordination with Y': the partner of the clause's subject."""
        verb = noun
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        partners = [r for c in prep.children if c.dep_ == "pobj" for r in self._refs(state, c)]
        pairs = [(a, b) for a in self._subjects(state, verb) for b in partners]
        self._claims(state, pairs, noun, _Phrase(f"act in {noun.lower_} with", "alliance"))

    def _claims(self, state: State, pairs: list[tuple[str, str]], anchor: Token, phrase: _Phrase) -> None:
        role = _past(anchor, phrase)
        for a, b in pairs:
            ta, tb = state.entities[a].type, state.entities[b].type
            if a == b or tb != "organization":
                continue
            if ta == "organization":
                rel = "allied_with" if phrase.kind == "alliance" else "front_of"
            elif ta == "person" and phrase.kind == "allegiance":
                rel = "member_of"
            else:
                continue
            state.claims.append(Claim(rel, a, b, anchor.i, EXTRACTOR, role=role, sent_start=anchor.sent.start))


def _past(anchor: Token, phrase: _Phrase) -> str:
    """The role kept with the relation, in words: 'joined forces', 'pledged allegiance', 'in coordination'."""
    if anchor.pos_ == "NOUN":
        return f"in {anchor.lower_}"
    if anchor.pos_ == "ADV":
        return anchor.lower_  # 'jointly'
    if phrase.kind == "splinter":
        return "splinter"
    needs = " ".join(w for w in phrase.text.split()[1:-1])
    verb = anchor.text.lower() if anchor.tag_ in ("VBD", "VBN") else anchor.lemma_.lower()
    return f"{verb} {needs}".strip()
