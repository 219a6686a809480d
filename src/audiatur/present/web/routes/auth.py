"""Signing in and out. A new session on every sign-in (the browser's old one is dropped: no fixation)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from audiatur.present.api.auth import CSRF_COOKIE, SESSION_COOKIE, AuthConfig, LoginLimiter, Via, set_cookie
from audiatur.present.api.deps import CurrentPrincipal, StoreDep, check_csrf
from audiatur.present.api.errors import TooManyAttempts
from audiatur.present.web.pages import render
from audiatur.store import Store
from audiatur.store.accounts import LoginFailed

__all__ = ["router", "safe_next"]

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_form(request: Request) -> Response:
    """The sign-in form."""
    target = safe_next(request.query_params.get("next"))
    return render(request, "login.html", {"next": target, "problem": None, "name": ""})


def _sign_in(request: Request, store: Store, name: str, password: str, target: str) -> Response:
    config: AuthConfig = request.app.state.auth
    limiter: LoginLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    keys = (f"address:{client}", f"user:{name.casefold()}")
    wait = limiter.retry_after(*keys)
    if wait:
        raise TooManyAttempts(wait)
    try:
        user = store.authenticate(name, password)
    except LoginFailed as exc:
        limiter.failed(*keys)
        context = {"next": target, "problem": str(exc), "name": name}
        return render(request, "login.html", context, status=401)
    limiter.succeeded(keys[1])
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        store.end_session(old)
    session = store.start_session(user, lifetime=config.session_lifetime)
    response = RedirectResponse(target, status_code=303)
    set_cookie(
        request, response, SESSION_COOKIE, session.token, max_age=int(config.session_lifetime.total_seconds())
    )
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.post("/login")
async def login(request: Request, store: StoreDep, who: CurrentPrincipal) -> Response:
    """Check the name and password, then start a fresh session."""
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    await check_csrf(request, who)
    target = safe_next(values.get("next"))
    name, password = values.get("name", "").strip(), values.get("password", "")
    return await run_in_threadpool(_sign_in, request, store, name, password, target)


@router.post("/logout")
async def logout(request: Request, store: StoreDep, who: CurrentPrincipal) -> Response:
    """End the session (a session that already ended needs no CSRF check: there is nothing to end)."""
    if who.via is Via.SESSION:
        await check_csrf(request, who)
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await run_in_threadpool(store.end_session, token)
    response = RedirectResponse("/login?done=signed-out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
