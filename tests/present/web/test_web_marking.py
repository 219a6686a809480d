"""Text marking: evidence in its paragraph, every claim of a document, search matches, store snippets."""

from __future__ import annotations

from audiatur.present.web.marking import (
    Segment,
    Span,
    evidence_in_paragraph,
    first_spans,
    mark_spans,
    mark_terms,
    snippet_segments,
)
from audiatur.store import HIGHLIGHT_END, HIGHLIGHT_START

TEXT = (
    "Title line\n\nFirst paragraph. It says 27 civilians were killed.\n\n"
    "Second paragraph about <b>markup</b>."
)


def _marked(segments: list[Segment]) -> list[str]:
    return [s.text for s in segments if s.marked]


def test_marking_evidence_in_its_paragraph_only() -> None:
    start = TEXT.index("27 civilians")
    segments = evidence_in_paragraph(TEXT, start, start + len("27 civilians were killed"))
    assert "".join(s.text for s in segments) == "First paragraph. It says 27 civilians were killed."
    assert _marked(segments) == ["27 civilians were killed"]


def test_marking_long_paragraphs_are_trimmed_at_word_boundaries() -> None:
    words = " ".join(f"word{i}." for i in range(400))
    text = words + " EVIDENCE HERE " + words
    start = text.index("EVIDENCE")
    segments = evidence_in_paragraph(text, start, start + len("EVIDENCE HERE"), context=50)
    shown = "".join(s.text for s in segments)
    assert shown.startswith("… ") and shown.endswith(" …")
    assert len(shown) < 150
    assert _marked(segments) == ["EVIDENCE HERE"]
    assert all(part.startswith("word") or part in ("…", "EVIDENCE", "HERE") for part in shown.split())


def test_marking_overlapping_spans_are_cut_at_every_boundary() -> None:
    text = "abcdefghij"
    segments = mark_spans(text, [Span(2, 6, "x"), Span(4, 8, "y")])
    assert [(s.text, s.keys, s.opens) for s in segments] == [
        ("ab", (), ()),
        ("cd", ("x",), ("x",)),
        ("ef", ("x", "y"), ("y",)),
        ("gh", ("y",), ()),
        ("ij", (), ()),
    ]
    assert first_spans([Span(4, 8, "y"), Span(2, 6, "x")]) == {"x": 1, "y": 2}


def test_marking_spans_outside_a_window_are_clipped() -> None:
    segments = mark_spans("window", [Span(8, 14, "a"), Span(0, 3, "b"), Span(20, 30, "c")], offset=10)
    assert [(s.text, s.keys) for s in segments] == [("wind", ("a",)), ("ow", ())]


def test_marking_search_terms_case_insensitive_prefixes() -> None:
    segments = mark_terms("Civilians killed; civilian homes hit", 'civilian "homes" -hit')
    assert _marked(segments) == ["Civilians", "civilian", "homes"]
    assert mark_terms("text", None) == [Segment("text")]


def test_marking_store_snippets() -> None:
    snippet = f"… the {HIGHLIGHT_START}shelling{HIGHLIGHT_END} of <b>{HIGHLIGHT_START}Kessa{HIGHLIGHT_END}"
    segments = snippet_segments(snippet)
    assert [(s.text, s.marked) for s in segments] == [
        ("… the ", False),
        ("shelling", True),
        (" of <b>", False),
        ("Kessa", True),
    ]
    assert snippet_segments(f"unclosed {HIGHLIGHT_START}match") == [
        Segment("unclosed "),
        Segment("match", ("match",)),
    ]
