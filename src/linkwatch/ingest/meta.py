"""Metadata given with an input (manifest line, CLI flags) and how it is checked and applied."""
from __future__ import annotations

import re
from dataclasses import replace

from linkwatch.model import RawDocument

# ISO 8601 at any precision from a year down to a timestamp with zone:
# 2025, 2025-02, 2025-02-06, 2025-02-06T10:30, 2025-02-06T10:30:00.5+05:30.
_ISO_DATE = re.compile(
    r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01])"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?"
)

META_FIELDS = ("url", "source", "title", "published", "language")


def is_iso_date(value: str) -> bool:
    """True for an ISO 8601 date (or date-time) at any precision, e.g. ``2025-02``."""
    return _ISO_DATE.fullmatch(value.strip()) is not None


def with_meta(raw: RawDocument, **meta: str | None) -> RawDocument:
    """`raw` with every given (non-None) field replaced: what the user said wins."""
    given = {k: v for k, v in meta.items() if v is not None}
    return replace(raw, **given) if given else raw  # type: ignore[arg-type]


def with_defaults(raw: RawDocument, **meta: str | None) -> RawDocument:
    """`raw` with the given fields filled in only where it has none of its own."""
    missing = {k: v for k, v in meta.items() if v is not None and getattr(raw, k) is None}
    return replace(raw, **missing) if missing else raw  # type: ignore[arg-type]
