"""The storage interface every stage talks to.

Modelled on nomenklatura's Store / Writer / View split: a :class:`Store` hands
out read methods directly and write methods only inside
:meth:`Store.transaction`, which yields a :class:`Writer`. One transaction per
document keeps the store consistent when an ingest is killed half-way.

SQLite (``sql.py``) is the default backend; the PostgreSQL backend (``pg.py``) runs
the same SQL through a dialect-aware connection, and ``tests/store/test_contract.py``
runs against both.

Transactions: what resolution relies on, and every backend guarantees
(``test_contract.py``, the tests named ``test_transaction_*``):

1. **Read your writes.** Inside ``with store.transaction() as w:``, every read method
   of the same ``Store`` object sees every write made through ``w`` so far, including
   what the backend derives from it (``relation_source_groups``, ``alias_names``,
   ``entity_keys``, the search index). The resolver writes an entity, then looks it up
   by key for the next mention of the same document, through the store, not the writer.
2. **Writers take turns.** At most one write transaction per store runs at a time (SQLite's
   write lock; on PostgreSQL an advisory lock per store taken at ``BEGIN``), and it sees
   everything committed before its turn began. So what the resolver decides inside its
   transaction (is this document new, which original does it copy, which entity does
   this name join) cannot be overtaken by another writer. A writer waits for its turn up
   to ``sql.BUSY_TIMEOUT`` seconds, then gets a ``StoreError`` saying the store is busy.
3. **All or nothing.** Other connections see none of a transaction's writes before it
   commits; an exception inside the ``with`` block rolls all of them back and is raised
   again. After a database error the transaction cannot go on (PostgreSQL refuses every
   further statement in it), so a writer never catches one and continues: write so that
   conflicts cannot happen (the writers' ``INSERT OR IGNORE`` / ``ON CONFLICT``).
4. **Batches** (``with store.batch():``) group the transactions opened inside into one commit; each
   transaction is then a savepoint, with 1-3 holding for it, except that other connections see its
   writes only when the batch commits.
5. **Reads outside a transaction** see what is committed when each statement runs; two
   reads are not one snapshot. Readers never wait for a writer.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from linkwatch.model import DocExtraction, Document, Entity, Event, Evidence, Mention, Relation
from linkwatch.store.index_base import IndexReads, IndexWrites
from linkwatch.store.pages_base import PageReads


@dataclass(frozen=True)
class SourceRow:
    """One evidence item's provenance, as grading needs it."""

    doc_id: str
    copy_of: str | None
    source: str | None
    url: str | None
    certainty: str
    learned_at: str


class Writer(IndexWrites, ABC):
    """Write operations, valid only inside one transaction. Every write to the graph (documents, entities,
    events, relations) is also logged for the link index (Store.graph_changes), which folds it in before
    the transaction commits (pipeline) or before the next analysis reads it (analyse.index.ensure)."""

    @abstractmethod
    def put_blob(self, sha256: str, content: bytes) -> None: ...

    @abstractmethod
    def add_document(self, doc: Document, signature: bytes | None, bands: Sequence[str]) -> Document:
        """Store a new document; returns it with `ingested_at` set."""

    @abstractmethod
    def put_extraction(self, extraction: DocExtraction) -> None: ...

    @abstractmethod
    def upsert_entity(self, entity: Entity) -> None:
        """Insert the entity, or update its name/key; aliases in `entity.aliases` are added."""

    @abstractmethod
    def add_entity_keys(self, entity_id: str, keys: Iterable[str]) -> None:
        """Blocking keys under which resolution will find this entity again."""

    @abstractmethod
    def set_entity(self, entity_id: str, type_: str, name: str) -> None:
        """Set an entity's type and canonical name (reconciliation decides both from all its sources)."""

    @abstractmethod
    def add_type_vote(self, entity_id: str, type_: str) -> None:
        """One more document typed the entity `type_` (:meth:`Store.type_votes`)."""

    @abstractmethod
    def add_alias_evidence(self, entity_id: str, name: str, equated: str, evidence: Evidence, cue: str) -> None:
        """Where a document equated two of the entity's names ("X, whose real name is Y")."""

    @abstractmethod
    def merge_entities(self, keep: str, gone: str) -> list[str]:
        """Fold entity `gone` into `keep`: everything naming `gone` names `keep`, `gone` stays findable as
        its ``id:`` key. Returns the relations whose evidence changed, to be graded again."""

    @abstractmethod
    def merge_events(self, keep: str, gone: str) -> list[str]:
        """Fold event `gone` into `keep` (roles, evidence, keys, relations); returns the relations touched."""

    @abstractmethod
    def add_mentions(self, doc_id: str, mentions: Sequence[Mention], entity_of: dict[str, str]) -> None: ...

    @abstractmethod
    def set_local_ref(self, doc_id: str, ref: str, global_id: str) -> None: ...

    @abstractmethod
    def upsert_event(self, event: Event) -> None:
        """Insert or update the event row, its participants/organizers and its evidence."""

    @abstractmethod
    def add_event_keys(self, event_id: str, keys: Iterable[str]) -> None: ...

    @abstractmethod
    def add_relation(self, relation: Relation) -> bool:
        """Add the relation (or more evidence to it). Returns True if the relation is new."""

    @abstractmethod
    def update_relation_grade(self, relation_id: str, certainty: str, sources: int,
                              grade: int | None, confidence: int | None, doc_id: str | None) -> None:
        """Set the relation's summary fields, and log them in its history when they change."""

    @abstractmethod
    def record_decision(self, kind: str, a: str, b: str, outcome: str, score: float | None,
                        features: dict[str, Any]) -> None: ...

    @abstractmethod
    def put_judgement(self, a: str, b: str, judgement: str, author: str | None = None) -> None: ...

    @abstractmethod
    def watch(self, entity_id: str, note: str | None = None) -> None: ...

    @abstractmethod
    def unwatch(self, entity_id: str) -> None: ...

    @abstractmethod
    def clear_graph(self) -> None:
        """Drop everything resolution built (entities, events, relations, evidence,
        decisions), keeping documents, extractions, judgements, watchlist and history."""

    # resolve: places ---------------------------------------------------------
    @abstractmethod
    def put_place(self, entity_id: str, key: str, name: str, geonames_id: int | None, lat: float | None,
                  lon: float | None, country: str | None, admin1: str | None, feature: str) -> None:
        """Record where a location entity is (GeoNames id, coordinates, country and admin1 code)."""


class Store(IndexReads, PageReads, ABC):
    """Read methods (the View) plus :meth:`transaction` for writes."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Writer]: ...

    @abstractmethod
    def batch(self) -> AbstractContextManager[None]:
        """Commit the transactions opened inside as one: each becomes a savepoint of the batch's transaction,
        so a failing one still undoes only its own writes, and the others commit at the end of the batch even
        when the block raises. What grouping saves is the commit's own cost (SQLite writes every page a
        transaction dirtied to its log once per commit: about 75 pages for a 50-word report), paid once per
        batch instead of once per document; the write lock is held for the whole batch, so keep batches
        short (the ingest groups one extraction batch, Settings.batch_size documents). Nested batches are one."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # documents ---------------------------------------------------------
    @abstractmethod
    def document(self, doc_id: str) -> Document | None: ...

    @abstractmethod
    def documents(self) -> Iterator[Document]:
        """All documents in ingest order."""

    @abstractmethod
    def document_count(self, language: str | None = None) -> int:
        """How many documents there are (in `language`: see pages_base.documents_page)."""

    @abstractmethod
    def has_document(self, doc_id: str) -> bool:
        """Whether the document is stored, without reading its text."""

    @abstractmethod
    def document_id_for_raw(self, sha256: str) -> str | None:
        """The stored document made from these exact input bytes, if any."""

    @abstractmethod
    def has_blob(self, sha256: str) -> bool: ...

    @abstractmethod
    def blob(self, sha256: str) -> bytes | None: ...

    @abstractmethod
    def near_duplicate_candidates(self, bands: Sequence[str], min_shared: int = 1,
                                  limit: int | None = None) -> list[tuple[str, bytes]]:
        """(doc_id, signature) of stored originals sharing at least `min_shared` of the LSH `bands`,
        those sharing the most first (then in ingest order), at most `limit` of them."""

    @abstractmethod
    def extraction(self, doc_id: str) -> DocExtraction | None: ...

    @abstractmethod
    def extractions(self) -> Iterator[DocExtraction]:
        """Every stored extraction, in document ingest order (re-resolution replays these)."""

    # graph ---------------------------------------------------------------
    @abstractmethod
    def entity(self, entity_id: str) -> Entity | None: ...

    @abstractmethod
    def entities(self, type: str | None = None) -> list[Entity]: ...

    @abstractmethod
    def entities_by_keys(self, keys: Iterable[str]) -> list[Entity]:
        """Resolution's candidate generation: entities indexed under any of `keys`."""

    @abstractmethod
    def event(self, event_id: str) -> Event | None: ...

    @abstractmethod
    def events(self) -> list[Event]: ...

    @abstractmethod
    def events_by_keys(self, keys: Iterable[str]) -> list[Event]: ...

    @abstractmethod
    def event_stubs_by_keys(self, keys: Iterable[str]) -> list[Event]:
        """Event resolution's candidates: the events filed under any of `keys`, with their type, date,
        place and roles but without evidence (a reported event collects quotes with every report)."""

    @abstractmethod
    def event_stubs(self, ids: Iterable[str]) -> list[Event]:
        """Events by id, as :meth:`event_stubs_by_keys` returns them (unknown ids are left out)."""

    @abstractmethod
    def event_stubs_with_actors(self, entity_ids: Iterable[str]) -> list[Event]:
        """The events any of `entity_ids` took part in or organised, as :meth:`event_stubs` returns them
        (a person's events, to file them under a group a later document says the person belongs to)."""

    @abstractmethod
    def relation(self, relation_id: str) -> Relation | None: ...

    @abstractmethod
    def relations(self, entity_id: str | None = None, type: str | None = None) -> list[Relation]:
        """Relations, optionally only those touching `entity_id` (as source or target)."""

    @abstractmethod
    def relation_sources(self, relation_id: str) -> list[SourceRow]: ...

    @abstractmethod
    def existing_relations(self, ids: Iterable[str]) -> set[str]:
        """Which of `ids` are stored relations (a merge may have folded some away)."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """How many documents, entities, events and relations the store holds (counted, not loaded)."""

    @abstractmethod
    def mentions(self, doc_id: str | None = None) -> list[dict[str, Any]]: ...

    @abstractmethod
    def global_id(self, doc_id: str, ref: str) -> str | None: ...

    # analyst state ----------------------------------------------------------
    @abstractmethod
    def decisions(self, item_id: str | None = None, kind: str | None = None) -> list[dict[str, Any]]: ...

    @abstractmethod
    def judgements(self) -> list[dict[str, Any]]: ...

    @abstractmethod
    def watchlist(self) -> list[dict[str, Any]]: ...

    @abstractmethod
    def relation_history(self, since: str | None = None) -> list[dict[str, Any]]: ...


    # resolve: places and entity keys -------------------------------------------
    @abstractmethod
    def places(self) -> list[dict[str, Any]]:
        """Every resolved location with coordinates: entity_id, key, name, geonames_id, lat, lon,
        country, admin1, feature."""

    @abstractmethod
    def place(self, entity_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def entity_keys(self, entity_id: str) -> list[str]:
        """The keys an entity is filed under (blocking keys, context keys, absorbed ids)."""

    @abstractmethod
    def entity_keys_by_id(self, ids: Iterable[str], prefixes: Sequence[str] = (),
                          among: Iterable[str] = ()) -> dict[str, list[str]]:
        """:meth:`entity_keys` of several entities in one read, sorted. With `prefixes` or `among`, only
        the keys starting with one of `prefixes` or equal to one of `among`: resolution asks for the
        context keys a mention could share, not every key a much-mentioned entity has gathered.
        Entities without such keys are left out."""

    @abstractmethod
    def entity_ids_by_keys(self, keys: Iterable[str]) -> list[str]:
        """Ids of the entities filed under any of `keys`, without loading them (resolution's
        look-ups must not grow with how often an entity has been mentioned)."""

    @abstractmethod
    def entities_under_keys(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """Each of `keys` that files an entity, with the ids it files in id order: many look-ups in one read
        (search asks for every part of a name at once)."""

    @abstractmethod
    def entity_stubs(self, ids: Iterable[str]) -> list[Entity]:
        """Entities by id with their canonical name and key but without their alias rows."""

    @abstractmethod
    def alias_names(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """Each entity's distinct alias names (one row per name, not per document)."""

    @abstractmethod
    def name_counts(self, entity_id: str) -> list[tuple[str, int]]:
        """The entity's distinct names with how many documents use each, in order of first appearance."""

    @abstractmethod
    def type_votes(self, entity_id: str) -> dict[str, int]:
        """How many documents typed the entity each way."""

    @abstractmethod
    def shared_documents(self, a: str, b: str) -> list[str]:
        """Documents in which both entities (or events) were named, as different local refs."""

    @abstractmethod
    def shared_keys(self, a: str, b: str, prefix: str) -> list[str]:
        """The keys starting with `prefix` both entities are filed under (their shared context), read
        without reading either entity's every key."""

    @abstractmethod
    def entity_documents(self, entity_id: str, limit: int) -> list[str]:
        """Up to `limit` documents that named the entity, first ingested first."""

    @abstractmethod
    def names_in_document(self, entity_id: str, doc_id: str) -> list[str]:
        """The names one document used for the entity."""

    @abstractmethod
    def alias_evidence(self, entity_id: str) -> list[dict[str, Any]]:
        """Where documents equated the entity's names: name, equated, doc_id, start, end, quote, cue."""

    @abstractmethod
    def relation_source_groups(self, relation_id: str) -> list[SourceRow]:
        """:meth:`relation_sources` folded for grading: documents from one outlet with one label
        collapse into one row (doc_id "") unless a copy points at them, so grading a relation costs
        about the number of outlets, not the number of articles. Backends keep this fold as evidence
        is written (the SQLite one in a table), so reading it does not touch the quotes."""


@contextmanager
def savepoint(db: Any) -> Iterator[None]:
    """A transaction nested in a batch's (Store.batch): `db` is a connection with ``execute`` in an open transaction."""
    db.execute("SAVEPOINT linkwatch_doc")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK TO SAVEPOINT linkwatch_doc")
        db.execute("RELEASE SAVEPOINT linkwatch_doc")
        raise
    db.execute("RELEASE SAVEPOINT linkwatch_doc")
