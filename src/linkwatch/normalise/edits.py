"""Build the cleaned text by deleting spans of the source text, and nothing else.

Evidence quotes are later checked against the original with whitespace
squashed, so the cleaned text must be the source with some spans cut out and
whitespace tidied: never a changed character. Everything here is therefore a
deletion, including the whitespace rules:

* ``\\r`` before ``\\n`` goes (a lone ``\\r`` was already turned into ``\\n``,
  same length, by :func:`unify_newlines`);
* spaces and tabs at the end of a line go;
* a run of blank lines becomes one blank line;
* leading and trailing whitespace of the whole text goes.

Inner runs of spaces are kept: they are not worth an offset shift.

:class:`Cleaned` keeps the source spans that survive, so an offset in the
cleaned text maps back to the source (:meth:`Cleaned.source_offset`).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

Cut = tuple[int, int, str]  # [start, end) in the source, and why it was removed

# Whitespace to delete, found on the text left after the boilerplate cuts.
_TRAILING = re.compile(r"[^\S\n]+(?=\n|\Z)")
_BLANK_RUN = re.compile(r"\n(?:[^\S\n]*\n)+")
_EDGES = re.compile(r"\A\s+|\s+\Z")


def unify_newlines(text: str) -> str:
    """Turn a lone ``\\r`` (old Mac line end) into ``\\n``; ``\\r\\n`` is left for the deletions.

    Length-preserving, so offsets into the result are offsets into `text`.
    """
    return re.sub(r"\r(?!\n)", "\n", text) if "\r" in text else text


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[Cut, ...]  # boilerplate cuts (merged, sorted), in source offsets
    kept: tuple[tuple[int, int], ...]  # source spans that make up `text`, in order

    def source_offset(self, offset: int) -> int:
        """Where `offset` in the cleaned text lies in the source text."""
        if not self.kept:
            return 0
        starts = self._starts
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return self.kept[i][0] + (offset - starts[i])

    @cached_property
    def _starts(self) -> list[int]:
        return _starts(self.kept)


def merge(cuts: Iterable[Cut]) -> list[Cut]:
    """Sorted, non-overlapping cuts. Overlapping ones join and keep the first one's reason;
    touching ones join only if their reasons agree, so each reason keeps its own span."""
    out: list[Cut] = []
    for s, e, why in sorted(c for c in cuts if c[1] > c[0]):
        if out and (s < out[-1][1] or (s == out[-1][1] and why == out[-1][2])):
            ps, pe, pwhy = out[-1]
            out[-1] = (ps, max(pe, e), pwhy)
        else:
            out.append((s, e, why))
    return out


def apply(source: str, cuts: Iterable[Cut]) -> Cleaned:
    """Delete `cuts` from `source`, then normalise whitespace by further deletions."""
    removed = merge(cuts)
    kept = _complement([(s, e) for s, e, _ in removed], 0, len(source))
    text = "".join(source[s:e] for s, e in kept)
    spaces = sorted((m.start(), m.end()) for rx in (_TRAILING, _EDGES) for m in rx.finditer(text))
    # Keep the first and last newline of a blank-line run, drop what is between.
    spaces += [(m.start() + 1, m.end() - 1) for m in _BLANK_RUN.finditer(text) if m.end() - m.start() > 2]
    spaces = [(s, e) for s, e, _ in merge((s, e, "") for s, e in spaces)]
    survive = _complement(spaces, 0, len(text))
    final = _to_source(survive, kept)
    return Cleaned(
        text="".join(source[s:e] for s, e in final),
        removed=tuple(removed),
        kept=tuple(final),
    )


def _starts(kept: Iterable[tuple[int, int]]) -> list[int]:
    """Offset in the concatenated text at which each kept span begins."""
    out, total = [], 0
    for s, e in kept:
        out.append(total)
        total += e - s
    return out


def _complement(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) not covered by the sorted, disjoint `spans`."""
    out, pos = [], start
    for s, e in spans:
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        out.append((pos, end))
    return out


def _to_source(spans: list[tuple[int, int]], kept: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Map spans of the concatenation of `kept` back to source spans, splitting at seams."""
    out: list[tuple[int, int]] = []
    starts = _starts(kept)
    for s, e in spans:
        i = bisect.bisect_right(starts, s) - 1
        while s < e:
            ks, ke = kept[i]
            offset = s - starts[i]
            take = min(e - s, (ke - ks) - offset)
            piece = (ks + offset, ks + offset + take)
            if out and out[-1][1] == piece[0]:
                out[-1] = (out[-1][0], piece[1])
            else:
                out.append(piece)
            s += take
            i += 1
    return out
