"""Incidents: the claims about one event at one place, with the casualty ranges across sources.

An incident is an act at a place — the allegations and denials naming one actor party there, chained by date
(a gap of more than `INCIDENT_GAP_DAYS`, or a weapon of another kind, starts another incident) — and the
figures for that place reported from its first day until `REPORT_LAG_DAYS` after its last. A figure that could
belong to two incidents goes to the latest that began by its date.

Casualty ranges follow the monitors' convention (ACLED, Airwars): for each measure, the lowest and the highest
number any source gives — overall and by the party of the source — and never a sum of different sources.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from audiatur.domain import (
    ActionClass,
    CasualtyRange,
    ClaimKind,
    Incident,
    Measure,
    Place,
    PlaceRef,
    Polarity,
    SubjectClass,
    make_id,
)

from .facts import Fact
from .grouping import WINDOW_DAYS
from .labels import dates, incident_label

__all__ = ["INCIDENT_GAP_DAYS", "MAX_SITES", "REPORT_LAG_DAYS", "build_incidents", "casualty_ranges"]

INCIDENT_GAP_DAYS = 4  # acts at one place by one party further apart than this are separate incidents
REPORT_LAG_DAYS = WINDOW_DAYS  # figures reported this long after an incident's last act still belong to it
MAX_SITES = 3  # a claim naming more places is about a campaign, not one incident
# Measures of harm done by an incident (displacement and detention are counted elsewhere).
INCIDENT_MEASURES = frozenset(
    {Measure.KILLED, Measure.INJURED, Measure.MISSING, Measure.DESTROYED, Measure.DAMAGED}
)
# People of unstated status and civilians are one range (sources use either word for the same dead).
_PEOPLE = frozenset({SubjectClass.CIVILIANS, SubjectClass.PEOPLE})
UNKNOWN_PARTY = "unknown"


@dataclass
class _Draft:
    actor_party: str | None
    start: int
    end: int
    acts: list[Fact] = field(default_factory=list)
    figures: list[Fact] = field(default_factory=list)
    weapons: set[str] = field(default_factory=set)


def build_incidents(
    facts: Sequence[Fact], place_id: str, places: Mapping[str, Place], *, window: int = WINDOW_DAYS
) -> list[Incident]:
    """The incidents at one place, from the facts naming it."""
    here = [f for f in facts if place_id in f.sites and len(f.sites) <= MAX_SITES and f.day is not None]
    acts = [f for f in here if f.kind is ClaimKind.EVENT and f.action_class is not ActionClass.OTHER]
    figures = [
        f for f in here if f.kind is ClaimKind.FIGURE and f.measure in INCIDENT_MEASURES and not f.vague
    ]
    drafts = _chain(acts)
    _attach(drafts, figures, max(window, REPORT_LAG_DAYS))
    place = places.get(place_id)
    ref = (
        PlaceRef(id=place_id, name=place.name, names=place.names)
        if place
        else PlaceRef(id=place_id, name=place_id)
    )
    incidents = [_incident(d, ref) for d in drafts if any(a.polarity is not Polarity.DENIED for a in d.acts)]
    incidents.sort(key=lambda i: (i.date_start is None, i.date_start, i.id))
    return incidents


def _chain(acts: Sequence[Fact]) -> list[_Draft]:
    """Acts by one party at the place, in date order: a gap, or another weapon, starts another incident."""
    by_party: dict[str | None, list[Fact]] = defaultdict(list)
    for f in acts:
        by_party[f.actor_party].append(f)
    drafts: list[_Draft] = []
    for party, members in by_party.items():
        # by weapon name before claim id: which weapon opens the day's incident must not depend on ids (hashes
        # of the words), or renaming the parties would regroup the acts
        members.sort(key=lambda f: (f.day or 0, f.weapon is None, f.weapon or "", f.claim_id))
        current: _Draft | None = None
        for f in members:
            day = f.day or 0
            other_weapon = current is not None and f.weapon is not None and bool(current.weapons - {f.weapon})
            if current is None or day - current.end > INCIDENT_GAP_DAYS or other_weapon:
                current = _Draft(actor_party=party, start=day, end=day)
                drafts.append(current)
            current.acts.append(f)
            current.end = max(current.end, day)
            if f.weapon is not None:
                current.weapons.add(f.weapon)
    return drafts


def _attach(drafts: Sequence[_Draft], figures: Iterable[Fact], lag: int) -> None:
    """Each figure to the incident that began latest by its day and still takes reports on it (of those that
    began that day, the one with the most acts). Drafts are looked up by start, not scanned: a place can hold
    thousands of incidents in a large ledger."""
    ordered = sorted(drafts, key=lambda d: (d.start, -len(d.acts)))
    starts = [d.start for d in ordered]
    reach = list(accumulate((d.end + lag for d in ordered), max))  # the last day any draft so far takes
    for f in figures:
        day = f.day or 0
        i = bisect_right(starts, day) - 1  # the last draft that began by the day
        while i >= 0 and reach[i] >= day and ordered[i].end + lag < day:
            i -= 1
        if i < 0 or reach[i] < day:
            continue
        # ordered[i] fits and began latest; of the drafts that began that day, the first that fits has most acts
        first = bisect_left(starts, starts[i])
        target = next(d for d in ordered[first : i + 1] if d.end + lag >= day)
        target.figures.append(f)


def _incident(draft: _Draft, place: PlaceRef) -> Incident:
    members = sorted([*draft.acts, *draft.figures], key=lambda f: (f.day or 0, f.kind.value, f.claim_id))
    asserted = [a for a in draft.acts if a.polarity is not Polarity.DENIED]
    action = Counter(a.action_class for a in asserted).most_common(1)[0][0] if asserted else None
    weapons = Counter(a.weapon for a in asserted if a.weapon)
    weapon = weapons.most_common(1)[0][0] if weapons else None
    first = min(f.date for f in members if f.date is not None)
    last = max(f.date for f in members if f.date is not None)
    origins = {f.origin.id: f.origin for f in members}
    actor = draft.actor_party
    label = incident_label(action, weapon, place.name, dates(first, last))
    return Incident(
        id=make_id("incident", place.id, members[0].claim_id),
        label=f"{label} · {actor}" if actor else label,
        place=place,
        date_start=first,
        date_end=last,
        action_class=action,
        claim_ids=tuple(f.claim_id for f in members),
        ranges=casualty_ranges(draft.figures),
        documents=len({f.document_id for f in members}),
        parties=tuple(sorted({o.party for o in origins.values() if o.party})),
        actor_parties=(actor,) if actor else (),
    )


def casualty_ranges(figures: Iterable[Fact]) -> tuple[CasualtyRange, ...]:
    """The lowest and highest number stated for each measure (and class), overall and by source party."""
    groups: dict[tuple[Measure, str], list[Fact]] = defaultdict(list)
    for f in figures:
        if f.measure is None or f.subject_class is None or f.vague:
            continue
        group = "people" if f.subject_class in _PEOPLE else f.subject_class.value
        groups[(f.measure, group)].append(f)
    ranges = []
    for (measure, _), members in sorted(groups.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
        classes = {f.subject_class for f in members}
        lows, highs = _ends(members)
        by_party: dict[str, list[Fact]] = defaultdict(list)
        for f in members:
            by_party[f.origin.party or UNKNOWN_PARTY].append(f)
        ranges.append(
            CasualtyRange(
                measure=measure,
                subject_class=classes.pop() if len(classes) == 1 else None,
                low=lows,
                high=highs,
                by_party=tuple((party, *_ends(fs)) for party, fs in sorted(by_party.items())),
                claim_ids=tuple(f.claim_id for f in members),
            )
        )
    return tuple(ranges)


def _ends(figures: Iterable[Fact]) -> tuple[int | None, int | None]:
    numbers = [x for f in figures for x in f.ends() if x is not None]
    return (min(numbers), max(numbers)) if numbers else (None, None)
