"""Options and helpers every sub-command shares."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from linkwatch.settings import DEFAULT_DB, Settings

if TYPE_CHECKING:
    from linkwatch.store import Store

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    """`--db PATH`, defaulting to $LINKWATCH_DB, else ./linkwatch.db."""
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), envvar="LINKWATCH_DB",
        default=DEFAULT_DB, show_default=True, help="store file (env LINKWATCH_DB)")(func)


def settings_for(db: Path, **overrides: Any) -> Settings:
    return Settings.from_env(db=db, **overrides)


def open_existing(db: Path) -> Store:
    """Open a store for reading; a missing file is a usage error, not an empty store."""
    from linkwatch.store import open_store  # here, so that --help never opens the store layer

    if not Path(db).exists():
        raise click.UsageError(f"no store at {db} (run `linkwatch ingest` first, or pass --db)")
    return open_store(db)
