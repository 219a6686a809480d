"""The analysis of the bundled demo corpus (Kestria and Velsaria): what it was written to contain.

- the Velsarian Ministry of Health's "eleven civilians killed in Tamesh" is repeated by several outlets: many
  documents, one origin, one independent origin;
- the cluster-munition allegation and its denial are a contradiction between the two parties;
- the Kestrian Prosecutor General's toll 9 → 14 → 21 is an update on a timeline, not a contradiction;
- the independent monitor's "2 civilians" in Tamsk against the ministry's 11 is a genuine figure conflict;
- the 9 May rocket strike on Harvik is an incident whose killed range across sources is 5–9.
"""

from __future__ import annotations

from typing import Any

from analyze.analysis_samples import document_names
from audiatur.domain import ActionClass, ClaimKind, Cluster, Contradiction, Measure, Polarity, SubjectClass


def _claims(store: Any, number: str, *, starts: str) -> list[Any]:
    """The claims of demo document `number` whose evidence starts with `starts`."""
    names = document_names(store)
    return [
        r.claim
        for doc_id, name in names.items()
        if name == number
        for r in store.list_claims(limit=500).items
        if r.claim.document_id == doc_id and r.claim.evidence.text.startswith(starts)
    ]


def _cluster_with(store: Any, number: str, starts: str) -> Cluster:
    claims = _claims(store, number, starts=starts)
    assert claims, f"no claim in demo document {number} starts {starts!r}"
    clusters = store.clusters_of_claim(claims[0].id)
    assert len(clusters) == 1
    return clusters[0]


def _documents_of(store: Any, cluster: Cluster) -> set[str]:
    names = document_names(store)
    return {names[store.get_claim(i).document_id] for i in cluster.claim_ids}


def test_demo_single_origin_figure_repeated_by_outlets_is_one_origin(demo: Any) -> None:
    eleven = _cluster_with(demo, "06", "eleven civilians")
    assert {"06", "08", "10", "19"} <= _documents_of(demo, eleven)
    assert eleven.measure is Measure.KILLED and eleven.subject_class is SubjectClass.CIVILIANS
    assert (eleven.low, eleven.high) == (11, 11)
    assert eleven.parties == ("Velsaria",)
    assert eleven.independent_origins == 1
    assert eleven.documents >= 4
    # The ministry's three children among them: only the ministry, in every outlet that repeats it.
    children = _cluster_with(demo, "06", "three children")
    assert children.origins == ("Ministry of Health of Velsaria",)
    assert children.documents >= 3 and children.independent_origins == 1


def test_demo_near_duplicate_document_counts_once(demo: Any) -> None:
    eleven = _cluster_with(demo, "06", "eleven civilians")
    documents = _documents_of(demo, eleven)
    assert {"10", "11"} <= documents  # doc 11 is a syndicated copy of doc 10
    assert eleven.documents == len(documents - {"11"})


def test_demo_clusters_repeat_a_figure_across_origins_of_one_party(demo: Any) -> None:
    harvik = _cluster_with(demo, "14", "seven were killed")
    assert {"10", "14"} <= _documents_of(demo, harvik)
    assert "Kestria" in harvik.parties
    assert any(p.name == "Harvik" for p in harvik.places)


def test_demo_cluster_munition_allegations_cluster_together(demo: Any) -> None:
    allegation = _cluster_with(demo, "06", "Kestrian armed forces on Friday morning fired cluster munitions")
    assert allegation.kind is ClaimKind.EVENT
    assert allegation.polarity is Polarity.ASSERTED
    assert allegation.actor_party == "Kestria"
    assert allegation.action_class is ActionClass.WEAPON_USE
    assert allegation.weapon == "cluster"
    assert "Velsaria" in allegation.parties
    assert {"06", "08"} <= _documents_of(demo, allegation)


def _sides(store: Any, c: Contradiction) -> tuple[Any, Any]:
    return store.get_claim(c.claim_ids[0]), store.get_claim(c.claim_ids[1])


def test_demo_allegation_and_denial_are_a_contradiction(demo: Any) -> None:
    found = []
    for c in demo.list_contradictions(ClaimKind.EVENT, limit=1000):
        a, b = _sides(demo, c)
        if a.event.weapon == "cluster" and a.event.actor_party == "Kestria":
            found.append((c, a, b))
    assert found, "the cluster-munition allegation and its denial should contradict each other"
    c, a, b = next((x for x in found if x[0].parties == ("Velsaria", "Kestria")), found[0])
    assert a.event.polarity is Polarity.ASSERTED and b.event.polarity is Polarity.DENIED
    assert c.parties == ("Velsaria", "Kestria")
    assert "denies" in c.reason and "says" in c.reason


def test_demo_growing_toll_is_an_update_not_a_contradiction(demo: Any) -> None:
    timelines = [
        t for t in demo.list_timelines(Measure.KILLED, origin="Prosecutor") if t.subject_class == "civilians"
    ]
    assert timelines
    by_scope = {tuple(r.id for r in t.places): t for t in timelines}
    # The office's national toll is one series; the Harvik strike's toll is a series of its own.
    national = by_scope[("country:Kestria",)]
    values = [p.value for p in national.points]
    assert [v for v in values if v in (9, 14, 21)] == [9, 14, 21], values
    assert 7 not in values
    assert [p.value for p in by_scope[("demo:harvik",)].points] == [7]
    dates = [p.date for p in national.points]
    assert dates == sorted(dates)
    toll = {
        r.claim.id
        for r in demo.list_claims(limit=1000).items
        if r.claim.figure is not None and r.claim.speaker is not None and "Prosecutor" in r.claim.speaker.name
    }
    for c in demo.list_contradictions(ClaimKind.FIGURE, limit=1000):
        assert not set(c.claim_ids) <= toll, c.reason  # the office never contradicts itself
        assert c.origins[0] != c.origins[1]


def test_demo_monitor_figure_against_ministry_figure_is_a_conflict(demo: Any) -> None:
    conflicts = []
    for c in demo.list_contradictions(ClaimKind.FIGURE, limit=1000):
        a, b = _sides(demo, c)
        if {a.figure.value, b.figure.value} == {2, 11} and set(c.parties) == {"Velsaria", "independent"}:
            conflicts.append(c)
    assert conflicts, "the monitor's 2 and the ministry's 11 for Tamsk/Tamesh should conflict"
    assert "Tamsk / Tamesh" in conflicts[0].reason  # both names of the contested town, neither side's alone


def test_demo_harvik_strike_is_an_incident_with_a_range(demo: Any) -> None:
    incidents = [
        i for i in demo.list_incidents(limit=1000) if i.place is not None and i.place.name == "Harvik"
    ]
    strike = min(incidents, key=lambda i: i.date_start)
    assert str(strike.date_start) == "2027-05-09"
    assert strike.actor_parties == ("Velsaria",)
    killed = [
        r for r in strike.ranges if r.measure is Measure.KILLED and r.subject_class != SubjectClass.MILITARY
    ]
    assert len(killed) == 1
    assert (killed[0].low, killed[0].high) == (5, 9)  # the range across sources, never their sum
    assert strike.documents >= 3
    names = document_names(demo)
    assert {"09", "10"} <= {names[demo.get_claim(i).document_id] for i in strike.claim_ids}


def test_demo_results_are_stored_for_the_web_app(demo: Any) -> None:
    state = demo.analysis_state()
    assert state is not None and state.counts["clusters"] > 0
    cluster = demo.list_clusters(limit=1)[0]
    assert demo.get_cluster(cluster.id[:12]) == cluster
    incident = demo.list_incidents(limit=1)[0]
    assert demo.get_incident(incident.id) == incident
    for claim_id in cluster.claim_ids:
        assert cluster in demo.clusters_of_claim(claim_id)
    contradiction = demo.list_contradictions(limit=1)[0]
    assert contradiction in demo.contradictions_of_claim(contradiction.claim_ids[1])


def test_demo_wording_is_neutral(demo: Any) -> None:
    from audiatur.present.wording import BANNED_WORDS

    texts = [c.label for c in demo.list_clusters(limit=1000)]
    texts += [c.reason for c in demo.list_contradictions(limit=1000)]
    texts += [i.label for i in demo.list_incidents(limit=1000)]
    for text in texts:
        words = {w.strip(".,;:()“”'").lower() for w in text.split()}
        assert not words & BANNED_WORDS, text
