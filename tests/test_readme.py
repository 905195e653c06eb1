"""The README works when pasted: its command blocks carry no prompt, the test command is the one CI
runs, and every `linkwatch` sub-command it names exists."""
from __future__ import annotations

import re
from pathlib import Path

import click

from linkwatch.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_the_two_commands_paste_into_a_shell() -> None:
    commands = _blocks("sh")
    assert len(commands) >= 2
    for block in commands:
        for line in block.splitlines():
            assert not line.startswith(("$ ", "> ", "# ")), f"a prompt would be pasted: {line!r}"
    assert commands[0].strip().startswith("scripts/setup.sh")
    assert commands[1].strip() == "scripts/test.sh"
    for script in re.findall(r"scripts/[\w.-]+", " ".join(commands)):
        assert (ROOT / script).is_file(), script


def test_ci_runs_the_readme_test_command() -> None:
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_the_readme_names_exists() -> None:
    named = set(re.findall(r"`linkwatch ([a-z]+)", README)) | set(re.findall(r"\.venv/bin/linkwatch ([a-z]+)", README))
    known = set(main.list_commands(click.Context(main)))
    assert named and named <= known, named - known
