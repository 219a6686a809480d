"""The API's read endpoints: each resource, its filters, keyset pages, and what a viewer may read."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .fixtures import MakeClient
from .samples import KESSA, Sample


def test_api_health_needs_no_sign_in(make_client: MakeClient) -> None:
    response = make_client().get("/api/health")
    assert response.status_code == 200
    assert response.json()["ok"] is True


@pytest.mark.parametrize(
    "path",
    [
        "/api/claims",
        "/api/documents",
        "/api/actors",
        "/api/parties",
        "/api/places",
        "/api/clusters",
        "/api/contradictions",
        "/api/timelines",
        "/api/incidents",
    ],
)
def test_api_reads_need_a_user_unless_public(make_client: MakeClient, path: str) -> None:
    refused = make_client().get(path)
    assert refused.status_code == 401
    assert refused.json() == {"ok": False, "error": refused.json()["error"], "errors": [], "status": 401}
    assert make_client(public=True).get(path).status_code == 200


def test_api_claims_list_in_the_export_shape(viewer: TestClient, sample: Sample) -> None:
    page = viewer.get("/api/claims", params={"count": "true"}).json()
    assert page["total"] == 5
    assert page["next_cursor"] is None
    by_id = {c["id"]: c for c in page["items"]}
    darr = by_id[sample.figure_a]
    assert darr["kind"] == "figure"
    assert darr["speaker"]["name"] == "Ivo Darr"
    assert darr["speaker"]["party"] == "Aldmark"
    assert darr["speaker"]["role"] == "spokesperson"
    assert darr["evidence"]["text"] == "14 civilians were killed"
    assert darr["figure"]["value"] == 14
    assert darr["figure"]["places"][0]["names"] == ["Kessa", "Kesse"]
    assert darr["document"]["publisher"] == "Aldmark News"
    assert darr["status"] == "extracted"
    assert darr["version"] == 1
    assert darr["summary"] == "Ivo Darr (Aldmark) says 14 civilians killed (in Kessa)."


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"party": "Brenland"}, {"event_b", "figure_b"}),
        ({"party": ["Brenland", "independent"]}, {"event_b", "figure_b", "figure_c"}),
        ({"speaker": "darr"}, {"figure_a", "event_a"}),
        ({"kind": "event"}, {"event_a", "event_b"}),
        ({"measure": "killed", "party": "Aldmark"}, {"figure_a"}),
        ({"q": "killed", "party": "Brenland"}, {"figure_b"}),
        ({"q": "market -denied"}, {"event_a"}),
        ({"place": KESSA.id, "kind": "figure"}, {"figure_a", "figure_b", "figure_c"}),
        ({"from": "2030-03-04"}, {"figure_a", "event_a", "event_b", "figure_b"}),
        ({"to": "2030-03-03"}, {"figure_c"}),
        ({"status": "accepted"}, set()),
    ],
)
def test_api_claims_filters(
    viewer: TestClient, sample: Sample, params: dict[str, object], expected: set[str]
) -> None:
    response = viewer.get("/api/claims", params=params)
    assert response.status_code == 200, response.text
    ids = {c["id"] for c in response.json()["items"]}
    assert ids == {getattr(sample, name) for name in expected}


def test_api_claims_keyset_pages(viewer: TestClient) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params = {"limit": 2, "sort": "-published", **({"cursor": cursor} if cursor else {})}
        page = viewer.get("/api/claims", params=params).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 5 == len(set(seen))
    assert viewer.get("/api/claims", params={"cursor": "not-a-cursor"}).status_code == 422


def test_api_claims_bad_values_get_the_canonical_422(viewer: TestClient) -> None:
    response = viewer.get("/api/claims", params={"kind": "rumour", "limit": 0})
    body = response.json()
    assert response.status_code == 422
    assert body["ok"] is False and body["status"] == 422
    assert {tuple(e["loc"]) for e in body["errors"]} >= {("query", "kind", "0"), ("query", "limit")}
    reversed_dates = viewer.get("/api/claims", params={"from": "2030-03-05", "to": "2030-03-01"})
    assert reversed_dates.status_code == 422
    assert "ends" in reversed_dates.json()["error"]


def test_api_one_claim_by_prefix_and_its_original(viewer: TestClient, sample: Sample) -> None:
    claim = viewer.get(f"/api/claims/{sample.figure_b[:10]}").json()
    assert claim["id"] == sample.figure_b
    assert claim["figure"]["places"][0]["name"] == "Kesse"
    assert viewer.get(f"/api/claims/{sample.figure_b}/original").json()["figure"]["value"] == 2
    missing = viewer.get("/api/claims/" + "0" * 64)
    assert missing.status_code == 404
    assert missing.json()["status"] == 404


def test_api_documents_list_and_detail(viewer: TestClient, sample: Sample) -> None:
    page = viewer.get("/api/documents").json()
    assert [d["id"] for d in page["items"]] == list(sample.documents)
    assert viewer.get("/api/documents", params={"q": "stray"}).json()["items"][0]["id"] == sample.documents[1]
    detail = viewer.get(f"/api/documents/{sample.documents[2]}").json()
    assert detail["text"].endswith("<b>not bold</b>")
    assert detail["raw_sha256"] == detail["id"]  # the sample's bytes are its text, as UTF-8
    assert len(detail["captures"]) == 1
    assert detail["captures"][0]["source"].startswith("https://field-monitor.example/")
    two = viewer.get("/api/documents", params={"limit": 2}).json()
    rest = viewer.get("/api/documents", params={"cursor": two["next_cursor"]}).json()
    assert [d["id"] for d in two["items"] + rest["items"]] == list(sample.documents)


def test_api_actors_parties_places(viewer: TestClient) -> None:
    actors = viewer.get("/api/actors").json()
    assert {a["name"] for a in actors} == {"Ivo Darr", "Lena Orm", "Field Monitor"}
    assert [a["name"] for a in viewer.get("/api/actors", params={"party": "Brenland"}).json()] == ["Lena Orm"]
    darr = next(a for a in actors if a["name"] == "Ivo Darr")
    assert viewer.get(f"/api/actors/{darr['id']}").json()["affiliation"] == "Aldmark Health Ministry"
    assert viewer.get(f"/api/actors/{darr['id']}/audit").json() == []
    parties = {p["name"]: p["kind"] for p in viewer.get("/api/parties").json()}
    assert parties == {"Aldmark": "side", "Brenland": "side", "independent": "independent"}
    places = viewer.get("/api/places").json()
    assert places[0]["names"] == ["Kessa", "Kesse"]
    assert viewer.get(f"/api/places/{KESSA.id}").json()["latitude"] == 45.1
    assert viewer.get("/api/places", params={"name": "kesse"}).json()[0]["id"] == KESSA.id
    assert viewer.get("/api/places/test:nowhere").status_code == 404


def test_api_analysis_results(viewer: TestClient, sample: Sample) -> None:
    clusters = viewer.get("/api/clusters").json()
    assert clusters[0]["independent_origins"] == 2
    assert clusters[0]["places"][0]["names"] == ["Kessa", "Kesse"]
    assert viewer.get(f"/api/clusters/{sample.cluster[:12]}").json()["id"] == sample.cluster
    assert [c["id"] for c in viewer.get(f"/api/claims/{sample.figure_a}/clusters").json()] == [sample.cluster]
    contradictions = viewer.get("/api/contradictions", params={"kind": "event"}).json()
    assert contradictions[0]["claim_ids"] == [sample.event_a, sample.event_b]
    assert viewer.get("/api/contradictions", params={"kind": "figure"}).json() == []
    of_claim = viewer.get(f"/api/claims/{sample.event_b}/contradictions").json()
    assert [c["id"] for c in of_claim] == [sample.contradiction]
    timelines = viewer.get("/api/timelines", params={"measure": "killed"}).json()
    assert [p["value"] for p in timelines[0]["points"]] == [9, 14]
    assert viewer.get("/api/timelines", params={"measure": "displaced"}).json() == []
    assert viewer.get("/api/timelines", params={"origin": "aldmark"}).json()[0]["party"] == "Aldmark"
    incidents = viewer.get("/api/incidents").json()
    assert incidents[0]["ranges"][0]["low"] == 2 and incidents[0]["ranges"][0]["high"] == 14
    incident = viewer.get(f"/api/incidents/{sample.incident}").json()
    assert incident["place"]["names"] == ["Kessa", "Kesse"]
    assert incident["ranges"][0]["by_party"][1] == ["Brenland", 2, 2]


def test_api_me_tells_who_you_are(make_client: MakeClient, viewer: TestClient) -> None:
    assert viewer.get("/api/me").json()["name"] == "vera"
    assert viewer.get("/api/me").json()["via"] == "session"
    nobody = make_client().get("/api/me").json()
    assert nobody["name"] is None and nobody["role"] is None
    assert make_client(public=True).get("/api/me").json()["role"] == "viewer"
