"""Which of a person's short names in one document are that person's.

The extractor's name linker joins a document's short forms to a full name by spelling ('al-Qurashi' to
'Abu al-Hasan al-Hashimi al-Qurashi', 'Hussein' to 'Hasan'). Two kinds of join say nothing about the person:

- a short form that is part of the full names of several people of the document ('al-Qurashi', when the
  article names three caliphs so called) is ambiguous there: it names none of them for certain, so it is
  not filed as a name of the one it was joined to, and a claim the document makes only of that short form
  ('al-Qurashi was killed in a clash') is not filed for that person;
- a one-part name spelt unlike every part of the person's full names, joined because the spelling is
  close ('Imam Hussein' to 'Abu al-Hasan ...'): within one article a writer spells one name one way, so a
  name spelt differently there is another person's (across outlets it could be a variant; not here). It
  becomes an entity of its own, with its mentions and the claims made only of it.

Names an article equates by a cue ('Márquez' for 'Luciano Marín') are not short forms of this kind.
"""
from __future__ import annotations

from dataclasses import replace

from linkwatch.model import DocExtraction, LocalEntity, LocalRelation
from linkwatch.resolve.names import PART_MATCH, analyse, full_names, part_similarity, within

PERSON = "person"


def separate_short_forms(locals_: list[LocalEntity], extraction: DocExtraction) -> tuple[list[LocalEntity],
                                                                                       DocExtraction]:
    """The document's entities and extraction with the module's two kinds of short form taken from the
    people they were joined to."""
    people = [e for e in locals_ if e.type == PERSON and not e.generic]
    fulls = {e.ref: full_names([e.name, *e.aliases]) for e in people}
    out: list[LocalEntity] = []
    moved: dict[tuple[str, str], str | None] = {}  # (ref, alias) -> the new entity's ref, or None: nobody's
    sharing: dict[tuple[str, str], set[str]] = {}  # (ref, alias) -> the other people whose names it is part of
    for local in locals_:
        if local.type != PERSON or local.generic or not fulls.get(local.ref):
            out.append(local)
            continue
        mine = fulls[local.ref]
        others = [n for e in people if e.ref != local.ref for n in fulls[e.ref] if n not in mine]
        equated = {r["name"] for r in local.equated} | {r["as"] for r in local.equated}
        kept, new = [], []
        for alias in local.aliases:
            if alias in equated or alias in mine:
                kept.append(alias)
            elif _misspelt(alias, mine):
                ref = f"{local.ref}~{len(moved)}"
                moved[(local.ref, alias)] = ref
                new.append(LocalEntity(ref, PERSON, alias, []))
            elif _shared(alias, mine, others):
                moved[(local.ref, alias)] = None
                sharing[(local.ref, alias)] = {e.ref for e in people if e.ref != local.ref
                                               and any(within(alias, n, PERSON) for n in fulls[e.ref])}
            else:
                kept.append(alias)
        out += [local if kept == local.aliases else replace(local, aliases=kept), *new]
    if not moved:
        return locals_, extraction
    return out, _moved_claims(extraction, moved, sharing)


def _moved_claims(extraction: DocExtraction, moved: dict[tuple[str, str], str | None],
                  sharing: dict[tuple[str, str], set[str]]) -> DocExtraction:
    """Mentions of a moved short form go to its new entity; a relation all of whose quotes name the person
    only by moved short forms goes with them (to the new entity, or to nobody for an ambiguous one, unless
    the relation's other side is the only other person sharing it: 'Warsame is the brother of Yusuf Dirie
    Warsame' is about the other Warsame)."""
    mentions = [replace(m, ref=moved[(m.ref, m.text)] or m.ref) if (m.ref, m.text) in moved else m
                for m in extraction.mentions]
    spans: dict[str, list[tuple[int, int, str | None, bool]]] = {}
    for m in extraction.mentions:
        gone = (m.ref, m.text) in moved
        spans.setdefault(m.ref, []).append((m.start, m.end, moved.get((m.ref, m.text)), gone))
    texts = {(m.start, m.end, m.ref): m.text for m in extraction.mentions}
    relations = []
    for found_rel in extraction.relations:
        rel: LocalRelation | None = found_rel
        for end in ("source", "target"):
            assert rel is not None
            ref = getattr(rel, end)
            if ref not in {r for r, _ in moved}:
                continue
            inside = [[s for s in spans.get(ref, []) if e.start <= s[0] and s[1] <= e.end] for e in rel.evidence]
            if not all(inside) or not all(s[3] for found in inside for s in found):
                continue  # a quote names the person by a name of theirs, or by no name (a pronoun)
            other = rel.target if end == "source" else rel.source
            told = [sharing.get((ref, texts[(s[0], s[1], ref)])) for found in inside for s in found]
            if all(t is not None and t <= {other} for t in told):
                continue  # the other side is the one other person the short form could be: not this one
            targets = {s[2] for found in inside for s in found}
            new_ref = targets.pop() if len(targets) == 1 else None
            if new_ref is None:
                rel = None  # an ambiguous short form: the claim is nobody's for certain
            elif end == "source":
                rel = replace(rel, source=new_ref)
            else:
                rel = replace(rel, target=new_ref)
            break
        if rel is not None:
            relations.append(rel)
    return replace(extraction, mentions=mentions, relations=relations)


def _shared(alias: str, mine: list[str], others: list[str]) -> bool:
    """`alias` is a part of one of this person's full names and of another person's."""
    return any(within(alias, m, PERSON) for m in mine) and any(within(alias, o, PERSON) for o in others)


def _misspelt(alias: str, mine: list[str]) -> bool:
    """A one-part name (titles aside) that no part of the person's full names spells as it does, but
    one of them resembles: the linker joined two different names of one article by their spelling."""
    parts = analyse(alias, PERSON).parts
    if len(parts) != 1:
        return False
    theirs = {p for m in mine for p in analyse(m, PERSON).parts}
    return parts[0] not in theirs and any(part_similarity(parts[0], p) >= PART_MATCH for p in theirs)
