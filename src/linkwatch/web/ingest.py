"""Uploads and URLs → RawDocuments → the Pipeline, for POST /api/ingest.

Uploaded files are written to a private temporary folder under safe names and
read with the same readers the CLI uses (linkwatch.ingest). An uploaded
manifest is checked line by line first: its ``path`` entries may only name
files uploaded with it, never a path on the server (the readers accept absolute
and ``..`` paths, which is right for a local CLI and wrong for a web client).
"""
from __future__ import annotations

import json
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError
from linkwatch.pipeline import Pipeline, RunSummary
from linkwatch.settings import Settings
from linkwatch.store.base import Store
from linkwatch.web import schemas as s

# One ingest at a time: each run holds write transactions and the spaCy model;
# parallel runs would only queue on SQLite's write lock while doubling memory.
INGEST_LOCK = threading.Lock()


def safe_name(name: str, taken: set[str]) -> str:
    """A file name that cannot leave the upload folder, unique within it; keeps the extension."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name.replace("\\", "/")).name).lstrip(".") or "upload"
    base = base[:100]
    candidate, n = base, 1
    while candidate in taken:
        stem, dot, ext = base.rpartition(".")
        candidate = f"{stem}-{n}.{ext}" if dot and stem else f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def check_manifest(data: bytes, uploaded: dict[str, str], label: str) -> tuple[bytes, list[InputError]]:
    """Rewrite an uploaded manifest so that each ``path`` names a saved upload; refuse other paths.

    Returns the manifest to hand to read_manifest and the errors for refused lines.
    """
    out: list[bytes] = []
    errors: list[InputError] = []
    for n, line in enumerate(data.splitlines(), start=1):
        try:
            entry = json.loads(line) if line.strip() else None
        except ValueError:
            entry = None  # malformed lines pass through: read_manifest reports them with its own wording
        if isinstance(entry, dict) and "path" in entry:
            path = entry["path"]
            if not isinstance(path, str) or path not in uploaded:
                errors.append(InputError(f"{label}:{n}", "'path' must name a file uploaded with the manifest"))
                out.append(b"")  # keep line numbers aligned with the user's file
                continue
            entry["path"] = uploaded[path]
            line = json.dumps(entry, ensure_ascii=False).encode()
        out.append(line)
    return b"\n".join(out) + b"\n", errors


def _relabel(items: Iterable[RawDocument | InputError], folder: Path, label: str
             ) -> Iterator[RawDocument | InputError]:
    """Origins name what the user sent (``upload:a.html``), not our temporary folder."""
    prefix = str(folder) + "/"
    for item in items:
        origin = item.origin
        if origin.startswith(prefix):
            rest = origin[len(prefix):]
            origin = label + rest[len("manifest.jsonl"):] if rest.startswith("manifest.jsonl") else "upload:" + rest
        if isinstance(item, RawDocument):
            yield replace(item, origin=origin)
        else:
            yield InputError(origin, item.message)


def summary_out(summary: RunSummary, counts: dict[str, int]) -> s.IngestOut:
    results = [s.IngestItem(origin=r.origin, status=r.status, doc_id=r.doc_id, copy_of=r.copy_of,
                            error=r.error.message if r.error else None, notes=list(r.notes)) for r in summary.results]
    return s.IngestOut(added=summary.added, duplicates=summary.duplicates, failed=len(summary.failed),
                       results=results, counts=counts)


class Ingester:
    """Runs the Pipeline for the web app, keeping one extractor loaded between requests."""

    def __init__(self, settings: Settings, extractor: Any | None = None) -> None:
        self.settings = settings
        self._extractor = extractor

    def _pipeline(self, store: Store) -> Pipeline:
        if self._extractor is None:
            # Imported on the first ingest, not at start-up: it loads spaCy and the model.
            from linkwatch.extract import Extractor

            self._extractor = Extractor(self.settings)
        return Pipeline(store, self.settings, extractor=self._extractor)

    def run(self, store: Store, items: Iterable[RawDocument | InputError]) -> s.IngestOut:
        with INGEST_LOCK:
            pipeline = self._pipeline(store)
            summary = pipeline.run(items)
            return summary_out(summary, summary.found or pipeline.counts())

    def uploads(self, store: Store, files: list[tuple[str, bytes]], manifest: tuple[str, bytes] | None,
                source: str | None, published: str | None) -> s.IngestOut:
        from linkwatch.ingest import read_inputs

        with tempfile.TemporaryDirectory(prefix="linkwatch-upload-") as tmp:
            folder = Path(tmp)
            taken: set[str] = {"manifest.jsonl"}
            saved: dict[str, str] = {}
            paths: list[str] = []
            for name, content in files:
                stored = safe_name(name, taken)
                (folder / stored).write_bytes(content)
                saved[Path(name).name] = stored
                saved.setdefault(name, stored)
                paths.append(str(folder / stored))
            errors: list[InputError] = []
            manifests: list[str] = []
            label = "upload:manifest"
            if manifest is not None:
                label = "upload:" + safe_name(manifest[0], set())
                checked, errors = check_manifest(manifest[1], saved, label)
                (folder / "manifest.jsonl").write_bytes(checked)
                manifests.append(str(folder / "manifest.jsonl"))
                # Files a manifest names are read through it (with its metadata), not a second time alone.
                named = {folder / v for v in _manifest_paths(checked)}
                paths = [p for p in paths if Path(p) not in named]
            items = read_inputs(paths, settings=self.settings, published=published, source=source,
                                manifests=manifests)
            return self.run(store, [*errors, *_relabel(items, folder, label)])

    def urls(self, store: Store, urls: list[str], source: str | None, published: str | None) -> s.IngestOut:
        from linkwatch.ingest import read_inputs

        errors: list[InputError] = []
        ok: list[str] = []
        for url in urls:
            # read_inputs also reads local paths; a web client may only name http(s) URLs.
            if re.match(r"^https?://", url, re.IGNORECASE):
                ok.append(url)
            else:
                errors.append(InputError(url[:200], "only http and https URLs are accepted"))
        items = read_inputs(ok, settings=self.settings, published=published, source=source)
        return self.run(store, [*errors, *items])


def _manifest_paths(data: bytes) -> list[str]:
    found = []
    for line in data.splitlines():
        try:
            entry = json.loads(line) if line.strip() else None
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            found.append(entry["path"])
    return found
