"""The resolved graph: one node per real thing across all documents."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from linkwatch.model.certainty import Certainty
from linkwatch.model.extraction import SYMMETRIC_RELATIONS, Evidence


def make_id(prefix: str, *parts: str) -> str:
    """Deterministic id from natural keys, so re-running a stage gives the same rows."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}{digest}"


@dataclass
class Alias:
    name: str
    doc: str | None = None  # the document it was seen in; None for reference-list aliases
    source: str | None = None  # outlet name, or the reference list ("OFAC SDN")


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[Alias] = field(default_factory=list)
    key: str | None = None  # reference-list identity, if known (see LocalEntity.key)
    first_seen: str | None = None  # ingest time of the first document that named it
    generic: bool = False  # a group one document does not name ('unidentified gunmen'): see LocalEntity.generic


@dataclass
class Event:
    id: str
    type: str
    date: str | None = None
    location: str | None = None  # entity id
    participants: list[str] = field(default_factory=list)
    organizers: list[str] = field(default_factory=list)
    name: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    first_seen: str | None = None
    date_source: str | None = None  # "text", or "published" when inferred from the publication date


@dataclass
class Relation:
    id: str
    type: str
    source: str
    target: str
    certainty: Certainty
    evidence: list[Evidence] = field(default_factory=list)
    role: str | None = None
    sources: int = 0  # independent sources (copies and repeat outlets count once)
    grade: int | None = None  # Admiralty information credibility, 1 (confirmed) .. 6 (cannot be judged)
    confidence: int | None = None  # STIX 2.1 confidence 0..100
    first_seen: str | None = None
    last_seen: str | None = None
    former: bool = False  # some source says the tie has ended: never shown or exported as current
    ended: str | None = None  # its end date (ISO 8601) where a source gives one

    @staticmethod
    def make_id(type_: str, source: str, target: str) -> str:
        if type_ in SYMMETRIC_RELATIONS and target < source:
            source, target = target, source
        return make_id("r", type_, source, target)
