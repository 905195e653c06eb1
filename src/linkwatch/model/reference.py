"""The organisation reference list: designated organisations, their aliases with sources, their links.

The one reader of ``data/organisations.jsonl`` (built by ``tools/build_organisations.py``) and of
``data/designations.json`` (what a designation rests on). The extractor indexes these aliases, the
resolver names entities and files reference aliases from them, and ``analyse.classify`` reads the
designations: all through :func:`organisations` and :func:`organisation`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from linkwatch import data
from linkwatch.text import fold


@dataclass(frozen=True)
class Designations:
    terror_programmes: frozenset[str]  # programmes whose designation makes an organisation militant
    designating_list: str  # how a designation is cited ("OFAC SDN list")
    bulk_list_prefixes: tuple[str, ...]  # sources of bulk sanctions lists, trusted less for aliases


@cache
def designations() -> Designations:
    d = data.load("designations.json")
    return Designations(frozenset(d["terror_programmes"]), d["designating_list"], tuple(d["bulk_list_prefixes"]))


@dataclass(frozen=True)
class OrgAlias:
    name: str
    source: str
    derived: bool = False  # guessed from the name's initials, not stated by a list

    @property
    def bulk(self) -> bool:
        """From a bulk sanctions list (OFAC's a.k.a. entries), not a hand-kept official statement."""
        return self.source.startswith(designations().bulk_list_prefixes)


@dataclass(frozen=True)
class OrgLink:
    type: str  # front_of / linked_to
    target: str  # organisation id
    source: str


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    type: str = "organization"
    aliases: tuple[OrgAlias, ...] = ()
    links: tuple[OrgLink, ...] = ()
    programs: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The LocalEntity.key the extractor gives mentions of this organisation."""
        return f"org:{self.id}"

    def names(self) -> list[str]:
        return [self.name] + [a.name for a in self.aliases]

    def terror_programmes(self) -> list[str]:
        """The terrorism programmes it is designated under (sorted; empty when none)."""
        return sorted(designations().terror_programmes & set(self.programs))


@cache
def organisations() -> tuple[Organisation, ...]:
    """Every organisation in the reference list, in file order (a group's media outlets listed among its
    aliases follow it as organisations of their own: :func:`_wings`)."""
    listed = [
        Organisation(
            id=d["id"], name=d["name"], type=d.get("type", "organization"),
            aliases=tuple(OrgAlias(a["name"], a["source"], bool(a.get("derived"))) for a in d.get("aliases", [])),
            links=tuple(OrgLink(li["type"], li["target"], li["source"]) for li in d.get("links", [])),
            programs=tuple(d.get("programs", [])),
        )
        for d in data.load("organisations.jsonl")
    ]
    taken = {o.id for o in listed}
    return tuple(o for org in listed for o in _wings(org, taken))


def media_outlet(name: str) -> bool:
    """Whether a name is a media outlet's ('Amaq News Agency', 'Al Hayat Media Center', 'Al-Nujaba TV'):
    a word or phrase of data/en/org_kinds.json's 'media_outlet' among its words."""
    folded = f" {fold(name)} "
    return any(f" {w} " in folded for w in _media_words())


@cache
def _media_words() -> tuple[str, ...]:
    return tuple(fold(w) for w in data.load("org_kinds.json")["media_outlet"])


def _wings(org: Organisation, taken: set[str]) -> list[Organisation]:
    """`org`, and each media outlet a designation list gives among its aliases as an organisation of its
    own. Sanctions lists file a group's news agency or media office under the group's entry ('Amaq News
    Agency' is an a.k.a. of the Islamic State); folding it into the group would make every claim the
    outlet carries the group's own statement and the outlet's name one more name of the group. The
    outlet keeps the group's designation as a front of it, per the list."""
    if media_outlet(org.name):
        return [org]
    wings = [a for a in org.aliases if not a.derived and media_outlet(a.name)]
    if not wings:
        return [org]
    out = [replace(org, aliases=tuple(a for a in org.aliases if a not in wings))]
    for a in wings:
        wing_id = "-".join(fold(a.name).split())
        if wing_id in taken:
            wing_id = f"{org.id}--{wing_id}"
        taken.add(wing_id)
        out.append(Organisation(wing_id, a.name, org.type, links=(OrgLink("front_of", org.id, a.source),)))
    return out


@cache
def _by_id() -> dict[str, Organisation]:
    return {o.id: o for o in organisations()}


def organisation(key: str | None) -> Organisation | None:
    """The organisation with this id or entity key (``"org:<id>"``); None when the list lacks it."""
    if not key:
        return None
    return _by_id().get(key.removeprefix("org:"))
