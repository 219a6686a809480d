"""The scale-out commands: `ingest --bulk`, `extract --dask/--to-parquet`, `load`, as a user runs them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from scaleout import export
from typer.testing import CliRunner

from audiatur.demo import DEMO_WORLD
from audiatur.present.cli.app import app
from audiatur.store import open_store

if TYPE_CHECKING:
    from distributed import Client


def _run(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # as one line, however Rich wrapped it


def test_bulk_ingest_then_parquet_then_load(
    corpus: Path, expected: list[dict[str, object]], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    world = ["--data", str(DEMO_WORLD)]
    assert "0 claims extracted" in _run(url, "ingest", "--bulk", "--no-extract", *world, str(corpus))
    out = _run(url, "extract", "--to-parquet", str(tmp_path / "parts"), "--no-analyze", *world)
    assert f"into {tmp_path / 'parts'}" in out
    assert f"{len(expected)} claims" in _run(url, "load", str(tmp_path / "parts"), "--no-analyze")
    with open_store(url) as store:
        assert export(store) == expected


def test_extract_on_a_running_scheduler(
    corpus: Path, expected: list[dict[str, object]], tmp_path: Path, client: Client
) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    world = ["--data", str(DEMO_WORLD)]
    _run(url, "ingest", "--bulk", "--no-extract", *world, str(corpus))
    out = _run(url, "extract", "--dask", client.scheduler.address, "--batch-size", "5", *world)
    assert f"({len(expected)} claims), 0 failed" in out
    with open_store(url) as store:
        assert export(store) == expected


@pytest.mark.parametrize("address", ["local:0", "local:two"])
def test_a_bad_local_cluster_size_is_a_usage_error(address: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "l.db"), "extract", "--dask", address])
    assert result.exit_code == 2 and "local:N" in " ".join(result.output.split())
