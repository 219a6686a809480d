"""Fixtures for the extract tests: one pipeline per session, built with the demo world's actors and places."""

from __future__ import annotations

import pytest
from spacy.language import Language

from audiatur.demo import DEMO_WORLD
from audiatur.extract import Lexicon, build_nlp, load_lexicon

from .helpers import Extractor


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default (model-free) pipeline, knowing Kestria, Velsaria and their people from the demo world."""
    return build_nlp(data=[str(DEMO_WORLD)])


@pytest.fixture(scope="session")
def ex(nlp: Language) -> Extractor:
    """Extraction over single sentences or short texts: `ex.figures(text)`, `ex.event(text)`, …"""
    return Extractor(nlp)


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    """The package's own lexicons and world data (no demo world)."""
    return load_lexicon()
