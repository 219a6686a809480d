"""The audit log: every analyst change, hash-chained so that an edited or deleted row shows.

`hash = sha256(prev_hash + canonical JSON of the row's content)`; the first row chains from `GENESIS`.
The single `audit_head` row holds the last hash: writers lock it to append in turn, and `verify` compares
it with the last row to notice a tail cut off.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from .base import StoreBase, as_utc, now
from .mapping import audit_entry
from .payloads import clean, clean_json
from .records import AuditEntry, InvalidData
from .tables import AuditHeadRow, AuditRow

__all__ = ["GENESIS", "MERGE_ACTION", "Audit", "audit_content", "audit_hash", "canonical_json"]

log = logging.getLogger(__name__)

GENESIS = "0" * 64
MERGE_ACTION = "actor.merge"
_HEAD_ID = 1


def canonical_json(value: Any) -> str:
    """One fixed serialisation of a JSON value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def audit_content(row: Any) -> dict[str, Any]:
    """What an audit row's hash covers, from the row (or an entry with the same fields)."""
    return {
        "seq": row.seq,
        "at": as_utc(row.at).isoformat(timespec="microseconds"),
        "user": row.user,
        "action": row.action,
        "entity_type": row.entity_type,
        "entity_id": row.entity_id,
        "before": row.before,
        "after": row.after,
    }


def audit_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    """The chain hash of one audit row: SHA-256 of the previous hash and the row's canonical content."""
    return hashlib.sha256((prev_hash + canonical_json(content)).encode("utf-8")).hexdigest()


class Audit(StoreBase):
    """Writing and reading the audit trail."""

    def _audit(
        self,
        s: Session,
        *,
        user: str,
        action: str,
        entity_type: str,
        entity_id: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> AuditEntry:
        """Append one row to the chain, in the caller's transaction."""
        user, entity_id = clean(user).strip(), clean(entity_id)
        if not user:
            raise InvalidData("an analyst change needs a user name")
        s.execute(
            self._insert(AuditHeadRow)
            .values(id=_HEAD_ID, seq=0, hash=GENESIS)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        # FOR UPDATE queues concurrent PostgreSQL writers here; on SQLite BEGIN IMMEDIATE already did.
        head = s.scalars(select(AuditHeadRow).where(AuditHeadRow.id == _HEAD_ID).with_for_update()).one()
        # Round-trip through JSON so the hashed values are exactly what the database gives back.
        before_json = json.loads(canonical_json(clean_json(before))) if before is not None else None
        after_json = json.loads(canonical_json(clean_json(after))) if after is not None else None
        row = AuditRow(
            seq=head.seq + 1,
            at=now(),
            user=user,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            before=before_json,
            after=after_json,
            prev_hash=head.hash,
        )
        row.hash = audit_hash(head.hash, audit_content(row))
        s.add(row)
        head.seq, head.hash = row.seq, row.hash
        s.flush()
        log.info("audit: %s %s %s %s", user, action, entity_type, entity_id[:12])
        return audit_entry(row)

    def audit_trail(self, entity_type: str, entity_id: str) -> list[AuditEntry]:
        """Every audit entry about one entity, oldest first (for an actor, merges into it as well)."""
        about = and_(AuditRow.entity_type == entity_type, AuditRow.entity_id == entity_id)
        if entity_type == "actor":
            merged_in = and_(
                AuditRow.action == MERGE_ACTION, AuditRow.after["merged_into"].as_string() == entity_id
            )
            about = or_(about, merged_in)
        with self._reading() as s:
            rows = s.scalars(select(AuditRow).where(about).order_by(AuditRow.seq))
            return [audit_entry(r) for r in rows]

    def recent_audit(self, *, limit: int = 50, user: str | None = None) -> list[AuditEntry]:
        """The latest audit entries, newest first (optionally of one user)."""
        query = select(AuditRow).order_by(AuditRow.seq.desc()).limit(limit)
        if user is not None:
            query = query.where(AuditRow.user == user)
        with self._reading() as s:
            return [audit_entry(r) for r in s.scalars(query)]
