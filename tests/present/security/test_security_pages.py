"""Every page: security headers, a CSRF token in every form, session fixation, sign-in rate limiting, and
no route that fetches a URL it is given (SSRF).

Pages are found by walking the app's routes (as the access tests do), so a new page is checked too.
"""

from __future__ import annotations

import http.server
import re
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from audiatur.domain import Actor
from audiatur.present.api import AuthConfig, create_app
from audiatur.store import Store
from present.api.fixtures import LOCAL, REMOTE, MakeClient, csrf_of, sign_in
from present.api.samples import PASSWORDS, Sample

from .test_security_access import WRITES, app_routes
from .xss import markup_of

_PARAM = re.compile(r"\{(\w+)\}")


def _values(sample: Sample) -> dict[str, str]:
    return {
        "claim_id": sample.figure_a,
        "actor_id": Actor.make_id("Ivo Darr"),
        "document_id": sample.documents[2],
        "cluster_id": sample.cluster,
        "incident_id": sample.incident,
        "place_id": "test:kessa",
        "name": "vera",
    }


def pages(client: TestClient, sample: Sample) -> list[str]:
    """Every GET route of the app with its path filled in, plus a static file."""
    values = _values(sample)
    found = ["/static/audiatur.css"]
    for path, methods in app_routes(client.app):  # type: ignore[arg-type]
        if "GET" not in methods:
            continue
        missing = set(_PARAM.findall(path)) - set(values)
        assert not missing, f"{path}: add a value for {missing} to _values so the page is checked"
        found.append(_PARAM.sub(lambda m: values[m.group(1)], path))
    return found


def _check_headers(path: str, headers: Any) -> None:
    csp = headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    script = directives.get("script-src", directives.get("default-src"))
    assert script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, (path, csp)
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"], path
    assert directives["base-uri"] == ["'none'"] and directives["form-action"] == ["'self'"], path
    assert headers["x-content-type-options"] == "nosniff", path
    assert headers["x-frame-options"] == "DENY", path
    assert headers["referrer-policy"] == "same-origin", path
    if not path.startswith("/static/"):
        assert headers["cache-control"] == "no-store", path


def test_security_headers_on_every_page(admin: TestClient, make_client: MakeClient, sample: Sample) -> None:
    checked = 0
    for path in pages(admin, sample):
        response = admin.get(path)
        assert response.status_code == 200, (path, response.status_code)
        _check_headers(path, response.headers)
        checked += 1
    assert checked >= 40
    nobody = make_client()
    for path, status in (("/api/claims", 401), ("/", 303), ("/no/such/page", 404), ("/api/users", 401)):
        response = nobody.get(path)
        assert response.status_code == status, path
        _check_headers(path, response.headers)  # refusals and errors carry them too
    refused = make_client(user="vera").get("/admin/users")
    assert refused.status_code == 403
    _check_headers("/admin/users", refused.headers)


def test_security_https_adds_strict_transport(store: Store, sample: Sample) -> None:
    client = TestClient(create_app(store), base_url="https://ledger.example")
    assert client.get("/login").headers["strict-transport-security"].startswith("max-age=")


def test_security_every_form_carries_the_csrf_token(admin: TestClient, sample: Sample) -> None:
    token = admin.headers["X-CSRF-Token"]
    forms = 0
    for path in pages(admin, sample):
        response = admin.get(path)
        if not response.headers["content-type"].startswith("text/html") or path == "/docs":
            continue
        elements = markup_of(response.text).elements
        starts = [i for i, (tag, attrs) in enumerate(elements) if tag == "form"]
        for n, i in enumerate(starts):
            _, attrs = elements[i]
            if (attrs.get("method") or "get").lower() != "post":
                continue
            forms += 1
            action = attrs.get("action") or ""
            assert action.startswith("/") and not action.startswith("//"), (path, action)
            inside = elements[i + 1 : starts[n + 1] if n + 1 < len(starts) else len(elements)]
            hidden = [a for t, a in inside if t == "input" and a.get("name") == "csrf_token"]
            assert hidden and hidden[0].get("value") == token, (path, action)
    assert forms >= 8  # sign-out on each page, reviews, actors, users


def test_security_sign_in_form_needs_csrf_too(make_client: MakeClient) -> None:
    client = make_client()
    token = csrf_of(client)
    for forged in ({}, {"csrf_token": "x" * 43}):
        response = client.post("/login", data={"name": "vera", "password": PASSWORDS["vera"], **forged})
        assert response.status_code == 403
    cross = client.post(
        "/login",
        data={"name": "vera", "password": PASSWORDS["vera"], "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert cross.status_code == 403 and "audiatur_session" not in client.cookies


# ------------------------------------------------------------------------------------------ session fixation


def test_security_session_id_changes_at_sign_in(make_client: MakeClient, store: Store) -> None:
    attacker = make_client(user="vera")  # a real session of the attacker's, planted in the victim's browser
    planted = attacker.cookies["audiatur_session"]
    victim = make_client()
    victim.cookies.set("audiatur_session", planted, domain="ledger.example")
    assert victim.get("/api/me").json()["name"] == "vera"
    before_csrf = victim.get("/api/me").json()["csrf_token"]
    sign_in(victim, "anna")
    session = victim.cookies["audiatur_session"]
    assert session != planted
    me = victim.get("/api/me").json()
    assert me["name"] == "anna" and me["csrf_token"] != before_csrf  # a new CSRF token with the new session
    assert store.find_session(planted, idle=timedelta(hours=1)) is None  # the planted one was ended
    assert attacker.get("/api/me").json()["name"] is None  # the attacker does not ride the victim's sign-in
    made_up = make_client()
    made_up.cookies.set("audiatur_session", "chosen-by-an-attacker-" + "0" * 30, domain="ledger.example")
    sign_in(made_up, "adam")
    assert made_up.cookies["audiatur_session"] != "chosen-by-an-attacker-" + "0" * 30
    assert len(made_up.cookies["audiatur_session"]) >= 32


# ------------------------------------------------------------------------------------------ rate limiting


def _try(client: TestClient, name: str, password: str) -> int:
    token = csrf_of(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token}).status_code


def _client_at(app: Any, address: str) -> TestClient:
    return TestClient(app, follow_redirects=False, base_url="http://ledger.example", client=(address, 1))


def test_security_sign_in_is_rate_limited_per_address_and_per_name(store: Store, sample: Sample) -> None:
    app = create_app(store, AuthConfig(login_attempts=4, login_window=timedelta(minutes=5)))
    one = TestClient(app, follow_redirects=False, **REMOTE)  # type: ignore[arg-type]
    other = TestClient(app, follow_redirects=False, **LOCAL)  # type: ignore[arg-type]
    # Password spraying from one address: every name counts against it.
    assert [_try(one, f"user{i}", "guess-password") for i in range(4)] == [401] * 4
    blocked = one.post(
        "/login", data={"name": "vera", "password": PASSWORDS["vera"], "csrf_token": csrf_of(one)}
    )
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) >= 1
    assert "audiatur_session" not in one.cookies  # not even the right password gets in while blocked
    assert _try(other, "vera", PASSWORDS["vera"]) == 303  # another address is not blocked
    # Guessing one name from many addresses: the name is blocked wherever the guesses come from.
    for i in range(4):
        spread = TestClient(
            app, follow_redirects=False, base_url="http://ledger.example", client=(f"198.51.100.{i}", 1)
        )
        assert _try(spread, "anna", "guess-password") == 401
    fresh = TestClient(
        app, follow_redirects=False, base_url="http://ledger.example", client=("198.51.100.99", 1)
    )
    assert _try(fresh, "anna", PASSWORDS["anna"]) == 429


def test_security_sign_in_block_ends_with_its_window(store: Store, sample: Sample) -> None:
    app = create_app(store, AuthConfig(login_attempts=1, login_window=timedelta(seconds=1)))
    client = TestClient(app, follow_redirects=False, **REMOTE)  # type: ignore[arg-type]
    assert _try(client, "vera", "guess-password") == 401
    assert _try(client, "vera", PASSWORDS["vera"]) == 429
    time.sleep(1.2)
    assert _try(client, "vera", PASSWORDS["vera"]) == 303


def test_security_rate_limit_answers_with_its_headers(store: Store, sample: Sample) -> None:
    app = create_app(store, AuthConfig(login_attempts=1))
    client = TestClient(app, follow_redirects=False, **REMOTE)  # type: ignore[arg-type]
    assert _try(client, "vera", "guess-password") == 401
    response = client.post("/login", data={"name": "vera", "password": "x", "csrf_token": csrf_of(client)})
    assert response.status_code == 429
    _check_headers("/login", response.headers)


# ------------------------------------------------------------------------------------------ SSRF


class _Canary(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Canary.hits.append(self.path)
        self.send_response(302)
        self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
        self.end_headers()

    do_POST = do_GET  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture()
def canary() -> Iterator[str]:
    """A loopback server that records any request (and redirects to the cloud metadata address)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    _Canary.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/canary"
    server.shutdown()
    server.server_close()


_URLISH = re.compile(r"url|uri|href|link|source|feed|fetch|callback|webhook|image|avatar|remote", re.I)


def _declared_parameters(app: Any) -> dict[str, str]:
    """Every parameter name a route declares (query, path, header, cookie, form and body fields)."""
    names: dict[str, str] = {}

    def walk(dependant: Any, where: str) -> None:
        for group in ("path_params", "query_params", "header_params", "cookie_params", "body_params"):
            for param in getattr(dependant, group, ()):
                names[param.name] = where
                annotation = getattr(param.field_info, "annotation", None)
                for field in getattr(annotation, "model_fields", {}):
                    names[field] = where
        for sub in getattr(dependant, "dependencies", ()):
            walk(sub, where)

    def routes(items: Any) -> Iterator[Any]:
        for route in items:
            included = getattr(route, "original_router", None)
            if included is not None:
                yield from routes(included.routes)
            elif hasattr(route, "dependant"):
                yield route

    for route in routes(app.routes):
        walk(route.dependant, route.path)
    return names


def test_security_no_route_takes_a_url_to_fetch(admin: TestClient, sample: Sample, canary: str) -> None:
    declared = _declared_parameters(admin.app)
    assert {"claim_id", "q", "party", "drop_id"} <= set(declared)  # the walk sees parameters of every kind
    urlish = {name: where for name, where in declared.items() if _URLISH.search(name)}
    # `next` (where sign-in returns) is the one address a route takes; it only ever redirects on this site.
    assert not urlish, f"a route takes a URL: give it the ingest SSRF guard and a test here: {urlish}"
    # Every route, offered the canary's address in every URL-like field it might read, never calls it.
    fields = dict.fromkeys(("url", "source", "href", "link", "feed", "callback", "webhook", "next"), canary)
    for path in pages(admin, sample):
        admin.get(path, params=fields)
    for (method, _route), write in WRITES.items():
        body = {**write.body, **fields}
        path = write.path(sample)
        if path.startswith("/api/"):
            admin.request(method, path, json=body)
        else:
            admin.request(method, path, data=body)
    assert _Canary.hits == []


def test_security_sign_in_returns_only_to_this_site(make_client: MakeClient) -> None:
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http://127.0.0.1:9/",
        "\\\\evil.example",
    ):
        client = make_client()
        token = csrf_of(client)
        response = client.post(
            "/login",
            data={"name": "vera", "password": PASSWORDS["vera"], "csrf_token": token, "next": target},
        )
        assert response.status_code == 303 and response.headers["location"] == "/", target
