"""The QA lead's dashboard (`d` from home): what the counted grades say, and who they are.

Filters sit on one line, each changed with its own key. Four tabs show the criteria,
the team x criterion table, the grade distribution and the trend. Enter on any figure
lists the audits behind it (DrillDownScreen), and enter there opens one audit. Every
figure comes from the summary table in the database thread, so a refresh stays quick
on a large database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from qa_tui.desks.dashboard import DashboardDesk
from qa_tui.desks.opening import dashboard_desk, theme_desk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import (
    Bucket,
    Figures,
    Filters,
    Overview,
    percent,
    quarter_of,
    roll_up,
)
from qa_tui.domain.dates import months_before
from qa_tui.domain.plan_records import Measure, ThemeRanking
from qa_tui.domain.rubric import OFSTED, YES_PARTLY_NO
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.dialogs import quoted
from qa_tui.tui.widgets.shown import cell, clip, fill, line

BAR_WIDTH = 24
ALL = "(all)"


def bar(share: float | None, width: int = BAR_WIDTH) -> str:
    """A share drawn as a bar of block characters, eighths included."""
    if share is None:
        return ""
    eighths = round(share * width * 8)
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


Period = tuple[str, tuple[str | None, str | None]]  # label, (first month, last month)


def period_choices(months: list[str], today: date) -> list[Period]:
    """Periods a QA lead asks about: recent months, each year, each quarter."""
    def since(n: int) -> str:
        return months_before(today.replace(day=1), n - 1).strftime("%Y-%m")

    out: list[Period] = [
        ("All time", (None, None)),
        ("Last 3 months", (since(3), None)),
        ("Last 6 months", (since(6), None)),
        ("Last 12 months", (since(12), None)),
    ]
    years = sorted({m[:4] for m in months}, reverse=True)
    out += [(year, (f"{year}-01", f"{year}-12")) for year in years]
    quarters = sorted({quarter_of(m) for m in months}, reverse=True)
    for q in quarters:
        year, n = q.split(" Q")
        first = (int(n) - 1) * 3 + 1
        out.append((q, (f"{year}-{first:02d}", f"{year}-{first + 2:02d}")))
    return out


class DashboardScreen(DeskAccess, Screen[None]):
    TITLE = "Dashboard"
    BINDINGS = [
        Binding("d", "period", "Period", id="dash.period", tooltip="Choose the period"),
        Binding("g", "programme", "Programme", id="dash.programme",
                tooltip="Choose a programme (and see it beside its repeat)"),
        Binding("t", "team", "Team", id="dash.team", tooltip="Choose a team"),
        Binding("b", "rubric", "Rubric", id="dash.rubric",
                tooltip="Choose a rubric to see its criteria"),
        Binding("c", "cohort", "Cohort", id="dash.cohort", tooltip="Choose a cohort"),
        Binding("a", "auditor", "Auditor", id="dash.auditor", tooltip="Choose an auditor"),
        Binding("x", "clear", "Clear", id="dash.clear", tooltip="Clear every filter"),
        Binding("y", "toggle_period", "Month/quarter", id="dash.trend",
                tooltip="Show the trend by month or by quarter"),
        Binding("1", "tab('criteria')", "Criteria", show=False, id="dash.tab1"),
        Binding("2", "tab('teams')", "Teams", show=False, id="dash.tab2"),
        Binding("3", "tab('grades')", "Grades", show=False, id="dash.tab3"),
        Binding("4", "tab('trend')", "Trend", show=False, id="dash.tab4"),
        Binding("5", "tab('themes')", "Themes", show=False, id="dash.tab5"),
        Binding("plus", "promote", "Theme → action", show=False, id="dash.promote",
                tooltip="Make the highlighted theme an action plan item"),
        Binding("M", "merge", "Merge theme…", show=False, id="dash.merge",
                tooltip="Merge the highlighted theme into another (a synonym)"),
        Binding("escape", "back", "Back", id="dash.back", tooltip="Back to my audits"),
    ]
    HELP_EXTRA = [("1 2 3 4 5", "Criteria, Teams, Grades, Trend, Themes tabs"),
                  ("+ on a theme", "Make it an action plan item"),
                  ("M on a theme", "Merge it into another theme (synonyms)"),
                  ("enter on a figure", "The audits behind it")]

    def __init__(self, filters: Filters | None = None) -> None:
        super().__init__()
        today = date.today()
        self.filters = filters or Filters(
            month_from=months_before(today.replace(day=1), 11).strftime("%Y-%m"))
        self.period_label = "All time" if filters else "Last 12 months"
        self.trend_by = "month"
        self.choices: dict[str, list[tuple[str, str]]] = {}
        self.overview: Overview | None = None
        self.ranking: ThemeRanking | None = None
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
                yield DataTable(id="dash-criteria", cursor_type="cell", zebra_stripes=True)
                yield Static("", id="dash-question")
                yield DataTable(id="dash-compliance", cursor_type="cell")
            with TabPane("2 Teams", id="teams"):
                yield DataTable(id="dash-teams", cursor_type="cell", zebra_stripes=True)
                yield Static("", id="dash-column")
            with TabPane("3 Grades", id="grades"):
                yield DataTable(id="dash-grades", cursor_type="cell")
            with TabPane("4 Trend", id="trend"):
                yield DataTable(id="dash-trend", cursor_type="cell", zebra_stripes=True)
                yield DataTable(id="dash-comparison", cursor_type="row")
            with TabPane("5 Themes", id="themes"):
                yield DataTable(id="dash-themes", cursor_type="row", zebra_stripes=True)
                yield Static("", id="dash-theme-detail")
                yield Static("", id="dash-theme-teams")
        yield Footer()

    def on_mount(self) -> None:
        criteria = self.query_one("#dash-criteria", DataTable)
        criteria.focus()
        self.runner.fetch("read the filter choices", self.dashboard.choices, self,
                          self._choices_read)
        self.refresh_figures()

    def _choices_read(self, choices: dict[str, list[tuple[str, str]]]) -> None:
        self.choices = choices

    # -- figures ---------------------------------------------------------------------

    def refresh_figures(self) -> None:
        filters, dashboard, themes = self.filters, self.dashboard, self.themes
        this_month = date.today().strftime("%Y-%m")
        self.runner.fetch("count the grades", lambda: (
            dashboard.overview(filters), themes.ranking(filters, this_month, with_teams=False)),
            self, self._show)

    @property
    def themes(self) -> ThemeDesk:
        return theme_desk(self.desk)

    def _show(self, result: tuple[Overview, ThemeRanking]) -> None:
        overview, ranking = result
        if overview.filters != self.filters:  # a newer filter is on its way
            return
        self.ranking = ranking
        self._show_themes(ranking)
        self.overview = overview
        self._show_filters()
        o = overview.overall
        self.query_one("#dash-headline", Static).update(Content.from_markup(
            "[b]$audits[/b] audits · Good or better [b]$good[/b] · Inadequate "
            "[b $error]$bad[/b $error]  [dim](moderated grades count; N/A never does)[/dim]",
            audits=f"{o.counted:,}", good=percent(o.share("good")),
            bad=percent(o.share("inadequate"))))
        self._show_criteria(overview)
        table = self.query_one("#dash-criteria", DataTable)
        if table.cursor_coordinate.column == 0:  # start on a figure, not on a name
            table.move_cursor(column=2)
        self._show_teams(overview)
        self._show_grades(overview)
        self._show_trend(overview)

    def _label_of(self, kind: str, value: object) -> str:
        if value is None:
            return ALL
        for key, label in self.choices.get(kind, []):
            if key == str(value):
                return label
        return str(value)

    def _show_filters(self) -> None:
        f = self.filters
        parts = [("d", "Period", self.period_label),
                 ("g", "Programme", self._label_of("programme", f.programme_id)),
                 ("t", "Team", self._label_of("team", f.team)),
                 ("b", "Rubric", self._label_of("rubric", f.rubric_id)),
                 ("c", "Cohort", self._label_of("cohort", f.cohort)),
                 ("a", "Auditor", self._label_of("auditor", f.auditor))]
        self.query_one("#dash-filters", Static).update(Content.assemble(*[
            piece for key, name, value in parts for piece in (
                (f"{key}", "bold $accent"), f" {name}: ",
                line(clip(value, 40), "bold" if value != ALL else "dim"), "  ")]))

    def _table(self, table_id: str, columns: Iterable[str]) -> DataTable:
        """A table emptied, with these column labels (shown literally: some are
        criteria or programme names)."""
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear(columns=True)
        table.add_columns(*[cell(label) for label in columns])
        self.cells[table_id] = {}
        return table

    def _add(self, table: DataTable, table_id: str, cells: list[tuple[object, tuple | None]]
             ) -> None:
        """One row; each cell with what enter on it lists (or None). A str cell is
        shown literally (DataTable would read it as markup)."""
        row = table.row_count
        table.add_row(*[cell(value) if isinstance(value, str) else value
                        for value, _ in cells])
        for column, (_, target) in enumerate(cells):
            if target is not None:
                self.cells[table_id][(row, column)] = target

    @property
    def label_width(self) -> int:
        """Room for a criterion's question beside its four figures."""
        return max(24, self.app.size.width - 48)

    def _show_criteria(self, o: Overview) -> None:
        table = self._table("dash-criteria", ["Criterion", "Graded", "Good or better",
                                              "Inadequate", "N/A"])
        for row in o.quality:
            f, key = row.figures, (row.rubric_id, row.criterion_id)
            label = row.label if row.kind != "overall" or o.filters.rubric_id is None \
                else "Overall judgement"
            self._add(table, "dash-criteria", [
                (cell(clip(label, self.label_width), "bold" if row.kind == "overall" else ""),
                 None),
                (f"{f.counted:,}", (*key, "counted", {})),
                (percent(f.share("good")), (*key, "good", {})),
                (percent(f.share("inadequate")), (*key, "inadequate", {})),
                (f"{f.na:,}" if f.na else "", (*key, "na", {}))])
        compliance = self._table("dash-compliance", ["Compliance check", "Checked", "Yes",
                                                     "Partly", "No", "N/A"])
        compliance.display = bool(o.compliance)
        for row in o.compliance:
            f, key = row.figures, (row.rubric_id, row.criterion_id)
            self._add(compliance, "dash-compliance", [
                (clip(row.label, self.label_width), None),
                (f"{f.counted:,}", (*key, "counted", {})),
                (percent(f.share("v1")), (*key, "v1", {})),
                (percent(f.share("v2")), (*key, "v2", {})),
                (percent(f.share("inadequate")), (*key, "inadequate", {})),
                (f"{f.na:,}" if f.na else "", (*key, "na", {}))])

    def _show_teams(self, o: Overview) -> None:
        short = [label if len(label) <= 14 else label[:13] + "…" for label in o.column_labels]
        table = self._table("dash-teams", ["Team", *short])
        for team, figures in o.teams.items():
            cells: list[tuple[object, tuple | None]] = [(clip(team, 40), None)]
            for rubric_id, criterion_id in o.columns:
                f = figures.get((rubric_id, criterion_id), Figures())
                cells.append((percent(f.share("good")) + (f" ({f.counted:,})" if f.counted
                               else ""), (rubric_id, criterion_id, "good", {"team": team})))
            self._add(table, "dash-teams", cells)
        self.query_one("#dash-column", Static).update(
            "Share graded Good or better (graded answers in brackets). "
            + ("Choose a rubric (b) to see its criteria." if o.filters.rubric_id is None
               else ""))

    def _show_grades(self, o: Overview) -> None:
        table = self._table("dash-grades", ["Overall grade", "Audits", "Share", ""])
        total = o.overall
        for value, grade in enumerate(OFSTED.grades, start=1):
            count = total.by_value()[value - 1]
            share = count / total.counted if total.counted else None
            bucket = f"v{value}"
            self._add(table, "dash-grades", [
                (grade.label, (None, "", bucket, {})), (f"{count:,}", (None, "", bucket, {})),
                (percent(share), (None, "", bucket, {})),
                (Text(bar(share, 40), "red" if value == 4 else "green"),
                 (None, "", bucket, {}))])

    def _show_trend(self, o: Overview) -> None:
        table = self._table("dash-trend", ["Quarter" if self.trend_by == "quarter" else "Month",
                                           "Audits", "Good or better", "", "Inadequate"])
        for period, f in roll_up(o.by_month, self.trend_by):  # type: ignore[arg-type]
            if self.trend_by == "quarter":
                year, n = period.split(" Q")
                first = (int(n) - 1) * 3 + 1
                span = {"month_from": f"{year}-{first:02d}",
                        "month_to": f"{year}-{first + 2:02d}"}
            else:
                span = {"month_from": period, "month_to": period}
            self._add(table, "dash-trend", [
                (period, None), (f"{f.counted:,}", (None, "", "counted", span)),
                (percent(f.share("good")), (None, "", "good", span)),
                (Text(bar(f.share("good"), 20), "green"), None),
                (percent(f.share("inadequate")), (None, "", "inadequate", span))])
        comparison = self.query_one("#dash-comparison", DataTable)
        comparison.clear(columns=True)
        comparison.display = o.comparison is not None
        if o.comparison is not None:
            c = o.comparison
            comparison.add_columns(*[cell(label) for label in (
                "Good or better", clip(c.first, 24), clip(c.repeat, 24), "Change")])
            for label, before, after in c.rows:
                a, b = before.share("good"), after.share("good")
                change = "" if a is None or b is None else f"{round((b - a) * 100):+d} pts"
                comparison.add_row(cell(clip(label, self.label_width)), percent(a),
                                   percent(b), change)

    def _show_themes(self, ranking: ThemeRanking) -> None:
        table = self.query_one("#dash-themes", DataTable)
        table.clear(columns=True)
        table.add_columns("Theme", "", "Audits", "Share",
                          "Change" if ranking.previous_label else "")
        for row in ranking.rows:
            change = "" if row.change is None else f"{row.change:+.0f} pts"
            table.add_row(
                cell(clip(row.theme, 44)),
                Text("strength", "green") if row.polarity == "strength" else
                Text("to develop", "yellow"),
                f"{row.audits:,}", percent(row.share), change)
        if ranking.rows:
            self._theme_detail(0)
        else:
            self.query_one("#dash-theme-detail", Static).update(
                "No themes tagged on the audits in scope.")

    @on(DataTable.RowHighlighted, "#dash-themes")
    def _theme_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._theme_detail(event.cursor_row)

    def _theme_detail(self, index: int) -> None:
        if self.ranking is None or not 0 <= index < len(self.ranking.rows):
            return
        row, r = self.ranking.rows[index], self.ranking
        themes, filters = self.themes, self.filters
        self.query_one("#dash-theme-teams", Static).update("Teams: …")
        self.runner.fetch("read the theme's teams", lambda: themes.teams_for(
            filters, row.theme, row.polarity), self, lambda teams: self._theme_teams(
                row.theme, teams))
        g = row.grades
        compared = (f"Change: share now against {r.previous_label} "
                    f"({r.previous_scope_audits:,} audits then)." if r.previous_label else
                    "Choose a period (d) or a repeat programme (g) to see the change.")
        self.query_one("#dash-theme-detail", Static).update(fill(
            "[b]$theme[/b] · $audits of $scope audits in scope\n"
            "Criteria: $criteria\nOverall grades behind it: $grades\n$compared  "
            "[dim]enter lists the audits · + makes it an action[/dim]",
            theme=clip(row.theme, 200), audits=f"{row.audits:,}", scope=f"{r.scope_audits:,}",
            criteria="; ".join(f"{clip(c.name, 50)} ({c.audits})" for c in row.criteria[:3]),
            grades=f"Outstanding {g.v1}, Good {g.v2}, RI {g.v3}, Inadequate {g.v4}",
            compared=compared))

    def _theme_teams(self, theme: str, teams: list) -> None:
        """The highlighted theme's teams, once read (if it is still highlighted)."""
        table = self.query_one("#dash-themes", DataTable)
        if self.ranking is None or table.cursor_row >= len(self.ranking.rows) or \
                self.ranking.rows[table.cursor_row].theme != theme:
            return
        shown = ", ".join(f"{clip(t.name, 40)} ({t.audits})" for t in teams[:6]) + (
            f" and {len(teams) - 6} more" if len(teams) > 6 else "")
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
                return [{**r, "grade": r["overall"], "moderated": False, "programme": ""}
                        for r in themes.audits_with(filters, row.theme, row.polarity,
                                                    offset=offset, limit=limit,
                                                    evidence=evidence)]
            return read

        self.app.push_screen(DrillDownScreen(
            f"Theme: {clip(row.theme, 60)} ({row.polarity.replace('_', ' ')}) · overall grade shown"
            " · v shows the evidence", page(False), page(True)))

    def action_promote(self) -> None:
        """A theme becomes an action plan item, with a measure on the criterion it was
        tagged on most, in this filter's cohort and team."""
        table = self.query_one("#dash-themes", DataTable)
        if self.ranking is None or not self.ranking.rows or not table.display:
            return
        if self.query_one(TabbedContent).active != "themes":
            self.notify("Choose a theme on the Themes tab (5) first.")
            return
        row = self.ranking.rows[min(table.cursor_row, len(self.ranking.rows) - 1)]
        from qa_tui.desks.plan import measure_for_theme
        from qa_tui.tui.screens.action_plan import PlanItemForm, action_desk, create_item

        plan, filters, dashboard = action_desk(self.desk), self.filters, self.dashboard

        def suggest() -> tuple[Measure | None, str]:
            kinds = dashboard.store.criterion_kinds()
            measure = measure_for_theme(
                [(c.rubric_id, c.criterion_id, kinds.get((c.rubric_id, c.criterion_id),
                                                         "quality"))
                 for c in row.criteria if c.criterion_id], filters)
            return measure, plan.measure_label(measure)

        def prepared(suggested: tuple[Measure | None, str]) -> None:
            measure, label = suggested
            verb = "Improve" if row.polarity == "area_for_development" else "Sustain"

            def made(values: tuple[str, ...] | None) -> None:
                if values is None:
                    return
                self.runner.fetch("add the action", lambda: create_item(
                    plan, values, measure, ((row.theme, row.polarity),)), self,
                    lambda _: self.notify(f"Added to the action plan: {values[0]} "
                                          "(a from home shows the plan)"))

            self.app.push_screen(PlanItemForm(
                title=f"{verb}: {row.theme}", themes=row.theme,
                measure_label=label), made)

        self.runner.fetch("suggest a measure", suggest, self, prepared)

    def action_merge(self) -> None:
        """Merge the highlighted theme into another: its tags join that theme's."""
        table = self.query_one("#dash-themes", DataTable)
        if self.ranking is None or not self.ranking.rows or \
                self.query_one(TabbedContent).active != "themes":
            return
        row = self.ranking.rows[min(table.cursor_row, len(self.ranking.rows) - 1)]
        others = [r.theme for r in self.ranking.rows if r.theme != row.theme]
        from qa_tui.tui.widgets.dialogs import TextPrompt

        themes = theme_desk(self.desk)
        who = self.desk.user

        def merged(names: tuple[str, str]) -> None:
            self.notify(f"{quoted(names[0])} is now a synonym of {quoted(names[1])}")
            self.refresh_figures()

        def chosen(into: str | None) -> None:
            if into and into.strip():
                self.runner.fetch("merge the themes",
                                  lambda: themes.merge(row.theme, into, who), self, merged)

        self.app.push_screen(TextPrompt(f"Merge {quoted(row.theme)} into which theme?",
                                        "type to complete from the themes", suggestions=others),
                             chosen)

    # -- drill-down --------------------------------------------------------------------

    @on(DataTable.CellSelected)
    def _drill_down(self, event: DataTable.CellSelected) -> None:
        table_id = event.data_table.id or ""
        target = self.cells.get(table_id, {}).get(
            (event.coordinate.row, event.coordinate.column))
        if target is None:
            return
        rubric_id, criterion_id, bucket, narrowing = target
        from qa_tui.tui.screens.drill_down import DrillDownScreen

        dashboard, filters = self.dashboard, self.filters
        title = self._drill_title(rubric_id, criterion_id, bucket, narrowing)

        def page(offset: int, limit: int) -> list[dict]:
            return dashboard.audits(filters, rubric_id, criterion_id, bucket,
                                    offset=offset, limit=limit, **narrowing)

        self.app.push_screen(DrillDownScreen(title, page))

    def _drill_title(self, rubric_id: str | None, criterion_id: str, bucket: Bucket,
                     narrowing: dict) -> str:
        compliance = bool(criterion_id) and self._kind(criterion_id) == "compliance"
        scale = YES_PARTLY_NO if compliance else OFSTED
        what = {"counted": "all graded", "good": "Good or better", "na": "not applicable",
                "inadequate": scale.grades[-1].label}.get(bucket) \
            or scale.by_value(int(bucket[1:])).label
        label = "Overall judgement"
        if self.overview is not None and criterion_id:
            label = next((r.label for r in self.overview.criteria
                          if r.criterion_id == criterion_id), criterion_id)
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
        return next((r.kind for r in self.overview.criteria
                     if r.criterion_id == criterion_id), "quality")

    @on(DataTable.CellHighlighted, "#dash-criteria")
    def _question_shown(self, event: DataTable.CellHighlighted) -> None:
        if self.overview is None or event.coordinate.row >= len(self.overview.quality):
            return
        row = self.overview.quality[event.coordinate.row]
        self.query_one("#dash-question", Static).update(
            line(row.label) if len(row.label) > self.label_width else "")

    @on(DataTable.CellHighlighted, "#dash-teams")
    def _column_named(self, event: DataTable.CellHighlighted) -> None:
        if self.overview is None or event.coordinate.column == 0:
            return
        labels = self.overview.column_labels
        if event.coordinate.column - 1 < len(labels):
            self.query_one("#dash-column", Static).update(fill(
                "[b]$label[/b] — share graded Good or better; enter lists those audits",
                label=labels[event.coordinate.column - 1]))

    # -- filters -----------------------------------------------------------------------

    def _choose(self, title: str, kind: str, apply: Callable[[str | None], None]) -> None:
        from qa_tui.tui.widgets.dialogs import Choose

        options = [("All", "\0all"), *[(label, key) for key, label in
                                       self.choices.get(kind, [])]]

        def chosen(value: str | None) -> None:
            if value is not None:
                apply(None if value == "\0all" else value)
                self.refresh_figures()

        self.app.push_screen(Choose(title, options), chosen)

    def action_period(self) -> None:
        from qa_tui.tui.widgets.dialogs import Choose

        months = [m for m, _ in self.choices.get("month", [])]
        periods = period_choices(months, date.today())

        def chosen(index: str | None) -> None:
            if index is None:
                return
            label, (start, end) = periods[int(index)]
            self.period_label = label
            self.filters = self.filters.with_(month_from=start, month_to=end)
            self.refresh_figures()

        self.app.push_screen(Choose("Period", [(label, str(n)) for n, (label, _) in
                                               enumerate(periods)]), chosen)

    def action_programme(self) -> None:
        self._choose("Programme", "programme", lambda v: self._set(
            programme_id=None if v is None else int(v)))

    def action_team(self) -> None:
        self._choose("Team", "team", lambda v: self._set(team=v))

    def action_rubric(self) -> None:
        self._choose("Rubric", "rubric", lambda v: self._set(rubric_id=v))

    def action_cohort(self) -> None:
        self._choose("Cohort", "cohort", lambda v: self._set(cohort=v))

    def action_auditor(self) -> None:
        self._choose("Auditor", "auditor", lambda v: self._set(auditor=v))

    def _set(self, **changes: object) -> None:
        self.filters = self.filters.with_(**changes)

    def action_clear(self) -> None:
        self.filters = Filters()
        self.period_label = "All time"
        self.refresh_figures()

    def action_toggle_period(self) -> None:
        self.trend_by = "quarter" if self.trend_by == "month" else "month"
        if self.overview is not None:
            self._show_trend(self.overview)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        table = {"criteria": "#dash-criteria", "teams": "#dash-teams",
                 "grades": "#dash-grades", "trend": "#dash-trend",
                 "themes": "#dash-themes"}[tab]
        self.query_one(table, DataTable).focus()

    def action_back(self) -> None:
        self.app.pop_screen()


    def palette_commands(self) -> Iterable[SystemCommand]:
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.show:
                yield SystemCommand(f"Dashboard: {binding.description}",
                                    binding.tooltip or binding.description,
                                    getattr(self, f"action_{binding.action}"))
