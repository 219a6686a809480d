"""The web pages: server-rendered (Jinja2, autoescaped), our own small CSS and script, and Leaflet served
from the installed xstatic-leaflet package (never copied here).

Ingested text is never rendered as HTML; no page runs inline script (see the Content-Security-Policy).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from audiatur.present.api.errors import ErrorPage

from .pages import error_page
from .routes import ROUTERS

__all__ = ["install_web"]

HERE = Path(__file__).parent


def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


def install_web(app: FastAPI) -> ErrorPage:
    """Add the pages, our static files and Leaflet's to the app; returns the error-page renderer."""
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/vendor/leaflet", StaticFiles(directory=_leaflet_dir()), name="leaflet")
    return error_page
