"""The one parser and validator for every date that enters linkwatch.

Manifest and ``--published`` dates, ``--since``, API parameters, the date a page
declares and an ISO date written in an article all go through :func:`parse_date`,
so a value is checked once, against the calendar, in one place:

- a date at any precision, ``2025``, ``2025-02`` or ``2025-02-06``, is kept as given
  (news dates are often only as precise as a month), after checking that the month
  and the day exist (``2025-02-30`` and ``2023-02-29`` are refused);
- a date and time, ``2025-02-06T10:30``, ``2025-02-06 10:30:15.5+05:30``, becomes one
  instant in UTC written as the store writes its own timestamps
  (``2025-02-06T05:30:15.500000Z``). A time without an offset is taken as UTC. The
  conversion matters because timestamps are compared as strings: an offset compared
  as text against UTC times silently moves the cut-off by hours (issue 16, row 9).

Anything else raises :class:`DateError`, whose message names the field and the value.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?"
)
# Shown in refusals: enough of a hostile value to recognise it, never the whole of it.
_SHOWN = 60


class DateError(ValueError):
    """A value that is not a real ISO 8601 date. The message names `field` and (the start of) `value`."""

    def __init__(self, field: str, value: str, reason: str = "") -> None:
        shown = value if len(value) <= _SHOWN else value[:_SHOWN] + "..."
        why = f" ({reason})" if reason else ""
        super().__init__(f"{field}: not an ISO 8601 date{why}: {shown!r}; use YYYY, YYYY-MM, YYYY-MM-DD "
                         f"or YYYY-MM-DDTHH:MM[:SS][+HH:MM]")
        self.field = field
        self.value = value


def parse_date(value: str, field: str = "date") -> str:
    """`value` checked and written one way: a date as precise as given, or a UTC instant.

    >>> parse_date("2025-02")
    '2025-02'
    >>> parse_date("2026-12-07T16:00+03:00")
    '2026-12-07T13:00:00.000000Z'
    """
    if not isinstance(value, str):
        raise DateError(field, repr(value), "not text")
    text = value.strip()
    if m := _DATE.fullmatch(text):
        year, month, day = (int(g) if g else None for g in m.groups())
        _check_day(field, value, year or 0, month or 1, day or 1)
        return text
    if m := _DATETIME.fullmatch(text):
        return _instant(field, value, m)
    raise DateError(field, value)


def is_date(value: str) -> bool:
    """True when :func:`parse_date` accepts `value`."""
    try:
        parse_date(value)
    except DateError:
        return False
    return True


def valid_or_none(value: str | None, field: str = "date") -> str | None:
    """:func:`parse_date` for values we did not ask for (a page's own date, a date in an article's
    text): one that is not a real date is dropped rather than failing the document."""
    if not value:
        return None
    try:
        return parse_date(value, field)
    except DateError:
        return None


def _check_day(field: str, value: str, year: int, month: int, day: int) -> None:
    try:
        date(year, month, day)
    except ValueError as exc:
        raise DateError(field, value, str(exc)) from None


def _instant(field: str, value: str, m: re.Match[str]) -> str:
    year, month, day, hour, minute = (int(g) for g in m.groups()[:5])
    second = int(m.group(6) or 0)
    micro = int((m.group(7) or "0")[:6].ljust(6, "0"))
    _check_day(field, value, year, month, day)
    zone = UTC
    if m.group(9):
        hours, minutes = int(m.group(10)), int(m.group(11) or 0)
        if hours > 23 or minutes > 59:
            raise DateError(field, value, "offset out of range")
        offset = timedelta(hours=hours, minutes=minutes)
        zone = timezone(-offset if m.group(9) == "-" else offset)
    try:
        moment = datetime(year, month, day, hour, minute, second, micro, tzinfo=zone).astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise DateError(field, value, str(exc)) from None
    return instant(moment)


def instant(moment: datetime) -> str:
    """`moment` (timezone-aware) as the store writes timestamps. Formatted by hand: strftime's %Y
    drops the leading zeros of years before 1000 on some platforms."""
    t = moment.astimezone(UTC)
    return (f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}"
            f".{t.microsecond:06d}Z")
