"""The ingest stage's public surface, and its place in the pipeline."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import audiatur.ingest as ingest
from audiatur.config import Settings
from audiatur.ingest import IngestOptions

PACKAGE = Path(ingest.__file__).parent
LATER_STAGES = ("audiatur.extract", "audiatur.store", "audiatur.analyze", "audiatur.present", "audiatur.demo")


def test_all_is_complete_and_importable() -> None:
    assert sorted(ingest.__all__) == sorted(set(ingest.__all__))
    for name in ingest.__all__:
        assert getattr(ingest, name) is not None
    expected = {
        "IngestOptions",
        "discover",
        "read_source",
        "fetch",
        "Fetched",
        "minhash",
        "band_keys",
        "estimate_jaccard",
        "NEAR_DUPLICATE_THRESHOLD",
        "normalize_text",
        "sha256_hex",
    }
    assert expected <= set(ingest.__all__)


def test_public_callables_have_docstrings() -> None:
    for name in ingest.__all__:
        value = getattr(ingest, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), name


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_ingest_imports_no_later_stage(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    ]
    assert not [name for name in imported if name.startswith(LATER_STAGES)]


def test_options_from_settings() -> None:
    settings = Settings(
        max_fetch_bytes=1234,
        fetch_timeout=2.5,
        max_file_bytes=99,
        max_text_chars=77,
        max_pdf_pages=3,
        allow_private=True,
    )
    options = IngestOptions.from_settings(settings)
    assert (
        options.max_fetch_bytes,
        options.fetch_timeout,
        options.max_file_bytes,
        options.max_text_chars,
        options.max_pdf_pages,
        options.allow_private,
        options.follow,
    ) == (1234, 2.5, 99, 77, 3, True, False)
    assert IngestOptions.from_settings(settings, follow=True).follow
    defaults = IngestOptions.from_settings(Settings())
    assert defaults.max_fetch_bytes == 20 * 1024 * 1024 and not defaults.allow_private
    assert defaults.allow_addresses == frozenset()
