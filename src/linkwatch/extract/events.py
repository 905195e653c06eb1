"""Event mentions, joined into events within the document (component ``linkwatch_events_v1``).

A trigger noun or verb ('rally', 'meeting', 'met', 'attack') names an
occurrence. Indefinite mentions ('a recent event', 'an anti-India rally')
introduce a new one; definite ones ('the event', 'the conference', 'the
Gujranwala meeting') point back to the latest compatible one: same type first,
then a generic one ('event', 'gathering'), never across a clash of place or
date. Generic mentions ('such public gatherings', 'these repeated visits') are
not events. Dates and places come from the clause of the mention.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from linkwatch.data import load
from linkwatch.extract import dates
from linkwatch.extract.geo import place_rank, places_compatible
from linkwatch.extract.state import PUBLISHED, Claim, EventInfo, State, state_of
from linkwatch.extract.syntax import is_plural, sentence_of, sentence_starts

EXTRACTOR = "linkwatch.events.v1"
_DATE_LABELS = frozenset({"DATE", "CARDINAL", "TIME"})
# Dependencies that start a description or another statement inside a clause: a date below one is theirs.
_OTHER_CLAUSE = frozenset({"relcl", "appos", "ccomp", "csubj", "nsubj", "nsubjpass", "advcl", "parataxis"})


class EventFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cfg = load("events.json")
        self.nouns: dict[str, str] = cfg["trigger_nouns"]
        self.verbs: dict[str, str] = cfg["trigger_verbs"]
        self.generic_types = frozenset(cfg["generic_types"])
        self.generic_dets = frozenset(cfg["generic_determiners"])
        self.anaphoric = frozenset(cfg["anaphoric_determiners"])
        self.banners = frozenset(cfg["banner_nouns"])
        self.banner_preps = frozenset(cfg["banner_prepositions"])
        self.place_preps = frozenset(cfg["place_prepositions"])
        self.window: int = cfg["salience_window"]
        self.future_aux = frozenset(cfg["future_auxiliaries"])
        self.singular_plurals = frozenset(cfg["singular_plurals"])
        self.habitual = frozenset(cfg["habitual_adverbs"])
        self.report_verbs = frozenset(load("certainty.json")["verbs"])
        places = load("place_patterns.json")
        self.place_nouns = frozenset(places["settlement_nouns"] + places["place_part_nouns"])
        self.region_words = frozenset(places["region_suffixes"])
        self.future_verbs = frozenset(cfg["future_verbs"])
        self._starts: list[int] = []
        self.matcher = Matcher(nlp.vocab)
        single = sorted(w for w in self.nouns if " " not in w)
        self.matcher.add("NOUN", [[{"LEMMA": {"IN": single}, "POS": "NOUN"}],
                                  [{"LOWER": {"IN": single}, "POS": "NOUN"}]])
        for phrase in (w for w in self.nouns if " " in w):
            *mods, head = phrase.split()
            self.matcher.add("NOUN", [[*({"LOWER": m} for m in mods), {"LEMMA": head}]])
        self.matcher.add("VERB", [[{"LEMMA": {"IN": sorted(self.verbs)}, "POS": "VERB"}]])

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        published = doc.user_data.get(PUBLISHED)
        self._starts = sentence_starts(doc)
        seen: set[int] = set()
        for match_id, s, e in sorted(self.matcher(doc), key=lambda m: (m[1], -m[2])):
            tok = doc[e - 1]
            if tok.i in seen or tok.i in state.token_ref:
                continue
            seen.add(tok.i)
            phrase = doc[s:e].text.lower() if e - s > 1 else None
            if doc.vocab.strings[match_id] == "VERB":
                etype = self.verbs[tok.lemma_.lower()]
                if not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in tok.children):
                    continue
                if any(c.dep_ == "advmod" and c.lower_ in self.habitual for c in tok.children):
                    continue  # 'has repeatedly attacked Taliban targets': a habit, not one occurrence
            else:
                etype = self.nouns.get(phrase or "", "") or self.nouns.get(tok.lemma_.lower()) or self.nouns[tok.lower_]
                if not self._specific(tok):
                    continue
            self._add(doc, state, tok, etype, published)
        return doc

    def _specific(self, tok: Token) -> bool:
        """'such public gatherings', 'meeting venue', 'no attack': not a mention of one occurrence."""
        if tok.dep_ == "compound" or tok.dep_ == "amod":
            return False
        return not any(c.lower_ in self.generic_dets or c.dep_ == "neg" or c.lower_ == "no" for c in tok.children
                       if c.dep_ in ("det", "amod", "predet", "neg", "nummod"))

    def _definite(self, tok: Token) -> bool:
        return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in self.anaphoric) for c in tok.children)

    def _add(self, doc: Doc, state: State, tok: Token, etype: str, published: str | None) -> None:
        date = self._date(doc, tok, published)
        places = self._places(state, tok)
        if tok.pos_ == "NOUN" and (not date or not places):
            tail_date, tail_places = self._tail(doc, state, tok, published)
            date = date or tail_date
            places = places or tail_places
        plural = is_plural(tok) and tok.lower_ not in self.singular_plurals  # 'the talks' is one occurrence
        event = None
        if self._definite(tok) and not plural and tok.pos_ == "NOUN":
            event = self._antecedent(doc, state, etype, date, places)
        elif tok.pos_ == "VERB" and etype == "attack":
            # 'Al-Shabaab claimed the attack ... its fighters stormed the hotel': a verb retelling
            # the latest attack, unless its place or date says otherwise
            recent = self._antecedent(doc, state, etype, date, places)
            if recent is not None and recent.type == etype and \
                    sentence_of(self._starts, tok.i) - sentence_of(self._starts, recent.triggers[-1]) <= self.window:
                event = recent
        if event is None:
            ref = f"v{len(state.events) + 1}"
            event = state.events[ref] = EventInfo(ref=ref, type=etype, plural=plural)
        elif event.type in self.generic_types and etype not in self.generic_types:
            event.type = etype  # 'the event' ... 'the conference': the specific word names it better
        event.triggers.append(tok.i)
        event.sentences.append(tok.sent.start)
        state.claims.append(Claim("_mention", event.ref, event.ref, tok.i, EXTRACTOR, sent_start=tok.sent.start))
        if date:
            event.dates.append(date)
        event.places += [p for p in places if p not in event.places]
        name = self._banner(doc, state, tok)
        if name and not event.name:
            event.name = name

    def _antecedent(self, doc: Doc, state: State, etype: str, date: str | None, places: list[str]) -> EventInfo | None:
        names = [state.entities[p].name for p in places]
        candidates = [e for e in reversed(list(state.events.values())) if not e.plural]
        for same_type in (True, False):
            for ev in candidates:
                if (ev.type == "attack") != (etype == "attack"):
                    continue
                if same_type and ev.type != etype:
                    continue
                if not same_type and ev.type not in self.generic_types and etype not in self.generic_types:
                    continue
                if date and not all(dates.compatible(date, d) for d in ev.dates):
                    continue
                ev_names = [state.entities[p].name for p in ev.places]
                regional = any(self._region(doc, state, p) for p in [*places, *ev.places])
                if names and ev_names and not regional and \
                        not any(places_compatible(a, b) for a in names for b in ev_names):
                    continue
                return ev
        return None

    def _region(self, doc: Doc, state: State, ref: str) -> bool:
        """'Borno state', 'Menaka region': a region holds towns the text names elsewhere ('Marte'), so
        it never rules out an antecedent, as a country does not."""
        for _, e in state.entities[ref].mentions:
            for t in (doc[e - 1], doc[e] if e < len(doc) else None):
                if t is not None and t.lower_ in self.region_words:
                    return True
        return False

    # -- when and where ---------------------------------------------------
    def _clause(self, tok: Token) -> Token:
        """The verb whose clause holds `tok` (the token itself for a verb)."""
        cur = tok
        for _ in range(40):
            if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
                return cur
            cur = cur.head
        return cur

    def _date(self, doc: Doc, tok: Token, published: str | None) -> str | None:
        """A date in the mention's clause or in a clause above it ('In February 2025, he ... addressed a rally'),
        or one the mention hangs from ('2023, when he attended events')."""
        clause = self._clause(tok)
        above = {clause.i, *(a.i for a in clause.ancestors)}
        future = self._future(clause)
        best: tuple[int, str] | None = None
        for ent in tok.sent.ents:
            if ent.label_ not in _DATE_LABELS:
                continue
            value = dates.normalise(ent.text, published, future)
            if not value:
                continue
            root = ent.root
            if root.i in {a.i for a in tok.ancestors}:
                ok = not self._nested(tok)
            elif tok.i in {t.i for t in root.ancestors}:
                ok = self._own_date(root, tok)
            else:
                holder = self._clause(root)
                ok = holder.i in above and not self._nested(tok) and not self._report_date(holder, clause)
            if ok:
                distance = abs(root.i - tok.i)
                if best is None or distance < best[0]:
                    best = (distance, value)
        return best[1] if best else None

    def _report_date(self, holder: Token, clause: Token) -> bool:
        """'X said on Monday that Y had been killed in a strike': a date on a verb of saying whose
        reported clause holds the mention dates the saying. ('In February, he is said to have visited
        ...' is no such case: the passive 'is said to' reports nothing of its own.)"""
        if holder.i == clause.i or holder.lemma_.lower() not in self.report_verbs:
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

    def _future(self, clause: Token) -> bool:
        """'will meet on Friday', 'is scheduled to hold a rally on March 3': the clause or one above it
        speaks of what is to come, so a bare weekday or yearless date lies after publication."""
        for verb in [clause, *clause.ancestors]:
            if verb.lemma_.lower() in self.future_verbs and verb.pos_ in ("VERB", "ADJ"):
                return True
            if any(c.dep_ == "aux" and c.lower_ in self.future_aux for c in verb.children):
                return True
            if verb.dep_ not in ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl"):
                break  # past a subordinate clause's own verb, the cue would belong to someone else
        return False

    def _tail(self, doc: Doc, state: State, tok: Token, published: str | None) -> tuple[str | None, list[str]]:
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
            if t.ent_type_ in _DATE_LABELS and t.ent_iob_ == "B" and date is None:
                ent = next(e for e in t.sent.ents if e.start == t.i)
                if ent.end <= tok.sent.end:
                    date = dates.normalise(ent.text, published, self._future(self._clause(tok)))
        return date, places

    def _nested(self, tok: Token) -> bool:
        """'denied any role in the attack': the mention sits inside another noun's phrase, so the
        clause's date ('on Friday') belongs to the denial, not to the attack."""
        if tok.pos_ != "NOUN" or tok.dep_ != "pobj":
            return False
        governor = tok.head.head  # the word the preposition attaches to
        return governor.pos_ in ("NOUN", "PROPN") and governor.i not in {t.i for t in tok.subtree}

    def _places(self, state: State, tok: Token) -> list[str]:
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

        from_preps(tok)
        for c in tok.children:
            # 'the Gujranwala meeting'; but a country before an event names a side, not a place:
            # 'a US strike', 'the Iran talks'
            if c.dep_ in ("compound", "nmod", "amod") and not (
                    c.i in state.token_ref and place_rank(state.entities[state.token_ref[c.i]].name) == 0):
                add(c)
        clause = self._clause(tok)
        if clause.i != tok.i and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
            from_preps(clause, 1)
        if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
            add(clause.head)
        return out

    def _banner(self, doc: Doc, state: State, tok: Token) -> str | None:
        """'organized under the banner of [Al Aqsa Floods]': the banner names the event; it is not an actor."""
        for t in tok.sent:
            if t.lemma_.lower() in self.banners and t.head.lower_ in self.banner_preps:
                for prep in t.children:
                    if prep.lower_ == "of":
                        for pobj in prep.children:
                            ref = state.token_ref.get(pobj.i)
                            if ref:
                                state.banner_spans.update(state.entities[ref].mentions)
                                return state.entities[ref].name
        return None
