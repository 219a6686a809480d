"""The web pages through a test client: what each shows, the review forms, escaping, refusals."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from audiatur.present.web.routes import ledger as ledger_module
from present.api.fixtures import MakeClient
from present.api.samples import KESSA, Sample


def _text(page: str) -> str:
    """The page's text without tags."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_web_ledger_lists_filters_and_marks_matches(viewer: TestClient, sample: Sample) -> None:
    page = viewer.get("/").text
    assert "5 claims" in _text(page)
    assert f'href="/claims/{sample.figure_a}"' in page
    brenland = viewer.get("/", params={"party": "Brenland"}).text
    assert f"/claims/{sample.figure_b}" in brenland and f"/claims/{sample.figure_a}" not in brenland
    assert '<option value="Brenland" selected>' in brenland
    search = viewer.get("/", params={"q": "market"}).text
    assert '<mark class="hl">market</mark>' in search
    assert "2 claims" in _text(search)
    place = viewer.get("/", params={"place": KESSA.id, "kind": "figure", "to": "2030-03-03"}).text
    assert "1 claim" in _text(place) and f"/claims/{sample.figure_c}" in place


def test_web_ledger_bad_input_is_said_not_fatal(viewer: TestClient) -> None:
    response = viewer.get("/", params={"kind": "rumour", "from": "yesterday", "q": '"'})
    assert response.status_code == 200
    text = _text(response.text)
    assert "unknown kind 'rumour' ignored" in text
    assert "is not YYYY-MM-DD" in text
    assert "has no word to look for" in text


def test_web_ledger_pages_by_keyset(viewer: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger_module, "PAGE_SIZE", 2)
    seen: list[str] = []
    url = "/?sort=published"
    for _ in range(4):
        page = viewer.get(url).text
        seen += re.findall(r'class="row-link" href="/claims/([0-9a-f]{64})"', page)
        following = re.search(r'href="([^"]+)" rel="next"', page)
        if following is None:
            break
        url = following.group(1).replace("&amp;", "&")
        assert "sort=published" in url and "after=" in url
    assert len(seen) == 5 == len(set(seen))
    assert 'rel="first"' in page


def test_web_claim_page_shows_sources_side_by_side(viewer: TestClient, sample: Sample) -> None:
    page = viewer.get(f"/claims/{sample.figure_a}").text
    cards = page.count('class="source-card"')
    assert cards == 2  # the claim, and the monitor's claim in the same cluster
    assert '<mark class="evidence">14 civilians were killed</mark>' in page
    assert '<mark class="evidence">9 civilians were killed</mark>' in page
    text = _text(page)
    assert "Ivo Darr (Aldmark) says 14 civilians killed (in Kessa)." in text
    assert "spokesperson" in text and "Aldmark Health Ministry" in text
    assert "independent origins" in text and "Field Monitor" in text
    assert "Reviewing needs the analyst role" in text or "read but not review" in text
    assert 'name="review" value="accept"' not in page


def test_web_claim_page_shows_contradicting_claims(viewer: TestClient, sample: Sample) -> None:
    page = viewer.get(f"/claims/{sample.event_a}").text
    assert "Lena Orm denies it" in page
    assert f"/claims/{sample.event_b}" in page
    assert viewer.get(f"/claims/{sample.event_a[:10]}").status_code == 301


def test_web_analyst_accepts_and_edits_with_audit(analyst: TestClient, sample: Sample) -> None:
    url = f"/claims/{sample.figure_b}"
    token = _form_token(analyst.get(url).text)
    accepted = analyst.post(
        f"{url}/review", data={"review": "accept", "expected_version": "1", "csrf_token": token}
    )
    assert accepted.status_code == 303
    page = analyst.get(accepted.headers["location"]).text
    assert "Claim accepted." in page
    assert "claim.accepted" in page and "anna" in page
    edited = analyst.post(
        f"{url}/review",
        data={
            "review": "edit",
            "expected_version": "2",
            "csrf_token": token,
            "value": "3",
            "low": "3",
            "high": "3",
            "victim_party": "Aldmark",
            "measure": "killed",
            "subject": "civilians",
        },
    )
    assert edited.status_code == 303
    page = analyst.get(url).text
    assert "claim.correct" in page
    assert "Orm (Brenland) says 3 civilians killed" in _text(page)
    assert 'class="changed"' in page  # the edited fields, beside what was extracted


def test_web_edit_conflict_keeps_the_analysts_values(analyst: TestClient, sample: Sample) -> None:
    url = f"/claims/{sample.figure_a}"
    token = _form_token(analyst.get(url).text)
    analyst.post(f"{url}/review", data={"review": "reject", "expected_version": "1", "csrf_token": token})
    stale = analyst.post(
        f"{url}/review",
        data={
            "review": "edit",
            "expected_version": "1",
            "csrf_token": token,
            "value": "41",
            "subject": "civilians",
        },
    )
    assert stale.status_code == 409
    assert "changed by someone else" in stale.text
    assert 'name="value" value="41"' in stale.text  # nothing typed is lost
    assert 'name="expected_version" value="2"' in stale.text  # saving again applies it over the new version
    again = analyst.post(
        f"{url}/review",
        data={
            "review": "edit",
            "expected_version": "2",
            "csrf_token": token,
            "value": "41",
            "subject": "civilians",
        },
    )
    assert again.status_code == 303


def test_web_invalid_edit_is_explained(analyst: TestClient, sample: Sample) -> None:
    url = f"/claims/{sample.figure_a}"
    token = _form_token(analyst.get(url).text)
    response = analyst.post(
        f"{url}/review",
        data={"review": "edit", "expected_version": "1", "csrf_token": token, "value": "many"},
    )
    assert response.status_code == 422
    assert "must be a whole number" in response.text
    nothing = analyst.post(
        f"{url}/review", data={"review": "edit", "expected_version": "1", "csrf_token": token}
    )
    assert "nothing changed" in nothing.text


def test_web_viewer_is_refused_review(viewer: TestClient, sample: Sample) -> None:
    token = _form_token(viewer.get("/").text)
    response = viewer.post(
        f"/claims/{sample.figure_a}/review",
        data={"review": "accept", "expected_version": "1", "csrf_token": token},
    )
    assert response.status_code == 403
    assert "may not do this" in response.text
    assert "<!doctype html>" in response.text.lower()


def test_web_forms_need_their_csrf_token(analyst: TestClient, sample: Sample) -> None:
    analyst.headers.pop("X-CSRF-Token")
    response = analyst.post(
        f"/claims/{sample.figure_a}/review", data={"review": "accept", "expected_version": "1"}
    )
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert analyst.get(f"/api/claims/{sample.figure_a}").json()["status"] == "extracted"


def test_web_document_text_is_escaped_and_claims_marked(viewer: TestClient, sample: Sample) -> None:
    page = viewer.get(f"/documents/{sample.documents[2]}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>not bold" not in page
    assert "9 civilians were killed</mark>" in page
    assert sample.documents[2] in page  # the text's hash, and the bytes' (the same here)
    assert "Receipts" in page and "field-monitor.example" in page


def test_web_documents_list_and_search(viewer: TestClient, sample: Sample) -> None:
    page = viewer.get("/documents").text
    assert all(f"/documents/{d}" in page for d in sample.documents)
    hits = viewer.get("/documents", params={"q": "stray"}).text
    assert f"/documents/{sample.documents[1]}" in hits and '<mark class="hl">stray</mark>' in hits


def test_web_map_lists_every_name_each_side_uses(viewer: TestClient) -> None:
    page = viewer.get("/map").text
    assert 'src="/vendor/leaflet/leaflet.js"' in page and 'src="/static/map.js"' in page
    assert 'data-lat="45.1"' in page
    spans = re.findall(r'<span class="usage">(.*?)(?=<span class="usage">|</td>)', page)
    usage = {text.split()[0]: dict(re.findall(r"(\w+) ×(\d+)", text)) for text in map(_text, spans)}
    assert usage["Aldmark"] == {"Kessa": "2"}
    assert usage["Brenland"] == {
        "Kessa": "1",
        "Kesse": "1",
    }  # each side's own name for the place, never one chosen for both


def test_web_timelines_draw_a_chart_per_measure(viewer: TestClient) -> None:
    page = viewer.get("/timelines").text
    assert page.count("<svg") == 1
    assert "<polyline" in page and "Aldmark Health Ministry (Aldmark)" in page
    assert "civilians killed" in page
    assert viewer.get("/timelines", params={"measure": "displaced"}).text.count("<svg") == 0


def test_web_contradictions_incidents_clusters(viewer: TestClient, sample: Sample) -> None:
    contradictions = viewer.get("/contradictions").text
    assert "Lena Orm denies it" in contradictions and contradictions.count('class="source-card"') == 2
    incidents = viewer.get("/incidents").text
    assert "shelling · Kessa · 2030-03-03" in incidents and "2–14" in _text(incidents)
    incident = viewer.get(f"/incidents/{sample.incident}").text
    assert incident.count('class="source-card"') == 5
    clusters = viewer.get("/clusters").text
    assert "civilians killed · Kessa" in clusters


def test_web_actor_merge_and_party(analyst: TestClient) -> None:
    actors = {a["name"]: a["id"] for a in analyst.get("/api/actors").json()}
    page = analyst.get(f"/actors/{actors['Ivo Darr']}").text
    token = _form_token(page)
    party = analyst.post(
        f"/actors/{actors['Ivo Darr']}/party", data={"party": "Brenland", "csrf_token": token}
    )
    assert party.status_code == 303
    merged = analyst.post(
        f"/actors/{actors['Ivo Darr']}/merge", data={"drop_id": actors["Field Monitor"], "csrf_token": token}
    )
    assert merged.status_code == 303
    page = analyst.get(merged.headers["location"]).text
    assert "Actors merged." in page and "actor.merge" in page and "actor.set_party" in page
    assert (
        analyst.get(f"/actors/{actors['Field Monitor']}").headers["location"]
        == f"/actors/{actors['Ivo Darr']}"
    )
    assert "Ivo Darr" in analyst.get("/actors", params={"party": "Brenland"}).text


def test_web_users_page_is_for_admins(admin: TestClient, analyst: TestClient) -> None:
    assert analyst.get("/admin/users").status_code == 403
    page = admin.get("/admin/users").text
    token = _form_token(page)
    added = admin.post(
        "/admin/users",
        data={"name": "newcomer", "password": "newcomer-password", "role": "analyst", "csrf_token": token},
    )
    assert added.status_code == 303
    assert "newcomer" in admin.get("/admin/users").text
    short = admin.post(
        "/admin/users", data={"name": "x", "password": "short", "role": "viewer", "csrf_token": token}
    )
    assert short.status_code == 422 and "at least" in short.text


def test_web_public_mode_reads_without_sign_in(make_client: MakeClient, sample: Sample) -> None:
    client = make_client(public=True)
    assert client.get("/").status_code == 200
    page = client.get(f"/claims/{sample.figure_a}").text
    assert "public, read-only" in page and "Sign in" in page
    assert 'value="accept"' not in page


def test_web_unknown_claim_is_a_404_page(viewer: TestClient) -> None:
    response = viewer.get("/claims/" + "ab" * 32)
    assert response.status_code == 404
    assert "Not found" in response.text and "<!doctype html>" in response.text.lower()


class _Markup(HTMLParser):
    """Every element's tag and attributes in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def test_web_pages_use_no_inline_script_or_style(viewer: TestClient, sample: Sample) -> None:
    for path in (
        "/",
        f"/claims/{sample.figure_a}",
        f"/documents/{sample.documents[2]}",
        "/map",
        "/timelines",
    ):
        parser = _Markup()
        parser.feed(viewer.get(path).text)
        for tag, attrs in parser.elements:
            assert tag != "style", path
            assert tag != "script" or attrs.get("src"), path
            assert tag != "img", path  # the sample's <img onerror> is text, never an element
            assert not [a for a in attrs if a.startswith("on") or a == "style"], (path, tag, attrs)


def test_web_analyst_reattributes_a_claim(analyst: TestClient, sample: Sample) -> None:
    orm = next(a["id"] for a in analyst.get("/api/actors").json() if a["name"] == "Lena Orm")
    url = f"/claims/{sample.figure_c}"
    page = analyst.get(url).text
    assert f'<option value="{orm}">Lena Orm (Brenland)</option>' in page
    response = analyst.post(
        f"{url}/review",
        data={"review": "edit", "expected_version": "1", "csrf_token": _form_token(page), "speaker_id": orm},
    )
    assert response.status_code == 303
    claim = analyst.get(f"/api/claims/{sample.figure_c}").json()
    assert (claim["speaker"]["name"], claim["speaker"]["party"]) == ("Lena Orm", "Brenland")
    page = analyst.get(url).text
    assert re.search(
        r'<tr class="changed"><th scope="row">Speaker</th><td>Lena Orm</td><td>Field Monitor</td>', page
    )
    mention = analyst.post(  # a later edit of another field keeps the chosen speaker
        f"{url}/review",
        data={
            "review": "edit",
            "expected_version": "2",
            "csrf_token": _form_token(page),
            "speaker_id": orm,
            "mention": "Ms Orm",
        },
    )
    assert mention.status_code == 303
    claim = analyst.get(f"/api/claims/{sample.figure_c}").json()
    assert (claim["speaker"]["name"], claim["speaker"]["mention"]) == ("Lena Orm", "Ms Orm")


def test_web_edit_of_an_events_action_is_not_taken_for_the_review_button(
    analyst: TestClient, sample: Sample
) -> None:
    url = f"/claims/{sample.event_a}"
    page = analyst.get(url).text
    assert 'name="action"' in page and 'name="review" value="edit"' in page  # the field and the button apart
    response = analyst.post(
        f"{url}/review",
        data={"review": "edit", "expected_version": "1", "csrf_token": _form_token(page), "action": "bombed"},
    )
    assert response.status_code == 303, response.text
    assert analyst.get(f"/api/claims/{sample.event_a}").json()["event"]["action"] == "bombed"
