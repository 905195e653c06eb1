"""Find boilerplate in article text by what it looks like, not by what it says on one site.

Three kinds of junk survive main-text extraction (or come with plain-text
copies of articles), and each is recognised by general features plus cue
words kept as data in ``data/en/boilerplate.json``:

* **Calls to action**: "Click Here To Follow Our WhatsApp Channel", "Subscribe
  now". A segment is one when it *starts* with an imperative verb (after an
  opener like "please" or "click here to"), is short, and names a channel
  (WhatsApp, newsletter, app) or addresses the reader (our, us, here, now)
  without being a finished sentence. Quoted or attributed text ("..., the
  group said") never is: that is news. Checked for whole lines and for the
  first or last sentence of a line, which catches a CTA glued to a sentence
  end ("...Lashkar-e-Taiba.Click Here To ...") while the sentence stays.
* **Related-link blocks**: a heading that is a known cue ("Related:", "Also
  read:") followed by headline-like lines, anywhere; or, at the tail only,
  any short Title-Case heading ending in ":" followed by a run of Title-Case
  lines without final punctuation. "Also Read: <headline>" on one line too.
* **Tail junk**: at the very end, runs of two or more Title-Case headlines,
  copyright lines and bare URLs.
* **Headline lists in the body**: three or more Title-Case headlines in a row, anywhere (a section
  heading stands alone between paragraphs, so it stays).

A heading glued to its paragraph ("Hamas and Pakistan Pakistan has been
sympathetic to Hamas, ...") is a long line ending in a full stop, so it is
never headline-like and stays. Every cut is a span with its reason; see
:mod:`linkwatch.normalise.edits` for how the text is rebuilt.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from linkwatch.data import load
from linkwatch.normalise.edits import Cleaned, Cut, apply, unify_newlines

CTA, RELATED, HEADLINES, FOOTER, LINK = "call-to-action", "related-links", "headline-list", "footer", "link"

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# A sentence end inside a line, possibly glued to the next sentence ("Taiba.Click").
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s*")
_CLOSERS = "\"'”’)]»* \t"
_QUOTES = "\"“”«»„"
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_INLINE_HEADING = re.compile(r"([^:|»]{1,60}?)\s*[:|»]\s*(\S.*)", re.S)


@dataclass(frozen=True)
class Cues:
    """The cue words of ``boilerplate.json``, lower case, phrases as word tuples."""

    verbs: frozenset[str]
    openers: tuple[tuple[str, ...], ...]
    channels: tuple[tuple[str, ...], ...]
    markers: frozenset[str]
    attribution: frozenset[str]
    headings: frozenset[tuple[str, ...]]
    footer: re.Pattern[str]
    minor: frozenset[str]
    cta_max_words: int
    heading_max_words: int
    headline_max_words: int


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    data = load("boilerplate.json")

    def phrases(key: str) -> list[tuple[str, ...]]:
        return [tuple(p.split()) for p in data[key]]

    return Cues(
        verbs=frozenset(data["cta_verbs"]),
        openers=tuple(sorted(phrases("cta_openers"), key=len, reverse=True)),
        channels=tuple(phrases("cta_channels")),
        markers=frozenset(data["cta_markers"]),
        attribution=frozenset(data["attribution_words"]),
        headings=frozenset(phrases("heading_cues")),
        footer=re.compile("|".join(data["footer_patterns"]), re.I),
        minor=frozenset(data["minor_words"]),
        cta_max_words=data["cta_max_words"],
        heading_max_words=data["heading_max_words"],
        headline_max_words=data["headline_max_words"],
    )


def clean(text: str, cues: Cues | None = None) -> Cleaned:
    """`text` without boilerplate and with tidy whitespace; offsets in `removed` index `text`."""
    source = unify_newlines(text)
    return apply(source, find(source, cues))


# --- features --------------------------------------------------------------

def words(s: str) -> list[str]:
    return _WORD.findall(s)


def title_share(tokens: list[str], cues: Cues) -> float:
    """Share of content words (not "of", "the", ...) that start with a capital letter."""
    content = [t for t in tokens if t.lower() not in cues.minor and t[0].isalpha()]
    return sum(t[0].isupper() for t in content) / len(content) if content else 0.0


def ends_sentence(s: str) -> bool:
    """True if `s` ends like a sentence (a question mark is allowed in headlines, so it does not count)."""
    return s.rstrip(_CLOSERS).endswith((".", "!", "…", ";"))


def _has(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(tokens[i:i + n]) == phrase for i in range(len(tokens) - n + 1))


def is_cta(s: str, cues: Cues) -> bool:
    """A call to action: imperative verb first, short, naming a channel or addressing the reader."""
    if any(q in s for q in _QUOTES):
        return False
    toks = [t.lower() for t in words(s)]
    if not toks or len(toks) > cues.cta_max_words or cues.attribution.intersection(toks):
        return False
    i, moved = 0, True
    while moved:
        moved = False
        for opener in cues.openers:
            if tuple(toks[i:i + len(opener)]) == opener:
                i, moved = i + len(opener), True
                break
    if i >= len(toks) or toks[i] not in cues.verbs:
        return False
    channel = any(_has(toks, c) for c in cues.channels)
    marker = bool(cues.markers.intersection(toks))
    finished = ends_sentence(s)
    return (channel and (marker or not finished)) or (marker and not finished and len(toks) <= 5)


def is_headline(s: str, cues: Cues) -> bool:
    """Short and without a sentence's final punctuation: a headline or a link title."""
    n = len(words(s))
    return 0 < n <= cues.headline_max_words and not ends_sentence(s)


def is_strong_headline(s: str, cues: Cues) -> bool:
    """A headline in Title Case, which news prose never is."""
    toks = words(s)
    return is_headline(s, cues) and len(toks) >= 3 and title_share(toks, cues) >= 0.7


def is_cue_heading(s: str, cues: Cues) -> bool:
    """A known related-links heading: "Related:", "You may also like", "Also Read:"."""
    return tuple(t.lower() for t in words(s.rstrip(": \t-|»"))) in cues.headings


def is_heading(s: str, cues: Cues) -> bool:
    """A short line ending in ":" in Title Case (or a known cue), introducing a list."""
    toks = words(s)
    if is_cue_heading(s, cues):
        return True
    return s.endswith(":") and 0 < len(toks) <= cues.heading_max_words and title_share(toks, cues) >= 0.5


def is_inline_related(s: str, cues: Cues) -> bool:
    """ "Also Read: <headline>" in one line or one trailing segment."""
    m = _INLINE_HEADING.fullmatch(s.strip())
    return bool(m and is_cue_heading(m.group(1), cues) and is_headline(m.group(2), cues))


def is_footer(s: str, cues: Cues) -> bool:
    return bool(cues.footer.search(s)) and len(words(s)) <= 25


def is_link(s: str) -> bool:
    return _URL.fullmatch(s.strip()) is not None


# --- finding -----------------------------------------------------------------

@dataclass
class _Line:
    start: int  # first character
    end: int  # after the last non-space character
    stop: int  # start of the next line (after "\n"), or the end of the text
    lo: int  # what is left of the line after inline cuts: [lo, hi)
    hi: int
    cut: bool = False  # the whole line is gone


def _lines(text: str) -> Iterator[_Line]:
    pos = 0
    for raw in text.splitlines(keepends=True):
        stop = pos + len(raw)
        content = raw.rstrip()
        lead = len(raw) - len(raw.lstrip())
        if content.strip():
            yield _Line(pos + lead, pos + len(content), stop, pos + lead, pos + len(content))
        pos = stop


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence-like pieces of text[start:end], split where a new sentence starts with a capital."""
    bounds = [start]
    for m in _BOUNDARY.finditer(text, start, end):
        if m.end() < end and text[m.end()].isupper():
            bounds.append(m.end())
    bounds.append(end)
    return list(zip(bounds, bounds[1:], strict=False))


def find(text: str, cues: Cues | None = None) -> list[Cut]:
    """Boilerplate spans in `text`, each with its reason (unmerged, in no particular order)."""
    cues = cues or load_cues()
    lines = list(_lines(text))
    cuts: list[Cut] = []
    skip_until = -1
    for k, line in enumerate(lines):
        if k <= skip_until:
            continue
        s = text[line.start:line.end]
        if is_cue_heading(s, cues) and len(words(s)) <= cues.heading_max_words:
            # The heading and the run of headlines under it.
            last = k
            while last + 1 < len(lines) and is_headline(text[lines[last + 1].start:lines[last + 1].end], cues):
                last += 1
            for j in range(k, last + 1):
                lines[j].cut = True
            cuts.append((line.start, lines[last].stop, RELATED))
            skip_until = last
        elif is_cta(s, cues):
            line.cut = True
            cuts.append((line.start, line.stop, CTA))
        elif is_inline_related(s, cues):
            line.cut = True
            cuts.append((line.start, line.stop, RELATED))
        else:
            cuts.extend(_inline(text, line, cues))
    tail = _tail(text, lines, cues)
    tail_start = min((c[0] for c in tail), default=len(text))
    cuts.extend(_headline_runs(text, [line for line in lines if line.start < tail_start], cues))
    cuts.extend(tail)
    return cuts


def _inline(text: str, line: _Line, cues: Cues) -> list[Cut]:
    """CTAs and related links glued before or after the sentences of a line."""
    segs = _segments(text, line.start, line.end)
    if len(segs) < 2:
        return []
    j = len(segs)
    while j > 1 and (is_cta(text[segs[j - 1][0]:segs[j - 1][1]], cues)
                     or is_inline_related(text[segs[j - 1][0]:segs[j - 1][1]], cues)):
        j -= 1
    i = 0
    while i < j - 1 and is_cta(text[segs[i][0]:segs[i][1]], cues):
        i += 1
    out: list[Cut] = []
    if j < len(segs):
        out.append((segs[j][0], line.end, CTA))
        line.hi = segs[j][0]
    if i > 0:
        out.append((line.start, segs[i][0], CTA))
        line.lo = segs[i][0]
    return out


def _headline_runs(text: str, lines: list[_Line], cues: Cues) -> list[Cut]:
    """A list of other stories' headlines inside the body, with no heading: three or more Title-Case
    headlines one after another (a section heading stands alone between paragraphs)."""
    cuts: list[Cut] = []
    run: list[_Line] = []
    for line in [*lines, None]:
        if line is not None and not line.cut and is_strong_headline(text[line.lo:line.hi].strip(), cues):
            run.append(line)
            continue
        if len(run) >= 3:
            for r in run:
                r.cut = True
                cuts.append((r.start, r.stop, HEADLINES))
        run = []
    return cuts


def _tail(text: str, lines: list[_Line], cues: Cues) -> list[Cut]:
    """Headline lists, copyright lines and bare links at the end of the text."""
    block: list[_Line] = []
    for line in reversed(lines):
        if line.cut:
            continue
        s = text[line.lo:line.hi].strip()
        if not s or not (is_headline(s, cues) or is_heading(s, cues) or is_footer(s, cues) or is_link(s)):
            break
        block.insert(0, line)
    if not block:
        return []
    texts = [text[line.lo:line.hi].strip() for line in block]
    end = len(text)
    for h, s in enumerate(texts):
        under = texts[h + 1:]
        if not is_heading(s, cues) or not under:
            continue
        listed = [t for t in under if not (is_footer(t, cues) or is_link(t))]
        if is_cue_heading(s, cues) or (len(listed) >= 2 and all(is_strong_headline(t, cues) for t in listed)):
            return [(block[h].start, end, RELATED)]
    # No heading: a run of Title-Case headlines (two or more) ending the text.
    cuts: list[Cut] = []
    run = 0
    for line, s in zip(reversed(block), reversed(texts), strict=True):
        if is_footer(s, cues):
            cuts.append((line.start, line.stop, FOOTER))
        elif is_link(s):
            cuts.append((line.start, line.stop, LINK))
        elif is_strong_headline(s, cues):
            run += 1
            cuts.append((line.start, line.stop, HEADLINES))
        else:
            break
    return cuts if run >= 2 else [c for c in cuts if c[2] != HEADLINES]
