"""The link index's links: each pair of organisations summarised over all its paths (analyse.links.Link),
and each actor's groups (analyse.links.actor_groups), brought up to date after a step of analyse.index.

A link's grade is its best path's, its label the strongest any path supports, its sources the independent
sources of every path's connecting hops, its dates the span of its paths' dates. New and better paths fold
into a link as they come; a path that got worse (a denial) or went away makes the pair be summed up again
from its paths, an index range of org_paths.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from linkwatch.analyse import index_rules as rules
from linkwatch.store.index_base import LinkRow, PathRow

if TYPE_CHECKING:
    from linkwatch.analyse.index import Step

Pair = tuple[str, str]


def update_links(step: Step, orgs: Iterable[str]) -> None:
    store, writer, ch = step.store, step.writer, step.changes
    new: dict[Pair, list[PathRow]] = defaultdict(list)
    for p in ch.new_paths.values():
        new[(p.a, p.b)].append(p)
    regraded: dict[Pair, list[tuple[PathRow, PathRow]]] = defaultdict(list)
    for pid, now in ch.graded_paths.items():
        regraded[(now.a, now.b)].append((ch.old_paths[pid], now))
    pairs = set(new) | set(regraded) | ch.deleted_pairs | ch.recount_pairs
    rooted = _link_roots(step, new)
    old = store.link_rows(pairs)
    names = {e.id: e.name for e in store.entity_stubs({x for p in pairs for x in p})}
    changed: list[tuple[LinkRow | None, LinkRow | None]] = []
    gone: list[Pair] = []
    for pair in sorted(pairs):
        before = old.get(pair)
        if pair in ch.deleted_pairs:
            writer.reset_link_roots(*pair)
        if before is not None and pair not in ch.deleted_pairs and not new.get(pair) and not regraded.get(pair):
            summary: _Summary | None = _Summary.of(before)  # only its sources may have changed
        else:
            summary = _fold(before, new.get(pair, []), regraded.get(pair, [])) or _summed(step, pair)
        if summary is None:
            gone.append(pair)
            changed.append((before, None))
            continue
        sources = store.link_root_count(*pair) if (pair in rooted or pair in ch.deleted_pairs
                                                    or pair in ch.recount_pairs or before is None) else before.sources
        row = LinkRow(pair[0], pair[1], names.get(pair[0], pair[0]), names.get(pair[1], pair[1]), summary.grade,
                      summary.strength, sources, summary.paths, summary.kinds, summary.learned_at, summary.first_seen,
                      summary.last_seen)
        if row != before:
            writer.put_links([row])
            changed.append((before, row))
    writer.delete_links(gone)
    for org in orgs:
        if org not in names:
            stub = next(iter(store.entity_stubs([org])), None)
            if stub is None:
                continue
            names[org] = stub.name
        writer.rename_in_links(org, names[org])
    ties = _actor_orgs(step)
    rec = step.recorder
    rec.links(step, changed)
    rec.fronts(step)
    rec.groups(step, ties)
    rec.events(step)
    rec.history(step)


def _link_roots(step: Step, new: dict[Pair, list[PathRow]]) -> set[Pair]:
    """Add the sources of new paths' connecting hops, and the new sources of connecting hops, to their
    links; returns the pairs whose sources may have grown."""
    store, ch = step.store, step.changes
    rows: set[tuple[str, str, str]] = set()
    core: dict[str, set[Pair]] = defaultdict(set)
    for pair, paths in new.items():
        for p in paths:
            for k in [k for k in p.hops if k in p.connector] or p.hops:
                core[k].add(pair)
    for key, roots in store.hop_roots(core).items():
        rows |= {(a, b, r) for a, b in core[key] for r in roots}
    grown = {k: r for k, r in ch.new_roots.items() if k not in core}
    if grown:
        for p in store.path_rows(store.paths_through(grown, connector_only=True)):
            for k in set(p.hops) & set(grown):
                rows |= {(p.a, p.b, r) for r in grown[k]}
    step.writer.add_link_roots(sorted(rows))
    return {(a, b) for a, b, _ in rows}


class _Summary:
    __slots__ = ("first_seen", "grade", "kinds", "last_seen", "learned_at", "paths", "strength")

    def __init__(self, grade: int, strength: int, paths: int, kinds: tuple[str, ...], learned_at: str,
                 first_seen: str | None, last_seen: str | None) -> None:
        self.grade, self.strength, self.paths, self.kinds = grade, strength, paths, kinds
        self.learned_at, self.first_seen, self.last_seen = learned_at, first_seen, last_seen

    @classmethod
    def of(cls, k: LinkRow) -> _Summary:
        return cls(k.grade, k.strength, k.paths, k.kinds, k.learned_at, k.first_seen, k.last_seen)


def _fold(before: LinkRow | None, new: list[PathRow], regraded: list[tuple[PathRow, PathRow]]) -> _Summary | None:
    """The link with new and improved paths folded in; None when that cannot be known without summing the
    pair's paths again (a path got worse, or its date moved)."""
    for old, now in regraded:
        if now.grade > old.grade or now.strength < old.strength or now.date != old.date \
                or now.learned_at > old.learned_at:
            return None
    if before is None and not new:
        return None
    if not new and not regraded:
        return None
    paths = [*new, *(now for _, now in regraded)]
    dates = [d for d in (*(p.date for p in paths), *((before.first_seen, before.last_seen) if before else ())) if d]
    grades = [p.grade for p in paths] + ([before.grade] if before else [])
    strengths = [p.strength for p in paths] + ([before.strength] if before else [])
    learned = [p.learned_at for p in paths] + ([before.learned_at] if before else [])
    kinds = {p.kind for p in new} | set(before.kinds if before else ())
    return _Summary(min(grades), max(strengths), (before.paths if before else 0) + len(new), tuple(sorted(kinds)),
                    min(learned), min(dates) if dates else None, max(dates) if dates else None)


def _summed(step: Step, pair: Pair) -> _Summary | None:
    s = step.store.pair_summary(*pair)
    if s is None:
        return None
    return _Summary(s["grade"], s["strength"], s["paths"], s["kinds"], s["learned_at"], s["first_seen"], s["last_seen"])


def _actor_orgs(step: Step) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...], str, str | None, str]]:
    """analyse.links.actor_groups kept per actor: the groups it stands for, and those it meets through a
    connection. Returns the ties new in this step: (actor, org, nodes, hops, kind, via, learned_at)."""
    ch = step.changes
    found: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...], str, str | None]] = {}
    for actor in sorted(ch.actors):
        for c in step.chains(actor):
            if c.org != actor:
                found.setdefault((actor, c.org), (c.nodes, c.hops, "affiliation", None))
    for conn in ch.connectors:
        for actor in (conn.nodes[0], conn.nodes[-1]):
            if step.type_of(actor) not in (rules.PERSON, rules.ORG):
                continue
            for org, nodes, hops, kind, via in rules.groups_through(step, actor, conn):
                found.setdefault((actor, org), (nodes, hops, kind, via))
    if not found:
        return []
    rows_of = step.store.hop_rows({k for _, h, _, _ in found.values() for k in h})
    rows = []
    for (actor, org), (nodes, keys, kind, via) in sorted(found.items()):
        learned = max((rows_of[k].learned_at for k in keys if k in rows_of), default="")
        rows.append((actor, org, nodes, keys, kind, via, learned))
    known = set(step.writer.add_actor_orgs((a, o, at) for a, o, _, _, _, _, at in rows))
    return [r for r in rows if (r[0], r[1]) in known]
