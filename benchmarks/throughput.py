#!/usr/bin/env python3
"""Throughput of extraction and of the full ingest against the bare spaCy model, measured in one run.

    python benchmarks/throughput.py [--corpus generated|real|short] [--mb 1.0] [--no-ingest] [--model NAME]

Three corpora (--corpus):

- ``real``: the articles of the dev set (../shared/dev/docs) and of the test corpora (tests/fixtures/corpora),
  repeated in turn to --mb megabytes. Each repetition gets a first line of its own ("Report 12.") so the
  ingest reads it as a new document (a syndicated copy, marked as a near-duplicate) rather than skipping it
  as one it already has; the baseline parses the same texts.
- ``short``: reports of about 50 words (two to four sentences about one cast, from the generator below), to
  --mb megabytes: what per-document cost (normalising, one transaction, resolution) weighs against.
- ``generated`` (the default): at least --mb megabytes of generated news-like articles.

The generated corpus: Each article has its own cast,
as news stories do: two to six people drawn from a population of 1,600 (40 given x 40 family names),
one to three groups (20 organisations, most from the organisation data file) and one to three places
(30 real cities), all drawn with Zipf-like weights, so a few people, groups and places recur across
many articles (hubs for resolution and grading) while most appear rarely. An article has 12 to 30
sentences: about 55% about its cast (people meeting, attending, leading, denying; second mentions
by surname alone), about 35% background sentences assembled from interchangeable phrases and numbers
(prices, arrests, weather, budgets: text without entities, as news has), and 10% taken verbatim from
the project's own test articles (tests/fixtures/corpora). Sentences are assembled from fragments with
variable slots, so unrelated articles share few word 5-shingles (at 1 MB: mean MinHash Jaccard
between article pairs 0.03, the most similar pair 0.17, far below the 0.8 near-duplicate threshold)
instead of being recombinations of a few fixed sentences. Documents carry no outlet, so every one counts as an
independent source.

It then times, on the same texts and in this order:

1. bare ``nlp.pipe`` of the model alone (the baseline),
2. ``Extractor.extract`` (the model plus every linkwatch rule component),
3. the full ingest (normalise, near-duplicates, extract, resolve, store) into a temporary SQLite store, with
   extraction in worker processes as ``linkwatch ingest`` runs it (linkwatch.pool: one per core unless
   LINKWATCH_N_PROCESS says otherwise; their start-up, the model loaded in each, is set-up, below).

Each is warmed up first (the model and the extractor on four texts; the ingest on WARM_UP documents
into a scratch store, which loads the gazetteer once per process, after starting the extraction workers and
waiting for their models: a few seconds, printed as the set-up).
It prints words per second for each and the ratios extraction/bare and ingest/bare, the latter also with the
ingest's set-up counted in. The baseline is always one process (issue 14: full ingest must beat bare
single-process ``nlp.pipe``: >= 1.0 on generated text, >= 0.9 on the short reports).
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import spacy

from linkwatch.extract import Extractor
from linkwatch.model import Document, RawDocument
from linkwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIRST = ["Abdul", "Naji", "Tariq", "Hamza", "Yusuf", "Bilal", "Omar", "Zarak", "Imran", "Saif", "Khalid", "Asim",
         "Farhan", "Junaid", "Rashid", "Waqas", "Idris", "Anwar", "Qasim", "Salman", "Fahad", "Haris", "Nabeel",
         "Usman", "Zubair", "Kamran", "Adnan", "Shoaib", "Ayaz", "Mansoor", "Javed", "Nadeem", "Rizwan", "Shakeel",
         "Tahir", "Wasim", "Yasir", "Zahid", "Arif", "Bashir"]
LAST = ["Rahman", "Durrani", "Wazir", "Qureshi", "Haqqani", "Farooqi", "Mehsud", "Baloch", "Siddiqui", "Hashmi",
        "Afridi", "Khattak", "Yousafzai", "Chaudhry", "Abbasi", "Bukhari", "Gilani", "Malik", "Awan", "Bhatti",
        "Mirza", "Niazi", "Shinwari", "Achakzai", "Kakar", "Marwat", "Bangash", "Orakzai", "Sherpao", "Jadoon",
        "Tanoli", "Swati", "Mohmand", "Safi", "Kundi", "Gandapur", "Lodhi", "Sulemani", "Zardari", "Leghari"]
GROUPS = ["Lashkar-e-Taiba", "Jaish-e-Mohammed", "Hamas", "al-Shabaab", "the TTP", "Hizbul Mujahideen",
          "Jamaat-ul-Ahrar", "the Islamic State", "Harkat-ul-Jihad Islami", "the Haqqani Network", "Hezbollah",
          "the Al-Nusrah Front", "the Abu Sayyaf Group", "Boko Haram", "the Balochistan Liberation Army",
          "the Al Rashid Trust", "the Al-Aqsa Martyrs Brigade", "Kata'ib Hizballah", "Hurras al-Din", "ISIS-K"]
PLACES = ["Peshawar", "Quetta", "Lahore", "Mogadishu", "Kismayo", "Bannu", "Muzaffarabad", "Kabul", "Gaza",
          "Karachi", "Islamabad", "Rawalpindi", "Multan", "Kandahar", "Jalalabad", "Srinagar", "Kotli", "Gilgit",
          "Mardan", "Sialkot", "Faisalabad", "Hyderabad", "Sukkur", "Gwadar", "Abbottabad", "Beirut", "Damascus",
          "Baghdad", "Sanaa", "Maiduguri"]
WARM_UP = 8  # documents ingested into a scratch store before the timed ingest
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
# Sentences about the article's cast: {p}/{q} people (full names), {ps}/{qs} their surnames alone,
# {g}/{h} groups, {l} a place, {d} a day, {r} a role word; background sentences add {m} a month and numbers.
CAST = [
    "{g} {r} {p} was seen at a rally in {l} on {d}",
    "{p}, a senior {g} leader, met {q} in {l} last week",
    "{g} claimed responsibility for the attack on a checkpoint near {l}",
    "{p}, the group's spokesman, denied that {g} had any role in the bombing",
    "the conference in {l} was organised by {g}, which is widely viewed as a front for {h}",
    "also purportedly in attendance were {p}, brother of {h} chief {q}, and local clerics",
    "videos circulating online appear to show {ps} addressing the gathering in {l}",
    "security officials in {l} said they were monitoring the movements of {p} and his associates",
    "analysts say the growing ties between {g} and {h} could complicate regional security",
    "{ps} told supporters in {l} that the campaign would continue",
    "{p} is believed to have taken over as {r} of {g} after a split in its leadership",
    "police in {l} arrested two men they said were couriers for {ps}",
    "{q} reportedly travelled to {l} to meet {ps} on {d}",
    "a court in {l} issued a warrant for {p}, whom prosecutors describe as a {g} financier",
    "{g} and {h} held a joint meeting in {l}, according to an intelligence report",
    "{qs} was not present, a person familiar with the meeting said",
    "{p} has denied links to {g} in an interview with a local newspaper",
    "the {r} of {g}, {p}, addressed a press conference in {l} on {d}",
    "{ps} and {qs} were photographed together at the funeral in {l}",
    "officials in {l} said {g} had recruited dozens of young men in recent months",
    "{p} was killed in a drone strike near {l}, residents said, though {g} has not confirmed it",
    "a statement attributed to {g} named {q} as its new {r}",
]
ATTRIBUTION = ["officials said", "police said", "according to a police statement", "a spokesman said",
               "witnesses told reporters", "local media reported", "a security official said",
               "residents said", "sources told this newspaper", "an official said on condition of anonymity"]
ROLES = ["commander", "spokesman", "chief", "leader", "deputy", "financier", "organiser"]
# Background sentences without names: subject + verb + object + time, each from its own list.
SUBJECTS = ["The provincial government", "Local traders", "The interior ministry", "Aid agencies",
            "Hospital staff", "Teachers in the district", "The city council", "Farmers in the valley",
            "The electricity company", "Transport unions", "Shopkeepers near the market", "The finance department",
            "Students at the university", "The weather office", "Bus operators", "The health department",
            "Members of the bar association", "The chamber of commerce", "Fishermen along the coast",
            "Relief workers"]
VERBS = ["announced", "reported", "said they expected", "complained about", "warned of", "welcomed",
         "called for", "recorded", "protested against", "estimated", "pointed to", "blamed delays on"]
OBJECTS = ["a {pc} percent rise in flour prices", "new restrictions on travel between districts",
           "{n} arrests in a week of raids", "power cuts of up to {k} hours a day", "a shortage of fuel",
           "a budget of {n} million rupees for road repairs", "{n} new cases of dengue fever",
           "the closure of {k} schools", "heavy rain and flooding in low-lying areas",
           "a drop of {pc} percent in fruit exports", "the reopening of the border crossing",
           "{n} families displaced by the fighting", "a plan to build {k} new clinics",
           "higher fares on intercity routes", "delays in paying salaries for {k} months",
           "a dispute over water rights", "an increase of {pc} percent in school enrolment",
           "the arrival of {n} tonnes of food aid"]
TIMES = ["on {d}", "this week", "in recent weeks", "since {m}", "earlier this month", "last year",
         "over the weekend", "in a report published on {d}", "at a meeting on {d}", "for the third time this year"]


def fixture_sentences() -> list[str]:
    out = []
    for path in sorted((ROOT / "tests" / "fixtures" / "corpora").glob("*/*.txt")):
        out += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def _zipf(rng: random.Random, items: Sequence[str], k: int) -> list[str]:
    """`k` distinct items, the i-th item weighted 1/(i+1): a few recur often, most rarely."""
    weights = [1 / (i + 1) for i in range(len(items))]
    out: list[str] = []
    while len(out) < k:
        pick = rng.choices(items, weights)[0]
        if pick not in out:
            out.append(pick)
    return out


def build_texts(megabytes: float, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    own = fixture_sentences()
    population = [f"{f} {s}" for f in FIRST for s in LAST]
    rng.shuffle(population)  # which names are the famous ones
    texts, total = [], 0

    def number() -> str:
        return str(rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 20000)]))

    def fill(template: str, people: list[str], groups: list[str], places: list[str]) -> str:
        p, q = rng.sample(people, 2)
        g, h = (rng.sample(groups, 2) if len(groups) > 1 else [groups[0], rng.choice(GROUPS)])
        return template.format(p=p, q=q, ps=p.split()[-1], qs=q.split()[-1], g=g, h=h, l=rng.choice(places),
                               d=rng.choice(DAYS), m=rng.choice(MONTHS), r=rng.choice(ROLES),
                               n=number(), k=rng.randint(2, 12), pc=rng.randint(2, 60))

    def cap(sentence: str) -> str:
        return sentence[0].upper() + sentence[1:]

    while total < megabytes * 1_000_000:
        people = _zipf(rng, population, rng.randint(2, 6))
        groups = _zipf(rng, GROUPS, rng.randint(1, 3))
        places = _zipf(rng, PLACES, rng.randint(1, 3))
        sentences = []
        for _ in range(rng.randint(12, 30)):
            roll = rng.random()
            if own and roll < 0.10:
                sentences.append(rng.choice(own))
            elif roll < 0.65:
                clause = fill(rng.choice(CAST), people, groups, places)
                sentences.append(cap(clause) + (f", {rng.choice(ATTRIBUTION)}." if rng.random() < 0.5 else "."))
            else:
                sentences.append(fill(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                                      f"{rng.choice(TIMES)}.", people, groups, places))
        paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
        text = "\n\n".join(paragraphs)
        texts.append(text)
        total += len(text.encode("utf-8"))
    return texts


def real_texts(megabytes: float) -> list[str]:
    """The dev set's and the test corpora's articles, repeated to `megabytes`, each copy with its own first line."""
    folders = [ROOT.parent / "shared" / "dev" / "docs", *sorted((ROOT / "tests" / "fixtures" / "corpora").iterdir())]
    articles = [p.read_text(encoding="utf-8").strip() for folder in folders if folder.is_dir()
                for p in sorted(folder.glob("*.txt"))]
    if not articles:
        raise SystemExit("no articles found under ../shared/dev/docs or tests/fixtures/corpora")
    texts, total = [], 0
    while total < megabytes * 1_000_000:
        text = f"Report {len(texts) + 1}.\n\n{articles[len(texts) % len(articles)]}"
        texts.append(text)
        total += len(text.encode("utf-8"))
    return texts


def short_texts(megabytes: float, seed: int = 11) -> list[str]:
    """Reports of about 50 words: two to four sentences about one cast, as wire briefs are."""
    rng = random.Random(seed)
    population = [f"{f} {s}" for f in FIRST for s in LAST]
    texts, total = [], 0
    while total < megabytes * 1_000_000:
        people, groups, places = (_zipf(rng, population, 3), _zipf(rng, GROUPS, 2), _zipf(rng, PLACES, 2))
        sentences: list[str] = []
        while sum(len(x.split()) for x in sentences) < 45:
            p, q = rng.sample(people, 2)
            clause = rng.choice(CAST).format(p=p, q=q, ps=p.split()[-1], qs=q.split()[-1], g=groups[0], h=groups[1],
                                             l=rng.choice(places), d=rng.choice(DAYS), m=rng.choice(MONTHS),
                                             r=rng.choice(ROLES))
            sentences.append(clause[0].upper() + clause[1:] + f", {rng.choice(ATTRIBUTION)}.")
        text = " ".join(sentences)
        texts.append(text)
        total += len(text.encode("utf-8"))
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=["generated", "real", "short"], default="generated")
    ap.add_argument("--mb", type=float, default=1.0, help="megabytes of text")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: settings.model)")
    ap.add_argument("--no-ingest", action="store_true", help="skip the full ingest into a temporary store")
    args = ap.parse_args()
    settings = Settings.from_env(**({"model": args.model} if args.model else {}))
    texts = {"generated": build_texts, "real": real_texts, "short": short_texts}[args.corpus](args.mb)
    words = sum(len(t.split()) for t in texts)
    size = sum(len(t.encode("utf-8")) for t in texts)
    docs = [Document(id=f"d{i}", raw_sha256="", text=t, origin=f"bench-{i}", published="2025-03-12")
            for i, t in enumerate(texts)]
    from linkwatch.pool import workers

    print(f"{args.corpus}: {len(texts)} documents, {size / 1e6:.2f} MB, {words} words; model {settings.model}, "
          f"batch_size {settings.batch_size}, ingest extraction processes {workers(settings)}")

    bare = spacy.load(settings.model)
    extractor = Extractor(settings)
    list(bare.pipe(texts[:4]))  # warm both up: first calls allocate
    extractor.extract(docs[:4])

    t0, c0 = time.perf_counter(), time.process_time()
    for _ in bare.pipe(texts, batch_size=settings.batch_size):  # one process: the baseline
        pass
    t_bare, c_bare = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    results = extractor.extract(docs)
    t_extract = time.perf_counter() - t0
    relations = sum(len(r.relations) for r in results)
    print(f"bare nlp.pipe      {words / t_bare:10.0f} words/s  ({t_bare:.1f} s)")
    print(f"Extractor.extract  {words / t_extract:10.0f} words/s  ({t_extract:.1f} s, {relations} relations)")
    print(f"ratio extract/bare {t_bare / t_extract:10.2f}  (one process)")

    if not args.no_ingest:
        from linkwatch.pipeline import Pipeline
        from linkwatch.store import open_store

        raws = [RawDocument(content=t.encode("utf-8"), origin=f"bench-{i}.txt", media_type="text/plain",
                            published="2025-03-12") for i, t in enumerate(texts)]
        from linkwatch.pool import ExtractionPool, workers

        n_workers = workers(settings)
        with tempfile.TemporaryDirectory() as tmp:
            # Warm the ingest up as the model was warmed up above: the first documents pay once per process
            # for the gazetteer, territory names and imports, and the extraction workers load their models.
            # That set-up is printed, and counted in the second ratio, not hidden.
            t0 = time.perf_counter()
            pool = ExtractionPool(settings, n_workers) if n_workers > 1 else None
            if pool is not None:
                pool.warm(docs[0])
            with open_store(Path(tmp) / "warm-up.db") as scratch:
                Pipeline(scratch, settings, extractor=extractor, pool=pool).run(raws[:WARM_UP])
            t_setup = time.perf_counter() - t0
            try:
                with open_store(Path(tmp) / "bench.db") as store:
                    pipeline = Pipeline(store, settings, extractor=extractor, pool=pool)
                    before = _cpu(pool)
                    t0, c0 = time.perf_counter(), time.process_time()
                    summary = pipeline.run(raws)
                    t_ingest, c_writer = time.perf_counter() - t0, time.process_time() - c0
                    c_workers = _cpu(pool) - before
            finally:
                if pool is not None:
                    pool.close()
        print(f"ingest set-up      {t_setup:10.1f} s        (once per process: the first {WARM_UP} documents"
              f" into a scratch store)")
        print(f"full ingest        {words / t_ingest:10.0f} words/s  ({t_ingest:.1f} s, {summary.added} added,"
              f" {summary.copies} near-duplicates)")
        target = "0.9" if args.corpus == "short" else "1.0"
        print(f"ratio ingest/bare  {t_bare / t_ingest:10.2f}  (target >= {target}; {t_bare / (t_ingest + t_setup):.2f}"
              f" counting the set-up)")
        # On a machine shared with other work, wall-clock ratios measure the neighbours as much as linkwatch:
        # the CPU seconds each part used say what two idle cores would give. The ingest can finish no sooner
        # than its writer's CPU time, nor than the whole CPU time shared over the cores.
        cores = max(1, n_workers)
        bound = max(c_writer, (c_writer + c_workers) / cores)
        print(f"CPU seconds        bare {c_bare:.1f}; ingest: writer {c_writer:.1f} + extraction workers {c_workers:.1f}"
              f" -> on {cores} idle cores at best {bound:.1f} s wall: ratio {c_bare / bound:.2f}")


def _cpu(pool: object) -> float:
    """CPU seconds the pool's worker processes have used so far (Linux /proc; 0 without workers)."""
    total = 0.0
    for pid in list(getattr(getattr(pool, "_executor", None), "_processes", None) or {}):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return total

if __name__ == "__main__":
    main()
