"""The `linkwatch` command. Each sub-command lives in its own module and is registered here."""
from __future__ import annotations

import importlib

import click

from linkwatch.cli.common import LinkwatchGroup


@click.group(cls=LinkwatchGroup)
@click.version_option(package_name="linkwatch")
def main() -> None:
    """linkwatch: evidence-backed link analysis of militant organisations from news."""


# (module, attribute) of each sub-command, in the order `--help` lists them.
COMMANDS = [
    ("ingest", "ingest"),
    ("export", "export"),
    ("resolve", "resolve"),
    ("resolve", "explain"),
    ("resolve", "judge"),
    ("resolve", "entity"),
    ("analyse", "links"),
    ("analyse", "path"),
    ("analyse", "timeline"),
    ("analyse", "watch"),
    ("analyse", "alerts"),
    ("analyse", "report"),
    ("serve", "serve"),
    ("reindex", "reindex"),
]

for _module, _attr in COMMANDS:
    main.add_command(getattr(importlib.import_module(f"linkwatch.cli.{_module}"), _attr))
