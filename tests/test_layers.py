"""DEVELOPERS.md: no stage imports a later one. Checked on the source, so a new import that breaks the
flow fails here rather than turning up as an import cycle later."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "linkwatch"
# The flow, earliest first. `model` and `settings` are spoken by every stage.
ORDER = ["model", "settings", "ingest", "normalise", "extract", "resolve", "store", "analyse", "export", "report",
         "web", "cli"]
# Resolution writes through the store's interface (store.base), not through a backend: that is the one
# place an earlier stage names a later one, and it names only the abstract Store / Writer.
INTERFACES = {"linkwatch.store.base"}


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return [m for m in found if m.startswith("linkwatch.")]


def test_no_stage_imports_a_later_one():
    wrong = []
    for path in SRC.rglob("*.py"):
        stage = path.relative_to(SRC).parts[0].removesuffix(".py")
        if stage not in ORDER:
            continue
        for module in _imports(path):
            target = module.split(".")[1]
            if target in ORDER and ORDER.index(target) > ORDER.index(stage) and module not in INTERFACES:
                wrong.append(f"{path.relative_to(SRC)} imports {module}")
    assert not wrong, wrong


def test_normalise_loads_without_ingest():
    code = "import sys, linkwatch.normalise; print(sorted(m for m in sys.modules if m.startswith('linkwatch.ingest')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
