"""One Store shared by threads (the web app's case): analysts' changes queue, the audit chain stays whole."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from store_samples import capture, other_text, simple_extraction

from audiatur.errors import Conflict
from audiatur.store import ClaimFilter, Store
from audiatur.store.search import claim_match, document_match
from audiatur.store.tables import ClaimRow, DocumentRow


@pytest.fixture()
def claim_ids(store: Store) -> list[str]:
    ids = []
    for n in range(12):
        cap = capture(other_text(n, value=50 + n))
        store.add_capture(cap)
        extraction = simple_extraction(cap.document, value=50 + n)
        store.save_extraction(extraction)
        ids.append(extraction.claims[0].id)
    return ids


def test_threads_reviewing_at_once_keep_one_unbroken_audit_chain(store: Store, claim_ids: list[str]) -> None:
    def review(claim_id: str) -> None:
        store.update_claim(claim_id, {"value": 1}, user="ana", expected_version=1)
        store.set_claim_status(claim_id, "accepted", user="ben", expected_version=2)
        store.list_claims(ClaimFilter(status="accepted"))  # type: ignore[arg-type]

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(review, claim_ids))
    entries = sorted(store.recent_audit(limit=100), key=lambda e: e.seq)
    assert [e.seq for e in entries] == list(range(1, 2 * len(claim_ids) + 1))
    report = store.verify()
    assert report.ok, report.problems()
    assert store.count_claims(ClaimFilter(status="accepted")) == len(claim_ids)  # type: ignore[arg-type]


def test_two_analysts_racing_on_one_claim_one_wins_one_is_told(store: Store, claim_ids: list[str]) -> None:
    claim_id = claim_ids[0]

    def correct(value: int) -> str:
        try:
            store.update_claim(claim_id, {"value": value}, user=f"analyst{value}", expected_version=1)
        except Conflict:
            return "conflict"
        return "saved"

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(correct, [101, 102, 103, 104]))
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "saved"]
    winner = store.audit_trail("claim", claim_id)
    assert len(winner) == 1
    claim = store.get_claim(claim_id)
    assert claim.figure is not None and f"analyst{claim.figure.value}" == winner[0].user


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_postgres_full_text_queries_use_the_gin_indexes(store: Store) -> None:
    with store._engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")  # a tiny table would not tempt the planner
        for query, index in [
            (
                select(ClaimRow.id).where(claim_match("postgresql", "shelling cluster*")),
                "ix_fts_claims_evidence",
            ),
            (
                select(DocumentRow.id).where(document_match("postgresql", '"port aster"')),
                "ix_fts_documents_text",
            ),
        ]:
            compiled = query.compile(conn)
            plan = "\n".join(conn.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).scalars())
            assert index in plan, plan


def test_the_same_text_arriving_twice_at_once_is_stored_once(store: Store) -> None:
    text = other_text(99)
    captures = [
        capture(text, raw=f"<p>{text}</p> from {n}".encode(), source=f"https://w{n}.example/a")
        for n in range(4)
    ]
    barrier = threading.Barrier(len(captures))

    def add(n: int) -> str:
        barrier.wait()
        return str(store.add_capture(captures[n]).status)

    with ThreadPoolExecutor(max_workers=len(captures)) as pool:
        statuses = sorted(pool.map(add, range(len(captures))))
    assert statuses == ["added", "unchanged", "unchanged", "unchanged"]
    assert store.count_documents() == 1
    assert len(store.list_captures(captures[0].document.id)) == 4
