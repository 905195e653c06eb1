"""What the link chart shows: the relations around one node, or the whole graph, cut at a node limit.

Two searches, one per chart mode:
- :func:`relations_around` walks stored relations breadth-first from a node, up to `depth` hops,
  reading the store one node at a time (not a GraphView): a chart around one entity costs its
  neighbourhood, not the size of the store; the whole graph is read best graded first, until the
  chart is full;
- :func:`links_around` keeps the organisation links (analyse.links) that pass the filters, until
  the chart holds `limit` organisations.

Both say whether they stopped at the limit, so the chart can tell the analyst it shows only part.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from linkwatch.analyse.links import Link
from linkwatch.model import Relation
from linkwatch.store.base import Store

PAGE = 1000  # relations read at a time when the chart shows the whole graph


@dataclass
class Neighbourhood:
    nodes: list[str] = field(default_factory=list)  # in the order found, the centre first
    relations: list[Relation] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    truncated: bool = False  # the node limit cut something off


def passes(r: Relation, max_grade: int | None = None, certainties: set[str] | None = None,
           types: set[str] | None = None) -> bool:
    """A relation graded `max_grade` or better (ungraded counts as 6), with one of `certainties`, of one of `types`."""
    if max_grade is not None and (r.grade or 6) > max_grade:
        return False
    if certainties and r.certainty.value not in certainties:
        return False
    return not (types and r.type not in types)


def relations_around(store: Store, entity: str | None, depth: int, limit: int, max_grade: int | None = None,
                     certainties: set[str] | None = None, types: set[str] | None = None) -> Neighbourhood:
    """The relations within `depth` hops of `entity` (an entity or event id), or every relation when it is
    None, passing the filters, until `limit` nodes are in."""
    out = Neighbourhood()
    nodes: dict[str, None] = {}
    if entity:
        nodes[entity] = None
        level = [entity]
        seen: set[str] = set()
        for _ in range(depth):
            # Breadth first, one read per level rather than per node (a round trip each on a server store),
            # each node's relations taken in the order a read of that node alone gives. Relations without
            # their quotes (the chart counts them, Store.evidence_counts): a node named in thousands of
            # documents costs its relations, not its quotes.
            at: dict[str, list[Relation]] = {node: [] for node in level}
            for r in store.relation_stubs_at(level):
                for end in dict.fromkeys((r.source, r.target)):
                    if end in at:
                        at[end].append(r)
            following: list[str] = []
            for node in level:
                for r in at[node]:
                    if r.id in seen or not passes(r, max_grade, certainties, types):
                        continue
                    seen.add(r.id)
                    for end in (r.source, r.target):
                        if end not in nodes:
                            if len(nodes) >= limit:
                                out.truncated = True
                                break
                            nodes[end] = None
                            following.append(end)
                    if r.source in nodes and r.target in nodes:
                        out.relations.append(r)
            level = following
            if not level:
                break
    else:
        # The whole graph, best graded first, read a page at a time until the chart is full.
        offset = 0
        while not out.truncated:
            page = store.relations_page(None, None, offset, PAGE)
            offset += len(page)
            for r in page:
                if not passes(r, max_grade, certainties, types):
                    continue
                if not _room(nodes, (r.source, r.target), limit):
                    out.truncated = True
                    break
                out.relations.append(r)
            if len(page) < PAGE:
                break
    out.nodes = list(nodes)
    return out


def links_around(links: Iterable[Link], entity: str | None, limit: int,
                 certainties: set[str] | None = None) -> Neighbourhood:
    """The organisation links (already chosen around `entity`, best first) whose certainty is one of
    `certainties`, until `limit` organisations are in."""
    out = Neighbourhood()
    nodes: dict[str, None] = {entity: None} if entity else {}
    for k in links:
        if certainties and k.certainty.value not in certainties:
            continue
        if not _room(nodes, (k.a, k.b), limit):
            out.truncated = True  # the chart is full: the rest are weaker links
            break
        out.links.append(k)
    out.nodes = list(nodes)
    return out


def _room(nodes: dict[str, None], ends: tuple[str, str], limit: int) -> bool:
    """Add both ends if the limit allows them; say whether it did."""
    if len(nodes) + sum(end not in nodes for end in ends) > limit:
        return False
    for end in ends:
        nodes[end] = None
    return True
