"""The ingest pipeline: raw input → normalised document → extraction → resolution → store.

Documents are normalised and deduplicated one by one, extracted in batches
(``nlp.pipe`` is several times faster on batches), then written one
transaction per document, so a crash or kill leaves every document either
fully in (text, extraction, graph) or not in at all.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from linkwatch.analyse.index import maintain as maintain_index
from linkwatch.model import DocExtraction, DocStatus, Document, InputError, RawDocument
from linkwatch.resolve import Resolver, ResolveResult
from linkwatch.settings import Settings
from linkwatch.store.base import Store, Writer

if TYPE_CHECKING:
    from linkwatch.extract import Extractor
    from linkwatch.pool import ExtractionPool


@dataclass
class DocResult:
    origin: str
    status: DocStatus
    doc_id: str | None = None
    copy_of: str | None = None
    error: InputError | None = None
    notes: tuple[str, ...] = ()  # what the reader should know about how it was read (see notes())


def extract_limit(text: str, limit: int) -> int:
    """Where extraction stops in a text longer than `limit`: the last paragraph break in the last tenth
    before the limit, so that no half paragraph is read, else the limit itself."""
    at = text.rfind("\n", limit - limit // 10, limit)
    return at + 1 if at > 0 else limit


def notes(doc: Document) -> tuple[str, ...]:
    """What ingest had to guess or give up on for `doc`, in words: a guessed or damaged encoding,
    undecodable bytes, text past the extraction limit. Empty for a document read as it was declared."""
    out = []
    if doc.encoding_note:
        out.append(doc.encoding_note)
    if doc.replacements:
        out.append(f"{doc.replacements} undecodable byte sequence(s) replaced by U+FFFD ({doc.encoding})")
    if doc.truncated_at is not None:
        out.append(f"text is {len(doc.text):,} characters; only the first {doc.truncated_at:,} were extracted "
                   f"(LINKWATCH_MAX_EXTRACT_CHARS), the whole text is stored and searchable")
    return tuple(out)


@dataclass
class RunSummary:
    results: list[DocResult] = field(default_factory=list)
    found: dict[str, int] = field(default_factory=dict)

    def _count(self, *status: DocStatus) -> int:
        return sum(1 for r in self.results if r.status in status)

    @property
    def added(self) -> int:
        return self._count(DocStatus.ADDED, DocStatus.COPY)

    @property
    def copies(self) -> int:
        return self._count(DocStatus.COPY)

    @property
    def duplicates(self) -> int:
        return self._count(DocStatus.DUPLICATE)

    @property
    def failed(self) -> list[InputError]:
        return [r.error for r in self.results if r.status is DocStatus.FAILED and r.error]


@dataclass
class Prepared:
    raw: RawDocument
    doc: Document
    signature: bytes | None
    bands: list[str]


def prepare(raw: RawDocument, settings: Settings) -> Prepared:
    """What a document needs before extraction, without the store: its normalised text, where extraction
    stops, its MinHash signature and LSH bands. Raises InputError for input that is no document. (The Ray
    engine runs this on its workers.)"""
    from linkwatch.normalise import normalise
    from linkwatch.normalise.fingerprint import band_keys, signature

    doc = normalise(raw)
    if len(doc.text) > settings.max_extract_chars:
        doc = replace(doc, truncated_at=extract_limit(doc.text, settings.max_extract_chars))
    sig = signature(doc.text)
    return Prepared(raw, doc, sig, list(band_keys(sig)))


class Pipeline:
    def __init__(self, store: Store, settings: Settings | None = None, *,
                 extractor: Extractor | None = None, resolver: Resolver | None = None,
                 keep_workers: bool = False, pool: ExtractionPool | None = None) -> None:
        """`keep_workers`: keep the extraction workers (linkwatch.pool) from one run to the next, each with its
        model loaded, until :meth:`close`; by default a run stops the workers it started. `pool`: workers
        started by the caller, used by every run and never stopped here."""
        self.store = store
        self.settings = settings or Settings()
        self._extractor = extractor
        self.resolver = resolver or Resolver(store, self.settings)
        self.keep_workers = keep_workers or pool is not None
        self._given_pool = pool
        self._pool: ExtractionPool | None = pool

    def close(self) -> None:
        """Stop the extraction workers this pipeline started, if any are running."""
        if self._pool is not None and self._pool is not self._given_pool:
            self._pool.close()
            self._pool = None

    @property
    def extractor(self) -> Extractor:
        # Loaded on first use: a run made only of duplicates or failures never pays for the model.
        if self._extractor is None:
            from linkwatch.extract import Extractor
            self._extractor = Extractor(self.settings)
        return self._extractor

    def run(self, items: Iterable[RawDocument | InputError],
            progress: Callable[[DocResult], None] | None = None) -> RunSummary:
        """Ingest `items` in order. Batches are extracted by a pool of worker processes when the run is
        longer than one batch and more than one core is there (linkwatch.pool; settings.n_process), while this
        process normalises the next documents and writes the extracted ones, one transaction each, in input
        order (a batch's transactions committed together: Store.batch); a run of one batch or less is extracted here, without the pool's start-up."""
        from linkwatch.pool import ExtractionPool, workers

        summary = RunSummary()

        def report(result: DocResult) -> None:
            summary.results.append(result)
            if progress:
                progress(result)

        n_workers = workers(self.settings)
        inflight: deque[tuple[list[Prepared], Future[list[DocExtraction]]]] = deque()

        def write(done: list[Prepared], extractions: list[DocExtraction]) -> None:
            # One commit for the batch (Store.batch), each document still all or nothing; reported once
            # committed, so progress never announces a document a failed commit lost.
            results: list[DocResult] = []
            with self.store.batch():
                for pending, extraction in zip(done, extractions, strict=True):
                    results.append(self.write(pending, extraction))
            for result in results:
                report(result)

        def drain(keep: int) -> None:
            while len(inflight) > keep:
                done, future = inflight.popleft()
                write(done, future.result())

        batch: list[Prepared] = []
        try:
            for item in items:
                if isinstance(item, InputError):
                    report(DocResult(item.origin, DocStatus.FAILED, error=item))
                    continue
                try:
                    pending = self._prepare(item, [*(p for done, _ in inflight for p in done), *batch])
                except InputError as exc:
                    report(DocResult(item.origin, DocStatus.FAILED, error=exc))
                    continue
                if isinstance(pending, DocResult):
                    report(pending)
                    continue
                batch.append(pending)
                if len(batch) >= self.settings.batch_size:
                    if n_workers > 1:
                        self._pool = self._pool or ExtractionPool(self.settings, n_workers)
                        inflight.append((batch, self._pool.submit([p.doc for p in batch])))
                        drain(keep=n_workers)  # the workers stay a batch each ahead of the writer
                    else:
                        write(batch, self.extractor.extract([p.doc for p in batch]))
                    batch = []
            if batch and self._pool is not None:
                inflight.append((batch, self._pool.submit([p.doc for p in batch])))
            elif batch:
                write(batch, self.extractor.extract([p.doc for p in batch]))
            drain(keep=0)
        finally:
            if not self.keep_workers:
                self.close()
        summary.found = self.counts()
        return summary

    def _prepare(self, raw: RawDocument, batch: list[Prepared]) -> Prepared | DocResult:
        # The same bytes again: no need to normalise them. Different bytes can still clean to a
        # stored text (re-encoded, re-spaced), which the check on the document id below catches.
        # These checks only save work: another process may store the same document meanwhile, so
        # write checks again inside the document's transaction, where the answer cannot change.
        known = self.store.document_id_for_raw(raw.sha256) or next(
            (p.doc.id for p in batch if p.raw.sha256 == raw.sha256), None)
        if known:
            return DocResult(raw.origin, DocStatus.DUPLICATE, doc_id=known)
        pending = prepare(raw, self.settings)
        if self.store.has_document(pending.doc.id) or any(p.doc.id == pending.doc.id for p in batch):
            return DocResult(raw.origin, DocStatus.DUPLICATE, doc_id=pending.doc.id)
        return pending

    def _copy_of(self, pending: Prepared) -> tuple[float, str] | None:
        """The stored original `pending` is a near-duplicate of, as (similarity, id). Asked inside the
        document's write transaction: the originals written before it, by this run (earlier in its
        batch) or by another process, are all there, and no other writer can add one until it commits."""
        from linkwatch.normalise.fingerprint import MAX_CANDIDATES, MIN_SHARED_BANDS, similarity

        if pending.signature is None:
            return None
        best: tuple[float, str] | None = None
        for other_id, other_sig in self.store.near_duplicate_candidates(pending.bands, MIN_SHARED_BANDS,
                                                                         MAX_CANDIDATES):
            sim = similarity(pending.signature, other_sig)
            if sim >= self.settings.near_duplicate_threshold and (best is None or sim > best[0]):
                best = (sim, other_id)
        return best

    def write(self, pending: Prepared, extraction: DocExtraction) -> DocResult:
        """One document in one transaction: whether it is new and whether it is a copy are decided there,
        so concurrent ingests over overlapping inputs store each document once and mark every copy."""
        origin = pending.raw.origin
        with self.store.transaction() as writer:
            known = self.store.document_id_for_raw(pending.raw.sha256)
            if known or self.store.has_document(pending.doc.id):
                return DocResult(origin, DocStatus.DUPLICATE, doc_id=known or pending.doc.id)
            doc = pending.doc
            best = self._copy_of(pending)
            if best:
                doc = replace(doc, copy_of=best[1], similarity=round(best[0], 3))
            writer.put_blob(pending.raw.sha256, pending.raw.content)
            doc = writer.add_document(doc, pending.signature, pending.bands)
            writer.put_extraction(extraction)
            self.resolve(doc, extraction, writer)
        return DocResult(origin, DocStatus.COPY if doc.copy_of else DocStatus.ADDED, doc.id, doc.copy_of,
                         notes=notes(doc))

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

