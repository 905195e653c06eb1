"""The closed sets (certainty, judgement, match outcome) are enums in the model, and the store and the
API speak exactly their values."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from linkwatch.model import Certainty, Judgement, MatchOutcome
from linkwatch.resolve.features import MERGE, UNSURE, outcome_of
from linkwatch.store import Store
from linkwatch.store.tables import MIGRATIONS

TABLES = "\n".join(MIGRATIONS)


def _check(column: str) -> set[str]:
    found = re.search(rf"{column} TEXT NOT NULL CHECK \({column} IN \(([^)]*)\)\)", TABLES)
    assert found, f"no CHECK constraint on {column}"
    return set(re.findall(r"'([^']+)'", found.group(1)))


def test_the_store_checks_exactly_the_enum_values() -> None:
    assert _check("judgement") == {j.value for j in Judgement}
    assert _check("certainty") == {c.value for c in Certainty}


def test_a_judgement_gives_a_comparison_its_outcome() -> None:
    assert [j.outcome for j in Judgement] == [MatchOutcome.SAME, MatchOutcome.DIFFERENT, MatchOutcome.UNSURE]
    assert [outcome_of(s) for s in (MERGE, UNSURE, UNSURE - 0.01)] == list(MatchOutcome)
    # A member is its string, so rows written as plain text compare equal.
    assert Judgement("not-same") is Judgement.NOT_SAME and MatchOutcome.SAME == "same"


def test_the_store_refuses_a_judgement_outside_the_enum(store: Store) -> None:
    with store.transaction() as w:
        for j in Judgement:
            w.put_judgement(f"a-{j.value}", "b", j)
    assert sorted(r["judgement"] for r in store.judgements()) == sorted(j.value for j in Judgement)
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as w:
        w.put_judgement("a", "b", "maybe")


def test_no_module_spells_the_judgement_values_as_a_list() -> None:
    """Outside the store's migrations (SQL, checked against the enum above) nothing lists them."""
    src = Path(__file__).resolve().parents[1] / "src" / "linkwatch"
    spelled = [p for p in src.rglob("*") if p.suffix in (".py", ".html", ".js") and p.name != "tables.py"
               and re.search(r"""["']same["'],\s*["']not-same["'],\s*["']unsure["']""", p.read_text(encoding="utf-8"))]
    assert spelled == []
