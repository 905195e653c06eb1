"""Page furniture and datelines (component ``linkwatch_furniture_v1``).

What the normaliser leaves in the text because cutting it would break a quoted sentence, or
because it cannot tell it from prose on its own, is read here by its shape, and the names in it
are no entities:

* credits: a cue and a colon ('Photo:', 'Photograph:', 'Credit:', 'Video courtesy:') running to
  the end of its line; a bracket holding only credit words ('[Getty]', '(AFP Photo/X)'); a caption
  opening with a name, a comma, credit words and a bar ('Luisa Gonzalez, Reuters | People take part');
* names joined by '/' ('Alfredo Zuniga/AFP/Getty Images', 'Twitter/The Baluchistan Post'): a
  credit or a byline, unless every part is a known place ('New York/Washington');
* bylines: a short line that opens with a byline cue ('By', 'Author:', 'Reporting by') and goes on
  in capitalised words, or a short line of names and a date or a closing colon;
* tweet signatures ('— Name (@handle) October 7, 2024'), handles, site breadcrumbs opening a line
  ('Home News ...'), the agency in a dateline ('Washington, Aug 11 (PTI)'), agency codes after the
  last sentence ('PTI YAS SCY'), and a lone name ending the text (the outlet's signature).

Two kinds of names are re-typed instead: the place that opens a dateline ('QUETTA:', 'BEIRUT —',
'DAMASCUS, Syria (North Press) –') is a place, and a name in a source citation ('(Dawn, September
26)') is an outlet, an organisation. The cue words are data (boilerplate.json); the shapes are
the rules.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from linkwatch.data import load
from linkwatch.extract.geo import KNOWN_PLACE, known_region, place_rank
from linkwatch.extract.state import state_of

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?)"
_TWEET = re.compile(rf"(?:@\w+\s*)*(?:pic\.twitter\.com/\S+\s*)?[—–-]+\s*[^\n()]{{1,60}}\(@\w{{1,30}}\)\s*{_DATE}")
_HANDLE = re.compile(r"(?<![\w.])@\w{2,30}")
_CITATION = re.compile(rf"\(([^()\n]{{2,60}}?),\s*{_DATE}\)")
_CODES = re.compile(r"(?<=[.!?”\"’])((?:\s+[A-Z]{2,5}){2,})\s*\Z")
# A caption opening with its credit: a name of up to four capitalised words, a comma, the agency (credit
# words only), then a bar: 'Luisa Gonzalez, Reuters | People take part in a vigil'.
_PIPE_CREDIT = re.compile(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),\s*([A-Za-z][\w.'’-]*(?:[\s/]+[A-Za-z][\w.'’-]*){0,2})\s*[|│]")
_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*|[a-z]{2,}|\d[\d:,]*")
# A dateline: the place (capitals, or capitalised words), maybe ', Country' or a date, then a colon,
# a dash, or the agency in brackets.
_DATELINE = re.compile(r"^[^\S\n]*(?P<place>[A-Z][A-Za-z.'’-]+(?:[ /]{1,2}[A-Z][A-Za-z.'’-]+){0,3})"
                       rf"(?P<rest>(?:,\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?)?(?:,?\s+{_DATE})?\s*"
                       r"(?:\((?P<agency>[^()\n]{2,30})\)\s*)*)(?P<end>[:—–-]|(?<=\)))", re.M)


def dateline_ends(text: str) -> list[int]:
    """Where the story starts after each dateline ('KABUL (AP) - Militants stormed ...': at 'Militants')."""
    out = []
    for m in _DATELINE.finditer(text):
        place = m.group("place")
        # a colon or a dash ends it ('KABUL (AP) -', 'Quetta, March 6 -'), not a bracket alone: 'Tehreek-e-Jihad
        # Waziristan (TJW), a little-known group' opens a line the same way
        if len(place) >= 3 and m.group("end") in (":", "—", "–", "-") and (
                place.isupper() or place_rank(place.split("/")[0]) != 2 or known_region(place.split("/")[0])):
            end = m.end("end")
            while end < len(text) and text[end] in " \t":
                end += 1
            out.append(end)
    return out


class DatelineBreaks:
    """A dateline is a sentence of its own (component ``linkwatch_datelines_v1``, before the parser). Run into
    the lede, the parser makes its place the subject of the story's first verb ('KABUL (AP) - Militants stormed
    a checkpoint': KABUL stormed it) and the tagger its first word a proper noun, so the attack lost its
    attackers; and the dateline's date dated the lede's event."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        starts = {t.idx: t.i for t in doc}
        for end in dateline_ends(doc.text):
            i = starts.get(end)
            if i is not None and 0 < i < len(doc):
                doc[i].is_sent_start = True
        return doc


class FurnitureFilter:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cues = load("boilerplate.json")
        self.credit_cues = sorted(cues["credit_cues"], key=len, reverse=True)
        self.byline_cues = sorted(cues["byline_cues"], key=len, reverse=True)
        self.credit_words = frozenset(cues["credit_words"])
        self.sections = frozenset(cues["breadcrumb_sections"])
        self.crumb_heads = frozenset(cues["breadcrumb_heads"])
        self.max_words: int = cues["furniture_max_words"]
        credit = "|".join(re.escape(c) for c in self.credit_cues)
        self._credit = re.compile(rf"(?:^|(?<=[.!?”\"’)])\s)[^\S\n]*[•·*]?[^\S\n]*(?:{credit})\s*:[^\n]*$", re.I | re.M)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        drop: list[tuple[int, int]] = []
        for line_start, line in _lines(text):
            drop += [(line_start + a, line_start + b) for a, b in self._in_line(line)]
        drop += [(m.start(), m.end()) for m in self._credit.finditer(text) if _words(m.group()) <= self.max_words + 2]
        drop += [(m.start(), m.end()) for m in _TWEET.finditer(text)]
        drop += [(m.start(), m.end()) for m in _HANDLE.finditer(text)]
        drop += [(m.start(1), m.end(1)) for m in _CODES.finditer(text)]
        drop += _signature(text)
        drop += self._slash_runs(doc)
        drop += self._brackets(text)
        places, outlets = self._datelines(text), [(m.start(1), m.end(1)) for m in _CITATION.finditer(text)]
        self._apply(doc, drop, places, outlets)
        return doc

    # -- lines --------------------------------------------------------------
    def _in_line(self, line: str) -> list[tuple[int, int]]:
        body = line.strip().lstrip("•·*-–— ").strip()
        lead = line.index(body) if body else 0
        if not body:
            return []
        low = body.lower()
        for cue in self.byline_cues:
            if low.startswith(cue + " ") or low.startswith(cue + ":"):
                rest = body[len(cue):].lstrip(": ")
                if rest and _words(rest) <= self.max_words and not rest.rstrip().endswith(".") and _capitalised(rest) >= 0.6:
                    return [(lead, lead + len(body))]
        # 'Asmat Hanafi, Yaqoob Kakar:' / 'Qaiser Butt/mohammad Zafar September 09, 2015'
        names = re.sub(rf"\s*{_DATE}\s*$", "", body).rstrip(":")
        parts = [p.strip() for p in re.split(r",|/|&| and ", names) if p.strip()]
        dated_or_colon = names != body.rstrip(":") or body.endswith(":")
        if dated_or_colon and parts and _words(body) <= self.max_words and all(
                1 <= len(p.split()) <= 3 and any(w[:1].isupper() for w in p.split()) for p in parts) \
                and not any(place_rank(p) in KNOWN_PLACE for p in parts):
            return [(lead, lead + len(body))]
        if (m := _PIPE_CREDIT.match(body)) and all(w.lower() in self.credit_words for w in re.findall(r"[\w.'’-]+", m.group(2))):
            return [(lead, lead + m.end())]  # 'Luisa Gonzalez, Reuters | People take part in ...': a caption's credit
        if (m := re.match(r"\(([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\)", body)) and len(body) > m.end():
            return [(lead, lead + m.end())]  # '(MENAFN) A relatively unknown ...': the agency opening the story
        words = body.split()
        if len(words) > 2 and words[0].lower() in self.crumb_heads and words[1].lower().strip("»>/|") in self.sections:
            return [(lead, lead + len(" ".join(words[:2])))]  # 'Home News <headline>': the crumbs only
        return []

    def _brackets(self, text: str) -> list[tuple[int, int]]:
        """'[Getty]', '(AFP Photo/Delil Souleiman)', '(AFP)': a bracket of credit words only."""
        out = []
        for m in re.finditer(r"[\[(]([^\[\]()\n]{2,60})[\])]", text):
            words = [w.lower() for w in re.findall(r"[\w.'’-]+", m.group(1))]
            if words and words[0] in self.credit_words and all(w in self.credit_words or w[:1].isupper()
                                                               for w in re.findall(r"[\w.'’-]+", m.group(1))):
                out.append((m.start(), m.end()))
        return out

    def _slash_runs(self, doc: Doc) -> list[tuple[int, int]]:
        """Capitalised names joined by '/' with no space: a credit or a byline, unless all are places."""
        out = []
        i = 0
        while i < len(doc):
            tok = doc[i]
            if tok.text != "/" or tok.whitespace_ or i == 0 or doc[i - 1].whitespace_:
                i += 1
                continue
            start = _chunk_start(doc, i)
            chunks = [doc[start:i]]
            j = i
            while j < len(doc) and doc[j].text == "/" and not doc[j].whitespace_:
                end = _chunk_end(doc, j + 1)
                if end == j + 1:
                    break
                chunks.append(doc[j + 1:end])
                j = end
            i = max(j, i + 1)
            if len(chunks) < 2 or any(not c.text or c.text[0].isdigit() for c in chunks):
                continue
            credit = any(w.lower_ in self.credit_words for c in chunks for w in c)
            if not credit and any(place_rank(c.text) in KNOWN_PLACE or known_region(c.text) for c in chunks):
                continue  # 'New York/Washington', a dateline of places
            out.append((chunks[0].start_char, chunks[-1].end_char))
        return out

    def _datelines(self, text: str) -> list[tuple[int, int]]:
        out = []
        for m in _DATELINE.finditer(text):
            place = m.group("place")
            dateline = place.isupper() or m.group("agency") is not None
            if not dateline or len(place) < 3:
                continue
            start = m.start("place")
            for part in re.finditer(r"[^/]+", place):
                if part.group().strip():
                    a = start + part.start() + (len(part.group()) - len(part.group().lstrip()))
                    out.append((a, start + part.end()))
            if m.group("agency"):
                out.append((-m.start("agency") - 1, -m.end("agency") - 1))  # marked: drop, not a place
        return out

    # -- entities ------------------------------------------------------------
    def _apply(self, doc: Doc, drop: list[tuple[int, int]], places: list[tuple[int, int]],
               outlets: list[tuple[int, int]]) -> None:
        org_tokens = {i for m in state_of(doc).org_matches for i in range(m.start, m.end)}
        drop += [(-a - 1, -b - 1) for a, b in places if a < 0]
        places = [(a, b) for a, b in places if a >= 0]
        dropped = _token_set(doc, drop)
        kept: list[Span] = []
        for ent in doc.ents:
            inside = [t.i for t in ent if t.i in dropped]
            if not inside:
                kept.append(ent)
            elif ent.start not in org_tokens and len(inside) < len(ent):
                rest = [t.i for t in ent if t.i not in dropped]
                if rest == list(range(rest[0], rest[-1] + 1)):  # 'Home News ISWAP': the name after the crumbs
                    kept.append(Span(doc, rest[0], rest[-1] + 1, label=ent.label_))
        new: list[Span] = []
        for label, spans in (("GPE", places), ("ORG", outlets)):
            for a, b in spans:
                sp = doc.char_span(a, b, alignment_mode="expand")
                if sp is None or any(t.i in dropped for t in sp):
                    continue
                for ent in kept:
                    if ent.start < sp.end and sp.start < ent.end and ent.start not in org_tokens \
                            and ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"):
                        new.append(Span(doc, ent.start, ent.end, label=label) if label == "ORG" else
                                   Span(doc, max(ent.start, sp.start), min(ent.end, sp.end), label=label))
                if label == "GPE" and not any(e.start < sp.end and sp.start < e.end for e in kept):
                    new.append(Span(doc, sp.start, sp.end, label=label))  # 'QUETTA:' the model missed
        doc.ents = filter_spans(new + [e for e in kept if not any(n.start < e.end and e.start < n.end for n in new)])


def _signature(text: str) -> list[tuple[int, int]]:
    """A last line of one to three capitalised words, no sentence: the outlet signing off ('News.Az')."""
    body = text.rstrip()
    start = body.rfind("\n") + 1
    last = body[start:].strip()
    words = last.split()
    if start > 0 and 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not last.endswith((".", "!", "?", '"', "”")):
        return [(start + body[start:].index(last), len(body))]
    return []


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _words(s: str) -> int:
    return len(s.split())


def _capitalised(s: str) -> float:
    words = [w for w in re.findall(r"[A-Za-z][\w.'’-]*", s) if w.lower() not in ("of", "and", "the", "pm", "am")]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _chunk_start(doc: Doc, slash: int) -> int:
    """Where the name before a '/' starts: up to three capitalised words ('Alfredo Zuniga/...')."""
    i = slash - 1
    if not (doc[i].text[:1].isalpha() and (doc[i].is_title or doc[i].is_upper)):
        return slash
    while i > 0 and slash - i < 3 and (doc[i - 1].is_title or doc[i - 1].is_upper) and doc[i - 1].is_alpha \
            and doc[i - 1].whitespace_ and doc[i].is_sent_start is not True:
        i -= 1
    return i


def _chunk_end(doc: Doc, start: int) -> int:
    """Where the name after a '/' ends: up to four words, capitalised but for a first one ('mohammad Zafar')."""
    j = start
    while j < len(doc) and j - start < 4 and doc[j].is_alpha and (doc[j].is_title or doc[j].is_upper or j == start):
        j += 1
        if not doc[j - 1].whitespace_:
            break
    return j if any(t.text[:1].isupper() for t in doc[start:j]) else start


def _token_set(doc: Doc, spans: list[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for a, b in spans:
        sp = doc.char_span(a, b, alignment_mode="expand")
        if sp is not None:
            out.update(range(sp.start, sp.end))
    return out

