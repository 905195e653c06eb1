"""Media types, and a guess at what kind of bytes an input holds: HTML, plain text, an RSS/Atom feed, or binary.

It lives in the model, beside RawDocument.media_type, because both ingest (which
labels what it reads) and normalise (which decides how to decode and extract it)
need it, and no stage may import a later one.

Declared types (an HTTP Content-Type, a file extension) are often wrong or too
vague (``text/xml`` for RSS, ``application/octet-stream`` for everything), so
the first bytes decide whenever they carry a definite signal; the declaration
is only the tie-breaker.
"""
from __future__ import annotations

import re

HTML = "text/html"
TEXT = "text/plain"
XML = "application/xml"
RSS = "application/rss+xml"
ATOM = "application/atom+xml"
RDF = "application/rdf+xml"  # RSS 1.0
BINARY = "application/octet-stream"

FEED_TYPES = frozenset({RSS, ATOM, RDF})
HTML_TYPES = frozenset({HTML, "application/xhtml+xml"})
# Declarations too vague to trust over the content.
_GENERIC = frozenset({"", BINARY, XML, "text/xml", "application/x-unknown", "binary/octet-stream"})

# Signatures of formats that are certainly not text. Checked on the first bytes only.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x7fELF", "ELF"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh91AY&SY", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE (old MS Office)"),
    (b"\x00asm", "WebAssembly"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"\xca\xfe\xba\xbe", "Mach-O/Java class"),
    (b"\xcf\xfa\xed\xfe", "Mach-O"),
    (b"RIFF", "RIFF (audio/video/image)"),
    (b"OggS", "Ogg"),
    (b"ID3", "MP3"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM"),
)

_EXTENSIONS = {
    ".html": HTML, ".htm": HTML, ".xhtml": HTML, ".shtml": HTML,
    ".txt": TEXT, ".text": TEXT, ".md": TEXT,
    ".rss": RSS, ".atom": ATOM,
}

# Things that may precede the root element of an XML or HTML document.
_PROLOGUE = re.compile(r"\s*(?:<\?[^>]*\?>|<!--.*?-->)", re.S)
# A doctype names the root element; its internal subset [...] may contain ">" and tags.
_DOCTYPE = re.compile(r"\s*<!doctype\s+([\w:.-]+)[^\[>]*(\[.*?\]\s*)?>", re.S | re.I)
_ROOT_TYPES = {"rss": RSS, "feed": ATOM, "rdf:rdf": RDF, "rdf": RDF}
_HTML_START = re.compile(r"<!doctype\s+html|<(?:html|head|body|meta|title|article|div|p|main|section|h[1-6]|header|nav|link|script|style|table|span|a)[\s/>]", re.I)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def binary_kind(head: bytes) -> str | None:
    """The name of a binary format whose signature `head` starts with, else None."""
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    return None


def _head_text(head: bytes) -> str:
    """The first bytes as text, good enough to look at markup (which is ASCII)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    # latin-1 never fails and keeps ASCII markup intact whatever the real charset.
    return head.decode("latin-1")


def sniff(head: bytes, *, declared: str | None = None, name: str | None = None) -> str:
    """Media type of content starting with `head` (a few KB are plenty).

    Order of trust: a definite signature in the content (binary magic, a feed
    root element, an HTML doctype/tag); then a specific declaration; then the
    file extension of `name`; then plain text.
    """
    declared = (declared or "").split(";")[0].strip().lower()
    if binary_kind(head):
        return BINARY
    text = _head_text(head[:8192])
    pos = 0
    while m := _PROLOGUE.match(text, pos):
        pos = m.end()
    if doctype := re.match(r"\s*<!doctype\s+([\w:.-]+)", text[pos:], re.I):
        root_name = doctype.group(1).lower()
        if root_name in _ROOT_TYPES:
            return _ROOT_TYPES[root_name]
        if root_name == "html":
            return HTML
        if full := _DOCTYPE.match(text, pos):
            pos = full.end()
            while m := _PROLOGUE.match(text, pos):
                pos = m.end()
    rest = text[pos:].lstrip()
    if rest.startswith("<"):
        root = _ROOT.match(rest)
        tag = root.group(1).lower() if root else ""
        if tag in _ROOT_TYPES:
            return _ROOT_TYPES[tag]
        if _HTML_START.match(rest) or _HTML_START.search(rest[:2048]):
            return HTML
        if text.lstrip().startswith("<?xml"):
            return declared if declared in FEED_TYPES else XML
    if declared and declared not in _GENERIC:
        return declared
    if name:
        ext = name[name.rfind("."):].lower() if "." in name else ""
        if ext in _EXTENSIONS and _EXTENSIONS[ext] not in FEED_TYPES:
            return _EXTENSIONS[ext]
    return TEXT


def is_feed_type(media_type: str | None) -> bool:
    return (media_type or "").split(";")[0].strip().lower() in FEED_TYPES


def is_html_type(media_type: str | None) -> bool:
    return (media_type or "").split(";")[0].strip().lower() in HTML_TYPES
