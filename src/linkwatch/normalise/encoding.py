"""Bytes to text, without guessing when the bytes say what they are.

Order of evidence: a byte-order mark; a charset declared by the transport
(HTTP header) or the manifest (its ``charset`` field), or inside the document
(``<meta charset>``, the XML declaration); strict UTF-8; UTF-8 with damage when
valid multi-byte sequences show that UTF-8 was meant; then a guess among a few
legacy code pages, Windows-1252 first (:mod:`.detect`); and when no code page is
plausible, UTF-8 with every bad sequence replaced. Bytes that do not decode
become U+FFFD and are counted, and every guess or fallback is described in a
note, so a damaged or guessed document is visible (``Document.replacements``,
``Document.encoding_note``, and ``linkwatch ingest`` prints both) instead of
silently altered.

Binary input is refused: a known file signature (PDF, ZIP, PNG, ELF, ...), NUL
bytes outside UTF-16/32, or too many control characters.
"""
from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError
from linkwatch.model.media import binary_kind
from linkwatch.normalise.detect import guess

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


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python's codec name for what was used
    replacements: int  # undecodable byte sequences, each now U+FFFD
    note: str | None = None  # how the encoding was chosen, when the input did not say and it is not UTF-8


def decode(raw: RawDocument) -> tuple[str, str, int]:
    """Return ``(text, encoding, replacements)`` for `raw`, or raise InputError (see :func:`decoded`)."""
    d = decoded(raw)
    return d.text, d.encoding, d.replacements


def decoded(raw: RawDocument) -> Decoded:
    """`raw` as text, with how it was decoded; raise InputError for empty (whitespace only) or binary input."""
    data = raw.content
    kind = binary_kind(data[:64])
    if kind:
        raise InputError(raw.origin, f"binary content ({kind}), not text")
    result = _decode(data, raw)
    if not result.text.strip():
        raise InputError(raw.origin, "empty document")
    return result


def _decode(data: bytes, raw: RawDocument) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, count = decode_counting(data[len(bom):], encoding)
            return Decoded(text, encoding, count)
    unknown = None
    declared = _codec(raw.charset) or _codec(_declared_in(data))
    if declared is None and (raw.charset or _declared_in(data)):
        unknown = f"declared charset {(raw.charset or _declared_in(data) or '')[:40]!r} is unknown"
    if not (declared and declared.startswith(("utf-16", "utf-32"))):
        _refuse_binary(data, raw.origin)
    if declared:
        text, count = decode_counting(data, declared)
        return Decoded(text, declared, count)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0, unknown)
    except UnicodeDecodeError:
        pass
    why = unknown or "no charset declared"
    text, count = decode_counting(data, "utf-8")
    # More valid multi-byte characters than errors mean UTF-8 with damage, not a legacy encoding
    # (whose text forms valid UTF-8 sequences only by accident, and rarely).
    if len(_VALID_NON_ASCII.findall(text)) > count:
        return Decoded(text, "utf-8", count, f"{why}; not valid UTF-8 but mostly so: decoded as UTF-8")
    found = guess(data)
    if found is not None:
        text, count = decode_counting(data, found.encoding)
        return Decoded(text, found.encoding, count,
                       f"{why} and not valid UTF-8: decoded as {found.encoding}, the likeliest code page")
    return Decoded(text, "utf-8", count, f"{why}; not valid UTF-8 and no code page fits: decoded as UTF-8")


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
