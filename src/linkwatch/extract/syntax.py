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


def singular_forms(word: str) -> set[str]:
    """What a plural word may be the plural of, by the regular endings ('gunmen' -> 'gunman', 'militias' ->
    'militia', 'parties' -> 'party'); empty for a word with none of them. For words the tagger took for names,
    which it gives themselves as lemma ('Jihadists' after a dateline)."""
    out = set()
    if word.endswith("men"):
        out.add(word[:-3] + "man")
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    if word.endswith("s"):
        out.add(word[:-1])
    return out


def conjuncts(tok: Token) -> list[Token]:
    """Every token coordinated with `tok` ('A, B and C'), in order."""
    out, todo = [], [c for c in tok.children if c.dep_ == "conj"]
    while todo:
        t = todo.pop(0)
        out.append(t)
        todo += [c for c in t.children if c.dep_ == "conj"]
    return out


def in_description(tok: Token) -> bool:
    """'Boko Haram, which kidnapped schoolgirls in Chibok, ...', 'Shekau, behind the 2014 kidnapping', 'a voice
    resembling that of Shekau, behind the kidnapping': a token inside a description of someone or something (a
    relative clause, an apposition, a participle) is background to what its sentence reports. But a
    'when'/'where' clause carries the story on ('in August 2020, when insurgents occupied the town'), and what
    a statement says is its content, not a description ('the allegations made by X that India had a hand in
    the hijack', 'reports that ...')."""
    for a in [tok, *tok.ancestors]:
        if a.dep_ in ("ccomp", "csubj") or _content(a):
            return False
        if a.dep_ == "appos":
            return True
        if a.dep_ == "relcl" and not any(c.dep_ == "advmod" and c.lower_ in ("when", "where") for c in a.children):
            return True
        if a.dep_ == "acl":
            return True
    return False


def _content(verb: Token) -> bool:
    return verb.dep_ in ("acl", "relcl") and any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if")
                                                 for c in verb.children)
