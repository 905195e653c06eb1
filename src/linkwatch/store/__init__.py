"""Storage: the Store / Writer interface and its backends (SQLite by default)."""
from __future__ import annotations

import re
from pathlib import Path

from linkwatch.store.base import SourceRow, Store, Writer
from linkwatch.store.sql import SchemaError, SQLiteStore, StoreError


def open_store(location: str | Path, *, read_only: bool = False) -> Store:
    """Open a store by location: a file path (SQLite), or a ``postgresql://`` URL (PostgreSQL, with psycopg
    installed: the ``postgres`` extra). `read_only` opens it without writing anything (no upgrade, no journal
    files); problems opening it raise StoreError, whose message says what to do."""
    if is_url(location):
        try:
            from linkwatch.store.pg import PostgresStore
        except ImportError as exc:
            raise StoreError(f"a PostgreSQL store needs psycopg ({exc}); pip install 'linkwatch[postgres]'") from None
        return PostgresStore(str(location), read_only=read_only)
    return SQLiteStore(str(location), read_only=read_only)


def is_url(location: object) -> bool:
    """Whether `location` names a server store (a URL) rather than a SQLite file. A URL that went through
    pathlib (``--db`` is a click.Path) has lost one slash of its '//', and is still one."""
    return re.match(r"^postgres(ql)?:/", str(location)) is not None


__all__ = ["SQLiteStore", "SchemaError", "SourceRow", "Store", "StoreError", "Writer", "is_url", "open_store"]
