"""The web pages, one router per subject."""

from __future__ import annotations

from fastapi import APIRouter

from . import actors, admin, analysis, auth, claims, documents, ledger, places

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    ledger.router,
    claims.router,
    analysis.router,
    documents.router,
    actors.router,
    places.router,
    auth.router,
    admin.router,
)
