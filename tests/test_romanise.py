"""Latin spellings of names in other scripts (linkwatch.romanise): what resolution compares and the pages show."""
from __future__ import annotations

import pytest

from linkwatch.romanise import labelled, romanisations, romanised


@pytest.mark.parametrize(("name", "spelt"), [
    ("मसूद", "Masud"),  # a word's last inherent vowel is not sounded
    ("महमूद", "Mahmud"),  # nor one between single consonants with vowels on both sides
    ("मोहम्मद", "Mohammad"),  # but one before a cluster is
    ("लश्कर-ए-नूर", "Lashkar-e-Nur"),  # श as 'sh', connectors in lower case
    ("कश्मीर", "Kashmir"),
])
def test_devanagari_names_are_spelt_as_the_press_spells_them(name: str, spelt: str) -> None:
    assert romanisations(name) == (spelt,)


def test_arabic_script_names_get_ranked_spellings_pakistani_ones_for_urdu() -> None:
    urdu = romanisations("طارق محمود")  # no Urdu-only letter: no country hint
    assert urdu and all(s.isascii() for s in urdu) and len(urdu) <= 3
    # Urdu's heh (ہ) marks a Pakistani name: 'Masood', where an Arab one is more often 'Masoud'.
    assert romanisations("مسعود اظہر")[0] == "Masood Azhar"


def test_a_latin_name_has_nothing_to_add() -> None:
    assert romanisations("Masood Azhar") == () and romanised("Masood Azhar") == ""
    assert labelled("Masood Azhar") == "Masood Azhar"
    assert labelled("मसूद") == "मसूद (Masud)"
