"""The ingest pipeline: raw input → normalised document → extraction → resolution → store.

Documents are normalised and deduplicated one by one, extracted in batches
(``nlp.pipe`` is several times faster on batches), then written one
transaction per document, so a crash or kill leaves every document either
fully in (text, extraction, graph) or not in at all.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from linkwatch.analyse.index import maintain as maintain_index
from linkwatch.ingest.errors import InputError
from linkwatch.model import DocExtraction, Document, RawDocument
from linkwatch.resolve import Resolver, ResolveResult
from linkwatch.settings import Settings
from linkwatch.store.base import Store, Writer

if TYPE_CHECKING:
    from linkwatch.extract import Extractor


@dataclass
class DocResult:
    origin: str
    status: str  # "added", "copy" (added, marked as a near-duplicate), "duplicate" (skipped), "failed"
    doc_id: str | None = None
    copy_of: str | None = None
    error: InputError | None = None


@dataclass
class RunSummary:
    results: list[DocResult] = field(default_factory=list)
    found: dict[str, int] = field(default_factory=dict)

    def _count(self, *status: str) -> int:
        return sum(1 for r in self.results if r.status in status)

    @property
    def added(self) -> int:
        return self._count("added", "copy")

    @property
    def copies(self) -> int:
        return self._count("copy")

    @property
    def duplicates(self) -> int:
        return self._count("duplicate")

    @property
    def failed(self) -> list[InputError]:
        return [r.error for r in self.results if r.status == "failed" and r.error]


@dataclass
class _Pending:
    raw: RawDocument
    doc: Document
    signature: bytes | None
    bands: list[str]


class Pipeline:
    def __init__(self, store: Store, settings: Settings | None = None, *,
                 extractor: Extractor | None = None, resolver: Resolver | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self._extractor = extractor
        self.resolver = resolver or Resolver(store, self.settings)

    @property
    def extractor(self) -> Extractor:
        # Loaded on first use: a run made only of duplicates or failures never pays for the model.
        if self._extractor is None:
            from linkwatch.extract import Extractor
            self._extractor = Extractor(self.settings)
        return self._extractor

    def run(self, items: Iterable[RawDocument | InputError],
            progress: Callable[[DocResult], None] | None = None) -> RunSummary:
        summary = RunSummary()

        def report(result: DocResult) -> None:
            summary.results.append(result)
            if progress:
                progress(result)

        batch: list[_Pending] = []
        for item in items:
            if isinstance(item, InputError):
                report(DocResult(item.origin, "failed", error=item))
                continue
            try:
                pending = self._prepare(item, batch)
            except InputError as exc:
                report(DocResult(item.origin, "failed", error=exc))
                continue
            if isinstance(pending, DocResult):
                report(pending)
                continue
            batch.append(pending)
            if len(batch) >= self.settings.batch_size:
                for result in self._flush(batch):
                    report(result)
                batch = []
        for result in self._flush(batch):
            report(result)
        summary.found = self.counts()
        return summary

    def _prepare(self, raw: RawDocument, batch: list[_Pending]) -> _Pending | DocResult:
        from linkwatch.normalise import normalise
        from linkwatch.normalise.fingerprint import (
            MAX_CANDIDATES,
            MIN_SHARED_BANDS,
            band_keys,
            signature,
            similarity,
        )

        # The same bytes again: no need to normalise them. Different bytes can still clean to a
        # stored text (re-encoded, re-spaced), which the check on the document id below catches.
        known = self.store.document_id_for_raw(raw.sha256) or next(
            (p.doc.id for p in batch if p.raw.sha256 == raw.sha256), None)
        if known:
            return DocResult(raw.origin, "duplicate", doc_id=known)
        doc = normalise(raw)
        if self.store.has_document(doc.id) or any(p.doc.id == doc.id for p in batch):
            return DocResult(raw.origin, "duplicate", doc_id=doc.id)
        sig = signature(doc.text)
        bands = band_keys(sig)
        best: tuple[float, str] | None = None
        candidates = self.store.near_duplicate_candidates(bands, MIN_SHARED_BANDS, MAX_CANDIDATES)
        mine = set(bands)
        candidates += [(p.doc.id, p.signature) for p in batch if p.signature is not None and p.doc.copy_of is None
                       and len(mine.intersection(p.bands)) >= MIN_SHARED_BANDS]
        for other_id, other_sig in candidates:
            sim = similarity(sig, other_sig)
            if sim >= self.settings.near_duplicate_threshold and (best is None or sim > best[0]):
                best = (sim, other_id)
        if best:
            doc = Document(**{**doc.__dict__, "copy_of": best[1], "similarity": round(best[0], 3)})
        return _Pending(raw, doc, sig, list(bands))

    def _flush(self, batch: list[_Pending]) -> Iterator[DocResult]:
        if not batch:
            return
        extractions = self.extractor.extract([p.doc for p in batch])
        for pending, extraction in zip(batch, extractions, strict=True):
            with self.store.transaction() as writer:
                writer.put_blob(pending.raw.sha256, pending.raw.content)
                doc = writer.add_document(pending.doc, pending.signature, pending.bands)
                writer.put_extraction(extraction)
                self.resolve(doc, extraction, writer)
            yield DocResult(pending.raw.origin, "copy" if doc.copy_of else "added", doc.id, doc.copy_of)

    def resolve(self, doc: Document, extraction: DocExtraction, writer: Writer) -> ResolveResult:
        """Resolve one document into the graph, then fold what it changed into the link index (links,
        paths, grades, sources, alerts), in the same transaction: readers see both or neither."""
        result = self.resolver.resolve(doc, extraction, writer)
        maintain_index(self.store, writer)
        return result

    def reresolve(self) -> dict[str, int]:
        """Rebuild the resolved graph from the stored extractions (no NLP), applying
        every analyst judgement. One transaction: readers never see a half-built graph
        (or an index that does not match it: the index is rebuilt at the end, silently)."""
        with self.store.transaction() as writer:
            writer.clear_graph()
            for extraction in self.store.extractions():
                doc = self.store.document(extraction.doc)
                if doc is not None:
                    self.resolver.resolve(doc, extraction, writer)
            maintain_index(self.store, writer)
        return self.counts()

    def reextract(self) -> dict[str, int]:
        """Run the current extractor again over every stored document, then re-resolve."""
        docs = list(self.store.documents())
        for start in range(0, len(docs), self.settings.batch_size):
            chunk = docs[start:start + self.settings.batch_size]
            for extraction in self.extractor.extract(chunk):
                with self.store.transaction() as writer:
                    writer.put_extraction(extraction)
        return self.reresolve()

    def counts(self) -> dict[str, int]:
        # Counted by the store: loading every relation with its evidence to count it made the end of
        # each run cost as much as reading the whole graph.
        return self.store.counts()

