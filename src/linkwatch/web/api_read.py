"""Read API for what is stored: documents, entities, events, relations."""
from __future__ import annotations

from itertools import islice
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from linkwatch.web import schemas as s
from linkwatch.web import views
from linkwatch.web.deps import ERRORS, IdPath, Limit, Offset, StoreDep
from linkwatch.web.security import require_read

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)], responses=ERRORS)


@router.get("/schema", response_model=s.SchemaOut, tags=["schema"])
def get_schema() -> s.SchemaOut:
    """Every entity, event and relation type (linkwatch/schema/*.yaml): labels, ranges, direction, family,
    and how the link chart draws them."""
    return views.schema_out()


@router.get("/documents", response_model=s.DocumentList, tags=["documents"])
def list_documents(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> s.DocumentList:
    """Documents in ingest order, without their text."""
    docs = [views.document_summary(d) for d in islice(store.documents(), offset, offset + limit)]
    return s.DocumentList(total=store.document_count(), offset=offset, limit=limit, items=docs)


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
    """Entities, optionally of one type (person, organization, location)."""
    found = store.entities(type)
    return s.EntityList(total=len(found), offset=offset, limit=limit,
                        items=[views.entity_summary(e) for e in found[offset:offset + limit]])


@router.get("/entities/{entity_id}", response_model=s.EntityOut, tags=["entities"])
def get_entity(entity_id: IdPath, store: StoreDep) -> s.EntityOut:
    """An entity with aliases by source, every claim about it with evidence, its events and
    the merges resolution proposed for it."""
    entity = store.entity(entity_id)
    if entity is None:
        raise HTTPException(404, "no such entity")
    return views.entity_detail(store, entity)


@router.get("/events", response_model=s.EventList, tags=["events"])
def list_events(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> s.EventList:
    """Events, dated ones first in date order."""
    lookup = views.Lookup(store)
    events = sorted(store.events(), key=lambda v: (v.date is None, v.date or "", v.id))
    return s.EventList(total=len(events), offset=offset, limit=limit,
                       items=[views.event_summary(v, lookup) for v in events[offset:offset + limit]])


@router.get("/events/{event_id}", response_model=s.EventOut, tags=["events"])
def get_event(event_id: IdPath, store: StoreDep) -> s.EventOut:
    event = store.event(event_id)
    if event is None:
        raise HTTPException(404, "no such event")
    place = store.entity(event.location) if event.location else None
    return views.event_detail(store, event, views.coordinates(store, place))


@router.get("/relations", response_model=s.RelationList, tags=["relations"])
def list_relations(store: StoreDep, entity: Annotated[str | None, Query(max_length=200)] = None,
                   type: Annotated[str | None, Query(max_length=40)] = None,
                   limit: Limit = 50, offset: Offset = 0) -> s.RelationList:
    """Relations, optionally only those touching `entity` or of one `type`; best graded first."""
    found = views.sort_relations(store.relations(entity_id=entity or None, type=type or None))
    lookup = views.Lookup(store)
    return s.RelationList(total=len(found), offset=offset, limit=limit,
                          items=[views.relation(r, lookup) for r in found[offset:offset + limit]])


@router.get("/relations/{relation_id}", response_model=s.RelationOut, tags=["relations"])
def get_relation(relation_id: IdPath, store: StoreDep) -> s.RelationOut:
    """One relation with every evidence quote, its certainty, cues and the document it came from."""
    rel = store.relation(relation_id)
    if rel is None:
        raise HTTPException(404, "no such relation")
    return views.relation(rel, views.Lookup(store))
