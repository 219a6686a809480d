"""The REST API (and the app that also serves the web pages): `create_app(store_or_url, AuthConfig(...))`."""

from __future__ import annotations

from .app import create_app
from .auth import AuthConfig

__all__ = ["AuthConfig", "create_app"]
