"""Figure timelines: how one origin's figure for one measure and subject class moved over time.

A later, larger figure from the same origin is an **update** ("civilians killed: 9 → 14 → 21"), shown here and
never as a contradiction. Each value appears once, at the date the origin first gave it (the end of the period
the text gives, else the publication date); repeating it later adds no point.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

from audiatur.domain import Bound, ClaimKind, Place, Timeline, TimelinePoint

from .facts import Fact
from .labels import place_refs

__all__ = ["build_timelines"]


def build_timelines(facts: Sequence[Fact], places: Mapping[str, Place]) -> list[Timeline]:
    """One timeline per origin, measure and subject class of these figure facts (by origin name)."""
    series: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.kind is ClaimKind.FIGURE and f.measure is not None and f.subject_class is not None:
            series[(f.origin.id, f.measure.value, f.subject_class.value)].append(f)
    timelines = []
    for members in series.values():
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
                    places=place_refs(f.sites, places),
                )
            )
        first = members[0]
        assert first.measure is not None and first.subject_class is not None
        timelines.append(
            Timeline(
                origin=first.origin.name,
                origin_id=first.origin.id,
                party=first.origin.party,
                measure=first.measure,
                subject_class=first.subject_class,
                points=tuple(points),
            )
        )
    timelines.sort(
        key=lambda t: (t.origin.casefold(), t.measure.value, t.subject_class.value, t.origin_id or "")
    )
    return timelines
