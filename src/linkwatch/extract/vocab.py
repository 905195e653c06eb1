"""Vocabulary files under linkwatch/data, loaded once per process.

Every word list the extractor uses lives in a JSON file, so a new role word or
hedge cue is a data change reviewed on its own, never a code change.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

PACKAGE = "linkwatch"  # data/ is a plain folder inside the package, shipped as package data


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed JSON data file `name` (e.g. ``"roles.json"``)."""
    text = resources.files(PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def data_path(name: str) -> Any:
    return resources.files(PACKAGE).joinpath("data", name)


def fold(text: str) -> str:
    """Casefold, strip accents, drop apostrophes, turn punctuation into spaces.

    'Jama'at-ud-Dawa' and 'JAMAAT UD DAWA' fold alike, so lookups ignore case,
    hyphenation and transliteration apostrophes."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = re.sub(r"['’`ʼ‘]", "", s)
    return " ".join(re.sub(r"[^\w]+|_", " ", s).split())


_VOWELS = re.compile(r"[aeiouyw]")
_REPEATS = re.compile(r"(.)\1+")


def skeleton(text: str) -> str:
    """Consonant skeleton of a folded name, for transliteration variants.

    Arabic and Urdu names reach English with varying vowels, doubled letters and
    connectors ('Jaish-e-Mohammad', 'Jaish-i-Mohammed'; 'Lashkar-e-Taiba',
    'Lashkar e-Tayyiba'); without spaces, vowels and repeats they share a key:
    'jshmhmd', 'lshkrtb'. The first letter is kept so 'Ansar' and 'Nasr' differ."""
    s = fold(text).replace(" ", "")
    if not s:
        return ""
    rest = _VOWELS.sub("", s[1:])
    return _REPEATS.sub(r"\1", s[0] + rest)


def words(name: str, key: str) -> frozenset[str]:
    """A word list from a data file as a frozenset of lower-case strings."""
    return frozenset(w.lower() for w in load(name)[key])
