"""When each node and edge of a graph export exists, for Gephi's timeline (GEXF spells), and the colours
it is drawn in.

Dates are what the sources give, at their precision, as the first day of the span they name
("2025" starts on 2025-01-01, "2025-02" on 2025-02-01):
- an edge to or from a dated event starts on the event's date: that is when the people met or the
  attack happened, whatever day it was reported;
- any other edge starts on its first report's publication date: sources rarely say when a membership
  or an alliance began, only when it became known;
- an event starts on its date, or, undated, when it was first reported;
- a node starts no later than its first edge (Gephi hides an edge whose ends are not yet there), an
  entity with no dated edge when a document first named it.
Spells stay open: the timeline accumulates, so at each date it shows everything known to exist by then.
Anything without a date of any kind gets no spell and shows at every date.
"""
from __future__ import annotations

import re
from typing import Any

import networkx as nx

from linkwatch.analyse.view import GraphView, Hop
from linkwatch.model.certainty import COLOURS
from linkwatch.model.schema import schema

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
GREY = "#718096"  # what the chart draws a node of an unknown type with
MIN_THICKNESS = 0.5  # a denied edge weighs 0 but stays visible, thin and red


def first_day(date: str | None) -> str | None:
    """The first day of the span an ISO date of any precision names, or None for no date."""
    m = _DATE.match(date or "")
    if not m:
        return None
    year, month, day = m.group(1), m.group(2) or "01", m.group(3) or "01"
    return f"{year}-{month}-{day}"


def rgb(colour: str, alpha: float = 1.0) -> dict[str, Any]:
    value = colour.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16), "a": alpha}


def _first_report(view: GraphView, h: Hop) -> str | None:
    days = [first_day(view.published(e.doc)) for e in h.evidence]
    return min((d for d in days if d), default=None)


def hop_start(view: GraphView, h: Hop) -> str | None:
    """When an edge starts: its event's date, else its first report."""
    for end in (h.target, h.source):
        event = view.events.get(end)
        if event is not None and first_day(event.date):
            return first_day(event.date)
    return _first_report(view, h)


def _node_colours() -> dict[str, str]:
    sc = schema()
    return {**{e.name: e.chart.colour for e in sc.entities.values()}, "event": sc.event_chart.colour}


def add_timeline(view: GraphView, g: nx.MultiDiGraph) -> None:
    """Give every node and edge of `g` (export.graph.to_networkx of `view`) its spell and colours."""
    starts: dict[str, str] = {}

    def earliest(node: str, day: str | None) -> None:
        if day and (node not in starts or day < starts[node]):
            starts[node] = day

    for vid, v in view.events.items():
        own = first_day(v.date) or min((d for d in (first_day(view.published(e.doc)) for e in v.evidence) if d),
                                       default=None)
        earliest(vid, own)
    for eid, e in view.entities.items():
        named = [first_day(view.published(a.doc)) for a in e.aliases if a.doc]
        earliest(eid, min((d for d in named if d), default=None))
    by_key = view.by_key
    edge_starts: dict[tuple[str, str, str], str | None] = {}
    for u, v, key in g.edges(keys=True):
        h = by_key.get(key)
        day = hop_start(view, h) if h is not None else starts.get(u)  # located_at: from its event on
        edge_starts[(u, v, key)] = day
        earliest(u, day)
        earliest(v, day)

    colours = _node_colours()
    for node, data in g.nodes(data=True):
        if node in starts:
            data["spells"] = [(starts[node], None)]
        data["viz"] = {"color": rgb(colours.get(str(data.get("type")), GREY))}
    for u, v, key, data in g.edges(keys=True, data=True):
        day = edge_starts[(u, v, key)]
        if day:
            data["spells"] = [(day, None)]
        h = by_key.get(key)
        if h is None:
            data["viz"] = {"color": rgb(GREY, 0.6), "thickness": 1.0}
            continue
        data["viz"] = {"color": rgb(COLOURS[h.certainty], 1.0 if not h.hedged else 0.75),
                       "thickness": max(MIN_THICKNESS, float(data.get("weight", 1.0)))}
    g.graph["mode"] = "dynamic"
    g.graph["timeformat"] = "date"
