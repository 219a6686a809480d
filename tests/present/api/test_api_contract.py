"""The API's contract: OpenAPI at /docs, one error shape, and the security headers on every answer."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from .fixtures import MakeClient

ENDPOINTS = {
    ("get", "/api/health"),
    ("get", "/api/me"),
    ("get", "/api/documents"),
    ("get", "/api/documents/{document_id}"),
    ("get", "/api/claims"),
    ("get", "/api/claims/{claim_id}"),
    ("patch", "/api/claims/{claim_id}"),
    ("get", "/api/claims/{claim_id}/original"),
    ("get", "/api/claims/{claim_id}/audit"),
    ("post", "/api/claims/{claim_id}/status"),
    ("post", "/api/claims/{claim_id}/revert"),
    ("get", "/api/claims/{claim_id}/clusters"),
    ("get", "/api/claims/{claim_id}/contradictions"),
    ("get", "/api/actors"),
    ("get", "/api/actors/{actor_id}"),
    ("get", "/api/actors/{actor_id}/audit"),
    ("post", "/api/actors/{actor_id}/merge"),
    ("put", "/api/actors/{actor_id}/party"),
    ("get", "/api/parties"),
    ("get", "/api/places"),
    ("get", "/api/places/{place_id}"),
    ("get", "/api/clusters"),
    ("get", "/api/clusters/{cluster_id}"),
    ("get", "/api/contradictions"),
    ("get", "/api/timelines"),
    ("get", "/api/incidents"),
    ("get", "/api/incidents/{incident_id}"),
    ("get", "/api/users"),
    ("post", "/api/users"),
    ("patch", "/api/users/{name}"),
}


def test_api_openapi_lists_every_endpoint_and_no_page(make_client: MakeClient) -> None:
    schema = make_client().get("/openapi.json").json()
    found = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert found == ENDPOINTS
    assert schema["info"]["title"] == "audiatur"


def test_api_docs_page_runs_only_its_nonced_script(make_client: MakeClient) -> None:
    response = make_client().get("/docs")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce is not None
    assert f'<script nonce="{nonce.group(1)}">' in response.text
    assert "unsafe-inline" not in csp
    assert "<script>" not in response.text


@pytest.mark.parametrize("path", ["/", "/api/claims", "/api/health", "/login", "/static/audiatur.css"])
def test_api_security_headers(make_client: MakeClient, path: str) -> None:
    response = make_client(public=True).get(path)
    headers = response.headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp and "base-uri 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    if not path.startswith("/static/"):
        assert headers["cache-control"] == "no-store"


def test_api_errors_have_one_shape(viewer: TestClient) -> None:
    for response, status in (
        (viewer.get("/api/nothing-here"), 404),
        (viewer.delete("/api/claims"), 405),
        (viewer.get("/api/documents/zzz"), 404),
        (viewer.get("/api/claims", params={"sort": "sideways"}), 422),
    ):
        body = response.json()
        assert response.status_code == status
        assert set(body) == {"ok", "error", "errors", "status"}
        assert body["ok"] is False and body["status"] == status and body["error"]


def test_api_json_error_for_json_clients_on_pages(make_client: MakeClient) -> None:
    response = make_client().get("/claims/" + "0" * 64, headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_api_leaflet_comes_from_its_package(make_client: MakeClient) -> None:
    client = make_client()
    script = client.get("/vendor/leaflet/leaflet.js")
    assert script.status_code == 200
    assert "Leaflet" in script.text[:400]
    assert client.get("/vendor/leaflet/leaflet.css").status_code == 200
