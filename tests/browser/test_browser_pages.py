"""Every page in a real browser, screenshot by screenshot, and a document full of markup that must not run."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from audiatur.store import ClaimFilter, DocumentFilter, open_store

from .conftest import Server, Watch, shoot, sign_in

pytestmark = pytest.mark.browser


def _hostile_document(server: Server) -> tuple[str, str]:
    """The id of the ingested document whose text holds markup, and of its claim."""
    with open_store(f"sqlite:///{server.db}") as store:
        (hit,) = store.search_documents('"Hostile markup test"', limit=1)
        claims = store.list_claims(ClaimFilter(document_id=hit.document_id), limit=5).items
        return hit.document_id, claims[0].claim.id


def test_browser_hostile_document_runs_no_script(page: Page, server: Server, watch: Watch) -> None:
    document_id, claim_id = _hostile_document(server)
    sign_in(page, server, "vic")
    page.goto(f"{server.url}/documents/{document_id}")
    text = page.locator(".doctext")
    expect(text).to_contain_text("<script>alert(1)</script>")
    expect(text).to_contain_text('<img src=x onerror="window.__pwned=1;alert(2)">')
    expect(text).to_contain_text("<b>not bold</b>")
    assert text.locator("script, img, b, a[href^='javascript']").count() == 0
    assert page.evaluate("window.__pwned") is None
    expect(text.locator("mark.claim").first).to_be_visible()
    shoot(page, "document-hostile")
    for path in (f"/claims/{claim_id}", "/documents?q=hostile", "/?q=civilians+killed+Harvik"):
        page.goto(server.url + path)
        assert page.evaluate("window.__pwned") is None, path
    assert watch.dialogs == []  # no alert() ever ran
    # The browser itself refuses inline script: even injected markup could not run.
    page.goto(f"{server.url}/documents/{document_id}")
    page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';
                   document.body.appendChild(s); }"""
    )
    assert page.evaluate("window.__inline") is None
    assert any("Content Security Policy" in e for e in watch.errors)
    watch.errors.clear()  # the refusal just provoked is the one expected


PAGES = [
    ("ledger-page", "/"),
    ("repeated", "/clusters"),
    ("contradictions", "/contradictions"),
    ("incidents", "/incidents"),
    ("documents", "/documents"),
    ("actors", "/actors"),
    ("users", "/admin/users"),
]


def test_browser_every_page(page: Page, server: Server, watch: Watch) -> None:
    sign_in(page, server, "adm")
    for name, path in PAGES:
        response = page.goto(server.url + path)
        assert response is not None and response.status == 200, path
        expect(page.locator("main h1")).to_be_visible()
        shoot(page, name)
    with open_store(f"sqlite:///{server.db}") as store:
        document = store.list_documents(DocumentFilter(), limit=10).items[9].id
        incident = store.list_incidents(limit=1)[0].id
        actor = store.list_actors(name="Sabatari")[0].id
    for name, path in (
        ("document", f"/documents/{document}"),
        ("incident", f"/incidents/{incident}"),
        ("actor", f"/actors/{actor}"),
    ):
        response = page.goto(server.url + path)
        assert response is not None and response.status == 200, path
        shoot(page, name)
    assert watch.problems() == []
    # The API docs: offline, Swagger UI's bundle (from its CDN) is missing, but the start-up script runs
    # under its nonce (it fails for want of the bundle) rather than being refused by the CSP.
    page.goto(f"{server.url}/docs")
    expect(page.locator("#swagger-ui")).to_be_attached()
    page.wait_for_timeout(300)
    assert watch.problems() == ["page error: SwaggerUIBundle is not defined"]
    watch.errors.clear()


def test_browser_keyboard_help(page: Page, server: Server) -> None:
    sign_in(page, server, "vic")
    page.locator("body").press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts")).to_be_hidden()
    page.keyboard.press("g")
    page.keyboard.press("t")
    page.wait_for_url(f"{server.url}/timelines")


def test_browser_xss_corpus_runs_nowhere(page: Page, server: Server, watch: Watch) -> None:
    with open_store(f"sqlite:///{server.db}") as store:
        (hit,) = store.search_documents('"XSS corpus test"', limit=1)
        claims = [
            r.claim.id for r in store.list_claims(ClaimFilter(document_id=hit.document_id), limit=50).items
        ]
    assert len(claims) >= 10
    sign_in(page, server, "ana")
    paths = [
        f"/documents/{hit.document_id}",
        *(f"/claims/{c}" for c in claims[::5]),
        "/documents?q=xss",
        "/?q=Harvik",
        "/map",
    ]
    for path in paths:
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("main iframe, main object, main embed, main img, main base").count() == 0, path
    page.goto(f"{server.url}/documents/{hit.document_id}")
    expect(page.locator(".doctext")).to_contain_text("<script>window.__xss=1</script>")
    assert watch.dialogs == []
