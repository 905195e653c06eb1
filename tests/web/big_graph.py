"""A 300-node store for the chart and map tests, written for the tests (no article text from outside).

Deterministic (seeded): 50 organisations of every kind (militant by claiming attacks, state bodies and
parties by the words of their names, others), 200 people with memberships and meetings, 35 events
over 2019-2025 (some dated only by year or month, a few undated) and 15 places, every relation with a
quote found at its offsets in one of twelve generated reports, with all four certainty labels.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from linkwatch.model import Alias, Certainty, Document, Entity, Event, Evidence, Relation, make_id, sha256
from linkwatch.resolve.grading import grade
from linkwatch.store import open_store

SYLLABLES = ["ka", "ra", "mi", "tor", "vel", "an", "sul", "dor", "en", "bar", "li", "qas", "ne", "zu", "hal",
             "ro", "fen", "ta", "gar", "is", "mon", "de", "vash", "el", "kor", "un", "sa", "bel", "yr", "od"]
PLACES = [("Karachi", None), ("Peshawar", None), ("Kabul", None), ("Mogadishu", None), ("Sanaa", None),
          ("Baghdad", None), ("Beirut", None), ("Niamey", None), ("Bamako", None), ("Lahore", None),
          ("Red Sea", None), ("Gulf of Aden", None), ("Sahel", None), ("Quetta", None), ("Mosul", None)]
LABELS = [Certainty.ASSERTED] * 5 + [Certainty.REPORTED] * 3 + [Certainty.UNVERIFIED] * 2 + [Certainty.DENIED]
CUES = {Certainty.REPORTED: ("reportedly",), Certainty.UNVERIFIED: ("unconfirmed",), Certainty.DENIED: ("denied",)}


@dataclass
class Big:
    path: Path
    orgs: dict[str, list[str]] = field(default_factory=dict)  # kind -> entity ids
    people: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def _name(rng: random.Random, parts: int) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()
                    for _ in range(parts))


class _Report:
    """One generated article: sentences appended with their offsets recorded."""

    def __init__(self, n: int, published: str) -> None:
        self.n, self.published, self.parts = n, published, []  # type: ignore[var-annotated]
        self.text = ""

    def say(self, sentence: str) -> tuple[int, int, str]:
        start = len(self.text)
        self.text += sentence + " "
        return start, start + len(sentence), sentence


def build_big(path: Path, seed: int = 7) -> Big:
    rng = random.Random(seed)
    big = Big(path)
    reports = [_Report(i, f"{2019 + i // 2}-{(i % 2) * 6 + 3:02d}-1{i % 9}") for i in range(12)]
    pending: list[tuple[int, str, str, str, Certainty, tuple[int, int, str], str | None]] = []
    entities: list[Entity] = []
    events: list[Event] = []

    def entity(type_: str, name: str) -> str:
        eid = make_id("e", type_, name)
        entities.append(Entity(eid, type_, name, [Alias(name, None, None)]))
        return eid

    def claim(type_: str, a: str, b: str, sentence: str, certainty: Certainty | None = None,
              role: str | None = None) -> None:
        r = rng.randrange(len(reports))
        label = certainty or rng.choice(LABELS)
        pending.append((r, type_, a, b, label, reports[r].say(sentence), role))

    names = {}
    for kind, count, pattern in (("militant", 20, "{} Brigade"), ("state_body", 10, "Ministry of {}"),
                                 ("party", 8, "{} People's Party"), ("other", 12, "{} Foundation")):
        for _ in range(count):
            name = pattern.format(_name(rng, 1))
            eid = entity("organization", name)
            names[eid] = name
            big.orgs.setdefault(kind, []).append(eid)
    for place, _ in PLACES:
        big.places.append(entity("location", place))
        names[big.places[-1]] = place
    orgs = [o for ids in big.orgs.values() for o in ids]
    for _ in range(200):
        name = _name(rng, 2)
        pid = entity("person", name)
        names[pid] = name
        big.people.append(pid)
        org = rng.choice(orgs)
        claim("member_of", pid, org, f"{name} is a member of {names[org]}.", role=rng.choice(("commander", None)))
    for i in range(35):
        kind = "attack" if i % 3 == 0 else rng.choice(("meeting", "rally", "conference"))
        year = 2019 + i % 7
        date = None if i % 11 == 5 else (f"{year}" if i % 5 == 0 else f"{year}-{1 + i % 12:02d}" if i % 5 == 1
                                         else f"{year}-{1 + i % 12:02d}-{1 + i % 27:02d}")
        place = rng.choice(big.places)
        vid = make_id("v", str(i))
        r = rng.randrange(len(reports))
        quote = reports[r].say(f"A {kind} took place in {names[place]}" + (f" in {date}." if date else "."))
        ev = Evidence(make_id("d", str(r)), quote[0], quote[1], quote[2], "test.big.v1", Certainty.ASSERTED)
        events.append(Event(vid, kind, date, place, [], [], f"{kind} {i}", [ev]))
        big.events.append(vid)
        names[vid] = f"{kind} {i}"
        for person in rng.sample(big.people, rng.randint(2, 6)):
            claim("participated_in", person, vid, f"{names[person]} attended the {kind} {i}.")
        if kind == "attack":
            militant = big.orgs["militant"][i % 20]
            claim("claimed_responsibility", militant, vid, f"{names[militant]} claimed the attack {i}.",
                  Certainty.ASSERTED)
        else:
            organiser = rng.choice(orgs)
            claim("organized", organiser, vid, f"{names[organiser]} organised the {kind} {i}.")
    for militant in big.orgs["militant"]:  # every militant group claims at least one attack
        vid = big.events[(big.orgs["militant"].index(militant) * 3) % 35]
        if events[big.events.index(vid)].type != "attack":
            vid = big.events[0]
        claim("claimed_responsibility", militant, vid, f"{names[militant]} also claimed the attack.",
              Certainty.ASSERTED)
    for _ in range(30):
        a, b = rng.sample(big.orgs["militant"] + big.orgs["party"], 2)
        claim("allied_with", a, b, f"{names[a]} is allied with {names[b]}.")
    for _ in range(40):
        a, b = rng.sample(big.people, 2)
        claim("met_with", a, b, f"{names[a]} met {names[b]}.")
    for place in big.places:  # every place is on the chart: someone went there
        person = rng.choice(big.people)
        claim("visited", person, place, f"{names[person]} travelled to {names[place]}.")

    docs = []
    for rep in reports:
        text = rep.text or "Nothing."
        docs.append(Document(id=make_id("d", str(rep.n)), raw_sha256=sha256(text.encode()), text=text,
                             origin=f"big-{rep.n}.txt", source=f"Wire {rep.n % 4}", published=rep.published,
                             title=f"Report {rep.n}", url=f"https://example.test/big/{rep.n}", language="en"))
    with open_store(path) as store:
        with store.transaction() as w:
            for d in docs:
                w.put_blob(d.raw_sha256, d.text.encode())
                w.add_document(d, None, [])
            for e in entities:
                w.upsert_entity(e)
            for v in events:
                w.upsert_event(v)
            for r, type_, a, b, label, (start, end, quote), role in pending:
                ev = Evidence(docs[r].id, start, end, quote, "test.big.v1", label, CUES.get(label, ()))
                w.add_relation(Relation(Relation.make_id(type_, a, b), type_, a, b, label, [ev], role=role))
        with store.transaction() as w:
            for rel in store.relations():
                g = grade(store.relation_sources(rel.id))
                w.update_relation_grade(rel.id, g.certainty.value, g.sources, g.grade, g.confidence, docs[0].id)
    return big
