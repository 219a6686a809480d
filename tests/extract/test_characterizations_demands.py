"""Characterisations (speaker → actor, words, valence) and demands (speaker calls on a target to act)."""

from __future__ import annotations

import pytest

from audiatur.domain import Valence

from .helpers import Extractor, characterization_of, demand_of, speaker_of

ICHO = "International Civilian Harm Observatory"
FORUM = "Regional Human Rights Forum"

# ------------------------------------------------------------------------------------------ characterisations


@pytest.mark.parametrize(
    ("text", "speaker", "target", "target_party", "words", "valence"),
    [
        (
            "“The Observatory is biased,” Mira Ostani said.",
            "Mira Ostani",
            ICHO,
            "independent",
            "biased",
            Valence.NEGATIVE,
        ),
        (
            "Mira Ostani said that the International Civilian Harm Observatory was biased.",
            "Mira Ostani",
            ICHO,
            "independent",
            "biased",
            Valence.NEGATIVE,
        ),
        (
            "According to Mira Ostani, the International Civilian Harm Observatory is biased.",
            "Mira Ostani",
            ICHO,
            "independent",
            "biased",
            Valence.NEGATIVE,
        ),
        (
            "“The Regional Human Rights Forum is a pro-Velsarian organisation,” Liv Carrander said.",
            "Liv Carrander",
            FORUM,
            "independent",
            "pro-Velsarian organisation",
            Valence.NEGATIVE,
        ),
        (
            "“Kestpress is a fake news agency,” Dren Sabatari said.",
            "Dren Sabatari",
            "Kestpress",
            "Kestria",
            "fake",
            Valence.NEGATIVE,
        ),
        (
            "“Kestpress is a mouthpiece of the Kestrian government,” Mira Ostani said.",
            "Mira Ostani",
            "Kestpress",
            "Kestria",
            "mouthpiece",
            Valence.NEGATIVE,
        ),
        (
            "Liv Carrander said that the Regional Human Rights Forum was impartial and professional.",
            "Liv Carrander",
            FORUM,
            "independent",
            "impartial and professional",
            Valence.POSITIVE,
        ),
        (
            "“The Regional Human Rights Forum is impartial and professional,” Liv Carrander said.",
            "Liv Carrander",
            FORUM,
            "independent",
            "impartial and professional",
            Valence.POSITIVE,
        ),
    ],
)
def test_characterization_speaker_target_words_valence(
    ex: Extractor, text: str, speaker: str, target: str, target_party: str, words: str, valence: Valence
) -> None:
    (claim,) = ex.characterizations(text)
    found = characterization_of(claim)
    assert speaker_of(claim) == speaker
    assert (found.target, found.target_party, found.words, found.valence) == (
        target,
        target_party,
        words,
        valence,
    )


def test_characterization_needs_a_named_target(ex: Extractor) -> None:
    text = "The report is biased. “The Observatory is biased,” Mira Ostani said."
    assert [characterization_of(c).target for c in ex.characterizations(text)] == [ICHO]


@pytest.mark.parametrize(
    ("publisher", "expected"),
    [
        ("Regional Human Rights Forum", [("Velsaria", ICHO)]),
        ("Meridian", [("Meridian", FORUM), ("Velsaria", ICHO)]),
    ],
)
def test_characterization_of_the_speaker_itself_is_not_a_claim(
    ex: Extractor, publisher: str, expected: list[tuple[str, str]]
) -> None:
    text = (
        "The Regional Human Rights Forum is an impartial and professional body. "
        "Velsaria says that the International Civilian Harm Observatory is biased."
    )
    claims = ex.characterizations(text, publisher=publisher)
    assert [(speaker_of(c), characterization_of(c).target) for c in claims] == expected


# --------------------------------------------------------------------------------------------------- demands


@pytest.mark.parametrize(
    ("text", "target", "target_party", "action"),
    [
        (
            "We call on the International Civilian Harm Observatory to visit Pellin.",
            ICHO,
            "independent",
            "visit Pellin",
        ),
        (
            "We urge Velsaria to respect international humanitarian law.",
            "Velsaria",
            "Velsaria",
            "respect international humanitarian law",
        ),
        (
            "We call on Velsaria to release the detained journalists immediately.",
            "Velsaria",
            "Velsaria",
            "release the detained journalists immediately",
        ),
        (
            "We call on the Regional Human Rights Forum to condemn the shelling of Pellin. "
            "The Forum has been silent.",
            FORUM,
            "independent",
            "condemn the shelling of Pellin",
        ),
    ],
)
def test_demand_in_an_authors_own_voice(
    ex: Extractor, text: str, target: str, target_party: str, action: str
) -> None:
    (claim,) = ex.demands(text, publisher="Human Rights Commissioner of Kestria", side="kestrian")
    demand = demand_of(claim)
    assert speaker_of(claim) == "Human Rights Commissioner of Kestria"
    assert (demand.target, demand.target_party, demand.action) == (target, target_party, action)


def test_demand_after_a_named_speakers_frame(ex: Extractor) -> None:
    text = (
        "Liv Carrander said the shelling was unacceptable and called on the International Civilian Harm "
        "Observatory to send a team to Pellin."
    )
    (claim,) = ex.demands(text)
    assert speaker_of(claim) == "Liv Carrander"
    assert (demand_of(claim).target, demand_of(claim).action) == (ICHO, "send a team to Pellin")
    assert claim.evidence.text.startswith("called on the International Civilian Harm")


def test_demand_on_both_sides_gives_one_claim_per_side(ex: Extractor) -> None:
    text = "Kestria and Velsaria fought on. We call on both sides to stop shelling towns."
    claims = ex.demands(text, publisher=ICHO)
    assert sorted((demand_of(c).target, demand_of(c).target_party) for c in claims) == [
        ("Kestria", "Kestria"),
        ("Velsaria", "Velsaria"),
    ]
    assert {speaker_of(c) for c in claims} == {ICHO}
    assert {demand_of(c).action for c in claims} == {"stop shelling towns"}


@pytest.mark.parametrize(
    "text",
    [
        "Velsarian forces shelled Kolmo on Tuesday.",
        "The Observatory is independent of both governments.",
        "Kestria has asked twice whether the talks will resume.",
    ],
)
def test_demand_not_found_without_a_call(ex: Extractor, text: str) -> None:
    # paired with a real demand, so this cannot pass with demands switched off
    claims = ex.demands(f"{text} We call on Velsaria to stop the shelling.", publisher=ICHO)
    assert [demand_of(c).target for c in claims] == ["Velsaria"]


@pytest.mark.parametrize(
    "text",
    [
        "Kestria praised the Observatory for its impartial work.",
        "Kestria praised the Observatory's impartial work.",
        "Mira Ostani commended the Observatory for its professionalism.",
    ],
)
def test_praising_an_actor_is_a_positive_characterisation(ex: Extractor, text: str) -> None:
    (claim,) = ex.characterizations(text)
    assert claim.characterization is not None
    assert str(claim.characterization.valence) == "positive"
    assert "Observatory" in claim.characterization.target


def test_praising_something_that_is_not_an_actor_characterises_no_one(ex: Extractor) -> None:
    assert ex.characterizations("Kestria praised the ceasefire agreement.") == []


def test_a_description_in_quotation_marks_names_its_target(ex: Extractor) -> None:
    (claim,) = ex.characterizations('Mira Ostani called the Observatory "a mouthpiece of Ostrell".')
    described = characterization_of(claim)
    assert described.target == "International Civilian Harm Observatory"
    assert str(described.valence) == "negative"
