"""Fixtures shared by every stage's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """The development evaluation set in ../shared/eval; tests that need it skip where it is absent."""
    if not (SHARED_EVAL / "dev" / "gold.jsonl").is_file():
        pytest.skip(f"the development evaluation set is not at {SHARED_EVAL} (it lives beside the repository)")
    return SHARED_EVAL


@pytest.fixture()
def tmp_corpus(tmp_path: Path) -> Path:
    """An empty folder to write test documents into."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder
