"""The bulk writes (`add_captures`, `save_extractions`) leave exactly what the one-by-one writes leave."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from scaleout import ledger_on, table_rows

from audiatur.config import get_settings
from audiatur.domain import Capture, ClaimStatus, Evidence, Extraction
from audiatur.errors import IntegrityError
from audiatur.ingest import IngestOptions, band_keys, minhash, read_source
from audiatur.store import AddStatus, Store, open_store


def _captures(corpus: Path) -> list[Capture]:
    items = list(read_source(str(corpus), IngestOptions.from_settings(get_settings())))
    assert all(isinstance(i, Capture) for i in items)
    return [i for i in items if isinstance(i, Capture)]


def _extractions(store: Store) -> list[Extraction]:
    ledger = ledger_on(store)
    documents = store.get_documents(store.documents_to_extract(ledger.extractor_version))
    return [ledger._extract(d) for d in documents]


@pytest.fixture()
def reference(corpus: Path, tmp_path: Path) -> Store:
    """The corpus stored and extracted one document at a time (`add_capture`, `save_extraction`)."""
    store = open_store(f"sqlite:///{tmp_path / 'reference.db'}")
    ledger_on(store).ingest([str(corpus)], analyze=False)
    return store


def test_bulk_writes_leave_what_one_by_one_writes_leave(store: Store, reference: Store, corpus: Path) -> None:
    captures = _captures(corpus)
    wanted = table_rows(reference)
    signatures = {c.document.id: minhash(c.document.text) for c in captures}
    links = {d.id: d.duplicate_of for d in reference.get_documents(list(signatures)) if d.duplicate_of}
    for start in range(0, len(captures), 10):
        batch = captures[start : start + 10]
        store.add_captures(
            batch,
            signatures={c.document.id: signatures[c.document.id] for c in batch},
            band_keys={c.document.id: band_keys(signatures[c.document.id]) for c in batch},
            duplicate_of=links,
        )
    extractions = _extractions(store)
    for start in range(0, len(extractions), 7):
        assert store.save_extractions(extractions[start : start + 7]) == []
    got = table_rows(store)
    for table, rows in wanted.items():
        assert got[table] == rows, table
    reference.close()


def test_bulk_writes_twice_store_nothing_twice(store: Store, corpus: Path) -> None:
    captures = _captures(corpus)
    first = store.add_captures(captures)
    assert {r.status for r in first} == {AddStatus.ADDED}
    extractions = _extractions(store)
    assert store.save_extractions(extractions) == []
    before = table_rows(store)
    again = store.add_captures(captures)
    assert {r.status for r in again} == {AddStatus.UNCHANGED}
    assert store.save_extractions(extractions) == []
    assert table_rows(store) == before
    # Another receipt of the same text (new source, new time) is one more receipt, nothing else.
    other = replace(captures[0].document, source="elsewhere.jsonl:1")
    [result] = store.add_captures([Capture(document=other, raw=captures[0].raw)])
    assert result.status is AddStatus.UNCHANGED
    assert len(store.list_captures(other.id)) == 2


def test_bulk_saving_keeps_analyst_work(store: Store, corpus: Path) -> None:
    store.add_captures(_captures(corpus))
    extractions = [x for x in _extractions(store) if len(x.claims) >= 2]
    assert store.save_extractions(extractions) == []
    first, second = extractions[0].claims[:2]
    store.update_claim(first.id, {"mention": "corrected by an analyst"}, user="ana", expected_version=1)
    store.set_claim_status(second.id, ClaimStatus.REJECTED, user="ben", expected_version=1)
    # The same document extracted again without its second claim: the reviewed claim stays, superseded.
    again = replace(extractions[0], claims=tuple(c for c in extractions[0].claims if c.id != second.id))
    assert store.save_extractions([again, *extractions[1:]]) == []
    kept = store.get_claim_record(first.id)
    assert kept.claim.status is ClaimStatus.CORRECTED and kept.claim.mention == "corrected by an analyst"
    gone = store.get_claim_record(second.id)
    assert gone.claim.status is ClaimStatus.REJECTED and gone.superseded


def test_a_bad_extraction_is_refused_alone(store: Store, corpus: Path) -> None:
    store.add_captures(_captures(corpus))
    good, bad, *rest = [x for x in _extractions(store) if x.claims]
    claim = bad.claims[0]
    moved = replace(claim, evidence=Evidence(document_id=bad.document_id, start=0, end=5, text="nope!"))
    bad = replace(bad, claims=(moved, *bad.claims[1:]))
    unknown = replace(good, document_id="f" * 64, statements=(), claims=())
    refused = store.save_extractions([good, bad, unknown, *rest])
    assert [doc for doc, _ in refused] == [bad.document_id, unknown.document_id]
    assert "evidence" in refused[0][1] and "no document" in refused[1][1]
    version = ledger_on(store).extractor_version
    assert store.documents_to_extract(version) == [bad.document_id]


def test_a_batch_with_a_bad_hash_is_refused_whole(store: Store, corpus: Path) -> None:
    captures = _captures(corpus)[:5]
    forged = Capture(document=captures[2].document, raw=b"other bytes")
    with pytest.raises(IntegrityError, match="raw bytes"):
        store.add_captures([*captures[:2], forged, *captures[3:]])
    assert store.count_documents() == 0
