"""Analyst review: corrections, statuses, optimistic locking, actor merges and parties, each audited."""

from __future__ import annotations

from datetime import date

import pytest
from store_samples import MIRA, PORT_ASTER, TOMAS, full_extraction

from audiatur.domain import ClaimStatus, Document, Measure, Party, PartyKind, Period
from audiatur.errors import Conflict, NotFound
from audiatur.store import ClaimFilter, InvalidData, Store, party_id


def _claim_id(store: Store, doc: Document, index: int) -> str:
    return full_extraction(doc).claims[index].id


def test_update_claim_lays_changes_over_the_extraction(store: Store, doc: Document) -> None:
    claim_id = _claim_id(store, doc, 0)
    updated = store.update_claim(
        claim_id,
        {"value": 31, "measure": Measure.INJURED, "period": Period(start=date(2020, 9, 27))},
        user="ana",
        expected_version=1,
    )
    assert updated.status == ClaimStatus.CORRECTED
    assert updated.figure is not None
    assert (updated.figure.value, updated.figure.low, updated.figure.high) == (31, 31, 31)
    assert updated.figure.measure == Measure.INJURED
    assert updated.figure.period == Period(start=date(2020, 9, 27))
    record = store.get_claim_record(claim_id)
    assert record.version == 2 and record.reviewed_by == "ana" and record.reviewed_at is not None
    assert record.claim == updated
    # Filters see the corrected values.
    assert claim_id in {r.claim.id for r in store.list_claims(ClaimFilter(measure=Measure.INJURED)).items}
    assert claim_id not in {r.claim.id for r in store.list_claims(ClaimFilter(measure=Measure.KILLED)).items}
    # The export contract carries the correction and the status.
    exported = {c.id: c.to_dict(d) for c, d in store.iter_export()}
    assert exported[claim_id]["figure"]["value"] == 31  # type: ignore[index]
    assert exported[claim_id]["status"] == "corrected"


def test_update_claim_can_reattribute_and_move_places(store: Store, doc: Document) -> None:
    claim_id = _claim_id(store, doc, 0)
    store.update_claim(claim_id, {"speaker_id": TOMAS.id, "places": []}, user="ana", expected_version=1)
    claim = store.get_claim(claim_id)
    assert claim.speaker == TOMAS
    assert claim.figure is not None and claim.figure.places == ()
    assert claim_id not in {r.claim.id for r in store.list_claims(ClaimFilter(place_id=PORT_ASTER.id)).items}
    assert claim_id in {r.claim.id for r in store.list_claims(ClaimFilter(speaker_party="Southland")).items}
    store.update_claim(claim_id, {"places": [PORT_ASTER.id]}, user="ana", expected_version=2)
    claim = store.get_claim(claim_id)
    assert claim.figure is not None and [p.id for p in claim.figure.places] == [PORT_ASTER.id]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "no changes"),
        ({"colour": "red"}, "has no field colour"),
        ({"measure": "vanished"}, "invalid claim"),
        ({"value": "many"}, "invalid claim"),
        ({"places": ["place:nowhere"]}, "no place"),
        ({"speaker_id": "nobody"}, "no actor"),
        ({"polarity": "denied"}, "has no field polarity"),  # an event field on a figure claim
    ],
)
def test_update_claim_refuses_invalid_changes(
    store: Store, doc: Document, changes: dict[str, object], message: str
) -> None:
    claim_id = _claim_id(store, doc, 0)
    with pytest.raises(InvalidData, match=message):
        store.update_claim(claim_id, changes, user="ana", expected_version=1)
    record = store.get_claim_record(claim_id)
    assert record.version == 1 and record.claim.status == ClaimStatus.EXTRACTED and not record.override
    assert store.audit_trail("claim", claim_id) == []


def test_stale_version_is_a_conflict_and_loses_nothing(store: Store, doc: Document) -> None:
    claim_id = _claim_id(store, doc, 0)
    store.update_claim(claim_id, {"value": 30}, user="ana", expected_version=1)
    with pytest.raises(Conflict, match=r"changed by someone else \(now version 2, you had 1\)"):
        store.update_claim(claim_id, {"value": 99}, user="ben", expected_version=1)
    with pytest.raises(Conflict):
        store.set_claim_status(claim_id, "rejected", user="ben", expected_version=1)
    claim = store.get_claim(claim_id)
    assert claim.figure is not None and claim.figure.value == 30
    assert [e.user for e in store.audit_trail("claim", claim_id)] == ["ana"]


def test_status_changes_and_revert(store: Store, doc: Document) -> None:
    claim_id = _claim_id(store, doc, 2)
    assert store.set_claim_status(claim_id, "accepted", user="ana", expected_version=1).status == "accepted"
    store.update_claim(claim_id, {"weapon": "rockets"}, user="ana", expected_version=2)
    with pytest.raises(InvalidData, match="revert"):
        store.set_claim_status(claim_id, ClaimStatus.EXTRACTED, user="ana", expected_version=3)
    accepted = store.set_claim_status(claim_id, ClaimStatus.ACCEPTED, user="ben", expected_version=3)
    assert accepted.status == ClaimStatus.ACCEPTED and accepted.event is not None
    assert accepted.event.weapon == "rockets"  # accepted with the correction
    reverted = store.revert_claim(claim_id, user="ben", expected_version=4)
    assert reverted.status == ClaimStatus.EXTRACTED
    assert reverted == full_extraction(doc).claims[2]
    record = store.get_claim_record(claim_id)
    assert record.reviewed_by is None and record.override == {} and record.version == 5
    actions = [e.action for e in store.audit_trail("claim", claim_id)]
    assert actions == ["claim.accepted", "claim.correct", "claim.accepted", "claim.revert"]
    with pytest.raises(InvalidData, match="corrected by changing it"):
        store.set_claim_status(claim_id, ClaimStatus.CORRECTED, user="ben", expected_version=5)
    with pytest.raises(InvalidData, match="unknown claim status"):
        store.set_claim_status(claim_id, "maybe", user="ben", expected_version=5)


def test_review_of_unknown_claim(store: Store) -> None:
    with pytest.raises(NotFound):
        store.update_claim("a" * 64, {"value": 1}, user="ana", expected_version=1)


def test_audit_rows_record_before_and_after(store: Store, doc: Document) -> None:
    claim_id = _claim_id(store, doc, 0)
    store.update_claim(claim_id, {"value": 30}, user="ana", expected_version=1)
    [entry] = store.audit_trail("claim", claim_id)
    assert entry.user == "ana" and entry.action == "claim.correct" and entry.entity_id == claim_id
    assert entry.before == {"status": "extracted", "override": None, "version": 1}
    assert entry.after == {
        "status": "corrected",
        "override": {"value": 30, "low": 30, "high": 30},
        "version": 2,
    }
    assert entry.at.tzinfo is not None
    assert store.recent_audit(limit=1) == [entry]


def test_audit_needs_a_user(store: Store, doc: Document) -> None:
    with pytest.raises(InvalidData, match="user"):
        store.update_claim(_claim_id(store, doc, 0), {"value": 30}, user=" ", expected_version=1)


def test_merge_actors_moves_claims_aliases_and_is_audited(store: Store, doc: Document) -> None:
    keep = store.merge_actors(TOMAS.id, MIRA.id, user="ana")
    assert keep.id == TOMAS.id and "Mira Kovan" in keep.aliases
    assert store.get_actor(MIRA.id) == keep  # the merged-away id leads to the survivor
    speakers = {r.claim.speaker.id for r in store.list_claims().items if r.claim.speaker}
    assert speakers == {TOMAS.id}
    assert {r.claim.speaker.party for r in store.list_claims().items if r.claim.speaker} == {"Southland"}
    assert store.get_statements(doc.id)[0].speaker.id == TOMAS.id
    assert [a.id for a in store.list_actors()] == [TOMAS.id]
    assert {a.id for a in store.list_actors(include_merged=True)} == {TOMAS.id, MIRA.id}
    [merge] = store.audit_trail("actor", MIRA.id)
    assert merge.action == "actor.merge" and merge.user == "ana"
    assert merge.before == {"merged_into": None, "survivor_aliases": []}
    assert merge.after == {"merged_into": TOMAS.id, "survivor_aliases": ["Mira Kovan"]}
    assert store.audit_trail("actor", TOMAS.id) == [merge]  # the survivor's trail shows it too
    assert len(store.recent_audit()) == 1
    with pytest.raises(Conflict, match="merged"):
        store.merge_actors(TOMAS.id, MIRA.id, user="ana")
    with pytest.raises(InvalidData):
        store.merge_actors(TOMAS.id, TOMAS.id, user="ana")
    with pytest.raises(NotFound):
        store.merge_actors(TOMAS.id, "nobody", user="ana")


def test_set_actor_party(store: Store, doc: Document) -> None:
    actor = store.set_actor_party(MIRA.id, "southland", user="ana")  # any case, or an alias
    assert actor.party == "Southland"
    assert all(
        r.claim.speaker and r.claim.speaker.party == "Southland"
        for r in store.list_claims(ClaimFilter(speaker_id=MIRA.id)).items
    )
    assert store.count_claims(ClaimFilter(speaker_party="Northland")) == 0
    cleared = store.set_actor_party(MIRA.id, None, user="ana")
    assert cleared.party is None
    with pytest.raises(NotFound, match="no party"):
        store.set_actor_party(MIRA.id, "Atlantis", user="ana")
    assert [e.after for e in store.audit_trail("actor", MIRA.id)] == [
        {"party": "Southland", "party_set_by": "ana"},
        {"party": None, "party_set_by": "ana"},
    ]


def test_parties_upsert_by_id_or_name(store: Store, doc: Document) -> None:
    # Extraction created the parties its actors name.
    assert {(p.name, p.kind) for p in store.list_parties()} == {
        ("Northland", PartyKind.SIDE),
        ("Southland", PartyKind.SIDE),
    }
    stored = store.upsert_party(
        Party(id="north", name="northland", aliases=("Northern Republic",)), user="ana"
    )
    assert stored.id == party_id("Northland")  # matched by name: the existing id is kept
    assert stored.aliases == ("Northern Republic",)
    assert store.set_actor_party(TOMAS.id, "Northern Republic", user="ana").party == "northland"
    renamed = store.upsert_party(Party(id=stored.id, name="North Land"), user="ana")
    assert renamed.name == "North Land"
    assert store.count_claims(ClaimFilter(speaker_party="North Land")) == 6  # claims follow the rename
    with pytest.raises(Conflict, match="already named"):
        store.upsert_party(Party(id=stored.id, name="Southland"), user="ana")
    assert [e.action for e in store.audit_trail("party", stored.id)] == ["party.update", "party.update"]
