"""Expand an RSS or Atom feed into one RawDocument per entry.

Feeds are XML from strangers, so the bytes are first parsed with defusedxml
with DTDs forbidden: a feed that declares a DTD, entities or external
references is refused before feedparser ever sees it, which rules out entity
expansion ("billion laughs") and external-entity reads. The price is that the
rare RSS 0.91 feed carrying a Netscape DOCTYPE is refused too. Bytes that are
not well-formed XML are refused as "not a feed" (feedparser would guess at
them; we would rather say so).

Each entry's link is fetched (``follow=True``) because feeds mostly carry a
teaser; if that fails, or there is no link, the entry's own content or summary
is used. The entry's title and date, and the feed's title as the source, win
over whatever the fetched page says about itself.
"""
from __future__ import annotations

import io
import logging
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import Any

import defusedxml
import defusedxml.ElementTree

from linkwatch.ingest.http import fetch
from linkwatch.ingest.meta import with_meta
from linkwatch.model import RawDocument
from linkwatch.model.dates import valid_or_none
from linkwatch.model.errors import InputError
from linkwatch.model.media import HTML, TEXT, is_feed_type, sniff

log = logging.getLogger(__name__)

Fetcher = Callable[[str], RawDocument]


def is_feed(raw: RawDocument) -> bool:
    """True if `raw` is RSS or Atom, by its media type or its first bytes."""
    return is_feed_type(raw.media_type) or is_feed_type(sniff(raw.content[:8192], declared=raw.media_type))


def check_xml(raw: RawDocument) -> None:
    """Raise InputError unless `raw` is well-formed XML free of DTDs and entity declarations."""
    try:
        defusedxml.ElementTree.fromstring(raw.content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise InputError(raw.origin, f"feed refused: it declares a DTD or entities ({type(exc).__name__})") from None
    except ET.ParseError as exc:
        raise InputError(raw.origin, f"not a feed: the XML is not well-formed ({exc})") from None


def read_feed(
    raw: RawDocument, *, follow: bool = True, fetcher: Fetcher | None = None
) -> Iterator[RawDocument | InputError]:
    """Yield a RawDocument per entry of the feed in `raw`, or InputErrors.

    `fetcher` fetches an entry link (default: :func:`linkwatch.ingest.http.fetch`
    with its default limits). ``raw.source``, if set, names the source of every
    entry; otherwise the feed's title does. ``raw.published`` is used only for
    entries without a date of their own.
    """
    try:
        check_xml(raw)
    except InputError as exc:
        yield exc
        return
    headers = {"content-type": raw.media_type}
    if raw.url:
        headers["content-location"] = raw.url
    if raw.charset:
        headers["content-type"] += f"; charset={raw.charset}"
    # A BytesIO, never the bytes themselves: feedparser treats a str that looks
    # like a URL or a path as something to open.
    import feedparser  # loaded with the first feed: an ingest of articles never pays for it

    parsed = feedparser.parse(io.BytesIO(raw.content), response_headers=headers)
    if not parsed.get("version"):
        yield InputError(raw.origin, "not a feed: XML, but neither RSS nor Atom")
        return
    source = raw.source or parsed.feed.get("title") or None
    get = fetcher or fetch
    for n, entry in enumerate(parsed.entries, 1):
        yield _entry(raw, entry, n, source, get if follow else None)


def _entry(raw: RawDocument, entry: Any, n: int, source: str | None, fetcher: Fetcher | None) -> RawDocument | InputError:
    link = entry.get("link") or None
    if link and not link.lower().startswith(("http://", "https://")):
        link = None  # feedparser takes a non-URL guid ("urn:...") as the link; it cannot be fetched
    origin = link or f"{raw.origin}#entry{n}"
    meta = {
        "title": entry.get("title") or None,
        "published": _date(entry) or raw.published,
        "source": source,
        "language": raw.language,
    }
    failure: InputError | None = None
    if fetcher is not None and link:
        try:
            return with_meta(fetcher(link), **meta)
        except InputError as exc:
            failure = exc
            log.warning("%s; using the feed's own text for this entry", exc)
    body, media_type = _content(entry)
    if body:
        return RawDocument(content=body.encode("utf-8"), origin=origin, media_type=media_type,
                           url=link, charset="utf-8", **meta)
    return failure or InputError(origin, "feed entry has neither a link to follow nor any content")


def _content(entry: Any) -> tuple[str, str]:
    """The entry's fullest text: content over summary, HTML over plain."""
    candidates = [*entry.get("content", [])]
    if entry.get("summary_detail"):
        candidates.append(entry.summary_detail)
    for item in candidates:
        value = (item.get("value") or "").strip()
        if value:
            kind = (item.get("type") or "").lower()
            return value, TEXT if kind == "text/plain" else HTML
    return "", TEXT


def _date(entry: Any) -> str | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    # feedparser fills struct_time fields from whatever the feed said: still check the calendar.
    return valid_or_none(f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}")
