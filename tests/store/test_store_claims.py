"""Listing claims: filters, keyset pagination in every order, counts, full-text search, the export."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from store_samples import (
    MIRA,
    MONITOR,
    PORT_ASTER,
    TEXT,
    TOMAS,
    capture,
    figure_claim,
    full_extraction,
    other_text,
    simple_extraction,
)

from audiatur.config import database_url
from audiatur.domain import ClaimKind, ClaimStatus, Extraction, Measure, Polarity, SubjectClass
from audiatur.store import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    ClaimFilter,
    ClaimSort,
    InvalidData,
    Store,
    open_store,
)
from audiatur.store import claims as claims_module
from pg import PostgresServer, create_database, drop_database


def _fill(store: Store) -> Store:
    """Two documents with every kind of claim, and 20 one-claim monitor reports (some undated)."""
    for n, published in enumerate([date(2020, 10, 8), date(2020, 10, 12)]):
        cap = capture(f"Dispatch {n}: {TEXT}", source=f"file:///corpus/d{n}.txt", published=published)
        store.add_capture(cap)
        store.save_extraction(full_extraction(cap.document))
    for n in range(20):
        published = None if n % 5 == 0 else date(2020, 10, 1 + n)
        cap = capture(other_text(n, value=10 + n), source=f"file:///corpus/r{n}.txt", published=published)
        store.add_capture(cap)
        store.save_extraction(simple_extraction(cap.document, value=10 + n))
    return store


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ledger_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A filled ledger shared by this module's read-only tests (its own database: others truncate theirs)."""
    if request.param == "sqlite":
        url = database_url(tmp_path_factory.mktemp("ledger") / "ledger.db")
        with open_store(url) as store:
            _fill(store)
        yield url
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = f"audiatur_ledger_{uuid.uuid4().hex[:8]}"
    url = create_database(server, name)
    try:
        with open_store(url) as store:
            _fill(store)
        yield url
    finally:
        drop_database(server, name)


@pytest.fixture()
def ledger(ledger_url: str) -> Iterator[Store]:
    """The shared filled ledger (do not write to it: use `fresh` for that)."""
    with open_store(ledger_url) as store:
        yield store


@pytest.fixture()
def fresh(store: Store) -> Store:
    """A filled ledger of this test's own, to write to."""
    return _fill(store)


def _ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.claim.id for r in page.items]


def _walk(store: Store, flt: ClaimFilter | None, sort: ClaimSort, limit: int) -> list:  # type: ignore[type-arg]
    records = []
    cursor = None
    pages = 0
    while True:
        page = store.list_claims(flt, limit=limit, after=cursor, sort=sort)
        assert len(page.items) <= limit
        records += page.items
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            return records
        assert pages < 100


@pytest.mark.parametrize("sort", list(ClaimSort))
@pytest.mark.parametrize("limit", [1, 3, 7, 50])
def test_keyset_pages_give_every_claim_once_in_order(ledger: Store, sort: ClaimSort, limit: int) -> None:
    records = _walk(ledger, None, sort, limit)
    ids = [r.claim.id for r in records]
    assert len(ids) == len(set(ids)) == ledger.count_claims() == 32
    # The pages join up into exactly the one-query order.
    assert ids == _ids(ledger.list_claims(limit=1000, sort=sort))
    if sort in (ClaimSort.PUBLISHED, ClaimSort.PUBLISHED_DESC):
        keys = [r.published for r in records]
        dated = [k for k in keys if k is not None]
        assert keys[: len(dated)] == dated  # undated last
        assert dated == sorted(dated, reverse=sort is ClaimSort.PUBLISHED_DESC)
    if sort in (ClaimSort.VALUE, ClaimSort.VALUE_DESC):
        values = [r.claim.figure.value for r in records if r.claim.figure]
        assert values == sorted(values, reverse=sort is ClaimSort.VALUE_DESC)
        assert all(r.claim.figure is None for r in records[len(values) :])


def test_pages_with_a_filter(ledger: Store) -> None:
    flt = ClaimFilter(kind=ClaimKind.FIGURE, speaker_party="independent")
    records = _walk(ledger, flt, ClaimSort.PUBLISHED_DESC, 4)
    assert len(records) == 20
    assert {r.claim.speaker.id for r in records} == {MONITOR.id}  # type: ignore[union-attr]


def test_a_cursor_belongs_to_its_sort_order(ledger: Store) -> None:
    cursor = ledger.list_claims(limit=2, sort=ClaimSort.VALUE).next_cursor
    assert cursor is not None
    with pytest.raises(InvalidData, match="cursor"):
        ledger.list_claims(limit=2, after=cursor, sort=ClaimSort.PUBLISHED)
    with pytest.raises(InvalidData, match="cursor"):
        ledger.list_claims(after="garbage!")
    with pytest.raises(InvalidData, match="sort"):
        ledger.list_claims(sort="sideways")
    with pytest.raises(InvalidData, match="limit"):
        ledger.list_claims(limit=0)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (ClaimFilter(), 32),
        (ClaimFilter(kind=ClaimKind.EVENT), 4),
        (ClaimFilter(kind=(ClaimKind.CHARACTERIZATION, ClaimKind.DEMAND)), 4),
        (ClaimFilter(speaker="kovan"), 6),
        (ClaimFilter(speaker="KOV"), 6),
        (ClaimFilter(speaker="field mon"), 20),
        (ClaimFilter(speaker="100%_"), 0),  # LIKE wildcards are taken literally
        (ClaimFilter(speaker_id=TOMAS.id), 6),
        (ClaimFilter(speaker_party="Northland"), 6),
        (ClaimFilter(speaker_party=("Northland", "Southland")), 12),
        (ClaimFilter(actor_party="Southland"), 4),
        (ClaimFilter(actor_party="independent"), 2),
        (ClaimFilter(measure=Measure.KILLED), 22),
        (ClaimFilter(measure=Measure.INJURED), 2),
        (ClaimFilter(subject_class=SubjectClass.PEOPLE), 2),
        (ClaimFilter(polarity=Polarity.DENIED), 2),
        (ClaimFilter(place_id=PORT_ASTER.id), 26),
        (ClaimFilter(place_id="place:elsewhere"), 0),
        (ClaimFilter(published_from=date(2020, 10, 12)), 6 + 8),
        (ClaimFilter(published_to=date(2020, 10, 8)), 6 + 6),
        (ClaimFilter(published_from=date(2020, 10, 8), published_to=date(2020, 10, 8)), 7),
        (ClaimFilter(q="cluster munitions"), 2),
        (ClaimFilter(q='"residential areas"'), 2),
        (ClaimFilter(q="civilian*"), 24),
        (ClaimFilter(q="killed -27"), 19),
        (ClaimFilter(q="KILLED"), 22),
        (ClaimFilter(q="killed", speaker_party="Northland"), 2),
        (ClaimFilter(status=ClaimStatus.EXTRACTED), 32),
        (ClaimFilter(status=ClaimStatus.ACCEPTED), 0),
    ],
)
def test_filters(ledger: Store, flt: ClaimFilter, expected: int) -> None:
    assert ledger.count_claims(flt) == expected
    assert len(ledger.list_claims(flt, limit=1000).items) == expected


def test_filter_by_document(ledger: Store) -> None:
    doc_id = ledger.list_documents(limit=1).items[0].id
    records = ledger.list_claims(ClaimFilter(document_id=doc_id)).items
    assert {r.claim.document_id for r in records} == {doc_id} and len(records) == 6


def test_status_filter_follows_review(fresh: Store) -> None:
    claim_id = fresh.list_claims(limit=1).items[0].claim.id
    fresh.set_claim_status(claim_id, "accepted", user="ana", expected_version=1)
    assert _ids(fresh.list_claims(ClaimFilter(status=ClaimStatus.ACCEPTED))) == [claim_id]
    assert fresh.count_claims(ClaimFilter(status=(ClaimStatus.ACCEPTED, ClaimStatus.EXTRACTED))) == 32


@pytest.mark.parametrize("q", ["", "   ", "-killed", "***", '""'])
def test_a_query_with_nothing_to_find_is_invalid(ledger: Store, q: str) -> None:
    if not q.strip():
        assert ledger.count_claims(ClaimFilter(q=q)) == 32  # an empty query does not filter
        return
    with pytest.raises(InvalidData, match="no word"):
        ledger.count_claims(ClaimFilter(q=q))


@pytest.mark.parametrize(
    "q", ['killed" OR "x', "NEAR(a b)", "a:b", "col:killed", "(", "'", "killed AND", "^x"]
)
def test_query_syntax_in_user_text_is_never_a_database_error(ledger: Store, q: str) -> None:
    with contextlib.suppress(InvalidData):  # "nothing to search for" is fine; SQL syntax errors are not
        ledger.count_claims(ClaimFilter(q=q))
        ledger.search_documents(q)


def test_search_documents_ranks_and_highlights(ledger: Store) -> None:
    hits = ledger.search_documents("Dispatch cluster munitions")
    assert len(hits) == 2
    assert all(HIGHLIGHT_START in h.snippet and HIGHLIGHT_END in h.snippet for h in hits)
    assert hits[0].rank >= hits[1].rank
    assert ledger.search_documents("nonexistentword") == []
    title_hits = ledger.search_documents("Ministry", limit=50)  # in every sample title
    assert len(title_hits) == 22


@pytest.mark.parametrize(
    "flt",
    [
        ClaimFilter(),
        ClaimFilter(kind=ClaimKind.FIGURE),
        ClaimFilter(kind=ClaimKind.FIGURE, status="extracted"),
        ClaimFilter(q="civilians"),
        ClaimFilter(speaker="monitor"),
    ],
)
def test_count_estimate_is_exact_when_small_and_close_when_sampled(
    ledger: Store, flt: ClaimFilter, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = ledger.count_claims(flt)
    assert ledger.count_claims(flt, estimate=True) == exact  # a small ledger is counted exactly
    # Make this small ledger count as large: PostgreSQL asks its planner, SQLite samples windows.
    if ledger.dialect == "postgresql":
        with ledger._engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE claims")  # autovacuum would, on a server that has run a while
    monkeypatch.setattr(claims_module, "ESTIMATE_EXACT_BELOW", 0)
    monkeypatch.setattr(claims_module, "ESTIMATE_WINDOWS", 4)
    monkeypatch.setattr(claims_module, "ESTIMATE_WIDTH", 8)
    monkeypatch.setattr(claims_module, "_MIN_SAMPLE_HITS", 1)
    guess = ledger.count_claims(flt, estimate=True)
    assert 0 < guess <= 3 * max(exact, 1) and guess >= exact / 3


def test_iter_export_streams_every_claim_with_its_document(ledger: Store) -> None:
    pairs = list(ledger.iter_export(batch_size=5))
    assert len(pairs) == 32
    assert len({c.id for c, _ in pairs}) == 32
    for claim, document in pairs:
        assert claim.document_id == document.id
        line = claim.to_dict(document)
        assert line["document"]["source"] == document.source
        assert line["evidence"]["text"] == document.text[claim.evidence.start : claim.evidence.end]
    assert [c.id for c, _ in pairs] == [c.id for c, _ in ledger.iter_export(batch_size=1000)]
    figures = list(ledger.iter_export(ClaimFilter(kind=ClaimKind.FIGURE)))
    assert len(figures) == 24


def test_get_claim_by_prefix_and_speaker_resolution(ledger: Store) -> None:
    record = ledger.list_claims(ClaimFilter(speaker_id=MIRA.id), limit=1).items[0]
    assert ledger.get_claim(record.claim.id[:16]) == record.claim
    assert record.claim.speaker == MIRA


def test_summary(ledger: Store) -> None:
    summary = ledger.summary()
    assert summary.documents == 22 and summary.captures == 22
    assert summary.speakers == 3
    assert summary.claims == 32
    assert summary.claims_by_kind == {"characterization": 2, "demand": 2, "event": 4, "figure": 24}
    assert summary.claims_by_status == {"extracted": 32}


def test_superseded_claims_are_hidden_unless_asked_for(fresh: Store) -> None:
    doc_id = fresh.list_documents(limit=1).items[0].id
    first = fresh.list_claims(ClaimFilter(document_id=doc_id), limit=1).items[0].claim
    fresh.set_claim_status(first.id, "rejected", user="ana", expected_version=1)
    document = fresh.get_document(doc_id)
    fresh.save_extraction(replace(full_extraction(document, "2.0"), claims=(), statements=()))
    assert fresh.count_claims(ClaimFilter(document_id=doc_id)) == 0
    assert _ids(fresh.list_claims(ClaimFilter(document_id=doc_id, include_superseded=True))) == [first.id]
    assert first.id not in {c.id for c, _ in fresh.iter_export()}


def test_speaker_filter_matches_aliases_and_unresolved_mentions(store: Store) -> None:
    cap = capture()
    store.add_capture(cap)
    doc = cap.document
    said = figure_claim(
        doc, "27 civilians were killed", value=27, speaker=replace(MIRA, aliases=("Spokeswoman",))
    )
    unresolved = replace(
        figure_claim(doc, "141 were wounded", value=141, measure=Measure.INJURED, speaker=None),
        mention="the ministry spokeswoman",
    )
    store.save_extraction(Extraction(document_id=doc.id, extractor_version="1.0", claims=(said, unresolved)))
    assert {r.claim.id for r in store.list_claims(ClaimFilter(speaker="spokeswoman")).items} == {
        said.id,
        unresolved.id,
    }
    assert [r.claim.id for r in store.list_claims(ClaimFilter(speaker="ministry")).items] == [unresolved.id]
