"""Plain types every stage speaks. No I/O here."""
from linkwatch.model.certainty import Certainty
from linkwatch.model.document import DocStatus, Document, RawDocument, sha256
from linkwatch.model.errors import InputError
from linkwatch.model.extraction import (
    ENTITY_TYPES,
    EVENT_TYPES,
    RELATION_TYPES,
    SYMMETRIC_RELATIONS,
    DocExtraction,
    Evidence,
    LocalEntity,
    LocalEvent,
    LocalRelation,
    Mention,
)
from linkwatch.model.graph import Alias, Entity, Event, Relation, make_id
from linkwatch.model.judgement import Judgement, MatchOutcome

__all__ = [
    "ENTITY_TYPES", "EVENT_TYPES", "RELATION_TYPES", "SYMMETRIC_RELATIONS",
    "Alias", "Certainty", "DocExtraction", "DocStatus", "Document", "Entity", "Event", "Evidence",
    "InputError", "Judgement", "LocalEntity", "LocalEvent", "LocalRelation", "MatchOutcome", "Mention", "RawDocument",
    "Relation", "make_id", "sha256",
]
