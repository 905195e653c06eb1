"""Ingest: turn command-line inputs (files, folders, URLs, feeds, manifests) into RawDocuments.

Every reader yields ``RawDocument | InputError`` rather than raising, so one bad
input is reported and the rest still go in. :func:`read_inputs` is the one
entry point the CLI and the web app use.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path

from linkwatch.ingest.feeds import Fetcher, is_feed, read_feed
from linkwatch.ingest.files import read_paths, walk
from linkwatch.ingest.http import fetch
from linkwatch.ingest.manifest import read_manifest
from linkwatch.ingest.meta import with_defaults, with_meta
from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError
from linkwatch.settings import Settings

__all__ = ["InputError", "expected_count", "fetch", "make_fetcher", "read_feed", "read_inputs", "read_manifest",
           "read_paths"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def make_fetcher(settings: Settings) -> Fetcher:
    """:func:`fetch` with the limits from `settings`."""
    return partial(fetch, allow_private=settings.allow_private, timeout=settings.http_timeout,
                   max_bytes=settings.max_bytes, max_redirects=settings.max_redirects)


def read_inputs(
    args: Iterable[str],
    *,
    settings: Settings,
    published: str | None = None,
    source: str | None = None,
    manifests: Iterable[str | os.PathLike[str]] = (),
    follow: bool = True,
    allow_dirs: Sequence[str | os.PathLike[str]] = (),
) -> Iterator[RawDocument | InputError]:
    """Route each argument to its reader, then read each manifest; expand feeds on the way.

    An ``http(s)://`` argument is fetched; an existing path is read as a file or
    folder; anything else is an InputError. A feed (fetched or from a file)
    becomes its entries, whose links are fetched when `follow` is true.
    `published` and `source` override what a plain input says about itself;
    for manifest lines and feed entries they only fill in what is missing.
    A manifest's ``path`` lines may name files in its own folder or in `allow_dirs`.
    """
    fetcher = make_fetcher(settings)
    for arg in args:
        if _SCHEME.match(arg):
            if not arg.lower().startswith(("http://", "https://")):
                yield InputError(arg, "only http and https URLs are supported")
                continue
            try:
                raw = fetcher(arg)
            except InputError as exc:
                yield exc
                continue
            yield from _expand(with_meta(raw, source=source, published=published), fetcher, follow)
        elif os.path.exists(arg):
            for item in read_paths([arg], published=published, source=source, max_bytes=settings.max_bytes):
                yield from _expand(item, fetcher, follow)
        else:
            yield InputError(arg, "no such file or directory, and not an http(s) URL")
    for manifest in manifests:
        for item in read_manifest(manifest, max_bytes=settings.max_bytes, fetcher=fetcher, allow_dirs=allow_dirs):
            if isinstance(item, RawDocument):
                item = with_defaults(item, source=source, published=published)
            yield from _expand(item, fetcher, follow)


def expected_count(args: Iterable[str], manifests: Iterable[str | os.PathLike[str]] = ()) -> int | None:
    """How many documents `read_inputs` will yield, counted without reading any: files, files under
    folders, and manifest lines. None when a URL is given, since a URL may be a feed of any length
    (a progress bar then shows a count and a rate but no end)."""
    total = 0
    for arg in args:
        if _SCHEME.match(arg):
            return None
        total += sum(1 for _ in walk(Path(arg))) if os.path.isdir(arg) else 1
    for manifest in manifests:
        try:
            with open(manifest, "rb") as f:
                total += sum(1 for line in f if line.strip())
        except OSError:
            total += 1  # read_manifest reports it as one error
    return total


def _expand(item: RawDocument | InputError, fetcher: Fetcher, follow: bool) -> Iterator[RawDocument | InputError]:
    # One level only: a feed entry that links to another feed is not followed further.
    if isinstance(item, RawDocument) and is_feed(item):
        yield from read_feed(item, follow=follow, fetcher=fetcher)
    else:
        yield item
