"""Names across scripts (issue 18): one exact key for spelling variants of a script, and one loose key
that a name shares with its romanisations."""
from __future__ import annotations

import pytest

from linkwatch.text import cross_script_key, script_fold


@pytest.mark.parametrize(("a", "b"), [
    ("علي", "علی"),  # Arabic yeh / Farsi yeh
    ("كابل", "کابل"),  # Arabic kaf / keheh
    ("القاعدة", "القاعده"),  # teh marbuta / heh
    ("ہرات", "هرات"),  # Urdu heh goal / Arabic heh
    ("أحمد", "احمد"),  # hamza on alef
    ("مُحَمَّد", "محمد"),  # tashkeel
    ("حـــزب", "حزب"),  # tatweel
    ("ज़ैश", "जैश"),  # nukta
    ("चाँद", "चांद"),  # chandrabindu / anusvara
    ("۲۰۱۹", "2019"), ("२०१९", "2019"),  # digits
])
def test_script_fold_gives_variants_one_key(a: str, b: str) -> None:
    assert script_fold(a) == script_fold(b)


def test_script_fold_keeps_different_letters_apart() -> None:
    assert script_fold("حزب") != script_fold("خزب")
    assert script_fold("Jaish") == "jaish"


@pytest.mark.parametrize("names", [
    ("جیش محمد", "जैश-ए-मोहम्मद", "Jaish-e-Mohammed", "Jaish-i-Mohammed"),
    ("تحریک طالبان پاکستان", "تحريك طالبان باكستان", "Tehrik-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan"),
    ("جماعت الاحرار", "Jamaat-ul-Ahrar"),
    ("लश्करे तैएबा", "Lashkar-e-Taiba"),
    ("الشباب", "al-Shabaab", "Shabab"),
    ("حزب الله", "Hizballah", "Hezbollah"),
    ("مسعود اظہر", "मसूद अजहर", "Masood Azhar"),
])
def test_cross_script_key_is_shared_by_a_name_and_its_romanisations(names: tuple[str, ...]) -> None:
    assert len({cross_script_key(n) for n in names}) == 1


def test_cross_script_key_keeps_different_names_apart() -> None:
    assert cross_script_key("جیش محمد") != cross_script_key("جماعت الاحرار")
    assert cross_script_key("Hamas") != cross_script_key("Hezbollah")
