"""A claim's page (every source side by side, cluster, contradictions, audit) and its review form.

Review uses optimistic locking: the form carries the version the analyst saw. If someone else changed the
claim meanwhile, the page comes back (409) with the claim as it now is and the analyst's own values kept in
the form, so nothing typed is lost; saving again applies them over the new version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from audiatur.domain import Claim, ClaimStatus
from audiatur.errors import AudiaturError, Conflict
from audiatur.present.api.auth import Principal
from audiatur.present.api.deps import Analyst, Reader, StoreDep
from audiatur.present.web.analysis import claim_analysis
from audiatur.present.web.marking import evidence_in_paragraph
from audiatur.present.web.pages import render
from audiatur.present.web.review import FIELDS, changes_from_form, current_values
from audiatur.store import ClaimRecord, Store
from audiatur.store.accounts import Role
from audiatur.store.cache import LedgerCache

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_STATUS_ACTIONS = {"accept": ClaimStatus.ACCEPTED, "reject": ClaimStatus.REJECTED}


def _page(
    request: Request,
    store: Store,
    record: ClaimRecord,
    *,
    status: int = 200,
    form: Mapping[str, str] | None = None,
    problem: str | None = None,
    conflict: bool = False,
) -> Response:
    claim = record.claim
    document = store.get_document(claim.document_id)
    cache: LedgerCache = request.app.state.cache
    info = cache.document_infos([document.id], cache.mark()).get(document.id)
    analysis = claim_analysis(store, record, {document.id: (document.text, info)})
    context: dict[str, Any] = {
        "nav": "ledger",
        "record": record,
        "claim": claim,
        "document": info,
        "segments": evidence_in_paragraph(document.text, claim.evidence.start, claim.evidence.end),
        "analysis": analysis,
        "audit": store.audit_trail("claim", claim.id),
        "fields": FIELDS[claim.kind],
        "values": {**current_values(claim), **(form or {})},
        "problem": problem,
        "conflict": conflict,
        "original": store.get_claim(claim.id, original=True) if record.override else None,
        "actors": _actors(store, request, record.claim),
    }
    return render(request, "claim.html", context, status=status)


def _actors(store: Store, request: Request, claim: Claim) -> dict[str, str]:
    """Actor id → "name (party)", for the speaker choice of the edit form (only analysts see it).

    The claim's own speaker is always a choice, so saving other fields never clears it.
    """
    principal: Principal = request.state.principal
    if not principal.allows(Role.ANALYST):
        return {}
    actors = store.list_actors(limit=5000)
    if claim.speaker is not None:
        actors.append(claim.speaker)
    return {a.id: f"{a.name} ({a.party})" if a.party else a.name for a in actors}


@router.get("/claims/{claim_id}")
def claim_page(claim_id: str, request: Request, store: StoreDep, _: Reader) -> Response:
    """A claim with its sources, cluster, contradictions and audit trail."""
    record = store.get_claim_record(claim_id)
    if record.claim.id != claim_id:  # a prefix: send the browser to the one address of the claim
        return RedirectResponse(f"/claims/{record.claim.id}", status_code=301)
    return _page(request, store, record)


def _apply(store: Store, record: ClaimRecord, action: str, form: Mapping[str, str], who: Principal) -> str:
    """Carry out one review action; returns the message key to announce (raises on failure)."""
    claim_id, version = record.claim.id, int(form.get("expected_version") or -1)
    if action in _STATUS_ACTIONS:
        store.set_claim_status(claim_id, _STATUS_ACTIONS[action], user=who.user, expected_version=version)
        return str(_STATUS_ACTIONS[action])
    if action == "revert":
        store.revert_claim(claim_id, user=who.user, expected_version=version)
        return "reverted"
    if action == "edit":
        changes, problems = changes_from_form(record.claim, form)
        if problems:
            raise _FormProblem("; ".join(problems))
        if not changes:
            raise _FormProblem("nothing changed: edit a field before saving a correction")
        store.update_claim(claim_id, changes, user=who.user, expected_version=version)
        return "corrected"
    raise _FormProblem(f"unknown review action {action[:40]!r}")


class _FormProblem(AudiaturError):
    status = 422


@router.post("/claims/{claim_id}/review")
async def review_claim(claim_id: str, request: Request, store: StoreDep, who: Analyst) -> Response:
    """Accept, reject, correct or revert a claim, then show it again."""
    raw = await request.form()
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    return await run_in_threadpool(_review, request, store, claim_id, form, who)


def _review(
    request: Request, store: Store, claim_id: str, form: Mapping[str, str], who: Principal
) -> Response:
    record = store.get_claim_record(claim_id)
    action = form.get("review", "")
    kept = form if action == "edit" else None
    try:
        done = _apply(store, record, action, form, who)
    except Conflict as exc:
        fresh = store.get_claim_record(claim_id)
        return _page(request, store, fresh, status=409, form=kept, problem=str(exc), conflict=True)
    except AudiaturError as exc:
        return _page(request, store, record, status=exc.status, form=kept, problem=str(exc))
    return RedirectResponse(f"/claims/{record.claim.id}?done={done}#review", status_code=303)
