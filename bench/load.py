"""Load test of `audiatur serve` on loopback: mixed reads and analyst reviews at fixed request rates.

    python -m bench.load [--claims 100000] [--rate 200] [--soak 30] [--steps 50,100,200,...] [--keep DB]
                         [--workers 2]
    python -m bench.load --quick 600 [--claims 100000] [--keep DB] [--workers 2]

The full run of issue 9 is `--claims 1000000 --rate 200 --soak 600`. Builds a synthetic ledger through the
store's bulk writes (bench/api.py's generator), adds a real analyst account with `audiatur user add` and an
API token with `audiatur user token`, then serves the ledger (`audiatur serve --public`: anyone reads, the
analyst signs in to review) in its own process. This process is the load generator: an open loop on asyncio
and httpx that sends each request at its scheduled time whether or not earlier ones have come back, and
times it from that scheduled time (so a stalled server shows in the tail instead of slowing the offered
rate down). The mix: ledger pages (first, deep, filtered, searched), claim pages, the claims API (lists,
deep cursors, single claims) and reviews by the analyst (the review form with a session and its CSRF token,
the status and correction API with the token).

Phases: a warm-up; page 1 against deep pages, one request at a time; the offered rate stepped up until the
server no longer keeps up (the saturation point; after each step the server is left to work off its queue);
then a soak at `--rate` (`--rate 0`: the highest rate a step sustained) with latency figures and the
server's RSS from /proc, sampled every second (summed over its `--workers` processes). The server's CPU time
per answered request (all its processes) is reported too: unlike latency, it hardly depends on how busy a
shared machine is. Targets: no errors, p99 < 250 ms at 200 req/s on SQLite, a deep
ledger page within 2x of page 1, RSS growth over the soak < 10 %. Prints the figures and merges them into
bench/results.json under "load".

`--quick N` only sends N requests of the mix one at a time (taking the open connections in turn, so every
`--workers` process serves) and prints the server's CPU time of each, by operation, read exactly from
/proc/PID/task/*/schedstat: a figure to compare changes by on a busy machine, in a minute. Nothing is saved.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from audiatur.store import ClaimSort, open_store
from audiatur.store.base import encode_cursor
from bench.api import build

__all__ = ["main", "run"]

TARGET_RATE = 200.0
TARGET_P99_MS = 250.0
DEEP_RATIO = 2.0
MEMORY_GROWTH = 0.10
PAGE = 50
ANALYST = "load-analyst"
DEFAULT_STEPS = (25, 50, 100, 200, 300, 400, 600)
# Connections the generator keeps open at most: more than the server holds at once (64 requests a process),
# so an overloaded server sheds work (503) rather than the generator queueing it.
IN_FLIGHT = 256
GIVE_UP_SECONDS = 30.0
_IDLE_SECONDS = 3.0  # reuse a kept-alive connection only this long (the server drops it after 5 s)
RESULTS = Path(__file__).with_name("results.json")
# Operation → weight (per 100 requests): 90 reads, 10 analyst writes.
MIX = {
    "ledger page 1": 12,
    "ledger deep page": 8,
    "ledger filtered": 12,
    "ledger search": 8,
    "claim page": 14,
    "api list": 14,
    "api claim": 12,
    "review form": 4,
    "api status": 4,
    "api correct": 2,
}
_FILTERS: tuple[dict[str, str], ...] = (
    {"party": "Southland"},
    {"party": "Northland", "kind": "event"},
    {"kind": "figure", "measure": "killed"},
    {"measure": "injured", "sort": "-published"},
    {"place": "bench:place-7"},
    {"place": "bench:place-3", "measure": "displaced"},
    {"from": "2030-03-01", "to": "2030-04-15"},
    {"kind": "figure", "sort": "-value"},
    {"status": "accepted"},
)
_SEARCHES = ("shelled homes", "killed", "civilians displaced", "Town12", "denied")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(path: Path, *args: str, stdin: str | None = None, check: bool = True) -> str | None:
    """Run `audiatur --db PATH ARGS…` (as a user would) and return what it printed (None if it failed)."""
    done = subprocess.run(
        [sys.executable, "-m", "audiatur", "--db", str(path), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 and check:
        raise SystemExit(f"audiatur {' '.join(args[:2])} failed: {done.stderr.strip()[-300:]}")
    return done.stdout if done.returncode == 0 else None


@dataclass
class Ledger:
    """What the load generator needs to know about the ledger before it starts."""

    claims: int
    read_ids: list[str]
    writes: list[tuple[str, str, int, int | None]]  # claim id, kind, version, value
    deep: dict[str, str]  # depth label → cursor of that page (newest first, as the ledger shows)
    password: str = ""
    token: str = ""


def _survey(path: Path, rng: random.Random, samples: int) -> Ledger:
    """Claim ids to read and review, and cursors of deep pages, straight from the SQLite file."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        live = db.execute("SELECT count(*) FROM claims WHERE superseded = 0").fetchone()[0]
        low, high = db.execute("SELECT min(seq), max(seq) FROM claims").fetchone()
        rows: dict[str, tuple[str, str, int, int | None]] = {}
        for _ in range(samples):
            found = db.execute(
                "SELECT id, kind, version, value FROM claims WHERE superseded = 0 AND seq >= ? "
                "ORDER BY seq LIMIT 1",
                (rng.randint(low, high),),
            ).fetchone()
            if found:
                rows[found[0]] = found
        deep = {}
        last_page = max(1, (live - 1) // PAGE)
        for label, page in (("page 2", 1), ("middle", last_page // 2), ("last", last_page)):
            # The cursor of page k (newest first) is the sort key of the last claim of page k - 1.
            seq = db.execute(
                "SELECT seq FROM claims WHERE superseded = 0 ORDER BY seq DESC LIMIT 1 OFFSET ?",
                (page * PAGE - 1,),
            ).fetchone()[0]
            deep[label] = encode_cursor(f"claims{ClaimSort.CREATED_DESC}", None, seq)
    ids = list(rows)
    rng.shuffle(ids)
    return Ledger(claims=live, read_ids=ids, writes=[rows[i] for i in ids], deep=deep)


def build_ledger(path: Path, claims: int) -> float:
    """Fill the SQLite file with about `claims` claims unless it holds some already; returns the seconds."""
    with open_store(f"sqlite:///{path}") as store:
        return build(store, claims) if store.count_claims() == 0 else 0.0


def add_analyst(path: Path, seed: int = 11) -> Ledger:
    """Give the analyst an account (`audiatur user add`) and a token; survey the ledger for the load."""
    password = secrets.token_urlsafe(18)
    stdin = password + "\n"
    added = _cli(
        path, "user", "add", ANALYST, "--role", "analyst", "--password-stdin", stdin=stdin, check=False
    )
    if added is None:  # a ledger kept from an earlier run: the account is there, give it this password
        _cli(path, "user", "password", ANALYST, "--password-stdin", stdin=stdin)
    token = (_cli(path, "user", "token", ANALYST, "--label", "bench.load") or "").strip().splitlines()[-1]
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    ledger = _survey(path, random.Random(seed), samples=min(20_000, max(500, claims // 10)))
    ledger.password, ledger.token = password, token
    return ledger


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


class Server:
    """`audiatur serve --public` in its own process on a loopback port (with `workers` worker processes
    under it); `rss()` and `cpu_seconds()` read its processes' memory and CPU time from /proc."""

    def __init__(self, path: Path, workers: int = 1) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: dict[tuple[int, str], int] = {}  # (pid, thread id) → CPU ns last seen
        args = ["--db", str(path), "serve", "--public", "--port", str(self.port), "--workers", str(workers)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "audiatur", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("audiatur serve did not start")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def pids(self) -> list[int]:
        """The server's process and every process under it (its workers)."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    children.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
                except (OSError, IndexError):
                    continue  # a process that ended meanwhile
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def cpu_seconds(self) -> float:
        """CPU time the server's processes have used so far (user + system, from /proc)."""
        total = 0
        for pid in self.pids():
            try:
                fields = _stat(pid)
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def cpu_ns(self, pids: list[int] | None = None) -> int:
        """CPU time the server's threads have run so far, in nanoseconds (from /proc/PID/task/*/schedstat:
        exact, unlike the clock ticks of `cpu_seconds`, so one request's share can be read). A thread that
        has ended (idle request threads do) counts with what it had used when last seen."""
        for pid in pids or self.pids():
            try:
                tasks = list(Path(f"/proc/{pid}/task").iterdir())
            except OSError:
                continue
            for task in tasks:
                try:
                    self._threads[(pid, task.name)] = int((task / "schedstat").read_text().split()[0])
                except (OSError, IndexError, ValueError):
                    continue  # a thread that ended meanwhile
        return sum(self._threads.values())

    def rss(self) -> int:
        """The server's resident memory in bytes (VmRSS in /proc, summed over its processes)."""
        total = 0
        for pid in self.pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
            total += int(found.group(1)) * 1024 if found else 0
        return total


@dataclass
class Tally:
    """Latencies (ms, from each request's scheduled time) and errors of one phase."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)  # how late the generator sent (its own saturation)

    def add(self, op: str, ms: float, problem: str | None) -> None:
        self.latencies.setdefault(op, []).append(ms)
        if problem:
            self.errors[op] = self.errors.get(op, 0) + 1
            if len(self.examples) < 5:
                self.examples.append(f"{op}: {problem}")


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP response as the load generator keeps it."""

    status_code: int
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Wire:
    """A keep-alive HTTP/1.1 client on asyncio streams, far cheaper in CPU than httpx: on a small shared
    machine the generator must leave the cores to the server. One connection per request in flight."""

    def __init__(self, url: str, headers: dict[str, str], *, rotate: bool = False) -> None:
        # `rotate`: reuse the connection idle longest (one request at a time then goes round every open
        # connection, and so round every server process) instead of the one idle shortest.
        self.rotate = rotate
        parts = httpx.URL(url)
        self.host, self.port = parts.host, parts.port or 80
        extra = {"Host": f"{self.host}:{self.port}", "Accept": "*/*", **headers}
        self._head = "".join(f"{k}: {v}\r\n" for k, v in extra.items())
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []

    async def request(self, method: str, target: str, body: bytes = b"", content_type: str = "") -> Answer:
        """Send one request and read its whole answer (the connection is dropped if anything fails)."""
        typed = f"Content-Type: {content_type}\r\n" if content_type else ""
        head = f"{method} {target} HTTP/1.1\r\n{self._head}{typed}Content-Length: {len(body)}\r\n\r\n"
        message = head.encode("latin-1") + body
        now = time.monotonic()
        while self._idle:
            reader, writer, since = self._idle.pop(0 if self.rotate else -1)
            # The server closes a connection idle for 5 s (uvicorn's keep-alive); one it closed just now
            # answers nothing at all, and the request goes again on a new connection.
            if now - since < _IDLE_SECONDS and not reader.at_eof():
                answer = await self._exchange(reader, writer, message)
                if answer is not None:
                    return answer
        reader, writer = await asyncio.open_connection(self.host, self.port)
        answer = await self._exchange(reader, writer, message)
        if answer is None:
            raise ConnectionError("the server closed a new connection without answering")
        return answer

    async def _exchange(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, message: bytes
    ) -> Answer | None:
        try:
            writer.write(message)
            first = await reader.readline()
            if not first:
                writer.close()
                return None
            status = int(first.split()[1])
            length, chunked, close = None, False, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                name, value = name.strip().lower(), value.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "transfer-encoding":
                    chunked = "chunked" in value
                elif name == "connection":
                    close = value == "close"
            if chunked:
                pieces = []
                while size := int((await reader.readline()).split(b";")[0], 16):
                    pieces.append(await reader.readexactly(size + 2))
                await reader.readline()
                payload = b"".join(p[:-2] for p in pieces)
            elif length is not None:
                payload = await reader.readexactly(length)
            else:
                payload, close = await reader.read(), True
        except BaseException:
            writer.close()
            raise
        if close:
            writer.close()
        else:
            self._idle.append((reader, writer, time.monotonic()))
        return Answer(status, payload)

    def get(self, path: str, params: dict[str, str] | None = None) -> Awaitable[Answer]:
        return self.request("GET", f"{path}?{urlencode(params)}" if params else path)

    def form(self, path: str, data: dict[str, str]) -> Awaitable[Answer]:
        return self.request("POST", path, urlencode(data).encode(), "application/x-www-form-urlencoded")

    def json(self, method: str, path: str, data: dict[str, Any]) -> Awaitable[Answer]:
        return self.request(method, path, json.dumps(data).encode(), "application/json")

    def close(self) -> None:
        for _, writer, _since in self._idle:
            writer.close()
        self._idle.clear()


class Analyst:
    """The load's clients: public readers, the analyst's browser session and the analyst's API token."""

    def __init__(self, url: str, ledger: Ledger, rng: random.Random) -> None:
        self.url, self.ledger, self.rng = url, ledger, rng
        self.reader = Wire(url, {})
        self.browser: Wire | None = None
        self.api = Wire(url, {"Authorization": f"Bearer {ledger.token}"})
        self.csrf = ""
        self.action_field = "action"
        self._next_write = 0
        self._versions: dict[str, int] = {}

    def rotate(self) -> None:
        """Send each request on the connection idle longest (see `Wire`)."""
        for wire in (self.reader, self.browser, self.api):
            if wire is not None:
                wire.rotate = True

    async def sign_in(self) -> None:
        """Sign in through the login form, as a browser does; keep the session and its CSRF token."""
        async with httpx.AsyncClient(base_url=self.url) as browser:
            await browser.get("/login")
            sent = browser.cookies.get("audiatur_csrf") or ""
            form = {"name": ANALYST, "password": self.ledger.password, "csrf_token": sent, "next": "/"}
            answer = await browser.post("/login", data=form)
            session = browser.cookies.get("audiatur_session")
            if answer.status_code != 303 or not session:
                raise SystemExit(f"the analyst could not sign in (HTTP {answer.status_code})")
            me = (await browser.get("/api/me")).json()
            if me.get("role") != "analyst":
                raise SystemExit(f"signed in as {me!r}, not as an analyst")
            # The review form's submit buttons: send the field the page's own form sends.
            page = await browser.get(f"/claims/{self.ledger.read_ids[0]}")
        button = re.search(r'<button type="submit" name="([\w-]+)" value="accept"', page.text)
        if button is None:
            raise SystemExit("the claim page shows the analyst no accept button")
        self.csrf, self.action_field = me["csrf_token"], button.group(1)
        self.browser = Wire(self.url, {"Cookie": f"audiatur_session={session}"})

    def close(self) -> None:
        for wire in (self.reader, self.browser, self.api):
            if wire is not None:
                wire.close()

    def _claim(self) -> str:
        return self.rng.choice(self.ledger.read_ids)

    @property
    def writes(self) -> int:
        """How many reviews the analyst has sent (warm-up included)."""
        return self._next_write

    def _write_target(self) -> tuple[str, str, int, int | None]:
        claim_id, kind, version, value = self.ledger.writes[self._next_write % len(self.ledger.writes)]
        self._next_write += 1
        version = self._versions.get(claim_id, version)
        self._versions[claim_id] = version + 1  # each review adds one version
        return claim_id, kind, version, value

    def request(self, op: str) -> Callable[[], Awaitable[Answer]]:
        """The request of one operation (chosen now, sent when called)."""
        rng, deep, reader = self.rng, self.ledger.deep, self.reader
        if op == "ledger page 1":
            return lambda: reader.get("/")
        if op == "ledger deep page":
            cursor = deep["last"] if rng.random() < 0.5 else deep["middle"]
            return lambda: reader.get("/", {"after": cursor})
        if op == "ledger filtered":
            params = rng.choice(_FILTERS)
            return lambda: reader.get("/", params)
        if op == "ledger search":
            q = rng.choice(_SEARCHES)
            return lambda: reader.get("/", {"q": q})
        if op == "claim page":
            path = f"/claims/{self._claim()}"
            return lambda: reader.get(path)
        if op == "api list":
            pick = rng.random()
            api_params: dict[str, str] = dict(rng.choice(_FILTERS)) if pick < 0.5 else {}
            if pick >= 0.75:
                api_params = {"sort": "-created", "cursor": deep["middle" if pick < 0.9 else "last"]}
            return lambda: reader.get("/api/claims", api_params)
        if op == "api claim":
            path = f"/api/claims/{self._claim()}"
            return lambda: reader.get(path)
        claim_id, kind, version, value = self._write_target()
        status = "accepted" if rng.random() < 0.7 else "rejected"
        if op == "review form" and self.browser is not None:
            browser = self.browser
            form = {self.action_field: status[:6], "expected_version": str(version), "csrf_token": self.csrf}
            return lambda: browser.form(f"/claims/{claim_id}/review", form)
        if op == "api correct" and kind == "figure":
            body: dict[str, Any] = {"expected_version": version, "changes": {"value": (value or 0) + 1}}
            return lambda: self.api.json("PATCH", f"/api/claims/{claim_id}", body)
        body = {"expected_version": version, "status": status}
        return lambda: self.api.json("POST", f"/api/claims/{claim_id}/status", body)


def _expected(op: str) -> int:
    return 303 if op == "review form" else 200


async def _one(
    tally: Tally, gate: asyncio.Semaphore, op: str, send: Callable[[], Awaitable[Answer]], due: float
) -> None:
    """Send one request (after at most IN_FLIGHT others) and time it from when it was due."""
    loop = asyncio.get_running_loop()
    tally.lags.append((loop.time() - due) * 1000)
    problem = None
    try:
        async with asyncio.timeout_at(due + GIVE_UP_SECONDS):
            async with gate:
                response = await send()
        if response.status_code != _expected(op):
            problem = f"HTTP {response.status_code} {response.text[:120]!r}"
    except TimeoutError:
        problem = f"no answer {GIVE_UP_SECONDS:.0f} s after it was due"
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
        problem = f"{type(exc).__name__}: {exc}"[:160]
    tally.add(op, (loop.time() - due) * 1000, problem)


async def offer(
    analyst: Analyst, rate: float, seconds: float, on_tick: Callable[[], None] | None = None
) -> tuple[Tally, float]:
    """Send `rate` requests a second for `seconds` (open loop); returns the tally and the wall time.

    Requests wait for one of IN_FLIGHT connections in a queue of their own (httpx's pool slows down with
    thousands waiting); a request not answered GIVE_UP_SECONDS after it was due is an error.
    """
    ops, weights = list(MIX), list(MIX.values())
    tally = Tally()
    gate = asyncio.Semaphore(IN_FLIGHT)
    loop = asyncio.get_running_loop()
    total = max(1, round(rate * seconds))
    start = loop.time() + 0.05
    tasks: set[asyncio.Task[None]] = set()
    next_tick = start
    for i in range(total):
        due = start + i / rate
        if on_tick is not None and due >= next_tick:
            on_tick()
            next_tick += 1.0
        wait = due - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        op = analyst.rng.choices(ops, weights)[0]
        task = asyncio.create_task(_one(tally, gate, op, analyst.request(op), due))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    while tasks:
        await asyncio.gather(*list(tasks))
    return tally, loop.time() - start


def _percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]


def _latency(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    if not ordered:
        return {"n": 0}
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(_percentile(ordered, 0.95), 1),
        "p99_ms": round(_percentile(ordered, 0.99), 1),
        "max_ms": round(ordered[-1], 1),
    }


def _phase(rate: float, tally: Tally, wall: float, server_cpu: float, client_cpu: float) -> dict[str, Any]:
    everything = [t for times in tally.latencies.values() for t in times]
    done = max(1, len(everything) - sum(tally.errors.values()))
    return {
        "offered_rps": rate,
        "throughput_rps": round((len(everything) - sum(tally.errors.values())) / wall, 1) if wall else 0.0,
        "requests": len(everything),
        "errors": sum(tally.errors.values()),
        "error_examples": tally.examples,
        **_latency(everything),
        "generator_lag_p99_ms": _latency(tally.lags).get("p99_ms", 0.0),
        # CPU per answered request hardly depends on how busy the shared machine is: 1000 / it is what
        # one core would serve.
        "server_cpu_ms_per_request": round(server_cpu * 1000 / done, 2),
        "client_cpu_ms_per_request": round(client_cpu * 1000 / done, 2),
        "by_operation": {op: _latency(times) for op, times in sorted(tally.latencies.items())},
    }


async def _sequential(wire: Wire, params: dict[str, str], n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = await wire.get("/", params)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"the ledger page answered HTTP {response.status_code}")
    return times


async def _deep_pages(analyst: Analyst, n: int) -> dict[str, Any]:
    """Page 1 against the middle and the last page of the ledger, one request at a time, interleaved."""
    times: dict[str, list[float]] = {"page 1": [], "middle": [], "last": []}
    for _ in range(n):
        times["page 1"] += await _sequential(analyst.reader, {}, 1)
        times["middle"] += await _sequential(analyst.reader, {"after": analyst.ledger.deep["middle"]}, 1)
        times["last"] += await _sequential(analyst.reader, {"after": analyst.ledger.deep["last"]}, 1)
    first = statistics.median(times["page 1"])
    deepest = max(statistics.median(times["middle"]), statistics.median(times["last"]))
    return {
        **{label: _latency(t) for label, t in times.items()},
        "deep_over_first": round(deepest / first, 2),
        "target_ratio": DEEP_RATIO,
    }


async def _check_cursor(analyst: Analyst) -> None:
    """The deep-page cursors are the server's own: page 2's must equal what page 1 answers."""
    answer = await analyst.reader.get("/api/claims", {"sort": "-created", "limit": str(PAGE)})
    body = json.loads(answer.body)
    if body["next_cursor"] != analyst.ledger.deep["page 2"]:
        raise SystemExit("bench.load builds page cursors unlike the server: fix _survey")


async def _measured(
    analyst: Analyst,
    server: Server,
    rate: float,
    seconds: float,
    on_tick: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """One phase at a fixed offered rate, with the server's and the generator's CPU time."""
    server_before, client_before = server.cpu_seconds(), time.process_time()
    tally, wall = await offer(analyst, rate, seconds, on_tick)
    server_cpu, client_cpu = server.cpu_seconds() - server_before, time.process_time() - client_before
    return _phase(rate, tally, wall, server_cpu, client_cpu)


async def _drain(url: str, limit: float = 300.0) -> float:
    """Wait until the server has worked off what earlier phases left queued (requests whose client gave up
    are still served): its health check answers within 0.5 s twice running. Returns the seconds waited."""
    started = time.monotonic()
    quick = 0
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        while quick < 2 and time.monotonic() - started < limit:
            before = time.monotonic()
            await client.get("/api/health")
            quick = quick + 1 if time.monotonic() - before < 0.5 else 0
            await asyncio.sleep(0.2)
    return round(time.monotonic() - started, 1)


async def quick(analyst: Analyst, server: Server, n: int) -> dict[str, Any]:
    """`n` requests of the mix one at a time, in the mix's random order, with the server's CPU time of
    each (exact, from schedstat): CPU per request of each operation and of the whole mix (weighted as
    MIX), a figure that hardly depends on what else the machine is doing."""
    ops, weights = list(MIX), list(MIX.values())
    pids = server.pids()
    cpu: dict[str, list[float]] = {op: [] for op in ops}
    wall: dict[str, list[float]] = {op: [] for op in ops}
    for _ in range(n):
        op = analyst.rng.choices(ops, weights)[0]
        send = analyst.request(op)
        before, started = server.cpu_ns(pids), time.perf_counter()
        answer = await send()
        elapsed = (time.perf_counter() - started) * 1000
        used = (server.cpu_ns(pids) - before) / 1e6
        if answer.status_code != _expected(op):
            raise SystemExit(f"{op}: HTTP {answer.status_code} {answer.text[:200]!r}")
        cpu[op].append(used)
        wall[op].append(elapsed)
    measured = {op: times for op, times in cpu.items() if times}
    by_op = {
        op: {
            "n": len(times),
            "cpu_ms_mean": round(statistics.fmean(times), 2),
            "cpu_ms_median": round(statistics.median(times), 2),
            "wall_ms_median": round(statistics.median(wall[op]), 2),
        }
        for op, times in measured.items()
    }
    weighted = sum(MIX[op] * statistics.fmean(t) for op, t in measured.items()) / sum(
        MIX[op] for op in measured
    )
    return {"requests": n, "cpu_ms_per_request": round(weighted, 2), "by_operation": by_op}


def run_quick(claims: int, n: int, keep: Path | None, workers: int) -> dict[str, Any]:
    """Build (or reuse) the ledger, serve it and measure `quick` after a warm-up of the same mix."""
    with tempfile.TemporaryDirectory() as folder:
        path = keep or Path(folder) / "load.db"
        _say(f"ledger of {claims:,} claims at {path}")
        build_ledger(path, claims)
        server = Server(path, workers)
        ledger = add_analyst(path)
        with server:

            async def measure() -> dict[str, Any]:
                analyst = Analyst(server.url, ledger, random.Random(5))
                try:
                    await analyst.sign_in()
                    # Warm-up: caches, and a few connections at once, which `quick` then takes in turn.
                    analyst.rotate()
                    await offer(analyst, 20.0, 3.0)
                    await quick(analyst, server, max(50, n // 5))
                    return await quick(analyst, server, n)
                finally:
                    analyst.close()

            figures = asyncio.run(measure())
    return {
        "claims": ledger.claims,
        "workers": workers,
        "load_average": round(os.getloadavg()[0], 2),
        **figures,
    }


def report_quick(figures: dict[str, Any]) -> list[str]:
    """The quick figures as printed lines."""
    lines = [
        f"server CPU per request of the mix over {figures['claims']:,} claims, `--workers "
        f"{figures['workers']}`: {figures['cpu_ms_per_request']:.2f} ms ({figures['requests']} requests "
        f"one at a time; load average {figures['load_average']:.1f})",
        f"  {'operation':<18} {'n':>5} {'CPU mean':>9} {'median':>8} {'wall p50':>9}",
    ]
    for op, s in figures["by_operation"].items():
        lines.append(
            f"  {op:<18} {s['n']:>5} {s['cpu_ms_mean']:>9.2f} {s['cpu_ms_median']:>8.2f} "
            f"{s['wall_ms_median']:>9.2f}"
        )
    return lines


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def _drive(
    server: Server, ledger: Ledger, rate: float, soak: float, steps: list[float], step_seconds: float
) -> dict[str, Any]:
    analyst = Analyst(server.url, ledger, random.Random(5))
    try:
        await analyst.sign_in()
        await _check_cursor(analyst)
        _say("warm-up")
        # Warm-up: caches, connections, first touches.
        await offer(analyst, min(rate, 50.0) if rate > 0 else 20.0, min(5.0, soak))
        _say("page 1 against deep pages")
        deep = await _deep_pages(analyst, 15)
        stepped = []
        _say("stepping the offered rate up")
        for step in steps:
            figures = await _measured(analyst, server, step, step_seconds)
            figures["drain_seconds"] = await _drain(server.url)
            stepped.append({k: v for k, v in figures.items() if k != "by_operation"})
            print(
                f"  offered {step:>5.0f}/s: {figures['throughput_rps']:>6.1f}/s answered, "
                f"p99 {figures.get('p99_ms', 0):>7.1f} ms, errors {figures['errors']}, "
                f"server CPU {figures['server_cpu_ms_per_request']:.1f} ms a request",
                flush=True,
            )
            if _saturated(figures):
                break
        if rate <= 0:  # the highest rate a step sustained (at least the lowest step)
            kept = [st["offered_rps"] for st in stepped if not _saturated(st) and not st["errors"]]
            rate = max(kept, default=steps[0] if steps else 10.0)
        _say(f"soak: {soak:.0f} s at {rate:.0f} req/s")
        samples: list[int] = []
        soak_figures = await _measured(
            analyst, server, rate, soak, on_tick=lambda: samples.append(server.rss())
        )
        samples.append(server.rss())
        soak_figures["seconds"] = soak
        first, last, peak = samples[0], samples[-1], max(samples)
        soak_figures["memory"] = {
            "rss_start_mb": round(first / 2**20, 1),
            "rss_end_mb": round(last / 2**20, 1),
            "rss_peak_mb": round(peak / 2**20, 1),
            "growth": round((last - first) / first, 4),
            "target_growth": MEMORY_GROWTH,
        }
    finally:
        analyst.close()
    return {
        "deep_pages": deep,
        "soak": soak_figures,
        "steps": stepped,
        **_saturation(stepped),
        "analyst_writes": analyst.writes,
    }


def _saturated(step: dict[str, Any]) -> bool:
    """The server no longer keeps up: it finishes under 95 % of what is offered, or the tail passes 1 s."""
    return bool(step["throughput_rps"] < 0.95 * step["offered_rps"] or step.get("p99_ms", 0) > 1000)


def _saturation(steps: list[dict[str, Any]]) -> dict[str, Any]:
    kept_up = [s for s in steps if not _saturated(s) and not s["errors"]]
    within = [s for s in kept_up if s.get("p99_ms", 0) < TARGET_P99_MS]
    over = [s for s in steps if _saturated(s)]
    return {
        "sustained_rps": max((s["offered_rps"] for s in kept_up), default=0.0),
        "p99_target_met_up_to_rps": max((s["offered_rps"] for s in within), default=0.0),
        "saturated_at_rps": over[0]["offered_rps"] if over else None,
        "peak_throughput_rps": max((s["throughput_rps"] for s in steps), default=0.0),
    }


def run(
    claims: int = 100_000,
    rate: float = TARGET_RATE,
    soak: float = 30.0,
    steps: tuple[float, ...] = DEFAULT_STEPS,
    step_seconds: float = 8.0,
    keep: Path | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    """Build, serve and load the ledger; returns the figures (printed by `main`)."""
    with tempfile.TemporaryDirectory() as folder:
        path = keep or Path(folder) / "load.db"
        _say(f"ledger of {claims:,} claims at {path}")
        build_seconds = build_ledger(path, claims)
        _say("serving it; adding the analyst meanwhile")
        server = Server(path, workers)  # starts now; `with` waits until it answers
        ledger = add_analyst(path)
        with server:
            figures = asyncio.run(_drive(server, ledger, rate, soak, list(steps), step_seconds))
    soak_figures = figures["soak"]
    return {
        "claims": ledger.claims,
        "build_seconds": round(build_seconds, 1),
        "mix": MIX,
        **figures,
        "targets": {
            "errors": soak_figures["errors"] == 0 and all(s["errors"] == 0 for s in figures["steps"]),
            "p99": soak_figures.get("p99_ms", 1e9) < TARGET_P99_MS
            and soak_figures["offered_rps"] >= TARGET_RATE,
            "deep_page": figures["deep_pages"]["deep_over_first"] <= DEEP_RATIO,
            "memory": soak_figures["memory"]["growth"] < MEMORY_GROWTH,
        },
        "workers": workers,
        "load_average": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }


def save(figures: dict[str, Any], path: Path = RESULTS) -> None:
    """Merge the figures into the benchmark results file under "load"."""
    results = json.loads(path.read_text()) if path.exists() else {}
    results["load"] = figures
    scratch = path.with_suffix(".json.tmp")
    scratch.write_text(json.dumps(results, indent=2, default=str) + "\n")
    scratch.replace(path)


def report(figures: dict[str, Any]) -> list[str]:
    """The figures as printed lines."""
    lines: list[str] = []
    soak, deep, memory = figures["soak"], figures["deep_pages"], figures["soak"]["memory"]
    lines.append(
        f"load on `audiatur serve --workers {figures.get('workers', 1)}` over {figures['claims']:,} claims "
        f"in SQLite (built in "
        f"{figures['build_seconds']:.0f} s; load average {figures['load_average']:.1f} on "
        f"{figures['cpus']} CPUs, shared)"
    )
    lines.append(
        f"soak {soak['seconds']:.0f} s at {soak['offered_rps']:.0f} req/s: "
        f"{soak['throughput_rps']:.1f} req/s answered, {soak['requests']} requests, {soak['errors']} errors; "
        f"p50 {soak.get('p50_ms', 0):.1f} "
        f"p95 {soak.get('p95_ms', 0):.1f} p99 {soak.get('p99_ms', 0):.1f} max {soak.get('max_ms', 0):.1f} ms "
        f"(generator lag p99 {soak['generator_lag_p99_ms']:.1f} ms)"
    )
    cpu = soak["server_cpu_ms_per_request"]
    lines.append(
        f"server CPU {cpu:.1f} ms a request (one core would serve about {1000 / max(cpu, 0.01):.0f} req/s of "
        f"this mix); generator CPU {soak['client_cpu_ms_per_request']:.1f} ms a request"
    )
    lines.append(f"  {'operation':<18} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for op, s in soak["by_operation"].items():
        lines.append(f"  {op:<18} {s['n']:>6} {s['p50_ms']:>8.1f} {s['p95_ms']:>8.1f} {s['p99_ms']:>8.1f}")
    for example in soak["error_examples"]:
        lines.append(f"  error: {example}")
    lines.append(
        f"server RSS {memory['rss_start_mb']:.0f} MB -> {memory['rss_end_mb']:.0f} MB "
        f"(peak {memory['rss_peak_mb']:.0f} MB): growth {memory['growth']:+.1%}"
    )
    lines.append(
        f"ledger page 1 p50 {deep['page 1']['p50_ms']:.1f} ms; middle {deep['middle']['p50_ms']:.1f} ms; "
        f"last {deep['last']['p50_ms']:.1f} ms: deep / first = {deep['deep_over_first']:.2f}"
    )
    saturated = figures["saturated_at_rps"]
    lines.append(
        f"sustained {figures['sustained_rps']:.0f} req/s; p99 < {TARGET_P99_MS:.0f} ms up to "
        f"{figures['p99_target_met_up_to_rps']:.0f} req/s; peak throughput "
        f"{figures['peak_throughput_rps']:.1f} req/s; "
        + (f"saturated at {saturated:.0f} req/s offered" if saturated else "not saturated by the steps")
    )
    verdicts = ", ".join(f"{k} {'met' if ok else 'MISSED'}" for k, ok in figures["targets"].items())
    lines.append(f"targets: {verdicts}")
    return lines


def main(argv: list[str] | None = None) -> None:
    """Run the load test, print the figures and save them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument(
        "--rate",
        type=float,
        default=TARGET_RATE,
        help="requests a second in the soak (0: the highest sustained)",
    )
    parser.add_argument("--workers", type=int, default=1, help="`audiatur serve --workers N`")
    parser.add_argument("--soak", type=float, default=30.0, help="seconds of the soak (600 in the full run)")
    parser.add_argument("--steps", default=",".join(map(str, DEFAULT_STEPS)), help="offered rates to step up")
    parser.add_argument("--step-seconds", type=float, default=8.0)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the ledger at this path")
    parser.add_argument("--results", type=Path, default=RESULTS, help="JSON file to merge the figures into")
    parser.add_argument(
        "--quick",
        type=int,
        default=0,
        metavar="N",
        help="only N requests of the mix one at a time: the server's CPU per request, by operation",
    )
    args = parser.parse_args(argv)
    if args.quick:
        print("\n".join(report_quick(run_quick(args.claims, args.quick, args.keep, args.workers))))
        return
    steps = tuple(float(s) for s in args.steps.split(",") if s.strip())
    figures = run(args.claims, args.rate, args.soak, steps, args.step_seconds, args.keep, args.workers)
    print("\n".join(report(figures)))
    save(figures, args.results)


if __name__ == "__main__":
    main()
