"""normalise(): RawDocument in, Document out, with honest offsets and ids."""
from __future__ import annotations

from pathlib import Path

import pytest

from linkwatch.model import Document, RawDocument
from linkwatch.model.errors import InputError
from linkwatch.normalise import normalise

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"  # ../shared beside the checkout


def test_plain_text_document():
    text = (FIXTURES / "cta_article.txt").read_text(encoding="utf-8")
    raw = RawDocument(content=text.replace("\n", "\r\n").encode(), origin="cta.txt", source="Valley Ledger")
    doc = normalise(raw)
    assert doc.id == Document.make_id(doc.text)
    assert doc.raw_sha256 == raw.sha256
    assert doc.ingested_at is None and doc.copy_of is None
    assert (doc.origin, doc.source, doc.encoding, doc.replacements) == ("cta.txt", "Valley Ledger", "utf-8", 0)
    assert "\r" not in doc.text and "WhatsApp" not in doc.text
    # Removed spans index the decoded text before cleaning.
    decoded = raw.content.decode()
    assert {decoded[s:e].strip() for s, e, _ in doc.removed} >= {"Follow us on Google News for more updates"}


def test_same_text_in_other_bytes_is_the_same_document():
    text = "Two factions announced talks. Analysts were cautious."
    a = normalise(RawDocument(content=text.encode("utf-8"), origin="a"))
    b = normalise(RawDocument(content=b"\xff\xfe" + (text + "\r\n\r\n").encode("utf-16-le"), origin="b"))
    assert a.id == b.id and a.raw_sha256 != b.raw_sha256


def test_replacements_are_recorded():
    doc = normalise(RawDocument(content="Zaheer — met".encode() + b" \xff Sandhu.", origin="x"))
    assert doc.replacements == 1 and "\ufffd" in doc.text


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty document"),
    (b"\n\n   \n", "empty document"),
    (b"%PDF-1.4 binary", "binary content"),
    (b"Follow us on Telegram\nSubscribe Now\n", "nothing left"),
])
def test_unusable_input(content, message):
    with pytest.raises(InputError, match=message) as err:
        normalise(RawDocument(content=content, origin="bad.txt"))
    assert err.value.origin == "bad.txt"


def test_feed_is_not_normalised_as_an_article():
    with pytest.raises(InputError, match="feed"):
        normalise(RawDocument(content=b"<rss version='2.0'><channel/></rss>", origin="f.xml",
                              media_type="application/rss+xml"))


@pytest.mark.skipif(not SEEDS.exists(), reason="seed articles not present")
@pytest.mark.parametrize("name", ["gujranwala-hamas-let.txt", "pok-hamas-solidarity-day.txt"])
def test_seed_text_survives_with_whitespace_squashed(name):
    original = (SEEDS / name).read_text(encoding="utf-8")
    doc = normalise(RawDocument(content=original.encode(), origin=name))
    squashed = " ".join(original.split())
    # Every cleaned paragraph is in the original, character for character.
    for paragraph in doc.text.split("\n"):
        if paragraph:
            assert " ".join(paragraph.split()) in squashed
