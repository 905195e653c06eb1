"""Batch ingest on Ray (`linkwatch ingest --engine ray [--address ...]`): the costly part of an ingest,
normalising and extracting documents, runs on a Ray cluster; resolution and storage stay in this process.

Documents go to Ray Data as a dataset, and ``map_batches`` sends batches of them through an actor pool of
:class:`ExtractWorker`, so each worker loads the spaCy pipeline once and keeps it. The dataset keeps the order
of the input (``preserve_order``), and this process writes each result through the store's writer exactly as a
local ingest does (``Pipeline.write``: one transaction per document, its duplicate and copy checks inside it),
in input order, so the graph equals a local ingest of the same documents. Extraction is per document and does
not depend on which batch or worker a document went to.

Without ``address`` a local Ray instance is started with one CPU per worker and no dashboard, and stopped at the
end; with one (``ray://host:10001`` or ``auto``), the workers run on that cluster, which must have linkwatch and
its model installed on every node.
"""
from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from linkwatch.model import DocExtraction, DocStatus, InputError, RawDocument
from linkwatch.pipeline import DocResult, Pipeline, Prepared, RunSummary, prepare
from linkwatch.settings import Settings


class ExtractWorker:
    """One Ray actor: loads the extractor once, then normalises and extracts the batches it is sent. Rows come
    in as pickled RawDocuments and go out as a pickled Prepared document with its extraction, or the origin and
    message of the InputError that refused it."""

    def __init__(self, settings: Settings, extractor: Callable[[Settings], Any] | None = None) -> None:
        self.settings = settings
        if extractor is None:
            from linkwatch.extract import Extractor

            extractor = Extractor
        self.extractor = extractor(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        prepared: list[Prepared | None] = []
        errors: list[bytes | None] = []
        for blob in batch["raw"]:
            raw: RawDocument = pickle.loads(blob)  # noqa: S301 - written by this module's driver
            try:
                prepared.append(prepare(raw, self.settings))
                errors.append(None)
            except InputError as exc:
                prepared.append(None)
                errors.append(pickle.dumps((exc.origin, exc.message)))  # InputError itself does not unpickle
        extracted = iter(self.extractor.extract([p.doc for p in prepared if p is not None]))
        out = [pickle.dumps((p, next(extracted))) if p is not None else None for p in prepared]
        return {"i": list(batch["i"]), "result": out, "error": errors}


def _results(ds: Any) -> Iterator[tuple[int, Prepared | None, DocExtraction | None, InputError | None]]:
    for row in ds.iter_rows():
        if row["error"] is not None:
            yield row["i"], None, None, InputError(*pickle.loads(row["error"]))  # noqa: S301
        else:
            prepared, extraction = pickle.loads(row["result"])  # noqa: S301
            yield row["i"], prepared, extraction, None


def _init(ray: Any, address: str | None, workers: int) -> None:
    """Connect to `address`, or start a local instance with `workers` CPUs and no dashboard. A local start on a
    busy machine can outlast Ray's own 30 s wait for its node manager: it is tried again, three times at most."""
    for attempt in range(3):
        try:
            ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
                     log_to_driver=False, logging_level=logging.WARNING)
            return
        except Exception as exc:  # Ray raises a bare Exception for a node that timed out starting
            if address or "timed out during startup" not in str(exc) or attempt == 2:
                raise
            ray.shutdown()


def run(pipeline: Pipeline, items: Iterable[RawDocument | InputError], *, address: str | None = None,
        workers: int = 2, progress: Callable[[DocResult], None] | None = None,
        extractor: Callable[[Settings], Any] | None = None) -> RunSummary:
    """Ingest `items` into `pipeline`'s store with normalisation and extraction on Ray (see the module)."""
    import ray

    summary = RunSummary()

    def report(result: DocResult) -> None:
        summary.results.append(result)
        if progress:
            progress(result)

    store = pipeline.store
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            report(DocResult(item.origin, DocStatus.FAILED, error=item))
            continue
        # The same bytes as a stored or earlier document: no need to send them (as Pipeline._prepare).
        known = store.document_id_for_raw(item.sha256)
        if known or item.sha256 in seen:
            report(DocResult(item.origin, DocStatus.DUPLICATE, doc_id=known))
            continue
        seen.add(item.sha256)
        rows.append({"i": len(rows), "raw": pickle.dumps(item)})
    if rows:
        started = not ray.is_initialized()
        if started:
            _init(ray, address, workers)
        try:
            logging.getLogger("ray.data").setLevel(logging.WARNING)  # its plans and timings are not the user's
            context = ray.data.DataContext.get_current()
            context.execution_options.preserve_order = True
            context.enable_progress_bars = False
            ds = ray.data.from_items(rows).map_batches(
                ExtractWorker, fn_constructor_kwargs={"settings": pipeline.settings, "extractor": extractor},
                batch_size=pipeline.settings.batch_size, compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1,
                batch_format="numpy")
            written: set[str] = set()
            for _, prepared, extraction, error in _results(ds):
                if error is not None:
                    report(DocResult(error.origin, DocStatus.FAILED, error=error))
                    continue
                assert prepared is not None and extraction is not None
                if prepared.doc.id in written:  # cleaned to a text this run already stored
                    report(DocResult(prepared.raw.origin, DocStatus.DUPLICATE, doc_id=prepared.doc.id))
                    continue
                written.add(prepared.doc.id)
                report(pipeline.write(prepared, extraction))
        finally:
            if started:
                ray.shutdown()
    summary.found = pipeline.counts()
    return summary
