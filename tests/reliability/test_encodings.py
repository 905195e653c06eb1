"""Issue 16, rows 2 and 3: legacy encodings are read right, damage is counted, and every guess or fallback is
kept on the document and shown by `linkwatch ingest`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkwatch.cli import main
from linkwatch.ingest.manifest import read_manifest
from linkwatch.model import InputError, RawDocument
from linkwatch.normalise import normalise
from linkwatch.normalise.encoding import decoded
from linkwatch.store import open_store

# Real names with the accents Windows-1252 and Latin-1 carry, and the look-alike code pages change.
WESTERN = ("Police said José Muñoz met Hélène Lefèvre and Jürgen Großmann in Bogotá; the cell paid £100 and "
           "50 € for the room. “We were not there”, said François Ødegaard.")
SHORT = "Muñoz met Hélène."


@pytest.mark.parametrize(("codec", "text"), [
    ("cp1252", WESTERN), ("cp1252", SHORT), ("latin-1", SHORT),  # Latin-1 has no € or curly quotes
    ("cp1252", "Jürgen Großmann traf Björn Ødegaard in Köln."), ("latin-1", "Jürgen Großmann traf Björn Ødegaard in Köln."),
])
def test_western_text_without_a_declaration_keeps_its_names(codec: str, text: str) -> None:
    d = decoded(RawDocument(text.encode(codec), "article.txt"))
    assert d.text == text
    assert (d.encoding, d.replacements) == ("cp1252", 0)
    assert d.note and "cp1252" in d.note and "not valid UTF-8" in d.note


@pytest.mark.parametrize(("codec", "text"), [
    ("cp1250", "Lech Wałęsa i Józef Piłsudski spotkali się w Łodzi; można było to przewidzieć."),
    ("cp1251", "Встреча в Москве прошла успешно, сообщили представители обеих сторон."),
    ("cp1256", "التقى قادة الحركة في المدينة يوم الجمعة، وقال المتحدث إن الاجتماع عُقد في بغداد."),
    ("cp1254", "Türkiye Dışişleri Bakanlığı açıklama yaptı; görüşme İstanbul’da gerçekleşti."),
])
def test_other_code_pages_are_still_recognised(codec: str, text: str) -> None:
    d = decoded(RawDocument(text.encode(codec), "article.txt"))
    assert (d.text, d.encoding, d.replacements) == (text, codec, 0)


def test_invalid_utf8_in_ascii_is_counted_not_read_as_a_code_page() -> None:
    data = b"The meeting in Gujranwala was attended by \xff\xfe the leaders \x80\x81 and Naji Zaheer."
    d = decoded(RawDocument(data, "damaged.txt"))
    assert d.encoding == "utf-8" and d.replacements == 4
    assert d.text.count("\ufffd") == 4 and "Naji Zaheer" in d.text
    assert d.note and "not valid UTF-8" in d.note


def test_a_declared_charset_wins_and_a_manifest_can_declare_it(tmp_path: Path) -> None:
    # Bytes that read as plausible Central European text, declared by the manifest as Windows-1250.
    text = "Lech Wałęsa spotkał Józefa w Łodzi."
    (tmp_path / "a.txt").write_bytes(text.encode("cp1250"))
    (tmp_path / "m.jsonl").write_text(json.dumps({"path": "a.txt", "charset": "windows-1250"}) + "\n"
                                      + json.dumps({"path": "a.txt", "charset": "no-such-codec"}) + "\n")
    first, second = read_manifest(tmp_path / "m.jsonl", max_bytes=1 << 20)
    assert isinstance(first, RawDocument) and first.charset == "windows-1250"
    doc = normalise(first)
    assert (doc.text, doc.encoding, doc.encoding_note) == (text, "cp1250", None)
    assert isinstance(second, InputError) and "'charset' names no known encoding" in second.message


def test_the_note_and_the_count_are_stored_and_shown_by_ingest(tmp_path: Path, fake_nlp: None) -> None:
    (tmp_path / "western.txt").write_bytes(WESTERN.encode("cp1252"))
    (tmp_path / "damaged.txt").write_bytes(b"Hamas and Lashkar-e-Taiba met \xff\xfe in Gujranwala \x80\x81.")
    (tmp_path / "clean.txt").write_text("Hamas met Lashkar-e-Taiba in Gujranwala.", encoding="utf-8")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    assert f"note: {tmp_path / 'western.txt'}: no charset declared and not valid UTF-8: decoded as cp1252" in result.stderr
    assert f"note: {tmp_path / 'damaged.txt'}: 4 undecodable byte sequence(s) replaced by U+FFFD" in result.stderr
    assert "clean.txt" not in result.stderr
    assert "2 with notes" in result.stdout
    with open_store(db) as store:
        docs = {Path(d.origin).name: d for d in store.documents()}
    assert "Muñoz" in docs["western.txt"].text and "Hélène" in docs["western.txt"].text
    assert docs["western.txt"].encoding == "cp1252" and "cp1252" in (docs["western.txt"].encoding_note or "")
    assert docs["damaged.txt"].replacements == 4
    assert docs["clean.txt"].encoding_note is None and docs["clean.txt"].replacements == 0
