"""What extraction finds in one document, before anything is resolved across documents.

Everything here is *document-local*: entities and events are identified by a
`ref` that is unique within the document only (``"e3"``, ``"v1"``). The
resolution stage maps refs to global ids. Keeping the local layer in the store
lets the whole graph be re-resolved (after an analyst's judgement, or a better
matcher) without running the NLP again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linkwatch.model.certainty import Certainty
from linkwatch.model.schema import schema

# The type lists are declared once, in linkwatch/schema/*.yaml; these names are kept for the
# code that imports them from the model.
ENTITY_TYPES: tuple[str, ...] = schema().entity_types
EVENT_TYPES: tuple[str, ...] = schema().event_types
RELATION_TYPES: tuple[str, ...] = schema().relation_types
# Relations whose direction carries no meaning; stored with source < target.
SYMMETRIC_RELATIONS: frozenset[str] = schema().symmetric


@dataclass(frozen=True)
class Evidence:
    """One quote supporting one claim. `doc[start:end] == quote` always holds."""

    doc: str
    start: int
    end: int
    quote: str
    extractor: str  # registered component name with version, e.g. "linkwatch.roles.v1"
    certainty: Certainty = Certainty.ASSERTED
    cues: tuple[str, ...] = ()  # the hedge/attribution/negation words that set the certainty
    attribution: str | None = None  # who the source says said it: "NDTV", "intelligence agencies"

    def to_dict(self) -> dict[str, Any]:
        # vars(), not asdict(): every field is a plain value, so a shallow copy is enough and this runs
        # once per quote on the ingest path.
        return {**vars(self), "certainty": self.certainty.value, "cues": list(self.cues)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(
            doc=d["doc"], start=d["start"], end=d["end"], quote=d["quote"], extractor=d["extractor"],
            certainty=Certainty(d.get("certainty", "asserted")), cues=tuple(d.get("cues") or ()),
            attribution=d.get("attribution"),
        )


@dataclass(frozen=True)
class Mention:
    """A name as it appears in the text, tied to the local entity it refers to."""

    start: int
    end: int
    text: str
    type: str  # person / organization / location / ...
    ref: str  # local entity ref
    label: str = ""  # the NER or ruler label that found it (PERSON, ORG, GPE, ORG_ALIAS, ...)


@dataclass
class LocalEntity:
    """One real thing as far as this document can tell.

    `key` is set when the thing is known from a reference list (the
    organisation data file's canonical id, or a gazetteer id), which resolution
    trusts over any string similarity.
    """

    ref: str
    type: str
    name: str  # the fullest form in the document
    aliases: list[str] = field(default_factory=list)  # every other surface form in the document
    key: str | None = None  # e.g. "org:lashkar-e-taiba" or "geonames:1177662"
    roles: list[str] = field(default_factory=list)  # role words seen with it: "commander", "chief"
    context: dict[str, list[str]] = field(default_factory=dict)  # e.g. {"orgs": [...], "places": [...]}
    # A group the text does not name ('unidentified gunmen', 'Fulani extremists'), kept so an attack and its
    # claims have an actor: never merged with another document's entity nor with a named group, never linked.
    generic: bool = False


@dataclass
class LocalEvent:
    ref: str
    type: str  # one of EVENT_TYPES
    evidence: list[Evidence]
    date: str | None = None  # ISO 8601 at the precision the text allows: 2025 / 2025-02 / 2025-02-05
    location: str | None = None  # local entity ref of the most specific place
    participants: list[str] = field(default_factory=list)
    organizers: list[str] = field(default_factory=list)
    name: str | None = None  # e.g. "Kashmir Solidarity Day"
    trigger: str | None = None  # the word that named it: "rally", "meeting"
    # Where the date comes from: "text" (the article dates it, perhaps relative to its publication date),
    # "published" (the article's main event, undated in the text: inferred from the publication date,
    # as precisely as the week before publication allows); None when undated.
    date_source: str | None = None


@dataclass
class LocalRelation:
    type: str  # one of RELATION_TYPES
    source: str  # local entity or event ref
    target: str
    evidence: list[Evidence]
    role: str | None = None  # the role word kept: "commander", "brother", "political front"
    # The source says the tie has ended ("former chief", "the late X", "until his death in 2021"):
    # never shown or exported as current. `ended` is the end date when the text gives one.
    former: bool = False
    ended: str | None = None

    @property
    def certainty(self) -> Certainty:
        return Certainty.strongest([e.certainty for e in self.evidence])


@dataclass
class DocExtraction:
    """Everything one extractor run found in one document."""

    doc: str
    extractor: str  # pipeline name and version
    mentions: list[Mention] = field(default_factory=list)
    entities: list[LocalEntity] = field(default_factory=list)
    events: list[LocalEvent] = field(default_factory=list)
    relations: list[LocalRelation] = field(default_factory=list)
    # Whether the article is about political violence at all, and why (extract/relevance.py):
    # {"score", "threshold", "known_actors", "reasons", "gated"}; empty when no gate ran.
    relevance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view for the store. It shares the lists inside this extraction: serialise it,
        don't mutate it."""
        return {
            "doc": self.doc,
            "extractor": self.extractor,
            "mentions": [vars(m) for m in self.mentions],
            "entities": [vars(e) for e in self.entities],
            "events": [{**vars(v), "evidence": [e.to_dict() for e in v.evidence]} for v in self.events],
            "relations": [{**vars(r), "evidence": [e.to_dict() for e in r.evidence]} for r in self.relations],
            "relevance": self.relevance,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocExtraction:
        return cls(
            doc=d["doc"],
            extractor=d["extractor"],
            mentions=[Mention(**m) for m in d.get("mentions", [])],
            entities=[LocalEntity(**e) for e in d.get("entities", [])],
            events=[LocalEvent(**{**v, "evidence": [Evidence.from_dict(e) for e in v["evidence"]]})
                    for v in d.get("events", [])],
            relations=[LocalRelation(**{**r, "evidence": [Evidence.from_dict(e) for e in r["evidence"]]})
                       for r in d.get("relations", [])],
            relevance=dict(d.get("relevance") or {}),
        )
