"""An entity's timeline: the events it took part in, in date order, and its relations.

Dates are shown exactly as precise as the sources allow ("2025", "2025-02",
"2025-02-05") and sort so that a coarse date comes before the finer dates it
contains. Anything without a date of its own (an undated event, a membership,
a front claim) goes into a separate undated list, ordered by when it was first
reported; a publication date is shown as "reported", never as the date a thing happened.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linkwatch.analyse.view import GraphView, Hop, date_sort_key, evidence_rows, precision
from linkwatch.model import Certainty, Event, Evidence
from linkwatch.model.schema import schema
from linkwatch.resolve.grading import grade

AFFILIATION = schema().in_family("affiliation")  # an organisation's members' events are its own, marked via


@dataclass
class Item:
    date: str | None  # when it happened, from the event; None when the sources do not say
    kind: str  # "event" or "relation"
    text: str
    certainty: Certainty
    grade: int
    sources: int
    outlets: list[str]
    reported: str | None  # earliest publication date among its sources
    evidence: list[Evidence]
    place: str | None = None
    event: str | None = None
    relation: str | None = None
    others: list[str] = field(default_factory=list)  # who else was there, with their hedges

    @property
    def precision(self) -> str:
        return precision(self.date)

    @property
    def contested(self) -> bool:
        """Some source denies it although the label (the strongest support) is not a denial."""
        return self.certainty is not Certainty.DENIED and any(e.certainty is Certainty.DENIED for e in self.evidence)

    @property
    def label(self) -> str:
        return self.certainty.value + (", denied by a source" if self.contested else "")

    def to_dict(self, view: GraphView) -> dict[str, Any]:
        return {
            "date": self.date, "precision": self.precision, "kind": self.kind, "text": self.text,
            "place": self.place, "certainty": self.certainty.value, "label": self.label, "grade": self.grade, "sources": self.sources,
            "outlets": self.outlets, "reported": self.reported, "event": self.event, "relation": self.relation,
            "others": self.others,
            "evidence": [{"doc": e.doc, "url": view.url(e.doc), "outlet": view.outlet(e.doc), "quote": e.quote,
                          "certainty": e.certainty.value, "cues": list(e.cues)} for e in self.evidence],
        }


@dataclass
class Timeline:
    entity: str
    dated: list[Item]
    undated: list[Item]

    def to_dict(self, view: GraphView) -> dict[str, Any]:
        return {"entity": self.entity, "name": view.name(self.entity),
                "dated": [i.to_dict(view) for i in self.dated], "undated": [i.to_dict(view) for i in self.undated]}


def timeline(view: GraphView, entity_id: str, *, include_members: bool = False) -> Timeline:
    """Events and relations of `entity_id`; with `include_members`, an organisation's timeline
    also shows the events its members and leaders attended (marked "via")."""
    items: list[Item] = []
    for h in view.by_node.get(entity_id, []):
        items.append(_hop_item(view, h, entity_id, via=None))
    if include_members:
        for h in view.by_node.get(entity_id, []):
            if h.type in AFFILIATION and h.target == entity_id:
                for mh in view.by_node.get(h.source, []):
                    if mh.target in view.events and mh.source == h.source:
                        items.append(_hop_item(view, mh, h.source, via=h))
    if view.type_of(entity_id) == "location":
        items += [event_item(view, v) for v in view.events.values() if v.location == entity_id]
    return _ordered(entity_id, items)


def all_events(view: GraphView) -> Timeline:
    """Every event in the store, each with who took part and how sure the sources are of each."""
    return _ordered("", [event_item(view, v) for v in view.events.values()])


def _ordered(entity_id: str, items: list[Item]) -> Timeline:
    dated = sorted((i for i in items if i.date), key=lambda i: (*date_sort_key(i.date or ""), i.text))
    undated = sorted((i for i in items if not i.date), key=lambda i: (i.reported or "9999", i.text))
    return Timeline(entity_id, dated, undated)


def _outlets(view: GraphView, evidence: list[Evidence]) -> list[str]:
    return sorted({o for o in (view.outlet_label(e.doc) for e in evidence) if o})


def _reported(view: GraphView, evidence: list[Evidence]) -> str | None:
    dates = [d for d in (view.published(e.doc) for e in evidence) if d]
    return min(dates) if dates else None


def _others(view: GraphView, v: Event, skip: str) -> list[str]:
    out = []
    for h in view.by_node.get(v.id, []):
        if h.target == v.id and h.source != skip:
            hedge = "" if not h.hedged else f" [{h.label}]"
            out.append(f"{view.name(h.source)} ({h.type}{hedge})")
    return sorted(out)


def hop_text(view: GraphView, h: Hop, subject: str, via: Hop | None) -> tuple[str | None, str]:
    """(date, text) of the item a hop makes in `subject`'s timeline: what orders it, before its quotes are read."""
    other = h.other(subject)
    prefix = f"via {via.type} {view.name(via.source)}: " if via else ""
    if other in view.events:
        v = view.events[other]
        hedge = "" if not h.hedged else f" [{h.label}]"
        return v.date, f"{prefix}{view.name(subject)} {h.type}{hedge} {view.event_label(v)}"
    verb = h.labelled()
    text = (f"{view.name(subject)} {verb} {view.name(other)}" if h.source == subject
            else f"{view.name(other)} {verb} {view.name(subject)}")
    if h.role:
        text += f" (as {h.role})"
    return None, prefix + text


def _hop_item(view: GraphView, h: Hop, subject: str, via: Hop | None) -> Item:
    other = h.other(subject)
    evidence = list(h.evidence)
    date, text = hop_text(view, h, subject, via)
    if other in view.events:
        v = view.events[other]
        return Item(
            date, "event", text, h.certainty, h.grade, len(h.sources), _outlets(view, evidence),
            _reported(view, evidence), evidence, place=view.name(v.location) if v.location else None, event=v.id,
            relation=h.relation_id, others=_others(view, v, subject))
    return Item(None, "relation", text, h.certainty, h.grade, len(h.sources), _outlets(view, evidence),
                _reported(view, evidence), evidence, relation=h.relation_id)


def event_item(view: GraphView, v: Event) -> Item:
    """The event itself, graded on the evidence that it happened; who was there goes in `others`."""
    rows = evidence_rows(v.evidence, view.documents)
    g = grade(rows)
    evidence = list(v.evidence)
    return Item(v.date, "event", view.event_label(v), g.certainty, g.grade,
                len(view.sources(evidence)), _outlets(view, evidence), _reported(view, evidence),
                evidence, place=view.name(v.location) if v.location else None, event=v.id,
                others=_others(view, v, ""))
