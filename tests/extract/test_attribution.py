"""Who speaks: reporting frames, quotes, titles, later mentions, collective statements, headlines, voice."""

from __future__ import annotations

import pytest

from audiatur.domain import ActorType, Attribution

from .helpers import Extractor, counts, speaker_of, value_of

# ------------------------------------------------------------------------------------------- frames


@pytest.mark.parametrize(
    ("text", "speaker", "attribution"),
    [
        ("Eleven civilians were killed in Harvik, Jorun Halle said.", "Jorun Halle", Attribution.INDIRECT),
        ("Eleven civilians were killed in Harvik, said Jorun Halle.", "Jorun Halle", Attribution.INDIRECT),
        ("Jorun Halle said eleven civilians were killed in Harvik.", "Jorun Halle", Attribution.INDIRECT),
        ("Jorun Halle said that eleven civilians were killed.", "Jorun Halle", Attribution.INDIRECT),
        (
            "According to Jorun Halle, eleven civilians were killed in Harvik.",
            "Jorun Halle",
            Attribution.ACCORDING_TO,
        ),
        (
            "According to the Velsarian Ministry of Health, 23 people were wounded.",
            "Ministry of Health of Velsaria",
            Attribution.ACCORDING_TO,
        ),
        (
            "The Ministry of Defence of Kestria said in a statement that 8 soldiers were killed.",
            "Ministry of Defence of Kestria",
            Attribution.INDIRECT,
        ),
        (
            "Eleven civilians were killed, the Velsarian Ministry of Health said in a statement.",
            "Ministry of Health of Velsaria",
            Attribution.INDIRECT,
        ),
        (
            "The Velsarian Ministry of Health reported that eleven civilians had been killed.",
            "Ministry of Health of Velsaria",
            Attribution.INDIRECT,
        ),
        ("In addition, the ministry said, 12 houses were destroyed.", "ministry", Attribution.INDIRECT),
        (
            "The International Civilian Harm Observatory said at least 52 civilians had been killed.",
            "International Civilian Harm Observatory",
            Attribution.INDIRECT,
        ),
    ],
)
def test_attribution_reporting_frames(
    ex: Extractor, text: str, speaker: str, attribution: Attribution
) -> None:
    claim = ex.figure(text)
    assert speaker_of(claim) == speaker
    assert claim.attribution == attribution


def test_attribution_told_an_outlet_keeps_the_speaker_not_the_outlet(ex: Extractor) -> None:
    claim = ex.figure("Mira Ostani told Meridian that 15 civilians had been killed.")
    assert speaker_of(claim) == "Mira Ostani"
    assert claim.speaker is not None and claim.speaker.party == "Velsaria"


def test_attribution_citing_makes_the_origin_the_speaker(ex: Extractor) -> None:
    claim = ex.figure("Eleven civilians were killed, Meridian said, citing the Velsarian Ministry of Health.")
    assert speaker_of(claim) == "Ministry of Health of Velsaria"


def test_attribution_citing_data_keeps_the_speaker(ex: Extractor) -> None:
    claim = ex.figure(
        "Eleven civilians were killed, the Velsarian Ministry of Health said, citing hospital data."
    )
    assert speaker_of(claim) == "Ministry of Health of Velsaria"


def test_attribution_two_speakers_in_one_sentence(ex: Extractor) -> None:
    claims = ex.figures(
        "Velsarian officials said 19 civilians were killed, while Kestrian officials put the toll at 4."
    )
    assert [(value_of(c), speaker_of(c)) for c in claims] == [
        (19, "Velsarian officials"),
        (4, "Kestrian officials"),
    ]
    assert [c.speaker.party if c.speaker else None for c in claims] == ["Velsaria", "Kestria"]


def test_attribution_each_sentence_has_its_own_speaker(ex: Extractor) -> None:
    text = (
        "The Kestrian Ministry of Defence said 4 soldiers were killed. "
        "Velsaria claimed that 40 Kestrian soldiers had been killed."
    )
    assert [(value_of(c), speaker_of(c)) for c in ex.figures(text)] == [
        (4, "Ministry of Defence of Kestria"),
        (40, "Velsaria"),
    ]


def test_attribution_adding_that_keeps_the_speaker(ex: Extractor) -> None:
    text = (
        "Velsarian rockets killed 14 people, the Kestrian Ministry of Defence said on Sunday, "
        "adding that 30 were wounded."
    )
    assert [speaker_of(c) for c in ex.figures(text)] == ["Ministry of Defence of Kestria"] * 2


def test_attribution_according_to_carries_on_through_its_paragraph_only(ex: Extractor) -> None:
    text = (
        "According to the Velsarian Ministry of Health, 23 people were wounded in Mirzal.\n\n"
        "Six people were killed in Kavrel."
    )
    claims = ex.figures(text)
    assert [(value_of(c), speaker_of(c)) for c in claims] == [
        (23, "Ministry of Health of Velsaria"),
        (6, None),
    ]
    assert claims[1].attribution == Attribution.UNATTRIBUTED


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The Velsarian authorities' statement that 17 civilians had been killed was rejected in Ostrell.",
            "Velsarian authorities",
        ),
        (
            "Kestria rejected the Velsarian Ministry of Health's claim that 17 civilians had been killed.",
            "Ministry of Health of Velsaria",
        ),
        ("Velsaria's assertion that 17 civilians had been killed could not be verified.", "Velsaria"),
    ],
)
def test_attribution_nominal_frame_names_the_origin(ex: Extractor, text: str, speaker: str) -> None:
    claim = ex.figure(text)
    assert speaker_of(claim) == speaker
    assert claim.speaker is not None and claim.speaker.party == "Velsaria"


# ------------------------------------------------------------------------------------- direct quotes


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“Nine civilians were killed overnight,” Dren Sabatari said.", "Dren Sabatari"),
        ('"Nine civilians were killed overnight," said Colonel Dren Sabatari.', "Dren Sabatari"),
        ('Jorun Halle said: "Nine civilians were killed overnight."', "Jorun Halle"),
        ("“Nine civilians were killed overnight,” the spokesman said.", "spokesman"),
    ],
)
def test_attribution_direct_quote(ex: Extractor, text: str, speaker: str) -> None:
    claim = ex.figure(text)
    assert (speaker_of(claim), claim.attribution) == (speaker, Attribution.DIRECT_QUOTE)


def test_attribution_quote_after_an_attributed_quote_inherits_its_speaker(ex: Extractor) -> None:
    text = (
        '"Nine civilians were killed overnight," said Jorun Halle, the mayor of Harvik. '
        '"Another 30 were wounded."'
    )
    claims = ex.figures(text)
    assert [(value_of(c), speaker_of(c)) for c in claims] == [(9, "Jorun Halle"), (30, "Jorun Halle")]


def test_attribution_quote_continues_into_the_next_paragraph(ex: Extractor) -> None:
    text = (
        "“Our data show that 31 civilians have been killed,” Marit Envald said.\n\n"
        "“A further 80 were wounded.”"
    )
    claims = ex.figures(text)
    assert [(value_of(c), speaker_of(c)) for c in claims] == [(31, "Marit Envald"), (80, "Marit Envald")]
    assert {c.attribution for c in claims} == {Attribution.DIRECT_QUOTE}


# ------------------------------------------------------------------------- actors, titles, later mentions


@pytest.mark.parametrize(
    "text",
    [
        "Dren Sabatari, spokesman of the Velsarian Ministry of Defence, said that 5 soldiers were wounded.",
        "Colonel Dren Sabatari said that 5 soldiers were wounded.",
        "Velsarian defence spokesman Dren Sabatari said that 5 soldiers were wounded.",
    ],
)
def test_attribution_speaker_resolves_to_the_known_actor(ex: Extractor, text: str) -> None:
    speaker = ex.figure(text).speaker
    assert speaker is not None
    assert (speaker.name, speaker.type, speaker.party) == ("Dren Sabatari", ActorType.PERSON, "Velsaria")
    assert speaker.role is not None and "spokesman" in speaker.role


@pytest.mark.parametrize(
    "text",
    [
        "Harvik's mayor Jorun Halle said 9 civilians were killed.",
        "Harvik mayor Jorun Halle said 9 civilians were killed.",
        "The mayor of Harvik, Jorun Halle, said 9 civilians were killed.",
        "Jorun Halle, who heads the city administration, said 9 civilians were killed.",
    ],
)
def test_attribution_speaker_behind_a_title_or_relative_clause(ex: Extractor, text: str) -> None:
    assert speaker_of(ex.figure(text)) == "Jorun Halle"


def test_attribution_long_appositive_title_before_the_name(ex: Extractor) -> None:
    text = (
        "Assistant to the President of Kestria - Head of the Foreign Policy Department of the Presidential "
        "Administration Teodor Brask said 9 civilians had been killed."
    )
    extraction = ex.extraction(text)
    (claim,) = extraction.claims
    assert claim.speaker is not None
    assert (claim.speaker.name, claim.speaker.party) == ("Teodor Brask", "Kestria")
    (statement,) = extraction.statements
    assert statement.speaker.role is not None
    assert statement.speaker.role.startswith(
        "Assistant to the President of Kestria - Head of the Foreign Policy"
    )


def test_attribution_unknown_person_keeps_the_role_from_apposition(ex: Extractor) -> None:
    extraction = ex.extraction(
        "Ingrid Maalsen, a nurse at the Kolmo clinic, said three children had been wounded."
    )
    (statement,) = extraction.statements
    assert (statement.speaker.name, statement.speaker.type) == ("Ingrid Maalsen", ActorType.PERSON)
    assert statement.speaker.role == "a nurse at the Kolmo clinic"
    assert statement.mention == "Ingrid Maalsen"


@pytest.mark.parametrize(
    ("second", "mention"),
    [
        ("He added that 40 houses were destroyed.", "He"),
        ("The official added that 40 houses were destroyed.", "The official"),
        ("Aldesh added that 40 houses were destroyed.", "Aldesh"),
    ],
)
def test_attribution_later_mentions_resolve_to_the_named_speaker(
    ex: Extractor, second: str, mention: str
) -> None:
    extraction = ex.extraction(f"Corvin Aldesh said 17 civilians had been killed. {second}")
    assert [speaker_of(c) for c in extraction.claims] == ["Corvin Aldesh", "Corvin Aldesh"]
    assert mention in {s.mention for s in extraction.statements}


def test_attribution_role_noun_resolves_to_the_named_colonel(ex: Extractor) -> None:
    text = (
        "Ansel Vidmark said four soldiers were killed. "
        "Two civilians were also wounded in Pellin, the colonel said."
    )
    assert [speaker_of(c) for c in ex.figures(text)] == ["Ansel Vidmark", "Ansel Vidmark"]


def test_attribution_pronoun_after_a_paragraph_break(ex: Extractor) -> None:
    text = (
        "Marit Envald said on Monday that the toll was rising.\n\n"
        "“31 civilians have been killed and 80 wounded,” she said."
    )
    claims = ex.figures(text)
    assert [(value_of(c), speaker_of(c)) for c in claims] == [(31, "Marit Envald"), (80, "Marit Envald")]


def test_attribution_group_speaker_takes_its_party_and_type(ex: Extractor) -> None:
    speaker = ex.figure("Kestrian officials said 9 civilians were killed.").speaker
    assert speaker is not None
    assert (speaker.party, speaker.type) == ("Kestria", ActorType.GROUP)


# ---------------------------------------------------------------------------------- collective statements

COLLECTIVE = """Kestrian human rights NGOs have issued a joint statement on the shelling of Pellin.

The statement reads:

Since the start of the war, 210 civilians have been killed and 74 homes have been destroyed.

Signed by:

Hedda Lorvik – Kestrian Society for the Rights of Women;

Oskar Thelander – Centre for Civic Monitoring;

Britt Sandeval – Pellin Legal Aid Bureau."""


def test_attribution_collective_statement_speaks_for_the_issuing_body(ex: Extractor) -> None:
    claims = ex.figures(COLLECTIVE)
    assert counts(claims) == [("killed", "civilians", 210), ("destroyed", "buildings", 74)]
    assert {speaker_of(c) for c in claims} == {"Kestrian human rights NGOs"}
    assert {c.speaker.party for c in claims if c.speaker} == {"Kestria"}


def test_attribution_collective_statement_records_its_signatories(ex: Extractor) -> None:
    extraction = ex.extraction(COLLECTIVE)
    (statement,) = [s for s in extraction.statements if s.signatories]
    assert [a.name for a in statement.signatories] == ["Hedda Lorvik", "Oskar Thelander", "Britt Sandeval"]
    assert [a.affiliation for a in statement.signatories] == [
        "Kestrian Society for the Rights of Women",
        "Centre for Civic Monitoring",
        "Pellin Legal Aid Bureau",
    ]
    assert {"Hedda Lorvik", "Britt Sandeval"} <= {a.name for a in extraction.actors}


# ------------------------------------------------------------------------------ headlines and document voice


def test_attribution_headline_speaker_after_a_dash(ex: Extractor) -> None:
    text = (
        "Velsarian strikes killed 12 civilians in Harvik - Kestrian Defence Ministry\n\n"
        "Rescue teams worked through the night."
    )
    claim = ex.figure(text)
    assert speaker_of(claim) == "Ministry of Defence of Kestria"
    assert claim.attribution == Attribution.INDIRECT


def test_attribution_headline_speaker_before_a_colon(ex: Extractor) -> None:
    text = "Ministry of Health of Velsaria: 40 houses destroyed in Tamesh\n\nRescue teams worked all night."
    claim = ex.figure(text, publisher="Velsarian Telegraph Agency", side="velsarian")
    assert speaker_of(claim) == "Ministry of Health of Velsaria"


def test_attribution_author_publisher_speaks_in_its_own_document(ex: Extractor) -> None:
    claim = ex.figure(
        "Three civilians were killed in Pellin on Sunday.", publisher="Human Rights Commissioner of Kestria"
    )
    assert speaker_of(claim) == "Human Rights Commissioner of Kestria"
    assert claim.attribution == Attribution.DOCUMENT_AUTHOR


def test_attribution_author_publisher_speaks_in_the_first_person(ex: Extractor) -> None:
    text = "Our volunteers have registered 64 displaced families in Ostrell since 2 May."
    claim = ex.figure(text, publisher="Kestrian Society for the Rights of Women", side="kestrian")
    assert speaker_of(claim) == "Kestrian Society for the Rights of Women"
    assert claim.attribution == Attribution.DOCUMENT_AUTHOR


@pytest.mark.parametrize("publisher", ["Kestpress", "Meridian"])
def test_attribution_outlet_voice_is_unattributed_but_kept_as_speaker(ex: Extractor, publisher: str) -> None:
    claim = ex.figure("Three civilians were killed in Pellin on Sunday.", publisher=publisher)
    assert speaker_of(claim) == publisher
    assert claim.speaker is not None and claim.speaker.type == ActorType.MEDIA
    assert claim.attribution == Attribution.UNATTRIBUTED


def test_attribution_no_publisher_and_no_frame_has_no_speaker(ex: Extractor) -> None:
    claim = ex.figure("Three civilians were killed in Pellin on Sunday.")
    assert (claim.speaker, claim.attribution) == (None, Attribution.UNATTRIBUTED)


def test_attribution_agentless_report_in_an_authors_document(ex: Extractor) -> None:
    claim = ex.figure(
        "It is noted that 12 houses were destroyed.", publisher="Human Rights Commissioner of Kestria"
    )
    assert speaker_of(claim) == "Human Rights Commissioner of Kestria"


def test_attribution_named_speaker_wins_over_the_publisher(ex: Extractor) -> None:
    claim = ex.figure("Eleven civilians were killed in Harvik, Jorun Halle said.", publisher="Meridian")
    assert speaker_of(claim) == "Jorun Halle"


def test_attribution_statement_spans_the_speakers_words(ex: Extractor) -> None:
    text = "Eleven civilians were killed in Harvik, Jorun Halle said."
    extraction = ex.extraction(text)
    (statement,) = extraction.statements
    (claim,) = extraction.claims
    assert claim.statement_id == statement.id
    assert statement.evidence.start <= claim.evidence.start < claim.evidence.end <= statement.evidence.end
    assert text[statement.evidence.start : statement.evidence.end] == statement.evidence.text


@pytest.mark.parametrize(
    "text",
    [
        "Velsarian shelling killed 9 civilians in Kolmo, the ministry said.",
        "The ministry said Velsarian missile strikes killed 9 civilians in Kolmo.",
        "Velsarian forces shelled Kolmo. The health ministry said 9 civilians were killed.",
    ],
)
def test_a_country_that_names_the_attacker_does_not_give_the_speaking_body_its_side(
    ex: Extractor, text: str
) -> None:
    (claim,) = ex.figures(text)
    assert claim.speaker is not None
    assert claim.speaker.party != "Velsaria"  # the ministry counting the victims is not the attacker's


def test_a_country_that_names_whose_side_speaks_still_does(ex: Extractor) -> None:
    claim = ex.figure(
        "On the Kestrian side, the ministry said 4 civilians were killed by Velsarian shelling."
    )
    assert claim.speaker is not None and claim.speaker.party == "Kestria"
