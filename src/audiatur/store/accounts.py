"""Accounts: users with roles, argon2 password hashes, server-side web sessions and API tokens.

Secrets never rest in the database in usable form: passwords as argon2id hashes, session cookies and API
tokens as their SHA-256 (they are long random strings, so a plain hash is enough). Creating, disabling
and changing users is written to the audit log; signing in and out is not (it is not a change to data).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from audiatur.errors import AudiaturError, Conflict, NotFound

from .accounts_tables import ApiTokenRow, SessionRow, UserRow
from .audit import Audit
from .base import as_utc, now
from .records import InvalidData

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "Accounts",
    "ApiTokenInfo",
    "LoginFailed",
    "NewSession",
    "Role",
    "User",
    "UserSession",
]

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
_MAX_NAME_LENGTH = 64
_TOUCH_EVERY = timedelta(minutes=5)  # how stale `last_seen_at` may get before a request writes it
_hasher = PasswordHasher()
# Checked against when the user does not exist, so a wrong name takes as long as a wrong password.


@cache
def _dummy_hash() -> str:
    """A hash of a random password, made on first use (not at import: it costs a second of CPU)."""
    return _hasher.hash(secrets.token_hex(16))


class Role(StrEnum):
    """What a user may do: read, review, or also manage users."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Order of the roles: each allows what the ones below it allow."""
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """Whether this role may do what `needed` may."""
        return self.rank >= needed.rank


class LoginFailed(AudiaturError):
    """The name and password do not match an enabled user (which of the two is wrong is not told)."""

    status = 401


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """A user account (never with its password hash)."""

    id: int
    name: str
    role: Role
    disabled: bool
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSession:
    """A session just started: the cookie value to hand to the browser once, and its CSRF token."""

    token: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class UserSession:
    """The user a session cookie belongs to, with the session's CSRF token."""

    user: User
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiTokenInfo:
    """An API token's metadata (the token itself is shown once, when it is made)."""

    id: int
    user: str
    label: str
    created_at: datetime
    last_used_at: datetime | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        name=row.name,
        role=Role(row.role),
        disabled=row.disabled,
        created_at=as_utc(row.created_at),
    )


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError as exc:
        raise InvalidData(f"unknown role {role!r} (one of {', '.join(Role)})") from exc


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidData(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


class Accounts(Audit):
    """Users, sessions and API tokens."""

    # -------------------------------------------------------------------------------------------- users

    def add_user(self, name: str, password: str, *, role: Role | str, by: str = "system") -> User:
        """A new user; Conflict if the name is taken."""
        name = " ".join(name.split())
        if not name or len(name) > _MAX_NAME_LENGTH or not name.isprintable():
            raise InvalidData(f"a user name needs 1 to {_MAX_NAME_LENGTH} printable characters")
        new_role = _role(role)
        _check_password(password)
        hashed = _hasher.hash(password)
        with self._writing() as s:
            if s.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
                raise Conflict(f"there is already a user {name!r}")
            at = now()
            row = UserRow(
                name=name,
                password_hash=hashed,
                role=str(new_role),
                disabled=False,
                created_at=at,
                updated_at=at,
            )
            s.add(row)
            s.flush()
            self._audit_user(s, by, "user.create", row, None, {"role": row.role, "disabled": False})
            return _user(row)

    def get_user(self, name: str) -> User:
        """The user of this name (NotFound otherwise)."""
        with self._reading() as s:
            return _user(self._user_row(s, name))

    def list_users(self) -> list[User]:
        """Every user, by name."""
        with self._reading() as s:
            return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.name))]

    def set_user_role(self, name: str, role: Role | str, *, by: str) -> User:
        """Give a user another role."""
        new_role = _role(role)
        with self._writing() as s:
            row = self._user_row(s, name, lock=True)
            if row.role != new_role:
                before = {"role": row.role}
                row.role, row.updated_at = str(new_role), now()
                self._audit_user(s, by, "user.set_role", row, before, {"role": row.role})
            return _user(row)

    def set_user_disabled(self, name: str, disabled: bool, *, by: str) -> User:
        """Disable a user (ending their sessions and tokens' use) or enable them again."""
        with self._writing() as s:
            row = self._user_row(s, name, lock=True)
            if row.disabled != disabled:
                before = {"disabled": row.disabled}
                row.disabled, row.updated_at = disabled, now()
                if disabled:
                    s.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
                action = "user.disable" if disabled else "user.enable"
                self._audit_user(s, by, action, row, before, {"disabled": disabled})
            return _user(row)

    def set_user_password(self, name: str, password: str, *, by: str) -> User:
        """Set a new password; every session of the user ends."""
        _check_password(password)
        hashed = _hasher.hash(password)
        with self._writing() as s:
            row = self._user_row(s, name, lock=True)
            row.password_hash, row.updated_at = hashed, now()
            s.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
            self._audit_user(s, by, "user.set_password", row, None, None)
            return _user(row)

    def authenticate(self, name: str, password: str) -> User:
        """The enabled user with this name and password; LoginFailed otherwise."""
        with self._reading() as s:
            row = s.scalars(select(UserRow).where(UserRow.name == " ".join(name.split()))).one_or_none()
            stored = row.password_hash if row is not None else _dummy_hash()
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError) as exc:
            raise LoginFailed("wrong user name or password") from exc
        if row is None or row.disabled:
            raise LoginFailed("wrong user name or password")
        if _hasher.check_needs_rehash(stored):
            with self._writing() as s:
                fresh = self._user_row(s, row.name, lock=True)
                fresh.password_hash = _hasher.hash(password)
        return _user(row)

    def _user_row(self, s: Session, name: str, *, lock: bool = False) -> UserRow:
        query = select(UserRow).where(UserRow.name == " ".join(name.split()))
        row = s.scalars(query.with_for_update() if lock else query).one_or_none()
        if row is None:
            raise NotFound(f"no user {name!r}")
        return row

    def _audit_user(
        self,
        s: Session,
        by: str,
        action: str,
        row: UserRow,
        before: Mapping[str, object] | None,
        after: Mapping[str, object] | None,
    ) -> None:
        self._audit(
            s, user=by, action=action, entity_type="user", entity_id=row.name, before=before, after=after
        )

    # ----------------------------------------------------------------------------------------- sessions

    def start_session(self, user: User, *, lifetime: timedelta) -> NewSession:
        """A new session for `user` (the caller drops any session the browser had: no fixation)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        at = now()
        with self._writing() as s:
            s.add(
                SessionRow(
                    token_hash=_digest(token),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=at,
                    last_seen_at=at,
                    expires_at=at + lifetime,
                )
            )
        return NewSession(token=token, csrf_token=csrf, expires_at=at + lifetime)

    def find_session(self, token: str, *, idle: timedelta) -> UserSession | None:
        """The live session of a cookie: None if unknown, expired, idle over `idle`, or its user disabled."""
        at = now()
        with self._reading() as s:
            found = s.execute(
                select(SessionRow, UserRow)
                .join(UserRow, UserRow.id == SessionRow.user_id)
                .where(SessionRow.token_hash == _digest(token))
            ).one_or_none()
        if found is None:
            return None
        session, user = found
        last_seen = as_utc(session.last_seen_at)
        if as_utc(session.expires_at) <= at or last_seen + idle <= at or user.disabled:
            return None
        if at - last_seen > _TOUCH_EVERY:
            with self._writing() as s:
                row = s.get(SessionRow, session.token_hash)
                if row is not None:
                    row.last_seen_at = at
        return UserSession(
            user=_user(user), csrf_token=session.csrf_token, expires_at=as_utc(session.expires_at)
        )

    def end_session(self, token: str) -> None:
        """Sign a session out (an unknown token is fine: it is already out)."""
        with self._writing() as s:
            s.execute(delete(SessionRow).where(SessionRow.token_hash == _digest(token)))

    def purge_sessions(self) -> int:
        """Delete expired sessions; returns how many."""
        with self._writing() as s:
            result = s.execute(delete(SessionRow).where(SessionRow.expires_at <= now()))
            return int(getattr(result, "rowcount", 0) or 0)

    # --------------------------------------------------------------------------------------- API tokens

    def create_api_token(self, name: str, *, label: str = "", by: str = "system") -> str:
        """A new API token for the user (returned once: only its hash is kept)."""
        token = "aud_" + secrets.token_urlsafe(32)
        with self._writing() as s:
            row = self._user_row(s, name)
            s.add(
                ApiTokenRow(
                    user_id=row.id,
                    token_hash=_digest(token),
                    label=label.strip(),
                    created_at=now(),
                    last_used_at=None,
                )
            )
            self._audit_user(s, by, "user.create_token", row, None, {"label": label.strip()})
        return token

    def find_token_user(self, token: str) -> User | None:
        """The enabled user an API token belongs to (None for an unknown token or a disabled user)."""
        with self._reading() as s:
            found = s.execute(
                select(ApiTokenRow.id, ApiTokenRow.last_used_at, UserRow)
                .join(UserRow, UserRow.id == ApiTokenRow.user_id)
                .where(ApiTokenRow.token_hash == _digest(token))
            ).one_or_none()
        if found is None or found[2].disabled:
            return None
        token_id, last_used, user = found
        at = now()
        if last_used is None or at - as_utc(last_used) > _TOUCH_EVERY:
            with self._writing() as s:
                row = s.get(ApiTokenRow, token_id)
                if row is not None:
                    row.last_used_at = at
        return _user(user)

    def list_api_tokens(self, name: str | None = None) -> list[ApiTokenInfo]:
        """API tokens (of one user, or all), oldest first."""
        query = select(ApiTokenRow, UserRow.name).join(UserRow, UserRow.id == ApiTokenRow.user_id)
        if name is not None:
            query = query.where(UserRow.name == name)
        with self._reading() as s:
            return [
                ApiTokenInfo(
                    id=t.id,
                    user=user_name,
                    label=t.label,
                    created_at=as_utc(t.created_at),
                    last_used_at=as_utc(t.last_used_at) if t.last_used_at else None,
                )
                for t, user_name in s.execute(query.order_by(ApiTokenRow.id))
            ]

    def revoke_api_token(self, token_id: int, *, by: str) -> None:
        """Delete an API token."""
        with self._writing() as s:
            row = s.get(ApiTokenRow, token_id)
            if row is None:
                raise NotFound(f"no API token {token_id}")
            owner = s.get_one(UserRow, row.user_id)
            s.delete(row)
            self._audit_user(s, by, "user.revoke_token", owner, {"token": token_id, "label": row.label}, None)
