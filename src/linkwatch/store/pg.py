"""The PostgreSQL backend: the same store, on a server a team already runs.

The reads of :class:`~linkwatch.store.sql.SQLiteStore` and the writes of ``sql_writer`` are not written twice.
They run over :class:`Connection`, which a store's code uses exactly as it uses its ``sqlite3`` connection
(``execute``, ``executemany``, rows by index or by name, ``BEGIN`` / ``COMMIT`` / ``ROLLBACK``, sqlite3's
exception classes) while every statement is rewritten for PostgreSQL on the way (``dialect.translate``, cached
per statement). So a store module added for SQLite works here without a line of its own, unless it uses what
only SQLite has (FTS5, triggers): such a migration gets a PostgreSQL version in ``pg_tables.OVERRIDES``.

Transactions. ``BEGIN IMMEDIATE`` (how every write transaction starts) takes a transaction-level advisory lock
per store, so writers take turns exactly as they do on SQLite's write lock, while readers never wait
(multi-version reads). That is what keeps concurrent ingests equal to a sequential one (README, Reliability):
whether a document is new, and which original it copies, is decided inside the writer's turn, with every
earlier writer's commit visible (READ COMMITTED takes a fresh snapshot per statement). A writer waits up to
``sql.BUSY_TIMEOUT`` seconds for its turn, then the store is busy, as on SQLite.

The schema version lives in the table ``linkwatch_schema`` (SQLite keeps it in ``PRAGMA user_version``); the
migrations run under the same lock, so processes opening a new store at once set it up once.
"""
from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from linkwatch.store.base import Writer
from linkwatch.store.dialect import ROWID, Untranslatable, translate
from linkwatch.store.pg_tables import OVERRIDES
from linkwatch.store.sql import BUSY_TIMEOUT, SchemaError, SQLiteStore, StoreError
from linkwatch.store.sql_writer import SQLiteWriter
from linkwatch.store.tables import MIGRATIONS, statements

VERSION_TABLE = "linkwatch_schema"
# The advisory lock's first key: linkwatch's writers (the second key is the store's schema).
LOCK_CLASS = 0x1C7A


def normalise_url(location: object) -> str:
    text = str(location)
    return re.sub(r"^(postgres(?:ql)?):/(?!/)", r"\1://", text)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class Row(tuple):  # type: ignore[type-arg]
    """A row as sqlite3.Row gives it: by position, by column name (case-insensitively), ``keys()``,
    ``dict(row)``."""

    _names: tuple[str, ...] = ()

    def __new__(cls, values: Sequence[Any], names: tuple[str, ...]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            try:
                return super().__getitem__(self._names.index(key))
            except ValueError:
                lowered = [n.lower() for n in self._names]
                if key.lower() in lowered:
                    return super().__getitem__(lowered.index(key.lower()))
                raise IndexError(f"No item with that key: {key}") from None
        return super().__getitem__(key)


def _error(exc: Exception) -> sqlite3.Error:
    """psycopg's exception as the sqlite3 one the store's code catches (the original is its cause)."""
    import psycopg

    text = str(exc).strip()
    if isinstance(exc, psycopg.errors.IntegrityError):
        return sqlite3.IntegrityError(text)
    if isinstance(exc, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled):
        return sqlite3.OperationalError(f"database is locked ({text})")
    if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction | psycopg.errors.InsufficientPrivilege):
        return sqlite3.OperationalError(f"attempt to write a readonly database ({text})")
    if isinstance(exc, psycopg.errors.DataError):
        return sqlite3.DataError(text)
    if isinstance(exc, psycopg.OperationalError | psycopg.ProgrammingError | psycopg.errors.InternalError):
        return sqlite3.OperationalError(text)
    return sqlite3.DatabaseError(text)


class Cursor:
    """What ``Connection.execute`` returns: sqlite3.Cursor's reading half, and ``rowcount``/``lastrowid``."""

    def __init__(self, rows: list[Row], rowcount: int, lastrowid: int | None = None) -> None:
        self._rows = rows
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Row | None:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[Row]:
        rows, self._rows = self._rows, []
        return rows

    def fetchmany(self, size: int = 1) -> list[Row]:
        rows, self._rows = self._rows[:size], self._rows[size:]
        return rows

    def __iter__(self) -> Iterator[Row]:
        while self._rows:
            yield self._rows.pop(0)


class Connection:
    """A psycopg connection the store's code can use as its sqlite3 connection (see the module's docstring)."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        import psycopg
        from psycopg.adapt import Loader

        class Number(Loader):
            """numeric as SQLite gives it: SUM of integers is an int, anything else a float."""

            def load(self, data: Any) -> int | float:
                value = Decimal(bytes(data).decode())
                return int(value) if value == value.to_integral_value() else float(value)

        self.url = url
        self.read_only = read_only
        # Client-side binding: parameters become literals, typed by PostgreSQL from their context as SQLite types
        # them, so `? IS NULL` or `LIMIT ?` need no casts.
        self.raw = psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor)
        self.raw.adapters.register_loader("numeric", Number)
        if read_only:  # every statement, in a transaction or not, then fails as SQLite's read-only file does
            self.raw.execute("SET default_transaction_read_only = on")
        self.row_factory: object = None  # accepted and ignored: rows always behave as sqlite3.Row
        self.in_transaction = False
        self.total_changes = 0  # rows inserted, updated or deleted through this connection, as sqlite3 counts them
        self._keys: dict[str, list[str]] = {}
        self._counters: dict[str, str | None] = {}
        self.schema = str(self.raw.execute("SELECT current_schema()").fetchone()[0])  # type: ignore[index]

    # statements ---------------------------------------------------------------------------------------
    def _translate(self, sql: str, params: object) -> str:
        style = "named" if isinstance(params, Mapping) else ("qmark" if params else "none")
        return _translated(sql, style, self._primary_key)

    def _primary_key(self, table: str) -> list[str]:
        if table not in self._keys:
            rows = self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary"
                " ORDER BY array_position(i.indkey, a.attnum)", (table,)).fetchall()
            self._keys[table] = [r[0] for r in rows]
        return self._keys[table]

    def _identity(self, table: str) -> str | None:
        """The column PostgreSQL numbers a table's rows by (dialect.py gives every table one)."""
        if table not in self._counters:
            row = self.raw.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attidentity <> ''"
                " AND NOT attisdropped ORDER BY attnum LIMIT 1", (table,)).fetchone()
            self._counters[table] = str(row[0]) if row else None
        return self._counters[table]

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Cursor:
        special = self._special(sql.strip().rstrip(";").strip())
        if special is not None:
            return special
        import psycopg

        query = self._translate(sql, params)
        if params and not isinstance(params, Mapping) and "LIMIT %S" in query.upper():
            params = _no_negative_limit(query, list(params))
        insert = _INSERT_INTO.match(query)
        counter = self._identity(insert.group(1)) if insert and "RETURNING" not in query.upper() else None
        if counter:  # sqlite3's cursor.lastrowid: the row's INTEGER PRIMARY KEY, or its rowid
            query += f" RETURNING {counter}"
        try:
            with self.raw.cursor() as cur:
                cur.execute(query, (params or None) if not isinstance(params, Mapping) else params)
                if counter:
                    got = cur.fetchone()
                    self.total_changes += max(cur.rowcount, 0)
                    return Cursor([], cur.rowcount, int(got[0]) if got else None)
                if cur.rowcount > 0 and cur.description is None:
                    self.total_changes += cur.rowcount
                return Cursor(_rows(cur, query), cur.rowcount)
        except psycopg.Error as exc:
            raise _error(exc) from exc

    def executemany(self, sql: str, seq: Any) -> Cursor:
        import psycopg

        rows = [tuple(r) if not isinstance(r, Mapping) else r for r in seq]
        if not rows:
            return Cursor([], 0)
        query = self._translate(sql, rows[0])
        values = _VALUES.match(query)
        if values and "DO UPDATE" not in query.upper() and not isinstance(rows[0], Mapping):
            # One INSERT with many rows: one round trip, where psycopg's executemany syncs a pipeline per call
            # (most calls here write a handful of rows). Not for DO UPDATE, which may not touch a row twice.
            head, one, tail = values.group(1), values.group(2), values.group(3)
            count = 0
            for start in range(0, len(rows), 500):
                chunk = rows[start:start + 500]
                many = head + ", ".join([one] * len(chunk)) + tail
                count += self.execute_raw(many, [v for row in chunk for v in row])
            return Cursor([], count)
        try:
            with self.raw.cursor() as cur:
                cur.executemany(query, rows)
                self.total_changes += max(cur.rowcount, 0)
                return Cursor([], cur.rowcount)
        except psycopg.Error as exc:
            raise _error(exc) from exc

    def execute_raw(self, query: str, params: Sequence[Any]) -> int:
        """A statement already in PostgreSQL's words; its row count."""
        import psycopg

        try:
            with self.raw.cursor() as cur:
                cur.execute(query, params)
                self.total_changes += max(cur.rowcount, 0)
                return int(cur.rowcount)
        except psycopg.Error as exc:
            raise _error(exc) from exc

    def executescript(self, script: str) -> None:
        for statement in statements(script):
            self.execute(statement)

    def _special(self, sql: str) -> Cursor | None:
        """Transaction control and PRAGMAs, which have no direct PostgreSQL statement."""
        word = sql.split(None, 1)[0].upper() if sql else ""
        if word == "BEGIN":
            self._run("BEGIN")
            self.in_transaction = True
            if "IMMEDIATE" in sql.upper() or "EXCLUSIVE" in sql.upper():
                self.lock()
            return Cursor([], -1)
        if word == "ROLLBACK" and sql.upper().split()[1:2] == ["TO"]:
            return None  # to a savepoint: the same statement in PostgreSQL
        if word in ("COMMIT", "END", "ROLLBACK"):
            self.in_transaction = False
            self._run("ROLLBACK" if word == "ROLLBACK" else "COMMIT")
            return Cursor([], -1)
        if word == "PRAGMA":
            m = re.match(r"PRAGMA\s+user_version\s*(=\s*(\d+))?$", sql, re.I)
            if m and m.group(2):
                self._run(f"DELETE FROM {VERSION_TABLE}")
                self._run(f"INSERT INTO {VERSION_TABLE}(version) VALUES ({int(m.group(2))})")
                return Cursor([], 1)
            if m:
                return Cursor([Row((self.user_version(),), ("user_version",))], -1)
            return Cursor([], -1)  # journal modes, foreign keys, checkpoints: the server's business
        return None

    def _run(self, sql: str) -> None:
        import psycopg

        try:
            self.raw.execute(sql)
        except psycopg.Error as exc:
            raise _error(exc) from exc

    def lock(self) -> None:
        """This store's writer lock, held until the transaction ends (SQLite's BEGIN IMMEDIATE)."""
        self._run(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT}s'")
        self._run(f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, hashtext(current_schema()))")

    def user_version(self) -> int:
        row = self.raw.execute(f"SELECT to_regclass('{VERSION_TABLE}') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return 0
        got = self.raw.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
        return int(got[0]) if got and got[0] is not None else 0

    def forget_keys(self) -> None:
        self._keys.clear()
        self._counters.clear()

    def close(self) -> None:
        self.raw.close()


_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+([\w.]+)", re.I)
# A translated single-row INSERT ... VALUES (%s, ...) [ON CONFLICT ...]: head, the row, and the rest.
_VALUES = re.compile(r"^(\s*INSERT\s+INTO\s+[\w.]+\s*\([^)]*\)\s*VALUES\s*)(\((?:\s*%s\s*,)*\s*%s\s*\))"
                     r"(\s*(?:ON\s+CONFLICT\b.*)?)$", re.I | re.S)


@functools.lru_cache(maxsize=4096)
def _translated_cached(sql: str, style: str, keys: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    known = dict(keys)
    params: object = {"": 0} if style == "named" else ((0,) if style == "qmark" else None)
    return translate(sql, lambda table: list(known.get(table, ())), params=params)


def _translated(sql: str, style: str, primary_key: Any) -> str:
    m = re.match(r"^\s*(?:INSERT\s+OR\s+REPLACE|REPLACE)\s+INTO\s+([\w.]+)", sql, re.I)
    keys = ((m.group(1), tuple(primary_key(m.group(1)))),) if m else ()
    return _translated_cached(sql, style, keys)


def _no_negative_limit(query: str, params: list[Any]) -> list[Any]:
    """SQLite reads a negative LIMIT as none; PostgreSQL refuses it, and reads NULL so."""
    upper = query.upper()
    for m in re.finditer(r"\bLIMIT\s+%S", upper):
        at = upper.count("%S", 0, m.end()) - upper.count("%%S", 0, m.end()) - 1
        if 0 <= at < len(params) and isinstance(params[at], int) and params[at] < 0:
            params[at] = None
    return params


def _rows(cur: Any, query: str) -> list[Row]:
    if cur.description is None:
        return []
    names = tuple(d.name for d in cur.description)
    # The rowid column every table carries (dialect.py) stays out of `SELECT *`, as SQLite's does.
    head = query[:query.upper().find("FROM")] if "FROM" in query.upper() else query
    if ROWID in names and ROWID not in head.lower():
        keep = [i for i, n in enumerate(names) if n != ROWID]
        names = tuple(names[i] for i in keep)
        return [Row([r[i] for i in keep], names) for r in cur.fetchall()]
    return [Row(r, names) for r in cur.fetchall()]


class PostgresStore(SQLiteStore):
    """The store on PostgreSQL, by URL. Every read and write is SQLiteStore's and SQLiteWriter's SQL, run over
    :class:`Connection`; only opening, migrating and transactions differ."""

    dialect = "postgresql"

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = normalise_url(url)
        self.path = redact(self.url)
        self.read_only = read_only
        import psycopg

        try:
            self.db = Connection(self.url, read_only=read_only)  # type: ignore[assignment]
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {str(exc).strip()}") from None
        try:
            self._setup()
        except BaseException:
            self.db.close()
            raise

    @property
    def connection(self) -> Connection:
        return self.db  # type: ignore[return-value]

    def _setup(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise SchemaError(f"{self.path}: schema version {version} is newer than this linkwatch "
                              f"({len(MIGRATIONS)}); upgrade linkwatch")
        if version == len(MIGRATIONS):
            return
        if self.read_only and version == 0:
            raise StoreError(f"no linkwatch store at {self.path} (run `linkwatch ingest` first, or pass --db)")
        if self.read_only:
            raise SchemaError(f"{self.path} has schema version {version}, this linkwatch reads {len(MIGRATIONS)},"
                              f" and the store is opened read-only so it cannot be upgraded")
        self._migrate()

    def _migrate(self) -> None:
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            db._run(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)")
            version = db.user_version()  # again, under the lock: another process may have done it meanwhile
            for n in range(version + 1, len(MIGRATIONS) + 1):
                for statement in migration(n):
                    db._run(statement)
                db.forget_keys()
                db.execute(f"PRAGMA user_version = {n}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> int:
        return self.connection.user_version()

    @contextmanager
    def _transaction(self) -> Iterator[Writer]:
        db = self.connection
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            db.execute("ROLLBACK")
            raise StoreError(_explain(self.path, exc)) from None
        try:
            yield SQLiteWriter(db)  # type: ignore[arg-type]
        except sqlite3.OperationalError as exc:
            db.execute("ROLLBACK")
            if "readonly" in str(exc):
                raise StoreError(_explain(self.path, exc)) from None
            raise
        except BaseException:
            db.execute("ROLLBACK")
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(_explain(self.path, exc)) from None

    def close(self) -> None:
        self.connection.close()


def _explain(where: str, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "locked" in text:
        return f"{where} is busy: another process is writing to it; try again when it has finished"
    if "readonly" in text:
        return f"{where} was opened read-only, or this user may not write it ({text})"
    return f"{where}: {text}"


def migration(n: int) -> list[str]:
    """Migration `n` as PostgreSQL statements: its override where SQLite's cannot be translated, else SQLite's
    statements translated one by one."""
    if n in OVERRIDES:
        return [OVERRIDES[n]]
    try:
        return [translate(s) for s in statements(MIGRATIONS[n - 1])]
    except Untranslatable as exc:
        raise SchemaError(f"migration {n} uses what only SQLite has ({exc}); give it a PostgreSQL version in "
                          f"store/pg_tables.py OVERRIDES") from None
