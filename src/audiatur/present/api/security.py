"""Response security: a strict Content-Security-Policy (no inline script anywhere), and the other headers.

Pages load only our own script and style files; the map may load OpenStreetMap tiles. The API docs page
(Swagger UI, from its CDN) is the one exception: its inline start-up script runs under a per-response nonce.
"""

from __future__ import annotations

import re
import secrets

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.datastructures import MutableHeaders

__all__ = ["CSP", "TILE_ORIGIN", "install_docs", "secure_headers"]

TILE_ORIGIN = "https://tile.openstreetmap.org"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    f"img-src 'self' data: {TILE_ORIGIN}; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_CDN = "https://cdn.jsdelivr.net"
_DOCS_CSP = (
    "default-src 'self'; script-src 'nonce-{nonce}' " + _CDN + "; style-src 'self' " + _CDN + "; "
    "img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_INLINE_SCRIPT = re.compile(r"<script>")
_STATIC_PREFIXES = ("/static/", "/vendor/")


def secure_headers(request: Request, headers: MutableHeaders) -> None:
    """Set the security headers of a response (keeping a CSP a route set itself)."""
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    if request.url.scheme == "https":
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if not request.url.path.startswith(_STATIC_PREFIXES):
        # Pages and API answers may hold what only signed-in users may read: no shared caches, no disk.
        headers.setdefault("Cache-Control", "no-store")


def install_docs(app: FastAPI) -> None:
    """Serve Swagger UI at /docs with its inline script under a nonce."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        page = get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="audiatur API")
        body = _INLINE_SCRIPT.sub(f'<script nonce="{nonce}">', bytes(page.body).decode("utf-8"))
        return HTMLResponse(body, headers={"Content-Security-Policy": _DOCS_CSP.format(nonce=nonce)})
