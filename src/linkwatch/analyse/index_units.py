"""Units: the link index's grain, so that its upkeep follows the neighbourhood a change touches, not the number
of paths (issue 14).

Every path between two organisations goes through one connection (a meeting, a shared event, a front claim,
an alliance: index_rules.Connector), or through one person standing for both groups. Such a connection is a
*unit*; its paths are its two ends' chains paired (links._join), so there are at most as many as the groups its
ends stand for, squared, however many other paths the store holds. The index keeps, per unit, pair and date,
a *part*: the best grade and label of those paths, how many there are and when the first could be drawn; a
link is the sum of its parts (store.pair_summary) and its sources the roots of its units' connecting hops. A
change re-reads only the units through the hops it changed (store.unit_hops) and re-sums only the pairs whose
parts moved, so a hub with thousands of paths costs what a document adds to it.

Unit keys: ``c|<kind>|<hop keys, sorted>`` for a connection; ``m|<person>|<a>|<b>`` for a person standing
for both a and b (one key per pair, so that its connecting hops, the two memberships, are the same for every
path of the unit).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from linkwatch.analyse import index_rules as rules
from linkwatch.store.index_base import PartRow, PathRow

if TYPE_CHECKING:
    from linkwatch.analyse.index import Step

SEP = "|"


def connector_unit(c: rules.Connector) -> str:
    return SEP.join(("c", c.kind, *sorted(c.hops)))


def member_unit(person: str, a: str, b: str) -> str:
    return SEP.join(("m", person, *sorted((a, b))))


def spec_unit(spec: rules.PathSpec, person: str | None = None) -> str:
    if spec.kind == "shared_member" and person is not None:
        return member_unit(person, *spec.pair)
    return SEP.join(("c", spec.kind, *sorted(spec.connector)))


@dataclass
class Found:
    """What a set of units holds now: their paths (graded), parts, and (hop, unit, core) rows."""

    paths: dict[str, list[PathRow]] = field(default_factory=dict)  # unit -> its paths
    parts: dict[str, list[PartRow]] = field(default_factory=dict)
    hops: list[tuple[str, str, bool]] = field(default_factory=list)
    core: dict[str, set[str]] = field(default_factory=dict)  # unit -> its connecting hops

    def merge(self, other: Found) -> None:
        self.paths.update(other.paths)
        self.parts.update(other.parts)
        self.hops += other.hops
        self.core.update(other.core)


def _connector(step: Step, keys: list[str], kind: str) -> rules.Connector | None:
    """The connection a unit key names, as the hops now stand (None if it no longer connects)."""
    rows = step.store_hops(keys)
    if len(rows) != len(keys):
        return None
    if len(keys) == 1:
        c = rules.connector_of(rows[keys[0]])
        return c if c is not None and c.kind == kind else None
    x, y = rows[keys[0]], rows[keys[1]]
    if kind != "shared_event" or not (rules.is_event_role(x) and rules.is_event_role(y)) or x.target != y.target \
            or x.source == y.source:
        return None
    return rules.Connector("shared_event", (x.source, x.target, y.source), (x.key, y.key), x.target)


def _owned(step: Step, spec: rules.PathSpec) -> bool:
    """Whether the unit that drew `spec` is the one it belongs to. One path comes from two connections in one
    case: a group that is a front of two others (o1 <- F -> o2) is both front claims with the other as F's
    chain. It belongs to the claim whose key sorts first, so that it is counted once."""
    if spec.kind != "front" or len(spec.hops) != 2 or spec.connector[0] == min(spec.hops):
        return True
    rows = step.store_hops(spec.hops)
    middle = spec.nodes[1]
    return not all(k in rows and rows[k].source == middle and rules.is_front(rows[k]) for k in spec.hops)


def specs_of(step: Step, units: Iterable[str]) -> dict[str, list[rules.PathSpec]]:
    """Every path of each unit, from the adjacency as it stands."""
    out: dict[str, list[rules.PathSpec]] = {}
    members: dict[str, dict[str, list[rules.PathSpec]]] = {}
    units = list(units)
    step.store_hops({k for u in units if u.startswith("c" + SEP) for k in u.split(SEP)[2:]})  # one read for all
    for unit in units:
        parts = unit.split(SEP)
        if parts[0] == "m":
            person, a, b = parts[1], parts[2], parts[3]
            if person not in members:
                found: dict[str, list[rules.PathSpec]] = defaultdict(list)
                if step.type_of(person) == rules.PERSON:
                    for p in rules.shared_member_paths(step, person):
                        found[member_unit(person, *p.pair)].append(p)
                members[person] = found
            out[unit] = list({p.id: p for p in members[person].get(member_unit(person, a, b), [])}.values())
            continue
        conn = _connector(step, parts[2:], parts[1])
        out[unit] = list({p.id: p for p in rules.paths_of(step, conn) if _owned(step, p)}.values()) \
            if conn is not None else []
    return out


def person_units(step: Step, person: str, new: Collection[str]) -> set[str]:
    """The shared-member units a person makes now through a chain with a `new` hop."""
    if step.type_of(person) != rules.PERSON:
        return set()
    return {member_unit(person, *p.pair) for p in rules.shared_member_paths(step, person, new)}


def evaluate(step: Step, units: Iterable[str]) -> Found:
    """Each unit's paths graded and summed up into parts."""
    from linkwatch.analyse.index import _core

    specs = specs_of(step, sorted(set(units)))
    flat = [(unit, s) for unit, ss in specs.items() for s in ss]
    graded = step._graded([s for _, s in flat], [u for u, _ in flat]) if flat else []
    found = Found()
    at = 0
    for unit, ss in specs.items():
        rows = graded[at:at + len(ss)]
        at += len(ss)
        found.paths[unit] = rows
        buckets: dict[tuple[str, str, str], list[PathRow]] = defaultdict(list)
        hop_core: dict[str, bool] = {}
        for s, r in zip(ss, rows, strict=True):
            buckets[(r.a, r.b, r.date or "")].append(r)
            core = set(_core(s))
            for k in s.hops:
                hop_core[k] = hop_core.get(k, False) or k in core
        found.parts[unit] = [PartRow(unit, a, b, date, rs[0].kind, min(r.grade for r in rs), max(r.strength for r in rs),
                                     len(rs), min(r.learned_at for r in rs)) for (a, b, date), rs in sorted(buckets.items())]
        found.hops += [(k, unit, core) for k, core in sorted(hop_core.items())]
        found.core[unit] = {k for k, core in hop_core.items() if core}
    return found


def connector_of(step: Step, unit: str) -> rules.Connector | None:
    """A connection unit's connector as the hops now stand (None for a shared-member unit, or one gone)."""
    parts = unit.split(SEP)
    return _connector(step, parts[2:], parts[1]) if parts[0] == "c" else None


def added(step: Step, grown: dict[str, rules.Connector], new: set[str], before: dict[str, list[PartRow]],
          count: bool = True) -> Found:
    """The paths through `new` hops of connections that had paths already, folded into the parts the units
    had. With `count`, the hops are new (an end gained a chain): every path through them is new, so counts add
    up. Without, the hops got better and kept their dates: their paths were counted, and only get better.
    Either way grades, labels and learning times only get better. `paths` holds only the paths read."""
    found = Found()
    specs = {u: list({p.id: p for p in rules.paths_of(step, c, new) if _owned(step, p)}.values())
             for u, c in grown.items()}
    flat = [(unit, s) for unit, ss in specs.items() for s in ss]
    graded = step._graded([s for _, s in flat], [u for u, _ in flat]) if flat else []
    at = 0
    for unit, ss in specs.items():
        rows = graded[at:at + len(ss)]
        at += len(ss)
        if not rows:
            continue
        had = {(p.a, p.b, p.date): p for p in before.get(unit, [])}
        buckets: dict[tuple[str, str, str], list[PathRow]] = defaultdict(list)
        for r in rows:
            buckets[(r.a, r.b, r.date or "")].append(r)
        parts = []
        for (a, b, date), rs in sorted(buckets.items()):
            o = had.get((a, b, date))
            parts.append(PartRow(unit, a, b, date, rs[0].kind,
                                 min([r.grade for r in rs] + ([o.grade] if o else [])),
                                 max([r.strength for r in rs] + ([o.strength] if o else [])),
                                 (len(rs) + (o.paths if o else 0)) if count or o is None else o.paths,
                                 min([r.learned_at for r in rs] + ([o.learned_at] if o else []))))
        found.paths[unit] = rows
        found.parts[unit] = parts
        core = set(grown[unit].hops)
        found.core[unit] = core
        found.hops += sorted({(k, unit, k in core) for s in ss for k in s.hops})
    return found


def pair_rows(step: Step, a: str, b: str) -> list[PathRow]:
    """Every path between a and b (a < b), graded: each of the pair's units joined only on the chains that reach
    a or b. For when the best paths kept for display are not enough (index_links refills them after a path got
    worse; a --since read asks for paths of a date none kept has)."""
    units = step.store.pair_units(a, b)
    keys = {k for u in units if u.startswith("c" + SEP) for k in u.split(SEP)[2:]}
    step.store_hops(keys)
    specs: list[tuple[str, rules.PathSpec]] = []
    for unit in units:
        parts = unit.split(SEP)
        if parts[0] == "m":
            chains = [c for c in step.chains(parts[1]) if c.org in (a, b)]
            for cx in chains:
                for cy in chains:
                    p = rules.join(cx, (parts[1],), (), cy, "shared_member", None)
                    if p is not None and p.pair == (a, b):
                        specs.append((unit, p))
            continue
        conn = _connector(step, parts[2:], parts[1])
        if conn is None:
            continue
        xs = [c for c in step.chains(conn.nodes[0]) if c.org in (a, b)]
        ys = [c for c in step.chains(conn.nodes[-1]) if c.org in (a, b)]
        for cx in xs:
            for cy in ys:
                p = rules.join(cx, conn.nodes, conn.hops, cy, conn.kind, conn.via)
                if p is not None and p.pair == (a, b) and _owned(step, p):
                    specs.append((unit, p))
    unique = list({p.id: (u, p) for u, p in specs}.values())
    return step._graded([p for _, p in unique], [u for u, _ in unique]) if unique else []
