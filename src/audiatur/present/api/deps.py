"""Dependencies shared by the API routers and the web pages: the store, the principal, role checks, CSRF.

A role check answers 401 to nobody (no session, no valid token) and 403 to a principal whose role is too
low; on a state-changing method it then checks that the request did not come from another site and
carries the principal's CSRF token (header `X-CSRF-Token`, or form field `csrf_token`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from audiatur.errors import PermissionDenied
from audiatur.store import Store
from audiatur.store.accounts import Role
from audiatur.store.cache import LedgerCache

from .auth import CSRF_FIELD, CSRF_HEADER, Principal, Via, csrf_matches
from .errors import CsrfRefused, NotAuthenticated

__all__ = [
    "Admin",
    "Analyst",
    "CacheDep",
    "CurrentPrincipal",
    "Reader",
    "StoreDep",
    "check_csrf",
    "get_principal",
    "get_store",
    "require",
]

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# The dependencies are `async`: FastAPI runs a plain `def` dependency on a worker thread, a hop that costs
# more than reading an attribute.


async def get_store(request: Request) -> Store:
    """The app's store."""
    store: Store = request.app.state.store
    return store


async def get_cache(request: Request) -> LedgerCache:
    """The app's per-process cache of places, parties and counts."""
    cache: LedgerCache = request.app.state.cache
    return cache


def get_principal(request: Request) -> Principal:
    """The principal the middleware resolved for this request."""
    principal: Principal = request.state.principal
    return principal


async def _current_principal(request: Request) -> Principal:
    return get_principal(request)


StoreDep = Annotated[Store, Depends(get_store)]
CacheDep = Annotated[LedgerCache, Depends(get_cache)]
CurrentPrincipal = Annotated[Principal, Depends(_current_principal)]


def _same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    parts = urlsplit(origin)
    return (parts.netloc or "").lower() == request.headers.get("host", "").lower()


async def check_csrf(request: Request, principal: Principal) -> None:
    """Refuse a state-changing request from another site or without the principal's CSRF token."""
    if request.method in _SAFE_METHODS or principal.via is Via.TOKEN:
        return
    if not _same_origin(request):
        raise CsrfRefused("refused: the request came from another site")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not csrf_matches(principal, sent):
        raise CsrfRefused("refused: the CSRF token is missing or out of date (reload the page and try again)")


def require(role: Role) -> Callable[..., object]:
    """A dependency giving the principal if it has at least `role` (401 / 403 otherwise; CSRF on writes)."""

    async def dependency(request: Request) -> Principal:
        principal = get_principal(request)
        if principal.role is None:
            raise NotAuthenticated("sign in first (or send an API token)")
        if not principal.role.allows(role):
            who = principal.name or "a public visitor"
            raise PermissionDenied(f"{who} ({principal.role}) may not do this: it needs the {role} role")
        await check_csrf(request, principal)
        return principal

    return dependency


Reader = Annotated[Principal, Depends(require(Role.VIEWER))]
Analyst = Annotated[Principal, Depends(require(Role.ANALYST))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
