"""Centrality and communities over the actor graph, on demand (networkx).

The actor graph joins people and organisations: a relation between two actors
is an edge, and two actors at the same event are joined through it (the event
is projected away, so a rally with ten guests does not look like one hub).
Places are left out, and so are denied hops. Edge weight is a strength, 7 -
grade (Admiralty 1 → 6, 6 → 1); shortest-path measures use the grade itself as
a distance, so a confirmed tie is "closer" than a doubtful one.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx

from linkwatch.analyse.view import GraphView, Hop
from linkwatch.model import Certainty
from linkwatch.model.schema import schema

ACTORS = schema().actor_types  # people and organisations; places and events are not actors


@dataclass
class NodeScore:
    id: str
    name: str
    type: str
    degree: int
    strength: float  # sum of edge weights
    betweenness: float
    community: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def actor_graph(view: GraphView) -> nx.Graph:
    g = nx.Graph()
    for i, e in view.entities.items():
        if e.type in ACTORS:
            g.add_node(i, name=e.name, type=e.type)

    def add(u: str, v: str, h: Hop) -> None:
        weight = 7 - h.grade
        if g.has_edge(u, v) and g[u][v]["weight"] >= weight:
            return
        g.add_edge(u, v, weight=weight, distance=h.grade, via=h.key)

    at_event: dict[str, list[Hop]] = {}
    for h in view.hops:
        if h.certainty is Certainty.DENIED:
            continue
        if h.source in g and h.target in g:
            add(h.source, h.target, h)
        elif h.target in view.events and h.source in g:
            at_event.setdefault(h.target, []).append(h)
    for hops in at_event.values():
        for a, b in combinations(hops, 2):
            if a.source != b.source:
                add(a.source, b.source, a if a.grade >= b.grade else b)  # the weaker hop bounds the tie
    return g


def centrality(view: GraphView, communities: bool = False) -> list[NodeScore]:
    """Degree, weighted degree and betweenness for every connected actor, most central first."""
    g = actor_graph(view)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    if not g:
        return []
    between = nx.betweenness_centrality(g, weight="distance", normalized=True)
    groups = community_map(g) if communities else {}
    scores = [NodeScore(n, g.nodes[n]["name"], g.nodes[n]["type"], g.degree(n),
                        float(g.degree(n, weight="weight")), round(between[n], 4), groups.get(n))
              for n in g]
    return sorted(scores, key=lambda s: (-s.betweenness, -s.strength, s.name))


def community_map(g: nx.Graph) -> dict[str, int]:
    """Louvain communities with a fixed seed, numbered largest first, so runs are repeatable."""
    found = nx.community.louvain_communities(g, weight="weight", seed=0)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {n: i + 1 for i, c in enumerate(ordered) for n in c}


def communities(view: GraphView) -> list[list[str]]:
    """Actor communities (ids), largest first."""
    g = actor_graph(view)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    if not g:
        return []
    groups: dict[int, list[str]] = {}
    for n, c in community_map(g).items():
        groups.setdefault(c, []).append(n)
    return [sorted(groups[c], key=lambda n: view.name(n)) for c in sorted(groups)]
