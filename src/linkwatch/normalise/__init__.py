"""Normalise: RawDocument -> Document, the text on which every later offset is defined.

Steps: decode the bytes (:mod:`.encoding`); for HTML, extract the main text and
the page's metadata (:mod:`.html`); tell the language (:mod:`.language`); cut boilerplate and tidy whitespace by
deletions only (:mod:`.boilerplate`, :mod:`.edits`). Near-duplicate
fingerprints (:mod:`.fingerprint`) are computed by the pipeline, which owns
the band index.

Metadata given with the input (manifest line, CLI flags, feed entry) wins over
what an HTML page says about itself.
"""
from __future__ import annotations

from linkwatch.model import Document, RawDocument
from linkwatch.model.dates import valid_or_none
from linkwatch.model.errors import InputError
from linkwatch.model.media import XML, is_feed_type, is_html_type, sniff
from linkwatch.normalise.boilerplate import clean
from linkwatch.normalise.encoding import decoded
from linkwatch.normalise.html import Page, html_to_text
from linkwatch.normalise.language import detect

__all__ = ["normalise"]


def normalise(raw: RawDocument) -> Document:
    """The cleaned Document for `raw`; raises InputError if there is no usable text.

    ``Document.removed`` holds the boilerplate cuts as offsets into the text
    before cleaning (the decoded text, or for HTML the extracted text).
    ``ingested_at`` is left for the store to set.
    """
    media_type = raw.media_type
    if is_feed_type(media_type) or is_feed_type(sniff(raw.content[:8192], declared=media_type)):
        raise InputError(raw.origin, "is an RSS/Atom feed; its entries are read by ingest.read_feed")
    decoding = decoded(raw)
    page = Page(text=decoding.text)
    if is_html_type(media_type) or media_type == XML:
        page = html_to_text(decoding.text, url=raw.url)
        if not page.text.strip():
            raise InputError(raw.origin, "no article text found in the HTML: it shows no text at all "
                                         "(only markup, scripts or styles)")
    cleaned = clean(page.text)
    if not cleaned.text:
        raise InputError(raw.origin, "nothing left after removing boilerplate")
    return Document(
        id=Document.make_id(cleaned.text),
        raw_sha256=raw.sha256,
        text=cleaned.text,
        origin=raw.origin,
        url=raw.url or page.url,
        source=raw.source or page.sitename,
        title=raw.title or page.title,
        # What the page says about itself is not checked by anyone else: an impossible date is dropped.
        published=raw.published or valid_or_none(page.date, "page date"),
        # Declared (manifest, feed, <html lang>) wins and is kept as declared; else the script of the text
        # says it (normalise.language).
        language=raw.language or page.language or detect(cleaned.text),
        encoding=decoding.encoding,
        replacements=decoding.replacements,
        encoding_note=decoding.note,
        removed=cleaned.removed,
    )
