"""Event coreference: one real-world event reported by several documents is one event.

Two reports are compared on date (compatible at different precision: 2025-02-05
lies in 2025-02; a date inferred from a report's publication date only says "on or
before": a bombing dated 5 July is the one a report published on 7 July describes
without a date), place (the same, or one containing the other: Rawalakot lies in
Azad Kashmir), type (one family, as linkwatch/schema/events.yaml groups them: one
outlet's bombing is another's attack; an attack is not a rally), shared perpetrators,
participants and organisers (directly, or through a stated affiliation: a group's leader
reported at one, the group at the other), and name. A clear contradiction in date, place
or type rules a merge out. Reports of compatible type whose dates agree and who share an
actor are one occasion when their places nest, or, where one does not say where (or names
only the country), when their dates together pin the day: the same day, or a day within
the month a report's undated main event is inferred from (`same_occasion`);
otherwise the weighted features decide. An undated report merges only on a shared place
and shared people. Distinct events at
one place stay apart when their dates or actors differ. Each feature is a function
whose docstring is the explanation ``linkwatch explain`` shows.

A report that matches two stored events joins them into one: the report bridges what
earlier reports left apart, whatever order they came in.

Candidates come from ``event_keys``: month + place, month + person, month + any actor
(a group too), month + a group its people are stated to belong to ("mg:", whenever a
document states it: an event naming the group looks there), and place + person for undated reports; a report dated from its
publication date also looks in the month before. An event is filed under month + its own place ("ml:") and under
month + each place containing it ("mi:", inside); a report looks up its own place and
the regions containing it ("ml:": reports there or placed more coarsely) and what lies
inside its place ("mi:"). Reports from sibling places (another city of the same province)
are not candidates: their places contradict, so they could never merge, and the province
block grows with the store. (A key by day alone was dropped for the same reason: every
event on one day, anywhere, is a block that grows with the store.) Events an analyst
judged the same as this report are candidates whatever their keys.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace

from linkwatch.model import Document, Entity, Event, LocalEvent, MatchOutcome, make_id
from linkwatch.model.schema import schema
from linkwatch.resolve.judgements import Judgements, Side
from linkwatch.resolve.places import Gazetteer
from linkwatch.store.base import Store, Writer
from linkwatch.text import fold

MERGE = 0.75
UNSURE = 0.5
RECONCILE_ROUNDS = 3  # an event that gained from a report is compared again; one round settles it in practice
# Types that can name one occasion share a family in linkwatch/schema/events.yaml: a "rally" in one
# report is a "conference" in another. The generic type ("event") is compatible with every family.
FAMILY = {e.name: e.family for e in schema().events.values() if e.family}
GENERIC = schema().generic_event


INFERRED = "published"  # LocalEvent/Event.date_source of a date inferred from the publication date


@dataclass
class EventProfile:
    id: str | None
    type: str
    date: str | None
    place: str | None  # place key (geonames:/place:) or "eid:<entity id>" for places the gazetteer lacks
    actors: set[str] = field(default_factory=set)  # participant and organiser entity ids
    persons: set[str] = field(default_factory=set)  # the actors known to be people
    name: str | None = None
    inferred: bool = False  # the date is the report's publication date: the event is on or before it
    allied: set[str] = field(default_factory=set)  # groups its people are stated to belong to or lead


def shared(a: EventProfile, b: EventProfile) -> set[str]:
    """The actors two reports share: named by both, or a group one names that the other's people are
    stated to belong to or lead (a leader reported at one event, his group at the other). Two people of
    one group are not thereby one actor: two members of a group attend many different rallies."""
    return (a.actors & b.actors) | (a.actors & b.allied) | (a.allied & b.actors)


def _date_relation(a: str | None, b: str | None, a_inferred: bool = False, b_inferred: bool = False) -> float:
    if not a or not b:
        return 0.0
    if a_inferred or b_inferred:
        # "On or before the publication date": compatible with any date not after it, weakly.
        if a_inferred and b_inferred:
            return 0.3
        inferred, other = (a, b) if a_inferred else (b, a)
        n = min(len(inferred), len(other))
        return 0.5 if other[:n] <= inferred[:n] else -1.0
    short, long = sorted((a, b), key=len)
    if not long.startswith(short):
        return -1.0
    return 1.0 if short == long and len(short) >= 10 else 0.8 if len(short) >= 7 else 0.5


def _pinned(a: EventProfile, b: EventProfile) -> bool:
    """Together the dates name the day: the same day in both, or a day the text gives and a date
    inferred from the other report's publication (its undated main event) in that day's month and not
    before it. A month the text gives does not pin a day: one group's two attacks in one month, one
    report placing the first and the other dating the second, are two events."""
    if not a.date or not b.date:
        return False
    if a.inferred or b.inferred:
        inferred, other = (a.date, b.date) if a.inferred else (b.date, a.date)
        return len(inferred) >= 7 and len(other) >= 10 and other[:7] == inferred[:7] \
            and other[:len(inferred)] <= inferred
    return a.date == b.date and len(a.date) >= 10


class EventFeatures:
    """The event features, bound to a gazetteer for place containment."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def date_agreement(self, a: EventProfile, b: EventProfile) -> float:
        """Dates agree: 1.0 the same day; 0.8 the same month, or a day within a month
        (2025-02-05 and 2025-02); 0.5 only the year, or a date not after another report's publication
        date (its undated "the attack"); 0 when either is undated; -1 when they differ."""
        return _date_relation(a.date, b.date, a.inferred, b.inferred)

    def place_agreement(self, a: EventProfile, b: EventProfile) -> float:
        """Places agree: 1.0 the same place; 0.7 one lies in the other (Rawalakot in Azad Kashmir);
        0.4 the same country and nothing finer; 0.3 one is only the other's country; 0 unknown, or a
        continent or a region of several countries (West Africa) against another place; -1 two different
        places."""
        if not a.place or not b.place:
            return 0.0
        pa, pb = self.gazetteer.place(a.place), self.gazetteer.place(b.place)
        if a.place == b.place:
            return 0.4 if pa is not None and (pa.feature == "country" or pa.wide) else 1.0
        if pa is None or pb is None or pa.wide or pb.wide:
            return 0.0  # a place the gazetteer does not know, or one no country holds: cannot tell containment
        for outer, inner in ((pa, pb), (pb, pa)):
            if self.gazetteer.contains(outer.key, inner.key):
                return 0.3 if outer.feature == "country" else 0.7
        return -1.0

    def type_agreement(self, a: EventProfile, b: EventProfile) -> float:
        """Types agree: 1.0 the same; 0.5 compatible (rally, conference, gathering, meeting,
        or a generic "event"); -1 incompatible (an attack is not a rally)."""
        if a.type == b.type:
            return 1.0
        if GENERIC in (a.type, b.type) or FAMILY.get(a.type, a.type) == FAMILY.get(b.type, b.type):
            return 0.5
        return -1.0

    def shared_actors(self, a: EventProfile, b: EventProfile) -> float:
        """People and groups reported at both, as perpetrators, participants or organisers, directly or
        through a stated affiliation (a group's leader at one, the group at the other): 0.5 each, up to 1;
        -1 when both name actors and none is shared (two attacks by two groups at one place)."""
        both = shared(a, b)
        if a.actors and b.actors and not both:
            return -1.0
        return min(1.0, len(both) / 2)

    def same_name(self, a: EventProfile, b: EventProfile) -> float:
        """Both reports give the event the same name (Kashmir Solidarity Day)."""
        return 1.0 if a.name and b.name and fold(a.name) == fold(b.name) else 0.0

    def same_occasion(self, a: EventProfile, b: EventProfile) -> float:
        """One occasion by the rule: compatible types, dates that agree (one the other's day or month,
        or a text date on or before another report's publication date), a shared perpetrator,
        participant or organiser (directly or through a stated affiliation), and places that nest below
        the country; where one report does not say where, or names only the country, the dates must pin
        the day: the same day in both, or a day within the month a report's undated main event is
        inferred from (its publication), not after it."""
        if not (a.date and b.date and shared(a, b)) or self.type_agreement(a, b) < 0:
            return 0.0
        dates, places = self.date_agreement(a, b), self.place_agreement(a, b)
        if dates < 0.5 or places < 0 or (a.inferred and b.inferred):
            return 0.0
        if places >= 0.7:
            return 1.0
        return 1.0 if _pinned(a, b) else 0.0

    def all(self) -> list[Callable[[EventProfile, EventProfile], float]]:
        return [self.date_agreement, self.place_agreement, self.type_agreement, self.shared_actors, self.same_name,
                self.same_occasion]


WEIGHTS = {"date_agreement": 0.4, "place_agreement": 0.4, "type_agreement": 0.1, "shared_actors": 0.3,
           "same_name": 0.2, "same_occasion": 0.0}
EXPLANATIONS = {name: inspect.getdoc(getattr(EventFeatures, name)) or "" for name in WEIGHTS}


def score_events(features: EventFeatures, a: EventProfile, b: EventProfile) -> tuple[float, dict[str, float]]:
    values = {f.__name__: round(f(a, b), 3) for f in features.all()}
    if min(values["date_agreement"], values["place_agreement"], values["type_agreement"]) < 0:
        return 0.0, values  # a contradiction: two events
    if values["shared_actors"] < 0:
        # Different actors at one place and time: two events unless an analyst says otherwise.
        return round(min(UNSURE - 0.05, sum(WEIGHTS[k] * max(v, 0) for k, v in values.items())), 3), values
    score = min(1.0, sum(WEIGHTS[k] * v for k, v in values.items()))
    if values["same_occasion"]:
        return max(round(score, 3), MERGE), values
    if not a.date or not b.date:
        # Undated: only a shared place and shared people (at least two actors, one a person) make one event.
        strong = values["place_agreement"] >= 0.7 and len(a.actors & b.actors) >= 2 \
            and bool((a.persons | b.persons) & a.actors & b.actors)
        if not strong:
            score = min(score, UNSURE - 0.05)
    return round(score, 3), values


def index_keys(date: str | None, places: list[str], persons: set[str], actors: Collection[str] = (),
               allied: Collection[str] = ()) -> set[str]:
    """Keys an event is filed under; `places` holds its place first, then every place containing it;
    `allied`, the groups its people belong to ("mg:", month + a member's group)."""
    keys: set[str] = set()
    here, around = places[:1], places[1:]
    if date and len(date) >= 7:
        keys |= {f"ml:{date[:7]}|{p}" for p in here} | {f"mi:{date[:7]}|{p}" for p in around}
        keys |= {f"mp:{date[:7]}|{x}" for x in persons} | {f"ma:{date[:7]}|{x}" for x in actors}
        keys |= {f"mg:{date[:7]}|{g}" for g in allied}
    elif date:
        keys |= {f"yl:{date[:4]}|{p}" for p in here} | {f"yi:{date[:4]}|{p}" for p in around}
        keys |= {f"yp:{date[:4]}|{x}" for x in persons}
    keys |= {f"lp:{p}|{x}" for p in places for x in persons}
    return keys


def query_keys(date: str | None, places: list[str], persons: set[str], actors: Collection[str] = (),
               inferred: bool = False, allied: Collection[str] = ()) -> set[str]:
    """Keys to find candidate events by; `places` holds the event's place first, then the regions
    (not countries) containing it: a report placed in a province finds one placed in its city
    (filed inside the province), one placed in the city finds one placed in its province. A date
    inferred from the publication date looks in its month and the month before. A group the report
    names finds its members' events ("mg:"); its people's groups (`allied`) find events naming the group
    ("ma:"), not other members' events: those share no actor (:func:`shared`), and the block of a big
    group's members grows with the store."""
    keys: set[str] = set()
    here = places[:1]
    if date:
        year = date[:4]
        months = [date[:7]] if len(date) >= 7 else [f"{year}-{m:02d}" for m in range(1, 13)]
        if inferred and len(date) >= 7:
            months.append(_month_before(date[:7]))
        for ym in months:
            keys |= {f"ml:{ym}|{p}" for p in places} | {f"mi:{ym}|{p}" for p in here}
            keys |= {f"mp:{ym}|{x}" for x in persons} | {f"ma:{ym}|{x}" for x in [*actors, *allied]}
            keys |= {f"mg:{ym}|{x}" for x in actors}
        keys |= {f"yl:{year}|{p}" for p in places} | {f"yi:{year}|{p}" for p in here}
        keys |= {f"yp:{year}|{x}" for x in persons}
    keys |= {f"lp:{p}|{x}" for p in places for x in persons}
    return keys


def _month_before(month: str) -> str:
    year, m = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if m == 1 else f"{year}-{m - 1:02d}"


class EventResolver:
    def __init__(self, store: Store, gazetteer: Gazetteer) -> None:
        self.store = store
        self.gazetteer = gazetteer
        self.features = EventFeatures(gazetteer)

    def place_key(self, location_id: str | None, known: dict[str, str], stubs: dict[str, Entity] | None = None
                  ) -> str | None:
        """The place key of a location entity: its gazetteer key, else its own id."""
        if not location_id:
            return None
        if location_id in known:
            return known[location_id]
        found = stubs.get(location_id) if stubs is not None else next(iter(self.store.entity_stubs([location_id])),
                                                                        None)
        if found is not None and found.key and found.key.startswith(("geonames:", "place:")):
            return found.key
        return f"eid:{location_id}"

    def _places(self, place: str | None, countries: bool) -> list[str]:
        if not place:
            return []
        outer = [p.key for p in self.gazetteer.containers(place) if countries or p.feature != "country"]
        return [place, *outer]

    def resolve(self, ev: LocalEvent, entity_of: dict[str, str], types: dict[str, str], place_of: dict[str, str],
                doc: Document, writer: Writer, judgements: Judgements) -> tuple[str, dict[str, str], list[str]]:
        """The event `ev` is, and the events it joined (absorbed id -> its id) with the relations that
        moved with them (to be graded again)."""
        participants = list(dict.fromkeys(entity_of[p] for p in ev.participants if p in entity_of))
        organizers = list(dict.fromkeys(entity_of[o] for o in ev.organizers if o in entity_of))
        persons = {entity_of[r] for r in [*ev.participants, *ev.organizers] if types.get(r) == "person" and r in entity_of}
        location = entity_of.get(ev.location or "")
        actors = set(participants) | set(organizers)
        me = EventProfile(None, ev.type, ev.date, self.place_key(location, place_of), actors, persons, ev.name,
                          ev.date_source == INFERRED, self._allied(persons)[0])
        proposed = make_id("v", doc.id, ev.ref)
        # Stubs (no evidence): a candidate is judged on date, place, type and people, and an event
        # reported often has many quotes.
        candidates = self.store.event_stubs_by_keys(query_keys(ev.date, self._places(me.place, False), persons,
                                                               actors, me.inferred, me.allied))
        judged = [i for i, _ in judgements.partners(Side.of([proposed, f"{doc.id}#{ev.ref}"], []))
                  if i not in {c.id for c in candidates}]
        if judged:
            candidates += self.store.event_stubs(judged)
        profiles = self._profiles(candidates, place_of)
        chosen, also = self._choose(me, proposed, candidates, profiles, doc, ev.ref, writer, judgements)
        if chosen is None:
            event = Event(proposed, ev.type, ev.date, location, participants, organizers, ev.name, ev.evidence,
                          date_source=ev.date_source)
            merged = replace(me, id=proposed, actors=set(me.actors), persons=set(me.persons), allied=set(me.allied))
        else:
            other = profiles[chosen.id]
            date, source = _merged_date(other, me, ev.date_source, chosen.date_source)
            event = Event(chosen.id, _merged_type(chosen.type, ev.type), date,
                          self._merged_location(chosen.location, other.place, location, me.place),
                          participants, organizers, chosen.name or ev.name, ev.evidence, date_source=source)
            merged = EventProfile(chosen.id, event.type, event.date,
                                  me.place if event.location == location else other.place, me.actors | other.actors,
                                  persons | other.persons, event.name, source == INFERRED, me.allied | other.allied)
        writer.upsert_event(event)
        event, into, moved = self._join(event, merged, also, profiles, doc, writer)
        shifted: list[str] = []
        if chosen is not None and (into or merged != profiles[chosen.id]):
            # The event gained from this report (an actor, a group, a date, a place, other events): what it
            # now is may be one occasion with events neither it nor the report alone was. A new event was
            # just compared with its candidates as it is.
            event, merged, more, shifted = self._reconcile(event, merged, place_of, doc, writer, judgements)
            into.update(more)
        keys = index_keys(event.date, self._places(merged.place, True), merged.persons, merged.actors,
                          merged.allied)
        writer.add_event_keys(event.id, keys)
        return event.id, into, moved + shifted

    def _reconcile(self, event: Event, mine: EventProfile, place_of: dict[str, str], doc: Document,
                   writer: Writer, judgements: Judgements) -> tuple[Event, EventProfile, dict[str, str], list[str]]:
        """Stored events that are one occasion with `event` now that this report has added to it (an actor, a
        date, a place) fold into it, as they would have had this report come before them: the candidates of
        the merged event, scored against it, at the merge score, unless one document told the two apart or an
        analyst judged them different. Repeated while something joins (`mine` follows every merge)."""
        into: dict[str, str] = {}
        moved: list[str] = []
        me_side = Side.of([event.id], [])
        for _ in range(RECONCILE_ROUNDS):
            found = [c for c in self.store.event_stubs_by_keys(
                query_keys(mine.date, self._places(mine.place, False), mine.persons, mine.actors, mine.inferred,
                           mine.allied))
                if c.id != event.id and c.id not in into]
            profiles = self._profiles(found, place_of)
            ranked = sorted(found, key=lambda c: (-score_events(self.features, mine, profiles[c.id])[0], c.id))
            joined = False
            for cand in ranked:
                other = profiles[cand.id]
                score, values = score_events(self.features, mine, other)  # against the event as it now is
                verdict = judgements.verdict(me_side, Side.of([cand.id], [])) if judgements else None
                if score < MERGE or (verdict is not None and verdict.judgement.outcome != MatchOutcome.SAME) \
                        or self.store.shared_documents(event.id, cand.id):
                    continue
                moved += writer.merge_events(event.id, cand.id)
                writer.record_decision("event", event.id, cand.id, MatchOutcome.SAME, score, {
                    "features": values, "doc": doc.id, "kind": "reconciled",
                    "note": "one occasion with the event this report added to",
                    "left": {"date": mine.date, "place": mine.place, "type": mine.type},
                    "right": {"date": other.date, "place": other.place, "type": other.type}})
                into[cand.id] = event.id
                event = self._fold(event, mine, cand, other, writer)
                joined = True
            if not joined:
                break
        return event, mine, into, moved

    def file_affiliations(self, groups_of: dict[str, set[str]], writer: Writer) -> None:
        """File the stored events of people a document ties to groups under those groups too (month +
        actor), as events are filed under their people's groups when they come: a later report naming
        only the group finds the event an earlier report gave to the person alone, whatever order the
        documents came in. Once for each person and group (the person keeps an "afe:" key for it): events
        that come later are filed under the person's groups when they come, so a tie stated again, as a
        leader's is in every report, reads no events."""
        filed = self.store.entity_keys_by_id(sorted(groups_of), ("afe:",)) if groups_of else {}
        todo = {p: {g for g in gs if f"afe:{g}" not in filed.get(p, ())} for p, gs in groups_of.items()}
        todo = {p: gs for p, gs in todo.items() if gs}
        if not todo:
            return
        for ev in self.store.event_stubs_with_actors(todo):
            groups = {g for a in {*ev.participants, *ev.organizers} for g in todo.get(a, ())}
            if groups:
                writer.add_event_keys(ev.id, index_keys(ev.date, [], set(), (), groups))
        for person, gs in todo.items():
            writer.add_entity_keys(person, {f"afe:{g}" for g in gs})

    def _join(self, event: Event, merged: EventProfile, also: list[Event], profiles: dict[str, EventProfile],
              doc: Document, writer: Writer) -> tuple[Event, dict[str, str], list[str]]:
        """Fold into `event` the other stored events this report is also one occasion with, unless they
        contradict it or one document told them apart (its two events are two by its own account). The
        event takes their actors into `merged`, and the best of their dates, types and places, as it does
        a report's (the order reports come in decides neither)."""
        into: dict[str, str] = {}
        moved: list[str] = []
        mine = profiles.get(event.id)
        for other in also:
            if mine is None or other.id == event.id:
                continue
            score, values = score_events(self.features, mine, profiles[other.id])
            apart = self.store.shared_documents(event.id, other.id)
            if score <= 0 or apart:
                continue
            moved += writer.merge_events(event.id, other.id)
            into[other.id] = event.id
            record: dict[str, object] = {"features": values, "doc": doc.id, "kind": "reconciled",
                                         "note": "joined by a report that is one occasion with both",
                                         "left": {"date": event.date, "type": event.type},
                                         "right": {"date": other.date, "type": other.type}}
            writer.record_decision("event", event.id, other.id, MatchOutcome.SAME, score, record)
            event = self._fold(event, merged, other, profiles[other.id], writer)
        return event, into, moved

    def _fold(self, event: Event, merged: EventProfile, gone: Event, profile: EventProfile, writer: Writer) -> Event:
        """`event` (profiled by `merged`, updated in place) after the stored event `gone` was merged into
        it: the better date, the more specific type and place, every actor."""
        date, source = _merged_date(merged, profile, gone.date_source, event.date_source)
        location = self._merged_location(event.location, merged.place, gone.location, profile.place)
        merged.place = merged.place if location == event.location else profile.place
        event = Event(event.id, _merged_type(event.type, gone.type), date, location, [], [], event.name or gone.name,
                      [], date_source=source)
        writer.upsert_event(event)
        merged.type, merged.date, merged.inferred, merged.name = event.type, date, source == INFERRED, event.name
        merged.actors |= profile.actors
        merged.persons |= profile.persons
        merged.allied |= profile.allied
        return event

    def _profiles(self, events: list[Event], place_of: dict[str, str]) -> dict[str, EventProfile]:
        """Profiles of candidate events, with one store look-up for all their people and places."""
        ids = {a for e in events for a in [*e.participants, *e.organizers]} | {e.location for e in events if e.location}
        stubs = {s.id: s for s in self.store.entity_stubs(ids)} if ids else {}
        groups = self._allied({i for i, s in stubs.items() if s.type == "person"})[1]
        out = {}
        for e in events:
            actors = set(e.participants) | set(e.organizers)
            persons = {a for a in actors if a in stubs and stubs[a].type == "person"}
            allied = {g for p in persons for g in groups.get(p, ())}
            out[e.id] = EventProfile(e.id, e.type, e.date, self.place_key(e.location, place_of, stubs), actors,
                                     persons, e.name, e.date_source == INFERRED, allied)
        return out

    def _allied(self, persons: Collection[str]) -> tuple[set[str], dict[str, set[str]]]:
        """The groups `persons` are stated to belong to or lead (their "aff:" keys, filed when a document
        said so): all of them, and by person. Read fresh each time, so an affiliation a later document
        states counts for every event its person is in from then on."""
        if not persons:
            return set(), {}
        keys = self.store.entity_keys_by_id(sorted(persons), ("aff:",))
        by_person = {p: {k[4:] for k in ks if k.startswith("aff:")} for p, ks in keys.items()}
        return {g for gs in by_person.values() for g in gs}, by_person

    def _choose(self, me: EventProfile, proposed: str, candidates: list[Event], profiles: dict[str, EventProfile],
                doc: Document, ref: str, writer: Writer, judgements: Judgements) -> tuple[Event | None, list[Event]]:
        scored = []
        me_side = Side.of([proposed, f"{doc.id}#{ref}"], [])
        for cand in candidates:
            score, values = score_events(self.features, me, profiles[cand.id])
            outcome = MatchOutcome.SAME if score >= MERGE else MatchOutcome.UNSURE if score >= UNSURE \
                else MatchOutcome.DIFFERENT
            verdict = judgements.verdict(me_side, Side.of([cand.id], [])) if judgements else None
            if verdict is not None:
                outcome = verdict.judgement.outcome
            rank = 2.0 if outcome == MatchOutcome.SAME and verdict is not None else score
            scored.append((rank, cand, score, values, outcome, verdict.judgement if verdict else None))
        scored.sort(key=lambda t: (-t[0], t[1].id))
        same = [c for _, c, _, _, outcome, _ in scored if outcome == MatchOutcome.SAME]
        chosen = same[0] if same else None
        for _, cand, score, values, outcome, judged in scored:
            record: dict[str, object] = {"features": values, "local": f"{doc.id}#{ref}", "doc": doc.id,
                                         "left": {"date": me.date, "place": me.place, "type": me.type},
                                         "right": {"date": cand.date, "place": profiles[cand.id].place,
                                                   "type": cand.type}}
            if judged:
                record["judgement"] = judged
            if chosen is not None and cand.id == chosen.id:
                writer.record_decision("event", cand.id, f"{doc.id}#{ref}", MatchOutcome.SAME, score, record)
            elif outcome == MatchOutcome.SAME:
                record["note"] = "one occasion with this report too: joined to it"
                writer.record_decision("event", chosen.id if chosen else proposed, cand.id, MatchOutcome.SAME, score,
                                       record)
            elif score > 0 or judged:
                writer.record_decision("event", cand.id, chosen.id if chosen else proposed, outcome, score, record)
        return chosen, same[1:]

    def _merged_location(self, old_id: str | None, old_place: str | None, new_id: str | None,
                         new_place: str | None) -> str | None:
        """The more specific of two compatible places (the city over its province), a place the gazetteer
        knows over one it does not; otherwise the same one whichever report came first."""
        if not old_id or not new_id or not old_place or not new_place or old_place == new_place:
            return old_id or new_id
        if self.gazetteer.contains(old_place, new_place):
            return new_id
        if self.gazetteer.contains(new_place, old_place):
            return old_id
        old_wide, new_wide = (p is not None and p.wide for p in map(self.gazetteer.place, (old_place, new_place)))
        if old_wide != new_wide:  # a place in a country over 'West Africa'
            return new_id if old_wide else old_id
        known_old, known_new = not old_place.startswith("eid:"), not new_place.startswith("eid:")
        if known_old != known_new:
            return old_id if known_old else new_id
        return old_id if old_place < new_place else new_id


def _merged_date(old: EventProfile, new: EventProfile, new_source: str | None,
                 old_source: str | None) -> tuple[str | None, str | None]:
    """The date of two reports of one occasion, and where it comes from: a date the text gives over one
    inferred from a publication date; of two text dates, the more precise."""
    if not old.date or not new.date:
        return (old.date, old_source) if old.date else (new.date, new_source)
    if old.inferred != new.inferred:
        return (new.date, new_source) if old.inferred else (old.date, old_source)
    if len(new.date) > len(old.date) and new.date.startswith(old.date):
        return new.date, new_source
    return old.date, old_source


def _merged_type(old: str, new: str) -> str:
    """The type of two reports of one occasion, whichever came first: the more specific (a subtype over its
    family's broad type, anything over the generic type); of two kin types, the first by name."""
    one, other = schema().event_specific(old, new), schema().event_specific(new, old)
    return one if one == other else min(one, other)
