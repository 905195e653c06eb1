"""The Urdu, Hindi and Arabic reader (issue 18), on sentences written for these tests.

Each test names the mechanism it holds: names across scripts by romanisation, acronyms spelt in letter
names, places by their names in the script, persons after a role noun, claims, denials, hedges and
dates from each language's cue words, and evidence that quotes the stored text at its offsets.
"""
from __future__ import annotations

import pytest

from linkwatch.extract.multilingual import MultilingualExtractor, reads
from linkwatch.model import Certainty, DocExtraction, Document


def read(text: str, lang: str, published: str | None = "2024-03-20") -> DocExtraction:
    doc = Document(id="d1", raw_sha256="x", text=text, origin="test", published=published, language=lang)
    return MultilingualExtractor().read(doc)


def entity(x: DocExtraction, key: str) -> str:
    return next(e.ref for e in x.entities if e.key == key)


def relations(x: DocExtraction, type_: str) -> list[tuple[str, str, Certainty]]:
    return [(r.source, r.target, r.certainty) for r in x.relations if r.type == type_]


def check_evidence(x: DocExtraction, text: str) -> None:
    for item in [*x.relations, *x.events]:
        for ev in item.evidence:
            assert text[ev.start:ev.end] == ev.quote
    for m in x.mentions:
        assert text[m.start:m.end] == m.text


def test_only_languages_with_a_lexicon_leave_the_english_pipeline() -> None:
    assert reads("ur") and reads("hi") and reads("ar") and reads("ur-PK")
    assert not reads("en") and not reads(None) and not reads("fr")


def test_urdu_claim_by_a_group_named_in_urdu_script() -> None:
    text = "کالعدم تنظیم جیش محمد نے پشاور میں ہونے والے بم دھماکے کی ذمہ داری قبول کرلی ہے۔"
    x = read(text, "ur")
    jem = entity(x, "org:jaish-i-mohammed")  # romanised: جیش محمد = Jaish-e-Mohammed
    assert any(e.type == "location" and e.name == "Peshawar" for e in x.entities)  # GeoNames' Urdu name
    (event,) = [e for e in x.events if e.type == "attack"]
    assert (jem, event.ref, Certainty.ASSERTED) in relations(x, "claimed_responsibility")
    assert event.date == "2024-03-20"  # undated in the lead: the publication's own news
    check_evidence(x, text)


def test_urdu_denial_of_a_claim_by_an_acronym_spelt_in_letter_names() -> None:
    text = "پشاور میں دھماکہ ہوا۔\nکالعدم ٹی ٹی پی نے 12 مارچ کے حملے کی ذمہ داری قبول کرنے سے انکار کیا ہے۔"
    x = read(text, "ur")
    ttp = entity(x, "org:tehrik-e-taliban-pakistan")  # ٹی ٹی پی = TTP
    claims = relations(x, "claimed_responsibility")
    assert [(s, c) for s, _, c in claims] == [(ttp, Certainty.DENIED)]
    assert not relations(x, "carried_out")  # a refused claim says nothing of who did it
    assert any(e.date == "2024-03-12" for e in x.events)  # day and month, the year of publication


def test_hindi_role_noun_between_a_group_and_a_person() -> None:
    text = "लश्कर-ए-तैयबा के प्रमुख हाफिज सईद को लाहौर में गिरफ्तार किया गया।"
    x = read(text, "hi")
    let = entity(x, "org:lashkar-e-tayyiba")
    person = next(e for e in x.entities if e.type == "person")
    assert person.name == "हाफिज सईद"  # the title stays, the name stops at the postposition
    assert (person.ref, let, Certainty.ASSERTED) in relations(x, "leader_of")
    arrest = next(e for e in x.events if e.type == "event")
    assert person.ref in arrest.participants and let not in arrest.participants  # JuD chief X: X was arrested
    check_evidence(x, text)


def test_arabic_claim_reported_and_dated_by_a_weekday() -> None:
    text = "وتبنت حركة الشباب الهجوم الذي استهدف فندقا في مقديشو يوم السبت، بحسب مصادر أمنية."
    x = read(text, "ar", published="2024-03-20")  # a Wednesday
    shabaab = entity(x, "org:al-shabaab")
    (event,) = x.events
    assert event.date == "2024-03-16"  # the Saturday before
    assert x.entities[[e.ref for e in x.entities].index(event.location)].name == "Mogadishu"
    assert (shabaab, event.ref, Certainty.REPORTED) in relations(x, "claimed_responsibility")
    check_evidence(x, text)


def test_a_short_name_that_is_a_common_word_needs_the_text_to_mark_it_a_group() -> None:
    common = read("شارك الشباب في المظاهرة في المدينة.", "ar")  # 'the youth took part in the protest'
    assert not [e for e in common.entities if e.key == "org:al-shabaab"]
    marked = read("أعلنت حركة الشباب مسؤوليتها عن الهجوم.", "ar")  # 'the al-Shabaab movement'
    assert [e for e in marked.entities if e.key == "org:al-shabaab"]


def test_a_name_in_another_languages_word_for_a_country_is_not_that_country() -> None:
    # 'فرانس' is France in Urdu, and the first word of 'France Presse' in Arabic.
    x = read("وقال الشرطي لوكالة فرانس برس إن الهجوم وقع صباحا.", "ar")
    assert not [e for e in x.entities if e.name == "France"]
    assert [e for e in read("فرانس میں ایک دھماکہ ہوا۔", "ur").entities if e.name == "France"]


@pytest.mark.parametrize(("text", "lang", "cue"), [
    ("कथित तौर पर जैश-ए-मोहम्मद ने हमले की जिम्मेदारी ली है।", "hi", Certainty.UNVERIFIED),
    ("अपुष्ट रिपोर्टों के अनुसार जैश-ए-मोहम्मद ने हमले की जिम्मेदारी ली है।", "hi", Certainty.UNVERIFIED),
    ("पुलिस के अनुसार जैश-ए-मोहम्मद ने हमले की जिम्मेदारी ली है।", "hi", Certainty.REPORTED),
])
def test_hindi_hedges_label_a_claim(text: str, lang: str, cue: Certainty) -> None:
    x = read(text, lang)
    assert [c for _, _, c in relations(x, "claimed_responsibility")] == [cue]


def test_letter_names_spell_an_acronym_apart_or_in_one_word() -> None:
    x = read("सीआरपीएफ के जवानों पर हमला हुआ।", "hi")
    assert [e.name for e in x.entities if e.type == "organization"] == ["CRPF"]  # a group no list knows
    check_evidence(x, "सीआरपीएफ के जवानों पर हमला हुआ।")


def test_a_renamed_group_is_a_new_group_and_a_front_of_the_old() -> None:
    text = "کالعدم تنظیم جیش محمد نے اپنا نام بدل کر مجلس شوریٰ کشمیر رکھ لیا ہے۔"
    x = read(text, "ur")
    jem = entity(x, "org:jaish-i-mohammed")
    new = next(e for e in x.entities if e.type == "organization" and e.key is None)
    assert new.name == "مجلس شوریٰ کشمیر"
    assert [(s, t) for s, t, _ in relations(x, "front_of")] == [(new.ref, jem)]


def test_an_organisation_noun_after_a_demonstrative_points_back_to_the_group_it_introduced() -> None:
    text = ("کالعدم تنظیم لشکر جھنگوی نے کوئٹہ میں حملے کی ذمہ داری قبول کرلی۔ "
            "پولیس کے مطابق اس تنظیم کے ترجمان علی سفیان نے ایک بیان جاری کیا۔")
    x = read(text, "ur")
    lej = entity(x, "org:lashkar-i-jhangvi")
    person = next(e for e in x.entities if e.type == "person")
    assert (person.ref, lej) in [(s, t) for s, t, _ in relations(x, "member_of")]


def test_a_speaker_is_the_source_of_an_attack_not_a_participant() -> None:
    x = read("پولیس افسر احمد علی نے کہا کہ دھماکے میں پانچ افراد ہلاک ہوئے۔", "ur")
    assert not relations(x, "participated_in")


def test_a_country_between_two_groups_blocks_a_group_relation() -> None:
    # 'Hezbollah, backed by Iran, mourned its fighters killed in the ranks of the Houthis'
    text = "نعى حزب الله المدعوم من إيران مقاتليه الذين قتلوا في صفوف الحوثيين."
    x = read(text, "ar")
    hezbollah, houthis = entity(x, "org:hizballah"), entity(x, "org:ansarallah")
    # 'backed by Iran' ties Hezbollah to a country, never to the Houthis further on.
    assert (houthis, hezbollah) not in [(s, t) for s, t, _ in relations(x, "supported")]
    backed = "نعى حزب الله المدعوم من الحوثيين مقاتليه."  # the same phrase with a group after it
    y = read(backed, "ar")
    assert [(s, t) for s, t, _ in relations(y, "supported")] == [(entity(y, "org:ansarallah"),
                                                                entity(y, "org:hizballah"))]


def test_arabic_group_adjectives_and_oblique_plurals_name_the_group() -> None:
    for text in ("قال القيادي الحوثي يحيى سريع إن الهجوم نجح.", "هاجم الحوثيين مواقع الجيش.",
                 "تقدمت المليشيات الحوثية نحو المدينة."):
        assert [e for e in read(text, "ar").entities if e.key == "org:ansarallah"], text


def test_a_place_no_list_knows_after_a_place_noun() -> None:
    x = read("قبائلی ضلع خیبر کے علاقے باڑہ میں دھماکہ ہوا۔", "ur")
    assert {e.name for e in x.entities if e.type == "location" and e.key is None} >= {"خیبر", "باڑہ"}


def test_a_town_is_a_place_where_the_word_for_in_stands_beside_it() -> None:
    # Herat (under a million people, its country unnamed) counts with 'में' ('in') after it.
    x = read("खबर है कि हेरात में एक बम विस्फोट हुआ।", "hi")
    assert [e.name for e in x.entities if e.type == "location"] == ["Herāt"]  # GeoNames spells it so
    # A town's alternate name that is a common word, with no such sign, is the word.
    assert not [e for e in read("انہوں نے اس بارے میں کچھ نہیں کہا۔", "ur").entities if e.type == "location"]


def test_a_title_heads_the_name_and_a_role_skips_the_group_it_names() -> None:
    x = read("وأكد أبو محمد العدناني أن التنظيم سيواصل هجماته.", "ar")
    assert [e.name for e in x.entities if e.type == "person"] == ["أبو محمد العدناني"]  # the kunya is the name's
    y = read("قال المتحدث باسم حركة طالبان ذبيح الله مجاهد إن الحركة سيطرت على المديرية.", "ar")
    person = next(e for e in y.entities if e.type == "person")
    assert person.name == "ذبيح الله مجاهد"
    assert relations(y, "member_of") == [(person.ref, entity(y, "org:taliban"), Certainty.ASSERTED)]


def test_a_long_devanagari_word_names_a_group_alone_a_short_arabic_one_does_not() -> None:
    x = read("हिजबुल्लाह ने रॉकेट हमले की जिम्मेदारी से इनकार किया है।", "hi")
    assert [c for _, _, c in relations(x, "claimed_responsibility")] == [Certainty.DENIED]
    assert entity(x, "org:hizballah")
    assert not read("صعد المقاتلون إلى قمة الجبل في الصباح.", "ar").entities  # جبل: mountain, not Hezbollah


def test_a_clause_without_its_own_subject_goes_on_with_the_group_of_the_clause_before() -> None:
    text = ("کالعدم تنظیم جماعت الاحرار پہلے تحریک طالبان پاکستان کا ذیلی گروہ تھی، "
            "لیکن بعد میں داعش کیساتھ الحاق کا اعلان کردیا۔")
    x = read(text, "ur")
    jua, ttp, isil = (entity(x, k) for k in ("org:jamaat-ul-ahrar", "org:tehrik-e-taliban-pakistan",
                                             "org:islamic-state-of-iraq-and-the-levant"))
    assert [(s, t) for s, t, _ in relations(x, "splinter_of")] == [(jua, ttp)]
    assert [(s, t) for s, t, _ in relations(x, "allied_with")] == [(jua, isil)]
