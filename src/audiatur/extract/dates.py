"""Dates in text, normalised against the document's publication date.

"on 4 October", "October 4, 2020", "27.09.2020", "in April 2018", "on Tuesday", "yesterday", "last week",
"this morning", and periods: "since September 27", "from September 27 up till now", "between 1 and 3
October". A date without a year takes the publication year (the previous year if that would put it after
publication); a weekday is the last such day on or before publication. With no publication date, only
dates that carry their year are resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from audiatur.domain import DatePrecision, Period

__all__ = ["DateMention", "find_dates", "period_in"]

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_M = (
    r"(?P<{n}>january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>(?:19|20)\d\d)"

_NEEDS = {
    "dmy": re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I),
    "numeric": re.compile(r"\d[./]\d"),
    "iso": re.compile(r"\d-\d"),
    "weekday": re.compile(r"day\b", re.I),
    "relative": re.compile(r"\b(?:yesterday|today|tonight|this|last|earlier|the day before)\b", re.I),
}
_NEEDS["mdy"] = _NEEDS["my"] = _NEEDS["dmy"]
_PATTERNS = [
    ("dmy", re.compile(
        rf"\b{_DAY.format(n='d')}\s+(?:of\s+)?{_M.format(n='m')}(?:,?\s+{_YEAR.format(n='y')})?\b", re.I)),
    ("mdy", re.compile(rf"\b{_M.format(n='m')}\s+{_DAY.format(n='d')}(?:,?\s+{_YEAR.format(n='y')})?\b", re.I)),
    ("numeric", re.compile(r"\b(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>(?:19|20)\d\d)\b")),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("my", re.compile(rf"\b(?:in\s+)?{_M.format(n='m')}\s+{_YEAR.format(n='y')}\b", re.I)),
    ("weekday", re.compile(
        r"\b(?:on\s+|last\s+)?(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
    ("relative", re.compile(r"\b(?P<r>yesterday|today|this morning|this evening|tonight|last night|"
                            r"earlier today|the day before|last week|last month|last year)\b", re.I)),
]  # fmt: skip
_ANY = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|yesterday|today|"
    r"tonight|this morning|this evening|last)",
    re.IGNORECASE,
)
_PERIOD_START = re.compile(r"\b(?:since|from|starting|as of|beginning)\s*$", re.I)
_PERIOD_END = re.compile(
    r"^\s*(?:(?:up\s+)?(?:till|until|to|through)\s+(?:now|today|the present|date)|so far|to date)\b", re.I
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as written, with its reading (None if it cannot be placed) and precision."""

    start: int
    end: int
    text: str
    value: date | None
    precision: DatePrecision


def _with_year(month: int, day: int, published: date | None) -> date | None:
    if published is None:
        return None
    try:
        d = date(published.year, month, day)
    except ValueError:
        return None
    if d > published + timedelta(days=2):
        try:
            d = date(published.year - 1, month, day)
        except ValueError:
            return None
    return d


def _resolve(kind: str, m: re.Match[str], published: date | None) -> tuple[date | None, DatePrecision]:
    g = m.groupdict()
    if kind in ("dmy", "mdy", "numeric", "iso"):
        month = _MONTHS.get(g["m"].lower().rstrip(".")) if not g["m"].isdigit() else int(g["m"])
        day = int(g["d"])
        if not month or not 1 <= day <= 31:
            return None, DatePrecision.UNKNOWN
        if g.get("y"):
            try:
                return date(int(g["y"]), month, day), DatePrecision.DAY
            except ValueError:
                return None, DatePrecision.UNKNOWN
        return _with_year(month, day, published), DatePrecision.DAY
    if kind == "my":
        month = _MONTHS[g["m"].lower().rstrip(".")]
        return date(int(g["y"]), month, 1), DatePrecision.MONTH
    if published is None:
        return None, DatePrecision.UNKNOWN
    if kind == "weekday":
        wd = _WEEKDAYS[g["w"].lower()]
        back = (published.weekday() - wd) % 7
        if m.group(0).lower().startswith("last") and back == 0:
            back = 7
        return published - timedelta(days=back), DatePrecision.DAY
    r = g["r"].lower()
    if r in ("yesterday", "last night", "the day before"):
        return published - timedelta(days=1), DatePrecision.DAY
    if r in ("today", "this morning", "this evening", "tonight", "earlier today"):
        return published, DatePrecision.DAY
    if r == "last week":
        return published - timedelta(days=7), DatePrecision.UNKNOWN
    if r == "last month":
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), DatePrecision.MONTH
    return date(published.year - 1, 1, 1), DatePrecision.YEAR


def find_dates(
    text: str, published: date | None, start: int = 0, end: int | None = None
) -> list[DateMention]:
    """Date mentions in `text[start:end]`, in text order, overlapping matches resolved to the longest."""
    end = len(text) if end is None else end
    found: list[DateMention] = []
    if not _ANY.search(text, start, end):
        return found
    for kind, pattern in _PATTERNS:
        if not _NEEDS[kind].search(text, start, end):
            continue
        for m in pattern.finditer(text, start, end):
            if kind == "mdy" and g_is_may_verb(text, m):
                continue
            value, precision = _resolve(kind, m, published)
            found.append(DateMention(m.start(), m.end(), m.group(0), value, precision))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out


def g_is_may_verb(text: str, m: re.Match[str]) -> bool:
    """ "may 5" in "… may 5 more die" is a verb: require a capital M for the month May."""
    return m.group("m").lower() == "may" and not m.group("m")[0].isupper()


def period_in(text: str, dates: list[DateMention], start: int, end: int) -> Period | None:
    """The period a figure covers if its sentence says so ("since September 27", "from X up till now")."""
    for d in dates:
        if not start <= d.start < end or d.value is None:
            continue
        before = text[max(start, d.start - 14) : d.start]
        if _PERIOD_START.search(before):
            after = text[d.end : min(end, d.end + 30)]
            later = next((x for x in dates if x.start > d.end and x.start - d.end < 12 and x.value), None)
            if later is not None and re.match(
                r"^\s*(?:to|until|till|through|and|-|–)\s*$", text[d.end : later.start]
            ):
                return Period(start=d.value, end=later.value)
            if _PERIOD_END.search(after) or before.strip().lower().startswith(("since", "from", "as of")):
                return Period(start=d.value, end=None)
    return None
