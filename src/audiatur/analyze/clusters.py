"""Claim clusters: the same figure or the same act stated in one or more documents, with who it comes from.

A cluster counts its documents (a near-duplicate counts under the document it copies, so wire copies count
once), its origins (the actors the claims come from, not the outlets relaying them) and its independent
origins (distinct parties, each independent monitor on its own): ten outlets quoting one ministry are ten
documents and one origin.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from audiatur.domain import ClaimKind, Cluster, Place, make_id

from .facts import Fact
from .grouping import WINDOW_DAYS, group_facts
from .labels import amount, dates, event_label, figure_label, place_names, place_refs
from .origins import count_independent

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
    result = [(_cluster([facts[i] for i in group], places), list(group)) for group in groups if group]
    result.sort(key=lambda item: (-item[0].documents, -item[0].independent_origins, item[0].id))
    return result


def _cluster(members: Sequence[Fact], places: Mapping[str, Place]) -> Cluster:
    first = members[0]
    origins = {f.origin.id: f.origin for f in members}
    dated = [f.date for f in members if f.date is not None]
    d0, d1 = (min(dated), max(dated)) if dated else (None, None)
    sites = {s for f in members for s in f.sites}
    where, period = place_names(sites, places), dates(d0, d1)
    figure = first.kind is ClaimKind.FIGURE
    low = high = None
    victim = weapon = None
    if figure:
        assert first.measure is not None and first.subject_class is not None
        numbers = [f for f in members if not f.vague]
        low = min((x for f in numbers if (x := f.ends()[0]) is not None), default=None)
        high = max((x for f in numbers if (x := f.ends()[1]) is not None), default=None)
        victim = _agreed(f.victim for f in members)
        stated = _stated(members) if low is None or low == high else f"{low:,}–{high:,}"
        label = figure_label(
            first.measure, first.subject_class, stated, places=where, victim=victim, period=period
        )
    else:
        weapon = _agreed(f.weapon for f in members)
        label = event_label(
            first.actor_party, first.action_class, weapon, first.polarity, places=where, period=period
        )
    return Cluster(
        id=make_id("cluster", first.kind, first.claim_id),
        kind=first.kind,
        label=label,
        claim_ids=tuple(f.claim_id for f in members),
        documents=len({f.document_id for f in members}),
        origins=tuple(o.name for o in origins.values()),
        parties=tuple(sorted({o.party for o in origins.values() if o.party})),
        independent_origins=count_independent(origins.values()),
        measure=first.measure if figure else None,
        subject_class=first.subject_class if figure else None,
        low=low,
        high=high,
        speakers=tuple(dict.fromkeys(f.speaker for f in members)),
        places=place_refs(sites, places),
        date_start=d0,
        date_end=d1,
        victim_party=victim,
        actor_party=None if figure else first.actor_party,
        action_class=None if figure else first.action_class,
        weapon=weapon,
        polarity=None if figure else first.polarity,
    )


def _agreed(values: Iterable[str | None]) -> str | None:
    """The one value the members that give one agree on (None if none gives one, or they differ)."""
    given = {v for v in values if v}
    return given.pop() if len(given) == 1 else None


def _stated(members: Sequence[Fact]) -> str:
    """The most common way the members state the number."""
    counts = Counter(amount(f.bound, f.number, f.low, f.high, f.quantity) for f in members)
    return max(counts, key=lambda s: (counts[s], s))
