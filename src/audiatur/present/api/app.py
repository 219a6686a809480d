"""The application: the REST API under `/api` (OpenAPI at `/docs`) and the web pages, in one FastAPI app."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from audiatur import __version__
from audiatur.store import Store, open_store
from audiatur.store.cache import LedgerCache

from .auth import (
    CSRF_COOKIE,
    AuthConfig,
    LoginLimiter,
    Principal,
    Via,
    needs_store,
    resolve_principal,
    set_cookie,
)
from .errors import install_error_handlers
from .routers import ROUTERS
from .security import install_docs, secure_headers
from .shedding import LoadShedding, ServeLimits

__all__ = [
    "SERVE_ENV",
    "AuthConfig",
    "ServeLimits",
    "app_from_env",
    "create_app",
    "limit_malloc_arenas",
    "serve_settings",
]

# `audiatur serve` hands each server process its database and options in this variable (JSON).
SERVE_ENV = "AUDIATUR_SERVE"
# glibc's malloc arenas a server process may use (mallopt M_ARENA_MAX): by default each request thread may get
# its own (up to 8 a core), and memory freed in one arena is not reused by another, so a long-running server's
# RSS crept up (a 200 s soak at 50 req/s, two processes: +11.0 % with the default, +5.5 % with 2 arenas).
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8

log = logging.getLogger(__name__)

_NOBODY = Principal(name=None, role=None, via=Via.ANONYMOUS, csrf_token=None)
_NO_PRINCIPAL_PREFIXES = ("/static/", "/vendor/")


def create_app(
    store: Store | str, config: AuthConfig | None = None, limits: ServeLimits | None = None
) -> FastAPI:
    """The app over a store (or the ledger at a database URL, opened here and closed at shutdown); with
    `limits`, an overloaded app answers 503 instead of queueing (see `shedding`)."""
    from audiatur.present.web import install_web

    owned = isinstance(store, str)
    ledger = open_store(store) if isinstance(store, str) else store
    auth = config or AuthConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            ledger.close()

    app = FastAPI(
        title="audiatur",
        version=__version__,
        description=(
            "The claims ledger: every claim attributed to its speaker and tied to its source's words. "
            "Reads need a viewer (or `--public`), reviews an analyst. Scripts send "
            "`Authorization: Bearer <token>` (`audiatur user token NAME`); browsers with a session cookie "
            "send `X-CSRF-Token` on writes."
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    ledger.cache_reads()  # speakers and listed claims, checked against the ledger's change mark
    app.state.store = ledger
    app.state.cache = LedgerCache(ledger)
    app.state.auth = auth
    app.state.limiter = LoginLimiter(auth.login_attempts, auth.login_window.total_seconds())

    api = APIRouter(prefix="/api")

    @api.get("/health", tags=["meta"], summary="Liveness")
    def health() -> dict[str, object]:
        """Whether the server answers, and its version (needs no sign-in)."""
        return {"ok": True, "version": __version__}

    for router in ROUTERS:
        api.include_router(router)
    app.include_router(api)
    install_docs(app)
    page = install_web(app)
    install_error_handlers(app, page)

    app.add_middleware(PrincipalAndHeaders, ledger=ledger, auth=auth)
    if limits is not None:
        app.add_middleware(LoadShedding, limits=limits)
    return app


class PrincipalAndHeaders:
    """ASGI middleware: resolves each request's principal (`request.state.principal`) and sets the
    security headers and the CSRF cookie on its answer (plain ASGI: no extra task or stream per request)."""

    def __init__(self, app: ASGIApp, ledger: Store, auth: AuthConfig) -> None:
        self.app, self.ledger, self.auth = app, ledger, auth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if scope["path"].startswith(_NO_PRINCIPAL_PREFIXES):
            principal = _NOBODY
        elif needs_store(request):  # a token or a session to look up: off the event loop
            principal = await run_in_threadpool(resolve_principal, request, self.ledger, self.auth)
        else:
            principal = resolve_principal(request, self.ledger, self.auth)
        request.state.principal = principal

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                cookies = " ".join(headers.getlist("set-cookie"))
                if principal.new_csrf_cookie and principal.csrf_token and CSRF_COOKIE not in cookies:
                    carrier = Response()
                    set_cookie(request, carrier, CSRF_COOKIE, principal.csrf_token, max_age=None)
                    headers.append("set-cookie", carrier.headers["set-cookie"])
                secure_headers(request, headers)
            await send(message)

        await self.app(scope, receive, sending)


def serve_settings(url: str, config: AuthConfig, limits: ServeLimits) -> str:
    """What `app_from_env` reads back (the value of SERVE_ENV)."""
    return json.dumps(
        {
            "url": url,
            "public": config.public,
            "local_admin": config.local_admin,
            "max_pending": limits.max_pending,
            "timeout": limits.timeout,
            "threads": limits.threads,
        }
    )


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let glibc's malloc use at most `arenas` arenas in this process (see MALLOC_ARENAS); False where the C
    library is not glibc (nothing to do)."""
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt if name else None
    except (OSError, AttributeError):
        mallopt = None
    if mallopt is None:
        return False
    return bool(mallopt(_M_ARENA_MAX, arenas))


def app_from_env() -> FastAPI:
    """The app of one `audiatur serve` process (each of `--workers`): its settings from SERVE_ENV."""
    raw = os.environ.get(SERVE_ENV)
    if not raw:
        raise RuntimeError(f"{SERVE_ENV} is not set: start the server with `audiatur serve`")
    settings = json.loads(raw)
    config = AuthConfig(public=bool(settings["public"]), local_admin=bool(settings["local_admin"]))
    limits = ServeLimits(
        max_pending=int(settings["max_pending"]),
        timeout=float(settings["timeout"]),
        threads=int(settings["threads"]),
    )
    limit_malloc_arenas()
    app = create_app(str(settings["url"]), config, limits)
    # What a server process holds once started (modules, routes, templates) never becomes garbage: kept out
    # of the collector, a full collection no longer walks it (it cost ~70 ms every ~100 pages).
    gc.collect()
    gc.freeze()
    return app
