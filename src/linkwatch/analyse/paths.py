"""Evidence paths: chains of hops through the graph, graded by their weakest hop.

:class:`Path` is shared by the organisation link graph (links.py) and by
:func:`shortest_paths`, which answers "how is A connected to B?" for any two
actors. A path is only as good as its weakest hop (the highest Admiralty number,
the least certain label); among several paths the best one speaks for the connection.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING, Any

from linkwatch.analyse.view import GraphView, Hop
from linkwatch.model import Certainty
from linkwatch.resolve.grading import STIX_CONFIDENCE

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]  # len(hops) + 1 nodes, from one end to the other
    hops: tuple[Hop, ...]  # hops[i] joins nodes[i] and nodes[i + 1], in either direction
    kind: str = "path"  # shared_event, meeting, front, alliance, affiliation, shared_member, path
    via: str | None = None  # the event id, for a shared event
    # Keys of the hops that make the connection itself (the shared event's roles, the meeting, the
    # front claim), as opposed to the memberships that tie its ends to their groups. Empty: all hops.
    connector: frozenset[str] = frozenset()

    @cached_property
    def grade(self) -> int:
        return max(h.grade for h in self.hops) if self.hops else 6

    @property
    def confidence(self) -> int:
        return STIX_CONFIDENCE[self.grade]

    @cached_property
    def certainty(self) -> Certainty:
        """The weakest label on the path: one hedged hop hedges the whole chain."""
        return min((h.certainty for h in self.hops), key=lambda c: c.strength, default=Certainty.UNVERIFIED)

    @cached_property
    def sources(self) -> frozenset[str]:
        """Independent sources for the connection itself. A membership reported by a third outlet
        bounds the grade but does not make the meeting better sourced."""
        core = [h for h in self.hops if h.key in self.connector] or self.hops
        return frozenset().union(*(h.sources for h in core))

    @property
    def learned_at(self) -> str:
        """When the store could first draw this path: once its last hop was learned."""
        return max((h.learned_at for h in self.hops), default="")

    def rank(self) -> tuple[int, int, int, int]:
        """Best first: better grade, firmer label, fewer hops, more sources."""
        return (self.grade, -self.certainty.strength, len(self.hops), -len(self.sources))

    def reversed(self) -> Path:
        return Path(self.nodes[::-1], self.hops[::-1], self.kind, self.via, self.connector)

    def signature(self) -> tuple[str, ...]:
        return (self.nodes[0], self.nodes[-1], *sorted(h.key for h in self.hops))

    def date(self, view: GraphView) -> str | None:
        """When the sources show the two ends connected: the shared event's date when it has one,
        else the publication date by which every hop had been reported."""
        if self.via and self.via in view.events and view.events[self.via].date:
            return view.events[self.via].date
        dates = []
        for h in self.hops:
            published = [p for p in (view.published(e.doc) for e in h.evidence) if p]
            if published:
                dates.append(min(published))
        return max(dates) if dates else None

    def describe(self, view: GraphView) -> str:
        """Hamas ←member_of— Naji Zaheer —participated_in [unverified]→ ... ; hedges stay on every hop."""
        if not self.nodes:
            return ""
        out = [view.name(self.nodes[0])]
        for i, h in enumerate(self.hops):
            label = h.labelled()
            forward = h.source == self.nodes[i]
            out.append(f" —{label}→ " if forward else f" ←{label}— ")
            out.append(view.name(self.nodes[i + 1]))
        return "".join(out)

    def to_dict(self, view: GraphView) -> dict[str, Any]:
        return {
            "kind": self.kind, "via": self.via, "text": self.describe(view), "nodes": list(self.nodes),
            "grade": self.grade, "confidence": self.confidence, "certainty": self.certainty.value,
            "sources": len(self.sources), "date": self.date(view),
            "hops": [hop_dict(view, h) for h in self.hops],
        }


def hop_dict(view: GraphView, h: Hop) -> dict[str, Any]:
    return {
        "relation": h.relation_id, "type": h.type, "source": h.source, "target": h.target,
        "source_name": view.name(h.source), "target_name": view.name(h.target), "role": h.role,
        "certainty": h.certainty.value, "grade": h.grade, "confidence": h.confidence, "sources": len(h.sources),
        "evidence": [{"doc": e.doc, "url": view.url(e.doc), "outlet": view.outlet(e.doc), "quote": e.quote,
                      "start": e.start, "end": e.end, "certainty": e.certainty.value, "cues": list(e.cues),
                      "attribution": e.attribution} for e in h.evidence],
    }


def graph(view: GraphView, *, include_places: bool = False, include_denied: bool = False) -> nx.MultiGraph:
    """The evidence graph as an undirected multigraph, one edge per hop.

    Places are left out by default: everyone who visited "Pakistan" would
    otherwise be two hops from everyone else. Denied hops are left out by
    default because a denial is not a connection.
    """
    import networkx as nx  # loaded on first use: the link index (run on every ingest) shares this module

    g: nx.MultiGraph = nx.MultiGraph()
    for h in view.hops:
        if h.certainty is Certainty.DENIED and not include_denied:
            continue
        if not include_places and "location" in (view.type_of(h.source), view.type_of(h.target)):
            continue
        g.add_edge(h.source, h.target, key=h.key, hop=h)
    return g


def shortest_paths(view: GraphView, a: str, b: str, *, limit: int = 5, slack: int = 1,
                   include_places: bool = False, include_denied: bool = False) -> list[Path]:
    """Up to `limit` simple paths from `a` to `b` no more than `slack` hops longer than the shortest,
    best first. Where two nodes are joined by several hops the best-graded one is used."""
    import networkx as nx

    g = graph(view, include_places=include_places, include_denied=include_denied)
    if a not in g or b not in g or a == b:
        return []
    simple = nx.Graph()
    best: dict[frozenset[str], Hop] = {}
    for u, v, data in g.edges(data=True):
        pair = frozenset((u, v))
        hop: Hop = data["hop"]
        if pair not in best or _hop_rank(hop) < _hop_rank(best[pair]):
            best[pair] = hop
        simple.add_edge(u, v)
    paths: list[Path] = []
    try:
        shortest = None
        # Many equally short paths can exist; look a little further than `limit` so ranking by grade matters.
        for nodes in islice(nx.shortest_simple_paths(simple, a, b), limit * 4):
            shortest = shortest or len(nodes)
            if len(nodes) > shortest + slack:
                break
            hops = tuple(best[frozenset((x, y))] for x, y in zip(nodes, nodes[1:], strict=False))
            paths.append(Path(tuple(nodes), hops))
    except nx.NetworkXNoPath:
        return []
    return sorted(paths, key=Path.rank)[:limit]


def _hop_rank(h: Hop) -> tuple[int, int]:
    return (h.grade, -h.certainty.strength)
