"""Fixtures of the reliability tests (issue 16); the hand-built stores of the analysis tests come from tests/conftest.py."""
from __future__ import annotations

import ctypes
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from web.fake_extractor import FakeExtractor


@pytest.fixture
def fake_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real Pipeline (and CLI) with the web tests' string-search extractor instead of spaCy: for tests of
    what ingest does with inputs, where the model adds nothing but minutes."""
    import linkwatch.extract

    monkeypatch.setattr(linkwatch.extract, "Extractor", lambda settings=None: FakeExtractor())


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


# CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER: what lets root write files and folders marked read-only.
_FILE_CAPS = (1 << 1) | (1 << 2) | (1 << 3)


@contextmanager
def permissions_apply() -> Iterator[None]:
    """Run the body with file permissions binding, even as root (as tests run in this project's containers,
    where chmod alone makes nothing read-only). Drops, for this thread only and only while the body runs, the
    capabilities that override permissions; they stay permitted, so they come back afterwards."""
    if os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _CapHeader(0x20080522, 0), (_CapData * 2)()  # _LINUX_CAPABILITY_VERSION_3, this thread
    if libc.capget(ctypes.byref(header), data) != 0:
        pytest.fail(f"capget failed: errno {ctypes.get_errno()}")
    saved = data[0].effective
    data[0].effective = saved & ~_FILE_CAPS
    if libc.capset(ctypes.byref(header), data) != 0:
        pytest.fail(f"capset failed: errno {ctypes.get_errno()}")
    try:
        yield
    finally:
        data[0].effective = saved
        libc.capset(ctypes.byref(header), data)


@pytest.fixture(scope="session")
def reference(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Any]]:
    """The store one uninterrupted, single-process ingest of runs.corpus() leaves, per backend (computed once):
    what concurrent and interrupted ingests must end up equal to."""
    from .runs import STORES, corpus, folder_of, sequential, use_backend

    found: dict[str, dict[str, Any]] = {}

    def of(backend: str) -> dict[str, Any]:
        if backend not in found:
            use_backend(request, backend)
            tmp = tmp_path_factory.mktemp(f"reference-{backend}")
            found[backend] = sequential(folder_of(tmp, "reference", corpus()), STORES[backend](tmp / "reference"),
                                        corpus(), fake=True)
        return found[backend]

    return of
