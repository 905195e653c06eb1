"""Read API for what is stored: documents, entities, events, relations."""
from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from linkwatch.web import schemas as s
from linkwatch.web import views
from linkwatch.web.deps import ERRORS, IdPath, Language, Limit, Offset, StoreDep
from linkwatch.web.security import require_read

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)], responses=ERRORS)
COUNT_CAP = 10_000  # a list's total is counted up to this many; past it the answer says "more than"


@router.get("/schema", response_model=s.SchemaOut, tags=["schema"])
def get_schema() -> s.SchemaOut:
    """Every entity, event and relation type (linkwatch/schema/*.yaml): labels, ranges, direction, family,
    and how the link chart draws them."""
    return views.schema_out()


@router.get("/documents", response_model=s.DocumentList, tags=["documents"])
def list_documents(store: StoreDep, limit: Limit = 50, offset: Offset = 0,
                   language: Language = None) -> s.DocumentList:
    """Documents in ingest order, without their text; `language` (ur, hi, ar, en...) keeps those in it."""
    docs = [views.document_summary(d) for d in store.documents_page(offset, limit, language=language)]
    return s.DocumentList(total=store.document_count(language), offset=offset, limit=limit, items=docs)


@router.get("/documents/{doc_id}", response_model=s.DocumentOut, tags=["documents"])
def get_document(doc_id: IdPath, store: StoreDep) -> s.DocumentOut:
    """The stored text, every evidence quote it supports (offsets into `text`) and its name mentions."""
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, "no such document")
    return views.document_detail(store, doc)


@router.get("/entities", response_model=s.EntityList, tags=["entities"])
def list_entities(store: StoreDep, type: s.EntityType | None = None,
                  limit: Limit = 50, offset: Offset = 0) -> s.EntityList:
    """Entities in order of first appearance, optionally of one type (person, organization, location)."""
    found = store.entities_page(type, offset, limit)
    return s.EntityList(total=store.entity_count(type), offset=offset, limit=limit,
                        items=[views.entity_summary(e) for e in found])


@router.get("/entities/{entity_id}", response_model=s.EntityOut, tags=["entities"])
def get_entity(entity_id: IdPath, store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> s.EntityOut:
    """An entity with aliases by source, a page of the claims about it (best graded first, each with its
    first quotes), its first events and the merges resolution proposed for it."""
    entity = next(iter(store.entity_stubs([entity_id])), None)
    if entity is None:
        raise HTTPException(404, "no such entity")
    return views.entity_detail(store, entity, limit, offset)


@router.get("/events", response_model=s.EventList, tags=["events"])
def list_events(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> s.EventList:
    """Events, dated ones first in date order."""
    lookup = views.Lookup(store)
    events = store.events_page(offset, limit)
    views.load_events(lookup, events)
    return s.EventList(total=store.counts()["events"], offset=offset, limit=limit,
                       items=[views.event_summary(v, lookup) for v in events])


@router.get("/events/{event_id}", response_model=s.EventOut, tags=["events"])
def get_event(event_id: IdPath, store: StoreDep) -> s.EventOut:
    """An event, who took part and organised it, its first quotes and the relations to it."""
    event = next(iter(store.event_stubs([event_id])), None)
    if event is None:
        raise HTTPException(404, "no such event")
    return views.event_detail(store, event, views.coordinates(store, views.named(store, event.location)))


@router.get("/relations", response_model=s.RelationList, tags=["relations"])
def list_relations(store: StoreDep, entity: Annotated[str | None, Query(max_length=200)] = None,
                   type: Annotated[str | None, Query(max_length=40)] = None,
                   limit: Limit = 50, offset: Offset = 0) -> s.RelationList:
    """Relations, optionally only those touching `entity` or of one `type`; best graded first, each with its
    first quotes (`evidence_count` says how many it has)."""
    found = store.relations_page(entity or None, type or None, offset, limit)
    total = store.relation_count(entity or None, type or None, cap=COUNT_CAP)
    return s.RelationList(total=min(total, COUNT_CAP), total_exact=total <= COUNT_CAP, offset=offset, limit=limit,
                          items=views.relation_page(store, found, views.Lookup(store)))


@router.get("/relations/{relation_id}", response_model=s.RelationOut, tags=["relations"])
def get_relation(relation_id: IdPath, store: StoreDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200,
                 offset: Offset = 0) -> s.RelationOut:
    """One relation with its evidence quotes (a page of them, in the order they were learned), its certainty,
    cues and the document each came from."""
    stub = next(iter(store.relation_stubs([relation_id])), None)
    if stub is None:
        raise HTTPException(404, "no such relation")
    quotes = store.evidence_page(relation_id=relation_id, offset=offset, limit=limit)
    lookup = views.Lookup(store)
    lookup.load_documents(e.doc for e in quotes)
    count = store.evidence_counts(relations=[relation_id]).get(relation_id, 0)
    last = store.last_seen([relation_id]).get(relation_id)
    return views.relation(replace(stub, evidence=quotes, last_seen=last), lookup, count=count)
