"""Jinja2 rendering with autoescape on for every template, and the helpers templates use."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from linkwatch.model import Certainty, Judgement
from linkwatch.romanise import romanised
from linkwatch.web.security import auth_method, config_of

TEMPLATES = Path(__file__).with_name("templates")

GRADE_LABELS = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable",
                6: "cannot be judged"}


def http_url(value: str | None) -> str | None:
    """The URL if it is http(s), else None: a stored URL is hostile input, and a `javascript:` href runs."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def quote_link(doc: str, start: int, end: int) -> str:
    """The document page with this quote highlighted and scrolled to."""
    return f"/documents/{quote(doc, safe='')}?" + urlencode({"start": start, "end": end}) + "#hl"


def grade_label(grade: int | None) -> str:
    return GRADE_LABELS.get(grade or 6, "cannot be judged")


def feature_items(features: dict[str, Any]) -> list[tuple[str, str]]:
    """A decision's features as short "name: value" pairs, nested groups flattened one level.
    Names and document ids are shown elsewhere on the page."""
    out: list[tuple[str, str]] = []
    for key, value in features.items():
        if key in ("names", "doc", "local", "resolved_to"):
            continue
        if isinstance(value, dict):
            out += [(f"{key}.{k}" if key != "features" else str(k), _short(v)) for k, v in value.items()]
        else:
            out.append((str(key), _short(value)))
    return out


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def make_env() -> Environment:
    # autoescape=True for every template (not just *.html): nothing reaches the page unescaped
    # unless a template says |safe, and none of ours does.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(http_url=http_url, quote_link=quote_link, grade_label=grade_label,
                       feature_items=feature_items, judgements=[j.value for j in Judgement],
                       certainties=[c.value for c in Certainty])
    env.filters["humanize"] = lambda v: str(v or "").replace("_", " ")
    env.filters["romanised"] = romanised  # a name in another script: its Latin spelling, shown beside it
    return env


ENV = make_env()


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    config = config_of(request)
    context.setdefault("title", "linkwatch")
    html = ENV.get_template(template).render(
        request_path=request.url.path, authed=auth_method(request) is not None,
        writes_enabled=bool(config.token), **context)
    return HTMLResponse(html, status_code=status_code)
