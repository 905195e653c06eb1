"""The organisation list built from OFAC plus hand-kept additions, and its lookup index."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from linkwatch.extract import load_organisations
from linkwatch.extract.organisations import OrgIndex, default_index

ROOT = Path(__file__).resolve().parents[2]


def test_every_alias_and_link_has_a_source() -> None:
    orgs = load_organisations()
    assert len(orgs) > 500
    ids = {o.id for o in orgs}
    for org in orgs:
        assert org.name and org.key == f"org:{org.id}"
        assert all(a.source for a in org.aliases)
        assert all(li.source and li.target in ids for li in org.links)


def test_canonical_names_are_readable() -> None:
    names = {o.id: o.name for o in load_organisations()}
    assert names["lashkar-e-tayyiba"] == "Lashkar e-Tayyiba"
    assert names["hamas"] == "Hamas"
    assert names["al-qaida"] == "Al Qa'ida"


def test_fronts_from_the_additions_file() -> None:
    trf = next(o for o in load_organisations() if o.id == "the-resistance-front")
    assert [(li.type, li.target) for li in trf.links] == [("front_of", "lashkar-e-tayyiba")]


def test_lookup_by_alias_skeleton_and_first_word() -> None:
    ix = default_index()
    assert ix.lookup("LeT")[0] == {"lashkar-e-tayyiba"}
    assert ix.lookup("Jamaat-ud-Dawa")[0] == {"lashkar-e-tayyiba"}
    assert ix.lookup("Jaish-e-Mohammad")[0] == {"jaish-i-mohammed"}  # not listed: found by skeleton
    assert ix.lookup("Homs")[0] == set()  # 'hms' is too short a skeleton to trust
    assert "jaish-i-mohammed" in ix.partial("Jaish")
    assert ix.lookup("Yusuf")[0] == set() and not ix.partial("Yusuf")


def test_short_acronyms_need_the_full_name_nearby() -> None:
    ix = default_index()
    _, hm = ix.lookup("HM")
    _, let = ix.lookup("LeT")
    assert hm is not None and hm.needs_support
    assert let is not None and not let.needs_support


def test_index_from_given_organisations() -> None:
    from linkwatch.model.reference import OrgAlias, Organisation
    ix = OrgIndex((Organisation("x-front", "Tehreek-e-Azadi Example", aliases=(OrgAlias("TAE", "test"),)),))
    assert ix.lookup("Tehreek-i-Azadi Example")[0] == {"x-front"}
    assert ix.partial("Tehreek") == {"x-front"}


def test_build_tool_is_deterministic(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_organisations", ROOT / "tools" / "build_organisations.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    ofac = Path("/work/shared/data/ofac-sdn")
    if not (ofac / "sdn.csv").exists():
        ofac = ROOT.parent / "shared" / "data" / "ofac-sdn"
    if not (ofac / "sdn.csv").exists():
        import pytest
        pytest.skip("OFAC snapshot not beside the checkout")
    built = tool.build(ofac, ROOT / "src/linkwatch/data/org_additions.json")
    shipped = [json.loads(line) for line in (ROOT / "src/linkwatch/data/organisations.jsonl").read_text().splitlines()]
    assert built == shipped


def test_a_media_outlet_a_list_gives_as_a_groups_alias_is_an_organisation_of_its_own() -> None:
    """OFAC lists 'Amaq News Agency' among the Islamic State's a.k.a.s: it is the group's outlet, a front
    of it per the list, not one more name of the group (its claims are not the group's own words)."""
    from linkwatch.model.reference import media_outlet, organisation

    isil = organisation("org:islamic-state-of-iraq-and-the-levant")
    assert isil is not None and "Amaq News Agency" not in isil.names() and "ISIS" in isil.names()
    amaq = next(o for o in load_organisations() if o.name == "Amaq News Agency")
    assert [(li.type, li.target, li.source) for li in amaq.links] == [
        ("front_of", "islamic-state-of-iraq-and-the-levant", "OFAC SDN list (aka)")]
    assert default_index().lookup("Amaq News Agency")[0] == {amaq.id}
    # a group whose own name is an outlet's keeps its outlet-named aliases; an aid agency is no outlet
    assert media_outlet("Al-Nujaba TV") and media_outlet("Wilayah Central Africa Media Office")
    assert not media_outlet("Taibah International Aid Agency") and not media_outlet("Al-Aqsa Foundation")
