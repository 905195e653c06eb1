"""Start-up (issue 14): a command's --help, and the group's, load click and the command's module, never the
store, the analysis or spaCy; `links --help` (README Measured times it) not even the model layer. (The
resolve commands list the judgement names, so their module, which the group's --help lists too, reads
linkwatch.model.)"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from linkwatch.cli import COMMANDS

HEAVY = ("spacy", "linkwatch.store", "linkwatch.analyse", "linkwatch.resolve", "linkwatch.extract", "linkwatch.web",
         "numpy")
PROBE = """
import json, sys
sys.argv = ["linkwatch", *{args!r}]
from linkwatch.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {roots!r} or m.startswith({heavy!r}))))
"""


def _loaded(args: list[str], heavy: tuple[str, ...]) -> list[str]:
    code = PROBE.format(args=args, roots=["spacy", "numpy", "yaml"] if "yaml" in heavy else ["spacy", "numpy"],
                        heavy=heavy)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["--help"], *[[name, "--help"] for _, name in COMMANDS]], ids=str)
def test_help_loads_nothing_heavy(args: list[str]) -> None:
    assert _loaded(args, HEAVY) == []


def test_links_help_loads_click_only() -> None:
    assert _loaded(["links", "--help"], (*HEAVY, "linkwatch.model", "yaml")) == []
