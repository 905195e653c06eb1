"""Hand-built stores for the web tests: the two seed articles with what an analyst would extract from
them, and (optionally) a hostile document whose text and names carry script payloads.

Extractions are written by hand (no NLP) and the graph is built from them by the real resolver
(Pipeline.reresolve), so ids are whatever resolution makes and posting a judgement (which
re-resolves) keeps the graph. Offsets are found in the real text: ``text[start:end] == quote``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
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
from linkwatch.pipeline import Pipeline
from linkwatch.settings import Settings
from linkwatch.store import Store, open_store

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
EXTRACTOR = "test.hand.v1"

# Payloads: each sets window.__pwned or opens a dialog if it ever runs.
SCRIPT = "<script>window.__pwned='script'</script>"
IMG = "<img src=x onerror=\"window.__pwned='img';alert('img')\">"
SVG = "<svg onload=\"window.__pwned='svg';alert('svg')\"></svg>"
HOSTILE_ORG = f"Brigade {IMG}"
HOSTILE_PERSON = f"Abu {SCRIPT} Dialog\"'><b>"
HOSTILE_PLACE = f"Gujranwala {SVG}"
HOSTILE_TEXT = (
    f"Breaking: {HOSTILE_ORG} announced an alliance with Hamas, sources say. {SCRIPT} "
    f"Its leader {HOSTILE_PERSON} reportedly met commanders in {HOSTILE_PLACE} on 1 February 2026. "
    "Officials denied that the Brigade had any link to Lashkar-e-Taiba. "
    "<iframe src=\"javascript:alert('frame')\"></iframe> ]]></script><!-- {{7*7}} ${7*7}"
)


@dataclass
class Built:
    ids: dict[str, str] = field(default_factory=dict)  # short name -> document / entity / event id


class DocBuilder:
    """One document's extraction, written the way the extractor would write it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.x = DocExtraction(doc.id, EXTRACTOR)

    def evidence(self, quote: str, certainty: Certainty = Certainty.ASSERTED, cues: tuple[str, ...] = (),
                 attribution: str | None = None) -> Evidence:
        start = self.doc.text.index(quote)
        return Evidence(self.doc.id, start, start + len(quote), quote, EXTRACTOR, certainty, cues, attribution)

    def ent(self, ref: str, type_: str, name: str, *aliases: str, key: str | None = None) -> str:
        self.x.entities.append(LocalEntity(ref, type_, name, list(aliases), key=key))
        for surface in (name, *aliases):
            at = self.doc.text.find(surface)
            if at >= 0:
                self.x.mentions.append(Mention(at, at + len(surface), surface, type_, ref))
        return ref

    def event(self, ref: str, type_: str, ev: Evidence, *, date: str | None = None, location: str | None = None,
              participants: tuple[str, ...] = (), organizers: tuple[str, ...] = (), name: str | None = None) -> str:
        self.x.events.append(LocalEvent(ref, type_, [ev], date, location, list(participants), list(organizers), name))
        return ref

    def rel(self, type_: str, source: str, target: str, ev: Evidence, role: str | None = None) -> None:
        self.x.relations.append(LocalRelation(type_, source, target, [ev], role))


def _doc(text: str, origin: str, **meta: str | None) -> Document:
    return Document(id=Document.make_id(text), raw_sha256=sha256(text.encode()), text=text, origin=origin, **meta)


def build(path: Path, hostile: bool = False) -> Built:
    """Write the seed documents (and the hostile one), their extractions, and resolve them."""
    built = Built()
    with open_store(path) as store:
        builders = [_nok(), _idn()] + ([_hostile()] if hostile else [])
        for b in builders:
            with store.transaction() as w:
                w.put_blob(b.doc.raw_sha256, b.doc.text.encode())
                w.add_document(b.doc, None, [])
                w.put_extraction(b.x)
        Pipeline(store, Settings(db=path)).reresolve()
        _name_ids(store, builders, built)
        with store.transaction() as w:
            # A merge the resolver might propose; the analyst decides it on the entity page.
            w.record_decision("entity", built.ids["qaddoumi"], built.ids["qadoumi"], "review", 0.62,
                              {"name_similarity": 0.81, "same_document": True, "type": "person"})
            w.watch(built.ids["hamas"], "seed watch")
            if hostile:
                w.record_decision("entity", built.ids["hostile_org"], built.ids["hostile_person"], f"review {IMG}",
                                  0.5, {SCRIPT: IMG})
                w.watch(built.ids["hostile_org"], SCRIPT)
    return built


def _name_ids(store: Store, builders: list[DocBuilder], built: Built) -> None:
    names = {"nok": 0, "idn": 1, "hostile_doc": 2}
    for short, i in names.items():
        if i < len(builders):
            built.ids[short] = builders[i].doc.id
    for b in builders:
        for ref in [e.ref for e in b.x.entities] + [v.ref for v in b.x.events]:
            gid = store.global_id(b.doc.id, ref)
            if gid:
                built.ids.setdefault(ref, gid)


def _nok() -> DocBuilder:
    text = (SEEDS / "gujranwala-hamas-let.txt").read_text(encoding="utf-8")
    b = DocBuilder(_doc(text, "gujranwala-hamas-let.txt", source="News of Kashmir", published="2026-01-08",
                        title="Hamas and Lashkar-e-Taiba leaders share a stage in Gujranwala",
                        url="https://newsofkashmir.com/hamas-and-lashkar"))
    b.ent("hamas", "organization", "Hamas", key="org:hamas")
    b.ent("let", "organization", "Lashkar-e-Taiba", "LeT", key="org:lashkar-e-taiba")
    b.ent("pmml", "organization", "Pakistan Markazi Muslim League", "PMML", key="org:pmml")
    b.ent("zaheer", "person", "Naji Zaheer", "Zaheer")
    b.ent("sandhu", "person", "Rashid Ali Sandhu", "Sandhu")
    b.ent("gujranwala", "location", "Gujranwala")
    b.ent("karachi", "location", "Karachi")
    b.event("meeting", "meeting", b.evidence("The meeting took place in Gujranwala"), date="2026-01",
            location="gujranwala", participants=("zaheer", "sandhu"), organizers=("pmml",), name="Gujranwala meeting")
    b.event("karachi-events", "gathering", b.evidence("he attended events in Karachi and Islamabad",
                                                      Certainty.REPORTED, ("reportedly",)),
            date="2023", location="karachi", participants=("zaheer",))
    b.rel("allied_with", "hamas", "let", b.evidence(
        "a development analysts say points to a growing operational and ideological connection between the two"
        " militant organisations", Certainty.REPORTED, ("analysts say",)))
    b.rel("member_of", "zaheer", "hamas", b.evidence("senior Hamas commander Naji Zaheer"), role="commander")
    b.rel("member_of", "sandhu", "let", b.evidence("LeT commander Rashid Ali Sandhu"), role="commander")
    b.rel("front_of", "pmml", "let", b.evidence("which is widely viewed as a political front linked to Lashkar-e-Taiba",
                                                Certainty.REPORTED, ("widely viewed as",)), role="political front")
    b.rel("participated_in", "zaheer", "meeting",
          b.evidence("Naji Zaheer was seen sharing a stage with LeT commander Rashid Ali Sandhu"))
    b.rel("organized", "pmml", "meeting",
          b.evidence("The event was organised by the Pakistan Markazi Muslim League (PMML)"))
    b.rel("met_with", "zaheer", "sandhu", b.evidence(
        "Video clips circulating on social media appear to show Zaheer and Sandhu standing together on stage",
        Certainty.UNVERIFIED, ("appear to show",)))
    return b


def _idn() -> DocBuilder:
    text = (SEEDS / "pok-hamas-solidarity-day.txt").read_text(encoding="utf-8")
    b = DocBuilder(_doc(text, "pok-hamas-solidarity-day.txt", source="Indian Defence News", published="2025-02-06",
                        title="Hamas terrorist Khalid al-Qadoumi meets LeT and JeM in PoK",
                        url="https://www.indiandefensenews.in/2025/02/hamas-terrorist-khalid-al-qadoumi-meets.html"))
    b.ent("hamas", "organization", "Hamas", "Palestinian Hamas", key="org:hamas")
    b.ent("let", "organization", "Lashkar-e-Taiba", "LeT", key="org:lashkar-e-taiba")
    b.ent("jem", "organization", "Jaish-e-Mohammed", "Jaish-e-Mohammad", "JeM", key="org:jaish-e-mohammed")
    b.ent("qaddoumi", "person", "Khaled Qaddoumi", "Dr. Khaled Qaddoumi")
    b.ent("qadoumi", "person", "al-Qadoumi")
    b.ent("pok", "location", "Pakistan-occupied Kashmir", "PoK")
    b.event("rally", "rally", b.evidence("The event, reportedly held to observe Kashmir Solidarity Day",
                                         Certainty.REPORTED, ("reportedly",)),
            date="2025-02-05", location="pok", participants=("qaddoumi",), organizers=("let", "jem"),
            name="Kashmir Solidarity Day")
    b.rel("allied_with", "let", "hamas", b.evidence(
        "terrorist groups Lashkar-e-Taiba (LeT) and Jaish-e-Mohammad (JeM) hosted Palestinian Hamas militants"))
    b.rel("member_of", "qaddoumi", "hamas", b.evidence("Dr. Khaled Qaddoumi, a Hamas representative",
                                                       Certainty.REPORTED, ("Reports indicate",)),
          role="representative")
    b.rel("participated_in", "qadoumi", "rally", b.evidence(
        "Videos circulating on social media suggest al-Qadoumi's presence at the event, but independent"
        " verification is lacking.", Certainty.UNVERIFIED, ("suggest", "verification is lacking")))
    b.rel("allied_with", "jem", "hamas", b.evidence(
        "Pakistan's foreign office has feigned ignorance regarding reports of Kashmiri terror groups joining"
        " forces with Hamas", Certainty.DENIED, ("feigned ignorance",)))
    return b


def _hostile() -> DocBuilder:
    b = DocBuilder(_doc(HOSTILE_TEXT, f"upload:{IMG}.html", source=f"<b onmouseover=alert(1)>{SCRIPT}</b>",
                        published="2026-02-01", title=f"{SCRIPT} Brigade news {IMG}", url="javascript:alert('url')"))
    b.ent("hostile_org", "organization", HOSTILE_ORG, f"The {SVG} Brigade")
    b.ent("hostile_person", "person", HOSTILE_PERSON)
    b.ent("hostile_place", "location", HOSTILE_PLACE, "Gujranwala")
    b.ent("hamas", "organization", "Hamas", key="org:hamas")
    b.ent("let", "organization", "Lashkar-e-Taiba", key="org:lashkar-e-taiba")
    b.event("hostile_event", "meeting", b.evidence(f"Its leader {HOSTILE_PERSON} reportedly met commanders in",
                                                   Certainty.REPORTED, ("reportedly",)),
            date="2026-02-01", location="hostile_place", participants=("hostile_person",),
            organizers=("hostile_org",), name=f"Summit {SVG}{SCRIPT}")
    b.rel("allied_with", "hostile_org", "hamas",
          b.evidence(f"{HOSTILE_ORG} announced an alliance with Hamas, sources say. {SCRIPT}", Certainty.REPORTED,
                     ("sources say", SCRIPT), attribution=IMG), role=SVG)
    b.rel("leader_of", "hostile_person", "hostile_org",
          b.evidence(f"Its leader {HOSTILE_PERSON} reportedly met", Certainty.REPORTED, ("reportedly",)))
    b.rel("allied_with", "hostile_org", "let",
          b.evidence("Officials denied that the Brigade had any link to Lashkar-e-Taiba", Certainty.DENIED,
                     ("denied",)))
    return b
