"""Which reader a source goes to: by file extension, by HTTP content type, or by sniffing its bytes."""

from __future__ import annotations

import logging
import re
from enum import StrEnum
from pathlib import PurePath

from .feeds import is_feed
from .pdf import is_pdf

__all__ = [
    "KNOWN_EXTENSIONS",
    "Format",
    "format_for_content_type",
    "format_for_name",
    "media_type_for",
    "sniff_format",
]

log = logging.getLogger(__name__)


class Format(StrEnum):
    """An input format, one reader each."""

    TEXT = "text"
    HTML = "html"
    PDF = "pdf"
    FEED = "feed"
    JSONL = "jsonl"


_BY_EXTENSION: dict[str, Format] = {
    ".txt": Format.TEXT,
    ".md": Format.TEXT,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".pdf": Format.PDF,
    ".xml": Format.FEED,
    ".rss": Format.FEED,
    ".atom": Format.FEED,
    ".jsonl": Format.JSONL,
}
KNOWN_EXTENSIONS = frozenset(_BY_EXTENSION)
_COMPRESSED = ".gz"

_BY_CONTENT_TYPE: dict[str, Format] = {
    "text/html": Format.HTML,
    "application/xhtml+xml": Format.HTML,
    "application/pdf": Format.PDF,
    "application/rss+xml": Format.FEED,
    "application/atom+xml": Format.FEED,
    "application/rdf+xml": Format.FEED,
    "application/xml": Format.FEED,
    "text/xml": Format.FEED,
    "text/plain": Format.TEXT,
    "text/markdown": Format.TEXT,
    "application/jsonl": Format.JSONL,
    "application/x-ndjson": Format.JSONL,
    "application/jsonlines": Format.JSONL,
}
_MEDIA_TYPES: dict[Format, str] = {
    Format.TEXT: "text/plain",
    Format.HTML: "text/html",
    Format.PDF: "application/pdf",
    Format.FEED: "application/rss+xml",
    Format.JSONL: "application/json",
}
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_SNIFF_BYTES = 4096


def format_for_name(name: str) -> Format | None:
    """The format a file name's extension stands for (`.xml.gz` counts as `.xml`), if known."""
    path = PurePath(name.lower())
    if path.suffix == _COMPRESSED:
        path = path.with_suffix("")
    return _BY_EXTENSION.get(path.suffix)


def format_for_content_type(content_type: str) -> Format | None:
    """The format an HTTP media type (without parameters) stands for, if it is one we read."""
    return _BY_CONTENT_TYPE.get(content_type.strip().lower())


def sniff_format(content: bytes) -> Format | None:
    """The format `content` looks like by its first bytes: PDF, an RSS/Atom feed, or HTML."""
    if is_pdf(content):
        return Format.PDF
    if is_feed(content):
        return Format.FEED
    if _HTML_START.search(content[:_SNIFF_BYTES]):
        return Format.HTML
    return None


def media_type_for(fmt: Format, content_type: str | None = None) -> str:
    """The media type recorded for a document of this format (the server's own, when it gave one)."""
    if content_type and format_for_content_type(content_type) is fmt:
        return content_type
    return _MEDIA_TYPES[fmt]
