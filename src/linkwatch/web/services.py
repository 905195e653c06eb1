"""The link chart's data: nodes and edges for Cytoscape, in two modes.

- ``relations``: the evidence graph itself, every stored relation an edge (entities and events as nodes);
- ``links``: organisations only, one edge per organisation link that linkwatch.analyse derives
  (fronts, alliances, shared events, meetings of their people), graded by its best path.

Which nodes and edges to show is analyse.neighbourhood's; this module only names them for the chart.
"""
from __future__ import annotations

from collections.abc import Iterator

from linkwatch.analyse.index import ensure
from linkwatch.analyse.indexed import IndexedLink, IndexedView
from linkwatch.analyse.neighbourhood import links_around, relations_around
from linkwatch.store.base import Store
from linkwatch.web import schemas as s
from linkwatch.web.views import Lookup

MAX_NODES = 400  # a browser canvas stays usable up to a few hundred nodes
LINKS_PAGE = 200  # organisation links read at a time until the chart is full


def link_graph(store: Store, entity: str | None = None, depth: int = 2, max_grade: int | None = None,
               certainties: set[str] | None = None, types: set[str] | None = None,
               limit: int = MAX_NODES) -> s.Graph:
    """The neighbourhood of `entity` up to `depth` hops, or the whole graph, as nodes and edges."""
    found = relations_around(store, entity, depth, limit, max_grade, certainties, types)
    lookup = Lookup(store)
    lookup.load(found.nodes)
    events = {v.id: v for v in store.event_stubs(found.nodes)}
    out_nodes = []
    for node_id in found.nodes:
        ref = lookup.ref(node_id)
        event = events.get(node_id)
        out_nodes.append(s.Node(id=ref.id, label=ref.name, type=ref.type, kind="event" if event else "entity",
                                date=event.date if event else None))
    quotes = store.evidence_counts(relations=[r.id for r in found.relations])
    edges = [s.Edge(id=r.id, source=r.source, target=r.target, type=r.type, certainty=r.certainty,
                    grade=r.grade, sources=r.sources, role=r.role, evidence=quotes.get(r.id, 0))
             for r in found.relations]
    return s.Graph(nodes=out_nodes, edges=edges, truncated=found.truncated)


def link_id(a: str, b: str) -> str:
    """Edge id of an organisation link; the chart asks /api/links/{a}/{b} for its paths."""
    return f"link:{a}:{b}"


def org_graph(store: Store, entity: str | None = None, max_grade: int | None = None,
              certainties: set[str] | None = None, limit: int = MAX_NODES) -> s.Graph:
    """Organisations as nodes, derived links as edges (best first, until the chart is full); around `entity`
    when it is an organisation. An edge's evidence counts its paths (the chart reads them on a click)."""
    ensure(store)
    view = IndexedView(store)

    def best_first() -> Iterator[IndexedLink]:  # IndexedLink: n_paths counts every path
        offset = 0
        while page := store.links_page(entity, max_grade, LINKS_PAGE, offset):
            offset += len(page)
            yield from view.links(page, 0)  # the chart asks /api/links/{a}/{b} for an edge's paths

    found = links_around(best_first(), entity, limit, certainties)
    view.need(found.nodes)
    edges = [s.Edge(id=link_id(k.a, k.b), source=k.a, target=k.b, type=", ".join(k.kinds), certainty=k.certainty,
                    grade=k.grade, sources=k.sources, evidence=k.n_paths)  # type: ignore[attr-defined]
             for k in found.links]
    out_nodes = [s.Node(id=n, label=view.name(n), type=view.type_of(n), kind="entity") for n in found.nodes]
    return s.Graph(nodes=out_nodes, edges=edges, truncated=found.truncated)
