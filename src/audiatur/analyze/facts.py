"""Facts: a claim as the analysis compares it — its date, specific places, value interval and origin.

A figure's date is the end of the period the text gives, else its document's publication date; an event's is
the date the text gives, else publication. A figure's value is an interval: exact 7 → [7, 7]; "at least 5" →
[5, ∞); "up to 200" → [0, 200]; "about 20" → [18, 22]; "between 6 and 9" → [6, 9]; vague quantities
("dozens") are never compared. Places of broad kinds (countries, regions) do not locate a claim, nor does a
capital named beside other places (a dateline, or the government speaking).

Besides its sites, a fact keeps its **areas** — the countries its places lie in, broad places included — so that
a figure for a district of one country is never taken for a figure at a town of another; and, for figures, its
**scope**: the places its count is for (see `figure_scope`), by which timelines are kept apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from audiatur.domain import (
    ActionClass,
    Attribution,
    Bound,
    Claim,
    ClaimKind,
    Measure,
    Place,
    Polarity,
    SubjectClass,
)

from .origins import Origin
from .parties import PartyBook

__all__ = [
    "BROAD_PLACE_KINDS",
    "Fact",
    "block_id",
    "event_block",
    "figure_block",
    "figure_scope",
    "make_fact",
    "parse_block",
    "place_block",
    "value_interval",
]

# Places of these kinds name an area, not the site of an act or a toll.
BROAD_PLACE_KINDS = frozenset(
    {"country", "region", "province", "state", "oblast", "governorate", "district", "continent", "area"}
)
_APPROX = 0.1  # "about N" spans N ± 10 % (at least ± 1)


@dataclass(slots=True, eq=False)
class Fact:
    """One claim as the analysis compares it."""

    claim_id: str
    document_id: str  # the original document (a near-duplicate's claims count under the one it copies)
    kind: ClaimKind
    block: str  # the id of the block it is clustered in (figures: measure and class; events: party and class)
    origin: Origin
    speaker: str
    speaker_id: str | None
    day: int | None  # the date as an ordinal (date.toordinal), or None
    stated: bool  # the date comes from the text, not from publication
    sites: frozenset[str]  # ids of the specific places named
    areas: frozenset[str] = frozenset()  # the countries (folded names) its places, broad ones too, lie in
    scope: frozenset[str] = frozenset()  # figures: ids of the places the count is for (see figure_scope)
    attribution: Attribution = Attribution.UNATTRIBUTED
    copy: bool = False  # found in a near-duplicate of another document
    position: tuple[str, int] = ("", 0)  # (document source, evidence start): the last tie-breaker, name-blind
    measure: Measure | None = None
    subject_class: SubjectClass | None = None
    victim: str | None = None
    perpetrator: str | None = None
    bound: Bound | None = None
    number: int | None = None  # the number as stated (the low end of a range)
    quantity: str = ""  # the number as written ("at least 21", "dozens")
    low: int | None = None  # the interval of values the claim allows (None: unbounded or vague)
    high: int | None = None
    actor_party: str | None = None
    action_class: ActionClass | None = None
    polarity: Polarity | None = None
    weapon: str | None = None

    @property
    def date(self) -> date | None:
        """The fact's date."""
        return date.fromordinal(self.day) if self.day is not None else None

    @property
    def vague(self) -> bool:
        """A vague quantity ("dozens"), never compared with others."""
        return self.bound is Bound.VAGUE or (self.kind is ClaimKind.FIGURE and self.low is None)

    def ends(self) -> tuple[int | None, int | None]:
        """The numbers a figure states: both ends of a range, else its number twice."""
        if self.bound is Bound.RANGE and self.low is not None and self.high is not None:
            return self.low, self.high
        return self.number, self.number

    @property
    def point(self) -> bool:
        """An exact value."""
        return self.low is not None and self.low == self.high and self.bound is Bound.EXACT


def value_interval(
    bound: Bound, value: int | None, low: int | None, high: int | None
) -> tuple[int | None, int | None]:
    """The values a stated figure allows: (low, high), high None for unbounded; (None, None) when vague."""
    v = value if value is not None else low
    if bound is Bound.VAGUE or v is None:
        return None, None
    if bound is Bound.EXACT:
        return v, v
    if bound is Bound.AT_LEAST:
        return v, None
    if bound is Bound.AT_MOST:
        return 0, v
    if bound is Bound.APPROX:
        tolerance = max(1, round(v * _APPROX))
        return max(0, v - tolerance), v + tolerance
    lo = low if low is not None else v
    hi = high if high is not None else v
    return min(lo, hi), max(lo, hi)


def make_fact(
    claim: Claim,
    *,
    published: date | None,
    document_id: str,
    origin: Origin,
    places: Mapping[str, Place],
    book: PartyBook,
    copy: bool = False,
    source: str = "",
) -> Fact | None:
    """The fact of a figure or event claim (None for other kinds)."""
    figure, event = claim.figure, claim.event
    if figure is None and event is None:
        return None
    refs = figure.places if figure is not None else event.places if event is not None else ()
    kinds = {r.id: places[r.id].kind if r.id in places else None for r in refs}
    sites = frozenset(i for i, kind in kinds.items() if kind not in BROAD_PLACE_KINDS)
    if len(sites) > 1:
        # A capital named beside other places is most often a dateline, or the government speaking ("Ostrell
        # denies"), not where the act happened or the toll was counted.
        sites = frozenset(i for i in sites if kinds[i] != "capital") or sites
    # The countries of the places that locate the claim (not of a capital set aside above as a dateline).
    located = [i for i, kind in kinds.items() if i in sites or kind in BROAD_PLACE_KINDS]
    areas = frozenset(a for a in (_country_of(places.get(i)) for i in located) if a)
    fact = Fact(
        claim_id=claim.id,
        document_id=document_id,
        kind=claim.kind,
        block="",
        origin=origin,
        speaker=claim.speaker.name if claim.speaker is not None else origin.name,
        speaker_id=claim.speaker.id if claim.speaker is not None else None,
        day=None,
        stated=False,
        sites=sites,
        areas=areas,
        attribution=claim.attribution,
        copy=copy,
        position=(source, claim.evidence.start),
    )
    if figure is not None:
        stated = figure.period.end if figure.period is not None else None
        day = stated or published
        fact.block = figure_block(str(figure.measure), str(figure.subject_class))
        fact.day, fact.stated = (day.toordinal() if day else None), stated is not None
        fact.measure, fact.subject_class = figure.measure, figure.subject_class
        fact.scope = figure_scope(sites, located, places)
        fact.victim = book.canonical(figure.victim_party)
        fact.perpetrator = book.canonical(figure.perpetrator)
        fact.bound = figure.bound
        fact.number = figure.value if figure.value is not None else figure.low
        fact.quantity = figure.quantity
        fact.low, fact.high = value_interval(figure.bound, figure.value, figure.low, figure.high)
    elif event is not None:
        day = event.date or published
        fact.block = event_block(event.actor_party, str(event.action_class))
        fact.day, fact.stated = (day.toordinal() if day else None), event.date is not None
        fact.actor_party = book.canonical(event.actor_party)
        fact.action_class, fact.polarity = event.action_class, event.polarity
        fact.weapon = " ".join(event.weapon.casefold().split()) or None if event.weapon else None
    return fact


def figure_scope(sites: frozenset[str], named: Iterable[str], places: Mapping[str, Place]) -> frozenset[str]:
    """The places a figure's count is for: its sites; else the broad places it names (regions before the
    countries they lie in); else none.

    A capital named beside its own country and no other site is the dateline or the government speaking
    ("Ostrell, 12 May – … 21 civilians killed in Kestria"): the count is the country's, not the capital's.
    """
    kinds = {i: places[i].kind if i in places else None for i in dict.fromkeys(named) if i not in sites}
    broad = [i for i, kind in kinds.items() if kind in BROAD_PLACE_KINDS]
    countries = {_fold(places[i].name) for i in broad if kinds[i] == "country"}
    kept = frozenset(
        i
        for i in sites
        if not (i in places and places[i].kind == "capital" and _fold(places[i].country or "") in countries)
    )
    if kept:
        return kept
    regions = frozenset(i for i in broad if kinds[i] != "country")
    return regions or frozenset(broad)


def _country_of(place: Place | None) -> str | None:
    """The folded name of the country a place is, or lies in (None when unknown or contested)."""
    if place is None:
        return None
    name = place.name if place.kind == "country" else place.country
    return _fold(name) if name else None


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


# ------------------------------------------------------------------------------------------------- blocks


def block_id(*parts: str | None) -> str:
    """A block id: a short JSON array (the store keeps it as an opaque string)."""
    return json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))


def figure_block(measure: str, subject_class: str) -> str:
    """The block of figures of one measure and subject class."""
    return block_id("figure", measure, subject_class)


def event_block(actor_party: str | None, action_class: str) -> str:
    """The block of events of one class by one actor party."""
    return block_id("event", actor_party, action_class)


def place_block(place_id: str) -> str:
    """The block of incidents at one place."""
    return block_id("place", place_id)


def parse_block(block: str) -> tuple[str, str | None, str | None]:
    """(kind, first key, second key) of a block id."""
    parts = json.loads(block)
    if not isinstance(parts, list) or not parts or parts[0] not in ("figure", "event", "place"):
        raise ValueError(f"not a block id: {block!r}")
    padded = [*parts, None, None]
    return str(parts[0]), padded[1], padded[2]
