"""SQLite's SQL, as the store's modules write it, rewritten for PostgreSQL.

The store's queries, writes and migrations are written once, in the SQLite dialect (``sql.py``,
``sql_writer.py``, ``tables.py`` and whatever store module comes next). The PostgreSQL backend runs the same
statements through :func:`translate`, so a new module works on both backends without a second copy of its SQL.
What is rewritten, and why each rewrite keeps SQLite's meaning:

- ``?`` and ``:name`` placeholders become psycopg's ``%s`` and ``%(name)s`` (a literal ``%`` is doubled);
- ``INSERT OR IGNORE`` becomes ``INSERT ... ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` (and
  ``REPLACE INTO``) become ``ON CONFLICT (primary key) DO UPDATE`` of every other column given, the primary key
  read from the catalogue (``keys``);
- ``COLLATE NOCASE`` folds both sides with ``lower``; ``group_concat`` is ``string_agg``, ``ifnull`` is ``coalesce``, two-argument ``max``/``min`` are
  ``greatest``/``least``, ``instr`` is ``strpos``, and ``LIKE`` is ``ILIKE`` (SQLite's LIKE ignores case);
- a subquery in FROM or JOIN without a name gets one (PostgreSQL 15 requires it);
- ``a IS b`` / ``a IS NOT b`` between values are ``IS [NOT] DISTINCT FROM`` (SQLite's null-safe comparison);
- in ``CREATE TABLE`` and ``ALTER TABLE ... ADD COLUMN``: ``INTEGER PRIMARY KEY`` is an identity column (SQLite
  fills it in when it is left out), INTEGER is BIGINT (SQLite's integers are 64-bit), REAL is DOUBLE PRECISION
  (SQLite's are), BLOB is BYTEA, TEXT is ``TEXT COLLATE "C"`` (SQLite compares and sorts text by code point,
  and key ranges such as ``key >= 'aff:' AND key < 'aff;'`` depend on it), ``AUTOINCREMENT`` and ``WITHOUT
  ROWID`` go; every table gets a ``rowid`` column in insertion order, as SQLite's tables have (the store reads
  aliases and roles in the order they were written with ``ORDER BY rowid``).

What cannot be rewritten (FTS5 virtual tables, triggers) raises :class:`Untranslatable`: such a migration gets a
PostgreSQL version of its own in ``pg_tables.OVERRIDES``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping

ROWID = "rowid"


class Untranslatable(ValueError):
    """A statement only SQLite understands (a virtual table, a trigger)."""


_LITERAL = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/", re.S)
_MARK = "\x00{}\x00"
_MARKED = re.compile("\x00(\\d+)\x00")


def _mask(sql: str) -> tuple[str, list[str]]:
    """`sql` with its string literals and quoted names replaced by numbered marks (comments dropped), so the
    rewrites below never touch what is inside quotes."""
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        if m.group(0).startswith(("--", "/*")):
            return " "
        kept.append(m.group(0))
        return _MARK.format(len(kept) - 1)

    return _LITERAL.sub(keep, sql), kept


def _unmask(sql: str, kept: list[str], escape: bool) -> str:
    return _MARKED.sub(lambda m: kept[int(m.group(1))].replace("%", "%%") if escape else kept[int(m.group(1))],
                       sql)


def _args(sql: str, open_at: int) -> tuple[list[str], int]:
    """The top-level arguments of the call whose '(' is at `open_at`, and the index of its ')'."""
    depth, start, out = 0, open_at + 1, []
    for i in range(open_at, len(sql)):
        c = sql[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                out.append(sql[start:i])
                return out, i
        elif c == "," and depth == 1:
            out.append(sql[start:i])
            start = i + 1
    raise ValueError(f"unbalanced parentheses in {sql!r}")


def _calls(sql: str, name: str, rewrite: Callable[[list[str]], str | None]) -> str:
    """Rewrite every call of function `name` by `rewrite(args)` (None leaves a call as it is)."""
    pattern = re.compile(rf"\b{name}\s*\(", re.I)
    pos = 0
    while m := pattern.search(sql, pos):
        args, close = _args(sql, m.end() - 1)
        new = rewrite([a.strip() for a in args])
        if new is None:
            pos = m.end()
            continue
        sql = sql[:m.start()] + new + sql[close + 1:]
        pos = m.start() + len(new)
    return sql


_NOT_ALIAS = {"WHERE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "CROSS", "FULL", "NATURAL", "ON", "USING", "GROUP",
              "ORDER", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "HAVING", "WINDOW", "RETURNING"}


def _subquery_aliases(sql: str) -> str:
    """PostgreSQL before 16 wants a name for every subquery in FROM or JOIN, which SQLite does not."""
    out, pos, n = [], 0, 0
    for m in re.finditer(r"\b(FROM|JOIN)\s*\(\s*(SELECT|WITH|VALUES)\b", sql, re.I):
        if m.start() < pos:
            continue
        open_at = sql.index("(", m.start())
        _, close = _args(sql, open_at)
        after = re.match(r"\s*(\w+)?", sql[close + 1:])
        word = after.group(1) if after else None
        inner = _subquery_aliases(sql[open_at + 1:close])
        out.append(sql[pos:open_at + 1] + inner + ")")
        if not word or word.upper() in _NOT_ALIAS:
            n += 1
            out.append(f" AS _sub{n}")
        pos = close + 1
    out.append(sql[pos:])
    return "".join(out)


def _functions(sql: str) -> str:
    sql = _calls(sql, "group_concat", lambda a: f"string_agg({a[0]}, {a[1] if len(a) > 1 else repr(',')})")
    sql = _calls(sql, "ifnull", lambda a: f"COALESCE({', '.join(a)})")
    sql = _calls(sql, "instr", lambda a: f"strpos({', '.join(a)})")
    sql = _calls(sql, "max", lambda a: f"GREATEST({', '.join(a)})" if len(a) > 1 else None)
    sql = _calls(sql, "min", lambda a: f"LEAST({', '.join(a)})" if len(a) > 1 else None)
    # COLLATE NOCASE: both sides of a comparison folded, or the one expression it follows.
    sql = re.sub(r"([\w.]+)\s*(=|<>|!=)\s*(\?|:\w+|[\w.]+)\s+COLLATE\s+NOCASE\b", r"lower(\1) \2 lower(\3)", sql,
                 flags=re.I)
    sql = re.sub(r"([\w.]+)\s+COLLATE\s+NOCASE\b", r"lower(\1)", sql, flags=re.I)
    sql = re.sub(r"\bNOT\s+LIKE\b", "NOT ILIKE", sql, flags=re.I)
    sql = re.sub(r"(?<!NOT )\bLIKE\b", "ILIKE", sql, flags=re.I)
    sql = re.sub(r"\bIS\s+NOT\s+(?!NULL\b|TRUE\b|FALSE\b|DISTINCT\b)", "IS DISTINCT FROM ", sql, flags=re.I)
    sql = re.sub(r"\bIS\s+(?!NOT\b|NULL\b|TRUE\b|FALSE\b|DISTINCT\b)", "IS NOT DISTINCT FROM ", sql, flags=re.I)
    return sql


_TYPES = {"INTEGER": "BIGINT", "INT": "BIGINT", "REAL": "DOUBLE PRECISION", "FLOAT": "DOUBLE PRECISION",
          "DOUBLE": "DOUBLE PRECISION", "BLOB": "BYTEA", "TEXT": 'TEXT COLLATE "C"'}
_CONSTRAINT = re.compile(r"^\s*(PRIMARY|UNIQUE|CHECK|FOREIGN|CONSTRAINT)\b", re.I)


def _column(definition: str) -> str:
    """One column definition (name, type, constraints) with its type in PostgreSQL's words."""
    if _CONSTRAINT.match(definition):
        return definition
    m = re.match(r"^(\s*\S+\s+)(\w+)\b(\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?)?", definition, re.I)
    if not m:
        return definition
    kind = m.group(2).upper()
    if kind in ("INTEGER", "INT") and m.group(3):
        return m.group(1) + "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" + definition[m.end():]
    return m.group(1) + _TYPES.get(kind, m.group(2)) + definition[m.end(2):]


_CREATE_TABLE = re.compile(r"^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?([\w.]+)\s*\(", re.I)


def _create_table(sql: str) -> str:
    m = _CREATE_TABLE.match(sql)
    assert m
    _, close = _args(sql, m.end() - 1)
    body, rest = sql[m.end():close], sql[close + 1:]
    rest = re.sub(r"\bWITHOUT\s+ROWID\b", "", rest, flags=re.I)
    pk = re.search(r"(\w+)\s+INTEGER\s+PRIMARY\s+KEY", body, re.I)
    columns, _ = _args("(" + body + ")", 0)
    body = ",".join(_column(c) for c in columns)
    # SQLite's rowid: the INTEGER PRIMARY KEY itself where there is one, else a hidden counter.
    if pk:
        body += f",\n    {ROWID} BIGINT GENERATED ALWAYS AS ({pk.group(1)}) STORED"
    else:
        body += f",\n    {ROWID} BIGINT GENERATED ALWAYS AS IDENTITY"
    return sql[:m.end()] + body + ")" + rest


def _ddl(sql: str) -> str:
    if re.match(r"^\s*CREATE\s+(VIRTUAL\s+TABLE|TRIGGER|TEMP(ORARY)?\s+TRIGGER)\b", sql, re.I):
        raise Untranslatable(sql.strip().splitlines()[0])
    if _CREATE_TABLE.match(sql):
        return _create_table(sql)
    m = re.match(r"^\s*ALTER\s+TABLE\s+[\w.]+\s+ADD\s+(COLUMN\s+)?", sql, re.I)
    if m:
        return sql[:m.end()] + _column(sql[m.end():])
    return sql


_INSERT = re.compile(r"^\s*(INSERT\s+OR\s+(IGNORE|REPLACE)|REPLACE)\s+INTO\s+([\w.]+)\s*(\(([^)]*)\))?", re.I)


def _upsert(sql: str, keys: Callable[[str], list[str]]) -> str:
    m = _INSERT.match(sql)
    if not m:
        return sql
    verb, table, columns = (m.group(2) or "REPLACE").upper(), m.group(3), m.group(5)
    head = f"INSERT INTO {table}" + (f"({columns})" if columns else "")
    body = sql[m.end():].rstrip().rstrip(";")
    returning = ""
    r = re.search(r"\bRETURNING\b", body, re.I)
    if r:
        body, returning = body[:r.start()], " " + body[r.start():]
    if verb == "IGNORE":
        action = " ON CONFLICT DO NOTHING"
    else:
        key = keys(table)
        if not key or not columns:
            raise Untranslatable(f"INSERT OR REPLACE INTO {table}: needs a column list and a primary key")
        given = [c.strip().strip('"') for c in columns.split(",")]
        update = [c for c in given if c.lower() not in {k.lower() for k in key}]
        targets = ", ".join(f'"{k}"' for k in key)
        action = (f" ON CONFLICT ({targets}) DO UPDATE SET " + ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in update)
                  if update else f" ON CONFLICT ({targets}) DO NOTHING")
    return head + body + action + returning


def _placeholders(sql: str, named: bool) -> str:
    sql = sql.replace("%", "%%")
    if named:
        return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)
    return sql.replace("?", "%s")


def translate(sql: str, keys: Callable[[str], list[str]] = lambda table: [], *,
              params: object = None) -> str:
    """`sql` (one SQLite statement) as PostgreSQL runs it. `keys(table)` gives a table's primary key columns
    (for INSERT OR REPLACE); `params` are the parameters it will run with (their style decides the placeholders,
    and none means no placeholders and no doubled '%')."""
    masked, kept = _mask(sql)
    masked = _ddl(masked)
    masked = _upsert(masked, keys)
    masked = _functions(masked)
    masked = _subquery_aliases(masked)
    masked = re.sub(r"\bLIMIT\s+-1\b", "LIMIT ALL", masked, flags=re.I)
    has_params = params is not None and (bool(params) or isinstance(params, Mapping))
    if has_params:
        masked = _placeholders(masked, isinstance(params, Mapping))
    return _unmask(masked, kept, escape=has_params)
