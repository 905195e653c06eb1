"""Relations between groups from verbs, event nouns and hyphenated participles (component ``linkwatch_alliances_v1``).

Role nouns ('a close ally of', 'a splinter faction of') are the role finder's; this component
reads the other ways news says how two groups stand:

* verb phrases, each kind a list in roles.json: alliance ('[X] joined forces with [Y]') ->
  ``allied_with``; merger ('[X] merged with [Y]') -> ``merged_with``; rivalry ('[X] clashed with
  [Y]', 'fought', 'denounced') -> ``rival_of``; support ('[X] arms [Y]', '[Y], backed by [X]') and
  support received ('[Y] received weapons and funds from [X]') -> ``supported(X, Y)``; splits
  ('[X] split from [Y]') -> ``splinter_of``; affiliation ('[X] joined [Y]', '[X] is affiliated
  with [Y]') -> ``front_of``; allegiance ('[X] pledged allegiance to [Y]') -> ``front_of`` for a
  group (the scorer's front family holds ``affiliate_of``) and ``member_of`` for a person;
* event nouns: 'clashes between [X] and [Y]', '[X] ... killed in clashes with [Y]', 'the merger
  of [X] and [Y]', 'in coordination with [Y]';
* hyphenated participles: '[X]-backed [Y]' -> ``supported``, '[X]-linked [Y]', '[X]-affiliated
  [Y]' -> ``front_of(Y, X)``, '[X]-allied [Y]' -> ``allied_with``;
* channels: '[X] members took part in elections through the [Y] party', '[X] claimed it through
  [Y]' -> ``front_of(Y, X)`` (events.json ``channel_prepositions``).

A side may be named through the people or units it acts by ('ISWAP fighters battled Boko Haram
insurgents': the group that modifies a side noun), and a person acting for a group stands for it
when the document ties the person to one group ('al-Qurashi was killed in a clash with HTS' makes
his group HTS's rival). Only names on both sides make a claim; negation and hedges are judged later
from the claim's anchor.
"""
from __future__ import annotations

from collections import defaultdict

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from linkwatch.data import load, words
from linkwatch.extract.state import Claim, State, state_of
from linkwatch.extract.syntax import conjuncts

EXTRACTOR = "linkwatch.alliances.v1"
# Phrase lists in roles.json and the kind of tie each states.
PHRASE_KINDS = (("alliance_phrases", "alliance"), ("merger_phrases", "merger"), ("rivalry_phrases", "rivalry"),
                ("support_phrases", "support"), ("support_received_phrases", "support_received"),
                ("splinter_phrases", "splinter"), ("affiliation_phrases", "affiliation"),
                ("allegiance_phrases", "allegiance"))
# The relation a kind gives between two groups, and between a person and a group where a person may
# hold it without standing for a group.
GROUP_RELATION = {"alliance": "allied_with", "merger": "merged_with", "rivalry": "rival_of", "support": "supported",
                  "support_received": "supported", "splinter": "splinter_of", "affiliation": "front_of",
                  "allegiance": "front_of", "front": "front_of"}
PERSON_RELATION = {"allegiance": "member_of", "support": "supported", "support_received": "supported"}
# Kinds where 'X and Y <verb>' with no partner pairs the subjects with each other.
MUTUAL = frozenset({"alliance", "merger", "rivalry"})
_PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})


class _Phrase:
    """'join forces with' -> verb 'join', needs 'forces' (object, particle or prepositional object),
    partner after 'with'; 'back *' -> the partner is the direct object (or, in the passive, the agent:
    'backed by Iran'); 'be linked to' -> only in the passive; 'supply weapons|arms to' -> either word."""

    def __init__(self, text: str, kind: str) -> None:
        parts = text.split()
        self.passive_only = parts[0] == "be" and len(parts) > 2
        if self.passive_only:
            parts = parts[1:]
        self.text, self.kind = text, kind
        self.verb, self.prep = parts[0], parts[-1]
        self.needs = [frozenset(w.split("|")) for w in parts[1:-1]]


class AllianceFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cfg = load("roles.json")
        self.phrases: dict[str, list[_Phrase]] = {}
        for key, kind in PHRASE_KINDS:
            for text in cfg[key]:
                p = _Phrase(text, kind)
                self.phrases.setdefault(p.verb, []).append(p)
        for plist in self.phrases.values():
            plist.sort(key=lambda p: -len(p.needs))  # 'join forces with' before 'join *'
        self.pp_nouns = frozenset(cfg["alliance_pp_nouns"])
        self.relation_nouns: dict[str, str] = cfg["relation_nouns"]
        self.partner_preps = frozenset(cfg["relation_noun_partner_prepositions"])
        self.participles: dict[str, str] = cfg["hyphen_participles"]
        self.side_nouns = frozenset(cfg["side_nouns"]) | words("names.json", "group_anaphors")
        self.channel_preps = frozenset(load("events.json")["channel_prepositions"])
        self.relatives = words("syntax.json", "relative_pronouns")
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("VERB", [[{"LEMMA": {"IN": sorted(self.phrases)}, "POS": {"IN": ["VERB", "ADJ"]}}]])
        self.matcher.add("PP", [[{"LOWER": "in"}, {"LEMMA": {"IN": sorted(self.pp_nouns)}, "POS": "NOUN"},
                                 {"LOWER": "with"}],
                                [{"LOWER": {"IN": cfg["alliance_adverbs"]}}, {"LOWER": "with"}]])
        self.matcher.add("NOUN", [[{"LEMMA": {"IN": sorted(self.relation_nouns)}, "POS": "NOUN"}],
                                  [{"LOWER": {"IN": sorted(self.relation_nouns)}, "POS": "NOUN"}]])
        self.matcher.add("HYPHEN", [[{"ORTH": "-", "SPACY": False}, {"LOWER": {"IN": sorted(self.participles)}}]])

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        self._sides = self._person_sides(state)
        done: set[tuple[str, int]] = set()
        for match_id, s, e in self.matcher(doc):
            kind = doc.vocab.strings[match_id]
            if (kind, s) in done:
                continue
            done.add((kind, s))
            if kind == "VERB":
                self._verb(state, doc[s])
            elif kind == "PP":
                self._pp(state, doc[s + 1], doc[e - 1])
            elif kind == "NOUN":
                self._noun(state, doc[s])
            else:
                self._hyphen(state, doc, s)
        for tok in doc:
            if tok.dep_ == "prep" and tok.lower_ in self.channel_preps and tok.head.pos_ == "VERB":
                self._channel(state, tok)
        return doc

    def _channel(self, state: State, prep: Token) -> None:
        """'FARC members ... participate in elections through the Union Patriotica party', 'funds raised
        through the charity X': the group a side acts through is its front."""
        channels: list[str] = []
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for t in [pobj, *(c for c in pobj.children if c.dep_ == "appos")]:
                ref = self._ref(state, t)
                if ref and state.entities[ref].type == "organization" and ref not in channels:
                    channels.append(ref)
        if channels:
            sides = self._subjects(state, prep.head)
            self._claims(state, [(c, s) for c in channels for s in sides], prep, "affiliation", f"acts {prep.lower_}")

    # -- names in slots ----------------------------------------------------
    def _person_sides(self, state: State) -> dict[str, str]:
        """The one group each person is tied to in this document (leader or member), if only one."""
        groups: dict[str, set[str]] = defaultdict(set)
        for c in state.claims:
            if c.type in ("leader_of", "member_of") and state.entities[c.target].type == "organization":
                groups[c.source].add(c.target)
        return {p: next(iter(g)) for p, g in groups.items() if len(g) == 1}

    def _ref(self, state: State, t: Token) -> str | None:
        """The entity a word names: its own mention, a pronoun's antecedent, the head of its apposition,
        or, for a side noun ('fighters', 'the group'), the group that modifies it ('ISWAP fighters',
        'Boko Haram's men', 'his group': the person's group)."""
        if t.lower_ in self.relatives and t.head.dep_ == "relcl":
            t = t.head.head  # 'X, which merged with Y'
        ref = state.token_ref.get(t.i) or state.pronoun_ref.get(t.i)
        if ref is None and t.dep_ == "appos":
            ref = state.token_ref.get(t.head.i)
        if ref is None and t.pos_ in ("NOUN", "PROPN"):
            # 'jihadist group Hayat Tahrir al-Sham': the name set beside a common noun
            ref = next((r for c in t.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"
                        and (r := state.token_ref.get(c.i))), None)
            if ref is None and (t.lemma_.lower() in self.side_nouns or t.lower_ in self.side_nouns):
                ref = next((r for c in t.children if c.dep_ in ("compound", "poss", "nmod", "amod")
                            and (r := state.token_ref.get(c.i) or state.pronoun_ref.get(c.i))), None)
        return ref

    def _refs(self, state: State, tok: Token) -> list[str]:
        out: list[str] = []
        for t in [tok, *conjuncts(tok)]:
            ref = self._ref(state, t)
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
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
            return self._subjects(state, verb.head.head)  # 'X rebranded after pledging allegiance to Y'
        if verb.dep_ in ("acl", "relcl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
            return self._refs(state, verb.head)  # 'X, allied with Y,'
        return []

    def _partners(self, state: State, heads: list[Token], prep: str) -> list[str]:
        out: list[str] = []
        for head in heads:
            for p in head.children:
                if p.dep_ in ("prep", "agent", "dative") and p.lower_ == prep:
                    for pobj in p.children:
                        if pobj.dep_ == "pobj":
                            out += [r for r in self._refs(state, pobj) if r not in out]
        return out

    # -- verbs ---------------------------------------------------------------
    def _verb(self, state: State, verb: Token) -> None:
        passive = any(c.dep_ in _PASSIVE_DEPS for c in verb.children) or (verb.dep_ in ("acl", "amod") and (
            verb.tag_ == "VBN" or any(c.dep_ == "agent" for c in verb.children)))
        slots = [c for c in verb.children if c.dep_ in ("dobj", "prt", "attr", "npadvmod", "acomp", "advmod")]
        slots += [g for c in verb.children if c.dep_ == "prep" for g in (c, *c.children) if g.dep_ in ("prep", "pobj")]
        for phrase in self.phrases.get(verb.lemma_.lower(), []):
            if phrase.passive_only and not passive:
                continue
            objs = [s for s in slots if s.lemma_.lower() in _any(phrase.needs) or s.lower_ in _any(phrase.needs)]
            if not all(any(s.lemma_.lower() in need or s.lower_ in need for s in objs) for need in phrase.needs):
                continue
            subjects = self._subjects(state, verb)
            if phrase.prep == "*":  # 'Iran backs the Houthis', 'the Houthis, backed by Iran'
                if passive:
                    partners = [r for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                                for r in self._refs(state, p)]
                    pairs = [(b, a) for a in subjects for b in partners]  # the agent acts on the subject
                else:
                    partners = [r for c in verb.children if c.dep_ == "dobj" for r in self._refs(state, c)]
                    if not partners:
                        # 'to help Mozambique's army battle jihadists': the parser lost the object of a
                        # verb with a bare infinitive after it; the name right after the verb is it
                        nxt = verb.i + 1 + (verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].pos_ == "DET")
                        ref = state.token_ref.get(nxt) if nxt < len(verb.doc) else None
                        partners = [ref] if ref and ref not in subjects else []
                    pairs = [(a, b) for a in subjects for b in partners]
                if not partners and phrase.kind in MUTUAL and len(subjects) > 1 and \
                        not any(c.dep_ == "dobj" and c not in objs for c in verb.children):
                    pairs = _each_with_each(subjects)
            else:
                # the partner may hang on the verb, its phrase's words, or its direct object
                heads = [verb, *objs, *(c for c in verb.children if c.dep_ == "dobj")]
                partners = self._partners(state, heads, phrase.prep)
                # 'X and Y joined forces', 'X and Y clashed'; but 'X and Y clashed with Israeli troops' names the
                # other side, though not as an entity: X and Y are on one side
                told = any(c.dep_ == "prep" and c.lower_ == phrase.prep and any(p.dep_ == "pobj" for p in c.children)
                           for h in heads for c in h.children) or \
                    any(c.dep_ == "dobj" and c not in objs for c in verb.children)  # not the phrase's own 'forces'
                if not partners and phrase.kind in MUTUAL and len(subjects) > 1 and not told:
                    pairs = _each_with_each(subjects)
                elif phrase.kind == "support_received":
                    pairs = [(b, a) for a in subjects for b in partners]  # the giver supports the receiver
                else:
                    pairs = [(a, b) for a in subjects for b in partners]
            if pairs:  # else another phrase of the verb may fit ('fight with' did not, 'fight *' may)
                self._claims(state, pairs, verb, phrase.kind, _role(verb, phrase, objs))
                return

    def _pp(self, state: State, noun: Token, prep: Token) -> None:
        """'carried out the attack in coordination with Y': the partner of the clause's subject."""
        verb = _governing_verb(noun)
        partners = [r for c in prep.children if c.dep_ == "pobj" for r in self._refs(state, c)]
        pairs = [(a, b) for a in (self._subjects(state, verb) if verb is not None else []) for b in partners]
        role = f"in {noun.lower_}" if noun.pos_ == "NOUN" else noun.lower_
        self._claims(state, pairs, noun, "alliance", role)

    # -- event nouns -----------------------------------------------------------
    def _noun(self, state: State, noun: Token) -> None:
        """'clashes between X and Y', 'X's merger with Y', 'the merger of X and Y', and 'X ... killed in
        clashes with Y' (the side of the clause's subject)."""
        kind = self.relation_nouns.get(noun.lemma_.lower()) or self.relation_nouns.get(noun.lower_)
        if kind is None:
            return
        among: list[str] = []
        partners: list[str] = []
        for p in noun.children:
            if p.dep_ != "prep":
                continue
            objs = [r for o in p.children if o.dep_ == "pobj" for r in self._refs(state, o)]
            if p.lower_ == "between" or (p.lower_ == "of" and kind == "merger"):
                among += [r for r in objs if r not in among]
            elif p.lower_ in self.partner_preps:
                partners += [r for r in objs if r not in partners]
        pairs = _each_with_each(among) if len(among) > 1 else []
        if partners:
            sides = among or [r for c in noun.children if c.dep_ == "poss" and (r := self._ref(state, c))]
            if not sides and kind != "alliance":  # 'in alliance with' is the PP matcher's
                verb = _governing_verb(noun)
                if verb is not None and not (noun.dep_ in ("nsubj", "nsubjpass") and noun.head == verb):
                    sides = self._subjects(state, verb)
            pairs += [(a, b) for a in sides for b in partners]
        self._claims(state, pairs, noun, kind, noun.lemma_.lower())

    # -- 'X-backed Y' -----------------------------------------------------------
    def _hyphen(self, state: State, doc: Doc, s: int) -> None:
        if s == 0 or doc[s - 1].whitespace_:
            return
        giver = state.token_ref.get(s - 1)
        part = doc[s + 1]
        if giver is None:
            return
        kind = self.participles[part.lower_]
        described = self._described(state, part, giver)
        if described is None or described == giver:
            return
        pair = (giver, described) if kind == "support" else (described, giver)
        named = next((doc[a:b].text for a, b in state.entities[giver].mentions if a < s <= b), doc[s - 1].text)
        self._claims(state, [pair], part, kind, f"{named}-{part.lower_}")

    def _described(self, state: State, part: Token, giver: str) -> str | None:
        """The group a hyphenated participle describes: the noun phrase it modifies ('the Isis-affiliated
        al-Shabaab group'), or what that phrase is set beside ('HTS, an Al-Qaeda-affiliated group')."""
        head = part
        while head.dep_ in ("amod", "compound", "nmod", "npadvmod", "punct") and head.head.i != head.i \
                and head.head.pos_ in ("NOUN", "PROPN", "ADJ", "PUNCT", "VERB"):
            nxt = head.head
            ref = state.token_ref.get(nxt.i)
            if ref and ref != giver:
                return ref
            head = nxt
        if head.i < part.i:
            return None  # the parse hung the participle on the name before it
        for t in head.doc[part.i + 1:head.i + 1]:  # a name between the participle and the phrase's head
            if (ref := state.token_ref.get(t.i)) and ref != giver:
                return ref
        if head.dep_ == "appos":
            return state.token_ref.get(head.head.i)
        if head.dep_ in ("attr", "oprd") and head.head.lemma_ in ("be", "become", "remain"):
            subj = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return self._ref(state, subj) if subj is not None else None
        return None

    # -- claims ------------------------------------------------------------------
    def _claims(self, state: State, pairs: list[tuple[str, str]], anchor: Token, kind: str, role: str) -> None:
        for a, b in pairs:
            ta, tb = state.entities[a].type, state.entities[b].type
            if ta == "person" and kind not in PERSON_RELATION:
                a = self._sides.get(a, a)  # a person acting for the one group the document ties them to
                ta = state.entities[a].type
            if tb == "person" and kind in ("rivalry", "alliance", "merger", "allegiance", "affiliation", "splinter"):
                b = self._sides.get(b, b)  # 'pledged allegiance to [al-Baghdadi]': to the group he leads
                tb = state.entities[b].type
            if a == b or tb != "organization":
                continue
            if ta == "organization":
                rel = GROUP_RELATION[kind]
            elif ta == "person" and kind in PERSON_RELATION:
                rel = PERSON_RELATION[kind]
            else:
                continue
            state.claims.append(Claim(rel, a, b, anchor.i, EXTRACTOR, role=role, sent_start=anchor.sent.start))


def _any(needs: list[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*needs) if needs else frozenset()


def _each_with_each(refs: list[str]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(refs) for b in refs[i + 1:]]


def _governing_verb(tok: Token) -> Token | None:
    """The verb whose clause holds `tok`."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX"):
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _role(anchor: Token, phrase: _Phrase, objs: list[Token]) -> str:
    """The role kept with the relation, in words: 'joined forces', 'pledged allegiance', 'backed'."""
    if phrase.kind == "splinter":
        return "splinter"
    said = [next((o.lower_ for o in objs if o.lemma_.lower() in need or o.lower_ in need), min(need))
            for need in phrase.needs]
    verb = anchor.text.lower() if anchor.tag_ in ("VBD", "VBN") else anchor.lemma_.lower()
    return " ".join([verb, *said])
