"""`/api/claims`: the ledger (filtered, keyset-paginated), one claim with its audit trail, and its review."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from audiatur.domain import ClaimKind, ClaimStatus, Measure
from audiatur.present.api.deps import Analyst, CacheDep, Reader, StoreDep
from audiatur.present.api.filters import ClaimQuery
from audiatur.present.api.memo import ByIdentity
from audiatur.present.api.schemas import (
    AuditEntryOut,
    ClaimCorrectionIn,
    ClaimOut,
    ClaimPageOut,
    ClaimReviewIn,
    ClaimStatusIn,
    audit_out,
    claim_out,
)
from audiatur.store import ClaimSort, Store
from audiatur.store.cache import LedgerCache

__all__ = ["router"]

router = APIRouter(prefix="/claims", tags=["claims"])
# Listed claims' API shapes, made once per claim record (see memo.py).
_LISTED: ByIdentity[ClaimOut] = ByIdentity(lambda record, document, _: claim_out(record, document))


def _one(store: Store, cache: LedgerCache, claim_id: str) -> ClaimOut:
    record = store.get_claim_record(claim_id)
    document_id = record.claim.document_id
    return claim_out(record, cache.document_infos([document_id], cache.mark()).get(document_id))


@router.get("", response_model=ClaimPageOut, summary="List claims")
def list_claims(
    store: StoreDep,
    cache: CacheDep,
    _: Reader,
    q: Annotated[str | None, Query(description="full-text search in the evidence")] = None,
    kind: Annotated[list[ClaimKind] | None, Query()] = None,
    status: Annotated[list[ClaimStatus] | None, Query()] = None,
    measure: Annotated[list[Measure] | None, Query()] = None,
    party: Annotated[list[str] | None, Query(description="the speaker's party")] = None,
    about: Annotated[list[str] | None, Query(description="party of the event actor or target")] = None,
    speaker: Annotated[str | None, Query(description="part of the speaker's name")] = None,
    speaker_id: str | None = None,
    place: Annotated[str | None, Query(description="a place id")] = None,
    document: Annotated[str | None, Query(description="a document id")] = None,
    date_from: Annotated[date | None, Query(alias="from", description="published on or after")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="published on or before")] = None,
    superseded: Annotated[bool, Query(description="include claims the extractor no longer finds")] = False,
    sort: ClaimSort = ClaimSort.CREATED,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    count: Annotated[bool, Query(description="also return the number of matches")] = False,
) -> ClaimPageOut:
    """A page of claims matching every given filter (repeat a parameter for any of several values)."""
    query = ClaimQuery(
        q=q,
        kind=kind or (),
        status=status or (),
        measure=measure or (),
        party=party or (),
        about=about or (),
        speaker=speaker,
        speaker_id=speaker_id,
        place=place,
        document=document,
        date_from=date_from,
        date_to=date_to,
        include_superseded=superseded,
    )
    claim_filter = query.to_filter()
    page = store.list_claims(claim_filter, limit=limit, after=cursor, sort=sort)
    mark = cache.mark()
    documents = cache.document_infos([r.claim.document_id for r in page.items], mark)
    return ClaimPageOut(
        items=[_LISTED(r, documents.get(r.claim.document_id)) for r in page.items],
        next_cursor=page.next_cursor,
        total=cache.count_claims(claim_filter, mark) if count else None,
    )


@router.get("/{claim_id}", response_model=ClaimOut, summary="One claim")
def get_claim(claim_id: str, store: StoreDep, cache: CacheDep, _: Reader) -> ClaimOut:
    """A claim (id or unique prefix), corrections applied, with its review state."""
    return _one(store, cache, claim_id)


@router.get("/{claim_id}/original", response_model=ClaimOut, summary="A claim as extracted")
def get_original(claim_id: str, store: StoreDep, cache: CacheDep, _: Reader) -> ClaimOut:
    """A claim exactly as the extractor found it, without corrections."""
    record = store.get_claim_record(claim_id, original=True)
    document_id = record.claim.document_id
    return claim_out(record, cache.document_infos([document_id], cache.mark()).get(document_id))


@router.get("/{claim_id}/audit", response_model=list[AuditEntryOut], summary="A claim's audit trail")
def claim_audit(claim_id: str, store: StoreDep, _: Reader) -> list[AuditEntryOut]:
    """Every review change to the claim, oldest first."""
    full_id = store.get_claim_record(claim_id).claim.id
    return [audit_out(e) for e in store.audit_trail("claim", full_id)]


@router.patch("/{claim_id}", response_model=ClaimOut, summary="Correct a claim")
def correct_claim(
    claim_id: str, body: ClaimCorrectionIn, store: StoreDep, cache: CacheDep, who: Analyst
) -> ClaimOut:
    """Lay corrected fields over the claim (it becomes `corrected`); 409 if someone changed it first."""
    store.update_claim(claim_id, body.changes, user=who.user, expected_version=body.expected_version)
    return _one(store, cache, claim_id)


@router.post("/{claim_id}/status", response_model=ClaimOut, summary="Accept or reject a claim")
def set_status(
    claim_id: str, body: ClaimStatusIn, store: StoreDep, cache: CacheDep, who: Analyst
) -> ClaimOut:
    """Accept or reject a claim (corrections stay); 409 if someone changed it first."""
    store.set_claim_status(claim_id, body.status, user=who.user, expected_version=body.expected_version)
    return _one(store, cache, claim_id)


@router.post("/{claim_id}/revert", response_model=ClaimOut, summary="Undo a claim's review")
def revert(claim_id: str, body: ClaimReviewIn, store: StoreDep, cache: CacheDep, who: Analyst) -> ClaimOut:
    """Drop corrections and review: the claim is again what was extracted."""
    store.revert_claim(claim_id, user=who.user, expected_version=body.expected_version)
    return _one(store, cache, claim_id)
