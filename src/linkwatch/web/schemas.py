"""Response and request bodies of the API: the OpenAPI description is generated from these."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, Field

from linkwatch.model import Certainty, DocStatus, Judgement
from linkwatch.model.schema import schema

# The model's closed sets, reused as they are: the API speaks exactly their values.
CertaintyLabel = Certainty
JudgementLabel = Judgement
if TYPE_CHECKING:  # a type checker cannot read YAML: to it they are strings
    EntityType = str
    RelationType = str
else:  # the API validates, and OpenAPI lists, exactly the types linkwatch/schema/*.yaml declares
    EntityType = Literal[schema().entity_types]
    RelationType = Literal[schema().relation_types]
Id = Field(min_length=1, max_length=200)


class Problem(BaseModel):
    """An error, as RFC 9457 describes one (served as application/problem+json)."""

    type: str = "about:blank"
    title: str  # the status code's phrase
    status: int
    detail: str  # what went wrong, in a sentence
    instance: str | None = None  # the path asked for
    errors: list[dict[str, Any]] | None = None  # a validation error: each wrong parameter and why


class Ref(BaseModel):
    id: str
    name: str
    type: str


class EvidenceOut(BaseModel):
    doc: str
    start: int
    end: int
    quote: str
    extractor: str
    certainty: CertaintyLabel
    cues: list[str] = []
    attribution: str | None = None
    doc_title: str | None = None
    doc_source: str | None = None
    doc_published: str | None = None
    doc_outlet: str | None = None  # the outlet, "(copy of ...)" when the document is a syndicated copy
    citation: str = ""  # the line every surface cites it by: [hedge] "quote" (outlet, date, url)


class RelationOut(BaseModel):
    id: str
    type: str
    source: Ref
    target: Ref
    certainty: CertaintyLabel
    role: str | None = None
    sources: int = 0
    grade: int | None = None
    confidence: int | None = None
    first_seen: str | None = None  # when the store learned it (ingest time), shown as "learned"
    last_seen: str | None = None
    first_reported: str | None = None  # earliest publication date among its sources: the fact's date
    last_reported: str | None = None
    evidence: list[EvidenceOut] = []
    evidence_count: int | None = None  # quotes in all, when `evidence` holds only the first of them


class AliasGroup(BaseModel):
    source: str | None  # outlet or reference list; None when unknown
    names: list[str]
    docs: list[str]  # the first documents (doc_count says how many)
    doc_count: int = 0


class EntitySummary(BaseModel):
    id: str
    type: str
    name: str
    aliases: list[str] = []
    key: str | None = None


class Proposal(BaseModel):
    """A resolution decision about this entity and another, which an analyst may confirm or reject."""

    other: Ref | None  # the other entity, when `other_id` names one
    other_id: str  # an entity id, or "<doc>#<ref>" for one mention that resolution folded in
    other_label: str  # what to call the other side: its name, or the names the mention used
    other_doc: str | None = None  # the document of a mention
    kind: str
    outcome: str
    score: float | None = None
    features: dict[str, Any] = {}
    judgement: JudgementLabel | None = None


class EventSummary(BaseModel):
    id: str
    type: str
    name: str | None = None
    date: str | None = None
    location: Ref | None = None


class EntityOut(EntitySummary):
    first_seen: str | None = None  # ingest time of the first document naming it ("learned")
    first_reported: str | None = None  # publication date of the first report naming it
    aliases_by_source: list[AliasGroup] = []
    relations: list[RelationOut] = []
    events: list[EventSummary] = []
    proposals: list[Proposal] = []
    watched: bool = False
    relation_count: int = 0  # relations in all; `relations` is one page of them, best graded first
    relations_offset: int = 0
    event_count: int = 0


class ActorClaim(BaseModel):
    """Someone's part in an event with how sure the sources are of it: an analyst reads "organised by
    X (asserted)" and "Y attended (unverified)" differently."""

    actor: Ref
    type: str  # a relation type that ties an actor to an event
    event_role: str | None = None  # the Event field this type stands for (organizers, participants), if any
    certainty: CertaintyLabel
    grade: int
    sources: int = 0
    relation: str | None = None  # the relation id; None when only the event lists the actor
    role: str | None = None


class EventOut(EventSummary):
    participants: list[Ref] = []
    organizers: list[Ref] = []
    actors: list[ActorClaim] = []  # everyone with a part in it, firmest first, with certainty and grade
    evidence: list[EvidenceOut] = []
    relations: list[RelationOut] = []
    first_seen: str | None = None  # ingest time ("learned")
    first_reported: str | None = None  # publication date of the first report of it
    coordinates: tuple[float, float] | None = None


class DocumentSummary(BaseModel):
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    copy_of: str | None = None
    similarity: float | None = None
    ingested_at: str | None = None


class DocClaim(BaseModel):
    """One evidence quote in a document, with the claim it supports."""

    start: int
    end: int
    quote: str
    certainty: CertaintyLabel
    cues: list[str] = []
    relation: RelationOut | None = None
    event: EventSummary | None = None


class MentionOut(BaseModel):
    start: int
    end: int
    text: str
    type: str
    entity: str | None = None


class DocumentOut(DocumentSummary):
    text: str
    origin: str
    claims: list[DocClaim] = []
    mentions: list[MentionOut] = []


class Page(BaseModel):
    total: int  # counted up to COUNT_CAP + 1: past that, total_exact is false and total says "more than COUNT_CAP"
    offset: int
    limit: int
    total_exact: bool = True


class DocumentList(Page):
    items: list[DocumentSummary]


class EntityList(Page):
    items: list[EntitySummary]


class EventList(Page):
    items: list[EventSummary]


class RelationList(Page):
    items: list[RelationOut]


class Node(BaseModel):
    id: str
    label: str
    type: str
    kind: Literal["entity", "event"]
    date: str | None = None
    category: str  # what analyse.classify makes it: an entity type's kind (militant, party, ...), its type, or event
    first_seen: str | None = None  # the earliest of its shown edges' dates (the chart's time slider)
    last_seen: str | None = None


class Edge(BaseModel):
    id: str
    source: str
    target: str
    type: str
    certainty: CertaintyLabel
    grade: int | None = None
    sources: int = 0
    role: str | None = None
    evidence: int = 0
    # When it happened, as a span of ISO dates at the sources' precision: an event's date for a link to
    # an event, else its first and last report (the time slider filters on these; None: undated).
    first_seen: str | None = None
    last_seen: str | None = None


class Graph(BaseModel):
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool = False


class HopOut(BaseModel):
    """One step of a path: a relation (or an event role), with its own hedge, grade and quotes."""

    relation: str | None = None
    type: str
    source: Ref
    target: Ref
    role: str | None = None
    certainty: CertaintyLabel
    grade: int
    sources: int
    evidence: list[EvidenceOut] = []  # its first quotes, with the first denial among them if any
    evidence_count: int = 0  # quotes in all


class PathOut(BaseModel):
    """A chain of hops; only as good as its weakest hop."""

    kind: str  # shared_event, meeting, front, alliance, affiliation, shared_member, path
    via: Ref | None = None  # the shared event
    text: str  # e.g. "Hamas ←member_of— Naji Zaheer —participated_in [reported]→ ..."
    grade: int
    certainty: CertaintyLabel
    sources: int
    date: str | None = None
    hops: list[HopOut] = []


class LinkOut(BaseModel):
    """Two organisations connected, by every path the evidence supports (best first)."""

    a: Ref
    b: Ref
    grade: int
    confidence: int
    certainty: CertaintyLabel
    sources: int
    kinds: list[str]
    first_seen: str | None = None
    last_seen: str | None = None
    learned_at: str | None = None
    paths: list[PathOut] = []
    paths_count: int = 0  # paths in all; `paths` holds the best of them


class Links(BaseModel):
    items: list[LinkOut]
    total: int = 0
    offset: int = 0


class Paths(BaseModel):
    source: str
    target: str
    paths: list[PathOut]
    truncated: bool = False  # the search stopped at its limit: longer paths may exist


class TimelineItem(BaseModel):
    date: str | None  # when it happened, as precise as the sources allow
    precision: str
    kind: str  # "event" or "relation"
    text: str
    place: str | None = None
    certainty: CertaintyLabel
    grade: int
    sources: int
    outlets: list[str] = []
    reported: str | None = None  # earliest publication among its sources: never shown as when it happened
    event: str | None = None
    relation: str | None = None
    others: list[str] = []
    evidence: list[EvidenceOut] = []


class Timeline(BaseModel):
    entity: Ref | None
    dated: list[TimelineItem]
    undated: list[TimelineItem]
    dated_total: int = 0  # items in all; one page is shown, dated ones first
    undated_total: int = 0
    offset: int = 0


class AlertOut(BaseModel):
    id: int | None = None
    kind: str  # new_link, link_grade_up, new_front, watched_new_group, grade_down, denied, ...
    at: str
    title: str
    subjects: list[Ref]
    certainty: CertaintyLabel | None = None
    grade: int | None = None
    previous: dict[str, Any] = {}
    watched: bool = False
    seen: bool = False  # by the analyst asked about
    path: str | None = None
    evidence: list[EvidenceOut] = []


class Alerts(BaseModel):
    since: str | None
    items: list[AlertOut]
    total: int = 0  # counted as Page.total is
    total_exact: bool = True
    offset: int = 0
    analyst: str | None = None


class AlertsSeenIn(BaseModel):
    """Mark alerts seen for one analyst: these ids, or every alert up to `up_to`."""

    analyst: str = Field(min_length=1, max_length=100)
    ids: list[Annotated[int, Field(ge=0, le=2**63 - 1)]] = Field(default=[], max_length=1000)
    up_to: int | None = Field(default=None, ge=0, le=2**63 - 1)  # alert ids are 64-bit integers


class JudgementIn(BaseModel):
    a: str = Id
    b: str = Id
    judgement: JudgementLabel
    author: str | None = Field(default=None, max_length=200)


class JudgementOut(BaseModel):
    a: str
    b: str
    judgement: JudgementLabel
    author: str | None = None
    a_name: str | None = None
    b_name: str | None = None
    judged_at: str


class JudgementResult(BaseModel):
    judgement: JudgementOut
    counts: dict[str, int]


class WatchIn(BaseModel):
    entity_id: str = Id
    note: str | None = Field(default=None, max_length=1000)


class WatchOut(BaseModel):
    entity_id: str
    note: str | None = None
    added_at: str
    entity: Ref | None = None


class SearchDocument(BaseModel):
    id: str
    title: str | None
    source: str | None
    published: str | None
    snippet: list[tuple[str, bool]]


class SearchEntity(EntitySummary):
    matched: str = Field("", description="the alias that matched, when it is not the entity's name")
    how: str = Field("words", description="words (full text) or spelling (names across transliterations)")


class SearchEvent(BaseModel):
    id: str
    type: str
    date: str | None
    name: str | None
    place: str | None
    actors: list[str]
    via: str = Field(description="the matched entity that brought the event in")


class SearchOut(BaseModel):
    query: str
    documents: list[SearchDocument]
    entities: list[SearchEntity]
    events: list[SearchEvent] = []


class UrlsIn(BaseModel):
    urls: list[Annotated[str, Field(min_length=1, max_length=2048)]] = Field(min_length=1, max_length=50)
    source: str | None = Field(default=None, max_length=200)
    published: str | None = Field(default=None, max_length=40)


class IngestItem(BaseModel):
    origin: str
    status: DocStatus
    doc_id: str | None = None
    copy_of: str | None = None
    error: str | None = None
    notes: list[str] = []  # encoding guessed or damaged, text truncated for extraction


class IngestOut(BaseModel):
    added: int
    duplicates: int
    failed: int
    results: list[IngestItem]
    counts: dict[str, int]


class NodeStyleOut(BaseModel):
    shape: str  # a Cytoscape.js node shape
    colour: str
    width: int


class KindOut(BaseModel):
    name: str
    label: str
    description: str
    colour: str


class EntityTypeOut(BaseModel):
    name: str
    label: str
    plural: str
    description: str
    chart: NodeStyleOut
    kinds: list[KindOut] = []  # what analyse.classify sorts entities of this type into (the chart's filter)


class CertaintyOut(BaseModel):
    name: CertaintyLabel
    colour: str  # how the chart, map and GEXF draw it
    hedged: bool  # not stated by the source in its own voice


class EventTypeOut(BaseModel):
    name: str
    label: str
    description: str
    family: str | None
    generic: bool


class RelationTypeOut(BaseModel):
    """One relation type as linkwatch/schema/relations.yaml declares it."""

    name: str
    label: str
    description: str
    source: list[str]  # entity types, or "event"
    target: list[str]
    symmetric: bool  # direction means nothing: drawn without an arrow
    family: str
    org_link: str | None  # the organisation link it makes between two groups, if any
    links_organisations: bool
    stix: str
    ftm: str


class SchemaOut(BaseModel):
    """The types the graph holds: what the link chart draws and its legend lists."""

    entities: list[EntityTypeOut]
    events: list[EventTypeOut]
    event_chart: NodeStyleOut
    relations: list[RelationTypeOut]
    certainties: list[CertaintyOut] = []

