"""Text keys: how a name or a word is folded, said once for every stage.

Modelled on rigour's ``text/normalize.py``: a few named steps, each with one job, that every
stage composes instead of writing its own. Extraction (gazetteer keys, name clustering),
resolution (blocking keys, judgements, event names), analysis and search (entity look-up) and
the exports all call these, so one name gives one key wherever it is looked up
(``tests/test_text.py`` checks that).

- :func:`fold`: the exact-match key. Case, accents, apostrophes and punctuation go; the
  script stays (Arabic or Devanagari text folds to itself), so nothing is guessed.
- :func:`tokens`: the name's words in lower-case ASCII (rigour's ``ascii_text``
  transliterates any script), the input to name analysis.
- :func:`spelling`: one spelling for a romanised name part (Qaddoumi = Kadoumi), from the
  language's ``transliteration.json``.
- :func:`skeleton`: the consonant skeleton of a whole name, the fuzzy key for transliteration
  variants (Osama = Usama, Jaish-e-Mohammad = Jaish-i-Mohammed). Used for look-ups and
  blocking, never alone for merging.
- :func:`place_key`: the key place names are indexed by (articles dropped, doubles collapsed).
- :func:`initials`: the initials an acronym of a name may be made of.
- :func:`honorifics`, :func:`titles`: the words written before a person's name.

Text in a language other than English passes through :func:`fold` unchanged in kind; the
rules for :func:`spelling` and the title lists are per language (``data/<lang>/``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rigour.text import ascii_text

from linkwatch import data

# Apostrophes and the modifier letters romanisations use for ayn and hamza (Jama'at, al-'Uyayri,
# Shi`a): dropped, not turned into spaces, so "Jama'at" is one word like "Jamaat".
APOSTROPHES = "'`\u2018\u2019\u02bc\u02bb\u02be\u02bf"
_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")
_TOKEN = re.compile(r"[a-z0-9]+")
_DOUBLE = re.compile(r"(.)\1+")


class _FoldTable(dict[int, str | None]):
    """A ``str.translate`` table filled in lazily, one entry per character first met (the way
    normality's ``category_replace`` builds its table): letters and digits stay, apostrophes and
    invisible format characters vanish, accents vanish, everything else becomes a space.

    Accents are the combining marks of non-zero class (acute 230, cedilla 202, Arabic short
    vowels 27-35). Marks of class 0 (Devanagari vowel signs) and 9 (viramas) are part of the
    letter they join and stay, as the evaluation's name key keeps them."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        category = unicodedata.category(ch)
        out: str | None
        if ch in APOSTROPHES or category == "Cf":  # Cf: soft hyphen, zero-width joiners
            out = None
        elif category[0] == "M":
            out = ch if category != "Me" and unicodedata.combining(ch) in (0, 9) else None
        elif category[0] in "LN":
            out = ch
        else:  # punctuation, symbols, spaces, controls, the underscore
            out = " "
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """The exact-match key of a name or word: casefolded, accents, apostrophes and punctuation
    gone, words separated by one space. 'Jama'at-ud-Dawa' and 'JAMAAT UD DAWA' both fold to
    'jamaat ud dawa'; 'Ḥizb al-Mujāhidīn' to 'hizb al mujahidin'."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
    return " ".join(text.casefold().translate(_FOLD).split())


def tokens(text: str) -> list[str]:
    """Lower-case ASCII word parts, any script transliterated; apostrophes (al-'Uyayri) vanish,
    hyphens split. For Latin-script names ``" ".join(tokens(x)) == fold(x)``."""
    return _TOKEN.findall(_APOSTROPHE_RE.sub("", ascii_text(text).lower()))


@dataclass(frozen=True)
class Transliteration:
    """A language's romanisation rules (``data/<lang>/transliteration.json``)."""

    articles: frozenset[str]
    izafat: frozenset[str]
    suffixes: tuple[str, ...]
    min_stem: int
    folds: tuple[tuple[re.Pattern[str], str], ...]
    vowels: str
    skeleton_drop: str


@lru_cache(maxsize=8)
def transliteration(lang: str = data.DEFAULT_LANG) -> Transliteration:
    d = data.load("transliteration.json", lang)
    return Transliteration(
        articles=frozenset(d["articles"]["words"]),
        izafat=frozenset(d["izafat_connectors"]["words"]),
        suffixes=tuple(d["fused_connectors"]["suffixes"]),
        min_stem=int(d["fused_connectors"]["min_stem"]),
        folds=tuple((re.compile(p), r) for p, r in d["folds"]["rules"]),
        vowels=d["vowels"],
        skeleton_drop=d["skeleton_drop"]["letters"],
    )


@lru_cache(maxsize=100_000)
def spelling(part: str, lang: str = data.DEFAULT_LANG) -> str:
    """One spelling for a lower-case ASCII name part: the language's rewrites (q -> k, ou -> u,
    ee -> i, ...), then doubled letters collapse, so Qaddoumi, Qadoumi and Kaddoumi meet.

    Repeated until nothing changes ('islamiyya' -> 'islamiya' -> 'islamia'), so a spelt part spells
    as itself and its skeleton is the skeleton of the original. Every rewrite shortens the part or
    trades a letter for one no rule rewrites (y -> i, q -> k, v -> w), so this ends."""
    rules = transliteration(lang).folds
    while True:
        before = part
        for pattern, repl in rules:
            part = pattern.sub(repl, part)
        part = _DOUBLE.sub(r"\1", part)
        if part == before:
            return part


@lru_cache(maxsize=100_000)
def skeleton(text: str, lang: str = data.DEFAULT_LANG) -> str:
    """Consonant skeleton of a name, for transliteration variants: its words spelt one way
    (:func:`spelling`) and joined; then a leading vowel becomes "a" (Osama = Usama), later vowels
    and the glides y/w vanish, and repeats collapse. 'Jaish-e-Mohammad' and 'Jaish-i-Mohammed'
    are both 'jshmhmd'; 'Ansar' ('ansr') and 'Nasr' ('nsr') stay apart."""
    joined = "".join(spelling(t, lang) for t in tokens(text))
    if not joined:
        return ""
    rules = transliteration(lang)
    head = "a" if joined[0] in rules.vowels else joined[0]
    body = "".join(ch for ch in joined[1:] if ch not in rules.skeleton_drop)
    return _DOUBLE.sub(r"\1", head + body)


def place_key(name: str, lang: str = data.DEFAULT_LANG) -> str:
    """The key place names are indexed by ("Jammu & Kashmir" = "Jammu and Kashmir", "Bāramūla" =
    "Baramulla"): folded ASCII words without articles and connectors, doubled letters collapsed.
    Cheaper than :func:`tokens`: half a million GeoNames names go through it when the gazetteer loads."""
    s = _APOSTROPHE_RE.sub("", name)
    if not s.isascii():
        s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    found = _TOKEN.findall(s.lower())
    dropped = _articles(lang)
    return _DOUBLE.sub(_first, " ".join([w for w in found if w not in dropped] or found))


@lru_cache(maxsize=8)
def _articles(lang: str) -> frozenset[str]:
    return transliteration(lang).articles


def _first(m: re.Match[str]) -> str:
    # A function rather than the template r"\1": measured faster here, and this runs on half a
    # million names when the gazetteer loads.
    return m.group(1)


def initials(words: list[str] | tuple[str, ...], lang: str = data.DEFAULT_LANG) -> tuple[str, str]:
    """The initials of a name's words, with and without its articles and connectors: 'Lashkar e
    Taiba' gives ('let', 'lt'), so an acronym written either way (LeT, LT) can be recognised."""
    articles = transliteration(lang).articles
    return "".join(w[0] for w in words if w), "".join(w[0] for w in words if w and w not in articles)


@lru_cache(maxsize=8)
def honorifics(lang: str = data.DEFAULT_LANG) -> frozenset[str]:
    """Titles written before a personal name ('dr', 'maulana', 'sheikh'), each also with a full
    stop ('dr.'), as spaCy keeps it on the token: what the extractor strips from a name's head."""
    words = frozenset(w.lower() for w in data.load("names.json", lang)["titles"]["honorifics"])
    return words | {f"{w}." for w in words}


@lru_cache(maxsize=8)
def titles(lang: str = data.DEFAULT_LANG) -> frozenset[str]:
    """Every word dropped from the head of a person's name before names are compared: the
    honorifics and the role words ('commander', 'cleric') that recognisers keep in a name."""
    t = data.load("names.json", lang)["titles"]
    return frozenset(w.lower() for w in [*t["honorifics"], *t["role_words"]])


# --- names in other scripts -------------------------------------------------------------------------
# One letter for each letter that Arabic, Persian and Urdu writers (and keyboards) spell several ways:
# Arabic yeh / alef maksura / Urdu yeh barree -> Farsi yeh; Arabic kaf -> keheh; heh, teh marbuta, Urdu
# heh goal, heh doachashmee and ae -> heh; the tatweel (a stretching stroke) and a standalone hamza go;
# Devanagari chandrabindu -> anusvara; Arabic-Indic and Devanagari digits -> ASCII digits. Hamza and madda
# on a carrier, short vowels (tashkeel) and the Devanagari nukta are combining marks that fold() drops.
_SCRIPT_VARIANTS = str.maketrans({
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u06d2": "\u06cc", "\u06d0": "\u06cc",
    "\u0643": "\u06a9",
    "\u0629": "\u0647", "\u06c1": "\u0647", "\u06c3": "\u0647", "\u06be": "\u0647", "\u06d5": "\u0647",
    "\u0671": "\u0627",
    "\u0640": None, "\u0621": None,
    "\u0901": "\u0902",
    **{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06f0 + d): str(d) for d in range(10)},
    **{chr(0x0966 + d): str(d) for d in range(10)},
})
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_DEVANAGARI_CONSONANT = re.compile("[\u0915-\u0939\u0958-\u095f]$")
_ARABIC_ARTICLE = "\u0627\u0644"  # ال


def script_fold(text: str) -> str:
    """The exact-match key of a word or name in any script: :func:`fold`, then one letter for each
    set of spelling variants of Arabic-script and Devanagari text (ي/ی/ى, ك/ک, ه/ہ/ة/ھ, hamza forms,
    tashkeel, tatweel; nukta, chandrabindu) and ASCII digits. Latin text folds as :func:`fold` does."""
    return fold(text).translate(_SCRIPT_VARIANTS)


_LETTER_SCRIPTS = (("arabic", re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
                   ("devanagari", re.compile("[\u0900-\u097f\ua8e0-\ua8ff]")))


def writing_script(name: str) -> str:
    """The script a name is written in: 'arabic' (Arabic, Urdu, Persian letters), 'devanagari', or
    'latin' for anything else: the scripts the multilingual reader reads (data/scripts.json)."""
    for script, letters in _LETTER_SCRIPTS:
        if letters.search(name):
            return script
    return "latin"


@lru_cache(maxsize=100_000)
def cross_script_key(name: str) -> str:
    """A loose consonant key that a name shares with its romanisations: Urdu جیش محمد, Hindi
    जैश-ए-मोहम्मद and Jaish-e-Mohammed all give 'jsmd'. Each word is romanised (ICU, through rigour),
    with the Arabic article ال cut from the front of an Arabic-script word, the Latin articles and
    izafat connectors dropped (al-Shabaab = الشباب) and the inherent vowel of a Devanagari word's last
    consonant dropped (schwa deletion); then each word spelt one way (:func:`spelling`), and only the
    consonants kept, without the glides y/w and without 'h' (the scripts write aspirates and the Latin
    spellings sh/kh/th that the other side does not), with z = j (Hindi writes ज for z without a nukta)
    and p = b (Arabic has no p: باكستان is Pakistan). Short keys collide: callers must not trust a short
    one on its own."""
    rules = transliteration()
    parts: list[str] = []
    for word in script_fold(name).split():
        if _ARABIC_LETTER.search(word) and word.startswith(_ARABIC_ARTICLE) and len(word) > 3:
            word = word[2:]
        roman = _APOSTROPHE_RE.sub("", ascii_text(word).lower())
        if _DEVANAGARI_CONSONANT.search(word) and roman.endswith("a"):
            roman = roman[:-1]
        parts += [t for t in _TOKEN.findall(roman) if t not in rules.articles]
    joined = "".join(spelling(t) for t in parts).replace("z", "j").replace("c", "k").replace("p", "b")
    # Every vowel goes, the first too: Arabic writes a word's first vowel as a letter of its own (alef,
    # ain) that romanisations give as any vowel or drop with the 'h' before it (Hizballah, حزب الله).
    return _DOUBLE.sub(r"\1", "".join(ch for ch in joined if ch not in rules.skeleton_drop and ch != "h"))
