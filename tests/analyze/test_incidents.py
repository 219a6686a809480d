"""Incidents: acts at a place chained by date, the figures reported for them, and ranges (never sums)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from analyze.analysis_samples import event, figure, origin
from audiatur.analyze import build_incidents, casualty_ranges
from audiatur.analyze.incidents import _attach, _Draft
from audiatur.domain import Bound, Measure, Place, Polarity, SubjectClass

DAY = date(2030, 3, 7)
NORTH, SOUTH, MONITOR = (
    origin("North MoD", "North"),
    origin("South MoD", "South"),
    origin("Monitor", "independent"),
)
PLACES = {"city": Place(id="city", name="Port Aster", names=("Port Aster", "Asterhaven"), kind="city")}


def test_casualty_ranges_report_lowest_and_highest_never_a_sum() -> None:
    figures = [
        figure(5, bound=Bound.AT_LEAST, subject=SubjectClass.PEOPLE, who=NORTH),
        figure(7, who=NORTH),
        figure(6, bound=Bound.RANGE, high=9, subject=SubjectClass.PEOPLE, who=NORTH),
        figure(6, bound=Bound.AT_LEAST, who=MONITOR),
        figure(33, measure=Measure.INJURED, who=NORTH),
        figure(2, subject=SubjectClass.MILITARY, who=SOUTH),
    ]
    ranges = {(r.measure, r.subject_class): r for r in casualty_ranges(figures)}
    killed = ranges[(Measure.KILLED, None)]  # civilians and people of unstated status: one range
    assert (killed.low, killed.high) == (5, 9)
    assert killed.by_party == (("North", 5, 9), ("independent", 6, 6))
    assert len(killed.claim_ids) == 4
    assert (
        ranges[(Measure.KILLED, SubjectClass.MILITARY)].low,
        ranges[(Measure.INJURED, SubjectClass.CIVILIANS)].high,
    ) == (2, 33)


def test_incident_gathers_acts_denials_and_figures_at_the_place() -> None:
    facts = [
        event("South", weapon="rocket", sites=["city"], who=NORTH, on=DAY),
        event("South", sites=["city"], who=origin("Wire", None), on=DAY + timedelta(days=1)),
        event("South", polarity=Polarity.DENIED, sites=["city"], who=SOUTH, on=DAY + timedelta(days=1)),
        figure(7, sites=["city"], who=NORTH, on=DAY + timedelta(days=1)),
        figure(6, bound=Bound.AT_LEAST, sites=["city"], who=MONITOR, on=DAY + timedelta(days=5)),
        figure(40, sites=["city"], who=NORTH, on=DAY + timedelta(days=40)),  # weeks later: not this incident
        figure(3, sites=["elsewhere"], who=NORTH, on=DAY),
    ]
    incidents = build_incidents(facts, "city", PLACES)
    assert len(incidents) == 1
    incident = incidents[0]
    assert incident.place is not None and incident.place.name == "Port Aster"
    assert incident.actor_parties == ("South",)
    assert incident.label.startswith("attack (rocket) · Port Aster · 2030-03-07")
    assert len(incident.claim_ids) == 5
    killed = incident.ranges[0]
    assert (killed.measure, killed.low, killed.high) == (Measure.KILLED, 6, 7)


def test_incidents_at_one_place_split_on_a_gap_or_another_weapon() -> None:
    facts = [
        event("South", weapon="artillery", sites=["city"], on=DAY),
        event("South", weapon="cluster", sites=["city"], on=DAY + timedelta(days=2)),
        event("South", weapon="cluster", sites=["city"], on=DAY + timedelta(days=20)),
    ]
    assert len(build_incidents(facts, "city", PLACES)) == 3


def test_incidents_need_an_asserted_act() -> None:
    facts = [event("South", polarity=Polarity.DENIED, sites=["city"]), figure(7, sites=["city"])]
    assert build_incidents(facts, "city", PLACES) == []


@settings(max_examples=300)
@given(
    drafts=st.lists(st.tuples(st.integers(0, 15), st.integers(0, 6), st.integers(1, 4)), max_size=20),
    days=st.lists(st.integers(0, 30), max_size=20),
    lag=st.integers(0, 10),
)
def test_figures_go_to_the_incident_that_began_latest_by_their_day(
    drafts: list[tuple[int, int, int]], days: list[int], lag: int
) -> None:
    """The indexed lookup picks what the rule says, checked against every draft: of the drafts that began by
    the figure's day and still take reports on it, the latest begun, then the one with the most acts."""
    made = [
        _Draft(actor_party=None, start=start, end=start + length, acts=[None] * acts)  # type: ignore[list-item]
        for start, length, acts in drafts
    ]
    figures = [SimpleNamespace(day=day) for day in days]
    _attach(made, figures, lag)  # type: ignore[arg-type]
    for f in figures:
        fitting = [d for d in made if d.start <= f.day <= d.end + lag]
        holders = [d for d in made if any(g is f for g in d.figures)]
        if not fitting:
            assert holders == []
            continue
        assert len(holders) == 1
        latest = max(d.start for d in fitting)
        assert holders[0].start == latest
        assert len(holders[0].acts) == max(len(d.acts) for d in fitting if d.start == latest)
