"""The extractor other stages call: a spaCy model plus the linkwatch rule components."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from linkwatch.extract import components, multilingual
from linkwatch.extract.state import DOC_ID, PUBLISHED, RESULT
from linkwatch.extract.windows import WINDOW, Window, merge, pieces_of
from linkwatch.model import DocExtraction, Document
from linkwatch.settings import Settings

VERSION = "linkwatch.extract/1"
PIECE = "linkwatch.piece"  # (document index, window start, own start, end) of a Doc made from a window
BATCH_CHARS = 40_000  # characters of long-document windows in one nlp.pipe batch (16 short articles' worth)


def build_nlp(model: str, extractor: str = VERSION, relevance_gate: bool = True, relation_model: str = "") -> Language:
    """Load `model` (any installed spaCy pipeline) and add the rule components around it; with
    `relevance_gate` off, articles with no political-violence content still add to the graph; with a
    `relation_model` (Settings.relation_model) the trained relation back-off runs (extract/learned.py)."""
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
        if name == "linkwatch_learned_relations_v1":
            cfg = {"model": relation_model}
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
        if self.settings.relation_model:  # stored extractions say a trained model added to them
            self.version += f" relations:{self.settings.relation_model}"
        self.nlp = build_nlp(self.settings.model, self.version, self.settings.relevance_gate,
                             self.settings.relation_model)

    def extract(self, docs: Sequence[Document]) -> list[DocExtraction]:
        """One extraction per document. A long document is read in windows (:mod:`.windows`), so the
        cost is linear in its length; only ``text[:truncated_at]`` is read when the document says so.
        A document in a language with its own reader (Urdu, Hindi, Arabic: :mod:`.multilingual`) goes
        to that reader; the rest, English and undeclared, to the spaCy pipeline as before."""
        other = [n for n, d in enumerate(docs) if multilingual.reads(d.language)]
        if other:
            read = dict(zip(other, multilingual.MultilingualExtractor().extract([docs[n] for n in other]),
                            strict=True))
            rest = iter(self.extract([d for n, d in enumerate(docs) if n not in read]))
            return [read[n] if n in read else next(rest) for n in range(len(docs))]
        if not docs:
            return []

        def prepared() -> Iterator[Doc]:
            for n, d in enumerate(docs):
                for window, text in pieces_of(d.text, d.truncated_at):
                    doc = self.nlp.make_doc(text)
                    doc.user_data[DOC_ID] = d.id
                    doc.user_data[PUBLISHED] = d.published
                    # Plain ints: user data crosses process boundaries when n_process > 1.
                    doc.user_data[PIECE] = [n, window.start, window.own, window.end]
                    yield doc

        pieces: list[list[tuple[Window, DocExtraction]]] = [[] for _ in docs]
        # spaCy's memory grows with the text in one batch: 16 windows of a long document made 160 KB and
        # took 460 MB more than 4 of them, for no gain in speed (measured on 300 KB: 22.7 s at 4 windows a
        # batch, 24.6 s at 16). Articles are short, so for them the batch stays as configured.
        batch = self.settings.batch_size
        if any(len(d.text) > WINDOW for d in docs):
            batch = max(1, min(batch, BATCH_CHARS // WINDOW))
        # One process: ingest runs several extractors side by side instead (linkwatch.pool).
        for doc in self.nlp.pipe(prepared(), batch_size=batch):
            n, start, own, end = doc.user_data[PIECE]
            pieces[n].append((Window(start, own, end), DocExtraction.from_dict(doc.user_data[RESULT])))
        return [merge(d.id, self.version, found) for d, found in zip(docs, pieces, strict=True)]
