"""The dashboard's charts: the trend drawn above its table (tab 4), the team x criterion
table shaded as a heat map (tab 2), and the auditor-against-moderator grid (tab 3).

It lives apart from the tables because drawing is a job of its own: the tables give
every number (the text alternative), the charts show their shape. The trend's line chart
needs textual-plotext, imported only when the Trend tab is first opened; the heat map
and the grid are tables shaded in the theme's colours (`tones`), so each cell keeps its
figure, its key and its enter. A share of fewer than `SMALL` grades is not drawn: its
cell says "<5", and the trend's line breaks there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from textual.containers import Container
from textual.content import Content
from textual.widgets import DataTable, Static, TabbedContent

from qa_tui.desks.dashboard import SMALL, TrendPoint, trend, trend_span
from qa_tui.desks.moderation import AgreementGrid
from qa_tui.domain.dashboard_records import Figures, Overview, percent
from qa_tui.domain.quarters import QuarterStyle
from qa_tui.tui.base import short_grade
from qa_tui.tui.widgets.tones import SHADES, heat_cell, shade_step, tone, toned

if TYPE_CHECKING:
    from collections.abc import Mapping

    from rich.text import Text
    from textual.screen import Screen

    _Screen = Screen[None]
else:
    _Screen = object


@dataclass(frozen=True)
class HeatScale:
    """The heat map's shades spread over the shares it shows (whole percents), so teams
    between 60% and 95% are told apart rather than all falling in two fifths of 0-100%;
    the legend gives each shade's range. `width` lines the cells' figures up."""

    low: int
    high: int
    width: int = 0

    @classmethod
    def of(cls, cells: Iterable[Figures]) -> HeatScale:
        found = [c for c in cells if c.counted >= SMALL]
        shares = [round(100 * (c.share("good") or 0.0)) for c in found]
        if not shares:
            return cls(0, 100)
        low, high = min(shares) // 5 * 5, -(-max(shares) // 5) * 5
        if high - low < 5 * SHADES:  # at least 5 points a shade
            high = min(low + 5 * SHADES, 100)
            low = max(high - 5 * SHADES, 0)
        return cls(low, high, max(len(_label(c)) for c in found))

    @property
    def edges(self) -> list[int]:
        """Each shade's lowest percent (and the top of the last)."""
        return [self.low + round(i * (self.high - self.low) / SHADES) for i in range(SHADES + 1)]

    def step(self, percent: int) -> int:
        return max(i for i, edge in enumerate(self.edges[:SHADES]) if percent >= edge or i == 0)

    def ranges(self) -> list[str]:
        e = self.edges
        return [f"{e[i]}-{e[i + 1] - (i < SHADES - 1)}" for i in range(SHADES)]


def _label(f: Figures) -> str:
    return f"{percent(f.share('good'))} ({f.counted:,})"


def heat(variables: Mapping[str, str], f: Figures, scale: HeatScale) -> Text:
    """A team x criterion cell: the share Good or better and how many were graded,
    shaded on the scale; too few grades for a share say so, unshaded."""
    if not f.counted:
        return toned(variables, "–", "muted")
    if f.counted < SMALL:
        return toned(variables, f"<{SMALL}", "muted")
    label = _label(f).rjust(scale.width)
    return heat_cell(variables, scale.step(round(100 * (f.share("good") or 0.0))), label)


def heat_legend(variables: Mapping[str, str], scale: HeatScale) -> Content:
    """What the shades mean, each one shown, in a line that fits 80 columns."""
    swatches: list[tuple[str, str] | str] = []
    for step, label in enumerate(scale.ranges()):
        background, text = shade_step(variables, step)
        swatches += [(f" {label} ", f"{text.hex} on {background.hex}"), " "]
    return Content.assemble(
        "Good or better %: ",
        *swatches,
        (f"<{SMALL}: too few to show", tone(variables, "muted")),
    )


class DashboardCharts(_Screen):
    """Mixed into the dashboard screen: the trend chart and the agreement grid."""

    trend_by: str
    quarter_style: QuarterStyle
    overview: Overview | None
    grid: AgreementGrid | None

    def trend_points(self, o: Overview) -> list[TrendPoint]:
        """The trend's months or quarters over the filter's period, empty ones kept."""
        span = trend_span(o.filters, o.by_month, date.today())
        by: Literal["month", "quarter"] = "quarter" if self.trend_by == "quarter" else "month"
        return trend(o.by_month, by, span, self.quarter_style)

    def show_trend_chart(self, points: list[TrendPoint]) -> None:
        """Draw the trend if its tab is open (else when it is opened)."""
        if self.query_one(TabbedContent).active == "trend":
            self._draw_trend(points)

    def _draw_trend(self, points: list[TrendPoint]) -> None:
        from qa_tui.tui.widgets.charts import TrendChart  # plotext: only now

        holder = self.query_one("#dash-trend-chart", Container)
        found = holder.query(TrendChart)
        chart = found.first() if found else TrendChart(id="dash-trend-plot")
        if not found:
            holder.mount(chart)
        chart.show(points, self.trend_by)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """The trend is drawn when its tab is first opened. (A handler by name: `@on`
        in a mixin that is not a widget is never registered.)"""
        if event.pane.id == "trend" and self.overview is not None:
            self._draw_trend(self.trend_points(self.overview))

    def _show_agreement(self, grid: AgreementGrid, auditor: str | None) -> None:
        """The 4x4 grid: each cell the audits so graded, shaded by its share of the
        auditor's row; the diagonal (the same grade) in bold."""
        self.grid = grid
        variables = self.app.theme_variables
        table = self.query_one("#dash-agreement", DataTable)
        table.clear(columns=True)
        table.add_columns("Auditor ↓ Moderator →", *(short_grade(g) for g in grid.grades), "Total")
        for a, label in enumerate(grid.grades, start=1):
            row_total = grid.row_total(a)
            cells: list[object] = [label]
            for m in range(1, len(grid.grades) + 1):
                n = grid.counts[a - 1][m - 1]
                if not n:
                    cells.append(f"{0:>6}")
                    continue
                text = heat_cell(variables, round(100 * n / row_total) // 20, f"{n:>6,}")
                if a == m:
                    text.stylize("bold")
                cells.append(text)
            cells.append(f"{row_total:>6,}")
            table.add_row(*cells)
        table.add_row(
            "Total",
            *(f"{grid.column_total(m):>6,}" for m in range(1, len(grid.grades) + 1)),
            f"{grid.total:>6,}",
        )
        self.query_one("#dash-agreement-note", Static).update(self._agreement_words(grid, auditor))

    def _agreement_words(self, grid: AgreementGrid, auditor: str | None) -> Content:
        """The grid in words, for people who do not read tables by eye."""
        who = f"{auditor}'s" if auditor else "every"
        if not grid.total:
            return Content(f"No completed moderations of {who} audits yet.")
        a = grid.agreement
        n = len(grid.grades)
        better = sum(grid.counts[i][j] for i in range(n) for j in range(n) if i < j)
        worse = sum(grid.counts[i][j] for i in range(n) for j in range(n) if i > j)
        kappa = "" if a.kappa is None else f"; weighted kappa {a.kappa:.2f}"
        return Content.assemble(
            f"Same overall grade in {percent(a.exact)} of {grid.total:,} moderated audits, "
            f"within one grade in {percent(a.within_one)}; the auditor graded better than "
            f"the moderator in {percent(better / grid.total)}, worse in "
            f"{percent(worse / grid.total)}{kappa}. ",
            (
                "Every completed moderation"
                + (" of this auditor's audits" if auditor else "")
                + ": the period, team, rubric and cohort filters do not apply.",
                tone(self.app.theme_variables, "muted"),
            ),
        )
