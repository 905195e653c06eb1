"""The reliability tests (issue 16) reuse the hand-built stores of the analysis tests."""
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
