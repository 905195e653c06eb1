"""Storage: the Store / Writer interface and its backends (SQLite by default)."""
from __future__ import annotations

from pathlib import Path

from linkwatch.store.base import SourceRow, Store, Writer
from linkwatch.store.sql import SchemaError, SQLiteStore, StoreError


def open_store(location: str | Path, *, read_only: bool = False) -> Store:
    """Open a store by location: a file path (SQLite). A ``postgresql://`` URL is
    reserved for the server backend, which implements the same interface.
    `read_only` opens it without writing anything (no upgrade, no journal files);
    problems opening it raise StoreError, whose message says what to do."""
    loc = str(location)
    if loc.startswith(("postgresql://", "postgres://")):
        raise NotImplementedError("the PostgreSQL backend is not built yet; use a SQLite file path")
    return SQLiteStore(loc, read_only=read_only)


__all__ = ["SQLiteStore", "SchemaError", "SourceRow", "Store", "StoreError", "Writer", "open_store"]
