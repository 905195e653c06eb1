"""Every vocabulary and reference list linkwatch reads, behind one function: :func:`load`.

The files sit beside this module (see ``README.md`` here for the layout and what each holds):

- ``<lang>/NAME``: vocabulary of one language of the text (``en/roles.json``: the English role
  words). A second language is a second folder with the same file names.
- ``NAME``: language-neutral reference data (``organisations.jsonl``, ``places.json``,
  ``designations.json``): the same whatever language an article is written in.

``load(name, lang)`` looks in the language's folder first, then at the top. A language folder that
lacks a vocabulary is an error, never a silent fall-back to English: English hedge cues applied to
Urdu text would label nothing and hide the gap.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

DEFAULT_LANG = "en"


class DataError(LookupError):
    """A data file that does not exist for the language asked for."""


def path(name: str, lang: str = DEFAULT_LANG) -> Traversable:
    """Where the data file `name` lives for `lang`: ``<lang>/name`` if present, else the neutral ``name``."""
    return resources.files(__name__).joinpath(*_parts(name, lang))


@cache
def _parts(name: str, lang: str) -> tuple[str, ...]:
    root = resources.files(__name__)
    for parts in ((lang, name), (name,)):
        if root.joinpath(*parts).is_file():
            return parts
    raise DataError(f"no data file {name!r} for language {lang!r} (looked in {lang}/ and the top folder)")


def load(name: str, lang: str = DEFAULT_LANG) -> Any:
    """The parsed data file `name`: a JSON file as its value, a JSON Lines file as a list of its rows.

    Read once per process and shared (a neutral file once for every language), so callers must not
    mutate what they get back."""
    return _read(_parts(name, lang))


@cache
def _read(parts: tuple[str, ...]) -> Any:
    text = resources.files(__name__).joinpath(*parts).read_text(encoding="utf-8")
    if parts[-1].endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


def words(name: str, key: str, lang: str = DEFAULT_LANG) -> frozenset[str]:
    """A word list from a data file (``load(name)[key]``) as a frozenset of lower-case strings."""
    return frozenset(w.lower() for w in load(name, lang)[key])


def contents() -> bytes:
    """Every data file's name and bytes, in a fixed order: what a cache compiled from the data is named by
    (linkwatch.cache), so that a change to any file builds it anew."""
    out = []
    stack = [resources.files(__name__)]
    while stack:
        folder = stack.pop()
        for item in sorted(folder.iterdir(), key=lambda t: t.name):
            if item.is_dir() and not item.name.startswith("_"):
                stack.append(item)
            elif item.is_file() and item.name.endswith((".json", ".jsonl")):
                out.append(item.name.encode() + b"\0" + item.read_bytes())
    return b"\x1e".join(out)


def languages() -> list[str]:
    """The languages that have a vocabulary folder."""
    return sorted(p.name for p in resources.files(__name__).iterdir() if p.is_dir() and not p.name.startswith("_"))
