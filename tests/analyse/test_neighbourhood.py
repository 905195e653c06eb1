"""The link chart's searches: relations around a node (breadth-first, filtered, cut at a node limit)
and organisation links around a group."""
from __future__ import annotations

from linkwatch.analyse.links import org_links
from linkwatch.analyse.neighbourhood import links_around, relations_around
from linkwatch.analyse.view import GraphView


def test_relations_around_a_node_grow_hop_by_hop(fiction) -> None:  # type: ignore[no-untyped-def]
    store, ids = fiction.store, fiction.ids
    one = relations_around(store, ids["varga"], depth=1, limit=400)
    assert one.nodes[0] == ids["varga"] and not one.truncated
    # Varga's own ties: his group, his brother, the rally he spoke at.
    assert {ids["ncb"], ids["anton"], ids["port_rally"]} <= set(one.nodes)
    assert all(ids["varga"] in (r.source, r.target) for r in one.relations)
    two = relations_around(store, ids["varga"], depth=2, limit=400)
    assert ids["svf"] in two.nodes and ids["svf"] not in one.nodes  # the rally's organiser, two hops away
    assert all(r.source in two.nodes and r.target in two.nodes for r in two.relations)


def test_filters_and_the_node_limit(fiction) -> None:  # type: ignore[no-untyped-def]
    store, ids = fiction.store, fiction.ids
    members = relations_around(store, ids["varga"], depth=2, limit=400, types={"member_of"})
    assert {r.type for r in members.relations} == {"member_of"}
    hedged = relations_around(store, None, depth=2, limit=400, certainties={"reported"})
    assert hedged.relations and {r.certainty.value for r in hedged.relations} == {"reported"}
    cut = relations_around(store, ids["varga"], depth=2, limit=2)
    assert cut.truncated and len(cut.nodes) == 2
    whole = relations_around(store, None, depth=2, limit=3)
    assert whole.truncated and len(whole.nodes) <= 3


def test_links_around_keep_organisations_within_the_limit(fiction) -> None:  # type: ignore[no-untyped-def]
    view = GraphView.load(fiction.store)
    links = org_links(view)
    everything = links_around(links, None, limit=400)
    assert everything.links == links and not everything.truncated
    assert set(everything.nodes) == {x for k in links for x in (k.a, k.b)}
    only_denied = links_around(links, None, limit=400, certainties={"denied"})
    assert all(k.certainty.value == "denied" for k in only_denied.links)
    assert links_around(links, None, limit=1).truncated
