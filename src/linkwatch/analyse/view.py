"""One read of the store, shaped for analysis: every edge of the evidence graph as a :class:`Hop`.

The analysis functions (links, paths, timelines, alerts, exports) all walk the
same graph, so it is read once here through the Store API and never with SQL.

Two kinds of stored facts become hops:
- every relation (with its grade, its certainty and its evidence);
- every event role (participant / organizer) that has no relation of its own,
  graded from the event's evidence, so an extractor that only fills
  ``event.participants`` still links people to events.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from linkwatch.analyse.citation import Citation, cite, outlet_label
from linkwatch.model import Certainty, Document, Entity, Event, Evidence, Relation
from linkwatch.model.schema import schema
from linkwatch.resolve.grading import STIX_CONFIDENCE, grade, independent_sources
from linkwatch.store.base import SourceRow, Store

# Event roles stored on the event (its participants and organizers) map onto the relation types whose
# `event_role` names that field in linkwatch/schema/relations.yaml.
ROLE_TYPES = {r.event_role: r.name for r in schema().relations.values() if r.event_role}
UNGRADED = 6  # Admiralty "cannot be judged": what a hop without a grade counts as


@dataclass(frozen=True)
class Hop:
    """One edge: a relation, or an event role without a relation, with everything that grades it."""

    source: str
    type: str
    target: str
    certainty: Certainty
    grade: int  # Admiralty 1 (confirmed) .. 6 (cannot be judged)
    evidence: tuple[Evidence, ...]
    sources: frozenset[str]  # independent-source keys (GraphView.source_of)
    learned_at: str  # when the store first learned of it (earliest ingest of a supporting document)
    relation_id: str | None = None  # None for an event role that has no relation row
    role: str | None = None  # role word kept by extraction: "commander", "brother", "chief guest"
    former: bool = False  # a source says it has ended ("former chief"): never shown as current
    ended: str | None = None  # its end date, where known
    # Whether some source denies it, when that is known beyond `evidence` (the link index counts every
    # quote of a hop it shows with only its first few); None: read it from `evidence`.
    denied_by_some: bool | None = None

    @property
    def key(self) -> str:
        return self.relation_id or f"role:{self.source}:{self.type}:{self.target}"

    @property
    def confidence(self) -> int:
        return STIX_CONFIDENCE[self.grade]

    @property
    def contested(self) -> bool:
        """Some source denies it, though others support it (the label is the strongest support)."""
        denied = self.denied_by_some if self.denied_by_some is not None else any(
            e.certainty is Certainty.DENIED for e in self.evidence)
        return self.certainty is not Certainty.DENIED and denied

    @property
    def hedged(self) -> bool:
        """True when the sources do not all state it in their own voice: such a hop is never shown as fact."""
        return self.certainty is not Certainty.ASSERTED or self.contested

    @property
    def label(self) -> str:
        """The certainty as shown beside the hop: "reported", or "asserted, denied by a source"."""
        return self.certainty.value + (", denied by a source" if self.contested else "")

    def labelled(self) -> str:
        """The relation type with its hedge, e.g. "participated_in [unverified, denied by a source]"."""
        return self.type if not self.hedged else f"{self.type} [{self.label}]"

    def other(self, node: str) -> str:
        return self.target if node == self.source else self.source


@dataclass
class GraphView:
    """Entities, events, relations and documents of one store, indexed for analysis."""

    entities: dict[str, Entity]
    events: dict[str, Event]
    relations: dict[str, Relation]
    documents: dict[str, Document]
    hops: list[Hop]
    watchlist: list[dict[str, object]] = field(default_factory=list)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)  # location entity id -> coordinates, country
    source_of: dict[str, str] = field(default_factory=dict)  # doc id -> its independent-source group

    @classmethod
    def load(cls, store: Store) -> GraphView:
        entities = {e.id: e for e in store.entities()}
        events = {v.id: v for v in store.events()}
        relations = {r.id: r for r in store.relations()}
        documents = {d.id: d for d in store.documents()}
        source_of = source_groups(documents)
        hops = [_relation_hop(r, documents, source_of) for r in relations.values()]
        covered = {(h.source, h.type, h.target) for h in hops}
        for v in events.values():
            for role, members in (("participants", v.participants), ("organizers", v.organizers)):
                for actor in members:
                    if (actor, ROLE_TYPES[role], v.id) not in covered:
                        hops.append(_role_hop(actor, ROLE_TYPES[role], v, documents, source_of))
                        covered.add((actor, ROLE_TYPES[role], v.id))
        places = {str(p["entity_id"]): p for p in store.places()}
        return cls(entities, events, relations, documents, hops, store.watchlist(), places, source_of)

    def as_of(self, since: str, history: list[dict[str, Any]]) -> GraphView:
        """The graph as the store knew it just before `since`: only evidence from documents ingested
        earlier, and each relation's grade as its history recorded it then. Alerts diff this against now."""
        documents = {i: d for i, d in self.documents.items() if (d.ingested_at or "") < since}
        source_of = source_groups(documents)
        then: dict[str, dict[str, Any]] = {}
        for row in sorted(history, key=lambda r: (r["at"], r.get("id") or 0)):
            if row["at"] < since:
                then[row["relation_id"]] = row
        hops = []
        for h in self.hops:
            evidence = tuple(e for e in h.evidence if e.doc in documents)
            if not evidence:
                continue
            g = grade(evidence_rows(evidence, documents))
            certainty, grade_ = g.certainty, g.grade
            if h.relation_id in then:
                row = then[h.relation_id]
                certainty, grade_ = Certainty(row["certainty"]), row["grade"] or UNGRADED
            hops.append(replace(h, evidence=evidence, certainty=certainty, grade=grade_,
                                sources=_sources(evidence, source_of), learned_at=_learned(evidence, documents)))
        return GraphView(self.entities, self.events, self.relations, documents, hops, self.watchlist, self.places,
                         source_of)

    def sources(self, evidence: Iterable[Evidence]) -> frozenset[str]:
        """Independent sources behind some evidence: copies with their originals, an outlet once."""
        return _sources(evidence, self.source_of)

    # indexes -------------------------------------------------------------
    @cached_property
    def by_node(self) -> dict[str, list[Hop]]:
        out: dict[str, list[Hop]] = defaultdict(list)
        for h in self.hops:
            out[h.source].append(h)
            out[h.target].append(h)
        return out

    @cached_property
    def by_key(self) -> dict[str, Hop]:
        return {h.key: h for h in self.hops}

    def type_of(self, node: str) -> str:
        """person / organization / location / ..., or ``event``."""
        if node in self.entities:
            return self.entities[node].type
        return "event" if node in self.events else "unknown"

    def name(self, node: str) -> str:
        if node in self.entities:
            return self.entities[node].name
        if node in self.events:
            return self.event_label(self.events[node])
        return node

    def event_label(self, v: Event) -> str:
        """A short human label: what, where, when; never a date the store does not hold."""
        what = v.name or v.type
        parts = [what if v.name is None else f"{v.type} '{v.name}'"]
        if v.location and v.location in self.entities:
            parts.append(f"in {self.entities[v.location].name}")
        parts.append(f"({v.date})" if v.date else "(undated)")
        return " ".join(parts)

    def aliases(self, entity_id: str) -> list[str]:
        e = self.entities.get(entity_id)
        if e is None:
            return []
        return list(dict.fromkeys(a.name for a in e.aliases if a.name != e.name))

    def url(self, doc_id: str) -> str | None:
        d = self.documents.get(doc_id)
        return d.url if d else None

    def outlet(self, doc_id: str) -> str | None:
        d = self.documents.get(doc_id)
        return (d.source or d.origin) if d else None

    def outlet_label(self, doc_id: str) -> str | None:
        """The outlet, marked when the document is a copy, so a list of outlets never passes a
        syndicated copy off as a second source."""
        d = self.documents.get(doc_id)
        return outlet_label(d, self._original(d))

    def _original(self, d: Document | None) -> Document | None:
        return self.documents.get(d.copy_of) if d is not None and d.copy_of else None

    def published(self, doc_id: str) -> str | None:
        d = self.documents.get(doc_id)
        return d.published if d else None

    def citation(self, e: Evidence) -> Citation:
        d = self.documents.get(e.doc)
        return cite(e, d, self._original(d))

    def cite(self, e: Evidence) -> str:
        """One evidence item as a line of text that keeps its hedge: [reported: cues; per X] "quote" (outlet, date, url)."""
        return self.citation(e).text()

    def watched_ids(self) -> set[str]:
        return {str(w["entity_id"]) for w in self.watchlist}


def source_groups(documents: dict[str, Document]) -> dict[str, str]:
    """doc id -> independent-source key, grouped over the whole store with resolve.grading's
    rule (copies with their original, every document of one outlet together). Grouping once
    for the store, rather than per relation, lets a link add up sources across its hops."""
    return independent_sources([SourceRow(d.id, d.copy_of, d.source, d.url, "asserted", d.ingested_at or "")
                                for d in documents.values()])


def _sources(evidence: Iterable[Evidence], source_of: dict[str, str]) -> frozenset[str]:
    return frozenset(source_of.get(e.doc, "doc:" + e.doc) for e in evidence)


def _learned(evidence: Iterable[Evidence], documents: dict[str, Document], default: str = "") -> str:
    """A fact is learned when its first document was ingested. Documents keep their ingest time
    when the graph is re-resolved (clear_graph), evidence rows do not: a re-run makes nothing new."""
    times = [documents[e.doc].ingested_at or "" for e in evidence if e.doc in documents]
    return min(times) if times else default


def evidence_rows(evidence: Iterable[Evidence], documents: dict[str, Document]) -> list[SourceRow]:
    """Source rows, as resolve.grading reads them, for evidence that has no relation row (an event's)."""
    rows = []
    for e in evidence:
        d = documents.get(e.doc)
        rows.append(SourceRow(e.doc, d.copy_of if d else None, d.source if d else None, d.url if d else None,
                              e.certainty.value, (d.ingested_at if d else None) or ""))
    return rows


def _relation_hop(r: Relation, documents: dict[str, Document], source_of: dict[str, str]) -> Hop:
    # A stored grade outside Admiralty 1-6 (a hand-edited or damaged store) is "cannot be judged":
    # every consumer (exports, links, briefs) indexes tables by grade.
    grade_ = r.grade if r.grade in STIX_CONFIDENCE else UNGRADED
    return Hop(r.source, r.type, r.target, r.certainty, grade_, tuple(r.evidence),
               _sources(r.evidence, source_of), _learned(r.evidence, documents, r.first_seen or ""), r.id, r.role,
               r.former, r.ended)


def _role_hop(actor: str, type_: str, v: Event, documents: dict[str, Document], source_of: dict[str, str]) -> Hop:
    g = grade(evidence_rows(v.evidence, documents))
    return Hop(actor, type_, v.id, g.certainty, g.grade, tuple(v.evidence), _sources(v.evidence, source_of),
               _learned(v.evidence, documents, v.first_seen or ""))


# dates -------------------------------------------------------------------
def precision(date: str | None) -> str:
    """``year``, ``month`` or ``day`` for an ISO date as precise as the sources allow."""
    if not date:
        return "none"
    return {4: "year", 7: "month"}.get(len(date[:10]), "day")


def date_sort_key(date: str) -> tuple[str, int]:
    """2025 < 2025-02 < 2025-02-05 < 2025-03: a coarser date sorts before the finer dates it contains,
    which keeps "sometime in 2025" ahead of anything known to fall within 2025."""
    return (date[:10], len(date[:10]))


def on_or_after(date: str | None, since: str) -> bool:
    """Could something dated `date` (at whatever precision) have happened on or after `since`?
    "2025" is on or after 2025-03-01, because part of 2025 is."""
    if not date:
        return False
    return date[:10] >= since[:len(date[:10])]
