"""Whether one document's names for two of its things say they are two (:func:`distinguishes`): what
keeps two nodes apart whatever their names score, in incremental resolution and in reconciliation.
"""
from __future__ import annotations

from collections.abc import Iterable

from linkwatch.resolve.names import (
    PART_MATCH,
    NameForm,
    _align,
    analyse,
    compare,
    consonants,
    full_names,
    is_generic,
    stem_similarity,
)
from linkwatch.text import skeleton


def distinguishes(left: Iterable[str], right: Iterable[str], kind: str, one_document: bool = False) -> bool:
    """Whether one document's names for two of its things say they are two ('Ahmed Dirie Warsame' and
    'Yusuf Dirie Warsame': different given names; 'Islamic State' and 'Islamic State West Africa
    Province'; two factions), rather than that the document failed to see they were one ('Sarfraz
    Bugti' and 'Sarfaraz Bugti'; 'Bugti' and 'Sarfraz Bugti'; 'Rwandan Defence Forces' and 'Rwanda
    Defense Force'). Between people only their full names can tell them apart. Within `one_document`
    a writer spells one name one way, give or take vowels and a slip of the keys: two spellings whose
    consonants differ ('Hafsan' / 'Hasan') are two names there, though across outlets they could be one."""
    left, right = list(dict.fromkeys(left)), list(dict.fromkeys(right))
    if kind == "person":
        left, right = full_names(left), full_names(right)
    if not left or not right:
        return False
    return all(_conflict(analyse(x, kind), analyse(y, kind), one_document) for x in left for y in right)


def _same_consonants(a: str, b: str) -> bool:
    """The same consonants in the same order (vowel drift), or the same consonants in another order
    (a slip of the keys: Degaldo / Delgado)."""
    return skeleton(a) == skeleton(b) or sorted(consonants(a)) == sorted(consonants(b))


def _conflict(a: NameForm, b: NameForm, one_document: bool = False) -> bool:
    """Each name has a distinctive part the other lacks, or one is made of generic words only and the
    other is not ('Islamic State' / 'Islamic State West Africa Province'), or their factions differ.
    A name within the other ('Bugti', 'Amarula' / 'Hotel Amarula') may be its short form: no conflict."""
    if a.faction != b.faction:
        return True
    if not one_document and compare(a, b).score >= PART_MATCH:
        return False

    def has(y: NameForm, p: str) -> bool:
        if not one_document:
            return bool(_align((p,), y.parts, y.kind))
        return any(p == q or _same_consonants(p, q) or (y.kind != "person" and stem_similarity(p, q) > 0)
                   for q in y.parts)

    def lacks(x: NameForm, y: NameForm) -> bool:
        return any(not is_generic(p, x.kind) and not has(y, p) for p in x.parts)

    def generic_only(x: NameForm) -> bool:
        return all(is_generic(p, x.kind) for p in x.parts)

    if a.kind != "person" and generic_only(a) != generic_only(b):
        return True
    return lacks(a, b) and lacks(b, a)
