"""Read a JSON Lines manifest: one document a line, with the metadata we should trust.

Each line is an object with exactly one way to get the text::

    {"path": "a.html", "url": "https://...", "source": "News of Kashmir", "published": "2026-01-08"}
    {"text": "Senior figures from ...", "title": "...", "language": "en"}
    {"url": "https://example.org/article"}

``path`` is relative to the manifest's folder, and must stay inside it (after
``..`` and symbolic links are followed) or inside a folder the caller allows
(``linkwatch ingest --allow-dir``): a manifest is often someone else's file, and
``{"path": "/etc/passwd"}`` must not put a system file into the store. A ``url``
beside ``path`` or ``text`` is only metadata, alone it is fetched.
Optional fields: ``url``, ``source``, ``title``, ``published`` (ISO 8601),
``language``, ``charset`` (the encoding of a ``path`` or ``url`` document, which
wins over what its bytes or server say); unknown fields are ignored so
manifests can carry notes.

A bad line becomes an InputError whose origin is ``MANIFEST:LINE`` (malformed
JSON also says at which column) and the other lines still go in. The manifest is read a line at a time, and a line
longer than ``max_bytes`` (plus some room for the JSON around a ``text``) is
skipped without being held in memory.
"""
from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from linkwatch.ingest.files import read_file
from linkwatch.ingest.http import fetch
from linkwatch.ingest.meta import META_FIELDS, with_meta
from linkwatch.model import RawDocument
from linkwatch.model.dates import DateError, parse_date
from linkwatch.model.errors import InputError
from linkwatch.model.media import sniff

Fetcher = Callable[[str], RawDocument]
_JSON_ROOM = 64 * 1024  # a line holds the JSON keys and metadata beside the text


@dataclass(frozen=True)
class _Reading:
    base: Path  # the manifest's folder: relative paths start here
    roots: tuple[Path, ...]  # resolved folders a path may lead into
    max_bytes: int
    fetcher: Fetcher | None


def read_manifest(
    path: str | os.PathLike[str], *, max_bytes: int, fetcher: Fetcher | None = None,
    allow_dirs: Sequence[str | os.PathLike[str]] = (),
) -> Iterator[RawDocument | InputError]:
    """Yield a RawDocument or an InputError for each non-blank line of the manifest at `path`.

    Lines with only a ``url`` are fetched with `fetcher` (default
    :func:`linkwatch.ingest.http.fetch` with its default limits). A ``path`` must
    lead into the manifest's folder or one of `allow_dirs`.
    """
    name = str(path)
    base = Path(path).parent
    reading = _Reading(base, tuple(Path(d).resolve() for d in (base, *allow_dirs)), max_bytes, fetcher)
    try:
        f = open(path, "rb")
    except OSError as exc:
        yield InputError(name, exc.strerror or str(exc))
        return
    with f:
        for n, line in _lines(f, max_bytes + _JSON_ROOM):
            origin = f"{name}:{n}"
            if line is None:
                yield InputError(origin, f"line is longer than {max_bytes + _JSON_ROOM} bytes")
                continue
            if not line.strip():
                continue
            try:
                yield _document(_parse(line, first=n == 1), origin, reading)
            except InputError as exc:
                yield exc
            except ValueError as exc:
                yield InputError(origin, str(exc))


def _lines(f: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; None for a line over `limit`, which is skipped a chunk at a time."""
    n = 0
    while line := f.readline(limit + 1):
        n += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := f.readline(_JSON_ROOM)) and not rest.endswith(b"\n"):
                pass
            yield n, None
        else:
            yield n, line


def _parse(line: bytes, *, first: bool) -> dict[str, Any]:
    # Without its line break, so that an error at the end of the line is reported at its column, not
    # at "line 2 column 1" of a one-line text.
    line = line.rstrip(b"\r\n")
    try:
        entry = json.loads(line.decode("utf-8-sig" if first else "utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(entry, dict):
        raise ValueError(f"expected a JSON object, got {type(entry).__name__}")
    return entry


def _document(entry: dict[str, Any], origin: str, reading: _Reading) -> RawDocument:
    raw = _read(entry, origin, reading)
    charset = _charset(entry, origin)
    return replace(raw, charset=charset) if charset else raw


def _charset(entry: dict[str, Any], origin: str) -> str | None:
    charset = entry.get("charset")
    if charset is None or "text" in entry:  # inline text is JSON, so Unicode already
        return None
    if not isinstance(charset, str) or not charset.strip():
        raise InputError(origin, "'charset' must be a non-empty string")
    try:
        codecs.lookup(charset.strip())
    except LookupError:
        raise InputError(origin, f"'charset' names no known encoding: {charset[:40]!r}") from None
    return charset.strip()


def _read(entry: dict[str, Any], origin: str, reading: _Reading) -> RawDocument:
    meta, max_bytes, fetcher = _meta(entry, origin), reading.max_bytes, reading.fetcher
    path, text, url = entry.get("path"), entry.get("text"), entry.get("url")
    if path is not None:
        if not isinstance(path, str) or not path:
            raise InputError(origin, "'path' must be a non-empty string")
        file = reading.base / path
        # Checked before anything is read or even tested for existence: where a path leads is the
        # manifest author's choice, what lies outside the allowed folders is not theirs to probe.
        if not any(file.resolve().is_relative_to(root) for root in reading.roots):
            allowed = " or ".join(str(r) for r in reading.roots)
            raise InputError(origin, f"{path[:200]} is outside the manifest's folder; a manifest may only name "
                                     f"files under {allowed} (give more folders with --allow-dir)")
        if not file.exists():
            raise InputError(origin, f"no such file: {path}")
        if file.is_dir():
            raise InputError(origin, f"{path} is a folder; a manifest line names one document")
        raw = read_file(file, max_bytes=max_bytes, **meta)
        if isinstance(raw, InputError):
            raise InputError(origin, f"{path}: {raw.message}")
        return raw
    if text is not None:
        if not isinstance(text, str):
            raise InputError(origin, "'text' must be a string")
        content = text.encode("utf-8")
        if len(content) > max_bytes:
            raise InputError(origin, f"text is {len(content)} bytes, over the limit of {max_bytes}")
        raw = RawDocument(content=content, origin=origin, media_type=sniff(content[:8192]), charset="utf-8")
        return with_meta(raw, **meta)
    if url is not None:
        try:
            return with_meta((fetcher or fetch)(url), **meta)
        except InputError as exc:
            raise InputError(origin, f"{url}: {exc.message}") from None
    raise InputError(origin, "needs one of 'path', 'text' or 'url'")


def _meta(entry: dict[str, Any], origin: str) -> dict[str, str | None]:
    meta: dict[str, str | None] = {}
    for key in META_FIELDS:
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(origin, f"'{key}' must be a string")
        meta[key] = value or None
    if meta["published"] is not None:
        try:
            meta["published"] = parse_date(meta["published"], "'published'")
        except DateError as exc:
            raise InputError(origin, str(exc)) from None
    return meta
