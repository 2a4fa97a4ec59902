"""Learning events (`L` from the lead's desk or the dashboard's themes tab): practice
workshops and training needs planned from themes, latest first, with the highlighted
one's themes, teams, attendance and whether it took (each theme's share before and
after, in the teams that attended and in the rest).

`n` plans one, `e` changes it, `A` records attendance, `t` shows the training needs by
team. Every step goes through LearningDesk, so the screen and `qa-tui learning` record
the same things; figures are read off the UI thread as the cursor moves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from qa_tui.desks.learning import LearningDesk
from qa_tui.desks.learning_figures import LearningFigures
from qa_tui.domain.learning import EventTheme, Impact, LearningEvent, impact_lines, kind_words
from qa_tui.domain.permissions import Op
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.screens.learning_forms import AttendanceForm, LearningEventForm, split
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted_table import FittedTable
from qa_tui.tui.widgets.shown import block, brief, cell, line

COLUMNS = (
    Column(10, 10),  # date
    Column(8, 18),  # kind
    Column(12, 50, 2),  # title
    Column(10, 50, 1),  # themes
    Column(4, 8),  # attended
)


def plan_from(
    host: DeskAccess,
    themes: str = "",
    polarity: str = "area_for_development",
    then: Callable[[int], None] | None = None,
) -> None:
    """Open the plan form (the themes given already in it) and save what is typed."""
    learning = LearningDesk(host.desk)

    def saved(made_id: int) -> None:
        host.app.notify(f"Planned learning event {made_id} (L lists the learning events)")
        if then is not None:
            then(made_id)

    def made(values: tuple[str, ...] | None) -> None:
        if values is None:
            return
        kind, title, typed, teams, held_on, facilitator = values
        answered = [EventTheme(t, polarity) for t in split(typed)]
        host.runner.fetch(
            "plan the learning event",
            lambda: learning.plan(kind, title, answered, split(teams), held_on, facilitator),
            host.screen,
            saved,
        )

    host.app.push_screen(LearningEventForm(themes=themes, today=host.today()), made)


class LearningEventsScreen(DeskAccess, Screen[None]):
    TITLE = "Learning events"
    GUARDS = {"plan": Op.PLAN_LEARNING, "edit": Op.PLAN_LEARNING, "attendance": Op.PLAN_LEARNING}
    BINDINGS = [
        Binding(
            "n", "plan", "Plan…", id="learning.plan", tooltip="Plan a workshop or training need"
        ),
        Binding("e", "edit", "Change…", id="learning.edit", tooltip="Change the highlighted event"),
        Binding(
            "A",
            "attendance",
            "Attendance…",
            id="learning.attendance",
            tooltip="Record how many came from each team",
        ),
        Binding(
            "t",
            "needs",
            "Training needs",
            id="learning.needs",
            tooltip="Each area for development's share of each team's audits",
        ),
        Binding("escape", "back", "Back", id="learning.back", tooltip="Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.events: list[LearningEvent] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield FittedTable(id="learning-events", cursor_type="row", zebra_stripes=True)
        yield Static("", id="learning-detail")
        yield Static("", id="learning-impact")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#learning-events", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        learning = LearningDesk(self.desk)
        self.runner.fetch("list the learning events", learning.events, self, self._show)

    def _show(self, events: list[LearningEvent]) -> None:
        table = self.query_one("#learning-events", FittedTable)
        keep = table.cursor_row
        self.events = events
        table.clear(columns=True)
        table.add_columns("Date", "Kind", "Title", "Themes", "Came")
        table.fit(COLUMNS)
        for e in events:
            came = sum(t.attended or 0 for t in e.teams)
            table.add_row(
                e.held_on,
                kind_words(e.kind),
                cell(brief(e.title)),
                cell(brief("; ".join(t.theme for t in e.themes))),
                str(came) if e.attendance_recorded else "-",
            )
        if events:
            table.move_cursor(row=min(keep, len(events) - 1))
            self._detail(table.cursor_row)
        else:
            self.query_one("#learning-detail", Static).update(
                "No learning events yet: n plans one (or w on a theme of the dashboard)."
            )
            self.query_one("#learning-impact", Static).update("")

    @on(DataTable.RowHighlighted, "#learning-events")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def _event(self) -> LearningEvent | None:
        row = self.query_one("#learning-events", DataTable).cursor_row
        return self.events[row] if self.events and 0 <= row < len(self.events) else None

    def _detail(self, index: int) -> None:
        if not 0 <= index < len(self.events):
            return
        e = self.events[index]
        teams = "; ".join(
            f"{t.team} ({'?' if t.attended is None else t.attended})" for t in e.teams
        )
        self.query_one("#learning-detail", Static).update(
            block(
                f"{e.title} · {kind_words(e.kind)} on {e.held_on}"
                f" · facilitator {e.facilitator or 'not named'}\n"
                f"Teams (came): {teams or 'none named'}"
            )
        )
        figures, today = LearningFigures(self.desk), self.today()
        self.query_one("#learning-impact", Static).update("Did it take? …")
        self.runner.fetch(
            "compare before and after",
            lambda: figures.impact(e.id, today=today),
            self,
            lambda impact: self._impact(e.id, impact),
        )

    def _impact(self, event_id: int, impact: Impact) -> None:
        current = self._event()
        if current is None or current.id != event_id:
            return
        self.query_one("#learning-impact", Static).update(
            line("Did it take? ", "bold") + block("\n".join(impact_lines(impact)))
        )

    def action_plan(self) -> None:
        plan_from(self, then=lambda _: self.load())

    def action_edit(self) -> None:
        e = self._event()
        if e is None:
            return
        learning = LearningDesk(self.desk)

        def changed(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            kind, title, typed, teams, held_on, facilitator = values
            polarity = {t.theme: t.polarity for t in e.themes}
            answered = [
                EventTheme(t, polarity.get(t, "area_for_development")) for t in split(typed)
            ]
            self._write(
                "change the learning event",
                lambda: learning.edit(
                    e.id, kind, title, answered, split(teams), held_on, facilitator
                ),
            )

        self.app.push_screen(LearningEventForm(event=e), changed)

    def action_attendance(self) -> None:
        e = self._event()
        if e is None:
            return
        if not e.teams:
            self.notify("Name the teams it is for first (e).")
            return
        form, learning = AttendanceForm(e), LearningDesk(self.desk)

        def recorded(values: tuple[str, ...] | None) -> None:
            if values is not None:
                counts = form.attendance(values)
                self._write("record attendance", lambda: learning.record_attendance(e.id, counts))

        self.app.push_screen(form, recorded)

    def _write(self, what: str, call: Callable[[], Any]) -> None:
        self.runner.fetch(what, call, self, lambda _: self.load())

    def action_needs(self) -> None:
        from qa_tui.tui.screens.learning_needs import TrainingNeedsScreen

        self.app.push_screen(TrainingNeedsScreen())

    def action_back(self) -> None:
        self.app.pop_screen()
