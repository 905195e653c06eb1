"""Which listed group a name shared by two groups means, read from the country a document is about.

One name can belong to two organisations: 'al-Shabaab' is the Somali movement's name and also what the
insurgents in Mozambique's Cabo Delgado are called locally. The reference list says so by an alias of
the form '<name> in <country>' ('Al-Shabaab in Mozambique', an a.k.a. of ISIS-Mozambique): in that
country the bare name means that group. The extractor keys a mention by its spelling alone, so the
resolver re-reads the key against the document's countries: a mention keyed to group A whose name the
list also gives, qualified by one of the document's countries, to exactly one other group B, is B's.
A name the list qualifies by several countries is a brand a movement's branches share ('Islamic State in
Somalia', 'Islamic State in Yemen'): alone it names the movement, and its key stays.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from functools import lru_cache

from linkwatch.model import LocalEntity
from linkwatch.model.reference import organisations
from linkwatch.resolve.names import natural_key
from linkwatch.resolve.places import Gazetteer

_QUALIFIED = re.compile(r"^(?P<name>.*\S)\s+in\s+(?:the\s+)?(?P<place>\S.*)$", re.IGNORECASE)


@lru_cache(maxsize=4)
def _qualified(gazetteer: Gazetteer) -> dict[tuple[str, str], frozenset[str]]:
    """(folded name, country code) -> the keys of the groups the list calls '<name> in <country>'."""
    out: dict[tuple[str, str], set[str]] = {}
    for org in organisations():
        for name in org.names():
            found = _QUALIFIED.match(name)
            country = gazetteer.country_of_name(found["place"]) if found else None
            if found and country:
                out.setdefault((natural_key(found["name"], "organization"), country), set()).add(org.key)
    # A name the list qualifies by several countries ('Islamic State in Somalia', '... in Yemen', 'al-Qaida in
    # Iraq', '... in Syria') is a movement's brand, which its branches keep: alone it still means the parent.
    countries: dict[str, set[str]] = {}
    for name, country in out:
        countries.setdefault(name, set()).add(country)
    return {k: frozenset(v) for k, v in out.items() if len(countries[k[0]]) == 1}


def regional_key(local: LocalEntity, countries: Collection[str], gazetteer: Gazetteer) -> tuple[LocalEntity, str | None]:
    """`local` keyed to the group its name means in the document's countries (see the module's note),
    with a note of why; unchanged, and no note, when nothing in the list qualifies its name by them."""
    if local.type != "organization" or not local.key or not countries:
        return local, None
    table = _qualified(gazetteer)
    names = [n for n in dict.fromkeys([local.name, *local.aliases]) if n.strip()]
    found = {(k, c) for n in names for c in countries
             for k in table.get((natural_key(n, "organization"), c), ()) if k != local.key}
    if len({k for k, _ in found}) != 1:
        return local, None
    key = next(iter(found))[0]
    where = ", ".join(sorted(c for _, c in found))
    return replace(local, key=key), (f"the list keys this name to {local.key}, but names {key} by it in "
                                     f"{where}, a country this document is about")
