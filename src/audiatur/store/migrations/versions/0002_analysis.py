"""The analysis results: clusters, contradictions, timelines, incidents, and what each block analysed.

Revision ID: 0002_analysis
Revises: 0001_initial
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_analysis"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types as they were when this migration was written (never import the live models into a migration).
SHA = sa.String(64)
KEY = sa.String(255)
BLOCK = sa.String(512)
JSONDOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIME = sa.DateTime(timezone=True)

_TABLES = (
    "analysis_state",
    "analysis_members",
    "analysis_clusters",
    "analysis_cluster_claims",
    "analysis_contradictions",
    "analysis_timelines",
    "analysis_incidents",
    "analysis_incident_claims",
)


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=f"pk_{table}")


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    op.create_table(
        "analysis_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("fingerprint", SHA, nullable=False),
        sa.Column("analysed_at", TIME, nullable=False),
        sa.Column("counts", JSONDOC, nullable=False),
        _pk("analysis_state", "id"),
    )
    op.create_table(
        "analysis_members",
        sa.Column("block", BLOCK, nullable=False),
        sa.Column("claim_id", SHA, nullable=False),
        sa.Column("document_id", SHA, nullable=False),
        sa.Column("speaker_id", KEY),
        sa.Column("origin_id", KEY),
        sa.Column("party", KEY),
        _pk("analysis_members", "block", "claim_id"),
    )
    _indexes("analysis_members", "claim_id", "document_id", "speaker_id")
    op.create_table(
        "analysis_clusters",
        sa.Column("id", SHA, nullable=False),
        sa.Column("block", BLOCK, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("independent_origins", sa.Integer(), nullable=False),
        sa.Column("origins", JSONDOC, nullable=False),
        sa.Column("parties", JSONDOC, nullable=False),
        sa.Column("speakers", JSONDOC, nullable=False),
        sa.Column("places", JSONDOC, nullable=False),
        sa.Column("measure", sa.String(32)),
        sa.Column("subject_class", sa.String(32)),
        sa.Column("low", sa.BigInteger()),
        sa.Column("high", sa.BigInteger()),
        sa.Column("victim_party", KEY),
        sa.Column("actor_party", KEY),
        sa.Column("action_class", sa.String(32)),
        sa.Column("weapon", sa.Text()),
        sa.Column("polarity", sa.String(16)),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        _pk("analysis_clusters", "id"),
    )
    _indexes("analysis_clusters", "block")
    op.create_index(
        "ix_analysis_clusters_rank", "analysis_clusters", ["kind", "documents", "independent_origins"]
    )
    op.create_table(
        "analysis_cluster_claims",
        sa.Column("cluster_id", SHA, nullable=False),
        sa.Column("claim_id", SHA, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _pk("analysis_cluster_claims", "cluster_id", "claim_id"),
    )
    _indexes("analysis_cluster_claims", "claim_id")
    op.create_table(
        "analysis_contradictions",
        sa.Column("id", SHA, nullable=False),
        sa.Column("block", BLOCK, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("claim_a", SHA, nullable=False),
        sa.Column("claim_b", SHA, nullable=False),
        sa.Column("cluster_a", SHA),
        sa.Column("cluster_b", SHA),
        sa.Column("party_a", KEY),
        sa.Column("party_b", KEY),
        sa.Column("origin_a", sa.Text()),
        sa.Column("origin_b", sa.Text()),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("date_a", sa.Date()),
        sa.Column("date_b", sa.Date()),
        sa.Column("on", sa.Date()),
        _pk("analysis_contradictions", "id"),
    )
    _indexes("analysis_contradictions", "block", "kind", "claim_a", "claim_b")
    op.create_table(
        "analysis_timelines",
        sa.Column("id", SHA, nullable=False),
        sa.Column("block", BLOCK, nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("origin_id", KEY),
        sa.Column("party", KEY),
        sa.Column("measure", sa.String(32), nullable=False),
        sa.Column("subject_class", sa.String(32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("points", JSONDOC, nullable=False),
        _pk("analysis_timelines", "id"),
    )
    _indexes("analysis_timelines", "block", "origin_id", "measure")
    op.create_table(
        "analysis_incidents",
        sa.Column("id", SHA, nullable=False),
        sa.Column("block", BLOCK, nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("place_id", KEY),
        sa.Column("place", JSONDOC),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("action_class", sa.String(32)),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("parties", JSONDOC, nullable=False),
        sa.Column("actor_parties", JSONDOC, nullable=False),
        sa.Column("ranges", JSONDOC, nullable=False),
        _pk("analysis_incidents", "id"),
    )
    _indexes("analysis_incidents", "block", "place_id", "date_start")
    op.create_table(
        "analysis_incident_claims",
        sa.Column("incident_id", SHA, nullable=False),
        sa.Column("claim_id", SHA, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _pk("analysis_incident_claims", "incident_id", "claim_id"),
    )
    _indexes("analysis_incident_claims", "claim_id")


def downgrade() -> None:
    for table in reversed(_TABLES):
        op.drop_table(table)
