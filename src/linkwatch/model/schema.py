"""The schema: every entity, event and relation type, read from ``linkwatch/schema/*.yaml``.

FollowTheMoney keeps its ontology as commented YAML and one loader; so do we. The YAML
files say what each type is (label, ranges, direction, family, how each exporter writes
it, how the link chart draws it); this module reads them once, checks them, and answers
the questions code asks ("which types are symmetric?", "which are affiliations?").
Nothing else spells a list of types: tests/test_schema_meta.py checks that.

A mistake in the YAML (an unknown field, a family or entity type that does not exist, a
symmetric type with different ranges at its two ends) raises :class:`SchemaError` naming
the file and the entry, when the schema is first read.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

import yaml

EVENT = "event"  # the range name for "an event", beside the entity types


class SchemaError(ValueError):
    """The schema files contradict themselves."""


@dataclass(frozen=True)
class NodeStyle:
    """How the link chart draws a node (Cytoscape.js shape names)."""

    shape: str
    colour: str
    width: int = 30


@dataclass(frozen=True)
class Kind:
    """What analyse.classify sorts an entity into (a militant group, a state body, ...)."""

    name: str
    label: str
    description: str
    colour: str


@dataclass(frozen=True)
class EntityType:
    name: str
    label: str
    plural: str
    description: str
    ftm: str  # FollowTheMoney schema
    stix_object: str  # "identity" or "location"
    stix_identity_class: str | None  # for identities: individual / organization
    csv: str  # entity type in entities.csv (i2, Maltego)
    chart: NodeStyle
    kinds: tuple[Kind, ...] = ()  # in the order classify tries them; the last is the rest


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    description: str
    family: str | None  # None only for the generic type
    generic: bool = False
    broad: bool = False  # the family's catch-all: a mention of it may retell any type of the family
    mutual: bool = False  # sides fight each other: all take part, none alone carries it out
    kin: tuple[str, ...] = ()  # types a report may use for the same occasion ('the talks' retell a meeting)


@dataclass(frozen=True)
class FtmLink:
    """How a relation becomes a FollowTheMoney interval entity."""

    schema: str
    source: str  # property holding the source entity
    target: str  # property holding the target entity
    role: str  # property holding the role word ("role" or "relationship")
    event_property: str | None = None  # Event property listing asserted actors (organizer / involved)


@dataclass(frozen=True)
class Producer:
    """An extractor component that can emit a type, and the vocabulary it reads to do so."""

    component: str  # registered spaCy factory name, e.g. linkwatch_roles_v1
    vocabulary: str  # data file, e.g. roles.json
    keys: tuple[str, ...]  # keys in that file holding the cue words


@dataclass(frozen=True)
class Derivation:
    component: str
    source: str  # from what it is inferred, in words


@dataclass(frozen=True)
class RelationType:
    name: str
    label: str
    description: str
    source: tuple[str, ...]  # entity types, or "event"
    target: tuple[str, ...]
    symmetric: bool
    family: str
    ftm: FtmLink
    stix: str
    stix_role: str | None = None  # threat-actor-role-ov value a firm claim gives its source
    org_link: str | None = None
    event_actor: bool = False
    event_role: str | None = None  # Event field: participants / organizers
    produced_by: tuple[Producer, ...] = ()
    derived: Derivation | None = None
    gap: str | None = None

    @property
    def links_organisations(self) -> bool:
        """Whether the relation joins two organisations into an organisation link by itself
        (FORMAT.md: front_of, allied_with, splinter_of, merged_with, supported)."""
        return self.org_link is not None and "organization" in self.source and "organization" in self.target

    @property
    def produced(self) -> bool:
        """Whether anything in extraction can emit it (a vocabulary or a derivation)."""
        return bool(self.produced_by) or self.derived is not None


@dataclass(frozen=True)
class Schema:
    entities: Mapping[str, EntityType]
    events: Mapping[str, EventType]
    event_families: Mapping[str, str]  # family -> description
    event_chart: NodeStyle
    relations: Mapping[str, RelationType]
    relation_families: Mapping[str, str]

    # the questions code asks -----------------------------------------------------------
    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(self.entities)

    @property
    def event_types(self) -> tuple[str, ...]:
        return tuple(self.events)

    @property
    def relation_types(self) -> tuple[str, ...]:
        return tuple(self.relations)

    @property
    def symmetric(self) -> frozenset[str]:
        """Relation types whose direction means nothing; stored with source < target."""
        return frozenset(r.name for r in self.relations.values() if r.symmetric)

    @property
    def generic_event(self) -> str:
        """The event type that says only that something took place."""
        return next(e.name for e in self.events.values() if e.generic)

    def relation(self, name: str) -> RelationType:
        try:
            return self.relations[name]
        except KeyError:
            raise KeyError(f"{name!r} is not a relation type in linkwatch/schema/relations.yaml") from None

    def in_family(self, *families: str) -> tuple[str, ...]:
        """Relation types of these families, in schema order."""
        unknown = set(families) - set(self.relation_families)
        if unknown:
            raise KeyError(f"no relation family {sorted(unknown)} in linkwatch/schema/relations.yaml")
        return tuple(r.name for r in self.relations.values() if r.family in families)

    def to_event(self) -> tuple[str, ...]:
        """Relation types that tie an actor to an event."""
        return tuple(r.name for r in self.relations.values() if EVENT in r.target)

    @property
    def actor_types(self) -> tuple[str, ...]:
        """Entity types that act: they take part in, organise or carry out events (people, organisations)."""
        acting = {t for r in self.relations.values() if EVENT in r.target for t in r.source}
        return tuple(t for t in self.entities if t in acting)

    def event_compatible(self, a: str, b: str) -> bool:
        """Whether one occasion may be named by both types: the same type, the generic type, or two
        types of one family when one is its broad type ('the attack' retells a bombing; 'the meeting'
        does not retell a rally) or kin of the other ('the talks' retell a meeting)."""
        if a == b or self.generic_event in (a, b):
            return True
        ea, eb = self.events.get(a), self.events.get(b)
        if ea is None or eb is None or ea.family != eb.family:
            return False
        return ea.broad or eb.broad or b in ea.kin or a in eb.kin

    def event_specific(self, old: str, new: str) -> str:
        """The more specific of two compatible types naming one occasion: a subtype over its family's
        broad type, any type over the generic one."""
        if old == self.generic_event:
            return new
        eo, en = self.events.get(old), self.events.get(new)
        if eo is not None and en is not None and eo.broad and not en.broad and eo.family == en.family:
            return new
        return old

    def event_family(self, event_type: str) -> str:
        """The family of an event type; an unknown or generic type is its own family."""
        found = self.events.get(event_type)
        return found.family if found is not None and found.family else event_type


# reading -----------------------------------------------------------------------------------
_ENTITY_FIELDS = {"label", "plural", "description", "ftm", "stix", "csv", "chart", "kinds"}
_ENTITY_REQUIRED = ("label", "plural", "description", "ftm", "stix", "csv", "chart")
_EVENT_FIELDS = {"label", "description", "family", "generic", "broad", "mutual", "kin"}
_RELATION_FIELDS = {"label", "description", "source", "target", "symmetric", "family", "org_link", "event_actor",
                    "event_role", "ftm", "stix", "stix_role", "produced_by", "derived", "gap"}
_EVENT_ROLES = {"participants", "organizers"}  # the Event fields (model.graph.Event)


def _fields(where: str, entry: Any, allowed: set[str], required: Iterable[str]) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise SchemaError(f"{where}: expected a mapping, got {type(entry).__name__}")
    unknown = set(entry) - allowed
    if unknown:
        raise SchemaError(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    missing = [f for f in required if f not in entry]
    if missing:
        raise SchemaError(f"{where}: missing field(s) {missing}")
    return entry


def _style(where: str, raw: Any) -> NodeStyle:
    d = _fields(where, raw, {"shape", "colour", "width"}, ("shape", "colour"))
    return NodeStyle(str(d["shape"]), str(d["colour"]), int(d.get("width", 30)))


def _entities(raw: dict[str, Any]) -> dict[str, EntityType]:
    out = {}
    for name, entry in raw.items():
        where = f"entities.yaml: {name}"
        d = _fields(where, entry, _ENTITY_FIELDS, _ENTITY_REQUIRED)
        stix = _fields(f"{where}.stix", d["stix"], {"object", "identity_class"}, ("object",))
        if stix["object"] not in ("identity", "location") or (stix["object"] == "identity") != (
                "identity_class" in stix):
            raise SchemaError(f"{where}.stix: an identity with its identity_class, or a location")
        kinds = []
        for kind, k in (d.get("kinds") or {}).items():
            k = _fields(f"{where}.kinds.{kind}", k, {"label", "description", "colour"}, ("label", "description",
                                                                                          "colour"))
            kinds.append(Kind(kind, k["label"], k["description"], k["colour"]))
        out[name] = EntityType(name, d["label"], d["plural"], d["description"], d["ftm"], stix["object"],
                               stix.get("identity_class"), d["csv"], _style(f"{where}.chart", d["chart"]),
                               tuple(kinds))
    return out


def _events(raw: dict[str, Any], families: dict[str, str]) -> dict[str, EventType]:
    out = {}
    for name, entry in raw.items():
        where = f"events.yaml: {name}"
        d = _fields(where, entry, _EVENT_FIELDS, ("label", "description"))
        generic = bool(d.get("generic", False))
        family = d.get("family")
        if generic == (family is not None):
            raise SchemaError(f"{where}: a type has a family, or is the generic type (and has none)")
        if family is not None and family not in families:
            raise SchemaError(f"{where}: family {family!r} is not one of {sorted(families)}")
        broad, mutual = bool(d.get("broad", False)), bool(d.get("mutual", False))
        if (broad or mutual) and family is None:
            raise SchemaError(f"{where}: only a type with a family can be broad or mutual")
        out[name] = EventType(name, d["label"], d["description"], family, generic, broad, mutual,
                              tuple(d.get("kin") or ()))
    if sum(e.generic for e in out.values()) != 1:
        raise SchemaError("events.yaml: exactly one event type must be generic")
    for e in out.values():
        if any(k not in out or out[k].family != e.family for k in e.kin):
            raise SchemaError(f"events.yaml: {e.name}: kin must be types of its own family")
    for family in families:
        if sum(e.broad for e in out.values() if e.family == family) > 1:
            raise SchemaError(f"events.yaml: family {family!r} has more than one broad type")
    return out


def _range(where: str, value: Any, allowed: set[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise SchemaError(f"{where}: a non-empty list of entity types or 'event'")
    unknown = set(value) - allowed
    if unknown:
        raise SchemaError(f"{where}: {sorted(unknown)} is not an entity type or 'event'")
    return tuple(value)


def _relation(name: str, entry: Any, entity_types: set[str], families: dict[str, str]) -> RelationType:
    where = f"relations.yaml: {name}"
    d = _fields(where, entry, _RELATION_FIELDS,
                ("label", "description", "source", "target", "symmetric", "family", "ftm", "stix", "produced_by"))
    ends = entity_types | {EVENT}
    source, target = _range(f"{where}.source", d["source"], ends), _range(f"{where}.target", d["target"], ends)
    if d["symmetric"] and set(source) != set(target):
        raise SchemaError(f"{where}: a symmetric type needs the same entity types at both ends")
    if d["family"] not in families:
        raise SchemaError(f"{where}: family {d['family']!r} is not one of {sorted(families)}")
    if d.get("event_role") is not None and d["event_role"] not in _EVENT_ROLES:
        raise SchemaError(f"{where}: event_role is one of {sorted(_EVENT_ROLES)}")
    ftm = _fields(f"{where}.ftm", d["ftm"], {"schema", "source", "target", "role", "event_property"},
                  ("schema", "source", "target", "role"))
    producers = []
    for i, p in enumerate(d["produced_by"] or []):
        p = _fields(f"{where}.produced_by[{i}]", p, {"component", "vocabulary", "keys"},
                    ("component", "vocabulary", "keys"))
        producers.append(Producer(p["component"], p["vocabulary"], tuple(p["keys"])))
    derived = None
    if d.get("derived") is not None:
        dv = _fields(f"{where}.derived", d["derived"], {"component", "from"}, ("component", "from"))
        derived = Derivation(dv["component"], dv["from"])
    # A type nothing produces must say why (the meta-test lists these gaps by name); one that
    # is produced must not carry a stale gap note.
    if (producers or derived) and d.get("gap"):
        raise SchemaError(f"{where}: it is produced, so it has no gap")
    if not (producers or derived) and not d.get("gap"):
        raise SchemaError(f"{where}: nothing produces it: say why under `gap`")
    return RelationType(
        name=name, label=d["label"], description=d["description"], source=source, target=target,
        symmetric=bool(d["symmetric"]), family=d["family"],
        ftm=FtmLink(ftm["schema"], ftm["source"], ftm["target"], ftm["role"], ftm.get("event_property")),
        stix=d["stix"], stix_role=d.get("stix_role"), org_link=d.get("org_link"), event_actor=bool(d.get("event_actor", False)),
        event_role=d.get("event_role"), produced_by=tuple(producers), derived=derived, gap=d.get("gap"))


def _read(folder: Traversable, name: str) -> dict[str, Any]:
    # libyaml's loader when PyYAML was built with it: the pure-Python one is a tenth of every start-up.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(folder.joinpath(name).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    if not isinstance(data, dict):
        raise SchemaError(f"{name}: expected a mapping at the top")
    return data


def load_schema(folder: Traversable | None = None) -> Schema:
    """Read and check the three schema files in `folder` (default: the installed linkwatch/schema)."""
    folder = folder if folder is not None else resources.files("linkwatch").joinpath("schema")
    ent = _fields("entities.yaml", _read(folder, "entities.yaml"), {"entities"}, ("entities",))
    ev = _fields("events.yaml", _read(folder, "events.yaml"), {"families", "chart", "events"},
                 ("families", "chart", "events"))
    rel = _fields("relations.yaml", _read(folder, "relations.yaml"), {"families", "relations"},
                  ("families", "relations"))
    entities = _entities(ent["entities"])
    events = _events(ev["events"], ev["families"])
    overlap = set(entities) & {EVENT}
    if overlap:
        raise SchemaError(f"entities.yaml: {sorted(overlap)} is reserved for events")
    relations = {name: _relation(name, entry, set(entities), rel["families"])
                 for name, entry in rel["relations"].items()}
    roles = [r.event_role for r in relations.values() if r.event_role]
    if len(roles) != len(set(roles)):
        raise SchemaError("relations.yaml: each event_role belongs to one relation type")
    return Schema(entities, events, dict(ev["families"]), _style("events.yaml: chart", ev["chart"]), relations,
                  dict(rel["families"]))


@cache
def schema() -> Schema:
    """The installed schema, read once per process."""
    return load_schema()
