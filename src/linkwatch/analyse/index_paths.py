"""How two entities are connected (analyse.paths.shortest_paths), searched outward from both ends over the
link index's hops instead of over a whole GraphView.

Both ends are expanded breadth first, always the side with the smaller frontier, until they meet at the
shortest distance d; then `slack` more layers, so that every edge of every simple path no longer than
d + slack has been read: an edge at position i of such a path is read from the start's side when i is
within the start's depth, else from the end's. The paths are then enumerated on what was read, exactly as
shortest_paths does on the whole graph. A search that would read more than `budget` hops stops, and says so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

from linkwatch.analyse.index import ensure
from linkwatch.analyse.indexed import IndexedView
from linkwatch.analyse.paths import Path
from linkwatch.model import Certainty
from linkwatch.store.base import Store
from linkwatch.store.index_base import HopRow

BUDGET = 200_000  # hop rows read before a search gives up: far more than two organisations' neighbourhoods


@dataclass
class Found:
    view: IndexedView
    paths: list[Path] = field(default_factory=list)
    truncated: bool = False  # the budget ran out before every path of the length asked for was reachable


@dataclass
class _Side:
    depth: dict[str, int]
    frontier: set[str]
    expanded: int = 0  # layers read


def shortest_paths(store: Store, a: str, b: str, *, limit: int = 5, slack: int = 1, include_places: bool = False,
                   include_denied: bool = False, budget: int = BUDGET) -> Found:
    """Up to `limit` simple paths from `a` to `b` no more than `slack` hops longer than the shortest, best first."""
    import networkx as nx

    ensure(store)
    view = IndexedView(store)
    found = Found(view)
    if a == b:
        return found
    best: dict[frozenset[str], HopRow] = {}
    sides = (_Side({a: 0}, {a}), _Side({b: 0}, {b}))
    read = 0
    meet: int | None = None
    while True:
        if meet is not None and sides[0].expanded + sides[1].expanded >= meet + slack:
            break
        open_sides = [s for s in sides if s.frontier]
        if not open_sides:
            break
        side = min(open_sides, key=lambda s: len(s.frontier))
        rows = [h for h in store.hops_at(side.frontier) if _usable(h, include_places, include_denied)]
        read += len(rows)
        if read > budget:
            found.truncated = True
            break
        nxt: set[str] = set()
        for h in rows:
            pair = frozenset((h.source, h.target))
            if len(pair) == 2 and (pair not in best or _rank(h) < _rank(best[pair])):
                best[pair] = h
            for node in (h.source, h.target):
                if node not in side.depth:
                    side.depth[node] = side.expanded + 1
                    nxt.add(node)
        side.expanded += 1
        side.frontier = nxt
        if meet is None:
            common = set(sides[0].depth) & set(sides[1].depth)
            if common:
                meet = min(sides[0].depth[x] + sides[1].depth[x] for x in common)
    if meet is None:
        return found
    g = nx.Graph()
    for pair in best:
        g.add_edge(*sorted(pair))
    if a not in g or b not in g:
        return found
    chosen: list[tuple[list[str], list[str]]] = []
    shortest = None
    # Many equally short paths can exist; look a little further than `limit` so ranking by grade matters.
    for nodes in islice(nx.shortest_simple_paths(g, a, b), limit * 4):
        shortest = shortest or len(nodes)
        if len(nodes) > shortest + slack:
            break
        chosen.append((nodes, [best[frozenset((x, y))].key for x, y in zip(nodes, nodes[1:], strict=False)]))
    hops = view.hops_for(k for _, keys in chosen for k in keys)
    paths = [Path(tuple(nodes), tuple(hops[k] for k in keys)) for nodes, keys in chosen]
    view.need(n for p in paths for n in p.nodes)
    found.paths = sorted(paths, key=lambda p: (*p.rank(), p.describe(view)))[:limit]
    return found


def _usable(h: HopRow, include_places: bool, include_denied: bool) -> bool:
    """Places are not connections (everyone who visited a country would be two hops apart), nor are denials."""
    if h.certainty == Certainty.DENIED.value and not include_denied:
        return False
    return include_places or "location" not in (h.source_type, h.target_type)


def _rank(h: HopRow) -> tuple[int, int]:
    return (h.grade, -Certainty(h.certainty).strength)
