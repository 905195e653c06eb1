"""What the rule components hand each other through one Doc.

Components write plain Python objects to ``doc.user_data[STATE]``; the last
component turns them into a :class:`DocExtraction` dict (msgpack-safe, so docs
can cross process boundaries under ``n_process > 1``) and removes the state.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

STATE = "linkwatch.state"
DOC_ID = "linkwatch.doc_id"
PUBLISHED = "linkwatch.published"
RESULT = "linkwatch.extraction"


@dataclass
class OrgMatch:
    """A gazetteer hit: tokens [start, end) naming one of `org_ids` (several when the alias is shared)."""

    start: int
    end: int
    org_ids: frozenset[str]
    partial: bool = False  # the first word of a longer name ('Jaish'); resolved against the document
    # A first word that is a common name part ('Jamiat', 'Tehreek'): only the document's own longer
    # name starting with it says which group it is; the data alone never does.
    generic: bool = False
    acronym: bool = False
    # 'Islamic State West Africa Province': a branch named by a listed group's name and more; the
    # token where the listed name ends, and its ids (the branch is that group's front)
    parent: tuple[int, frozenset[str]] | None = None


@dataclass
class EntityInfo:
    ref: str
    type: str
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans
    key: str | None = None
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    generic: bool = False  # a group the text does not name ('unidentified gunmen'): see LocalEntity.generic
    # Names the text equates with this entity, with cue and quote (extract/aliases.py; LocalEntity.equated).
    equated: list[dict[str, Any]] = field(default_factory=list)


# The role of an outlet a group claimed an attack through: it carried the claim, it did not do the attack.
CHANNEL_ROLE = "claimed through"


@dataclass
class Claim:
    """A relation found in the text, before its certainty is judged.

    `anchor` is the token whose clause carries the claim (the role noun, the
    participation verb); `np_scope` claims (appositions, pre-modifiers) only take
    cues from inside their noun phrase, so 'purportedly' on the sentence does not
    reach 'brother of'."""

    type: str
    source: str
    target: str
    anchor: int
    extractor: str
    role: str | None = None
    np_scope: bool = False
    sent_start: int = -1  # token index of the sentence start, for the evidence quote
    certainty: str = "asserted"
    cues: tuple[str, ...] = ()
    attribution: str | None = None
    former: bool = False  # a role the text says has ended ('former', 'the late', 'until his death')
    ended: str | None = None  # when it ended, as precise as the text says (ISO 8601)


@dataclass
class EventInfo:
    ref: str
    type: str
    triggers: list[int] = field(default_factory=list)  # token indices of every mention
    sentences: list[int] = field(default_factory=list)  # sentence-start token of every mention
    dates: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # entity refs, in order found
    name: str | None = None
    plural: bool = False
    date: str | None = None  # settled once the whole document is read
    date_source: str | None = None  # "text", or "published" when inferred from the publication date
    historic: bool = False  # dated by the text to a year before publication: background, not the news
    main: bool = False  # reported by the article's lede: what the article is about
    twins: list[str] = field(default_factory=list)  # events told by the same words ('attacks near X and Y')


@dataclass
class State:
    entities: dict[str, EntityInfo] = field(default_factory=dict)
    token_ref: dict[int, str] = field(default_factory=dict)  # token index -> entity ref
    org_matches: list[OrgMatch] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: dict[str, EventInfo] = field(default_factory=dict)
    pronoun_ref: dict[int, str] = field(default_factory=dict)  # he/his/the group -> entity ref
    banner_spans: set[tuple[int, int]] = field(default_factory=set)  # names used as event names
    merged: dict[str, str] = field(default_factory=dict)  # entity ref -> the ref it was joined into
    relevance: object | None = None  # extract.relevance.Relevance: whether the article adds to the graph


def state_of(doc: Doc) -> State:
    st = doc.user_data.get(STATE)
    if not isinstance(st, State):
        st = State()
        doc.user_data[STATE] = st
    return st
