"""Fixtures shared by the store tests (the `store` fixture itself, on both backends, is in tests/conftest.py)."""

from __future__ import annotations

import pytest
from store_samples import capture, full_extraction

from audiatur.domain import Document
from audiatur.store import Store


@pytest.fixture()
def doc(store: Store) -> Document:
    """A stored document with the full sample extraction."""
    cap = capture()
    store.add_capture(cap)
    store.save_extraction(full_extraction(cap.document))
    return cap.document
