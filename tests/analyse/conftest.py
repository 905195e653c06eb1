"""Fixtures for the analysis tests: stores built by hand through the Writer API (scenarios.py)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from linkwatch.store import Store


def load_scenarios() -> ModuleType:
    """scenarios.py by path, so tests/export can share it whatever pytest puts on sys.path."""
    name = "linkwatch_test_scenarios"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("scenarios.py"))
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def seed(store: Store, seeds: Path):  # type: ignore[no-untyped-def]
    return load_scenarios().build_seed(store, seeds)


@pytest.fixture
def fiction(store: Store):  # type: ignore[no-untyped-def]
    return load_scenarios().build_fiction(store)


@pytest.fixture
def scenarios() -> ModuleType:
    return load_scenarios()


@pytest.fixture
def small(store: Store):  # type: ignore[no-untyped-def]
    return load_scenarios().build_small(store)
