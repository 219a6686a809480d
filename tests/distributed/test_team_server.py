"""A team on one PostgreSQL server: two connections (two app servers, two analysts) editing one claim, and two
extraction clients writing the same documents at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from scaleout import export, ledger_on, spec_of, stored_only

from audiatur.demo import DEMO_CORPUS, DEMO_WORLD
from audiatur.distributed import extract_batched
from audiatur.errors import Conflict
from audiatur.ledger import Ledger
from audiatur.store import Store, open_store

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("store_url", ["postgres"], indirect=True)]


def test_the_second_analyst_on_another_connection_gets_a_conflict(
    store: Store, store_url: str, corpus: Path
) -> None:
    stored_only(store, corpus)
    ledger_on(store).extract(analyze=False)
    claim_id = store.list_claims(limit=1).items[0].claim.id
    other = open_store(store_url)  # its own engine and connection pool: another server process
    both_read = threading.Barrier(2)

    def correct(analyst: str, via: Store) -> str:
        version = via.get_claim_record(claim_id).version
        both_read.wait()  # both saw version 1 before either writes
        try:
            via.update_claim(
                claim_id, {"mention": f"seen by {analyst}"}, user=analyst, expected_version=version
            )
        except Conflict as exc:
            assert "changed by someone else" in str(exc)
            return "conflict"
        return "saved"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(correct, ["ana", "ben"], [store, other]))
    assert sorted(outcomes) == ["conflict", "saved"]
    record = other.get_claim_record(claim_id)
    winner = "ana" if outcomes[0] == "saved" else "ben"
    assert record.version == 2 and record.claim.mention == f"seen by {winner}"
    assert [e.user for e in store.audit_trail("claim", claim_id)] == [winner]
    other.close()


def test_two_clients_writing_the_same_documents_at_once_store_them_once(
    store: Store, store_url: str, corpus: Path, expected: list[dict[str, object]]
) -> None:
    stored_only(store, corpus)
    other = open_store(store_url)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(
            pool.map(lambda s: extract_batched(s, spec_of(s), batch_size=5, write_size=5), [store, other])
        )
    assert all(not r.failed for r in reports)
    assert export(store) == expected
    other.close()


def _analysis(store: Store) -> dict[str, Any]:
    """The demo ledger's claims and analysis, sorted (nothing depends on the order the backend returns)."""
    return {
        "claims": export(store),
        "clusters": sorted(
            (sorted(c.claim_ids), c.documents, c.independent_origins, c.origins, c.parties, c.label)
            for c in store.list_clusters(limit=10_000)
        ),
        "contradictions": sorted(
            (c.claim_ids, c.reason, c.cluster_ids) for c in store.list_contradictions(limit=10_000)
        ),
        "timelines": sorted(
            (
                t.origin_id,
                str(t.measure),
                str(t.subject_class),
                tuple(p.id for p in t.places),  # one origin may have a series per place
                tuple((str(p.date), p.value, p.low, p.high, str(p.bound), p.claim_id) for p in t.points),
            )
            for t in store.list_timelines()
        ),
        "incidents": sorted(
            (i.id, i.claim_ids, i.ranges, i.label) for i in store.list_incidents(limit=10_000)
        ),
    }


def test_the_demo_ledger_on_the_team_server_equals_the_sqlite_one(
    store: Store, store_url: str, tmp_path: Path
) -> None:
    with Ledger.open(f"sqlite:///{tmp_path / 'demo.db'}", data=[DEMO_WORLD]) as single:
        assert single.ingest([str(DEMO_CORPUS)]).ok
        wanted = _analysis(single.store)
    team = Ledger(store, data=[DEMO_WORLD])
    assert team.ingest([str(DEMO_CORPUS)]).ok
    found = _analysis(store)
    assert all(found[part] for part in found)  # every part of the analysis has something to compare
    for part in wanted:
        assert found[part] == wanted[part], part
