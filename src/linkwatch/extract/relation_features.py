"""What the trained relation classifier sees of two names in one sentence (:mod:`.learned`).

General features only, never a name: the entity types of the two ends in text order, the dependency path
between their heads (labels, and the word where the path turns), the lemmas on that path and between the
two names, the words just before the first and after the second, how far apart they are and how many
other names stand between. Proper nouns and numbers become their class (``<p>``, ``<n>``), so that what
is learnt is the construction ('X, commander of Y', 'X fought Y'), not who was in the training text.

The same function reads training pairs (tools/train_relations.py, re3d's annotated spans) and the pairs the
pipeline finds, so the model is applied to what it was trained on.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

MAX_BETWEEN = 12  # words between the two names read one by one; beyond it only the distance counts
_SHORT = {"person": "per", "organization": "org"}


def _word(tok: Token) -> str:
    if tok.pos_ == "PROPN":
        return "<p>"
    if tok.like_num or tok.pos_ == "NUM":
        return "<n>"
    return (tok.lemma_ or tok.text).lower()


def _bucket(n: int) -> str:
    for top, name in ((0, "0"), (2, "1-2"), (5, "3-5"), (10, "6-10"), (20, "11-20")):
        if n <= top:
            return name
    return "20+"


def _head(doc: Doc, start: int, end: int) -> Token:
    """The token of [start, end) whose head lies outside it (the span's root)."""
    return doc[start:end].root


def path_between(a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]]:
    """The tokens from `a` up to the lowest common ancestor and from `b` up to it (the ancestor excluded),
    and the ancestor (None when the two are in different trees)."""
    up_a = [a, *a.ancestors]
    seen = {t.i: n for n, t in enumerate(up_a)}
    up_b: list[Token] = []
    for t in [b, *b.ancestors]:
        if t.i in seen:
            return up_a[:seen[t.i]], t, up_b
        up_b.append(t)
    return up_a, None, up_b


def pair_features(doc: Doc, x: tuple[int, int], y: tuple[int, int], x_type: str, y_type: str,
                  others: int = 0) -> list[str]:
    """Features of the pair of token spans `x` before `y` (types 'person' / 'organization'); `others`
    is how many other names stand between them."""
    tp = f"{_SHORT.get(x_type, x_type)}>{_SHORT.get(y_type, y_type)}"
    feats = [f"tp={tp}", f"d={_bucket(y[0] - x[1])}", f"nent={min(others, 2)}"]
    between = doc[x[1]:y[0]]
    if len(between) <= MAX_BETWEEN:
        words = [_word(t) for t in between if not t.is_punct or t.text in (",", "(", "'s")]
        feats += [f"w={w}" for w in dict.fromkeys(words)]
        feats.append(f"{tp}|btw={' '.join(words[:6])}" if len(words) <= 6 else f"{tp}|btw=long")
    else:
        feats.append("btw=far")
    if x[0] > 0:
        feats.append(f"b1={_word(doc[x[0] - 1])}")
    if y[1] < len(doc):
        feats.append(f"a1={_word(doc[y[1]])}")
    ha, hb = _head(doc, *x), _head(doc, *y)
    up, top, down = path_between(ha, hb)
    if top is None:
        feats.append("path=none")
        return feats
    deps = [f"{t.dep_}^" for t in up] + [f"{t.dep_}v" for t in reversed(down)]
    lca = "X" if top.i == ha.i else "Y" if top.i == hb.i else _word(top)
    feats += [f"deps={' '.join(deps)}", f"{tp}|deps={' '.join(deps)}", f"path={' '.join(deps)}|{lca}",
              f"lca={lca}", f"{tp}|lca={lca}", f"plen={_bucket(len(deps))}"]
    if lca not in ("X", "Y"):
        feats.append(f"lcapos={top.pos_}")
    # the words the path runs through (the heads of the names excluded): 'commander', 'lead', 'fight'
    for t in [*up[1:], *down[1:]]:
        feats.append(f"on={_word(t)}")
    return feats
