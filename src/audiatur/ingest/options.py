"""`IngestOptions`: the limits and switches every reader obeys."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from audiatur.config import Settings

__all__ = ["IngestOptions"]

log = logging.getLogger(__name__)

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """How far ingest may go: what it fetches, and the size limits on what it reads."""

    follow: bool = False  # fetch each feed entry's linked page and ingest that instead of the summary
    allow_private: bool = False  # allow URLs on loopback/private/link-local addresses
    max_fetch_bytes: int = 20 * _MB
    fetch_timeout: float = 30.0  # seconds for one URL, redirects included
    max_file_bytes: int = 50 * _MB
    max_text_chars: int = 2_000_000
    max_pdf_pages: int = 500
    # A single compressed PDF stream may inflate to at most this many bytes (decompression-bomb guard).
    max_pdf_stream_bytes: int = 32 * _MB
    # Test hook: exact "ip:port" pairs the SSRF guard lets through even though they are private
    # (a test's loopback server). Empty in production; nothing else bypasses the guard.
    allow_addresses: frozenset[str] = field(default_factory=frozenset)
    # Test hook: (host, port) -> addresses, in place of the system resolver, for every URL fetched.
    resolver: Callable[[str, int], Sequence[str]] | None = None
    user_agent: str = "audiatur (+https://example.invalid/audiatur)"

    @classmethod
    def from_settings(cls, settings: Settings, *, follow: bool = False) -> IngestOptions:
        """Options from the process settings (`AUDIATUR_*`)."""
        return cls(
            follow=follow,
            allow_private=settings.allow_private,
            max_fetch_bytes=settings.max_fetch_bytes,
            fetch_timeout=settings.fetch_timeout,
            max_file_bytes=settings.max_file_bytes,
            max_text_chars=settings.max_text_chars,
            max_pdf_pages=settings.max_pdf_pages,
        )
