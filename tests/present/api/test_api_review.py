"""The API's write endpoints: review with optimistic locking, actor edits, users; 401/403 and CSRF on each."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from audiatur.domain import Actor
from audiatur.store import Store

from .fixtures import MakeClient, csrf_of
from .samples import Sample, extractions

# Every write endpoint: (method, path template, body template, role it needs). `{claim}` is the analyst's
# claim, `{actor}`/`{other}` two actors; bodies are filled in by `_write`.
WRITES: list[tuple[str, str, dict[str, Any], str]] = [
    ("PATCH", "/api/claims/{claim}", {"expected_version": 1, "changes": {"value": 15}}, "analyst"),
    ("POST", "/api/claims/{claim}/status", {"expected_version": 1, "status": "accepted"}, "analyst"),
    ("POST", "/api/claims/{claim}/revert", {"expected_version": 1}, "analyst"),
    ("POST", "/api/actors/{actor}/merge", {"drop_id": "{other}"}, "analyst"),
    ("PUT", "/api/actors/{actor}/party", {"party": "Brenland"}, "analyst"),
    ("POST", "/api/users", {"name": "newcomer", "password": "newcomer-password", "role": "viewer"}, "admin"),
    ("PATCH", "/api/users/vera", {"role": "analyst"}, "admin"),
]
WRITE_IDS = [f"{m} {p}" for m, p, _, _ in WRITES]


def _ids(client: TestClient, sample: Sample) -> dict[str, str]:
    actors = {a["name"]: a["id"] for a in client.get("/api/actors").json()}
    return {"claim": sample.figure_a, "actor": actors["Ivo Darr"], "other": actors["Field Monitor"]}


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _write(
    client: TestClient, write: tuple[str, str, dict[str, Any], str], ids: dict[str, str], **kw: Any
) -> Any:
    method, path, body, _ = write
    return client.request(method, path.format(**ids), json=_fill(body, ids), **kw)


@pytest.mark.parametrize("write", WRITES, ids=WRITE_IDS)
def test_api_writes_refuse_nobody_with_401(make_client: MakeClient, sample: Sample, write: Any) -> None:
    reader = make_client(public=True)
    ids = _ids(reader, sample)
    for client in (make_client(), reader):  # signed out, and a public (read-only) visitor
        response = _write(client, write, ids, headers={"X-CSRF-Token": csrf_of(client)})
        assert response.status_code == (401 if client is not reader else 403), response.text
        assert response.json()["ok"] is False


@pytest.mark.parametrize("write", WRITES, ids=WRITE_IDS)
def test_api_writes_refuse_a_lower_role_with_403(
    viewer: TestClient, analyst: TestClient, sample: Sample, write: Any
) -> None:
    ids = _ids(viewer, sample)
    lower = analyst if write[3] == "admin" else viewer
    response = _write(lower, write, ids)
    assert response.status_code == 403, response.text
    assert response.json() == {"ok": False, "error": response.json()["error"], "errors": [], "status": 403}
    assert "needs the" in response.json()["error"]


@pytest.mark.parametrize("write", WRITES, ids=WRITE_IDS)
def test_api_writes_with_a_cookie_session_need_the_csrf_token(
    analyst: TestClient, admin: TestClient, sample: Sample, write: Any
) -> None:
    client = admin if write[3] == "admin" else analyst
    ids = _ids(client, sample)
    token = client.headers.pop("X-CSRF-Token")
    missing = _write(client, write, ids)
    wrong = _write(client, write, ids, headers={"X-CSRF-Token": token[::-1]})
    foreign = _write(client, write, ids, headers={"X-CSRF-Token": token, "Origin": "https://evil.example"})
    for response in (missing, wrong, foreign):
        assert response.status_code == 403, response.text
        assert "CSRF" in response.json()["error"] or "another site" in response.json()["error"]
    if write[1].endswith("/revert"):
        client.post(
            f"/api/claims/{ids['claim']}/status",
            json={"expected_version": 1, "status": "accepted"},
            headers={"X-CSRF-Token": token},
        )
        write = (write[0], write[1], {"expected_version": 2}, write[3])
    allowed = _write(client, write, ids, headers={"X-CSRF-Token": token})
    assert allowed.status_code in (200, 201), allowed.text


def test_api_token_writes_need_no_csrf(make_client: MakeClient, store: Store, sample: Sample) -> None:
    token = store.create_api_token("anna", label="script")
    client = make_client()
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post(
        f"/api/claims/{sample.figure_c}/status",
        json={"expected_version": 1, "status": "accepted"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["reviewed_by"] == "anna"
    bad = client.get("/api/claims", headers={"Authorization": "Bearer aud_wrong"})
    assert bad.status_code == 401
    assert bad.headers["www-authenticate"] == "Bearer"


def test_api_accept_correct_with_optimistic_locking(analyst: TestClient, sample: Sample) -> None:
    claim = f"/api/claims/{sample.figure_a}"
    accepted = analyst.post(f"{claim}/status", json={"expected_version": 1, "status": "accepted"}).json()
    assert (accepted["status"], accepted["version"], accepted["reviewed_by"]) == ("accepted", 2, "anna")
    stale = analyst.patch(claim, json={"expected_version": 1, "changes": {"value": 15}})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.json()["error"]
    corrected = analyst.patch(claim, json={"expected_version": 2, "changes": {"value": 15}}).json()
    assert corrected["status"] == "corrected"
    assert corrected["figure"]["value"] == corrected["figure"]["low"] == 15
    assert corrected["override"]["value"] == 15
    assert analyst.get(f"{claim}/original").json()["figure"]["value"] == 14
    trail = analyst.get(f"{claim}/audit").json()
    assert [e["action"] for e in trail] == ["claim.accepted", "claim.correct"]
    assert trail[1]["user"] == "anna"
    assert trail[1]["before"]["status"] == "accepted" and trail[1]["after"]["override"] == {
        "value": 15,
        "low": 15,
        "high": 15,
    }
    reverted = analyst.post(f"{claim}/revert", json={"expected_version": 3}).json()
    assert (reverted["status"], reverted["figure"]["value"]) == ("extracted", 14)


def test_api_invalid_corrections_are_refused(analyst: TestClient, sample: Sample) -> None:
    claim = f"/api/claims/{sample.figure_a}"
    unknown = analyst.patch(claim, json={"expected_version": 1, "changes": {"weapon": "x"}})
    assert unknown.status_code == 422 and "has no field weapon" in unknown.json()["error"]
    empty = analyst.patch(claim, json={"expected_version": 1, "changes": {}})
    assert empty.status_code == 422
    status = analyst.post(f"{claim}/status", json={"expected_version": 1, "status": "corrected"})
    assert status.status_code == 422


def test_api_corrections_survive_re_extraction(analyst: TestClient, store: Store, sample: Sample) -> None:
    claim = f"/api/claims/{sample.figure_b}"
    response = analyst.patch(
        claim,
        json={
            "expected_version": 1,
            "changes": {"value": 3, "perpetrator": "Aldmark", "speaker_id": Actor.make_id("Field Monitor")},
        },
    )
    assert response.status_code == 200, response.text
    docs = (
        store.get_document(sample.documents[0]),
        store.get_document(sample.documents[1]),
        store.get_document(sample.documents[2]),
    )
    for extraction in extractions(docs, version="2"):  # a newer extractor finds the same claims again
        store.save_extraction(extraction)
    after = analyst.get(claim).json()
    assert after["extractor_version"] == "2"
    assert after["status"] == "corrected"
    assert (after["figure"]["value"], after["figure"]["perpetrator"]) == (3, "Aldmark")
    assert after["speaker"]["name"] == "Field Monitor"  # reassigned from Lena Orm, and kept


def test_api_merge_actors_and_set_party(analyst: TestClient, sample: Sample) -> None:
    ids = _ids(analyst, sample)
    merged = analyst.post(f"/api/actors/{ids['actor']}/merge", json={"drop_id": ids["other"]})
    assert merged.status_code == 200
    assert "Field Monitor" in merged.json()["aliases"]
    assert analyst.get(f"/api/claims/{sample.figure_c}").json()["speaker"]["name"] == "Ivo Darr"
    again = analyst.post(f"/api/actors/{ids['actor']}/merge", json={"drop_id": ids["other"]})
    assert again.status_code == 409
    party = analyst.put(f"/api/actors/{ids['actor']}/party", json={"party": "independent"})
    assert party.json()["party"] == "independent"
    assert {c["id"] for c in analyst.get("/api/claims", params={"party": "independent"}).json()["items"]} >= {
        sample.figure_a
    }
    trail = analyst.get(f"/api/actors/{ids['actor']}/audit").json()
    assert [e["action"] for e in trail] == ["actor.merge", "actor.set_party"]
    assert analyst.put(f"/api/actors/{ids['actor']}/party", json={"party": "Nowhere"}).status_code == 404


def test_api_users_for_admins(admin: TestClient) -> None:
    created = admin.post(
        "/api/users", json={"name": "newcomer", "password": "newcomer-password", "role": "analyst"}
    )
    assert created.status_code == 201
    assert (
        admin.post("/api/users", json={"name": "newcomer", "password": "another-password"}).status_code == 409
    )
    assert admin.post("/api/users", json={"name": "short", "password": "short"}).status_code == 422
    changed = admin.patch("/api/users/newcomer", json={"role": "viewer", "disabled": True}).json()
    assert (changed["role"], changed["disabled"]) == ("viewer", True)
    names = {u["name"]: u for u in admin.get("/api/users").json()}
    assert set(names) == {"adam", "anna", "newcomer", "vera"}
    assert "password" not in str(names["newcomer"])
