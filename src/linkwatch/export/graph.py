"""GraphML and GEXF through networkx, for Gephi, yEd, Cytoscape.

One node per entity and event, one directed edge per relation or event role
(plus ``located_at`` edges from events to their places). Attributes are plain
scalars, as both formats require: lists are joined with " | ". Every edge keeps
its certainty as a field and in its label ("participated_in [unverified]"), so a
hedge survives any filter or layout; ``weight`` is the grade's (7 - grade) times
the certainty's share (model.certainty.EDGE_WEIGHT): a denied edge weighs 0, a
hedged one less than a stated one. The edge's kind is ``relation_type``, not
``type``: GEXF reserves an edge's ``type`` for directed/undirected, and networkx
would write ours there.

GEXF is dynamic, so Gephi's timeline plays it (timeline.py says when each node and
edge appears), and carries colours: nodes as the link chart draws their type
(linkwatch/schema), edges as it draws their certainty.
"""
from __future__ import annotations

import re
from typing import Any, TextIO

import networkx as nx

from linkwatch.analyse.classify import classify
from linkwatch.analyse.view import GraphView, Hop, precision
from linkwatch.export import Format, register
from linkwatch.export.timeline import add_timeline
from linkwatch.model.certainty import EDGE_WEIGHT
from linkwatch.store.base import Store

SEP = " | "
# Characters XML 1.0 cannot carry at all, even escaped. Article text may hold a few (a stray form
# feed or escape byte passes decoding), and networkx writes them as they are: the file then does not parse.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    """GraphML/GEXF take str, int, float, bool only, no None, and only characters XML allows."""
    out: dict[str, Any] = {}
    for k, v in attrs.items():
        if v is None:
            continue
        v = SEP.join(str(x) for x in v) if isinstance(v, list | tuple | set | frozenset) else v
        out[k] = _NOT_XML.sub("\ufffd", v) if isinstance(v, str) else v
    return out


def _edge(view: GraphView, h: Hop) -> dict[str, Any]:
    published = sorted(p for p in (view.published(e.doc) for e in h.evidence) if p)
    return _clean({
        "label": h.labelled(),
        "relation_type": h.type, "certainty": h.certainty.value, "hedged": h.hedged, "grade": h.grade,
        "confidence": h.confidence, "weight": round((7 - h.grade) * EDGE_WEIGHT[h.certainty], 2),
        "sources": len(h.sources),
        "outlets": sorted({o for o in (view.outlet_label(e.doc) for e in h.evidence) if o}),
        "evidence_count": len(h.evidence), "evidence": [view.cite(e) for e in h.evidence],
        "cues": sorted({c for e in h.evidence for c in e.cues}) or None,
        "attribution": sorted({e.attribution for e in h.evidence if e.attribution}) or None,
        "urls": sorted({u for u in (view.url(e.doc) for e in h.evidence) if u}) or None,
        "role": h.role, "relation_id": h.relation_id,
        "first_reported": published[0] if published else None,
        "last_reported": published[-1] if published else None,
    })


def to_networkx(view: GraphView) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="linkwatch")
    verdicts = classify(view)
    # Sorted by id, so the file does not depend on the order the store happened to learn things in.
    for e in sorted(view.entities.values(), key=lambda e: e.id):
        v = verdicts.get(e.id)
        g.add_node(e.id, **_clean({
            "label": e.name, "type": e.type, "aliases": view.aliases(e.id) or None, "key": e.key,
            "militant": v.militant if v else None, "classification": v.reason if v else None,
            "watched": e.id in view.watched_ids(), "first_seen": e.first_seen}))
    for ev in sorted(view.events.values(), key=lambda v: v.id):
        g.add_node(ev.id, **_clean({
            "label": view.event_label(ev), "type": "event", "event_type": ev.type, "name": ev.name,
            "date": ev.date, "date_precision": precision(ev.date) if ev.date else None,
            "location": view.name(ev.location) if ev.location else None,
            "evidence_count": len(ev.evidence), "evidence": [view.cite(e) for e in ev.evidence] or None}))
        if ev.location and ev.location in view.entities:
            g.add_edge(ev.id, ev.location, key=f"loc:{ev.id}", id=f"loc:{ev.id}", relation_type="located_at", label="located_at",
                       certainty="asserted", hedged=False, derived=True)
    for h in sorted(view.hops, key=lambda h: h.key):
        if h.source in g and h.target in g:
            g.add_edge(h.source, h.target, key=h.key, id=h.key, **_edge(view, h))
    return g


def write_graphml(store: Store, out: TextIO) -> int:
    g = to_networkx(GraphView.load(store))
    for line in nx.generate_graphml(g, prettyprint=True, named_key_ids=True):
        out.write(line + "\n")
    return g.number_of_nodes() + g.number_of_edges()


def write_gexf(store: Store, out: TextIO) -> int:
    view = GraphView.load(store)
    g = to_networkx(view)
    add_timeline(view, g)
    for line in nx.generate_gexf(g, prettyprint=True):
        out.write(line + "\n")
    return g.number_of_nodes() + g.number_of_edges()


register(Format("graphml", write_graphml, ".graphml", "GraphML (Gephi, yEd, Cytoscape) with grades and certainty"))
register(Format("gexf", write_gexf, ".gexf", "GEXF 1.2 (Gephi) with grades, certainty, colours and time spells"))
