"""The hash-chained audit log and `verify`: tampering with the database directly is found and named."""

from __future__ import annotations

import itertools
import json

import pytest
from sqlalchemy import text
from store_samples import capture, full_extraction, other_text

from audiatur.domain import Document
from audiatur.errors import IntegrityError
from audiatur.store import Store
from audiatur.store.audit import GENESIS, audit_content, audit_hash


@pytest.fixture()
def reviewed(store: Store) -> Document:
    """A document with claims, five analyst changes in the audit log, and a second document."""
    cap = capture()
    store.add_capture(cap)
    store.add_capture(capture(other_text(1)))
    extraction = full_extraction(cap.document)
    store.save_extraction(extraction)
    for n, claim in enumerate(extraction.claims[:5]):
        store.set_claim_status(
            claim.id, "accepted" if n % 2 else "rejected", user=f"analyst{n}", expected_version=1
        )
    return cap.document


def _sql(store: Store, statement: str, **params: object) -> None:
    with store._engine.begin() as conn:  # straight at the database, around the store
        conn.execute(text(statement), params)


def _audit_rows(store: Store) -> list[tuple[int, int]]:
    with store._engine.connect() as conn:
        return [(r.id, r.seq) for r in conn.execute(text("SELECT id, seq FROM audit_log ORDER BY seq"))]


def test_clean_ledger_verifies(store: Store, reviewed: Document) -> None:
    report = store.verify()
    assert report.ok, report.problems()
    assert (report.blobs_checked, report.documents_checked, report.claims_checked) == (2, 2, 6)
    assert report.audit_rows_checked == 5
    last = store.recent_audit(limit=1)[0]
    assert report.audit_head == last.hash


def test_audit_rows_form_a_hash_chain_from_genesis(store: Store, reviewed: Document) -> None:
    entries = sorted(store.recent_audit(limit=100), key=lambda e: e.seq)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
    for entry in entries:
        expected = audit_hash(entry.prev_hash, audit_content(entry))
        assert entry.hash == expected


@pytest.mark.parametrize("column", ["after", "user", "at", "entity_id"])
def test_verify_names_an_edited_audit_row(store: Store, reviewed: Document, column: str) -> None:
    row_id, seq = _audit_rows(store)[2]
    values = {
        "after": json.dumps({"status": "accepted", "override": None, "version": 9}),
        "user": "someone-else",
        "at": "2021-01-01 00:00:00",
        "entity_id": "0" * 64,
    }
    cast = "CAST(:v AS JSONB)" if column == "after" and store.dialect == "postgresql" else ":v"
    _sql(store, f'UPDATE audit_log SET "{column}" = {cast} WHERE id = :id', v=values[column], id=row_id)
    report = store.verify()
    assert not report.ok
    assert [(p.seq, p.id) for p in report.audit_problems] == [(seq, row_id)]
    assert "edited" in report.audit_problems[0].problem


def test_verify_names_a_deleted_audit_row(store: Store, reviewed: Document) -> None:
    rows = _audit_rows(store)
    _sql(store, "DELETE FROM audit_log WHERE id = :id", id=rows[1][0])
    report = store.verify()
    after_gap = rows[2]
    problems = {(p.seq, p.problem.split(":")[0].split(" (")[0]) for p in report.audit_problems}
    assert problems == {(after_gap[1], "rows missing before it"), (after_gap[1], "broken link")}


def test_verify_notices_rows_cut_off_the_end(store: Store, reviewed: Document) -> None:
    rows = _audit_rows(store)
    _sql(store, "DELETE FROM audit_log WHERE id = :id", id=rows[-1][0])
    report = store.verify()
    [problem] = report.audit_problems
    assert "rows at the end were deleted" in problem.problem and problem.seq == 5


def test_verify_notices_every_row_deleted(store: Store, reviewed: Document) -> None:
    _sql(store, "DELETE FROM audit_log")
    [problem] = store.verify().audit_problems
    assert "all 5 rows are missing" in problem.problem


def test_verify_notices_a_rewritten_head(store: Store, reviewed: Document) -> None:
    _sql(store, "DELETE FROM audit_head")
    [problem] = store.verify().audit_problems
    assert "head record is missing" in problem.problem


def test_an_appended_row_after_tampering_does_not_hide_it(store: Store, reviewed: Document) -> None:
    rows = _audit_rows(store)
    _sql(store, "DELETE FROM audit_log WHERE id = :id", id=rows[-1][0])
    claim = full_extraction(reviewed).claims[5]
    store.set_claim_status(claim.id, "accepted", user="ana", expected_version=1)  # chains from the head
    report = store.verify()
    assert [p.seq for p in report.audit_problems] == [6, 6]  # gap (5 is gone) and broken link


def test_verify_names_the_documents_of_a_changed_blob(store: Store, reviewed: Document) -> None:
    raw = store.get_raw(reviewed.raw_sha256)
    tampered = bytes([raw[0] ^ 0x01]) + raw[1:]
    _sql(store, "UPDATE blobs SET content = :c WHERE sha256 = :k", c=tampered, k=reviewed.raw_sha256)
    report = store.verify()
    [problem] = report.changed_blobs
    assert problem.sha256 == reviewed.raw_sha256
    assert problem.document_ids == (reviewed.id,)
    assert not report.changed_documents and not report.audit_problems
    with pytest.raises(IntegrityError, match="changed"):
        report.raise_for_problems()


def test_verify_names_a_document_whose_text_changed(store: Store, reviewed: Document) -> None:
    changed = reviewed.text.replace("27 civilians", "72 civilians")
    _sql(store, "UPDATE documents SET text = :t WHERE id = :id", t=changed, id=reviewed.id)
    report = store.verify()
    assert report.changed_documents == (reviewed.id,)
    assert {p.document_id for p in report.evidence_mismatches} == {reviewed.id}
    assert not report.changed_blobs
    assert any(reviewed.id[:12] in line for line in report.problems())


def test_verify_names_a_claim_whose_evidence_was_edited(store: Store, reviewed: Document) -> None:
    claim = full_extraction(reviewed).claims[1]
    _sql(store, "UPDATE claims SET evidence_text = 'nothing happened' WHERE id = :id", id=claim.id)
    report = store.verify()
    assert [(p.claim_id, p.document_id) for p in report.evidence_mismatches] == [(claim.id, reviewed.id)]
    assert not report.changed_documents
