"""When and where one event mention happened, from its sentence (used by ``linkwatch_events_v1``).

A date counts for a mention when it sits in the mention's clause or a clause above it ('In
February 2025, he ... addressed a rally'), below the mention but not inside a description of
something else ('Ansarul Islam, a group that joined JNIM in 2017, attacked a post on Sunday'),
and not on a verb of saying that reports the mention ('X said on Monday that Y had been killed').
A place counts when it is attached to the mention ('the attack on the hotel in Mogadishu', 'the
Gujranwala meeting', 'took place in Gujranwala', 'PoK, where he addressed a rally').
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from linkwatch.data import load
from linkwatch.extract import dates
from linkwatch.extract.geo import place_rank
from linkwatch.extract.state import State

DATE_LABELS = frozenset({"DATE", "CARDINAL", "TIME"})
# Dependencies of a date that modifies a noun ('the 2016 peace accord', 'its 2019 offensive').
_NOUN_MODIFIER = frozenset({"compound", "nummod", "amod", "nmod", "poss"})
# Dependencies that start a description or another statement inside a clause: a date below one is theirs.
_OTHER_CLAUSE = frozenset({"relcl", "appos", "ccomp", "csubj", "nsubj", "nsubjpass", "advcl", "parataxis"})


class EventContext:
    def __init__(self) -> None:
        cfg = load("events.json")
        self.place_preps = frozenset(cfg["place_prepositions"])
        self.future_aux = frozenset(cfg["future_auxiliaries"])
        self.future_verbs = frozenset(cfg["future_verbs"])
        self.report_verbs = frozenset(load("certainty.json")["verbs"])
        self.reactions = frozenset(cfg["reaction_verbs"])
        self.partitives = frozenset(cfg["partitive_nouns"])
        self.day_parts = frozenset(load("dates.json")["day_parts"])
        places = load("place_patterns.json")
        self.place_nouns = frozenset(places["settlement_nouns"] + places["place_part_nouns"])
        self.region_words = frozenset(places["region_suffixes"])
        # words of taking a place ('captured the port of X', 'the seizure of X'): the place taken is where
        self.taking = frozenset(cfg["place_trigger_verbs"]) | frozenset(cfg["place_trigger_nouns"])

    def clause(self, tok: Token) -> Token:
        """The verb whose clause holds `tok` (the token itself for a verb)."""
        cur = tok
        for _ in range(40):
            if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
                return cur
            cur = cur.head
        return cur

    def date(self, doc: Doc, tok: Token, published: str | None, skip: frozenset[str] = frozenset()) -> str | None:
        """A date in the mention's clause or in a clause above it ('In February 2025, he ... addressed a rally'),
        or one the mention hangs from ('2023, when he attended events'). A date after one of `skip` ('since
        2018', 'until March') bounds a period rather than dating an occurrence."""
        clause = self.clause(tok)
        above = {clause.i, *(a.i for a in clause.ancestors)}
        future = self.future(clause)
        base = tok
        while base.dep_ == "appos" and base.head.i != base.i:
            base = base.head  # 'condemn the car bombing, the deadliest attack in years'
        governor = base.head if base.dep_ == "dobj" else base.head.head if base.dep_ == "pobj" else None
        reaction = governor is not None and governor.pos_ == "VERB" and governor.lemma_.lower() in self.reactions
        best: tuple[int, str] | None = None
        for ent in tok.sent.ents:
            if ent.label_ not in DATE_LABELS:
                continue
            root = ent.root
            if self._bound(doc, ent.start, root, skip) and root.i not in {a.i for a in tok.ancestors}:
                continue  # 'since 2018' bounds a period; but 'since August 2020, when insurgents occupied ...'
            value = dates.normalise(date_text(ent), published, future)
            if not value:
                continue
            if root.dep_ in _NOUN_MODIFIER and root.head.pos_ == "NOUN" and root.head.i != tok.i \
                    and root.head.ent_type_ not in DATE_LABELS and root.head.lemma_.lower() not in self.day_parts \
                    and tok.i not in {a.i for a in root.head.ancestors}:
                continue  # 'after the 2016 peace accord': the year dates the accord, not this mention
            if reaction and tok.i not in {a.i for a in root.ancestors}:
                continue  # 'marched on Sunday to condemn the bombing': Sunday dates the march
            if root.i in {a.i for a in tok.ancestors}:
                ok = not self._nested(tok)
            elif tok.i in {t.i for t in root.ancestors}:
                ok = self._own_date(root, tok)
            else:
                holder = self.clause(root)
                ok = holder.i in above and not self._nested(tok) and not self._report_date(holder, clause)
            if ok:
                distance = abs(root.i - tok.i)
                if best is None or distance < best[0]:
                    best = (distance, value)
        return best[1] if best else None

    @staticmethod
    def _bound(doc: Doc, start: int, root: Token, skip: frozenset[str]) -> bool:
        """'since 2018', 'since the defeat of its caliphate in March 2019': the date bounds a period."""
        if start > 0 and doc[start - 1].lower_ in skip:
            return True
        cur = root
        for _ in range(8):
            if cur.dep_ in ("ROOT", "relcl", "ccomp", "advcl") or cur.pos_ in ("VERB", "AUX"):
                return False
            if cur.dep_ == "prep" and cur.lower_ in skip:
                return True
            cur = cur.head
        return False

    def _report_date(self, holder: Token, clause: Token) -> bool:
        """'X said on Monday that Y had been killed in a strike': a date on a verb of saying whose
        reported clause holds the mention dates the saying. ('In February, he is said to have visited
        ...' is no such case: the passive 'is said to' reports nothing of its own.)"""
        if holder.i == clause.i:
            return False
        # any verb of saying between the mention's clause and the date's ('forces deployed last month said
        # Sunday they had recaptured the port'): what is said has a time of its own
        for verb in [a for a in clause.ancestors if a.i != holder.i and holder.i in {x.i for x in a.ancestors}]:
            if verb.lemma_.lower() in self.report_verbs and not any(c.dep_ in ("nsubjpass", "auxpass")
                                                                    for c in verb.children):
                return True
        if holder.lemma_.lower() not in self.report_verbs:
            return False
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in holder.children):
            return False
        reported = {c.i for c in holder.children if c.dep_ == "ccomp"}
        return any(a.i in reported for a in [clause, *clause.ancestors])

    def _own_date(self, root: Token, tok: Token) -> bool:
        """A date below the mention is its own unless a description or another clause holds it:
        'Ansarul Islam, a group that joined JNIM [in 2017], attacked a post [on Sunday]'."""
        cur = root
        while cur.i != tok.i:
            if cur.dep_ in _OTHER_CLAUSE:
                return False
            cur = cur.head
        return True

    def future(self, clause: Token) -> bool:
        """'will meet on Friday', 'is scheduled to hold a rally on March 3': the clause or one above it
        speaks of what is to come, so a bare weekday or yearless date lies after publication."""
        for verb in [clause, *clause.ancestors]:
            if verb.lemma_.lower() in self.future_verbs and verb.pos_ in ("VERB", "ADJ") and \
                    not any(c.dep_ == "prt" for c in verb.children):
                return True  # ('set up a dialogue table this Monday': a phrasal verb of doing, not 'set to')
            if any(c.dep_ == "aux" and c.lower_ in self.future_aux for c in verb.children):
                return True
            if verb.dep_ not in ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl"):
                break  # past a subordinate clause's own verb, the cue would belong to someone else
        return False

    def tail(self, doc: Doc, state: State, tok: Token, published: str | None) -> tuple[str | None, list[str]]:
        """Places and dates written right after the mention, before the next verb or comma: 'the
        bombing at a police station in Bannu last week'. The small model often hangs such phrases on
        the main verb ('denied ... at a police station'); read in order, they still describe the noun."""
        date, places = None, []
        prep_seen = False
        for t in doc[tok.i + 1: min(tok.sent.end, tok.i + 14)]:
            if t.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ", "PRON") or t.is_punct:
                break
            if t.pos_ == "ADP":
                prep_seen = t.lower_ in self.place_preps or prep_seen
                continue
            ref = state.token_ref.get(t.i)
            if ref and prep_seen and state.entities[ref].type == "location" and ref not in places:
                places.append(ref)
            if t.ent_type_ in DATE_LABELS and t.ent_iob_ == "B" and date is None:
                ent = next(e for e in t.sent.ents if e.start == t.i)
                if ent.end <= tok.sent.end:
                    date = dates.normalise(date_text(ent), published, self.future(self.clause(tok)))
        return date, places

    def _nested(self, tok: Token) -> bool:
        """'denied any role in the attack': the mention sits inside another noun's phrase, so the
        clause's date ('on Friday') belongs to the denial, not to the attack."""
        if tok.pos_ != "NOUN" or tok.dep_ != "pobj":
            return False
        governor = tok.head.head  # the word the preposition attaches to
        if tok.head.lower_ == "of" and governor.lemma_.lower() in self.partitives:
            return False  # 'concluded a second round of talks': the round is the talks
        return governor.pos_ in ("NOUN", "PROPN") and governor.i not in {t.i for t in tok.subtree}

    def places(self, state: State, tok: Token) -> list[str]:
        """Places attached to the mention: 'event in [PoK]', 'the [Gujranwala] meeting', 'took place in
        [Gujranwala]', '[PoK], where he addressed a rally'."""
        out: list[str] = []

        def add(t: Token) -> None:
            ref = state.token_ref.get(t.i)
            if ref and state.entities[ref].type == "location" and ref not in out:
                out.append(ref)

        def from_preps(head: Token, depth: int = 2) -> None:
            # 'attack on the Sahafi Hotel in Mogadishu', 'met X in Miranshah': one step down a
            # prepositional chain, or through the object, still describes where it happened
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in self.place_preps | {"on", "against", "outside"}:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            add(pobj)
                            if depth > 1:
                                from_preps(pobj, depth - 1)
                            if pobj.lemma_.lower() in self.place_nouns:
                                of_place(pobj)
                                for c in pobj.children:  # 'in [Balochistan] province'
                                    if c.dep_ in ("compound", "nmod"):
                                        add(c)
                elif prep.dep_ in ("dobj", "acl") and depth > 1:
                    from_preps(prep, depth - 1)

        def of_place(noun: Token) -> None:
            # 'near the town of [Tidermene] in [Menaka] region', 'the southern suburbs of [Beirut]'
            for prep in noun.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            add(pobj)
                            from_preps(pobj, 1)

        def taken(t: Token, depth: int) -> None:
            # 'recaptured control of the key port of [Mocimboa da Praia]', "[Palma]'s seizure"
            add(t)
            for c in t.children:
                if c.dep_ in ("compound", "appos"):
                    add(c)
                elif c.dep_ == "prep" and c.lower_ == "of" and depth > 0:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            taken(p, depth - 1)

        from_preps(tok)
        for c in tok.children if tok.pos_ in ("VERB", "AUX") else ():
            # 'insurgents attacked [Palma] town', 'stormed the town of [Kankara]', '[Palma] was attacked': the
            # place a verb acts on is where it happened
            if c.dep_ in ("dobj", "nsubjpass"):
                add(c)
                if c.lemma_.lower() in self.place_nouns:
                    of_place(c)
                    for m in c.children:
                        if m.dep_ in ("compound", "nmod"):
                            add(m)
        if tok.lemma_.lower() in self.taking:
            for c in tok.children:
                if c.dep_ in (("dobj", "nsubjpass") if tok.pos_ in ("VERB", "AUX") else ("poss",)):
                    taken(c, 2)
                elif c.dep_ == "prep" and c.lower_ == "of" and tok.pos_ not in ("VERB", "AUX"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            taken(p, 2)
        for c in tok.children:
            # 'the Gujranwala meeting'; but a country before an event names a side, not a place:
            # 'a US strike', 'the Iran talks'
            if c.dep_ in ("compound", "nmod", "amod") and not (
                    c.i in state.token_ref and place_rank(state.entities[state.token_ref[c.i]].name) == 0):
                add(c)
        clause = self.clause(tok)
        if clause.i != tok.i and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
            from_preps(clause, 1)
        if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
            add(clause.head)
        if not out and tok.sent.start > 0 and any(c.lower_ == "there" and c.dep_ == "advmod" for c in clause.children):
            # 'There, the insurgents launched an offensive': the place the sentence before ended on
            before = tok.doc[tok.sent.start - 1].sent
            for t in reversed(before):
                ref = state.token_ref.get(t.i)
                if ref and state.entities[ref].type == "location":
                    out.append(ref)
                    break
        return out

    def region(self, doc: Doc, state: State, ref: str) -> bool:
        """'Borno state', 'Menaka region': a region holds towns the text names elsewhere ('Marte'), so
        it never rules out an antecedent, as a country does not."""
        for _, e in state.entities[ref].mentions:
            for t in (doc[e - 1], doc[e] if e < len(doc) else None):
                if t is not None and t.lower_ in self.region_words:
                    return True
        return False


_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?", re.I)


def date_text(ent: Span) -> str:
    """A date entity's words with the day number the model left outside it ('on [2nd] August 1974' tagged
    'August 1974'): a date as precise as the text gives it."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and _DAY.fullmatch(before.text) and before.ent_type_ == "":
        return f"{before.text} {ent.text}"
    return ent.text
