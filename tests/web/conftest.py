"""Fixtures for the web tests: hand-built stores, in-process clients, and a live server for the browser."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from linkwatch.settings import Settings
from linkwatch.web import create_app

from .builders import SEEDS, Built, build

TOKEN = "test-token-0123456789"
ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "test-artefacts"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Settings, Built]:
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    db = tmp_path / "web.db"
    return Settings(db=db), build(db, hostile=True)


@pytest.fixture
def app(built: tuple[Settings, Built]) -> FastAPI:
    return create_app(built[0], TOKEN, rate=None)


@pytest.fixture
def ids(built: tuple[Settings, Built]) -> dict[str, str]:
    return built[1].ids


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def writer(app: FastAPI) -> Iterator[TestClient]:
    """A client that sends the token as a Bearer header."""
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn in a thread on 127.0.0.1, for the browser tests."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
