"""Fuzzing the extraction pipeline: random and adversarial text never raises, and every claim and
statement it finds quotes its document exactly (the evidence span is the text at its offsets).

A component failure would surface as `ExtractionError` (the pipeline wraps component bugs so a batch
goes on); here that counts as a crash, because on any text the pipeline is meant to succeed.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from spacy.language import Language

from audiatur.demo import DEMO_WORLD
from audiatur.domain import Extraction
from audiatur.errors import InputError
from audiatur.extract import build_nlp, extract_document
from audiatur.ingest.documents import Metadata, make_capture

from .budgets import fuzz
from .fuzzing import record

# Words and shapes the components look for, so random text reaches deep into their rules.
FRAGMENTS = st.sampled_from(
    [
        " said ",
        " denied ",
        " called on ",
        " urged ",
        " described ",
        " as ",
        " killed ",
        " wounded ",
        " at least ",
        " more than ",
        " up to ",
        " between ",
        " and ",
        " to ",
        " per cent",
        " civilians",
        " soldiers",
        " 1,000,000,000,000,000,000,000",
        " 0.0000001",
        " -5",
        " 10^1000",
        " 3-4",
        " two to three thousand",
        " hundreds",
        " 31 February 2027",
        " October 3-4",
        " on Tuesday",
        " 8(2)(b)",
        "\u201c",
        "\u201d",
        '"',
        "'",
        "\u2019",
        " (",
        ")",
        ":",
        "\n\n",
        "\n",
        " Q:",
        " MAREN:",
        " the Ministry of Defence",
        " Kestria",
        " Velsaria",
        " Harvik",
        " Kestrian",
        " Velsarian artillery",
        " shelled",
        " did not",
        " no",
        " \u202e",
        " \u200b",
        " e\u0301",
        " \U0001f600",
        " \ufeff",
        "\t",
        " \u00a0",
        ".",
        ",",
        ";",
        "!",
        "?",
    ]
)
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
ADVERSARIAL = st.lists(st.one_of(FRAGMENTS, WORDS), min_size=1, max_size=60).map("".join)
RANDOM = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=400)


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The default pipeline with the demo world's actors and places."""
    return build_nlp(data=[str(DEMO_WORLD)])


def _extract(nlp: Language, text: str) -> Extraction | None:
    try:
        capture = make_capture(
            text,
            raw=text.encode("utf-8"),
            source="fuzz.txt",
            media_type="text/plain",
            metadata=Metadata(),
            max_text_chars=100_000,
            retrieved_at=datetime(2027, 5, 7, tzinfo=UTC),
        )
    except InputError:
        return None  # blank text: refused before extraction, as ingest does
    document = capture.document
    try:
        extraction = extract_document(document, nlp)
    except BaseException:
        record(document.text.encode("utf-8"), ".txt")
        raise
    for item in (*extraction.claims, *extraction.statements):
        span = item.evidence
        assert span.document_id == document.id
        assert 0 <= span.start < span.end <= len(document.text)
        assert document.text[span.start : span.end] == span.text
    assert len({c.id for c in extraction.claims}) == len(extraction.claims)
    return extraction


@fuzz
@given(ADVERSARIAL)
@example("The Kestrian Ministry of Defence said 1,000,000,000,000,000,000,000 civilians were killed.")
@example("\u201c" * 200 + "said" + "\u201d" * 200)
@example("MAREN: " * 50)
@example("killed between 5 and 3 and 10^1000 and two to three thousand civilians on 31 February 2027.")
def test_fuzz_extraction_on_adversarial_text(nlp: Language, text: str) -> None:
    _extract(nlp, text)


@fuzz
@given(RANDOM)
def test_fuzz_extraction_on_random_text(nlp: Language, text: str) -> None:
    _extract(nlp, text)


def test_extraction_on_one_long_sentence_and_deep_quotes(nlp: Language) -> None:
    long_sentence = (
        "The ministry said that " + ", and ".join(f"{n} civilians were killed" for n in range(2000)) + "."
    )
    extraction = _extract(nlp, long_sentence)
    assert extraction is not None and extraction.claims
    quotes = "Velsaria said \u201c" + "Kestria said \u201c" * 300 + "nothing" + "\u201d" * 300 + "\u201d."
    assert _extract(nlp, quotes) is not None
