"""Claim clusters: the same figure or the same act stated in one or more documents, with who it comes from.

A cluster counts its documents (a near-duplicate counts under the document it copies, so wire copies count
once), its origins (the actors the claims come from, not the outlets relaying them) and its independent
origins (distinct parties, each independent monitor on its own): ten outlets quoting one ministry are ten
documents and one origin.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from audiatur.domain import Bound, ClaimKind, Cluster, Place, PlaceRef, make_id

from .facts import Fact
from .grouping import WINDOW_DAYS, group_facts
from .labels import amount, dates, event_label, figure_label, place_refs
from .origins import Origin, count_independent

__all__ = ["build_clusters", "cluster_facts"]


def cluster_facts(
    facts: Sequence[Fact], places: Mapping[str, Place], *, window: int = WINDOW_DAYS
) -> list[tuple[Cluster, list[int]]]:
    """Group the facts and describe each group as a `Cluster` (with the indices of its facts)."""
    return build_clusters(facts, group_facts(facts, window=window), places)


def build_clusters(
    facts: Sequence[Fact], groups: Sequence[Sequence[int]], places: Mapping[str, Place]
) -> list[tuple[Cluster, list[int]]]:
    """A `Cluster` for each group of fact indices (members ordered by date), most repeated first."""
    refs: dict[frozenset[str], tuple[PlaceRef, ...]] = {}  # many clusters name the same places
    result = [(_cluster([facts[i] for i in group], places, refs), list(group)) for group in groups if group]
    result.sort(key=lambda item: (-item[0].documents, -item[0].independent_origins, item[0].id))
    return result


def _cluster(
    members: Sequence[Fact], places: Mapping[str, Place], refs: dict[frozenset[str], tuple[PlaceRef, ...]]
) -> Cluster:
    first = members[0]
    figure = first.kind is ClaimKind.FIGURE
    origins: dict[str, Origin] = {}
    documents: set[str] = set()
    speakers: dict[str, None] = {}
    sites: set[str] = set()
    attrs: set[str] = set()
    lo = hi = d0 = d1 = None
    for f in members:  # one pass: this runs for every claim of the ledger
        if f.origin.attributed:
            origins.setdefault(f.origin.id, f.origin)
        documents.add(f.document_id)
        speakers.setdefault(f.speaker, None)
        if f.sites:
            sites.update(f.sites)
        if f.day is not None:
            d0 = f.day if d0 is None or f.day < d0 else d0
            d1 = f.day if d1 is None or f.day > d1 else d1
        attr = f.victim if figure else f.weapon
        if attr:
            attrs.add(attr)
        if figure and f.bound is not Bound.VAGUE and f.low is not None:
            a, b = f.ends()
            if a is not None and (lo is None or a < lo):
                lo = a
            if b is not None and (hi is None or b > hi):
                hi = b
    key = frozenset(sites)
    where_refs = refs.get(key)
    if where_refs is None:
        where_refs = refs[key] = place_refs(sites, places)
    start = date.fromordinal(d0) if d0 is not None else None
    end = date.fromordinal(d1) if d1 is not None else None
    where, period = ", ".join(r.name for r in where_refs), dates(start, end)
    agreed = next(iter(attrs)) if len(attrs) == 1 else None
    if figure:
        assert first.measure is not None and first.subject_class is not None
        stated = _stated(members) if lo is None or lo == hi else f"{lo:,}–{hi:,}"
        label = figure_label(
            first.measure, first.subject_class, stated, places=where, victim=agreed, period=period
        )
    else:
        label = event_label(
            first.actor_party, first.action_class, agreed, first.polarity, places=where, period=period
        )
    return Cluster(
        id=make_id("cluster", first.kind, first.claim_id),
        kind=first.kind,
        label=label,
        claim_ids=tuple(f.claim_id for f in members),
        documents=len(documents),
        origins=tuple(o.name for o in origins.values()),
        parties=tuple(sorted({o.party for o in origins.values() if o.party})),
        independent_origins=count_independent(origins.values()),
        measure=first.measure if figure else None,
        subject_class=first.subject_class if figure else None,
        low=lo,
        high=hi,
        speakers=tuple(speakers),
        places=where_refs,
        date_start=start,
        date_end=end,
        victim_party=agreed if figure else None,
        actor_party=None if figure else first.actor_party,
        action_class=None if figure else first.action_class,
        weapon=None if figure else agreed,
        polarity=None if figure else first.polarity,
    )


def _agreed(values: Iterable[str | None]) -> str | None:
    """The one value the members that give one agree on (None if none gives one, or they differ)."""
    given = {v for v in values if v}
    return given.pop() if len(given) == 1 else None


def _stated(members: Sequence[Fact]) -> str:
    """The most common way the members state the number."""
    ways = {(f.bound, f.number, f.low, f.high, f.quantity) for f in members}
    if len(ways) == 1:
        return amount(*ways.pop())
    counts = Counter(amount(f.bound, f.number, f.low, f.high, f.quantity) for f in members)
    return max(counts, key=lambda s: (counts[s], s))
