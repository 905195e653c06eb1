"""The reader for Urdu, Hindi and Arabic articles: rules over the original script, no model.

No machine translation installs offline, so the graph is built from the original text: names are
found in the script (:mod:`.mentions`, :mod:`.names`: the reference groups by romanisation and by
sourced names in the script, places from GeoNames and CLDR, acronyms spelt in letter names, persons
after titles and role nouns) and facts from each language's cue words (:mod:`.facts`, words in
``data/<lang>/lexicon.json``). Evidence quotes the original sentence with offsets into the stored
text, and certainty takes the same four labels as English.

What it cannot do: persons named without a title or role noun before them are missed (no
named-entity model for these scripts installs offline with its data and a CPU build); groups outside
the reference list are found only by acronym; relations read only inside one sentence.

    >>> MultilingualExtractor().extract([document])  # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from linkwatch.data import DataError, languages, path
from linkwatch.extract.multilingual.facts import EXTRACTOR, Sentence, SentenceReader
from linkwatch.extract.multilingual.lexicon import lexicon, sentences, tokenize
from linkwatch.extract.multilingual.mentions import Found, known_names, persons
from linkwatch.extract.multilingual.names import name_index
from linkwatch.model import DocExtraction, Document, LocalEntity, Mention
from linkwatch.normalise.language import primary
from linkwatch.text import script_fold

VERSION = "linkwatch.extract.multilingual/1"

__all__ = ["EXTRACTOR", "VERSION", "MultilingualExtractor", "reads"]


def reads(language: str | None) -> bool:
    """Whether `language` (a language tag: 'ur', 'ur-PK') has a lexicon here, so its documents are read
    by this reader rather than by the English pipeline."""
    lang = primary(language)
    return lang is not None and lang != "en" and lang in _lexicon_languages()


@lru_cache(maxsize=1)
def _lexicon_languages() -> frozenset[str]:
    out = set()
    for lang in languages():
        try:
            path("lexicon.json", lang)  # no top-level lexicon.json: only a language's own counts
        except DataError:
            continue
        out.add(lang)
    return frozenset(out)


class MultilingualExtractor:
    def __init__(self) -> None:
        self.version = VERSION

    def extract(self, docs: Sequence[Document]) -> list[DocExtraction]:
        return [self.read(d) for d in docs]

    def read(self, doc: Document) -> DocExtraction:
        lang = primary(doc.language) or ""
        lex = lexicon(lang)
        text = doc.text if doc.truncated_at is None else doc.text[:doc.truncated_at]
        tokens = tokenize(text, lex.clitics)
        known = known_names(text, tokens, lex, name_index())
        found = sorted(known + persons(text, tokens, lex, known), key=lambda f: f.first)
        entities, mentions, ref_of = _entities(found)
        reader = SentenceReader(text, doc.id, tokens, lex, doc.published, ref_of, found)
        t = 0
        for start, end in sentences(text):
            first = t
            while t < len(tokens) and tokens[t].start < end:
                t += 1
            reader.read(Sentence(start, end, first, t))
        events = [e for e in reader.facts.events if e.participants or e.organizers]
        by_ref = {e.ref: e for e in entities}
        for r in reader.facts.relations:  # role words kept on the person, as the English pipeline does
            if r.role and r.source in by_ref and by_ref[r.source].type == "person" and r.role not in by_ref[r.source].roles:
                by_ref[r.source].roles.append(r.role)
        kept = {e.ref for e in events}
        relations = [r for r in reader.facts.relations if r.target in kept or not r.target.startswith("v")]
        return DocExtraction(doc.id, f"{self.version} {lang}", mentions, entities, events, relations)


def _entities(found: list[Found]) -> tuple[list[LocalEntity], list[Mention], dict[int, str]]:
    """One local entity per reference key, else per type and folded name."""
    by_id: dict[tuple[str, str], LocalEntity] = {}
    mentions: list[Mention] = []
    ref_of: dict[int, str] = {}
    for f in found:
        ident = (f.type, f.key or f.core or script_fold(f.canonical or f.name))
        entity = by_id.get(ident)
        if entity is None:
            entity = LocalEntity(f"e{len(by_id) + 1}", f.type, f.canonical or f.name, key=f.key)
            by_id[ident] = entity
        if f.name != entity.name and f.name not in entity.aliases:
            entity.aliases.append(f.name)
        mentions.append(Mention(f.start, f.end, f.name, f.type, entity.ref, "SCRIPT_ALIAS" if f.key else "CUE"))
        ref_of[f.first] = entity.ref
    return list(by_id.values()), mentions, ref_of
