"""Sources to documents: `discover` expands folders, `read_source` reads one file or URL.

A whole-source failure raises an `InputError` naming the source. In a multi-document source (JSONL
lines, feed entries) a bad item is yielded as an `InputError` naming the item (`bulk.jsonl:17`,
`feed.xml#3`) and the rest go on. A document's `source` is the path or URL as given; a JSONL line's
is `file.jsonl:N` and a feed entry's `feed.xml#N` (its position in the feed, from 1).
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from audiatur.domain import Capture
from audiatur.errors import InputError, NoExtractableText, TooLarge, UnsupportedFormat, source_context

from .compression import gunzip, is_gzip, line_stream
from .documents import Metadata, make_capture
from .feeds import read_feed
from .fetch import fetch
from .formats import (
    KNOWN_EXTENSIONS,
    Format,
    format_for_content_type,
    format_for_name,
    media_type_for,
    sniff_format,
)
from .hashing import sha256_hex
from .html import extract_html
from .jsonl import read_jsonl
from .options import IngestOptions
from .pdf import extract_pdf, is_pdf
from .sidecar import SIDECAR_SUFFIX, read_sidecar
from .text import decode_text

__all__ = ["discover", "is_url", "read_source"]

log = logging.getLogger(__name__)

_FETCHABLE = ("http://", "https://")
_MARKDOWN = "text/markdown"
Item = Capture | InputError


def is_url(target: str) -> bool:
    """Whether `target` is a URL (`scheme://…`) rather than a path."""
    scheme, sep, _ = target.partition("://")
    return bool(sep) and scheme.isascii() and scheme.isalpha()


def _is_sidecar(path: Path) -> bool:
    """Whether `path` is a `NAME.json` lying beside a document `NAME.ext`."""
    if path.suffix.lower() != SIDECAR_SUFFIX:
        return False
    return any(
        path.with_suffix(ext).is_file() or path.with_suffix(ext.upper()).is_file()
        for ext in (*KNOWN_EXTENSIONS, ".gz")
    )


def _walk(folder: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and format_for_name(name) is not None:
                yield str(Path(root, name))


def discover(targets: Sequence[str]) -> list[str]:
    """The sources named by `targets`: folders expanded (recursively, sorted), files and URLs as given.

    Inside folders only files with a known extension are taken, and hidden files and folders are
    skipped (sidecar `.json` files have no document extension, so they are skipped too). A file named
    outright is kept whatever its extension, for `read_source` to sniff or refuse with its own error;
    a sidecar named outright (a shell glob) is dropped. Each source appears once.
    """
    found: list[str] = []
    for target in targets:
        if is_url(target):
            found.append(target)
        elif Path(target).is_dir():
            found.extend(_walk(Path(target)))
        elif not _is_sidecar(Path(target)):
            found.append(target)
    return list(dict.fromkeys(found))


def _for_every_item(metadata: Metadata) -> Metadata:
    """What a multi-document source's sidecar says of all its items: who publishes them, and their side."""
    return Metadata(publisher=metadata.publisher, side=metadata.side)


def _read_feed(
    content: bytes,
    raw: bytes,
    source: str,
    *,
    url: str | None,
    content_type: str | None,
    overrides: Metadata,
    options: IngestOptions,
    retrieved_at: datetime,
) -> Iterator[Item]:
    parsed = read_feed(content, source, url=url, content_type=content_type)
    overrides = _for_every_item(overrides)
    raw_sha256 = sha256_hex(raw)
    media_type = media_type_for(Format.FEED, content_type)
    # Pages reached from a feed are read as documents; a feed linking to feeds is not followed further.
    page_options = dataclasses.replace(options, follow=False)
    for entry in parsed.entries:
        item = f"{source}#{entry.index}"
        try:
            if options.follow and entry.link and entry.link.startswith(_FETCHABLE):
                # A library failing on one linked page fails that entry, not the rest of the feed.
                with source_context(entry.link):
                    yield from _read_url(entry.link, page_options, base=entry.metadata, overrides=overrides)
                continue
            yield make_capture(
                entry.text,
                raw=raw,
                raw_sha256=raw_sha256,
                source=item,
                media_type=media_type,
                metadata=entry.metadata.overridden_by(overrides),
                max_text_chars=options.max_text_chars,
                retrieved_at=retrieved_at,
            )
        except InputError as exc:
            failed = exc if exc.source == item else type(exc)(item, f"{exc.source}: {exc.reason}")
            log.debug("%s", failed)  # the caller reports it: it is yielded
            yield failed


def _read_content(
    fmt: Format,
    content: bytes,
    raw: bytes,
    source: str,
    *,
    options: IngestOptions,
    base: Metadata,
    overrides: Metadata,
    url: str | None = None,
    content_type: str | None = None,
    charset: str | None = None,
    retrieved_at: datetime,
) -> Iterator[Item]:
    """Read `content` (received as `raw`, which differs for gzip files) as one or more documents."""
    if fmt is Format.FEED:
        yield from _read_feed(
            content,
            raw,
            source,
            url=url,
            content_type=content_type,
            overrides=overrides,
            options=options,
            retrieved_at=retrieved_at,
        )
        return
    if fmt is Format.JSONL:
        yield from read_jsonl(
            io.BytesIO(content),
            source,
            base=_for_every_item(overrides),
            max_text_chars=options.max_text_chars,
        )
        return
    if fmt is Format.HTML:
        page = extract_html(content, source, url=url, charset=charset)
        text, found = page.text, page.metadata
    elif fmt is Format.PDF:
        pdf = extract_pdf(
            content,
            source,
            max_pages=options.max_pdf_pages,
            max_chars=options.max_text_chars,
            max_stream_bytes=options.max_pdf_stream_bytes,
        )
        text, found = pdf.text, pdf.metadata
    else:
        text, found = decode_text(content, source, declared=charset), Metadata()
    yield make_capture(
        text,
        raw=raw,
        source=source,
        media_type=media_type_for(fmt, content_type),
        metadata=base.overridden_by(found).overridden_by(overrides),
        max_text_chars=options.max_text_chars,
        retrieved_at=retrieved_at,
    )


def _url_format(url: str, content_type: str, content: bytes) -> Format:
    if is_pdf(content):
        return Format.PDF  # whatever the server calls it
    fmt = (
        format_for_content_type(content_type)
        or format_for_name(PurePosixPath(urlsplit(url).path).name)
        or sniff_format(content)
    )
    if fmt is None:
        raise UnsupportedFormat(url, f"unsupported content type {content_type or 'none given'!r}")
    return fmt


def _read_url(url: str, options: IngestOptions, *, base: Metadata, overrides: Metadata) -> Iterator[Item]:
    fetched = fetch(url, options)
    if not fetched.content:
        raise NoExtractableText(url, "empty response")
    content = fetched.content
    if is_gzip(content):  # a .gz file served as is, not gzip transfer coding (that is undone in fetch)
        content = gunzip(content, url, options.max_fetch_bytes)
    fmt = _url_format(fetched.url, fetched.content_type, content)
    # Where the bytes were actually retrieved from, after redirects, is the document's URL.
    overrides = overrides.overridden_by(Metadata(url=fetched.url))
    yield from _read_content(
        fmt,
        content,
        fetched.content,
        url,
        options=options,
        base=base,
        overrides=overrides,
        url=fetched.url,
        content_type=fetched.content_type,
        charset=fetched.charset,
        retrieved_at=fetched.retrieved_at,
    )


def _read_bounded(path: Path, source: str, limit: int) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise TooLarge(source, f"file is {size:,} bytes, over the limit of {limit:,}")
    with path.open("rb") as handle:
        # One byte past what stat said (not past the limit: read() sizes its buffer by the request).
        raw = handle.read(size + 1)
        if len(raw) > size:  # the file grew since stat
            raw += handle.read(limit + 1 - len(raw))
    if len(raw) > limit:
        raise TooLarge(source, f"file is over the limit of {limit:,} bytes")
    return raw


def _read_jsonl_file(path: Path, source: str, sidecar: Metadata, options: IngestOptions) -> Iterator[Item]:
    with path.open("rb") as handle:
        yield from read_jsonl(
            line_stream(handle, source),
            source,
            base=_for_every_item(sidecar),
            max_text_chars=options.max_text_chars,
        )


def _read_path(source: str, options: IngestOptions) -> Iterator[Item]:
    path = Path(source)
    if not path.exists():
        raise InputError(source, "no such file")
    if path.is_dir():
        raise UnsupportedFormat(source, "is a folder (expand it with discover)")
    if not path.is_file():
        raise UnsupportedFormat(source, "not a regular file")
    sidecar = read_sidecar(path) or Metadata()
    fmt = format_for_name(path.name)
    if fmt is Format.JSONL:
        # Bulk files can be gigabytes: streamed line by line, not held whole, so no file-size cap.
        yield from _read_jsonl_file(path, source, sidecar, options)
        return
    retrieved_at = datetime.now(UTC)
    raw = _read_bounded(path, source, options.max_file_bytes)
    if not raw or raw.isspace():
        raise NoExtractableText(source, "empty file")
    content = gunzip(raw, source, options.max_file_bytes) if is_gzip(raw) else raw
    fmt = fmt or sniff_format(content)
    if fmt is None:
        kind = f"{path.suffix!r} files" if path.suffix else "files without an extension"
        raise UnsupportedFormat(source, f"{kind} are not read, and the content is not HTML, PDF or a feed")
    yield from _read_content(
        fmt,
        content,
        raw,
        source,
        options=options,
        base=Metadata(),
        overrides=sidecar,
        content_type=_MARKDOWN if path.suffix.lower() == ".md" else None,
        retrieved_at=retrieved_at,
    )


def read_source(source: str, options: IngestOptions) -> Iterator[Capture | InputError]:
    """The documents in one source (a path or an http(s) URL), in order.

    Raises an `InputError` subclass naming the source when the whole source fails; yields an
    `InputError` naming the item for each bad line or entry of a multi-document source.
    """
    with source_context(source):
        try:
            if is_url(source):
                yield from _read_url(source, options, base=Metadata(), overrides=Metadata())
            else:
                yield from _read_path(source, options)
        except OSError as exc:
            raise InputError(source, f"cannot read: {exc.strerror or exc}") from exc
