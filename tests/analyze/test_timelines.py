"""Figure timelines: one origin's values over time, each value once, at the date it was first given."""

from __future__ import annotations

from datetime import date, timedelta

from analyze.analysis_samples import figure, origin
from audiatur.analyze import build_timelines
from audiatur.analyze.facts import figure_scope
from audiatur.analyze.origins import UNATTRIBUTED
from audiatur.domain import Bound, Measure, Place, SubjectClass

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


def _places() -> dict[str, Place]:
    return {
        "country:south": Place(id="country:south", name="South", kind="country"),
        "harbour": Place(id="harbour", name="Harbour", country="South", kind="city"),
        "mill": Place(id="mill", name="Mill", country="South", kind="town"),
    }


def test_timelines_keep_each_place_on_its_own_series() -> None:
    national, harbour = ["country:south"], ["harbour"]
    facts = [
        figure(9, who=PROSECUTOR, on=DAY, sites=(), scope=national),
        figure(14, who=PROSECUTOR, on=DAY + timedelta(days=3)),  # no place: the one country-wide series
        figure(7, who=PROSECUTOR, on=DAY + timedelta(days=5), sites=harbour),
        figure(21, who=PROSECUTOR, on=DAY + timedelta(days=5), sites=(), scope=national),
    ]
    timelines = build_timelines(facts, _places())
    by_scope = {tuple(r.id for r in t.places): t for t in timelines}
    assert set(by_scope) == {("country:south",), ("harbour",)}
    assert [p.value for p in by_scope[("country:south",)].points] == [9, 14, 21]
    assert [p.value for p in by_scope[("harbour",)].points] == [7]
    assert [[r.id for r in p.places] for p in by_scope[("country:south",)].points] == [national, [], national]
    assert by_scope[("harbour",)].points[0].places[0].name == "Harbour"


def test_timelines_an_unplaced_figure_never_joins_a_specific_place() -> None:
    facts = [
        figure(5, who=PROSECUTOR, on=DAY, sites=["mill"]),
        figure(7, who=PROSECUTOR, on=DAY + timedelta(days=2)),  # the only series is a town's: not joined
    ]
    timelines = build_timelines(facts, _places())
    assert sorted((tuple(r.id for r in t.places), tuple(p.value for p in t.points)) for t in timelines) == [
        ((), (7,)),
        (("mill",), (5,)),
    ]


def test_timelines_unplaced_figures_stay_apart_when_an_origin_has_two_areas() -> None:
    places = {**_places(), "country:north": Place(id="country:north", name="North", kind="country")}
    facts = [
        figure(3, who=PROSECUTOR, on=DAY, scope=["country:south"]),
        figure(4, who=PROSECUTOR, on=DAY, scope=["country:north"]),
        figure(8, who=PROSECUTOR, on=DAY + timedelta(days=1)),
    ]
    scopes = {
        tuple(r.id for r in t.places): [p.value for p in t.points] for t in build_timelines(facts, places)
    }
    assert scopes == {("country:south",): [3], ("country:north",): [4], (): [8]}


def test_timelines_leave_out_unattributed_figures() -> None:
    facts = [figure(9, who=UNATTRIBUTED, on=DAY), figure(12, who=UNATTRIBUTED, on=DAY + timedelta(days=2))]
    assert build_timelines(facts, {}) == []


def test_figure_scope_reads_a_capital_beside_its_country_as_a_dateline() -> None:
    places = {
        **_places(),
        "capital": Place(id="capital", name="Capital", country="South", kind="capital"),
        "region": Place(id="region", name="Valley", country="South", kind="region"),
    }
    assert figure_scope(frozenset({"capital"}), ["capital", "country:south"], places) == {"country:south"}
    assert figure_scope(frozenset({"capital"}), ["capital"], places) == {"capital"}
    assert figure_scope(frozenset({"harbour"}), ["harbour", "country:south"], places) == {"harbour"}
    assert figure_scope(frozenset(), ["region", "country:south"], places) == {"region"}
    assert figure_scope(frozenset(), [], places) == frozenset()
