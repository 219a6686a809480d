"""Fixtures for the ingest tests: options, a loopback HTTP server, and a fictional corpus."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from audiatur.ingest import IngestOptions

from .server import LoopbackServer, serve

# A fictional conflict between the Republic of Arvenia and the Dalmor Federation, in our own words.
STATEMENT = (
    "The Ministry of Defence of the Republic of Arvenia said on Tuesday that Dalmor artillery shelled "
    "the town of Kessel overnight, killing four civilians and wounding eleven others.\n\n"
    "“The strikes hit a market and a school,” the ministry’s spokesperson, Ilsa Maren, told reporters. "
    "She called on the observer mission to visit the site.\n\n"
    "The Dalmor Federation’s defence ministry denied the report and said its forces had fired only at "
    "military positions near the river crossing."
)
UNRELATED = (
    "The regional weather office expects heavy rain across the northern valleys this weekend. Farmers "
    "were advised to bring the harvest in early, and mountain roads may close if the snow line drops "
    "below the passes on Sunday evening."
)


@pytest.fixture()
def options() -> IngestOptions:
    """Default ingest options."""
    return IngestOptions()


@pytest.fixture()
def http_server() -> Iterator[LoopbackServer]:
    """A real HTTP server on 127.0.0.1 (the only network the tests use)."""
    yield from serve()


@pytest.fixture()
def loopback_options(http_server: LoopbackServer) -> IngestOptions:
    """Options whose SSRF guard lets the test server, and nothing else private, through."""
    return IngestOptions(allow_addresses=frozenset({http_server.address}), fetch_timeout=10)


@pytest.fixture()
def no_connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Fail any attempt to open a TCP connection; the list records the attempts."""
    attempts: list[tuple[object, ...]] = []

    def refuse(*args: object, **kwargs: object) -> socket.socket:
        attempts.append(args)
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.fixture()
def write(tmp_path: Path) -> Callable[[str, bytes | str], str]:
    """Write bytes or text to a file under tmp_path and return its path as a string."""

    def _write(name: str, content: bytes | str) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return str(path)

    return _write
