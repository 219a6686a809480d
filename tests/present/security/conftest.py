"""The security tests: the API tests' sample ledger and clients, on SQLite only (access rules, CSRF, escaping
and headers are the app's, not the database's; the API and web tests already run on both backends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from present.api.fixtures import _fast_hashing, admin, analyst, make_client, sample, viewer  # noqa: F401


@pytest.fixture()
def store_url(tmp_path: Path) -> str:
    """A new SQLite ledger."""
    return f"sqlite:///{tmp_path / 'ledger.db'}"
