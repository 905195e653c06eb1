"""Extraction in worker processes, so that an ingest uses every core (issue 14: throughput).

spaCy holds the GIL while it parses, so one process extracts on one core. An ingest is two kinds of work:
extraction (the model and the rule components, most of the time) and everything around it (reading,
normalising, near-duplicate checks, resolution, the link index, the store), which must stay in one process
because the store is written one transaction per document, in input order. So the ingest process keeps that
part and hands batches of documents to a pool of extraction workers, each with its own pipeline: the next
batches are extracted while the ingest process writes the last one.

Workers are forked where the system can (Linux: they start with the parent's imports), else spawned; each
loads the model once. A worker whose parent dies (an ingest killed with SIGKILL) exits by itself, so a
killed ingest leaves no process behind. spaCy's own ``n_process`` is not used: it sends every parsed Doc back
to the parent, where ours send only the extraction.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

from linkwatch.model import DocExtraction, Document
from linkwatch.settings import Settings

if TYPE_CHECKING:
    from linkwatch.extract.pipeline import Extractor

_extractor: Extractor | None = None  # the worker's own pipeline


def workers(settings: Settings) -> int:
    """How many extraction processes an ingest runs: `settings.n_process` when set (1: extract in the ingest
    process itself), else one per core this process may use."""
    if settings.n_process > 0:
        return settings.n_process
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _start(settings: Settings, parent: int) -> None:
    global _extractor
    from linkwatch.extract import Extractor  # as the pipeline finds it (tests put a stand-in there)

    _extractor = Extractor(replace(settings, n_process=1))
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    # A forked worker holds both ends of the pool's pipes, so it would never see its parent go: look instead.
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _extract(docs: list[Document]) -> list[DocExtraction]:
    assert _extractor is not None
    return _extractor.extract(docs)


class ExtractionPool:
    """`processes` extraction workers; :meth:`submit` returns a future of one batch's extractions."""

    def __init__(self, settings: Settings, processes: int) -> None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.processes = processes
        self._executor = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context(method),
                                             initializer=_start, initargs=(settings, os.getpid()))

    def submit(self, docs: Sequence[Document]) -> Future[list[DocExtraction]]:
        return self._executor.submit(_extract, list(docs))

    def warm(self, doc: Document) -> None:
        """Start every worker and wait until each has its model loaded (benchmarks time runs without it)."""
        for future in [self.submit([doc]) for _ in range(2 * self.processes)]:
            future.result()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
