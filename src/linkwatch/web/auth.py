"""A small login form for the browser UI: it trades the token for an HttpOnly session cookie."""
from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from linkwatch.web.render import page
from linkwatch.web.security import COOKIE, config_of, session_value

router = APIRouter(include_in_schema=False)


def local_path(value: str | None) -> str:
    """Only same-site paths may be returned to after login (no open redirect to //evil.example)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str | None, Query(max_length=500)] = None) -> HTMLResponse:
    return page(request, "login.html", title="Log in", next=local_path(next), error=None)


@router.post("/login")
def login(request: Request, token: Annotated[str, Form(max_length=500)],
          next: Annotated[str | None, Form(max_length=500)] = None) -> Response:
    config = config_of(request)
    if not config.token or not hmac.compare_digest(token.encode(), config.token.encode()):
        return page(request, "login.html", status_code=401, title="Log in", next=local_path(next),
                    error="That token is not the one this server was started with."
                    if config.token else "This server was started without a token: it accepts no writes.")
    response = RedirectResponse(local_path(next), status_code=303)
    response.set_cookie(COOKIE, session_value(config.token), httponly=True, samesite="strict",
                        secure=config.cookie_secure, path="/", max_age=12 * 3600)
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
