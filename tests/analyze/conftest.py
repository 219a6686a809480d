"""Fixtures for the analysis tests: a store to write claims into, and the demo ledger (built once)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from analyze.analysis_samples import Ledgerish, build_demo


@pytest.fixture()
def ledgerish(store: Any) -> Ledgerish:
    """An empty store (SQLite and PostgreSQL) to write documents and claims into."""
    return Ledgerish(store)


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo ledger (ingested, extracted and analysed), built once per session."""
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture()
def demo(demo_url: str) -> Iterator[Any]:
    """The demo ledger's store, opened for one test."""
    from audiatur.store import open_store

    with open_store(demo_url) as store:
        yield store
