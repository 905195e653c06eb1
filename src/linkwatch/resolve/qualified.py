"""A body's name that names no one body alone takes its state from the possessive before it.

"Pakistan's Ministry of Foreign Affairs", "Mozambique's army": the extractor names the entity without the
possessive, and 'Ministry of Foreign Affairs' alone is every state's (its words are all generic:
names.json generic_name_words, ministry_synonyms). Where the text puts a country's possessive right before
such a name, the resolver files the qualified name ('Pakistan Ministry of Foreign Affairs'), which
matches that country's other names for it ('Pakistan Foreign Office') and no other country's; when every
mention is so qualified, by one country, the bare name is not filed at all.
"""
from __future__ import annotations

import re
from dataclasses import replace

from linkwatch.model import DocExtraction, Document, LocalEntity
from linkwatch.resolve.name_words import collapse_ministry
from linkwatch.resolve.names import analyse, is_generic, rules
from linkwatch.resolve.places import Gazetteer
from linkwatch.text import spelling

_POSSESSIVE = re.compile(r"\b([A-Z][\w-]+(?: [A-Z][\w-]+)?)['\u2019]s\s+$")
LOOK_BACK = 40  # characters before a mention searched for the possessive


def qualify(locals_: list[LocalEntity], extraction: DocExtraction, doc: Document,
            gazetteer: Gazetteer) -> list[LocalEntity]:
    """The document's entities, a generic body's name with the state the text gives it added."""
    out = []
    for local in locals_:
        if local.type != "organization" or local.key or local.generic or not generic_body(local.name):
            out.append(local)
            continue
        added: list[str] = []
        states: set[str | None] = set()
        for m in extraction.mentions:
            if m.ref != local.ref:
                continue
            found = _POSSESSIVE.search(doc.text[max(0, m.start - LOOK_BACK):m.start])
            state = gazetteer.country_of_name(found[1]) if found else None
            states.add(state)
            if found and state:
                added.append(f"{found[1]} {m.text}")
        added = list(dict.fromkeys(added))
        if not added:
            out.append(local)
        elif len(states) == 1:
            # Every mention names the state: the bare name ('Ministry of Foreign Affairs', every state's)
            # is no name of this body to be matched by.
            out.append(replace(local, name=added[0], aliases=[a for a in added[1:] if a != added[0]]))
        else:
            out.append(replace(local, aliases=[*local.aliases, *(a for a in added if a not in local.aliases)]))
    return out


def generic_body(name: str) -> bool:
    """A group's name made of generic words only, a ministry's name read as one word ('Ministry of Foreign
    Affairs', 'the army'): it names no one body until the text says whose it is."""
    parts = collapse_ministry(list(analyse(name, "organization").parts), rules().ministries, alone=True)
    return bool(parts) and all(is_generic(spelling(p), "organization") for p in parts)
