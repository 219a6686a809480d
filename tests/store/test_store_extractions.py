"""save_extraction: atomic per document, idempotent, replacing older runs while keeping analyst work."""

from __future__ import annotations

from dataclasses import replace

import pytest
from store_samples import (
    MIRA,
    MONITOR,
    PORT_ASTER,
    TOMAS,
    capture,
    event_claim,
    figure_claim,
    full_extraction,
    other_text,
    simple_extraction,
    statement,
)

from audiatur.domain import (
    Actor,
    ClaimKind,
    ClaimStatus,
    Document,
    Evidence,
    Extraction,
    Measure,
    Party,
    PartyKind,
)
from audiatur.errors import NotFound
from audiatur.store import ClaimFilter, ClaimRecord, InvalidData, Store, party_id


def _document(store: Store, text: str | None = None) -> Document:
    cap = capture(text) if text is not None else capture()
    store.add_capture(cap)
    return cap.document


def _all(store: Store, **kw: object) -> list[ClaimRecord]:
    return list(store.list_claims(ClaimFilter(**kw), limit=1000).items)  # type: ignore[arg-type]


def test_save_extraction_stores_every_kind_with_speakers_and_places(store: Store) -> None:
    doc = _document(store)
    extraction = full_extraction(doc)
    store.save_extraction(extraction)
    records = _all(store)
    assert sorted(r.claim.id for r in records) == sorted(c.id for c in extraction.claims)
    by_id = {r.claim.id: r.claim for r in records}
    for original in extraction.claims:
        stored = by_id[original.id]
        assert stored == original  # every field round-trips, speaker and places included
    assert {r.claim.kind for r in records} == set(ClaimKind)
    assert store.get_actor(MIRA.id) == MIRA
    assert store.get_place(PORT_ASTER.id) == PORT_ASTER
    [said] = store.get_statements(doc.id)
    assert said == extraction.statements[0]
    summary = store.summary()
    assert summary.claims == 6 and summary.speakers == 2 and summary.documents == 1
    assert summary.claims_by_kind == {"characterization": 1, "demand": 1, "event": 2, "figure": 2}


def test_save_extraction_is_idempotent(store: Store) -> None:
    doc = _document(store)
    store.save_extraction(full_extraction(doc))
    first = {r.claim.id: r for r in _all(store)}
    store.save_extraction(full_extraction(doc))
    second = {r.claim.id: r for r in _all(store)}
    assert first == second
    assert store.count_claims() == 6
    assert store.extraction_versions() == {"1.0": 1}


def test_newer_version_replaces_claims_no_longer_found(store: Store) -> None:
    doc = _document(store)
    store.save_extraction(full_extraction(doc, "1.0"))
    kept = figure_claim(doc, "27 civilians were killed", value=27, version="2.0")
    new = figure_claim(doc, "141 were wounded", value=140, measure=Measure.INJURED, version="2.0")
    store.save_extraction(Extraction(document_id=doc.id, extractor_version="2.0", claims=(kept, new)))
    records = _all(store)
    assert sorted(r.claim.id for r in records) == sorted([kept.id, new.id])
    assert all(r.claim.extractor_version == "2.0" for r in records)
    assert store.get_claim(new.id).figure.value == 140  # type: ignore[union-attr]
    assert store.get_statements(doc.id) == []  # no claim points at the old statement any more
    assert store.documents_to_extract("2.0") == []
    assert store.documents_to_extract("1.0") == [doc.id]
    assert store.extraction_versions() == {"2.0": 1}


def test_corrections_and_statuses_survive_reextraction_and_reviewed_claims_are_superseded(
    store: Store,
) -> None:
    doc = _document(store)
    extraction = full_extraction(doc, "1.0")
    store.save_extraction(extraction)
    killed, _wounded, shelled, _denied, called, _urged = extraction.claims
    v = store.get_claim_record(killed.id).version
    store.update_claim(killed.id, {"value": 29}, user="ana", expected_version=v)
    store.set_claim_status(shelled.id, ClaimStatus.ACCEPTED, user="ana", expected_version=1)
    store.set_claim_status(called.id, ClaimStatus.REJECTED, user="ben", expected_version=1)
    before = {r.claim.id: r for r in _all(store)}

    # Version 2 finds the killed figure and the shelling again, loses the rest.
    again = [replace(killed, extractor_version="2.0"), replace(shelled, extractor_version="2.0")]
    store.save_extraction(Extraction(document_id=doc.id, extractor_version="2.0", claims=tuple(again)))

    after = {r.claim.id: r for r in _all(store, include_superseded=True)}
    assert set(after) == {killed.id, shelled.id, called.id}  # wounded, denied, urged were never reviewed
    assert after[killed.id].claim.status == ClaimStatus.CORRECTED
    assert after[killed.id].claim.figure.value == 29  # type: ignore[union-attr]
    assert after[killed.id].override == {"value": 29, "low": 29, "high": 29}
    assert after[killed.id].version == before[killed.id].version
    assert after[killed.id].claim.extractor_version == "2.0"
    assert after[shelled.id].claim.status == ClaimStatus.ACCEPTED
    assert not after[shelled.id].superseded
    assert after[called.id].superseded and after[called.id].claim.status == ClaimStatus.REJECTED
    assert after[called.id].claim.extractor_version == "1.0"
    # Superseded claims are out of the ledger by default, but kept.
    assert {r.claim.id for r in _all(store)} == {killed.id, shelled.id}
    # The original extraction is still there under the correction.
    assert store.get_claim(killed.id, original=True).figure.value == 27  # type: ignore[union-attr]

    # A later version that finds the rejected claim again brings it back, still rejected.
    store.save_extraction(
        Extraction(
            document_id=doc.id, extractor_version="3.0", claims=(replace(called, extractor_version="3.0"),)
        )
    )
    back = store.get_claim_record(called.id)
    assert not back.superseded and back.claim.status == ClaimStatus.REJECTED
    assert {r.claim.id for r in _all(store, include_superseded=True)} == {killed.id, shelled.id, called.id}


def test_save_extraction_is_all_or_nothing(store: Store) -> None:
    doc = _document(store)
    good = full_extraction(doc)
    bad_claim = replace(
        good.claims[0], id="e" * 64, evidence=Evidence(document_id=doc.id, start=0, end=9, text="not here")
    )
    with pytest.raises(InvalidData, match="not the document's text"):
        store.save_extraction(replace(good, claims=(*good.claims, bad_claim)))
    assert store.count_claims() == 0
    assert store.list_actors() == []
    assert store.list_places() == []
    assert store.documents_to_extract("1.0") == [doc.id]


def test_save_extraction_inside_atomic_rolls_back_with_the_block(store: Store) -> None:
    doc = _document(store)
    with pytest.raises(RuntimeError), store.atomic():
        store.save_extraction(full_extraction(doc))
        assert store.count_claims() == 6  # visible inside the unit of work
        raise RuntimeError("abort the batch")
    assert store.count_claims() == 0


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda e, d: replace(e, claims=(e.claims[0], e.claims[0])), "appears twice"),
        (
            lambda e, d: replace(e, claims=(replace(e.claims[0], document_id="a" * 64),)),
            "belongs to document",
        ),
        (lambda e, d: replace(e, extractor_version=" "), "no extractor version"),
        (lambda e, d: replace(e, statements=(), claims=e.claims[:1]), "names statement"),
    ],
    ids=["duplicate-claim", "wrong-document", "no-version", "unknown-statement"],
)
def test_save_extraction_refuses_bad_input(store: Store, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    doc = _document(store)
    with pytest.raises(InvalidData, match=message):
        store.save_extraction(mutate(full_extraction(doc), doc))
    assert store.count_claims() == 0


def test_save_extraction_for_unknown_document(store: Store) -> None:
    with pytest.raises(NotFound):
        store.save_extraction(Extraction(document_id="b" * 64, extractor_version="1.0"))


def test_independent_party_is_created_as_independent(store: Store) -> None:
    doc = _document(store, other_text(1, value=7))
    store.save_extraction(simple_extraction(doc, value=7, speaker=MONITOR))
    assert [(p.name, p.kind) for p in store.list_parties()] == [("independent", PartyKind.INDEPENDENT)]


def test_documents_to_extract(store: Store) -> None:
    docs = [_document(store, other_text(n, value=n + 5)) for n in range(3)]
    assert store.documents_to_extract("1.0") == [d.id for d in docs]
    store.save_extraction(simple_extraction(docs[1], value=6))
    assert store.documents_to_extract("1.0") == [docs[0].id, docs[2].id]
    assert store.documents_to_extract("1.0", all=True) == [d.id for d in docs]
    assert store.documents_to_extract("2.0") == [d.id for d in docs]


def test_extraction_keeps_analyst_party_and_merges(store: Store) -> None:
    doc = _document(store)
    store.save_extraction(full_extraction(doc))
    store.upsert_party(Party(id=party_id("Southland"), name="Southland"))
    store.set_actor_party(MIRA.id, "Southland", user="ana")  # an analyst's judgement
    alias = Actor(id=Actor.make_id("M. Kovan"), name="M. Kovan", party="Northland")
    other = _document(store, "M. Kovan said 5 soldiers were killed.")
    claim = figure_claim(other, "5 soldiers were killed", value=5, speaker=alias, places=())
    store.save_extraction(Extraction(document_id=other.id, extractor_version="1.0", claims=(claim,)))
    store.merge_actors(MIRA.id, alias.id, user="ana")

    store.save_extraction(full_extraction(doc, "2.0"))  # the extractor still says Northland for Mira
    store.save_extraction(Extraction(document_id=other.id, extractor_version="2.0", claims=(claim,)))
    assert store.get_actor(MIRA.id).party == "Southland"
    merged = store.get_claim(claim.id)
    assert merged.speaker is not None and merged.speaker.id == MIRA.id  # the merge holds
    assert {r.claim.id for r in _all(store, speaker_id=alias.id)} >= {claim.id}
    assert {r.claim.id for r in _all(store, speaker_party="Southland")} >= {claim.id}


def test_actor_details_accumulate_across_documents(store: Store) -> None:
    doc = _document(store)
    bare = Actor(id=MIRA.id, name="Mira Kovan", aliases=("Kovan",))
    store.save_extraction(
        Extraction(
            document_id=doc.id,
            extractor_version="1.0",
            claims=(figure_claim(doc, "27 civilians were killed", value=27, speaker=bare),),
        )
    )
    assert store.get_actor(MIRA.id).party is None
    other = _document(store, other_text(1, value=9))
    store.save_extraction(
        simple_extraction(other, value=9, speaker=replace(MIRA, aliases=("the spokesperson",)))
    )
    actor = store.get_actor(MIRA.id)
    assert actor.party == "Northland" and actor.role == "spokesperson"
    assert actor.aliases == ("Kovan", "the spokesperson")
    # The first document's claims now carry the speaker's party too.
    assert {r.claim.document_id for r in _all(store, speaker_party="Northland")} == {doc.id, other.id}


def test_statements_with_signatories_round_trip(store: Store) -> None:
    doc = _document(store)
    joint = statement(doc, "Reyl called the Open Field Monitor", TOMAS, signatories=(TOMAS, MONITOR))
    store.save_extraction(Extraction(document_id=doc.id, extractor_version="1.0", statements=(joint,)))
    assert store.get_statements(doc.id) == [joint]


def test_claim_place_refs_create_unknown_places(store: Store) -> None:
    doc = _document(store)
    claim = event_claim(doc, "Southland shelled residential areas")
    store.save_extraction(Extraction(document_id=doc.id, extractor_version="1.0", claims=(claim,)))
    place = store.get_place(PORT_ASTER.id)
    assert place.name == "Asterhaven" and set(place.names) == {"Port Aster", "Asterhaven"}
    assert [r.claim.id for r in _all(store, place_id=PORT_ASTER.id)] == [claim.id]


def test_nul_characters_in_extracted_values_are_stripped(store: Store) -> None:
    doc = _document(store)
    actor = replace(MIRA, name="Mira\x00 Kovan", role="spokes\x00person", aliases=("Ko\x00van",))
    claim = figure_claim(doc, "27 civilians were killed", value=27, speaker=actor, subject="civil\x00ians")
    place = replace(PORT_ASTER, names=("Port\x00 Aster", "Asterhaven"))
    said = replace(statement(doc, "Mira Kovan said", MIRA), mention="Mira\x00 Kovan")
    store.save_extraction(
        Extraction(
            document_id=doc.id,
            extractor_version="1\x00.0",
            claims=(claim,),
            places=(place,),
            statements=(said,),
        )
    )
    stored = store.get_claim(claim.id)
    assert stored.speaker is not None
    assert (stored.speaker.name, stored.speaker.role, stored.speaker.aliases) == (
        "Mira Kovan",
        "spokesperson",
        ("Kovan",),
    )
    assert stored.figure is not None and stored.figure.subject == "civilians"
    assert stored.extractor_version == "1.0"
    assert store.get_place(PORT_ASTER.id).names == ("Port Aster", "Asterhaven")
    assert store.get_statements(doc.id)[0].mention == "Mira Kovan"
    corrected = store.update_claim(
        claim.id, {"perpetrator": "South\x00land"}, user="a\x00na", expected_version=1
    )
    assert corrected.figure is not None and corrected.figure.perpetrator == "Southland"
    [entry] = store.audit_trail("claim", claim.id)
    assert entry.user == "ana" and entry.after is not None
    assert entry.after["override"] == {"perpetrator": "Southland"}
    assert store.verify().ok


def test_reads_inside_a_unit_of_work_see_its_bulk_writes(store: Store) -> None:
    doc = _document(store)
    extraction = full_extraction(doc)
    killed = extraction.claims[0]
    with store.atomic():
        store.save_extraction(extraction)
        assert store.get_claim(killed.id).figure.value == 27  # type: ignore[union-attr]
        again = replace(killed, figure=replace(killed.figure, value=28, low=28, high=28))  # type: ignore[type-var]
        store.save_extraction(replace(extraction, extractor_version="2.0", claims=(again,)))
        assert store.get_claim(killed.id).figure.value == 28  # type: ignore[union-attr]
        store.merge_actors(TOMAS.id, MIRA.id, user="ana")
        assert store.get_claim(killed.id).speaker.id == TOMAS.id  # type: ignore[union-attr]
