"""The `linkwatch` command. Each sub-command lives in its own module, imported when it is named (or when
`--help` lists them). The modules import only click at the top and load what a command needs when it
runs: a command that touches no NLP loads no NLP (tests/cli/test_startup.py checks)."""
from __future__ import annotations

import importlib

import click

from linkwatch.cli.common import LinkwatchGroup

# (module, attribute) of each sub-command, in the order `--help` lists them.
COMMANDS = [
    ("ingest", "ingest"),
    ("export", "export"),
    ("resolve", "resolve"),
    ("resolve", "explain"),
    ("resolve", "judge"),
    ("resolve", "entity"),
    ("search", "search"),
    ("analyse", "links"),
    ("analyse", "path"),
    ("analyse", "timeline"),
    ("analyse", "watch"),
    ("analyse", "alerts"),
    ("analyse", "report"),
    ("serve", "serve"),
    ("reindex", "reindex"),
]
_MODULE = {attr: module for module, attr in COMMANDS}


class LazyGroup(LinkwatchGroup):
    """A group whose sub-commands are imported on first use; store and file errors as one line (LinkwatchGroup)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [attr for _, attr in COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _MODULE:
            return None
        command: click.Command = getattr(importlib.import_module(f"linkwatch.cli.{_MODULE[cmd_name]}"), cmd_name)
        return command


@click.group(cls=LazyGroup)
@click.version_option(package_name="linkwatch")
def main() -> None:
    """linkwatch: evidence-backed link analysis of militant organisations from news."""
