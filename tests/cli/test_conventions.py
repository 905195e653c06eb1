"""One convention across the CLI: every command that prints a result takes `--format table|json`;
exit 0 for an answer (an empty one too), 1 for an error (no store, no such name), 2 for a malformed
command line."""
from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from linkwatch.cli import COMMANDS, main

# Commands whose output is a file or a server, not a result to print.
NOT_PRINTING = {"export", "report", "serve"}


def _commands() -> dict[str, click.Command]:
    out: dict[str, click.Command] = {}
    for name in (attr for _, attr in COMMANDS):
        cmd = main.get_command(click.Context(main), name)
        assert cmd is not None
        if isinstance(cmd, click.Group):
            out.update({f"{name} {sub}": c for sub, c in cmd.commands.items()})
        else:
            out[name] = cmd
    return out


def test_every_printing_command_takes_format_table_or_json() -> None:
    missing = []
    for name, cmd in _commands().items():
        if name.split()[0] in NOT_PRINTING or name in {"watch add", "watch remove"}:
            continue
        fmt = next((p for p in cmd.params if p.name == "fmt"), None)
        if not (isinstance(fmt, click.Option) and isinstance(fmt.type, click.Choice)
                and set(fmt.type.choices) == {"table", "json"} and fmt.default == "table"):
            missing.append(name)
    assert not missing, f"without --format table|json: {missing}"


def test_json_output_parses_and_errors_exit_1(tmp_path: Path, svf_store: Path) -> None:
    db = str(svf_store)
    runner = CliRunner()
    for args in (["reindex"], ["entity", "Sable Valley Front"], ["explain", "e-svf"], ["search", "Sable"],
                 ["resolve", "--pending"]):
        result = runner.invoke(main, [*args, "--db", db, "--format", "json"])
        assert result.exit_code == 0, (args, result.output)
        assert isinstance(json.loads(result.output), dict), args
    for args in (["entity", "Nobody At All"], ["explain", "Nobody At All"]):
        result = runner.invoke(main, [*args, "--db", db])
        assert result.exit_code == 1 and "matches" in result.output, args
    assert runner.invoke(main, ["entity", "x", "--db", str(tmp_path / "none.db")]).exit_code == 1
    assert runner.invoke(main, ["entity", "x", "--db", db, "--format", "xml"]).exit_code == 2
