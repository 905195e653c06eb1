"""Which actors are militant (a STIX threat-actor) and which are just identities, and why.

An organisation counts as militant when
- the reference list (data/organisations.jsonl, built from the OFAC SDN list and
  hand-kept official statements) designates it under a terrorism programme
  (data/designations.json: FTO, SDGT), or names it a front of such a group; or
- the graph holds a non-denied claim that it carried out or claimed an attack.
A person counts as militant when a source asserts or reports (not merely
suggests) that they belong to or lead a militant organisation, or carried out
or claimed an attack. Everything else is an identity. Each verdict carries its
reason, so an export never states a classification without saying what it rests on.
"""
from __future__ import annotations

from dataclasses import dataclass

from linkwatch.analyse.view import GraphView
from linkwatch.model import Certainty
from linkwatch.model.reference import Organisation, designations, organisation
from linkwatch.model.schema import schema

ATTACK_TYPES = schema().in_family("perpetration", "claim")
AFFILIATION_TYPES = schema().in_family("affiliation")
FRONT_TYPES = schema().in_family("front")
FIRM = (Certainty.ASSERTED, Certainty.REPORTED)  # unverified or denied claims never make a militant


@dataclass(frozen=True)
class Verdict:
    militant: bool
    reason: str


def _designation(ref: Organisation) -> str | None:
    programmes = ref.terror_programmes()
    if programmes:
        return f"designated {'/'.join(programmes)} ({designations().designating_list})"
    for link in ref.links:
        target = organisation(link.target)
        if link.type in FRONT_TYPES and target and target.terror_programmes():
            return f"front of {target.name} per {link.source}"
    return None


def classify(view: GraphView) -> dict[str, Verdict]:
    """A verdict for every person and organisation in the view."""
    out: dict[str, Verdict] = {}
    for e in view.entities.values():
        if e.type != "organization":
            continue
        ref = organisation(e.key)
        reason = _designation(ref) if ref else None
        if reason is None:
            reason = _attack_reason(view, e.id)
        out[e.id] = Verdict(reason is not None, reason or "not on a terrorism list; no attack claimed")
    for e in view.entities.values():
        if e.type != "person":
            continue
        reason = _attack_reason(view, e.id)
        for h in view.by_node.get(e.id, []):
            if reason:
                break
            if h.source == e.id and h.type in AFFILIATION_TYPES and h.certainty in FIRM:
                org = out.get(h.target)
                if org and org.militant:
                    reason = f"{h.type} {view.name(h.target)} ({h.certainty.value})"
        out[e.id] = Verdict(reason is not None, reason or "no firm tie to a militant group")
    return out


def _attack_reason(view: GraphView, entity_id: str) -> str | None:
    for h in view.by_node.get(entity_id, []):
        if h.source == entity_id and h.type in ATTACK_TYPES and h.certainty in FIRM:
            return f"{h.type} {view.name(h.target)} ({h.certainty.value})"
    return None
