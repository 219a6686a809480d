"""Event claims: allegations, denials, actors and parties, weapons, both sides, rebuttals, modality, traps."""

from __future__ import annotations

from datetime import date

import pytest

from audiatur.domain import ActionClass, Modality, Polarity

from .helpers import Extractor, event_of, speaker_of

# A genuine allegation follows each trap, so "no event from the trap" cannot pass with events switched off.
ALLEGATION = "Velsarian forces shelled Kolmo on Tuesday."

# ------------------------------------------------------------------------------------------- allegations


@pytest.mark.parametrize(
    ("text", "party", "action_class", "speaker"),
    [
        (
            "The Kestrian Ministry of Defence accused Velsaria of shelling Pellin.",
            "Velsaria",
            ActionClass.ATTACK,
            "Ministry of Defence of Kestria",
        ),
        (
            "Kestria accused the Velsarian army of using cluster munitions against Kolmo.",
            "Velsaria",
            ActionClass.WEAPON_USE,
            "Kestria",
        ),
        (
            "Arta Keshmeri accused Kestria of targeting civilians in Tamesh.",
            "Kestria",
            ActionClass.TARGETING_CIVILIANS,
            "Arta Keshmeri",
        ),
        (
            "Kestrian aircraft bombed Kavrel on Tuesday, Mira Ostani said.",
            "Kestria",
            ActionClass.ATTACK,
            "Mira Ostani",
        ),
        (
            "Kestria has committed war crimes in Tamesh, Arta Keshmeri said.",
            "Kestria",
            ActionClass.OTHER,
            "Arta Keshmeri",
        ),
    ],
)
def test_event_allegation_actor_class_and_speaker(
    ex: Extractor, text: str, party: str, action_class: ActionClass, speaker: str
) -> None:
    claim = ex.event(text)
    event = event_of(claim)
    assert (event.actor_party, event.action_class, event.polarity) == (party, action_class, Polarity.ASSERTED)
    assert speaker_of(claim) == speaker


@pytest.mark.parametrize(
    ("text", "action_class"),
    [
        ("Velsarian artillery pounded Pellin overnight.", ActionClass.ATTACK),
        ("Velsarian forces opened fire on Kolmo on Tuesday.", ActionClass.ATTACK),
        ("Velsarian warplanes bombed Kolmo.", ActionClass.ATTACK),
        ("Velsaria carried out airstrikes on Pellin.", ActionClass.ATTACK),
        ("Velsarian forces launched a drone strike on Kolmo.", ActionClass.ATTACK),
        ("Velsarian forces fired at residential areas of Pellin.", ActionClass.TARGETING_CIVILIANS),
        ("The Velsarian army killed six civilians in Pellin.", ActionClass.TARGETING_CIVILIANS),
        ("Velsarian forces abducted five teachers in Kolmo.", ActionClass.OTHER),
    ],
)
def test_event_action_class(ex: Extractor, text: str, action_class: ActionClass) -> None:
    event = event_of(ex.event(text))
    assert (event.actor_party, event.action_class) == ("Velsaria", action_class)


def test_event_target_of_an_attack_on_civilians(ex: Extractor) -> None:
    assert (
        event_of(ex.event("Velsarian forces fired at residential areas of Pellin.")).target
        == "residential areas"
    )


def test_event_places_and_date(ex: Extractor) -> None:
    event = event_of(ex.event("Velsarian forces opened fire on Kolmo on Tuesday."))
    assert [p.id for p in event.places] == ["demo:kolmo"]
    assert event.date == date(2027, 5, 4)  # the Tuesday before publication on Monday 10 May


# --------------------------------------------------------------------------------------------------- weapons


@pytest.mark.parametrize(
    ("text", "weapon"),
    [
        ("Kestria accused the Velsarian army of using cluster munitions against Kolmo.", "cluster"),
        ("The Kestrian army used M095 DPICM cluster munitions in Tamesh.", "cluster"),
        ("Kestrian forces fired 9M55K cluster rockets at Mirzal.", "cluster"),
        ("Velsarian forces fired Smerch rockets at Harvik.", "MLRS"),
        ("Kestrian forces fired BM-30 Smerch rockets at Mirzal.", "MLRS"),
        ("Velsarian forces attacked Pellin with Grad rockets.", "MLRS"),
        ("Velsarian forces shelled Kestrian positions with MLRS.", "MLRS"),
        ("Kestrian forces used Smerch multiple rocket launchers against Mirzal.", "MLRS"),
        ("Kestria fired a ballistic missile at Dravon.", "ballistic missile"),
        ("Kestria used Tochka-U ballistic missiles against Mirzal.", "ballistic missile"),
        ("Velsarian drones struck a bus in Kolmo.", "drone"),
        ("Velsarian troops deployed Bayraktar drones against Kolmo.", "drone"),
        ("Kestrian forces used white phosphorus in Tamesh.", "phosphorus"),
        ("Kestria dropped white phosphorus on Brenavë.", "phosphorus"),
        ("Velsarian warplanes bombed Kolmo.", "airstrike"),
        ("Velsarian artillery pounded Pellin overnight.", "artillery"),
    ],
)
def test_event_weapon_from_the_lexicon(ex: Extractor, text: str, weapon: str) -> None:
    assert event_of(ex.event(text)).weapon == weapon


@pytest.mark.parametrize(
    ("text", "weapon"),
    [
        ("Kestria used ballistic missiles against Mirzal.", "ballistic missile"),
        ("Velsarian forces used drones to attack Kolmo.", "drone"),
        ("Kestrian forces used white phosphorus in Tamesh.", "phosphorus"),
        ("The Kestrian army used M095 DPICM cluster munitions in Tamesh.", "cluster"),
    ],
)
def test_event_use_of_a_named_weapon_is_weapon_use(ex: Extractor, text: str, weapon: str) -> None:
    event = event_of(ex.event(text))
    assert (event.action_class, event.weapon) == (ActionClass.WEAPON_USE, weapon)


# ---------------------------------------------------------------------------- passive voice, nominalisations


@pytest.mark.parametrize(
    "text",
    [
        "Kavrel was bombed by Kestrian aircraft.",
        "Tamesh and Mirzal were shelled by the Kestrian army.",
        "Tamesh was shelled by Kestrian artillery on 4 May.",
        "Shelling by Kestrian forces damaged the school in Tamesh.",
        "The use of white phosphorus by Kestria was documented by the Observatory.",
        "The Kestrian army subjected Tamesh to intensive shelling.",
        "Kestria's rocket attacks killed four civilians in Mirzal.",
        "As a result of Kestrian missile strikes, 9 civilians were killed.",
    ],
)
def test_event_passive_and_nominal_acts_name_their_agent(ex: Extractor, text: str) -> None:
    event = event_of(ex.event(text))
    assert (event.actor_party, event.polarity) == ("Kestria", Polarity.ASSERTED)


def test_event_passive_keeps_every_place_hit(ex: Extractor) -> None:
    event = event_of(ex.event("Tamesh and Mirzal were shelled by the Kestrian army."))
    assert [p.name for p in event.places] == ["Tamesh", "Mirzal"]


def test_event_casualty_sentence_naming_the_attacker_is_also_a_figure(ex: Extractor) -> None:
    claims = ex.claims("Kestria's rocket attacks killed four civilians in Mirzal.")
    assert sorted(str(c.kind) for c in claims) == ["event", "figure"]


# --------------------------------------------------------------------------------------------------- denials


@pytest.mark.parametrize(
    ("text", "action_class"),
    [
        ("The Velsarian Ministry of Defence denied using cluster munitions.", ActionClass.WEAPON_USE),
        ("Velsaria denied using cluster munitions in Kolmo.", ActionClass.WEAPON_USE),
        ("Velsaria rejected the claims that its forces had shelled Pellin.", ActionClass.ATTACK),
        (
            "The Velsarian Ministry of Defence refuted reports that its forces had used cluster munitions.",
            ActionClass.WEAPON_USE,
        ),
        ("Dren Sabatari denied that the Velsarian army had used cluster munitions.", ActionClass.WEAPON_USE),
        ("Dren Sabatari said the Velsarian army never used cluster munitions.", ActionClass.WEAPON_USE),
        (
            "The Velsarian army has never targeted civilians, Dren Sabatari said.",
            ActionClass.TARGETING_CIVILIANS,
        ),
        ("The Velsarian army has not used cluster munitions.", ActionClass.WEAPON_USE),
        ("The Velsarian army did not shell Pellin.", ActionClass.ATTACK),
        ("Velsaria does not target civilians.", ActionClass.TARGETING_CIVILIANS),
    ],
)
def test_event_denial(ex: Extractor, text: str, action_class: ActionClass) -> None:
    event = event_of(ex.event(text))
    assert (event.actor_party, event.action_class, event.polarity) == (
        "Velsaria",
        action_class,
        Polarity.DENIED,
    )


def test_event_denial_keeps_the_denier_as_speaker(ex: Extractor) -> None:
    claim = ex.event("Dren Sabatari denied that the Velsarian army had used cluster munitions.")
    assert speaker_of(claim) == "Dren Sabatari"
    assert event_of(claim).weapon == "cluster"


def test_event_denied_involvement(ex: Extractor) -> None:
    event = event_of(ex.event("Velsaria has denied any involvement in the attack on Pellin."))
    assert (event.actor_party, event.polarity) == ("Velsaria", Polarity.DENIED)


@pytest.mark.parametrize(
    "text",
    [
        "The Velsarian MoD said its forces had struck only military targets in Harvik.",
        "The Velsarian army strikes only legitimate military targets, Dren Sabatari said.",
        "Velsarian forces stopped firing to avoid civilian casualties, Dren Sabatari said.",
    ],
)
def test_event_self_description_excluding_the_act_denies_targeting_civilians(
    ex: Extractor, text: str
) -> None:
    denied = [
        (e.actor_party, e.action_class)
        for e in map(event_of, ex.events(text))
        if e.polarity == Polarity.DENIED
    ]
    assert denied == [("Velsaria", ActionClass.TARGETING_CIVILIANS)]


# ----------------------------------------------------------------------------------------- rebuttals


@pytest.mark.parametrize(
    "rebuttal",
    [
        "Velsarian claims about Tamsk are a fabrication, Teodor Brask said.",
        "Teodor Brask said the accusation was false.",
    ],
)
def test_event_rebuttal_denies_the_allegation_it_answers(ex: Extractor, rebuttal: str) -> None:
    text = f"Velsaria accused Kestrian forces of shelling Tamsk. {rebuttal}"
    claims = ex.events(text, publisher="Kestpress", side="kestrian")
    assert [(event_of(c).actor_party, event_of(c).polarity, speaker_of(c)) for c in claims] == [
        ("Kestria", Polarity.ASSERTED, "Velsaria"),
        ("Kestria", Polarity.DENIED, "Teodor Brask"),
    ]
    assert event_of(claims[1]).action_class == event_of(claims[0]).action_class


def test_event_allegation_and_denial_in_one_text_both_kept(ex: Extractor) -> None:
    text = "Velsarian forces shelled Pellin, Kestria said. Velsaria denied shelling Pellin."
    claims = ex.events(text)
    assert [(event_of(c).actor_party, event_of(c).polarity, speaker_of(c)) for c in claims] == [
        ("Velsaria", Polarity.ASSERTED, "Kestria"),
        ("Velsaria", Polarity.DENIED, "Velsaria"),
    ]


# --------------------------------------------------------------------------------------------- both sides


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("Both Kestria and Velsaria accused each other of shelling civilian areas.", Polarity.ASSERTED),
        ("Kestria and Velsaria accused each other of violating the ceasefire.", Polarity.ASSERTED),
        ("Kestrian and Velsarian forces exchanged artillery fire overnight.", Polarity.ASSERTED),
        (
            "Kestria and Velsaria have fought since May. "
            "Both sides accused each other of shelling civilian areas.",
            Polarity.ASSERTED,
        ),
        (
            "Kestria and Velsaria have fought since May. "
            "Both sides exchanged fire along the line of contact.",
            Polarity.ASSERTED,
        ),
        (
            "Kestria and Velsaria have fought since May. "
            "Authorities on both sides denied targeting civilians.",
            Polarity.DENIED,
        ),
    ],
)
def test_event_both_sides_give_one_claim_per_side(ex: Extractor, text: str, polarity: Polarity) -> None:
    events = [event_of(c) for c in ex.events(text)]
    assert sorted(e.actor_party or "" for e in events) == ["Kestria", "Velsaria"]
    assert {e.polarity for e in events} == {polarity}


# ------------------------------------------------------------------------------------------------- modality


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Velsarian forces shelled Kolmo.", Modality.ALLEGED),
        ("Velsarian forces reportedly shelled Kolmo.", Modality.HEDGED),
        ("Velsarian forces possibly used cluster munitions in Kolmo.", Modality.HEDGED),
        ("Rockets appear to have been fired by Velsarian forces.", Modality.HEDGED),
        ("Footage consistent with a Velsarian cluster munition attack emerged.", Modality.HEDGED),
        (
            "The Observatory confirmed that Velsarian forces used cluster munitions in Kolmo.",
            Modality.CONFIRMED,
        ),
        ("The Observatory found that Velsarian forces used cluster munitions in Kolmo.", Modality.CONFIRMED),
    ],
)
def test_event_modality(ex: Extractor, text: str, modality: Modality) -> None:
    event = event_of(ex.event(text))
    assert (event.actor_party, event.polarity, event.modality) == ("Velsaria", Polarity.ASSERTED, modality)


# ---------------------------------------------------------------------- traps: principles, demands, questions


@pytest.mark.parametrize(
    "trap",
    [
        # statements of principle
        "Cluster bombs are banned under international law.",
        "The use of cluster munitions is prohibited under international humanitarian law.",
        "Cluster munitions cause indiscriminate harm to civilians.",
        "The use of cluster munitions is a war crime.",
        # demands and calls
        "We call on Velsaria to stop using cluster munitions.",
        "Kestria urged Velsaria to stop shelling civilian areas.",
        "The Observatory called on Kestria to stop shelling Tamesh.",
        # questions
        "Did Velsaria use cluster munitions?",
        "Why did Velsaria shell Pellin?",
        # conditionals and open questions
        "If Velsaria used cluster munitions, it would be a war crime.",
        "If Velsaria is so worried about civilians, why does it shell Pellin?",
        "Whether Velsarian forces used cluster munitions remains unclear.",
        # a promise about the future only
        "Kestria will not fire on civilian settlements.",
    ],
)
def test_event_trap_asserts_nothing(ex: Extractor, trap: str) -> None:
    claims = ex.events(f"{trap} {ALLEGATION}")
    assert [c.evidence.text for c in claims] == ["Velsarian forces shelled"]
    assert event_of(claims[0]).action_class == ActionClass.ATTACK


@pytest.mark.parametrize(
    "demand",
    [
        "We call on Velsaria to stop using cluster munitions.",
        "Kestria urged Velsaria to stop shelling civilian areas.",
    ],
)
def test_event_demand_is_a_demand_not_an_allegation(ex: Extractor, demand: str) -> None:
    kinds = [str(c.kind) for c in ex.claims(demand)]
    assert kinds == ["demand"]


@pytest.mark.parametrize(
    "text",
    [
        "The Kestrian army does not and will not fire on civilian settlements.",
        "The Kestrian army did not and would never use cluster munitions.",
    ],
)
def test_event_denial_with_a_future_conjunct_is_a_denial(ex: Extractor, text: str) -> None:
    """ "does not and will not fire": the present conjunct denies the act (a bare "will not" only promises)."""
    event = event_of(ex.event(text))
    assert (event.actor_party, event.polarity) == ("Kestria", Polarity.DENIED)
