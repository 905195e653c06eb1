"""Dates read against a publication date known only to the month or year, and numeric dates."""
from __future__ import annotations

import pytest

from linkwatch.extract.dates import normalise, published_period


@pytest.mark.parametrize(("text", "published", "iso"), [
    ("September 26", "2022-10", "2022-09-26"),  # no year: the latest not after the publication month
    ("22 August", "2023-08", "2023-08-22"),  # within the publication month: that year
    ("in April", "2022-10", "2022-04"),
    ("on Tuesday", "2022-10", "2022"),  # a Tuesday of late September or of October: only the year agrees
    ("earlier this week", "2023-08", "2023-08"),
    ("last week", "2023-08", "2023"),
    ("this year", "2023", "2023"),
    ("on Tuesday", "2022-10-14", "2022-10-11"),  # a day's publication: as before
])
def test_a_publication_month_gives_what_its_whole_month_agrees_on(text: str, published: str, iso: str) -> None:
    assert normalise(text, published) == iso


@pytest.mark.parametrize(("text", "iso"), [
    ("13.08.2020", "2020-08-13"),  # dots: day first
    ("03.12.2021", "2021-12-03"),
    ("03/13/2021", "2021-03-13"),  # 13 is no month: month first
    ("13/03/2021", "2021-03-13"),
    ("03/12/2021", "2021"),  # 3 December or 12 March: only the year is sure
    ("05/05/2021", "2021-05-05"),  # both readings agree
    ("2021/03/12", "2021-03-12"),
    ("the 5th of March, 2021", "2021-03-05"),
    ("31.02.2021", None),  # no such day
])
def test_numeric_dates(text: str, iso: str | None) -> None:
    assert normalise(text, None) == iso


def test_publication_periods() -> None:
    assert published_period("2022-10") == (published_period("2022-10-01")[0], published_period("2022-10-31")[0])  # type: ignore[index]
    assert published_period("2024")[1].isoformat() == "2024-12-31"  # type: ignore[index]
    assert published_period("unknown") is None
