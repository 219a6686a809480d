"""The web app in a real browser: ledger, a claim's sources side by side, review, refusals, charts, map."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Route, expect

from audiatur.domain import ClaimKind
from audiatur.store import ClaimFilter, Store, open_store

from .conftest import Server, Watch, shoot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ledger(server: Server) -> Iterator[Store]:
    """The served ledger, opened beside the server to pick claims to look at."""
    with open_store(f"sqlite:///{server.db}") as store:
        yield store


def _repeated_claim(store: Store) -> str:
    """A claim stated in several documents (a cluster the analysis found)."""
    cluster = store.list_clusters("figure", limit=1, min_documents=3)[0]
    return cluster.claim_ids[0]


def test_browser_ledger_browse_and_filter(page: Page, server: Server) -> None:
    sign_in(page, server, "ana")
    rows = page.locator("table.ledger tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() == 50  # a full first page
    expect(page.locator("#result-count")).to_contain_text("claims")
    shoot(page, "ledger")
    page.get_by_label("Speaker's party").select_option("Velsaria")
    page.get_by_label("Measure").select_option("killed")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"party=Velsaria"))
    parties = page.locator("table.ledger tbody tr td:nth-child(2) .party").all_inner_texts()
    assert parties and set(parties) == {"Velsaria"}
    assert all("killed" in t for t in page.locator("table.ledger a.row-link").all_inner_texts())
    shoot(page, "ledger-filtered")
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("civilians")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=civilians"))
    expect(page.locator("table.ledger mark.hl").first).to_have_text(re.compile("civilians", re.I))
    page.locator("body").press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/claims/[0-9a-f]{64}$"))


def test_browser_claim_sources_side_by_side(page: Page, server: Server, ledger: Store) -> None:
    sign_in(page, server, "vic")
    page.goto(f"{server.url}/claims/{_repeated_claim(ledger)}")
    cards = page.locator("#sources .source-card")
    expect(cards.nth(1)).to_be_visible()
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first is not None and second is not None
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"] - 1  # side by side
    for i in range(2):
        expect(cards.nth(i).locator("mark.evidence")).to_be_visible()
    sources = {cards.nth(i).locator(".source-meta a").first.inner_text() for i in range(cards.count())}
    assert len(sources) >= 2
    expect(page.locator("#cluster")).to_contain_text("independent origins")
    shoot(page, "claim")


def test_browser_analyst_accepts_and_edits_with_audit(page: Page, server: Server, ledger: Store) -> None:
    claim = ledger.list_claims(ClaimFilter(kind=ClaimKind.FIGURE, speaker="Sabatari"), limit=1).items[0].claim
    sign_in(page, server, "ana")
    page.goto(f"{server.url}/claims/{claim.id}")
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".notice")).to_have_text("Claim accepted.")
    audit = page.locator("#audit table")
    expect(audit).to_contain_text("claim.accepted")
    expect(audit).to_contain_text("ana")
    # The shortcuts' script is deferred: on a busy machine the notice can show before it has run.
    page.wait_for_load_state("load")
    page.keyboard.press("e")  # opens "Edit fields"
    number = page.get_by_label("Number")
    expect(number).to_be_visible()
    value = (claim.figure.value if claim.figure else 0) or 0
    number.fill(str(value + 1))
    page.get_by_label("Low").fill(str(value + 1))
    page.get_by_label("High").fill(str(value + 1))
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".notice")).to_contain_text("Changes saved")
    expect(page.locator(".claim-head .status")).to_have_text("corrected")
    expect(page.locator("#audit tbody.audit-entry")).to_have_count(2)
    expect(page.locator("#audit table")).to_contain_text("claim.correct")
    expect(page.locator("table.fields tr.changed").first).to_be_visible()
    shoot(page, "claim-reviewed")


def test_browser_analyst_reassigns_the_speaker(page: Page, server: Server, ledger: Store) -> None:
    claim = ledger.list_claims(ClaimFilter(kind=ClaimKind.DEMAND), limit=1).items[0].claim
    other = next(a for a in ledger.list_actors() if a.party and claim.speaker and a.id != claim.speaker.id)
    sign_in(page, server, "ana")
    page.goto(f"{server.url}/claims/{claim.id}")
    page.get_by_text("Edit fields").click()
    page.locator("#review").get_by_label("Speaker", exact=True).select_option(other.id)
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".notice")).to_contain_text("Changes saved")
    speaker = page.locator("section[aria-labelledby=speaker-h]")
    expect(speaker).to_contain_text(other.name)
    expect(speaker).to_contain_text(other.party or "")
    expect(page.locator("table.fields tr.changed")).to_contain_text(other.name)
    expect(page.locator("#audit table")).to_contain_text("claim.correct")
    moved = ledger.get_claim(claim.id).speaker
    assert moved is not None and moved.id == other.id
    shoot(page, "claim-speaker-reassigned")


def test_browser_edit_conflict_keeps_the_values(page: Page, server: Server, ledger: Store) -> None:
    claim = ledger.list_claims(ClaimFilter(kind=ClaimKind.FIGURE, speaker="Vidmark"), limit=1).items[0].claim
    sign_in(page, server, "ana")
    page.goto(f"{server.url}/claims/{claim.id}")
    record = ledger.get_claim_record(claim.id)
    ledger.set_claim_status(claim.id, "rejected", user="someone-else", expected_version=record.version)
    page.get_by_text("Edit fields").click()
    page.get_by_label("Number").fill("999")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#review .error")).to_contain_text("changed by someone else")
    expect(page.get_by_label("Number")).to_have_value("999")
    shoot(page, "claim-conflict")


def test_browser_viewer_is_refused_review(page: Page, server: Server, ledger: Store) -> None:
    claim_id = _repeated_claim(ledger)
    sign_in(page, server, "vic")
    page.goto(f"{server.url}/claims/{claim_id}")
    expect(page.locator("#review")).to_contain_text("can read but not review")
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)
    token = page.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    forged = page.request.post(
        f"{server.url}/claims/{claim_id}/review",
        form={"review": "accept", "expected_version": "1", "csrf_token": token},
        max_redirects=0,
    )
    assert forged.status == 403
    api = page.request.post(
        f"{server.url}/api/claims/{claim_id}/status",
        data={"expected_version": 1, "status": "accepted"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status == 403 and api.json()["status"] == 403
    page.goto(f"{server.url}/admin/users")
    expect(page.locator("h1")).to_have_text("Not allowed")
    shoot(page, "viewer-refused")


def test_browser_signed_out_goes_to_sign_in(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/timelines")
    page.wait_for_url(re.compile(r"/login\?next="))
    shoot(page, "login")
    page.get_by_label("User name").fill("vic")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error")).to_contain_text("wrong user name or password")


def test_browser_timelines_show_charts(page: Page, server: Server) -> None:
    sign_in(page, server, "vic")
    page.goto(f"{server.url}/timelines")
    chart = page.locator("figure.chart svg").first
    expect(chart).to_be_visible()
    assert page.locator("figure.chart svg polyline").count() >= 2
    expect(page.locator("figure.chart .legend li").first).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    shoot(page, "timelines")


def test_browser_map_falls_back_to_the_list_offline(page: Page, server: Server, watch: Watch) -> None:
    sign_in(page, server, "vic")
    page.goto(f"{server.url}/map")
    status = page.locator("#map-status")
    expect(status).to_be_visible(timeout=15_000)
    expect(status).to_contain_text("places are listed below")
    expect(page.locator("#map")).to_be_hidden()
    places = page.locator("table.places tbody tr")
    assert places.count() >= 10
    expect(page.locator("table.places")).to_contain_text("Tamesh")
    expect(page.locator("table.places")).to_contain_text("Tamsk")
    shoot(page, "map-offline")


def test_browser_map_without_leaflet_is_the_list(page: Page, server: Server) -> None:
    page.route("**/vendor/leaflet/**", lambda route: route.abort())
    sign_in(page, server, "vic")
    page.goto(f"{server.url}/map")
    expect(page.locator("#map-status")).to_have_text(re.compile("The map could not load"))
    expect(page.locator("table.places tbody tr").first).to_be_visible()


def _tile(route: Route) -> None:
    """A blank 256×256 PNG standing in for an OpenStreetMap tile (the tests never touch the network)."""
    route.fulfill(status=200, content_type="image/png", body=_BLANK_TILE)


def test_browser_map_with_tiles(page: Page, server: Server) -> None:
    page.route("https://tile.openstreetmap.org/**", _tile)
    sign_in(page, server, "vic")
    page.goto(f"{server.url}/map")
    expect(page.locator("#map")).to_have_attribute("data-state", "tiles", timeout=15_000)
    markers = page.locator("#map path.leaflet-interactive")
    assert markers.count() >= 8
    expect(page.locator("#map-status")).to_be_hidden()
    shoot(page, "map")


def _blank_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xee\xee\xe8" * 256 for _ in range(256))
    header = struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


_BLANK_TILE = _blank_png()
