"""The XSS payload corpus, ingested, through every page where ingested text appears.

Two ledgers: documents of the corpus ingested for real (plain text and HTML, through extraction and
analysis, as `audiatur ingest` does), and a hand-built one in which every string a page shows (document
title, publisher and source, speaker name, role, affiliation and party, place names, what a claim
states) is a payload. Every page is parsed: no payload may become markup, and the payloads show as text.
"""

from __future__ import annotations

import html
from pathlib import Path

from fastapi.testclient import TestClient

from audiatur.demo import DEMO_WORLD
from audiatur.ledger import Ledger
from audiatur.store import ClaimFilter, Store
from present.api.fixtures import MakeClient

from .xss import PAYLOADS, markup_of

SENTENCE = "The Kestrian ministry said {n} civilians were killed in Harvik."


def _check(client: TestClient, path: str) -> str:
    """The page's text, after checking it holds no payload as markup and is served as HTML."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert response.headers["content-type"].startswith("text/html"), path
    page = markup_of(response.text)
    assert not page.problems(), (path, page.problems())
    return " ".join(" ".join(page.text).split())


def _shown(text: str, payload: str) -> bool:
    """Whether a page's text shows the payload as written (whitespace folded)."""
    return " ".join(payload.split()) in text


def _ingest_corpus(store: Store, folder: Path) -> list[str]:
    plain = "Hostile corpus\n\n" + "\n\n".join(
        f"{payload} {SENTENCE.format(n=i + 2)} {payload}" for i, payload in enumerate(PAYLOADS)
    )
    (folder / "corpus.txt").write_text(plain, encoding="utf-8")
    paragraphs = "\n".join(
        f"<p>{html.escape(p)} {SENTENCE.format(n=i + 40)} {html.escape(p)}</p>"
        for i, p in enumerate(PAYLOADS)
    )
    page = (
        f"<!doctype html><html><head><title>{html.escape(PAYLOADS[0])} bulletin</title></head>"
        f"<body><article><h1>Bulletin {html.escape(PAYLOADS[1])}</h1>{paragraphs}"
        "<script>window.__xss=99</script></article></body></html>"
    )
    (folder / "corpus.html").write_text(page, encoding="utf-8")
    report = Ledger(store, data=[DEMO_WORLD]).ingest(
        [str(folder / "corpus.txt"), str(folder / "corpus.html")]
    )
    assert report.ok and len(report.added) == 2, report.failed
    return report.added


def test_security_xss_corpus_ingested_shows_as_text_everywhere(
    make_client: MakeClient, store: Store, tmp_path: Path
) -> None:
    documents = _ingest_corpus(store, tmp_path)
    client = make_client(user="anna")
    shown: set[str] = set()
    claims: list[str] = []
    for document_id in documents:
        text = _check(client, f"/documents/{document_id}")
        shown |= {p for p in PAYLOADS if _shown(text, p)}
        page = store.list_claims(ClaimFilter(document_id=document_id), limit=200)
        claims += [r.claim.id for r in page.items]
    assert shown == set(PAYLOADS)  # each payload reached the stored text, and shows as written
    assert len(claims) >= len(PAYLOADS)  # the sentences between the payloads were extracted
    for claim_id in claims[:: max(1, len(claims) // 8)]:
        _check(client, f"/claims/{claim_id}")  # evidence in its paragraph, payloads either side
    assert "civilians were killed" in _check(client, "/?q=civilians")  # search results, matches marked
    assert "window.__xss" in _check(client, "/documents?q=xss")  # document search shows text around a match
    for path in (
        "/",
        "/?q=script",
        "/documents",
        "/documents?q=window",
        "/actors",
        "/map",
        "/clusters",
        "/contradictions",
        "/timelines",
        "/incidents",
    ):
        _check(client, path)
