"""HTML pages: main text verbatim with trafilatura, metadata, and the traps it has with current versions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import trafilatura

from audiatur.domain import Capture, DatePrecision
from audiatur.errors import NoExtractableText
from audiatur.ingest import IngestOptions, read_source
from audiatur.ingest.html import extract_html, restore_repeats

Write = Callable[[str, bytes | str], str]

LEAD = (
    "The Ministry of Defence of the Republic of Arvenia said on Tuesday that Dalmor artillery shelled "
    "the town of Kessel overnight, killing four civilians and wounding eleven others."
)
REFRAIN = "We call on the observer mission to visit Kessel without delay and see the damage for itself."
DENIAL = (
    "The Dalmor Federation's defence ministry denied the report and said its forces had fired only at "
    "military positions near the river crossing, far from any homes."
)
SECRETS = ("SCRIPT-SECRET", "STYLE-SECRET", "NOSCRIPT-SECRET", "TEMPLATE-SECRET")
HIDDEN = (
    "<script>var token = 'SCRIPT-SECRET';</script>"
    "<style>.SECRET::after { content: 'STYLE-SECRET'; }</style>"
    "<noscript>NOSCRIPT-SECRET</noscript>"
    "<template><p>TEMPLATE-SECRET</p></template>"
)


def page(body: str, head: str = "") -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Kessel shelled overnight | Arvenia Today</title>"
        "<meta name='author' content='Ilsa Maren'>"
        "<meta property='og:site_name' content='Arvenia Today'>"
        "<meta property='article:published_time' content='2020-10-08T09:30:00+04:00'>"
        f"{head}</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"{body}<footer>© Arvenia Today. All rights reserved.</footer></body></html>"
    )


def article(*paragraphs: str) -> str:
    inner = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<article><h1>Kessel shelled overnight</h1>{inner}{HIDDEN}</article>"


def nested(depth: int, *paragraphs: str) -> str:
    inner = "".join(f"<p>{p}</p>" for p in paragraphs)
    return "<div>" * depth + inner + HIDDEN + "</div>" * depth


def read_one(source: str, options: IngestOptions) -> Capture:
    items = list(read_source(source, options))
    assert len(items) == 1 and isinstance(items[0], Capture), items
    return items[0]


def test_html_page_main_text_and_metadata(write: Write, options: IngestOptions) -> None:
    path = write("kessel.html", page(article(LEAD, DENIAL)))
    doc = read_one(path, options).document
    assert doc.text.startswith("Kessel shelled overnight\n" + LEAD)
    assert DENIAL in doc.text
    assert "Home" not in doc.text and "rights reserved" not in doc.text  # boilerplate left out
    assert doc.title == "Kessel shelled overnight"
    assert doc.author == "Ilsa Maren"
    assert doc.publisher == "Arvenia Today"
    assert (doc.published, doc.published_precision) == (date(2020, 10, 8), DatePrecision.DAY)
    assert doc.media_type == "text/html"
    assert doc.language == "en"


@pytest.mark.parametrize("body", [article(LEAD, DENIAL), nested(400, LEAD, DENIAL)], ids=["article", "deep"])
def test_script_style_and_template_text_never_in_document(
    write: Write, options: IngestOptions, body: str
) -> None:
    doc = read_one(write("page.html", page(body)), options).document
    assert LEAD in doc.text
    for secret in SECRETS:
        assert secret not in doc.text


@pytest.mark.parametrize(
    "html",
    [
        page(nested(600, LEAD, REFRAIN, DENIAL)),  # trafilatura returns only the shallow nav bar
        f"<html><body>{nested(600, LEAD, REFRAIN, DENIAL)}</body></html>",  # trafilatura returns None
    ],
    ids=["with-chrome", "bare"],
)
def test_deeply_nested_page_falls_back_to_visible_text(
    write: Write, options: IngestOptions, html: str
) -> None:
    assert LEAD not in (trafilatura.extract(html) or "")  # the trap: libxml2 stops at 256 levels
    doc = read_one(write("deep.html", html), options).document
    lines = doc.text.split("\n")
    assert [line for line in lines if line in (LEAD, REFRAIN, DENIAL)] == [LEAD, REFRAIN, DENIAL]


def test_repeated_paragraphs_are_kept_verbatim(write: Write, options: IngestOptions) -> None:
    html = page(article(LEAD, REFRAIN, REFRAIN, DENIAL, REFRAIN, REFRAIN, REFRAIN))
    assert (trafilatura.extract(html, deduplicate=False) or "").count(REFRAIN) < 5  # the trap
    doc = read_one(write("refrain.html", html), options).document
    assert doc.text.count(REFRAIN) == 5
    lines = doc.text.split("\n")
    assert lines[1:] == [LEAD, REFRAIN, REFRAIN, DENIAL, REFRAIN, REFRAIN, REFRAIN]


@pytest.mark.parametrize(
    ("extracted", "blocks", "expected"),
    [
        ("a\nb\nc", ("a", "b", "b", "c"), "a\nb\nb\nc"),  # an immediate repeat put back
        ("a\nb\nb\nc", ("a", "b", "b", "c"), "a\nb\nb\nc"),  # nothing dropped: nothing added
        ("a\nb", ("a", "x", "b", "b", "b"), "a\nb\nb\nb"),
        ("a\nb", ("nav", "b", "a", "b"), "a\nb"),  # a repeat elsewhere in the page is not adjacent
        ("- item\nb", ("item", "item", "b"), "- item\nb"),  # lines that match no block stay as they are
    ],
)
def test_restore_repeats_aligns_with_source_blocks(
    extracted: str, blocks: tuple[str, ...], expected: str
) -> None:
    assert restore_repeats(extracted, blocks) == expected


def test_blockquote_paragraph_is_not_doubled(write: Write, options: IngestOptions) -> None:
    body = f"<article><p>{LEAD}</p><blockquote><p>{REFRAIN}</p></blockquote><p>{DENIAL}</p></article>"
    doc = read_one(write("quote.html", page(body)), options).document
    assert doc.text.count(REFRAIN) == 1


def test_declared_charset_is_honoured(write: Write, options: IngestOptions) -> None:
    russian = (
        "Министерство обороны заявило, что в Кесселе погибли четыре мирных жителя и ещё одиннадцать ранены."
    )
    html = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>"
        f"<title>Кессел</title></head><body><article><p>{russian}</p><p>{russian}</p></article></body></html>"
    )
    doc = read_one(write("ru.html", html.encode("cp1251")), options).document
    assert russian in doc.text
    assert doc.language == "ru"


def test_escaped_markup_in_text_stays_plain_text(options: IngestOptions) -> None:
    shown = "The leaflet read &lt;script&gt;alert('Kessel')&lt;/script&gt; in large letters, witnesses said."
    result = extract_html(page(article(LEAD, shown)).encode(), "leaflet.html")
    assert "<script>alert('Kessel')</script>" in result.text  # what the page shows, as plain text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Empty</title></head><body></body></html>",
        "<html><body><script>x()</script></body></html>",
    ],
)
def test_page_without_text_has_no_extractable_text(write: Write, options: IngestOptions, html: str) -> None:
    path = write("blank.html", html)
    with pytest.raises(NoExtractableText, match=r"blank\.html"):
        list(read_source(path, options))
