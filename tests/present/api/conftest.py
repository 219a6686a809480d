"""The API tests' fixtures (shared with the web tests, in fixtures.py)."""

from __future__ import annotations

from .fixtures import _fast_hashing, admin, analyst, make_client, sample, viewer  # noqa: F401
