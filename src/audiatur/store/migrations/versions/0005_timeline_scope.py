"""Timelines per scope: each timeline keeps the places its figures are for.

A timeline is one origin's figure for one measure, subject class and scope (place); `places` holds the scope
(`[]`: no place given). Rows written before have none; the analysis version that writes it recomputes them.

Revision ID: 0005_timeline_scope
Revises: 0004_listing_indexes
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_timeline_scope"
down_revision: str | None = "0004_listing_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types as they were when this migration was written (never import the live models into a migration).
JSONDOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.add_column("analysis_timelines", sa.Column("places", JSONDOC, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("analysis_timelines") as batch:
        batch.drop_column("places")
