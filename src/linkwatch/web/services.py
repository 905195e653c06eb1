"""The link chart's data: nodes and edges for Cytoscape, in two modes.

- ``relations``: the evidence graph itself, every stored relation an edge (entities and events as nodes);
- ``links``: organisations only, one edge per organisation link that linkwatch.analyse derives
  (fronts, alliances, shared events, meetings of their people), graded by its best path.

Which nodes and edges to show is analyse.neighbourhood's; this module only names them for the chart,
with what its filters need: each node's kind (analyse.classify.kinds: militant group, state body,
party, person, ...) and each edge's dates, the span its node inherit, for the time slider.
"""
from __future__ import annotations

from linkwatch.analyse.classify import kinds
from linkwatch.analyse.neighbourhood import links_around, relations_around
from linkwatch.analyse.view import GraphView, Hop
from linkwatch.export.timeline import hop_start
from linkwatch.store.base import Store
from linkwatch.web import schemas as s
from linkwatch.web.analysis import Analysis
from linkwatch.web.views import Lookup

MAX_NODES = 400  # a browser canvas stays usable up to a few hundred nodes


def link_graph(store: Store, entity: str | None = None, depth: int = 2, max_grade: int | None = None,
               certainties: set[str] | None = None, types: set[str] | None = None,
               limit: int = MAX_NODES) -> s.Graph:
    """The neighbourhood of `entity` up to `depth` hops, or the whole graph, as nodes and edges."""
    found = relations_around(store, entity, depth, limit, max_grade, certainties, types)
    lookup = Lookup(store)
    # The kinds need the whole graph's claims (a person is militant through the group they belong to).
    view = GraphView.load(store)
    kind = kinds(view)
    edges = []
    for r in found.relations:
        h = view.by_key.get(r.id)
        first, last = _span(view, h) if h is not None else (None, None)
        edges.append(s.Edge(id=r.id, source=r.source, target=r.target, type=r.type, certainty=r.certainty,
                            grade=r.grade, sources=r.sources, role=r.role, evidence=len(r.evidence),
                            first_seen=first, last_seen=last))
    spans = _node_spans(edges)
    out_nodes = []
    for node_id in found.nodes:
        ref = lookup.ref(node_id)
        event = store.event(node_id) if ref.type == "event" else None
        first, last = spans.get(node_id, (None, None))
        out_nodes.append(s.Node(id=ref.id, label=ref.name, type=ref.type, kind="event" if event else "entity",
                                date=event.date if event else None, category=kind.get(node_id, ref.type),
                                first_seen=first, last_seen=last))
    return s.Graph(nodes=out_nodes, edges=edges, truncated=found.truncated)


def _span(view: GraphView, h: Hop) -> tuple[str | None, str | None]:
    """When an edge holds: its event's date, else its first to its last report."""
    for end in (h.target, h.source):
        event = view.events.get(end)
        if event is not None and event.date:
            return event.date, event.date
    published = sorted(p for p in (view.published(e.doc) for e in h.evidence) if p)
    return (published[0], published[-1]) if published else (hop_start(view, h), None)


def _node_spans(edges: list[s.Edge]) -> dict[str, tuple[str | None, str | None]]:
    out: dict[str, tuple[str | None, str | None]] = {}
    for e in edges:
        for node in (e.source, e.target):
            first, last = out.get(node, (None, None))
            dates = [d for d in (first, e.first_seen) if d]
            ends = [d for d in (last, e.last_seen or e.first_seen) if d]
            out[node] = (min(dates) if dates else None, max(ends) if ends else None)
    return out


def link_id(a: str, b: str) -> str:
    """Edge id of an organisation link; the chart asks /api/links/{a}/{b} for its paths."""
    return f"link:{a}:{b}"


def org_graph(store: Store, entity: str | None = None, max_grade: int | None = None,
              certainties: set[str] | None = None, limit: int = MAX_NODES) -> s.Graph:
    """Organisations as nodes, derived links as edges; around `entity` when it is an organisation."""
    analysis = Analysis(store)
    found = links_around(analysis.links(org=entity, max_grade=max_grade), entity, limit, certainties)
    kind = kinds(analysis.view)
    edges = []
    for k in found.links:
        first, last = k.seen(analysis.view)
        edges.append(s.Edge(id=link_id(k.a, k.b), source=k.a, target=k.b, type=", ".join(k.kinds),
                            certainty=k.certainty, grade=k.grade, sources=k.sources, evidence=len(k.evidence()),
                            first_seen=first, last_seen=last))
    spans = _node_spans(edges)
    out_nodes = [s.Node(id=n, label=analysis.view.name(n), type=analysis.view.type_of(n), kind="entity",
                        category=kind.get(n, analysis.view.type_of(n)), first_seen=spans.get(n, (None, None))[0],
                        last_seen=spans.get(n, (None, None))[1])
                 for n in found.nodes]
    return s.Graph(nodes=out_nodes, edges=edges, truncated=found.truncated)
