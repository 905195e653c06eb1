"""Issue 16, rows 6, 7 and 8, and unknown ids: every command, given each bad argument, answers with a short
error naming the path or value (exit 1 for a store or file that cannot be used, 2 for a bad argument, as
click does), never a traceback; read-only stores still answer every command that only reads."""
from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from linkwatch.cli import main
from linkwatch.store import open_store

from .conftest import permissions_apply

# Every command, with arguments that work on the fiction store (tests/analyse/scenarios.py), and whether it writes.
COMMANDS: dict[str, tuple[list[str], bool]] = {
    "ingest": (["{article}", "-q"], True),
    "export": (["--format", "jsonl"], False),
    "resolve": ([], True),
    "explain": (["Tomas Varga"], False),
    "judge": (["not-same", "Tomas Varga", "Anton Varga", "--no-resolve"], True),
    "entity": (["Tomas Varga"], False),
    "links": ([], False),
    "path": (["Tomas Varga", "Idris Kallan"], False),
    "timeline": (["Tomas Varga"], False),
    "watch add": (["Tomas Varga"], True),
    "watch list": ([], False),
    "alerts": (["--since", "2000-01-01"], False),
    "report": (["-o", "{out}/brief.html"], False),
}
# Commands that name an entity, and where that name goes in their arguments.
NAMED = {"explain": 0, "judge": 1, "entity": 0, "path": 0, "timeline": 0, "watch add": 0, "links": None,
         "watch remove": 0}


@dataclass
class Stores:
    good: Path
    not_a_db: Path
    readonly_file: Path
    readonly_folder: Path
    article: Path
    out: Path


@pytest.fixture
def stores(fiction, tmp_path: Path, fake_nlp: None) -> Iterator[Stores]:  # type: ignore[no-untyped-def]
    def copy(dest: Path) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fiction.store.db.execute("VACUUM INTO ?", (str(dest),))
        open_store(dest).close()  # WAL mode, as a store in use is, with no -wal or -shm file left beside it
        return dest

    (tmp_path / "notes.txt").write_text("Not a database: meeting notes.\n" * 50)
    (tmp_path / "article.txt").write_text("Hamas met Lashkar-e-Taiba in Gujranwala.")
    s = Stores(Path(fiction.store.path), tmp_path / "notes.txt", copy(tmp_path / "ro-file" / "s.db"),
               copy(tmp_path / "ro-folder" / "s.db"), tmp_path / "article.txt", tmp_path / "out")
    s.readonly_file.chmod(0o444)
    s.readonly_folder.parent.chmod(0o555)
    try:
        yield s
    finally:
        s.readonly_folder.parent.chmod(0o755)
        s.readonly_file.chmod(0o644)


def run(command: str, db: Path, stores: Stores, args: list[str] | None = None) -> Result:
    given, _ = COMMANDS.get(command, ([], False))
    argv = [a.format(article=stores.article, out=stores.out) for a in (given if args is None else args)]
    with permissions_apply():
        result = CliRunner().invoke(main, [*command.split(), "--db", str(db), *argv])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _error(result: Result) -> str:
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_file_that_is_not_a_store(stores: Stores, command: str) -> None:
    result = run(command, stores.not_a_db, stores)
    assert result.exit_code == 1, result.output
    assert _error(result) == (f"Error: {stores.not_a_db} is not a linkwatch store (SQLite says: file is not a "
                              f"database); give --db a store file, or a new path to create one")


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("where", ["readonly_file", "readonly_folder"])
def test_a_read_only_store_refuses_writes_and_still_answers_reads(stores: Stores, command: str, where: str) -> None:
    db = getattr(stores, where)
    before = db.read_bytes()
    result = run(command, db, stores)
    if COMMANDS[command][1]:
        assert result.exit_code == 1, result.output
        what = "the store" if where == "readonly_file" else "the store's folder"
        assert _error(result).startswith(f"Error: cannot write to {db}: {what} is read-only;")
    else:
        assert result.exit_code == 0, result.output
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == (["s.db"] if where == "readonly_folder" else
                                                           sorted(p.name for p in db.parent.iterdir()))


@pytest.mark.parametrize("command", sorted(c for c, (_, w) in COMMANDS.items() if c != "ingest"))
def test_a_missing_store_is_named(stores: Stores, command: str) -> None:
    missing = stores.out / "nowhere.db"
    result = run(command, missing, stores)
    assert result.exit_code == 1 and _error(result).startswith(f"Error: no store at {missing}")
    assert not missing.exists()


def test_ingest_into_a_read_only_folder_creates_nothing(stores: Stores) -> None:
    db = stores.readonly_folder.parent / "new.db"
    result = run("ingest", db, stores)
    assert result.exit_code == 1 and _error(result).startswith(f"Error: cannot write to {db}")
    assert not db.exists()


def test_ingest_creates_the_store_folder(stores: Stores) -> None:
    db = stores.out / "new" / "store.db"
    result = run("ingest", db, stores)
    assert result.exit_code == 0, result.output
    assert db.exists()


@pytest.mark.parametrize("command", sorted(NAMED))
def test_unknown_names_are_named_back(stores: Stores, command: str) -> None:
    given = list(COMMANDS.get(command, (["Tomas Varga"], True))[0])
    at = NAMED[command]
    if at is None:
        given = ["Nobody Here"]
    else:
        given[at] = "Nobody Here"
    result = run(command, stores.good, stores, given)
    assert result.exit_code == 1, result.output  # an error, not a malformed command line (that is 2)
    assert "'Nobody Here'" in _error(result)


@pytest.mark.parametrize(("command", "args"), [
    ("alerts", ["--since", "not-a-date"]), ("alerts", ["--since", "2025-02-30"]), ("links", ["--since", "2025-13"]),
    ("ingest", ["{article}", "--published", "2023-02-29"]),
])
def test_bad_dates_are_named_back(stores: Stores, command: str, args: list[str]) -> None:
    result = run(command, stores.good, stores, args)
    assert result.exit_code == 2 and "not an ISO 8601 date" in _error(result)


@pytest.mark.parametrize(("fmt", "target"), [("jsonl", "missing/dir/out.jsonl"), ("stix", "a/b/c/bundle.json"),
                                             ("csv", "missing/tables")])
def test_export_creates_a_missing_output_folder(stores: Stores, fmt: str, target: str) -> None:
    out = stores.out / target
    result = run("export", stores.good, stores, ["--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_an_output_that_cannot_be_written_is_named(stores: Stores) -> None:
    out = stores.readonly_folder.parent / "sub" / "out.jsonl"
    result = run("export", stores.good, stores, ["-o", str(out)])
    assert result.exit_code == 1 and str(stores.readonly_folder.parent / "sub") in _error(result)
    report = run("report", stores.good, stores, ["-o", str(stores.readonly_folder.parent / "brief.html")])
    assert report.exit_code == 1 and "brief.html" in _error(report)


def test_serve_names_a_file_that_is_not_a_store(stores: Stores) -> None:
    result = run("serve", stores.not_a_db, stores, ["--port", "0"])
    assert result.exit_code == 1 and "is not a linkwatch store" in _error(result)


def test_a_store_locked_by_a_writer_is_reported_busy(stores: Stores, monkeypatch: pytest.MonkeyPatch) -> None:
    import linkwatch.store.sql as sql

    monkeypatch.setattr(sql, "BUSY_TIMEOUT", 0.2)
    holder = sqlite3.connect(stores.good, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("watch add", stores.good, stores)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1 and _error(result).startswith(f"Error: {stores.good} is busy")


def test_the_read_only_copies_really_are_read_only(stores: Stores) -> None:
    with permissions_apply():
        assert not os.access(stores.readonly_file, os.W_OK, effective_ids=os.access in os.supports_effective_ids)
        with pytest.raises(PermissionError):
            (stores.readonly_folder.parent / "x").write_text("x")
    assert shutil.disk_usage(stores.good.parent)  # and the tests' own folder is not
