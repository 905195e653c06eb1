"""Hand-made graphs for the analysis and export tests, written through the Writer API only.

Two scenarios:

- ``build_seed`` models the two seed articles in ../shared/seeds (read from there, not
  copied) the way an analyst reads them (gold.json): Hamas, LeT, JeM and PMML, the PoK
  rally of February 2025 reported by both outlets, and the undated PMML event in Gujranwala.
- ``build_fiction`` is a fictional scenario in two stages, so alerts have something to
  find: stage one (November 2024 articles, one a syndicated copy from another outlet),
  then a checkpoint, then stage two (March 2025 articles) bringing a new link, a
  corroborated front claim, a denial, an event reported by a second outlet and a watched
  commander seen with a new group.

Grades are computed the way the resolver does (resolve.grading over relation_sources).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from linkwatch.model import (
    SYMMETRIC_RELATIONS,
    Alias,
    Certainty,
    Document,
    Entity,
    Event,
    Evidence,
    Relation,
    make_id,
    sha256,
)
from linkwatch.resolve.grading import grade
from linkwatch.store.base import Store, Writer
from linkwatch.store.sql import now

A, R, U, D = Certainty.ASSERTED, Certainty.REPORTED, Certainty.UNVERIFIED, Certainty.DENIED


@dataclass
class Built:
    store: Store
    ids: dict[str, str] = field(default_factory=dict)  # short key -> entity / event / relation id
    docs: dict[str, Document] = field(default_factory=dict)
    checkpoint: str = ""  # a time between the fiction's two stages


class Builder:
    def __init__(self, store: Store) -> None:
        self.built = Built(store)

    @property
    def ids(self) -> dict[str, str]:
        return self.built.ids

    def doc(self, key: str, text: str, origin: str, source: str, url: str, published: str,
            copy_of: str | None = None) -> Document:
        raw = text.encode("utf-8")
        doc = Document(id=Document.make_id(text), raw_sha256=sha256(raw), text=text, origin=origin, url=url,
                       source=source, title=origin.rsplit(".", 1)[0].replace("-", " ").title(),
                       published=published, language="en",
                       copy_of=self.built.docs[copy_of].id if copy_of else None,
                       similarity=0.93 if copy_of else None)
        with self.built.store.transaction() as w:
            w.put_blob(doc.raw_sha256, raw)
            self.built.docs[key] = w.add_document(doc, None, [])
        return self.built.docs[key]

    def ev(self, doc: str, quote: str, certainty: Certainty = A, cues: tuple[str, ...] = (),
           attribution: str | None = None) -> Evidence:
        d = self.built.docs[doc]
        start = d.text.index(quote)
        return Evidence(d.id, start, start + len(quote), quote, "handmade.v1", certainty, cues, attribution)

    def entity(self, w: Writer, key: str, type_: str, name: str, aliases: tuple[str, ...] = (),
               doc: str | None = None, ref: str | None = None) -> None:
        eid = self.ids.setdefault(key, make_id("e", type_, ref or key))
        d = self.built.docs[doc] if doc else None
        w.upsert_entity(Entity(eid, type_, name, [Alias(a, d.id if d else None, d.source if d else None)
                                                  for a in (name, *aliases)], key=ref))

    def event(self, w: Writer, key: str, type_: str, date: str | None, location: str | None, name: str | None,
              evidence: list[Evidence], participants: tuple[str, ...] = (), organizers: tuple[str, ...] = ()) -> None:
        vid = self.ids.setdefault(key, make_id("v", key))
        w.upsert_event(Event(vid, type_, date, self.ids[location] if location else None,
                             [self.ids[p] for p in participants], [self.ids[o] for o in organizers], name, evidence))

    def rel(self, w: Writer, type_: str, source: str, target: str, evidence: list[Evidence],
            role: str | None = None) -> str:
        s, t = self.ids[source], self.ids[target]
        rid = Relation.make_id(type_, s, t)
        if type_ in SYMMETRIC_RELATIONS and t < s:
            s, t = t, s
        w.add_relation(Relation(rid, type_, s, t, Certainty.strongest([e.certainty for e in evidence]), evidence,
                                role=role))
        self.ids[f"{type_}:{source}:{target}"] = rid
        return rid

    def grade_all(self, w: Writer, doc: str) -> None:
        """Re-grade every relation, as the resolver does after each document."""
        for r in self.built.store.relations():
            g = grade(self.built.store.relation_sources(r.id))
            w.update_relation_grade(r.id, g.certainty.value, g.sources, g.grade, g.confidence,
                                    self.built.docs[doc].id)


def build_seed(store: Store, seeds: Path) -> Built:
    b = Builder(store)
    manifest = [json.loads(line) for line in (seeds / "manifest.jsonl").read_text().splitlines() if line.strip()]
    for key, m in zip(("pok", "guj"), manifest, strict=True):
        b.doc(key, (seeds / m["path"]).read_text(encoding="utf-8"), m["path"], m["source"], m["url"], m["published"])
    with store.transaction() as w:
        for key, type_, name, aliases, ref in [
            ("hamas", "organization", "Hamas", ("Palestinian Hamas",), "org:hamas"),
            ("let", "organization", "Lashkar-e-Taiba", ("LeT",), "org:lashkar-e-tayyiba"),
            ("jem", "organization", "Jaish-e-Mohammed", ("Jaish-e-Mohammad", "JeM", "Jaish"), "org:jaish-i-mohammed"),
            ("qaddoumi", "person", "Khaled Qaddoumi", ("Dr. Khaled Qaddoumi", "al-Qadoumi"), None),
            ("talha", "person", "Talha Saif", (), None),
            ("azhar", "person", "Masood Azhar", (), None),
            ("asghar", "person", "Asghar Khan Kashmiri", (), None),
            ("ilyas", "person", "Masood Ilyas", (), None),
            ("pok", "location", "Pakistan-occupied Kashmir", ("PoK",), None),
        ]:
            b.entity(w, key, type_, name, aliases, "pok", ref)
        rally = [b.ev("pok", "terrorist groups Lashkar-e-Taiba (LeT) and Jaish-e-Mohammad (JeM) hosted Palestinian "
                             "Hamas militants"),
                 b.ev("pok", "The event, reportedly held to observe Kashmir Solidarity Day", R, ("reportedly",))]
        b.event(w, "rally", "rally", "2025-02-05", "pok", "Kashmir Solidarity Day", rally)
        for org in ("let", "jem"):
            b.rel(w, "organized", org, "rally", rally[:1])
        present = b.ev("pok", "Reports indicate that Dr. Khaled Qaddoumi, a Hamas representative who has worked in "
                              "Tehran and visited the Pakistan parliament earlier this year, was present.",
                       R, ("Reports indicate",))
        videos = b.ev("pok", "Videos circulating on social media suggest al-Qadoumi's presence at the event, but "
                             "independent verification is lacking.", U, ("suggest", "independent verification is lacking"))
        b.rel(w, "participated_in", "qaddoumi", "rally", [present, videos])
        b.rel(w, "member_of", "qaddoumi", "hamas", [present], role="representative")
        purportedly = b.ev("pok", "Also purportedly in attendance were Talha Saif, brother of Jaish-e-Mohammed chief "
                                  "Masood Azhar, and Jaish commander Asghar Khan Kashmiri", U, ("purportedly",))
        for p in ("talha", "asghar"):
            b.rel(w, "participated_in", p, "rally", [purportedly])
        b.rel(w, "participated_in", "ilyas", "rally", [b.ev(
            "pok", "Jaish commanders Asghar Khan Kashmiri and Masood Ilyas", U, ("purportedly",))])
        b.rel(w, "relative_of", "talha", "azhar", [b.ev("pok", "Talha Saif, brother of Jaish-e-Mohammed chief Masood Azhar")],
              role="brother")
        b.rel(w, "leader_of", "azhar", "jem", [b.ev("pok", "Jaish-e-Mohammed chief Masood Azhar")], role="chief")
        for p, q in (("asghar", "Jaish commander Asghar Khan Kashmiri"),
                     ("ilyas", "Jaish commanders Asghar Khan Kashmiri and Masood Ilyas")):
            b.rel(w, "member_of", p, "jem", [b.ev("pok", q)], role="commander")
        b.grade_all(w, "pok")
    with store.transaction() as w:
        for key, type_, name, aliases, ref in [
            ("hamas", "organization", "Hamas", (), "org:hamas"),
            ("let", "organization", "Lashkar-e-Taiba", ("LeT", "Lashkar"), "org:lashkar-e-tayyiba"),
            ("jem", "organization", "Jaish-e-Mohammed", (), "org:jaish-i-mohammed"),
            ("pmml", "organization", "Pakistan Markazi Muslim League", ("PMML",), None),
            ("zaheer", "person", "Naji Zaheer", ("Zaheer",), None),
            ("sandhu", "person", "Rashid Ali Sandhu", ("Sandhu",), None),
            ("gujranwala", "location", "Gujranwala", (), None),
            ("pok", "location", "Pakistan-occupied Kashmir", (), None),
        ]:
            b.entity(w, key, type_, name, aliases, "guj", ref)
        stage = b.ev("guj", "The meeting took place in Gujranwala, where senior Hamas commander Naji Zaheer was seen "
                            "sharing a stage with LeT commander Rashid Ali Sandhu.")
        organised = b.ev("guj", "The event was organised by the Pakistan Markazi Muslim League (PMML)")
        b.event(w, "gujranwala_event", "meeting", None, "gujranwala", None, [stage, organised])
        b.rel(w, "organized", "pmml", "gujranwala_event", [organised])
        for p in ("zaheer", "sandhu"):
            b.rel(w, "participated_in", p, "gujranwala_event", [stage])
        clips = b.ev("guj", "Video clips circulating on social media appear to show Zaheer and Sandhu standing "
                            "together on stage", U, ("appear to show",))
        b.rel(w, "met_with", "zaheer", "sandhu", [stage, clips])
        b.rel(w, "member_of", "zaheer", "hamas", [b.ev("guj", "senior Hamas commander Naji Zaheer")], role="commander")
        b.rel(w, "member_of", "sandhu", "let", [b.ev("guj", "LeT commander Rashid Ali Sandhu")], role="commander")
        b.rel(w, "front_of", "pmml", "let", [b.ev(
            "guj", "which is widely viewed as a political front linked to Lashkar-e-Taiba", R, ("widely viewed as",))],
            role="political front")
        said = b.ev("guj", "In February 2025, he is said to have visited Pakistan-occupied Kashmir, where he addressed "
                           "an anti-India rally alongside commanders from Lashkar-e-Taiba and Jaish-e-Mohammed.",
                    R, ("is said to",))
        b.event(w, "rally", "rally", "2025-02-05", "pok", "Kashmir Solidarity Day", [said])
        b.rel(w, "participated_in", "zaheer", "rally", [said])
        b.rel(w, "visited", "zaheer", "pok", [said])
        b.grade_all(w, "guj")
    return b.built


# --- the fictional scenario -------------------------------------------------------------------
F1 = ("PORT ALDER — Commanders of the Northern Crescent Brigade (NCB) addressed a rally in Port Alder on "
      "2 November 2024. NCB commander Tomas Varga spoke alongside Idris Kallan, a spokesman for the Red Cedar "
      "Movement. The rally was organised by the Sable Valley Front, which security officials say is a front for the "
      "NCB. Kallan's presence could not be independently verified. Residents said <b>thousands</b> attended & cheered.")
F3 = ("Tomas Varga, a commander of the Northern Crescent Brigade, was at the Port Alder rally, according to "
      "witnesses. In 2023 the Northern Crescent Brigade held its founding congress in Port Alder. Some reports claim "
      "that Varga's brother, Anton Varga, runs the brigade's finances.")
F4 = ("The Red Cedar Movement denied that its spokesman Idris Kallan attended the Port Alder rally in November. "
      "The Red Cedar Movement and the Northern Crescent Brigade announced an alliance in Kessington in March 2025. "
      "Gold Ridge Battalion leader Mara Quell met Tomas Varga in Kessington, officials said. The Sable Valley Front, "
      "the political wing of the Northern Crescent Brigade, welcomed the alliance.")
F5 = ("The Northern Crescent Brigade claimed responsibility for the attack on a police post in Kessington on "
      "14 March 2025. Officials said Tomas Varga was not involved in the attack.")


def build_fiction(store: Store, *, watch: tuple[str, ...] = ("varga",)) -> Built:
    b = Builder(store)
    b.doc("f1", F1, "harbor-ledger-rally.html", "Harbor Ledger", "https://harborledger.example/2024/11/rally",
          "2024-11-03")
    b.doc("f2", "Republished from Harbor Ledger. " + F1, "aggregator-8841.html", "Aggregator Daily",
          "https://aggregator.example/item/8841", "2024-11-04", copy_of="f1")
    b.doc("f3", F3, "valley-post-varga.html", "Valley Post", "https://valleypost.example/varga", "2024-11-05")
    with store.transaction() as w:
        for key, type_, name, aliases in [
            ("ncb", "organization", "Northern Crescent Brigade", ("NCB",)),
            ("svf", "organization", "Sable Valley Front", ()),
            ("rcm", "organization", "Red Cedar Movement", ()),
            ("varga", "person", "Tomas Varga", ("Varga",)),
            ("anton", "person", "Anton Varga", ()),
            ("kallan", "person", "Idris Kallan", ("Kallan",)),
            ("port_alder", "location", "Port Alder", ()),
        ]:
            b.entity(w, key, type_, name, aliases, "f1")
        for d in ("f1", "f2"):
            rally = b.ev(d, "Commanders of the Northern Crescent Brigade (NCB) addressed a rally in Port Alder on "
                            "2 November 2024")
            crowd = b.ev(d, "Residents said <b>thousands</b> attended & cheered.", R, ("Residents said",), "Residents")
            b.event(w, "port_rally", "rally", "2024-11-02", "port_alder", None, [rally, crowd])
            b.rel(w, "participated_in", "ncb", "port_rally", [rally])
            b.rel(w, "participated_in", "varga", "port_rally", [b.ev(d, "NCB commander Tomas Varga spoke alongside "
                                                                         "Idris Kallan")])
            b.rel(w, "member_of", "varga", "ncb", [b.ev(d, "NCB commander Tomas Varga")], role="commander")
            b.rel(w, "member_of", "kallan", "rcm", [b.ev(d, "Idris Kallan, a spokesman for the Red Cedar Movement")],
                  role="spokesman")
            b.rel(w, "participated_in", "kallan", "port_rally", [b.ev(
                d, "Kallan's presence could not be independently verified.", U, ("could not be independently verified",))])
            b.rel(w, "organized", "svf", "port_rally", [b.ev(d, "The rally was organised by the Sable Valley Front")])
            b.rel(w, "front_of", "svf", "ncb", [b.ev(
                d, "which security officials say is a front for the NCB", R, ("say",), "security officials")],
                role="front")
        b.grade_all(w, "f2")
    with store.transaction() as w:
        for key, type_, name in [("ncb", "organization", "Northern Crescent Brigade"),
                                 ("varga", "person", "Tomas Varga"), ("anton", "person", "Anton Varga"),
                                 ("port_alder", "location", "Port Alder")]:
            b.entity(w, key, type_, name, (), "f3")
        b.rel(w, "member_of", "varga", "ncb", [b.ev("f3", "Tomas Varga, a commander of the Northern Crescent Brigade")],
              role="commander")
        b.rel(w, "participated_in", "varga", "port_rally", [b.ev(
            "f3", "was at the Port Alder rally, according to witnesses", R, ("according to",), "witnesses")])
        congress = b.ev("f3", "In 2023 the Northern Crescent Brigade held its founding congress in Port Alder.")
        b.event(w, "congress", "conference", "2023", "port_alder", "founding congress", [congress])
        b.rel(w, "organized", "ncb", "congress", [congress])
        claim = b.ev("f3", "Some reports claim that Varga's brother, Anton Varga, runs the brigade's finances.", R,
                     ("Some reports claim",))
        b.rel(w, "relative_of", "varga", "anton", [claim], role="brother")
        b.rel(w, "member_of", "anton", "ncb", [claim], role="finances")
        for key in watch:
            w.watch(b.ids[key], note="hand-made watch")
        b.grade_all(w, "f3")
    b.built.checkpoint = now()

    b.doc("f4", F4, "meridia-monitor-alliance.html", "Meridia Monitor", "https://meridia.example/alliance", "2025-03-10")
    b.doc("f5", F5, "valley-post-attack.html", "Valley Post", "https://valleypost.example/attack", "2025-03-15")
    with store.transaction() as w:
        for key, type_, name, aliases in [
            ("rcm", "organization", "Red Cedar Movement", ()), ("ncb", "organization", "Northern Crescent Brigade", ()),
            ("svf", "organization", "Sable Valley Front", ()), ("grb", "organization", "Gold Ridge Battalion", ()),
            ("kallan", "person", "Idris Kallan", ()), ("varga", "person", "Tomas Varga", ()),
            ("quell", "person", "Mara Quell", ()), ("kessington", "location", "Kessington", ()),
            ("port_alder", "location", "Port Alder", ()),
        ]:
            b.entity(w, key, type_, name, aliases, "f4")
        denial = b.ev("f4", "The Red Cedar Movement denied that its spokesman Idris Kallan attended the Port Alder rally "
                            "in November.", D, ("denied",), "Red Cedar Movement")
        b.rel(w, "participated_in", "kallan", "port_rally", [denial])
        b.event(w, "port_rally", "rally", "2024-11-02", "port_alder", None, [b.ev("f4", "the Port Alder rally in November")])
        b.rel(w, "member_of", "kallan", "rcm", [b.ev("f4", "its spokesman Idris Kallan")], role="spokesman")
        b.rel(w, "allied_with", "rcm", "ncb", [b.ev(
            "f4", "The Red Cedar Movement and the Northern Crescent Brigade announced an alliance in Kessington")])
        met = b.ev("f4", "Gold Ridge Battalion leader Mara Quell met Tomas Varga in Kessington, officials said.", R,
                   ("officials said",), "officials")
        b.event(w, "kessington_meeting", "meeting", "2025-03", "kessington", None, [met], participants=("quell", "varga"))
        b.rel(w, "met_with", "quell", "varga", [met])
        b.rel(w, "leader_of", "quell", "grb", [b.ev("f4", "Gold Ridge Battalion leader Mara Quell")], role="leader")
        b.rel(w, "front_of", "svf", "ncb", [b.ev(
            "f4", "The Sable Valley Front, the political wing of the Northern Crescent Brigade")], role="political wing")
        b.grade_all(w, "f4")
    with store.transaction() as w:
        b.entity(w, "ncb", "organization", "Northern Crescent Brigade", (), "f5")
        b.entity(w, "varga", "person", "Tomas Varga", (), "f5")
        b.entity(w, "kessington", "location", "Kessington", (), "f5")
        attack = b.ev("f5", "The Northern Crescent Brigade claimed responsibility for the attack on a police post in "
                            "Kessington on 14 March 2025.")
        b.event(w, "attack", "attack", "2025-03-14", "kessington", "police post attack", [attack])
        b.rel(w, "claimed_responsibility", "ncb", "attack", [attack])
        b.rel(w, "carried_out", "varga", "attack", [b.ev(
            "f5", "Officials said Tomas Varga was not involved in the attack.", D, ("not involved",), "Officials")])
        b.grade_all(w, "f5")
    return b.built


# --- a small store for edge cases: a denial-only link, then a front claim learned later -------
S1 = ("The Amber Hand organised a march in Lowmere on 3 May 2024. The Iron Sickle denied that its courier "
      "Pell Dorran attended the march.")
S2 = "Analysts say the Lowmere Relief Society is a front for the Iron Sickle."


def build_small(store: Store) -> Built:
    b = Builder(store)
    b.doc("s1", S1, "lowmere-march.txt", "Lowmere Gazette", "https://gazette.example/march", "2024-05-04")
    with store.transaction() as w:
        for key, type_, name in [("amber", "organization", "Amber Hand"), ("sickle", "organization", "Iron Sickle"),
                                 ("dorran", "person", "Pell Dorran"), ("lowmere", "location", "Lowmere")]:
            b.entity(w, key, type_, name, (), "s1")
        march = b.ev("s1", "The Amber Hand organised a march in Lowmere on 3 May 2024.")
        b.event(w, "march", "rally", "2024-05-03", "lowmere", "march", [march])
        b.rel(w, "organized", "amber", "march", [march])
        b.rel(w, "member_of", "dorran", "sickle", [b.ev("s1", "its courier Pell Dorran")], role="courier")
        b.rel(w, "participated_in", "dorran", "march", [b.ev(
            "s1", "The Iron Sickle denied that its courier Pell Dorran attended the march.", D, ("denied",),
            "The Iron Sickle")])
        b.grade_all(w, "s1")
    b.built.checkpoint = now()
    b.doc("s2", S2, "relief-society.txt", "Northern Review", "https://review.example/relief", "2024-06-01")
    with store.transaction() as w:
        b.entity(w, "relief", "organization", "Lowmere Relief Society", (), "s2")
        b.entity(w, "sickle", "organization", "Iron Sickle", (), "s2")
        b.rel(w, "front_of", "relief", "sickle", [b.ev(
            "s2", "Analysts say the Lowmere Relief Society is a front for the Iron Sickle.", R, ("Analysts say",),
            "Analysts")])
        b.grade_all(w, "s2")
    return b.built
