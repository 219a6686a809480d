"""The per-process cache of the ledger page (count, places, parties): a change shows on the next read."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from audiatur.domain import ClaimStatus, Extraction, Place
from audiatur.store import ClaimFilter, Store
from audiatur.store.cache import LedgerCache
from present.api.samples import DARR, ORM, Sample, capture, figure


def _count_line(page: str) -> str:
    found = re.search(r'id="result-count"[^>]*>\s*([^<]*?)\s*(<|$)', page)
    assert found, "the ledger page shows no count"
    return found.group(1).strip()


def test_web_review_shows_on_the_next_read(analyst: TestClient, sample: Sample) -> None:
    # Read twice first, so the count of each filter is in the cache.
    for _ in range(2):
        assert _count_line(analyst.get("/", params={"status": "accepted"}).text) == "No claims match."
        assert _count_line(analyst.get("/").text) == "5 claims"
    version = analyst.get(f"/api/claims/{sample.figure_a}").json()["version"]
    answer = analyst.post(
        f"/api/claims/{sample.figure_a}/status", json={"expected_version": version, "status": "accepted"}
    )
    assert answer.status_code == 200, answer.text
    accepted = analyst.get("/", params={"status": "accepted"}).text
    assert _count_line(accepted) == "1 claim"
    assert f"/claims/{sample.figure_a}" in accepted
    listed = analyst.get("/api/claims", params={"status": "extracted", "count": "true"}).json()
    assert listed["total"] == 4 and sample.figure_a not in [c["id"] for c in listed["items"]]


def test_web_new_claims_and_places_show_on_the_next_read(
    viewer: TestClient, store: Store, sample: Sample
) -> None:
    for _ in range(2):
        page = viewer.get("/").text
        assert _count_line(page) == "5 claims" and "Tarrow" not in page
    text = "Ivo Darr said 3 civilians were killed in Tarrow on Friday."
    cap = capture(text, publisher="Aldmark News", published=date(2030, 3, 8), side="Aldmark")
    store.add_capture(cap)
    tarrow = Place(id="test:tarrow", name="Tarrow", names=("Tarrow",), country="Aldmark")
    claim = figure(cap.document, "3 civilians were killed", 3, DARR, "Kessa")
    store.save_extraction(
        Extraction(document_id=cap.document.id, extractor_version="1", places=(tarrow,), claims=(claim,))
    )
    page = viewer.get("/").text
    assert _count_line(page) == "6 claims"
    assert '<option value="test:tarrow"' in page and f"/claims/{claim.id}" in page


def test_cache_keeps_a_large_count_across_reviews_for_a_while_only(store: Store, sample: Sample) -> None:
    extracted = ClaimFilter(status=ClaimStatus.EXTRACTED)
    loose = LedgerCache(store, loose_above=2, loose_seconds=3600)
    stale_free = LedgerCache(store, loose_above=2, loose_seconds=0)
    exact = LedgerCache(store, loose_above=10, loose_seconds=3600)
    for cache in (loose, stale_free, exact):
        assert cache.count_claims(extracted, cache.mark()) == 5
    before = loose.mark()
    store.set_claim_status(sample.figure_b, ClaimStatus.REJECTED, user="anna", expected_version=1)
    after = loose.mark()
    assert after.reviews != before.reviews and after.content == before.content
    # "about 5" (over loose_above) may stay for loose_seconds; a count shown exactly may not.
    assert loose.count_claims(extracted, after) == 5
    assert stale_free.count_claims(extracted, after) == 4
    assert exact.count_claims(extracted, after) == 4
    # New claims move the content mark: every count is made again.
    text = "Lena Orm said 1 civilian was killed in Kesse."
    cap = capture(text, publisher="Brenland Herald", published=date(2030, 3, 9), side="Brenland")
    store.add_capture(cap)
    claim = figure(cap.document, "1 civilian was killed", 1, ORM, "Kesse")
    store.save_extraction(Extraction(document_id=cap.document.id, extractor_version="1", claims=(claim,)))
    moved = loose.mark()
    assert moved.content != after.content
    assert loose.count_claims(extracted, moved) == 5  # 4 left extracted, and the new one


def test_cache_places_and_parties_follow_the_mark(store: Store, sample: Sample) -> None:
    cache = LedgerCache(store)
    mark = cache.mark()
    assert [p.id for p in cache.places(mark)] == [p.id for p in store.list_places()]
    assert cache.places(mark) is cache.places(mark)  # remembered
    parties = {p.name for p in cache.parties(mark)}
    assert parties == {p.name for p in store.list_parties()}
    misses = cache.misses
    store.set_actor_party(DARR.id, "Brenland", user="anna")  # an audited change: the mark moves
    moved = cache.mark()
    assert moved != mark
    cache.places(moved)
    assert cache.misses == misses + 1
