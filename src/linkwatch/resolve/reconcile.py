"""Reconciliation: after a document is resolved, cluster again the blocks it touched.

Incremental assignment (:mod:`entities`) puts each mention into the best entity the store holds *now*,
so what the graph looks like would depend on the order documents arrive in: the article that first
says "X, also known as Y" finds X and Y already filed as two people, and a mention that missed its
node because another name in its document took it first leaves a second node that every later
report joins. Reconciliation undoes that. For every entity the document touched, the candidates its
mentions met in their blocks (and, after a merge, the blocks of every name the merged node gained) are
compared with it node against node, by the same explained features (:mod:`features`). Pairs at or above
the merge score are positive edges of a graph; its connected components (networkx) are the new nodes,
subject to constraints no score overrides:

- an analyst's judgement: ``not-same`` and ``unsure`` keep two apart, ``same`` joins them;
- two different reference-list identities (organisation list, gazetteer) are two things;
- one document that names both and *distinguishes* them (different given names, a generic name beside
  a specific one, two factions: :func:`distinct.distinguishes`). Where a document named one thing twice
  and only failed to link its two spellings, the document is no evidence against the merge;
- two people known by full names none of which match.

A component that breaks a constraint is cut where the positive edges are weakest (a minimum s-t cut
between the two nodes that must stay apart) until none does. Every merge and refusal is recorded
with its features and score, as incremental decisions are, so ``linkwatch explain`` shows them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from linkwatch.model import Document, Entity, Judgement, MatchOutcome
from linkwatch.resolve import features as F
from linkwatch.resolve.distinct import distinguishes
from linkwatch.resolve.entities import CROSS_TYPES, EntityResolver, cross_type_match
from linkwatch.resolve.judgements import Judgements, Side
from linkwatch.resolve.names import analyse, query_keys
from linkwatch.store.base import Store, Writer

MAX_ROUNDS = 4  # merges feed new blocks; a fixed point is reached in one or two rounds in practice
DOCS_SHOWN = 50  # an absorbed node's documents listed in its merge decision, for `explain`


@dataclass
class Reconciled:
    into: dict[str, str] = field(default_factory=dict)  # absorbed entity id -> the id it now is
    relations: list[str] = field(default_factory=list)  # relations whose evidence moved: grade them again
    merged: set[str] = field(default_factory=set)  # surviving ids of merges

    def final(self, entity_id: str) -> str:
        while entity_id in self.into:
            entity_id = self.into[entity_id]
        return entity_id


@dataclass
class _Pair:
    score: float
    cmp: F.Comparison | None  # None for a pair of two types (joined by their full names: `how`)
    refusal: str | None = None  # why the pair may not be one node, if anything says so
    judged: Judgement | None = None
    how: str = ""  # for a pair of two types: how their names join


class Reconciler:
    def __init__(self, store: Store, entities: EntityResolver) -> None:
        self.store = store
        self.entities = entities
        self._members: dict[str, set[str]] = {}

    def run(self, seeds: dict[str, set[str]], doc: Document, writer: Writer, judgements: Judgements,
            here: dict[str, str] | None = None) -> Reconciled:
        """`seeds`: each entity the document resolved a mention to, with the candidates its blocks held;
        `here`: this document's mentions ("<doc>#<ref>", as judgements name them) and their entities."""
        done = Reconciled()
        self._members = self._judged_members(judgements, here or {})
        frontier = {t: set(cs) for t, cs in seeds.items()}
        for _ in range(MAX_ROUNDS):
            pairs = sorted({tuple(sorted((done.final(t), done.final(c)))) for t, cs in frontier.items() for c in cs
                            if done.final(t) != done.final(c)})
            if not pairs:
                break
            stubs = {e.id: e for e in self.store.entity_stubs({x for p in pairs for x in p})}
            ids = sorted(stubs)
            names, keys = self.store.alias_names(ids), self.store.entity_keys_by_id(ids, ("aff:", "id:", "role:"))
            scored = {(a, b): self._pair(stubs[a], stubs[b], judgements, names, keys) for a, b in pairs
                      if a in stubs and b in stubs}
            graph = nx.Graph()
            for (a, b), pair in sorted(scored.items()):
                if pair.score >= F.MERGE and not pair.refusal:
                    graph.add_edge(a, b, capacity=pair.score)
            groups = [g for comp in sorted(nx.connected_components(graph), key=min)
                      for g in self._split(graph.subgraph(comp).copy(), stubs, judgements)]
            self._record_refusals(scored, groups, stubs, doc, writer)
            frontier = {}
            for group in (g for g in groups if len(g) > 1):
                names = self.store.alias_names(sorted(group))
                keep = self._survivor(group, stubs)
                for gone in sorted(group - {keep}):
                    self._merge(keep, gone, scored, stubs, doc, writer, done)
                # The merged node is compared again with the blocks of every name it now has.
                frontier[keep] = set(self._block(stubs[keep], [n for ns in names.values() for n in ns]))
        return done

    # pairs -------------------------------------------------------------------------
    def _pair(self, a: Entity, b: Entity, judgements: Judgements, names: dict[str, list[str]],
              keys: dict[str, list[str]]) -> _Pair:
        verdict = judgements.verdict(self._side(a, keys.get(a.id, [])),
                                     self._side(b, keys.get(b.id, []))) if judgements else None
        judged = verdict.judgement if verdict else None
        names_a, names_b = [a.name, *names.get(a.id, [])], [b.name, *names.get(b.id, [])]
        if a.type != b.type:
            m = cross_type_match(names_a, a.type, names_b, b.type) if not a.key and not b.key else None
            score = 2.0 if judged == Judgement.SAME else m.score if m is not None else 0.0
            refusal = "judged " + judged.value if judged and judged != Judgement.SAME else None
            how = "" if m is None else "identical full name" if m.kind == "identical" else \
                f"full names match ({m.describe()})"
            return _Pair(score, None, refusal, judged, how)
        # Read from the node without a reference identity: a listed group's context keys are many.
        small, large = (b, a) if a.key and not b.key else (a, b)
        shared = self.store.shared_keys(small.id, large.id, "ctx:")
        cmp = F.compare(self.entities.profile(a, names_a, [*keys.get(a.id, []), *shared]),
                        self.entities.profile(b, names_b, [*keys.get(b.id, []), *shared]))
        if judged == Judgement.SAME:
            return _Pair(2.0, cmp, None, judged)
        if judged is not None:
            return _Pair(cmp.score, cmp, "judged " + judged.value, judged)
        return _Pair(cmp.score, cmp, self._refusal(a, b, names_a, names_b) if cmp.score >= F.MERGE else None)

    def _refusal(self, a: Entity, b: Entity, names_a: list[str], names_b: list[str]) -> str | None:
        """Why two nodes may not be one, whatever their score (None: nothing says so)."""
        if a.key and b.key and a.key != b.key:
            return "different reference identities"
        if a.type != b.type and b.type not in CROSS_TYPES.get(a.type, ()):
            return f"a {a.type} and a {b.type}"
        if a.type == "person" and distinguishes(names_a, names_b, a.type):
            return "full names differ"
        for doc in self.store.shared_documents(a.id, b.id):
            here_a, here_b = self.store.names_in_document(a.id, doc), self.store.names_in_document(b.id, doc)
            if distinguishes(here_a, here_b, a.type, one_document=True):
                return f"document {doc} names both, as different things ({here_a[0]!r}, {here_b[0]!r})"
        return None

    def _split(self, graph: nx.Graph, stubs: dict[str, Entity], judgements: Judgements) -> list[set[str]]:
        """A component with two nodes that must stay apart is cut at its weakest edges between them."""
        nodes = sorted(graph.nodes)
        names = self.store.alias_names(nodes) if len(nodes) > 2 else {}
        for a, b in combinations(nodes, 2):
            if graph.has_edge(a, b):
                continue  # an edge's own pair was checked when it was scored
            refusal = self._refusal(stubs[a], stubs[b], [stubs[a].name, *names.get(a, [])],
                                    [stubs[b].name, *names.get(b, [])])
            if refusal is None and judgements:
                verdict = judgements.verdict(self._side(stubs[a]), self._side(stubs[b]))
                if verdict is not None and verdict.judgement != Judgement.SAME:
                    refusal = "judged " + verdict.judgement.value
            if refusal is not None:
                _, (left, right) = nx.minimum_cut(graph, a, b, capacity="capacity")
                out: list[set[str]] = []
                for side in (left, right):
                    for comp in sorted(nx.connected_components(graph.subgraph(side)), key=min):
                        out += self._split(graph.subgraph(comp).copy(), stubs, judgements)
                return out
        return [set(nodes)]

    def _judged_members(self, judgements: Judgements, here: dict[str, str]) -> dict[str, set[str]]:
        """Mentions ("<doc>#<ref>") a judgement names, by the entity that holds each now: a judgement
        that one mention is not an entity holds against the node the mention sits in."""
        members: dict[str, set[str]] = {}
        for j in judgements.items:
            for side in (j.a, j.b):
                if "#" not in side:
                    continue
                doc, ref = side.split("#", 1)
                holder = here.get(side) or self.store.global_id(doc, ref)
                if holder:
                    members.setdefault(holder, set()).add(side)
        return members

    def _side(self, entity: Entity, keys: Iterable[str] = ()) -> Side:
        side = self.entities.side(entity, keys)
        extra = self._members.get(entity.id)
        return Side(side.ids | extra, side.names) if extra else side

    # merging -----------------------------------------------------------------------
    def _survivor(self, group: set[str], stubs: dict[str, Entity]) -> str:
        """The node that keeps its id: one with a reference identity, else the one most documents name."""
        if len(group) == 1:
            return next(iter(group))
        size = {g: sum(self.store.type_votes(g).values()) for g in group}
        return min(group, key=lambda g: (stubs[g].key is None, -size[g], g))

    def _merge(self, keep: str, gone: str, scored: dict[tuple[str, str], _Pair], stubs: dict[str, Entity],
               doc: Document, writer: Writer, done: Reconciled) -> None:
        pair = scored.get((min(keep, gone), max(keep, gone)))
        record: dict[str, object] = {"doc": doc.id, "kind": "reconciled", "absorbed": stubs[gone].name,
                                     "docs": self.store.entity_documents(gone, DOCS_SHOWN)}
        if pair is not None and pair.cmp is not None:
            record = {**pair.cmp.features(), **record}
        elif pair is not None:
            record["note"] = (f"named as {stubs[gone].type} in some documents, as {stubs[keep].type} in others: "
                              + (pair.how or "judged same"))
            record["features"] = {"name_similarity": min(pair.score, 1.0)}
        if pair is None:
            record["note"] = "joined through other nodes of its cluster"
        if pair is not None and pair.judged:
            record["judgement"] = pair.judged.value
        score = pair.score if pair is not None else None
        done.relations += writer.merge_entities(keep, gone)  # first: it drops decisions between the two
        writer.record_decision("entity", keep, gone, MatchOutcome.SAME, min(score, 1.0) if score else score, record)
        done.into[gone] = keep
        done.merged.add(keep)

    def _record_refusals(self, scored: dict[tuple[str, str], _Pair], groups: list[set[str]],
                         stubs: dict[str, Entity], doc: Document, writer: Writer) -> None:
        """Pairs that scored high enough to merge and were kept apart, with the reason. (Pairs that only
        came close were proposed to an analyst when their mentions were compared.)"""
        group_of = {n: i for i, g in enumerate(groups) for n in g}
        for (a, b), pair in scored.items():
            if pair.cmp is None or (a in group_of and group_of.get(a) == group_of.get(b)):
                continue
            if pair.score < F.MERGE and not pair.judged:
                continue
            record = {**pair.cmp.features(), "doc": doc.id, "kind": "reconciled"}
            if pair.refusal:
                record["note"] = "kept apart: " + pair.refusal
            elif pair.score >= F.MERGE:
                record["note"] = "kept apart: cut from its cluster, whose other nodes must stay apart"
            if pair.judged:
                record["judgement"] = pair.judged.value
            outcome = pair.judged.outcome if pair.judged else MatchOutcome.DIFFERENT
            writer.record_decision("entity", a, b, outcome, pair.score, record)

    def _block(self, entity: Entity, names: Iterable[str]) -> list[str]:
        """The entities sharing a block with any of `names` (and identical full names of the other type)."""
        keys = {k for n in names for k in query_keys(n, entity.type)}
        for other in CROSS_TYPES.get(entity.type, ()):
            keys |= {f"n:{other}:{parts}" for parts in _full_names(names, other)}
            if "location" not in (entity.type, other):  # one-word names, for a "person" with no full name
                keys |= {f"n:{other}:{' '.join(analyse(n, other).parts)}" for n in names
                         if len(analyse(n, other).parts) == 1}
            if "location" in (entity.type, other):
                keys |= {k for n in names if len(analyse(n, other).parts) >= 2 for k in query_keys(n, other)}
        return [i for i in self.store.entity_ids_by_keys(keys) if i != entity.id]


def _full_names(names: Iterable[str], type_: str) -> set[str]:
    """Names of two parts or more, folded as `type_` folds them (person and organisation readings of
    one full name meet through these)."""
    return {" ".join(analyse(n, type_).parts) for n in names if len(analyse(n, type_).parts) >= 2}
