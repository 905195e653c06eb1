"""Phrases a name is read as one word by: the names the press gives one state's armed forces ('army',
'armed forces', 'defence force': names.json military_synonyms) and one ministry ('Foreign Office',
'Ministry of Foreign Affairs': ministry_synonyms). :func:`linkwatch.resolve.names.analyse` applies them to
a group's name, so 'Mozambican army' and "Mozambique's Armed Forces", 'Pakistan Foreign Office' and
'Pakistan Ministry of Foreign Affairs' are one name.
"""
from __future__ import annotations

from linkwatch.text import spelling

MILITARY = "armedforces"  # the one word a state's armed forces' names are read as


def collapse_military(parts: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    """The parts with every phrase for a state's armed forces ('army', 'armed forces', 'defence force')
    made one word, longest phrase first."""
    spelt = [spelling(p) for p in parts]
    out: list[str] = []
    i = 0
    adjective = spelling("military")  # a noun only at the end: 'Military Intelligence' is no army
    while i < len(parts):
        found = next((len(ph) for ph in phrases if tuple(spelt[i:i + len(ph)]) == ph
                      and (ph != (adjective,) or i == len(parts) - 1)), 0)
        out.append(MILITARY if found else parts[i])
        i += found or 1
    return out if len(out) > 1 else parts


def collapse_ministry(parts: list[str], phrases: tuple[tuple[tuple[str, ...], str], ...], alone: bool = False) -> list[str]:
    """The parts with every name of a ministry made the one word its group of names is read as, when the
    name says whose ministry it is ('Pakistan Foreign Office'; with `alone`, also a bare one): every state
    has a 'Ministry of Foreign Affairs', and a bare one keeps its own words."""
    spelt = [spelling(p) for p in parts]
    out: list[str] = []
    i = 0
    while i < len(parts):
        found = next(((len(ph), token) for ph, token in phrases if tuple(spelt[i:i + len(ph)]) == ph), None)
        out.append(found[1] if found else parts[i])
        i += found[0] if found else 1
    return out if len(out) > 1 or alone else parts
