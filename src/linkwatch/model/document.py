"""Documents as they come in (raw) and as every later stage sees them (normalised).

A :class:`RawDocument` keeps the original bytes; its SHA-256 is its identity in
the blob archive. A :class:`Document` holds the cleaned text on which every
offset in the system is defined, so it never changes once stored.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DocStatus(StrEnum):
    """What an ingest run did with one input."""

    ADDED = "added"
    COPY = "copy"  # added, and marked as a near-duplicate of a stored original
    DUPLICATE = "duplicate"  # the same text is already stored: skipped
    FAILED = "failed"  # refused, with an InputError that names the input

    @property
    def stored(self) -> bool:
        return self in (DocStatus.ADDED, DocStatus.COPY)


@dataclass(frozen=True)
class RawDocument:
    """Bytes from one input, with what the input itself told us about them.

    `origin` names the input for error messages and provenance: a path, a URL,
    or ``manifest.jsonl:12``.
    """

    content: bytes
    origin: str
    media_type: str = "text/plain"  # "text/html", "text/plain", "application/rss+xml", ...
    url: str | None = None
    source: str | None = None  # outlet or publisher name, e.g. "News of Kashmir"
    title: str | None = None
    published: str | None = None  # ISO 8601 date as precise as known
    language: str | None = None
    charset: str | None = None  # declared charset, if the transport gave one

    @property
    def sha256(self) -> str:
        return sha256(self.content)


@dataclass(frozen=True)
class Document:
    """A normalised article. `text` is immutable: offsets everywhere index it."""

    id: str
    raw_sha256: str
    text: str
    origin: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    encoding: str = "utf-8"
    replacements: int = 0  # byte sequences that could not be decoded and became U+FFFD
    removed: tuple[tuple[int, int, str], ...] = field(default=())  # boilerplate spans cut from the pre-clean text, with reason
    copy_of: str | None = None  # id of the original when this is a near-duplicate
    similarity: float | None = None  # estimated Jaccard similarity to `copy_of`
    ingested_at: str | None = None  # ISO timestamp when the store learned of it
    # How the encoding was chosen when the input did not declare it and it was not UTF-8 (a guessed code
    # page, damaged UTF-8), so that a guess is never silent; None when nothing was guessed.
    encoding_note: str | None = None
    # Set when the text is longer than the extraction limit (Settings.max_extract_chars): extraction read
    # text[:truncated_at] only. The whole text is stored and searchable.
    truncated_at: int | None = None

    @staticmethod
    def make_id(text: str) -> str:
        """Documents are identified by their cleaned text, so the same article
        fetched twice (even as different bytes, e.g. re-encoded) is one document."""
        return "d" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
