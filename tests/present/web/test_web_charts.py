"""Timeline charts: ticks, one line per origin, ranges as whiskers, undated points left off the chart."""

from __future__ import annotations

from datetime import date

from audiatur.domain import Bound, Measure, SubjectClass, Timeline, TimelinePoint
from audiatur.present.web.charts import HEIGHT, WIDTH, nice_ticks, timeline_chart


def _point(day: date | None, value: int, low: int | None = None, high: int | None = None) -> TimelinePoint:
    bound = Bound.RANGE if low is not None else Bound.EXACT
    return TimelinePoint(
        date=day,
        value=value,
        low=low if low is not None else value,
        high=high if high is not None else value,
        bound=bound,
        claim_id=f"c{value}",
        document_id="d",
    )


def _timeline(origin: str, *points: TimelinePoint, party: str | None = "Aldmark") -> Timeline:
    return Timeline(
        origin=origin,
        origin_id=None,
        party=party,
        measure=Measure.KILLED,
        subject_class=SubjectClass.CIVILIANS,
        points=points,
    )


def test_charts_nice_ticks_cover_the_highest_value() -> None:
    assert nice_ticks(27) == [0, 10, 20, 30]
    assert nice_ticks(1400) == [0, 500, 1000, 1500]
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(3)[-1] >= 3


def test_charts_one_line_per_origin_inside_the_frame() -> None:
    chart = timeline_chart(
        "civilians killed",
        [
            _timeline("Ministry", _point(date(2030, 3, 1), 9), _point(date(2030, 3, 4), 14)),
            _timeline("Monitor", _point(date(2030, 3, 2), 6, low=4, high=8), party="independent"),
            _timeline("Nobody", _point(None, 3)),
        ],
    )
    assert [s.label for s in chart.series] == ["Ministry (Aldmark)", "Monitor (independent)"]
    assert [s.css for s in chart.series] == ["s0", "s1"]
    assert chart.undated == 1
    ministry, monitor = chart.series
    assert ministry.points[0].x < ministry.points[1].x and ministry.points[0].y > ministry.points[1].y
    assert all(0 <= p.x <= WIDTH and 0 <= p.y <= HEIGHT for s in chart.series for p in s.points)
    whisker = monitor.points[0]
    assert whisker.low_y is not None and whisker.high_y is not None and whisker.low_y > whisker.high_y
    assert "4–8 (range) on 2030-03-02" in whisker.title
    assert chart.x_ticks[0][1] == "2030-03-01" and chart.x_ticks[-1][2] == "end"
    assert ministry.path.count(",") == 2


def test_charts_a_single_date_still_spans_the_axis() -> None:
    chart = timeline_chart("x", [_timeline("Ministry", _point(date(2030, 3, 1), 5))])
    assert len(chart.series[0].points) == 1
    assert chart.left < chart.series[0].points[0].x < chart.right
