"""Events of one document, assembled from every mention in it (component ``linkwatch_events_v1``).

A trigger noun or verb ('rally', 'the bombing', 'met', 'opened fire', 'seized the
town': :mod:`linkwatch.extract.triggers`) names an occurrence. Indefinite noun
mentions ('a recent event', 'another attack') introduce a new one; definite ones
('the event', 'the incident', 'the Gujranwala meeting', "Tuesday's attack") point
back to the latest compatible one (same type first, then one its family's broad
type or the generic type can name: 'the attack' retells a bombing, 'the meeting'
does not retell a rally), never across a clash of place or date. A trigger verb of
violence retells the latest attack of a few sentences before ('the BLA claimed the
hijacking ... the attackers opened fire') unless its date or place says otherwise.
Bare plurals with no date or place ('has carried out attacks on foreigners') and
generic mentions ('such public gatherings') are not events. Dates and places come
from the clause of each mention (:mod:`linkwatch.extract.event_context`).

Once every mention is read, each event gets its date: the most precise date its
mentions agree on; else, for a main event of the article (one its lede reports),
the week before publication as precisely as that week allows, recorded as inferred
from the publication date (the GDELT event data dates events by their article's
publication day; ACLED keeps a time precision code for vague reports). An event
told only in the background keeps no date rather than the publication's.
"""
from __future__ import annotations

from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Token

from linkwatch.data import load
from linkwatch.extract import dates
from linkwatch.extract.event_context import EventContext
from linkwatch.extract.geo import places_compatible
from linkwatch.extract.state import PUBLISHED, Claim, EventInfo, State, state_of
from linkwatch.extract.syntax import conjuncts, in_description, is_plural, sentence_of, sentence_starts
from linkwatch.extract.triggers import Mention, Triggers
from linkwatch.model.schema import schema

EXTRACTOR = "linkwatch.events.v1"
DATE_TEXT = "text"  # the text dates the event (in its own words, or relative to the publication date)
DATE_PUBLISHED = "published"  # inferred from the publication date: the article's main event, undated in the text


# Families whose later mentions tell the latest occurrence on, unless a date or place says otherwise: the
# parts of an attack ('stormed', 'opened fire'), a measure announced and then detailed ('designated X ...
# the department is designating X'). Gatherings may follow one another (a meeting, then a rally).
TOLD_ON = frozenset({"attack", "measure"})
GATHERING = schema().event_family("meeting")


class EventFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cfg = load("events.json")
        self.triggers = Triggers(nlp)
        self.context = EventContext()
        self.anaphoric = frozenset(cfg["anaphoric_determiners"])
        self.banners = frozenset(cfg["banner_nouns"])
        self.banner_preps = frozenset(cfg["banner_prepositions"])
        self.window: int = cfg["salience_window"]
        self.singular_plurals = frozenset(cfg["singular_plurals"])
        self.lede: int = cfg["lede_sentences"]
        self.lede_words: int = cfg["lede_min_words"]
        self.reporting_days: int = cfg["reporting_window_days"]
        self.period_marks = frozenset(cfg["period_prepositions"])
        self.claim_nouns = frozenset(cfg["claim_nouns"])
        self.new_markers = frozenset(cfg["new_event_markers"])
        self.earlier = frozenset(cfg["earlier_markers"])
        self.joint_markers = tuple(cfg["joint_markers"])
        self._lede_end = 0
        self._published: str | None = None
        self._starts: list[int] = []

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        published = doc.user_data.get(PUBLISHED)
        self._starts = sentence_starts(doc)
        self._lede_end = self._lede(doc)
        self._published = published
        for mention in self.triggers(doc, state):
            self._add(doc, state, mention, published)
        self._settle(doc, state, published)
        return doc

    def _definite(self, tok: Token) -> bool:
        return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in self.anaphoric) for c in tok.children)

    def _add(self, doc: Doc, state: State, m: Mention, published: str | None) -> None:
        tok, etype = m.tok, m.type
        date = self._date(doc, tok, published)
        places = self.context.places(state, tok)
        if not m.verbal and (not date or not places):
            tail_date, tail_places = self.context.tail(doc, state, tok, published)
            date = date or tail_date
            places = places or tail_places
        plural = is_plural(tok) and tok.lower_ not in self.singular_plurals  # 'the talks' is one occurrence
        if plural and not m.verbal and not date and not places and not any(
                c.dep_ in ("det", "poss", "nummod") for c in tok.children):
            return  # 'has carried out attacks on foreigners': a habit or a kind, not one occurrence
        event = None
        predicative = not m.verbal and self._predicative(tok)
        told_on = schema().event_family(etype) in TOLD_ON
        if not m.verbal and (self._definite(tok) or predicative):
            # 'the attack that targeted a hotspot', 'the hijacking of the Jaffar Express': a relative clause or
            # an 'of' naming what was hit says which, so only the same word retells
            # A clause set off by a comma only adds to what is told ('the raid, which took place far from its
            # stronghold'): it selects nothing.
            strict = not predicative and any((c.dep_ == "relcl" and not _set_off(c)) or (
                c.dep_ == "prep" and c.lower_ == "of" and any(
                    p.i in state.token_ref for p in c.children if p.dep_ == "pobj")) for c in tok.children)
            event = self._antecedent(doc, state, etype, date, places, family=predicative, plural=plural,
                                     strict=strict)
            if event is not None and not date and not strict and self._off_window(event) and not any(
                    c.lower_ in self.earlier for c in tok.children if c.dep_ in ("amod", "advmod")):
                # 'The ELN said troops had bombed a camp on December 25 ... The attack was a major setback':
                # an undated 'the attack' names the article's own story before an aside dated weeks back
                told = [e for e in state.events.values() if e is not event and e.triggers[0] < self._lede_end
                        and not self._off_window(e)]
                event = self._antecedent(doc, state, etype, date, places, family=predicative, plural=plural,
                                         strict=strict, among=told) or event
        elif (not m.verbal or schema().event_family(etype) == GATHERING) and tok.i < self._lede_end \
                and not self._another(tok):
            # The headline and the lede tell one story: 'Explosion near Karachi airport kills two ...
            # An explosion occurred near the airport ...' is one occurrence told twice; so do 'X and Y begin
            # talks' and a caption's 'X shakes hands with Y' (a verb of coming together)
            told = [e for e in state.events.values() if all(t < self._lede_end for t in e.triggers)]
            event = self._antecedent(doc, state, etype, date, places, family=True, plural=None if m.verbal else plural,
                                     among=told)
        if event is None and told_on and (m.verbal or not (plural or self._another(tok) or self._definite(tok)
                                                          or predicative)):
            # 'Al-Shabaab claimed the attack ... its fighters stormed the hotel ... the jihadis laid siege to
            # the town': a verb, or a new noun with no word of its being another, tells the latest attack on,
            # unless its place or date says otherwise
            recent = self._antecedent(doc, state, etype, date, places, family=True, plural=None if m.verbal else False,
                                      fresh=tok)
            if recent is not None and \
                    sentence_of(self._starts, tok.i) - sentence_of(self._starts, recent.triggers[-1]) <= self.window \
                    and not self._outside_report(recent, date):
                event = recent
        if event is None and not m.verbal and date and len(date) == 10 and places and not self._another(tok):
            # 'peace talks in Mexico on Friday' ... 'concluded a second round of peace talks in Mexico' (Friday):
            # the same kind of occurrence on the same day at the same place is one occurrence
            event = next((e for e in reversed(list(state.events.values())) if e.type == etype and date in e.dates
                          and set(places) & set(e.places)), None)
        if event is None and m.weak:
            return  # 'seized weapons', 'captured him': a part of an attack, but of none told here
        if event is None and plural and not m.verbal:
            apart = self._apart(state, tok)
            if apart:
                self._split(doc, state, tok, etype, date, apart)
                return
        if event is None:
            ref = f"v{len(state.events) + 1}"
            event = state.events[ref] = EventInfo(ref=ref, type=etype, plural=plural)
        else:
            # 'the event' ... 'the conference', 'the attack' ... 'the suicide bombing': the specific word names it
            event.type = schema().event_specific(event.type, etype)
        event.triggers.append(tok.i)
        event.sentences.append(tok.sent.start)
        state.claims.append(Claim("_mention", event.ref, event.ref, tok.i, EXTRACTOR, sent_start=tok.sent.start))
        if date:
            event.dates.append(date)
        event.places += [p for p in places if p not in event.places]
        name = self._banner(doc, state, tok)
        if name and not event.name:
            event.name = name

    def _date(self, doc: Doc, tok: Token, published: str | None) -> str | None:
        found = self.context.date(doc, tok, published, skip=self.period_marks)
        if found or tok.dep_ != "pobj" or tok.head.head.lemma_.lower() not in self.claim_nouns:
            return found
        # 'In 2024, the BLA claimed responsibility for attacks near ...', 'claimed responsibility on March 29
        # for the attack': the claim's date bounds the attack's, which came at most days before it.
        claim = self.context.date(doc, tok.head.head, published, skip=self.period_marks)
        return self.before(claim) if claim else None

    def before(self, day: str) -> str | None:
        """A date at most `reporting_window_days` before `day`, as precisely as that allows ('2021-03-29'
        gives 2021-03); a month or a year stays as it is."""
        if len(day) < 10:
            return day
        end = date.fromisoformat(day)
        start = end - timedelta(days=self.reporting_days)
        if start.month == end.month:
            return day[:7]
        return day[:4] if start.year == end.year else None

    @staticmethod
    def _predicative(tok: Token) -> bool:
        """'it was a bomb attack', 'in what it described as a terrorist attack', 'It is the third attack on
        the town': a noun saying what an occurrence already told was, not introducing another."""
        if tok.dep_ in ("attr", "oprd"):
            return True
        return tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.pos_ in ("VERB", "AUX")

    def _historic(self, ev: EventInfo) -> bool:
        """Dated by the text to a year before the publication's."""
        period = dates.published_period(self._published)
        return period is not None and any(d[:4].isdigit() and int(d[:4]) < period[0].year for d in ev.dates)

    def _outside_report(self, ev: EventInfo, date: str | None) -> bool:
        """'The ELN said troops had bombed a camp on December 25', in an article of 21 January about a car
        bomb its lede leaves undated: the lede's event is presumed within the reporting window before
        publication (as `_settle` dates it), so a verb dated outside that window tells another occurrence."""
        if not date or ev.dates or not all(t < self._lede_end for t in ev.triggers):
            return False
        window = self.inferred(self._published)
        return window is not None and not dates.compatible(window, date)

    def _off_window(self, ev: EventInfo) -> bool:
        """Dated by the text outside the reporting window before publication."""
        window = self.inferred(self._published)
        return window is not None and bool(ev.dates) and not any(dates.compatible(window, d) for d in ev.dates)

    def _apart(self, state: State, tok: Token) -> list[list[str]]:
        """'suicide attacks near Karachi airport and the Gwadar Port Authority Complex': attacks at coordinated
        places are one per place (each with its place, when it is a known one), unless the words make them
        one occurrence ('two back-to-back attacks in Panjgur and Nushki', 'twin bombings')."""
        before = tok.doc[tok.left_edge.i:tok.i].text.lower()
        if any(w in before for w in self.joint_markers):
            return []
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in self.context.place_preps):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                parts = [pobj, *conjuncts(pobj)]
                if len(parts) >= 2:
                    return [[r for t in [p, *p.children] if (r := state.token_ref.get(t.i))
                             and state.entities[r].type == "location"][:1] for p in parts]
        return []

    def _split(self, doc: Doc, state: State, tok: Token, etype: str, date: str | None, apart: list[list[str]]) -> None:
        told = []
        for places in apart:
            ref = f"v{len(state.events) + 1}"
            told.append(state.events.setdefault(ref, EventInfo(
                ref=ref, type=etype, triggers=[tok.i], sentences=[tok.sent.start], dates=[date] if date else [],
                places=list(places), plural=True)))  # plural words: 'the attacks' may retell them, 'the attack' not
        for event in told:
            event.twins = [e.ref for e in told if e is not event]
        state.claims.append(Claim("_mention", told[0].ref, told[0].ref, tok.i, EXTRACTOR, sent_start=tok.sent.start))

    def _another(self, tok: Token) -> bool:
        """'another attack', 'a second bombing', 'a separate incident': a new occurrence, said so."""
        return any(c.lower_ in self.new_markers for c in tok.children if c.dep_ in ("det", "amod", "advmod"))

    def _antecedent(self, doc: Doc, state: State, etype: str, date: str | None, places: list[str],
                    family: bool = False, plural: bool | None = False,
                    among: list[EventInfo] | None = None, strict: bool = False, fresh: Token | None = None
                    ) -> EventInfo | None:
        """The latest event this mention can retell: the same type first, then a compatible one (any of
        the same family for a verb, which tells a part of the occurrence: 'opened fire' in a hijacking;
        and for a noun saying what it was: 'it was a suicide attack'). A plural noun ('the attacks')
        retells plural mentions, a singular one singular mentions, a verb either (`plural` None). A mention
        that is not itself anaphoric (`fresh`: a verb, an indefinite noun) never retells an aside, unless it
        is in that aside itself ('Shekau, who he said killed himself by detonating a device')."""
        names = [state.entities[p].name for p in places]
        told = list(reversed(among if among is not None else list(state.events.values())))
        candidates = [e for e in told if plural is None or e.plural == plural]
        if plural:  # 'the kidnappings' may retell 'a mass kidnapping': plural first, then the same type
            candidates += [e for e in told if not e.plural and e.type == etype]
        aside = [e for e in candidates if all(in_description(doc[t]) for t in e.triggers)]
        # A verb tells the story on; it does not retell an aside about someone ('Shekau, behind the 2014
        # kidnapping in Chibok'). A noun may, but what the story tells comes first.
        retold = aside
        if fresh is not None:
            retold = [e for e in aside if in_description(fresh) and fresh.sent.start in e.sentences]
            if _present(fresh):  # 'the department is designating X' tells nothing of a year gone by
                candidates = [e for e in candidates if not self._historic(e)]
        own = [e for e in retold if e in candidates]  # an aside's own verb tells that aside first
        candidates = own + [e for e in candidates if e not in aside] if fresh is not None else \
            [e for e in candidates if e not in aside] + own
        fam = schema().event_family(etype)
        # The same type first, then one its type is compatible with, then (for an attack) any of its family:
        # 'the assault' retells a kidnapping carried out by storming a school, when nothing closer fits.
        for rank in (0,) if strict else (0, 1, 2):
            for ev in candidates:
                if rank == 0 and ev.type != etype:
                    continue
                if rank == 1 and not (schema().event_compatible(ev.type, etype)
                                      or (family and schema().event_family(ev.type) == fam)):
                    continue
                if rank == 2 and not (fam == "attack" and schema().event_family(ev.type) == fam):
                    continue
                if date and not all(dates.compatible(date, d) for d in ev.dates):
                    continue
                ev_names = [state.entities[p].name for p in ev.places]
                regional = any(self.context.region(doc, state, p) for p in [*places, *ev.places])
                if names and ev_names and not regional and \
                        not any(places_compatible(a, b) for a in names for b in ev_names):
                    continue
                return ev
        return None

    # -- the whole document ---------------------------------------------------
    def _settle(self, doc: Doc, state: State, published: str | None) -> None:
        """Each event's date: what its mentions agree on, else the publication's week for a main event."""
        lede = self._lede(doc)
        inferred = self.inferred(published)
        for ev in state.events.values():
            ev.historic = self._historic(ev)
            for d in ev.dates:
                if dates.compatible(ev.date, d):
                    ev.date = dates.more_precise(ev.date, d)
            ev.main = not ev.historic and any(t < lede and not in_description(doc[t]) for t in ev.triggers)
            if ev.date:
                ev.date_source = DATE_TEXT
            elif inferred and ev.main:
                ev.date, ev.date_source = inferred, DATE_PUBLISHED

    def _lede(self, doc: Doc) -> int:
        """The token where the lede ends: after the first few sentences long enough to report something
        (a headline counts; a byline, a date line or '3 min read' does not)."""
        seen = 0
        for sent in doc.sents:
            if sum(1 for t in sent if t.is_alpha) >= self.lede_words:
                seen += 1
                if seen >= self.lede:
                    return sent.end
        return len(doc)

    def inferred(self, published: str | None) -> str | None:
        """The date a main event undated in the text gets: the days from `reporting_window_days` before
        the publication period to its end, as precisely as they all agree (2024-10-20 gives 2024-10;
        2024-10-03 gives only 2024, the week reaching back into September)."""
        period = dates.published_period(published)
        if period is None:
            return None
        start, end = period[0] - timedelta(days=self.reporting_days), period[1]
        if start.year != end.year:
            return None
        return f"{end.year:04d}-{end.month:02d}" if start.month == end.month else f"{end.year:04d}"

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


def _set_off(clause: Token) -> bool:
    """A non-restrictive clause: set off from its noun by a comma, a dash or a bracket."""
    i = clause.left_edge.i
    return i > 0 and clause.doc[i - 1].text in (",", "-", "–", "—", "(")


def _present(verb: Token) -> bool:
    """A verb in the present tense ('designates', 'is designating'), not a past one told in the present."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children)
