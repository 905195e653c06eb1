"""The organisation reference list: designated organisations, their aliases with sources, their links.

The one reader of ``data/organisations.jsonl`` (built by ``tools/build_organisations.py``) and of
``data/designations.json`` (what a designation rests on). The extractor indexes these aliases, the
resolver names entities and files reference aliases from them, and ``analyse.classify`` reads the
designations: all through :func:`organisations` and :func:`organisation`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from linkwatch import data


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
    """Every organisation in the reference list, in file order."""
    return tuple(
        Organisation(
            id=d["id"], name=d["name"], type=d.get("type", "organization"),
            aliases=tuple(OrgAlias(a["name"], a["source"], bool(a.get("derived"))) for a in d.get("aliases", [])),
            links=tuple(OrgLink(li["type"], li["target"], li["source"]) for li in d.get("links", [])),
            programs=tuple(d.get("programs", [])),
        )
        for d in data.load("organisations.jsonl")
    )


@cache
def _by_id() -> dict[str, Organisation]:
    return {o.id: o for o in organisations()}


def organisation(key: str | None) -> Organisation | None:
    """The organisation with this id or entity key (``"org:<id>"``); None when the list lacks it."""
    if not key:
        return None
    return _by_id().get(key.removeprefix("org:"))
