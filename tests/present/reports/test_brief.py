"""`audiatur report` on the demo ledger: each party's figures with their ranges, the contradictions, the
single-origin flags, each origin's timeline chart, sources with hashes; no verdict words in the wording; the
HTML fetches nothing; the PDF has the same headings.

The brief under test is the one of the demo incident whose figures come from the most parties (the
cluster-munition strike on Tamsk, reported by both sides and the independent monitor).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from typer.testing import CliRunner

from audiatur.domain import Claim, ClaimKind, Incident
from audiatur.present.cli.app import app, main
from audiatur.present.reports import Scope, make_brief, render_html
from audiatur.present.wording import BANNED_WORDS, amount_phrase, attributed, uses_banned_words
from audiatur.store import Store, open_store
from demo_ledger import demo_ledger_copy


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_ledger_copy(tmp_path_factory, "brief")


@pytest.fixture(scope="module")
def store(demo_db: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{demo_db}") as opened:
        yield opened


def _figures(store: Store, incident: Incident) -> list[Claim]:
    claims = [store.get_claim(i) for i in incident.claim_ids]
    return [c for c in claims if c.kind is ClaimKind.FIGURE and str(c.status) != "rejected"]


@pytest.fixture(scope="module")
def incident(store: Store) -> Incident:
    """The incident whose figures come from the most parties (then the one with most claims)."""

    def parties(i: Incident) -> int:
        return len({c.speaker.party for c in _figures(store, i) if c.speaker and c.speaker.party})

    best = max(store.list_incidents(limit=1000), key=lambda i: (parties(i), len(i.claim_ids), i.id))
    assert parties(best) >= 3, "the demo has an incident reported by both sides and the monitor"
    return best


@pytest.fixture(scope="module")
def brief_html(demo_db: Path, incident: Incident, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("brief-out") / "brief.html"
    result = CliRunner().invoke(
        app, ["--db", str(demo_db), "report", "--incident", incident.id[:12], "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def doc(brief_html: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(brief_html.read_text(encoding="utf-8"))


def _find(element: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    """Elements under `element` matching a small CSS subset (cssselect is not a dependency): steps
    `tag`, `.class`, `tag.class`, `#id`, joined by spaces (descendant) or `>` (child); `,` for either."""
    paths = []
    for alternative in selector.split(","):
        path, axis = ".", "//"
        for step in alternative.replace(">", " > ").split():
            if step == ">":
                axis = "/"
                continue
            tag, _, rest = step.partition("#") if step.startswith("#") else (step, "", "")
            if rest:
                path += f"{axis}*[@id='{rest}']"
            else:
                name, _, classes = tag.partition(".")
                tests = "".join(
                    f"[contains(concat(' ', normalize-space(@class), ' '), ' {c} ')]"
                    for c in classes.split(".")
                    if c
                )
                path += f"{axis}{name or '*'}{tests}"
            axis = "//"
        paths.append(path)
    found: list[lxml.html.HtmlElement] = element.xpath(" | ".join(paths))
    return found


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _heading(claim: Claim) -> str:
    assert claim.figure is not None
    return f"{claim.figure.subject_class.value.capitalize()} {claim.figure.measure.value}"


def _question(doc: lxml.html.HtmlElement, heading: str) -> lxml.html.HtmlElement:
    found = [
        a
        for a in _find(doc.get_element_by_id("figures"), "article.question")
        if _text(_find(a, "h3")[0]) == heading
    ]
    assert len(found) == 1, f"one question headed {heading!r}"
    return found[0]


def _party_block(question: lxml.html.HtmlElement, party: str) -> lxml.html.HtmlElement:
    blocks = [s for s in _find(question, "section.party") if _text(_find(s, "h4")[0]).split(" ")[0] == party]
    assert len(blocks) == 1, f"one block for {party!r}"
    return blocks[0]


def _numbers(text: str) -> set[int]:
    return {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)}


# ------------------------------------------------------------------------------------------------ content


def test_brief_gives_each_partys_figures_with_their_range(
    store: Store, incident: Incident, doc: lxml.html.HtmlElement
) -> None:
    figures = _figures(store, incident)
    by_question: dict[tuple[str, str], list[Claim]] = {}
    for c in figures:
        if c.speaker and c.speaker.party:
            by_question.setdefault((_heading(c), c.speaker.party), []).append(c)
    assert len({party for _, party in by_question}) >= 3
    for (heading, party), claims in by_question.items():
        block = _party_block(_question(doc, heading), party)
        shown = _numbers(_text(block))
        values = {c.figure.value for c in claims if c.figure and c.figure.value is not None}
        assert values & shown, f"{party}'s {heading.lower()} {sorted(values)} not in {_text(block)[:300]}"
        lows = [c.figure.low for c in claims if c.figure and c.figure.low is not None]
        highs = [c.figure.high for c in claims if c.figure and c.figure.high is not None]
        if lows and highs:
            # The block's own range covers at least this incident's figures of the party.
            low, high = (min(lows), max(highs))
            heading_numbers = _numbers(_text(_find(block, "h4 .range")[0]))
            assert min(heading_numbers) <= low and max(heading_numbers) >= high


def test_brief_sentences_say_who_says_what(
    store: Store, incident: Incident, doc: lxml.html.HtmlElement
) -> None:
    sentences = {_text(s) for s in _find(doc, "#figures .sentence")}
    independent = {p.name for p in store.list_parties() if str(p.kind) == "independent"}
    lines = {li.get("data-claim"): li for li in _find(doc, "#figures li.line")}
    assert lines
    for claim_id, li in lines.items():
        claim = store.get_claim(claim_id)
        assert claim.figure is not None and claim.speaker is not None
        expected = attributed(claim, independent=claim.speaker.party in independent)
        assert _text(_find(li, ".sentence")[0]) == expected
        assert amount_phrase(claim.figure) in expected
        assert _text(_find(li, "q.quote")[0]) == claim.evidence.text  # the exact words, as evidence
    monitors = [s for s in sentences if ", an independent monitor, reports" in s]
    sides = [s for s in sentences if re.search(r"\) says \S", s)]
    assert monitors and sides


def test_brief_shows_the_contradictions_with_both_sides_words(
    store: Store, incident: Incident, doc: lxml.html.HtmlElement
) -> None:
    expected = {c.id: c for i in incident.claim_ids for c in store.contradictions_of_claim(i)}
    assert expected, "the demo incident has a contradiction"
    articles = _find(doc.get_element_by_id("contradictions"), "article.contradiction")
    shown = {_text(_find(a, ".reason")[0]): a for a in articles}
    for c in expected.values():
        assert c.reason in shown, c.reason
        quotes = [_text(q) for q in _find(shown[c.reason], "q.quote")]
        assert quotes == [store.get_claim(i).evidence.text for i in c.claim_ids]


def test_brief_flags_single_origin_figures(store: Store, doc: lxml.html.HtmlElement) -> None:
    flagged = unflagged = 0
    for li in _find(doc, "#figures li.line"):
        clusters = store.clusters_of_claim(li.get("data-claim"))
        single = bool(clusters) and max(c.independent_origins for c in clusters) <= 1
        flags = [_text(f) for f in _find(li, ".flag")]
        has_flag = any(f.startswith("single origin") for f in flags)
        assert has_flag == single, (li.get("data-claim"), flags)
        flagged += has_flag
        unflagged += not has_flag
    assert flagged and unflagged, "the incident has single-origin figures and corroborated ones"
    assert _find(doc, "#figures p.flag.single-origin")


def test_brief_has_each_origins_timeline_chart(store: Store, doc: lxml.html.HtmlElement) -> None:
    charts = _find(doc, "#figures figure.chart svg")
    assert charts
    origins = {t.origin for t in store.list_timelines()}
    for svg in charts:
        label = svg.get("aria-label")
        assert svg.get("role") == "img" and label
        assert any(o in label for o in origins)
        assert _find(svg, "path"), "lines drawn"
    ids = [e.get("id") for e in doc.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "ids stay unique with several charts inline"


def test_brief_lists_sources_with_dates_and_hashes(
    store: Store, incident: Incident, doc: lxml.html.HtmlElement
) -> None:
    sources = _find(doc.get_element_by_id("sources"), "ol.sources > li")
    cited = {int(a.get("href").removeprefix("#source-")) for a in _find(doc, "a.cite")}
    assert cited == {int(li.get("value")) for li in sources}
    for li in sources:
        text_hash, raw_hash = (_text(c) for c in _find(li, "code"))
        document = store.get_document(text_hash)
        assert document.raw_sha256 == raw_hash
        if document.published:
            assert document.published.isoformat() in _text(li)
    documents = {store.get_claim(i).document_id for i in incident.claim_ids}
    assert documents <= {_text(_find(li, "code")[0]) for li in sources}


def test_brief_is_self_contained(brief_html: Path) -> None:
    html = brief_html.read_text(encoding="utf-8")
    doc = lxml.html.fromstring(html)
    assert not _find(doc, "script, link, img, iframe, object, embed")
    assert not [e for e in doc.iter() if e.get("src")]
    assert "url(" not in "".join(s.text_content() for s in _find(doc, "style"))
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']")[0].get("content")
    assert "default-src 'none'" in csp


# ------------------------------------------------------------------------------------------------ wording


def _generated_text(doc: lxml.html.HtmlElement) -> tuple[str, str]:
    """(the brief's own wording, the sources' words: quotations, and their titles, publishers, addresses)."""
    quotes = _find(doc, ".quote, .source-text")
    quoted = " ".join(q.text_content() for q in quotes)
    for q in quotes:
        q.drop_tree()  # keeps the text after it
    for hidden in _find(doc, "style, title, svg"):
        hidden.drop_tree()
    return doc.text_content(), quoted


def test_brief_wording_uses_no_verdict_words(doc: lxml.html.HtmlElement) -> None:
    own, _ = _generated_text(lxml.html.fromstring(lxml.html.tostring(doc)))
    assert uses_banned_words(own) == []


@pytest.mark.parametrize("topic", ["fabrication", "lie", "correct"])
def test_brief_quotes_verdict_words_only_as_the_sources_words(store: Store, topic: str) -> None:
    html = render_html(make_brief(store, Scope(topic=topic)))
    own, quoted = _generated_text(lxml.html.fromstring(html))
    assert topic in uses_banned_words(quoted), "the sources' own words are kept as written"
    assert uses_banned_words(own) == []


def test_generated_sentences_for_every_demo_claim_use_no_verdict_words(store: Store) -> None:
    independent = {p.name for p in store.list_parties() if str(p.kind) == "independent"}
    for claim, _ in store.iter_export():
        sentence = attributed(claim, independent=bool(claim.speaker and claim.speaker.party in independent))
        own = re.sub(r"“[^”]*”?", "", sentence)  # the words quoted from the source
        assert uses_banned_words(own) == [], sentence
    assert {"false", "lie", "propaganda"} <= BANNED_WORDS


# -------------------------------------------------------------------------------------------- command line


def test_report_usage_errors_are_one_line(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    runner = CliRunner()
    db = ["--db", str(demo_db), "report"]
    both = runner.invoke(
        app, [*db, "--place", "Harvik", "--topic", "rockets", "-o", str(tmp_path / "b.html")]
    )
    assert both.exit_code == 2 and "only one" in both.output
    nowhere = runner.invoke(app, [*db, "--place", "Harvik"])
    assert nowhere.exit_code == 2 and "-o" in nowhere.output
    command = ["--db", str(demo_db), "report", "--place", "Atlantis", "-o", str(tmp_path / "c.html")]
    monkeypatch.setattr(sys, "argv", ["audiatur", *command])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    assert capsys.readouterr().err.strip().splitlines() == ["error: no place named 'Atlantis' in the ledger"]
    assert not list(tmp_path.glob("*.html*"))


def test_pdf_without_weasyprint_is_one_clear_error(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if the `pdf` extra were not installed
    from audiatur.errors import ConfigError
    from audiatur.present.reports import write_pdf

    with pytest.raises(ConfigError, match=r"pip install 'audiatur\[pdf\]'"):
        write_pdf("<p>x</p>", tmp_path / "x.pdf")
    assert not list(tmp_path.iterdir())


# -------------------------------------------------------------------------------------------------- PDF


@pytest.mark.slow
def test_pdf_renders_with_the_same_headings(
    demo_db: Path, incident: Incident, doc: lxml.html.HtmlElement, tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "brief.pdf"
    result = CliRunner().invoke(
        app, ["--db", str(demo_db), "report", "--incident", incident.id, "--pdf", str(pdf)]
    )
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split()).casefold()  # some headings are set in capitals by the style sheet
    headings = [_text(h) for h in _find(doc, "h1, h2, h3, h4")]
    assert {"Figures across sources", "Contradictions", "Sources"} <= set(headings)
    missing = [h for h in headings if h.casefold() not in flat]
    assert not missing, missing


def test_brief_names_its_ledger_without_the_local_path(brief_html: Path, demo_db: Path) -> None:
    html = brief_html.read_text(encoding="utf-8")
    assert f"from the ledger {demo_db.name} " in html
    assert str(demo_db.parent) not in html, "no local path travels with the brief"


def test_place_brief_title_gives_each_name_once(store: Store) -> None:
    place = max(store.list_places(), key=lambda p: (len(p.names), p.id))
    assert len(place.names) >= 2, "a demo place has a name on each side"
    title = make_brief(store, Scope(place=place.names[-1])).title
    names = [
        n.strip().casefold() for part in title.removeprefix("Place: ").split(", ") for n in part.split(" / ")
    ]
    assert len(names) == len(set(names)), title
    assert {part.strip().casefold() for n in place.names for part in n.split(" / ")} <= set(names)
