"""Compiled data (linkwatch.cache): built once, read back by later processes, rebuilt when a source changes,
and never in the way: a cache that cannot be read or written leaves the value built in memory."""
from __future__ import annotations

from pathlib import Path

from linkwatch import cache


def test_built_once_then_read_back(tmp_path: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"a": [1, 2]}

    assert cache.compiled("t", [b"v1"], build, folder=tmp_path) == {"a": [1, 2]}
    assert cache.compiled("t", [b"v1"], build, folder=tmp_path) == {"a": [1, 2]}
    assert len(calls) == 1
    cache.compiled("t", [b"v2"], build, folder=tmp_path)  # a changed source is a new file
    assert len(calls) == 2
    assert len(list(tmp_path.glob("t-*.pickle"))) == 2


def test_fingerprint_follows_files_modules_and_values(tmp_path: Path) -> None:
    f = tmp_path / "data.json"
    f.write_text("[1]")
    first = cache.fingerprint(f, cache, "x")
    assert first == cache.fingerprint(f, cache, "x")
    assert first != cache.fingerprint(f, cache, "y")
    f.write_text("[1, 2]")
    assert first != cache.fingerprint(f, cache, "x")


def test_a_damaged_cache_is_built_again(tmp_path: Path) -> None:
    cache.compiled("t", [b"v"], lambda: 1, folder=tmp_path)
    (found,) = tmp_path.glob("t-*.pickle")
    found.write_bytes(b"\x80\x05garbage")
    assert cache.compiled("t", [b"v"], lambda: 2, folder=tmp_path) == 2
    assert cache.compiled("t", [b"v"], lambda: 3, folder=tmp_path) == 2  # and written again


def test_an_unwritable_cache_builds_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert cache.compiled("t", [b"v"], lambda: [7], folder=blocked / "sub") == [7]


def test_cache_dir_follows_xdg(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "linkwatch"
