"""What the web app is told at start-up, beside the pipeline's Settings."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from linkwatch.settings import Settings


def find_node_modules(start: Path | None = None) -> Path | None:
    """The repository's node_modules (where `npm ci` puts cytoscape and leaflet).

    Looked for upward from this file (an editable install sits in the repo) and
    then from the working directory, so `linkwatch serve` works from the repo root.
    """
    candidates = [start] if start else [Path(__file__).resolve(), Path.cwd() / "x"]
    for origin in candidates:
        for parent in origin.parents:
            found = parent / "node_modules"
            if (found / "cytoscape").is_dir() or (found / "leaflet").is_dir():
                return found
    return None


@dataclass(frozen=True)
class WebConfig:
    settings: Settings
    token: str | None = None  # None: every write is refused
    protect_reads: bool = False  # True: reads need the token too
    max_upload: int = 10 * 1024 * 1024  # bytes per request body
    # Token bucket per client address: `burst` requests at once, refilled at `rate` per second.
    # 20/s with a burst of 120 lets a page and its API calls through while stopping scripted floods.
    rate: float | None = 20.0  # None turns rate limiting off (tests that fire many requests)
    burst: int = 120
    write_cost: float = 10.0  # writes (ingest, judgements) start the pipeline: they cost more tokens
    tile_url: str | None = None  # e.g. https://tile.example.org/{z}/{x}/{y}.png; None: plain background
    node_modules: Path | None = None
    cookie_secure: bool = False  # set when served over HTTPS behind a proxy
