"""Dates in news text, normalised against the article's publication date.

The result is as precise as the words: 'in 2023' -> '2023', 'in February 2025'
-> '2025-02', 'February 5' -> '2025-02-05' (the year taken from the publication
date, or the year before when that would put it in the future), 'last week' ->
the month of the week before publication. Anything vaguer ('recent years')
gives None.

News reports what happened, so a date without a year or a bare weekday is the
latest one not after publication ('the October 7 attacks' in a February article:
last October; 'on Friday': the Friday before). Only a future cue turns it
forward: in the words themselves ('next month', 'tomorrow', 'next Friday'), or,
from the caller, in the clause ('will meet on Friday': ``future=True``).
'next Friday' may mean the coming one or the one after, so it is given only as
precisely as both readings agree (their month, or their year).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from linkwatch.data import load


@dataclass(frozen=True)
class _Words:
    """The date words of data/en/dates.json, as the patterns below use them."""

    months: dict[str, int]  # every written form ('feb', 'february') -> month number
    month: str  # pattern of a month word, capturing the form
    ambiguous: dict[str, re.Pattern[str]]  # 'may' -> the words after which it is a month
    day: str  # pattern of a day number, capturing the number
    weekdays: dict[str, int]  # name -> 0 (Monday) .. 6
    weekday: str  # alternation of the weekday names
    numbers: dict[str, int]  # 'three' -> 3
    number: str  # pattern of a count, in digits or words, capturing it
    ahead: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _words() -> _Words:
    d = load("dates.json")
    months = {form: n for n, forms in enumerate(d["months"], 1) for form in forms}
    numbers = {w: int(n) for w, n in d["number_words"].items()}
    return _Words(
        months=months,
        month=rf"({_alternation(list(months))})\.?",
        ambiguous={m: re.compile(rf"\b({_alternation(before)})\s*-?{re.escape(m)}\b")
                   for m, before in d["ambiguous_months"].items()},
        day=rf"(\d{{1,2}})(?:{_alternation(d['ordinal_suffixes'])})?",
        weekdays={w: i for i, w in enumerate(d["weekdays"])},
        weekday=_alternation(d["weekdays"]),
        numbers=numbers,
        number=rf"(\d+|{_alternation(list(numbers))})",
        ahead=re.compile(rf"\b({_alternation(d['ahead_words'])})\b"),
    )


_YEAR = r"((?:19|20)\d{2})"


def parse_published(published: str | None) -> date | None:
    """The publication day, when the metadata gives one."""
    period = published_period(published)
    return period[0] if period and period[0] == period[1] else None


def published_period(published: str | None) -> tuple[date, date] | None:
    """First and last day the publication date allows: one day, a month ('2022-10') or a year."""
    if not published:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", published)
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(3):
            day = date(year, int(m.group(2)), int(m.group(3)))
            return day, day
        if m.group(2):
            first = date(year, int(m.group(2)), 1)
            return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def _ym(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _month_year(month: int, pub: date | None, future: bool = False) -> int | None:
    if pub is None:
        return None
    if future:
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def normalise(text: str, published: str | None, future: bool = False) -> str | None:
    """ISO date for a date expression, as precise as it allows; None when it names no date.
    `future`: the clause speaks of what is to come ('will meet on Friday'), so a bare weekday or a
    date without a year is the next one from publication, not the last.

    When the publication date is only a month or a year ('2022-10'), a date without a year is read
    against the end of that period (the start, for the future), and a relative one ('on Tuesday',
    'last week') is given only as precisely as its readings from both ends agree."""
    t = " ".join(text.lower().replace(",", " ").split())
    period = published_period(published)
    ahead = future or _ahead(t)
    if period is None or period[0] == period[1]:
        value, _ = _read(t, period[0] if period else None, ahead)
        return value
    start, end = period
    value, relative = _read(t, start if ahead else end, ahead)
    if not relative:
        return value
    other, _ = _read(t, end if ahead else start, ahead)
    return value if value == other else _common(value, other)


def _common(a: str | None, b: str | None) -> str | None:
    """What two readings of a date have in common: their month, else their year, else nothing."""
    if not a or not b:
        return None
    if a[:7] == b[:7] and len(a) >= 7 and len(b) >= 7:
        return a[:7]
    return a[:4] if a[:4] == b[:4] else None


def _read(t: str, pub: date | None, ahead: bool) -> tuple[str | None, bool]:
    """The date `t` names, read against the publication day `pub`; and whether it is relative to it."""
    w = _words()
    if m := re.search(r"\b(\d{4})[-/.](\d{2})[-/.](\d{2})\b", t):
        return _full(int(m.group(1)), int(m.group(2)), int(m.group(3)), pub), False  # '2025-02-30' in a text names no date
    if m := re.search(rf"\b(\d{{1,2}})([-/.])(\d{{1,2}})\2{_YEAR}\b", t):
        return _numeric(int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))), False
    if m := re.search(rf"\b{w.month} {w.day}(?: {_YEAR})?\b", t):
        month, day = w.months[m.group(1)], int(m.group(2))
        year = int(m.group(3)) if m.group(3) else None
        return _full(year, month, day, pub, ahead), False
    if m := re.search(rf"\b{w.day} (?:of )?{w.month}(?: {_YEAR})?\b", t):
        month, day = w.months[m.group(2)], int(m.group(1))
        year = int(m.group(3)) if m.group(3) else None
        return _full(year, month, day, pub, ahead), False
    if m := re.search(rf"\b{w.month} (?:of )?{_YEAR}\b", t):
        return _refined(t, f"{int(m.group(2)):04d}-{w.months[m.group(1)]:02d}", pub, ahead), False
    if m := re.search(r"\b(?:19|20)\d{2}\b", t):
        if not re.search(r"\d{4}s\b", t):  # 'the 1990s' names a decade, not a year
            return m.group(0), False
        return None, False
    if pub is None:
        return None, False
    value = _relative(t, pub, ahead)
    return value, value is not None and not re.search(rf"\b-?{w.month}\b", t)


def _numeric(a: int, sep: str, b: int, year: int) -> str | None:
    """'13.08.2020', '03/12/2021'. Day first unless the first number cannot be a day's month partner:
    a number above 12 is the day; with '/' and both numbers 12 or less the order is the writer's
    convention (03/12 is 3 December in most of the world, 12 March in the US), so only what both
    readings share is given. Dots and hyphens are written day first."""
    day_first = _full(year, b, a, None)
    month_first = _full(year, a, b, None)
    if a > 12 or sep in ".-":
        return day_first
    if b > 12:
        return month_first
    return _agreed_iso(day_first, month_first)


def _agreed_iso(a: str | None, b: str | None) -> str | None:
    if a == b:
        return a
    return _common(a, b)


def _refined(t: str, month: str, pub: date | None, ahead: bool) -> str:
    """A month the patterns read ('March 2021') made a day when the words also give one in a form they
    do not spell ('the 5th of March, 2021', 'March the 5th'): dateparser reads it, and its reading is
    kept only when it lies in that month."""
    if not re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", t.replace(month[:4], " ")):
        return month
    found = _dateparser(t, pub, ahead)
    return found if found and found.startswith(month) else month


def _dateparser(t: str, pub: date | None, ahead: bool) -> str | None:
    import dateparser  # half a second's set-up, paid only by a text that needs it

    settings: dict[str, object] = {"PREFER_DATES_FROM": "future" if ahead else "past",
                                   "REQUIRE_PARTS": ["day", "month", "year"]}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    found = dateparser.parse(t, languages=["en"], settings=settings)
    return found.date().isoformat() if found else None


def _ahead(t: str) -> bool:
    """Words that point forward by themselves: 'next', 'coming', 'upcoming'."""
    return bool(_words().ahead.search(t))


def _full(year: int | None, month: int, day: int, pub: date | None, future: bool = False) -> str | None:
    if not 1 <= month <= 12:
        return None
    if year is None:
        if pub is None:
            return None
        if future:
            year = pub.year if (month, day) >= (pub.month, pub.day) else pub.year + 1
        else:
            year = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _relative(t: str, pub: date, future: bool = False) -> str | None:
    w = _words()
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", t):
        return pub.isoformat()
    if "yesterday" in t:
        return (pub - timedelta(days=1)).isoformat()
    if "tomorrow" in t:
        return (pub + timedelta(days=1)).isoformat()
    if m := re.search(rf"\b(last|this|on|earlier|past|next|coming)?\s*({w.weekday})\b", t):
        if m.group(1) not in ("last", "past", "earlier") and (future or m.group(1) in ("next", "coming")):
            ahead = (w.weekdays[m.group(2)] - pub.weekday()) % 7 or 7
            coming = pub + timedelta(days=ahead)
            return _agreed(coming, coming + timedelta(days=7)) if m.group(1) == "next" else coming.isoformat()
        back = (pub.weekday() - w.weekdays[m.group(2)]) % 7
        if back == 0 and m.group(1) in ("last", "past"):
            back = 7
        return (pub - timedelta(days=back)).isoformat()
    if re.search(r"\b(next|coming) week\b", t):
        return _ym(pub + timedelta(days=7))
    if re.search(r"\b(next|coming) month\b", t):
        return _ym(pub.replace(day=28) + timedelta(days=4))
    if re.search(r"\b(next|coming) year\b", t):
        return f"{pub.year + 1:04d}"
    if m := re.search(rf"\b{w.number} (day|week)s? ago\b", t):
        n = int(m.group(1)) if m.group(1).isdigit() else w.numbers[m.group(1)]
        if m.group(2) == "day":
            return (pub - timedelta(days=n)).isoformat()
        return _ym(pub - timedelta(days=7 * n))
    if re.search(r"\b(last|past|previous) week\b", t):
        return _ym(pub - timedelta(days=7))
    if re.search(r"\bthis week\b|\bearlier this week\b", t):
        return _ym(pub)
    if re.search(r"\b(last|previous|past) month\b", t):
        return _ym(pub.replace(day=1) - timedelta(days=1))
    if re.search(r"\bthis month\b", t):
        return _ym(pub)
    if re.search(r"\b(last|previous|past) year\b", t):
        return f"{pub.year - 1:04d}"
    if re.search(r"\bthis year\b", t):
        return f"{pub.year:04d}"
    if m := re.search(rf"\b-?{w.month}\b", t):
        if m.group(1) not in w.ambiguous or w.ambiguous[m.group(1)].search(t):
            month = w.months[m.group(1)]
            year = _month_year(month, pub, future)
            if re.search(r"\bnext\b", t) and month == pub.month:
                year = pub.year + 1  # 'next February' in February
            return f"{year:04d}-{month:02d}" if year else None
    return None


def _agreed(a: date, b: date) -> str | None:
    """What two readings of a date have in common: their month, else their year, else nothing."""
    if (a.year, a.month) == (b.year, b.month):
        return _ym(a)
    return f"{a.year:04d}" if a.year == b.year else None


def more_precise(a: str | None, b: str | None) -> str | None:
    """The more precise of two compatible dates; `a` when they conflict."""
    if not a:
        return b
    if not b:
        return a
    if b.startswith(a) and len(b) > len(a):
        return b
    return a


def compatible(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)
