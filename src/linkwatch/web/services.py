"""The link chart's data: nodes and edges for Cytoscape, in two modes.

- ``relations``: the evidence graph itself, every stored relation an edge (entities and events as nodes);
- ``links``: organisations only, one edge per organisation link that linkwatch.analyse derives
  (fronts, alliances, shared events, meetings of their people), graded by its best path.

Which nodes and edges to show is analyse.neighbourhood's; this module only names them for the chart,
with what its filters need: each node's kind (analyse.classify.kinds_at: militant group, state body,
party, person, ...) and each edge's dates, the span its node inherit, for the time slider.
"""
from __future__ import annotations

from collections.abc import Iterator

from linkwatch.analyse.classify import kinds_at
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
    # Kinds from the shown nodes' own hops (a person is militant through the group they belong to),
    # never from the whole graph.
    ensure(store)
    kind = kinds_at(store, [n for n in found.nodes if n not in events])
    hop_rows = store.hop_rows(r.id for r in found.relations)
    quotes = store.evidence_counts(relations=[r.id for r in found.relations])
    edges = []
    for r in found.relations:
        # When an edge holds: its event's date, else from its first report (the index keeps that one).
        dated = next((events[end].date for end in (r.target, r.source) if end in events and events[end].date), None)
        row = hop_rows.get(r.id)
        first, last = (dated, dated) if dated else ((row.published or row.learned_at[:10], None) if row else (None, None))
        edges.append(s.Edge(id=r.id, source=r.source, target=r.target, type=r.type, certainty=r.certainty,
                            grade=r.grade, sources=r.sources, role=r.role, evidence=quotes.get(r.id, 0),
                            first_seen=first, last_seen=last))
    spans = _node_spans(edges)
    out_nodes = []
    for node_id in found.nodes:
        ref = lookup.ref(node_id)
        event = events.get(node_id)
        first, last = spans.get(node_id, (None, None))
        out_nodes.append(s.Node(id=ref.id, label=ref.name, type=ref.type, kind="event" if event else "entity",
                                date=event.date if event else None, category=kind.get(node_id, ref.type),
                                first_seen=first, last_seen=last))
    return s.Graph(nodes=out_nodes, edges=edges, truncated=found.truncated)


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
    kind = kinds_at(store, found.nodes)
    edges = []
    for k in found.links:
        first, last = k.seen(view)  # the link row's span
        edges.append(s.Edge(id=link_id(k.a, k.b), source=k.a, target=k.b, type=", ".join(k.kinds),
                            certainty=k.certainty, grade=k.grade, sources=k.sources,
                            evidence=k.n_paths,  # type: ignore[attr-defined]
                            first_seen=first, last_seen=last))
    spans = _node_spans(edges)
    out_nodes = [s.Node(id=n, label=view.name(n), type=view.type_of(n), kind="entity",
                        category=kind.get(n, view.type_of(n)), first_seen=spans.get(n, (None, None))[0],
                        last_seen=spans.get(n, (None, None))[1])
                 for n in found.nodes]
    return s.Graph(nodes=out_nodes, edges=edges, truncated=found.truncated)
