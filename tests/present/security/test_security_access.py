"""Access control and CSRF on every write route, found by walking the app's routes.

`WRITES` holds a valid request for each write route. A route the walk finds and `WRITES` lacks fails
`test_security_every_write_route_is_covered`, so a new write route cannot ship without these checks. Each
check is shown to refuse on its own: the same request, with the right role and a valid CSRF token, succeeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from starlette.routing import BaseRoute, Mount, Route

from audiatur.domain import Actor
from audiatur.present.api import create_app
from audiatur.store import Store
from audiatur.store.tables import AuditRow
from present.api.fixtures import MakeClient, csrf_of
from present.api.samples import Sample

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
DARR, ORM, MONITOR = (Actor.make_id(n) for n in ("Ivo Darr", "Lena Orm", "Field Monitor"))
# Sign-in and sign-out: anyone may send them (both still check CSRF; tested in test_security_sessions).
OPEN_WRITES = frozenset({("POST", "/login"), ("POST", "/logout")})


@dataclass(frozen=True)
class Write:
    """A valid request to a write route: the path, its body, and the least role allowed to send it."""

    path: Callable[[Sample], str]
    body: dict[str, Any]
    role: str  # analyst or admin

    def send(self, client: TestClient, method: str, sample: Sample, **kwargs: Any) -> httpx.Response:
        path = self.path(sample)
        if path.startswith("/api/"):
            return client.request(method, path, json=self.body, **kwargs)
        return client.request(method, path, data=self.body, **kwargs)


WRITES: dict[tuple[str, str], Write] = {
    ("POST", "/claims/{claim_id}/review"): Write(
        lambda s: f"/claims/{s.figure_a}/review", {"review": "accept", "expected_version": "1"}, "analyst"
    ),
    ("POST", "/actors/{actor_id}/party"): Write(
        lambda s: f"/actors/{MONITOR}/party", {"party": "Aldmark"}, "analyst"
    ),
    ("POST", "/actors/{actor_id}/merge"): Write(
        lambda s: f"/actors/{DARR}/merge", {"drop_id": MONITOR}, "analyst"
    ),
    ("POST", "/admin/users"): Write(
        lambda s: "/admin/users", {"name": "walt", "password": "walt-password-1", "role": "viewer"}, "admin"
    ),
    ("POST", "/admin/users/{name}"): Write(lambda s: "/admin/users/vera", {"role": "analyst"}, "admin"),
    ("PATCH", "/api/claims/{claim_id}"): Write(
        lambda s: f"/api/claims/{s.figure_b}", {"expected_version": 1, "changes": {"value": 3}}, "analyst"
    ),
    ("POST", "/api/claims/{claim_id}/status"): Write(
        lambda s: f"/api/claims/{s.figure_c}/status", {"expected_version": 1, "status": "rejected"}, "analyst"
    ),
    ("POST", "/api/claims/{claim_id}/revert"): Write(
        lambda s: f"/api/claims/{s.event_a}/revert", {"expected_version": 1}, "analyst"
    ),
    ("POST", "/api/actors/{actor_id}/merge"): Write(
        lambda s: f"/api/actors/{ORM}/merge", {"drop_id": DARR}, "analyst"
    ),
    ("PUT", "/api/actors/{actor_id}/party"): Write(
        lambda s: f"/api/actors/{ORM}/party", {"party": "independent"}, "analyst"
    ),
    ("POST", "/api/users"): Write(
        lambda s: "/api/users", {"name": "wendy", "password": "wendy-password-1", "role": "viewer"}, "admin"
    ),
    ("PATCH", "/api/users/{name}"): Write(lambda s: "/api/users/vera", {"disabled": True}, "admin"),
}
USERS = {"viewer": "vera", "analyst": "anna", "admin": "adam"}


def app_routes(app: FastAPI) -> Iterator[tuple[str, frozenset[str]]]:
    """Every route of the app as (path, methods), through included routers and mounts."""

    def walk(routes: Iterable[BaseRoute], prefix: str) -> Iterator[tuple[str, frozenset[str]]]:
        for route in routes:
            included = getattr(route, "original_router", None)  # FastAPI keeps included routers whole
            if included is not None:
                yield from walk(included.routes, prefix + route.include_context.prefix)  # type: ignore[attr-defined]
            elif isinstance(route, Mount):
                yield from walk(route.routes, prefix + route.path)
            elif isinstance(route, Route):
                yield prefix + route.path, frozenset(route.methods or ())

    yield from walk(app.routes, "")


def write_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) of the app that changes state: any method but GET, HEAD and OPTIONS."""
    return {(method, path) for path, methods in app_routes(app) for method in methods - SAFE}


def _changes(store: Store) -> tuple[int, tuple[tuple[str, str, bool], ...]]:
    """What a refused write must leave as it was: the audit log's length, and the users."""
    with store._reading() as s:
        audit = s.scalar(select(func.count()).select_from(AuditRow)) or 0
    return audit, tuple((u.name, str(u.role), u.disabled) for u in store.list_users())


def _refused(response: httpx.Response, *, nobody: bool) -> bool:
    if response.request.url.path.startswith("/api/"):
        return response.status_code == (401 if nobody else 403)
    if nobody:  # a page sends the browser to sign in
        return response.status_code == 303 and response.headers["location"].startswith("/login")
    return response.status_code == 403


def test_security_every_write_route_is_covered(store: Store) -> None:
    routes = write_routes(create_app(store))
    assert len(routes) >= 14  # the walk sees the app's routes (login, logout, reviews, actors, users)
    unknown = routes - set(WRITES) - OPEN_WRITES
    assert not unknown, f"write routes without access-control tests: add them to WRITES: {sorted(unknown)}"
    assert not set(WRITES) - routes, "WRITES names routes the app no longer has"
    schema = create_app(store).openapi()["paths"]  # the walk misses none of the API's own
    documented = {(m.upper(), p) for p, ops in schema.items() for m in ops if m.upper() not in SAFE}
    assert documented and documented <= routes


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_security_nobody_may_write(
    make_client: MakeClient, store: Store, sample: Sample, public: bool
) -> None:
    client = make_client(public=public)
    client.headers["X-CSRF-Token"] = csrf_of(client)  # a valid anonymous token: access control refuses
    before = _changes(store)
    for (method, route), write in WRITES.items():
        response = write.send(client, method, sample)
        if public:  # a public visitor is a viewer: known, but not allowed
            assert response.status_code == 403, (method, route, response.status_code)
        else:
            assert _refused(response, nobody=True), (method, route, response.status_code)
    assert _changes(store) == before


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_security_lower_roles_are_refused(
    make_client: MakeClient, store: Store, sample: Sample, role: str
) -> None:
    client = make_client(user=USERS[role])
    rank = ["viewer", "analyst", "admin"]
    before = _changes(store)
    tried = 0
    for (method, route), write in WRITES.items():
        if rank.index(role) >= rank.index(write.role):
            continue
        tried += 1
        response = write.send(client, method, sample)
        assert _refused(response, nobody=False), (method, route, response.status_code, response.text[:200])
    assert tried >= (4 if role == "analyst" else len(WRITES))
    assert _changes(store) == before


def test_security_wrong_api_token_is_nobody(make_client: MakeClient, store: Store, sample: Sample) -> None:
    client = make_client()
    before = _changes(store)
    for (method, route), write in WRITES.items():
        if route.startswith("/api/"):
            response = write.send(client, method, sample, headers={"Authorization": "Bearer not-a-token"})
            assert response.status_code == 401, (method, route)
    assert _changes(store) == before


def _csrf_attempts(client: TestClient, other_token: str) -> dict[str, dict[str, str]]:
    """Header sets a forged request might carry; none may pass."""
    token = client.headers.pop("X-CSRF-Token")
    return {
        "no token": {},
        "another session's token": {"X-CSRF-Token": other_token},
        "a token from another site": {"X-CSRF-Token": token, "Origin": "https://evil.example"},
        "a null origin": {"X-CSRF-Token": token, "Origin": "null"},
        "a cross-site fetch": {"X-CSRF-Token": token, "Sec-Fetch-Site": "cross-site"},
    }


def test_security_every_write_needs_csrf(make_client: MakeClient, store: Store, sample: Sample) -> None:
    admin = make_client(user="adam")
    other = make_client(user="anna").headers["X-CSRF-Token"]
    token = admin.headers["X-CSRF-Token"]
    attempts = _csrf_attempts(admin, other)
    before = _changes(store)
    for (method, route), write in WRITES.items():
        for what, headers in attempts.items():
            response = write.send(admin, method, sample, headers=headers)
            assert response.status_code == 403, (method, route, what, response.status_code)
            assert "refused" in response.text, (method, route, what)
    assert _changes(store) == before
    # The same requests with the session's token, from this site, go through: the refusals were CSRF's.
    for (method, route), write in WRITES.items():
        response = write.send(admin, method, sample, headers={"X-CSRF-Token": token})
        assert response.status_code in (200, 201, 303), (method, route, response.status_code, response.text)
    audit, users = _changes(store)
    assert audit >= before[0] + len(WRITES)
    assert {"walt", "wendy"} <= {u[0] for u in users}


def test_security_form_token_in_the_body_counts(
    make_client: MakeClient, store: Store, sample: Sample
) -> None:
    analyst = make_client(user="anna")
    token = analyst.headers.pop("X-CSRF-Token")
    write = WRITES[("POST", "/claims/{claim_id}/review")]
    forged = write.send(analyst, "POST", sample)
    assert forged.status_code == 403
    response = analyst.post(write.path(sample), data={**write.body, "csrf_token": token})
    assert response.status_code == 303
    assert store.get_claim(sample.figure_a).status == "accepted"


def test_security_api_tokens_need_no_csrf_but_their_role(
    make_client: MakeClient, store: Store, sample: Sample
) -> None:
    analyst_token = store.create_api_token("anna", label="script", by="test")
    client = make_client()
    for (method, route), write in WRITES.items():
        if not route.startswith("/api/"):
            continue
        response = write.send(client, method, sample, headers={"Authorization": f"Bearer {analyst_token}"})
        expected = (200, 201) if write.role == "analyst" else (403,)
        assert response.status_code in expected, (method, route, response.status_code, response.text)
