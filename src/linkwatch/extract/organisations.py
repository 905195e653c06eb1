"""The index the gazetteer matches designated organisations against.

The organisations themselves (canonical names, each alias with the list it came from, links
between them) come from linkwatch.model.reference, the one reader of the reference list.
`OrgIndex` turns their aliases into lookup keys for the extractor.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from linkwatch.data import words
from linkwatch.model.reference import Organisation, organisations
from linkwatch.text import fold, skeleton, transliteration

# A word in the names of this many organisations is a common name part, not a name ('Islamic', 'Army').
# Chosen on the OFAC-derived list: 'Hizballah' is in 3 names (kept: it is the group's own name), while
# 'Offshore', 'Holding', 'Martyrs' and 'Al' are in 3 to 166; two is too few ('Lashkar': LeT and LeJ,
# which is ambiguity that the document can settle, not a common word).
GENERIC_SPREAD = 3
# Skeletons shorter than this collide between unrelated words ('Hamas'/'Homs' -> 'hms'),
# so only longer ones are trusted. Chosen on the OFAC list: at 6, no two organisations share one.
MIN_SKELETON = 6


def is_acronym(name: str) -> bool:
    """'LeT', 'TTP', 'ISIS-K': one token of capitals, maybe with lower-case connector letters."""
    return bool(re.fullmatch(r"[A-Z][A-Za-z]{0,2}[A-Z][A-Za-z]{0,3}(-[A-Z])?|[A-Z]{2,6}(-[A-Z]{1,3})?", name)) \
        and sum(c.isupper() for c in name) >= 2


@dataclass
class AliasEntry:
    """What one lookup key can mean."""

    org_ids: set[str] = field(default_factory=set)
    acronym: bool = False
    # A short or guessed acronym ('HM', 'LiT') names the group only where the document
    # also names it in full; elsewhere 'HM' is as likely the Home Minister.
    needs_support: bool = False


class OrgIndex:
    """Lookup keys for every alias: folded form, consonant skeleton, and first word.

    The first word of a transliterated name ('Jaish' of 'Jaish-e-Mohammed') is a
    *partial* key: it names the group only when unambiguous, in the document or in the data."""

    def __init__(self, orgs: tuple[Organisation, ...] | None = None) -> None:
        self.orgs = {o.id: o for o in (orgs if orgs is not None else organisations())}
        self.exact: dict[str, AliasEntry] = defaultdict(AliasEntry)
        self.skeletons: dict[str, set[str]] = defaultdict(set)
        self.partials: dict[str, set[str]] = defaultdict(set)
        self.prefixes: dict[str, set[str]] = defaultdict(set)
        self.surface: dict[str, list[str]] = defaultdict(list)  # org id -> every written form
        self.name_words = self._name_words()
        self.generic_words = words("names.json", "generic_name_words")
        # A name built with an izafat connector has a first word the press uses alone ('Lashkar', 'Jaish').
        self.izafat = transliteration().izafat
        for org in self.orgs.values():
            for name, derived in [(org.name, False)] + [(a.name, a.derived) for a in org.aliases]:
                if not self._generic_alias(org, name, derived):
                    self._add(org.id, name, derived)

    def _name_words(self) -> dict[str, set[str]]:
        """For each word, the organisations with a name of several words that contains it."""
        out: dict[str, set[str]] = defaultdict(set)
        for org in self.orgs.values():
            for name in org.names():
                parts = fold(name).split()
                if len(parts) > 1:
                    for w in parts:
                        out[w].add(org.id)
        return out

    def generic(self, word: str) -> bool:
        """A word that, alone, names no one group: a hand-kept list of words meaning 'society',
        'movement', 'army' ('Jamiat', 'Tehreek', 'Front'), and, from the data, any word that is part of
        the names of GENERIC_SPREAD or more organisations ('Islamic', 'Martyrs', 'Al')."""
        key = fold(word)
        return key in self.generic_words or len(self.name_words.get(key, ())) >= GENERIC_SPREAD

    def _generic_alias(self, org: Organisation, name: str, derived: bool) -> bool:
        """A one-word alias that is a common word ('Egypt', 'Offshore', 'Martyrs' in OFAC's a.k.a.
        lists) would tag every use of the word as the group. An organisation's own canonical name and
        hand-kept aliases are trusted ('Hamas', 'Taliban', 'Hizballah' appear in other groups' names too)."""
        if len(fold(name).split()) != 1 or is_acronym(name) or name == org.name:
            return False
        hand_kept = not derived and not any(a.name == name and a.bulk for a in org.aliases)
        if hand_kept:
            return False
        key = fold(name)
        others = self.name_words.get(key, set()) - {org.id}
        return key in self.generic_words or len(others) >= GENERIC_SPREAD

    def _add(self, org_id: str, name: str, derived: bool) -> None:
        key = fold(name)
        if not key:
            return
        self.surface[org_id].append(name)
        entry = self.exact[key]
        entry.org_ids.add(org_id)
        if is_acronym(name):
            entry.acronym = True
            letters = sum(c.isalpha() for c in name)
            mixed = any(c.islower() for c in name)
            if derived or (letters <= 3 and not mixed) or letters <= 2:
                entry.needs_support = entry.needs_support or not self._sourced_acronym(org_id, key)
            return
        sk = skeleton(name)
        if len(sk) >= MIN_SKELETON:
            self.skeletons[sk].add(org_id)
        words_ = key.split()
        for n in range(2, len(words_)):
            self.prefixes[" ".join(words_[:n])].add(org_id)
        parts = re.split(r"[\s\-]+", name)
        if len(parts) >= 3 and parts[1].lower() in self.izafat and len(parts[0]) >= 4:
            self.partials[fold(parts[0])].add(org_id)

    def _sourced_acronym(self, org_id: str, key: str) -> bool:
        """An acronym a hand-kept list names (not OFAC's bare two letters) stands on its own."""
        org = self.orgs[org_id]
        return any(fold(a.name) == key and not a.derived and not a.bulk for a in org.aliases)

    def lookup(self, text: str) -> tuple[set[str], AliasEntry | None]:
        """Organisations `text` names exactly (by folded key) or by skeleton."""
        key = fold(text)
        entry = self.exact.get(key)
        if entry is not None and entry.org_ids:
            return set(entry.org_ids), entry
        sk = skeleton(text)
        if len(sk) >= MIN_SKELETON and sk in self.skeletons:
            return set(self.skeletons[sk]), None
        return set(), None

    def partial(self, text: str) -> set[str]:
        return set(self.partials.get(fold(text), ()))

    def prefixed(self, text: str) -> set[str]:
        """Organisations with a listed name that starts with these words and goes on
        ('Islamic State Khorasan' of 'Islamic State Khorasan Province'): for extending a match."""
        return set(self.prefixes.get(fold(text), ()))


@lru_cache(maxsize=1)
def default_index() -> OrgIndex:
    """The index of the organisation data file, compiled into the user's cache on first use (linkwatch.cache):
    folding and skeletonising every alias costs a second at each start-up otherwise."""
    import sys

    from linkwatch import data
    from linkwatch.cache import Part, compiled, model_modules

    sources: list[Part] = [data.contents(), sys.modules[__name__], *model_modules()]
    return compiled("orgindex", sources, OrgIndex)
