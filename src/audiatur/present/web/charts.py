"""Timeline charts as plain SVG geometry: one line per origin, a whisker where a figure is a range.

`timeline_chart` only computes coordinates and labels; the template draws them (so every label is escaped).
Colours follow the order of the lines, never a party: no side gets its own colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from audiatur.domain import Timeline, TimelinePoint

__all__ = ["Chart", "Point", "Series", "nice_ticks", "timeline_chart"]

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 14, 34
_COLOURS = 8


@dataclass(frozen=True, slots=True)
class Point:
    """One plotted value: where, and what it says (for the tooltip)."""

    x: float
    y: float
    title: str
    low_y: float | None = None  # a whisker from low to high, when the figure is a range
    high_y: float | None = None


@dataclass(frozen=True, slots=True)
class Series:
    """One origin's line."""

    label: str
    css: str  # colour class (s0 … s7) and dash class for lines past the eighth
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        """The SVG polyline `points` attribute."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything a template needs to draw one chart."""

    title: str
    width: int
    height: int
    left: int
    top: int
    right: float
    bottom: float
    x_ticks: tuple[tuple[float, str, str], ...]  # x, label, text-anchor
    y_ticks: tuple[tuple[float, str], ...]
    series: tuple[Series, ...]
    undated: int  # points left out for want of a date


def nice_ticks(high: float, count: int = 5) -> list[int]:
    """Round tick values from 0 to at least `high` (about `count` of them)."""
    if high <= 0:
        return [0, 1]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step)) if step >= 1 else 1
    top = math.ceil(high / step) * step
    return list(range(0, int(top) + 1, step))


def _value(point: TimelinePoint) -> int | None:
    if point.value is not None:
        return point.value
    return point.high if point.high is not None else point.low


def _date_ticks(start: date, end: date) -> list[date]:
    days = (end - start).days
    if days <= 0:
        return [start]
    step = max(1, math.ceil(days / 6))
    ticks = [start + timedelta(days=i) for i in range(0, days + 1, step)]
    return ticks if ticks[-1] == end or (end - ticks[-1]).days < step / 2 else [*ticks, end]


def _anchored(ticks: list[tuple[float, str]]) -> tuple[tuple[float, str, str], ...]:
    """Tick labels centred on their tick, except the last, which ends there (so it is not cut off)."""
    if len(ticks) < 2:
        return tuple((x, label, "middle") for x, label in ticks)
    return tuple((x, label, "end" if i == len(ticks) - 1 else "middle") for i, (x, label) in enumerate(ticks))


def timeline_chart(title: str, timelines: Sequence[Timeline]) -> Chart:
    """The chart of some timelines of one measure: x is the date, y the figure."""
    dated = [
        (t, [(d, v, p) for p in t.points if (d := p.date) is not None and (v := _value(p)) is not None])
        for t in timelines
    ]
    undated = sum(len(t.points) for t in timelines) - sum(len(ps) for _, ps in dated)
    dates = [d for _, ps in dated for d, _, _ in ps]
    values = [v for _, ps in dated for _, value, p in ps for v in (value, p.high) if v is not None]
    start, end = (min(dates), max(dates)) if dates else (date.today(), date.today())
    if start == end:
        start, end = start - timedelta(days=1), end + timedelta(days=1)
    y_values = nice_ticks(max(values) if values else 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max((end - start).days, 1)

    def x_of(day: date) -> float:
        return LEFT + plot_w * (day - start).days / span

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - value / y_values[-1])

    series = []
    for index, (timeline, points) in enumerate(dated):
        if not points:
            continue
        plotted = []
        for day, value, p in sorted(points, key=lambda item: (item[0], item[2].claim_id)):
            is_range = p.low is not None and p.high is not None and p.low != p.high
            bound = "" if p.bound == "exact" else f" ({p.bound.replace('_', ' ')})"
            amount = f"{p.low:,}–{p.high:,}" if is_range else f"{value:,}"
            plotted.append(
                Point(
                    x=x_of(day),
                    y=y_of(value),
                    title=f"{timeline.origin}: {amount}{bound} on {day.isoformat()}",
                    low_y=y_of(p.low) if is_range and p.low is not None else None,
                    high_y=y_of(p.high) if is_range and p.high is not None else None,
                )
            )
        dash = f" dash{index // _COLOURS % 3}" if index >= _COLOURS else ""
        party = f" ({timeline.party})" if timeline.party else ""
        # One origin may have a line per place (a timeline is per origin and scope).
        where = f" · {', '.join(r.name for r in timeline.places)}" if timeline.places else ""
        series.append(
            Series(f"{timeline.origin}{party}{where}", f"s{index % _COLOURS}{dash}", tuple(plotted))
        )
    return Chart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        right=WIDTH - RIGHT,
        bottom=HEIGHT - BOTTOM,
        x_ticks=_anchored([(x_of(d), d.isoformat()) for d in _date_ticks(start, end)]),
        y_ticks=tuple((y_of(v), f"{v:,}") for v in y_values),
        series=tuple(series),
        undated=undated,
    )
