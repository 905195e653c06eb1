"""analyse.links' rules, read from the index's hop rows instead of a whole GraphView.

The same three questions links.py answers over a view (which organisations an actor stands for; which
hops connect two actors; which simple paths join two organisations through them), asked of one
neighbourhood: `adj(node)` gives the hops touching a node, so the index can find every path a new or
changed hop takes part in without reading the rest of the graph. `adj` reads by direction and type, so a
group with thousands of members is not read whole to learn whether it is a front. tests/analyse/test_index.py checks that
the paths found this way are exactly links.py's.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Protocol

from linkwatch.analyse.links import ACTOR_TYPES, AFFILIATION, FRONTS, ORG_CONNECTORS, PERSON_CONNECTORS
from linkwatch.model import make_id
from linkwatch.store.index_base import HopRow

ORG, PERSON, EVENT = "organization", "person", "event"
CONNECTING = frozenset(PERSON_CONNECTORS) | frozenset(ORG_CONNECTORS)  # relation types that connect on their own


class Adjacency(Protocol):
    """The hops around a node, by direction and type: each an index range of the hops table."""

    def out(self, node: str, types: frozenset[str]) -> list[HopRow]: ...

    def inc(self, node: str, types: frozenset[str]) -> list[HopRow]: ...

    def chains(self, actor: str) -> list[ChainRef]:
        """chains(self, actor, type), cached: an actor's chains are read many times in one step."""


@dataclass(frozen=True)
class ChainRef:
    """How an actor stands for `org` (links.Chain, by hop key): nodes run actor → ... → org."""

    org: str
    nodes: tuple[str, ...]
    hops: tuple[str, ...]


@dataclass(frozen=True)
class Connector:
    """One way two actors meet (links._connectors): nodes x .. y and the hops between them."""

    kind: str
    nodes: tuple[str, ...]
    hops: tuple[str, ...]
    via: str | None = None


@dataclass(frozen=True)
class PathSpec:
    """A path before it is graded: oriented so that its first node sorts before its last."""

    id: str
    kind: str
    via: str | None
    nodes: tuple[str, ...]
    hops: tuple[str, ...]
    connector: tuple[str, ...]

    @property
    def pair(self) -> tuple[str, str]:
        return self.nodes[0], self.nodes[-1]


def is_front(h: HopRow) -> bool:
    return h.type in FRONTS and h.source_type == ORG and h.target_type == ORG and h.source != h.target


def is_affiliation(h: HopRow) -> bool:
    return h.type in AFFILIATION and h.source_type == PERSON and h.target_type == ORG


def is_event_role(h: HopRow) -> bool:
    return h.type in ACTOR_TYPES and h.target_type == EVENT


AFFILIATIONS = frozenset(AFFILIATION)
FRONT_TYPES = frozenset(FRONTS)
ROLE_TYPES = frozenset(ACTOR_TYPES)


def chains(adj: Adjacency, actor: str, actor_type: str) -> list[ChainRef]:
    """Every organisation `actor` stands for: itself (an organisation), as member or leader, as or through a front."""
    out: list[ChainRef] = []
    if actor_type == ORG:
        out.append(ChainRef(actor, (actor,), ()))
        out += [ChainRef(h.target, (actor, h.target), (h.key,)) for h in adj.out(actor, FRONT_TYPES) if is_front(h)]
    elif actor_type == PERSON:
        for h in adj.out(actor, AFFILIATIONS):
            if is_affiliation(h):
                out.append(ChainRef(h.target, (actor, h.target), (h.key,)))
                out += [ChainRef(f.target, (actor, h.target, f.target), (h.key, f.key))
                        for f in adj.out(h.target, FRONT_TYPES) if is_front(f)]
    return out


def members(adj: Adjacency, org: str) -> list[str]:
    """The people whose affiliation makes them stand for `org`."""
    return sorted({h.source for h in adj.inc(org, AFFILIATIONS) if is_affiliation(h)})


def connector_of(h: HopRow) -> Connector | None:
    """The connection a single hop makes on its own (a meeting, a front, an alliance between groups)."""
    if is_event_role(h):
        return None
    if h.type in PERSON_CONNECTORS:
        return Connector(PERSON_CONNECTORS[h.type], (h.source, h.target), (h.key,))
    if h.type in ORG_CONNECTORS and h.source_type == ORG == h.target_type:
        return Connector(ORG_CONNECTORS[h.type], (h.source, h.target), (h.key,))
    return None


def shared_events(adj: Adjacency, h: HopRow) -> list[Connector]:
    """The actors `h`'s actor shares its event with, one connector each."""
    if not is_event_role(h):
        return []
    return [Connector("shared_event", (h.source, h.target, y.source), (h.key, y.key), h.target)
            for y in adj.inc(h.target, ROLE_TYPES) if is_event_role(y) and y.source != h.source]


def connectors_with(adj: Adjacency, h: HopRow) -> list[Connector]:
    """Every connector hop `h` is part of."""
    single = connector_of(h)
    return [single] if single else shared_events(adj, h)


def connectors_at(adj: Adjacency, actor: str) -> list[Connector]:
    """Every connector with `actor` at one end."""
    out: list[Connector] = []
    for h in adj.out(actor, ROLE_TYPES):
        out += shared_events(adj, h)
    for h in [*adj.out(actor, CONNECTING), *adj.inc(actor, CONNECTING)]:
        single = connector_of(h)
        if single:
            out.append(single)
    return out


def path_id(a: str, b: str, hops: Iterable[str]) -> str:
    """links.Path.signature as an id: the two ends and the set of hops."""
    return make_id("p", a, b, *sorted(hops))


def join(cx: ChainRef, nodes: tuple[str, ...], hops: tuple[str, ...], cy: ChainRef, kind: str,
         via: str | None) -> PathSpec | None:
    """links._join: x's chain reversed, the connection, y's chain; only simple paths between two groups."""
    if cx.org == cy.org:
        return None
    full = cx.nodes[::-1][:-1] + nodes + cy.nodes[1:]
    if len(set(full)) != len(full):
        return None
    keys = cx.hops[::-1] + hops + cy.hops
    if full[0] > full[-1]:
        full, keys = full[::-1], keys[::-1]
    return PathSpec(path_id(full[0], full[-1], keys), kind, via, full, keys, hops)


def paths_of(adj: Adjacency, conn: Connector) -> Iterator[PathSpec]:
    """Every path through `conn`: each organisation its ends stand for, paired."""
    x, y = conn.nodes[0], conn.nodes[-1]
    for cx in adj.chains(x):
        for cy in adj.chains(y):
            p = join(cx, conn.nodes, conn.hops, cy, conn.kind, conn.via)
            if p is not None:
                yield p


def shared_member_paths(adj: Adjacency, person: str) -> Iterator[PathSpec]:
    """One person standing for two organisations links them."""
    for cx, cy in combinations(adj.chains(person), 2):
        p = join(cx, (person,), (), cy, "shared_member", None)
        if p is not None:
            yield p


def groups_through(adj: Adjacency, actor: str, conn: Connector
                   ) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...], str, str | None]]:
    """links.actor_groups through one connector: (org, nodes, hops, kind, via) for each group the actor at
    one end of `conn` meets through the actor at the other end."""
    nodes, hops = conn.nodes, conn.hops
    if nodes[-1] == actor:
        nodes, hops = nodes[::-1], hops[::-1]
    elif nodes[0] != actor:
        return
    for cy in adj.chains(nodes[-1]):
        full = nodes + cy.nodes[1:]
        if cy.org != actor and len(set(full)) == len(full):
            yield cy.org, full, hops + cy.hops, conn.kind, conn.via
