"""Fixtures of the API and web tests: the sample ledger on each backend, and clients signed in as each role.

Both `tests/present/api/conftest.py` and `tests/present/web/conftest.py` import them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from audiatur.present.api import AuthConfig, create_app
from audiatur.store import Store
from audiatur.store import accounts as accounts_module

from .samples import PASSWORDS, Sample, fill

# A client on this machine (loopback address and host name), as a browser on the server would be.
LOCAL = {"base_url": "http://127.0.0.1:8000", "client": ("127.0.0.1", 50000)}
# A client elsewhere on the network.
REMOTE = {"base_url": "http://ledger.example", "client": ("203.0.113.7", 50000)}

MakeClient = Callable[..., TestClient]


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: the tests check accounts, not the hash's cost."""
    monkeypatch.setattr(
        accounts_module, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )


@pytest.fixture()
def sample(store: Store) -> Sample:
    """The sample ledger in the test's store."""
    return fill(store)


@pytest.fixture()
def make_client(store: Store, sample: Sample) -> Iterator[MakeClient]:
    """Build clients over the sample ledger: `make_client(public=…, local_admin=…, remote=…, user=…)`."""
    clients: list[TestClient] = []

    def make(
        *,
        public: bool = False,
        local_admin: bool = False,
        remote: bool = True,
        user: str | None = None,
        **config: object,
    ) -> TestClient:
        app = create_app(store, AuthConfig(public=public, local_admin=local_admin, **config))  # type: ignore[arg-type]
        client = TestClient(app, follow_redirects=False, **(REMOTE if remote else LOCAL))  # type: ignore[arg-type]
        clients.append(client)
        if user is not None:
            sign_in(client, user)
        return client

    yield make
    for client in clients:
        client.close()


def csrf_of(client: TestClient) -> str:
    """The CSRF token the server expects from this client (as its pages and /api/me give it)."""
    token = client.get("/api/me").json()["csrf_token"]
    assert token
    return str(token)


def sign_in(client: TestClient, user: str, password: str | None = None) -> None:
    """Sign in through the form, as a browser does (fetching the form first for its CSRF token)."""
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"name": user, "password": password or PASSWORDS[user], "csrf_token": token, "next": "/"},
    )
    assert response.status_code == 303, response.text
    client.headers["X-CSRF-Token"] = csrf_of(client)


@pytest.fixture()
def viewer(make_client: MakeClient) -> TestClient:
    """A client signed in as the viewer (with its CSRF header set)."""
    return make_client(user="vera")


@pytest.fixture()
def analyst(make_client: MakeClient) -> TestClient:
    """A client signed in as the analyst (with its CSRF header set)."""
    return make_client(user="anna")


@pytest.fixture()
def admin(make_client: MakeClient) -> TestClient:
    """A client signed in as the admin (with its CSRF header set)."""
    return make_client(user="adam")
