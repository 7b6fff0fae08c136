"""The geometry of a reliability diagram, for the template that draws it as inline SVG.

Observed frequency against mean forecast, one point per filled bin: the dashed diagonal is
perfect calibration, a point's area grows with its bin's count, its vertical bar is the Wilson
95% interval of the observed frequency, and its count is written beside it (not only in a
tooltip), so the diagram reads the same on paper and on a touch screen.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from attrs import frozen

from .._report._columns import percent
from .._score.tally import CalibrationBin

__all__ = ["Diagram", "Point", "diagram"]

SIZE = 240
LEFT, TOP, RIGHT, BOTTOM = 52, 14, 20, 44


def _x(p: float) -> float:
    return LEFT + p * SIZE


def _y(p: float) -> float:
    return TOP + (1 - p) * SIZE


@frozen
class Point:
    x: str
    y: str
    radius: str
    low: str
    high: str
    count: int
    label_x: str
    label_y: str
    tip: str


@frozen
class Tick:
    x: str
    y: str
    label: str | None


@frozen
class Diagram:
    label: str
    width: int
    height: int
    ticks: tuple[Tick, ...]
    points: tuple[Point, ...]
    left: int = LEFT
    top: int = TOP
    size: int = SIZE

    @property
    def right(self) -> int:
        return LEFT + SIZE

    @property
    def bottom(self) -> int:
        return TOP + SIZE


def _f(value: float) -> str:
    return f"{value:.1f}"


def diagram(bins: Iterable[CalibrationBin], label: str) -> Diagram:
    filled = [b for b in bins if b.count]
    largest = max((b.count for b in filled), default=1)
    ticks = tuple(
        Tick(x=_f(_x(t / 10)), y=_f(_y(t / 10)), label=f"{t * 10}%" if t % 5 == 0 else None)
        for t in range(11)
    )
    points = []
    placed: list[tuple[float, float]] = []
    for b in filled:
        assert b.mean_forecast is not None
        assert b.observed is not None
        assert b.low is not None
        assert b.high is not None
        x = _x(float(b.mean_forecast))
        y = _y(float(b.observed))
        radius = 3 + 7 * math.sqrt(b.count / largest)
        tip = (
            f"{percent(float(b.lower))}-{percent(float(b.upper))}: {b.count} forecast"
            f"{'s' if b.count != 1 else ''}, mean {percent(float(b.mean_forecast))}, "
            f"observed {percent(float(b.observed))} (95%: {percent(b.low)}-{percent(b.high)})"
        )
        # The count stands right of the point (left of it near the right edge), or below the
        # point when an earlier count already stands there.
        left_side = x > LEFT + SIZE - 30
        label_x = x - radius - 3 if left_side else x + radius + 3
        label_y = y - 3
        if any(abs(label_x - px) < 30 and abs(label_y - py) < 12 for px, py in placed):
            label_x, label_y = x + (-radius - 3 if left_side else radius + 3), y + radius + 12
        placed.append((label_x, label_y))
        points.append(
            Point(
                x=_f(x),
                y=_f(y),
                radius=_f(radius),
                low=_f(_y(b.low)),
                high=_f(_y(b.high)),
                count=b.count,
                label_x=_f(label_x),
                label_y=_f(label_y),
                tip=tip,
            )
        )
    return Diagram(
        label=label,
        width=LEFT + SIZE + RIGHT,
        height=TOP + SIZE + BOTTOM,
        ticks=ticks,
        points=tuple(points),
    )
