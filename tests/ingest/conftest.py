"""Shared fixtures for the ingest tests: a local HTTP server on 127.0.0.1 and small documents.

The server runs in a thread for one test. Routes map a path to a handler
function; the helpers below build the common ones (a page, a redirect, a slow
response). Every wait inside a handler watches a stop event, so a test that
gives up on a slow response does not leave a thread sleeping.
"""
from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Route = Callable[[BaseHTTPRequestHandler], None]

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Valley Ledger</title>
<script>window.tracker = "TRACKING-SCRIPT-TEXT";</script><style>body {{ color: red; }}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>{body}</p>
<p>Officials said the investigation would continue for several weeks and that more arrests were possible,
while lawyers for the accused said the case against them rested on hearsay and a single anonymous witness.</p>
</article><script>console.log("ANOTHER-SCRIPT-TEXT")</script></body></html>"""


def article_html(title: str, body: str) -> str:
    return ARTICLE_HTML.format(title=title, body=body)


@pytest.fixture
def make_article() -> Callable[[str, str], str]:
    """An article page with scripts, styles and navigation around one paragraph of `body`."""
    return article_html


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]
    stop: threading.Event

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up early (the point of the timeout tests) is not an error


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
        else:
            route(self)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class LocalServer:
    """The running server; its methods add routes."""

    base: str
    routes: dict[str, Route]
    stop: threading.Event

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
             status: int = 200, headers: dict[str, str] | None = None) -> str:
        self.routes[path] = respond(body, content_type, status, headers)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = redirect(location, status)
        return self.url(path)

    def stall(self, path: str, seconds: float) -> str:
        self.routes[path] = stall(self.stop, seconds)
        return self.url(path)

    def drip(self, path: str, interval: float, chunks: int) -> str:
        self.routes[path] = drip(self.stop, interval, chunks)
        return self.url(path)

    def endless(self, path: str) -> str:
        self.routes[path] = endless(self.stop)
        return self.url(path)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = _Server(("127.0.0.1", 0), _Handler)
    srv.routes = {}
    srv.stop = threading.Event()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{srv.server_address[1]}", srv.routes, srv.stop)
    finally:
        srv.stop.set()
        srv.shutdown()
        srv.server_close()


def respond(body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200,
            headers: dict[str, str] | None = None) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)
    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return route


def stall(stop: threading.Event, seconds: float) -> Route:
    """Wait `seconds` before answering at all."""
    def route(h: BaseHTTPRequestHandler) -> None:
        if stop.wait(seconds):
            return
        respond("late")(h)
    return route


def drip(stop: threading.Event, interval: float, chunks: int) -> Route:
    """Answer at once, then send the body a few bytes at a time: every read succeeds, the whole is slow."""
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.end_headers()
        for _ in range(chunks):
            if stop.wait(interval):
                return
            h.wfile.write(b"slow words ")
            h.wfile.flush()
    return route


def endless(stop: threading.Event) -> Route:
    """A body without Content-Length that never ends (until the client gives up)."""
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.end_headers()
        block = b"x" * 65536
        while not stop.is_set():
            h.wfile.write(block)
    return route


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
