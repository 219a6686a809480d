"""`/api/contradictions`: pairs of claims that cannot both hold."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from audiatur.domain import ClaimKind
from audiatur.present.api.analysis_schemas import ContradictionOut, contradiction_out
from audiatur.present.api.deps import Reader, StoreDep

__all__ = ["router"]

router = APIRouter(tags=["analysis"])


@router.get("/contradictions", response_model=list[ContradictionOut], summary="List contradictions")
def list_contradictions(
    store: StoreDep,
    _: Reader,
    kind: ClaimKind | None = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> list[ContradictionOut]:
    """Contradictions, latest first: an act asserted and denied, or figures that cannot both hold."""
    return [contradiction_out(c) for c in store.list_contradictions(kind, limit=limit)]


@router.get(
    "/claims/{claim_id}/contradictions",
    response_model=list[ContradictionOut],
    summary="A claim's contradictions",
)
def contradictions_of_claim(claim_id: str, store: StoreDep, _: Reader) -> list[ContradictionOut]:
    """The contradictions a claim is a side of."""
    full_id = store.get_claim_record(claim_id).claim.id
    return [contradiction_out(c) for c in store.contradictions_of_claim(full_id)]
