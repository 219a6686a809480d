"""Tamper evidence through `audiatur verify`: an edited or deleted audit row, and a changed byte of a
stored document (its raw bytes or its text), each make verify name it and exit 1; on both backends."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text
from store_samples import capture, full_extraction, other_text
from typer.testing import CliRunner

from audiatur.present.cli.app import app
from audiatur.store import open_store

_RAW_OF_DOCUMENT = (
    "SELECT b.sha256, b.content FROM blobs b JOIN documents d ON d.raw_sha256 = b.sha256 WHERE d.id = :i"
)


def _fill(url: str) -> str:
    """A ledger with two documents and four analyst changes; returns the first document's id."""
    with open_store(url) as store:
        first = capture()
        store.add_capture(first)
        store.add_capture(capture(other_text(1), source="file:///corpus/other.txt"))
        extraction = full_extraction(first.document)
        store.save_extraction(extraction)
        for n, claim in enumerate(extraction.claims[:4]):
            store.set_claim_status(
                claim.id, "rejected" if n % 2 else "accepted", user=f"analyst{n}", expected_version=1
            )
        return first.document.id


def _sql(url: str, statement: str, **params: object) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:  # straight at the database, around audiatur
            conn.execute(text(statement), params)
    finally:
        engine.dispose()


def _verify(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", url, "verify"])
    return result.exit_code, result.output


def _edit_audit(url: str, doc_id: str) -> None:
    _sql(url, "UPDATE audit_log SET \"user\" = 'someone else' WHERE seq = 2")


def _delete_audit(url: str, doc_id: str) -> None:
    _sql(url, "DELETE FROM audit_log WHERE seq = 3")


def _delete_last_audit(url: str, doc_id: str) -> None:
    _sql(url, "DELETE FROM audit_log WHERE seq = 4")


def _flip_raw_byte(url: str, doc_id: str) -> None:
    # Replace the stored raw bytes of the document with the same bytes, one changed.
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            sha, content = conn.execute(
                text(_RAW_OF_DOCUMENT),
                {"i": doc_id},
            ).one()
            changed = bytes(content[:10]) + bytes([content[10] ^ 0x01]) + bytes(content[11:])
            conn.execute(text("UPDATE blobs SET content = :c WHERE sha256 = :s"), {"c": changed, "s": sha})
    finally:
        engine.dispose()


def _change_text(url: str, doc_id: str) -> None:
    _sql(url, "UPDATE documents SET text = replace(text, '27', '72') WHERE id = :i", i=doc_id)


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (_edit_audit, "seq 2"),
        (_delete_audit, "seq 4"),
        (_delete_last_audit, "rows at the end were deleted"),
        (_flip_raw_byte, "raw bytes"),
        (_change_text, "text"),
    ],
    ids=["edited-audit-row", "deleted-audit-row", "deleted-last-audit-row", "raw-byte", "document-text"],
)
def test_verify_detects_tampering(store_url: str, tamper: Callable[[str, str], None], expected: str) -> None:
    doc_id = _fill(store_url)
    code, output = _verify(store_url)
    assert code == 0, output
    assert "4 audit rows" in output and "ok: every hash matches" in output
    tamper(store_url, doc_id)
    code, output = _verify(store_url)
    assert code == 1, output
    problems = [line for line in output.splitlines() if line.startswith("changed:")]
    assert problems, output
    assert expected in output
    if tamper in (_flip_raw_byte, _change_text):
        assert doc_id[:12] in output
