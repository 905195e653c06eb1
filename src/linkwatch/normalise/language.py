"""The language of a document: what the input declares, else what its letters say.

A manifest line, a feed entry or ``<html lang>`` may declare it; such a declaration wins and is kept as
declared (readers cut it to its primary subtag with :func:`primary`: 'ur-PK' -> 'ur'). Otherwise the script holding most of the letters decides
(``data/scripts.json``): Devanagari is read as Hindi, the Arabic script as Arabic unless letters only
Urdu uses ('ٹ', 'ے') mark Urdu, or letters Persian adds ('پ', 'گ') mark Persian. Latin text is not
guessed at (English, French and Somali share the letters): its language stays None, and None is
read as English, as before languages were told apart.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from linkwatch import data

SAMPLE = 20_000  # characters looked at: the start of an article is enough to tell its script


def primary(tag: str | None) -> str | None:
    """The primary subtag of a language tag, lower-case: 'ur-PK' -> 'ur', ' AR ' -> 'ar'; None for none."""
    if not tag or not tag.strip():
        return None
    return tag.strip().replace("_", "-").split("-")[0].lower() or None


@lru_cache(maxsize=1)
def _scripts() -> tuple[dict[str, Any], ...]:
    """Each script with its letters as a character class, so counting them is one regex scan of the sample
    (a test per letter and per range cost 20 ms a document)."""
    d = data.load("scripts.json")
    out = []
    for s in d["scripts"]:
        ranges = "".join(f"\\u{int(a, 16):04x}-\\u{int(b, 16):04x}" for a, b in s["ranges"])
        markers = [{**m, "pattern": re.compile(f"[{re.escape(m['letters'])}]")} for m in s["markers"]]
        out.append({**s, "pattern": re.compile(f"(?=[^\\W\\d_])[{ranges}]"), "markers": markers, "min_share": d["min_share"],
                    "min_markers": d["min_markers"]})
    return tuple(out)


_LETTER = re.compile(r"[^\W\d_]")  # what str.isalpha() accepts


def detect(text: str) -> str | None:
    """The language the letters of `text` show, or None when no script of ``data/scripts.json`` holds
    most of them (Latin text, or too few letters)."""
    sample = text[:SAMPLE]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    for script in _scripts():
        own = "".join(script["pattern"].findall(sample))
        if len(own) < script["min_share"] * letters:
            continue
        for marker in script["markers"]:
            hits = len(marker["pattern"].findall(own))
            if hits and hits >= script["min_markers"] * len(own):
                return str(marker["language"])
        return str(script["language"])
    return None
