"""Storage: the Store / Writer interface and its backends (SQLite by default)."""
from __future__ import annotations

from pathlib import Path

from linkwatch.store.base import SourceRow, Store, Writer
from linkwatch.store.sql import SchemaError, SQLiteStore


def open_store(location: str | Path) -> Store:
    """Open a store by location: a file path (SQLite). A ``postgresql://`` URL is
    reserved for the server backend, which implements the same interface."""
    loc = str(location)
    if loc.startswith(("postgresql://", "postgres://")):
        raise NotImplementedError("the PostgreSQL backend is not built yet; use a SQLite file path")
    return SQLiteStore(loc)


__all__ = ["SQLiteStore", "SchemaError", "SourceRow", "Store", "Writer", "open_store"]
