"""Constructions any conflict's reporting uses, read on the real model's parses. Sentences written for the
tests (names invented or generic), shaped like the constructions that failed on unseen articles."""
from __future__ import annotations

import pytest

from linkwatch.extract import Extractor
from linkwatch.model import DocExtraction, Document
from linkwatch.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    # Short sentences about invented groups would not pass the relevance gate; the rules are the subject.
    return Extractor(Settings(relevance_gate=False))


def _run(extractor: Extractor, text: str, published: str = "2024-03-04") -> DocExtraction:
    (r,) = extractor.extract([Document(id="d1", raw_sha256="", text=text, origin="t", published=published)])
    return r


def _rels(r: DocExtraction) -> set[tuple[str, str, str]]:
    name = {e.ref: e.name for e in r.entities} | {v.ref: f"event:{v.type}" for v in r.events}
    return {(x.type, name[x.source], name[x.target]) for x in r.relations}


def test_founders_after_a_passive_by(extractor: Extractor) -> None:
    r = _run(extractor, "The Popular Resistance Front (PRF) attacked a convoy on Monday. "
                        "The PRF was co-founded in 2011 by Tomas Aguilar and former priest Rafael Ortega.")
    rels = _rels(r)
    assert ("leader_of", "Tomas Aguilar", "Popular Resistance Front") in rels
    assert ("leader_of", "Rafael Ortega", "Popular Resistance Front") in rels
    assert {e.name: e.type for e in r.entities}["Tomas Aguilar"] == "person"


def test_a_name_given_by_the_alias_is_the_same_person(extractor: Extractor) -> None:
    r = _run(extractor, "The head of the rebel delegation will be Juan Carlos Herrera Duarte, known by the alias "
                        "Tomas Rivas. The Popular Resistance Front said Tomas Rivas would travel to Lima.")
    people = [e for e in r.entities if e.type == "person"]
    assert [p.name for p in people] == ["Juan Carlos Herrera Duarte"]
    assert "Tomas Rivas" in people[0].aliases


def test_a_second_apposition_describes_the_name_before_its_comma(extractor: Extractor) -> None:
    r = _run(extractor, "The raid would have been led by Kalif Bakr, leader of the Eastern Sahel Brigade (ESB), "
                        "the other splinter of the Macina Liberation Front, according to officials.")
    assert ("splinter_of", "Eastern Sahel Brigade", "Macina Liberation Front") in _rels(r)


def test_one_of_a_groups_representatives(extractor: Extractor) -> None:
    r = _run(extractor, "Samir Haddad, who fled in 2019, was one of the Popular Resistance Front's top "
                        "representatives in the talks.")
    assert ("member_of", "Samir Haddad", "Popular Resistance Front") in _rels(r)


def _dates(r: DocExtraction) -> list[str | None]:
    return [v.date for v in r.events if v.type in ("bombing", "attack", "armed_assault", "meeting", "talks")]


def test_a_year_modifying_another_noun_dates_that_noun(extractor: Extractor) -> None:
    r = _run(extractor, "Hamas commander Naji Zaheer met LeT commander Rashid Ali Sandhu in Gujranwala. "
                        "The meeting, led by Naji Zaheer, marks a shift after the 2019 ceasefire accord.",
             published="2025-02-06")
    assert r.events and not any((d or "").startswith("2019") for d in _dates(r))


def test_a_date_on_a_reaction_dates_the_reaction(extractor: Extractor) -> None:
    r = _run(extractor, "Al-Shabaab claimed responsibility for a car bombing at a hotel in Mogadishu that killed 20 "
                        "people. Thousands marched in Mogadishu on Sunday to condemn the bombing, the deadliest attack "
                        "in the city in years.", published="2024-03-06")
    assert r.events and "2024-03-03" not in _dates(r)


def test_an_aside_dated_weeks_back_is_not_the_articles_attack(extractor: Extractor) -> None:
    r = _run(extractor, "Al-Shabaab claimed responsibility for a car bomb attack on a police academy in Mogadishu. "
                        "The group said government troops had bombed a camp on December 25. "
                        "The attack was a major setback to the talks.", published="2024-01-22")
    claimed = [v for v in r.events if any(x.type == "claimed_responsibility" and x.target == v.ref for x in r.relations)]
    assert claimed and all(v.date != "2023-12-25" for v in claimed)


def test_a_countrys_office_holder_serves_its_government(extractor: Extractor) -> None:
    r = _run(extractor, "The Peruvian government and the rebels resumed talks in Lima on Monday. "
                        "Peru's chief negotiator Carlos Benavides, who leads the delegation, said the talks would "
                        "continue.", published="2024-03-06")
    rels = _rels(r)
    assert {e.name: e.type for e in r.entities}["Peruvian government"] == "organization"
    assert ("member_of", "Carlos Benavides", "Peruvian government") in rels
    assert ("participated_in", "Peruvian government", "event:talks") in rels


def test_an_undefined_acronym_before_a_word_for_its_people_is_a_group(extractor: Extractor) -> None:
    r = _run(extractor, "The government and the leftist KRF guerrillas have agreed to begin ceasefire negotiations, "
                        "KRF's chief negotiator Tomas Rivas said.")
    assert {e.name: e.type for e in r.entities}.get("KRF") == "organization"
    assert ("member_of", "Tomas Rivas", "KRF") in _rels(r)
    assert ("participated_in", "KRF", "event:talks") in _rels(r)


def test_a_dialogue_table_set_up_this_monday(extractor: Extractor) -> None:
    r = _run(extractor, "Delegations of the Government of Peru and the Popular Resistance Front (PRF) set up this "
                        "Monday a dialogue table in Lima.", published="2024-03-04")
    (talks,) = [v for v in r.events if v.type == "talks"]
    assert talks.date == "2024-03-04"


def test_a_groups_short_name_in_brackets_and_its_head_after_the_comma(extractor: Extractor) -> None:
    r = _run(extractor, "The talks will have the participation of the president of the National Federation of "
                        "Fishermen (Fenapesca), Jorge Salinas Roca, who has criticised the rebels.")
    fed = next(e for e in r.entities if e.name == "National Federation of Fishermen")
    assert fed.type == "organization" and "Fenapesca" in fed.aliases
    assert ("leader_of", "Jorge Salinas Roca", "National Federation of Fishermen") in _rels(r)


def test_the_head_of_a_groups_delegation_is_its_member(extractor: Extractor) -> None:
    r = _run(extractor, "The head of the Popular Resistance Front delegation will be Juan Carlos Herrera Duarte.")
    rels = _rels(r)
    assert ("member_of", "Juan Carlos Herrera Duarte", "Popular Resistance Front") in rels
    assert ("leader_of", "Juan Carlos Herrera Duarte", "Popular Resistance Front") not in rels


def test_where_pilgrims_visit_in_a_country_is_a_place(extractor: Extractor) -> None:
    r = _run(extractor, "Last week, ISIS claimed an attack that targeted pilgrims who visit Iraq's Sayyida Ruqayya "
                        "to perform religious rites.")
    assert {e.name: e.type for e in r.entities}["Sayyida Ruqayya"] == "location"


def test_a_building_named_in_spanish_is_a_place(extractor: Extractor) -> None:
    r = _run(extractor, "The bombing of the Escuela Normal Superior Simon Bolivar killed nine cadets, the ELN said.")
    assert {e.name: e.type for e in r.entities}["Escuela Normal Superior Simon Bolivar"] == "location"


def test_the_outlet_a_group_claims_through_carries_the_claim(extractor: Extractor) -> None:
    r = _run(extractor, "Al-Shabaab claimed responsibility for the attack on the hotel through its media outlet, "
                        "the Shahada News Agency.")
    rels = {(t, s, o.split(":")[0]) for t, s, o in _rels(r)}
    assert ("claimed_responsibility", "Shahada News Agency", "event") in rels
    assert ("carried_out", "Shahada News Agency", "event") not in rels


def test_the_party_a_group_acts_through_is_its_front(extractor: Extractor) -> None:
    r = _run(extractor, "The Popular Resistance Front (PRF) signed a peace deal in 2016. PRF members later agreed "
                        "to lay down arms and take part in elections through the Popular Unity Party.")
    assert ("front_of", "Popular Unity Party", "Popular Resistance Front") in _rels(r)


def test_a_handshake_in_the_lede_is_the_headlines_talks(extractor: Extractor) -> None:
    r = _run(extractor, "Peru and the Popular Resistance Front begin talks\n\n"
                        "Peru's envoy Carlos Benavides shakes hands with the rebels' negotiator Tomas Rivas in Lima.\n\n"
                        "The delegations sat down on Monday in Lima to resume the talks.", published="2024-03-04")
    assert ("met_with", "Carlos Benavides", "Tomas Rivas") in _rels(r)
    assert len([v for v in r.events if v.type in ("talks", "meeting")]) == 1


def test_who_speaks_for_a_side_takes_part_in_the_talks(extractor: Extractor) -> None:
    r = _run(extractor, "The Peruvian government and the Popular Resistance Front concluded peace talks in Lima on "
                        "Friday. The parties announced this on Friday when they concluded a second round of peace "
                        "talks in Lima. Government negotiator Carlos Benavides said a ceasefire was close. "
                        "The head of the rebel negotiating team will be Tomas Rivas, a former guerrilla commander.",
             published="2024-03-09")
    talks = [v for v in r.events if v.type == "talks"]
    assert len(talks) == 1 and talks[0].date == "2024-03-08"
    rels = _rels(r)
    assert ("participated_in", "Carlos Benavides", "event:talks") in rels
    assert ("participated_in", "Tomas Rivas", "event:talks") in rels


def test_a_possessed_role_after_a_name_in_a_list(extractor: Extractor) -> None:
    r = _run(extractor, "Peru’s Vice President Ana Rojas, left, Carlos Benavides, Peru’s chief negotiator, and the "
                        "PRF's chief negotiator Tomas Rivas, right, at the conclusion of peace talks in Lima on Friday. "
                        "The Peruvian government and the PRF agreed on talks.")
    assert ("member_of", "Carlos Benavides", "Peruvian government") in _rels(r)


def test_a_role_written_with_spaced_hyphens_is_read_not_a_crash(extractor: Extractor) -> None:
    """Articles space hyphens ('co - founder'); the role word's key is its own spelling, spaces dropped."""
    r = _run(extractor, "Omar Hadi, a co - founder of the Red Hand Army, was arrested on Monday in Port Alder.")
    assert ("leader_of", "Omar Hadi", "Red Hand Army") in _rels(r)


def test_the_body_a_state_leads_is_an_organisation(extractor: Extractor) -> None:
    r = _run(extractor, "The Saudi-led coalition struck rebel positions near the port on Sunday. "
                        "The U.S.-led coalition said a Kenyan-led force would patrol the border.")
    orgs = {e.name for e in r.entities if e.type == "organization"}
    assert {"Saudi-led coalition", "U.S.-led coalition", "Kenyan-led force"} <= orgs


def test_a_tribe_or_clan_before_its_word_is_a_group(extractor: Extractor) -> None:
    r = _run(extractor, "Elders of the Al Bu Khalil tribe met the governor in Ramadi on Monday.")
    assert {e.name: e.type for e in r.entities}.get("Al Bu Khalil") == "organization"


def test_a_listed_name_written_with_a_transliterations_apostrophe(extractor: Extractor) -> None:
    plain = _run(extractor, "Militants of Daesh attacked a checkpoint near the dam on Monday.")
    marked = _run(extractor, "Militants of Da’esh attacked a checkpoint near the dam on Monday.")
    key = {e.name: e.key for e in plain.entities}["Daesh"]
    assert key and {e.name: e.key for e in marked.entities}.get("Da’esh") == key


def test_who_a_group_is_led_by_is_a_person_and_its_leader(extractor: Extractor) -> None:
    r = _run(extractor, "The Macina Liberation Front, led by Amadou Diallo, attacked an army post near Mopti on Monday.")
    assert {e.name: e.type for e in r.entities}["Amadou Diallo"] == "person"
    assert ("leader_of", "Amadou Diallo", "Macina Liberation Front") in _rels(r)


def test_a_name_before_a_plural_word_for_fighters_is_a_groups(extractor: Extractor) -> None:
    r = _run(extractor, "Abu Khalil gunmen kidnapped three fishermen off the island on Sunday, the navy said.")
    assert {e.name: e.type for e in r.entities}["Abu Khalil"] == "organization"
    assert ("carried_out", "Abu Khalil", "event:kidnapping") in _rels(r)


def _hedged(r: DocExtraction) -> set[tuple[str, str, str]]:
    name = {e.ref: e.name for e in r.entities} | {v.ref: f"event:{v.type}" for v in r.events}
    return {(x.type, name[x.source], x.certainty.value) for x in r.relations if x.type == "carried_out"}


def test_people_a_phrase_ties_to_a_group_stand_for_it_as_hedged_as_the_tie(extractor: Extractor) -> None:
    front = "Popular Resistance Front"
    # a reduced relative the model reads as the sentence's verb ('Gunmen believed ... attacked'): read right
    r = _run(extractor, f"Gunmen believed to be members of the {front} attacked a checkpoint near the dam on Monday.")
    assert _hedged(r) == {("carried_out", front, "reported")}
    r = _run(extractor, f"Militants suspected of links to the {front} attacked a checkpoint near the dam on Monday.")
    assert _hedged(r) == {("carried_out", front, "unverified")}
    r = _run(extractor, f"Suspected {front} militants attacked a checkpoint near the dam on Monday, killing a soldier.")
    assert _hedged(r) == {("carried_out", front, "unverified")}
    r = _run(extractor, f"{front} militants attacked a checkpoint near the dam on Monday.")
    assert _hedged(r) == {("carried_out", front, "asserted")}
    # not a tie: what they wore says nothing of who they were
    r = _run(extractor, "Militants wearing uniforms of the national army attacked a checkpoint near the dam on Monday.")
    assert {n for _, n, _ in _hedged(r)} == {"Militants"}
    # a real main verb of believing, whose clause has its own subject, is left as the model read it
    r = _run(extractor, f"Officials believed the {front} attacked a checkpoint near the dam on Monday.")
    assert _hedged(r) == {("carried_out", front, "reported")}


def test_the_person_named_after_a_role_for_a_group(extractor: Extractor) -> None:
    r = _run(extractor, "A spokesman for the Popular Resistance Front, Ali Musa, said the group had carried out the attack.")
    assert ("member_of", "Ali Musa", "Popular Resistance Front") in _rels(r)


def test_a_pronoun_follows_its_group_into_the_name_its_short_form_gives(extractor: Extractor) -> None:
    # the bracketed short name makes one entity of "the Islamic State's West Africa Province"; 'its' goes with it
    r = _run(extractor, "The Islamic State's West Africa Province (ISWAP) said its fighters killed 20 soldiers in an "
                        "attack on a base near the river on Thursday.")
    assert ("carried_out", "Islamic State's West Africa Province", "event:attack") in _rels(r)


def test_who_captured_someone_in_a_raid_carried_the_raid_out(extractor: Extractor) -> None:
    r = _run(extractor, "The Popular Resistance Front captured a senior army officer in a raid near the dam on Monday.")
    assert ("carried_out", "Popular Resistance Front", "event:armed_assault") in _rels(r)


def test_an_anaphor_is_not_the_group_its_own_words_name(extractor: Extractor) -> None:
    r = _run(extractor, "Popular Resistance Front militants attacked an army base near the dam on Tuesday, an officer said. "
                        "The al-Qaeda-linked group said in a statement it had killed 20 soldiers.")
    doers = {s for t, s, _ in _rels(r) if t == "carried_out"}
    assert doers == {"Popular Resistance Front"}


def test_who_heads_a_groups_delegation_is_its_member_not_its_leader(extractor: Extractor) -> None:
    front = "Popular Resistance Front"
    for text in (f"The {front} delegation, headed by Ali Musa, held talks with the government in Lima on Saturday.",
                 f"A delegation of the {front}, led by Ali Musa, arrived in Lima on Monday."):
        rels = _rels(_run(extractor, text))
        assert ("member_of", "Ali Musa", front) in rels and ("leader_of", "Ali Musa", front) not in rels


def test_receiving_a_delegation_is_a_meeting(extractor: Extractor) -> None:
    r = _run(extractor, "President Omar Haddad received a delegation of the Popular Resistance Front in Lima on Monday.")
    assert ("participated_in", "Omar Haddad", "event:meeting") in _rels(r)
    assert ("participated_in", "Popular Resistance Front", "event:meeting") in _rels(r)
    assert not _run(extractor, "The ministry received a letter from the Popular Resistance Front on Monday.").events


def test_a_dateline_is_no_part_of_the_lede(extractor: Extractor) -> None:
    # run into the lede, the place became the subject of its verb and the dateline's date the attack's
    for text in ("KABUL (Wire News) - Militants stormed a checkpoint near the dam on Friday.",
                 "KABUL, March 6 (Wire News) - Militants stormed a checkpoint near the dam on Friday.",
                 "KABUL: Gunmen stormed a checkpoint near the dam on Friday.",
                 "Kabul — Gunmen stormed a checkpoint near the dam on Friday."):
        r = _run(extractor, text, published="2024-03-07")
        doers = {(t, s) for t, s, _ in _rels(r)}
        assert doers in ({("carried_out", "Militants")}, {("carried_out", "Gunmen")}), text
        assert [v.date for v in r.events] == ["2024-03-01"], text
    # a group's name and its short form opening a line is no dateline
    r = _run(extractor, "Popular Resistance Front (PRF), a little-known group, claimed the attack on the dam on Friday.")
    assert ("claimed_responsibility", "Popular Resistance Front", "event:attack") in _rels(r)


def test_a_verb_the_lemmatizer_cuts_short_is_still_its_cue(extractor: Extractor) -> None:
    # 'staged' is lemmatised 'stag': the organiser verb 'stage' was never found
    r = _run(extractor, "Supporters of the Popular Resistance Front staged a protest in Lima on Friday.")
    assert ("organized", "Popular Resistance Front", "event:rally") in _rels(r)


def test_an_acting_office_holder_holds_it(extractor: Extractor) -> None:
    r = _run(extractor, "The Popular Resistance Front's acting foreign minister, Ali Musa, visited Lima last week.")
    assert ("member_of", "Ali Musa", "Popular Resistance Front") in _rels(r)


def test_a_listed_groups_three_initials_doing_violence_need_no_spelling_out(extractor: Extractor) -> None:
    # 'ELN' is a short OFAC alias, kept only where the article names the group in full or shows it acting
    r = _run(extractor, "The army blamed the ELN for the car bomb that killed two soldiers near the dam on Tuesday.")
    assert ("carried_out", "ELN", "event:bombing") in _rels(r)
    assert not _run(extractor, "The ELN said on Tuesday it would send a letter to the ministry.").entities


def test_unnamed_factions_shelling_a_town_keep_the_event(extractor: Extractor) -> None:
    r = _run(extractor, "Turkish-backed factions shelled positions near the dam on Sunday, a monitor said.")
    assert ("carried_out", "Turkish-backed factions", "event:bombing") in _rels(r)


def test_troops_neutralising_fighters_is_an_attack(extractor: Extractor) -> None:
    r = _run(extractor, "The army said its troops had neutralised 15 Popular Resistance Front fighters near the dam on Wednesday.")
    assert [v.type for v in r.events] == ["attack"]


def test_a_town_the_model_cuts_into_a_word_and_a_person_is_one_place(extractor: Extractor) -> None:
    r = _run(extractor, "Militants attacked a police station in Dera Ismail Khan on Monday, killing 23 soldiers.")
    kinds = {e.name: e.type for e in r.entities}
    assert kinds.get("Dera Ismail Khan") == "location" and "Ismail Khan" not in kinds


def test_a_designations_category_is_no_organisation(extractor: Extractor) -> None:
    r = _run(extractor, "The US State Department designated the Houthis as a Foreign Terrorist Organization in January.")
    names = {e.name for e in r.entities}
    assert "Houthis" in names and "Foreign Terrorist Organization" not in names


def test_initials_before_a_role_word_are_a_groups(extractor: Extractor) -> None:
    r = _run(extractor, "Ali Musa, a senior PRFW commander, was killed in an air strike near the dam on Monday.")
    assert ("member_of", "Ali Musa", "PRFW") in _rels(r)


def test_the_name_set_after_a_commander_of_a_group_is_the_victim(extractor: Extractor) -> None:
    r = _run(extractor, "A senior commander of the Popular Resistance Front, Ali Musa, was killed in a blast near the dam "
                        "on Wednesday.")
    assert ("participated_in", "Ali Musa", "event:bombing") in _rels(r)


def test_two_groups_clashing_with_a_third_side_are_not_each_others_rivals(extractor: Extractor) -> None:
    two = "The Popular Resistance Front and the Eastern Sahel Brigade"
    rels = _rels(_run(extractor, f"{two} clashed with Malian troops near the dam on Wednesday."))
    assert ("rival_of", "Popular Resistance Front", "Eastern Sahel Brigade") not in rels
    assert ("rival_of", "Popular Resistance Front", "Malian troops") in rels
    rels = _rels(_run(extractor, f"{two} clashed near the dam on Wednesday."))  # no other side: each other's
    assert ("rival_of", "Popular Resistance Front", "Eastern Sahel Brigade") in rels
    rels = _rels(_run(extractor, f"{two} joined forces in 2019."))
    assert ("allied_with", "Popular Resistance Front", "Eastern Sahel Brigade") in rels


def test_attacks_a_group_says_it_would_carry_on_are_no_occurrence(extractor: Extractor) -> None:
    r = _run(extractor, "The Popular Resistance Front's chief, Ali Musa, said the group would continue its attacks on the "
                        "army.")
    assert not r.events and ("leader_of", "Ali Musa", "Popular Resistance Front") in _rels(r)
    assert [v.type for v in _run(extractor, "The Popular Resistance Front said it had carried out the attack on the "
                                            "checkpoint on Monday.").events] == ["attack"]
