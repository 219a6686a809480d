"""Accounts in the app: sign-in, session cookies, rotation, expiry, rate limiting, tokens, the serve modes."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from audiatur.store import Store
from audiatur.store.accounts_tables import SessionRow, UserRow

from .fixtures import MakeClient, csrf_of, sign_in
from .samples import PASSWORDS, Sample


def _set_cookie(response: httpx.Response, name: str) -> str:
    headers: list[str] = response.headers.get_list("set-cookie")
    return next(h for h in headers if h.startswith(f"{name}="))


def test_auth_session_cookie_is_httponly_and_samesite(make_client: MakeClient) -> None:
    client = make_client()
    response = client.post(
        "/login", data={"name": "vera", "password": PASSWORDS["vera"], "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 303
    cookie = _set_cookie(response, "audiatur_session").lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie  # plain http: a Secure cookie would never come back


def test_auth_session_cookie_is_secure_over_https(store: Store, sample: Sample) -> None:
    from audiatur.present.api import create_app

    client = TestClient(create_app(store), base_url="https://ledger.example", follow_redirects=False)
    response = client.post(
        "/login", data={"name": "vera", "password": PASSWORDS["vera"], "csrf_token": csrf_of(client)}
    )
    assert "secure" in _set_cookie(response, "audiatur_session").lower()
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_auth_sign_in_rotates_the_session(make_client: MakeClient, store: Store) -> None:
    client = make_client(user="vera")
    first = client.cookies["audiatur_session"]
    sign_in(client, "anna")
    second = client.cookies["audiatur_session"]
    assert first != second
    assert store.find_session(first, idle=timedelta(hours=1)) is None  # the old session is gone
    assert client.get("/api/me").json()["name"] == "anna"
    # A session id planted before sign-in (fixation) is never adopted: sign-in makes a new one.
    planted = make_client()
    planted.cookies.set(
        "audiatur_session", "planted-by-an-attacker-0123456789abcdef", domain="ledger.example"
    )
    sign_in(planted, "vera")
    assert planted.cookies["audiatur_session"] != "planted-by-an-attacker-0123456789abcdef"


def test_auth_secrets_are_stored_hashed(make_client: MakeClient, store: Store) -> None:
    client = make_client(user="anna")
    token = client.cookies["audiatur_session"]
    with store._reading() as s:
        hashes = list(s.scalars(select(UserRow.password_hash)))
        sessions = list(s.scalars(select(SessionRow.token_hash)))
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert token not in sessions and len(sessions) == 1


def test_auth_sign_out_ends_the_session(make_client: MakeClient) -> None:
    client = make_client(user="anna")
    token = client.cookies["audiatur_session"]
    csrf = client.headers.pop("X-CSRF-Token")
    refused = client.post("/logout")  # no CSRF token in the form
    assert refused.status_code == 403
    response = client.post("/logout", data={"csrf_token": csrf})
    assert response.status_code == 303
    replay = make_client()
    replay.cookies.set("audiatur_session", token, domain="ledger.example")
    assert replay.get("/api/claims").status_code == 401


def test_auth_sign_in_form_needs_its_csrf_token(make_client: MakeClient) -> None:
    client = make_client()
    csrf_of(client)
    response = client.post("/login", data={"name": "vera", "password": PASSWORDS["vera"]})
    assert response.status_code == 403
    assert "audiatur_session" not in client.cookies


def test_auth_wrong_password_says_nothing_about_which(make_client: MakeClient) -> None:
    client = make_client()
    token = csrf_of(client)
    wrong_password = client.post(
        "/login", data={"name": "vera", "password": "nope-nope-nope", "csrf_token": token}
    )
    no_such_user = client.post(
        "/login", data={"name": "nobody", "password": "nope-nope-nope", "csrf_token": token}
    )
    assert wrong_password.status_code == no_such_user.status_code == 401
    assert "wrong user name or password" in wrong_password.text
    assert "wrong user name or password" in no_such_user.text


def test_auth_sign_in_is_rate_limited(make_client: MakeClient) -> None:
    client = make_client(login_attempts=3)
    token = csrf_of(client)
    for _ in range(3):
        client.post("/login", data={"name": "vera", "password": "wrong-password", "csrf_token": token})
    blocked = client.post("/login", data={"name": "vera", "password": PASSWORDS["vera"], "csrf_token": token})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "audiatur_session" not in client.cookies


def test_auth_idle_sessions_expire(make_client: MakeClient) -> None:
    client = make_client(user="vera", session_idle=timedelta(0))
    assert client.get("/api/claims").status_code == 401


def test_auth_disabled_users_lose_sessions_and_tokens(make_client: MakeClient, store: Store) -> None:
    client = make_client(user="anna")
    token = store.create_api_token("anna")
    store.set_user_disabled("anna", True, by="test")
    assert client.get("/api/claims").status_code == 401
    assert make_client().get("/api/claims", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    token_client = make_client()
    response = token_client.post(
        "/login", data={"name": "anna", "password": PASSWORDS["anna"], "csrf_token": csrf_of(token_client)}
    )
    assert response.status_code == 401


def test_auth_revoked_tokens_stop_working(make_client: MakeClient, store: Store) -> None:
    token = store.create_api_token("vera", label="cron")
    headers = {"Authorization": f"Bearer {token}"}
    client = make_client()
    assert client.get("/api/me", headers=headers).json()["via"] == "token"
    (info,) = store.list_api_tokens("vera")
    assert info.last_used_at is not None
    store.revoke_api_token(info.id, by="test")
    assert client.get("/api/claims", headers=headers).status_code == 401


def test_auth_local_admin_only_from_this_machine(make_client: MakeClient, sample: Sample) -> None:
    local = make_client(local_admin=True, remote=False)
    me = local.get("/api/me").json()
    assert (me["name"], me["role"], me["via"]) == ("local-admin", "admin", "local")
    assert make_client(local_admin=True).get("/api/claims").status_code == 401  # another machine
    # A page on another site whose name now resolves to 127.0.0.1 (DNS rebinding) is not the local admin.
    rebound = make_client(local_admin=True, remote=False)
    assert rebound.get("/api/claims", headers={"Host": "evil.example"}).status_code == 401
    # Its writes still need the CSRF token (another site could otherwise post from the user's browser).
    body = {"expected_version": 1, "status": "accepted"}
    assert local.post(f"/api/claims/{sample.figure_a}/status", json=body).status_code == 403
    done = local.post(
        f"/api/claims/{sample.figure_a}/status", json=body, headers={"X-CSRF-Token": csrf_of(local)}
    )
    assert done.json()["reviewed_by"] == "local-admin"


def test_auth_without_local_admin_loopback_needs_sign_in(make_client: MakeClient) -> None:
    assert make_client(remote=False).get("/api/claims").status_code == 401


@pytest.mark.parametrize("path", ["/", "/claims", "/documents", "/actors", "/map", "/timelines"])
def test_auth_pages_send_nobody_to_sign_in(make_client: MakeClient, path: str) -> None:
    response = make_client().get(path + "?q=x")
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path.replace('/', '%2F')}%3Fq%3Dx"


def test_auth_sign_in_only_returns_to_this_site(make_client: MakeClient) -> None:
    client = make_client()
    for target, expected in (
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
        ("/claims?q=a", "/claims?q=a"),
    ):
        client.cookies.clear()
        token = csrf_of(client)
        response = client.post(
            "/login",
            data={"name": "vera", "password": PASSWORDS["vera"], "csrf_token": token, "next": target},
        )
        assert response.headers["location"] == expected


def test_auth_a_form_sent_after_the_session_ended_comes_back_to_its_page(
    make_client: MakeClient, store: Store, sample: Sample
) -> None:
    client = make_client(user="anna")
    store.set_user_password("anna", "a-brand-new-password", by="test")  # ends every session of anna
    page = f"http://ledger.example/claims/{sample.figure_a}?tab=1"
    response = client.post(
        f"/claims/{sample.figure_a}/review",
        data={"review": "accept", "expected_version": "1"},
        headers={"Referer": page},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=%2Fclaims%2F{sample.figure_a}%3Ftab%3D1"
    elsewhere = client.post(
        f"/claims/{sample.figure_a}/review", headers={"Referer": "https://evil.example/x"}
    )
    assert elsewhere.headers["location"] == "/login?next=%2F"
    signed_out = client.post("/logout")  # nothing to end: no CSRF check, back to the sign-in page
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/login")
