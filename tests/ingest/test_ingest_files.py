"""Reading files and folders."""
from __future__ import annotations

import os

import pytest

from linkwatch.ingest import files
from linkwatch.ingest.files import read_paths
from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError

MB = 1024 * 1024


def _docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def _errors(items):
    return [i for i in items if isinstance(i, InputError)]


def test_folder_is_walked_recursively_sorted_and_hidden_entries_skipped(tmp_path):
    (tmp_path / "b.txt").write_text("second")
    (tmp_path / "a.html").write_text("<html><body><p>first</p></body></html>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("third")
    (tmp_path / ".hidden.txt").write_text("no")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("no")
    (tmp_path / "notes.json").write_text("{}")  # not a document extension inside a folder
    items = list(read_paths([tmp_path], max_bytes=MB))
    assert not _errors(items)
    assert [os.path.relpath(d.origin, tmp_path) for d in _docs(items)] == ["a.html", "b.txt", os.path.join("sub", "c.txt")]


def test_a_named_file_is_read_whatever_its_extension(tmp_path):
    path = tmp_path / "article.dat"
    path.write_text("An article saved with an odd name.")
    [doc] = list(read_paths([path], max_bytes=MB))
    assert isinstance(doc, RawDocument)
    assert doc.content == b"An article saved with an odd name."


def test_media_type_is_sniffed_from_content(tmp_path):
    (tmp_path / "page.txt").write_text("<!DOCTYPE html><html><body><p>x</p></body></html>")
    (tmp_path / "plain.html").write_text("Just words, no markup at all.")
    (tmp_path / "feed.xml").write_text("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'></feed>")
    (tmp_path / "rss").write_text("<rss version='2.0'><channel/></rss>")
    types = {os.path.basename(d.origin): d.media_type for d in _docs(read_paths([tmp_path], max_bytes=MB))}
    assert types == {
        "page.txt": "text/html",
        "plain.html": "text/html",  # no definite signal in the content: the extension decides
        "feed.xml": "application/atom+xml",
        "rss": "application/rss+xml",
    }


def test_metadata_from_the_command_line_is_applied(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    [doc] = list(read_paths([tmp_path / "a.txt"], max_bytes=MB, published="2025-02-06", source="Valley Ledger"))
    assert (doc.published, doc.source) == ("2025-02-06", "Valley Ledger")


def test_missing_path_is_an_error_naming_it(tmp_path):
    missing = tmp_path / "nope.txt"
    [err] = list(read_paths([missing], max_bytes=MB))
    assert isinstance(err, InputError)
    assert err.origin == str(missing)
    assert "no such file" in err.message


def test_a_50_mb_file_is_refused_without_being_read(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # sparse: instant to make, 50 MB to anyone who reads it
        f.truncate(50 * MB)

    def must_not_read(*args, **kwargs):
        raise AssertionError("the file was opened for reading")

    monkeypatch.setattr(files, "_read_limited", must_not_read)
    [err] = list(read_paths([big], max_bytes=10 * MB))
    assert isinstance(err, InputError)
    assert err.origin == str(big)
    assert f"{50 * MB} bytes, over the limit" in err.message


def test_a_file_just_under_the_limit_is_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 1000)
    [doc] = list(read_paths([path], max_bytes=1000))
    assert isinstance(doc, RawDocument) and len(doc.content) == 1000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_rather_than_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [err] = list(read_paths([fifo], max_bytes=MB))
    assert isinstance(err, InputError) and "not a regular file" in err.message


def test_one_bad_input_does_not_stop_the_others(tmp_path):
    (tmp_path / "good.txt").write_text("fine")
    items = list(read_paths([tmp_path / "missing.txt", tmp_path / "good.txt"], max_bytes=MB))
    assert [type(i).__name__ for i in items] == ["InputError", "RawDocument"]
