"""`/api/actors` and `/api/parties`: who speaks and acts, and the analyst's actor edits (merge, set party)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from audiatur.present.api.deps import Analyst, Reader, StoreDep
from audiatur.present.api.schemas import (
    ActorMergeIn,
    ActorOut,
    ActorPartyIn,
    AuditEntryOut,
    PartyOut,
    actor_out,
    audit_out,
    party_out,
)

__all__ = ["router"]

router = APIRouter(tags=["actors"])


@router.get("/actors", response_model=list[ActorOut], summary="List actors")
def list_actors(
    store: StoreDep,
    _: Reader,
    name: Annotated[str | None, Query(description="part of the name")] = None,
    party: str | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> list[ActorOut]:
    """Actors by name (merged-away actors left out)."""
    return [actor_out(a) for a in store.list_actors(name=name, party=party, limit=limit)]


@router.get("/actors/{actor_id}", response_model=ActorOut, summary="One actor")
def get_actor(actor_id: str, store: StoreDep, _: Reader) -> ActorOut:
    """An actor; an actor merged away gives the actor it was merged into."""
    return actor_out(store.get_actor(actor_id))


@router.get("/actors/{actor_id}/audit", response_model=list[AuditEntryOut], summary="An actor's audit trail")
def actor_audit(actor_id: str, store: StoreDep, _: Reader) -> list[AuditEntryOut]:
    """Every change to the actor (party set, merges into it), oldest first."""
    return [audit_out(e) for e in store.audit_trail("actor", actor_id)]


@router.post("/actors/{actor_id}/merge", response_model=ActorOut, summary="Merge an actor into this one")
def merge_actor(actor_id: str, body: ActorMergeIn, store: StoreDep, who: Analyst) -> ActorOut:
    """Move the claims, statements and names of actor `drop_id` to this actor."""
    return actor_out(store.merge_actors(actor_id, body.drop_id, user=who.user))


@router.put("/actors/{actor_id}/party", response_model=ActorOut, summary="Set an actor's party")
def set_party(actor_id: str, body: ActorPartyIn, store: StoreDep, who: Analyst) -> ActorOut:
    """Set (or with null clear) the actor's party; extraction will not overwrite it."""
    return actor_out(store.set_actor_party(actor_id, body.party, user=who.user))


@router.get("/parties", response_model=list[PartyOut], summary="List parties")
def list_parties(store: StoreDep, _: Reader) -> list[PartyOut]:
    """Every party (each side, and `independent`)."""
    return [party_out(p) for p in store.list_parties()]
