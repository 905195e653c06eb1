"""Latin spellings of names written in Arabic script (Arabic, Urdu, Persian) or Devanagari (issue 18).

An analyst reads the chart in Latin letters, and resolution compares a name in Urdu with the English
reports' spellings. Arabic-script names leave their short vowels unwritten, so a letter-by-letter
transliteration (مسعود → 'msʿwd') is no spelling anyone uses; ``arabic-name-romanizer`` (a package on PyPI,
offline: a dictionary of attested Latin spellings of name words with a small model for the rest) gives the
spellings the press uses, ranked ('Masood Azhar', 'Masud Azhar'). Devanagari writes its vowels, so ICU's
transliteration (through PyICU, which rigour already needs) is close, once the inherent vowels Hindi does
not sound are cut (schwa deletion): a word's last (मसूद is 'Masud', not 'Masuda'), and one between two
consonants that have a vowel on either side (महमूद is 'Mahmud', not 'Mahamud'), scanning from the end.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from linkwatch import data
from linkwatch.text import writing_script

_DEVANAGARI_FINAL_CONSONANT = re.compile("[\u0915-\u0939\u0958-\u095f]$")
CANDIDATES = 3  # ranked spellings kept per name: the press's usual one and its common variants


@lru_cache(maxsize=1)
def _arabic() -> Any:
    import arabic_name_romanizer  # loads its dictionary: only when a name in Arabic script is met

    return arabic_name_romanizer


@lru_cache(maxsize=1)
def _devanagari() -> Any:
    import icu

    # Two steps: Devanagari-Latin keeps the long vowels marked (ā), so an inherent vowel is a bare 'a'.
    return icu.Transliterator.createInstance("Devanagari-Latin"), icu.Transliterator.createInstance("Latin-ASCII")


_VOWELS = "aeiouāīūēōṛ"
_ONE = f"[^{_VOWELS}\\s-]h?"  # one consonant: a letter, or an aspirate written with 'h' (kh, bh)
# V C+ a C V: the 'a' is an inherent vowel Hindi drops (the rightmost first; each drop makes a new context);
# not before a cluster (मोहम्मद keeps its 'a': Mohammad).
_MEDIAL_SCHWA = re.compile(f"(?<=[{_VOWELS}])((?:{_ONE})+)a(?={_ONE}[{_VOWELS}])")
# The press writes श and ष as 'sh' (Jaish, Lashkar), where ICU's ASCII step leaves a bare 's'.
_SH = str.maketrans({"ś": "sh", "ṣ": "sh"})


def _schwa_deleted(word: str, final: bool) -> str:
    if final and word.endswith("a") and len(word) > 2:
        word = word[:-1]
    for _ in range(len(word)):
        matches = list(_MEDIAL_SCHWA.finditer(word))
        if not matches:
            break
        m = matches[-1]
        word = word[:m.start()] + m.group(1) + word[m.end():]
    return word


# Where a name's letters say it was written: the romaniser spells a Pakistani name the Pakistani way
# ('Masood', where an Arab 'Masoud' is more usual). Letters from data/scripts.json's markers.
_COUNTRY_OF_LANGUAGE = {"ur": "PK", "fa": "IR"}


@lru_cache(maxsize=1)
def _markers() -> tuple[tuple[str, str], ...]:
    return tuple((_COUNTRY_OF_LANGUAGE[m["language"]], m["letters"]) for s in data.load("scripts.json")["scripts"]
                 for m in s["markers"] if m["language"] in _COUNTRY_OF_LANGUAGE)


def _country(name: str) -> str | None:
    return next((country for country, letters in _markers() if any(ch in letters for ch in name)), None)


@lru_cache(maxsize=50_000)
def romanisations(name: str) -> tuple[str, ...]:
    """A name's likely Latin spellings, best first; () for a name already in Latin letters (or in a script
    not read here)."""
    script = writing_script(name)
    if script == "arabic":
        found = _arabic().transliterate(" ".join(name.split()), top_k=CANDIDATES, country=_country(name)) or []
        return tuple(dict.fromkeys(c.text for c in found if c.text and c.text.strip()))
    if script == "devanagari":
        words = []
        latin, ascii_ = _devanagari()
        for word in name.split():
            parts = [_schwa_deleted(latin.transliterate(p), bool(_DEVANAGARI_FINAL_CONSONANT.search(p)))
                     for p in word.split("-")]
            roman = ascii_.transliterate("-".join(parts).translate(_SH)).replace("'", "")
            # Connectors stay lower-case (Lashkar-e-Taiba, Khuddam-ul-Islam).
            words.append("-".join(part[:1].upper() + part[1:] if len(part) > 2 else part for part in roman.split("-")))
        spelt = " ".join(w for w in words if w)
        return (spelt,) if spelt else ()
    return ()


def romanised(name: str) -> str:
    """The best Latin spelling of a name in another script, for display beside it; "" for a Latin name."""
    found = romanisations(name)
    return found[0] if found else ""


def labelled(name: str) -> str:
    """A name as a brief prints it: a name in another script with its Latin spelling beside it."""
    latin = romanised(name)
    return f"{name} ({latin})" if latin else name
