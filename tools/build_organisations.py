#!/usr/bin/env python3
"""Build src/linkwatch/data/organisations.jsonl from the OFAC SDN snapshot and a hand-kept additions file.

    python tools/build_organisations.py [--ofac DIR] [--additions FILE] [--out FILE]

Keeps SDN entries that are entities (type ``-0-``) under a terrorism programme (FTO, SDGT: see
``data/designations.json``). Each becomes one organisation: a readable canonical name (OFAC writes
names in capitals), its a.k.a./f.k.a. names from alt.csv and from the remarks, acronyms derived from transliterated names (``Lashkar-e-Taiba``
→ ``LeT``), and ``Linked To:`` remarks that point at another kept entry. Every alias and link records
where it came from. ``org_additions.json`` adds well-known short forms and fronts that the snapshot lacks,
each with the public list it is taken from. Deterministic output. Names are folded, and the
programmes and izafat connectors read, with linkwatch's own text and data layers (from this checkout's
src/ when linkwatch is not installed), so the list's keys are the ones the extractor looks up.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))  # this checkout's linkwatch, whether or not one is installed

from linkwatch import data  # noqa: E402
from linkwatch.text import fold, transliteration  # noqa: E402

DEFAULT_OFAC = Path("/work/shared/data/ofac-sdn")
DEFAULT_ADDITIONS = ROOT / "src/linkwatch/data/org_additions.json"
DEFAULT_OUT = ROOT / "src/linkwatch/data/organisations.jsonl"
# The programmes kept and how the list is cited are linkwatch's reference data (data/designations.json).
DESIGNATIONS = data.load("designations.json")
SOURCE = DESIGNATIONS["designating_list"]
PROGRAMMES = re.compile(r"\b(" + "|".join(map(re.escape, sorted(DESIGNATIONS["terror_programmes"]))) + r")\b")

# Function words of Arabic/Urdu/Persian transliterations and English: kept lower-case inside a name,
# and written as a lower-case letter in a derived acronym (Lashkar-e-Taiba -> LeT).
CONNECTORS = {
    "e", "i", "ul", "ud", "ut", "us", "ur", "un", "al", "el", "ad", "as", "at", "az", "ash", "an", "ar",
    "wa", "wal", "fi", "li", "lil", "bin", "ibn", "of", "the", "and", "for", "in", "on", "to", "de", "des",
    "du", "la", "le", "del", "y",
}
# Izafat connectors, which a derived acronym keeps as lower-case letters (LeT): linkwatch's own list.
_IZ = "|".join(sorted(transliteration().izafat, key=len, reverse=True))


def slug(text: str) -> str:
    return fold(text).replace(" ", "-")


def readable(name: str, acronyms: set[str]) -> str:
    """OFAC capitals to a readable form: 'LASHKAR E-TAYYIBA' -> 'Lashkar e-Tayyiba'."""
    out: list[str] = []
    for w, word in enumerate(name.split()):
        parts = re.split(r"([-'/()&.,])", word)
        first_alpha = True
        rebuilt = []
        for part in parts:
            if not part or not part[0].isalpha():
                rebuilt.append(part)
                continue
            low = part.lower()
            if low in CONNECTORS and not (w == 0 and first_alpha):
                rebuilt.append(low)
            elif rebuilt and rebuilt[-1] == "'":
                rebuilt.append(low)  # QA'IDA -> Qa'ida, STATE'S -> State's
            elif (len(part) <= 4 and part.upper() in acronyms) or not re.search(r"[AEIOUY]", part.upper()) \
                    or any(c.isdigit() for c in part):
                rebuilt.append(part.upper())  # ISIL, HQN, TTP stay capitals; HAMAS, DAESH do not
            else:
                rebuilt.append(low.capitalize())
            first_alpha = False
        out.append("".join(rebuilt))
    return " ".join(out)


def derived_acronym(name: str) -> str | None:
    """'Lashkar-e-Taiba' -> 'LeT': only for three-word izafat names (Jaish-e-Mohammed, Jamaat-ud-Dawa,
    Hizb-ul-Mujahideen), which the press abbreviates by their initials with the connector in lower case.
    Other shapes (Portuguese 'e', longer names) give nothing: their abbreviations are not predictable."""
    m = re.fullmatch(rf"([A-Z][\w']+)[- ]({_IZ})-([A-Z][\w']+)|([A-Z][\w']+)-({_IZ})[- ]([A-Z][\w']+)", name)
    if not m:
        return None
    a, conn, b = [g for g in m.groups() if g]
    return f"{a[0].upper()}{conn[0]}{b[0].upper()}"


def remark_akas(remarks: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in re.finditer(r"\b(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.) '([^']+)'", remarks)]


def build(ofac: Path, additions: Path) -> list[dict[str, Any]]:
    with (ofac / "sdn.csv").open(encoding="utf-8", errors="replace", newline="") as fh:
        sdn = [r for r in csv.reader(fh) if len(r) >= 12]
    kept = [r for r in sdn if r[2].strip() == "-0-" and PROGRAMMES.search(r[3])]
    ids = {r[0] for r in kept}
    with (ofac / "alt.csv").open(encoding="utf-8", errors="replace", newline="") as fh:
        alts = [r for r in csv.reader(fh) if len(r) >= 4 and r[0] in ids]
    raw_aliases: dict[str, list[tuple[str, str]]] = {r[0]: [] for r in kept}
    for r in alts:
        raw_aliases[r[0]].append((r[3].strip(), r[2].strip()))
    for r in kept:
        for kind, name in remark_akas(r[11]):
            raw_aliases[r[0]].append((name.strip(), kind.replace(".", "")))
    # Single capitalised tokens used as aliases anywhere: these stay capitals in readable names.
    acronyms = {n for al in raw_aliases.values() for n, _ in al if re.fullmatch(r"[A-Z0-9\-]{2,7}", n)}

    orgs: dict[str, dict[str, Any]] = {}
    by_upper: dict[str, str] = {}
    for r in kept:
        primary = r[1].strip()
        m = re.fullmatch(r"(.*?)\s*\(([A-Z0-9\-]{2,8})\)", primary)
        names = [(m.group(1), "name"), (m.group(2), "aka")] if m else [(primary, "name")]
        name = readable(names[0][0], acronyms)
        oid = slug(name)
        if oid in orgs:
            oid = f"{oid}-{r[0]}"
        programs = sorted(p.strip(" []") for p in r[3].split("]") if p.strip(" []"))
        org: dict[str, Any] = {"id": oid, "name": name, "type": "organization", "programs": programs,
               "ofac_ent_num": r[0], "aliases": [], "links": []}
        seen = {fold(name)}
        for alias, kind in names[1:] + raw_aliases[r[0]]:
            # 'FALAH-I-INSANIAT FOUNDATION (FIF)' is two aliases: the name and its acronym.
            forms = [re.sub(r"\s*\([A-Z0-9\-]{2,8}\)$", "", alias), *re.findall(r"\(([A-Z0-9\-]{2,8})\)$", alias)]
            for a in forms:
                text = readable(a, acronyms)
                if fold(text) and fold(text) not in seen:
                    seen.add(fold(text))
                    org["aliases"].append({"name": text, "source": f"{SOURCE} ({kind})"})
        for form in [name] + [a["name"] for a in org["aliases"]]:
            acr = derived_acronym(form)
            if acr and fold(acr) not in seen:
                seen.add(fold(acr))
                org["aliases"].append({"name": acr, "source": f"derived: initials of {form}", "derived": True})
        orgs[oid] = org
        by_upper[primary.upper()] = oid
        if m:
            by_upper[m.group(1).upper()] = oid
    for r in kept:
        src = next(o for o in orgs.values() if o["ofac_ent_num"] == r[0])
        for target in re.findall(r"Linked To: ([^;.]+(?:\.[^;]+)?)", r[11]):
            tid = by_upper.get(target.strip().rstrip(".").upper())
            if tid and tid != src["id"]:
                src["links"].append({"type": "linked_to", "target": tid, "source": f"{SOURCE} (remarks: Linked To)"})
    apply_additions(orgs, json.loads(additions.read_text(encoding="utf-8")))
    return [orgs[k] for k in sorted(orgs)]


def apply_additions(orgs: dict[str, dict[str, Any]], additions: dict[str, Any]) -> None:
    for entry in additions["organisations"]:
        oid = entry["id"]
        org = orgs.get(oid)
        if org is None:
            org = orgs[oid] = {"id": oid, "name": entry["name"], "type": "organization", "programs": [],
                               "ofac_ent_num": None, "aliases": [], "links": []}
            if "source" in entry:
                org["source"] = entry["source"]
        seen = {fold(org["name"])} | {fold(a["name"]) for a in org["aliases"]}
        for alias in entry.get("aliases", []):
            if fold(alias["name"]) in seen:
                # Already known: the hand-kept list is named first (a derived guess becomes a sourced
                # fact; an OFAC alias gains the list that also uses it, e.g. State's 'TTP').
                for a in org["aliases"]:
                    if fold(a["name"]) == fold(alias["name"]):
                        a["source"] = alias["source"] if a.get("derived") else f"{alias['source']}; {a['source']}"
                        a.pop("derived", None)
                continue
            seen.add(fold(alias["name"]))
            org["aliases"].append(dict(alias))
        for link in entry.get("links", []):
            org["links"].append(dict(link))
    missing = [(o["id"], li["target"]) for o in orgs.values() for li in o["links"] if li["target"] not in orgs]
    if missing:
        sys.exit(f"links to unknown organisations: {missing}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    ap.add_argument("--additions", type=Path, default=DEFAULT_ADDITIONS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    orgs = build(args.ofac, args.additions)
    with args.out.open("w", encoding="utf-8") as fh:
        for org in orgs:
            fh.write(json.dumps(org, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(orgs)} organisations, {sum(len(o['aliases']) for o in orgs)} aliases -> {args.out}")


if __name__ == "__main__":
    main()
