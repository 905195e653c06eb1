"""Derived relations and the final DocExtraction (component ``linkwatch_relations_v1``).

Three relations are inferred, never guessed from proximity alone:

* ``met_with``: two people who took part in the same event. Its evidence is
  both participation quotes; its certainty the weaker of the two.
* ``visited``: a person who took part in an event held at a place.
* ``carried_out``: a group that claimed an attack is reported (by itself) to have
  carried it out, as analysts code claims (a person's claim, often a spokesman's
  for his group, is not); never stronger than the claim.

Everything is then written as plain data to ``doc.user_data[RESULT]``: every
quote is a whole sentence, trimmed, with offsets into ``doc.text``.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc

from linkwatch.extract.geo import place_rank, wide_region
from linkwatch.extract.state import CHANNEL_ROLE, DOC_ID, RESULT, STATE, Claim, State, state_of
from linkwatch.model import (
    SYMMETRIC_RELATIONS,
    Certainty,
    DocExtraction,
    Evidence,
    LocalEntity,
    LocalEvent,
    LocalRelation,
    Mention,
)
from linkwatch.model.schema import schema

DERIVED = "linkwatch.relations.v1"
# From linkwatch/schema/relations.yaml: the types tying an actor to an event, and those whose role word
# ('commander', 'brother', 'political front') describes the source entity itself.
EVENT_RELATIONS = frozenset(schema().to_event())
ATTACK_ROLES = frozenset(schema().in_family("perpetration", "claim"))  # an attack's perpetrators and claimants
ROLE_RELATIONS = frozenset(schema().in_family("affiliation", "kinship", "front"))
MENTION = "_mention"  # a claim type the event finder uses to have each event mention's certainty judged


class RelationBuilder:
    def __init__(self, nlp: Language, name: str, extractor: str = "") -> None:
        self.name = name
        self.extractor = extractor

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        doc_id = str(doc.user_data.get(DOC_ID, ""))
        out = DocExtraction(doc=doc_id, extractor=self.extractor)
        relevance = state.relevance
        if relevance is not None:
            out.relevance = relevance.to_dict()  # type: ignore[attr-defined]
            if relevance.gated:  # type: ignore[attr-defined]
                # stored and searchable, but nothing of it goes into the graph (extract/relevance.py)
                doc.user_data[RESULT] = out.to_dict()
                doc.user_data.pop(STATE, None)
                return doc
        dropped = {ref for ref, info in state.entities.items()
                   if info.mentions and all(m in state.banner_spans for m in info.mentions)}
        claims = [c for c in state.claims if c.source not in dropped and c.target not in dropped]
        actors: dict[str, list[Claim]] = defaultdict(list)
        for c in claims:
            if c.type in EVENT_RELATIONS:
                actors[c.target].append(c)
        claims += self._derived(state, actors)
        self._entities(doc, state, out, dropped)
        self._events(doc, doc_id, state, out, claims, set(actors))
        self._relations(doc, doc_id, out, claims, set(actors))
        doc.user_data[RESULT] = out.to_dict()
        doc.user_data.pop(STATE, None)  # plain data only from here: the doc may be pickled to another process
        return doc

    def _derived(self, state: State, actors: dict[str, list[Claim]]) -> list[Claim]:
        out: list[Claim] = []
        for ref, event_claims in actors.items():
            doers = {c.source for c in event_claims if c.type == "carried_out"}
            parts = [c for c in event_claims if c.type == "participated_in" and c.source not in doers
                     and state.entities[c.source].type == "person"]
            by_person: dict[str, Claim] = {}
            for c in parts:
                best = by_person.get(c.source)
                if best is None or Certainty(c.certainty).strength > Certainty(best.certainty).strength:
                    by_person[c.source] = c
            # Roles are read by analysts ('met_with ... (as fellow rally participant)'): human words only,
            # never the document-local event ref, which means nothing outside this extraction.
            kind = state.events[ref].type.replace("_", " ")
            for a, b in combinations(sorted(by_person), 2):
                ca, cb = by_person[a], by_person[b]
                weaker = ca if Certainty(ca.certainty).strength <= Certainty(cb.certainty).strength else cb
                for c in {id(ca): ca, id(cb): cb}.values():
                    out.append(Claim("met_with", a, b, c.anchor, DERIVED, role=f"fellow {kind} participant",
                                     sent_start=c.sent_start, certainty=weaker.certainty,
                                     cues=ca.cues + cb.cues, attribution=ca.attribution or cb.attribution))
            for c in event_claims:
                if c.type == "claimed_responsibility" and state.entities[c.source].type == "organization" \
                        and c.certainty != Certainty.DENIED.value and c.role != CHANNEL_ROLE:
                    label = min(Certainty(c.certainty), Certainty.REPORTED, key=lambda x: x.strength)
                    out.append(Claim("carried_out", c.source, ref, c.anchor, DERIVED, role="claimed it",
                                     sent_start=c.sent_start, certainty=label.value, cues=(*c.cues, "claimed"),
                                     attribution=c.attribution or state.entities[c.source].name))
            place = self._place(state, state.events[ref].places)
            if place:
                for c in by_person.values():
                    out.append(Claim("visited", c.source, place, c.anchor, DERIVED, role=f"{kind} participant",
                                     sent_start=c.sent_start, certainty=c.certainty, cues=c.cues,
                                     attribution=c.attribution))
        return out

    def _place(self, state: State, places: list[str]) -> str | None:
        """The most specific place: a city over a region over a country over a continent or a region of
        several countries ('the port of Mocimboa da Praia in Africa': in the port, else in Mozambique), the
        first named on a tie."""
        if not places:
            return None

        def rank(p: str) -> int:
            name = state.entities[p].name
            return -1 if wide_region(name) else place_rank(name)

        return max(places, key=lambda p: (rank(p), -places.index(p)))

    def _entities(self, doc: Doc, state: State, out: DocExtraction, dropped: set[str]) -> None:
        labels = {ent.start: ent.label_ for ent in doc.ents}
        roles: dict[str, list[str]] = defaultdict(list)
        for c in state.claims:
            if c.role and c.type in ROLE_RELATIONS:
                roles[c.source].append(c.role)
        for ref, info in state.entities.items():
            if ref in dropped:
                continue
            out.entities.append(LocalEntity(ref=ref, type=info.type, name=info.name, aliases=info.aliases,
                                            key=info.key, roles=sorted(set(roles[ref])), generic=info.generic,
                                            equated=info.equated))
            for s, e in info.mentions:
                span = doc[s:e]
                out.mentions.append(Mention(span.start_char, span.end_char, span.text, info.type, ref,
                                            labels.get(s, "ALIAS")))
        out.mentions.sort(key=lambda m: m.start)

    def _events(self, doc: Doc, doc_id: str, state: State, out: DocExtraction, claims: list[Claim],
                with_actors: set[str]) -> None:
        mention_claims = {c.anchor: c for c in claims if c.type == MENTION}
        for ref, ev in state.events.items():
            if ref not in with_actors:
                continue  # an occurrence no one is tied to says nothing about the network
            evidence = []
            for trig in ev.triggers:
                c = mention_claims.get(trig)
                sent = doc[trig].sent
                evidence.append(_evidence(doc, doc_id, (sent.start_char, sent.end_char),
                                          c or Claim(MENTION, ref, ref, trig, "")))
            out.events.append(LocalEvent(
                ref=ref, type=ev.type, evidence=_dedupe(evidence), date=ev.date, date_source=ev.date_source,
                location=self._place(state, ev.places), name=ev.name, trigger=doc[ev.triggers[0]].text.lower(),
                # An attack's perpetrators and claimants take part in it; a denial makes no one a participant.
                participants=sorted({c.source for c in claims if c.target == ref and (
                    c.type == "participated_in" or (c.type in ATTACK_ROLES and c.certainty != "denied"))}),
                organizers=sorted({c.source for c in claims if c.target == ref and c.type == "organized"}),
            ))

    def _relations(self, doc: Doc, doc_id: str, out: DocExtraction, claims: list[Claim], events: set[str]) -> None:
        known = {e.ref for e in out.entities}
        grouped: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
        for c in claims:
            if c.type == MENTION or c.source not in known or (c.target not in known and c.target not in events):
                continue
            src, tgt = c.source, c.target
            if c.type in SYMMETRIC_RELATIONS and tgt < src:
                src, tgt = tgt, src
            grouped[(c.type, src, tgt)].append(c)
        # One affiliation per person and group in a document: 'Houthi leader X' and 'X, who heads the
        # Houthis' political council' are one tie, the stronger role (leader) naming it.
        for (rtype, src, tgt) in [k for k in grouped if k[0] == "member_of"]:
            leader = grouped.get(("leader_of", src, tgt))
            if leader and any(c.certainty != "denied" for c in leader):
                leader += grouped.pop((rtype, src, tgt))
        # One tie per actor and attack: 'X led the attack ... officials could not confirm his presence' is
        # the perpetrator's own presence, not a second role in it.
        for (rtype, src, tgt) in [k for k in grouped if k[0] == "participated_in"]:
            done = grouped.get(("carried_out", src, tgt))
            if done and any(c.certainty != "denied" for c in done):
                done += grouped.pop((rtype, src, tgt))
        # Sentence character spans once per document: Token.sent walks the doc's sentences each call.
        sentences = {s.start: (s.start_char, s.end_char) for s in doc.sents}
        for (rtype, src, tgt), group in grouped.items():
            evidence = _dedupe([_evidence(doc, doc_id, sentences[c.sent_start], c) for c in group])
            role = next((c.role for c in group if c.role), None)
            # Ended in this document if any sentence says so ('former chief', 'the late X'): never current.
            former = any(c.former for c in group)
            ended = max((c.ended for c in group if c.ended), default=None)
            if former and not (role or "").startswith("former"):
                role = f"former {role}" if role else "former"
            out.relations.append(LocalRelation(rtype, src, tgt, evidence, role=role, former=former, ended=ended))


def _evidence(doc: Doc, doc_id: str, sentence: tuple[int, int], claim: Claim) -> Evidence:
    start, end = sentence
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(doc=doc_id, start=start, end=end, quote=text[start:end], extractor=claim.extractor,
                    certainty=Certainty(claim.certainty), cues=claim.cues, attribution=claim.attribution)


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    """One evidence item per sentence, keeping its strongest reading and every cue seen."""
    best: dict[tuple[int, int], Evidence] = {}
    for ev in evidence:
        old = best.get((ev.start, ev.end))
        if old is None or ev.certainty.strength > old.certainty.strength:
            best[(ev.start, ev.end)] = ev
    return sorted(best.values(), key=lambda e: e.start)
