"""The application: the REST API under `/api` (OpenAPI at `/docs`) and the web pages, in one FastAPI app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from audiatur import __version__
from audiatur.store import Store, open_store

from .auth import CSRF_COOKIE, AuthConfig, LoginLimiter, Principal, Via, resolve_principal, set_cookie
from .errors import install_error_handlers
from .routers import ROUTERS
from .security import install_docs, secure_headers

__all__ = ["AuthConfig", "create_app"]

log = logging.getLogger(__name__)

_NOBODY = Principal(name=None, role=None, via=Via.ANONYMOUS, csrf_token=None)
_NO_PRINCIPAL_PREFIXES = ("/static/", "/vendor/")


def create_app(store: Store | str, config: AuthConfig | None = None) -> FastAPI:
    """The app over a store (or the ledger at a database URL, opened here and closed at shutdown)."""
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
    app.state.store = ledger
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

    @app.middleware("http")
    async def principal_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path.startswith(_NO_PRINCIPAL_PREFIXES):
            principal = _NOBODY
        else:
            principal = await run_in_threadpool(resolve_principal, request, ledger, auth)
        request.state.principal = principal
        response = await call_next(request)
        if (
            principal.new_csrf_cookie
            and principal.csrf_token
            and CSRF_COOKIE not in response.headers.get("set-cookie", "")
        ):
            set_cookie(request, response, CSRF_COOKIE, principal.csrf_token, max_age=None)
        secure_headers(request, response)
        return response

    return app
