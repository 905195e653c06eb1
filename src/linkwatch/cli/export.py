"""`linkwatch export`: write the graph in one of the registered formats."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from linkwatch.cli.common import db_option, open_existing, output_path


@click.command("export")
@db_option
@click.option("--format", "fmt", default="jsonl", show_default=True, help="jsonl, json, stix, ftm, graphml, gexf, csv")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="file (or folder, for csv); default stdout")
def export(db: Path, fmt: str, output: Path | None) -> None:
    """Write the whole graph, with its evidence, for another tool."""
    from linkwatch import export as exports

    try:
        format_ = exports.get_format(fmt)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    if format_.to_path and output is None:
        raise click.UsageError(f"--format {fmt} needs -o PATH")
    if output is not None:
        output_path(output)
    with open_existing(db) as store:
        if format_.to_path:
            assert output is not None
            n = format_.write(store, output)
        elif output is None:
            n = format_.write(store, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as fh:
                n = format_.write(store, fh)
    if output is not None:
        click.echo(f"wrote {n} {fmt} records to {output}", err=True)
