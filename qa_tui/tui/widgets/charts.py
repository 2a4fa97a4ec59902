"""Line charts drawn with textual-plotext: the dashboard's trend and an action plan
item's line from baseline to target.

This module imports textual-plotext, so nothing imports it until a chart is first
shown (a screen imports it inside the method that mounts the chart): start-up never
pays for it. Each chart is drawn again on every render, at the size it has then, in
the theme's own colours (`tones`); too small a space says what it needs instead. The
numbers behind every chart are written beside it by the screen (a table, or a line of
text), for people who cannot read a chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual_plotext import PlotextPlot

from qa_tui.desks.dashboard import SMALL, TrendPoint
from qa_tui.tui.widgets.tones import readable

TREND_NEEDS = (40, 9)  # columns, rows
PLAN_NEEDS = (30, 7)


def axis_range(values: Sequence[float], step: int = 10, least: int = 20) -> tuple[int, int]:
    """A y-axis in whole percent that fits the values with room around them, in steps
    of `step`, at least `least` points tall, within 0-100: a rise from 59% to 75% fills
    half the chart instead of a sixth of it."""
    if not values:
        return 0, 100
    low = math.floor((min(values) * 100 - 2) / step) * step
    high = math.ceil((max(values) * 100 + 2) / step) * step
    while high - low < least:
        if low > 0:
            low -= step
        if high - low < least and high < 100:
            high += step
        if low <= 0 and high >= 100:
            break
    return max(low, 0), min(high, 100)


def percent_ticks(low: int, high: int, most: int) -> tuple[list[float], list[str]]:
    """Tick marks between low and high (percent), at most `most` of them; with room
    for two or fewer, the two ends."""
    if most <= 2:
        ticks = [low, high]
    else:
        span = high - low
        step = next(s for s in (5, 10, 20, 25, 50, 100) if span / s + 1 <= most)
        ticks = list(range(low + (-low % step), high + 1, step))
    return [float(t) for t in ticks], [f"{t}%" for t in ticks]


def _rgb(color: Color) -> tuple[int, int, int]:
    return (color.r, color.g, color.b)


def _segments(values: Sequence[float | None]) -> list[list[int]]:
    """Runs of positions that have a value: a line is broken where one has none."""
    runs: list[list[int]] = []
    for i, value in enumerate(values):
        if value is None:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


class _Chart(PlotextPlot):
    """A plotext chart drawn afresh for each render, in the theme's tones."""

    NEEDS = (30, 7)
    empty = "Nothing to draw yet."  # said instead of a chart with nothing on it

    def on_mount(self) -> None:
        super().on_mount()
        self.app.theme_changed_signal.subscribe(self, lambda _: self.refresh())

    def tone(self, name: str) -> tuple[int, int, int]:
        """A tone as plotext takes a colour."""
        return _rgb(readable(self.app.theme_variables, name))

    def style(self, name: str) -> str:
        """A tone as Rich takes a style (for the legend's line)."""
        return "bold " + readable(self.app.theme_variables, name).hex

    def render(self) -> RenderResult:
        """The legend's line (in the data's colours, so no plotext legend covers the
        data), then the chart at the size left; or what the chart needs."""
        width, height = self.NEEDS
        muted = readable(self.app.theme_variables, "muted").hex
        if self.size.width < width or self.size.height < height:
            return Text(
                f"The chart needs {width}x{height} characters; the figures are in the table.",
                style=muted,
            )
        plt = self.plt
        plt.clear_figure()
        self.legend: list[tuple[str, str]] = []
        self.empty = "Nothing to draw yet."
        if not self.draw():
            return Text(self.empty, style=muted)
        plt.plotsize(self.size.width, self.size.height - 1)
        plt._set_size(self.size.width, self.size.height - 1)  # as PlotextPlot.render does
        plt.theme(self._get_plotext_theme_name(self.app.theme))
        legend = Text.assemble(*self.legend, no_wrap=True, overflow="ellipsis", end="")
        legend.truncate(self.size.width, overflow="ellipsis")
        return Text.assemble(legend, "\n", Text.from_ansi(plt.build()), end="")

    def draw(self) -> bool:
        """Put the data on `self.plt`; False when there is nothing to draw."""
        raise NotImplementedError


class TrendChart(_Chart):
    """Good or better (left axis) and Inadequate (right axis) over months or quarters.
    Every period has its place on the x-axis, empty ones too; a period with too few
    grades (`TrendPoint.steady`) is left out of the lines, which break there."""

    NEEDS = TREND_NEEDS

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points: list[TrendPoint] = []
        self.by = "month"

    def show(self, points: list[TrendPoint], by: str) -> None:
        self.points, self.by = points, by
        self.refresh()

    def draw(self) -> bool:
        plt, points = self.plt, self.points
        good = [p.figures.share("good") if p.steady else None for p in points]
        bad = [p.figures.share("inadequate") if p.steady else None for p in points]
        if not any(v is not None for v in good):
            self.empty = (
                f"Every {self.by} has fewer than {SMALL} audits: too few to draw a share. "
                "The table has the figures."
            )
            return False
        g_low, g_high = axis_range([v for v in good if v is not None])
        b_low, b_high = axis_range([v for v in bad if v is not None], step=5, least=10)
        canvas = self.size.height - 4  # legend, frame, x labels
        markers = len(points) * 3 <= self.size.width - 12  # room for a mark per period
        for values, side, color, marker in (
            (good, "left", self.tone("good"), "●"),
            (bad, "right", self.tone("bad"), "◆"),
        ):
            runs = _segments(values)
            for run in runs:
                if len(run) > 1:
                    plt.plot(
                        run,
                        [100 * values[i] for i in run],  # type: ignore[operator]
                        marker="braille",
                        color=color,
                        yside=side,
                    )
            dots = [i for run in runs for i in run if markers or len(run) == 1]
            if dots:
                plt.scatter(
                    dots,
                    [100 * values[i] for i in dots],  # type: ignore[operator]
                    marker=marker,
                    color=color,
                    yside=side,
                )
        # Each measure in a band of its own, so the two lines never cross: Good or better
        # in the top 55% of the chart (its axis on the left), Inadequate in the bottom 40%
        # (its axis on the right). Each axis is labelled only over its own band.
        plt.ylim(g_high - (g_high - g_low) / 0.55, g_high, yside="left")  # type: ignore[arg-type]
        plt.ylim(b_low, b_low + (b_high - b_low) / 0.4, yside="right")  # type: ignore[arg-type]
        plt.yticks(*percent_ticks(g_low, g_high, canvas * 55 // 200), yside="left")  # type: ignore[arg-type]
        plt.yticks(*percent_ticks(b_low, b_high, canvas * 40 // 200), yside="right")  # type: ignore[arg-type]
        plt.xlim(-0.5, len(points) - 0.5)
        label_width = max(len(p.period) for p in points) + 2
        room = max((self.size.width - 12) // label_width, 1)
        every = max(math.ceil(len(points) / room), 1)
        shown = list(range(0, len(points), every))
        plt.xticks([float(i) for i in shown], [points[i].period for i in shown])
        thin = sum(1 for p in points if not p.steady)
        good_mark, bad_mark = ("● ", "◆ ") if markers else ("━ ", "━ ")
        self.legend = [
            (good_mark, self.style("good")),
            ("Good or better (top, left axis)  ", ""),
            (bad_mark, self.style("bad")),
            ("Inadequate (bottom, right axis)", ""),
            (f"  {thin} {self.by}{'s' if thin > 1 else ''} under {SMALL} audits left out", "")
            if thin
            else ("", ""),
        ]
        return True


@dataclass(frozen=True)
class PlanLine:
    """An action plan item's measure over time, as the chart draws it. Shares 0..1."""

    baseline: float
    set_on: date
    target: float
    target_on: date
    today: date
    expected: float | None  # on the trajectory today
    actual: list[tuple[date, float]]  # each quarter since, where it had enough grades


class PlanChart(_Chart):
    """Baseline -> trajectory -> target as a straight line, the quarters' figures since
    the measure was set as points joined, and today marked."""

    NEEDS = PLAN_NEEDS

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.line: PlanLine | None = None

    def show(self, line: PlanLine | None) -> None:
        self.line = line
        self.refresh()

    def draw(self) -> bool:
        line, plt = self.line, self.plt
        if line is None:
            return False
        end = max((line.target_on - line.set_on).days, 1)

        def day(d: date) -> int:
            return (d - line.set_on).days

        low, high = axis_range([line.baseline, line.target, *(v for _, v in line.actual)])
        plt.plot(
            [0, end],
            [100 * line.baseline, 100 * line.target],
            marker="braille",
            color=self.tone("muted"),
        )
        if line.actual:
            xs, ys = [day(d) for d, _ in line.actual], [100 * v for _, v in line.actual]
            plt.plot(
                [0, *xs], [100 * line.baseline, *ys], marker="braille", color=self.tone("line")
            )
            plt.scatter(xs, ys, marker="●", color=self.tone("line"))
        plt.scatter([end], [100 * line.target], marker="◆", color=self.tone("good"))
        plt.ylim(low, high)
        plt.yticks(*percent_ticks(low, high, (self.size.height - 4) // 2))
        plt.xlim(-end / 40, end * 41 / 40)
        ticks = [(0, line.set_on.strftime("%Y-%m")), (end, line.target_on.strftime("%Y-%m"))]
        room = end * 9 / max(self.size.width - 10, 1)  # days in nine columns
        if room < day(line.today) < end - room:
            plt.vline(day(line.today), color=self.tone("muted"))
            ticks.insert(1, (day(line.today), "today"))
        plt.xticks([t for t, _ in ticks], [label for _, label in ticks])
        narrow = self.size.width < 44
        self.legend = [
            ("━ ", self.style("muted")),
            ("plan " if narrow else "trajectory  ", ""),
            ("● ", self.style("line")),
            ("quarters " if narrow else "each quarter  ", ""),
            ("◆ ", self.style("good")),
            (f"target {round(100 * line.target)}%", ""),
        ]
        return True
