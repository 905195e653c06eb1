"""The organisation link graph: which groups are connected, how, on what evidence, and how well.

Two organisations are linked when
- a relation whose type has an ``org_link`` in linkwatch/schema/relations.yaml joins them: one is
  said to be a front, wing, splinter or member of the other, they are said to be allied or to
  have merged, or one supports the other (rivals are not linked);
- they (or people standing for them) took part in, organised or hosted the same event;
- people standing for them are said to have met;
- one person stands for both (a shared member or leader).

A person "stands for" an organisation when they are its member or leader; an
organisation's front stands for it too, and so do the front's members. That is
how "Hamas —member Naji Zaheer→ PMML event in Gujranwala ←organised— PMML
—front of→ LeT" links Hamas to LeT. Each way of connecting two groups is a
:class:`~linkwatch.analyse.paths.Path`; the weakest hop bounds a path's grade,
the best path sets the link's grade. A link's independent sources are the outlets
reporting any of its connections (the shared event, the meeting, the front claim),
each counted once; the memberships tying the ends to their groups bound the grade
but do not add sources.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from linkwatch.analyse.paths import Path
from linkwatch.analyse.view import GraphView, Hop, on_or_after
from linkwatch.model import Certainty, Evidence
from linkwatch.model.schema import schema
from linkwatch.resolve.grading import STIX_CONFIDENCE

# Which relation types do what, from linkwatch/schema/relations.yaml (families and flags, never names).
AFFILIATION = schema().in_family("affiliation")  # a person stands for the organisation
FRONTS = schema().in_family("front")  # an organisation stands for the other, and so do its members
ACTOR_TYPES = tuple(r.name for r in schema().relations.values() if r.event_actor)  # actor -> event, on one side
# Relations joining two organisations directly, and the kind of link each makes.
ORG_CONNECTORS = {r.name: r.org_link for r in schema().relations.values() if r.org_link}
PERSON_CONNECTORS = {r: "meeting" for r in schema().in_family("meeting")}  # people meeting link their groups
MAX_PATHS = 25  # per link; sources and dates use every path, display only needs the best few


@dataclass(frozen=True)
class Chain:
    """How `actor` stands for `org`: nodes run actor → ... → org."""

    actor: str
    org: str
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]


@dataclass
class Link:
    a: str  # the two organisation ids, a < b
    b: str
    paths: list[Path] = field(default_factory=list)  # best first
    learned_at: str = ""  # when the store could first draw any path between them (over all paths)

    @property
    def best(self) -> Path:
        return self.paths[0]

    @property
    def grade(self) -> int:
        return self.best.grade

    @property
    def confidence(self) -> int:
        return STIX_CONFIDENCE[self.grade]

    @property
    def certainty(self) -> Certainty:
        """The strongest label any path supports (FORMAT.md), so a link is hedged only when every path is."""
        return max((p.certainty for p in self.paths), key=lambda c: c.strength)

    @property
    def kinds(self) -> list[str]:
        return sorted({p.kind for p in self.paths})

    @property
    def sources(self) -> int:
        return len(frozenset().union(*(p.sources for p in self.paths)))

    def seen(self, view: GraphView) -> tuple[str | None, str | None]:
        dates = [d for d in (p.date(view) for p in self.paths) if d]
        return (min(dates), max(dates)) if dates else (None, None)

    def evidence(self) -> list[Evidence]:
        seen: dict[tuple[str, int, int], Evidence] = {}
        for p in self.paths:
            for h in p.hops:
                for e in h.evidence:
                    seen.setdefault((e.doc, e.start, e.end), e)
        return list(seen.values())

    def to_dict(self, view: GraphView, max_paths: int | None = None) -> dict[str, Any]:
        first, last = self.seen(view)
        return {
            "a": self.a, "a_name": view.name(self.a), "b": self.b, "b_name": view.name(self.b),
            "grade": self.grade, "confidence": self.confidence, "certainty": self.certainty.value,
            "sources": self.sources, "first_seen": first, "last_seen": last, "learned_at": self.learned_at,
            "kinds": self.kinds, "paths": [p.to_dict(view) for p in self.paths[:max_paths]],
        }


def chains(view: GraphView) -> dict[str, list[Chain]]:
    """Every actor → the organisations it stands for (itself, as member/leader, as or through a front)."""
    out: dict[str, list[Chain]] = defaultdict(list)
    # A group the text does not name ('unidentified gunmen') stands for no organisation: it links none.
    orgs = {i for i, e in view.entities.items() if e.type == "organization" and not e.generic}
    members: dict[str, list[Hop]] = defaultdict(list)
    for o in orgs:
        out[o].append(Chain(o, o, (o,), ()))
    for h in view.hops:
        if h.type in AFFILIATION and h.target in orgs and view.type_of(h.source) == "person":
            out[h.source].append(Chain(h.source, h.target, (h.source, h.target), (h,)))
            members[h.target].append(h)
    for h in view.hops:
        if h.type in FRONTS and h.source in orgs and h.target in orgs and h.source != h.target:
            out[h.source].append(Chain(h.source, h.target, (h.source, h.target), (h,)))
            for m in members[h.source]:
                out[m.source].append(Chain(m.source, h.target, (m.source, h.source, h.target), (m, h)))
    return out


def _connectors(view: GraphView) -> Iterator[tuple[str, tuple[str, ...], tuple[Hop, ...], str | None]]:
    """(kind, nodes x..y, hops, via) for every way two actors x, y meet."""
    at_event: dict[str, list[Hop]] = defaultdict(list)
    for h in view.hops:
        if h.type in ACTOR_TYPES and h.target in view.events:
            at_event[h.target].append(h)
        elif h.type in PERSON_CONNECTORS:
            yield PERSON_CONNECTORS[h.type], (h.source, h.target), (h,), None
        elif h.type in ORG_CONNECTORS and "organization" == view.type_of(h.source) == view.type_of(h.target):
            yield ORG_CONNECTORS[h.type], (h.source, h.target), (h,), None
    for event_id, hops in at_event.items():
        for hx, hy in combinations(hops, 2):
            if hx.source != hy.source:
                yield "shared_event", (hx.source, event_id, hy.source), (hx, hy), event_id


def _paths(view: GraphView) -> Iterator[Path]:
    stands = chains(view)
    for kind, nodes, hops, via in _connectors(view):
        x, y = nodes[0], nodes[-1]
        for cx in stands.get(x, []):
            for cy in stands.get(y, []):
                yield from _join(cx, (nodes, hops), cy, kind, via)
    # One person standing for two organisations links them without any connector.
    for actor, cs in stands.items():
        if view.type_of(actor) != "person":
            continue
        for cx, cy in combinations(cs, 2):
            yield from _join(cx, ((actor,), ()), cy, "shared_member", None)


def _join(cx: Chain, middle: tuple[tuple[str, ...], tuple[Hop, ...]], cy: Chain, kind: str,
          via: str | None) -> Iterator[Path]:
    if cx.org == cy.org:
        return
    nodes = cx.nodes[::-1][:-1] + middle[0] + cy.nodes[1:]
    if len(set(nodes)) != len(nodes):  # only simple paths: no group linked to itself through a loop
        return
    yield Path(nodes, cx.hops[::-1] + middle[1] + cy.hops, kind, via, frozenset(h.key for h in middle[1]))


def org_links(view: GraphView, org: str | None = None, since: str | None = None,
              min_grade: int | None = None) -> list[Link]:
    """Every link between two organisations, best first.

    `org`: only links touching this organisation id. `since`: only paths the sources date on
    or after this ISO date (a path dated "2025" may fall after 2025-03-01 and is kept).
    `min_grade`: only links graded this well or better (Admiralty: 1 is best, so 3 keeps 1-3).
    """
    by_pair: dict[tuple[str, str], dict[tuple[str, ...], Path]] = defaultdict(dict)
    for p in _paths(view):
        if p.nodes[0] > p.nodes[-1]:
            p = p.reversed()
        pair = (p.nodes[0], p.nodes[-1])
        if org and org not in pair:
            continue
        if since and not on_or_after(p.date(view), since):
            continue
        by_pair[pair].setdefault(p.signature(), p)
    links = []
    for (a, b), found in by_pair.items():
        paths = sorted(found.values(), key=lambda p: (*p.rank(), p.describe(view)))
        link = Link(a, b, paths[:MAX_PATHS], min(p.learned_at for p in paths))
        # Sources count over every path, not just the ones kept for display.
        link.paths += [p for p in paths[MAX_PATHS:] if not p.sources <= frozenset().union(
            *(q.sources for q in link.paths))]
        if min_grade is None or link.grade <= min_grade:
            links.append(link)
    return sorted(links, key=lambda k: (k.grade, -k.sources, view.name(k.a), view.name(k.b)))


def actor_groups(view: GraphView, actor: str) -> dict[str, list[Path]]:
    """The organisations `actor` is tied to, and how: its own memberships (directly or through
    a front), the events it shared with a group or a group's people, the people of a group it met.
    Used to tell when a watched person turns up with a group for the first time."""
    stands = chains(view)
    found: dict[str, dict[tuple[str, ...], Path]] = defaultdict(dict)
    for c in stands.get(actor, []):
        if c.org != actor:
            p = Path(c.nodes, c.hops, "affiliation")
            found[c.org].setdefault(p.signature(), p)
    for kind, nodes, hops, via in _connectors(view):
        if actor not in (nodes[0], nodes[-1]):
            continue
        if nodes[-1] == actor:
            nodes, hops = nodes[::-1], hops[::-1]
        for cy in stands.get(nodes[-1], []):
            full = nodes + cy.nodes[1:]
            if cy.org != actor and len(set(full)) == len(full):
                p = Path(full, hops + cy.hops, kind, via, frozenset(h.key for h in hops))
                found[cy.org].setdefault(p.signature(), p)
    return {org: sorted(ps.values(), key=Path.rank) for org, ps in found.items()}
