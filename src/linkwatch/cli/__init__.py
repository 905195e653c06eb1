"""The `linkwatch` command. Each sub-command lives in its own module and is registered here."""
from __future__ import annotations

import click


@click.group()
@click.version_option(package_name="linkwatch")
def main() -> None:
    """linkwatch: evidence-backed link analysis of militant organisations from news."""
