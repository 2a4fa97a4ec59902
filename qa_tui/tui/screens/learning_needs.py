"""Training needs (`t` on the learning events screen): where each area for development
is concentrated, as its share of each team's audits over a period, the teams where it is
most common first, so a QA lead sees whom a workshop is for.

A share behind too few audits says so and gives no counts (the figures go to people
outside QA). `p` steps the period: the last 3, 6 or 12 months, or all time.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from qa_tui.desks.learning_figures import LearningFigures
from qa_tui.domain.learning import ThemeNeed, month_add
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted_table import FittedTable
from qa_tui.tui.widgets.shown import brief, cell

COLUMNS = (Column(12, 50, 1), Column(10, 40, 1), Column(16, 24))
PERIODS = (12, 6, 3, 0)  # months back; 0 is all time


class TrainingNeedsScreen(DeskAccess, Screen[None]):
    TITLE = "Training needs by team"
    BINDINGS = [
        Binding(
            "p", "period", "Period", id="needs.period", tooltip="The last 12, 6 or 3 months, or all"
        ),
        Binding("escape", "back", "Back", id="needs.back", tooltip="Back to the learning events"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.months = PERIODS[0]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="needs-summary")
        yield FittedTable(id="needs-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#needs-table", DataTable).focus()
        self.load()

    def load(self) -> None:
        this_month = self.today().strftime("%Y-%m")
        first = month_add(this_month, 1 - self.months) if self.months else None
        figures = LearningFigures(self.desk)
        self.query_one("#needs-summary", Static).update(
            f"Areas for development, {f'{first} to {this_month}' if first else 'all time'}:"
            " each team's share of its audits that show it (p: period)"
        )
        self.runner.fetch(
            "read the training needs",
            lambda: figures.needs(first, this_month if first else None),
            self,
            self._show,
        )

    def _show(self, needs: list[ThemeNeed]) -> None:
        table = self.query_one("#needs-table", FittedTable)
        table.clear(columns=True)
        table.add_columns("Area for development", "Team", "Share of audits")
        table.fit(COLUMNS)
        for need in needs:
            table.add_row(cell(brief(need.theme), "bold"), "all teams", need.overall.words())
            for t in need.teams:
                table.add_row("", cell(brief(t.team)), t.need.words())
        if not needs:
            table.add_row("No areas for development tagged in this period.", "", "")

    def action_period(self) -> None:
        self.months = PERIODS[(PERIODS.index(self.months) + 1) % len(PERIODS)]
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
