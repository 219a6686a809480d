"""Sidecar metadata: `NAME.json` beside `NAME.ext` supplies or corrects what the document says of itself.

A sidecar holds any of `url`, `publisher`, `published`, `title`, `side`, `author` (and `language`).
A key that is missing or `null` leaves the document's own value alone (so `"publisher": null` does not
wipe a publisher found in the page); a value given wins.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from audiatur.errors import ParseFailed

from .dates import PublishedField, parse_published
from .documents import Metadata, clean_field
from .language import LanguageField

__all__ = ["SIDECAR_SUFFIX", "SidecarRecord", "describe_invalid", "read_sidecar", "sidecar_path"]

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".json"
_MAX_SIDECAR_BYTES = 1024 * 1024


class SidecarRecord(BaseModel):
    """The keys a sidecar may hold; each may be null or missing."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    url: str | None = None
    publisher: str | None = None
    published: PublishedField = None
    title: str | None = None
    side: str | None = None
    author: str | None = None
    language: LanguageField = None

    def metadata(self) -> Metadata:
        """These values as document metadata."""
        published, precision = parse_published(None if self.published is None else str(self.published))
        return Metadata(
            url=clean_field(self.url),
            publisher=clean_field(self.publisher),
            title=clean_field(self.title),
            author=clean_field(self.author),
            published=published,
            published_precision=precision,
            language=self.language,
            side=clean_field(self.side),
        )


def describe_invalid(exc: ValidationError) -> str:
    """A one-line account of what pydantic found wrong ("published: Value error, not a date: …")."""
    problems = []
    for error in exc.errors(include_url=False)[:3]:
        where = ".".join(str(part) for part in error["loc"]) or "value"
        problems.append(f"{where}: {error['msg']}")
    return "; ".join(problems)


def sidecar_path(document: Path) -> Path:
    """Where the sidecar of `document` would be: the same name with `.json` for its last suffix."""
    return document.with_name(document.stem + SIDECAR_SUFFIX)


def read_sidecar(document: Path) -> Metadata | None:
    """The metadata in `document`'s sidecar, None if it has none; `ParseFailed` names a bad sidecar."""
    path = sidecar_path(document)
    if path == document or not path.is_file():
        return None
    where = str(path)
    if path.stat().st_size > _MAX_SIDECAR_BYTES:
        raise ParseFailed(where, f"sidecar is over {_MAX_SIDECAR_BYTES:,} bytes")
    try:
        data = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseFailed(where, f"sidecar is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ParseFailed(where, f"sidecar must be a JSON object, not {type(data).__name__}")
    unknown = sorted(set(data) - set(SidecarRecord.model_fields))
    if unknown:
        log.warning("%s: ignoring unknown sidecar keys %s", where, ", ".join(unknown))
    try:
        record = SidecarRecord.model_validate(data)
    except ValidationError as exc:
        raise ParseFailed(where, f"sidecar {describe_invalid(exc)}") from exc
    return record.metadata()
