"""Analysis results ↔ rows: every stored cluster, contradiction, timeline and incident is mapped here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audiatur.domain import (
    ActionClass,
    Bound,
    CasualtyRange,
    ClaimKind,
    Cluster,
    Contradiction,
    Incident,
    Measure,
    PlaceRef,
    Polarity,
    SubjectClass,
    Timeline,
    TimelinePoint,
    make_id,
)

from .analysis_tables import ClusterRow, ContradictionRow, IncidentRow, TimelineRow

__all__ = [
    "cluster_from_row",
    "cluster_values",
    "contradiction_from_row",
    "contradiction_values",
    "incident_from_row",
    "incident_values",
    "timeline_from_row",
    "timeline_values",
]


def _place_dict(place: PlaceRef) -> dict[str, Any]:
    return place.to_dict()


def _place_ref(value: Mapping[str, Any]) -> PlaceRef:
    return PlaceRef(id=str(value["id"]), name=str(value["name"]), names=tuple(value.get("names") or ()))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def cluster_values(block: str, c: Cluster) -> dict[str, Any]:
    return {
        "id": c.id,
        "block": block,
        "kind": str(c.kind),
        "label": c.label,
        "size": len(set(c.claim_ids)),
        "documents": c.documents,
        "independent_origins": c.independent_origins,
        "origins": list(c.origins),
        "parties": list(c.parties),
        "speakers": list(c.speakers),
        "places": [_place_dict(p) for p in c.places],
        "measure": str(c.measure) if c.measure else None,
        "subject_class": str(c.subject_class) if c.subject_class else None,
        "low": c.low,
        "high": c.high,
        "victim_party": c.victim_party,
        "actor_party": c.actor_party,
        "action_class": str(c.action_class) if c.action_class else None,
        "weapon": c.weapon,
        "polarity": str(c.polarity) if c.polarity else None,
        "date_start": c.date_start,
        "date_end": c.date_end,
    }


def cluster_from_row(row: ClusterRow, claim_ids: tuple[str, ...]) -> Cluster:
    return Cluster(
        id=row.id,
        kind=ClaimKind(row.kind),
        label=row.label,
        claim_ids=claim_ids,
        documents=row.documents,
        origins=tuple(row.origins),
        parties=tuple(row.parties),
        independent_origins=row.independent_origins,
        measure=Measure(row.measure) if row.measure else None,
        subject_class=SubjectClass(row.subject_class) if row.subject_class else None,
        low=row.low,
        high=row.high,
        speakers=tuple(row.speakers),
        places=tuple(_place_ref(p) for p in row.places),
        date_start=row.date_start,
        date_end=row.date_end,
        victim_party=row.victim_party,
        actor_party=row.actor_party,
        action_class=ActionClass(row.action_class) if row.action_class else None,
        weapon=row.weapon,
        polarity=Polarity(row.polarity) if row.polarity else None,
    )


def contradiction_values(block: str, c: Contradiction) -> dict[str, Any]:
    return {
        "id": c.id,
        "block": block,
        "kind": str(c.kind),
        "claim_a": c.claim_ids[0],
        "claim_b": c.claim_ids[1],
        "cluster_a": c.cluster_ids[0],
        "cluster_b": c.cluster_ids[1],
        "party_a": c.parties[0],
        "party_b": c.parties[1],
        "origin_a": c.origins[0],
        "origin_b": c.origins[1],
        "reason": c.reason,
        "on": max((d for d in c.dates if d is not None), default=None),
        "date_a": c.dates[0],
        "date_b": c.dates[1],
    }


def contradiction_from_row(row: ContradictionRow) -> Contradiction:
    return Contradiction(
        id=row.id,
        kind=ClaimKind(row.kind),
        claim_ids=(row.claim_a, row.claim_b),
        reason=row.reason,
        parties=(row.party_a, row.party_b),
        origins=(row.origin_a, row.origin_b),
        cluster_ids=(row.cluster_a, row.cluster_b),
        dates=(row.date_a, row.date_b),
    )


def timeline_values(block: str, t: Timeline) -> dict[str, Any]:
    points = [
        {
            "date": _iso(p.date),
            "value": p.value,
            "low": p.low,
            "high": p.high,
            "bound": str(p.bound),
            "claim_id": p.claim_id,
            "document_id": p.document_id,
            "places": [_place_dict(x) for x in p.places],
        }
        for p in t.points
    ]
    return {
        "id": make_id(
            "timeline", t.origin_id or t.origin, t.measure, t.subject_class, *(p.id for p in t.places)
        ),
        "block": block,
        "origin": t.origin,
        "origin_id": t.origin_id,
        "party": t.party,
        "measure": str(t.measure),
        "subject_class": str(t.subject_class),
        "size": len(points),
        "points": points,
        "places": [_place_dict(x) for x in t.places],
    }


def timeline_from_row(row: TimelineRow) -> Timeline:
    points = tuple(
        TimelinePoint(
            date=_date(p.get("date")),
            value=p.get("value"),
            low=p.get("low"),
            high=p.get("high"),
            bound=Bound(p["bound"]),
            claim_id=str(p["claim_id"]),
            document_id=str(p["document_id"]),
            places=tuple(_place_ref(x) for x in p.get("places") or ()),
        )
        for p in row.points
    )
    return Timeline(
        origin=row.origin,
        origin_id=row.origin_id,
        party=row.party,
        measure=Measure(row.measure),
        subject_class=SubjectClass(row.subject_class),
        points=points,
        places=tuple(_place_ref(x) for x in row.places or ()),
    )


def _range_dict(r: CasualtyRange) -> dict[str, Any]:
    return {
        "measure": str(r.measure),
        "subject_class": str(r.subject_class) if r.subject_class else None,
        "low": r.low,
        "high": r.high,
        "by_party": [[p, lo, hi] for p, lo, hi in r.by_party],
        "claim_ids": list(r.claim_ids),
    }


def _range(value: Mapping[str, Any]) -> CasualtyRange:
    return CasualtyRange(
        measure=Measure(value["measure"]),
        subject_class=SubjectClass(value["subject_class"]) if value.get("subject_class") else None,
        low=value.get("low"),
        high=value.get("high"),
        by_party=tuple((str(p), lo, hi) for p, lo, hi in value.get("by_party") or ()),
        claim_ids=tuple(value.get("claim_ids") or ()),
    )


def incident_values(block: str, i: Incident) -> dict[str, Any]:
    return {
        "id": i.id,
        "block": block,
        "label": i.label,
        "place_id": i.place.id if i.place else None,
        "place": _place_dict(i.place) if i.place else None,
        "date_start": i.date_start,
        "date_end": i.date_end,
        "action_class": str(i.action_class) if i.action_class else None,
        "size": len(set(i.claim_ids)),
        "documents": i.documents,
        "parties": list(i.parties),
        "actor_parties": list(i.actor_parties),
        "ranges": [_range_dict(r) for r in i.ranges],
    }


def incident_from_row(row: IncidentRow, claim_ids: tuple[str, ...]) -> Incident:
    return Incident(
        id=row.id,
        label=row.label,
        place=_place_ref(row.place) if row.place else None,
        date_start=row.date_start,
        date_end=row.date_end,
        action_class=ActionClass(row.action_class) if row.action_class else None,
        claim_ids=claim_ids,
        ranges=tuple(_range(r) for r in row.ranges),
        documents=row.documents,
        parties=tuple(row.parties),
        actor_parties=tuple(row.actor_parties),
    )
