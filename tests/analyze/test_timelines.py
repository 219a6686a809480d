"""Figure timelines: one origin's values over time, each value once, at the date it was first given."""

from __future__ import annotations

from datetime import date, timedelta

from analyze.analysis_samples import figure, origin
from audiatur.analyze import build_timelines
from audiatur.domain import Bound, Measure, SubjectClass

PROSECUTOR = origin("Prosecutor", "South")
DAY = date(2030, 3, 7)


def test_timelines_growing_toll_is_one_origins_update_sequence() -> None:
    facts = [
        figure(14, who=PROSECUTOR, on=DAY + timedelta(days=3)),
        figure(9, who=PROSECUTOR, on=DAY),
        figure(9, who=PROSECUTOR, on=DAY + timedelta(days=3)),  # repeated later: no new point
        figure(21, who=PROSECUTOR, on=DAY + timedelta(days=7)),
        figure(38, who=PROSECUTOR, on=DAY, measure=Measure.INJURED),
        figure(3, who=origin("Other", "North"), on=DAY),
    ]
    timelines = build_timelines(facts, {})
    killed = next(t for t in timelines if t.origin == "Prosecutor" and t.measure is Measure.KILLED)
    assert [(p.value, p.date) for p in killed.points] == [
        (9, DAY),
        (14, DAY + timedelta(days=3)),
        (21, DAY + timedelta(days=7)),
    ]
    assert killed.party == "South" and killed.subject_class is SubjectClass.CIVILIANS
    assert killed.points[0].claim_id == facts[1].claim_id
    assert {(t.origin, t.measure) for t in timelines} == {
        ("Prosecutor", Measure.KILLED),
        ("Prosecutor", Measure.INJURED),
        ("Other", Measure.KILLED),
    }


def test_timelines_keep_bounds_and_ranges() -> None:
    facts = [
        figure(5, bound=Bound.AT_LEAST, who=PROSECUTOR, on=DAY),
        figure(6, bound=Bound.RANGE, high=9, who=PROSECUTOR, on=DAY + timedelta(days=1)),
        figure(None, bound=Bound.VAGUE, who=PROSECUTOR, on=None),
    ]
    points = build_timelines(facts, {})[0].points
    assert [(p.bound, p.low, p.high) for p in points] == [
        (Bound.AT_LEAST, 5, 5),
        (Bound.RANGE, 6, 9),
        (Bound.VAGUE, None, None),
    ]
    assert points[-1].date is None  # undated values come last
