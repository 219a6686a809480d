"""Replay the regression corpus in `crashers/`: each file reads to documents or one-line input errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiatur.domain import Capture
from audiatur.errors import InputError
from audiatur.ingest import IngestOptions, read_source

from .fuzzing import CRASHERS


# Sidecars are read with their document, not on their own.
def _is_sidecar(path: Path) -> bool:
    return path.suffix == ".json" and path.with_suffix(".txt").exists()


CORPUS = sorted(p for p in CRASHERS.iterdir() if p.name != "README.md" and not _is_sidecar(p))


def test_the_corpus_is_not_empty() -> None:
    assert len(CORPUS) >= 10


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_crasher_is_read_or_refused_by_name(path: Path) -> None:
    try:
        items: list[Capture | InputError] = list(read_source(str(path), IngestOptions()))
    except InputError as error:
        items = [error]
    assert items
    for item in items:
        if isinstance(item, InputError):
            assert "\n" not in str(item) and path.stem in str(item)  # the file, or its sidecar
        else:
            assert item.document.text.strip() and "\x00" not in item.document.text
