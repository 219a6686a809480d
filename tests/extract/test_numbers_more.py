"""More quantities: label lists, telephones, day ranges, ages, measures joined by a hyphen, shared scales."""

from __future__ import annotations

import pytest

from audiatur.domain import Bound
from audiatur.extract import Lexicon
from audiatur.extract.numbers import find_quantities


@pytest.mark.parametrize(
    "text",
    [
        # percentages written out
        "45 per cent of voters",
        "fell 12 pct in a year",
        "38 pct. of the vote",
        # every label of a list, not only the first
        "resolutions 822, 853, 874 and 884",
        "Security Council resolutions 242 (1967) and 338 (1973)",
        "articles 6, 7 and 8",
        "paragraphs 3 and 4",
        "sections 12-14 of the code",
        # telephone numbers
        "call 555 1234",
        "Tel: 12 34 56",
        "phone 0800-123-456",
        "on +41 22 917 0000",
        "the hotline 0300 123 4567",
        # ranges of days
        "on October 3-4",
        "on May 10 and 11",
        "October 3 to 5",
        # ages
        "aged between 20 and 30",
        "aged from 18 to 25",
        "under the age of 18",
        # weights, calibres and measures joined by a hyphen
        "a 500-pound bomb",
        "a 250-kg bomb",
        "a 2-tonne truck",
        "a 120-millimetre mortar",
        "a 40-foot container",
        # sub-paragraphs of a legal provision
        "Article 8(2)(b) of the Rome Statute",
        "under Section 4(3) of the act",
    ],
)
def test_quantity_more_not_a_count(text: str, lexicon: Lexicon) -> None:
    # a real count follows each trap, so this cannot pass with number finding switched off
    assert [q.value for q in find_quantities(f"{text}; and then 7 people", lexicon)] == [7]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Under resolution 2334, 40 soldiers were deployed.", [40]),
        ("On October 3, 12 people were killed.", [12]),
        ("On October 3 and 9 civilians were hurt.", [9]),
        ("Article 51 and 14 soldiers", [14]),
        ("In 2019, 30 houses burned.", [30]),
        ("They counted 555 dead and 1234 wounded.", [555, 1234]),
        ("Some 1000-2000 people fled.", [1000]),
    ],
)
# guards: a list of labels or days ends where a count begins (these held before the list rules; a list rule
# that swallowed every following number would break them)
def test_quantity_more_count_after_a_label_or_date_is_kept(
    text: str, values: list[int], lexicon: Lexicon
) -> None:
    assert [q.value for q in find_quantities(text, lexicon)] == values


@pytest.mark.parametrize(
    ("text", "written", "low", "high"),
    [
        ("between two and three thousand people", "between two and three thousand", 2000, 3000),
        ("two to three hundred people", "two to three hundred", 200, 300),
        ("two or three hundred people", "two or three hundred", 200, 300),
        ("5-6 thousand people", "5-6 thousand", 5000, 6000),
        ("between 2 and 3 million people", "between 2 and 3 million", 2_000_000, 3_000_000),
        ("between 10 and 20 thousand people", "between 10 and 20 thousand", 10_000, 20_000),
        # no shared scale: the first end is already larger than the second's number
        ("between 500 and 3 thousand people", "between 500 and 3 thousand", 500, 3000),
        ("two hundred to three thousand people", "two hundred to three thousand", 200, 3000),
    ],
)
def test_quantity_more_range_shares_its_scale_word(
    text: str, written: str, low: int, high: int, lexicon: Lexicon
) -> None:
    (q,) = find_quantities(text, lexicon)
    assert (q.text, q.value, q.low, q.high, q.bound) == (written, low, low, high, Bound.RANGE)


def test_quantity_more_bound_on_a_shared_scale_range(lexicon: Lexicon) -> None:
    (q,) = find_quantities("at least 2 to 3 thousand people", lexicon)
    assert (q.value, q.low, q.high, q.bound) == (2000, 2000, 3000, Bound.AT_LEAST)
