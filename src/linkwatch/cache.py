"""Compiled data, built on first use and kept in the user's cache folder (issue 14: start-up).

Some tables linkwatch reads at start-up are slow to build from their sources (GeoNames' city table, the
organisation list's spelling variants) but never change between runs. :func:`compiled` builds such a value
once, pickles it under a name that carries a fingerprint of everything it is made from (data files, the
code that reads them, library versions), and loads the pickle in every later process. A changed source
gives a new fingerprint, so a stale cache is never read; a cache that cannot be written or read is skipped
and the value built in memory, as before.
"""
from __future__ import annotations

import hashlib
import inspect
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import TypeVar

T = TypeVar("T")
Part = bytes | str | Path | ModuleType  # what a cache is made from (see fingerprint)


def cache_dir() -> Path:
    """The user's cache folder ($XDG_CACHE_HOME, else ~/.cache), linkwatch's part of it."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "linkwatch"


def model_modules() -> list[ModuleType]:
    """The modules every compiled table is read through: the text layer (folds, skeletons, place keys),
    the data layer and the reference list's reader."""
    import linkwatch.data
    import linkwatch.model.reference
    import linkwatch.text

    return [linkwatch.text, linkwatch.data, linkwatch.model.reference]


def fingerprint(*parts: bytes | str | Path | ModuleType) -> str:
    """A short hash of files (by size and modification time), modules (by source) and plain values."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, ModuleType):
            h.update(inspect.getsource(part).encode())
        elif isinstance(part, Path):
            st = part.stat()
            h.update(f"{part.name}:{st.st_size}:{st.st_mtime_ns}".encode())
        else:
            h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\x1f")
    return h.hexdigest()[:16]


def compiled(name: str, parts: Iterable[bytes | str | Path | ModuleType], build: Callable[[], T],
             folder: Path | None = None) -> T:
    """`build()`, or its pickle from an earlier run made from the same `parts`."""
    try:
        path = (folder or cache_dir()) / f"{name}-{fingerprint(*parts)}.pickle"
    except OSError:
        return build()
    try:
        with path.open("rb") as fh:
            value: T = pickle.load(fh)
        return value
    except Exception:  # noqa: BLE001 - missing, truncated, or pickled by other code: build it again
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # another process may write it too: whole files replace each other
    except OSError:
        pass
    return value
