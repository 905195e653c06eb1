"""Metadata given with an input (manifest line, CLI flags) and how it is checked and applied."""
from __future__ import annotations

from dataclasses import replace

from linkwatch.model import RawDocument

META_FIELDS = ("url", "source", "title", "published", "language")


def with_meta(raw: RawDocument, **meta: str | None) -> RawDocument:
    """`raw` with every given (non-None) field replaced: what the user said wins."""
    given = {k: v for k, v in meta.items() if v is not None}
    return replace(raw, **given) if given else raw  # type: ignore[arg-type]


def with_defaults(raw: RawDocument, **meta: str | None) -> RawDocument:
    """`raw` with the given fields filled in only where it has none of its own."""
    missing = {k: v for k, v in meta.items() if v is not None and getattr(raw, k) is None}
    return replace(raw, **missing) if missing else raw  # type: ignore[arg-type]
