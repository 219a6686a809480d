"""Neutral wording for analysis results: labels of clusters and incidents, reasons of contradictions.

Every sentence reports what a source says ("X says …", "Y denies it"); nothing states which side is right.
Contested places are named by the gazetteer's name for them, which gives every side's name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from audiatur.domain import ActionClass, Bound, Measure, Place, PlaceRef, Polarity, SubjectClass

from .facts import Fact

__all__ = [
    "action_phrase",
    "amount",
    "dates",
    "event_label",
    "event_reason",
    "figure_label",
    "figure_reason",
    "incident_label",
    "place_names",
    "place_refs",
    "who",
]

_ACTIONS = {
    ActionClass.ATTACK: "attack",
    ActionClass.WEAPON_USE: "use of weapons",
    ActionClass.TARGETING_CIVILIANS: "targeting of civilians",
    ActionClass.OTHER: "other act",
}
_BOUNDS = {Bound.AT_LEAST: "at least ", Bound.AT_MOST: "up to ", Bound.APPROX: "about "}
_DEEDS = {
    ActionClass.ATTACK: "carried out an attack",
    ActionClass.WEAPON_USE: "used weapons",
    ActionClass.TARGETING_CIVILIANS: "targeted civilians",
    ActionClass.OTHER: "carried out the act described",
}


def place_refs(sites: Iterable[str], places: Mapping[str, Place]) -> tuple[PlaceRef, ...]:
    """The places of these ids, by their gazetteer names (every name kept), sorted by name."""
    refs = [
        PlaceRef(id=p.id, name=p.name, names=p.names) if p is not None else PlaceRef(id=i, name=i)
        for i, p in ((i, places.get(i)) for i in set(sites))
    ]
    return tuple(sorted(refs, key=lambda r: (r.name.casefold(), r.id)))


def place_names(sites: Iterable[str], places: Mapping[str, Place]) -> str:
    """ "Harvik", "Pellin, Kolmo" (gazetteer names: a contested place shows every side's name)."""
    return ", ".join(r.name for r in place_refs(sites, places))


def dates(start: date | None, end: date | None) -> str:
    """ "2027-05-09", "2027-05-09 – 2027-05-14", or "" when undated."""
    if start is None:
        return ""
    if end is None or end == start:
        return start.isoformat()
    return f"{start.isoformat()} – {end.isoformat()}"


def amount(
    bound: Bound | None, number: int | None, low: int | None, high: int | None, quantity: str = ""
) -> str:
    """A figure's number as stated: "7", "at least 5", "up to 200", "about 20", "6–9", "dozens"."""
    if bound is Bound.VAGUE or number is None:
        return quantity.strip() or "an unstated number"
    if bound is Bound.RANGE and low is not None and high is not None and low != high:
        return f"{low:,}–{high:,}"
    prefix = _BOUNDS.get(bound, "") if bound is not None else ""
    return f"{prefix}{number:,}"


def who(fact: Fact) -> str:
    """The origin, with its party: "Ministry of Health of Velsaria (Velsaria)"; "each side (unattributed)"."""
    if not fact.origin.attributed:
        return f"{fact.speaker} (unattributed)"
    party = fact.origin.party
    return f"{fact.origin.name} ({party})" if party else fact.origin.name


def figure_label(
    measure: Measure,
    subject_class: SubjectClass,
    stated: str,
    *,
    places: str = "",
    victim: str | None = None,
    period: str = "",
) -> str:
    """ "civilians killed: 11 · Tamsk / Tamesh · victims: Velsaria · 2027-05-07 – 2027-05-16"."""
    parts = [f"{subject_class.value} {measure.value}: {stated}"]
    parts += [x for x in (places, f"victims: {victim}" if victim else "", period) if x]
    return " · ".join(parts)


def action_phrase(action_class: ActionClass | None, weapon: str | None) -> str:
    """ "attack", "use of weapons (cluster)"."""
    name = _ACTIONS.get(action_class, "act") if action_class is not None else "act"
    return f"{name} ({weapon})" if weapon else name


def event_label(
    actor_party: str | None,
    action_class: ActionClass | None,
    weapon: str | None,
    polarity: Polarity | None,
    *,
    places: str = "",
    period: str = "",
) -> str:
    """ "asserted: Kestria · use of weapons (cluster) · Tamsk / Tamesh · 2027-05-07 – 2027-05-08"."""
    stance = "denied" if polarity is Polarity.DENIED else "asserted"
    parts = [f"{stance}: {actor_party or 'an unnamed party'}", action_phrase(action_class, weapon)]
    parts += [x for x in (places, period) if x]
    return " · ".join(parts)


def figure_reason(a: Fact, b: Fact, places: Mapping[str, Place]) -> str:
    """ "X (P) says 11 civilians killed (Tamsk / Tamesh, 2027-05-07); Y (Q) says 2 (Tamsk / Tamesh, …)"."""
    what = (
        f"{a.subject_class.value if a.subject_class else ''} {a.measure.value if a.measure else ''}".strip()
    )
    first = (
        f"{who(a)} says {amount(a.bound, a.number, a.low, a.high, a.quantity)} {what}{_where_when(a, places)}"
    )
    second = f"{who(b)} says {amount(b.bound, b.number, b.low, b.high, b.quantity)}{_where_when(b, places)}"
    return f"{first}; {second}"


def event_reason(asserted: Fact, denied: Fact, places: Mapping[str, Place]) -> str:
    """ "X (P) says Kestria used weapons (cluster) in Tamsk / Tamesh (2027-05-07); Y (Q) denies it (…)"."""
    deed = _DEEDS.get(asserted.action_class, "acted") if asserted.action_class else "acted"
    weapon = f" ({asserted.weapon})" if asserted.weapon else ""
    actor = asserted.actor_party or "an unnamed party"
    first = f"{who(asserted)} says {actor} {deed}{weapon}{_where_when(asserted, places)}"
    return f"{first}; {who(denied)} denies it{_where_when(denied, places)}"


def incident_label(action_class: ActionClass | None, weapon: str | None, place: str, period: str) -> str:
    """ "attack (rocket) · Harvik · 2027-05-09 – 2027-05-10"."""
    return " · ".join(x for x in (action_phrase(action_class, weapon), place, period) if x)


def _where_when(fact: Fact, places: Mapping[str, Place]) -> str:
    where = place_names(fact.sites, places)
    when = fact.date.isoformat() if fact.date is not None else ""
    inner = ", ".join(x for x in (where, when) if x)
    return f" ({inner})" if inner else ""
