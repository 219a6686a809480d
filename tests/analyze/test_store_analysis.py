"""The analysis over a real store (SQLite and PostgreSQL): computed, stored, read back, and updated
incrementally with the same result as a full recompute."""

from __future__ import annotations

from datetime import date
from typing import Any

from analyze.analysis_samples import Ledgerish, event_claim, figure_claim, speaker
from audiatur.analyze import AnalysisOptions, update
from audiatur.domain import ClaimKind, PlaceRef, Polarity
from audiatur.errors import NotFound

TOWN = PlaceRef(id="test:town", name="Town", names=("Town", "Burg"))
MINISTRY = speaker("Health Ministry", "North")
WIRE = speaker("Valley Wire", None)
MONITOR = speaker("Field Monitor", "independent")
AIDE = speaker("Ada Vance", "South", affiliation="South Presidency")


def _texts() -> dict[str, str]:
    return {
        "ministry": "The Health Ministry said 11 civilians were killed in Town. South used cluster munitions",
        "wire": "Valley Wire: the ministry said 11 civilians were killed in Town on Friday.",
        "monitor": "The Field Monitor could confirm that 2 civilians were killed in Town.",
        "aide": "Ada Vance said South did not use cluster munitions.",
        "later": "The ministry repeated that 11 civilians were killed in Town.",
    }


def _load(ledger: Ledgerish, names: list[str]) -> dict[str, str]:
    texts, ids = _texts(), {}
    days = {"ministry": 7, "wire": 8, "monitor": 9, "aide": 8, "later": 10}
    for name in names:
        text = texts[name]
        doc = ledger.document(
            text, published=date(2030, 3, days[name]), side="north" if name == "ministry" else None
        )
        ids[name] = doc
        if name == "ministry":
            claims = [
                figure_claim(doc, text, "11 civilians were killed", 11, by=MINISTRY, places=[TOWN]),
                event_claim(doc, text, "South used cluster munitions", "South", by=MINISTRY, weapon="cluster",
                            places=[TOWN]),
            ]  # fmt: skip
        elif name == "aide":
            claims = [
                event_claim(doc, text, "South did not use cluster munitions", "South", by=AIDE,
                            weapon="cluster", polarity=Polarity.DENIED),
            ]  # fmt: skip
        else:
            by = {"wire": MINISTRY, "monitor": MONITOR, "later": MINISTRY}[name]
            number = 2 if name == "monitor" else 11
            words = f"{number} civilians were killed"
            claims = [figure_claim(doc, text, words, number, by=by, places=[TOWN])]
        ledger.claims(doc, claims)
    return ids


def _picture(store: Any) -> dict[str, Any]:
    """Everything stored, comparable across runs."""
    return {
        "clusters": sorted(
            (sorted(c.claim_ids), c.documents, c.independent_origins, c.label, c.parties)
            for c in store.list_clusters()
        ),
        "contradictions": sorted((c.claim_ids, c.reason, c.parties) for c in store.list_contradictions()),
        "timelines": sorted(
            (t.origin, str(t.measure), [p.claim_id for p in t.points]) for t in store.list_timelines()
        ),
        "incidents": sorted((sorted(i.claim_ids), i.label, i.ranges) for i in store.list_incidents()),
    }


def test_store_analysis_is_computed_stored_and_read_back(ledgerish: Ledgerish) -> None:
    store = ledgerish.store
    ids = _load(ledgerish, ["ministry", "wire", "monitor", "aide"])
    report = update(store, options=AnalysisOptions())
    assert report.full and report.claims >= 5
    eleven = next(c for c in store.list_clusters(ClaimKind.FIGURE) if c.low == 11)
    assert (
        eleven.documents == 2 and eleven.origins == ("Health Ministry",) and eleven.independent_origins == 1
    )
    assert eleven.parties == ("North",)
    assert [p.name for p in eleven.places] == ["Town"]
    assert store.get_cluster(eleven.id) == eleven
    assert store.list_clusters(min_documents=2) == [eleven]
    figures = store.list_contradictions(ClaimKind.FIGURE)
    assert len(figures) == 1 and set(figures[0].parties) == {"North", "independent"}
    events = store.list_contradictions(ClaimKind.EVENT)
    assert len(events) == 1
    assert events[0].parties == ("North", "South") and events[0].origins == (
        "Health Ministry",
        "South Presidency",
    )
    denial = events[0].claim_ids[1]
    assert store.contradictions_of_claim(denial) == events
    assert store.clusters_of_claim(denial)[0].polarity is Polarity.DENIED
    timelines = store.list_timelines("killed", origin="health")
    assert [p.value for p in timelines[0].points] == [11]
    incident = store.list_incidents()[0]
    assert incident.place is not None and incident.place.id == "test:town"
    assert store.get_incident(incident.id[:10]) == incident
    killed = incident.ranges[0]
    assert (killed.low, killed.high) == (2, 11) and {p: (lo, hi) for p, lo, hi in killed.by_party} == {
        "North": (11, 11),
        "independent": (2, 2),
    }
    assert store.analysis_blocks_of_documents([ids["monitor"]])  # the blocks that analysed its claims


def test_store_analysis_incremental_update_equals_full_recompute(ledgerish: Ledgerish) -> None:
    store = ledgerish.store
    _load(ledgerish, ["ministry", "monitor"])
    update(store, options=AnalysisOptions())
    added = _load(ledgerish, ["wire", "aide", "later"])
    report = update(store, document_ids=list(added.values()), options=AnalysisOptions())
    assert not report.full and report.documents == 3
    incremental = _picture(store)
    update(store, full=True, options=AnalysisOptions())
    assert _picture(store) == incremental
    # With no documents named, the update finds what changed by itself (nothing, now).
    assert update(store, options=AnalysisOptions()).blocks == 0


def test_store_analysis_rejected_claims_leave_the_analysis(ledgerish: Ledgerish) -> None:
    store = ledgerish.store
    ids = _load(ledgerish, ["ministry", "monitor"])
    update(store, options=AnalysisOptions())
    assert store.list_contradictions(ClaimKind.FIGURE)
    monitor_claim = store.list_claims().items[-1].claim
    assert monitor_claim.document_id == ids["monitor"]
    record = store.get_claim_record(monitor_claim.id)
    store.set_claim_status(monitor_claim.id, "rejected", expected_version=record.version, user="analyst")
    update(store, options=AnalysisOptions())  # finds the edited claim by itself
    assert store.list_contradictions(ClaimKind.FIGURE) == []
    assert store.clusters_of_claim(monitor_claim.id) == []


def test_store_analysis_unknown_ids_are_not_found(ledgerish: Ledgerish) -> None:
    store = ledgerish.store
    for read in (store.get_cluster, store.get_incident):
        try:
            read("abcdef")
        except NotFound:
            continue
        raise AssertionError(f"{read.__name__} should raise NotFound")
    assert store.list_clusters() == [] and store.list_timelines() == [] and store.analysis_state() is None
