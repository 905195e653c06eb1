"""Options and helpers every sub-command shares."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from linkwatch.model.dates import DateError, parse_date
from linkwatch.settings import DEFAULT_DB, Settings
from linkwatch.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    """`--db PATH`, defaulting to $LINKWATCH_DB, else ./linkwatch.db."""
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), envvar="LINKWATCH_DB",
        default=DEFAULT_DB, show_default=True, help="store file (env LINKWATCH_DB)")(func)


def check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Click callback: a date option checked by the one date parser (model.dates), and normalised
    (a timestamp with an offset becomes UTC, as the store compares it)."""
    if value is None:
        return None
    try:
        return parse_date(value, f"--{param.name}")
    except DateError as exc:
        raise click.BadParameter(str(exc)) from None


def settings_for(db: Path, **overrides: Any) -> Settings:
    return Settings.from_env(db=db, **overrides)


def open_existing(db: Path) -> Store:
    """Open a store for reading; a missing file is a usage error, not an empty store."""
    if not Path(db).exists():
        raise click.UsageError(f"no store at {db} (run `linkwatch ingest` first, or pass --db)")
    return open_store(db)
