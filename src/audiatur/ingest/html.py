"""HTML pages: main text and metadata with trafilatura, kept verbatim, never script or style text.

Three behaviours of trafilatura are corrected here. It drops a block that repeats the one before it
(its cleanup for overlapping candidates; no option turns it off), but a statement may well repeat a
sentence, and the ledger quotes sources verbatim: repeats the source has are restored by aligning
the extracted lines with the page's own block sequence. It keeps the text of `<template>` elements,
which are never shown: those are pruned before extraction. And libxml2, under it, silently drops
whatever is nested deeper than 256 elements, so trafilatura returns nothing, or only the shallow
boilerplate, for such pages: when the parsed tree has lost much of the text the plain tokenizer in
`markup` sees, the tokenizer's visible text is used instead.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from audiatur.errors import NoExtractableText, source_context

from .dates import parse_published
from .documents import Metadata, clean_field
from .markup import read_markup
from .text import decode_text

__all__ = ["HtmlText", "extract_html", "html_charset"]

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_CHARSET_SNIFF_BYTES = 4096
# Publication date: the date the page declares in its metadata as first published. A free-text
# search would happily take the date of an event mentioned in the article for its publication date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_PRUNE = ["//template", "//noscript", "//script", "//style"]
# The parsed tree holding under this share of the visible text means the parser dropped part of it.
_TRUNCATED_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class HtmlText:
    """The main text of a page and the metadata the page declares."""

    text: str
    metadata: Metadata


def html_charset(raw: bytes) -> str | None:
    """The charset a page declares in a `<meta>` tag near its start, if any."""
    match = _META_CHARSET.search(raw[:_CHARSET_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _key(line: str) -> str:
    return " ".join(line.split())


def restore_repeats(extracted: str, blocks: tuple[str, ...]) -> str:
    """Put back the immediate repeats of a block that the source has and `extracted` dropped."""
    positions: dict[str, list[int]] = {}
    for i, block in enumerate(blocks):
        positions.setdefault(block, []).append(i)
    lines = extracted.split("\n")
    keys = [_key(line) for line in lines]
    out: list[str] = []
    cursor = 0
    for i, line in enumerate(lines):
        out.append(line)
        found = positions.get(keys[i])
        if not keys[i] or not found:
            continue
        at = bisect.bisect_left(found, cursor)
        if at == len(found):
            continue
        cursor = found[at] + 1
        following = keys[i + 1] if i + 1 < len(keys) else None
        while following != keys[i] and cursor < len(blocks) and blocks[cursor] == keys[i]:
            out.append(line)
            cursor += 1
    return "\n".join(out)


def _letters(text: str) -> int:
    return len("".join(text.split()))


def _is_truncated(tree: Any, visible: str) -> bool:
    """Whether the tree trafilatura parsed (with libxml2) has lost part of the page's visible text."""
    return tree is None or _letters(tree.text_content()) < _TRUNCATED_SHARE * _letters(visible)


def _host_names(doc: Any, url: str | None) -> set[str]:
    names = {clean_field(getattr(doc, "hostname", None)) or ""}
    for address in (getattr(doc, "url", None), url):
        if isinstance(address, str):
            parts = urlsplit(address)
            names |= {parts.netloc, parts.hostname or ""}
    return {name.casefold().removeprefix("www.") for name in names if name}


def _publisher(doc: Any, url: str | None) -> str | None:
    sitename = clean_field(getattr(doc, "sitename", None))
    # With no site name in the page, trafilatura falls back to the URL's host name: that names a
    # server, not a publisher (and the URL is kept anyway).
    if sitename and sitename.casefold().removeprefix("www.") in _host_names(doc, url):
        return None
    return sitename


def _metadata(doc: Any, url: str | None) -> Metadata:
    published, precision = parse_published(getattr(doc, "date", None))
    return Metadata(
        url=clean_field(getattr(doc, "url", None)) or url,
        publisher=_publisher(doc, url),
        title=clean_field(getattr(doc, "title", None)),
        author=clean_field(getattr(doc, "author", None)),
        published=published,
        published_precision=precision,
    )


def extract_html(raw: bytes, source: str, *, url: str | None = None, charset: str | None = None) -> HtmlText:
    """Main text and metadata of an HTML page; `charset` is what the server declared, if anything.

    Raises `ParseFailed` for bytes that are not text and `NoExtractableText` for a page without text.
    """
    html = decode_text(raw, source, declared=charset or html_charset(raw))
    markup = read_markup(html)
    with source_context(source):
        tree = trafilatura.load_html(html)
        truncated = _is_truncated(tree, markup.text)
        doc = trafilatura.bare_extraction(
            tree if tree is not None else html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,  # its LRU cache is shared across documents and drops text (trafilatura #778)
            date_extraction_params=_DATE_PARAMS,
            prune_xpath=_PRUNE,
        )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    metadata = _metadata(doc, url) if doc is not None else Metadata(url=url)
    if text and not truncated:
        text = restore_repeats(text, markup.blocks)
    else:
        log.info(
            "%s: trafilatura found no main text, or the parser lost part of the page; "
            "reading the page's visible text",
            source,
        )
        text = markup.text
    if not text.strip():
        raise NoExtractableText(source, "no text in the page")
    if metadata.title is None and markup.title:
        metadata = replace(metadata, title=markup.title)
    return HtmlText(text=text, metadata=metadata)
