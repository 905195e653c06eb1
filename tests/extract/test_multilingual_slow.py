"""English and Urdu, Hindi, Arabic articles in one store: the groups they share are one node each
(issue 18), carrying the names each script writes them with; each document keeps its language."""
from __future__ import annotations

from pathlib import Path

import pytest

from linkwatch.model import Entity, RawDocument
from linkwatch.pipeline import Pipeline
from linkwatch.settings import Settings
from linkwatch.store import open_store

pytestmark = pytest.mark.slow

ENGLISH = ("Police in Peshawar said on Monday that the banned Tehrik-i-Taliban Pakistan claimed responsibility "
           "for a suicide bombing that killed six soldiers. Officials said Jaish-e-Mohammed and Lashkar-e-Taiba "
           "militants had also been arrested in the province after attacks by the militant groups.")
URDU = "کالعدم تنظیم جیش محمد نے پشاور میں ہونے والے بم دھماکے کی ذمہ داری قبول کرلی ہے۔"
HINDI = "लश्कर-ए-तैयबा के प्रमुख हाफिज सईद को लाहौर में गिरफ्तार किया गया।"
ARABIC = "أعلنت حركة طالبان باكستان مسؤوليتها عن الهجوم في بيشاور. وتبنى تنظيم تحريك طالبان باكستان الهجوم."


def test_groups_named_in_four_scripts_are_one_node_each(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        summary = Pipeline(store, Settings()).run([
            RawDocument(ENGLISH.encode(), "en.txt", published="2025-03-03"),
            RawDocument(URDU.encode(), "ur.txt", published="2025-03-04"),  # language told by its letters
            RawDocument(HINDI.encode(), "hi.txt", published="2025-03-04", language="hi"),
            RawDocument(ARABIC.encode(), "ar.txt", published="2025-03-04", language="ar-EG"),
        ])
        assert summary.added == 4
        assert sorted(d.language or "" for d in store.documents()) == ["", "ar-EG", "hi", "ur"]
        by_key = {e.key: e for e in store.entities("organization") if e.key}
        jem, let, ttp = (by_key[k] for k in ("org:jaish-i-mohammed", "org:lashkar-e-tayyiba",
                                             "org:tehrik-e-taliban-pakistan"))
        assert len([e for e in store.entities("organization") if e.key == jem.key]) == 1
        assert "جیش محمد" in names(jem) and "लश्कर-ए-तैयबा" in names(let)
        assert "تحريك طالبان باكستان" in names(ttp)
        peshawar = [e for e in store.entities("location") if e.name == "Peshawar"]
        assert len(peshawar) == 1 and {"پشاور", "بيشاور"} <= names(peshawar[0])


def names(entity: Entity) -> set[str]:
    return {a.name for a in entity.aliases}
