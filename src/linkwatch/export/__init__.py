"""Exports, one module per format, registered by name.

A format is a function ``(store, out_path_or_stream) -> int`` (rows or objects
written). Text formats write to a stream; formats that need a file path say so
with ``binary=True`` and receive a path.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from linkwatch.export.jsonl import write_json, write_jsonl


@dataclass(frozen=True)
class Format:
    name: str
    write: Callable[..., int]
    suffix: str
    description: str
    to_path: bool = False  # True: write(store, path) instead of write(store, stream)
    media_type: str | None = None  # what the API serves it as, when the suffix does not say (STIX's own type)


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    FORMATS[fmt.name] = fmt
    return fmt


register(Format("jsonl", write_jsonl, ".jsonl", "the graph as JSON Lines (FORMAT.md)"))
register(Format("json", write_json, ".json", "the graph as one JSON object"))


def get_format(name: str) -> Format:
    _load_optional()
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown export format {name!r}; choose from {', '.join(sorted(FORMATS))}") from None


def _load_optional() -> None:
    """Formats with heavy dependencies (stix2, followthemoney, networkx) register themselves when their
    module imports, which waits until a format is asked for."""
    import importlib

    for module in ("stix", "ftm", "graph", "tables"):
        importlib.import_module(f"linkwatch.export.{module}")


def names() -> list[str]:
    _load_optional()
    return sorted(FORMATS)


__all__: list[Any] = ["FORMATS", "Format", "get_format", "names", "register"]
