"""Read documents from files and folders.

A file named on the command line is always read. Inside a folder, the walk is
recursive and sorted (so runs are reproducible), skips hidden files and
folders, and takes only files whose extension marks a document
(:data:`DOCUMENT_EXTENSIONS`), so that a folder of articles may also hold a
manifest, gold annotations or notes without those being ingested as articles.
"""
from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from linkwatch.ingest.meta import with_meta
from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError
from linkwatch.model.media import sniff

log = logging.getLogger(__name__)

# "" is a file without an extension (a common way to save a scraped page).
DOCUMENT_EXTENSIONS = frozenset({
    "", ".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".shtml", ".xml", ".rss", ".atom",
})


def read_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: str | None = None,
    source: str | None = None,
    max_bytes: int,
) -> Iterator[RawDocument | InputError]:
    """Yield one RawDocument per file under `paths`, or an InputError for each one that cannot be read.

    `published` and `source` (from the command line) are applied to every document.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for file in walk(path):
                yield read_file(file, max_bytes=max_bytes, published=published, source=source)
        elif path.exists():
            yield read_file(path, max_bytes=max_bytes, published=published, source=source)
        else:
            yield InputError(str(p), "no such file or directory")


def walk(folder: Path) -> Iterator[Path]:
    """Document files under `folder`, sorted, hidden entries and symlinked folders skipped."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() not in DOCUMENT_EXTENSIONS:
                log.info("skipping %s: not a document extension", os.path.join(root, name))
                continue
            yield Path(root) / name


def read_file(path: Path, *, max_bytes: int, **meta: str | None) -> RawDocument | InputError:
    """Read one file, refusing it before reading a byte if it is larger than `max_bytes`.

    Only regular files are read: a FIFO or a device such as /dev/zero would block
    or never end.
    """
    origin = str(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return InputError(origin, "not a regular file")
        if st.st_size > max_bytes:
            return InputError(origin, f"file is {st.st_size} bytes, over the limit of {max_bytes}")
        content = _read_limited(path, max_bytes)
    except OSError as exc:
        return InputError(origin, exc.strerror or str(exc))
    if content is None:  # the file grew between stat and read
        return InputError(origin, f"file is over the limit of {max_bytes} bytes")
    raw = RawDocument(content=content, origin=origin, media_type=sniff(content[:8192], name=path.name))
    return with_meta(raw, **meta)


def _read_limited(path: Path, max_bytes: int) -> bytes | None:
    """At most `max_bytes` of the file; None if there is more."""
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    return None if len(data) > max_bytes else data
