"""Documents, raw bytes, receipts and near-duplicate candidates, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from store_samples import TEXT, capture, other_text, sha256

from audiatur.errors import IntegrityError, NotFound
from audiatur.store import AddStatus, AmbiguousId, DocumentFilter, InvalidData, Store


def test_add_capture_stores_document_blob_and_receipt(store: Store) -> None:
    cap = capture()
    result = store.add_capture(cap)
    assert result.status == AddStatus.ADDED == "added"
    assert result.document_id == cap.document.id
    assert store.has_document(cap.document.id)
    assert store.has_raw(cap.document.raw_sha256)
    assert store.get_raw(cap.document.raw_sha256) == cap.raw
    doc = store.get_document(cap.document.id)
    assert doc == cap.document
    assert doc.retrieved_at.tzinfo is not None
    assert [c.source for c in store.list_captures(doc.id)] == [cap.document.source]


def test_add_capture_same_text_again_is_unchanged_and_records_receipt(store: Store) -> None:
    first = capture(raw=b"<html><p>" + TEXT.encode() + b"</p></html>", source="https://north.example/a")
    second = capture(raw=b"<html><div>" + TEXT.encode() + b"</div></html>", source="https://wire.example/b")
    assert store.add_capture(first).status == AddStatus.ADDED
    again = store.add_capture(second)
    assert again.status == AddStatus.UNCHANGED == "unchanged"
    assert again.document_id == first.document.id
    assert store.count_documents() == 1
    receipts = store.list_captures(first.document.id)
    assert [(r.source, r.raw_sha256) for r in receipts] == [
        ("https://north.example/a", first.document.raw_sha256),
        ("https://wire.example/b", second.document.raw_sha256),
    ]
    # The document keeps the first receipt's raw bytes; both byte strings are kept.
    assert store.get_document(first.document.id).raw_sha256 == first.document.raw_sha256
    assert store.get_raw(second.document.raw_sha256) == second.raw


def test_blob_is_stored_once_for_two_captures_of_the_same_bytes(store: Store, store_url: str) -> None:
    cap = capture()
    store.add_capture(cap)
    store.add_capture(replace(cap, document=replace(cap.document, source="file:///mirror/copy.txt")))
    with store._engine.connect() as conn:  # look at the rows themselves
        blobs = conn.exec_driver_sql("SELECT count(*) FROM blobs").scalar_one()
        captures = conn.exec_driver_sql("SELECT count(*) FROM captures").scalar_one()
    assert (blobs, captures) == (1, 2)


def test_same_receipt_twice_is_one_receipt(store: Store) -> None:
    cap = capture()
    store.add_capture(cap)
    store.add_capture(cap)
    assert len(store.list_captures(cap.document.id)) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("raw_sha256", "0" * 64, "raw bytes hash to"),
        ("id", "f" * 64, "text hashes to"),
    ],
)
def test_add_capture_refuses_mismatched_hashes(store: Store, field: str, value: str, message: str) -> None:
    cap = capture()
    bad = replace(cap, document=replace(cap.document, **{field: value}))
    with pytest.raises(IntegrityError, match=message):
        store.add_capture(bad)
    assert store.count_documents() == 0
    assert not store.has_raw(cap.document.raw_sha256)


def test_nul_characters_are_stripped_and_the_id_follows_the_stored_text(store: Store) -> None:
    text = "Southland\x00 shelled Asterhaven."
    cap = capture(text, title="A\x00title", publisher="Pub\x00lisher")
    result = store.add_capture(cap)
    assert result.document_id == sha256("Southland shelled Asterhaven.")
    doc = store.get_document(result.document_id)
    assert (doc.text, doc.title, doc.publisher) == ("Southland shelled Asterhaven.", "Atitle", "Publisher")
    assert store.get_raw(cap.document.raw_sha256) == cap.raw  # raw bytes are kept exactly, NULs and all
    assert store.verify().ok


def test_get_document_by_unique_prefix(store: Store) -> None:
    ids = [store.add_capture(capture(other_text(n))).document_id for n in range(40)]
    doc_id = ids[0]
    assert store.get_document(doc_id[:10]).id == doc_id
    assert store.get_document(doc_id[:10].upper()).id == doc_id
    with pytest.raises(NotFound):
        store.get_document("zz")
    with pytest.raises(NotFound):
        store.get_document("0" * 64)
    # With 40 documents, some one-character prefix is shared by two of them.
    first_chars = [i[0] for i in ids]
    shared = next(c for c in first_chars if first_chars.count(c) > 1)
    with pytest.raises(AmbiguousId, match="matches several"):
        store.get_document(shared)


def test_get_raw_unknown_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.get_raw("0" * 64)


def test_near_duplicate_candidates_share_a_band_key(store: Store) -> None:
    a = capture(other_text(1))
    b = capture(other_text(2))
    c = capture(other_text(3))
    store.add_capture(a, signature=b"sig-a", band_keys=["0:aa", "1:bb"])
    store.add_capture(b, signature=b"sig-b", band_keys=["0:aa", "1:cc"], duplicate_of=a.document.id)
    store.add_capture(c, signature=b"sig-c", band_keys=["0:dd", "1:ee"])
    found = store.near_duplicate_candidates(["0:aa", "1:zz"])
    assert sorted(found) == [(a.document.id, b"sig-a"), (b.document.id, b"sig-b")]
    assert store.near_duplicate_candidates(["1:ee"]) == [(c.document.id, b"sig-c")]
    assert store.near_duplicate_candidates([]) == []
    assert store.get_document(b.document.id).duplicate_of == a.document.id


def test_duplicate_of_unknown_document_is_refused(store: Store) -> None:
    with pytest.raises(InvalidData, match="unknown document"):
        store.add_capture(capture(), duplicate_of="a" * 64)
    assert store.count_documents() == 0


def test_list_documents_pages_in_ingestion_order(store: Store) -> None:
    ids = [store.add_capture(capture(other_text(n))).document_id for n in range(7)]
    seen: list[str] = []
    cursor = None
    while True:
        page = store.list_documents(limit=3, after=cursor)
        seen += [d.id for d in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == ids
    assert store.count_documents() == 7


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (DocumentFilter(publisher="Southland Wire"), [1]),
        (DocumentFilter(side="Northland"), [0, 2]),
        (DocumentFilter(published_from=date(2020, 10, 2)), [1, 2]),
        (DocumentFilter(published_to=date(2020, 10, 1)), [0]),
        (DocumentFilter(q="Asterhaven day"), [0, 1, 2]),
        (DocumentFilter(q='"day 2"'), [2]),
        (DocumentFilter(q="Report -day"), []),
        (DocumentFilter(include_duplicates=False), [0, 1]),
    ],
)
def test_list_documents_filters(store: Store, flt: DocumentFilter, expected: list[int]) -> None:
    ids = []
    for n, (publisher, side, day) in enumerate(
        [
            ("Northland Press", "Northland", 1),
            ("Southland Wire", "Southland", 2),
            ("Northland Press", "Northland", 3),
        ]
    ):
        cap = capture(other_text(n), publisher=publisher, side=side, published=date(2020, 10, day))
        ids.append(store.add_capture(cap, duplicate_of=ids[0] if n == 2 else None).document_id)
    page = store.list_documents(flt)
    assert [d.id for d in page.items] == [ids[i] for i in expected]
    assert store.count_documents(flt) == len(expected)


def test_retrieved_at_is_utc_aware_on_both_backends(store: Store) -> None:
    naive = capture(retrieved_at=datetime(2020, 10, 9, 12, 0))  # taken to be UTC
    store.add_capture(naive)
    doc = store.get_document(naive.document.id)
    assert doc.retrieved_at == datetime(2020, 10, 9, 12, 0, tzinfo=UTC)


def test_a_signature_arriving_later_is_kept(store: Store) -> None:
    cap = capture()
    store.add_capture(cap)
    assert store.near_duplicate_candidates(["0:aa"]) == []
    store.add_capture(cap, signature=b"sig", band_keys=["0:aa"])
    assert store.near_duplicate_candidates(["0:aa"]) == [(cap.document.id, b"sig")]
    store.add_capture(cap, signature=b"other")  # an existing signature is never replaced
    assert store.near_duplicate_candidates(["0:aa"]) == [(cap.document.id, b"sig")]
