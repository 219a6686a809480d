"""HTML pages: main text and metadata with trafilatura, kept verbatim, never script or style text.

Two behaviours of trafilatura are corrected here. It drops a block that repeats the one before it
(its cleanup for overlapping candidates; no option turns it off), but a statement may well repeat a
sentence, and the ledger quotes sources verbatim: repeats the source has are restored by aligning
the extracted lines with the page's own block sequence. And trafilatura (through libxml2) returns
nothing for pages nested deeper than 256 elements: then the plain tokenizer in `markup` reads the
page's visible text instead, before we conclude there is no text at all.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from typing import Any

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


def _metadata(doc: Any, url: str | None) -> Metadata:
    published, precision = parse_published(getattr(doc, "date", None))
    return Metadata(
        url=clean_field(getattr(doc, "url", None)) or url,
        publisher=clean_field(getattr(doc, "sitename", None)),
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
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,  # its LRU cache is shared across documents and drops text (trafilatura #778)
            date_extraction_params=_DATE_PARAMS,
        )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    metadata = _metadata(doc, url) if doc is not None else Metadata(url=url)
    if text:
        text = restore_repeats(text, markup.blocks)
    else:
        log.info("%s: no main text found by trafilatura; reading the page's visible text", source)
        text = markup.text
    if not text.strip():
        raise NoExtractableText(source, "no text in the page")
    if metadata.title is None and markup.title:
        metadata = Metadata(
            url=metadata.url,
            publisher=metadata.publisher,
            title=markup.title,
            author=metadata.author,
            published=metadata.published,
            published_precision=metadata.published_precision,
        )
    return HtmlText(text=text, metadata=metadata)
