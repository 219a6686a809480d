"""Incidents: acts at a place chained by date, the figures reported for them, and ranges (never sums)."""

from __future__ import annotations

from datetime import date, timedelta

from analyze.analysis_samples import event, figure, origin
from audiatur.analyze import build_incidents, casualty_ranges
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
