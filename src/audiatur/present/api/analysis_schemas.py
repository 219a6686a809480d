"""The API's JSON shapes of analysis results: clusters, contradictions, timelines, incidents.

Each mirrors its domain type field for field (tuples become lists, places `{id, name, names}`).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from audiatur.domain import Cluster, Contradiction, Incident, Timeline

__all__ = [
    "ClusterOut",
    "ContradictionOut",
    "IncidentOut",
    "PlaceRefOut",
    "RangeOut",
    "TimelineOut",
    "TimelinePointOut",
    "cluster_out",
    "contradiction_out",
    "incident_out",
    "timeline_out",
]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PlaceRefOut(_Out):
    """A place as claims name it, with every name it has."""

    id: str
    name: str
    names: list[str]


class ClusterOut(_Out):
    """Claims stating the same thing, and how many independent origins stand behind them."""

    id: str
    kind: str
    label: str = Field(description="neutral description of what the claims state")
    claim_ids: list[str]
    documents: int = Field(description="distinct documents (near-duplicate copies count once)")
    origins: list[str] = Field(description="who the claims originate from (repeaters are not origins)")
    parties: list[str]
    independent_origins: int
    speakers: list[str]
    measure: str | None
    subject_class: str | None
    low: int | None
    high: int | None
    places: list[PlaceRefOut]
    date_start: date | None
    date_end: date | None
    victim_party: str | None
    actor_party: str | None
    action_class: str | None
    weapon: str | None
    polarity: str | None


class ContradictionOut(_Out):
    """Two claims that cannot both hold (an act asserted and denied, or figures that cannot both be right)."""

    id: str
    kind: str
    claim_ids: list[str]
    reason: str = Field(description="neutral: who says what, never which is right")
    parties: list[str | None]
    origins: list[str | None]
    cluster_ids: list[str | None]
    dates: list[date | None]


class TimelinePointOut(_Out):
    """One value of a timeline."""

    date: date | None
    value: int | None
    low: int | None
    high: int | None
    bound: str
    claim_id: str
    document_id: str
    places: list[PlaceRefOut]


class TimelineOut(_Out):
    """One origin's figure for one measure, class and scope, over time (an update, not a contradiction)."""

    origin: str
    origin_id: str | None
    party: str | None
    measure: str
    subject_class: str
    points: list[TimelinePointOut]
    places: list[PlaceRefOut] = Field(
        default=[], description="the scope: the places the figures are for ([]: no place given)"
    )


class RangeOut(_Out):
    """The lowest and highest figure for one measure across an incident's sources (never a sum)."""

    measure: str
    subject_class: str | None
    low: int | None
    high: int | None
    by_party: list[tuple[str, int | None, int | None]] = Field(description="(party, low, high)")
    claim_ids: list[str]


class IncidentOut(_Out):
    """Claims about one event (place, date, act), with casualty ranges."""

    id: str
    label: str
    place: PlaceRefOut | None
    date_start: date | None
    date_end: date | None
    action_class: str | None
    claim_ids: list[str]
    ranges: list[RangeOut]
    documents: int
    parties: list[str]
    actor_parties: list[str]


def cluster_out(cluster: Cluster) -> ClusterOut:
    """The API shape of a cluster."""
    return ClusterOut.model_validate(cluster)


def contradiction_out(item: Contradiction) -> ContradictionOut:
    """The API shape of a contradiction."""
    return ContradictionOut.model_validate(item)


def timeline_out(timeline: Timeline) -> TimelineOut:
    """The API shape of a timeline."""
    return TimelineOut.model_validate(timeline)


def incident_out(incident: Incident) -> IncidentOut:
    """The API shape of an incident."""
    return IncidentOut.model_validate(incident)
