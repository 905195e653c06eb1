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

:func:`kinds` sorts every entity into the kinds linkwatch/schema/entities.yaml declares for its type
(an organisation: militant group, state body, party or other organisation), for the link chart's
filters: militant first, by the verdict above; then a state body or a party by the words of its name
(data/en/org_kinds.json); else the type's last kind. A type with no kinds is its own kind.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from linkwatch import data
from linkwatch.analyse.view import GraphView
from linkwatch.model import Certainty
from linkwatch.model.reference import Organisation, designations, organisation
from linkwatch.model.schema import schema
from linkwatch.store.base import Store
from linkwatch.text import fold

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


@cache
def _name_words() -> dict[str, re.Pattern[str]]:
    """kind -> one pattern of its name words (folded, whole words)."""
    vocab = data.load("org_kinds.json")
    return {kind: re.compile(r"\b(?:" + "|".join(re.escape(fold(w)) for w in vocab[kind]) + r")\b")
            for kind in ("state_body", "party")}


def kind_of_name(name: str) -> str | None:
    """state_body or party when a word of the name says so, else None."""
    folded = fold(name)
    return next((kind for kind, pattern in _name_words().items() if pattern.search(folded)), None)


def kinds(view: GraphView, verdicts: dict[str, Verdict] | None = None) -> dict[str, str]:
    """A kind for every entity in the view (see the module docstring); events are not entities."""
    verdicts = verdicts if verdicts is not None else classify(view)
    out: dict[str, str] = {}
    for e in view.entities.values():
        declared = [k.name for k in schema().entities[e.type].kinds] if e.type in schema().entities else []
        if not declared:
            out[e.id] = e.type
            continue
        verdict = verdicts.get(e.id)
        found = "militant" if verdict is not None and verdict.militant else kind_of_name(e.name)
        out[e.id] = found if found in declared else declared[-1]
    return out


def kinds_at(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """:func:`kinds` for the entities `ids` only, read from the link index's hops (a page of the chart
    must not load the whole graph): an entity's verdict rests on its own hops and, for a person, on the
    verdicts of the groups it belongs to, so the neighbourhood one step out is all it reads."""
    entities = {e.id: e for e in store.entity_stubs(ids)}
    people = [e for e in entities.values() if e.type == "person"]
    wanted = sorted(set(ATTACK_TYPES) | set(AFFILIATION_TYPES))
    hops = store.hops_at(list(entities), wanted, incoming=False)
    firm = [h for h in hops if Certainty(h.certainty) in FIRM]
    attacks = {h.source for h in firm if h.type in ATTACK_TYPES}
    groups = {h.target for h in firm if h.type in AFFILIATION_TYPES and h.source in {p.id for p in people}}
    outer = {e.id: e for e in store.entity_stubs(groups - set(entities))}
    outer_attacks = {h.source for h in store.hops_at(list(outer), sorted(ATTACK_TYPES), incoming=False)
                     if Certainty(h.certainty) in FIRM}

    def militant_org(entity_id: str) -> bool:
        e = entities.get(entity_id) or outer.get(entity_id)
        if e is None or e.type != "organization":
            return False
        ref = organisation(e.key)
        return bool(ref and _designation(ref)) or entity_id in attacks or entity_id in outer_attacks

    militant = {e.id for e in entities.values() if e.type == "organization" and militant_org(e.id)}
    militant |= {p.id for p in people if p.id in attacks or any(
        h.source == p.id and h.type in AFFILIATION_TYPES and militant_org(h.target) for h in firm)}
    out: dict[str, str] = {}
    for e in entities.values():
        declared = [k.name for k in schema().entities[e.type].kinds] if e.type in schema().entities else []
        if not declared:
            out[e.id] = e.type
            continue
        found = "militant" if e.id in militant else kind_of_name(e.name)
        out[e.id] = found if found in declared else declared[-1]
    return out
