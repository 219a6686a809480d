"""Actors: the list, an actor's page, and the analyst's edits (merge two actors, set an actor's party)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from audiatur.errors import AudiaturError
from audiatur.present.api.deps import Analyst, Reader, StoreDep
from audiatur.present.web.pages import render
from audiatur.store import ClaimFilter, Store

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/actors")
def actors(request: Request, store: StoreDep, _: Reader) -> Response:
    """Every actor, optionally those with a name containing `name` or of one party."""
    name = (request.query_params.get("name") or "").strip() or None
    party = (request.query_params.get("party") or "").strip() or None
    context = {
        "nav": "actors",
        "actors": store.list_actors(name=name, party=party),
        "parties": store.list_parties(),
        "name": name or "",
        "party": party or "",
    }
    return render(request, "actors.html", context)


def _actor_page(request: Request, store: Store, actor_id: str, *, problem: str | None = None) -> Response:
    actor = store.get_actor(actor_id)
    if actor.id != actor_id and problem is None:  # merged away: show the survivor
        return RedirectResponse(f"/actors/{actor.id}", status_code=303)
    context = {
        "nav": "actors",
        "actor": actor,
        "claims": store.count_claims(ClaimFilter(speaker_id=actor.id)),
        "others": [a for a in store.list_actors(limit=5000) if a.id != actor.id],
        "parties": store.list_parties(),
        "audit": store.audit_trail("actor", actor.id),
        "problem": problem,
    }
    return render(request, "actor.html", context, status=422 if problem else 200)


@router.get("/actors/{actor_id}")
def actor(actor_id: str, request: Request, store: StoreDep, _: Reader) -> Response:
    """An actor: names, role, party, claim count, audit trail, and the forms to merge and set the party."""
    return _actor_page(request, store, actor_id)


@router.post("/actors/{actor_id}/party")
def set_party(
    actor_id: str, request: Request, store: StoreDep, who: Analyst, party: str = Form("")
) -> Response:
    """Set (or with an empty value clear) the actor's party."""
    try:
        store.set_actor_party(actor_id, party.strip() or None, user=who.user)
    except AudiaturError as exc:
        return _actor_page(request, store, actor_id, problem=str(exc))
    return RedirectResponse(f"/actors/{actor_id}?done=party", status_code=303)


@router.post("/actors/{actor_id}/merge")
def merge(
    actor_id: str, request: Request, store: StoreDep, who: Analyst, drop_id: str = Form("")
) -> Response:
    """Merge the chosen actor into this one."""
    try:
        survivor = store.merge_actors(actor_id, drop_id, user=who.user)
    except AudiaturError as exc:
        return _actor_page(request, store, actor_id, problem=str(exc))
    return RedirectResponse(f"/actors/{survivor.id}?done=merged", status_code=303)
