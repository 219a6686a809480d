"""Sorted, filtered listings give the same pages whichever way the store finds them.

On SQLite a page sorted by date or figure is first looked for among the first rows in that order (small
windows), and only when too few of those match through the filter's own index; a place's claims come from
two covering indexes, and "not superseded" from the partial index of superseded claims. Here the windows are
made tiny, so a ledger of some forty claims takes every path (a full window, a window that holds the rest,
the fall back), and every page of every sort and filter is checked against the unfiltered listing filtered
here, claim by claim.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from store_samples import MIRA, MONITOR, PORT_ASTER, PORT_ASTER_REF, TOMAS, capture, event_claim, figure_claim

from audiatur.domain import Claim, Extraction, Measure, Place, PlaceRef
from audiatur.store import ClaimFilter, ClaimRecord, ClaimSort, Store
from audiatur.store import claims as claims_module

RIVERFORD = Place(id="place:riverford", name="Riverford", names=("Riverford",), latitude=1.0, longitude=2.0)
RIVERFORD_REF = PlaceRef(id=RIVERFORD.id, name="Riverford", names=RIVERFORD.names)
SPEAKERS = (MIRA, TOMAS, MONITOR)
DOCUMENTS = 24


def _text(n: int) -> str:
    return (
        f"Bulletin {n}: {n % 9 + 1} civilians were killed and homes were shelled near the river on day {n}."
    )


def _extraction(n: int, document_id: str, text: str, version: str = "1.0") -> Extraction:
    cap = capture(text)
    doc = replace(cap.document, id=document_id)
    places = (PORT_ASTER_REF,) if n % 3 == 0 else (RIVERFORD_REF,) if n % 3 == 1 else ()
    figure = figure_claim(
        doc,
        f"{n % 9 + 1} civilians were killed",
        value=n % 9 + 1,
        measure=Measure.KILLED if n % 4 else Measure.INJURED,
        speaker=SPEAKERS[n % 3],
        places=places,
        version=version,
    )
    event = event_claim(
        doc, "homes were shelled", speaker=SPEAKERS[(n + 1) % 3], places=places[::-1], version=version
    )
    return Extraction(
        document_id=document_id,
        extractor_version=version,
        places=(PORT_ASTER, RIVERFORD),
        claims=(figure, event) if n % 5 else (figure,),
    )


@pytest.fixture()
def ledger(store: Store) -> Store:
    """Some forty claims over two places and three parties, a sixth of the documents undated, two
    claims superseded (reviewed, then no longer found)."""
    for n in range(DOCUMENTS):
        published = None if n % 6 == 0 else date(2021, 1 + n % 12, 1 + n % 27)
        cap = capture(_text(n), source=f"file:///corpus/b{n}.txt", published=published)
        store.add_capture(cap)
        store.save_extraction(_extraction(n, cap.document.id, cap.document.text))
    for n in (7, 8):
        doc_id = capture(_text(n)).document.id
        first = store.list_claims(ClaimFilter(document_id=doc_id), limit=1).items[0].claim
        store.set_claim_status(first.id, "accepted", user="ana", expected_version=1)
        store.save_extraction(replace(_extraction(n, doc_id, _text(n), "2.0"), claims=()))
    return store


def _places(claim: Claim) -> set[str]:
    found = claim.figure.places if claim.figure else claim.event.places if claim.event else ()
    return {p.id for p in found}


FILTERS: dict[str, tuple[ClaimFilter, Callable[[ClaimRecord], bool]]] = {
    "none": (ClaimFilter(), lambda r: True),
    "figures": (ClaimFilter(kind="figure"), lambda r: r.claim.kind == "figure"),
    "one party": (
        ClaimFilter(speaker_party="Southland"),
        lambda r: r.claim.speaker is not None and r.claim.speaker.party == "Southland",
    ),
    "place": (ClaimFilter(place_id=PORT_ASTER.id), lambda r: PORT_ASTER.id in _places(r.claim)),
    "place + measure": (
        ClaimFilter(place_id=RIVERFORD.id, measure="injured"),
        lambda r: (
            RIVERFORD.id in _places(r.claim)
            and r.claim.figure is not None
            # the measure decides
            and r.claim.figure.measure == "injured"
        ),
    ),
    "search": (ClaimFilter(q="killed"), lambda r: r.claim.kind == "figure"),
    "search + party": (
        ClaimFilter(q="shelled", speaker_party="independent"),
        lambda r: (
            r.claim.kind == "event"
            and r.claim.speaker is not None
            # the event's evidence holds the word
            and r.claim.speaker.party == "independent"
        ),
    ),
    "dates": (
        ClaimFilter(published_from=date(2021, 3, 1), published_to=date(2021, 8, 31)),
        lambda r: r.published is not None and date(2021, 3, 1) <= r.published <= date(2021, 8, 31),
    ),
}


def test_every_page_of_every_sort_and_filter_matches_the_filtered_listing(
    ledger: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows of one and two rows per row of the page: some pages are found in them, others fall back.
    monkeypatch.setattr(claims_module, "_PROBE_PER_ROW", (1, 2))
    # A searched page in creation order is looked for in windows of seqs: from three seqs wide.
    monkeypatch.setattr(claims_module, "_SEARCH_WINDOW", 3)
    superseded = {
        r.claim.id for r in ledger.list_claims(ClaimFilter(include_superseded=True), limit=1000).items
    } - {r.claim.id for r in ledger.list_claims(limit=1000).items}
    assert len(superseded) == 2
    for sort in ClaimSort:
        everything = ledger.list_claims(limit=1000, sort=sort).items
        assert len(everything) == ledger.count_claims()
        for name, (flt, keep) in FILTERS.items():
            expected = [r.claim.id for r in everything if keep(r)]
            assert expected, name  # every filter matches something
            for limit in (2, 9):
                got: list[str] = []
                cursor = None
                while True:
                    page = ledger.list_claims(flt, limit=limit, after=cursor, sort=sort)
                    got += [r.claim.id for r in page.items]
                    assert len(got) <= len(expected), (sort, name, limit)  # no page twice
                    cursor = page.next_cursor
                    if cursor is None:
                        break
                assert got == expected, (sort, name, limit)
                assert not superseded & set(got)
