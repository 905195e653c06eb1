"""Answers from the link index: organisation links, their best paths and the hops on them, as the same
objects analyse.links and analyse.paths make (Link, Path, Hop), read for one page of the answer only.

An :class:`IndexedView` is a GraphView that holds just what the page needs: the names of the nodes it shows,
the documents its quotes cite, and each hop with at most EVIDENCE_CAP of its quotes (a membership reported
a thousand times is shown with its first quotes and its first denial, and counted in full). What the cap
would change if recomputed from the quotes shown (a path's grade, label, date, when it was learned) comes
from the index, which counted every quote.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from linkwatch.analyse.index import ensure
from linkwatch.analyse.links import Link
from linkwatch.analyse.paths import Path
from linkwatch.analyse.view import GraphView, Hop, on_or_after
from linkwatch.model import Certainty, Document
from linkwatch.store.base import Store
from linkwatch.store.index_base import HopRow, LinkRow, PathRow

EVIDENCE_CAP = 10  # quotes shown per hop; the rest are counted
# Paths ranked equal with the last one shown, read to break the tie by their text as analyse.links does. A hub
# pair has thousands of equally ranked paths; past this many, ties go by path id.
TIE_CAP = 12
BY_STRENGTH = {c.strength: c for c in Certainty}


@dataclass(frozen=True)
class IndexedPath(Path):
    """A Path whose grade, label, date and learning time are the index's (counted over every quote)."""

    row: PathRow | None = None

    @cached_property
    def grade(self) -> int:
        return self.row.grade if self.row else super().grade

    @cached_property
    def certainty(self) -> Certainty:
        return BY_STRENGTH[self.row.strength] if self.row else super().certainty

    @property
    def learned_at(self) -> str:
        return self.row.learned_at if self.row else super().learned_at

    def date(self, view: GraphView) -> str | None:
        return self.row.date if self.row else super().date(view)


@dataclass
class IndexedLink(Link):
    """A Link summarised by the index over all its paths; `paths` holds only the best few, for display."""

    row: LinkRow | None = None

    @property
    def grade(self) -> int:
        return self.row.grade if self.row else super().grade

    @property
    def certainty(self) -> Certainty:
        return BY_STRENGTH[self.row.strength] if self.row else super().certainty

    @property
    def kinds(self) -> list[str]:
        return list(self.row.kinds) if self.row else super().kinds

    @property
    def sources(self) -> int:
        return self.row.sources if self.row else super().sources

    @property
    def n_paths(self) -> int:
        return self.row.paths if self.row else len(self.paths)

    def seen(self, view: GraphView) -> tuple[str | None, str | None]:
        return (self.row.first_seen, self.row.last_seen) if self.row else super().seen(view)


class IndexedView(GraphView):
    """A GraphView filled on demand from the store: names, documents and hops for one answer."""

    def __init__(self, store: Store, cap: int = EVIDENCE_CAP) -> None:
        super().__init__({}, {}, {}, {}, [])
        self.store = store
        self.cap = cap
        self._hops: dict[str, Hop] = {}

    # what the page names and cites ----------------------------------------------------------------
    def need(self, nodes: Iterable[str], *, roles: bool = False) -> None:
        """Load the entities and events among `nodes` (and events' places) for names and labels; events with
        who took part and organised them when `roles`."""
        missing = {n for n in nodes if n and n not in self.entities and (n not in self.events or roles)}
        if not missing:
            return
        for e in self.store.entity_stubs(missing):
            self.entities[e.id] = e
        ids = missing - set(self.entities)
        events = self.store.event_stubs(ids) if roles else self.store.event_labels(ids)
        for v in events:
            self.events[v.id] = v
        places = {v.location for v in events if v.location and v.location not in self.entities}
        for e in self.store.entity_stubs(places):
            self.entities[e.id] = e

    def need_documents(self, ids: Iterable[str]) -> None:
        missing = {i for i in ids if i not in self.documents}
        if not missing:
            return
        stubs = self.store.document_stubs(missing)
        originals = {d.copy_of for d in stubs if d.copy_of and d.copy_of not in self.documents} - missing
        for d in [*stubs, *self.store.document_stubs(originals)]:
            self.documents[d.id] = Document(d.id, "", "", d.origin, d.url, d.source, d.title, d.published,
                                            copy_of=d.copy_of, ingested_at=d.ingested_at)
        # Independent sources as the index groups them over the whole store (GraphView.source_of).
        roots = self.store.source_roots("doc:" + i for i in missing)
        self.source_of.update({i: roots.get("doc:" + i, "doc:" + i) for i in missing})

    @cached_property
    def watchlist_ids(self) -> set[str]:
        return {str(w["entity_id"]) for w in self.store.watchlist()}

    def watched_ids(self) -> set[str]:
        return self.watchlist_ids

    # hops, paths, links -------------------------------------------------------------------------
    def hops_for(self, keys: Iterable[str]) -> dict[str, Hop]:
        """Hops by key, each with its first quotes (and first denial), its sources and the index's grade."""
        keys = list(dict.fromkeys(keys))
        missing = [k for k in keys if k not in self._hops]
        if missing:
            rows = self.store.hop_rows(missing)
            roots = self.store.hop_roots(missing)
            quotes = self.store.evidence_samples(
                [(r.relation_id, r.denied) for r in rows.values() if r.relation_id],
                {(r.event_id, r.denied) for r in rows.values() if not r.relation_id and r.event_id}, limit=self.cap)
            for key, r in rows.items():
                evidence = quotes.get(r.relation_id or r.event_id or "", [])
                self._hops[key] = Hop(r.source, r.type, r.target, Certainty(r.certainty), r.grade, tuple(evidence),
                                      frozenset(roots.get(key, ())), r.learned_at, r.relation_id, r.role,
                                      former=r.former, ended=r.ended, denied_by_some=r.denied)
            self.need({n for r in rows.values() for n in (r.source, r.target)})
            self.need_documents({e.doc for k in rows for e in self._hops[k].evidence})
        return {k: self._hops[k] for k in keys if k in self._hops}

    def path(self, row: PathRow) -> IndexedPath:
        hops = self.hops_for(row.hops)
        self.need(row.nodes)
        return IndexedPath(row.nodes, tuple(hops[k] for k in row.hops), row.kind, row.via, frozenset(row.connector),
                           row)

    def best_rows(self, a: str, b: str, n: int, since: str | None = None) -> list[PathRow]:
        """The pair's `n` best paths, ranked as analyse.links ranks them: by grade, label, length and sources,
        then by their text. The text is worded from the hops' rows, before any quote is read."""
        if n <= 0:
            return []
        rows = self.store.pair_paths(a, b, n, since=since)
        if since and len(rows) < n:
            # The index keeps each pair's best paths; those of a later date may not be among them.
            from linkwatch.analyse.index import pair_rows

            dated = sorted((r for r in pair_rows(self.store, a, b) if on_or_after(r.date, since)), key=_rank)
            if len(dated) > len(rows):
                rows = dated[:n] + [r for r in dated[n:n + TIE_CAP] if _rank(r) == _rank(dated[n - 1])]
        elif len(rows) == n:
            # Rows ranked equal with the last one taken may sort before it by text: read some of them too.
            last = _rank(rows[-1])
            more = self.store.pair_paths(a, b, TIE_CAP, offset=n, since=since)
            rows += [r for r in more if _rank(r) == last]
        if len(rows) <= 1:
            return rows
        stubs = {k: _stub(r) for k, r in self.store.hop_rows({k for r in rows for k in r.hops}).items()}
        self.need({x for r in rows for x in r.nodes})
        worded = [(Path(r.nodes, tuple(stubs[k] for k in r.hops), r.kind, r.via).describe(self), r) for r in rows]
        worded.sort(key=lambda t: (_rank(t[1]), t[0]))
        return [r for _, r in worded[:n]]

    def best_paths(self, a: str, b: str, n: int, since: str | None = None) -> list[IndexedPath]:
        rows = self.best_rows(a, b, n, since)
        self.hops_for(k for r in rows for k in r.hops)
        return [self.path(r) for r in rows]

    def link(self, row: LinkRow, n_paths: int, since: str | None = None) -> IndexedLink:
        paths = self.best_paths(row.a, row.b, n_paths, since)
        self.need((row.a, row.b))
        return IndexedLink(row.a, row.b, list(paths), row.learned_at, row)

    def links(self, rows: list[LinkRow], n_paths: int, since: str | None = None) -> list[IndexedLink]:
        """Links with their best paths, every hop on them read at once."""
        best = {(r.a, r.b): self.best_rows(r.a, r.b, n_paths, since) for r in rows}
        self.hops_for(k for paths in best.values() for p in paths for k in p.hops)
        self.need(x for r in rows for x in (r.a, r.b))
        return [IndexedLink(r.a, r.b, [self.path(p) for p in best[(r.a, r.b)]], r.learned_at, r) for r in rows]


def _stub(r: HopRow) -> Hop:
    """A hop without its quotes: enough to word it (its label and hedge)."""
    return Hop(r.source, r.type, r.target, Certainty(r.certainty), r.grade, (), frozenset(), r.learned_at,
               r.relation_id, r.role, former=r.former, ended=r.ended, denied_by_some=r.denied)


def _rank(row: PathRow | None) -> tuple[int, int, int, int]:
    assert row is not None
    return (row.grade, -row.strength, row.n_hops, -row.sources)


def org_links(store: Store, org: str | None = None, since: str | None = None, min_grade: int | None = None,
              limit: int | None = None, offset: int = 0, n_paths: int = 1, quotes: int = EVIDENCE_CAP
              ) -> tuple[IndexedView, list[IndexedLink], int]:
    """analyse.links.org_links from the index: one page of links best first, with each link's `n_paths`
    best paths (each hop with its first `quotes` quotes), and how many links there are in all."""
    ensure(store)
    view = IndexedView(store, quotes)
    if since:
        rows = _since_rows(store, since, org, min_grade)
        total = len(rows)
        rows = rows[offset:None if limit is None else offset + limit]
    else:
        rows = store.links_page(org, min_grade, limit, offset)
        total = store.links_count(org, min_grade) if limit is not None or offset else len(rows)
    return view, view.links(rows, n_paths, since), total


def org_link(store: Store, a: str, b: str, n_paths: int) -> tuple[IndexedView, IndexedLink | None]:
    """One pair's link, or None when they are not linked."""
    ensure(store)
    view = IndexedView(store)
    a, b = sorted((a, b))
    row = store.link_rows([(a, b)]).get((a, b))
    return view, view.link(row, n_paths) if row else None


def _since_rows(store: Store, since: str, org: str | None, min_grade: int | None) -> list[LinkRow]:
    """Links summarised over only the paths dated on or after `since` (fewer paths: read, not kept)."""
    found = store.pair_summaries_since(since, org)
    names = {e.id: e.name for e in store.entity_stubs({x for s in found for x in (s["a"], s["b"])})}
    rows = [LinkRow(s["a"], s["b"], names.get(s["a"], s["a"]), names.get(s["b"], s["b"]), s["grade"], s["strength"],
                    s["sources"], s["paths"], s["kinds"], s["learned_at"], s["first_seen"], s["last_seen"])
            for s in found if min_grade is None or s["grade"] <= min_grade]
    return sorted(rows, key=lambda k: (k.grade, -k.sources, k.a_name, k.b_name, k.a, k.b))


def link_dict(view: IndexedView, link: IndexedLink, max_paths: int | None = None) -> dict[str, Any]:
    """Link.to_dict, with the number of paths the index counted."""
    return {**link.to_dict(view, max_paths), "n_paths": link.n_paths}
