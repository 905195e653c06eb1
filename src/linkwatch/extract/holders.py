"""Where a role's holder or a described group is written when the parser hangs it elsewhere (used by
``linkwatch_roles_v1``): the name set after a role and a comma, the name before the comma that opens a
second apposition, and the government a country's office holder serves. Each reads the words in order
as well as the parse, since the small model often attaches these phrases to the sentence's first name.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from linkwatch.extract.geo import place_rank
from linkwatch.extract.state import State
from linkwatch.text import fold


def _ref(state: State, tok: Token) -> str | None:
    return state.token_ref.get(tok.i) or state.pronoun_ref.get(tok.i)


def _type(state: State, ref: str | None) -> str | None:
    return state.entities[ref].type if ref in state.entities else None


def set_after(doc: Doc, state: State, role: Token) -> list[str]:
    """"Colombia's first leftist President, Gustavo Petro,": the person named right after the role and a
    comma, set in apposition (the parser may call it a conjunct)."""
    if role.i + 2 >= len(doc) or doc[role.i + 1].text != ",":
        return []
    ref = state.token_ref.get(role.i + 2)
    if ref is None or _type(state, ref) != "person" or \
            not any(c.dep_ in ("appos", "conj") and state.token_ref.get(c.i) == ref for c in role.children):
        return []
    return [ref]


def set_after_group(doc: Doc, state: State, role: Token) -> list[str]:
    """'the president of the Colombian Federation of Cattlemen (Fedegan), Jose Felix Lafourie,', 'a spokesman
    for the Taliban, Zabihullah Mujahid,': the person named right after the role's group (and its bracketed
    short name) and a comma, however parsed."""
    out = []
    for prep in (c for c in role.children if c.dep_ == "prep" and c.lower_ in ("of", "for")):
        for pobj in (p for p in prep.children if p.dep_ == "pobj"):
            ref = state.token_ref.get(pobj.i)
            if ref is None or _type(state, ref) != "organization":
                continue
            end = max(e for s, e in state.entities[ref].mentions if s <= pobj.i < e)
            if end < len(doc) and doc[end].text == "(":
                close = next((t.i for t in doc[end:min(len(doc), end + 8)] if t.text == ")"), None)
                end = close + 1 if close is not None else end
            if end + 1 < len(doc) and doc[end].text == "," and \
                    _type(state, who := state.token_ref.get(end + 1)) == "person" and who is not None:
                out.append(who)
    return out


def government_of(state: State, place: str, body_heads: frozenset[str], demonym_endings: frozenset[str]) -> str | None:
    """The document's entity for the government of `place`, a country ('the Colombian government',
    "Colombia's government", 'Government of Colombia')."""
    country = fold(state.entities[place].name)
    if place_rank(country) != 0:
        return None
    for ref, info in state.entities.items():
        if info.type != "organization":
            continue
        for name in (info.name, *info.aliases):
            parts = [w.removesuffix("'s").removesuffix("’s") for w in fold(name).split()]
            if not any(w in body_heads for w in parts):
                continue
            stems = {w[: -len(e)] for w in parts for e in demonym_endings if w.endswith(e)} | set(parts)
            if country in stems or country in fold(name):
                return ref
    return None


def comma_before(doc: Doc, state: State, word: Token, head: Token) -> str | None:
    """'the Central General Staff (EMC), the other dissidence of the FARC', 'the Second Marquetalia, a
    FARC dissidence': the parser often hangs a second apposition on the sentence's first name; the
    words say what it describes: the name (and its bracketed acronym) right before the comma that
    opens the noun phrase."""
    i = min(word.i, head.i) - 1
    while i >= 0 and doc[i].text != "," and (doc[i].pos_ in ("DET", "ADJ", "NUM") or _ref(state, doc[i])
                                              or doc[i].text in ("'s", "’s")):
        i -= 1  # back over 'a FARC', 'the other'
    if i < 1 or doc[i].text != ",":
        return None
    i -= 1
    if doc[i].text == ")":
        while i > 0 and doc[i].text != "(":
            i -= 1
        i -= 1
    return _ref(state, doc[i]) if i >= 0 else None


def set_beside_object(state: State, role: Token) -> list[str]:
    """'the founding leader of Boko Haram, the late Mohammed Yusuf': the parser sets the holder beside the
    role's group rather than the role; a person in apposition to the object of the role's 'of'."""
    out = []
    for prep in role.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and _type(state, _ref(state, pobj)) == "organization":
                    out += [r for c in pobj.children if c.dep_ == "appos"
                            and _type(state, r := _ref(state, c)) == "person" and r is not None]
    return out
