"""Scale-out test fixtures: a small synthetic corpus, its single-process claims, and one Dask cluster."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# The helpers here are imported by plain name, by the tests and by the Dask worker processes (which inherit
# sys.path): not as a package, which would be named `distributed` and hide Dask's own.
sys.path.insert(0, str(Path(__file__).parent))

from scaleout import export, ledger_on, stored_only

from audiatur.demo import DEMO_WORLD
from audiatur.demo.synthetic import write_jsonl
from audiatur.store import open_store

if TYPE_CHECKING:
    from distributed import Client

DOCS = 36  # a few dozen short documents: the cluster tests stay within seconds


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL corpus of synthetic news items (a few syndicated copies among them)."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        write_jsonl(out, DOCS, seed=11, duplicates=0.1)
    return path


@pytest.fixture(scope="session")
def expected(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    """The claims of the corpus as the single-process ledger extracts them (`Ledger.extract`)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'ledger.db'}"
    with open_store(url) as store:
        report = ledger_on(stored_only(store, corpus)).extract(analyze=False)
        assert not report.failed and report.claims > 100
        return export(store)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Client]:
    """One local Dask cluster of two single-threaded worker processes for the whole session."""
    from audiatur.distributed import ExtractorSpec, open_client

    with open_client("local:2", spec=ExtractorSpec(data=(str(DEMO_WORLD),))) as client:
        yield client


@pytest.fixture()
def client(cluster: Client) -> Client:
    """The session's cluster with both workers up (a test may have killed one: its nanny restarts it, which on
    a busy machine can take minutes: a new process imports spaCy and Dask before it registers)."""
    cluster.wait_for_workers(2, timeout=300)
    return cluster
