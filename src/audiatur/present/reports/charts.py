"""Timeline charts for reports, drawn by matplotlib as inline SVG (no script, no font or file to fetch).

One chart per figure question: a line per origin through its figures over time, a vertical bar where a
figure is a range or a bound. Colours and markers follow the order of the lines (origins by name), never a
party: no side gets its own colour. Labels are SVG text, in the viewer's sans-serif font.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from audiatur.domain import Timeline

__all__ = ["ChartSvg", "timeline_svg"]

# Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), then markers to tell
# apart lines past the eighth.
_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_WIDTH, _HEIGHT = 7.2, 2.6  # inches (the SVG scales to the page); the legend adds a row per two origins
_LEGEND_ROW = 0.19
_LEGEND_CHARS = 56
# Text as SVG text (escaped by matplotlib), drawn in the viewer's font: a tenth of the size of glyph outlines,
# and quick for WeasyPrint to lay out.
_FONTTYPE = "none"

_PROLOG = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_IDS = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')
_SIZE = re.compile(r'<svg([^>]*?)\s(width|height)="[^"]*"')


@dataclass(frozen=True, slots=True)
class ChartSvg:
    """An inline SVG chart and a plain-text description of what it shows (for captions and screen readers)."""

    svg: str
    description: str


def _label(text: str) -> str:
    # A `$` would start matplotlib's math mode; names are data, shown as written.
    return text.replace("$", r"\$")


def _scope(timeline: Timeline) -> str:
    """ " · Harvik" for a timeline of one place (one origin may have a line per place)."""
    return f" · {', '.join(r.name for r in timeline.places)}" if timeline.places else ""


def _inline(svg: str, prefix: str, description: str) -> str:
    """matplotlib's SVG made fit to sit inside HTML: no prolog or comments, ids unique to this chart,
    sized by CSS, and described for screen readers."""
    svg = _COMMENT.sub("", _PROLOG.sub("", svg, count=1))
    svg = _IDS.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    while _SIZE.search(svg):
        svg = _SIZE.sub(r"<svg\1", svg, count=1)
    escaped = description.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg", f'<svg role="img" aria-label="{escaped}" class="chart-svg"', 1)


def timeline_svg(timelines: Sequence[Timeline], *, key: str, y_label: str) -> ChartSvg | None:
    """A chart of these origins' timelines (None when no point has both a date and a number)."""
    import matplotlib
    from matplotlib.dates import (
        DAILY,
        AutoDateLocator,
        ConciseDateFormatter,
        DateLocator,
        DayLocator,
        date2num,
    )
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    series = []
    for t in sorted(
        timelines,
        key=lambda t: (t.origin.casefold(), [r.name.casefold() for r in t.places], t.origin_id or ""),
    ):
        points = [p for p in t.points if p.date is not None and (p.value is not None or p.low is not None)]
        if points:
            series.append((t, sorted(points, key=lambda p: p.date or date.min)))
    if not series:
        return None
    rc: Any = {
        "svg.hashsalt": key,
        "svg.fonttype": _FONTTYPE,
        "text.parse_math": False,
        "font.size": 8.5,
        "font.family": "DejaVu Sans",  # matplotlib's own font; viewers without it use their sans-serif
    }
    rows = math.ceil(len(series) / 2)  # legend rows under the plot, two origins a row
    height = _HEIGHT + _LEGEND_ROW * rows
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(_WIDTH, height))
        # Fixed margins (a layout engine costs twice the drawing time); the legend sits in the bottom one.
        fig.subplots_adjust(
            left=0.08, right=0.98, top=1 - 0.1 / height, bottom=(0.45 + _LEGEND_ROW * rows) / height
        )
        ax = fig.add_subplot()
        dates: list[float] = []
        for i, (t, points) in enumerate(series):
            colour, marker = _COLOURS[i % len(_COLOURS)], _MARKERS[(i // len(_COLOURS)) % len(_MARKERS)]
            xs = [float(date2num(p.date)) for p in points]  # type: ignore[no-untyped-call]
            ys = [float(p.value if p.value is not None else p.low or 0) for p in points]
            dates += xs
            party = f" ({t.party})" if t.party and t.party != t.origin else ""
            label = textwrap.shorten(f"{t.origin}{party}{_scope(t)}", width=_LEGEND_CHARS, placeholder="…")
            ax.plot(xs, ys, color=colour, marker=marker, markersize=4.5, linewidth=1.6, label=_label(label))
            for x, p in zip(xs, points, strict=True):
                if p.low is not None and p.high is not None and p.low != p.high:
                    ax.vlines(x, p.low, p.high, colors=colour, linewidth=1.0, alpha=0.8)
        if min(dates) == max(dates):  # one day: give the axis some width
            ax.set_xlim(min(dates) - 1, max(dates) + 1)
        # Figures are dated by the day: ticks never fall between days (no hours on a short axis).
        locator: DateLocator
        if max(dates) - min(dates) < 4:
            locator = DayLocator()  # type: ignore[no-untyped-call]
        else:
            locator = AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
            locator.intervald[DAILY] = [1, 2, 3, 7, 14]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
        ax.set_ylabel(_label(y_label))
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # people and buildings come whole
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
        fig.legend(loc="lower left", bbox_to_anchor=(0.07, 0.0), ncols=2, frameon=False, fontsize=7.5)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    description = f"{y_label} over time, one line per origin: " + "; ".join(
        f"{t.origin}{_scope(t)}: "
        + ", ".join(
            f"{p.value if p.value is not None else p.low} on {p.date.isoformat()}" for p in points if p.date
        )
        for t, points in series
    )
    prefix = "chart-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    return ChartSvg(svg=_inline(buffer.getvalue(), prefix, description), description=description)
