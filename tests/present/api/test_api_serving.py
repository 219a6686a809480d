"""Serving under load: load shedding (503 at once past the limits) and `audiatur serve --workers`."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from audiatur.present.api import AuthConfig, create_app
from audiatur.present.api.app import ServeLimits
from audiatur.store import Store, open_store

from .samples import Sample, fill


def _slow_app(
    store: Store, limits: ServeLimits
) -> tuple[FastAPI, threading.Event, threading.Event, list[str]]:
    """The app with two extra routes: /slow blocks its thread until released, /mark notes that it ran."""
    app = create_app(store, AuthConfig(public=True), limits)
    entered, release, ran = threading.Event(), threading.Event(), []

    @app.get("/slow")
    def slow() -> dict[str, bool]:
        entered.set()
        assert release.wait(30)
        ran.append("slow")
        return {"ok": True}

    @app.get("/mark")
    def mark() -> dict[str, bool]:
        ran.append("mark")
        return {"ok": True}

    return app, entered, release, ran


def _run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run an async scenario on a thread of its own: Playwright's sync API (the browser tests, earlier in the
    session) leaves an event loop running on the main thread, where `asyncio.run` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario()).result()


async def _until(event: threading.Event) -> None:
    for _ in range(300):
        if event.is_set():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the slow request never started")


def test_shedding_refuses_past_max_pending_at_once(store: Store, sample: Sample) -> None:
    app, entered, release, ran = _slow_app(store, ServeLimits(max_pending=1, timeout=30, threads=2))

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ledger.example") as client:
            slow = asyncio.create_task(client.get("/slow"))
            await _until(entered)
            started = time.monotonic()
            refused = await client.get("/mark")
            assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
            assert "busy" in refused.json()["detail"]
            assert time.monotonic() - started < 5  # at once, not after the slow request
            release.set()
            assert (await slow).status_code == 200
            assert (await client.get("/mark")).status_code == 200  # the slot is free again

    _run(scenario)
    assert ran == ["slow", "mark"]  # the refused request never ran


def test_shedding_times_out_queued_work_without_running_it(store: Store, sample: Sample) -> None:
    app, entered, release, ran = _slow_app(store, ServeLimits(max_pending=10, timeout=0.5, threads=1))

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ledger.example") as client:
            slow = asyncio.create_task(client.get("/slow"))
            await _until(entered)
            # The one request thread is taken: this request waits for it, then gives up.
            waited = await asyncio.wait_for(client.get("/mark"), timeout=10)
            assert waited.status_code == 503 and "overloaded" in waited.json()["detail"]
            assert not release.is_set()  # answered while the slow request still held the thread
            release.set()
            # The running request finishes its work, but past its deadline it is answered 503 too.
            assert (await slow).status_code == 503
            assert (await client.get("/mark")).status_code == 200

    _run(scenario)
    assert ran == ["slow", "mark"]  # the request that timed out waiting never ran


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, Sample, str, subprocess.Popen[bytes]]]:
    """`audiatur serve --public --workers 2` over the sample ledger in SQLite; its URL, ids and a token."""
    path = tmp_path / "ledger.db"
    with open_store(f"sqlite:///{path}") as store:
        sample = fill(store)
        token = store.create_api_token("anna", label="test")
    port = _free_port()
    command = [sys.executable, "-m", "audiatur", "--db", str(path), "serve", "--public"]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert server.poll() is None, (server.stderr.read() if server.stderr else b"").decode()[-2000:]
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise AssertionError("audiatur serve --workers 2 did not answer")
        yield url, sample, token, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _count(url: str) -> str:
    # A new connection each time, so the requests spread over the workers.
    page = httpx.get(f"{url}/", params={"status": "accepted"}, headers={"Connection": "close"}).text
    return "1 claim" if "1 claim" in page else "none" if "No claims match." in page else page[:200]


@pytest.mark.slow
def test_serve_workers_share_the_ledger(served: tuple[str, Sample, str, subprocess.Popen[bytes]]) -> None:
    url, sample, token, server = served
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = [
            p for p in _children(server.pid) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()
        ]
        time.sleep(0.2)
    assert len(workers) >= 2, workers
    assert {_count(url) for _ in range(12)} == {"none"}  # every worker has the count in its cache
    auth = {"Authorization": f"Bearer {token}"}
    version = httpx.get(f"{url}/api/claims/{sample.figure_a}").json()["version"]
    answer = httpx.post(
        f"{url}/api/claims/{sample.figure_a}/status",
        json={"expected_version": version, "status": "accepted"},
        headers=auth,
    )
    assert answer.status_code == 200, answer.text
    assert {_count(url) for _ in range(12)} == {"1 claim"}  # on whichever worker answers
