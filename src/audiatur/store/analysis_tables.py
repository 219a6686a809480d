"""The SQLAlchemy models of the analysis results (clusters, contradictions, timelines, incidents).

They live on the same `Base` as `tables.py`, so migrations and the models-vs-migrations check see them.
Analysis rows are derived data: they point at claims by id without a foreign key (re-extraction deletes and
replaces claims; the affected blocks are then recomputed), and every row names the **block** it was computed
in, so an incremental update replaces exactly the blocks it recomputes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from .tables import JSONDOC, KEY, SHA, Base, CleanString, CleanText, UTCDateTime

__all__ = [
    "AnalysisMemberRow",
    "AnalysisStateRow",
    "ClusterClaimRow",
    "ClusterRow",
    "ContradictionRow",
    "IncidentClaimRow",
    "IncidentRow",
    "TimelineRow",
]

BLOCK = CleanString(512)  # a block id: a short JSON array such as ["figure", "killed", "civilians"]


class AnalysisStateRow(Base):
    """How and when the analysis last ran (one row): a changed version or parties file forces a full run."""

    __tablename__ = "analysis_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[str] = mapped_column(CleanString(32))
    fingerprint: Mapped[str] = mapped_column(SHA)
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    counts: Mapped[dict[str, Any]] = mapped_column(JSONDOC)


class AnalysisMemberRow(Base):
    """A claim analysed in a block, with the origin and party the analysis gave it."""

    __tablename__ = "analysis_members"

    block: Mapped[str] = mapped_column(BLOCK, primary_key=True)
    claim_id: Mapped[str] = mapped_column(SHA, primary_key=True, index=True)
    document_id: Mapped[str] = mapped_column(SHA, index=True)
    speaker_id: Mapped[str | None] = mapped_column(KEY, index=True)
    origin_id: Mapped[str | None] = mapped_column(KEY)
    party: Mapped[str | None] = mapped_column(KEY)


class ClusterRow(Base):
    """Claims stating the same figure or the same act."""

    __tablename__ = "analysis_clusters"
    __table_args__ = (Index("ix_analysis_clusters_rank", "kind", "documents", "independent_origins"),)

    id: Mapped[str] = mapped_column(SHA, primary_key=True)
    block: Mapped[str] = mapped_column(BLOCK, index=True)
    kind: Mapped[str] = mapped_column(CleanString(32))
    label: Mapped[str] = mapped_column(CleanText)
    size: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)
    independent_origins: Mapped[int] = mapped_column(Integer)
    origins: Mapped[list[str]] = mapped_column(JSONDOC)
    parties: Mapped[list[str]] = mapped_column(JSONDOC)
    speakers: Mapped[list[str]] = mapped_column(JSONDOC)
    places: Mapped[list[dict[str, Any]]] = mapped_column(JSONDOC)
    measure: Mapped[str | None] = mapped_column(CleanString(32))
    subject_class: Mapped[str | None] = mapped_column(CleanString(32))
    low: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    victim_party: Mapped[str | None] = mapped_column(KEY)
    actor_party: Mapped[str | None] = mapped_column(KEY)
    action_class: Mapped[str | None] = mapped_column(CleanString(32))
    weapon: Mapped[str | None] = mapped_column(CleanText)
    polarity: Mapped[str | None] = mapped_column(CleanString(16))
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)


class ClusterClaimRow(Base):
    """A claim of a cluster, in the cluster's order."""

    __tablename__ = "analysis_cluster_claims"

    cluster_id: Mapped[str] = mapped_column(SHA, primary_key=True)
    claim_id: Mapped[str] = mapped_column(SHA, primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)


class ContradictionRow(Base):
    """Two claims that cannot both hold, from different origins."""

    __tablename__ = "analysis_contradictions"

    id: Mapped[str] = mapped_column(SHA, primary_key=True)
    block: Mapped[str] = mapped_column(BLOCK, index=True)
    kind: Mapped[str] = mapped_column(CleanString(32), index=True)
    claim_a: Mapped[str] = mapped_column(SHA, index=True)
    claim_b: Mapped[str] = mapped_column(SHA, index=True)
    cluster_a: Mapped[str | None] = mapped_column(SHA)
    cluster_b: Mapped[str | None] = mapped_column(SHA)
    party_a: Mapped[str | None] = mapped_column(KEY)
    party_b: Mapped[str | None] = mapped_column(KEY)
    origin_a: Mapped[str | None] = mapped_column(CleanText)
    origin_b: Mapped[str | None] = mapped_column(CleanText)
    reason: Mapped[str] = mapped_column(CleanText)
    date_a: Mapped[date | None] = mapped_column(Date)
    date_b: Mapped[date | None] = mapped_column(Date)
    on: Mapped[date | None] = mapped_column(Date)  # the later side's date, to list the latest first


class TimelineRow(Base):
    """One origin's values of one measure, subject class and scope over time."""

    __tablename__ = "analysis_timelines"

    id: Mapped[str] = mapped_column(SHA, primary_key=True)
    block: Mapped[str] = mapped_column(BLOCK, index=True)
    origin: Mapped[str] = mapped_column(CleanText)
    origin_id: Mapped[str | None] = mapped_column(KEY, index=True)
    party: Mapped[str | None] = mapped_column(KEY)
    measure: Mapped[str] = mapped_column(CleanString(32), index=True)
    subject_class: Mapped[str] = mapped_column(CleanString(32))
    size: Mapped[int] = mapped_column(Integer)
    points: Mapped[list[dict[str, Any]]] = mapped_column(JSONDOC)
    places: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONDOC)  # the scope ([]: no place given)


class IncidentRow(Base):
    """Claims about one event at one place, with the casualty ranges across sources."""

    __tablename__ = "analysis_incidents"

    id: Mapped[str] = mapped_column(SHA, primary_key=True)
    block: Mapped[str] = mapped_column(BLOCK, index=True)
    label: Mapped[str] = mapped_column(CleanText)
    place_id: Mapped[str | None] = mapped_column(KEY, index=True)
    place: Mapped[dict[str, Any] | None] = mapped_column(JSONDOC)
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    action_class: Mapped[str | None] = mapped_column(CleanString(32))
    size: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)
    parties: Mapped[list[str]] = mapped_column(JSONDOC)
    actor_parties: Mapped[list[str]] = mapped_column(JSONDOC)
    ranges: Mapped[list[dict[str, Any]]] = mapped_column(JSONDOC)


class IncidentClaimRow(Base):
    """A claim of an incident, in the incident's order."""

    __tablename__ = "analysis_incident_claims"

    incident_id: Mapped[str] = mapped_column(SHA, primary_key=True)
    claim_id: Mapped[str] = mapped_column(SHA, primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)
