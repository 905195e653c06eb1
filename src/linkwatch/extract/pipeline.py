"""The extractor other stages call: a spaCy model plus the linkwatch rule components."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from linkwatch.extract import components
from linkwatch.extract.state import DOC_ID, PUBLISHED, RESULT
from linkwatch.model import DocExtraction, Document
from linkwatch.settings import Settings

VERSION = "linkwatch.extract/1"


def build_nlp(model: str, extractor: str = VERSION, relevance_gate: bool = True) -> Language:
    """Load `model` (any installed spaCy pipeline) and add the rule components around it; with
    `relevance_gate` off, articles with no political-violence content still add to the graph."""
    nlp = spacy.load(model)
    first = "tok2vec" if "tok2vec" in nlp.pipe_names else nlp.pipe_names[0] if nlp.pipe_names else None
    for name in components.BEFORE_MODEL:
        if first is not None:
            nlp.add_pipe(name, before=first)
        else:
            nlp.add_pipe(name)
    for name in components.AFTER_MODEL:
        cfg: dict[str, object] = {"extractor": extractor} if name == "linkwatch_relations_v1" else {}
        if name == "linkwatch_relevance_v1":
            cfg = {"gate": relevance_gate}
        nlp.add_pipe(name, config=cfg)
    return nlp


class Extractor:
    """Turn normalised documents into DocExtractions.

    >>> ex = Extractor(Settings())          # doctest: +SKIP
    >>> ex.extract([document])[0].relations  # doctest: +SKIP
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        probe = spacy.util.get_package_version(self.settings.model) or "unknown"
        self.version = f"{VERSION} {self.settings.model}-{probe}"
        self.nlp = build_nlp(self.settings.model, self.version, self.settings.relevance_gate)

    def extract(self, docs: Sequence[Document]) -> list[DocExtraction]:
        def prepared() -> Iterator[Doc]:
            for d in docs:
                # spaCy refuses texts past max_length (1M characters); a prefix keeps every offset valid.
                doc = self.nlp.make_doc(d.text[:self.nlp.max_length])
                doc.user_data[DOC_ID] = d.id
                doc.user_data[PUBLISHED] = d.published
                yield doc

        out = []
        for doc in self.nlp.pipe(prepared(), batch_size=self.settings.batch_size, n_process=self.settings.n_process):
            out.append(DocExtraction.from_dict(doc.user_data[RESULT]))
        return out
