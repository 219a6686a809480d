"""Helpers of the scale-out tests (imported by plain name: see conftest.py)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

from audiatur.demo import DEMO_WORLD
from audiatur.distributed import ExtractorSpec
from audiatur.ledger import Ledger
from audiatur.present.exports import write_jsonl as export_jsonl
from audiatur.store import Store


def ledger_on(store: Store) -> Ledger:
    """A ledger over `store` with the demo world (what the single-process CLI would run)."""
    return Ledger(store, data=[DEMO_WORLD])


def spec_of(store: Store) -> ExtractorSpec:
    """The extractor the single-process ledger over `store` runs, as a spec for workers."""
    ledger = ledger_on(store)
    return ExtractorSpec(model=ledger.model, data=ledger.data)


def stored_only(store: Store, corpus: Path) -> Store:
    """`store` with the corpus's documents stored and nothing extracted."""
    report = ledger_on(store).ingest([str(corpus)], extract=False, analyze=False)
    assert report.ok and report.added, report.failed
    return store


def export(store: Store) -> list[dict[str, object]]:
    """Every claim in the export's shape, sorted, without times of receipt or writing (`*_at`): the same
    claims extracted in another order, process or run compare equal."""
    out = io.StringIO()
    export_jsonl(store, out)
    claims = [_timeless(json.loads(line)) for line in out.getvalue().splitlines()]
    return sorted(claims, key=lambda c: str(c["id"]))


def _timeless(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items() if not k.endswith("_at")}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    return value


async def exit_now() -> None:
    """End this process at once, as a crash would (run on a worker: `client.run(exit_now, wait=False)`)."""
    os._exit(1)


_TABLES = (
    "blobs", "documents", "captures", "document_bands", "actors", "places", "statements", "claims",
    "claim_places", "extractions",
)  # fmt: skip
# Times of writing, the receipt and run serials, and the raw bytes (their hash and size are compared).
_UNCOMPARED = {
    "retrieved_at",
    "ingested_at",
    "captured_at",
    "created_at",
    "updated_at",
    "extracted_at",
    "content",
}


def table_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """What the ingest and extraction writes leave in each table (times of writing left out), sorted."""
    from sqlalchemy import select

    from audiatur.store.tables import Base

    found = {}
    with store._engine.connect() as conn:
        for name in _TABLES:
            table = Base.metadata.tables[name]
            serial = name in ("captures", "extractions")
            columns = [c for c in table.c if c.name not in _UNCOMPARED and not (serial and c.name == "id")]
            rows = conn.execute(select(*columns))
            found[name] = sorted((tuple(_plain(v) for v in row) for row in rows), key=repr)
    return found


def _plain(value: object) -> object:
    # JSON comes back as text from SQLite and as objects from PostgreSQL; bytes as memoryview from psycopg.
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    if isinstance(value, memoryview):
        return bytes(value)
    return value
