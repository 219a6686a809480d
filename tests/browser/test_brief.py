"""The HTML brief opened from disk in headless Chromium with the network off: the charts show.

The browser context is offline and every request but the file itself is aborted and recorded: a
self-contained brief makes none (its Content-Security-Policy forbids them too), and its inline SVG charts
have a size on the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route
from typer.testing import CliRunner

from audiatur.present.cli.app import app
from audiatur.store import open_store
from demo_ledger import demo_ledger_copy

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo brief on the incident with the most claims."""
    db = demo_ledger_copy(tmp_path_factory, "browser-brief")
    with open_store(f"sqlite:///{db}") as store:
        incident = max(store.list_incidents(limit=1000), key=lambda i: (len(i.claim_ids), i.id))
    out = db.with_name("brief.html")
    result = CliRunner().invoke(app, ["--db", str(db), "report", "--incident", incident.id, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_brief_shows_its_charts_offline(browser: Browser, brief: Path) -> None:
    context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
    requested: list[str] = []

    def refuse(route: Route) -> None:
        if route.request.url == brief.as_uri():
            route.continue_()  # the brief itself, from disk
            return
        requested.append(route.request.url)
        route.abort("internetdisconnected")

    context.route("**/*", refuse)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(brief.as_uri(), wait_until="load")
        charts = page.locator("figure.chart svg")
        assert charts.count() >= 1
        for i in range(charts.count()):
            chart = charts.nth(i)
            chart.scroll_into_view_if_needed()
            assert chart.is_visible()
            box = chart.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 50, box
            # Lines and markers drawn inside it, with a size of their own.
            drawn = chart.locator("path").first.bounding_box()
            assert drawn is not None and drawn["width"] > 0
        assert page.locator("h1").inner_text().startswith("Incident:")
        assert page.locator("#sources li").count() >= 1
    finally:
        context.close()
    assert requested == [], "a self-contained brief fetches nothing"
    assert not [e for e in errors if "Content Security Policy" in e], errors
