"""Who carried out or claimed each attack, and who is blamed for it (component ``linkwatch_perpetrators_v1``).

Perpetrators come from:

* verbs of doing it: the subject of a trigger verb ('gunmen stormed the hotel'), of a verb of
  carrying out ('X launched/carried out the attack'), the agent of a passive ('was seized by X');
  in the passive a verb of harm makes its subject a victim, who takes part but never carries out;
* the attack noun's own phrase: 'an attack by X', "X's attack", 'a Hamas attack' (the target in
  'an offensive on X' takes part as a victim; the sides of 'clashes between X and Y' take part);
* 'X was behind / responsible for the attack', 'X, behind the 2014 kidnapping, ...';
* a perpetrator noun: 'named the perpetrator as X', 'the bomber, X', 'X, the perpetrator of ...';
* attribution ('officials blamed X for the attack', 'blamed the attack on X', 'the attack was
  attributed / linked to X', 'X is suspected of carrying out the attack'): a claim whose certainty
  is the attribution's own ('reported' for blaming, linking, attributing, accusing; 'unverified'
  for suspecting), with the attributing source as its attribution.

Claims of responsibility: 'X claimed responsibility for E', 'X claimed E', 'X claimed to have shot
down a helicopter', 'a video claiming responsibility' (the video's maker), "X's claim of
responsibility", 'the third attack to be claimed by X'. Denials: 'X denied any role in / denied
E' give a carried_out claim the certainty judge marks denied; the claim another side made stays.

Named actors are entities; an unnamed one ('unidentified gunmen', 'Fulani extremists', 'an
Iran-backed militia', 'jihadists') becomes a group entity marked generic, so the event and its
claims still have someone to hang on; resolution keeps it to its document and the organisation
links leave it out.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from linkwatch.data import load, words
from linkwatch.extract.slots import EventSlots, attack, one_sided, passive
from linkwatch.extract.state import CHANNEL_ROLE, Claim, EntityInfo, State, state_of
from linkwatch.extract.syntax import singular_forms
from linkwatch.model.schema import schema
from linkwatch.text import fold

EXTRACTOR = "linkwatch.perpetrators.v1"


class PerpetratorFinder(EventSlots):
    extractor = EXTRACTOR

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(name)
        cfg = self.cfg
        self.perp_verbs = frozenset(w.split()[0] for w in cfg["perpetration_verbs"])
        self.perp_adjs = frozenset(cfg["perpetration_adjectives"])
        self.claim_verbs = frozenset(cfg["claim_verbs"])
        self.claim_nouns = frozenset(cfg["claim_nouns"])
        self.claim_carriers = frozenset(cfg["claim_carriers"])
        self.channel_preps = frozenset(cfg["channel_prepositions"])
        self.victim_verbs = frozenset(cfg["victim_verbs"])
        self.attribution: dict[str, dict[str, str]] = cfg["attribution_verbs"]
        self.involvement = frozenset(cfg["involvement_nouns"])
        self.perp_nouns = frozenset(cfg["perpetrator_nouns"])
        self.naming_verbs = frozenset(cfg["naming_verbs"])
        self.order_nouns = frozenset(cfg["order_nouns"])
        self.facilities = words("names.json", "facility_words")
        self.generic_refs: dict[str, str] = {}
        self.force_nouns = frozenset(cfg["force_nouns"])
        self.group_nouns = words("names.json", "group_anaphors")
        self.person_pronouns = words("names.json", "person_pronouns")
        self.org_words = words("names.json", "org_words")
        self.report_verbs = frozenset(load("certainty.json")["verbs"])
        self.place_verbs = frozenset(cfg["place_trigger_verbs"])
        self.state = State()
        self.generic_nouns = frozenset(cfg["generic_actor_nouns"])
        self.trigger_verbs = frozenset(cfg["trigger_verbs"]) | {v for v, _, _ in cfg["trigger_verb_frames"]} \
            | frozenset(cfg["place_trigger_verbs"])
        self.matcher = Matcher(nlp.vocab)
        lemmas = sorted(self.perp_verbs | self.perp_adjs | self.claim_verbs | self.trigger_verbs | {"deny"}
                        | set(self.attribution) | self.naming_verbs | self.perp_nouns | {"claim"})
        self.matcher.add("CUE", [[{"LEMMA": {"IN": lemmas}}]])

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        self.begin(doc, state)
        self.generic_refs = {}
        self.state = state
        for t, ref in list(self.trigger_of.items()):
            if doc[t].pos_ == "NOUN" and attack(state.events[ref].type):
                self._attack_noun(state, doc[t], ref)
        for tok, lemma in self.cue_words(self.matcher, doc, state):
            if tok.pos_ in ("VERB", "AUX"):
                self._verb(state, tok, lemma)
            elif lemma in self.perp_adjs and tok.pos_ != "NOUN":
                self._responsible(state, tok)
            elif tok.pos_ == "NOUN" and lemma == "claim":
                self._claim_noun(state, tok)
            elif tok.pos_ == "NOUN" and lemma in self.perp_nouns:
                self._perpetrator_noun(state, tok)
        self._claimants_are_groups(doc, state)
        return doc

    def _claimants_are_groups(self, doc: Doc, state: State) -> None:
        """Who claims responsibility is a group when the text shows one: 'the extremist group Saraya Ansar
        al-Sunnah claimed', a name with a word only groups have ('Ansar', 'Brigade'), 'the group' or 'its'
        pointing at it, make an organisation of what the model labelled a person; a role ('Abubakar Shekau,
        leader of Boko Haram') or 'he' keep a person a person."""
        pointed = {t.lower_: state.pronoun_ref[t.i] for t in doc if t.i in state.pronoun_ref}
        personal = {ref for word, ref in pointed.items() if word in self.person_pronouns}
        grouped = {ref for word, ref in pointed.items() if word in self.group_nouns or word == "its"}
        for c in state.claims:
            info = state.entities.get(c.source)
            if c.type != "claimed_responsibility" or info is None or info.type != "person" \
                    or info.roles or c.source in personal:
                continue
            if c.source in grouped or set(fold(info.name).split()) & self.org_words or \
                    any(self._named_group(doc[s:e].root) for s, e in info.mentions):
                info.type = "organization"

    def _named_group(self, root: Token) -> bool:
        """'the group X', 'X, a relatively new group', 'the militant group X'."""
        if root.dep_ in ("appos", "compound") and root.head.lemma_.lower() in self.group_nouns:
            return True
        return any(c.dep_ == "appos" and c.lemma_.lower() in self.group_nouns for c in root.children)

    # -- actors ---------------------------------------------------------------
    def _who(self, state: State, tok: Token) -> list[str]:
        """The named actors of a phrase; else a country's forces ('Rwandan and Mozambican security forces');
        else the phrase itself as a generic group ('unidentified gunmen')."""
        found = self._actor(state, tok)
        if found or (tok.pos_ != "NOUN" and not self._capitalised_noun(state, tok)):
            return found
        out: list[str] = []
        for t in [tok, *(c for c in tok.children if c.dep_ == "conj")]:
            forces = self._forces(state, t)
            out += forces or [r for r in [self._generic(state, t)] if r]
        return out

    def _forces(self, state: State, tok: Token) -> list[str]:
        """'Rwandan forces', "Mozambique's army", 'Rwandan and Mozambican security forces': a state's armed
        forces named by their country, one organisation per country (not generic: the text says whose)."""
        if tok.lemma_.lower() not in self.force_nouns and tok.lower_ not in self.force_nouns:
            return []
        countries: list[Token] = []
        for c in tok.children:
            if c.dep_ == "amod" and c.ent_type_ == "NORP":
                # 'Rwandan and Mozambican security forces': a capitalised adjective joined to a nationality
                countries += [c, *(x for x in c.children if x.dep_ == "conj" and (x.ent_type_ == "NORP" or x.is_title))]
            elif c.dep_ in ("poss", "compound") and (ref := state.token_ref.get(c.i)) is not None \
                    and state.entities[ref].type == "location":
                countries.append(c)
        if not countries:
            return []
        rest = [t for t in tok.doc[max(c.i for c in countries) + 1:tok.i + 1] if t.dep_ not in ("case", "punct", "cc")
                and t not in countries]
        out = []
        for c in countries:
            owner = tok.doc[c.left_edge.i:c.i + 1].text + "'s" if c.dep_ == "poss" else c.text
            # named by whose and what ('Rwandan forces'), the words between kept as the name written
            name = f"{owner} {tok.text}"
            written = " ".join([owner, *(t.text for t in rest)])
            key = "forces:" + fold(name)
            ref = self.generic_refs.get(key)
            if ref is None:
                ref = self.generic_refs[key] = self._new_ref(state)
                state.entities[ref] = EntityInfo(ref, "organization", [], name=name)
            if written != name and written not in state.entities[ref].aliases:
                state.entities[ref].aliases.append(written)
            state.entities[ref].mentions.append((c.i, tok.i + 1))
            out.append(ref)
        return out

    @staticmethod
    def _new_ref(state: State) -> str:
        n = len(state.entities) + 1
        while f"e{n}" in state.entities:
            n += 1
        return f"e{n}"

    def _capitalised_noun(self, state: State, tok: Token) -> bool:
        """'OUAGADOUGOU (AFP) - Jihadists attacked ...': after a dateline the tagger takes a capitalised word for
        a proper noun (with itself for lemma); a plural word for fighters no entity holds is still one."""
        if tok.pos_ != "PROPN" or tok.tag_ not in ("NNP", "NNPS") or tok.i in state.token_ref:
            return False
        word = tok.lower_
        return bool(singular_forms(word) & self.generic_nouns) or word in self.generic_nouns

    def _generic(self, state: State, tok: Token) -> str | None:
        """'unidentified gunmen', 'Fulani extremists', 'an Iran-backed militia': a group the text does not
        name, one entity per kind of noun in the document, marked generic."""
        if tok.lemma_.lower() not in self.generic_nouns and tok.lower_ not in self.generic_nouns and \
                not self._capitalised_noun(state, tok):
            return None
        start = min((c.left_edge.i for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i),
                    default=tok.i)  # with what modifies the modifier: 'Turkish-backed factions', not 'backed factions'
        while start < tok.i and (start in state.token_ref or tok.doc[start].is_punct):
            start += 1  # but not a name of its own ('Iran' of 'Iran-backed militias')
        key = fold(tok.lemma_)
        ref = self.generic_refs.get(key)
        if ref is None:
            ref = self.generic_refs[key] = self._new_ref(state)
            state.entities[ref] = EntityInfo(ref, "organization", [], name=tok.doc[start:tok.i + 1].text, generic=True)
        state.entities[ref].mentions.append((start, tok.i + 1))
        for t in tok.doc[start:tok.i + 1]:
            state.token_ref[t.i] = ref
        return ref

    def _subjects_or_generic(self, state: State, verb: Token) -> list[str]:
        found = self._subjects(state, verb)
        if found:
            return found
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None and verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        return self._who(state, self._speaker(verb, subj)) if subj is not None else []

    def _speaker(self, verb: Token, subj: Token) -> Token:
        """'Rwandan forces ... said Sunday they had recaptured the port', 'the group said it was behind the
        hijacking': a pronoun subject of what someone says is the speaker."""
        if subj.pos_ == "PRON" and subj.i not in self.state.pronoun_ref and verb.dep_ == "ccomp" and \
                verb.head.lemma_.lower() in self.report_verbs:
            return next((c for c in verb.head.children if c.dep_ == "nsubj"), subj)
        return subj

    def _agents_or_generic(self, state: State, verb: Token) -> list[str]:
        return [r for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                for r in self._who(state, p)]

    # -- verbs ------------------------------------------------------------------
    def _verb(self, state: State, tok: Token, lemma: str) -> None:
        if lemma == "deny":
            self._denied(state, tok)
            return
        if lemma in self.claim_verbs and self._claimed(state, tok):
            return
        if lemma in self.attribution:
            self._blamed(state, tok, lemma)
            return
        if lemma in self.naming_verbs:
            self._named(state, tok)
        if tok.i in self.trigger_of and attack(state.events[self.trigger_of[tok.i]].type):
            self._perpetrated(state, tok, self.trigger_of[tok.i], lemma)
            return
        if lemma not in self.perp_verbs or (lemma == "carry" and not any(
                c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)):
            return
        event = self._event(state, tok, False)
        if event is not None and attack(state.events[event].type):
            self._perpetrated(state, tok, event, lemma)

    def _perpetrated(self, state: State, tok: Token, event: str, lemma: str) -> None:
        """'X attacked', 'the attack was carried out by X'. In the passive the subject is the target:
        'A was killed alongside B in a drone strike' makes A and B the attack's victims (its
        participants, which is what ties them to each other), never its perpetrators."""
        self._ordered(state, tok, event)
        if not passive(tok):
            self._claim(state, "carried_out", self._subjects_or_generic(state, tok) + self._agents(state, tok),
                        event, tok, lemma)
            if schema().events[state.events[event].type].mutual:
                # 'X battled Y', 'X clashed with Y': X did the fighting (as analysts code who pursued whom);
                # Y took part. Only 'clashes between X and Y' leaves both sides alike.
                self._claim(state, "participated_in", self._objects(state, tok) + self._companions(state, tok),
                            event, tok, lemma)
                return
            # 'X attacked Y', 'launched an offensive on Y': Y is the target, who takes part without doing it
            # (what a verb of taking ground takes is a place: 'seized Mocimboa da Praia')
            attacked = [c for c in tok.children if c.dep_ == "dobj"] \
                if tok.i in self.trigger_of and lemma not in self.place_verbs else []
            attacked += [o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("on", "against")
                         for o in p.children if o.dep_ == "pobj"]
            self._claim(state, "participated_in", self._targets(state, attacked), event, tok, lemma, victim=True)
            return
        self._claim(state, "carried_out", self._agents_or_generic(state, tok) + self._together(state, tok),
                    event, tok, lemma)
        if lemma in self.victim_verbs and lemma not in self.place_verbs:  # 'the town was seized': a place, no victim
            victims = self._subjects(state, tok) + self._companions(state, tok)
            people = [r for r in victims if state.entities[r].type == "person"]
            self._claim(state, "participated_in", people, event, tok, tok.lower_, victim=True)

    def _companions(self, state: State, tok: Token) -> list[str]:
        return [r for p in tok.children if p.dep_ == "prep" and p.lower_ in self.companions
                for r in self._objects(state, p, ("pobj",))]

    def _together(self, state: State, tok: Token) -> list[str]:
        """'carried out by X, together with Y and Z', 'by X alongside Y': Y and Z carried it out too."""
        out = []
        for agent in (c for c in tok.children if c.dep_ == "agent"):
            for t in agent.subtree:
                if t.dep_ == "prep" and (t.lower_ == "alongside" or (t.lower_ == "with" and any(
                        c.lower_ == "together" for c in [*t.children, t.head]))):
                    out += self._objects(state, t, ("pobj",))
        return out

    def _ordered(self, state: State, tok: Token, event: str) -> None:
        """'carried out on the orders of X', 'at the behest of X', 'under instructions from X': X organised it."""
        for prep in (c for c in tok.children if c.dep_ == "prep"):
            for noun in (p for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() in self.order_nouns):
                who = [r for c in noun.children if c.dep_ == "poss" for r in self._actor(state, c)]
                who += [r for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "by")
                        for r in self._objects(state, c, ("pobj",))]
                self._claim(state, "organized", who, event, noun, noun.lower_)

    def _responsible(self, state: State, tok: Token) -> None:
        """'X was behind the attack', 'X is responsible for the attack', and the same said of a noun:
        'Shekau, behind the 2014 kidnapping in Chibok', 'Boko Haram—responsible for kidnapping ...'."""
        event = self._explicit_event(tok)
        if not event or not attack(state.events[event].type):
            return
        if tok.head.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("prep", "amod", "appos", "acl", "advmod"):
            who = self._actor(state, tok.head)
        else:
            who = self._subjects(state, tok.head)  # subject of the copula 'was behind'
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if not who and subj is not None:
                who = self._who(state, self._speaker(tok.head, subj))
        if not who:
            # 'Boko Haram—responsible for kidnapping hundreds of schoolgirls—and ISWAP ...': set off by a dash
            # or a comma right after a name, the phrase describes that name whatever the parse made of it
            before = tok.i - 1
            while before >= 0 and tok.doc[before].is_punct:
                before -= 1
            if before < tok.i - 1 and before >= 0 and (ref := state.token_ref.get(before)) is not None:
                # a description of the name: the sentence's hedges ('ISWAP now may not clash') are not its own
                state.claims.append(Claim("carried_out", ref, event, tok.i, EXTRACTOR, role=tok.lower_, np_scope=True,
                                          sent_start=tok.sent.start))
                return
        self._claim(state, "carried_out", who, event, tok, tok.lower_)

    def _claimed(self, state: State, tok: Token) -> bool:
        """'X claimed responsibility for the attack', 'X claimed the bombing', 'X claimed to have shot down
        a helicopter', 'a video claiming responsibility', 'the third attack to be claimed by X'."""
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        event = None
        if any(o.lemma_.lower() in self.claim_nouns for o in objs):
            event = next((e for o in objs if (e := self._explicit_event(o))), None) or self._event(state, tok, True)
        elif any(o.i in self.trigger_of for o in objs):
            event = next(self.trigger_of[o.i] for o in objs if o.i in self.trigger_of)
        else:
            for x in (c for c in tok.children if c.dep_ == "xcomp"):
                event = self.trigger_of.get(x.i) or self._explicit_event(x)
                if event:
                    break
        if event is None and passive(tok):
            event = self._explicit_event(tok) or (self.trigger_of.get(tok.head.i) if tok.dep_ in ("relcl", "acl")
                                                  else None)
        if event is None and tok.dep_ in ("acl", "relcl") and passive(tok):
            event = self._event(state, tok, True)
        carrier = tok.head if tok.dep_ in ("amod", "compound") and tok.head.lemma_.lower() in self.claim_nouns else None
        if event is None and carrier is not None:
            # 'released a video claiming responsibility for the abduction' parsed as '[claiming] responsibility'
            event = self._explicit_event(carrier) or self._event(state, tok, True)
        if event is None or not attack(state.events[event].type):
            return False
        if passive(tok):
            who = self._agents_or_generic(state, tok)
        elif tok.dep_ == "acl" and tok.head.lemma_.lower() in self.claim_carriers:
            who = self._maker(state, tok.head)  # 'released a video claiming responsibility'
        elif carrier is not None and carrier.dep_ in ("dobj", "pobj") and carrier.head.pos_ == "VERB":
            who = self._subjects_or_generic(state, carrier.head)
        else:
            who = self._subjects_or_generic(state, tok)
        self._claim(state, "claimed_responsibility", who, event, tok, "claimed responsibility")
        channels = [r for r in self._channels(state, tok) if r not in who]
        self._claim(state, "claimed_responsibility", channels, event, tok, CHANNEL_ROLE)
        return True

    def _channels(self, state: State, verb: Token) -> list[str]:
        """'claimed responsibility for the attack through its outlet, the Amaq News Agency': a group named
        after 'through' or 'via' (or set beside the noun there) that carried the claim."""
        out: list[str] = []
        # (the parser may hang the phrase on the claim's object: 'responsibility for X's seizure through ...')
        for prep in verb.subtree:
            if prep.dep_ != "prep" or prep.lower_ not in self.channel_preps:
                continue
            path = [a for a in prep.ancestors if verb.i in {x.i for x in a.ancestors}]
            if not all(a.dep_ in ("dobj", "prep", "pobj") for a in path):
                continue
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                for t in [pobj, *(c for c in pobj.children if c.dep_ == "appos")]:
                    ref = state.token_ref.get(t.i)
                    if ref is not None and state.entities[ref].type == "organization" and ref not in out:
                        out.append(ref)
        return out

    def _maker(self, state: State, noun: Token) -> list[str]:
        """Who made a video, statement or message: its owner ("the group's statement", 'a statement from
        X') or the subject of the verb that released it ('X released a video')."""
        own = [r for c in noun.children if c.dep_ == "poss" for r in self._actor(state, c)]
        own += [r for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                for r in self._objects(state, c, ("pobj",))]
        if own:
            return own
        if noun.dep_ in ("dobj", "pobj") and noun.head.pos_ == "VERB":
            return self._subjects_or_generic(state, noun.head)
        return []

    def _claim_noun(self, state: State, tok: Token) -> None:
        """"X's claim of responsibility (for the attack)", 'a claim by X'."""
        preps = [c for c in tok.children if c.dep_ == "prep"]
        pobjs = [p for c in preps for p in c.children if p.dep_ == "pobj"]
        explicit = next((self.trigger_of[p.i] for p in pobjs if p.i in self.trigger_of), None)
        if explicit is None and not any(p.lemma_.lower() in self.claim_nouns for p in pobjs):
            return
        event = explicit or next((e for p in pobjs if (e := self._explicit_event(p))), None) \
            or self._event(state, tok, True)
        if event is None or not attack(state.events[event].type):
            return
        who = [r for c in tok.children if c.dep_ == "poss" for r in self._actor(state, c)]
        who += [r for c in preps if c.lower_ == "by" for r in self._objects(state, c, ("pobj",))]
        self._claim(state, "claimed_responsibility", who, event, tok, "claim of responsibility")

    def _denied(self, state: State, tok: Token) -> None:
        """'X denied any role in the attack', 'X denied involvement', 'X denied carrying it out': a
        carried_out claim the certainty judge marks denied."""
        for obj in (c for c in tok.children if c.dep_ in ("dobj", "xcomp", "ccomp")):
            if obj.lemma_.lower() in self.involvement:
                event = self._explicit_event(obj) or self._event(state, tok, True)
            elif obj.i in self.trigger_of:
                event = self.trigger_of[obj.i]
            else:
                event = self._explicit_event(obj) if obj.pos_ == "VERB" else None
            if event and attack(state.events[event].type):
                self._claim(state, "carried_out", self._subjects(state, tok), event, obj, obj.lower_)

    def _blamed(self, state: State, tok: Token, lemma: str) -> None:
        """'A blamed X for E', 'A blamed E on X', 'E was blamed on X', 'X was blamed for E', 'A attributed
        / linked E to X', 'A accused X of E', 'X is suspected of carrying out E'."""
        frame = self.attribution[lemma]
        target_prep, actor_prep = frame["event"], frame["actor"]
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        preps = {c.lower_: [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
                 for c in tok.children if c.dep_ == "prep"}
        actors: list[Token] = []
        event = None
        for o in objects:
            if o.i in self.trigger_of or o.lower_ in ("it", "this"):
                event = self.trigger_of.get(o.i)
                actors += preps.get(actor_prep, [])
            else:
                actors.append(o)
                for p in preps.get(target_prep, []):
                    event = event or self.trigger_of.get(p.i) or self._explicit_event(p)
        if event is None:
            event = self._event(state, tok, True)
        if event is None or not one_sided(state.events[event].type):
            return
        who = [r for a in actors for r in self._who(state, a)]
        attribution = next((_phrase(c) for c in tok.children if c.dep_ == "nsubj"), None)
        attribution = attribution or next((_phrase(p) for c in tok.children if c.dep_ == "agent"
                                           for p in c.children if p.dep_ == "pobj"), None)
        for ref in dict.fromkeys(who):
            if ref in state.entities and state.entities[ref].type != "location":
                state.claims.append(Claim("carried_out", ref, event, tok.i, EXTRACTOR, role=lemma,
                                          sent_start=tok.sent.start, certainty=frame["certainty"],
                                          cues=(tok.text,), attribution=attribution))

    def _named(self, state: State, tok: Token) -> None:
        """'named / identified the perpetrator (of E) as X'."""
        for o in (c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in self.perp_nouns):
            named = [p for c in [*tok.children, *o.children] if c.dep_ == "prep" and c.lower_ == "as"
                     for p in c.children if p.dep_ == "pobj"]
            event = self._explicit_event(o) or self._event(state, tok, True)
            if named and event and one_sided(state.events[event].type):
                self._claim(state, "carried_out", [r for p in named for r in self._actor(state, p)], event, tok,
                            o.lemma_.lower())

    def _perpetrator_noun(self, state: State, tok: Token) -> None:
        """'the bomber, X, ...', 'X, the perpetrator of the attack', 'the attacker was X'."""
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.naming_verbs:
            return  # read with its verb
        who: list[str] = []
        if tok.dep_ == "appos":
            who = self._actor(state, tok.head)
        who += [r for c in tok.children if c.dep_ == "appos" for r in self._actor(state, c)]
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() == "be":
            who += [r for c in tok.head.children if c.dep_ == "attr" for r in self._actor(state, c)]
        event = self._explicit_event(tok) or self._event(state, tok, True)
        if who and event and one_sided(state.events[event].type):
            self._claim(state, "carried_out", who, event, tok, tok.lemma_.lower())

    def _targets(self, state: State, attacked: list[Token]) -> list[str]:
        """The people and forces attacked take part; a place or a building attacked ('the Kuje prison', 'the
        Mar Elias Church') is where it happened."""
        out = []
        for tok in attacked:
            if tok.lemma_.lower() in self.facilities:
                continue
            for r in self._actor(state, tok):
                words = fold(state.entities[r].name).split()
                if state.entities[r].type != "location" and words and words[-1] not in self.facilities:
                    out.append(r)
        return out

    # -- the attack noun's own phrase ----------------------------------------------
    def _attack_noun(self, state: State, tok: Token, event: str) -> None:
        """'an attack by X', "X's attack", 'a Hamas attack'; 'an offensive on X' (X is its target);
        'clashes between X and Y'."""
        mutual = schema().events[state.events[event].type].mutual
        doers: list[str] = []
        for c in tok.children:
            # "the BLA's attack", 'a Hamas attack'; but a name before the noun is often its target or place
            # ('the Jaffar Express hijack', 'the Bhutto assassination'): only a listed group is its doer
            if c.dep_ == "poss" or (c.dep_ in ("compound", "nmod") and c.i in state.token_ref
                                    and state.entities[state.token_ref[c.i]].key):
                doers += self._actor(state, c)
            elif c.dep_ == "prep" and c.lower_ == "by":
                doers += [r for p in c.children if p.dep_ == "pobj" for r in self._who(state, p)]
            elif c.dep_ == "prep" and c.lower_ in ("on", "against") and not mutual:
                self._claim(state, "participated_in", self._targets(state, [p for p in c.children if p.dep_ == "pobj"]),
                            event, tok, c.lower_, victim=True)
            elif c.dep_ == "prep" and c.lower_ in ("between", "with", "among") and mutual:
                self._claim(state, "participated_in", self._objects(state, c, ("pobj",)), event, tok, c.lower_)
        self._claim(state, "participated_in" if mutual else "carried_out", doers, event, tok, tok.lower_)


def _phrase(tok: Token) -> str:
    """Who is speaking: the noun phrase up to its head, without a leading determiner."""
    start = tok.left_edge.i
    while start < tok.i and tok.doc[start].dep_ in ("det", "punct"):
        start += 1
    return tok.doc[start:tok.i + 1].text
