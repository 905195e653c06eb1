"""Event coreference: one real-world event reported by several documents is one event.

Two reports are compared on date (compatible at different precision: 2025-02-05
lies in 2025-02), place (the same, or one containing the other: Rawalakot lies in
Azad Kashmir), type (a rally, a conference and a gathering can be one event; an
attack is not a rally), shared participants and organisers, and name. A clear
contradiction in date, place or type rules a merge out; an undated report merges
only on a shared place and shared people. Each feature is a function whose docstring
is the explanation ``linkwatch explain`` shows.

Candidates come from ``event_keys``: month + place, month + person, and place + person
for undated reports. An event is filed under month + its own place ("ml:") and under
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
from collections.abc import Callable
from dataclasses import dataclass, field

from linkwatch.model import Document, Entity, Event, LocalEvent, MatchOutcome, make_id
from linkwatch.model.schema import schema
from linkwatch.resolve.judgements import Judgements, Side
from linkwatch.resolve.places import Gazetteer
from linkwatch.store.base import Store, Writer
from linkwatch.text import fold

MERGE = 0.75
UNSURE = 0.5
# Types that can name one occasion share a family in linkwatch/schema/events.yaml: a "rally" in one
# report is a "conference" in another. The generic type ("event") is compatible with every family.
FAMILY = {e.name: e.family for e in schema().events.values() if e.family}
GENERIC = schema().generic_event


@dataclass
class EventProfile:
    id: str | None
    type: str
    date: str | None
    place: str | None  # place key (geonames:/place:) or "eid:<entity id>" for places the gazetteer lacks
    actors: set[str] = field(default_factory=set)  # participant and organiser entity ids
    persons: set[str] = field(default_factory=set)  # the actors known to be people
    name: str | None = None


def _date_relation(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    short, long = sorted((a, b), key=len)
    if not long.startswith(short):
        return -1.0
    return 1.0 if short == long and len(short) >= 10 else 0.8 if len(short) >= 7 else 0.5


class EventFeatures:
    """The event features, bound to a gazetteer for place containment."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def date_agreement(self, a: EventProfile, b: EventProfile) -> float:
        """Dates agree: 1.0 the same day; 0.8 the same month, or a day within a month
        (2025-02-05 and 2025-02); 0.5 only the year; 0 when either is undated; -1 when they differ."""
        return _date_relation(a.date, b.date)

    def place_agreement(self, a: EventProfile, b: EventProfile) -> float:
        """Places agree: 1.0 the same place; 0.7 one lies in the other (Rawalakot in Azad Kashmir);
        0.4 the same country and nothing finer; 0.3 one is only the other's country; 0 unknown;
        -1 two different places."""
        if not a.place or not b.place:
            return 0.0
        pa, pb = self.gazetteer.place(a.place), self.gazetteer.place(b.place)
        if a.place == b.place:
            return 0.4 if pa is not None and pa.feature == "country" else 1.0
        if pa is None or pb is None:
            return 0.0  # a place the gazetteer does not know: cannot tell containment
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
        """People and groups reported at both, as participants or organisers: 0.5 each, up to 1."""
        return min(1.0, len(a.actors & b.actors) / 2)

    def same_name(self, a: EventProfile, b: EventProfile) -> float:
        """Both reports give the event the same name (Kashmir Solidarity Day)."""
        return 1.0 if a.name and b.name and fold(a.name) == fold(b.name) else 0.0

    def all(self) -> list[Callable[[EventProfile, EventProfile], float]]:
        return [self.date_agreement, self.place_agreement, self.type_agreement, self.shared_actors, self.same_name]


WEIGHTS = {"date_agreement": 0.4, "place_agreement": 0.4, "type_agreement": 0.1, "shared_actors": 0.3,
           "same_name": 0.2}
EXPLANATIONS = {name: inspect.getdoc(getattr(EventFeatures, name)) or "" for name in WEIGHTS}


def score_events(features: EventFeatures, a: EventProfile, b: EventProfile) -> tuple[float, dict[str, float]]:
    values = {f.__name__: round(f(a, b), 3) for f in features.all()}
    if min(values["date_agreement"], values["place_agreement"], values["type_agreement"]) < 0:
        return 0.0, values  # a contradiction: two events
    score = min(1.0, sum(WEIGHTS[k] * v for k, v in values.items()))
    if not a.date or not b.date:
        # Undated: only a shared place and shared people (at least two actors, one a person) make one event.
        strong = values["place_agreement"] >= 0.7 and len(a.actors & b.actors) >= 2 \
            and bool((a.persons | b.persons) & a.actors & b.actors)
        if not strong:
            score = min(score, UNSURE - 0.05)
    return round(score, 3), values


def index_keys(date: str | None, places: list[str], persons: set[str]) -> set[str]:
    """Keys an event is filed under; `places` holds its place first, then every place containing it."""
    keys: set[str] = set()
    here, around = places[:1], places[1:]
    if date and len(date) >= 7:
        keys |= {f"ml:{date[:7]}|{p}" for p in here} | {f"mi:{date[:7]}|{p}" for p in around}
        keys |= {f"mp:{date[:7]}|{x}" for x in persons}
    elif date:
        keys |= {f"yl:{date[:4]}|{p}" for p in here} | {f"yi:{date[:4]}|{p}" for p in around}
        keys |= {f"yp:{date[:4]}|{x}" for x in persons}
    keys |= {f"lp:{p}|{x}" for p in places for x in persons}
    return keys


def query_keys(date: str | None, places: list[str], persons: set[str]) -> set[str]:
    """Keys to find candidate events by; `places` holds the event's place first, then the regions
    (not countries) containing it: a report placed in a province finds one placed in its city
    (filed inside the province), one placed in the city finds one placed in its province."""
    keys: set[str] = set()
    here = places[:1]
    if date:
        year = date[:4]
        months = [date[:7]] if len(date) >= 7 else [f"{year}-{m:02d}" for m in range(1, 13)]
        for ym in months:
            keys |= {f"ml:{ym}|{p}" for p in places} | {f"mi:{ym}|{p}" for p in here}
            keys |= {f"mp:{ym}|{x}" for x in persons}
        keys |= {f"yl:{year}|{p}" for p in places} | {f"yi:{year}|{p}" for p in here}
        keys |= {f"yp:{year}|{x}" for x in persons}
    keys |= {f"lp:{p}|{x}" for p in places for x in persons}
    return keys


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
                doc: Document, writer: Writer, judgements: Judgements) -> str:
        participants = list(dict.fromkeys(entity_of[p] for p in ev.participants if p in entity_of))
        organizers = list(dict.fromkeys(entity_of[o] for o in ev.organizers if o in entity_of))
        persons = {entity_of[r] for r in [*ev.participants, *ev.organizers] if types.get(r) == "person" and r in entity_of}
        location = entity_of.get(ev.location or "")
        me = EventProfile(None, ev.type, ev.date, self.place_key(location, place_of),
                          set(participants) | set(organizers), persons, ev.name)
        proposed = make_id("v", doc.id, ev.ref)
        # Stubs (no evidence): a candidate is judged on date, place, type and people, and an event
        # reported often has many quotes.
        candidates = self.store.event_stubs_by_keys(query_keys(ev.date, self._places(me.place, False), persons))
        judged = [i for i, _ in judgements.partners(Side.of([proposed, f"{doc.id}#{ev.ref}"], []))
                  if i not in {c.id for c in candidates}]
        if judged:
            candidates += self.store.event_stubs(judged)
        profiles = self._profiles(candidates, place_of)
        chosen = self._choose(me, proposed, candidates, profiles, doc, ev.ref, writer, judgements)
        if chosen is None:
            event = Event(proposed, ev.type, ev.date, location, participants, organizers, ev.name, ev.evidence,
                          date_source=ev.date_source)
            all_persons, place = persons, me.place
        else:
            other = profiles[chosen.id]
            date = _merged_date(chosen.date, ev.date)
            event = Event(chosen.id, _merged_type(chosen.type, ev.type), date,
                          self._merged_location(chosen.location, other.place, location, me.place),
                          participants, organizers, chosen.name or ev.name, ev.evidence,
                          date_source=_merged_date_source(chosen, ev, date))
            all_persons = persons | other.persons
            place = me.place if event.location == location else other.place
        writer.upsert_event(event)
        keys = index_keys(event.date, self._places(place, True), all_persons)
        writer.add_event_keys(event.id, keys)
        return event.id

    def _profiles(self, events: list[Event], place_of: dict[str, str]) -> dict[str, EventProfile]:
        """Profiles of candidate events, with one store look-up for all their people and places."""
        ids = {a for e in events for a in [*e.participants, *e.organizers]} | {e.location for e in events if e.location}
        stubs = {s.id: s for s in self.store.entity_stubs(ids)} if ids else {}
        out = {}
        for e in events:
            actors = set(e.participants) | set(e.organizers)
            persons = {a for a in actors if a in stubs and stubs[a].type == "person"}
            out[e.id] = EventProfile(e.id, e.type, e.date, self.place_key(e.location, place_of, stubs), actors,
                                     persons, e.name)
        return out

    def _choose(self, me: EventProfile, proposed: str, candidates: list[Event], profiles: dict[str, EventProfile],
                doc: Document, ref: str, writer: Writer, judgements: Judgements) -> Event | None:
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
        chosen = next((c for _, c, _, _, outcome, _ in scored if outcome == MatchOutcome.SAME), None)
        for _, cand, score, values, outcome, judged in scored:
            record: dict[str, object] = {"features": values, "local": f"{doc.id}#{ref}", "doc": doc.id,
                                         "left": {"date": me.date, "place": me.place, "type": me.type},
                                         "right": {"date": cand.date, "place": profiles[cand.id].place,
                                                   "type": cand.type}}
            if judged:
                record["judgement"] = judged
            if chosen is not None and cand.id == chosen.id:
                writer.record_decision("event", cand.id, f"{doc.id}#{ref}", MatchOutcome.SAME, score, record)
            elif score > 0 or judged:
                final = MatchOutcome.UNSURE if outcome == MatchOutcome.SAME else outcome
                writer.record_decision("event", cand.id, chosen.id if chosen else proposed, final, score, record)
        return chosen

    def _merged_location(self, old_id: str | None, old_place: str | None, new_id: str | None,
                         new_place: str | None) -> str | None:
        """The more specific of two compatible places (the city over its province)."""
        if not old_id or not new_id or not old_place or not new_place:
            return old_id or new_id
        if old_place != new_place and self.gazetteer.contains(old_place, new_place):
            return new_id
        return old_id


def _merged_date(old: str | None, new: str | None) -> str | None:
    """The more precise of two compatible dates."""
    if not old or not new:
        return old or new
    return new if len(new) > len(old) and new.startswith(old) else old


def _merged_date_source(old: Event, new: LocalEvent, date: str | None) -> str | None:
    """Where the merged date came from: the text, if any report dates it in its words."""
    sources = {s for s, d in ((old.date_source, old.date), (new.date_source, new.date)) if s and d == date}
    return "text" if "text" in sources else next(iter(sources), old.date_source or new.date_source)


def _merged_type(old: str, new: str) -> str:
    return new if old == GENERIC and new != GENERIC else old
