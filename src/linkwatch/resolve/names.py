"""Transliteration-aware names: analysis, comparison and blocking keys.

Arabic, Urdu, Pashto and Persian names reach English news in many Latin
spellings (Qaddoumi / Qadoumi / al-Qadoumi / Kaddoumi; Fazl-ur-Rehman /
Fazlur Rehman). The scripts leave short vowels unwritten, so two spellings of
one name usually differ in vowels, doubled letters, a few letter pairs (q/k,
ee/i, ou/u) and connectors (al-, -ul-, -e-). The rules for those live in
``data/en/transliteration.json``, applied by linkwatch.text (:func:`~linkwatch.text.spelling`,
:func:`~linkwatch.text.skeleton`, shared with the extractor); this module compares names with
library tools: rigour for transliteration to ASCII and person prefixes, rapidfuzz
Jaro-Winkler and jellyfish's match-rating codex on the folded forms. (rigour's given-name
symbols were tried and left out: loading them costs seconds per process, and they tie
some distinct names together, e.g. Mehmood with Mohammad.)

A name becomes a :class:`NameForm`: its parts folded to one spelling. Two
forms are compared part by part (:func:`compare`); blocking keys
(:func:`index_keys`, :func:`query_keys`) are consonant skeletons of parts, so
candidates are found by index look-ups whatever the vowels.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations

import jellyfish
from rapidfuzz.distance import JaroWinkler
from rigour.names import remove_person_prefixes

from linkwatch.data import load, words
from linkwatch.resolve.name_words import MILITARY, collapse_military, collapse_ministry
from linkwatch.romanise import romanisations
from linkwatch.text import (
    cross_script_key,
    initials,
    skeleton,
    spelling,
    titles,
    tokens,
    transliteration,
    writing_script,
)

# Two parts whose similarity reaches this count as the same part. Set on the
# variant lists in tests/resolve/test_names.py: every listed variant pair scores
# >= 0.88, and different common given names (Khaled/Naji, Masood/Mahmood) < 0.85.
PART_MATCH = 0.85

# Two names in different scripts whose romanisations share their consonants (मसूद अजहर, مسعود اظہر,
# Masood Azhar: cross_script_key 'msdjr') score this, and no pair of names in two scripts scores more:
# it is below resolve.features.MERGE, so a merge across scripts also needs an agreeing fact (a shared
# group, place or role: issue 18), never the spelling alone. Short keys (three consonants or fewer)
# collide too often to count.
CROSS_SCRIPT = 0.81
MIN_CROSS_KEY = 4
CROSS_SCRIPT_KINDS = frozenset({"person", "organization"})  # places: the gazetteer's names decide
ROMANISED_FULL = 0.9  # a romanisation that matches this well is a spelling of the name (full-name variants)


# A faction marker ends an organisation's name: one capital letter or a Roman numeral after a hyphen,
# a space or in brackets (JUI-F, PML-N, ISIS-K, "Hizb-i-Islami (I)"). Two factions of one movement are
# two groups, so names whose markers differ never match; without this, a trailing "-I" read as the
# connector "i" vanished and the faction fell into its parent.
_FACTION = re.compile(r"(?:(?:[-\u2010-\u2014]\s*|\s*\(\s*)([A-Z])|[-\u2010-\u2014(\s]\s*([IVX]{2,4}))\s*[)'\"\u2019\u201d]*\s*$")


@dataclass(frozen=True)
class Rules:
    titles: frozenset[str]
    articles: frozenset[str]
    suffixes: tuple[str, ...]
    min_stem: int
    vowels: str
    # Per entity type, the spelt words that never carry a match alone: organisation words ('Islamic',
    # 'Front', 'Liberation', 'State'), region suffixes ('province'), a person's kunya and patronymic
    # particles ('Abu', 'bin'). Two names whose only shared parts are such words are two names.
    generic: dict[str, frozenset[str]] = field(default_factory=dict)
    # Per entity type, the spelt words a name may have or lack and stay one name: a place's region word
    # ('Sindh' / 'Sindh province'), a group's head noun ('Amaq' / 'Amaq Agency', 'Wagner' / 'Wagner Group').
    optional: dict[str, frozenset[str]] = field(default_factory=dict)
    # The words for 'Saint' before a name (St, San, Santa, Mar): one word in a place's or a body's name.
    saints: frozenset[str] = frozenset()
    # The names of one ministry of a state ('Foreign Office', 'Ministry of Foreign Affairs'), as tuples of
    # spelt words with the one word a group's name reads each as ('foreignministry'), longest first.
    ministries: tuple[tuple[tuple[str, ...], str], ...] = ()
    # A building's nouns ('hotel', 'prison'): a place's name with or without one is the building's name
    # ('Hotel Amarula' / 'the Amarula'), a match of kind "building" (no match with a gazetteer place).
    buildings: frozenset[str] = frozenset()
    # The endings of names of a state's armed forces ('army', 'armed forces', 'defence forces'), as tuples
    # of spelt words, longest first: one word ('armedforces') at the end of a group's name.
    military: tuple[tuple[str, ...], ...] = ()
    # A kunya in an oblique case ('Abi Hafsan', genitive of 'Abu Hafs'): its particles ('abi', 'aba'), the
    # case endings the name after it may carry, and the letters that must remain once one is cut.
    kunya_oblique: frozenset[str] = frozenset()
    kunya_citation: str = "abu"
    case_endings: tuple[str, ...] = ()
    case_min_stem: int = 4
    case_stem_refused_ends: str = ""


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The name vocabulary: the language's titles and transliteration rules (see linkwatch.text), and
    the generic words of names (data/en/names.json, place_patterns.json)."""
    t = transliteration()
    places = load("place_patterns.json")

    def spelt(ws: Iterable[str]) -> frozenset[str]:
        return frozenset(spelling(p) for w in ws for p in tokens(w) if spelling(p))

    generic = {
        "organization": spelt(words("names.json", "generic_name_words")) | {MILITARY}
        | spelt(load("names.json")["ministry_synonyms"]),
        "location": spelt([*places["region_suffixes"], *places["generic_suffixes"]]),
        "person": spelt(words("names.json", "name_particles") | words("names.json", "patronymics")),
    }
    optional = {"organization": spelt(words("names.json", "org_descriptors")),
                "location": spelt([*places["region_suffixes"], *places["generic_suffixes"]])}
    declined = load("names.json")["declined_kunya"]
    return Rules(titles=titles(), articles=t.articles, suffixes=t.suffixes, min_stem=t.min_stem, vowels=t.vowels,
                 military=tuple(sorted({tuple(spelling(w) for w in tokens(m)) for m in words("names.json",
                                                                                            "military_synonyms")},
                                       key=len, reverse=True)),
                 ministries=tuple(sorted(((tuple(spelling(w) for w in tokens(phrase) if w not in t.articles), token)
                                          for token, phrases in load("names.json")["ministry_synonyms"].items()
                                          for phrase in phrases), key=lambda x: -len(x[0]))),
                 buildings=spelt(words("names.json", "facility_words")),
                 kunya_oblique=frozenset(declined["particles"]), kunya_citation=declined["citation"],
                 case_endings=tuple(declined["case_endings"]),
                 case_min_stem=int(declined["min_stem"]), case_stem_refused_ends=declined["stem_not_ending_in"],
                 generic=generic, optional=optional, saints=frozenset(w for t in words("names.json", "saint_titles")
                                                                      for w in tokens(t)))


@lru_cache(maxsize=100_000)
def consonants(part: str) -> str:
    """The part without its vowels (a leading vowel kept as "a"): what Arabic script writes."""
    if not part:
        return ""
    v = rules().vowels
    return ("a" if part[0] in v else part[0]) + "".join(ch for ch in part[1:] if ch not in v)


@lru_cache(maxsize=100_000)
def vowel_pattern(part: str) -> str:
    """The part with each run of vowels replaced by one placeholder: Khaled = Khalid = kh*l*d."""
    return re.sub(f"[{rules().vowels}]+", "*", part)


@dataclass(frozen=True)
class NameForm:
    original: str
    kind: str  # entity type: person / organization / location / ...
    raw: tuple[str, ...]  # every part, titles and articles included (for the identical-name test)
    parts: tuple[str, ...]  # folded parts that identify: titles, articles and connectors gone
    fused: tuple[str, ...] | None = None  # the parts with glued connectors cut (Fazlur -> Fazl), if any
    faction: str | None = None  # an organisation's faction marker (JUI-F: "f"), kept out of `parts`

    def variants(self) -> list[NameForm]:
        """The form, and the form with glued connectors cut off. Both are tried, because a part
        ending like a connector may just be a name (Masud, Mansur, Rasul)."""
        return [self] if self.fused is None else [self, replace(self, parts=self.fused, fused=None)]

    @property
    def joined(self) -> str:
        return "".join(self.parts)

    @property
    def single(self) -> bool:
        return len(self.parts) == 1


@lru_cache(maxsize=100_000)
def analyse(name: str, kind: str = "person") -> NameForm:
    """Fold a surface name into comparable parts."""
    r = rules()
    text = name
    faction = None
    if kind != "person":
        found = _FACTION.search(name)
        if found and tokens(name[:found.start()]):
            faction, text = (found.group(1) or found.group(2)).lower(), name[:found.start()]
    if kind == "person":
        # Reference lists write "QADOUMI, Khaled": put the given name first.
        if text.count(",") == 1:
            family, given = text.split(",")
            text = f"{given} {family}"
        text = remove_person_prefixes(text)
    raw = tokens(text)
    parts = list(raw)
    if kind == "person":
        while len(parts) > 1 and parts[0] in r.titles:
            parts.pop(0)
    capitals = _capitalised_words(text)
    kept = [p for p in parts if p not in r.articles or p in capitals]
    parts = kept or parts
    if kind != "person":  # 'Mar Elias Church' is 'Saint Elias Church'; a last 'St' is a street
        parts = ["saint" if p in r.saints and i < len(parts) - 1 else p for i, p in enumerate(parts)]
    if kind == "organization" and len(parts) > 1:  # 'Mozambican army' is 'Mozambican Armed Forces'
        parts = collapse_military(parts, r.military)
        parts = collapse_ministry(parts, r.ministries)  # 'Foreign Office' is 'Ministry of Foreign Affairs'
    # A connector glued to a part that is not the last (Fazlur Rehman, Ziaul Haq) is cut off.
    cut = list(parts)
    if kind == "person":
        cut = _case_ending_cut(cut, r)
    for i, part in enumerate(cut[:-1]):
        for suffix in r.suffixes:
            if part.endswith(suffix) and len(part) - len(suffix) >= r.min_stem:
                cut[i] = part[: -len(suffix)]
                break
    folded = tuple(f for f in (spelling(p) for p in parts) if f)
    fused = tuple(f for f in (spelling(p) for p in cut) if f)
    return NameForm(name, kind, tuple(spelling(t) for t in raw), folded, fused if fused != folded else None, faction)


def _capitalised_words(text: str) -> set[str]:
    """Words written in capitals in a name that is not all capitals: 'US' and 'UN' are a country and a body
    ('US-led coalition', 'UN mission'), not the Arabic article of 'Ansar-us-Sunnah' or 'Hizb-un-Nasr'."""
    if text.isupper():
        return set()
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text) if len(w) > 1 and w.isupper()}


def _case_ending_cut(parts: list[str], r: Rules) -> list[str]:
    """A kunya in an oblique case in its citation form, the name after it without its Arabic case ending:
    'Abi Hafsan' (the genitive of 'Abu Hafs', as a sentence declines it) reads 'Abu Hafs' too. Only
    after an oblique particle: the citation form 'Abu Hasan' has no case ending to lose; a short stem
    stays whole, and so does a name whose own ending looks like one ('Abi Sufyan' is not 'Abu Sufy': a
    case ending follows a consonant, and names in -yan, -wan end in -an themselves)."""
    out = list(parts)
    for i, part in enumerate(parts[:-1]):
        if part not in r.kunya_oblique:
            continue
        name = parts[i + 1]
        for ending in r.case_endings:
            stem = name[: -len(ending)]
            if name.endswith(ending) and len(stem) >= r.case_min_stem and stem[-1] not in r.case_stem_refused_ends:
                out[i], out[i + 1] = r.kunya_citation, stem
                break
    return out


@lru_cache(maxsize=100_000)
def is_generic(part: str, kind: str) -> bool:
    """Whether a spelt part is one of the kind's generic words, in any spelling ('islamiyya', 'djihad')."""
    generic = rules().generic.get(kind, frozenset())
    if part in generic or kind != "organization" or len(part) < 4:
        return part in generic
    # Organisation words come transliterated many ways (islamiyya, jehad): the same consonants in the
    # same places. A person's particles and a place's region words are few and fixed, and 'Abdullah'
    # must not pass for 'Abdul', nor 'Hizballah' for 'Hizbul'.
    return any(vowel_pattern(part) == vowel_pattern(g) for g in generic if len(g) > 3)


@lru_cache(maxsize=200_000)
def part_similarity(a: str, b: str) -> float:
    """Similarity of two folded parts, 0..1."""
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:  # an initial: "K. Qaddoumi"
        return 0.8 if a[0] == b[0] else 0.0
    jw = JaroWinkler.normalized_similarity(a, b)
    # Same consonants in the same places, only the vowels differ: the usual transliteration drift.
    # At least two consonants, so Ali / Ala (different names) do not qualify.
    pattern = vowel_pattern(a)
    if pattern == vowel_pattern(b) and sum(ch != "*" for ch in pattern) >= 2:
        return max(jw, 0.92)
    # Same consonants, a vowel more or less (Fazl / Fazal): trust Jaro-Winkler. A consonant that
    # differs usually makes another name (Khalid / Khalil, Faisal / Fazal): discount it. (Metaphone
    # equality was tried here and dropped: it hears Faisal and Fazal alike.)
    score = jw if consonants(a) == consonants(b) else 0.9 * jw
    if not jellyfish.match_rating_comparison(a, b):
        score *= 0.95  # the match-rating codex, a phonetic check, disagrees
    return score


@dataclass
class NameMatch:
    """How two names compare, with the part alignment that explains it."""

    score: float
    # identical / full / building / subset / part / single / acronym / joined / partial / generic / faction /
    # romanised (two scripts, one romanisation) / none
    kind: str
    left: str = ""
    right: str = ""
    pairs: list[tuple[str, str, float]] = field(default_factory=list)

    def describe(self) -> str:
        aligned = ", ".join(f"{a}~{b} {s:.2f}" for a, b, s in self.pairs)
        return f"{self.left!r} vs {self.right!r}: {self.kind} {self.score:.2f}" + (f" ({aligned})" if aligned else "")


def acronyms(form: NameForm) -> set[str]:
    """Initials of a multi-part organisation name, with and without connectors (LeT, TTP, PMML)."""
    if len(form.raw) < 2:
        return set()
    # Spelt like any name part, so "PMML" (spelt "pml") meets the initials of its full name.
    return {spelling(a) for a in initials(form.raw) if len(a) >= 2}


def _looks_like_acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return 2 <= len(letters) <= 7 and " " not in name.strip() and sum(ch.isupper() for ch in letters) >= 2


def _consonant_count(part: str) -> int:
    vowels = rules().vowels
    return sum(ch not in vowels for ch in part)


def stem_similarity(a: str, b: str) -> float:
    """Two words of a group's or place's name that differ only in an English ending: a demonym, a plural
    or a possessive ('Rwandan' / 'Rwanda', 'Forces' / 'Force', "Mozambique's" / 'Mozambican'). Six
    letters in common at the start, and most of the shorter word, so 'Niger' is not 'Nigeria'."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return 0.88 if n >= 6 and n >= 0.65 * min(len(a), len(b)) else 0.0


def _align(short: tuple[str, ...], long: tuple[str, ...], kind: str = "person") -> list[tuple[int, int, float]]:
    """Greedy one-to-one alignment of parts by similarity (names have few parts); a person's name
    parts are names, a group's or place's are words (:func:`stem_similarity`)."""
    def sim(a: str, b: str) -> float:
        s = part_similarity(a, b)
        if kind == "person" or s >= PART_MATCH:
            return s
        # A word, not a transliterated name: a letter more or less is English spelling (Defence /
        # Defense), which the discount for a differing consonant (Khalid / Khalil) should not punish.
        jw = JaroWinkler.normalized_similarity(a, b) if min(len(a), len(b)) >= 6 else 0.0
        return max(s, stem_similarity(a, b), jw if jw >= 0.93 else 0.0)

    sims = sorted(((sim(a, b), i, j) for i, a in enumerate(short) for j, b in enumerate(long)), reverse=True)
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = []
    for s, i, j in sims:
        if s < PART_MATCH or i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        out.append((i, j, s))
    return out


def compare(a: NameForm, b: NameForm, acronyms: bool = True) -> NameMatch:
    """Compare two analysed names of the same kind (the best of their variants). With `acronyms`
    off, an acronym never matches a full name: across documents an acronym only means its expansion
    where a document or the reference list says so (three letters stand for many names)."""
    m = max((_compare(x, y, acronyms) for x in a.variants() for y in b.variants()), key=lambda m: m.score)
    m.left, m.right = a.original, b.original
    return m


def _compare(a: NameForm, b: NameForm, with_acronyms: bool = True) -> NameMatch:
    if not a.parts or not b.parts:
        return NameMatch(0.0, "none")
    if a.faction != b.faction:
        # JUI-F and JUI-S, ISIS-K and ISIS: factions of one movement are different groups.
        return NameMatch(0.3 if a.parts == b.parts else 0.0, "faction")
    multi = len(a.parts) > 1 and len(b.parts) > 1
    if a.parts == b.parts and (multi or a.kind != "person"):
        return NameMatch(1.0, "identical")
    if a.raw == b.raw and len(a.raw) > 1:  # "Hafiz Saeed" twice: identical even if the title left one part
        return NameMatch(1.0, "identical")
    if a.kind == "organization":
        for x, y in ((a, b), (b, a)):
            if x.single and _looks_like_acronym(x.original) and x.parts[0] in acronyms(y):
                return NameMatch(0.9 if with_acronyms else 0.0, "acronym" if with_acronyms else "acronym unseen")
    fused = _fused(a, b)
    if fused is not None:
        return fused
    short, long = (a.parts, b.parts) if len(a.parts) <= len(b.parts) else (b.parts, a.parts)
    aligned = _align(short, long, a.kind)
    pairs = [(short[i], long[j], round(s, 3)) for i, j, s in aligned]
    # A place name with or without its region word ('Sindh' / 'Sindh province'), a group's with or without
    # its head noun ('Amaq' / 'Amaq Agency') is one name; but a group named by generic words only keeps
    # its head noun ('Islamic Group' is not 'Islamic').
    optional = rules().optional.get(a.kind, frozenset())
    if a.kind == "organization" and all(is_generic(short[i], a.kind) for i, _, _ in aligned):
        optional = frozenset()
    building = a.kind == "location" and any(long[j] in rules().buildings for j in range(len(long))
                                            if j not in {j for _, j, _ in aligned})
    if building:
        optional = optional | rules().buildings
    rest = len(long) - sum(1 for j in range(len(long)) if long[j] in optional
                           and j not in {j for _, j, _ in aligned})
    if aligned and all(is_generic(short[i], a.kind) for i, _, _ in aligned):
        # Only generic words line up ('Islamic Front' / 'Islamic Liberation Front', 'Abu Qasim' /
        # 'Abu Hafs'): they name no one, so they carry no match. A name made of generic words only
        # (Ansar al-Islam, Harakat ul-Jihad al-Islami) is named by all of them: it matches only in full.
        distinctive = any(not is_generic(p, a.kind) and p not in optional for p in (*short, *long))
        if distinctive or len(aligned) < rest:
            return NameMatch(round(0.2 * len(aligned) / len(long), 3), "generic", pairs=pairs)
    if len(short) == 1:
        if not aligned:
            return NameMatch(0.0, "none")
        s = aligned[0][2]
        if a.kind != "person" and rest == 1:
            # A place or group named in one word is named in full: its spelling decides, but a group's
            # word of four letters or fewer written as an acronym (IS / ISI, HASM / HAMS) only matches itself.
            short_word = a.kind == "organization" and min(len(short[0]), len(long[aligned[0][1]])) <= 4 \
                and s < 1.0 and (_looks_like_acronym(a.original) or _looks_like_acronym(b.original))
            # A short word of two consonants leaves too little to tell a spelling from another word by
            # its vowels ('Sunna' / "Sina'a", 'Kuje' / 'Kuji'): only its own spelling names it.
            short_word = short_word or (s < 1.0 and min(len(short[0]), len(long[aligned[0][1]])) <= 4
                                        and min(_consonant_count(short[0]), _consonant_count(long[aligned[0][1]])) < 3)
            kind = "none" if short_word else "building" if building else "full"
            return NameMatch(0.0 if short_word else round(s, 3), kind, pairs=pairs)
        # One part alone (a surname, a mononym) is weak evidence: context has to carry the rest.
        return NameMatch(round(0.6 + 0.05 * s, 3), "single" if len(long) == 1 else "part", pairs=pairs)
    if len(aligned) == len(short):
        mean = sum(s for _, _, s in aligned) / len(aligned)
        score = mean * (0.85 + 0.15 * len(short) / rest)
        order = [j for _, j, _ in sorted(aligned)]
        if order != sorted(order):
            score *= 0.95  # "Ali Hassan" is not obviously "Hassan Ali"
        if len(short) == 2 and short[-1] == MILITARY and long[-1] == MILITARY \
                and len(long) - 2 not in {j for _, j, _ in aligned}:
            # 'Syrian forces' and 'Syrian Democratic Forces', 'Pakistan Army' and 'Pakistan Air Force': a
            # state's forces named by the state alone are not a name with a word of its own before the
            # forces word (a word before the shared ones is a parent's name: 'IRGC-Qods Force' is the
            # 'Qods Force').
            return NameMatch(round(0.7 * sum(s for _, _, s in aligned) / len(long), 3), "partial", pairs=pairs)
        kind = ("building" if building else "full") if len(short) == rest else "subset"
        return NameMatch(round(score, 3), kind, pairs=pairs)
    score = 0.7 * sum(s for _, _, s in aligned) / len(long)
    return NameMatch(round(score, 3), "partial" if aligned else "none", pairs=pairs)


def _fused(a: NameForm, b: NameForm) -> NameMatch | None:
    """Parts written fused in one name and apart in the other (Shahabuddin / Shahab-ud-Din)."""
    if len(a.parts) == len(b.parts) or skeleton(a.joined) != skeleton(b.joined) or len(skeleton(a.joined)) < 5 \
            or MILITARY in a.parts or MILITARY in b.parts:  # 'Pakistan Army' / 'Pakistan Air Force': not fused
        return None
    jw = JaroWinkler.normalized_similarity(a.joined, b.joined)
    return NameMatch(round(0.95 * jw, 3), "joined") if jw >= 0.85 else None


def best_match(left: Iterable[str], right: Iterable[str], kind: str, acronyms: bool = True) -> NameMatch:
    """The best-scoring pair of names between two sets of names."""
    best: NameMatch | None = None
    for x in dict.fromkeys(left):
        for y in dict.fromkeys(right):
            m = _compare_names(x, y, kind, acronyms)
            # On a tie the first pair stays, but a refusal with a reason beats a pair with none.
            if best is None or m.score > best.score or (m.score == best.score and best.kind == "none"):
                best = m
    return best or NameMatch(0.0, "none")


@lru_cache(maxsize=200_000)
def _compare_names(x: str, y: str, kind: str, acronyms: bool) -> NameMatch:
    """:func:`compare` by names, remembered: resolution meets the same pairs of names again and again
    (a shared NameMatch: callers read it, never change it)."""
    m = compare(analyse(x, kind), analyse(y, kind), acronyms)
    if kind in CROSS_SCRIPT_KINDS and writing_script(x) != writing_script(y):
        # Across scripts the spelling is never enough on its own, however close the romanisations.
        romanised = _romanised_match(x, y, kind)
        if romanised is not None:
            return romanised
        if m.score > CROSS_SCRIPT:
            return NameMatch(CROSS_SCRIPT, m.kind, m.left, m.right, m.pairs)
    return m


def _romanised_match(x: str, y: str, kind: str) -> NameMatch | None:
    """Two names in different scripts as one: a ranked Latin spelling of one (linkwatch.romanise) is a full
    match of the other's (or of one of its spellings), or else their cross-script consonant keys agree."""
    xs, ys = romanisations(x) or (x,), romanisations(y) or (y,)
    for a in xs:
        for b in ys:
            if compare(analyse(a, kind), analyse(b, kind), acronyms=False).score >= ROMANISED_FULL:
                return NameMatch(CROSS_SCRIPT, "romanised", x, y, [(a, b, CROSS_SCRIPT)])
    key = cross_script_key(x)
    if len(key) >= MIN_CROSS_KEY and key == cross_script_key(y):
        return NameMatch(CROSS_SCRIPT, "romanised", x, y, [(key, key, CROSS_SCRIPT)])
    return None


def profile_match(left: Iterable[str], right: Iterable[str], kind: str) -> NameMatch:
    """How the names of two things compare, as resolution weighs them: every name of each is a
    candidate; acronyms only match names they were seen with (:func:`compare`); and when both are
    people known by full names, the full names decide: a surname or given name they share does not
    make 'Abu Yasir Hassan' the 'Hussein' of another man's entry."""
    left, right = list(dict.fromkeys(left)), list(dict.fromkeys(right))
    if kind == "person":
        full_left, full_right = full_names(left), full_names(right)
        if full_left and full_right:
            return best_match(full_left, full_right, kind, acronyms=False)
    return best_match(left, right, kind, acronyms=False)


def full_names(names: Iterable[str]) -> list[str]:
    """A person's full names: names of two parts or more that are not part of another of the names
    ('al-Hashimi al-Qurashi' is part of 'Abu Hasan al-Hashimi al-Qurashi', and names every caliph)."""
    multi = [n for n in dict.fromkeys(names) if len(analyse(n, "person").parts) > 1]
    return [n for n in multi if not any(within(n, m, "person") for m in multi)]


@lru_cache(maxsize=100_000)
def within(short: str, long: str, kind: str) -> bool:
    """Every part of `short` is one of `long`'s, and `long` has more."""
    a, b = analyse(short, kind), analyse(long, kind)
    return len(a.parts) < len(b.parts) and compare(a, b).kind in ("subset", "part", "single")


def _skeletons(form: NameForm) -> list[str]:
    out = []
    for p in form.parts:
        s = skeleton(p)
        out.append(s if len(s) >= 2 else p)
    return out


def _pairs(form: NameForm, kind: str) -> set[str]:
    """Two-part keys by consonant skeleton, so vowel drift in either part still meets; and by the
    skeletons' letters in any order, so a slip of the keys does too ('Cabo Degaldo' / 'Cabo Delgado':
    the letters are the same, their order is not, and the spelling alone still decides the match)."""
    sk = _skeletons(form)
    keys = {f"s2:{kind}:{x}|{y}" for x, y in (sorted(p) for p in combinations(set(sk), 2))}
    letters = {"".join(sorted(s)) for s in sk}
    keys |= {f"t2:{kind}:{x}|{y}" for x, y in (sorted(p) for p in combinations(letters, 2))}
    return keys


def index_keys(name: str, kind: str) -> set[str]:
    """Keys an entity is filed under for each of its names."""
    return {k for form in analyse(name, kind).variants() for k in _index_keys(form, name, kind)}


def _index_keys(form: NameForm, name: str, kind: str) -> set[str]:
    if not form.parts:
        return set()
    sk = _skeletons(form)
    keys = {f"n:{kind}:{' '.join(form.parts)}", f"j:{kind}:{skeleton(form.joined)}"}
    keys |= {f"s:{kind}:{s}" for s in sk}
    if len(sk) > 1:
        keys |= _pairs(form, kind)
    else:
        keys.add(f"solo:{kind}:{sk[0]}")
    if kind == "organization":
        keys |= {f"a:{kind}:{a}" for a in acronyms(form)}
        if _looks_like_acronym(name):
            keys.add(f"a:{kind}:{form.parts[0]}")
    return keys | _cross_keys(name, kind)


def _cross_keys(name: str, kind: str, query: bool = False) -> set[str]:
    """The keys a name shares with its spellings in other scripts: the cross-script consonant key, filed and
    asked for by every name, and a script name's Latin spellings' own keys, so an Urdu report finds the node
    an English one made, and the other way round."""
    if kind not in CROSS_SCRIPT_KINDS:
        return set()
    key = cross_script_key(name)
    keys = {f"x:{kind}:{key}"} if len(key) >= MIN_CROSS_KEY else set()
    for spelt in romanisations(name):
        form = analyse(spelt, kind)
        keys |= _query_keys(form, spelt, kind) if query else _index_keys(form, spelt, kind)
    return keys


def query_keys(name: str, kind: str) -> set[str]:
    """Keys to look candidates up by. A multi-part name asks for entities sharing two parts
    (or a single-part entity sharing one); a single part asks for every entity holding it.
    Keeping multi-part queries off the one-part keys keeps blocks small as the store grows."""
    return {k for form in analyse(name, kind).variants() for k in _query_keys(form, name, kind)}


def _query_keys(form: NameForm, name: str, kind: str) -> set[str]:
    if not form.parts:
        return set()
    sk = _skeletons(form)
    keys = {f"n:{kind}:{' '.join(form.parts)}", f"j:{kind}:{skeleton(form.joined)}"}
    if len(sk) > 1:
        keys |= _pairs(form, kind)
        keys |= {f"solo:{kind}:{s}" for s in sk}
    else:
        keys.add(f"s:{kind}:{sk[0]}")
    if kind == "organization":
        keys |= {f"a:{kind}:{a}" for a in acronyms(form)}
        if _looks_like_acronym(name):
            keys.add(f"a:{kind}:{form.parts[0]}")
    return keys | _cross_keys(name, kind, query=True)


def display_name(name: str, kind: str) -> str:
    """A name as shown for an entity: titles dropped from a person's name ("Dr. Khaled Qaddoumi"
    shows as "Khaled Qaddoumi"), spacing tidied."""
    text = " ".join(name.split())
    if kind != "person":
        return text
    words = text.split(" ")
    r = rules()
    while len(words) > 2 and tokens(words[0]) and all(t in r.titles for t in tokens(words[0])):
        words.pop(0)
    return " ".join(words)


def natural_key(name: str, kind: str) -> str:
    """The folded form entity ids are derived from."""
    form = analyse(name, kind)
    return " ".join(form.parts) or " ".join(tokens(name)) or name.casefold()
