"""The cleaned text is the source minus deleted spans: never a changed character.

Property tests: for any text (with CRs, tabs, odd spaces, blank-line runs) and
any cuts, the result is made of source spans only, every character removed
outside the cuts is whitespace, and offsets map back exactly.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from linkwatch.normalise.boilerplate import clean
from linkwatch.normalise.edits import apply, merge, unify_newlines

texts = st.text(alphabet=st.sampled_from(list("ab c.\n\r\t\u00a0’\"X:")), max_size=200)


@st.composite
def text_and_cuts(draw):
    text = draw(texts)
    n = len(text)
    cuts = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=5))
    return text, [(min(a, b), max(a, b), "test") for a, b in cuts]


def _check(source: str, cleaned, cuts) -> None:
    # Built only from source spans, in order.
    assert cleaned.text == "".join(source[s:e] for s, e in cleaned.kept)
    assert all(a[1] <= b[0] for a, b in zip(cleaned.kept, cleaned.kept[1:], strict=False))
    # What went missing outside the cuts is whitespace.
    covered: set[int] = set()
    for s, e, _ in cuts:
        covered.update(range(s, e))
    kept: set[int] = set()
    for s, e in cleaned.kept:
        kept.update(range(s, e))
    assert kept.isdisjoint(covered)
    assert all(source[i].isspace() for i in range(len(source)) if i not in kept and i not in covered)
    # Every offset maps back to the same character.
    assert all(cleaned.text[i] == source[cleaned.source_offset(i)] for i in range(len(cleaned.text)))
    # Whitespace rules.
    assert "\r\n" not in cleaned.text
    assert "\n\n\n" not in cleaned.text
    assert cleaned.text == cleaned.text.strip()
    assert all(line == line.rstrip() for line in cleaned.text.split("\n"))


@settings(max_examples=300, deadline=None, database=None)
@given(text_and_cuts())
def test_apply_only_deletes(case):
    text, cuts = case
    source = unify_newlines(text)
    _check(source, apply(source, cuts), merge(cuts))


@settings(max_examples=200, deadline=None, database=None)
@given(texts)
def test_clean_only_deletes(text):
    out = clean(text)
    source = unify_newlines(text)
    assert len(source) == len(text)
    _check(source, out, out.removed)


def test_crlf_trailing_spaces_and_blank_runs():
    out = clean("First line.  \r\nSecond line.\r\n\r\n\r\n\r\n   \nThird.\rFourth.\n\n")
    assert out.text == "First line.\nSecond line.\n\nThird.\nFourth."


def test_inner_spaces_and_typography_are_untouched():
    text = "He said “no”  —  twice…\u00a0and left."
    assert clean(text).text == text


def test_merge_keeps_reasons_of_touching_cuts_apart():
    assert merge([(0, 5, "a"), (5, 9, "b"), (3, 4, "c"), (9, 12, "b")]) == [(0, 5, "a"), (5, 12, "b")]
