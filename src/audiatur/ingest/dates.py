"""Publication dates with their precision: "2020-10-08" is a day, "2020-10" a month, "2020" a year."""

from __future__ import annotations

import logging
import re
import time
from datetime import date, datetime
from typing import Annotated

from dateutil import parser as dateutil_parser
from pydantic import AfterValidator

from audiatur.domain import DatePrecision

__all__ = ["PublicationDate", "PublishedField", "date_from_struct", "parse_published"]

log = logging.getLogger(__name__)

PublicationDate = tuple[date | None, DatePrecision]

_UNKNOWN: PublicationDate = (None, DatePrecision.UNKNOWN)
_YEAR = re.compile(r"(\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Outside this range a "date" is a misparse (an ID, a price), not when something was published.
_EARLIEST_YEAR = 1800
_LATEST_YEAR = 2200
# Two defaults that differ in every field: a field that comes out different was not in the string.
_PROBE_A = datetime(2001, 1, 1)
_PROBE_B = datetime(2002, 2, 2)


def _checked(day: date, precision: DatePrecision) -> PublicationDate:
    if not _EARLIEST_YEAR <= day.year <= _LATEST_YEAR:
        return _UNKNOWN
    return day, precision


def _from_dateutil(text: str) -> PublicationDate:
    # "08.10.2020" is day-first wherever dots separate numeric dates (most of Europe and the
    # former USSR); slashes keep dateutil's month-first reading.
    dayfirst = bool(_DOTTED.match(text))
    try:
        a = dateutil_parser.parse(text, default=_PROBE_A, dayfirst=dayfirst)
        b = dateutil_parser.parse(text, default=_PROBE_B, dayfirst=dayfirst)
    except (ValueError, OverflowError, TypeError):
        log.debug("unparseable date %r", text)
        return _UNKNOWN
    if a.year != b.year:
        return _UNKNOWN  # "October 8" alone: no year, so no date we can stand behind
    if a.month != b.month:
        return _checked(date(a.year, 1, 1), DatePrecision.YEAR)
    if a.day != b.day:
        return _checked(date(a.year, a.month, 1), DatePrecision.MONTH)
    return _checked(a.date(), DatePrecision.DAY)


def parse_published(value: object) -> PublicationDate:
    """A date and its precision from a string, `date` or `datetime`; `(None, UNKNOWN)` if it is none.

    Partial dates are kept at their precision and stored as the first day of the period
    ("2020-10" is 2020-10-01 with MONTH precision), so sorting works and nothing is invented. A
    timestamp keeps the calendar day its publisher wrote, in the publisher's own time zone.
    """
    if value is None:
        return _UNKNOWN
    if isinstance(value, datetime):
        return _checked(value.date(), DatePrecision.DAY)
    if isinstance(value, date):
        return _checked(value, DatePrecision.DAY)
    if not isinstance(value, str):
        return _UNKNOWN
    text = value.strip()
    if not text:
        return _UNKNOWN
    try:
        if match := _ISO_DAY.fullmatch(text):
            y, m, d = (int(g) for g in match.groups())
            return _checked(date(y, m, d), DatePrecision.DAY)
        if match := _YEAR_MONTH.fullmatch(text):
            return _checked(date(int(match.group(1)), int(match.group(2)), 1), DatePrecision.MONTH)
        if match := _YEAR.fullmatch(text):
            return _checked(date(int(match.group(1)), 1, 1), DatePrecision.YEAR)
    except ValueError:
        log.debug("impossible date %r", text)
        return _UNKNOWN
    return _from_dateutil(text)


def date_from_struct(value: time.struct_time | None) -> PublicationDate:
    """A day-precision date from a `time.struct_time` in UTC (what feedparser gives)."""
    if value is None:
        return _UNKNOWN
    try:
        return _checked(date(value.tm_year, value.tm_mon, value.tm_mday), DatePrecision.DAY)
    except ValueError:
        return _UNKNOWN


def _readable(value: str | int | None) -> str | int | None:
    if value is not None and parse_published(str(value))[0] is None:
        raise ValueError(f"not a date: {value!r}")
    return value


# A `published` value in JSON input (JSONL lines, sidecars): a date string or a bare year, or null.
PublishedField = Annotated[str | int | None, AfterValidator(_readable)]
