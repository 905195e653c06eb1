"""The ingest progress bar's total: counted from the inputs before any is read, so the bar can show
how far it is and when it will end."""
from __future__ import annotations

from pathlib import Path

from linkwatch.ingest import expected_count


def test_files_folders_and_manifest_lines_are_counted(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.html", "sub/c.txt", ".hidden.txt", "notes.bin"):
        (folder / name).write_text("x", encoding="utf-8")
    single = tmp_path / "one.txt"
    single.write_text("x", encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"path": "one.txt"}\n\n{"path": "a.txt"}\n{"url": "https://example.org/x"}\n',
                        encoding="utf-8")
    # 3 documents under the folder (hidden files and other extensions are not read), 1 file, 3 manifest lines.
    assert expected_count([str(folder), str(single)], [manifest]) == 7


def test_a_url_may_be_a_feed_so_there_is_no_total(tmp_path: Path) -> None:
    assert expected_count(["https://example.org/feed.xml"]) is None


def test_a_missing_manifest_counts_as_its_one_error(tmp_path: Path) -> None:
    assert expected_count([], [tmp_path / "missing.jsonl"]) == 1
