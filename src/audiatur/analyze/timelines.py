"""Figure timelines: how one origin's figure for one measure, subject class and scope moved over time.

A later, larger figure from the same origin is an **update** ("civilians killed: 9 → 14 → 21"), shown here and
never as a contradiction. Each value appears once, at the date the origin first gave it (the end of the period
the text gives, else the publication date); repeating it later adds no point.

A timeline is one origin's count **for one scope**: the places the figure is for (`facts.figure_scope`: its
sites, else the region or country it names). A toll for one strike is not a step of the same origin's national
toll, so "seven killed in Harvik" never sits between "14 killed in Kestria" and "21 killed in Kestria".

A figure that names no place at all goes with the origin's series for the one broad area (country or region)
it gives that measure and class for, when there is exactly one: an origin counting one country's dead and
saying "the toll has risen to 14" is giving that country's toll. Otherwise it stays in the origin's series
without a place. It never joins a series for a specific place (a town, a city), even the only one: "seven
civilians were killed in the strike" after "five killed in Pellin" is as likely another place's toll, and
putting it on Pellin's line would state a place the text does not give. Claims with no attributable origin
("each side says …") have no timeline: their figures are no one origin's series.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

from audiatur.domain import Bound, ClaimKind, Place, Timeline, TimelinePoint

from .facts import BROAD_PLACE_KINDS, Fact
from .labels import place_refs

__all__ = ["build_timelines"]

_Series = tuple[str, str, str]  # (origin id, measure, subject class)


def build_timelines(facts: Sequence[Fact], places: Mapping[str, Place]) -> list[Timeline]:
    """One timeline per origin, measure, subject class and scope of these figure facts."""
    series: dict[_Series, dict[frozenset[str], list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        if (
            f.kind is ClaimKind.FIGURE
            and f.measure is not None
            and f.subject_class is not None
            and f.origin.attributed
        ):
            series[(f.origin.id, f.measure.value, f.subject_class.value)][f.scope].append(f)
    timelines = []
    for scopes in series.values():
        placeless = scopes.pop(frozenset(), None)
        if placeless:
            broad = [s for s in scopes if _is_broad(s, places)]
            target = broad[0] if len(broad) == 1 else frozenset()
            scopes.setdefault(target, []).extend(placeless)
        timelines += [_timeline(scope, members, places) for scope, members in scopes.items()]
    timelines.sort(
        key=lambda t: (
            t.origin.casefold(),
            t.measure.value,
            t.subject_class.value,
            [r.name.casefold() for r in t.places],
            t.origin_id or "",
        )
    )
    return timelines


def _is_broad(scope: frozenset[str], places: Mapping[str, Place]) -> bool:
    """Whether a scope is an area (countries, regions), not a specific place."""
    return all(i in places and (places[i].kind or "") in BROAD_PLACE_KINDS for i in scope)


def _timeline(scope: frozenset[str], members: list[Fact], places: Mapping[str, Place]) -> Timeline:
    members.sort(key=lambda f: (f.day is None, f.day or 0, f.number or 0, f.copy, f.position))
    seen: set[Hashable] = set()
    points = []
    for f in members:
        key = (f.bound, f.low, f.high, f.number)
        if key in seen:
            continue
        seen.add(key)
        low, high = f.ends()
        points.append(
            TimelinePoint(
                date=f.date,
                value=f.number,
                low=low,
                high=high,
                bound=f.bound or Bound.EXACT,
                claim_id=f.claim_id,
                document_id=f.document_id,
                places=place_refs(f.scope, places),
            )
        )
    first = members[0]
    assert first.measure is not None and first.subject_class is not None
    return Timeline(
        origin=first.origin.name,
        origin_id=first.origin.id,
        party=first.origin.party,
        measure=first.measure,
        subject_class=first.subject_class,
        places=place_refs(scope, places),
        points=tuple(points),
    )
