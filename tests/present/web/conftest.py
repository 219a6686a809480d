"""The web tests use the API tests' sample ledger and clients."""

from __future__ import annotations

from present.api.fixtures import _fast_hashing, admin, analyst, make_client, sample, viewer  # noqa: F401
