"""Everything that stands between hostile input or hostile clients and the store.

- security headers on every response (a strict CSP: scripts only from this origin, none inline);
- a request body cap, enforced on the declared length *and* on the bytes actually streamed;
- a per-client token bucket, so one client cannot monopolise the pipeline;
- the token check for writes (and, when asked, for reads).

The middlewares are plain ASGI rather than Starlette's BaseHTTPMiddleware so
streamed exports and uploads pass through without being buffered.
"""
from __future__ import annotations

import hmac
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from hashlib import sha256
from http import HTTPStatus
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from linkwatch.web.config import WebConfig

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "linkwatch_session"
# Header our own scripts send with every write. A cross-site page cannot set it
# without a CORS preflight, which this app never grants: that is the CSRF guard
# for cookie-authenticated writes (SameSite=Strict is the other).
CSRF_HEADER = "x-requested-with"
CSRF_VALUE = "linkwatch"


def content_security_policy(tile_url: str | None) -> str:
    img = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        if parts.scheme in ("http", "https") and parts.netloc:
            # {s} subdomains: allow the tile host's subdomains as well as the host itself.
            host = urlsplit(tile_url.replace("{s}.", "")).netloc
            img += f" {parts.scheme}://{host} {parts.scheme}://*.{host}"
    return "; ".join([
        "default-src 'none'", "script-src 'self'", "style-src 'self'", f"img-src {img}",
        "connect-src 'self'", "font-src 'self'", "form-action 'self'", "base-uri 'none'",
        "frame-ancestors 'none'", "object-src 'none'",
    ])


class SecurityHeaders:
    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in self.headers if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    pass


async def _reply(send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]] | None = None,
                 instance: str | None = None) -> None:
    """An error answered before the app runs, as a problem document (RFC 9457) like the API's others."""
    problem = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    if instance:
        problem["instance"] = instance
    body = json.dumps(problem).encode()
    headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _reply(send, 400, "bad Content-Length", instance=scope.get("path"))
                    return
                if declared > self.max_bytes:
                    await _reply(send, 413, f"request body over {self.max_bytes} bytes", instance=scope.get("path"))
                    return
        seen = 0
        exceeded = False
        replaced = False
        started = False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    exceeded = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            # Frameworks turn errors raised while reading the body into their own answer
            # (FastAPI: 400 "error parsing the body"); once over the limit, the answer is 413.
            nonlocal started, replaced
            if exceeded and not started:
                started = replaced = True
                await _reply(send, 413, f"request body over {self.max_bytes} bytes", instance=scope.get("path"))
                return
            if replaced:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                await _reply(send, 413, f"request body over {self.max_bytes} bytes", instance=scope.get("path"))


class RateLimit:
    """A token bucket per client address. Writes cost `write_cost` tokens, everything else one."""

    MAX_CLIENTS = 10_000  # oldest buckets are forgotten first, so spoofed sources cannot grow memory forever

    def __init__(self, app: ASGIApp, rate: float, burst: int, write_cost: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.rate = rate
        self.burst = float(burst)
        self.write_cost = write_cost
        self.clock = clock
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client -> (tokens, at)

    def take(self, client: str, cost: float) -> float:
        """Spend `cost` tokens; returns 0 when allowed, else seconds until enough tokens are back."""
        now = self.clock()
        tokens, at = self.buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        wait = 0.0
        if tokens >= cost:
            tokens -= cost
        else:
            wait = (cost - tokens) / self.rate
        self.buckets[client] = (tokens, now)
        while len(self.buckets) > self.MAX_CLIENTS:
            self.buckets.popitem(last=False)
        return wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        cost = self.write_cost if scope.get("method") in ("POST", "PUT", "DELETE", "PATCH") else 1.0
        wait = self.take(client, min(cost, self.burst))
        if wait > 0:
            await _reply(send, 429, "too many requests", [(b"retry-after", str(int(wait) + 1).encode())],
                         instance=scope.get("path"))
            return
        await self.app(scope, receive, send)


# -- authentication ---------------------------------------------------------------

def session_value(token: str) -> str:
    """What the login cookie holds: a MAC of the token, so the cookie is not the API token itself."""
    return hmac.new(token.encode(), b"linkwatch-session-v1", sha256).hexdigest()


def config_of(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.config
    return config


def auth_method(request: Request) -> str | None:
    """'bearer' or 'cookie' when the request carries the configured token, else None."""
    token = config_of(request).token
    if not token:
        return None
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode()):
        return "bearer"
    cookie = request.cookies.get(COOKIE, "")
    if cookie and hmac.compare_digest(cookie.encode(), session_value(token).encode()):
        return "cookie"
    return None


# Declared on require_write so OpenAPI lists the scheme and every operation that needs it; the check
# itself is auth_method's (which also accepts the login cookie), so a missing header is not an error here.
BEARER = HTTPBearer(auto_error=False, scheme_name="bearerAuth",
                    description="The token `linkwatch serve` prints at start-up (or --token / LINKWATCH_TOKEN). "
                                "Writes need it; reads too when the server runs with --protect-reads.")


def require_write(request: Request,
                  _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None) -> str:
    """Dependency for every write endpoint."""
    if not config_of(request).token:
        raise HTTPException(403, "writes are disabled: start the server with --token (or LINKWATCH_TOKEN)")
    method = auth_method(request)
    if method is None:
        raise HTTPException(401, "a valid token is needed", headers={"WWW-Authenticate": "Bearer"})
    if method == "cookie" and request.headers.get(CSRF_HEADER) != CSRF_VALUE:
        raise HTTPException(403, f"cookie-authenticated writes must send {CSRF_HEADER}: {CSRF_VALUE}")
    return method


def require_read(request: Request) -> None:
    """Dependency for every read endpoint: open unless the server protects reads."""
    if config_of(request).protect_reads and auth_method(request) is None:
        raise HTTPException(401, "a valid token is needed", headers={"WWW-Authenticate": "Bearer"})
