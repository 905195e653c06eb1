"""Word folding, transliteration skeletons and date normalisation: pure functions."""
from __future__ import annotations

import pytest

from linkwatch.data import load
from linkwatch.extract.dates import compatible, more_precise, normalise
from linkwatch.text import fold, skeleton


def test_fold_ignores_case_hyphens_and_apostrophes() -> None:
    assert fold("Jama'at-ud-Dawa") == fold("JAMAAT UD DAWA") == "jamaat ud dawa"


@pytest.mark.parametrize(("a", "b"), [
    ("Jaish-e-Mohammad", "Jaish-i-Mohammed"),
    ("Lashkar-e-Taiba", "Lashkar e-Tayyiba"),
    ("Lashkar-e-Toiba", "LASHKAR-I-TAIBA"),
    ("Hizbul Mujahideen", "Hizb-ul-Mujahideen"),
])
def test_transliteration_variants_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_skeleton_keeps_first_letter() -> None:
    assert skeleton("Ansar") != skeleton("Nasr")


PUB = "2025-02-06"  # a Thursday


@pytest.mark.parametrize(("text", "iso"), [
    ("February 5", "2025-02-05"),
    ("in February 2025", "2025-02"),
    ("earlier this year", "2025"),
    ("in 2023", "2023"),
    ("at least 2023", "2023"),
    ("last week", "2025-01"),
    ("on Wednesday", "2025-02-05"),
    ("last Thursday", "2025-01-30"),
    ("yesterday", "2025-02-05"),
    ("5 March 2024", "2024-03-05"),
    ("October 7", "2024-10-07"),  # no year: the latest one not after publication
    ("recent years", None),
    ("the 1990s", None),
])
def test_dates_are_as_precise_as_the_words(text: str, iso: str | None) -> None:
    assert normalise(text, PUB) == iso


@pytest.mark.parametrize(("text", "future", "iso"), [
    ("October 7", False, "2024-10-07"),  # 'the October 7 attacks': the last one before publication
    ("October 7", True, "2025-10-07"),  # 'will meet on October 7'
    ("on Friday", False, "2025-01-31"),
    ("on Friday", True, "2025-02-07"),  # 'will meet on Friday': the coming one
    ("in March", True, "2025-03"),
    ("in March", False, "2024-03"),
    ("next month", False, "2025-03"),  # the words themselves point forward
    ("next week", False, "2025-02"),
    ("next year", False, "2026"),
    ("tomorrow", False, "2025-02-07"),
    ("next Tuesday", False, "2025-02"),  # the coming Tuesday or the one after: both in February
    ("next Friday", False, "2025-02"),
    ("last Tuesday", False, "2025-02-04"),
])
def test_future_dates_only_with_future_cues(text: str, future: bool, iso: str | None) -> None:
    assert normalise(text, PUB, future) == iso


def test_next_weekday_is_only_as_precise_as_both_readings() -> None:
    assert normalise("next Monday", "2025-01-23") == "2025"  # Jan 27 or Feb 3: only the year is sure


def test_relative_dates_need_a_publication_date() -> None:
    assert normalise("last week", None) is None
    assert normalise("in 2023", None) == "2023"


def test_precision_helpers() -> None:
    assert compatible("2025-02", "2025-02-05") and not compatible("2025-02", "2023")
    assert more_precise("2025-02", "2025-02-05") == "2025-02-05"
    assert more_precise("2025-02", "2023") == "2025-02"


def test_vocabularies_load() -> None:
    for name in ("names.json", "roles.json", "certainty.json", "events.json", "place_patterns.json"):
        assert load(name)["about"]
