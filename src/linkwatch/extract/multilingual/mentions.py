"""Names in Urdu, Hindi and Arabic text: known groups and places, acronyms, and persons after a cue.

The steps, each longest-first from left to right, a token taken by one step never re-read by a later:

1. known names (:mod:`.names`): exact names of places and groups in the script, then romanised
   matches against the reference list, then acronyms spelt in letter names, then Latin words;
2. persons: a name is the words after a title (مولانا, मौलाना, الشيخ), a noun of office (الشرطي) or a
   role noun (سربراہ, प्रमुख, القيادي), up to three, stopping at a function word, a cue, a known name
   or punctuation; where nothing stops it, the longest part of it that the document repeats;
3. every other occurrence of a person's name in the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from linkwatch.extract.multilingual.lexicon import Lexicon, Token
from linkwatch.extract.multilingual.names import MAX_WORDS, Known, NameIndex
from linkwatch.text import cross_script_key, fold

_LATIN = re.compile(r"[A-Za-z]+")
_JOIN = re.compile(r"[\s\-\u200c\u200d]*")  # what may stand between the words of one name
_QUOTES_OPEN = "\"'«“‘„"
_QUOTES_CLOSE = "\"'»”’"
_DEVANAGARI = re.compile("[\u0900-\u097f]")
LONG_WORD = 7  # characters of a Devanagari word (vowel signs included) that a group's one-word name has
CITY_ALONE = 1_000_000  # people of a town whose alternate name counts alone (see _supported)
MAX_NAME_WORDS = 3  # words of a person's name read after a cue where nothing ends it earlier
_PLURAL_OBLIQUE = ("\u06cc\u0646", "\u0648\u0646")  # Arabic sound plural: -ين (oblique), -ون (nominative)


@dataclass
class Found:
    first: int  # first token
    last: int  # last token (inclusive)
    start: int  # character offsets in the text
    end: int
    type: str  # organization / location / person
    key: str | None  # reference key when known
    name: str  # how the text writes it
    canonical: str | None = None  # the reference name (English) when known, or a Latin acronym
    marked: bool = True  # False: a short romanised key the text does not mark as a group (see names.py)
    country: str | None = None  # a place's country
    city: bool = False  # a place found by a GeoNames city's alternate name
    population: int = 0
    core: str | None = None  # a person's name without its titles: the person's identity in the document
    alternatives: tuple[Known, ...] = ()  # regions that share the name, for the document's countries to settle


def _joined(text: str, tokens: list[Token], i: int, n: int) -> bool:
    """Whether tokens i..i+n-1 are written as one name: only spaces, hyphens or joiners between them."""
    return all(_JOIN.fullmatch(text[tokens[j].end:tokens[j + 1].start]) for j in range(i, i + n - 1))


def _start(tok: Token, bare: bool) -> int:
    return tok.start + (tok.clitic if bare else 0)


def known_names(text: str, tokens: list[Token], lex: Lexicon, ix: NameIndex) -> list[Found]:
    found: list[Found] = []
    i = 0
    while i < len(tokens):
        # The longest reading wins ('جموں وکشمیر' the region over 'جموں' a town); on a tie, the order here.
        hits = [h for h in (_exact(text, tokens, i, ix, lex), _romanised(text, tokens, i, lex, ix),
                            _region(text, tokens, i, lex, ix), _acronym(text, tokens, i, lex, ix),
                            _latin(text, tokens, i, ix), _named(text, tokens, i, lex),
                            _after_place(text, tokens, i, lex)) if h]
        hit = max(hits, key=lambda h: h.last, default=None) if hits else None
        if hit is not None:
            hit = next(h for h in hits if h.last == hit.last)
        if hit and hit.type == "location" and lex.any_cue(tokens, hit.first) and hit.last == hit.first:
            hit = None  # a cue word that is also some town's name ('مدينة', 'خبر') is the word
        if hit:
            found.append(hit)
            i = hit.last + 1
        else:
            i += 1
    found = _supported(found, tokens, lex, ix)
    return found + _partials(text, tokens, lex, ix, found)


def _arabic_forms(word: str) -> list[str]:
    """The plural a group's name is written in, from the other forms of the same noun: the oblique
    plural (الحوثيين -> الحوثيون) and the adjective of relation, masculine, feminine or with the
    accusative ending (الحوثي, الحوثية, حوثيا -> الحوثيون), with and without the article."""
    stem = word[:-2] if word.endswith(_PLURAL_OBLIQUE) else word.removesuffix("\u0627").removesuffix("\u0647")
    if not stem.endswith("\u06cc"):
        return []
    forms = [stem + _PLURAL_OBLIQUE[1]]
    return forms + ["\u0627\u0644" + f for f in forms if not f.startswith("\u0627\u0644")]


def _supported(found: list[Found], tokens: list[Token], lex: Lexicon, ix: NameIndex) -> list[Found]:
    """Drop what the document does not support. A short romanised key counts where the same words are
    marked as a group elsewhere in the document. A town matched by one of its GeoNames alternate names
    counts in a country the document names, after a place noun, with the word for 'in' beside it, or
    when it is a city of a million people
    or more (whose country then counts too): alternate names of small towns are often common words of the script ('اور', 'and')."""
    marked = {"".join(t.key for t in tokens[f.first:f.last + 1]) for f in found if f.marked}
    countries = {f.country for f in found if f.key and f.key.startswith("geonames:") and f.country
                 and (not f.city or f.population >= CITY_ALONE)}
    out = []
    for f in found:
        words = "".join(t.key for t in tokens[f.first:f.last + 1])
        if not f.marked and words not in marked:
            continue
        if f.city and f.population < CITY_ALONE and f.country not in countries and not _after_place_noun(
                tokens, f.first, lex) and not locative(tokens, f, lex):
            continue
        if len(f.alternatives) > 1:
            pick = next((r for r in f.alternatives if r.country in countries), f.alternatives[0])
            f.key, f.canonical, f.country = pick.key, pick.name, pick.country
        out.append(f)
    return out


def locative(tokens: list[Token], f: Found, lex: Lexicon) -> bool:
    """Whether the word for 'in' stands beside the name ('कंधार में', 'في الخليل'): it is a place there."""
    after = tokens[f.last + 1].key if f.last + 1 < len(tokens) else ""
    before = tokens[f.first - 1].key if f.first > 0 else ""
    return after in lex.locative_after or before in lex.locative_before


def _after_place_noun(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    return any((m := lex.place_nouns.match(tokens, i - n, i)) and m[0] == n for n in (1, 2) if i - n >= 0)


def _partials(text: str, tokens: list[Token], lex: Lexicon, ix: NameIndex, found: list[Found]) -> list[Found]:
    """The first word of a group's izafat name used alone ('جیش' for Jaish-e-Mohammed), where the
    document names that group in full."""
    orgs = {f.key for f in found if f.type == "organization" and f.key}
    taken = {t for f in found for t in range(f.first, f.last + 1)}
    out = []
    for tok in tokens:
        if tok.i in taken or lex.any_cue(tokens, tok.i) or _LATIN.fullmatch(tok.text):
            continue
        keys = ix.lookup_partial(tok.text) & orgs
        # A first word alone names the group next to a role noun ('جیش سرغنہ') or after an organisation noun.
        beside = lex.roles.match(tokens, tok.i + 1) or _marked(text, tokens, tok.i, tok.start, tok.end, lex)
        if len(keys) == 1 and beside:
            key = next(iter(keys))
            out.append(Found(tok.i, tok.i, tok.start, tok.end, "organization", key, tok.text, ix.orgs[key].name))
    return out


def _region(text: str, tokens: list[Token], i: int, lex: Lexicon, ix: NameIndex) -> Found | None:
    if _LATIN.fullmatch(tokens[i].text) or lex.any_cue(tokens, i):
        return None
    for n in range(min(4, len(tokens) - i), 0, -1):
        last = tokens[i + n - 1]
        if not _joined(text, tokens, i, n) or last.key in lex.function_words:
            continue
        regions = ix.lookup_region(text[tokens[i].start:last.end])
        if regions:
            known = regions[0]
            return Found(i, i + n - 1, tokens[i].start, last.end, "location", known.key,
                         text[tokens[i].start:last.end], known.name, country=known.country, alternatives=regions)
    return None


def _after_place(text: str, tokens: list[Token], i: int, lex: Lexicon) -> Found | None:
    """A place no list knows, written after a place noun ('ضلع خیبر', 'حي هاماروين'): the words up to a
    function word, cue or punctuation, at most three."""
    if not _after_place_noun(tokens, i, lex):
        return None
    words: list[int] = []
    j = i
    while j < len(tokens) and len(words) < 3:
        tok = tokens[j]
        if (words and not _JOIN.fullmatch(text[tokens[j - 1].end:tok.start])) or tok.key in lex.function_words \
                or tok.bare in lex.function_words or lex.any_cue(tokens, j) or tok.key.isdigit() \
                or _LATIN.fullmatch(tok.text):
            break
        words.append(j)
        j += 1
    if not words:
        return None
    first, last = tokens[words[0]], tokens[words[-1]]
    return Found(words[0], words[-1], first.start, last.end, "location", None, text[first.start:last.end])


def _named(text: str, tokens: list[Token], i: int, lex: Lexicon) -> Found | None:
    """A group's name after a naming cue ('renamed itself X', 'a group called "X"'): the quoted words,
    or the words up to a function word or cue (at most six), read as a group no list knows."""
    cue = lex.names_after.match(tokens, i)
    if not cue:
        return None
    j = i + cue[0]
    if j >= len(tokens):
        return None
    before = text[tokens[j - 1].end:tokens[j].start].strip()
    words: list[int] = []
    while j < len(tokens) and len(words) < MAX_WORDS:
        if words and not _JOIN.fullmatch(text[tokens[j - 1].end:tokens[j].start]):
            break
        if tokens[j].key in lex.function_words or (not before and lex.any_cue(tokens, j)):
            break
        words.append(j)
        j += 1
    if not words or (not before and len(words) < 2):
        return None  # an unquoted name of one word is as likely a common noun
    first, last = tokens[words[0]], tokens[words[-1]]
    return Found(words[0], words[-1], first.start, last.end, "organization", None, text[first.start:last.end])


def _exact(text: str, tokens: list[Token], i: int, ix: NameIndex, lex: Lexicon) -> Found | None:
    for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
        if not _joined(text, tokens, i, n):
            continue
        rest = [t.key for t in tokens[i + 1:i + n]]
        for bare in (False, True) if tokens[i].clitic else (False,):
            words = [tokens[i].bare if bare else tokens[i].key, *rest]
            known = ix.lookup_exact(words) or ix.lookup_country(words, lex.lang)
            if known is None and lex.lang == "ar":
                known = next(filter(None, (ix.lookup_exact([*words[:-1], w]) for w in _arabic_forms(words[-1]))), None)
                known = known if known is None or known.type == "organization" else None
            if known:
                s = _start(tokens[i], bare)
                return Found(i, i + n - 1, s, tokens[i + n - 1].end, known.type, known.key,
                             text[s:tokens[i + n - 1].end], known.name, country=known.country, city=known.city,
                             population=known.population)
    return None


def _romanised(text: str, tokens: list[Token], i: int, lex: Lexicon, ix: NameIndex) -> Found | None:
    first = tokens[i]
    if _LATIN.fullmatch(first.text) or first.key in lex.function_words or (
            lex.any_cue(tokens, i) and not lex.org_nouns.match(tokens, i)) or not cross_script_key(first.text):
        return None
    for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
        last = tokens[i + n - 1]
        if not _joined(text, tokens, i, n) or last.key in lex.function_words or _LATIN.fullmatch(last.text) \
                or not cross_script_key(last.text):
            continue
        for bare in (True, False) if first.clitic else (False,):
            s = _start(first, bare)
            hit = ix.lookup_cross(text[s:last.end])
            if hit is None:
                continue
            known, trusted = hit
            # Devanagari writes vowels: a long word with a short consonant key is no common word of
            # the script, unlike a short Arabic-script one ('جبل', mountain, has Hezbollah's consonants).
            trusted = trusted or (n == 1 and _DEVANAGARI.match(first.text) is not None
                                  and len(first.key) >= LONG_WORD)
            # After an organisation noun comes the name itself, not a preposition on a word ('group named').
            marked = trusted or _marked(text, tokens, i, s, last.end, lex, noun=not bare)
            return Found(i, i + n - 1, s, last.end, known.type, known.key, text[s:last.end], known.name, marked)
    return None


def _marked(text: str, tokens: list[Token], i: int, start: int, end: int, lex: Lexicon, noun: bool = True) -> bool:
    """Whether the text marks the words at start..end as a group's name: an organisation noun just
    before them (quotation marks alone do not: Arabic quotes a website's name as readily)."""
    for n in range(1, 3) if noun else ():
        j = i - n
        found = lex.org_nouns.match(tokens, j, i) if j >= 0 else None
        if found and found[0] == n:
            return True
    return False


def _acronym(text: str, tokens: list[Token], i: int, lex: Lexicon, ix: NameIndex) -> Found | None:
    """A run of Latin letter names (ٹی ٹی پی, सीआरपीएफ): a known acronym gives its group; an unknown
    one of three letters or more is a group named by its acronym."""
    if not lex.letters:
        return None
    letters: list[str] = []
    ends: list[int] = []  # token index after which the acronym may end
    j = i
    while j < len(tokens) and (j == i or _joined(text, tokens, j - 1, 2)):
        spelt = _spell(tokens[j].key, lex.letters)
        if not spelt:
            break
        letters.append(spelt)
        ends.append(j)
        j += 1
    # The longest reading first: a known acronym, else an unknown one of 3+ letters; a trailing letter
    # that is also a postposition (Urdu کے, Hindi के: 'K') is tried off as well.
    for k in range(len(ends), 0, -1):
        acronym = "".join(letters[:k])
        if len(acronym) < 2 or (k == 1 and len(letters[0]) < 3):
            continue
        key = ix.acronyms.get(acronym)
        last = tokens[ends[k - 1]]
        if key or (len(acronym) >= 3 and not acronym.endswith("K")):
            known = ix.orgs.get(key) if key else None
            return Found(i, ends[k - 1], tokens[i].start, last.end, "organization", key,
                         text[tokens[i].start:last.end], known.name if known else acronym)
    return None


def _spell(word: str, letters: dict[str, str]) -> str:
    """The Latin letters a word spells in letter names ('سی' -> 'C', 'सीआरपीएफ' -> 'CRPF'), else ''."""
    if word in letters:
        return letters[word]
    best: list[str] = [""] * (len(word) + 1)
    ok = [False] * (len(word) + 1)
    ok[0] = True
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            if ok[start] and word[start:end] in letters:
                ok[end], best[end] = True, best[start] + letters[word[start:end]]
                break
    return best[-1] if ok[-1] and len(best[-1]) >= 3 else ""


def _latin(text: str, tokens: list[Token], i: int, ix: NameIndex) -> Found | None:
    """Latin words in the text (CRPF, ISI): a known group by its acronym or name."""
    if not _LATIN.fullmatch(tokens[i].text):
        return None
    for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
        if not all(_LATIN.fullmatch(t.text) for t in tokens[i:i + n]) or not _joined(text, tokens, i, n):
            continue
        surface = text[tokens[i].start:tokens[i + n - 1].end]
        key = ix.acronyms.get(surface) if n == 1 and surface.isupper() else ix.latin.get(fold(surface))
        if key:
            return Found(i, i + n - 1, tokens[i].start, tokens[i + n - 1].end, "organization", key, surface,
                         ix.orgs[key].name)
    return None


def persons(text: str, tokens: list[Token], lex: Lexicon, known: list[Found]) -> list[Found]:
    taken = {t for f in known for t in range(f.first, f.last + 1)}
    groups = {t for f in known if f.type == "organization" for t in range(f.first, f.last + 1)}
    out: list[Found] = []
    i = 0
    while i < len(tokens):
        cues = [c for c in (lex.titles.match(tokens, i), lex.person_nouns.match(tokens, i), lex.roles.match(tokens, i))
                if c]
        cue = max(cues, key=lambda c: c[0]) if cues else None  # the longest: 'the spokesman of', not 'the spokesman'
        if not cue or i in taken:
            i += 1
            continue
        # A title is part of the name it heads (Maulana X, the kunya Abu X); a noun of office is not.
        title = lex.titles.match(tokens, i) is not None and cue == lex.titles.match(tokens, i)
        found = _name_after(text, tokens, i, cue[0], lex, taken, groups, keep_cue=title)
        if found:
            out.append(found)
            taken.update(range(found.first, found.last + 1))
            i = found.last + 1
        else:
            i += cue[0]
    out += _repeats(text, tokens, out, taken)
    return _surnames(out)


def _name_after(text: str, tokens: list[Token], i: int, n: int, lex: Lexicon, taken: set[int],
                groups: set[int], keep_cue: bool = False) -> Found | None:
    j = i + n
    # Skip what stands between a role and the name: a group named before the person (Arabic 'the
    # Houthi leader X', 'the secretary-general of Hezbollah X') and the Arabic adjectives that agree with
    # the role noun, written with the article ('the prominent', 'the Lebanese'), at most three words.
    skipped = 0
    while j < len(tokens) and skipped < 3 and (j in groups or _article(tokens[j], lex)
                                               or lex.org_nouns.match(tokens, j)
                                               or {tokens[j].key, tokens[j].bare} & lex.names_words):
        j += 1
        skipped += 1
    first = i if keep_cue else j
    while j < len(tokens) and (title := lex.titles.match(tokens, j)):  # titles stay in the name: مفتی عبدالرؤف
        j += title[0]
    core = j
    words: list[int] = []
    stopped = False
    while j < len(tokens) and len(words) < MAX_NAME_WORDS:
        tok = tokens[j]
        gap = text[tokens[j - 1].end:tok.start] if j else ""
        if not _JOIN.fullmatch(gap) and (words or gap.strip(" " + _QUOTES_OPEN)):
            stopped = True  # punctuation ends a name; before its first word only a quote may stand («X»)
            break
        inner_title = words and lex.titles.match(tokens, j) and j + 1 < len(tokens) and j + 1 not in taken \
            and not lex.any_cue(tokens, j + 1) and _JOIN.fullmatch(text[tok.end:tokens[j + 1].start])
        if not inner_title and (j in taken or lex.any_cue(tokens, j) or tok.key.isdigit()
                                or _LATIN.fullmatch(tok.text) or (not words and _article(tok, lex))):
            stopped = True
            break
        words.append(j)  # a title inside a name stays in it (Hassan Sheikh Mohamud)
        j += 1
    if not words:
        return None
    if not stopped and j < len(tokens):
        words = _recurring(tokens, core, words)
    last = words[-1]
    return Found(first, last, tokens[first].start, tokens[last].end, "person", None,
                 text[tokens[first].start:tokens[last].end], core=" ".join(t.key for t in tokens[core:last + 1]))


def _article(tok: Token, lex: Lexicon) -> bool:
    """An Arabic word with the article: a personal name never begins with one (al-Fishi is a surname)."""
    return lex.lang == "ar" and tok.key.startswith("\u0627\u0644")


def _recurring(tokens: list[Token], first: int, words: list[int]) -> list[int]:
    """Where nothing ended a name, the longest part of it (two words or more) that the document
    writes again; else all of it."""
    keys = [t.key for t in tokens]
    for n in range(len(words), 1, -1):
        seq = keys[first:words[n - 1] + 1]
        count = sum(1 for s in range(len(keys) - len(seq) + 1) if keys[s:s + len(seq)] == seq)
        if count >= 2:
            return words[:n]
    return words


def _repeats(text: str, tokens: list[Token], people: list[Found], taken: set[int]) -> list[Found]:
    """Other occurrences of each person's name (its words without titles) in the document."""
    out: list[Found] = []
    keys = [t.key for t in tokens]
    seen = set()
    for p in people:
        seq = tuple((p.core or "").split())
        if not seq or seq in seen:
            continue
        seen.add(seq)
        for s in range(len(keys) - len(seq) + 1):
            span = range(s, s + len(seq))
            if tuple(keys[s:s + len(seq)]) == seq and not taken.intersection(span) \
                    and _joined(text, tokens, s, len(seq)):
                end = tokens[s + len(seq) - 1].end
                out.append(Found(s, s + len(seq) - 1, tokens[s].start, end, "person", None, text[tokens[s].start:end],
                                 core=p.core))
                taken.update(span)
    return out


def _surnames(people: list[Found]) -> list[Found]:
    """A one-word name that is the last word of a longer name in the document is that person (سعید
    after حافظ سعید)."""
    full = {p.core.split()[-1]: p.core for p in people if p.core and len(p.core.split()) > 1}
    for p in people:
        if p.core and len(p.core.split()) == 1 and p.core in full:
            p.core = full[p.core]
    return people
