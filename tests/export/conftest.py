"""The export tests use the same hand-made stores as the analysis tests (tests/analyse/scenarios.py)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_name = "linkwatch_test_analyse_conftest"
if _name not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_name, Path(__file__).parents[1] / "analyse" / "conftest.py")
    assert _spec and _spec.loader
    sys.modules[_name] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules[_name])

fiction = sys.modules[_name].fiction
scenarios = sys.modules[_name].scenarios
seed = sys.modules[_name].seed
small = sys.modules[_name].small
