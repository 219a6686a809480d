"""Errors of the web front end, mapped once: canonical JSON for the API, an error page for the web.

Every error body of the API has the same shape: `{"ok": false, "error": "<one line>", "errors": [...],
"status": <http status>}`; `errors` lists field problems of an invalid request (`{"loc": [...], "msg": …}`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from audiatur.errors import AudiaturError, PermissionDenied

__all__ = [
    "CsrfRefused",
    "ErrorPage",
    "NotAuthenticated",
    "TooManyAttempts",
    "error_body",
    "install_error_handlers",
    "wants_json",
]

log = logging.getLogger(__name__)

# Renders an error page: (request, status, message) → response.
ErrorPage = Callable[[Request, int, str], Response]


class NotAuthenticated(AudiaturError):
    """The request needs a signed-in user (or a valid API token)."""

    status = 401


class CsrfRefused(PermissionDenied):
    """A state-changing request without the right CSRF token, or from another site."""


class TooManyAttempts(AudiaturError):
    """Too many failed sign-ins from this address or for this user name; wait and retry."""

    status = 429

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many failed sign-ins: try again in {retry_after} seconds")


def error_body(status: int, error: str, errors: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The canonical error shape."""
    return {"ok": False, "error": error, "errors": list(errors), "status": status}


def wants_json(request: Request) -> bool:
    """Whether an error should be answered in JSON (the API, or a client that asks only for JSON)."""
    path = request.url.path
    if path.startswith("/api/") or path == "/api" or path == "/openapi.json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _return_to(request: Request) -> str:
    """Where to come back to after signing in: this page, or for a form sent when the session had ended,
    the page the form was on (coming back to a form's address would be a GET it does not answer)."""
    if request.method == "GET":
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc == request.headers.get("host", ""):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]


def install_error_handlers(app: FastAPI, page: ErrorPage) -> None:
    """Map our errors, invalid requests and HTTP errors to the canonical JSON (API) or an error page (web)."""

    def respond(
        request: Request, status: int, message: str, errors: Sequence[dict[str, Any]] = ()
    ) -> Response:
        if wants_json(request):
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return JSONResponse(error_body(status, message, errors), status_code=status, headers=headers)
        if status == 401:
            return RedirectResponse(f"/login?next={quote(_return_to(request), safe='')}", status_code=303)
        return page(request, status, message)

    @app.exception_handler(AudiaturError)
    async def audiatur_error(request: Request, exc: AudiaturError) -> Response:
        if exc.status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        response = respond(request, exc.status, str(exc))
        if isinstance(exc, TooManyAttempts):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = _validation_errors(exc)
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"][1:] or first["loc"])
        return respond(request, 422, f"invalid request: {where}: {first['msg']}", errors)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        response = respond(request, exc.status_code, message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        return respond(request, 500, "internal error (logged on the server)")
