"""Small helpers over spaCy tokens, shared by the rule components."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token


def sentence_starts(doc: Doc) -> list[int]:
    return [s.start for s in doc.sents]


def sentence_of(starts: list[int], i: int) -> int:
    """Index (into `starts`) of the sentence holding token i."""
    return max(0, bisect_right(starts, i) - 1)


def is_plural(tok: Token) -> bool:
    """Plural noun by tag, or (without a tagger) by a lemma that differs from an -s form."""
    if tok.tag_:
        return tok.tag_ in ("NNS", "NNPS")
    return tok.lower_.endswith("s") and bool(tok.lemma_) and tok.lower_ != tok.lemma_.lower()


def conjuncts(tok: Token) -> list[Token]:
    """Every token coordinated with `tok` ('A, B and C'), in order."""
    out, todo = [], [c for c in tok.children if c.dep_ == "conj"]
    while todo:
        t = todo.pop(0)
        out.append(t)
        todo += [c for c in t.children if c.dep_ == "conj"]
    return out
