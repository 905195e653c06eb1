"""The storage side of the organisation link index and the alert feed (issue 14): rows and the operations
every backend offers on them.

What the index means (which hops chain an actor to a group, which connect two groups, how a path and a
link are graded) is ``linkwatch.analyse.index``'s; the store only keeps its tables and answers its look-ups,
each an index range, so a backend needs no analysis code. :class:`IndexReads` is mixed into
:class:`~linkwatch.store.base.Store`, :class:`IndexWrites` into :class:`~linkwatch.store.base.Writer`.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class HopRow:
    """One edge of the evidence graph as the index keeps it: a relation, or an event role without one."""

    key: str
    relation_id: str | None
    event_id: str | None  # the event whose role this is (role hops only)
    source: str
    type: str
    target: str
    source_type: str  # person / organization / location / ... / event
    target_type: str
    certainty: str
    grade: int
    learned_at: str  # when the store first learned it: the earliest ingest of a supporting document
    published: str | None  # the earliest publication date among its documents
    sources: int  # independent sources (store-wide source groups)
    seen_evidence: int = 0  # the last evidence row folded in
    role: str | None = None
    denied: bool = False  # some source denies it
    former: bool = False  # the relation has ended (Relation.former): never shown as current
    ended: str | None = None  # its end date, where a source gives one


@dataclass(frozen=True)
class PathRow:
    """One way two organisations are connected (analyse.paths.Path), with what ranks it."""

    id: str
    a: str
    b: str
    kind: str
    via: str | None
    nodes: tuple[str, ...]
    hops: tuple[str, ...]
    connector: tuple[str, ...]
    grade: int
    strength: int  # Certainty.strength of its weakest hop
    sources: int
    learned_at: str
    date: str | None
    unit: str = ""  # the connection it goes through (analyse.index_units): its link part

    @property
    def n_hops(self) -> int:
        return len(self.hops)


@dataclass(frozen=True)
class PartRow:
    """The paths of one unit (one connection) between two organisations on one date, summed up: what a link
    needs of them without keeping each (analyse.index_units)."""

    unit: str
    a: str
    b: str
    date: str  # '' when undated
    kind: str
    grade: int
    strength: int
    paths: int
    learned_at: str


@dataclass(frozen=True)
class LinkRow:
    """Two organisations and the summary of every path between them."""

    a: str
    b: str
    a_name: str
    b_name: str
    grade: int
    strength: int
    sources: int
    paths: int
    kinds: tuple[str, ...]
    learned_at: str
    first_seen: str | None
    last_seen: str | None


@dataclass
class AlertRow:
    """An alert as recorded. `subjects` are (id, name, type); `evidence` are cited quotes as dicts."""

    kind: str
    at: str
    subject: str
    title: str
    subjects: list[tuple[str, str, str]]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    certainty: str | None = None
    grade: int | None = None
    previous: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    born: str | None = None
    id: int | None = None
    recorded_at: str | None = None
    watched: bool = False  # filled when read: whether a subject is on the watchlist now
    seen: bool = False  # filled when read for an analyst


@dataclass(frozen=True)
class DocStub:
    """A document without its text: what citations, source groups and dates need."""

    id: str
    source: str | None
    copy_of: str | None
    url: str | None
    origin: str
    title: str | None
    published: str | None
    ingested_at: str


class IndexReads(ABC):
    """Look-ups the link index and the alert feed make; each reads an index range."""

    # the writer's change log and the index's own state -----------------------------------
    @abstractmethod
    def graph_changes(self, limit: int | None = None) -> list[tuple[int, str, str]]:
        """(seq, kind, item) of graph writes not yet folded into the index, oldest first."""

    @abstractmethod
    def index_state(self, name: str) -> str | None: ...

    # documents and evidence, light -------------------------------------------------------
    @abstractmethod
    def document_stubs(self, ids: Iterable[str] | None = None) -> list[DocStub]:
        """Documents by id (all of them, in ingest order, when `ids` is None), without text."""

    @abstractmethod
    def evidence_after(self, after: int, *, relation_id: str | None = None,
                       event_id: str | None = None) -> list[tuple[int, str, str]]:
        """(evidence id, doc id, certainty) of one relation's or event's evidence rows after id `after`."""

    @abstractmethod
    def relation_evidence(self, relation_ids: Iterable[str]) -> dict[str, list[tuple[int, str, str]]]:
        """evidence_after(0) of several relations in one read: relation id -> its rows."""

    @abstractmethod
    def relation_stubs(self, ids: Iterable[str]) -> list[Any]:
        """Relations by id with their summary fields and without evidence (model.Relation)."""

    @abstractmethod
    def relation_ids_between(self, pairs: Iterable[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
        """Which of (source, type, target) have a relation row."""

    # source groups ---------------------------------------------------------------------
    @abstractmethod
    def source_roots(self, nodes: Iterable[str]) -> dict[str, str]:
        """node -> its group's root, for the nodes the index knows."""

    @abstractmethod
    def source_group_size(self, root: str) -> int: ...

    # hops and paths ----------------------------------------------------------------------
    @abstractmethod
    def hop_rows(self, keys: Iterable[str]) -> dict[str, HopRow]: ...

    @abstractmethod
    def hops_at(self, nodes: Iterable[str], types: Sequence[str] = (), *, outgoing: bool = True,
                incoming: bool = True) -> list[HopRow]:
        """Hops whose source (`outgoing`) or target (`incoming`) is one of `nodes`, of one of `types` if given."""

    @abstractmethod
    def hop_root_count(self, keys: Iterable[str]) -> int:
        """Distinct independent sources behind these hops together."""

    @abstractmethod
    def hop_roots(self, keys: Iterable[str]) -> dict[str, set[str]]: ...

    @abstractmethod
    def hops_with_root(self, root: str) -> list[str]: ...

    @abstractmethod
    def event_roots(self, event_id: str) -> set[str]: ...

    @abstractmethod
    def graph_ids(self, kind: str) -> list[str]:
        """Every relation id (`kind` "relation") or event id ("event"), oldest first: what a rebuild indexes."""

    @abstractmethod
    def existing_paths(self, ids: Iterable[str]) -> set[str]: ...

    @abstractmethod
    def path_rows(self, ids: Iterable[str]) -> list[PathRow]: ...

    @abstractmethod
    def paths_through(self, hops: Iterable[str], connector_only: bool = False) -> list[str]:
        """Ids of the paths that use any of `hops` (as their connection itself, with `connector_only`)."""

    @abstractmethod
    def paths_via(self, events: Iterable[str]) -> list[str]: ...

    @abstractmethod
    def pair_paths(self, a: str, b: str, limit: int, offset: int = 0, since: str | None = None) -> list[PathRow]:
        """The paths between two organisations (a < b), best ranked first; with `since`, only those the
        sources date on or after it."""

    @abstractmethod
    def kept_paths(self, a: str, b: str, limit: int) -> list[tuple[str, str, int, int, int, int, str, str | None]]:
        """The pair's kept paths, best ranked first, without their hops: (id, unit, grade, strength, n_hops,
        sources, learned_at, date)."""

    @abstractmethod
    def pair_summary(self, a: str, b: str) -> dict[str, Any] | None:
        """grade, strength, paths, kinds, learned_at, first_seen, last_seen over every path of the pair (summed
        over its link parts)."""

    @abstractmethod
    def pair_summaries_since(self, since: str, org: str | None = None) -> list[dict[str, Any]]:
        """The summary of each pair over only the paths the sources date on or after `since` (its parts so
        dated), with their sources counted over those paths' connections."""

    @abstractmethod
    def unit_parts(self, units: Iterable[str]) -> dict[str, list[PartRow]]:
        """The link parts of each unit (units with none are left out)."""

    @abstractmethod
    def units_of_hops(self, hops: Iterable[str], core_only: bool = False) -> set[str]:
        """The units with a path through any of `hops` (with `core_only`: as its connection)."""

    @abstractmethod
    def pair_units(self, a: str, b: str) -> list[str]:
        """The units with paths between two organisations (a < b)."""

    @abstractmethod
    def units_dated_otherwise(self, units: Iterable[str], date: str) -> set[str]:
        """Which of `units` have a part dated other than `date`."""

    @abstractmethod
    def link_root_count(self, a: str, b: str) -> int: ...

    @abstractmethod
    def pairs_with_root(self, root: str) -> list[tuple[str, str]]: ...

    # links -----------------------------------------------------------------------------
    @abstractmethod
    def link_rows(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], LinkRow]: ...

    @abstractmethod
    def links_page(self, org: str | None = None, max_grade: int | None = None, limit: int | None = None,
                   offset: int = 0) -> list[LinkRow]:
        """Links best first (grade, then more sources, then names), optionally only `org`'s."""

    @abstractmethod
    def links_count(self, org: str | None = None, max_grade: int | None = None) -> int: ...

    @abstractmethod
    def actor_orgs(self, actor: str) -> set[str]: ...

    # alerts ----------------------------------------------------------------------------
    @abstractmethod
    def alerts(self, *, since: str | None = None, analyst: str | None = None, unseen: bool = False,
               watched_only: bool = False, limit: int | None = None, offset: int = 0) -> list[AlertRow]:
        """Recorded alerts, those about watched entities first, then by when they were learned. `since`
        keeps what was learned at or after it, leaving out changes to facts first learned after it (their
        arrival is the news). `unseen` keeps what `analyst` has not marked seen."""

    @abstractmethod
    def alerts_count(self, *, since: str | None = None, analyst: str | None = None, unseen: bool = False,
                     watched_only: bool = False, cap: int | None = None) -> int:
        """How many alerts `alerts` would page through; counting stops past `cap` (cap + 1 returned)."""

    @abstractmethod
    def last_alert_id(self) -> int: ...


class IndexWrites(ABC):
    """Writes of the link index and the alert feed, inside the transaction of the change they follow."""

    @abstractmethod
    def consume_graph_changes(self, up_to: int) -> None:
        """Forget the change log up to `up_to` (the index has folded it in)."""

    @abstractmethod
    def set_index_state(self, name: str, value: str) -> None: ...

    @abstractmethod
    def clear_index(self) -> None:
        """Empty every index table (not the alerts), for a rebuild."""

    @abstractmethod
    def add_source_nodes(self, nodes: Iterable[tuple[str, str]]) -> None:
        """(node, root) for nodes new to the index."""

    @abstractmethod
    def merge_source_roots(self, absorbed: str, into: str) -> None:
        """Every node, hop, event and link counted under `absorbed` is counted under `into` from now on."""

    @abstractmethod
    def put_hops(self, rows: Iterable[HopRow]) -> None: ...

    @abstractmethod
    def delete_hops(self, keys: Iterable[str]) -> None:
        """Drop hops, their roots and every path through them."""

    @abstractmethod
    def add_hop_roots(self, pairs: Iterable[tuple[str, str]], *, new_hop: bool = False) -> set[str]:
        """(hop, root) pairs; returns the roots that were new to their hop (`new_hop`: all of them, the hop
        has none yet, which saves asking row by row)."""

    @abstractmethod
    def add_event_roots(self, pairs: Iterable[tuple[str, str]]) -> int:
        """(event, root) pairs; returns how many were new."""

    @abstractmethod
    def put_paths(self, rows: Iterable[PathRow]) -> None:
        """Insert or replace paths (and their hop index)."""

    @abstractmethod
    def delete_paths(self, ids: Iterable[str]) -> None: ...

    @abstractmethod
    def replace_units(self, units: Iterable[str], parts: Iterable[PartRow],
                      hops: Iterable[tuple[str, str, bool]]) -> None:
        """Forget every part and hop of `units`, then write their parts and (hop, unit, core) rows as now."""

    @abstractmethod
    def add_to_units(self, parts: Iterable[PartRow], hops: Iterable[tuple[str, str, bool]]) -> None:
        """Write these parts over those of the same unit, pair and date, and add (hop, unit, core) rows."""

    @abstractmethod
    def put_links(self, rows: Iterable[LinkRow]) -> None: ...

    @abstractmethod
    def delete_links(self, pairs: Iterable[tuple[str, str]]) -> None: ...

    @abstractmethod
    def rename_in_links(self, entity_id: str, name: str) -> None: ...

    @abstractmethod
    def add_link_roots(self, rows: Iterable[tuple[str, str, str]]) -> None: ...

    @abstractmethod
    def reset_link_roots(self, a: str, b: str) -> None:
        """Recount a pair's sources from its parts' connecting hops (after paths went away)."""

    @abstractmethod
    def add_actor_orgs(self, rows: Iterable[tuple[str, str, str]]) -> list[tuple[str, str]]:
        """(actor, org, learned_at) ties; returns the (actor, org) pairs that were new."""

    @abstractmethod
    def record_alerts(self, alerts: Sequence[AlertRow]) -> None: ...

    @abstractmethod
    def mark_alerts_seen(self, analyst: str, ids: Iterable[int] = (), up_to: int | None = None) -> None:
        """Mark alerts seen for `analyst`: these ids, or every alert up to id `up_to`."""
