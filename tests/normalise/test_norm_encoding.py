"""Decoding: declared charsets trusted, damage counted, empty and binary input refused."""
from __future__ import annotations

import pytest

from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError
from linkwatch.normalise.encoding import decode


def raw(content: bytes, **kw) -> RawDocument:
    return RawDocument(content=content, origin="doc.txt", **kw)


def test_utf8():
    assert decode(raw("Lashkar-e-Taiba ‘Kashmir Solidarity Day’ — Gujrānwāla".encode())) == (
        "Lashkar-e-Taiba ‘Kashmir Solidarity Day’ — Gujrānwāla", "utf-8", 0)


def test_invalid_utf8_is_decoded_and_replacements_are_counted():
    data = "The meeting — in Gujranwala".encode() + b" \xff\xfe broken \xc3 bytes"
    text, encoding, replacements = decode(raw(data))
    assert encoding == "utf-8"
    assert replacements == 3
    assert text.count("\ufffd") == 3
    assert text.startswith("The meeting — in Gujranwala")


def test_legacy_single_byte_text_is_detected():
    data = "Le café de la réunion à Gujranwala était plein, déclarent les témoins présents.".encode("cp1252")
    text, encoding, replacements = decode(raw(data))
    assert "café" in text and "témoins" in text
    assert replacements == 0


def test_declared_charset_wins():
    data = "naïve façade".encode("latin-1")
    text, encoding, _ = decode(raw(data, charset="ISO-8859-1"))
    assert text == "naïve façade"
    assert encoding == "cp1252"  # what browsers use for a Latin-1 label


def test_charset_declared_inside_html():
    data = '<html><head><meta charset="windows-1252"></head><body>caf\xe9</body></html>'.encode("cp1252")
    text, encoding, _ = decode(raw(data, media_type="text/html"))
    assert "café" in text and encoding == "cp1252"


@pytest.mark.parametrize(("bom", "codec"), [
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
])
def test_byte_order_marks(bom, codec):
    text, encoding, _ = decode(raw(bom + "Hamas and LeT".encode(codec)))
    assert (text, encoding) == ("Hamas and LeT", codec)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_input_is_refused(content):
    with pytest.raises(InputError, match="empty document") as err:
        decode(raw(content))
    assert err.value.origin == "doc.txt"


@pytest.mark.parametrize(("content", "kind"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\x7fELF\x02\x01\x01\x00", "ELF"),
    (b"plain start then \x00\x00 NUL bytes", "NUL"),
    (bytes(range(1, 32)) * 10, "control bytes"),
])
def test_binary_input_is_refused(content, kind):
    with pytest.raises(InputError, match="binary content") as err:
        decode(raw(content))
    assert kind in err.value.message
