"""Bytes to text, without guessing when the bytes say what they are.

Order of evidence: a byte-order mark; a charset declared by the transport
(HTTP header, manifest) or inside the document (``<meta charset>``, the XML
declaration); strict UTF-8; then charset-normalizer's detection. Bytes that do
not decode become U+FFFD and are counted, so a damaged document is visible
(``Document.replacements``) instead of silently altered.

Binary input is refused: a known file signature (PDF, ZIP, PNG, ELF, ...), NUL
bytes outside UTF-16/32, or too many control characters.
"""
from __future__ import annotations

import codecs
import re
import threading

import charset_normalizer

from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError
from linkwatch.model.media import binary_kind

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Share of C0 control bytes (other than tab, newlines, form feed, escape) above
# which input is taken as binary. Real text has none; 5% leaves room for a
# stray byte or two in short texts.
MAX_CONTROL_SHARE = 0.05
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I
)
# What the web means by these labels (WHATWG Encoding): Latin-1 and ASCII pages are windows-1252.
_VALID_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")
_WEB_ALIASES = {"latin_1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}

_state = threading.local()


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _state.count += 1
    return "\ufffd", exc.end


codecs.register_error("linkwatch.count", _count_and_replace)


def decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """`data` decoded with U+FFFD for each undecodable sequence, and how many there were."""
    _state.count = 0
    text = data.decode(encoding, errors="linkwatch.count")
    return text, _state.count


def decode(raw: RawDocument) -> tuple[str, str, int]:
    """Return ``(text, encoding, replacements)`` for `raw`, or raise InputError.

    Empty (whitespace only) and binary input are errors. `encoding` is
    Python's codec name for what was used.
    """
    data = raw.content
    kind = binary_kind(data[:64])
    if kind:
        raise InputError(raw.origin, f"binary content ({kind}), not text")
    text, encoding, count = _decode(data, raw)
    if not text.strip():
        raise InputError(raw.origin, "empty document")
    return text, encoding, count


def _decode(data: bytes, raw: RawDocument) -> tuple[str, str, int]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, count = decode_counting(data[len(bom):], encoding)
            return text, encoding, count
    declared = _codec(raw.charset) or _codec(_declared_in(data))
    if not (declared and declared.startswith(("utf-16", "utf-32"))):
        _refuse_binary(data, raw.origin)
    if declared:
        text, count = decode_counting(data, declared)
        return text, declared, count
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    text, count = decode_counting(data, "utf-8")
    # Valid multi-byte characters among the errors mean UTF-8 with damage, not
    # a legacy encoding (which would almost never form valid UTF-8 sequences).
    if _VALID_NON_ASCII.search(text):
        return text, "utf-8", count
    best = charset_normalizer.from_bytes(data).best()
    guessed = _codec(best.encoding) if best is not None else None
    if guessed and guessed != "utf-8":
        text, count = decode_counting(data, guessed)
        return text, guessed, count
    return text, "utf-8", count


def _refuse_binary(data: bytes, origin: str) -> None:
    if b"\x00" in data:
        raise InputError(origin, "binary content (NUL bytes), not text")
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise InputError(origin, f"binary content ({controls} control bytes in the first {len(sample)}), not text")


def _declared_in(data: bytes) -> str | None:
    head = data[:4096]
    if not head.lstrip().startswith(b"<"):
        return None
    m = _DECLARED.search(head)
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii")


def _codec(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return _WEB_ALIASES.get(name, name)
