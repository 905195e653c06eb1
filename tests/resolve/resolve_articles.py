"""Hand-written articles with hand-made extractions, fed through the real pipeline.

Resolution tests need DocExtractions, not NLP: an :class:`Article` says what an
extractor would have found (entities, events, relations with quotes), and
:class:`Scripted` plays the extractor, computing every evidence offset against the
document text as the pipeline stored it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from linkwatch.model import (
    Certainty,
    DocExtraction,
    Document,
    Evidence,
    LocalEntity,
    LocalEvent,
    LocalRelation,
    Mention,
    RawDocument,
)
from linkwatch.pipeline import Pipeline
from linkwatch.settings import Settings
from linkwatch.store import Store

EXTRACTOR = "test.scripted/1"


@dataclass
class _Rel:
    type: str
    source: str
    target: str
    quote: str
    certainty: str


@dataclass
class _Event:
    ref: str
    type: str
    date: str | None
    location: str | None
    participants: list[str]
    organizers: list[str]
    quote: str
    name: str | None
    date_source: str | None = None


@dataclass
class Article:
    text: str
    source: str | None = None
    published: str | None = None
    origin: str = ""
    entities: list[LocalEntity] = field(default_factory=list)
    relations: list[_Rel] = field(default_factory=list)
    events: list[_Event] = field(default_factory=list)

    def entity(self, ref: str, type_: str, name: str, *aliases: str, key: str | None = None,
               roles: Sequence[str] = ()) -> Article:
        self.entities.append(LocalEntity(ref, type_, name, list(aliases), key=key, roles=list(roles)))
        return self

    def person(self, ref: str, name: str, *aliases: str, roles: Sequence[str] = ()) -> Article:
        return self.entity(ref, "person", name, *aliases, roles=roles)

    def org(self, ref: str, name: str, *aliases: str, key: str | None = None) -> Article:
        return self.entity(ref, "organization", name, *aliases, key=key)

    def place(self, ref: str, name: str, *aliases: str) -> Article:
        return self.entity(ref, "location", name, *aliases)

    def rel(self, type_: str, source: str, target: str, quote: str, certainty: str = "asserted") -> Article:
        self.relations.append(_Rel(type_, source, target, quote, certainty))
        return self

    def event(self, ref: str, type_: str, date: str | None, location: str | None, participants: Sequence[str],
              organizers: Sequence[str], quote: str, name: str | None = None, date_source: str | None = None) -> Article:
        self.events.append(_Event(ref, type_, date, location, list(participants), list(organizers), quote, name,
                                  date_source or ("text" if date else None)))
        return self

    def equate(self, ref: str, name: str, as_: str, cue: str, quote: str) -> Article:
        """The article says `name` is `as_` (both names of entity `ref`), in `quote`."""
        entity = next(e for e in self.entities if e.ref == ref)
        entity.equated.append({"name": name, "as": as_, "cue": cue, "quote": quote})
        return self

    def raw(self) -> RawDocument:
        return RawDocument(self.text.encode("utf-8"), self.origin or f"{abs(hash(self.text))}.txt",
                           source=self.source, published=self.published)

    def extraction(self, doc: Document) -> DocExtraction:
        def evidence(quote: str, certainty: str = "asserted") -> Evidence:
            start = doc.text.index(quote)
            return Evidence(doc.id, start, start + len(quote), quote, EXTRACTOR, Certainty(certainty))

        for e in self.entities:
            for eq in e.equated:
                eq["start"] = doc.text.index(eq["quote"])
                eq["end"] = eq["start"] + len(eq["quote"])
        mentions = []
        for e in self.entities:
            for name in [e.name, *e.aliases]:
                at = doc.text.find(name)
                if at >= 0:
                    mentions.append(Mention(at, at + len(name), name, e.type, e.ref))
        return DocExtraction(
            doc=doc.id, extractor=EXTRACTOR, mentions=mentions, entities=list(self.entities),
            events=[LocalEvent(v.ref, v.type, [evidence(v.quote)], v.date, v.location, v.participants,
                               v.organizers, v.name, date_source=v.date_source) for v in self.events],
            relations=[LocalRelation(r.type, r.source, r.target, [evidence(r.quote, r.certainty)])
                       for r in self.relations])


class Scripted:
    """Stands in for the spaCy extractor: returns each article's hand-made extraction."""

    version = EXTRACTOR

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = list(articles)

    def extract(self, docs: Sequence[Document]) -> list[DocExtraction]:
        out = []
        for d in docs:
            article = next(a for a in self.articles if a.text.strip() == d.text.strip())
            out.append(article.extraction(d))
        return out


def ingest(store: Store, *articles: Article) -> Pipeline:
    """Run `articles` through the real pipeline (normalise, dedupe, resolve) with scripted extraction."""
    pipeline = Pipeline(store, Settings(), extractor=Scripted(articles))  # type: ignore[arg-type]
    pipeline.run([a.raw() for a in articles])
    return pipeline


def entity_named(store: Store, name: str) -> str:
    """The id of the one entity that has `name` among its names."""
    found = [e.id for e in store.entities() if name == e.name or name in {a.name for a in e.aliases}]
    assert len(found) == 1, f"{name!r}: {found}"
    return found[0]
