"""discover: folders expanded in a stable order, hidden files and sidecars skipped; sniffing by content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from audiatur.domain import Capture
from audiatur.errors import InputError, UnsupportedFormat
from audiatur.ingest import IngestOptions, discover, read_source

from .conftest import STATEMENT
from .payloads import text_pdf

Write = Callable[[str, bytes | str], str]

FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Kessel Monitor</title>'
    b"<item><title>Night report</title><description>Shelling resumed after midnight.</description></item>"
    b"</channel></rss>"
)


def test_discover_folder_skips_hidden_sidecars_and_unknown(tmp_path: Path, write: Write) -> None:
    for name in (
        "b/statement.txt",
        "b/statement.json",  # sidecar
        "a/report.PDF",
        "a/page.htm",
        "a/.draft.txt",  # hidden file
        ".git/notes.txt",  # hidden folder
        "a/photo.jpg",
        "a/orphan.json",
        "feeds/mod.xml.gz",
        "feeds/mod.rss",
        "bulk.jsonl",
        "notes.md",
    ):
        write(name, "x")
    found = discover([str(tmp_path)])
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found] == [
        "bulk.jsonl",
        "notes.md",
        "a/page.htm",
        "a/report.PDF",
        "b/statement.txt",
        "feeds/mod.rss",
        "feeds/mod.xml.gz",
    ]
    assert discover([str(tmp_path)]) == found  # deterministic


def test_discover_passes_urls_and_named_files_through_once(tmp_path: Path, write: Write) -> None:
    text = write("statement.txt", STATEMENT)
    sidecar = write("statement.json", "{}")
    odd = write("export.dat", "x")
    targets = [
        "https://mod.arvenia.example/news/1",
        text,
        sidecar,
        odd,
        text,
        "missing.txt",
        "ftp://x.example/a",
    ]
    assert discover(targets) == [
        "https://mod.arvenia.example/news/1",
        text,
        odd,
        "missing.txt",
        "ftp://x.example/a",
    ]


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("report.dat", text_pdf(["Four civilians were killed in Kessel."]), "application/pdf"),
        ("page.download", f"<!DOCTYPE html><html><body><p>{STATEMENT}</p></body></html>", "text/html"),
        ("feed", FEED, "application/rss+xml"),
    ],
)
def test_named_file_with_unknown_extension_is_sniffed(
    write: Write, options: IngestOptions, name: str, content: bytes | str, media_type: str
) -> None:
    items = list(read_source(write(name, content), options))
    assert items and isinstance(items[0], Capture)
    assert items[0].document.media_type == media_type


@pytest.mark.parametrize(
    ("name", "content"), [("photo.jpg", b"\xff\xd8\xff\xe0JFIF" + bytes(100)), ("data.csv", "a,b\n1,2")]
)
def test_named_file_of_unknown_type_is_refused(
    write: Write, options: IngestOptions, name: str, content: bytes | str
) -> None:
    path = write(name, content)
    with pytest.raises(
        UnsupportedFormat, match=r"are not read, and the content is not HTML, PDF or a feed$"
    ) as caught:
        list(read_source(path, options))
    assert caught.value.source == path


def test_folder_and_missing_path_are_input_errors(tmp_path: Path, options: IngestOptions) -> None:
    with pytest.raises(UnsupportedFormat, match="is a folder"):
        list(read_source(str(tmp_path), options))
    with pytest.raises(InputError, match="no such file"):
        list(read_source(str(tmp_path / "gone.txt"), options))
