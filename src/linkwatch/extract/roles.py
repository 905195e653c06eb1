"""Affiliations, kinship and fronts from noun-phrase syntax (component ``linkwatch_roles_v1``).

Every claim hangs on a role word found by a Matcher ('commander', 'brother',
'front'); the holder and the target are the names the role word is
syntactically tied to:

* pre-modifier: '[Hamas] commander [Naji Zaheer]', '[Jaish] commanders [A] and [B]'
* apposition: '[Talha Saif], brother of [Masood Azhar]', '[Qaddoumi], a [Hamas] representative'
* apposed name: 'the chief of [JeM], [Masood Azhar]'
* predicate: '[X] is the chief of [Y]', '[X] served as [Y]'s spokesman', '[X], who heads [Y]'
* front: '[PMML], which is widely viewed as a political front linked to [LeT]'

No role word, or no name on either side of it, means no claim.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from linkwatch.data import load, words
from linkwatch.extract import dates
from linkwatch.extract.holders import comma_before, government_of, set_after, set_after_group, set_beside_object
from linkwatch.extract.state import PUBLISHED, Claim, EntityInfo, State, state_of
from linkwatch.extract.syntax import conjuncts, is_plural
from linkwatch.model.schema import schema
from linkwatch.text import fold, honorifics

EXTRACTOR = "linkwatch.roles.v1"
AFFILIATIONS = frozenset(schema().in_family("affiliation"))  # the ties a person holds and may leave


class RoleFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cfg = load("roles.json")
        self.role_class: dict[str, str] = {}
        for cls, rel in (("leader", "leader_of"), ("member", "member_of"), ("kin", "relative_of")):
            for w in cfg[cls]:
                self.role_class.setdefault(w.lower(), rel)
        # Words for a group described by its tie to another, strongest reading first: a 'splinter
        # faction' is a splinter, not a front.
        self.group_nouns: list[tuple[str, frozenset[str]]] = [
            (rel, frozenset(cfg[key])) for key, rel in (("splinter", "splinter_of"), ("rival", "rival_of"),
                                                       ("supporter", "supported"), ("ally", "allied_with"),
                                                       ("front", "front_of"))]
        self.unit_nouns = frozenset(cfg["unit_nouns"])
        self.naming_verbs = frozenset(cfg["naming_verbs"])
        self.leader_verbs = frozenset(cfg["leader_verbs"])
        self.member_verbs = frozenset(cfg["member_verbs"])
        self.preps = frozenset(cfg["role_prepositions"])
        self.front_target_preps = frozenset(cfg["front_target_prepositions"])
        self.front_link_preps = frozenset(cfg["front_link_prepositions"])
        self.relatives = words("syntax.json", "relative_pronouns")
        self.link_verbs = frozenset(cfg["front_link_verbs"])
        self.modifier_pos = frozenset(cfg["np_modifier_pos"])
        self.subordinate = frozenset(cfg["subordinate_modifiers"])
        self.role_verbs = frozenset(cfg["role_verbs"])
        self.unit_roles: dict[str, str] = cfg["leader_verb_roles"]
        self.body_heads = words("names.json", "state_body_heads")
        self.body_nouns = frozenset(cfg["body_nouns"]) | frozenset(cfg["unit_nouns"])
        self.demonym_endings = words("names.json", "demonym_endings")
        self.max_mods: int = cfg["max_premodifiers"]
        self.former_words = frozenset(cfg["former_modifiers"])
        self.death_words = frozenset(cfg["death_words"])
        self.end_preps = frozenset(cfg["end_prepositions"])
        self.titles = honorifics()
        self.matcher = Matcher(nlp.vocab)
        nouns = sorted(w for w in self.role_class if " " not in w and "-" not in w)
        # Any part of speech: the tagger calls 'chief' an adjective in 'JeM chief Masood Azhar'; a
        # role word that is not a noun only counts right before a person's name (see _role).
        pos = {"IN": ["NOUN", "PROPN", "ADJ"]}
        self.matcher.add("ROLE", [[{"LEMMA": {"IN": nouns}, "POS": pos}], [{"LOWER": {"IN": nouns}, "POS": pos}]])
        # 'secretary-general', 'co-founder', 'brother-in-law': the tokenizer splits them at hyphens
        self.matcher.add("ROLE", [[p for n, part in enumerate(w.split("-"))
                                   for p in ([{"ORTH": "-"}] if n else []) + [{"LOWER": part}]]
                                  for w in self.role_class if "-" in w and " " not in w])
        group_words = sorted(w for _, ws in self.group_nouns for w in ws)
        # ('the Islamic State's affiliated news agency, Amaq': a participle qualifies the noun too)
        self.matcher.add("FRONT", [[{"LEMMA": {"IN": group_words}, "POS": {"IN": ["NOUN", "ADJ"]}}],
                                   [{"LOWER": {"IN": group_words}, "POS": {"IN": ["NOUN", "ADJ"]}}],
                                   [{"LEMMA": {"IN": group_words}, "POS": "VERB"}]])
        self.matcher.add("VERB", [[{"LEMMA": {"IN": sorted(self.leader_verbs | self.member_verbs)}, "POS": "VERB"}]])

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        seen: set[tuple[str, int]] = set()
        for match_id, s, e in self.matcher(doc):
            tok = doc[e - 1]  # the head of 'secretary - general' is its last word
            kind = doc.vocab.strings[match_id]
            if (kind, tok.i) in seen or tok.i in state.token_ref:
                continue  # 'Al-Nusrah Front' is a name, not a role
            seen.add((kind, tok.i))
            if kind == "ROLE":
                # The role's own spelling, whatever spaces the article put around its hyphens ('co - founder').
                self._role(doc, state, tok, "".join(t.lower_ for t in doc[s:e]) if e - s > 1 else None, s)
            elif kind == "FRONT":
                self._front(doc, state, tok)
            else:
                self._verb(doc, state, tok)
        self._branch_names(doc, state)
        return doc

    # -- helpers ---------------------------------------------------------
    def _ref(self, state: State, tok: Token) -> str | None:
        return state.token_ref.get(tok.i) or state.pronoun_ref.get(tok.i)

    def _type(self, state: State, ref: str | None) -> str | None:
        return state.entities[ref].type if ref in state.entities else None

    def _claim(self, state: State, rel: str, src: str | None, tgt: str | None, anchor: Token, role: str,
               np_scope: bool) -> None:
        if not src or not tgt or src == tgt:
            return
        former, ended = self._ended(state, anchor, src) if rel in AFFILIATIONS else (False, None)
        state.claims.append(Claim(rel, src, tgt, anchor.i, EXTRACTOR, role=role, np_scope=np_scope,
                                  sent_start=anchor.sent.start, former=former, ended=ended))

    # -- roles in time -----------------------------------------------------
    def _ended(self, state: State, anchor: Token, holder: str) -> tuple[bool, str | None]:
        """Has the role ended, and when? 'former'/'ex-'/'the late'/'then-' on the role word or the holder's
        name; the holder's death told in the same sentence ('the death of its leader X', 'X was killed in
        May 2021'); 'until' on the role's verb ('led the group until his death in 2021')."""
        doc = anchor.doc
        mods = [c for c in anchor.children if c.dep_ in ("amod", "compound", "advmod", "nmod")]
        before = [doc[i] for i in range(max(0, anchor.i - 3), anchor.i)]
        if any(self._former_word(t) for t in mods) or any(
                self._former_word(t) and (t.i + 1 == anchor.i or doc[t.i + 1].text in ("-", "–") or t.head == anchor)
                for t in before):
            return True, None
        for s, _ in state.entities[holder].mentions:
            i = s - 1
            while i >= 0 and doc[i].lower_.rstrip(".") in self.titles:
                i -= 1
            if i >= 0 and self._former_word(doc[i]) and doc[i].sent.start == anchor.sent.start:
                return True, None  # 'the late Mohammed Yusuf'
        for t in anchor.sent:
            if t.lemma_.lower() in self.death_words or t.lower_ in self.death_words:
                if self._about(state, t, anchor, holder):
                    return True, self._date_in(t)
            elif t.lower_ in self.end_preps and t.dep_ == "prep" and t.head.i in (anchor.i, anchor.head.i):
                return True, self._date_in(t)  # 'led the group until his death in 2021'
        return False, None

    def _former_word(self, tok: Token) -> bool:
        return tok.lower_ in self.former_words or tok.lemma_.lower() in self.former_words

    def _about(self, state: State, death: Token, anchor: Token, holder: str) -> bool:
        """Whether a death word tells of the holder's (or the role noun's) death."""
        def names(t: Token) -> bool:
            return t.i == anchor.i or self._ref(state, t) == holder or any(
                c.dep_ == "appos" and self._ref(state, c) == holder for c in t.children) or (
                t.dep_ == "appos" and (t.head.i == anchor.i or self._ref(state, t.head) == holder))
        if death.pos_ in ("VERB", "AUX"):
            return any(c.dep_ in ("nsubj", "nsubjpass") and names(c) for c in death.children)
        if death.pos_ == "ADJ" and death.dep_ in ("acomp", "amod"):  # 'X is dead', 'the dead leader'
            return (death.dep_ == "amod" and names(death.head)) or any(
                c.dep_ in ("nsubj", "nsubjpass") and names(c) for c in death.head.children)
        if death.dep_ == "dobj" and any(c.dep_ in ("nsubj", "nsubjpass") and names(c) for c in death.head.children):
            return True  # 'X committed suicide', 'X met his death'
        # 'the death of its leader, X', 'his death'
        return any((c.dep_ == "poss" and names(c)) or (c.dep_ == "prep" and c.lower_ == "of" and any(
            g.dep_ == "pobj" and names(g) for g in c.children)) for c in death.children)

    def _date_in(self, tok: Token) -> str | None:
        """The date a death or an end is given ('killed in May 2021', 'until his death in 2019')."""
        doc = tok.doc
        for ent in doc.ents:
            root = ent.root
            # the date hangs on the word itself ('killed last May') or on its preposition ('killed in May
            # 2021', 'until his death in 2021'), never on a verb of saying around it
            owner = root.head.head if root.head.dep_ == "prep" else root.head
            if ent.label_ == "DATE" and (owner.i == tok.i or (tok.dep_ == "prep" and owner.head.i == tok.i)
                                         or any(c.i == owner.i and c.dep_ == "advmod" for c in tok.children)):
                day = dates.normalise(ent.text, doc.user_data.get(PUBLISHED))
                if day:
                    return day
        return None

    def _left_name(self, doc: Doc, state: State, tok: Token) -> str | None:
        """The name written just before a role word, over a few modifiers: '[Hamas]'s senior commander'."""
        i, mods = tok.i - 1, 0
        while i >= 0 and mods <= self.max_mods:
            t = doc[i]
            ref = self._ref(state, t)
            if ref is not None:
                return ref
            # another role word ends the phrase ('Hamas commander spokesman'), unless it qualifies this
            # one: 'Hezbollah's [deputy] chief', 'ISGS [military] commander'
            qualifier = t.head.i == tok.i and t.dep_ in ("compound", "amod")
            if t.text in ("'s", "’s", "'", "’", "-", ")", "(") or t.is_quote or (
                    (t.pos_ in self.modifier_pos or (t.pos_ == "VERB" and t.dep_ == "amod")) and  # 'acting'
                    (t.lower_ not in self.role_class or qualifier)):
                i, mods = i - 1, mods + 1
                continue
            return None
        return None

    def _right_person(self, doc: Doc, state: State, tok: Token) -> tuple[str, int] | None:
        """A person named right after the role word: 'commander [Naji Zaheer]' (titles may intervene)."""
        i = tok.i + 1
        while i < len(doc) and (doc[i].lower_ in self.titles or doc[i].is_quote):
            i += 1  # titles, and the quotes of a scare-quoted role: 'ISIS "caliph" Abu Bakr al-Baghdadi'
        if i < len(doc):
            ref = state.token_ref.get(i)
            if ref and self._type(state, ref) == "person":
                end = max(e for s, e in state.entities[ref].mentions if s <= i < e)
                return ref, end
        return None

    def _own_role(self, doc: Doc, state: State, name: Token, role: Token) -> bool:
        """'Saeed's son Talha Saeed and JuD spokesman Yahya Mujahid': a name right after another role
        word holds that one, whatever the parser hung it on."""
        ref = self._ref(state, name)
        start = min((s for s, e in state.entities[ref].mentions if s <= name.i < e), default=name.i) if ref else name.i
        i = start - 1
        while i >= 0 and doc[i].lower_ in self.titles:
            i -= 1
        return i >= 0 and i != role.i and (doc[i].lower_ in self.role_class or doc[i].lemma_.lower() in self.role_class)

    def _coordinated(self, doc: Doc, state: State, end: int) -> list[str]:
        """People listed after a plural role: 'commanders A[, B] and C'."""
        out, i = [], end
        while i < len(doc) and doc[i].text in (",", "and", "&"):
            j = i
            while j < len(doc) and doc[j].text in (",", "and", "&"):
                j += 1
            ref = state.token_ref.get(j)
            if not ref or self._type(state, ref) != "person":
                break
            out.append(ref)
            i = max(e for s, e in state.entities[ref].mentions if s <= j < e)
        return out

    def _pp_names(self, state: State, tok: Token, preps: frozenset[str]) -> list[str]:
        refs: list[str] = []
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        for t in [pobj, *[c for c in pobj.children if c.dep_ == "conj"]]:
                            ref = self._ref(state, t)
                            if ref is None and t.pos_ == "NOUN":
                                # 'part of a BLA suicide squad called Majeed Brigade': the unit by its
                                # name, and the group that it belongs to
                                if t.lemma_.lower() in self.unit_nouns:
                                    refs += self._named(state, t)
                                # 'a son to the founding leader of Boko Haram, the late Mohammed Yusuf': the
                                # one who holds the role named
                                if t.lemma_.lower() in self.role_class:
                                    refs += set_beside_object(state, t)
                                # 'a member of the Houthi political council': the group named inside
                                ref = next((r for c in t.children if c.dep_ in ("compound", "poss", "amod", "nmod", "appos")
                                            and (r := self._ref(state, c))), None)
                            if ref:
                                refs.append(ref)
        return refs

    def _np_ref(self, state: State, tok: Token) -> str | None:
        """The entity a noun phrase names, through relative pronouns and appositions:
        'X, a group that ...' -> X."""
        if tok.lower_ in self.relatives and tok.head.dep_ == "relcl":
            tok = tok.head.head
        ref = self._ref(state, tok)
        if ref is None and tok.dep_ == "appos":
            ref = self._ref(state, tok.head)
        if ref is None:  # 'Hezbollah's deputy chief, Hashem Fadlallah, heads ...': the name in apposition
            ref = next((r for c in tok.children if c.dep_ == "appos" and (r := self._ref(state, c))), None)
        return ref

    def _subject(self, state: State, verb: Token) -> str | None:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return self._np_ref(state, c)
        if verb.dep_ in ("relcl", "acl") and verb.head.dep_ != "ROOT":
            return self._ref(state, verb.head)
        return None

    # -- role words ------------------------------------------------------
    def _role(self, doc: Doc, state: State, tok: Token, phrase: str | None = None, start: int | None = None) -> None:
        word = phrase or (tok.lemma_.lower() if tok.lemma_.lower() in self.role_class else tok.lower_)
        rel = self.role_class[word]
        second = next((c for c in tok.children if c.dep_ in ("compound", "amod") and c.lower_ in self.subordinate), None)
        if second is not None and rel == "leader_of":
            word, rel = f"{second.lower_} {word}", "member_of"  # a deputy chief is not the chief
        body = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                     if p.dep_ == "pobj" and p.i not in state.token_ref and p.lemma_.lower() in self.body_nouns), None)
        if body is not None and rel == "leader_of":
            word, rel = f"{word} of {body.lemma_.lower()}", "member_of"  # 'the head of the ELN delegation'
        holders: list[tuple[str, bool]] = []  # (person ref, np_scope)
        right = self._right_person(doc, state, tok)
        if tok.pos_ not in ("NOUN", "PROPN") and phrase is None:  # 'secretary-general' is a noun whatever 'general' is
            if right is None:
                return
            holders_only_right = True
        else:
            holders_only_right = False
        if right is not None:
            holders.append((right[0], True))
            if is_plural(tok):
                holders += [(r, True) for r in self._coordinated(doc, state, right[1])]
        first = doc[start] if start is not None else tok  # 'chief' of 'chief-of-staff'
        if first.i != tok.i and first.dep_ in ("nmod", "compound") and \
                self._type(state, self._ref(state, first.head)) == "person":
            # 'the chief-of-staff of the Mozambican army, Joaquim Ribas Mangrasse' parsed as a modifier of the name
            holders.append((self._ref(state, first.head), True))  # type: ignore[arg-type]
        head_ref = self._ref(state, tok.head)
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NUM", "PRON", "DET", "ADJ"):
            # 'one of its senior commanders, X', 'X, one of the founders of Y'
            part = tok.head.head
            holders += [(r, True) for c in part.children if c.dep_ == "appos"
                        and (r := self._ref(state, c)) is not None and self._type(state, r) == "person"]
            if part.dep_ == "appos" and self._type(state, self._ref(state, part.head)) == "person":
                holders.append((self._ref(state, part.head), True))  # type: ignore[arg-type]
            if part.dep_ in ("attr", "oprd") and part.head.lemma_.lower() in self.role_verbs:
                # 'X was one of the FARC's top representatives': the copula's subject is the one
                subj = self._subject(state, part.head)
                if self._type(state, subj) == "person":
                    holders.append((subj, False))  # type: ignore[arg-type]
        if holders_only_right:
            pass
        elif tok.dep_ == "appos" and self._type(state, head_ref) == "person" and not (
                any(c.dep_ == "poss" for c in tok.children) and set_after(doc, state, tok)):
            # (not in "the government of X, Colombia's president, Y,": a possessed role with a name set after
            # it is that name's, whatever the parser hung the phrase on)
            holders.append((head_ref, True))  # type: ignore[arg-type]
        elif tok.dep_ == "conj" and self._type(state, head_ref) == "person" and tok.left_edge.i > 0 and \
                doc[tok.left_edge.i - 1].text == "," and any(c.dep_ == "poss" for c in tok.children) and \
                not set_after(doc, state, tok):
            # 'Otty Patino, Colombia's chief negotiator, and ...': a possessed role after a name and a comma is
            # set beside the name, though the parser reads a list
            holders.append((head_ref, True))  # type: ignore[arg-type]
        for c in tok.children:
            if c.dep_ == "appos" and self._type(state, self._ref(state, c)) == "person" and not self._own_role(doc, state, c, tok):
                holders.append((self._ref(state, c), True))  # type: ignore[arg-type]
        verb = tok.head if tok.dep_ in ("attr", "oprd") else (
            tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "as" else None)
        if verb is not None and verb.lemma_.lower() in self.role_verbs:
            subj = self._subject(state, verb)
            if self._type(state, subj) == "person":
                holders.append((subj, False))  # type: ignore[arg-type]
                # 'Both Sandhere and Dhere are members of ...'
                for c in (c for c in verb.children if c.dep_ == "nsubj"):
                    holders += [(r, False) for t in conjuncts(c) if self._type(state, r := self._ref(state, t)) == "person"
                                and r is not None]
        if not holders_only_right:
            holders += [(r, True) for r in set_beside_object(state, tok)]
            holders += [(r, True) for r in set_after(doc, state, tok)]
            holders += [(r, True) for r in set_after_group(doc, state, tok)]
        anchor = tok
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in self.role_verbs and not holders:
            # 'its leader is X', 'its leader is an individual who goes by the name X': the predicate
            # states it, so its clause (not the subject's presupposition) carries the claim's certainty
            for attr in (c for c in tok.head.children if c.dep_ in ("attr", "oprd")):
                found = [r for r in [self._ref(state, attr), *self._named(state, attr)] if r]
                holders += [(r, False) for r in found[:1] if self._type(state, r) == "person"]
                anchor = attr
        if not holders:
            return
        want = "person" if rel == "relative_of" else "organization"
        named = self._pp_names(state, tok, self.preps)
        if first.i != tok.i:
            named += self._pp_names(state, first, self.preps)
        left = self._left_name(doc, state, doc[start] if start is not None else tok)
        named += [left] if left else []
        targets = [r for r in named if self._type(state, r) == want]
        if want == "organization":
            # "Colombia's president X", 'X, Colombia's chief negotiator': a country's office holder holds it
            # in that country's government, when the article names the government
            targets += [g for r in named if self._type(state, r) == "location" and (g := government_of(state, r, self.body_heads, self.demonym_endings))]
        for holder, np_scope in dict.fromkeys(holders):
            for target in dict.fromkeys(targets):
                self._claim(state, rel, holder, target, anchor, word, np_scope)

    # -- fronts ----------------------------------------------------------
    def _group_relation(self, word: Token, head: Token) -> str | None:
        """The tie a described group has, from the head noun and the words that qualify it: 'a
        splinter faction' is a splinter, 'a rival group' a rival, 'a front organisation' a front."""
        said = {t.lemma_.lower() for t in (head, *head.children) if t.i == head.i or t.dep_ in ("compound", "amod")}
        said |= {t.lower_ for t in (head, *head.children) if t.i == head.i or t.dep_ in ("compound", "amod")}
        said |= {word.lemma_.lower(), word.lower_}
        return next((rel for rel, ws in self.group_nouns if said & ws), None)

    def _front(self, doc: Doc, state: State, tok: Token) -> None:
        word = tok
        if tok.pos_ == "VERB" and tok.dep_ != "amod":
            return  # a participle counts only as a modifier: 'the affiliated agency', not 'X affiliated with
        if tok.dep_ in ("compound", "amod") and tok.head.pos_ == "NOUN":
            tok = tok.head  # 'a [splinter] group of X', 'a [front] organisation for X': the phrase's head
        if word.i != tok.i and any(tok.lemma_.lower() in ws or tok.lower_ in ws for _, ws in self.group_nouns):
            return  # 'splinter faction': read once, at its head, with every word that qualifies it
        rel = self._group_relation(word, tok)
        if rel is None:
            return
        holder_types = ("organization", "person") if rel == "supported" else ("organization",)
        subjects: list[tuple[str, bool]] = []
        head_ref = self._ref(state, tok.head)
        if tok.dep_ == "appos" and self._type(state, head_ref) in holder_types:
            subjects.append((head_ref, True))  # type: ignore[arg-type]
        for c in tok.children:  # 'Iran's backer, X' / 'a squad called Majeed Brigade'
            if c.dep_ == "appos" and self._type(state, self._ref(state, c)) in holder_types:
                subjects.append((self._ref(state, c), True))  # type: ignore[arg-type]
        subjects += [(r, True) for r in self._named(state, tok) if self._type(state, r) in holder_types]
        if tok.dep_ == "appos" and not subjects:
            beside = comma_before(doc, state, word, tok)
            if self._type(state, beside) in holder_types:
                subjects.append((beside, True))  # type: ignore[arg-type]
        verb = tok.head if tok.dep_ in ("attr", "oprd") else (
            tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "as" else None)
        if verb is not None:
            # 'analysts describe X as a front': the object is what the front is; else the subject
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            subj = self._np_ref(state, obj) if obj is not None else self._subject(state, verb)
            if self._type(state, subj) in holder_types:
                subjects.append((subj, False))  # type: ignore[arg-type]
        if not subjects:
            return
        targets = self._pp_names(state, tok, self.front_target_preps)
        for acl in tok.children:
            if acl.dep_ in ("acl", "amod") and acl.lemma_.lower() in self.link_verbs:
                targets += self._pp_names(state, acl, self.front_link_preps)
        left = self._left_name(doc, state, doc[min(word.i, tok.i)])
        if left:
            targets.append(left)
        role = " ".join(c.lower_ for c in tok.children if c.dep_ == "amod" and c.pos_ == "ADJ" and c.i != word.i)
        role = f"{role} {word.lower_}".strip() if word.i == tok.i else f"{role} {word.lower_} {tok.lower_}".strip()
        for subj, np_scope in dict.fromkeys(subjects):
            for target in dict.fromkeys(targets):
                if self._type(state, target) == "organization":
                    self._claim(state, rel, subj, target, tok, role, np_scope)

    def _named(self, state: State, noun: Token) -> list[str]:
        """'a suicide squad called Majeed Brigade', 'a faction known as X': the name a clause gives the noun."""
        out: list[str] = []
        doc = noun.doc
        for acl in noun.children:
            if acl.dep_ in ("acl", "relcl") and acl.lemma_.lower() in self.naming_verbs:
                for c in acl.children:
                    if c.dep_ in ("oprd", "attr", "dobj", "xcomp", "npadvmod") and (r := self._ref(state, c)):
                        out.append(r)
                    elif c.dep_ == "prep" and c.lower_ == "as":
                        out += [r for g in c.children if g.dep_ == "pobj" and (r := self._ref(state, g))]
                if not out:
                    # 'known locally as Shabaab, ...': the parser often hangs the name elsewhere; the
                    # words say it: the verb, adverbs, 'as', then the name
                    i = acl.i + 1  # ('goes by the name X')
                    while i < min(len(doc), acl.i + 6) and (doc[i].pos_ in ("ADV", "DET") or doc[i].is_quote or
                                                            doc[i].lower_ in ("as", "by", "name", "of")):
                        i += 1
                    if i < len(doc) and i > acl.i + 1 and (r := state.token_ref.get(i)):
                        out.append(r)
        return out

    def _branch_names(self, doc: Doc, state: State) -> None:
        """'the Islamic State's Central Africa Province', 'Islamic State West Africa Province': a group
        named as another's branch is its front (the scorer's affiliate). The other group is the listed one
        the gazetteer found at the head of the name, or one the document names by those words."""
        by_key = {info.key: ref for ref, info in state.entities.items() if info.key}
        for m in state.org_matches:
            branch = state.token_ref.get(m.start)
            if m.parent is None or branch is None or len(m.parent[1]) != 1:
                continue
            key = "org:" + next(iter(m.parent[1]))
            parent = by_key.get(key)
            if parent is None:  # named only inside the branch's name: the listed group is named all the same
                parent = f"e{len(state.entities) + 1}"
                while parent in state.entities:
                    parent += "p"
                state.entities[parent] = EntityInfo(parent, "organization", [(m.start, m.parent[0])], key=key,
                                                    name=doc[m.start:m.parent[0]].text)
                by_key[key] = parent
            if parent != branch:
                self._claim(state, "front_of", branch, parent, doc[m.end - 1], "branch", True)
        by_name = {fold(n): ref for ref, info in state.entities.items() if info.type == "organization"
                   for n in (info.name, *info.aliases)}
        for ref, info in state.entities.items():
            if info.type != "organization":
                continue
            for s, e in info.mentions:
                cut = next((i for i in range(s + 1, e - 1) if doc[i].text in ("'s", "’s")), None)
                parent = by_name.get(fold(doc[s:cut].text)) if cut is not None else None
                if parent is not None and parent != ref:
                    self._claim(state, "front_of", ref, parent, doc[e - 1], "branch", True)
                    break

    # -- 'X heads Y', 'X, who founded Y', 'X joined Y' -----------------------
    def _verb(self, doc: Doc, state: State, tok: Token) -> None:
        lemma = tok.lemma_.lower()
        rel = "leader_of" if lemma in self.leader_verbs else "member_of"
        subj = self._subject(state, tok)
        if self._passive_agents(doc, state, tok, rel, lemma, subj):
            return
        if self._type(state, subj) != "person":
            return
        for c in tok.children:
            if c.dep_ == "dobj":
                for t in [c, *[x for x in c.children if x.dep_ == "conj"]]:
                    ref = self._ref(state, t)
                    if self._type(state, ref) == "organization":
                        self._claim(state, rel, subj, ref, tok, self.unit_roles.get(lemma, lemma), False)
                    elif ref is None and t.pos_ == "NOUN" and lemma in self.unit_roles:
                        # 'X heads the Houthis' political council': leading a part of a group makes
                        # one its member, not its leader
                        for m in t.children:
                            unit = self._ref(state, m) if m.dep_ in ("poss", "nmod", "compound") else None
                            if self._type(state, unit) == "organization":
                                what = " ".join([*(a.lower_ for a in t.children if a.dep_ == "amod"), t.lemma_.lower()])
                                self._claim(state, "member_of", subj, unit, tok, f"{self.unit_roles[lemma]} of {what}", False)

    def _body_head(self, state: State, verb: Token, agents: list[Token], lemma: str, via: Token | None = None) -> None:
        """'the Taliban delegation, headed by X', 'a delegation of the ELN, led by X': who heads a group's delegation
        or unit is its member (body_nouns: not its leader). `via`: the verb, when `verb` is the body noun itself."""
        if via is not None:
            body: Token | None = verb
            verb = via
        else:
            body = verb.head if verb.dep_ == "acl" else next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if body is None or body.lemma_.lower() not in self.body_nouns or body.i in state.token_ref:
            return
        owners = [c for c in body.children if c.dep_ in ("compound", "poss", "nmod")]
        owners += [p for c in body.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                   for p in c.children if p.dep_ == "pobj"]
        groups = [r for o in owners if self._type(state, r := self._ref(state, o)) == "organization"]
        for a in agents:
            for t in [a, *[x for x in a.children if x.dep_ == "conj"]]:
                ref = self._ref(state, t)
                if self._type(state, ref) == "person":
                    for g in dict.fromkeys(groups):
                        self._claim(state, "member_of", ref, g, verb,
                                    f"{self.unit_roles.get(lemma, lemma)} of {body.lemma_.lower()}", False)

    def _passive_agents(self, doc: Doc, state: State, tok: Token, rel: str, lemma: str, subj: str | None) -> bool:
        """'The ELN was founded in 1964 by X and Y', 'the group, led by X': the people after 'by' hold
        the role in the group the passive verb is said of. A hyphenated verb the tokenizer splits
        ('co - founded') hangs off its prefix, whose subject is the group."""
        if lemma in self.member_verbs:
            return False
        agents = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if not agents:
            return False
        if subj is None and tok.i >= 2 and doc[tok.i - 1].text == "-" and tok.head.i == tok.i - 2:
            # (the parser may hang the subject on the prefix's auxiliary: 'The ELN was co - founded')
            for v in [tok.head, *(c for c in tok.head.children if c.dep_ in ("aux", "auxpass"))]:
                subj = subj or self._subject(state, v)
        if self._type(state, subj) != "organization":
            self._body_head(state, tok, agents, lemma)
            return True
        said_of = tok.head if tok.dep_ == "acl" else None
        if said_of is not None and said_of.dep_ == "pobj" and said_of.head.lower_ == "of" and \
                said_of.head.head.lemma_.lower() in self.body_nouns:
            # 'a delegation of the ELN, led by X': the parser hangs 'led' on the group; X leads the delegation
            self._body_head(state, said_of.head.head, agents, lemma, via=tok)
            return True
        for a in agents:
            for t in [a, *[x for x in a.children if x.dep_ == "conj"]]:
                ref = self._ref(state, t)
                if self._type(state, ref) == "person":
                    self._claim(state, rel, ref, subj, tok, self.unit_roles.get(lemma, lemma), False)
        return True
