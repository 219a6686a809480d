"""Content hashes: the chain of custody from received bytes to stored text."""

from __future__ import annotations

import hashlib

__all__ = ["sha256_hex", "text_id"]


def sha256_hex(data: bytes) -> str:
    """The SHA-256 hex digest of `data`."""
    return hashlib.sha256(data).hexdigest()


def text_id(normalized_text: str) -> str:
    """A document id: the SHA-256 of its normalised text, UTF-8 encoded."""
    return sha256_hex(normalized_text.encode("utf-8"))
