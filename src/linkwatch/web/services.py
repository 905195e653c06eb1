"""The link chart's data: nodes and edges for Cytoscape, in two modes.

- ``relations``: the evidence graph itself, every stored relation an edge (entities and events as nodes);
- ``links``: organisations only, one edge per organisation link that linkwatch.analyse derives
  (fronts, alliances, shared events, meetings of their people), graded by its best path.
"""
from __future__ import annotations

from collections import deque

from linkwatch.model import Relation
from linkwatch.store.base import Store
from linkwatch.web import schemas as s
from linkwatch.web.analysis import Analysis
from linkwatch.web.views import Lookup

MAX_NODES = 400  # a browser canvas stays usable up to a few hundred nodes


def _passes(r: Relation, max_grade: int | None, certainties: set[str] | None, types: set[str] | None) -> bool:
    if max_grade is not None and (r.grade or 6) > max_grade:
        return False
    if certainties and r.certainty.value not in certainties:
        return False
    return not (types and r.type not in types)


def link_graph(store: Store, entity: str | None = None, depth: int = 2, max_grade: int | None = None,
               certainties: set[str] | None = None, types: set[str] | None = None,
               limit: int = MAX_NODES) -> s.Graph:
    """The neighbourhood of `entity` up to `depth` hops, or the whole graph, as nodes and edges."""
    lookup = Lookup(store)
    chosen: list[Relation] = []
    nodes: dict[str, None] = {}
    truncated = False
    if entity:
        nodes[entity] = None
        frontier = deque([(entity, 0)])
        seen_rel: set[str] = set()
        while frontier:
            node, hops = frontier.popleft()
            if hops >= depth:
                continue
            for r in store.relations(entity_id=node):
                if r.id in seen_rel or not _passes(r, max_grade, certainties, types):
                    continue
                seen_rel.add(r.id)
                for end in (r.source, r.target):
                    if end not in nodes:
                        if len(nodes) >= limit:
                            truncated = True
                            break
                        nodes[end] = None
                        frontier.append((end, hops + 1))
                if r.source in nodes and r.target in nodes:
                    chosen.append(r)
    else:
        for r in store.relations():
            if not _passes(r, max_grade, certainties, types):
                continue
            if len(nodes) + (r.source not in nodes) + (r.target not in nodes) > limit:
                truncated = True
                continue
            nodes[r.source] = None
            nodes[r.target] = None
            chosen.append(r)
    out_nodes = []
    for node_id in nodes:
        ref = lookup.ref(node_id)
        event = store.event(node_id) if ref.type == "event" else None
        out_nodes.append(s.Node(id=ref.id, label=ref.name, type=ref.type, kind="event" if event else "entity",
                                date=event.date if event else None))
    edges = [s.Edge(id=r.id, source=r.source, target=r.target, type=r.type, certainty=r.certainty,
                    grade=r.grade, sources=r.sources, role=r.role, evidence=len(r.evidence)) for r in chosen]
    return s.Graph(nodes=out_nodes, edges=edges, truncated=truncated)


def link_id(a: str, b: str) -> str:
    """Edge id of an organisation link; the chart asks /api/links/{a}/{b} for its paths."""
    return f"link:{a}:{b}"


def org_graph(store: Store, entity: str | None = None, max_grade: int | None = None,
              certainties: set[str] | None = None, limit: int = MAX_NODES) -> s.Graph:
    """Organisations as nodes, derived links as edges; around `entity` when it is an organisation."""
    analysis = Analysis(store)
    links = analysis.links(org=entity, max_grade=max_grade)
    nodes: dict[str, None] = {entity: None} if entity else {}
    edges: list[s.Edge] = []
    truncated = False
    for k in links:
        if certainties and k.certainty.value not in certainties:
            continue
        if len(nodes) + (k.a not in nodes) + (k.b not in nodes) > limit:
            truncated = True
            continue
        nodes[k.a] = nodes[k.b] = None
        edges.append(s.Edge(id=link_id(k.a, k.b), source=k.a, target=k.b, type=", ".join(k.kinds),
                            certainty=k.certainty, grade=k.grade, sources=k.sources,
                            evidence=len(k.evidence())))
    out_nodes = [s.Node(id=n, label=analysis.view.name(n), type=analysis.view.type_of(n), kind="entity")
                 for n in nodes]
    return s.Graph(nodes=out_nodes, edges=edges, truncated=truncated)
