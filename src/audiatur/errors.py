"""The exception hierarchy. Every `str(error)` is one line that names what failed and why."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

__all__ = [
    "AudiaturError",
    "ConfigError",
    "Conflict",
    "DataFileError",
    "ExtractionError",
    "FetchFailed",
    "FetchRefused",
    "InputError",
    "IntegrityError",
    "NoExtractableText",
    "NotFound",
    "ParseFailed",
    "PermissionDenied",
    "StoreError",
    "TooLarge",
    "UnsupportedFormat",
    "source_context",
]


class AudiaturError(Exception):
    """Base of every error audiatur raises on purpose."""

    status: int = 500

    def __str__(self) -> str:
        return " ".join(super().__str__().split())


class InputError(AudiaturError):
    """A file or URL that cannot be read as a document."""

    status = 400

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class UnsupportedFormat(InputError):
    """The source is not in a format audiatur reads."""


class TooLarge(InputError):
    """The source is over a size, length or page limit."""


class ParseFailed(InputError):
    """The source is malformed."""


class NoExtractableText(InputError):
    """The source parsed but holds no text (an image-only PDF, a page with no main text)."""

    def __init__(self, source: str, reason: str = "no extractable text") -> None:
        super().__init__(source, reason)


class FetchRefused(InputError):
    """A URL was refused before fetching (a private address, a scheme we do not fetch)."""


class FetchFailed(InputError):
    """A URL could not be fetched (network error, HTTP error, timeout)."""


class DataFileError(AudiaturError):
    """An invalid gazetteer, lexicon or actor file, found when it is loaded."""

    def __init__(self, path: str, key: str | None, reason: str) -> None:
        self.path = path
        self.key = key
        self.reason = reason
        where = f"{path} [{key}]" if key else path
        super().__init__(f"{where}: {reason}")


class ExtractionError(AudiaturError):
    """A pipeline component failed on a document."""

    def __init__(self, document_id: str, component: str, reason: str) -> None:
        self.document_id = document_id
        self.component = component
        super().__init__(f"document {document_id[:12]}: {component}: {reason}")


class StoreError(AudiaturError):
    """A storage operation failed."""


class NotFound(StoreError):
    """The asked-for record does not exist."""

    status = 404


class Conflict(StoreError):
    """A write lost a race (someone else changed the record first) or would break a uniqueness rule."""

    status = 409


class IntegrityError(StoreError):
    """Stored data does not match its hashes, or the audit chain is broken."""


class PermissionDenied(AudiaturError):
    """The user's role does not allow this."""

    status = 403


class ConfigError(AudiaturError):
    """A setting is missing or invalid."""

    status = 500


@contextlib.contextmanager
def source_context(source: str) -> Iterator[None]:
    """Re-raise any unexpected exception inside the block as a `ParseFailed` naming `source`.

    Our own `AudiaturError`s pass through unchanged; anything else a parser library throws on hostile input
    becomes a one-line input error for that source instead of a traceback that stops a batch.
    """
    try:
        yield
    except AudiaturError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise TooLarge(source, f"too complex to parse ({type(exc).__name__})") from exc
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ParseFailed(source, f"{type(exc).__name__}: {reason}"[:300]) from exc
