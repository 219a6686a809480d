"""Ledger rows rendered once per claim record: a changed claim or a search shows on the next read."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from markupsafe import Markup

from audiatur.domain import ClaimStatus
from audiatur.present.api.memo import ByIdentity
from audiatur.store import Store
from present.api.samples import Sample


def _row(page: str, claim_id: str) -> str:
    found = re.search(
        rf'<tr class="kind-[a-z_]+">(?:(?!</tr>).)*/claims/{claim_id}"(?:(?!</tr>).)*</tr>', page, re.S
    )
    assert found, f"the ledger shows no row for {claim_id}"
    return found.group(0)


def test_memo_makes_once_per_identity_and_stay_bounded() -> None:
    calls: list[tuple[object, object, str | None]] = []

    def render(record: object, document: object, terms: str | None) -> Markup:
        calls.append((record, document, terms))
        return Markup(f"<td>{len(calls)}</td>")

    rows = ByIdentity(render, kept=2)
    first, equal, doc = ["a"], ["a"], ("doc",)
    assert rows(first, doc) is rows(first, doc)
    assert len(calls) == 1
    # An equal but new object (a claim read again after a change) is rendered again, as are other terms.
    assert rows(equal, doc) != rows(first, doc, "killed")
    assert len(calls) == 3
    rows(["b"], doc)
    assert len(rows) == 2


def test_web_ledger_row_shows_a_review_and_search_marks(
    analyst: TestClient, store: Store, sample: Sample
) -> None:
    for _ in range(2):
        row = _row(analyst.get("/").text, sample.figure_a)
        assert "status-extracted" in row and "<mark" not in row
    version = store.get_claim_record(sample.figure_a).version
    store.set_claim_status(sample.figure_a, ClaimStatus.ACCEPTED, user="anna", expected_version=version)
    row = _row(analyst.get("/").text, sample.figure_a)
    assert "status-accepted" in row and "status-extracted" not in row
    searched = _row(analyst.get("/", params={"q": "killed"}).text, sample.figure_a)
    assert '<mark class="hl">killed</mark>' in searched
    assert "<mark" not in _row(analyst.get("/").text, sample.figure_a)
