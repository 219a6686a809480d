"""The XSS payload corpus, ingested, through every page where ingested text appears.

Two ledgers: documents of the corpus ingested for real (plain text and HTML, through extraction and
analysis, as `audiatur ingest` does), and a hand-built one in which every string a page shows (document
title, publisher and source, speaker name, role, affiliation and party, place names, what a claim
states) is a payload. Every page is parsed: no payload may become markup, and the payloads show as text.
"""

from __future__ import annotations

import hashlib
import html
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient

from audiatur.demo import DEMO_WORLD
from audiatur.domain import (
    Actor,
    ActorType,
    Attribution,
    Bound,
    Capture,
    Claim,
    ClaimKind,
    DatePrecision,
    Document,
    Evidence,
    Extraction,
    Figure,
    Measure,
    Place,
    PlaceRef,
    SubjectClass,
)
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


def _hostile_ledger(store: Store) -> tuple[str, str, str]:
    """A document, speaker, place and claim whose every shown string is a payload; returns their ids."""
    p = PAYLOADS
    text = f"{p[0]} Someone said 7 civilians were killed. {p[1]}"
    digest = hashlib.sha256(text.encode()).hexdigest()
    document = Document(
        id=digest,
        raw_sha256=digest,
        source=p[6],  # javascript:… as the source address
        url=p[6],
        text=text,
        retrieved_at=datetime(2030, 3, 5, tzinfo=UTC),
        publisher=p[2],
        title=p[3],
        author=p[9],
        published=date(2030, 3, 4),
        published_precision=DatePrecision.DAY,
        side=p[10],
    )
    store.add_capture(Capture(document=document, raw=text.encode()))
    speaker = Actor(
        id=Actor.make_id(p[4]), name=p[4], type=ActorType.PERSON, role=p[5], affiliation=p[7], party=p[8]
    )
    place = Place(
        id="test:hostile", name=p[11], names=(p[11], p[12]), country="Nowhere", latitude=1.0, longitude=2.0
    )
    phrase = "7 civilians were killed"
    start = text.index(phrase)
    claim = Claim(
        id=Claim.make_id(document.id, ClaimKind.FIGURE, start, start + len(phrase)),
        kind=ClaimKind.FIGURE,
        document_id=document.id,
        speaker=speaker,
        mention=p[14],
        attribution=Attribution.INDIRECT,
        evidence=Evidence(document_id=document.id, start=start, end=start + len(phrase), text=phrase),
        extractor_version="1",
        figure=Figure(
            measure=Measure.KILLED,
            subject=p[15],
            subject_class=SubjectClass.CIVILIANS,
            value=7,
            low=7,
            high=7,
            bound=Bound.EXACT,
            quantity="7",
            perpetrator=p[16],
            victim_party=p[17],
            places=(PlaceRef(id=place.id, name=p[18], names=place.names),),
        ),
    )
    store.save_extraction(
        Extraction(document_id=document.id, extractor_version="1", claims=(claim,), places=(place,))
    )
    return document.id, speaker.id, claim.id


def test_security_xss_in_every_shown_field(make_client: MakeClient, store: Store) -> None:
    document_id, actor_id, claim_id = _hostile_ledger(store)
    client = make_client(user="anna")
    seen = " ".join(
        _check(client, path)
        for path in (
            f"/documents/{document_id}",
            "/documents",
            f"/claims/{claim_id}",
            f"/actors/{actor_id}",
            "/actors",
            "/map",
            "/",
            f"/?speaker_id={actor_id}",
            "/?q=civilians",
            f"/?party={quote(PAYLOADS[8])}",
        )
    )
    missing = [p for i, p in enumerate(PAYLOADS[:19]) if i != 13 and not _shown(seen, p)]
    assert not missing  # every field's payload is on some page, as text
    document = client.get(f"/documents/{document_id}").text
    assert 'href="javascript:' not in document.lower()  # a javascript: source is never a link
