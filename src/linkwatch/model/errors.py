"""The one error type every input problem becomes, so the CLI can report it and go on.

Raised by ingest (unreadable inputs) and normalise (undecodable or empty text), so it
lives in the model that both speak rather than in either stage.
"""
from __future__ import annotations


class InputError(Exception):
    """An input that could not be read. `origin` names it: a path, a URL, or ``manifest.jsonl:12``."""

    def __init__(self, origin: str, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.message = message
