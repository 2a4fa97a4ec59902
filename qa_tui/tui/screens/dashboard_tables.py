"""The dashboard's first four tabs built from the figures: the criteria (and the
compliance checks), the team x criterion table, the overall grades and the trend (with
a programme beside its repeat), and what enter on each cell lists.

It lives apart from the dashboard screen because laying the figures out in tables is a
job of its own beside choosing the filters, fetching the figures and drilling down.
`DashboardTables` is mixed into the screen, so the tables' ids stay the screen's; the
handlers for a highlighted or selected cell stay on the screen, which reads `cells`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual.widgets import DataTable, Static

from qa_tui.desks.dashboard import TrendPoint
from qa_tui.domain.dashboard_records import Figures, Overview, percent
from qa_tui.domain.rubric import OFSTED
from qa_tui.tui.screens.dashboard_charts import HeatScale, heat, heat_legend
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted_table import FittedTable
from qa_tui.tui.widgets.shown import brief, cell, clip
from qa_tui.tui.widgets.tones import toned

if TYPE_CHECKING:
    from textual.screen import Screen

    _Screen = Screen[None]
else:
    _Screen = object

BAR_WIDTH = 24
GRADE_TONES = ("good", "good", "watch", "bad")  # Outstanding, Good, RI, Inadequate
# Column widths: a question (or team) takes the room the figures leave, up to a width
# still read at a glance; a figure's heading is cut before its figure is.
QUESTION = Column(16, 70, 1, max=100)
TEAM = Column(8, 30, 1, max=40)
CRITERION = Column(8, 24, 1, max=30)  # a criterion's share in the teams table
ROUND = Column(8, 24, 1, max=40)  # a programme round beside its repeat
FIGURES = (Column(6, 8), Column(6, 14), Column(6, 10), Column(3, 5))


def bar(share: float | None, width: int = BAR_WIDTH) -> str:
    """A share drawn as a bar of block characters, eighths included."""
    if share is None:
        return ""
    eighths = round(share * width * 8)
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


class DashboardTables(_Screen):
    """Mixed into the dashboard screen: the tables of tabs 1 to 4, filled from an overview."""

    trend_by: str
    # What each table cell counts: (rubric_id, criterion_id, bucket, narrowing).
    cells: dict[str, dict[tuple[int, int], tuple]]

    def trend_points(self, o: Overview) -> list[TrendPoint]:
        """The trend's months or quarters, empty ones kept (the charts' mixin)."""
        raise NotImplementedError

    def show_trend_chart(self, points: list[TrendPoint]) -> None:
        """Draw the trend (the charts' mixin)."""
        raise NotImplementedError

    def _table(
        self, table_id: str, columns: Iterable[str], fit: Sequence[Column] | None = None
    ) -> DataTable:
        """A table emptied, with these column labels (shown literally: some are
        criteria or programme names), laid out by `fit` where given."""
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear(columns=True)
        table.add_columns(*[cell(label) for label in columns])
        if fit is not None and isinstance(table, FittedTable):
            table.fit(fit)
        self.cells[table_id] = {}
        return table

    def _add(
        self, table: DataTable, table_id: str, cells: list[tuple[object, tuple | None]]
    ) -> None:
        """One row; each cell with what enter on it lists (or None). A str cell is
        shown literally (DataTable would read it as markup)."""
        row = table.row_count
        table.add_row(*[cell(value) if isinstance(value, str) else value for value, _ in cells])
        for column, (_, target) in enumerate(cells):
            if target is not None:
                self.cells[table_id][(row, column)] = target

    @property
    def label_width(self) -> int:
        """The cells a criterion's question has in its column (shown in full below the
        table when they are too few)."""
        columns = self.query_one("#dash-criteria", DataTable).ordered_columns
        return columns[0].width if columns else 0

    def _show_criteria(self, o: Overview) -> None:
        table = self._table(
            "dash-criteria",
            ["Criterion", "Graded", "Good or better", "Inadequate", "N/A"],
            [QUESTION, *FIGURES],
        )
        for row in o.quality:
            f, key = row.figures, (row.rubric_id, row.criterion_id)
            label = (
                row.label
                if row.kind != "overall" or o.filters.rubric_id is None
                else "Overall judgement"
            )
            self._add(
                table,
                "dash-criteria",
                [
                    (cell(brief(label), "bold" if row.kind == "overall" else ""), None),
                    (f"{f.counted:,}", (*key, "counted", {})),
                    (percent(f.share("good")), (*key, "good", {})),
                    (percent(f.share("inadequate")), (*key, "inadequate", {})),
                    (f"{f.na:,}" if f.na else "", (*key, "na", {})),
                ],
            )
        compliance = self._table(
            "dash-compliance",
            ["Compliance check", "Checked", "Yes", "Partly", "No", "N/A"],
            [QUESTION, *FIGURES, FIGURES[-1]],
        )
        compliance.display = bool(o.compliance)
        for row in o.compliance:
            f, key = row.figures, (row.rubric_id, row.criterion_id)
            self._add(
                compliance,
                "dash-compliance",
                [
                    (brief(row.label), None),
                    (f"{f.counted:,}", (*key, "counted", {})),
                    (percent(f.share("v1")), (*key, "v1", {})),
                    (percent(f.share("v2")), (*key, "v2", {})),
                    (percent(f.share("inadequate")), (*key, "inadequate", {})),
                    (f"{f.na:,}" if f.na else "", (*key, "na", {})),
                ],
            )

    def _show_teams(self, o: Overview) -> None:
        labels = [clip(label, 40) for label in o.column_labels]  # in full below, highlighted
        table = self._table("dash-teams", ["Team", *labels], [TEAM, *[CRITERION] * len(labels)])
        scale = HeatScale.of(f for figures in o.teams.values() for f in figures.values())
        for team, figures in o.teams.items():
            cells: list[tuple[object, tuple | None]] = [(brief(team), None)]
            for rubric_id, criterion_id in o.columns:
                f = figures.get((rubric_id, criterion_id), Figures())
                cells.append(
                    (
                        heat(self.app.theme_variables, f, scale),
                        (rubric_id, criterion_id, "good", {"team": team}),
                    )
                )
            self._add(table, "dash-teams", cells)
        self.query_one("#dash-heat-legend", Static).update(
            heat_legend(self.app.theme_variables, scale)
        )
        self.query_one("#dash-column", Static).update(
            "Share graded Good or better (graded answers in brackets). "
            + ("Choose a rubric (b) to see its criteria." if o.filters.rubric_id is None else "")
        )

    def _show_grades(self, o: Overview) -> None:
        table = self._table("dash-grades", ["Overall grade", "Audits", "Share", ""])
        total = o.overall
        for value, grade in enumerate(OFSTED.grades, start=1):
            count = total.by_value()[value - 1]
            share = count / total.counted if total.counted else None
            bucket = f"v{value}"
            self._add(
                table,
                "dash-grades",
                [
                    (grade.label, (None, "", bucket, {})),
                    (f"{count:,}", (None, "", bucket, {})),
                    (percent(share), (None, "", bucket, {})),
                    (
                        toned(self.app.theme_variables, bar(share, 40), GRADE_TONES[value - 1]),
                        (None, "", bucket, {}),
                    ),
                ],
            )

    def _show_trend(self, o: Overview) -> None:
        points = self.trend_points(o)
        table = self._table(
            "dash-trend",
            [
                "Quarter" if self.trend_by == "quarter" else "Month",
                "Audits",
                "Good or better",
                "Inadequate",
            ],
        )
        variables = self.app.theme_variables
        for p in points:
            f = p.figures
            span = {"month_from": p.month_from, "month_to": p.month_to}
            if not f.counted:  # a period without audits: kept, with nothing to list
                self._add(
                    table,
                    "dash-trend",
                    [
                        (toned(variables, p.period, "muted"), None),
                        (toned(variables, "0", "muted"), None),
                    ],
                )
                continue
            self._add(
                table,
                "dash-trend",
                [
                    (p.period, None),
                    (f"{f.counted:,}", (None, "", "counted", span)),
                    (percent(f.share("good")), (None, "", "good", span)),
                    (percent(f.share("inadequate")), (None, "", "inadequate", span)),
                ],
            )
        self.show_trend_chart(points)
        comparison = self.query_one("#dash-comparison", DataTable)
        comparison.clear(columns=True)
        comparison.display = o.comparison is not None
        if o.comparison is not None:
            c = o.comparison
            comparison.add_columns(
                *[cell(label) for label in ("Good or better", brief(c.first), brief(c.repeat))],
                "Change",
            )
            if isinstance(comparison, FittedTable):
                comparison.fit([QUESTION, ROUND, ROUND, FIGURES[0]])
            for label, before, after in c.rows:
                a, b = before.share("good"), after.share("good")
                change = "" if a is None or b is None else f"{round((b - a) * 100):+d} pts"
                comparison.add_row(cell(brief(label)), percent(a), percent(b), change)
