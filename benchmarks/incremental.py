"""Incremental resolution: the time to add 10 documents to a store of 1,000 and of 10,000.

    .venv/bin/python benchmarks/incremental.py [--sizes 1000 10000] [--batch 10] [--rounds 5]

The documents are generated news-like text about generated people (given and family
names with transliteration variants: Khaled / Khalid, Qaddoumi / Qadoumi / al-Qadoumi),
organisations from the organisation data file, real cities, and dated events. The NLP
is bypassed: each document comes with the DocExtraction an extractor would produce,
so this measures resolution and storage only, through the same Resolver and the same
one-transaction-per-document path as the pipeline. The stores are built first, then
`--rounds` batches of `--batch` new documents are added to each and timed; the median
batch time is compared. Target: the 10,000-document store costs less than twice the
1,000-document one (every look-up is an index look-up, so cost follows block sizes,
not store size). The mean is printed too: SQLite checkpoints its write-ahead log every
10,000 pages (a document writes 100-200), so a checkpoint lands in about one batch in
six; the median leaves it out, the mean spreads it over the batches.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from linkwatch.model import (
    Certainty,
    DocExtraction,
    Document,
    Evidence,
    LocalEntity,
    LocalEvent,
    LocalRelation,
    Mention,
    sha256,
)
from linkwatch.resolve import Resolver
from linkwatch.store import Store, Writer, open_store

GIVEN = [["Khaled", "Khalid"], ["Mohammad", "Muhammad", "Mohammed"], ["Naji"], ["Rashid", "Rasheed"], ["Masood", "Masud"],
         ["Asghar"], ["Talha"], ["Zaheer", "Zahir"], ["Yusuf", "Yousuf", "Yousef"], ["Hamza", "Hamzah"], ["Omar", "Umar"],
         ["Hussain", "Hussein", "Husain"], ["Abdul Rahman", "Abdur Rahman"], ["Fazl", "Fazal"], ["Tariq", "Tarik"],
         ["Saeed", "Said"], ["Ismail", "Ismael"], ["Bilal"], ["Imran", "Omran"], ["Ayman", "Aiman"], ["Salim", "Saleem"],
         ["Nasir", "Nasser"], ["Jamal"], ["Kamal"], ["Faisal", "Faysal"], ["Anwar"], ["Idris", "Idrees"], ["Junaid"],
         ["Qasim", "Kasim"], ["Shahid", "Shaheed"]]
FAMILY = [["Qaddoumi", "Qadoumi", "al-Qadoumi", "Kaddoumi"], ["Mashal", "Meshaal", "Mishal"], ["Zaheer", "Zahir"],
          ["Sandhu"], ["Azhar"], ["Ilyas", "Elyas"], ["Kashmiri"], ["Saif", "Saifi"], ["Haqqani"], ["Rehman", "Rahman"],
          ["Baloch", "Balouch"], ["Afridi"], ["Mehsud", "Mahsud"], ["Wazir"], ["Yousafzai", "Yusufzai"], ["Qureshi", "Kureishi"],
          ["Siddiqui", "Siddiqi"], ["Chaudhry", "Choudhary"], ["Abbasi"], ["Hashmi", "Hashemi"], ["Nuri", "Noori"],
          ["Shah"], ["Durrani"], ["Khattak"], ["Bhatti"], ["Malik"], ["Awan"], ["Gilani", "Jilani"], ["Bukhari"],
          ["Farooqi", "Faruqi"], ["Hamdan"], ["Nasrallah"], ["Barghouti", "Barghouthi"], ["Zawahiri", "Zawahri"],
          ["Haniyeh", "Haniya"], ["Sinwar"], ["Deif"], ["Issa"], ["Odeh", "Ouda"], ["Khalil", "Khaleel"]]
CITIES = ["Karachi", "Lahore", "Peshawar", "Quetta", "Islamabad", "Rawalpindi", "Gujranwala", "Multan", "Bahawalpur",
          "Muzaffarabad", "Kotli", "Srinagar", "Jammu", "Kabul", "Kandahar", "Jalalabad", "Tehran", "Gaza", "Ramallah",
          "Beirut", "Damascus", "Baghdad", "Mosul", "Doha", "Sanaa", "Aden", "Cairo", "Amman", "Istanbul", "Dhaka",
          "Muridke", "Bannu", "Gwadar", "Gilgit", "Sialkot", "Faisalabad", "Hyderabad", "Sukkur", "Mardan", "Abbottabad"]
ORGS = [("Hamas", "org:hamas"), ("Lashkar-e-Taiba", "org:lashkar-e-tayyiba"), ("Jaish-e-Mohammed", "org:jaish-i-mohammed"),
        ("Hizbul Mujahideen", "org:hizbul-mujahideen"), ("TTP", "org:tehrik-e-taliban-pakistan"),
        ("Hezbollah", "org:hizballah"), ("Harkat-ul-Mujahideen", "org:harakat-ul-mujahideen"),
        ("Lashkar-e-Jhangvi", "org:lashkar-i-jhangvi"), ("al-Qaeda", "org:al-qaida"), ("ISIS-K", "org:isil-khorasan")]
EVENTS = ["rally", "meeting", "conference", "gathering", "attack", "event"]
ROLES = ["commander", "spokesman", "chief", "member", "leader"]
EXTRACTOR = "bench.generated/1"


@dataclass
class Person:
    given: list[str]
    family: list[str]
    org: int  # the group the person belongs to, the same in every document

    def name(self, rnd: random.Random) -> str:
        return f"{rnd.choice(self.given)} {rnd.choice(self.family)}"


class Generator:
    """Documents about a fixed population of people: later documents re-mention earlier people
    in other spellings, as news does."""

    def __init__(self, seed: int, stream: int = 0, serial: int = 0) -> None:
        population = random.Random(seed)
        self.people = [Person(g, f, population.randrange(len(ORGS))) for g in GIVEN for f in FAMILY]  # 1,200
        self.rnd = random.Random(seed * 1000 + stream)  # which documents: one stream builds, another is timed
        self.serial = serial

    def document(self) -> tuple[Document, DocExtraction]:
        rnd = self.rnd
        self.serial += 1
        people = rnd.sample(self.people, 3)
        while people[0].org == people[1].org:
            people[1] = rnd.choice(self.people)
        orgs = [ORGS[people[0].org], ORGS[people[1].org]]
        city = rnd.choice(CITIES)
        month = rnd.randrange(36)
        date = f"{2023 + month // 12}-{month % 12 + 1:02d}" + (f"-{rnd.randrange(1, 29):02d}" if rnd.random() < 0.5 else "")
        kind = rnd.choice(EVENTS)
        names = [p.name(rnd) for p in people]
        role = rnd.choice(ROLES)
        sentences = [
            f"Dispatch {self.serial}.",
            f"{names[0]}, a {role} of {orgs[0][0]}, attended a {kind} in {city} on {date}.",
            f"{names[1]} of {orgs[1][0]} was also present, officials said.",
            f"{names[2]} reportedly met {names[0]} at the {kind}.",
            f"Analysts say {orgs[0][0]} and {orgs[1][0]} have grown closer.",
        ]
        text = " ".join(sentences)
        doc = Document(Document.make_id(text), sha256(text.encode()), text, f"generated-{self.serial}.txt",
                       source=f"Outlet {rnd.randrange(200)}", published=date[:7])

        def ev(quote: str, certainty: Certainty = Certainty.ASSERTED) -> Evidence:
            start = text.index(quote)
            return Evidence(doc.id, start, start + len(quote), quote, EXTRACTOR, certainty)

        entities = [LocalEntity(f"p{i}", "person", n, roles=[role] if i == 0 else []) for i, n in enumerate(names)]
        entities += [LocalEntity(f"o{i}", "organization", o[0], key=o[1]) for i, o in enumerate(orgs)]
        entities.append(LocalEntity("l0", "location", city))
        mentions = [Mention(text.index(e.name), text.index(e.name) + len(e.name), e.name, e.type, e.ref)
                    for e in entities]
        events = [LocalEvent("v0", kind, [ev(sentences[1])], date, "l0", ["p0", "p1"], [])]
        relations = [
            LocalRelation("member_of", "p0", "o0", [ev(sentences[1])], role=role),
            LocalRelation("member_of", "p1", "o1", [ev(sentences[2])]),
            LocalRelation("participated_in", "p0", "v0", [ev(sentences[1])]),
            LocalRelation("participated_in", "p1", "v0", [ev(sentences[2], Certainty.REPORTED)]),
            LocalRelation("met_with", "p2", "p0", [ev(sentences[3], Certainty.REPORTED)]),
            LocalRelation("allied_with", "o0", "o1", [ev(sentences[4], Certainty.REPORTED)]),
        ]
        return doc, DocExtraction(doc.id, EXTRACTOR, mentions, entities, events, relations)


def add(store: Store, resolver: Resolver, docs: list[tuple[Document, DocExtraction]], per_doc: bool) -> None:
    """Store and resolve `docs`, one transaction per document as the pipeline does (or one for all,
    which only the store-building phase uses, to build big stores quickly)."""
    def one(writer: Writer, doc: Document, extraction: DocExtraction) -> None:
        writer.put_blob(doc.raw_sha256, doc.text.encode())
        stored = writer.add_document(doc, None, [])
        writer.put_extraction(extraction)
        resolver.resolve(stored, extraction, writer)

    if per_doc:
        for doc, extraction in docs:
            with store.transaction() as writer:
                one(writer, doc, extraction)
    else:
        with store.transaction() as writer:
            for doc, extraction in docs:
                one(writer, doc, extraction)


def build(path: Path, size: int, gen: Generator, resolver_for: type[Resolver]) -> Store:
    store = open_store(path)
    resolver = resolver_for(store)
    started = time.perf_counter()
    for start in range(0, size, 500):
        add(store, resolver, [gen.document() for _ in range(min(500, size - start))], per_doc=False)
    print(f"  built {size:>6} documents in {time.perf_counter() - started:6.1f} s "
          f"({len(store.entities('person'))} people, {len(store.events())} events)", file=sys.stderr)
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--batch", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=9, help="timed batches per store (9: medians of 5 varied by "
                    "a third between runs on a shared 2-core machine)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    timings: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            # The same population for every size; the timed documents are the same for every size too.
            store = build(Path(tmp) / f"store-{size}.db", size, Generator(args.seed), Resolver)
            resolver = Resolver(store)
            timed = Generator(args.seed, stream=1, serial=10 ** 6)
            batches = []
            for _ in range(args.rounds):
                docs = [timed.document() for _ in range(args.batch)]
                started = time.perf_counter()
                add(store, resolver, docs, per_doc=True)
                batches.append(time.perf_counter() - started)
            timings[size] = statistics.median(batches)
            store.close()
            print(f"store of {size:>6} documents: add {args.batch} documents in {timings[size] * 1000:7.1f} ms "
                  f"(median of {args.rounds}; {timings[size] / args.batch * 1000:.1f} ms a document; "
                  f"mean {statistics.mean(batches) * 1000:.1f} ms)")
    base = timings[args.sizes[0]]
    for size in args.sizes[1:]:
        ratio = timings[size] / base
        verdict = "ok" if ratio < 2 else "OVER TARGET"
        print(f"ratio {size}/{args.sizes[0]}: {ratio:.2f}x  (target < 2x: {verdict})")


if __name__ == "__main__":
    main()
