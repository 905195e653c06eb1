"""Options and helpers every sub-command shares."""
from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from linkwatch.settings import DEFAULT_DB, Settings

if TYPE_CHECKING:
    from linkwatch.store import Store

F = TypeVar("F", bound=Callable[..., Any])


def is_url(location: object) -> bool:
    """Whether --db names a server store (store.is_url, without importing the store layer)."""
    return str(location).startswith(("postgresql:/", "postgres:/"))


def db_option(func: F) -> F:
    """`--db PATH`, defaulting to $LINKWATCH_DB, else ./linkwatch.db. A postgresql:// URL names a PostgreSQL
    store (it passes through pathlib, which open_store undoes: store.is_url)."""
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), envvar="LINKWATCH_DB",
        default=DEFAULT_DB, show_default=True,
        help="store file, or postgresql://... URL (env LINKWATCH_DB)")(func)


def check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Click callback: a date option checked by the one date parser (model.dates), and normalised
    (a timestamp with an offset becomes UTC, as the store compares it)."""
    if value is None:
        return None
    from linkwatch.model.dates import DateError, parse_date  # here: --help loads no model

    try:
        return parse_date(value, f"--{param.name}")
    except DateError as exc:
        raise click.BadParameter(str(exc)) from None


def settings_for(db: Path, **overrides: Any) -> Settings:
    return Settings.from_env(db=db, **overrides)


def open_existing(db: Path, *, write: bool = False) -> Store:
    """Open a store that must exist; a missing file is an error (exit 1), not an empty store.

    Commands that only read open a store they cannot write read-only (a store on a read-only share
    still answers `links` or `export`); commands that write refuse such a store before doing any work."""
    from linkwatch.store import open_store  # here, so that --help never opens the store layer

    if is_url(db):  # a server store: the server decides who may write; a missing store is said by open_store
        return open_store(db, read_only=not write)
    path = Path(db)
    if not path.exists():
        raise click.ClickException(f"no store at {db} (run `linkwatch ingest` first, or pass --db)")
    if write:
        check_writable(path)
    return open_store(path, read_only=not write and not writable(path))


def writable(path: Path) -> bool:
    """Whether this process may write the store at `path`: the file, and its folder (SQLite keeps its
    journal files beside the store)."""
    return _unwritable_part(path) is None


def _unwritable_part(path: Path) -> str | None:
    # The effective ids, as the writes will be made with them (os.access's default is the real ones).
    effective = os.access in os.supports_effective_ids
    if path.exists() and not os.access(path, os.W_OK, effective_ids=effective):
        return "the store"
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK | os.X_OK, effective_ids=effective):
        return "the store's folder"
    return None


def check_writable(path: Path) -> None:
    """Raise a one-line error unless the store at `path` can be written (or created, with its folder)."""
    if is_url(path):  # a server store: the server says whether this user may write it
        return
    if not path.exists() and not path.parent.exists():
        try:
            path.parent.mkdir(parents=True)
        except OSError as exc:
            raise click.ClickException(f"cannot create the folder {path.parent} for the store: "
                                       f"{exc.strerror or exc}") from None
    what = _unwritable_part(path)
    if what:
        raise click.ClickException(f"cannot write to {path}: {what} is read-only; make it writable, or use "
                                   f"--db to name a store in a writable folder")


def output_path(path: Path) -> Path:
    """An output file's folder, created when missing (as the CSV export and `report` always did)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"cannot create the folder {path.parent} for {path.name}: "
                                   f"{exc.strerror or exc}") from None
    return path


class LinkwatchGroup(click.Group):
    """The `linkwatch` group: what goes wrong with a store or a file becomes one line naming it and what
    to do, with exit code 1, never a traceback (issue 16). Anything else is a bug and keeps its traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise  # --help, --version and usage errors: click's own
        except Exception as exc:
            # The store layer is imported only when something failed, so that --help never loads it.
            from linkwatch.store import StoreError
            from linkwatch.store.sql import explain

            if isinstance(exc, StoreError):
                raise click.ClickException(str(exc)) from None
            if isinstance(exc, sqlite3.OperationalError):
                raise click.ClickException(explain(str(ctx.params.get("db") or "the store"), exc)) from None
            if isinstance(exc, OSError) and exc.filename is not None:
                raise click.ClickException(f"cannot use {exc.filename}: {exc.strerror or exc}") from None
            raise


# One convention for every command that prints a result: a table (or lines) for people, JSON for scripts.
format_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                             show_default=True, help="table for people, json for scripts")


def echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
