"""The storage contract for the link index's parts (migration 14, issue 14): link_parts, unit_hops and the kept
paths' units, on every backend. The rows are written here by hand; what they mean is analyse.index_units'."""
from __future__ import annotations

from linkwatch.store import Store
from linkwatch.store.index_base import PartRow, PathRow

MEET = "c|meeting|r-meet"
FRONT = "c|front|r-front"


def _part(unit: str, a: str, b: str, date: str, grade: int, paths: int, kind: str = "meeting",
          strength: int = 2, learned: str = "2026-01-02") -> PartRow:
    return PartRow(unit, a, b, date, kind, grade, strength, paths, learned)


def _path(pid: str, unit: str, grade: int, sources: int, date: str | None) -> PathRow:
    return PathRow(pid, "o1", "o2", "meeting", None, ("o1", "p1", "p2", "o2"), ("m1", "r-meet", "m2"), ("r-meet",),
                   grade, 2, sources, "2026-01-02", date, unit)


def test_link_parts_sum_to_a_link_and_say_which_units_a_hop_reaches(backend: Store) -> None:
    with backend.transaction() as w:
        w.add_hop_roots([("r-meet", "doc:a"), ("r-meet", "doc:b"), ("r-front", "doc:c"), ("m1", "doc:z")])
        w.replace_units([MEET], [_part(MEET, "o1", "o2", "2025-03", 3, 2), _part(MEET, "o1", "o2", "", 4, 1),
                                 _part(MEET, "o1", "o3", "2024", 2, 1)],
                        [("r-meet", MEET, True), ("m1", MEET, False), ("m2", MEET, False)])
        w.replace_units([FRONT], [_part(FRONT, "o1", "o2", "2024-11", 2, 1, "front", 3, "2026-01-01")],
                        [("r-front", FRONT, True)])
    s = backend.pair_summary("o1", "o2")
    assert s == {"grade": 2, "strength": 3, "paths": 4, "learned_at": "2026-01-01", "first_seen": "2024-11",
                 "last_seen": "2025-03", "kinds": ("front", "meeting")}
    assert backend.units_of_hops(["m1"]) == {MEET}
    assert backend.units_of_hops(["m1"], core_only=True) == set()
    assert backend.units_of_hops(["r-meet", "r-front"], core_only=True) == {MEET, FRONT}
    assert backend.pair_units("o1", "o2") == sorted([MEET, FRONT])
    assert backend.units_dated_otherwise([MEET, FRONT], "2024-11") == {MEET}
    assert {p.date for p in backend.unit_parts([MEET])[MEET]} == {"2025-03", "", "2024"}
    # Since 2025-01: the meeting's dated part, and a year-only "2024" is not after it; sources are the
    # connecting hops' of those parts (not the membership's).
    since = {(x["a"], x["b"]): x for x in backend.pair_summaries_since("2025-01")}
    assert set(since) == {("o1", "o2")}
    assert (since[("o1", "o2")]["paths"], since[("o1", "o2")]["sources"], since[("o1", "o2")]["kinds"]) == \
        (2, 2, ("meeting",))
    with backend.transaction() as w:
        w.reset_link_roots("o1", "o2")
    assert backend.link_root_count("o1", "o2") == 3


def test_adding_to_a_unit_overwrites_its_part_and_keeps_its_hops(backend: Store) -> None:
    with backend.transaction() as w:
        w.replace_units([MEET], [_part(MEET, "o1", "o2", "2025-03", 3, 2)], [("r-meet", MEET, True)])
        w.add_to_units([_part(MEET, "o1", "o2", "2025-03", 2, 5), _part(MEET, "o2", "o4", "", 5, 1)],
                       [("r-meet", MEET, False), ("m9", MEET, False)])
    parts = {(p.a, p.b): p for p in backend.unit_parts([MEET])[MEET]}
    assert (parts[("o1", "o2")].grade, parts[("o1", "o2")].paths) == (2, 5) and ("o2", "o4") in parts
    assert backend.units_of_hops(["r-meet"], core_only=True) == {MEET}  # the core mark is kept
    assert backend.units_of_hops(["m9"]) == {MEET}
    with backend.transaction() as w:
        w.replace_units([MEET], [], [])
    assert backend.unit_parts([MEET]) == {} and backend.units_of_hops(["r-meet", "m9"]) == set()
    assert backend.pair_summary("o1", "o2") is None


def test_kept_paths_carry_their_unit_best_first(backend: Store) -> None:
    with backend.transaction() as w:
        w.put_paths([_path("p-b", MEET, 3, 1, "2025-03"), _path("p-a", FRONT, 2, 1, None),
                     _path("p-c", MEET, 3, 4, "2024")])
    kept = backend.kept_paths("o1", "o2", 10)
    assert [(k[0], k[1]) for k in kept] == [("p-a", FRONT), ("p-c", MEET), ("p-b", MEET)]
    assert [p.unit for p in backend.pair_paths("o1", "o2", 2)] == [FRONT, MEET]
    assert backend.kept_paths("o1", "o2", 1)[0][2:] == (2, 2, 3, 1, "2026-01-02", None)
