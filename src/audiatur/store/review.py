"""The analyst's review of claims: correct, accept, reject, revert. Each change is one audit row."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from audiatur.domain import Claim, ClaimKind, ClaimStatus
from audiatur.errors import Conflict

from .base import now
from .claims import Claims
from .mapping import row_claim
from .payloads import apply_override, claim_columns, effective_places, normalise_changes
from .records import InvalidData
from .tables import ClaimPlaceRow, ClaimRow

__all__ = ["Review"]

log = logging.getLogger(__name__)


class Review(Claims):
    """Analyst changes to claims, with optimistic locking."""

    def update_claim(
        self, claim_id: str, changes: Mapping[str, Any], *, user: str, expected_version: int
    ) -> Claim:
        """Correct a claim: `changes` are laid over what was extracted, and the claim becomes `corrected`.

        Fields are those of the claim's kind (`value`, `measure`, `places` as place ids, …) plus
        `speaker_id`, `mention` and `attribution`. A stale `expected_version` raises Conflict.
        """
        with self._writing() as s:
            row = self._locked(s, claim_id, expected_version)
            override = normalise_changes(
                ClaimKind(row.kind), row.data, row.override, changes, lambda pid: self._place_ref(s, pid)
            )
            speaker_id = override.get("speaker_id")
            if speaker_id is not None and not self._actors_by_id(s, [speaker_id]):
                raise InvalidData(f"no actor {str(speaker_id)[:16]} to attribute the claim to")
            return self._change(
                s, row, user=user, action="claim.correct", override=override, status=ClaimStatus.CORRECTED
            )

    def set_claim_status(
        self, claim_id: str, status: ClaimStatus | str, *, user: str, expected_version: int
    ) -> Claim:
        """Accept or reject a claim (or return it to `extracted`); corrections stay as they are."""
        try:
            new = ClaimStatus(status)
        except ValueError as exc:
            raise InvalidData(f"unknown claim status {status!r}") from exc
        with self._writing() as s:
            row = self._locked(s, claim_id, expected_version)
            if new is ClaimStatus.CORRECTED and not row.override:
                raise InvalidData(
                    "a claim becomes corrected by changing it (update_claim), not by its status"
                )
            if new is ClaimStatus.EXTRACTED and row.override:
                raise InvalidData("this claim has corrections: revert it to return it to extracted")
            return self._change(s, row, user=user, action=f"claim.{new}", override=row.override, status=new)

    def revert_claim(self, claim_id: str, *, user: str, expected_version: int) -> Claim:
        """Drop a claim's corrections and review: it is again exactly what was extracted."""
        with self._writing() as s:
            row = self._locked(s, claim_id, expected_version)
            return self._change(
                s, row, user=user, action="claim.revert", override=None, status=ClaimStatus.EXTRACTED
            )

    def _locked(self, s: Session, claim_id: str, expected_version: int) -> ClaimRow:
        full_id = self._resolve_prefix(s, ClaimRow.id, "claim", claim_id)
        row = s.get_one(ClaimRow, full_id, with_for_update=True)
        if row.version != expected_version:
            raise Conflict(
                f"claim {full_id[:12]} was changed by someone else (now version {row.version}, "
                f"you had {expected_version}): reload it and apply your change again"
            )
        return row

    def _change(
        self,
        s: Session,
        row: ClaimRow,
        *,
        user: str,
        action: str,
        override: dict[str, Any] | None,
        status: ClaimStatus,
    ) -> Claim:
        before = {"status": row.status, "override": row.override, "version": row.version}
        speaker_ids = [i for i in (row.data.get("speaker_id"), (override or {}).get("speaker_id")) if i]
        speakers = self._actors_by_id(s, speaker_ids)
        try:
            claim = row_claim(row, apply_override(row.data, override), str(status), speakers)
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidData(f"claim {row.id[:12]}: the change gives an invalid claim: {exc}") from exc
        at = now()
        row.override = override or None
        row.status = str(status)
        row.version += 1
        row.reviewed_by = user if status is not ClaimStatus.EXTRACTED else None
        row.reviewed_at = at if status is not ClaimStatus.EXTRACTED else None
        row.updated_at = at
        row.speaker_party = claim.speaker.party if claim.speaker else None
        for key, value in claim_columns(claim).items():
            setattr(row, key, value)
        s.execute(delete(ClaimPlaceRow).where(ClaimPlaceRow.claim_id == row.id))
        for place_id in dict.fromkeys(p.id for p in effective_places(claim)):
            s.add(ClaimPlaceRow(claim_id=row.id, place_id=place_id))
        s.flush()
        after = {"status": row.status, "override": row.override, "version": row.version}
        self._audit(
            s, user=user, action=action, entity_type="claim", entity_id=row.id, before=before, after=after
        )
        return claim
