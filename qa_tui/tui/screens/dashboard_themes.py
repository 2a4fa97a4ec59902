"""The dashboard's themes tab (tab 5): the theme ranking, the highlighted theme's detail,
and what a QA lead does with a theme (`+` makes it an action, `M` merges it into another).

It lives apart from the dashboard screen because it is a whole of its own: the rest of
the dashboard counts grades, this tab reads and acts on the themes auditors tagged. It is
the tab pane itself (a TabPane with its own compose and handlers), so the ids, the keys
(bound on the screen, which calls `promote` and `merge`) and the layout are as before.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from qa_tui.desks.opening import dashboard_desk, theme_desk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import Filters, percent
from qa_tui.domain.permissions import Op
from qa_tui.domain.plan_records import Measure, ThemeRanking
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.dialogs import quoted
from qa_tui.tui.widgets.fitted_table import FittedTable
from qa_tui.tui.widgets.shown import brief, cell, clip, fill, line
from qa_tui.tui.widgets.tones import toned

# The theme takes the room the figures leave, up to a width read at a glance.
COLUMNS = (
    Column(16, 60, 1, max=90),
    Column(10, 10),  # "to develop": never cut
    Column(6, 8),
    Column(5, 6),
    Column(6, 9),
)


class ThemesPane(DeskAccess, TabPane):
    """Tab 5 of the dashboard: themes ranked by the audits they were tagged on."""

    GUARDS = {"plan_learning": Op.PLAN_LEARNING}
    BINDINGS = [
        Binding(
            "w",
            "plan_learning",
            "Plan learning…",
            show=False,
            id="dash.learn",
            tooltip="Plan a practice workshop or training need from the highlighted theme",
        ),
        Binding(
            "L",
            "learning",
            "Learning",
            show=False,
            id="dash.learning",
            tooltip="The learning events: workshops and training needs, and whether they took",
        ),
    ]

    class Merged(Message):
        """A theme was merged into another: the figures need reading again."""

    class Recounting(Message):
        """A merge's tags are being restated: `done` audits of `total` so far."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    def __init__(self) -> None:
        super().__init__("5 Themes", id="themes")
        self.ranking: ThemeRanking | None = None
        self.filters = Filters()

    @property
    def themes(self) -> ThemeDesk:
        return theme_desk(self.desk)

    def compose(self) -> ComposeResult:
        yield FittedTable(id="dash-themes", cursor_type="row", zebra_stripes=True)
        yield Static("", id="dash-theme-detail")
        yield Static("", id="dash-theme-teams")
        yield Static("", id="dash-theme-progress")

    @on(Recounting)
    def _recounting(self, event: Recounting) -> None:
        """A progress line while a merge restates the tags (others may save meanwhile)."""
        shown = self.query_one("#dash-theme-progress", Static)
        merging = bool(event.total) and event.done < event.total
        shown.update(f"Merging: {event.done:,} of {event.total:,} audits recounted")
        shown.display = merging  # takes no row while nothing is merging

    def show(self, ranking: ThemeRanking, filters: Filters) -> None:
        """The ranking read for these filters, shown."""
        self.ranking, self.filters = ranking, filters
        table = self.query_one("#dash-themes", FittedTable)
        table.clear(columns=True)
        table.add_columns(
            "Theme", "", "Audits", "Share", "Change" if ranking.previous_label else ""
        )
        table.fit(COLUMNS)
        for row in ranking.rows:
            change = "" if row.change is None else f"{row.change:+.0f} pts"
            table.add_row(
                cell(brief(row.theme)),
                toned(self.app.theme_variables, "strength", "good")
                if row.polarity == "strength"
                else toned(self.app.theme_variables, "to develop", "watch"),
                f"{row.audits:,}",
                percent(row.share),
                change,
            )
        if ranking.rows:
            self._theme_detail(0)
        else:
            self.query_one("#dash-theme-detail", Static).update(
                "No themes tagged on the audits in scope."
            )

    @on(DataTable.RowHighlighted, "#dash-themes")
    def _theme_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._theme_detail(event.cursor_row)

    def _theme_detail(self, index: int) -> None:
        if self.ranking is None or not 0 <= index < len(self.ranking.rows):
            return
        row, r = self.ranking.rows[index], self.ranking
        themes, filters = self.themes, self.filters
        self.query_one("#dash-theme-teams", Static).update("Teams: …")
        self.runner.fetch(
            "read the theme's teams",
            lambda: themes.teams_for(filters, row.theme, row.polarity),
            self.screen,
            lambda teams: self._theme_teams(row.theme, teams),
        )
        g = row.grades
        compared = (
            f"Change: share now against {r.previous_label} "
            f"({r.previous_scope_audits:,} audits then)."
            if r.previous_label
            else "Choose a period (d) or a repeat programme (g) to see the change."
        )
        self.query_one("#dash-theme-detail", Static).update(
            fill(
                "[b]$theme[/b] · $audits of $scope audits in scope\n"
                "Criteria: $criteria\nOverall grades behind it: $grades\n$compared  "
                "[dim]enter lists the audits · + makes it an action[/dim]",
                theme=clip(row.theme, 200),
                audits=f"{row.audits:,}",
                scope=f"{r.scope_audits:,}",
                criteria="; ".join(f"{clip(c.name, 50)} ({c.audits})" for c in row.criteria[:3]),
                grades=f"Outstanding {g.v1}, Good {g.v2}, RI {g.v3}, Inadequate {g.v4}",
                compared=compared,
            )
        )

    def _theme_teams(self, theme: str, teams: list) -> None:
        """The highlighted theme's teams, once read (if it is still highlighted)."""
        table = self.query_one("#dash-themes", DataTable)
        if (
            self.ranking is None
            or table.cursor_row >= len(self.ranking.rows)
            or self.ranking.rows[table.cursor_row].theme != theme
        ):
            return
        shown = ", ".join(f"{clip(t.name, 40)} ({t.audits})" for t in teams[:6]) + (
            f" and {len(teams) - 6} more" if len(teams) > 6 else ""
        )
        self.query_one("#dash-theme-teams", Static).update(line(f"Teams: {shown or 'none'}"))

    @on(DataTable.RowSelected, "#dash-themes")
    def _theme_audits(self, event: DataTable.RowSelected) -> None:
        if self.ranking is None or event.cursor_row >= len(self.ranking.rows):
            return
        row = self.ranking.rows[event.cursor_row]
        from qa_tui.tui.screens.drill_down import DrillDownScreen

        themes, filters = self.themes, self.filters

        def page(evidence: bool) -> Callable[[int, int], list[dict]]:
            def read(offset: int, limit: int) -> list[dict]:
                return [
                    {**r, "grade": r["overall"], "moderated": False, "programme": ""}
                    for r in themes.audits_with(
                        filters,
                        row.theme,
                        row.polarity,
                        offset=offset,
                        limit=limit,
                        evidence=evidence,
                    )
                ]

            return read

        self.app.push_screen(
            DrillDownScreen(
                f"Theme: {clip(row.theme, 60)} ({row.polarity.replace('_', ' ')})"
                " · overall grade shown · v shows the evidence",
                page(False),
                page(True),
            )
        )

    def _on_this_tab(self) -> bool:
        return self.screen.query_one(TabbedContent).active == "themes"

    def promote(self) -> None:
        """A theme becomes an action plan item, with a measure on the criterion it was
        tagged on most, in this filter's cohort and team."""
        table = self.query_one("#dash-themes", DataTable)
        if self.ranking is None or not self.ranking.rows or not table.display:
            return
        if not self._on_this_tab():
            self.notify("Choose a theme on the Themes tab (5) first.")
            return
        row = self.ranking.rows[min(table.cursor_row, len(self.ranking.rows) - 1)]
        from qa_tui.desks.plan import measure_for_theme
        from qa_tui.tui.screens.action_plan import PlanItemForm, action_desk, create_item

        plan, filters = action_desk(self.desk), self.filters
        dashboard = dashboard_desk(self.desk)

        def suggest() -> tuple[Measure | None, str]:
            kinds = dashboard.store.criterion_kinds()
            measure = measure_for_theme(
                [
                    (
                        c.rubric_id,
                        c.criterion_id,
                        kinds.get((c.rubric_id, c.criterion_id), "quality"),
                    )
                    for c in row.criteria
                    if c.criterion_id
                ],
                filters,
            )
            return measure, plan.measure_label(measure)

        def prepared(suggested: tuple[Measure | None, str]) -> None:
            measure, label = suggested
            verb = "Improve" if row.polarity == "area_for_development" else "Sustain"

            def made(values: tuple[str, ...] | None) -> None:
                if values is None:
                    return
                self.runner.fetch(
                    "add the action",
                    lambda: create_item(plan, values, measure, ((row.theme, row.polarity),)),
                    self.screen,
                    lambda _: self.notify(
                        f"Added to the action plan: {values[0]} (a from home shows the plan)"
                    ),
                )

            self.app.push_screen(
                PlanItemForm(title=f"{verb}: {row.theme}", themes=row.theme, measure_label=label),
                made,
            )

        self.runner.fetch("suggest a measure", suggest, self.screen, prepared)

    def merge(self) -> None:
        """Merge the highlighted theme into another: its tags join that theme's."""
        table = self.query_one("#dash-themes", DataTable)
        if self.ranking is None or not self.ranking.rows or not self._on_this_tab():
            return
        row = self.ranking.rows[min(table.cursor_row, len(self.ranking.rows) - 1)]
        others = [r.theme for r in self.ranking.rows if r.theme != row.theme]
        from qa_tui.tui.widgets.dialogs import TextPrompt

        themes = self.themes

        def merged(names: tuple[str, str]) -> None:
            self.query_one("#dash-theme-progress", Static).display = False
            self.notify(f"{quoted(names[0])} is now a synonym of {quoted(names[1])}")
            self.post_message(self.Merged())

        def recounting(done: int, total: int) -> None:  # on the database thread
            self.post_message(self.Recounting(done, total))

        def chosen(into: str | None) -> None:
            if into and into.strip():
                self.runner.fetch(
                    "merge the themes",
                    lambda: themes.merge(row.theme, into, recounting),
                    self.screen,
                    merged,
                )

        self.app.push_screen(
            TextPrompt(
                f"Merge {quoted(row.theme)} into which theme?",
                "type to complete from the themes",
                suggestions=others,
            ),
            chosen,
        )

    def action_plan_learning(self) -> None:
        """A practice workshop or training need answering the highlighted theme."""
        table = self.query_one("#dash-themes", DataTable)
        if self.ranking is None or not self.ranking.rows:
            return
        row = self.ranking.rows[min(table.cursor_row, len(self.ranking.rows) - 1)]
        from qa_tui.tui.screens.learning_events import plan_from

        plan_from(self, row.theme, row.polarity)

    def action_learning(self) -> None:
        from qa_tui.tui.screens.learning_events import LearningEventsScreen

        self.app.push_screen(LearningEventsScreen())
