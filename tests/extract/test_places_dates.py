"""Places from the gazetteer (one id, every name) and dates read against the publication date."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from audiatur.demo import DEMO_WORLD
from audiatur.domain import DatePrecision
from audiatur.extract.dates import find_dates

from .helpers import PUBLISHED, Extractor, figure_of


@pytest.fixture(scope="module")
def places_nlp() -> Language:
    """A blank pipeline with only the places and dates components: the curated places and the demo world's,
    without the geonames world base (contested names are curated, and the base takes seconds to load)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("audiatur_places", config={"data": [str(DEMO_WORLD)], "world_base": False})
    nlp.add_pipe("audiatur_dates", config={"data": [str(DEMO_WORLD)]})
    return nlp


def run(nlp: Language, text: str, published: str = PUBLISHED.isoformat()) -> Doc:
    """`text` through `nlp`, with a publication date for the dates component."""
    doc = nlp.make_doc(text)
    doc._.audiatur_meta = {"published": published}
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def place_ids(doc: Doc) -> list[tuple[str, str]]:
    """(name as written, place id) of every place span."""
    return [(span.text, span._.audiatur_value) for span in doc.spans["audiatur_places"]]


# ------------------------------------------------------------------------------------------------ places


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Stepanakert", "Khankendi"),
        ("Shusha", "Shushi"),
        ("Tartar", "Terter"),
        ("Tamsk", "Tamesh"),
        ("Brenovik", "Brenavë"),
    ],
)
def test_place_alternate_and_contested_names_share_one_id(places_nlp: Language, one: str, other: str) -> None:
    doc = run(places_nlp, f"Shells fell on {one} overnight. Residents of {other} fled.")
    (first, first_id), (second, second_id) = place_ids(doc)
    assert (first, second) == (one, other)
    assert first_id == second_id


def test_place_unknown_name_is_not_a_place(places_nlp: Language) -> None:
    doc = run(places_nlp, "Shells fell on Quorvath overnight and on Pellin at dawn.")
    assert place_ids(doc) == [("Pellin", "demo:pellin")]


def test_place_on_a_claim_keeps_the_name_written_and_every_name(ex: Extractor) -> None:
    claims = ex.figures("Five civilians were killed in Brenavë. Two were killed in Brenovik.")
    refs = [figure_of(c).places for c in claims]
    assert [[(p.id, p.name) for p in r] for r in refs] == [
        [("demo:brenovik", "Brenavë")],
        [("demo:brenovik", "Brenovik")],
    ]
    assert {"Brenovik", "Brenavë"} <= set(refs[0][0].names)


def test_place_extraction_lists_each_place_once_with_all_its_names(ex: Extractor) -> None:
    extraction = ex.extraction(
        "Four civilians were killed in Tamsk. Velsaria said six were killed in Tamesh."
    )
    (place,) = extraction.places
    assert (place.id, place.name) == ("demo:tamsk", "Tamsk / Tamesh")
    assert {"Tamsk", "Tamesh"} <= set(place.names)


def test_place_real_world_contested_city_on_a_figure(ex: Extractor) -> None:
    (ref,) = figure_of(ex.figure("Two civilians were killed in Khankendi.")).places
    assert ref.name == "Khankendi"
    assert {"Stepanakert", "Khankendi"} <= set(ref.names)


# ------------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "written", "value", "precision"),
    [
        ("on 4 October", "4 October", date(2026, 10, 4), DatePrecision.DAY),
        ("on the 3rd of May", "3rd of May", date(2027, 5, 3), DatePrecision.DAY),
        ("May 5", "May 5", date(2027, 5, 5), DatePrecision.DAY),
        ("Sept. 27", "Sept. 27", date(2026, 9, 27), DatePrecision.DAY),
        ("October 4, 2020", "October 4, 2020", date(2020, 10, 4), DatePrecision.DAY),
        ("27.09.2020", "27.09.2020", date(2020, 9, 27), DatePrecision.DAY),
        ("on 2027-05-02", "2027-05-02", date(2027, 5, 2), DatePrecision.DAY),
        ("in April 2018", "in April 2018", date(2018, 4, 1), DatePrecision.MONTH),
        ("on Tuesday", "on Tuesday", date(2027, 5, 4), DatePrecision.DAY),
        ("on Sunday", "on Sunday", date(2027, 5, 9), DatePrecision.DAY),
        ("on Monday", "on Monday", date(2027, 5, 10), DatePrecision.DAY),
        ("last Monday", "last Monday", date(2027, 5, 3), DatePrecision.DAY),
        ("yesterday", "yesterday", date(2027, 5, 9), DatePrecision.DAY),
        ("last night", "last night", date(2027, 5, 9), DatePrecision.DAY),
        ("this morning", "this morning", date(2027, 5, 10), DatePrecision.DAY),
        ("last month", "last month", date(2027, 4, 1), DatePrecision.MONTH),
    ],
)
def test_date_read_against_the_publication_date(
    text: str, written: str, value: date, precision: DatePrecision
) -> None:
    (found,) = find_dates(text, PUBLISHED)
    assert (found.text, found.value, found.precision) == (written, value, precision)
    assert text[found.start : found.end] == written


@pytest.mark.parametrize(("text", "value"), [("on Tuesday", None), ("4 October 2020", date(2020, 10, 4))])
def test_date_without_a_publication_date_only_full_dates_resolve(text: str, value: date | None) -> None:
    (found,) = find_dates(text, None)
    assert found.value == value


def test_date_may_as_a_verb_is_not_a_month() -> None:
    assert [
        d.text for d in find_dates("Officials said 5 more may die. The strike was on May 5.", PUBLISHED)
    ] == ["May 5"]


def test_date_component_spans(places_nlp: Language) -> None:
    doc = run(places_nlp, "Kolmo was shelled on Sunday and again on 9 May.")
    spans = doc.spans["audiatur_dates"]
    assert [(s.text, s._.audiatur_value.value) for s in spans] == [
        ("on Sunday", date(2027, 5, 9)),
        ("9 May", date(2027, 5, 9)),
    ]
