"""Document metadata, and turning extracted text plus metadata into a `Capture`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import Any

from audiatur.domain import Capture, DatePrecision, Document
from audiatur.errors import NoExtractableText, TooLarge

from .hashing import sha256_hex, text_id
from .language import detect_language
from .normalize import check_length, normalize_text

__all__ = ["Metadata", "clean_field", "make_capture"]

log = logging.getLogger(__name__)


def clean_field(value: object) -> str | None:
    """A metadata string with its whitespace collapsed; None for missing, blank or non-string values."""
    if not isinstance(value, str):
        return None
    return " ".join(normalize_text(value).split()) or None


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """What is known about a document besides its text; every field may be unknown (None)."""

    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    published_precision: DatePrecision = DatePrecision.UNKNOWN
    language: str | None = None
    side: str | None = None

    def overridden_by(self, other: Metadata) -> Metadata:
        """These values, with every value `other` knows taking precedence (its unknowns change nothing)."""
        changes: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "published_precision":
                continue
            value = getattr(other, f.name)
            if value is not None:
                changes[f.name] = value
        if other.published is not None:
            changes["published_precision"] = other.published_precision
        return replace(self, **changes) if changes else self


def make_capture(
    text: str,
    *,
    raw: bytes,
    source: str,
    media_type: str,
    metadata: Metadata,
    max_text_chars: int,
    raw_sha256: str | None = None,
    retrieved_at: datetime | None = None,
) -> Capture:
    """Normalise `text`, check it, and wrap it with its metadata and hashes as a `Capture`.

    `raw_sha256` may be given when several documents share one raw buffer (a feed's entries), so it is
    hashed once. Raises `NoExtractableText` for empty text and `TooLarge` past `max_text_chars`.
    """
    # Normalising shortens a text by far less than 4x, so a text this far over the limit is refused
    # before paying for normalisation.
    if len(text) > 4 * max_text_chars:
        raise TooLarge(source, f"text is {len(text):,} characters, over the limit of {max_text_chars:,}")
    normalized = check_length(normalize_text(text), source, max_text_chars)
    if not normalized:
        raise NoExtractableText(source)
    document = Document(
        id=text_id(normalized),
        raw_sha256=raw_sha256 or sha256_hex(raw),
        source=source,
        text=normalized,
        retrieved_at=retrieved_at or datetime.now(UTC),
        url=metadata.url,
        publisher=metadata.publisher,
        title=metadata.title,
        author=metadata.author,
        published=metadata.published,
        published_precision=metadata.published_precision if metadata.published else DatePrecision.UNKNOWN,
        language=metadata.language or detect_language(normalized),
        side=metadata.side,
        media_type=media_type,
    )
    return Capture(document=document, raw=raw)
