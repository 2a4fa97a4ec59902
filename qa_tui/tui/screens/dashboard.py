"""The QA lead's dashboard (`d` from home): what the counted grades say, and who they are.

Filters sit on one line, each changed with its own key. Four tabs show the criteria,
the team x criterion table shaded as a heat map, the grade distribution beside the
auditor-against-moderator grid, and the trend as a chart over its table (the charts are
in dashboard_charts.py). Enter on any figure
lists the audits behind it (DrillDownScreen), and enter there opens one audit. Every
figure comes from the summary table in the database thread, so a refresh stays quick
on a large database.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from qa_tui.desks.council_settings import quarter_style
from qa_tui.desks.dashboard import DashboardDesk
from qa_tui.desks.family_views import FamilyViewFigures, FamilyViews
from qa_tui.desks.moderation import AgreementGrid, ModerationDesk
from qa_tui.desks.opening import dashboard_desk, theme_desk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import (
    Bucket,
    Filters,
    Overview,
    percent,
)
from qa_tui.domain.dates import months_before
from qa_tui.domain.permissions import Op
from qa_tui.domain.plan_records import ThemeRanking
from qa_tui.domain.quarters import QuarterStyle
from qa_tui.domain.rubric import OFSTED, YES_PARTLY_NO
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.screens.dashboard_agencies import AgenciesPane
from qa_tui.tui.screens.dashboard_charts import DashboardCharts
from qa_tui.tui.screens.dashboard_filters import FilterChoices
from qa_tui.tui.screens.dashboard_practice import PracticePane
from qa_tui.tui.screens.dashboard_tables import DashboardTables
from qa_tui.tui.screens.dashboard_themes import ThemesPane
from qa_tui.tui.widgets.fitted_table import FittedTable
from qa_tui.tui.widgets.shown import clip, fill, line

# The tabs, in their keys' order: (id, name, what it shows). Each one's table: TAB_TABLES.
TABS = (
    ("criteria", "Criteria", "Each criterion: graded, Good or better, Inadequate"),
    ("teams", "Teams", "Team by criterion, shaded by the share Good or better"),
    ("grades", "Grades", "The overall grades, and the auditor's against the moderator's"),
    ("trend", "Trend", "Good or better and Inadequate over time, as a chart and a table"),
    ("themes", "Themes", "Themes ranked by the audits they were tagged on"),
    ("practice", "Practice", "Whether findings went back to practice: feedback in time, by team"),
    ("agencies", "Agencies", "Multi-agency rounds: each agency's grades and the joint judgement"),
)
TAB_TABLES = {
    "criteria": "#dash-criteria",
    "teams": "#dash-teams",
    "grades": "#dash-grades",
    "trend": "#dash-trend",
    "themes": "#dash-themes",
    "practice": "#dash-feedback",
    "agencies": "#dash-agencies",
}


class DashboardScreen(DeskAccess, FilterChoices, DashboardCharts, DashboardTables, Screen[None]):
    TITLE = "Dashboard"
    GUARDS = {"merge": Op.MERGE_THEMES, "promote": Op.EDIT_PLAN}
    BINDINGS = [
        Binding("d", "period", "Period", id="dash.period", tooltip="Choose the period"),
        Binding(
            "g",
            "programme",
            "Programme",
            id="dash.programme",
            tooltip="Choose a programme (and see it beside its repeat)",
        ),
        Binding("t", "team", "Team", id="dash.team", tooltip="Choose a team"),
        Binding(
            "b", "rubric", "Rubric", id="dash.rubric", tooltip="Choose a rubric to see its criteria"
        ),
        Binding("c", "cohort", "Cohort", id="dash.cohort", tooltip="Choose a cohort"),
        Binding("a", "auditor", "Auditor", id="dash.auditor", tooltip="Choose an auditor"),
        Binding("x", "clear", "Clear", id="dash.clear", tooltip="Clear every filter"),
        Binding(
            "y",
            "toggle_period",
            "Month/quarter",
            id="dash.trend",
            tooltip="Show the trend by month or by quarter",
        ),
        *[
            Binding(str(n), f"tab('{tab}')", label, show=False, id=f"dash.tab{n}", tooltip=tip)
            for n, (tab, label, tip) in enumerate(TABS, 1)
        ],
        Binding(
            "plus",
            "promote",
            "Theme → action",
            show=False,
            id="dash.promote",
            tooltip="Make the highlighted theme an action plan item",
        ),
        Binding(
            "M",
            "merge",
            "Merge theme…",
            show=False,
            id="dash.merge",
            tooltip="Merge the highlighted theme into another (a synonym)",
        ),
        Binding("escape", "back", "Back", id="dash.back", tooltip="Back to my audits"),
    ]
    HELP_EXTRA = [
        ("1 .. 7", "Criteria, Teams, Grades, Trend, Themes, Practice, Agencies tabs"),
        ("+ on a theme", "Make it an action plan item"),
        ("M on a theme", "Merge it into another theme (synonyms)"),
        ("enter on a figure", "The audits behind it"),
    ]

    def __init__(self, filters: Filters | None = None) -> None:
        super().__init__()
        today = self.today()
        self.filters = filters or Filters(
            month_from=months_before(today.replace(day=1), 11).strftime("%Y-%m")
        )
        self.period_label = "All time" if filters else "Last 12 months"
        self.trend_by = "month"
        self.quarter_style: QuarterStyle = "calendar"  # the council's, read with the choices
        self.choices: dict[str, list[tuple[str, str]]] = {}
        self.overview: Overview | None = None
        self.grid: AgreementGrid | None = None
        self.family: FamilyViewFigures | None = None
        # What each table cell counts: (rubric_id, criterion_id, bucket, narrowing).
        self.cells: dict[str, dict[tuple[int, int], tuple]] = {}

    @property
    def dashboard(self) -> DashboardDesk:
        return dashboard_desk(self.desk)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="dash-filters")
        yield Static("", id="dash-headline")
        with TabbedContent(id="dash-tabs"):
            with TabPane("1 Criteria", id="criteria"):
                yield FittedTable(id="dash-criteria", cursor_type="cell", zebra_stripes=True)
                yield Static("", id="dash-question")
                yield FittedTable(id="dash-compliance", cursor_type="cell")
            with TabPane("2 Teams", id="teams"):
                yield FittedTable(id="dash-teams", cursor_type="cell")
                yield Static("", id="dash-heat-legend")
                yield Static("", id="dash-column")
            with TabPane("3 Grades", id="grades"):
                yield DataTable(id="dash-grades", cursor_type="cell")
                yield Static(
                    "Auditor's overall grade against the moderator's", id="dash-agreement-title"
                )
                yield DataTable(id="dash-agreement", cursor_type="cell")
                yield Static("", id="dash-agreement-note")
                yield Static("", id="dash-family-views")
            with TabPane("4 Trend", id="trend"):
                with Container(id="dash-trend-body"):
                    yield Container(id="dash-trend-chart")  # the chart, once the tab is open
                    yield DataTable(id="dash-trend", cursor_type="cell", zebra_stripes=True)
                yield FittedTable(id="dash-comparison", cursor_type="row")
            yield ThemesPane()
            yield PracticePane()
            yield AgenciesPane()
        yield Footer()

    def on_mount(self) -> None:
        criteria = self.query_one("#dash-criteria", DataTable)
        criteria.focus()
        dashboard, desk = self.dashboard, self.desk
        self.runner.fetch(
            "read the filter choices",
            lambda: (dashboard.choices(), quarter_style(desk)),
            self,
            self._choices_read,
        )
        self.refresh_figures()
        self.app.theme_changed_signal.subscribe(self, lambda _: self._recolour())

    def _recolour(self) -> None:
        """Colours come from the theme: a new theme draws the figures again in its own."""
        if (
            self.overview is not None
            and self.ranking is not None
            and self.grid is not None
            and self.family is not None
        ):
            self._show((self.overview, self.ranking, self.grid, self.family))

    def _choices_read(self, found: tuple[dict[str, list[tuple[str, str]]], QuarterStyle]) -> None:
        self.choices, self.quarter_style = found

    # -- figures ---------------------------------------------------------------------

    def refresh_figures(self) -> None:
        filters, dashboard, themes = self.filters, self.dashboard, self.themes
        moderation = ModerationDesk(self.desk)
        family_views = FamilyViews(self.desk)
        this_month = self.today().strftime("%Y-%m")
        self.runner.fetch(
            "count the grades",
            lambda: (
                dashboard.overview(filters),
                themes.ranking(filters, this_month, with_teams=False),
                moderation.agreement_grid(filters.auditor),
                family_views.figures(filters),
            ),
            self,
            self._show,
        )

    @property
    def ranking(self) -> ThemeRanking | None:
        """The theme ranking shown on the Themes tab (the pane keeps it)."""
        return self.query_one(ThemesPane).ranking

    @property
    def themes(self) -> ThemeDesk:
        return theme_desk(self.desk)

    def _show(
        self, result: tuple[Overview, ThemeRanking, AgreementGrid, FamilyViewFigures]
    ) -> None:
        overview, ranking, grid, family = result
        if overview.filters != self.filters:  # a newer filter is on its way
            return
        self.query_one(ThemesPane).show(ranking, self.filters)
        self.query_one(PracticePane).show_for(self.filters)
        self.query_one(AgenciesPane).show_for(self.filters)
        self.overview = overview
        self._show_filters()
        o = overview.overall
        self.query_one("#dash-headline", Static).update(
            Content.from_markup(
                "[b]$audits[/b] audits · Good or better [b]$good[/b] · Inadequate "
                "[b $text-error]$bad[/]  [$text-muted](moderated grades count; N/A never does)[/]",
                audits=f"{o.counted:,}",
                good=percent(o.share("good")),
                bad=percent(o.share("inadequate")),
            )
        )
        self._show_criteria(overview)
        table = self.query_one("#dash-criteria", DataTable)
        if table.cursor_coordinate.column == 0:  # start on a figure, not on a name
            table.move_cursor(column=2)
        self._show_teams(overview)
        self._show_grades(overview)
        self._show_trend(overview)
        self._show_agreement(grid, self.filters.auditor)
        self.family = family
        self.query_one("#dash-family-views", Static).update(line(family.words()))

    # -- drill-down --------------------------------------------------------------------

    @on(DataTable.CellSelected)
    def _drill_down(self, event: DataTable.CellSelected) -> None:
        table_id = event.data_table.id or ""
        target = self.cells.get(table_id, {}).get((event.coordinate.row, event.coordinate.column))
        if target is None:
            return
        rubric_id, criterion_id, bucket, narrowing = target
        from qa_tui.tui.screens.drill_down import DrillDownScreen

        dashboard, filters = self.dashboard, self.filters
        title = self._drill_title(rubric_id, criterion_id, bucket, narrowing)

        def page(offset: int, limit: int) -> list[dict]:
            return dashboard.audits(
                filters, rubric_id, criterion_id, bucket, offset=offset, limit=limit, **narrowing
            )

        self.app.push_screen(DrillDownScreen(title, page))

    def _drill_title(
        self, rubric_id: str | None, criterion_id: str, bucket: Bucket, narrowing: dict
    ) -> str:
        compliance = bool(criterion_id) and self._kind(criterion_id) == "compliance"
        scale = YES_PARTLY_NO if compliance else OFSTED
        what = {
            "counted": "all graded",
            "good": "Good or better",
            "na": "not applicable",
            "inadequate": scale.grades[-1].label,
        }.get(bucket) or scale.by_value(int(bucket[1:])).label
        label = "Overall judgement"
        if self.overview is not None and criterion_id:
            label = next(
                (r.label for r in self.overview.criteria if r.criterion_id == criterion_id),
                criterion_id,
            )
        elif rubric_id and self.overview is not None:
            label = f"{self.overview.rubric_titles.get(rubric_id, rubric_id)}: overall"
        parts = [clip(narrowing["team"], 40)] if "team" in narrowing else []
        if "month_from" in narrowing:
            start, end = narrowing["month_from"], narrowing["month_to"]
            parts.append(start if start == end else f"{start} to {end}")
        extra = " · ".join(parts)
        return f"{label[:50]} — {what}" + (f" · {extra}" if extra else "")

    def _kind(self, criterion_id: str) -> str:
        if self.overview is None:
            return "quality"
        return next(
            (r.kind for r in self.overview.criteria if r.criterion_id == criterion_id), "quality"
        )

    @on(DataTable.CellHighlighted, "#dash-criteria")
    def _question_shown(self, event: DataTable.CellHighlighted) -> None:
        if self.overview is None or event.coordinate.row >= len(self.overview.quality):
            return
        row = self.overview.quality[event.coordinate.row]
        self.query_one("#dash-question", Static).update(
            line(row.label) if len(row.label) > self.label_width else ""
        )

    @on(DataTable.CellHighlighted, "#dash-teams")
    def _column_named(self, event: DataTable.CellHighlighted) -> None:
        if self.overview is None or event.coordinate.column == 0:
            return
        labels = self.overview.column_labels
        if event.coordinate.column - 1 < len(labels):
            self.query_one("#dash-column", Static).update(
                fill(
                    "[b]$label[/b] — share graded Good or better; enter lists those audits",
                    label=labels[event.coordinate.column - 1],
                )
            )

    def action_promote(self) -> None:
        """The highlighted theme becomes an action plan item (the Themes tab's)."""
        self.query_one(ThemesPane).promote()

    def action_merge(self) -> None:
        """The highlighted theme is merged into another (the Themes tab's)."""
        self.query_one(ThemesPane).merge()

    @on(ThemesPane.Merged)
    def _merged(self) -> None:
        self.refresh_figures()

    def action_toggle_period(self) -> None:
        self.trend_by = "quarter" if self.trend_by == "month" else "month"
        if self.overview is not None:
            self._show_trend(self.overview)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(TAB_TABLES[tab]).focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.show:
                yield SystemCommand(
                    f"Dashboard: {binding.description}",
                    binding.tooltip or binding.description,
                    getattr(self, f"action_{binding.action}"),
                )
