"""Where an exported place is: the facts every exporter writes about a location entity.

One answer for STIX, FollowTheMoney and the map's neighbours: what resolution recorded for the place
(store.places) first, else the resolver's own gazetteer (resolve.places: GeoNames cities and countries,
and data/places.json's provinces, districts, macro-regions and seas, each by a term some source uses).
Nothing is guessed: a name no gazetteer knows has no country, coordinates or region.

The region is the UN M49 (sub-)region as STIX 2.1's region-ov spells it: a place in a country takes its
country's (rigour's territory table names it), a place in no one country (a sea, the Sahel) takes the
one places.json gives it, if any.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from linkwatch import data
from linkwatch.model import Entity
from linkwatch.resolve.places import gazetteer


@dataclass(frozen=True)
class PlaceFacts:
    country: str | None = None  # ISO 3166 alpha-2
    lat: float | None = None
    lon: float | None = None
    region: str | None = None  # STIX region-ov
    feature: str | None = None  # city, country, region, district, town, sea
    source: str | None = None  # "resolution" or "gazetteer", for the export's description

    @property
    def known(self) -> bool:
        return bool(self.country or self.region or (self.lat is not None and self.lon is not None))


@cache
def region_ov() -> frozenset[str]:
    return frozenset(data.load("stix_regions.json")["region_ov"])


def _slug(name: str | None) -> str | None:
    return re.sub(r"[^a-z]+", "-", name.casefold()).strip("-") if name else None


@cache
def country_region(iso: str) -> str | None:
    """The STIX region of a country: its UN M49 sub-region, else its region, else None."""
    from rigour.territories import get_territory

    t = get_territory(iso.lower())
    if t is None:
        return None
    for name in (t._subregion, t._region):  # rigour keeps M49 names only as these attributes
        slug = _slug(name)
        if slug and slug.replace("-and-", "-") in region_ov():  # "Australia and New Zealand"
            return slug.replace("-and-", "-")
    return None


def locate(entity: Entity, recorded: dict[str, Any] | None) -> PlaceFacts:
    """What is known of where a location entity is; `recorded` is its store.places row, if any."""
    found = gazetteer().locate(entity.key, [entity.name, *(a.name for a in entity.aliases)])
    if recorded and (recorded.get("lat") is not None or recorded.get("country")):
        country = recorded.get("country") or None
        lat, lon, source = recorded.get("lat"), recorded.get("lon"), "resolution"
        feature = recorded.get("feature")
    elif found is not None:
        country, lat, lon, feature, source = found.country, found.lat, found.lon, found.feature, "gazetteer"
    else:
        return PlaceFacts()
    region = country_region(country) if country else (found.un_region if found is not None else None)
    if region not in region_ov():
        region = None
    return PlaceFacts(country, lat, lon, region, feature, source)
