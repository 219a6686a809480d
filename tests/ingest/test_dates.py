"""Publication dates and their precision."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

import pytest

from audiatur.domain import DatePrecision
from audiatur.ingest.dates import date_from_struct, parse_published

DAY, MONTH, YEAR, UNKNOWN = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.UNKNOWN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-10-08", (date(2020, 10, 8), DAY)),
        ("2020-10", (date(2020, 10, 1), MONTH)),
        ("2020", (date(2020, 1, 1), YEAR)),
        (2020, (None, UNKNOWN)),  # only strings and dates are read; JSON years arrive as strings
        ("8 October 2020", (date(2020, 10, 8), DAY)),
        ("October 2020", (date(2020, 10, 1), MONTH)),
        ("Thu, 08 Oct 2020 23:30:00 -0500", (date(2020, 10, 8), DAY)),  # the publisher's own day
        ("2020-10-08T23:30:00-05:00", (date(2020, 10, 8), DAY)),
        ("08.10.2020", (date(2020, 10, 8), DAY)),  # dotted numeric dates are day-first
        ("October 8", (None, UNKNOWN)),  # no year: not a date we can stand behind
        ("2020-13-01", (None, UNKNOWN)),
        ("yesterday", (None, UNKNOWN)),
        ("1066", (None, UNKNOWN)),  # outside any plausible publication year
        ("", (None, UNKNOWN)),
        (None, (None, UNKNOWN)),
        (date(2021, 1, 14), (date(2021, 1, 14), DAY)),
        (datetime(2021, 1, 14, 23, 0, tzinfo=timezone(timedelta(hours=4))), (date(2021, 1, 14), DAY)),
    ],
)
def test_parse_published_reads_date_and_precision(value: object, expected: tuple[object, object]) -> None:
    assert parse_published(value) == expected


def test_date_from_struct_is_day_precision() -> None:
    assert date_from_struct(time.struct_time((2020, 10, 9, 12, 0, 0, 4, 283, 0))) == (date(2020, 10, 9), DAY)
    assert date_from_struct(None) == (None, UNKNOWN)
