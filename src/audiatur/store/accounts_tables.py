"""The models of accounts: users, their web sessions and their API tokens (on the store's `Base`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from .tables import KEY, SERIAL, SHA, Base, CleanString, CleanText, UTCDateTime

__all__ = ["ApiTokenRow", "SessionRow", "UserRow"]


class UserRow(Base):
    """A person who signs in: a name, an argon2 password hash and a role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(KEY, unique=True)
    password_hash: Mapped[str] = mapped_column(CleanText)
    role: Mapped[str] = mapped_column(CleanString(16))
    disabled: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SessionRow(Base):
    """A signed-in browser. Only the SHA-256 of the cookie's token is kept: a copy of the table opens none."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(SHA, primary_key=True)
    user_id: Mapped[int] = mapped_column(SERIAL, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(CleanString(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ApiTokenRow(Base):
    """A token a script sends as `Authorization: Bearer …`; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(SERIAL, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(SHA, unique=True)
    label: Mapped[str] = mapped_column(CleanText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
