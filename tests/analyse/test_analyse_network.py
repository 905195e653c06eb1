"""Centrality and communities over the actor graph."""
from __future__ import annotations

from linkwatch.analyse.network import actor_graph, centrality, communities
from linkwatch.analyse.view import GraphView


def test_the_broker_between_groups_is_most_central(seed) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(seed.store)
    scores = centrality(view, communities=True)
    assert scores[0].name == "Naji Zaheer"  # the only person tying Hamas to LeT, JeM and PMML
    assert all(s.community is not None for s in scores)
    assert centrality(view, communities=True) == scores  # seeded: the same every run
    groups = communities(view)
    assert sorted(n for g in groups for n in g) == sorted(s.id for s in scores)


def test_denied_ties_are_not_edges(small) -> None:  # type: ignore[no-untyped-def]
    g = actor_graph(GraphView.load(small.store))
    assert not g.has_edge(small.ids["dorran"], small.ids["amber"])  # only a denied presence joins them
    assert g.has_edge(small.ids["dorran"], small.ids["sickle"])
