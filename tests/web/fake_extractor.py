"""A stand-in extractor for web tests: finds a few organisation names by string search.

It lets the ingest endpoint be tested through the real Pipeline without loading spaCy.
"""
from __future__ import annotations

import re

from linkwatch.model import Certainty, DocExtraction, Document, Evidence, LocalEntity, LocalRelation, Mention

NAMES = {"Hamas": "org:hamas", "Lashkar-e-Taiba": "org:lashkar-e-taiba"}


class FakeExtractor:
    name = "test.fake.v1"

    def extract(self, docs: list[Document]) -> list[DocExtraction]:
        return [self._one(d) for d in docs]

    def _one(self, doc: Document) -> DocExtraction:
        x = DocExtraction(doc.id, self.name)
        refs = []
        for i, (name, key) in enumerate(NAMES.items()):
            at = doc.text.find(name)
            if at >= 0:
                ref = f"e{i}"
                refs.append(ref)
                x.entities.append(LocalEntity(ref, "organization", name, key=key))
                x.mentions.append(Mention(at, at + len(name), name, "organization", ref))
        if len(refs) == 2:
            sentence = re.search(r"[^.]*Hamas[^.]*\.", doc.text)
            if sentence:
                ev = Evidence(doc.id, sentence.start(), sentence.end(), sentence.group(0), self.name,
                              Certainty.REPORTED, ("analysts say",))
                x.relations.append(LocalRelation("allied_with", refs[0], refs[1], [ev]))
        return x
