"""The server's per-process memo of actors and listed claims (`Store.cache_reads`): what it lists is what a
store without it lists, after every kind of change made by another process (here: another Store)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from store_samples import MIRA, MONITOR, TOMAS, capture, full_extraction, other_text, simple_extraction

from audiatur.domain import ClaimStatus, Document, Extraction, Measure, Party, PartyKind
from audiatur.store import ClaimFilter, ClaimPage, ClaimSort, Store, open_store
from audiatur.store.cache import LedgerCache


@pytest.fixture()
def server(store_url: str, doc: Document) -> Iterator[Store]:
    """A second store on the same ledger with the memo on, as `audiatur serve` opens it."""
    with open_store(store_url) as opened:
        opened.cache_reads()
        yield opened


_VIEWS = (
    (ClaimFilter(), ClaimSort.CREATED),
    (ClaimFilter(), ClaimSort.CREATED_DESC),
    (ClaimFilter(), ClaimSort.VALUE_DESC),
    (ClaimFilter(speaker_party="Northland"), ClaimSort.CREATED),
    (ClaimFilter(status=ClaimStatus.ACCEPTED), ClaimSort.PUBLISHED_DESC),
)


def _pages(store: Store, limit: int = 2) -> list[ClaimPage]:
    """Every page of every view, two claims a page (so cursors are made from the memo's stamps)."""
    pages = []
    for claim_filter, sort in _VIEWS:
        after = None
        while True:
            page = store.list_claims(claim_filter, limit=limit, after=after, sort=sort)
            pages.append(page)
            if page.next_cursor is None:
                break
            after = page.next_cursor
    return pages


def _same(server: Store, store: Store) -> None:
    for _ in range(2):  # read twice: the second time from the memo
        assert _pages(server) == _pages(store)
    for record in store.list_claims(ClaimFilter(), limit=50).items:
        assert server.get_claim_record(record.claim.id) == record


def _ids(doc: Document) -> list[str]:
    return [c.id for c in full_extraction(doc).claims]


def test_memo_lists_what_the_ledger_holds_after_every_kind_of_change(
    server: Store, store: Store, doc: Document
) -> None:
    ids = _ids(doc)
    _same(server, store)
    store.set_claim_status(ids[0], ClaimStatus.ACCEPTED, user="ana", expected_version=1)
    _same(server, store)
    store.update_claim(ids[1], {"value": 150, "speaker_id": TOMAS.id}, user="ana", expected_version=1)
    _same(server, store)
    assert server.get_claim(ids[1]).speaker == TOMAS
    store.set_actor_party(MIRA.id, "Southland", user="ana")  # every claim of Mira's changes party
    _same(server, store)
    assert server.get_claim(ids[0]).speaker is not None
    assert server.get_claim(ids[0]).speaker.party == "Southland"  # type: ignore[union-attr]
    store.upsert_party(Party(id="p", name="Southland", kind=PartyKind.SIDE), user="ana")
    store.merge_actors(TOMAS.id, MIRA.id, user="ana")  # Mira's claims are now Tomas's
    _same(server, store)
    assert server.get_claim(ids[0]).speaker == store.get_claim(ids[0]).speaker
    assert store.get_claim(ids[0]).speaker.id == TOMAS.id  # type: ignore[union-attr]
    store.revert_claim(ids[1], user="ana", expected_version=2)
    _same(server, store)
    # New documents and claims (the content part of the mark moves).
    for n in range(3):
        cap = capture(other_text(n), source=f"file:///corpus/other-{n}.txt", published=date(2020, 10, n + 1))
        store.add_capture(cap)
        store.save_extraction(simple_extraction(cap.document, value=n + 3, speaker=MONITOR))
    _same(server, store)
    # A re-extraction that no longer finds a reviewed claim supersedes it.
    store.save_extraction(Extraction(document_id=doc.id, extractor_version="2.0"))
    _same(server, store)


def test_memo_reads_again_only_the_claims_that_changed(server: Store, store: Store, doc: Document) -> None:
    ids = _ids(doc)
    first = {r.claim.id: r for r in server.list_claims(ClaimFilter()).items}
    again = {r.claim.id: r for r in server.list_claims(ClaimFilter()).items}
    assert all(again[i] is first[i] for i in ids)  # held, not rebuilt
    store.set_claim_status(ids[2], ClaimStatus.REJECTED, user="ana", expected_version=1)
    after = {r.claim.id: r for r in server.list_claims(ClaimFilter()).items}
    assert after[ids[2]].claim.status == ClaimStatus.REJECTED and after[ids[2]].version == 2
    assert all(after[i] is first[i] for i in ids if i != ids[2])  # a review of one claim keeps the others
    # A change of an actor (audited) forgets every claim: the speaker's party is in each.
    store.set_actor_party(TOMAS.id, "Northland", user="ana")
    moved = {r.claim.id: r for r in server.list_claims(ClaimFilter()).items}
    assert not any(moved[i] is after[i] for i in ids)


def test_memo_is_bounded(server: Store, store: Store, doc: Document) -> None:
    memo = server._memo
    assert memo is not None
    memo.records_kept = 2
    server.list_claims(ClaimFilter(), limit=5)
    assert len(memo._records) == 2


def test_ledger_cache_keeps_what_reviews_cannot_change(store: Store, doc: Document) -> None:
    ids = _ids(doc)
    cache = LedgerCache(store, loose_above=1000)  # every count here is exact: nothing is kept loosely
    killed, accepted = ClaimFilter(measure=Measure.KILLED), ClaimFilter(status=ClaimStatus.ACCEPTED)
    mark = cache.mark()
    assert (cache.count_claims(killed, mark), cache.count_claims(accepted, mark)) == (1, 0)
    places, parties = cache.places(mark), cache.parties(mark)
    store.set_claim_status(ids[0], ClaimStatus.ACCEPTED, user="ana", expected_version=1)
    reviewed = cache.mark()
    misses = cache.misses
    assert cache.count_claims(killed, reviewed) == 1  # kept: accepting changes no measure
    assert cache.places(reviewed) is places and cache.parties(reviewed) is parties
    assert cache.misses == misses
    assert cache.count_claims(accepted, reviewed) == 1  # counted again: it filters by status
    assert cache.misses == misses + 1
    # A correction can change what any filter matches: the count is made again, and right.
    store.update_claim(ids[0], {"measure": Measure.INJURED}, user="ana", expected_version=2)
    corrected = cache.mark()
    assert cache.count_claims(killed, corrected) == 0
    assert cache.places(corrected) is places  # still only a claim was changed
    # A change of a party is not a review: parties are read again.
    store.upsert_party(Party(id="p", name="Eastland", kind=PartyKind.SIDE), user="ana")
    assert "Eastland" in {p.name for p in cache.parties(cache.mark())}


def test_memo_is_kept_when_an_older_snapshot_checks_it(server: Store, store: Store, doc: Document) -> None:
    memo = server._memo
    assert memo is not None
    with server._reading() as older:
        before = memo.check(older)  # this read's snapshot begins before the review below
        store.set_claim_status(_ids(doc)[0], ClaimStatus.ACCEPTED, user="ana", expected_version=1)
        server.list_claims(ClaimFilter())  # another request, after the review: the memo moves on
        held, records = memo._mark, len(memo._records)
        assert records == len(_ids(doc)) and held is not None
        # The older read sees its own mark (on SQLite, still the one before the review), and neither
        # forgets nor stores anything.
        assert memo.check(older) in (before, held)
        assert memo._mark == held and len(memo._records) == records
