"""Figure claims: measure, class, number and bound, partitives, lists, tolls, parties, non-figure traps."""

from __future__ import annotations

from datetime import date

import pytest

from audiatur.domain import Bound, Measure, SubjectClass

from .helpers import Extractor, counts, figure_of

# ------------------------------------------------------------------------------------ measures and classes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three civilians went missing after the attack.", [("missing", "civilians", 3)]),
        ("Some 2,000 residents were displaced by the fighting.", [("displaced", "civilians", 2000)]),
        ("Some 3,000 people were evacuated from Pellin.", [("displaced", "people", 3000)]),
        ("120 families were forced to flee their homes.", [("displaced", "civilians", 120)]),
        ("Police detained 14 protesters in Dravon.", [("detained", "people", 14)]),
        ("Two soldiers were taken prisoner.", [("detained", "military", 2)]),
        ("Three journalists were arrested in Dravon.", [("detained", "journalists", 3)]),
        ("Twelve journalists were injured.", [("injured", "journalists", 12)]),
        ("Two civilians sustained injuries.", [("injured", "civilians", 2)]),
        ("14 medics were wounded.", [("injured", "medical", 14)]),
        ("Nine paramedics were killed.", [("killed", "medical", 9)]),
        ("Nine residents lost their lives.", [("killed", "civilians", 9)]),
        ("41 soldiers died and 10 are missing.", [("killed", "military", 41), ("missing", "military", 10)]),
        ("The shelling left 19 civilians dead.", [("killed", "civilians", 19)]),
        ("Eight ambulances were destroyed.", [("destroyed", "vehicles", 8)]),
        (
            "Six trucks and two buses were destroyed.",
            [("destroyed", "vehicles", 6), ("destroyed", "vehicles", 2)],
        ),
        ("Forty residential buildings were damaged.", [("damaged", "buildings", 40)]),
        ("Twenty houses became unusable.", [("damaged", "buildings", 20)]),
        ("A total of 150 civilian objects were damaged.", [("damaged", "facilities", 150)]),
        (
            "Five schools and two hospitals were damaged.",
            [("damaged", "facilities", 5), ("damaged", "facilities", 2)],
        ),
        (
            "Four women and three children were injured.",
            [("injured", "women", 4), ("injured", "children", 3)],
        ),
        ("One civilian was killed.", [("killed", "civilians", 1)]),
    ],
)
def test_figure_measure_and_class(ex: Extractor, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert counts(ex.figures(text)) == expected


def test_figure_keeps_the_counted_words_as_subject(ex: Extractor) -> None:
    figure = figure_of(ex.figure("Two doctors and a nurse were killed."))
    assert (figure.measure, figure.subject_class, figure.value) == (Measure.KILLED, SubjectClass.MEDICAL, 2)
    assert figure.subject.startswith("doctors")


def test_figure_elliptical_subject_takes_the_class_named_before(ex: Extractor) -> None:
    claims = ex.figures("27 civilians were killed and 141 were wounded.")
    assert counts(claims) == [("killed", "civilians", 27), ("injured", "civilians", 141)]
    assert [c.evidence.text for c in claims] == ["27 civilians were killed", "141 were wounded"]


def test_figure_elliptical_subject_after_a_class_noun_with_a_party(ex: Extractor) -> None:
    claims = ex.figures("Four Kestrian soldiers were killed and nine were wounded.")
    assert counts(claims) == [("killed", "military", 4), ("injured", "military", 9)]
    assert [figure_of(c).victim_party for c in claims] == ["Kestria", "Kestria"]


# --------------------------------------------------------------------------------------------------- bounds


@pytest.mark.parametrize(
    ("text", "value", "bound", "quantity"),
    [
        ("At least forty-two soldiers were killed.", 42, Bound.AT_LEAST, "At least forty-two"),
        ("More than two hundred homes were damaged.", 200, Bound.AT_LEAST, "More than two hundred"),
        ("Over 1,000 residents fled Kolmo in 24 hours.", 1000, Bound.AT_LEAST, "Over 1,000"),
        ("Up to 300 houses were destroyed.", 300, Bound.AT_MOST, "Up to 300"),
        ("As many as 60 civilians were wounded.", 60, Bound.AT_MOST, "As many as 60"),
        ("About 1,200 people were displaced.", 1200, Bound.APPROX, "About 1,200"),
        ("Some 200 homes were damaged or destroyed.", 200, Bound.APPROX, "Some 200"),
        ("Nearly 90 soldiers were killed.", 90, Bound.APPROX, "Nearly 90"),
        ("1.5 million people fled their homes.", 1_500_000, Bound.EXACT, "1.5 million"),
        ("A total of 150 civilian objects were damaged.", 150, Bound.EXACT, "A total of 150"),
    ],
)
def test_figure_bound_and_quantity_as_written(
    ex: Extractor, text: str, value: int, bound: Bound, quantity: str
) -> None:
    figure = figure_of(ex.figure(text))
    assert (figure.value, figure.low, figure.high, figure.bound) == (value, value, value, bound)
    assert figure.quantity == quantity


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Between 20 and 30 civilians were wounded in Harvik.", 20, 30),
        ("20-30 civilians were killed.", 20, 30),
        ("Two or three soldiers went missing.", 2, 3),
    ],
)
def test_figure_range_value_is_its_low(ex: Extractor, text: str, low: int, high: int) -> None:
    figure = figure_of(ex.figure(text))
    assert (figure.value, figure.low, figure.high, figure.bound) == (low, low, high, Bound.RANGE)


@pytest.mark.parametrize(
    ("text", "measure", "subject_class", "quantity", "low"),
    [
        ("Dozens of civilians were wounded.", Measure.INJURED, SubjectClass.CIVILIANS, "Dozens", 12),
        ("Hundreds of houses were destroyed.", Measure.DESTROYED, SubjectClass.BUILDINGS, "Hundreds", 100),
        ("Thousands of residents fled.", Measure.DISPLACED, SubjectClass.CIVILIANS, "Thousands", 1000),
    ],
)
def test_figure_vague_quantity_keeps_words_and_conservative_low(
    ex: Extractor, text: str, measure: Measure, subject_class: SubjectClass, quantity: str, low: int
) -> None:
    figure = figure_of(ex.figure(text))
    assert (figure.measure, figure.subject_class) == (measure, subject_class)
    assert (figure.value, figure.low, figure.high, figure.bound) == (None, low, None, Bound.VAGUE)
    assert figure.quantity == quantity


# ------------------------------------------------------------- partitives, subsets, breakdowns, lists


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Twenty people were killed, 12 of them children.",
            [("killed", "people", 20), ("killed", "children", 12)],
        ),
        (
            "Nineteen civilians were killed, including six women and four children.",
            [("killed", "civilians", 19), ("killed", "women", 6), ("killed", "children", 4)],
        ),
        (
            "12 civilians, including 4 children, were killed.",
            [("killed", "civilians", 12), ("killed", "children", 4)],
        ),
        ("Of the 45 wounded, 12 are children.", [("injured", "people", 45), ("injured", "children", 12)]),
        (
            "9 wounded people, 2 of whom later died, were taken to hospital.",
            [("injured", "people", 9), ("killed", "people", 2)],
        ),
        (
            "Casualties among civilians reached 17 dead and 45 wounded.",
            [("killed", "civilians", 17), ("injured", "civilians", 45)],
        ),
        # the part of a counted whole, with the class said of it after the words about the whole
        (
            "At least five of the nine people killed on Friday were civilians.",
            [("killed", "civilians", 5), ("killed", "people", 9)],
        ),
        (
            "Three of the 12 people wounded in the shelling were children.",
            [("injured", "children", 3), ("injured", "people", 12)],
        ),
        # the class of a later part is not the whole's
        ("Of the 14 killed, nine were civilians.", [("killed", "people", 14), ("killed", "civilians", 9)]),
        (
            "Army losses stood at 8 dead, up from five on Monday, and 31 soldiers were wounded.",
            [("killed", "military", 8), ("killed", "military", 5), ("injured", "military", 31)],
        ),
    ],
)
def test_figure_partitives_and_subsets(
    ex: Extractor, text: str, expected: list[tuple[str, str, int]]
) -> None:
    assert counts(ex.figures(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "63 civil facilities and 376 residential buildings were damaged.",
            [("damaged", "facilities", 63), ("damaged", "buildings", 376)],
        ),
        (
            "The shelling destroyed 16 houses, 3 schools and a kindergarten.",
            [("destroyed", "buildings", 16), ("destroyed", "facilities", 3)],
        ),
        ("A school and 12 apartment buildings were damaged.", [("damaged", "buildings", 12)]),
        (
            "Eight people were detained and 30 went missing.",
            [("detained", "people", 8), ("missing", "people", 30)],
        ),
    ],
)
def test_figure_lists(ex: Extractor, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert counts(ex.figures(text)) == expected


def test_figure_list_evidence_of_the_second_item_starts_at_its_number(ex: Extractor) -> None:
    claims = ex.figures("63 civil facilities and 376 residential buildings were damaged.")
    assert claims[1].evidence.text == "376 residential buildings were damaged"


# ----------------------------------------------------------------------------------------- nominalisations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The shelling caused the deaths of 14 civilians.", ("killed", "civilians", 14)),
        ("The strike led to the death of three children.", ("killed", "children", 3)),
        ("The Observatory recorded 52 civilian deaths in the valley.", ("killed", "civilians", 52)),
        ("The attack left 22 civilians dead.", ("killed", "civilians", 22)),
        ("The death toll has risen to 63.", ("killed", "people", 63)),
        ("The death toll among civilians rose to 63.", ("killed", "civilians", 63)),
        ("The number of wounded civilians has reached 240.", ("injured", "civilians", 240)),
        ("The ministry put the number of dead at 14.", ("killed", "people", 14)),
    ],
)
def test_figure_nominalisations_and_tolls(ex: Extractor, text: str, expected: tuple[str, str, int]) -> None:
    assert counts(ex.figures(text)) == [expected]


# --------------------------------------------------------------------------------- periods and cumulatives


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Since September 27, 31 civilians have been killed and 112 wounded.", date(2026, 9, 27)),
        ("Since September 27, 2020, four civilians were killed.", date(2020, 9, 27)),
        ("Since 2 May, 31 civilians have been killed in Kestria.", date(2027, 5, 2)),
        ("From 2 May up till now, 31 civilians have been killed.", date(2027, 5, 2)),
    ],
)
def test_figure_period_since_a_date(ex: Extractor, text: str, start: date) -> None:
    claims = ex.figures(text)
    assert claims
    for claim in claims:
        period = figure_of(claim).period
        assert period is not None
        assert (period.start, period.end) == (start, None)


def test_figure_without_a_period_has_none(ex: Extractor) -> None:
    assert figure_of(ex.figure("On Tuesday, 4 civilians were killed in Kolmo.")).period is None


def test_figure_daily_and_cumulative_are_two_claims(ex: Extractor) -> None:
    text = "Four civilians were killed on Sunday, bringing the toll since 2 May to 21."
    assert [v for _, _, v in counts(ex.figures(text))] == [4, 21]


def test_figure_repeated_by_the_same_voice_is_one_claim(ex: Extractor) -> None:
    text = "Four civilians were killed in Pellin on Sunday. Four civilians were killed in Pellin on Sunday."
    assert counts(ex.figures(text)) == [("killed", "civilians", 4)]


def test_figure_another_adds_a_second_claim(ex: Extractor) -> None:
    claims = ex.figures("Two people were killed. Another five were injured.")
    assert counts(claims) == [("killed", "people", 2), ("injured", "people", 5)]
    assert figure_of(claims[1]).quantity == "Another five"


# ------------------------------------------------------------------------------ parties, places, perpetrators


@pytest.mark.parametrize(
    ("text", "victim_party"),
    [
        ("Four Kestrian soldiers were killed.", "Kestria"),
        ("Six Velsarian servicemen were captured.", "Velsaria"),
        ("As a result of Velsarian shelling, 4 Kestrian civilians were killed in Kolmo.", "Kestria"),
    ],
)
def test_figure_victim_party_from_the_counted_phrase(ex: Extractor, text: str, victim_party: str) -> None:
    assert figure_of(ex.figure(text)).victim_party == victim_party


def test_figure_without_a_party_word_has_no_victim_party(ex: Extractor) -> None:
    assert figure_of(ex.figure("Four soldiers were killed.")).victim_party is None


@pytest.mark.parametrize(
    "text",
    [
        "11 civilians were killed as a result of Velsaria's attacks on Harvik.",
        "As a result of Velsarian missile strikes, 9 civilians were killed.",
        "The Velsarian army killed six civilians in Pellin.",
        "Velsarian rockets killed 14 people in Harvik on Sunday.",
    ],
)
def test_figure_perpetrator(ex: Extractor, text: str) -> None:
    assert figure_of(ex.figure(text)).perpetrator == "Velsaria"


def test_figure_without_an_attacker_has_no_perpetrator(ex: Extractor) -> None:
    assert figure_of(ex.figure("Eleven civilians were killed in Harvik.")).perpetrator is None


def test_figure_places_in_its_sentence(ex: Extractor) -> None:
    figure = figure_of(ex.figure("Eleven civilians were killed in Harvik."))
    assert [(p.id, p.name) for p in figure.places] == [("demo:harvik", "Harvik")]


def test_figure_place_by_a_contested_name_keeps_every_name(ex: Extractor) -> None:
    (place,) = figure_of(ex.figure("Four civilians were killed in Tamesh.")).places
    assert (place.id, place.name) == ("demo:tamsk", "Tamesh")
    assert {"Tamsk", "Tamesh"} <= set(place.names)


# ------------------------------------------------------------------------- numbers that are not figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 27 September 2020, four civilians were killed.", ("killed", "civilians", 4)),
        ("In 2019, four civilians were killed.", ("killed", "civilians", 4)),
        ("The shelling began at 07:40 and killed four civilians.", ("killed", "civilians", 4)),
        ("At 5 pm, 2 people were wounded.", ("injured", "people", 2)),
        ("Resolution 2334 was cited again after four civilians were killed.", ("killed", "civilians", 4)),
        ("Decree No. 312 was signed after 8 soldiers were killed.", ("killed", "military", 8)),
        (
            "The 75th session of the General Assembly opened. Four civilians were killed.",
            ("killed", "civilians", 4),
        ),
        ("Read: 750\nFour civilians were killed.", ("killed", "civilians", 4)),
        ("The 44-day war of 2020 killed 3,800 soldiers.", ("killed", "military", 3800)),
        ("The second strike killed 3 people.", ("killed", "people", 3)),
        ("A 12-year-old boy was among the five civilians killed in Kolmo.", ("killed", "civilians", 5)),
        ("Two 9-year-old girls were among 6 people wounded.", ("injured", "people", 6)),
        ("About 45 percent of the 300 houses were destroyed.", ("destroyed", "buildings", 300)),
        ("The damage to 40 houses was estimated at $5 million.", ("damaged", "buildings", 40)),
        ("Velsaria fired 12 BM-30 Smerch rockets; 3 civilians were killed.", ("killed", "civilians", 3)),
        ("M095 submunitions wounded 7 civilians.", ("injured", "civilians", 7)),
        ("A 500-pound bomb destroyed 3 houses.", ("destroyed", "buildings", 3)),
        ("Over 1,000 residents fled Kolmo in 24 hours.", ("displaced", "civilians", 1000)),
        ("Call 555 1234 for news of the 12 missing soldiers.", ("missing", "military", 12)),
        ("The clinic at 14 Harbour Street was damaged and 2 nurses were injured.", ("injured", "medical", 2)),
    ],
)
def test_figure_only_the_count_among_other_numbers(
    ex: Extractor, text: str, expected: tuple[str, str, int]
) -> None:
    assert counts(ex.figures(text)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nobody was killed in Kolmo, but 3 soldiers were wounded in Pellin.", ("injured", "military", 3)),
        (
            "No casualties were reported in Kavrel; in Mirzal 5 civilians were hurt.",
            ("injured", "civilians", 5),
        ),
        ("The war has affected 5,000 people and displaced 800.", ("displaced", "people", 800)),
        (
            "Kestria deployed 4,000 troops near the border, and 15 of them were captured.",
            ("detained", "military", 15),
        ),
    ],
)
def test_figure_zero_counts_populations_and_troop_strengths_are_not_figures(
    ex: Extractor, text: str, expected: tuple[str, str, int]
) -> None:
    assert counts(ex.figures(text)) == [expected]


@pytest.mark.parametrize(
    ("text", "measure", "subject_class", "value"),
    [
        ("Among the dead were three women, the ministry said.", Measure.KILLED, SubjectClass.WOMEN, 3),
        (
            "Among those killed were four children, the ministry said.",
            Measure.KILLED,
            SubjectClass.CHILDREN,
            4,
        ),
        ("The dead included five soldiers, the ministry said.", Measure.KILLED, SubjectClass.MILITARY, 5),
        (
            "The wounded include two journalists, the ministry said.",
            Measure.INJURED,
            SubjectClass.JOURNALISTS,
            2,
        ),
    ],
)
def test_a_list_of_the_dead_or_wounded_gives_their_measure(
    ex: Extractor, text: str, measure: Measure, subject_class: SubjectClass, value: int
) -> None:
    figure = figure_of(ex.figure(text))
    assert (figure.measure, figure.subject_class, figure.value) == (measure, subject_class, value)
