"""Contradictions: claims from different origins that cannot both hold.

- **Events**: one origin says an act happened, another denies it: the same actor party and action class, the
  same weapon (or one leaves it out), places in common (or one names none) and never in different countries,
  dates within `EVENT_WINDOW_DAYS` (a denial with no place or date denies every such act).
- **Figures**: two figures for the same measure and subject class, plainly about the same scope — the same
  places, or the same victims' party (and no different perpetrators, no places in different countries) — that
  cannot both be true. Within `SAME_TIME_DAYS` their intervals must overlap ("at least 5" and "7" can both
  hold; "2" and "11" for the same strike cannot). Later, within `FIGURE_WINDOW_DAYS`, a count may grow but not
  shrink: a later figure wholly below an earlier one conflicts.
- **Updates are not contradictions**: figures from one origin never contradict each other; they are the
  origin's timeline.

A contradiction names both sides (the claims, their origins and parties, their clusters) in neutral words.
Candidate pairs come from buckets (a place, a victims' party, a week), never from all pairs, and each cluster is
compared with at most `MAX_NEIGHBOURS` others, the nearest in time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from audiatur.domain import Attribution, ClaimKind, Cluster, Contradiction, Place, Polarity, make_id

from .facts import Fact
from .labels import event_reason, figure_reason

__all__ = [
    "EVENT_WINDOW_DAYS",
    "FIGURE_WINDOW_DAYS",
    "MAX_NEIGHBOURS",
    "SAME_TIME_DAYS",
    "event_contradictions",
    "figure_contradictions",
    "figures_conflict",
]

SAME_TIME_DAYS = 2  # figures this close in time describe the same moment
FIGURE_WINDOW_DAYS = 7  # beyond this, two figures may describe different events or periods
EVENT_WINDOW_DAYS = 7  # a denial this close to an assertion answers it
MAX_MEMBERS = 30  # claims of each cluster compared for a pair of clusters
# Clusters each cluster is compared with, the nearest in time first: a dense ledger can hold thousands of clusters
# for one place in one week, and comparing all pairs of them is quadratic (a 100,000-document ledger did not
# finish); the nearest are the ones a reader sets side by side.
MAX_NEIGHBOURS = 50

_Grouped = Sequence[tuple[Cluster, list[int]]]
# Which claim of a cluster speaks for it in a contradiction: the speaker's own words first.
_ATTRIBUTION_RANK = {
    Attribution.DIRECT_QUOTE: 0,
    Attribution.DOCUMENT_AUTHOR: 1,
    Attribution.INDIRECT: 2,
    Attribution.ACCORDING_TO: 3,
    Attribution.UNATTRIBUTED: 4,
}


def figures_conflict(a: Fact, b: Fact) -> int | None:
    """The days between two figures that cannot both hold (None when they can, or are not comparable)."""
    if a.block != b.block or a.origin.id == b.origin.id or a.vague or b.vague or not _same_scope(a, b):
        return None
    if a.day is None or b.day is None:
        return 0 if _disjoint(a, b) else None
    gap = abs(a.day - b.day)
    if gap <= SAME_TIME_DAYS:
        return gap if _disjoint(a, b) else None
    if gap <= FIGURE_WINDOW_DAYS:
        earlier, later = (a, b) if a.day < b.day else (b, a)
        shrank = later.high is not None and earlier.low is not None and later.high < earlier.low
        return gap if shrank else None
    return None


def _same_scope(a: Fact, b: Fact) -> bool:
    """Whether two figures are plainly about the same thing: the same places, or the same victims.

    A figure naming several places is a total over them, not a figure for each: it is compared only with
    figures for the same places. Figures blamed on different perpetrators are about different harm.
    """
    if a.victim and b.victim and a.victim != b.victim:
        return False
    if a.perpetrator and b.perpetrator and a.perpetrator != b.perpetrator:
        return False
    if a.areas and b.areas and a.areas.isdisjoint(b.areas):  # places in different countries
        return False
    if a.sites and b.sites:
        return a.sites == b.sites
    return a.victim is not None and a.victim == b.victim


def _disjoint(a: Fact, b: Fact) -> bool:
    if a.low is None or b.low is None:
        return False
    return (a.high is not None and a.high < b.low) or (b.high is not None and b.high < a.low)


def _event_gap(asserted: Fact, denied: Fact) -> int | None:
    """The days between an assertion and a denial of the same act (None when they are not about one act)."""
    if asserted.block != denied.block or asserted.origin.id == denied.origin.id:
        return None
    if asserted.weapon and denied.weapon and asserted.weapon != denied.weapon:
        return None
    if asserted.sites and denied.sites and asserted.sites.isdisjoint(denied.sites):
        return None
    if asserted.areas and denied.areas and asserted.areas.isdisjoint(denied.areas):
        return None
    if asserted.day is None or denied.day is None:
        return 0
    gap = abs(asserted.day - denied.day)
    return gap if gap <= EVENT_WINDOW_DAYS else None


# ---------------------------------------------------------------------------------------------------- figures


def figure_contradictions(
    facts: Sequence[Fact], clusters: _Grouped, places: Mapping[str, Place]
) -> list[Contradiction]:
    """Contradictions between figure clusters of one block (one per pair of clusters, at most)."""
    spans = [_span(facts, members) for _, members in clusters]
    buckets: dict[Hashable, list[int]] = defaultdict(list)
    for n, (_, members) in enumerate(clusters):
        keys: set[Hashable] = set()
        for i in members:
            f = facts[i]
            keys.update(("site", s) for s in f.sites)
            if f.victim:
                keys.add(("victim", f.victim))
        for key in keys:
            buckets[key].append(n)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        members.sort(key=lambda n: spans[n][0])
        for x, n in enumerate(members):
            for m in members[x + 1 : x + 1 + MAX_NEIGHBOURS]:
                if spans[m][0] > spans[n][1] + FIGURE_WINDOW_DAYS:
                    break
                pairs.add((min(n, m), max(n, m)))
    found = []
    for n, m in sorted(pairs):
        best = _best_pair(facts, clusters[n][1], clusters[m][1], figures_conflict)
        if best is not None:
            a, b = sorted(best, key=lambda f: (f.day is None, f.day or 0, -(f.number or 0), f.claim_id))
            ids = {facts[i].claim_id: clusters[n][0].id for i in clusters[n][1]}
            ids.update({facts[i].claim_id: clusters[m][0].id for i in clusters[m][1]})
            found.append(_contradiction(ClaimKind.FIGURE, a, b, ids, figure_reason(a, b, places)))
    return found


# ----------------------------------------------------------------------------------------------------- events


def event_contradictions(
    facts: Sequence[Fact], clusters: _Grouped, places: Mapping[str, Place]
) -> list[Contradiction]:
    """Contradictions between the asserted and the denied event clusters of one block."""
    week = 7
    asserted = [n for n, (c, _) in enumerate(clusters) if c.polarity is not Polarity.DENIED]
    denied_by_week: dict[int | None, list[int]] = defaultdict(list)
    for n, (c, members) in enumerate(clusters):
        if c.polarity is not Polarity.DENIED:
            continue
        start, end = _span(facts, members)
        if start == _UNDATED:
            denied_by_week[None].append(n)
            continue
        for w in range(start // week, end // week + 1):
            denied_by_week[w].append(n)
    found = []
    for n in asserted:
        start, end = _span(facts, clusters[n][1])
        candidates = set(denied_by_week.get(None, ()))
        if start == _UNDATED:
            candidates.update(m for ms in denied_by_week.values() for m in ms)
        else:
            for w in range((start - EVENT_WINDOW_DAYS) // week, (end + EVENT_WINDOW_DAYS) // week + 1):
                candidates.update(denied_by_week.get(w, ()))
        if len(candidates) > MAX_NEIGHBOURS:
            near = sorted(candidates, key=lambda m: (abs(_span(facts, clusters[m][1])[0] - start), m))
            candidates = set(near[:MAX_NEIGHBOURS])
        for m in sorted(candidates):
            best = _best_pair(facts, clusters[n][1], clusters[m][1], _event_gap)
            if best is not None:
                a, d = best
                ids = {a.claim_id: clusters[n][0].id, d.claim_id: clusters[m][0].id}
                found.append(_contradiction(ClaimKind.EVENT, a, d, ids, event_reason(a, d, places)))
    return found


# ----------------------------------------------------------------------------------------------------- shared

_UNDATED = -1


def _span(facts: Sequence[Fact], members: Sequence[int]) -> tuple[int, int]:
    days = [d for d in (facts[i].day for i in members) if d is not None]
    return (min(days), max(days)) if days else (_UNDATED, _UNDATED)


def _best_pair(
    facts: Sequence[Fact],
    left: Sequence[int],
    right: Sequence[int],
    gap_of: Callable[[Fact, Fact], int | None],
) -> tuple[Fact, Fact] | None:
    """The pair of claims (one from each side) that conflicts most plainly: other parties, closest dates."""
    best: tuple[tuple[Any, ...], tuple[Fact, Fact]] | None = None
    for i in left[:MAX_MEMBERS]:
        a = facts[i]
        for j in right[:MAX_MEMBERS]:
            b = facts[j]
            gap = gap_of(a, b)
            if gap is None:
                continue
            rank = (
                a.origin.party == b.origin.party,  # sides of different parties first
                gap,  # then the closest in time
                a.copy + b.copy,  # claims in original documents rather than in copies of them
                _ATTRIBUTION_RANK[a.attribution] + _ATTRIBUTION_RANK[b.attribution],  # the most direct words
                min(a.day or 0, b.day or 0),
                min(a.position, b.position),
                max(a.position, b.position),
            )
            if best is None or rank < best[0]:
                best = (rank, (a, b))
    return best[1] if best is not None else None


def _contradiction(
    kind: ClaimKind, a: Fact, b: Fact, clusters: Mapping[str, str], reason: str
) -> Contradiction:
    return Contradiction(
        id=make_id("contradiction", kind, *sorted((a.claim_id, b.claim_id))),
        kind=kind,
        claim_ids=(a.claim_id, b.claim_id),
        reason=reason,
        parties=(a.origin.party, b.origin.party),
        origins=(a.origin.name, b.origin.name),
        cluster_ids=(clusters.get(a.claim_id), clusters.get(b.claim_id)),
        dates=(a.date, b.date),
    )
