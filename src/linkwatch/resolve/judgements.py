"""Analyst judgements: `same`, `not-same` or `unsure` about two entities.

A judgement beats any score: `same` merges the two even when their names look
unrelated, `not-same` keeps them apart even when everything matches, `unsure`
keeps them apart and stops proposing the merge. Judgements are stored by entity id
(and the entities' names at the time), and applied whenever resolution compares
a mention with an entity, so they hold on every later ingest and on `reresolve`.

Ids are stable across a replay (they derive from the first mention's natural key),
but an extractor change can rename things; so a judged side also matches an entity
by its canonical name, and an entity that absorbed another keeps the absorbed id
as a key (``id:<old id>``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from linkwatch.model import Judgement
from linkwatch.store.base import Store
from linkwatch.text import fold


@dataclass(frozen=True)
class Side:
    """One side of a comparison as judgements see it: every id it goes by, and its names."""

    ids: frozenset[str]
    names: frozenset[str]  # folded canonical names

    @classmethod
    def of(cls, ids: Iterable[str], names: Iterable[str]) -> Side:
        return cls(frozenset(i for i in ids if i), frozenset(fold(n) for n in names if n and fold(n)))


@dataclass(frozen=True)
class JudgedPair:
    """One stored judgement: two sides (ids, and names at the time) and the analyst's verdict."""

    a: str
    b: str
    judgement: Judgement
    a_name: str | None = None
    b_name: str | None = None
    author: str | None = None

    def _matches(self, judged_id: str, judged_name: str | None, side: Side) -> bool:
        return judged_id in side.ids or bool(judged_name and fold(judged_name) in side.names)

    def applies(self, x: Side, y: Side) -> bool:
        return ((self._matches(self.a, self.a_name, x) and self._matches(self.b, self.b_name, y))
                or (self._matches(self.b, self.b_name, x) and self._matches(self.a, self.a_name, y)))

    def other(self, x: Side) -> tuple[str, str | None] | None:
        """The judged entity on the far side from `x`, if `x` is one of the two."""
        if self._matches(self.a, self.a_name, x):
            return self.b, self.b_name
        if self._matches(self.b, self.b_name, x):
            return self.a, self.a_name
        return None


class Judgements:
    def __init__(self, items: Iterable[JudgedPair] = ()) -> None:
        self.items = list(items)  # oldest first: a later judgement on the same pair wins

    @classmethod
    def load(cls, store: Store) -> Judgements:
        return cls(JudgedPair(r["a"], r["b"], Judgement(r["judgement"]), r.get("a_name"), r.get("b_name"),
                              r.get("author")) for r in store.judgements())

    def __bool__(self) -> bool:
        return bool(self.items)

    def verdict(self, x: Side, y: Side) -> JudgedPair | None:
        """The latest judgement about this pair, if any."""
        found = [j for j in self.items if j.applies(x, y)]
        return found[-1] if found else None

    def partners(self, x: Side) -> list[tuple[str, str | None]]:
        """Entities judged `same` as `x`: candidates even when no blocking key finds them."""
        out = []
        for j in self.items:
            if j.judgement == Judgement.SAME:
                other = j.other(x)
                if other:
                    out.append(other)
        return out
