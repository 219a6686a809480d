"""Sidecar metadata: supplies or corrects what a document says of itself; null never wipes a value."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from audiatur.domain import Capture, DatePrecision
from audiatur.errors import ParseFailed
from audiatur.ingest import IngestOptions, discover, read_source

from .conftest import STATEMENT

Write = Callable[[str, bytes | str], str]

PAGE = (
    "<html><head><title>Kessel shelled overnight</title>"
    "<meta property='og:site_name' content='Arvenia Today'><meta name='author' content='Ilsa Maren'>"
    "<meta property='article:published_time' content='2020-10-08'></head>"
    "<body><article><h1>Kessel shelled overnight</h1>"
    + "".join(f"<p>{p}</p>" for p in STATEMENT.split("\n\n"))
    + "</article></body></html>"
)


def read_one(source: str, options: IngestOptions) -> Capture:
    items = list(read_source(source, options))
    assert len(items) == 1 and isinstance(items[0], Capture), items
    return items[0]


def test_sidecar_supplies_metadata_for_a_text_file(write: Write, options: IngestOptions) -> None:
    path = write("statement.txt", STATEMENT)
    sidecar = {
        "url": "https://mod.arvenia.example/news/1",
        "publisher": "Arvenian Ministry of Defence",
        "published": "2020-10",
        "title": "Statement on Kessel",
        "side": "arvenian",
        "author": "Press Office",
    }
    write("statement.json", json.dumps(sidecar))
    doc = read_one(path, options).document
    assert (doc.url, doc.publisher, doc.title, doc.side, doc.author) == (
        sidecar["url"],
        sidecar["publisher"],
        sidecar["title"],
        "arvenian",
        "Press Office",
    )
    assert (doc.published, doc.published_precision) == (date(2020, 10, 1), DatePrecision.MONTH)


@pytest.mark.parametrize(
    ("sidecar", "expected"),
    [
        ({}, ("Arvenia Today", "Kessel shelled overnight", "Ilsa Maren", date(2020, 10, 8))),
        (
            {"publisher": None, "title": None, "author": None, "published": None, "side": "arvenian"},
            ("Arvenia Today", "Kessel shelled overnight", "Ilsa Maren", date(2020, 10, 8)),
        ),
        (
            {"publisher": "Arvenia Today (English)", "title": "Corrected title", "published": "2020-10-09"},
            ("Arvenia Today (English)", "Corrected title", "Ilsa Maren", date(2020, 10, 9)),
        ),
    ],
    ids=["empty", "nulls-keep-page-values", "values-win"],
)
def test_sidecar_null_keeps_and_value_overrides_page_metadata(
    write: Write, options: IngestOptions, sidecar: dict[str, object], expected: tuple[object, ...]
) -> None:
    path = write("page.html", PAGE)
    write("page.json", json.dumps(sidecar))
    doc = read_one(path, options).document
    assert (doc.publisher, doc.title, doc.author, doc.published) == expected


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "sidecar is not valid JSON"),
        ('["a", "list"]', "sidecar must be a JSON object, not list"),
        ('{"published": "the day after"}', "sidecar published: Value error, not a date: 'the day after'"),
        ('{"title": 12}', "sidecar title: Input should be a valid string"),
        ('{"language": "English"}', "not an ISO 639-1 code"),
    ],
)
def test_malformed_sidecar_names_the_sidecar(
    write: Write, options: IngestOptions, content: str, reason: str
) -> None:
    path = write("statement.txt", STATEMENT)
    sidecar = write("statement.json", content)
    with pytest.raises(ParseFailed) as caught:
        list(read_source(path, options))
    assert caught.value.source == sidecar
    assert reason in caught.value.reason
    assert "\n" not in str(caught.value)


def test_unknown_sidecar_keys_are_ignored_with_a_warning(
    write: Write, options: IngestOptions, caplog: pytest.LogCaptureFixture
) -> None:
    path = write("statement.txt", STATEMENT)
    write("statement.json", json.dumps({"publsher": "typo", "side": "arvenian"}))
    assert read_one(path, options).document.side == "arvenian"
    assert "publsher" in caplog.text


@pytest.mark.eval
def test_shared_seed_sidecars_are_read(shared_eval: Path, tmp_path: Path, options: IngestOptions) -> None:
    folders = [shared_eval / "dev" / "docs" / "seeds", shared_eval / "dev" / "docs" / "real"]
    sources = discover([str(folder) for folder in folders if folder.is_dir()])
    assert sources and all(source.endswith(".txt") for source in sources)  # sidecars are not sources
    for source in sources:
        sidecar = json.loads(Path(source).with_suffix(".json").read_text(encoding="utf-8"))
        doc = read_one(source, options).document
        assert doc.side == sidecar.get("side")
        assert doc.publisher == sidecar.get("publisher")  # a text file has none of its own: null stays null
        title = sidecar.get("title")
        assert doc.title == (" ".join(title.split()) if title else None)  # whitespace runs collapsed
        assert doc.url == sidecar.get("url")
        published = sidecar.get("published")
        assert doc.published == (date.fromisoformat(published) if published else None)
        assert doc.published_precision is (DatePrecision.DAY if published else DatePrecision.UNKNOWN)
        assert doc.language == "en"


@pytest.mark.eval
def test_shared_seed_sidecar_null_publisher_keeps_page_publisher(
    shared_eval: Path, tmp_path: Path, options: IngestOptions
) -> None:
    seeds = shared_eval / "dev" / "docs" / "seeds"
    nulls = [
        p
        for p in sorted(seeds.glob("*.json"))
        if json.loads(p.read_text(encoding="utf-8"))["publisher"] is None
    ]
    if not nulls:
        pytest.skip("no seed sidecar with a null publisher")
    shutil.copy(nulls[0], tmp_path / "page.json")  # the real sidecar, beside our own page
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    doc = read_one(str(tmp_path / "page.html"), options).document
    assert doc.publisher == "Arvenia Today"
