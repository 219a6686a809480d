"""Load shedding: an overloaded server answers 503 at once instead of queueing work without bound.

Each server process holds at most `max_pending` requests at a time (running, or waiting for one of its
`threads` request threads); one more is refused at once with 503 and `Retry-After`. A request that has
not started its answer `timeout` seconds after it arrived is answered 503 too: if it was still waiting for
a thread it never runs, so work whose client has given up does not pile up. (A request already running
in a thread finishes first; Python threads cannot be stopped.) Answers already under way are never cut.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["LoadShedding", "ServeLimits"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeLimits:
    """How much work one server process takes on."""

    max_pending: int = 64  # requests held at once (running or waiting for a thread); more get 503
    timeout: float = 10.0  # seconds a request may wait before its answer starts; then 503
    threads: int = 8  # request threads (CPU-bound Python: more only adds contention for the GIL)


async def _refuse(send: Send, reason: str) -> None:
    body = json.dumps({"detail": reason}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"1"),
                (b"cache-control", b"no-store"),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LoadShedding:
    """ASGI middleware (outermost) enforcing `ServeLimits` on HTTP requests; counts are per process."""

    def __init__(self, app: ASGIApp, limits: ServeLimits) -> None:
        self.app = app
        self.limits = limits
        self.pending = 0
        self.refused = 0
        self.timed_out = 0
        self._threads_set = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self._threads_set:  # the event loop's thread pool, which sync routes run in
            anyio.to_thread.current_default_thread_limiter().total_tokens = self.limits.threads
            self._threads_set = True
        if self.pending >= self.limits.max_pending:
            self.refused += 1
            await _refuse(send, "the server is busy: try again in a moment")
            return
        self.pending += 1
        started = False
        deadline = anyio.CancelScope(deadline=anyio.current_time() + self.limits.timeout)

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                deadline.deadline = math.inf  # an answer under way is never cut
            await send(message)

        try:
            with deadline:
                await self.app(scope, receive, sending)
            if deadline.cancelled_caught and not started:
                self.timed_out += 1
                await _refuse(send, f"no answer within {self.limits.timeout:g} s: the server is overloaded")
        finally:
            self.pending -= 1
