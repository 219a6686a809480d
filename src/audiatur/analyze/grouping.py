"""Grouping facts that state the same thing, in near-linear time (blocking keys, never all pairs).

Two figure facts state the same figure when they have the same measure and subject class (the block), the same
victims' party, places in common, dates within a window and compatible values; two event facts state the same
act when they have the same actor party, action class and polarity, the same weapon, places in common and
dates within a window; and never two facts whose places lie in different countries (a figure for a district of
one country is not a figure at a town of another, whatever else it leaves out). A fact that leaves something
out (no place, no victims' party, no weapon, no date) may be the same as a more specific one, but only when
exactly one candidate fits: an unplaced "7 killed" joins the one "7 killed in Harvik" of that week, never one
of two candidates picked at random.

Three passes, each driven by hashing and sorted sweeps:
1. exact keys (block, value, attributes, places, countries): facts are chained by date, a gap of more than `window` days
   starts a new unit;
2. each unit joins the one other group it fits — one that agrees with everything it gives and says at least as
   much — if exactly one fits (looked up in an index under the unit's attribute and places, and under "any");
3. a bounded figure ("at least 5", "about 20", "6–9") joins the exact figure near its stated number (an open
   bound reaches half again past it), if exactly one such group fits there.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Hashable, Sequence

from audiatur.domain import Bound, ClaimKind

from .facts import Fact

__all__ = ["MAX_ANCHORS", "MAX_SCAN", "WINDOW_DAYS", "group_facts"]

WINDOW_DAYS = 7  # facts more than this many days apart are not the same statement
MAX_SCAN = 256  # candidates examined for one lookup before calling it ambiguous
MAX_ANCHORS = 6  # exact values tried for one bounded figure, nearest first

_Key = tuple[Hashable, ...]


def _exact_key(f: Fact) -> _Key:
    """(block, value, attribute, places, countries): figures by measure and class, events also by polarity.

    The countries are part of the key only for a fact with no specific place: a site's country goes with it.
    """
    areas = frozenset() if f.sites else f.areas
    if f.kind is ClaimKind.FIGURE:
        bound = f.bound
        value = ("vague", f.number) if bound is Bound.VAGUE or f.low is None else (bound, f.low, f.high)
        return (f.block, value, f.victim, f.sites, areas)
    return ((f.block, f.polarity), None, f.weapon, f.sites, areas)


class _Units:
    """Units (facts of one exact key chained by date) as parallel lists, with a union-find over them."""

    def __init__(self) -> None:
        self.members: list[list[int]] = []
        self.heads: dict[tuple[Hashable, Hashable], int] = {}  # (block, value) → a small number
        self.head: list[int] = []
        self.block: list[Hashable] = []
        self.value: list[Hashable] = []
        self.attr: list[str | None] = []
        self.sites: list[frozenset[str]] = []
        self.d0: list[int | None] = []
        self.d1: list[int | None] = []
        self.masks: list[int] = []
        self.scores: list[int] = []
        self.parent: list[int] = []
        # Of each group (kept on its root): the attribute and places its units give, and how specific it is.
        self.group_attr: list[str | None] = []
        self.group_sites: list[frozenset[str]] = []
        self.group_areas: list[frozenset[str]] = []  # the countries the group's places lie in
        self.group_score: list[int] = []

    def add(
        self, members: list[int], key: _Key, d0: int | None, d1: int | None, areas: frozenset[str]
    ) -> None:
        block, value, attr, sites, _ = key
        self.head.append(self.heads.setdefault((block, value), len(self.heads)))
        self.members.append(members)
        self.block.append(block)
        self.value.append(value)
        self.attr.append(attr)  # type: ignore[arg-type]
        self.sites.append(sites)  # type: ignore[arg-type]
        self.d0.append(d0)
        self.d1.append(d1)
        mask = (1 if attr is not None else 0) | (2 if sites else 0)
        score = (mask & 1) + (mask >> 1) + (d0 is not None)
        self.masks.append(mask)
        self.scores.append(score)
        self.parent.append(len(self.parent))
        self.group_attr.append(attr)  # type: ignore[arg-type]
        self.group_sites.append(sites)  # type: ignore[arg-type]
        self.group_areas.append(areas)
        self.group_score.append(score)

    def mask(self, u: int) -> int:
        """Which of (attribute, places) the unit gives: bit 1 the attribute, bit 2 the places."""
        return self.masks[u]

    def find(self, u: int) -> int:
        parent = self.parent
        root = u
        while parent[root] != root:
            root = parent[root]
        while parent[u] != root:
            parent[u], u = root, parent[u]
        return root

    def join(self, u: int, into: int) -> None:
        """Merge u's group into `into`'s group (the root of `into` stays the root)."""
        a, b = self.find(u), self.find(into)
        if a != b:
            self.parent[a] = b
            d0 = [d for d in (self.d0[a], self.d0[b]) if d is not None]
            d1 = [d for d in (self.d1[a], self.d1[b]) if d is not None]
            self.d0[b] = min(d0) if d0 else None
            self.d1[b] = max(d1) if d1 else None
            self.group_attr[b] = self.group_attr[b] or self.group_attr[a]
            self.group_sites[b] = self.group_sites[b] | self.group_sites[a]
            self.group_areas[b] = self.group_areas[b] | self.group_areas[a]
            self.group_score[b] = max(self.group_score[a], self.group_score[b])


def group_facts(facts: Sequence[Fact], *, window: int = WINDOW_DAYS) -> list[list[int]]:
    """Indices of the facts in each group stating the same figure or act (every fact in one group)."""
    units = _chain(facts, window)
    index = _Index(units)
    _generalise(units, index, window)
    _anchor(facts, units, index, window)
    groups: dict[int, list[list[int]]] = defaultdict(list)
    for u, members in enumerate(units.members):
        groups[units.find(u)].append(members)
    never = 1 << 62
    result = []
    for parts in groups.values():
        if len(parts) == 1:  # one unit: its members are in date order already
            result.append(parts[0])
        else:
            merged = [i for part in parts for i in part]
            merged.sort(key=lambda i: (facts[i].day or never, facts[i].copy, facts[i].position))
            result.append(merged)
    return result


# -------------------------------------------------------------------------------------------- 1: exact keys


def _chain(facts: Sequence[Fact], window: int) -> _Units:
    by_key: dict[_Key, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        by_key[_exact_key(f)].append(i)
    units = _Units()
    for key, indices in by_key.items():
        if len(indices) == 1:
            i = indices[0]
            day = facts[i].day
            units.add(indices, key, day, day, facts[i].areas)
            continue
        # Members in date order, originals before their near-duplicate copies, then by where they stand.
        dated = sorted(
            (facts[i].day, facts[i].copy, facts[i].position, i) for i in indices if facts[i].day is not None
        )
        undated = sorted(
            (i for i in indices if facts[i].day is None), key=lambda i: (facts[i].copy, facts[i].position)
        )
        current: list[int] = []
        start = last = 0
        for day, _, _, i in dated:
            assert day is not None
            if current and day - last > window:
                units.add(current, key, start, last, _areas(facts, current))
                current = []
            if not current:
                start = day
            current.append(i)
            last = day
        if current:
            units.add(current, key, start, last, _areas(facts, current))
        if undated:
            units.add(undated, key, None, None, _areas(facts, undated))
    return units


def _areas(facts: Sequence[Fact], members: Sequence[int]) -> frozenset[str]:
    """The countries the members' places lie in."""
    first = facts[members[0]].areas
    if all(facts[i].areas == first for i in members):
        return first
    return frozenset().union(*(facts[i].areas for i in members))


# ---------------------------------------------------------------------------------------------- the index

_ANY = "\x00any"  # a key part that matches every value, known or not


class _Index:
    """Units by (block, value, attribute, place), each also under "any attribute" and "any place".

    A unit is filed under its attribute (None when it gives none) and under `_ANY`, and under each of its
    places (None when it names none) and under `_ANY`; so the units compatible with another — agreeing on what
    both give — are found with a few exact lookups, never by scanning the block.
    """

    def __init__(self, units: _Units) -> None:
        self.dated: dict[_Key, list[tuple[int, int]]] = defaultdict(list)  # (d0, unit), sorted by d0
        self.undated: dict[_Key, list[int]] = defaultdict(list)
        self.span: dict[_Key, int] = defaultdict(int)  # the longest d1 - d0 under each key
        for u in range(len(units.members)):
            d0, d1 = units.d0[u], units.d1[u]
            head = units.head[u]
            sites: list[str | None] = [*sorted(units.sites[u])] or [None]
            for attr in (units.attr[u], _ANY):
                for site in (*sites, _ANY):
                    key = (head, attr, site)
                    if d0 is None or d1 is None:
                        self.undated[key].append(u)
                    else:
                        self.dated[key].append((d0, u))
                        if d1 - d0 > self.span[key]:
                            self.span[key] = d1 - d0
        for entries in self.dated.values():
            entries.sort()

    @staticmethod
    def lookup_keys(units: _Units, u: int, value: Hashable = ...) -> list[_Key]:
        """The keys under which the units compatible with u (with u's value, or `value`) are filed."""
        head = units.head[u] if value is ... else units.heads.get((units.block[u], value))
        if head is None:
            return []
        attr = units.attr[u]
        attrs = [attr, None] if attr is not None else [_ANY]
        sites = [*sorted(units.sites[u]), None] if units.sites[u] else [_ANY]
        return [(head, a, s) for a in attrs for s in sites]


def _fitting(units: _Units, index: _Index, u: int, window: int, value: Hashable = ...) -> set[int] | None:
    """The groups (roots) other than u's own that u fits — agreeing with everything they give, and saying no
    more than they do — within `window` days; None when there are too many candidates to tell."""
    find, parent = units.find, units.parent
    d0s, d1s = units.d0, units.d1
    group_attr, group_sites, group_score = units.group_attr, units.group_sites, units.group_score
    group_areas = units.group_areas
    own = find(u)
    attr, sites, score = units.attr[u], units.sites[u], units.scores[u]
    areas = group_areas[own]  # the countries of u's whole group: a join never bridges two countries
    lo, hi = d0s[own], d1s[own]
    roots: set[int] = set()
    seen = 0
    for key in _Index.lookup_keys(units, u, value):
        candidates: list[int] = list(index.undated.get(key, ()))
        entries = index.dated.get(key)
        if entries:
            if lo is None or hi is None:
                candidates += [c for _, c in entries[: MAX_SCAN + 1]]
            else:
                start = bisect_left(entries, (lo - window - index.span[key], -1))
                last = hi + window
                for d, c in entries[start : start + MAX_SCAN + 1]:
                    if d > last:
                        break
                    candidates.append(c)
        seen += len(candidates)
        if seen > MAX_SCAN:
            return None
        for c in candidates:
            if c == u:
                continue
            root = c if parent[c] == c else find(c)
            if root == own or root in roots or group_score[root] < score:
                continue
            c0, c1 = d0s[root], d1s[root]
            dated = lo is not None and hi is not None and c0 is not None and c1 is not None
            if dated and (c0 > hi + window or c1 < lo - window):  # type: ignore[operator]
                continue
            known = group_attr[root]
            if attr is not None and known is not None and attr != known:
                continue
            places = group_sites[root]
            if sites and places and sites.isdisjoint(places):
                continue
            known_areas = group_areas[root]
            if areas and known_areas and areas.isdisjoint(known_areas):
                continue
            roots.add(root)
            if len(roots) > 1:
                return roots
    return roots


# ------------------------------------------------------------------------------------- 2: generalisation


def _generalise(units: _Units, index: _Index, window: int) -> None:
    """Each unit joins the one other group it fits, if just one fits: a group that agrees with everything the
    unit gives and says at least as much (so a vague unit never binds two specific groups together).

    Most specific units go first, so that what a vaguer unit finds are groups already made whole.
    """
    # A unit giving everything, at one place, has no group to join: the same key was chained by date already.
    order = sorted(
        (u for u in range(len(units.members)) if units.scores[u] < 3 or len(units.sites[u]) > 1),
        key=lambda u: (-units.scores[u], units.d0[u] or 0, u),
    )
    for u in order:
        roots = _fitting(units, index, u, window)
        if roots is not None and len(roots) == 1:
            units.join(u, roots.pop())


# ---------------------------------------------------------------------------------------------- 3: anchors


def _anchor(facts: Sequence[Fact], units: _Units, index: _Index, window: int) -> None:
    """Each bounded figure joins the exact figure near its stated number, if just one group fits there."""
    exact: dict[Hashable, set[int]] = defaultdict(set)  # block → exact values present
    bounded: dict[int, int] = {}  # root → its most specific unit (the scope to look up with)
    for u, value in enumerate(units.value):
        if not isinstance(value, tuple) or value[0] == "vague":
            continue
        if value[0] is Bound.EXACT:
            exact[units.block[u]].add(value[1])
        elif value[1] is not None:
            root = units.find(u)
            best = bounded.get(root)
            if best is None or units.mask(u) > units.mask(best):
                bounded[root] = u
    anchors = {block: sorted(values) for block, values in exact.items()}
    for _, u in sorted(bounded.items()):
        f = facts[units.members[u][0]]
        values = anchors.get(units.block[u])
        if not values or f.low is None:
            continue
        stated = f.number if f.number is not None else f.low
        low, high = _near(f)
        for v in _nearest(values, low, high, stated):
            roots = _fitting(units, index, u, window, (Bound.EXACT, v, v))
            if roots is None:
                break
            if roots:
                if len(roots) == 1:
                    units.join(u, roots.pop())
                break


def _near(f: Fact) -> tuple[int, int | None]:
    """The exact values a bounded figure is taken to repeat: near its number, not all it allows.

    "At least 6" is compatible with any larger number but repeats a 7, not a 96: an open bound reaches half
    again past its number (and one more), "up to N" down to two thirds of it.
    """
    assert f.low is not None and f.number is not None
    if f.bound is Bound.AT_LEAST:
        return f.number, f.number + f.number // 2 + 1
    if f.bound is Bound.AT_MOST:
        return (f.number * 2) // 3, f.number
    return f.low, f.high


def _nearest(values: list[int], low: int, high: int | None, stated: int) -> list[int]:
    """Up to MAX_ANCHORS values within [low, high], nearest `stated` first (lower one first on a tie)."""
    start, stop = bisect_left(values, low), len(values) if high is None else bisect_left(values, high + 1)
    if start >= stop:
        return []
    mid = min(max(bisect_left(values, stated), start), stop)
    below, above = mid - 1, mid
    picked: list[int] = []
    while len(picked) < MAX_ANCHORS and (below >= start or above < stop):
        if above < stop and (below < start or values[above] - stated < stated - values[below]):
            picked.append(values[above])
            above += 1
        else:
            picked.append(values[below])
            below -= 1
    return picked
