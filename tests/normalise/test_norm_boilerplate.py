"""Boilerplate removal on articles written for these tests (and on the seeds, read in place).

Each test checks both directions: the junk is gone, and every real sentence
is still there, character for character.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from linkwatch.normalise.boilerplate import clean, is_cta, load_cues

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"  # ../shared beside the checkout


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def sentences(text: str) -> list[str]:
    """Lines of the text that end like sentences: the content that must survive."""
    return [line.strip() for line in text.splitlines() if re.search(r"[.!?\"”]$", line.strip())]


def reasons(cleaned) -> set[str]:
    return {why for _, _, why in cleaned.removed}


def test_calls_to_action_and_related_links_go_sentences_stay():
    text = read("cta_article.txt")
    out = clean(text)
    for junk in ["Subscribe To Our Telegram Channel", "Follow us on Google News", "Also Read:",
                 "Join our WhatsApp channel here.", "Related Stories", "Rahimabad Traders Protest",
                 "Why Flood Relief Keeps Running Late", "All rights reserved"]:
        assert junk not in out.text
    # The glued CTA is cut, its sentence kept with its full stop.
    assert "a relief trust that was registered last year.\n" in out.text
    # A leading CTA is cut from a line whose sentence stays.
    assert "\nA lawyer for the three men said" in out.text
    # Quoted speech that sounds like a CTA is news, not boilerplate.
    assert '"Join us on Telegram," one of the men wrote' in out.text
    assert out.text.endswith("The next hearing is set for the first week of March.")
    assert reasons(out) == {"call-to-action", "related-links", "footer"}


def test_article_with_nothing_to_remove_is_unchanged_but_for_whitespace():
    text = read("keep_article.txt")
    out = clean(text)
    assert out.removed == ()
    assert out.text == text.strip()


def test_titlecase_heading_with_a_headline_list_at_the_tail():
    out = clean(read("tail_titlecase.txt"))
    assert "Elsewhere On The Site" not in out.text and "Silk Road" not in out.text
    assert out.text.endswith("after an ambush on a supply convoy.")
    assert reasons(out) == {"related-links"}


def test_run_of_headlines_without_a_heading_at_the_tail():
    out = clean(read("tail_noheading.txt"))
    assert "Solar Pumps" not in out.text and "Bazaar" not in out.text
    assert out.text.endswith("would seek compensation from the state.")
    assert reasons(out) == {"headline-list"}


def test_a_single_short_line_at_the_end_is_not_taken_for_a_headline_list():
    text = "The group denied any role in the attack.\nReporting by Staff Correspondent"
    assert clean(text).text == text


def test_glued_cta_inside_text_without_newlines():
    text = "Officials confirmed the arrest of the two men.Click Here To Join Our Telegram Channel\nMore follows."
    out = clean(text)
    assert out.text == "Officials confirmed the arrest of the two men.\nMore follows."
    [(start, end, why)] = out.removed
    assert text[start:end] == "Click Here To Join Our Telegram Channel" and why == "call-to-action"


@pytest.mark.parametrize("line", [
    "Click Here To Follow Our WhatsApp Channel",
    "Subscribe to our newsletter",
    "Follow Us",
    "Download the app for the latest updates",
    "Please join our Telegram channel for updates",
    "Don't forget to subscribe to our YouTube channel",
    "Share this article",
])
def test_calls_to_action(line):
    assert is_cta(line, load_cues())


@pytest.mark.parametrize("line", [
    '"Join us on Telegram," the recruiter wrote.',
    "Join us in the struggle, the commander told the crowd on Telegram.",
    "Like many militant groups, it runs a Telegram channel and a YouTube page.",
    "Follow-up raids were carried out in three districts on Friday.",
    "Check posts along the road were attacked overnight.",
    "The group urged supporters to follow its Telegram channel.",
])
def test_not_calls_to_action(line):
    assert not is_cta(line, load_cues())


def test_removed_spans_point_at_the_removed_text():
    text = read("cta_article.txt")
    out = clean(text)
    for start, end, _ in out.removed:
        assert text[start:end].strip()
        assert text[start:end].strip() not in out.text


@pytest.mark.skipif(not SEEDS.exists(), reason="seed articles not present")
def test_gujranwala_seed():
    text = (SEEDS / "gujranwala-hamas-let.txt").read_text(encoding="utf-8")
    out = clean(text)
    assert "Click Here To Follow Our WhatsApp Channel" not in out.text
    assert "You Might Also Like" not in out.text and "Mamdani" not in out.text and "31 Apps" not in out.text
    assert "widely viewed as a political front linked to Lashkar-e-Taiba.\n" in out.text
    for sentence in sentences(text):
        assert sentence.replace("Click Here To Follow Our WhatsApp Channel", "") in out.text


@pytest.mark.skipif(not SEEDS.exists(), reason="seed articles not present")
def test_pok_seed_keeps_everything():
    text = (SEEDS / "pok-hamas-solidarity-day.txt").read_text(encoding="utf-8")
    out = clean(text)
    assert out.removed == ()
    assert "Hamas and Pakistan Pakistan has been sympathetic to Hamas," in out.text
    assert "India's Stance on Palestine India has a history" in out.text
    assert "\n\n\n" not in out.text
    assert " ".join(out.text.split()) == " ".join(text.split())


def test_a_headline_list_inside_the_body_goes_a_section_heading_stays():
    text = ("Gunmen attacked a convoy near the border on Monday, officials said.\n"
            "Scenic Valley Roads Reopen After Landslide\n"
            "Traders Protest New Market Tax In Capital\n"
            "Cricket Board Names New Selection Panel\n"
            "The group later claimed the attack in a statement.\n"
            "What Happened Next\n"
            "Police said two suspects were arrested.")
    out = clean(text)
    assert "Scenic Valley" not in out.text and "Cricket Board" not in out.text
    assert "What Happened Next\n" in out.text and out.text.endswith("two suspects were arrested.")
    assert reasons(out) == {"headline-list"}
