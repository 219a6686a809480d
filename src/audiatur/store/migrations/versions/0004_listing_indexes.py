"""Ledger listing indexes: a place's claims in creation order from indexes alone.

`claim_places (place_id, claim_id)` replaces the index on `place_id` (it answers everything that one did and
also gives the claim ids without the table); `claims (id, seq)` maps those ids to the creation order without
reading the claims.

Revision ID: 0004_listing_indexes
Revises: 0003_accounts
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004_listing_indexes"
down_revision: str | None = "0003_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_claim_places_place_claim", "claim_places", ["place_id", "claim_id"])
    op.drop_index("ix_claim_places_place_id", table_name="claim_places")
    op.create_index("ix_claims_id_seq", "claims", ["id", "seq"])


def downgrade() -> None:
    op.drop_index("ix_claims_id_seq", table_name="claims")
    op.create_index("ix_claim_places_place_id", "claim_places", ["place_id"])
    op.drop_index("ix_claim_places_place_claim", table_name="claim_places")
