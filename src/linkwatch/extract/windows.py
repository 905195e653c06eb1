"""Long documents in bounded windows, so that extraction costs time and memory in proportion to length.

Extraction of one text costs more than its length: some rule components relate every name of a text to
every other, so a 200 KB document took 33 s and 1 MB over five minutes and 2.7 GB (issue 16, row 1).
News articles are short, and a text no longer than WINDOW characters is still extracted whole, exactly as
before. A longer one is cut into windows of at most WINDOW characters, ending at a paragraph break (else a
sentence end, else a space), each starting up to OVERLAP characters (whole paragraphs) before the previous
one ended, so that "he", "the group" or a surname alone at the top of a window still has the paragraph
that named them. Each window is extracted as a text of its own; then:

- offsets are moved to the document's;
- a window keeps what starts in its own part (after the overlap): mentions by their start, relations
  and events by their first quote; the same sentence in the overlap is its predecessor's;
- local entities are joined across windows when they share a key or a folded name (a name a window
  kept apart from another one within itself stays apart), and numbered again in order.

spaCy's ``max_length`` is never raised: windows are far below it.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from linkwatch.model import DocExtraction, Evidence, LocalEntity
from linkwatch.text import fold

# Characters of text extracted in one piece. Extraction time per MB, measured on the throughput benchmark's
# generated articles cut into pieces: 42 s at 2,000 characters, 47 at 5,000, 50 at 10,000, 58 at 20,000,
# 79 at 40,000 (and 250 s at 200,000: the superlinear part). 10,000 keeps nearly every news article whole.
WINDOW = 10_000
# Characters of context carried into the next window: the last paragraph or two of the one before.
OVERLAP = 1_500
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")


@dataclass(frozen=True)
class Window:
    start: int  # where the window's text starts in the document
    own: int  # where its own part starts: what starts before is its predecessor's
    end: int


def windows(text: str, size: int = WINDOW, overlap: int = OVERLAP) -> list[Window]:
    """Cut `text` into windows of at most `size` characters (one window when it fits)."""
    if len(text) <= size:
        return [Window(0, 0, len(text))]
    out: list[Window] = []
    own = start = 0
    while own < len(text):
        end = _cut(text, start, min(len(text), start + size))
        if end <= own:  # the context took the whole window: start afresh at our own part
            start = own
            end = _cut(text, start, min(len(text), start + size))
        out.append(Window(start, own, end))
        own = end
        start = _context_start(text, own, overlap)
    return out


def _cut(text: str, start: int, limit: int) -> int:
    """The best place at or before `limit` to end a window starting at `start`."""
    if limit >= len(text):
        return len(text)
    floor = start + (limit - start) // 2  # never cut so early that windows shrink to nothing
    for finder in (lambda: text.rfind("\n", floor, limit), lambda: _last_sentence_end(text, floor, limit),
                   lambda: text.rfind(" ", floor, limit)):
        at = finder()
        if at > floor:
            return at + 1
    return limit


def _last_sentence_end(text: str, lo: int, hi: int) -> int:
    found = -1
    for m in _SENTENCE_END.finditer(text, lo, hi):
        found = m.end() - 1
    return found


def _context_start(text: str, own: int, overlap: int) -> int:
    """Where the next window starts: at a paragraph within `overlap` characters before `own`, if any."""
    at = text.rfind("\n", max(0, own - overlap), max(0, own - 1))
    return at + 1 if at >= 0 else own


@dataclass
class _Joined:
    """Local entities of several windows joined into one, under the ref it will have."""

    type: str
    names: list[str] = field(default_factory=list)
    key: str | None = None
    roles: list[str] = field(default_factory=list)
    context: dict[str, list[str]] = field(default_factory=dict)


def merge(doc_id: str, extractor: str, pieces: list[tuple[Window, DocExtraction]]) -> DocExtraction:
    """One DocExtraction for the document from its windows' (see the module's description)."""
    if len(pieces) == 1 and pieces[0][0].start == 0:
        return pieces[0][1]
    kept = [(w, *_kept(w, x)) for w, x in pieces]
    groups = _Groups()
    for i, (_, x, used) in enumerate(kept):
        for e in x.entities:
            if e.ref in used:
                groups.add(i, e)
    joined: dict[tuple[int, str], _Joined] = {}
    refs: dict[tuple[int, str], str] = {}
    for i, (_, x, used) in enumerate(kept):
        for e in x.entities:
            if e.ref not in used:
                continue
            root = groups.root((i, e.ref))
            if root not in joined:
                joined[root] = _Joined(e.type)
                refs[root] = f"e{len(refs) + 1}"
            j = joined[root]
            j.names += [n for n in [e.name, *e.aliases] if n not in j.names]
            j.key = j.key or e.key
            j.roles += [r for r in e.roles if r not in j.roles]
            for kind, values in e.context.items():
                j.context.setdefault(kind, []).extend(values)

    out = DocExtraction(doc_id, extractor)
    for i, (w, x, used) in enumerate(kept):
        events = {v.ref: f"v{len(out.events) + n + 1}" for n, v in enumerate(x.events)}
        local = {ref: refs[groups.root((i, ref))] for ref in used if groups.known((i, ref))}
        local.update(events)
        out.mentions += [replace(m, start=m.start + w.start, end=m.end + w.start, ref=local[m.ref])
                         for m in x.mentions if m.ref in local]
        for v in x.events:
            out.events.append(replace(
                v, ref=events[v.ref], evidence=_moved(v.evidence, w),
                location=local.get(v.location) if v.location else None,
                participants=_mapped(v.participants, local), organizers=_mapped(v.organizers, local)))
        for r in x.relations:
            if r.source in local and r.target in local:
                out.relations.append(replace(r, source=local[r.source], target=local[r.target],
                                             evidence=_moved(r.evidence, w)))
    for root, j in joined.items():
        name = max(j.names, key=len)  # the fullest form, as the extractor names an entity
        out.entities.append(LocalEntity(refs[root], j.type, name, [n for n in j.names if n != name], j.key,
                                        sorted(j.roles), {k: list(dict.fromkeys(v)) for k, v in j.context.items()}))
    out.mentions.sort(key=lambda m: m.start)
    return out


class _Groups:
    """Local entities of all windows, joined when they share a key or a folded name, except that a group
    never holds two entities of one window: what a window kept apart, with all its context, stays apart."""

    def __init__(self) -> None:
        self.parent: dict[tuple[int, str], tuple[int, str]] = {}
        self.windows: dict[tuple[int, str], set[int]] = {}
        self.first: dict[tuple[str, str], tuple[int, str]] = {}

    def known(self, node: tuple[int, str]) -> bool:
        return node in self.parent

    def root(self, node: tuple[int, str]) -> tuple[int, str]:
        while self.parent[node] != node:
            node = self.parent[node]
        return node

    def add(self, window: int, e: LocalEntity) -> None:
        node = (window, e.ref)
        self.parent[node] = node
        self.windows[node] = {window}
        labels = [f"key:{e.key}"] if e.key else []
        labels += [fold(n) for n in [e.name, *e.aliases] if fold(n)]
        for label in labels:
            other = self.first.setdefault((e.type, label), node)
            a, b = self.root(node), self.root(other)
            if a != b and not self.windows[a] & self.windows[b]:
                self.parent[a] = b
                self.windows[b] |= self.windows.pop(a)


def _kept(w: Window, x: DocExtraction) -> tuple[DocExtraction, set[str]]:
    """What window `w` keeps of its extraction `x` (offsets still the window's), and the entity refs in use."""
    own = w.own - w.start
    mentions = [m for m in x.mentions if m.start >= own]
    events = [v for v in x.events if _first(v.evidence) >= own]
    relations = [r for r in x.relations if _first(r.evidence) >= own]
    used = {m.ref for m in mentions}
    used |= {ref for r in relations for ref in (r.source, r.target)}
    used |= {ref for v in events for ref in (v.location, *v.participants, *v.organizers) if ref}
    return DocExtraction(x.doc, x.extractor, mentions, x.entities, events, relations), used


def _first(evidence: list[Evidence]) -> int:
    return min((e.start for e in evidence), default=0)


def _moved(evidence: list[Evidence], w: Window) -> list[Evidence]:
    return [replace(e, start=e.start + w.start, end=e.end + w.start) for e in evidence]


def _mapped(refs: list[str], local: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(local[r] for r in refs if r in local))


def pieces_of(text: str, limit: int | None = None) -> Iterator[tuple[Window, str]]:
    """The windows of `text[:limit]` with their text."""
    body = text if limit is None else text[:limit]
    for w in windows(body):
        yield w, body[w.start:w.end]

