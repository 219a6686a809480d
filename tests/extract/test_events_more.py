"""Event and figure patterns of military and wire copy: "the enemy", light verbs, returned fire, "only" denials,
units named by formation, and parts of a counted whole ("two of the 9 wounded")."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiatur.domain import ActionClass, Polarity
from audiatur.extract import build_nlp

from .helpers import Extractor, counts, event_of, figure_of, speaker_of, value_of


def test_the_enemy_as_subject_is_an_allegation_of_the_speaker(ex: Extractor) -> None:
    claim = ex.event(
        "The enemy shelled the village of Kolmo overnight, the Kestrian Ministry of Defence said."
    )
    event = event_of(claim)
    assert event.polarity == Polarity.ASSERTED
    assert event.actor is not None and "enemy" in event.actor.lower()
    assert speaker_of(claim) == "Ministry of Defence of Kestria"


def test_the_enemy_resolves_to_the_other_party_when_the_document_names_two(ex: Extractor) -> None:
    text = (
        "Velsaria and Kestria traded accusations on Monday. "
        "The enemy shelled the village of Kolmo overnight, the Kestrian Ministry of Defence said."
    )
    shelled = [c for c in ex.events(text) if "shelled" in c.evidence.text]
    assert [event_of(c).actor_party for c in shelled] == ["Velsaria"]


def test_a_verb_after_a_force_noun_is_not_a_nominal_attack(ex: Extractor) -> None:
    claim = ex.event("The Velsarian army strikes only legitimate military targets, a spokesman said.")
    event = event_of(claim)
    assert (event.actor_party, event.polarity) == ("Velsaria", Polarity.DENIED)
    assert event.action_class == ActionClass.TARGETING_CIVILIANS


@pytest.mark.parametrize(
    "text",
    [
        "Our army responds only to the sources of fire, the Kestrian Ministry of Defence said.",
        "The Kestrian Ministry of Defence said its forces had only returned fire.",
    ],
)
def test_a_response_to_fire_denies_an_attack(ex: Extractor, text: str) -> None:
    event = event_of(ex.event(text))
    assert (event.actor_party, event.polarity) == ("Kestria", Polarity.DENIED)


@pytest.mark.parametrize(
    "text",
    [
        "Velsarian units opened mortar and heavy machine-gun fire on outposts near Kolmo.",
        "Velsarian formations fired a salvo of rockets at Kolmo.",
        "The Velsarian command deliberately fires at Kolmo every night.",
    ],
)
def test_units_and_light_verbs_name_the_attacker(ex: Extractor, text: str) -> None:
    event = event_of(ex.event(text))
    assert (event.actor_party, event.polarity) == ("Velsaria", Polarity.ASSERTED)


def test_a_light_verb_with_another_object_is_no_attack(ex: Extractor) -> None:
    found = ex.events("Kestrian police opened an investigation into the attack on Kolmo.")
    assert [event_of(c).actor_party for c in found] != ["Kestria"]


def test_a_weapon_used_as_an_instrument_stays_part_of_the_attack(ex: Extractor) -> None:
    found = ex.events("Velsarian forces attack Kolmo almost daily using missiles and artillery shelling.")
    assert len(found) == 1
    assert event_of(found[0]).actor_party == "Velsaria"


def test_part_of_a_counted_whole(ex: Extractor) -> None:
    found = ex.figures("Two of the 9 wounded died later in hospital, the Kestrian Ministry of Defence said.")
    assert sorted((m, v) for m, _, v in counts(found)) == [("injured", 9), ("killed", 2)]


def test_a_group_that_is_its_own_party_acts_like_an_armed_group(tmp_path: Path) -> None:
    world = tmp_path / "world.yaml"
    world.write_text(
        "countries:\n  - name: Norland\n    adjectives: [Norlandic]\n"
        "organisations:\n"
        "  - name: Free Hills Front\n    type: group\n    aliases: [FHF]\n    party: Free Hills Front\n"
        "  - name: Hill Voice\n    type: media\n    party: Free Hills Front\n",
        encoding="utf-8",
    )
    ex = Extractor(build_nlp(data=[str(world)]))
    for text in ("The Free Hills Front shelled Dalby.", "The attack bore the hallmarks of the FHF."):
        assert event_of(ex.event(text)).actor_party == "Free Hills Front"
    assert ex.events("Hill Voice shelled Dalby.") == []  # an outlet of the group is not an armed actor


def test_each_claim_takes_the_places_of_its_own_clause(ex: Extractor) -> None:
    text = "Shelling killed 4 civilians in Kolmo, while 2 soldiers were wounded in Pellin, the ministry said."
    places = {value_of(c): [p.name for p in figure_of(c).places] for c in ex.figures(text)}
    assert places == {4: ["Kolmo"], 2: ["Pellin"]}


@pytest.mark.parametrize(
    "text",
    [
        "We call on the Government of Velsaria to stop all attacks on medical facilities.",
        "The Ombudsman urged the Velsarian army to release all abducted civilians immediately.",
        "The Velsarian command will claim again that it struck militants.",
    ],
)
def test_calls_and_foretold_claims_assert_no_act(ex: Extractor, text: str) -> None:
    assert ex.events(text) == []
    assert len(ex.events(f"{text} Velsarian forces shelled Kolmo on Tuesday.")) == 1


def test_a_repeated_denial_rebuts_the_same_allegation(ex: Extractor) -> None:
    text = (
        "On Thursday Velsaria rejected a report by the Observatory that said cluster munitions were used "
        "in an attack on Kolmo.\n\n"
        'In comments carried by state television, a Foreign Ministry spokesman slammed the "fake reports" '
        "about Kolmo."
    )
    denials = [c for c in ex.events(text) if event_of(c).polarity == Polarity.DENIED]
    assert len(denials) == 2
    assert {event_of(c).actor_party for c in denials} == {"Velsaria"}
    assert "fake reports" in denials[1].evidence.text


def test_a_body_takes_the_country_named_before_it_not_after(ex: Extractor) -> None:
    text = (
        "Defence Ministry rejects Kestrian claim of cluster munition use\n\n"
        "The Ministry of Defence of Velsaria on Tuesday rejected the claim by Kestrian officials that Velsarian "
        "artillery had fired cluster munitions at Kolmo."
    )
    headline = ex.claims(text, publisher="Velsarian State News", side="Velsaria")
    denied = [c for c in headline if c.event is not None and event_of(c).polarity == Polarity.DENIED]
    assert denied and all(event_of(c).actor_party == "Velsaria" for c in denied)


def test_bare_numbers_after_a_count_count_the_same_things(ex: Extractor) -> None:
    text = (
        "The monitors attribute 598 of the civilian deaths to strikes by Velsarian forces and 19 to fire by "
        "Kestrian forces; they have been unable to attribute 24."
    )
    assert [(m, v) for m, _, v in counts(ex.figures(text))] == [
        ("killed", 598),
        ("killed", 19),
        ("killed", 24),
    ]


def test_a_breakdown_after_a_measure_phrase_keeps_its_own_measure(ex: Extractor) -> None:
    text = "Of the civilians killed, 131 were women; of those injured, 421 were women and 249 were children."
    assert ("injured", "women", 421) in counts(ex.figures(text))


@pytest.mark.parametrize(
    ("text", "target", "action"),
    [
        (
            "We demand that Velsaria release the detainees, Teodor Brask said.",
            "Velsaria",
            "release the detainees",
        ),
        (
            "Kestria demanded that the Velsarian authorities stop the shelling of Kolmo.",
            "Velsarian authorities",
            "stop the shelling of Kolmo",
        ),
        (
            "The ministry called on Velsaria to stop the shelling, Teodor Brask said.",
            "Velsaria",
            "stop the shelling",
        ),
    ],
)
def test_demand_that_names_the_subject_and_leaves_out_the_attribution(
    ex: Extractor, text: str, target: str, action: str
) -> None:
    (claim,) = ex.demands(text)
    assert claim.demand is not None
    assert target in (claim.demand.target or "")
    assert claim.demand.action == action


def test_a_propaganda_outlet_is_a_negative_characterisation(ex: Extractor) -> None:
    (claim,) = ex.characterizations("Velsaria described the Observatory as a propaganda outlet.")
    assert claim.characterization is not None
    assert str(claim.characterization.valence) == "negative"
    assert speaker_of(claim) == "Velsaria"


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("OSTRELL/DRAVON, May 16 (Kestpress) – Velsarian shelling killed 4 civilians in Kolmo.", ["Kolmo"]),
        ("Ostrell, 5 May (Kestpress) – Velsarian shelling killed 9 civilians, the ministry said.", []),
        ("Velsarian shelling killed 9 civilians in Ostrell - the capital - on Monday.", ["Ostrell"]),
    ],
)
def test_a_dateline_is_where_the_story_was_filed_not_where_it_happened(
    ex: Extractor, text: str, places: list[str]
) -> None:
    (claim,) = ex.figures(text)
    assert [p.name for p in figure_of(claim).places] == places


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("The ministry blamed the bombing of the market on Velsarian artillery.", "Velsaria"),
        ("Kestria blamed the shelling of Kolmo on Velsaria.", "Velsaria"),
        ("Residents attributed the burning of the houses to Kestrian soldiers.", "Kestria"),
    ],
)
def test_blaming_an_act_on_an_actor_names_the_actor_not_the_blamer(
    ex: Extractor, text: str, party: str
) -> None:
    event = event_of(ex.event(text))
    assert (event.actor_party, event.polarity) == (party, Polarity.ASSERTED)


@pytest.mark.parametrize(
    "text",
    [
        "Kestria condemned the shelling of Dunmere.",
        "Velsaria said the shelling continued all night.",
        "The Kestrian ministry reported the shelling of Kolmo.",
    ],
)
def test_who_condemns_or_reports_an_act_is_not_its_actor(ex: Extractor, text: str) -> None:
    events = ex.events(f"{text} Velsarian forces shelled Kolmo on Tuesday.")
    assert [event_of(c).actor_party for c in events] == ["Velsaria"]  # only the allegation after the trap


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("Velsaria is deliberately bombing residential areas, Mira Ostani said.", "Velsaria"),
        ("Kestrian forces are shelling Kolmo, the governor said.", "Kestria"),
    ],
)
def test_an_act_in_the_progressive_is_active_not_passive(ex: Extractor, text: str, party: str) -> None:
    event = event_of(ex.event(text))
    assert (event.actor_party, event.polarity) == (party, Polarity.ASSERTED)


def test_a_speaker_is_not_the_subject_of_a_clause_that_has_its_own(ex: Extractor) -> None:
    # "soldiers" names no side, so no actor can be given: the speaker must not become the actor
    assert ex.events("Velsaria says soldiers are burning houses in Kolmo.") == []
    event = event_of(ex.event("Velsaria said its forces had destroyed four Kestrian tanks near Kolmo."))
    assert event.actor_party == "Velsaria"


def test_each_side_reporting_strikes_by_the_other_gives_both_sides(ex: Extractor) -> None:
    text = "Kestria and Velsaria traded fire. Each side reported drone strikes by the other near Kolmo."
    events = [event_of(c) for c in ex.events(text) if "drone" in c.evidence.text]
    assert sorted(e.actor_party or "" for e in events) == ["Kestria", "Velsaria"]


def test_the_subject_of_subjected_reaches_over_a_long_list_of_places(ex: Extractor) -> None:
    text = (
        "Kestrian armed forces subjected Kolmo, Pellin and several villages of the Orlen valley to shelling."
    )
    assert event_of(ex.event(text)).actor_party == "Kestria"


def test_targets_as_the_object_of_a_strike_are_not_an_act_of_targeting(ex: Extractor) -> None:
    events = ex.events("The Velsarian army said it struck Kestrian targets near Kolmo.")
    assert [event_of(c).actor_party for c in events] == ["Velsaria"]
    assert (
        event_of(ex.event("Kestrian artillery shelled Kolmo to target civilians.")).actor_party == "Kestria"
    )


def test_a_capital_speaks_and_is_accused_for_its_government(ex: Extractor) -> None:
    claim = ex.event("Ostrell accused Dravon of shelling Kolmo on Tuesday.")
    assert claim.speaker is not None
    assert (claim.speaker.party, event_of(claim).actor_party) == ("Kestria", "Velsaria")


def test_a_weapon_used_in_the_attack_is_still_an_allegation(ex: Extractor) -> None:
    # "the attack" after the weapon is a noun, not the verb that would make the weapon its mere instrument
    event = event_of(ex.event("Kestria accused Velsaria of using cluster munitions in the attack on Kolmo."))
    assert (event.actor_party, event.action_class, event.weapon) == (
        "Velsaria",
        ActionClass.WEAPON_USE,
        "cluster",
    )


def test_the_subject_of_a_passive_accusation_is_the_accused_not_a_speaker(ex: Extractor) -> None:
    claim = ex.event("Velsarian forces were accused of shelling Kolmo.")
    assert event_of(claim).actor_party == "Velsaria"
    assert claim.speaker is None or claim.speaker.party != "Velsaria"


@pytest.mark.parametrize(
    "text",
    [
        "Kestria accused Velsaria of the shelling of Kolmo.",
        "Velsaria was blamed for the shelling of Kolmo, Kestrian officials said.",
    ],
)
def test_an_act_named_by_a_noun_is_the_accused_ones(ex: Extractor, text: str) -> None:
    event = event_of(ex.event(text))
    assert (event.actor_party, event.polarity) == ("Velsaria", Polarity.ASSERTED)


def test_an_events_quoted_words_occur_once_in_the_document(ex: Extractor) -> None:
    text = (
        "Rockets fired at Kolmo killed two. "
        "The rockets appear to have been fired from Velsarian positions, the Observatory said."
    )
    extraction = ex.extraction(text)
    events = [c for c in extraction.claims if c.event is not None]
    assert events
    for claim in events:
        assert text.lower().count(claim.evidence.text.lower()) == 1, claim.evidence.text
        assert text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
