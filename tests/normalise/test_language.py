"""The document's language: declared wins; else the script says it; Latin text is not guessed at."""
from __future__ import annotations

import pytest

from linkwatch.model import RawDocument
from linkwatch.normalise import normalise
from linkwatch.normalise.language import detect, primary

URDU = "پولیس نے بتایا کہ دھماکے میں کئی افراد زخمی ہوئے ہیں اور علاقے کو گھیرے میں لے لیا گیا ہے۔"
ARABIC = "قالت الشرطة إن الانفجار وقع صباح اليوم في وسط المدينة وأسفر عن سقوط عدد من الجرحى."
HINDI = "पुलिस ने बताया कि धमाके में कई लोग घायल हुए हैं और इलाके को घेर लिया गया है।"
PERSIAN = "پلیس گفت که انفجار صبح امروز در مرکز شهر رخ داد و چند نفر زخمی شدند."


@pytest.mark.parametrize(("text", "lang"), [(URDU, "ur"), (ARABIC, "ar"), (HINDI, "hi"), (PERSIAN, "fa"),
                                           ("Police said several people were hurt.", None), ("", None)])
def test_the_script_tells_the_language(text: str, lang: str | None) -> None:
    assert detect(text) == lang


def test_a_few_latin_words_in_an_urdu_article_do_not_make_it_english() -> None:
    assert detect("CRPF IED " + URDU) == "ur"
    assert detect("Home / MainSlide / News " + HINDI) == "hi"


def test_tags_are_cut_to_their_primary_subtag() -> None:
    assert primary("ur-PK") == "ur" and primary(" AR ") == "ar" and primary("hi_IN") == "hi"
    assert primary(None) is None and primary(" ") is None


def test_normalise_keeps_a_declared_language_and_detects_an_undeclared_one() -> None:
    raw = URDU.encode("utf-8")
    assert normalise(RawDocument(raw, "a.txt")).language == "ur"
    assert normalise(RawDocument(raw, "a.txt", language="ar-EG")).language == "ar-EG"  # declared wins, as declared
    assert normalise(RawDocument(b"Police said several people were hurt.", "b.txt")).language is None
