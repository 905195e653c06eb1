"""The organisation link index: links, their paths, grades and sources kept as the graph changes (issue 14).

analyse.links computes the organisation links from a whole GraphView: right, but it costs the whole store
on every question. The index keeps the same answer in tables (store/index_base.py) and brings it up to date
with each change instead:

- the writer logs every graph write (``graph_changes``); :func:`maintain` folds the log in, inside the
  transaction of the document that made it (the pipeline calls it after resolving each document), so
  readers never see the graph and its index disagree;
- independent-source groups (copies with their originals, an outlet's documents together: resolve.grading)
  are a union-find over the whole store, kept as documents arrive;
- every relation and every event role without one is a hop, graded as GraphView grades it;
- a new hop is followed only into its neighbourhood (index_rules): the chains it gives an actor, the
  connections it makes; every path goes through one connection, a *unit* (index_units), and the index keeps
  per unit, pair and date a summary of its paths (a link part) instead of the paths themselves, whose number
  grows with the square of a hub's ties; a hop whose grade, sources or dates change re-reads the units through
  it; a link is the sum of its parts, and keeps its best paths for display (index_links);
- alerts are recorded as the index learns what they report (index_alerts).

A store that has never been indexed (older, or written by hand through the Writer) is indexed in full on
first use, its alert history reconstructed from the timestamps it holds; after a re-resolution (which
clears the graph) the index is rebuilt silently. :func:`ensure` does either when analysis reads find the
log not yet folded in.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from linkwatch.analyse import index_rules as rules
from linkwatch.analyse.index_units import Found
from linkwatch.analyse.view import ROLE_TYPES, UNGRADED
from linkwatch.model import Certainty, Event, Relation
from linkwatch.resolve.grading import grade
from linkwatch.store.base import SourceRow, Store, Writer
from linkwatch.store.index_base import DocStub, HopRow, PartRow, PathRow

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from linkwatch.analyse.index_alerts import Recorder

STATE = "links"  # index_state: "built", "rebuild-silently", or absent (never built)
ROLE_RELATIONS = frozenset(ROLE_TYPES.values())
DENIED = Certainty.DENIED.value
STRENGTH = {c.value: c.strength for c in Certainty}  # a hop's label, as stored, to its strength
EVERYTHING = 2**62  # a change log sequence number past any the log will reach


def pending(store: Store) -> bool:
    """Whether graph writes are waiting to be folded into the index."""
    return store.index_state(STATE) != "built" or bool(store.graph_changes(limit=1))


def ensure(store: Store) -> None:
    """Bring the index up to date before reading it. Nothing to do on a store the pipeline keeps (it folds
    every document in as it writes it); a store written another way is caught up here, in one transaction.
    A read-only store that needs it is caught up in a private in-memory copy (Store.work_in_memory): the
    answer is right and the file untouched, at the cost of reading the store into memory for this command."""
    if not pending(store):
        return
    if getattr(store, "read_only", False):
        work_in_memory = getattr(store, "work_in_memory", None)
        if work_in_memory is None:
            return  # a backend that cannot: answer from the index as it stands
        log.warning("%s is read-only and its link index is behind the graph: indexing a copy in memory",
                    getattr(store, "path", "the store"))
        work_in_memory()
    with store.transaction() as writer:
        maintain(store, writer)


def maintain(store: Store, writer: Writer) -> None:
    """Fold the change log into the index (inside the caller's transaction)."""
    from linkwatch.analyse.index_alerts import Recorder

    state = store.index_state(STATE)
    if state != "built":
        writer.clear_index()
        # Never built: reconstruct the alert history from the store's timestamps. After a re-resolution:
        # nothing new was learned, so nothing is recorded.
        recorder = Recorder(store, writer, replay=state is None, silent=state is not None)
        rebuild(store, writer, recorder)
        writer.set_index_state(STATE, "built")
        writer.consume_graph_changes(EVERYTHING)  # the rebuild read the graph itself, not the log
        return
    changes = store.graph_changes()
    if not changes:
        return
    kinds: dict[str, list[str]] = defaultdict(list)
    for _, kind, item in changes:
        kinds[kind].append(item)
    Step(store, writer, Recorder(store, writer)).run(
        list(dict.fromkeys(kinds["document"])), list(dict.fromkeys(kinds["relation"])),
        list(dict.fromkeys(kinds["event"])), list(dict.fromkeys(kinds["entity"])))
    writer.consume_graph_changes(changes[-1][0])


def pair_rows(store: Store, a: str, b: str) -> list[PathRow]:
    """Every path between two organisations (a < b), read from their link parts' units: for a question the
    best paths kept per pair do not answer (paths of a date none of them has)."""
    from linkwatch.analyse.index_units import pair_rows as rows

    return rows(Step(store, None, None), a, b)  # type: ignore[arg-type]  # reads only: no writer, no alerts


REBUILD_CHUNK = 5000  # relations or events per step of a rebuild: bounds the memory a step's caches take


def rebuild(store: Store, writer: Writer, recorder: Recorder) -> None:
    """Index the whole graph as a run of steps, each adding a chunk of relations (then of events) as new:
    a path is made when the last of its hops arrives, as it would be had they come one document at a time."""
    documents: list[str] | None = None  # the first step registers every document's source group
    relations, events = store.graph_ids("relation"), store.graph_ids("event")
    chunks: list[tuple[list[str], list[str]]] = [(relations[i:i + REBUILD_CHUNK], [])
                                                 for i in range(0, len(relations), REBUILD_CHUNK)]
    chunks += [([], events[i:i + REBUILD_CHUNK]) for i in range(0, len(events), REBUILD_CHUNK)]
    for rels, evs in chunks or [([], [])]:
        step = Step(store, writer, recorder)
        step.rebuilding = True
        step.run(documents, rels, evs, ())
        documents = []
    recorder.replayed(Step(store, writer, recorder))


@dataclass
class Changes:
    """What one step did to hops and paths, for the links and the alerts."""

    new_hops: dict[str, HopRow] = field(default_factory=dict)
    old_hops: dict[str, HopRow] = field(default_factory=dict)  # as before this step, for hops that changed
    rank_changed: set[str] = field(default_factory=set)  # grade, label, dates: every path through them
    roots_changed: set[str] = field(default_factory=set)  # sources: the paths they connect
    new_roots: dict[str, set[str]] = field(default_factory=dict)  # hop -> independent sources it gained
    deleted_pairs: set[tuple[str, str]] = field(default_factory=set)  # pairs some of whose shown paths went away
    recount_pairs: set[tuple[str, str]] = field(default_factory=set)  # source groups merged under them
    events: list[Event] = field(default_factory=list)
    event_roots: dict[str, set[str]] = field(default_factory=dict)  # event -> sources it gained, if it had some
    units: set[str] = field(default_factory=set)  # units re-read this step (index_units)
    old_parts: dict[str, list[PartRow]] = field(default_factory=dict)  # their parts before it
    found: Found = field(default_factory=lambda: Found())  # and what they hold now
    connectors: list[rules.Connector] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)  # actors whose chains changed


class Step:
    """One pass over changed documents, relations and events (`documents` None: every document)."""

    def __init__(self, store: Store, writer: Writer, recorder: Recorder) -> None:
        self.store = store
        self.writer = writer
        self.recorder = recorder
        self.types: dict[str, str] = {}
        self._adj: dict[tuple[str, str, frozenset[str]], list[HopRow]] = {}
        self._chains: dict[str, list[rules.ChainRef]] = {}
        self._hop_rows: dict[str, HopRow | None] = {}
        self._docs: dict[str, DocStub] = {}
        self._roots: dict[str, str] = {}
        self.rebuilding = False  # units are read from current rows: nothing to re-date via events
        self.stale_units: set[str] = set()  # units through hops that went away
        self.changes = Changes()

    # look-ups, cached for the step (index_rules.Adjacency) -------------------------------------
    def out(self, node: str, types: frozenset[str]) -> list[HopRow]:
        """Hops from `node` of one of `types` (read after this step's hops are written)."""
        key = ("out", node, types)
        if key not in self._adj:
            self._adj[key] = self.store.hops_at([node], sorted(types), incoming=False)
        return self._adj[key]

    def inc(self, node: str, types: frozenset[str]) -> list[HopRow]:
        key = ("in", node, types)
        if key not in self._adj:
            self._adj[key] = self.store.hops_at([node], sorted(types), outgoing=False)
        return self._adj[key]

    def store_hops(self, keys: Iterable[str]) -> dict[str, HopRow]:
        """Hop rows by key, cached for the step (read after this step's hops are written)."""
        keys = list(keys)
        missing = [k for k in keys if k not in self._hop_rows]
        if missing:
            found = self.store.hop_rows(missing)
            self._hop_rows.update({k: found.get(k) for k in missing})
        return {k: row for k in keys if (row := self._hop_rows[k]) is not None}

    def chains(self, actor: str) -> list[rules.ChainRef]:
        if actor not in self._chains:
            self._chains[actor] = rules.chains(self, actor, self.type_of(actor))
        return self._chains[actor]

    def type_of(self, node: str) -> str:
        self.load_types([node])
        return self.types[node]

    def load_types(self, nodes: Iterable[str]) -> None:
        missing = {n for n in nodes if n not in self.types}
        if not missing:
            return
        for e in self.store.entity_stubs(missing):
            self.types[e.id] = e.type
        for v in self.store.event_stubs(missing - set(self.types)):
            self.types[v.id] = rules.EVENT
        for n in missing - set(self.types):
            self.types[n] = "unknown"

    def docs(self, ids: Iterable[str]) -> dict[str, DocStub]:
        missing = {i for i in ids if i not in self._docs}
        if missing:
            self._docs.update({d.id: d for d in self.store.document_stubs(missing)})
        return self._docs

    def roots_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """doc id -> the root of its source group (a document the index has not seen stands alone). Cached
        for the step, which merges groups (_register) before it reads any."""
        ids = list(dict.fromkeys(doc_ids))
        missing = [d for d in ids if d not in self._roots]
        if missing:
            found = self.store.source_roots(["doc:" + d for d in missing])
            self._roots.update({d: found.get("doc:" + d, "doc:" + d) for d in missing})
        return {d: self._roots[d] for d in ids}

    # the pass ----------------------------------------------------------------------------------
    def run(self, documents: list[str] | None, relations: list[str], events: list[str], orgs: Iterable[str]) -> None:
        from linkwatch.analyse.index_links import update_links

        stubs = self.store.document_stubs(documents)
        self._docs.update({d.id: d for d in stubs})
        self.stub_ids = {d.id for d in stubs}  # the documents this step folds in
        self.learned = max((d.ingested_at for d in stubs), default="")
        self._register(stubs)
        self._hops(relations, events)
        self._adj.clear()
        self._chains.clear()
        self._hop_rows.clear()
        self._paths(events)
        update_links(self, orgs)

    # source groups ------------------------------------------------------------------------------
    def _register(self, docs: list[DocStub]) -> None:
        """resolve.grading's groups over the whole store: a copy goes with its original, an outlet's
        documents together. Roots are flattened (each node names its root); a merge relabels the smaller group."""
        for d in docs:
            node = "doc:" + d.id
            others = [n for n in (_outlet(d.source), "doc:" + d.copy_of if d.copy_of else None) if n]
            roots = self.store.source_roots([node, *others])
            if node not in roots:
                self.writer.add_source_nodes([(node, node)])
                roots[node] = node
            for other in others:
                if other not in roots:
                    self.writer.add_source_nodes([(other, roots[node])])
                    roots[other] = roots[node]
                elif roots[other] != roots[node]:
                    small, big = sorted((roots[node], roots[other]), key=lambda r: (self.store.source_group_size(r), r))
                    self._merge(small, big)
                    roots = {k: big if v == small else v for k, v in roots.items()}

    def _merge(self, absorbed: str, into: str) -> None:
        hops = self.store.hops_with_root(absorbed)
        self.changes.recount_pairs.update(self.store.pairs_with_root(absorbed))
        self.writer.merge_source_roots(absorbed, into)
        for key in hops:  # their counts of independent sources may drop
            self.changes.roots_changed.add(key)
        self._merged_hops = getattr(self, "_merged_hops", set()) | set(hops)

    # hops --------------------------------------------------------------------------------------
    def _hops(self, relations: list[str], events: list[str]) -> None:
        rels = {r.id: r for r in self.store.relation_stubs(relations)}
        stubs = self.store.event_stubs(events)
        roles = [h.key for h in self.store.hops_at(events, outgoing=False) if h.relation_id is None] if events else []
        old = self.store.hop_rows([*rels, *roles])
        self.load_types({n for r in rels.values() for n in (r.source, r.target)})
        self.load_types({a for v in stubs for a in (*v.participants, *v.organizers)})
        self.types.update({v.id: rules.EVENT for v in stubs})
        fresh = self.store.relation_evidence([r for r in rels if r not in old])
        self.docs({d for rows in fresh.values() for _, d, _ in rows})
        self.roots_of({d for rows in fresh.values() for _, d, _ in rows})
        out = [self._relation_hop(r, old.get(r.id), fresh.get(r.id, [])) for r in rels.values()]
        self.changes.events = stubs
        for v in stubs:
            out += self._event_hops(v, old)
        self.writer.put_hops(out)
        # A relation logged but gone (renamed by a merge of its ends, resolve/reconcile.py) takes its hop along.
        self._delete(list(self.store.hop_rows([r for r in relations if r not in rels])))
        # A relation now says what an event role said on its own: the relation's hop takes its place.
        covered = [f"role:{r.source}:{r.type}:{r.target}" for r in rels.values() if r.type in ROLE_RELATIONS]
        stale = [k for k in old if k.startswith("role:") and k not in {h.key for h in out}]
        self._delete([*self.store.hop_rows(covered), *stale])
        for key in getattr(self, "_merged_hops", set()) - {h.key for h in out}:
            self._recount(key)

    def _recount(self, key: str) -> None:
        row = self.store.hop_rows([key]).get(key)
        if row is not None and (count := self.store.hop_root_count([key])) != row.sources:
            self.changes.old_hops.setdefault(key, row)
            self.writer.put_hops([replace(row, sources=count)])

    def _relation_hop(self, r: Relation, old: HopRow | None, rows: list[tuple[int, str, str]]) -> HopRow:
        """A relation as GraphView makes it a hop: its stored grade and label, learned when its first document
        was ingested, dated by its earliest publication, its sources counted over the store's groups.
        `rows`: its evidence (id, doc, label), read in bulk for new hops; an old hop reads what came since."""
        if old is not None:
            rows = self.store.evidence_after(old.seen_evidence, relation_id=r.id)
        docs = self.docs(d for _, d, _ in rows)
        present = [docs[d] for _, d, _ in rows if d in docs]
        learned = min([d.ingested_at for d in present] + ([old.learned_at] if old else []), default=None)
        published = min([d.published for d in present if d.published] + ([old.published] if old and old.published
                                                                          else []), default=None)
        roots = set(self.roots_of(d for _, d, _ in rows).values())
        added = self.writer.add_hop_roots(((r.id, root) for root in roots), new_hop=old is None)
        h = HopRow(r.id, r.id, None, r.source, r.type, r.target, self.type_of(r.source), self.type_of(r.target),
                   r.certainty.value, r.grade or UNGRADED, learned if learned is not None else (r.first_seen or ""),
                   published, len(roots) if old is None else self.store.hop_root_count([r.id]),
                   max([i for i, _, _ in rows], default=old.seen_evidence if old else 0), r.role,
                   any(c == DENIED for _, _, c in rows) or bool(old and old.denied), r.former, r.ended)
        self._note(h, old, added)
        return h

    def _event_hops(self, v: Event, old: dict[str, HopRow]) -> list[HopRow]:
        """The event's roles that no relation states, graded on the evidence that the event happened."""
        rows = self.store.evidence_after(0, event_id=v.id)
        docs = self.docs(d for _, d, _ in rows)
        by_doc = self.roots_of(d for _, d, _ in rows)
        roots = set(by_doc.values())
        before = self.store.event_roots(v.id)
        self.writer.add_event_roots((v.id, r) for r in roots - before)
        if before and roots - before:
            self.changes.event_roots[v.id] = roots - before
        sources = [SourceRow(doc, docs[doc].copy_of if doc in docs else None, docs[doc].source if doc in docs
                             else None, docs[doc].url if doc in docs else None, c,
                             docs[doc].ingested_at if doc in docs else "") for _, doc, c in rows]
        g = grade(sources)
        present = [docs[doc] for _, doc, _ in rows if doc in docs]
        learned = min((d.ingested_at for d in present), default=v.first_seen or "")
        published = min((d.published for d in present if d.published), default=None)
        roles = dict.fromkeys((a, ROLE_TYPES[field_]) for field_, actors in
                              (("participants", v.participants), ("organizers", v.organizers)) for a in actors)
        stated = self.store.relation_ids_between((a, t, v.id) for a, t in roles)
        out = []
        for actor, type_ in roles:
            if (actor, type_, v.id) in stated:
                continue
            key = f"role:{actor}:{type_}:{v.id}"
            added = self.writer.add_hop_roots((key, r) for r in roots)
            h = HopRow(key, None, v.id, actor, type_, v.id, self.type_of(actor), rules.EVENT, g.certainty.value,
                       g.grade, learned, published, len(roots), max((i for i, _, _ in rows), default=0), None,
                       any(c == DENIED for _, _, c in rows))
            self._note(h, old.get(key), added)
            out.append(h)
        return out

    def _note(self, h: HopRow, old: HopRow | None, roots: set[str]) -> None:
        """Record how a hop changed, so the paths through it are followed or re-graded."""
        if old is None:
            self.changes.new_hops[h.key] = h
            return
        if (h.grade, h.certainty, h.learned_at, h.published, h.denied) != (old.grade, old.certainty, old.learned_at,
                                                                            old.published, old.denied):
            self.changes.old_hops.setdefault(h.key, old)
            self.changes.rank_changed.add(h.key)
        if h.sources != old.sources or roots:
            self.changes.old_hops.setdefault(h.key, old)
            self.changes.roots_changed.add(h.key)
            if roots:
                self.changes.new_roots.setdefault(h.key, set()).update(roots)

    def _delete(self, keys: list[str]) -> None:
        if not keys:
            return
        self.stale_units |= self.store.units_of_hops(keys)
        for p in self.store.path_rows(self.store.paths_through(keys)):
            self.changes.deleted_pairs.add((p.a, p.b))
        self.writer.delete_hops(keys)

    # units -------------------------------------------------------------------------------------
    def _paths(self, events: list[str]) -> None:
        """Re-read the units (index_units) a change reaches: the connections new hops make or join, those of
        actors whose chains changed, those through hops whose grade, label or dates changed (or, for their
        connecting hops, sources), those through hops that went away, and shared events whose date moved."""
        from linkwatch.analyse import index_units as units_

        ch = self.changes
        connectors: dict[tuple[str, ...], rules.Connector] = {}
        for h in ch.new_hops.values():
            if rules.is_affiliation(h):
                ch.actors.add(h.source)
            elif rules.is_front(h):
                ch.actors.add(h.source)
                ch.actors.update(rules.members(self, h.source))
            for c in rules.connectors_with(self, h):
                connectors.setdefault((c.kind, *c.hops), c)
        units = {units_.connector_unit(c) for c in connectors.values()} | self.stale_units  # read whole
        # An actor with a new chain adds paths to every connection it has: only those through the new chain
        # are read (index_rules.paths_of with `new`), and added to the parts already there.
        grown: dict[str, rules.Connector] = {}
        for actor in sorted(ch.actors):
            for c in rules.connectors_at(self, actor):
                if connectors.setdefault((c.kind, *c.hops), c) is c:
                    grown[units_.connector_unit(c)] = c
            units |= units_.person_units(self, actor, ch.new_hops.keys())
        ch.connectors = list(connectors.values())
        # A hop that only got better, on the same date, changes only the paths through it, and for the better:
        # a connection's other paths (a hub's thousands of chains through its other ties) are not read again.
        better = {k for k in ch.rank_changed if _better(ch.old_hops[k], self.store_hops([k]).get(k))}
        ranked = self.store.units_of_hops(ch.rank_changed - better) if ch.rank_changed - better else set()
        improved = self.store.units_of_hops(better) if better else set()
        rooted = self.store.units_of_hops(ch.roots_changed, core_only=True) if ch.roots_changed else set()
        redated = self._redated() if events and not self.rebuilding else set()
        log.debug("units: %d new or joined (%d stale, %d actors), %d grown, %d through re-ranked hops, %d through "
                  "hops with new sources, %d re-dated", len(units), len(self.stale_units), len(ch.actors), len(grown),
                  len(ranked), len(rooted), len(redated))
        units |= ranked | rooted | redated | {u for u in improved if not u.startswith("c" + units_.SEP)}
        units |= set(grown) & improved  # new paths and better ones in one unit: read it whole
        grown = {u: c for u, c in grown.items() if u not in units}
        conns = {u: units_.connector_of(self, u) for u in sorted(improved - units - set(grown))}
        bettered = {u: c for u, c in conns.items() if c is not None}
        units |= improved - units - set(grown) - set(bettered)  # a connection no longer there: read whole
        before = self.store.unit_parts(units | set(grown) | set(bettered))
        ch.found = units_.evaluate(self, units)
        added = units_.added(self, grown, set(ch.new_hops), before)
        added.merge(units_.added(self, bettered, better, before, count=False))
        ch.units = units
        self.writer.replace_units(units, [p for ps in ch.found.parts.values() for p in ps], ch.found.hops)
        self.writer.add_to_units([p for ps in added.parts.values() for p in ps], added.hops)
        # A grown unit's parts the new paths did not reach are unchanged: only the others are compared.
        reached = {(p.unit, p.a, p.b, p.date) for ps in added.parts.values() for p in ps}
        ch.old_parts = {u: [p for p in ps if u in units or (p.unit, p.a, p.b, p.date) in reached]
                        for u, ps in before.items()}
        ch.found.merge(added)

    def _redated(self) -> set[str]:
        """Shared-event units whose parts carry another date than their (dated) event now has."""
        out: set[str] = set()
        for v in self.changes.events:
            if not v.date:
                continue  # an undated event's paths are dated by their hops, whose changes are followed
            roles = [h.key for h in self.store.hops_at([v.id], outgoing=False)]
            shared = {u for u in self.store.units_of_hops(roles, core_only=True) if u.startswith("c|shared_event|")}
            out |= self.store.units_dated_otherwise(shared, v.date)
        return out

    def _graded(self, specs: list[rules.PathSpec] | list[PathRow], units: list[str] | None = None) -> list[PathRow]:
        """The paths graded, each in its unit (`units`, in the same order)."""
        hops = self.store.hop_rows({k for s in specs for k in s.hops})
        roots = self.store.hop_roots({k for s in specs for k in _core(s)})
        ids = {s.via for s in specs if s.via}
        dates = {v.id: v.date for v in self.store.event_stubs(ids)} if ids else {}
        names = units if units is not None else [""] * len(specs)
        return [self.grade_path(specs[i], hops, roots, dates, names[i]) for i in range(len(specs))]

    @staticmethod
    def grade_path(s: rules.PathSpec | PathRow, hops: dict[str, HopRow], roots: dict[str, set[str]],
                   dates: dict[str, str | None], unit: str = "") -> PathRow:
        """analyse.paths.Path's grade, label, sources, learning time and date, from the rows of its hops."""
        rows = [hops[k] for k in s.hops]
        published = [h.published for h in rows if h.published]
        date = (dates.get(s.via) if s.via else None) or (max(published) if published else None)
        return PathRow(s.id, s.nodes[0], s.nodes[-1], s.kind, s.via, s.nodes, s.hops, s.connector,
                       max((h.grade for h in rows), default=UNGRADED),
                       min((STRENGTH[h.certainty] for h in rows), default=Certainty.UNVERIFIED.strength),
                       len(set().union(*(roots.get(k, set()) for k in _core(s)))),
                       max((h.learned_at for h in rows), default=""), date, unit)


def _better(old: HopRow, now: HopRow | None) -> bool:
    """Whether a hop's paths can only have got better, on the same dates (its grade or label improved)."""
    return now is not None and now.grade <= old.grade and STRENGTH[now.certainty] >= STRENGTH[old.certainty] \
        and now.learned_at <= old.learned_at and now.published == old.published


def _core(s: rules.PathSpec | PathRow) -> list[str]:
    """The hops a path's sources are counted on: its connection, or every hop when members alone connect it."""
    return [k for k in s.hops if k in s.connector] or list(s.hops)


def _outlet(source: str | None) -> str | None:
    return "outlet:" + source.strip().casefold() if source and source.strip() else None
