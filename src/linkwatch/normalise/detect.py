"""Which legacy encoding undeclared, non-UTF-8 bytes are in: a few plausible candidates, judged by
what their decoding looks like.

General detectors (charset-normalizer, chardet) cannot tell Windows-1252 from its look-alikes
(Windows-1250, -1257, ISO 8859-2): every byte of Latin text decodes to *some* letter in each.
They picked Windows-1250 for a Windows-1252 file, turning "Muñoz" into "Muńoz" and "Hélène"
into "Hélčne" with nothing counted (issue 16, row 2). So here:

1. Latin candidates are the Windows Latin code pages, Windows-1252 first: among decodings that
   look equally like text, the first wins. Other scripts (Cyrillic, Greek, Hebrew, Arabic, East
   Asian) look equally like text in each of their code pages, so charset-normalizer, restricted
   to those, picks one by its language statistics, and the same score judges it.
2. Each decoding is scored by what cannot be text: a byte the code page leaves undefined; a
   symbol glued to a letter ("Wa³êsa" is Polish read as 1252: "³" inside a word); a sign that
   is not found in articles at all (C1 controls, "¯¸"); a word of two
   or more letters none of which is ASCII in a Latin reading ("Âñòðå÷à" is Russian read as 1252);
   a word mixing scripts ("Hйlиne"); letters of a script that is a small minority of the text
   (four stray bytes in an English article are not a Cyrillic quotation).
3. The best candidate is taken only if at most one in ten of its non-ASCII characters is
   implausible. Otherwise the bytes are not a legacy encoding at all but damaged UTF-8, and the
   caller decodes them as UTF-8 with every bad sequence replaced and counted (issue 16, row 3).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

# Latin code pages, Windows-1252 first (issue 16: preferred over its look-alikes for Latin text), then
# Turkish (more common in this domain's sources than Central European), Central European, Baltic, Vietnamese.
LATIN = ("cp1252", "cp1254", "cp1250", "cp1257", "cp1258")
# Other scripts look equally plausible in every one of their code pages (any byte is some Cyrillic letter in
# Windows-1251), so which one is left to charset-normalizer's language statistics, restricted to these.
OTHER_SCRIPTS = ("cp1251", "koi8_r", "koi8_u", "cp1253", "cp1255", "cp1256", "gb18030", "big5", "shift_jis",
                 "euc_jp", "euc_kr")
# At most this share of a decoding's non-ASCII characters may look wrong for it to be accepted.
MAX_IMPLAUSIBLE = 0.1
# A non-Latin script must make up at least this share of the letters: otherwise its letters are stray bytes.
MIN_SCRIPT_SHARE = 0.2
# Punctuation that sits inside words in real text: apostrophes (don’t, l’État), the middle dot, dashes.
_INNER = frozenset("’‘·\u00ad–—")
# Punctuation and signs that touch a letter on one side: quotes (“Hamas”), Spanish ¡¿, ellipsis, trademarks.
_EDGE = frozenset("“”„‚«»‹›¡¿…™®©°")
# Signs found in text, but apart from letters (£100, 5 × 3, ½, footnote ¹). Glued to a letter they are the
# sign of a wrong code page: "Wa³êsa" is Polish read as Windows-1252.
_APART = frozenset("£€¥¢§±×÷½¼¾²³¹¶ªº\u00a0•")
# Letters only Icelandic and Faroese use: in a Windows-1252 reading they are Turkish ş/ğ read wrong.
_RARE_LATIN = frozenset("ðÐþÞ")
_SCRIPTS = frozenset({"ARABIC", "HEBREW", "GREEK", "ARMENIAN", "CJK"})
_EAST_ASIAN_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH", "IDEOGRAPHIC"})
SAMPLE = 64 * 1024
_HIGH = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True)
class Guess:
    encoding: str
    implausible: int  # characters of the decoding that do not look like text
    non_ascii: int  # characters of the decoding outside ASCII

    @property
    def acceptable(self) -> bool:
        return self.non_ascii > 0 and self.implausible <= MAX_IMPLAUSIBLE * self.non_ascii


def guess(data: bytes) -> Guess | None:
    """The most plausible legacy encoding of `data`, or None when none is plausible (damaged UTF-8)."""
    data = sample(data)
    latin: Guess | None = None
    for encoding in LATIN:
        g = score(data, encoding)
        if latin is None or g.implausible < latin.implausible:
            latin = g
        if g.implausible == 0:
            return g  # in order of preference: nothing later can do better
    other = None
    for match in charset_normalizer.from_bytes(data, cp_isolation=list(OTHER_SCRIPTS)):
        if match.encoding in OTHER_SCRIPTS:
            other = score(data, match.encoding)
            break
    found = [g for g in (latin, other) if g is not None and g.acceptable]
    return min(found, key=lambda g: g.implausible / g.non_ascii) if found else None


def sample(data: bytes, size: int = SAMPLE) -> bytes:
    """The lines that hold non-ASCII bytes, up to `size` bytes of them: only those tell code pages apart,
    and scoring a whole 10 MB file a character at a time for every candidate would cost minutes."""
    if len(data) <= size:
        return data
    out, total = [], 0
    for line in data.splitlines():
        if total >= size:
            break
        if _HIGH.search(line):
            out.append(line[:size])
            total += len(out[-1]) + 1
    return b"\n".join(out)


def score(data: bytes, encoding: str) -> Guess:
    """How much of `data` decoded as `encoding` cannot be text."""
    text = data.decode(encoding, errors="replace")
    non_ascii = sum(1 for c in text if ord(c) > 127)
    return Guess(encoding, implausible(text), non_ascii)


def implausible(text: str) -> int:
    """Count the characters of `text` that would not be there if it had been decoded right."""
    bad = text.count("\ufffd") * 2  # bytes the code page does not define
    scripts: dict[str, int] = {}
    for word in _words(text):
        kinds = {_script(c) for c in word}
        non_ascii = sum(1 for c in word if ord(c) > 127)
        for kind in kinds:
            scripts[kind] = scripts.get(kind, 0) + sum(1 for c in word if _script(c) == kind)
        if len(kinds - {"ASCII"}) > 1 or ("ASCII" in kinds and kinds - {"ASCII", "LATIN"}):
            bad += non_ascii  # scripts mixed inside one word
        elif kinds <= {"ASCII", "LATIN"}:
            if len(word) >= 2 and non_ascii == len(word):
                bad += non_ascii  # a Latin word with no ASCII letter at all
            bad += sum(1 for c in word if c in _RARE_LATIN)
    letters = sum(scripts.values()) or 1
    for kind, n in scripts.items():
        if kind not in ("ASCII", "LATIN") and n < MIN_SCRIPT_SHARE * letters:
            bad += n  # a handful of letters of another script in a text written in this one
    for i, c in enumerate(text):
        if ord(c) <= 127 or c.isalpha() or c == "\ufffd" or c in _INNER:
            continue
        before, after = _letter(text, i - 1), _letter(text, i + 1)
        category = unicodedata.category(c)
        if c in _EDGE:
            bad += before and after
        elif c in _APART:
            bad += before or after
        elif category.startswith("M"):
            bad += not before  # a combining mark (Arabic harakat, Hebrew points, Vietnamese tones) sits on a letter
        elif category == "Nd" or _script_punctuation(c, category):
            continue
        else:
            bad += 1  # C1 controls, box drawing, rare signs: not what articles are made of
    return bad


def _script_punctuation(c: str, category: str) -> bool:
    """Punctuation of a non-Latin script (Arabic comma, Hebrew maqaf, ideographic full stop, fullwidth
    forms): no Latin code page produces these, so they never excuse a wrong Latin reading."""
    if 0x3000 <= ord(c) <= 0x30FF or 0xFF00 <= ord(c) <= 0xFFEF:
        return True
    return category.startswith("P") and _script(c) in _SCRIPTS


def _words(text: str) -> list[str]:
    """Runs of letters (str.isalpha: not digits, not numerals such as ½, which regex \\w would take)."""
    words, start = [], None
    for i, c in enumerate(text):
        if c.isalpha():
            if start is None:
                start = i
        elif start is not None:
            words.append(text[start:i])
            start = None
    if start is not None:
        words.append(text[start:])
    return words


def _letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalpha()


def _script(c: str) -> str:
    if ord(c) < 128:
        return "ASCII"
    name = unicodedata.name(c, "")
    script = name.split(" ", 1)[0] if name else "UNKNOWN"
    # Japanese writes kanji, hiragana and katakana in one word; Korean may mix in hanja.
    return "CJK" if script in _EAST_ASIAN_SCRIPTS else script
