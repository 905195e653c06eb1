"""Reads an analyst pages through (issue 14): each returns one page, in a fixed order, from an index range,
so a page costs its own size however large the store grows. Mixed into :class:`~linkwatch.store.base.Store`."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any

from linkwatch.model import Document, Entity, Event, Evidence, Relation


class PageReads(ABC):
    @abstractmethod
    def documents_page(self, offset: int, limit: int, newest_first: bool = False,
                       language: str | None = None) -> list[Document]:
        """Documents in ingest order (the latest first when `newest_first`); with `language` (a primary subtag),
        only those in it, a document whose language is unknown counting as English (normalise.language)."""

    @abstractmethod
    def entities_page(self, type: str | None, offset: int, limit: int) -> list[Entity]:
        """Entities in order of first appearance, each with its distinct names as aliases (no documents)."""

    @abstractmethod
    def entity_count(self, type: str | None = None) -> int: ...

    @abstractmethod
    def events_page(self, offset: int, limit: int) -> list[Event]:
        """Events without evidence, dated ones first in date order, then the undated."""

    @abstractmethod
    def relations_page(self, entity_id: str | None, type: str | None, offset: int, limit: int) -> list[Relation]:
        """Relations without evidence, best graded first (grade, then more sources, then type and id; ungraded
        last), optionally only those touching `entity_id` or of one `type`. `last_seen` is filled."""

    @abstractmethod
    def last_seen(self, relation_ids: Iterable[str]) -> dict[str, str]:
        """When each relation's latest quote was stored."""

    @abstractmethod
    def relation_stubs_at(self, nodes: Iterable[str]) -> list[Relation]:
        """Relations touching any of `nodes` (as source or target), without evidence, in first-seen order."""

    @abstractmethod
    def relation_count(self, entity_id: str | None = None, type: str | None = None, cap: int | None = None) -> int:
        """How many relations touch `entity_id` / are of `type`; counting stops past `cap` (cap + 1 returned)."""

    @abstractmethod
    def evidence_page(self, *, relation_id: str | None = None, event_id: str | None = None, offset: int = 0,
                      limit: int | None = None) -> list[Evidence]:
        """One relation's or event's evidence in the order it was stored."""

    @abstractmethod
    def evidence_sample(self, *, relation_id: str | None = None, event_id: str | None = None,
                        limit: int) -> list[Evidence]:
        """The first `limit` evidence rows, with the first denial among them if there is one anywhere: a
        claim shown with a few of its quotes must still show that a source denies it."""

    @abstractmethod
    def evidence_in(self, relation_id: str, doc_id: str) -> list[Evidence]:
        """One relation's evidence from one document."""

    @abstractmethod
    def history_after(self, after_id: int, limit: int | None = None) -> list[dict[str, Any]]:
        """relation_history rows after id `after_id`, oldest first."""

    @abstractmethod
    def history_before(self, relation_id: str, before_id: int) -> dict[str, Any] | None:
        """The relation's history row just before row `before_id`."""

    @abstractmethod
    def evidence_samples(self, relations: Iterable[tuple[str, bool]] = (), events: Iterable[tuple[str, bool]] = (),
                         *, limit: int) -> dict[str, list[Evidence]]:
        """evidence_sample of many relations and events in one read, keyed by their ids. Each comes with
        whether some of its evidence is a denial (the index knows), so a denial is looked for only then."""

    @abstractmethod
    def evidence_counts(self, *, relations: Iterable[str] = (), events: Iterable[str] = ()) -> dict[str, int]: ...

    @abstractmethod
    def reported_spans(self, *, relations: Iterable[str] = (), events: Iterable[str] = ()
                       ) -> dict[str, tuple[str | None, str | None]]:
        """The first and last publication dates among the documents behind each relation's or event's
        evidence (when the fact was reported), without reading the quotes; ids with no dated document are
        left out."""

    @abstractmethod
    def entity_first_reported(self, entity_id: str) -> str | None:
        """The earliest publication date of a document that names the entity."""

    @abstractmethod
    def entity_events(self, entity_id: str, offset: int, limit: int) -> list[Event]:
        """Events the entity took part in, organised, was the place of, or has a relation to, without evidence,
        dated first in date order."""

    @abstractmethod
    def entity_event_count(self, entity_id: str) -> int: ...

    @abstractmethod
    def decisions_ranked(self, item_id: str, kind: str, outcomes: Iterable[str | None], limit: int
                         ) -> list[dict[str, Any]]:
        """Decisions about `item_id`, outcome by outcome in the order given (None: every outcome not named),
        best score first within each, at most `limit` per outcome."""

    @abstractmethod
    def document_evidence(self, doc_id: str) -> list[tuple[str | None, str | None, Evidence]]:
        """(relation id, event id, evidence) of every quote taken from one document."""

    @abstractmethod
    def alias_groups(self, entity_id: str, docs_per_group: int) -> list[tuple[str | None, list[str], list[str], int]]:
        """(source, names, documents, number of documents) per source that named the entity; at most
        `docs_per_group` documents listed per group."""

    @abstractmethod
    def alias_sources(self, entity_id: str) -> list[tuple[str | None, str | None, str]]:
        """(outlet, document, name) for each name an outlet used for the entity (the document only where the
        outlet is unknown), in order of first appearance: as many rows as names by outlet, not mentions."""

    @abstractmethod
    def event_labels(self, ids: Iterable[str]) -> list[Event]:
        """Events by id with what names them (type, name, date, place), without roles or evidence."""

    @abstractmethod
    def is_watched(self, entity_id: str) -> bool: ...

    @abstractmethod
    def events_at(self, location_id: str) -> list[str]:
        """Ids of the events located at an entity."""
