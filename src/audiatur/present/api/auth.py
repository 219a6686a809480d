"""Who is asking: a principal resolved once per request from an API token, a session cookie, or the mode.

Order: `Authorization: Bearer <token>` (scripts; no CSRF needed, no cookie involved), then the session
cookie, then `--local-admin` (loopback only, and only when the Host header is a loopback name too, so a
DNS-rebound page cannot use it), then `--public` (read-only), else nobody. Every browser gets a CSRF
token: a signed-in one the token stored with its session, anyone else a random double-submit cookie.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from starlette.requests import Request
from starlette.responses import Response

from audiatur.store import Store
from audiatur.store.accounts import Role

from .errors import NotAuthenticated

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LOCAL_ADMIN",
    "SESSION_COOKIE",
    "AuthConfig",
    "LoginLimiter",
    "Principal",
    "Via",
    "csrf_matches",
    "needs_store",
    "resolve_principal",
    "set_cookie",
]

SESSION_COOKIE = "audiatur_session"
CSRF_COOKIE = "audiatur_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOCAL_ADMIN = "local-admin"
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


class Via(StrEnum):
    """How a principal was recognised."""

    TOKEN = "token"
    SESSION = "session"
    LOCAL = "local"
    PUBLIC = "public"
    ANONYMOUS = "anonymous"


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthConfig:
    """The app's access rules."""

    public: bool = False  # anonymous visitors may read
    local_admin: bool = False  # loopback visitors are an admin without signing in (the local demo)
    session_lifetime: timedelta = timedelta(days=7)
    session_idle: timedelta = timedelta(hours=12)
    login_attempts: int = 8  # failed sign-ins allowed per window, per client address and per user name
    login_window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """The requester: a name and role (None when anonymous), how recognised, and the CSRF token to expect."""

    name: str | None
    role: Role | None
    via: Via
    csrf_token: str | None  # None for API tokens, which need none
    new_csrf_cookie: bool = False  # the double-submit cookie must be set on the response

    def allows(self, needed: Role) -> bool:
        """Whether this principal may do what `needed` may."""
        return self.role is not None and self.role.allows(needed)

    @property
    def user(self) -> str:
        """The name changes are recorded under (NotAuthenticated for nobody)."""
        if self.name is None:
            raise NotAuthenticated("sign in first (or send an API token)")
        return self.name

    @property
    def signed_in(self) -> bool:
        """Whether a user signed in (with a session or a token), as opposed to local, public or nobody."""
        return self.via in (Via.SESSION, Via.TOKEN)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _host_name(request: Request) -> str:
    host = request.headers.get("host", "").lower()
    return host.split("]")[0] + "]" if host.startswith("[") else host.rsplit(":", 1)[0]


def is_loopback(request: Request) -> bool:
    """Whether the request came from this machine and names it by a loopback name."""
    try:
        loop = ipaddress.ip_address(request.client.host if request.client else "").is_loopback
    except ValueError:
        return False
    return loop and _host_name(request) in _LOOPBACK_NAMES


def needs_store(request: Request) -> bool:
    """Whether resolving the request's principal reads the database (it carries a token or a session)."""
    return _bearer(request) is not None or bool(request.cookies.get(SESSION_COOKIE))


def resolve_principal(request: Request, store: Store, config: AuthConfig) -> Principal:
    """The principal of a request (reads the database: run it off the event loop)."""
    token = _bearer(request)
    if token is not None:
        user = store.find_token_user(token)
        if user is not None:
            return Principal(name=user.name, role=user.role, via=Via.TOKEN, csrf_token=None)
        # A wrong token is not silently anonymous: the request is refused by the role checks.
        return Principal(name=None, role=None, via=Via.ANONYMOUS, csrf_token=None)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = store.find_session(cookie, idle=config.session_idle)
        if found is not None:
            return Principal(
                name=found.user.name, role=found.user.role, via=Via.SESSION, csrf_token=found.csrf_token
            )
    csrf = request.cookies.get(CSRF_COOKIE) or ""
    fresh = len(csrf) < 32
    if fresh:
        csrf = secrets.token_urlsafe(32)
    if config.local_admin and is_loopback(request):
        return Principal(
            name=LOCAL_ADMIN, role=Role.ADMIN, via=Via.LOCAL, csrf_token=csrf, new_csrf_cookie=fresh
        )
    if config.public:
        return Principal(name=None, role=Role.VIEWER, via=Via.PUBLIC, csrf_token=csrf, new_csrf_cookie=fresh)
    return Principal(name=None, role=None, via=Via.ANONYMOUS, csrf_token=csrf, new_csrf_cookie=fresh)


def csrf_matches(principal: Principal, sent: str | None) -> bool:
    """Whether a request carries the CSRF token its principal expects (always true for API tokens)."""
    if principal.via is Via.TOKEN:
        return True
    expected = principal.csrf_token
    if not expected or not sent:
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


def set_cookie(request: Request, response: Response, name: str, value: str, *, max_age: int | None) -> None:
    """An HttpOnly, SameSite=Lax cookie for the whole site, Secure when served over HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


@dataclass
class LoginLimiter:
    """Failed sign-ins per client address and per user name in a sliding window (in this process)."""

    attempts: int
    window: float  # seconds
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, at: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= at - self.window:
            times.popleft()
        return times

    def retry_after(self, *keys: str) -> int:
        """Seconds until any of these keys may try again (0: now)."""
        at = time.monotonic()
        with self._lock:
            waits = [
                times[0] + self.window - at
                for key in keys
                if len(times := self._recent(key, at)) >= self.attempts
            ]
        return max(1, int(max(waits)) + 1) if waits else 0

    def failed(self, *keys: str) -> None:
        """Count one failed attempt against each key."""
        at = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, at).append(at)
            if len(self._failures) > 10_000:  # forget idle keys so memory stays bounded
                for key in [k for k, v in self._failures.items() if not v or v[-1] <= at - self.window]:
                    del self._failures[key]

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of these keys."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
