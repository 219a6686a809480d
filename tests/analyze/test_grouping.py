"""Grouping facts stating the same figure or act: blocking keys, wildcards joining one group only, dates."""

from __future__ import annotations

from datetime import date, timedelta

from analyze.analysis_samples import event, figure, groups_of, origin
from audiatur.analyze import Fact, group_facts
from audiatur.analyze.grouping import WINDOW_DAYS
from audiatur.domain import Bound, Measure, Polarity, SubjectClass

MINISTRY = origin("Health Ministry", "North")
AGENCY = origin("North Agency", "North")
MONITOR = origin("Field Monitor", "independent")
DAY = date(2030, 3, 7)


def _one_group(facts: list[Fact]) -> bool:
    return len(group_facts(facts)) == 1


def test_grouping_same_figure_repeated_by_outlets_is_one_group() -> None:
    facts = [
        figure(11, who=MINISTRY, sites=["town"], on=DAY + timedelta(days=d), document=f"outlet{d}")
        for d in range(5)
    ]
    assert _one_group(facts)


def test_grouping_different_values_measures_classes_and_victims_stay_apart() -> None:
    facts = [
        figure(11, sites=["town"]),
        figure(12, sites=["town"]),
        figure(11, sites=["town"], measure=Measure.INJURED),
        figure(11, sites=["town"], subject=SubjectClass.CHILDREN),
        figure(11, sites=["town"], victim="North"),
        figure(11, sites=["town"], victim="South"),
    ]
    # Each stays apart; the "11 at the town" naming no victims fits both victim groups, so it joins neither.
    assert len(group_facts(facts)) == 6


def test_grouping_dates_beyond_the_window_are_another_statement() -> None:
    facts = [
        figure(2, sites=["town"], on=DAY),
        figure(2, sites=["town"], on=DAY + timedelta(days=WINDOW_DAYS + 1)),
    ]
    assert len(group_facts(facts)) == 2
    chained = [figure(2, sites=["town"], on=DAY + timedelta(days=d)) for d in (0, 5, 10, 15)]
    assert _one_group(chained)  # repeated every few days: still the same statement


def test_grouping_unplaced_figure_joins_the_one_placed_group_it_fits() -> None:
    placed = figure(7, sites=["city"], who=MINISTRY)
    unplaced = figure(7, who=AGENCY)
    assert _one_group([placed, unplaced])


def test_grouping_unplaced_figure_between_two_places_joins_neither() -> None:
    facts = [figure(7, sites=["city"]), figure(7, sites=["town"]), figure(7)]
    groups = groups_of(facts, group_facts(facts))
    assert len(groups) == 3


def test_grouping_a_vague_fact_never_binds_two_specific_groups() -> None:
    # "9 killed" in one town, "9 killed" (no place) and "9 killed" in another town: the middle one fits both.
    facts = [
        figure(9, sites=["east"], on=DAY),
        figure(9, on=DAY + timedelta(days=3)),
        figure(9, sites=["west"]),
    ]
    groups = groups_of(facts, group_facts(facts))
    east, west = facts[0].claim_id, facts[2].claim_id
    assert not any(east in g and west in g for g in groups)


def test_grouping_undated_and_unplaced_statements_meet_when_only_one_fits() -> None:
    # Two documents stating one toll: one names the victims and has a date, the other names a place, undated.
    dated = figure(27, victim="North", on=DAY)
    placed = figure(27, sites=["somewhere"], on=None)
    assert _one_group([dated, placed])


def test_grouping_bounded_figure_joins_the_exact_one_near_it() -> None:
    seven = figure(7, sites=["city"])
    at_least_six = figure(6, bound=Bound.AT_LEAST, sites=["city"], who=MONITOR)
    assert _one_group([seven, at_least_six])
    ninety_six = figure(96, sites=["city"])
    at_least_two = figure(2, bound=Bound.AT_LEAST, sites=["city"], who=MONITOR)
    assert len(group_facts([ninety_six, at_least_two])) == 2  # compatible, but not the same figure


def test_grouping_about_and_ranges_join_an_exact_value_inside_them() -> None:
    assert _one_group([figure(20, sites=["a"]), figure(21, bound=Bound.APPROX, sites=["a"])])
    assert _one_group([figure(7, sites=["a"]), figure(6, bound=Bound.RANGE, high=9, sites=["a"])])
    assert len(group_facts([figure(12, sites=["a"]), figure(6, bound=Bound.RANGE, high=9, sites=["a"])])) == 2


def test_grouping_vague_quantities_group_only_with_themselves() -> None:
    dozens = [figure(12, bound=Bound.VAGUE, sites=["a"]), figure(12, bound=Bound.VAGUE, sites=["a"])]
    assert len(group_facts([*dozens, figure(30, sites=["a"])])) == 2


def test_grouping_assertions_and_denials_never_share_a_group() -> None:
    facts = [
        event("South", weapon="cluster", sites=["town"]),
        event("South", weapon="cluster", sites=["town"], polarity=Polarity.DENIED),
    ]
    assert len(group_facts(facts)) == 2


def test_grouping_event_without_weapon_joins_the_one_weapon_group() -> None:
    facts = [event("South", weapon="rocket", sites=["city"]), event("South", sites=["city"])]
    assert _one_group(facts)
    two = [event("South", weapon="rocket", sites=["city"]), event("South", weapon="drone", sites=["city"])]
    assert len(group_facts([*two, event("South", sites=["city"])])) == 3


def test_grouping_puts_every_fact_in_exactly_one_group_in_date_order() -> None:
    facts = [figure(n % 5 + 1, sites=[f"p{n % 3}"], on=DAY + timedelta(days=n % 11)) for n in range(200)]
    groups = group_facts(facts)
    assert sorted(i for g in groups for i in g) == list(range(200))
    for g in groups:
        days = [facts[i].day for i in g]
        assert days == sorted(days)  # type: ignore[type-var]


def test_grouping_never_joins_figures_whose_places_lie_in_different_countries() -> None:
    # An undated figure for a district (a broad place: no site) of one country, with a victims' party, and a
    # figure at a city of another country naming none: each is the other's only candidate, yet they are apart.
    district = figure(1, victim="West", areas=["west"], on=None, who=MINISTRY)
    city = figure(1, sites=["city"], areas=["east"], who=AGENCY)
    assert len(group_facts([district, city])) == 2
    same_country = figure(1, victim="West", areas=["east"], on=None, who=MINISTRY)
    assert _one_group([same_country, city])  # the control: only the countries differ


def test_grouping_a_figure_naming_no_place_still_joins_across_known_countries() -> None:
    facts = [figure(4, sites=["town"], areas=["east"], who=MINISTRY), figure(4, who=AGENCY)]
    assert _one_group(facts)
