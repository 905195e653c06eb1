#!/usr/bin/env python3
"""Throughput of extraction against the bare spaCy model, measured in one run.

    python benchmarks/throughput.py [--mb 1.0] [--no-ingest] [--model NAME]

Builds at least --mb megabytes of news-like text by recombining the sentences of the project's own
test articles (tests/fixtures/corpora) with templated sentences about invented people, groups and
places, then times, on the same texts:

1. bare ``nlp.pipe`` of the model alone (the baseline),
2. ``Extractor.extract`` (the model plus every linkwatch rule component),
3. the full ingest (normalise, extract, resolve, store) into a temporary SQLite store.

It prints words per second for each and the ratio extraction/bare (the target is >= 0.6).
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import spacy

from linkwatch.extract import Extractor
from linkwatch.model import Document, RawDocument
from linkwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIRST = ["Abdul", "Naji", "Tariq", "Hamza", "Yusuf", "Bilal", "Omar", "Zarak", "Imran", "Saif", "Khalid", "Asim"]
LAST = ["Rahman", "Durrani", "Wazir", "Qureshi", "Haqqani", "Farooqi", "Mehsud", "Baloch", "Siddiqui", "Hashmi"]
GROUPS = ["Lashkar-e-Taiba", "Jaish-e-Mohammed", "Hamas", "al-Shabaab", "the TTP", "Hizbul Mujahideen",
          "Jamaat-ul-Ahrar", "the Islamic State", "Harkat-ul-Jihad Islami", "the Haqqani Network"]
PLACES = ["Peshawar", "Quetta", "Lahore", "Mogadishu", "Kismayo", "Bannu", "Muzaffarabad", "Kabul", "Gaza", "Karachi"]
TEMPLATES = [
    "{g} commander {p} was seen at a rally in {l} on {d}, officials said.",
    "Reports indicate that {p}, a senior {g} leader, met {q} in {l} last week.",
    "{g} claimed responsibility for the attack on a checkpoint near {l}, according to police.",
    "{p}, the group's spokesman, denied that {g} had any role in the bombing.",
    "The conference was organised by {g}, which is widely viewed as a front for {h}.",
    "Also purportedly in attendance were {p}, brother of {h} chief {q}, and local clerics.",
    "Videos circulating online appear to show {p} addressing the gathering in {l}.",
    "Security officials in {l} said they were monitoring the movements of {p} and his associates.",
    "Analysts say the growing ties between {g} and {h} could complicate regional security.",
    "Residents of {l} described heavy traffic and a large police presence around the venue.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def fixture_sentences() -> list[str]:
    out = []
    for path in sorted((ROOT / "tests" / "fixtures" / "corpora").glob("*/*.txt")):
        out += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def build_texts(megabytes: float, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    own = fixture_sentences()
    texts, total = [], 0

    def person() -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    while total < megabytes * 1_000_000:
        sentences = []
        for _ in range(rng.randint(12, 30)):
            if own and rng.random() < 0.4:
                sentences.append(rng.choice(own))
            else:
                sentences.append(rng.choice(TEMPLATES).format(
                    g=rng.choice(GROUPS), h=rng.choice(GROUPS), p=person(), q=person(),
                    l=rng.choice(PLACES), d=rng.choice(DAYS)))
        paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
        text = "\n\n".join(paragraphs)
        texts.append(text)
        total += len(text.encode("utf-8"))
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="megabytes of text to generate")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: settings.model)")
    ap.add_argument("--no-ingest", action="store_true", help="skip the full ingest into a temporary store")
    args = ap.parse_args()
    settings = Settings.from_env(**({"model": args.model} if args.model else {}))
    texts = build_texts(args.mb)
    words = sum(len(t.split()) for t in texts)
    size = sum(len(t.encode("utf-8")) for t in texts)
    docs = [Document(id=f"d{i}", raw_sha256="", text=t, origin=f"bench-{i}", published="2025-03-12")
            for i, t in enumerate(texts)]
    print(f"{len(texts)} documents, {size / 1e6:.2f} MB, {words} words; model {settings.model}, "
          f"batch_size {settings.batch_size}, n_process {settings.n_process}")

    bare = spacy.load(settings.model)
    extractor = Extractor(settings)
    list(bare.pipe(texts[:4]))  # warm both up: first calls allocate
    extractor.extract(docs[:4])

    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=settings.batch_size, n_process=settings.n_process):
        pass
    t_bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = extractor.extract(docs)
    t_extract = time.perf_counter() - t0
    relations = sum(len(r.relations) for r in results)
    print(f"bare nlp.pipe      {words / t_bare:10.0f} words/s  ({t_bare:.1f} s)")
    print(f"Extractor.extract  {words / t_extract:10.0f} words/s  ({t_extract:.1f} s, {relations} relations)")
    print(f"ratio extract/bare {t_bare / t_extract:10.2f}  (target >= 0.60)")

    if not args.no_ingest:
        try:
            from linkwatch.pipeline import Pipeline
            from linkwatch.store import open_store
        except ImportError as exc:  # the pipeline is another stage's; measure it when it exists
            print(f"ingest skipped: {exc}")
            return
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
            raws = [RawDocument(content=t.encode("utf-8"), origin=f"bench-{i}.txt", media_type="text/plain",
                                published="2025-03-12") for i, t in enumerate(texts)]
            pipeline = Pipeline(store, settings, extractor=extractor)
            t0 = time.perf_counter()
            summary = pipeline.run(raws)
            t_ingest = time.perf_counter() - t0
        print(f"full ingest        {words / t_ingest:10.0f} words/s  ({t_ingest:.1f} s, {summary.added} added)")
        print(f"ratio ingest/bare  {t_bare / t_ingest:10.2f}")


if __name__ == "__main__":
    main()
