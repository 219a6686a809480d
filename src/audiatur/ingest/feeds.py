"""RSS and Atom feeds with feedparser: one entry, one document.

The bytes are screened before feedparser sees them: it expands internal XML entities and, on a
"billion laughs" feed, falls back to a loose parse that only sets its `bozo` flag, so any feed that
declares entities or carries a DTD internal subset is refused outright. feedparser is only ever given
bytes (given a string it may treat it as a URL or a path and fetch it).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from typing import Any

import feedparser

from audiatur.errors import ParseFailed, UnsupportedFormat, source_context

from .dates import PublicationDate, date_from_struct, parse_published
from .documents import Metadata, clean_field
from .markup import read_markup

__all__ = ["FeedEntry", "ParsedFeed", "is_feed", "read_feed", "refuse_entities"]

log = logging.getLogger(__name__)

_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)[\s>/]")
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_SNIFF_BYTES = 2048
_WIDE = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# "press@example.org (Press Office)" (RSS), "Press Office <press@example.org>", "Name (press@example.org)".
_AUTHOR_FORMS = (
    re.compile(r"\S+@\S+\s*\((?P<name>[^()]+)\)"),
    re.compile(r"(?P<name>[^<>]+?)\s*<[^<>@]+@[^<>]+>"),
    re.compile(r"(?P<name>[^()]+?)\s*\([^()@]+@[^()]+\)"),
)
_MARKUP_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry: its position (from 1), its text, and the link to the full page."""

    index: int
    text: str
    link: str | None
    metadata: Metadata


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's title and its entries in feed order."""

    title: str | None
    entries: tuple[FeedEntry, ...]


def _as_ascii_bytes(raw: bytes) -> bytes:
    """The bytes with UTF-16/32 text re-encoded so byte patterns can be searched in it."""
    for bom, encoding in _WIDE:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace").encode("utf-8")
    if raw[:2] in (b"<\0", b"\0<"):
        encoding = "utf-16-le" if raw[:1] == b"<" else "utf-16-be"
        return raw.decode(encoding, errors="replace").encode("utf-8")
    return raw


def is_feed(raw: bytes) -> bool:
    """Whether `raw` starts like an RSS, RDF or Atom document."""
    return bool(_ROOT.search(_as_ascii_bytes(raw[: _SNIFF_BYTES * 4])[:_SNIFF_BYTES]))


def refuse_entities(raw: bytes, source: str) -> None:
    """Raise `ParseFailed` if the XML declares entities or a DTD internal subset (entity-expansion bombs)."""
    searchable = _as_ascii_bytes(raw)
    if _ENTITY.search(searchable):
        raise ParseFailed(source, "XML entity declarations are not allowed")
    if _INTERNAL_SUBSET.search(searchable):
        raise ParseFailed(source, "XML DTD internal subsets are not allowed")


def _plain(detail: Any, fallback: str) -> str:
    """Plain text of a feedparser text construct: markup is read with the safe tokenizer."""
    value = detail.get("value", fallback) if detail else fallback
    kind = (detail.get("type") or "") if detail else ""
    if kind in _MARKUP_TYPES:
        return read_markup(value).text
    return str(value)


def _entry_text(entry: Any) -> str:
    contents = [c for c in entry.get("content") or () if c.get("value")]
    if contents:
        longest = max(contents, key=lambda c: len(c.get("value", "")))
        return _plain(longest, "")
    return _plain(entry.get("summary_detail"), entry.get("summary") or "")


def _entry_date(entry: Any) -> PublicationDate:
    for key in ("published", "updated", "created"):
        day, precision = parse_published(entry.get(key))
        if day is not None:
            return day, precision
    return date_from_struct(entry.get("published_parsed") or entry.get("updated_parsed"))


def _entry_author(entry: Any) -> str | None:
    # feedparser's own split of "email (Name)" mangles some addresses, so the string is read here.
    author = clean_field(entry.get("author"))
    if author is None:
        return None
    for pattern in _AUTHOR_FORMS:
        if match := pattern.fullmatch(author):
            return match.group("name").strip() or author
    return author


def _entry(index: int, entry: Any, publisher: str | None) -> FeedEntry:
    link = clean_field(entry.get("link"))
    published, precision = _entry_date(entry)
    title_detail = entry.get("title_detail")
    metadata = Metadata(
        url=link,
        publisher=publisher,
        title=clean_field(_plain(title_detail, entry.get("title") or "")),
        author=_entry_author(entry),
        published=published,
        published_precision=precision,
    )
    return FeedEntry(index=index, text=_entry_text(entry), link=link, metadata=metadata)


def read_feed(
    raw: bytes, source: str, *, url: str | None = None, content_type: str | None = None
) -> ParsedFeed:
    """Parse feed bytes into entries; `url` (where it was fetched) resolves relative links.

    Raises `ParseFailed` for entity declarations and for XML that is not a well-formed feed, and
    `UnsupportedFormat` for well-formed XML that is not RSS or Atom.
    """
    refuse_entities(raw, source)
    headers = {}
    if url:
        headers["content-location"] = url
    if content_type:
        headers["content-type"] = content_type
    with source_context(source):
        parsed = feedparser.parse(raw, response_headers=headers, sanitize_html=True)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("version"):
            problem = parsed.get("bozo_exception")
            raise ParseFailed(source, f"not a well-formed feed: {problem}"[:300])
        if not parsed.get("version"):
            raise UnsupportedFormat(source, "XML, but not an RSS or Atom feed")
    elif parsed.get("bozo"):
        log.info("%s: feed has problems, read leniently: %s", source, parsed.get("bozo_exception"))
    feed_title = clean_field(_plain(parsed.feed.get("title_detail"), parsed.feed.get("title") or ""))
    entries = tuple(_entry(i, entry, feed_title) for i, entry in enumerate(parsed.entries, start=1))
    log.debug("%s: %d feed entries", source, len(entries))
    return ParsedFeed(title=feed_title, entries=entries)
