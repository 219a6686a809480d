"""Contradictions: what cannot both hold, from different origins; updates and compatible bounds are not."""

from __future__ import annotations

from datetime import date, timedelta

from analyze.analysis_samples import event, figure, origin
from audiatur.analyze import cluster_facts, event_contradictions, figure_contradictions, figures_conflict
from audiatur.analyze.contradictions import MAX_NEIGHBOURS
from audiatur.domain import ActionClass, Bound, ClaimKind, Polarity

MINISTRY = origin("Health Ministry", "North")
MONITOR = origin("Field Monitor", "independent")
PROSECUTOR = origin("Prosecutor", "South")
DAY = date(2030, 3, 7)


def test_figures_at_least_five_and_seven_can_both_hold() -> None:
    assert (
        figures_conflict(figure(5, bound=Bound.AT_LEAST, sites=["x"], who=MONITOR), figure(7, sites=["x"]))
        is None
    )


def test_figures_two_and_eleven_for_the_same_strike_conflict() -> None:
    assert (
        figures_conflict(figure(11, sites=["town"], who=MINISTRY), figure(2, sites=["town"], who=MONITOR))
        == 0
    )


def test_figures_of_one_origin_never_conflict() -> None:
    assert figures_conflict(figure(11, sites=["town"]), figure(2, sites=["town"])) is None


def test_figures_a_later_larger_toll_is_not_a_conflict_a_later_smaller_one_is() -> None:
    early = figure(9, victim="South", who=PROSECUTOR, on=DAY)
    assert (
        figures_conflict(early, figure(14, victim="South", who=MONITOR, on=DAY + timedelta(days=5))) is None
    )
    assert figures_conflict(early, figure(4, victim="South", who=MONITOR, on=DAY + timedelta(days=5))) == 5


def test_figures_far_apart_in_time_are_not_compared() -> None:
    far = DAY + timedelta(days=30)
    assert (
        figures_conflict(figure(11, sites=["t"], who=MINISTRY), figure(2, sites=["t"], who=MONITOR, on=far))
        is None
    )


def test_figures_need_plainly_the_same_scope() -> None:
    a = figure(11, sites=["town"], who=MINISTRY)
    assert figures_conflict(a, figure(2, sites=["city"], who=MONITOR)) is None  # another place
    assert (
        figures_conflict(a, figure(2, sites=["town", "city"], who=MONITOR)) is None
    )  # a total over two places
    assert (
        figures_conflict(a, figure(2, who=MONITOR)) is None
    )  # no place, no victims: nothing says it is the same
    assert (
        figures_conflict(figure(11, victim="North", who=MINISTRY), figure(2, victim="North", who=MONITOR))
        == 0
    )
    assert (
        figures_conflict(figure(11, victim="North", who=MINISTRY), figure(2, victim="South", who=MONITOR))
        is None
    )
    blamed = figure(11, sites=["town"], perpetrator="South", who=MINISTRY)
    assert figures_conflict(blamed, figure(2, sites=["town"], perpetrator="North", who=MONITOR)) is None


def test_figures_vague_quantities_never_conflict() -> None:
    assert (
        figures_conflict(figure(12, bound=Bound.VAGUE, sites=["t"], who=MINISTRY), figure(2, sites=["t"]))
        is None
    )


def test_figure_contradictions_name_both_sides_once_per_pair_of_clusters() -> None:
    facts = [
        figure(11, sites=["town"], who=MINISTRY, document="a"),
        figure(11, sites=["town"], who=MINISTRY, document="b"),
        figure(2, sites=["town"], who=MONITOR, document="c", on=DAY + timedelta(days=1)),
    ]
    grouped = cluster_facts(facts, {})
    found = figure_contradictions(facts, grouped, {})
    assert len(found) == 1
    c = found[0]
    assert c.kind is ClaimKind.FIGURE
    assert c.parties == ("North", "independent") and c.origins == ("Health Ministry", "Field Monitor")
    assert c.claim_ids[1] == facts[2].claim_id
    assert set(c.cluster_ids) == {g.id for g, _ in grouped}
    assert c.reason.startswith("Health Ministry (North) says 11 civilians killed")
    assert "Field Monitor (independent) says 2" in c.reason


def test_figure_updates_of_one_origin_give_no_contradiction() -> None:
    facts = [
        figure(v, victim="South", who=PROSECUTOR, on=DAY + timedelta(days=d))
        for v, d in ((9, 0), (14, 3), (21, 7))
    ]
    assert figure_contradictions(facts, cluster_facts(facts, {}), {}) == []


def test_event_assertion_and_denial_from_different_origins_contradict() -> None:
    accuser, denier = origin("North MFA", "North"), origin("South aide", "South")
    use = ActionClass.WEAPON_USE
    facts = [
        event("South", action=use, weapon="cluster", sites=["town"], who=accuser),
        event(
            "South",
            action=use,
            weapon="cluster",
            polarity=Polarity.DENIED,
            who=denier,
            on=DAY + timedelta(days=1),
        ),
    ]
    found = event_contradictions(facts, cluster_facts(facts, {}), {})
    assert len(found) == 1
    assert found[0].parties == ("North", "South")
    assert found[0].reason == (
        "North MFA (North) says South used weapons (cluster) (town, 2030-03-07); "
        "South aide (South) denies it (2030-03-08)"
    )


def test_event_no_contradiction_for_another_weapon_place_time_or_the_same_origin() -> None:
    accuser, denier = origin("North MFA", "North"), origin("South aide", "South")
    claim = event("South", weapon="cluster", sites=["town"], who=accuser)
    for other in (
        event("South", weapon="phosphorus", polarity=Polarity.DENIED, who=denier),
        event("South", polarity=Polarity.DENIED, sites=["city"], who=denier),
        event("South", polarity=Polarity.DENIED, who=denier, on=DAY + timedelta(days=30)),
        event("South", polarity=Polarity.DENIED, who=accuser),
        event("North", polarity=Polarity.DENIED, who=denier),
    ):
        facts = [claim, other]
        assert event_contradictions(facts, cluster_facts(facts, {}), {}) == [], other


def test_figures_for_places_in_different_countries_never_conflict() -> None:
    a = figure(2, who=origin("North Ministry", "North"), victim="North", areas=["north"])
    b = figure(11, who=origin("South Ministry", "South"), victim="North", areas=["south"])
    assert figures_conflict(a, b) is None
    c = figure(11, who=origin("South Ministry", "South"), victim="North", areas=["north"])
    assert figures_conflict(a, c) == 0  # the control: same victims, same country, 2 against 11 the same day


def test_a_dense_bucket_compares_each_cluster_with_its_nearest_neighbours_only() -> None:
    """Hundreds of clusters for one place in one week: each is compared with the nearest `MAX_NEIGHBOURS`,
    not with every other (all pairs is quadratic); every cluster still meets its neighbours."""
    n = MAX_NEIGHBOURS * 3
    facts = [
        figure(
            i + 1, sites=["town"], who=origin(f"Monitor {i}", "independent"), on=DAY + timedelta(days=i % 3)
        )
        for i in range(n)
    ]
    grouped = cluster_facts(facts, {})
    assert len(grouped) == n
    found = figure_contradictions(facts, grouped, {})
    assert len(found) <= n * MAX_NEIGHBOURS < n * (n - 1) // 2
    named = {i for c in found for i in c.cluster_ids}
    assert named == {g.id for g, _ in grouped}


def test_an_assertion_is_set_against_the_nearest_denials_only() -> None:
    accuser = origin("North MFA", "North")
    facts = [event("South", sites=["town"], who=accuser)]
    facts += [
        event(
            "South",
            polarity=Polarity.DENIED,
            who=origin(f"South aide {i}", "South"),
            on=DAY + timedelta(days=(i % 7) - 3),
            sites=["town", f"village {i}"],
            document=f"denial {i}",
        )
        for i in range(MAX_NEIGHBOURS * 3)
    ]
    grouped = cluster_facts(facts, {})
    assert len(grouped) > MAX_NEIGHBOURS + 1
    found = event_contradictions(facts, grouped, {})
    assert 0 < len(found) <= MAX_NEIGHBOURS
    assert all(c.dates[1] is not None and abs((c.dates[1] - DAY).days) <= 1 for c in found)
