"""The link index's links: each pair of organisations summarised over all its paths (analyse.links.Link),
and each actor's groups (analyse.links.actor_groups), brought up to date after a step of analyse.index.

A link is the sum of its parts (index_units): its grade the best part's, its label the strongest, its dates
the span of its parts' dates, its path count their sum, its sources the independent sources of its units'
connecting hops. When every part a step re-read for a pair is still there and no worse, the link folds the
new values in; otherwise (a path got worse, went away, or moved date) the pair is summed again from its parts,
an index range of link_parts. Each pair keeps its best paths for display (org_paths, KEEP of them).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from linkwatch.analyse import index_rules as rules
from linkwatch.analyse.indexed import TIE_CAP
from linkwatch.analyse.links import MAX_PATHS
from linkwatch.store.index_base import LinkRow, PartRow, PathRow

if TYPE_CHECKING:
    from linkwatch.analyse.index import Step

Pair = tuple[str, str]
PartKey = tuple[str, str]  # unit, date
# Paths kept per pair for display: links.MAX_PATHS, and the ties IndexedView.best_rows reads past the last one.
KEEP = MAX_PATHS + TIE_CAP


def update_links(step: Step, orgs: Iterable[str]) -> None:
    store, writer, ch = step.store, step.writer, step.changes
    old: dict[Pair, dict[PartKey, PartRow]] = defaultdict(dict)
    for parts in ch.old_parts.values():
        for p in parts:
            old[(p.a, p.b)][(p.unit, p.date)] = p
    new: dict[Pair, dict[PartKey, PartRow]] = defaultdict(dict)
    for parts in ch.found.parts.values():
        for p in parts:
            new[(p.a, p.b)][(p.unit, p.date)] = p
    fresh: dict[Pair, list[PathRow]] = defaultdict(list)
    for rows in ch.found.paths.values():
        for r in rows:
            fresh[(r.a, r.b)].append(r)
    pairs = set(old) | set(new) | ch.deleted_pairs | ch.recount_pairs
    before_rows = store.link_rows(pairs)
    names = {e.id: e.name for e in store.entity_stubs({x for p in pairs for x in p})}
    rooted = _link_roots(step, old, new)
    changed: list[tuple[LinkRow | None, LinkRow | None]] = []
    gone: list[Pair] = []
    for pair in sorted(pairs):
        before = before_rows.get(pair)
        olds, news = old.get(pair, {}), new.get(pair, {})
        summed = False
        if not olds and not news:
            summary: _Summary | None = _Summary.of(before) if before is not None else _summed(step, pair)
        elif (before is not None or not olds) and _foldable(olds, news):
            summary = _fold(before, olds, news)
        else:
            summary, summed = _summed(step, pair), True
        if summary is None:
            if before is not None:
                gone.append(pair)
                changed.append((before, None))
            continue
        if summed or pair in ch.deleted_pairs:
            writer.reset_link_roots(*pair)
        recount = summed or pair in rooted or pair in ch.deleted_pairs or pair in ch.recount_pairs or before is None
        sources = store.link_root_count(*pair) if recount else before.sources if before else 0
        row = LinkRow(pair[0], pair[1], names.get(pair[0], pair[0]), names.get(pair[1], pair[1]), summary.grade,
                      summary.strength, sources, summary.paths, summary.kinds, summary.learned_at, summary.first_seen,
                      summary.last_seen)
        if olds or news or pair in ch.deleted_pairs:
            _keep_best(step, pair, summary.paths, fresh.get(pair, []))
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


def _link_roots(step: Step, old: dict[Pair, dict[PartKey, PartRow]], new: dict[Pair, dict[PartKey, PartRow]]
                ) -> set[Pair]:
    """Add to each link the sources its re-read units' connecting hops brought: every one for a unit new to the
    pair, the hops' new sources for a unit it had. Returns the pairs whose sources may have grown."""
    ch = step.changes
    whole: dict[str, set[Pair]] = defaultdict(set)  # hop -> pairs that take all its sources
    rows: set[tuple[str, str, str]] = set()
    for pair, parts in new.items():
        had = {u for u, _ in old.get(pair, {})}
        for unit in {u for u, _ in parts}:
            for k in ch.found.core.get(unit, ()):
                if unit not in had:
                    whole[k].add(pair)
                else:
                    rows |= {(*pair, r) for r in ch.new_roots.get(k, ())}
    for key, roots in step.store.hop_roots(whole).items():
        rows |= {(a, b, r) for a, b in whole[key] for r in roots}
    step.writer.add_link_roots(sorted(rows))
    return {(a, b) for a, b, _ in rows}


Kept = tuple[str, str, int, int, int, int, str, str | None]  # store.kept_paths: id, unit, ranks, dates


def _rank(p: PathRow) -> tuple[int, int, int, int, str]:
    return (p.grade, -p.strength, p.n_hops, -p.sources, p.id)


def _kept_rank(k: Kept) -> tuple[int, int, int, int, str]:
    return (k[2], -k[3], k[4], -k[5], k[0])


def _same(k: Kept, p: PathRow) -> bool:
    return (k[2], k[3], k[5], k[6], k[7], k[1]) == (p.grade, p.strength, p.sources, p.learned_at, p.date, p.unit)


def _keep_best(step: Step, pair: Pair, total: int, fresh: list[PathRow]) -> None:
    """Keep the pair's KEEP best paths: those kept from units this step did not touch, and the touched units'
    paths as they are now. When a kept path got worse or went away and paths not kept might now rank among
    the best, the pair's paths are read again from its units (index_units.pair_rows). A path that went away
    (its hop deleted) belongs to a re-read unit, so the same bound holds."""
    from linkwatch.analyse.index_units import pair_rows

    store, ch = step.store, step.changes
    stored = store.kept_paths(*pair, KEEP)
    now = {p.id: p for p in fresh}
    keep = {k[0]: _kept_rank(k) for k in stored if k[1] not in ch.units and k[0] not in now}
    ranked = sorted([*keep.values(), *(_rank(p) for p in now.values())])
    if total > len(ranked):
        # Paths neither kept nor re-read rank no better than the worst path kept before this step (the kept
        # paths are the best): with enough paths at least as good, the best are known; else read them all.
        worst = _kept_rank(stored[-1]) if stored else None
        if worst is None or sum(1 for r in ranked if r <= worst) < min(KEEP, total):
            rows = sorted(pair_rows(step, *pair), key=_rank)[:KEEP]
            ids = {p.id for p in rows}
            was = {k[0]: k for k in stored}
            step.writer.delete_paths([k[0] for k in stored if k[0] not in ids])
            step.writer.put_paths([p for p in rows if p.id not in was or not _same(was[p.id], p)])
            return
    best = {r[-1] for r in ranked[:KEEP]}
    was = {k[0]: k for k in stored}
    step.writer.delete_paths([k[0] for k in stored if k[0] not in best])
    step.writer.put_paths([p for p in now.values() if p.id in best and (p.id not in was or not _same(was[p.id], p))])


class _Summary:
    __slots__ = ("first_seen", "grade", "kinds", "last_seen", "learned_at", "paths", "strength")

    def __init__(self, grade: int, strength: int, paths: int, kinds: tuple[str, ...], learned_at: str,
                 first_seen: str | None, last_seen: str | None) -> None:
        self.grade, self.strength, self.paths, self.kinds = grade, strength, paths, kinds
        self.learned_at, self.first_seen, self.last_seen = learned_at, first_seen, last_seen

    @classmethod
    def of(cls, k: LinkRow) -> _Summary:
        return cls(k.grade, k.strength, k.paths, k.kinds, k.learned_at, k.first_seen, k.last_seen)


def _foldable(olds: dict[PartKey, PartRow], news: dict[PartKey, PartRow]) -> bool:
    """Whether every part the pair had in the re-read units is still there and no worse."""
    for key, o in olds.items():
        n = news.get(key)
        if n is None or n.grade > o.grade or n.strength < o.strength or n.learned_at > o.learned_at \
                or n.paths < o.paths:
            return False
    return True


def _fold(before: LinkRow | None, olds: dict[PartKey, PartRow], news: dict[PartKey, PartRow]) -> _Summary | None:
    """The link with the re-read parts folded in (each no worse than it was)."""
    parts = list(news.values())
    if before is None and not parts:
        return None
    dates = [d for d in (*(p.date for p in parts), *((before.first_seen, before.last_seen) if before else ())) if d]
    grades = [p.grade for p in parts] + ([before.grade] if before else [])
    strengths = [p.strength for p in parts] + ([before.strength] if before else [])
    learned = [p.learned_at for p in parts] + ([before.learned_at] if before else [])
    kinds = {p.kind for p in parts} | set(before.kinds if before else ())
    count = (before.paths if before else 0) + sum(p.paths for p in parts) - sum(p.paths for p in olds.values())
    return _Summary(min(grades), max(strengths), count, tuple(sorted(kinds)), min(learned),
                    min(dates) if dates else None, max(dates) if dates else None)


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
