"""A team manager's home: the audits of their teams' cases and what those teams still owe.

The audits come first: under way (by due date), then submitted, newest first, each with
its grade (the moderated one once moderation is done), auditor and date; enter reads
one. Below are the teams' open escalations and case actions, most urgent first; `f`
opens the follow-up tracker to record one as done. Long lists are read a page at a
time as the cursor nears the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.follow_ups import FollowUp
from qa_tui.desks.role_homes import RoleHomes, TeamAudit
from qa_tui.domain.permissions import Facts, Op, refusal
from qa_tui.domain.records import STATUS_LABELS
from qa_tui.tui.base import short_grade
from qa_tui.tui.messages import DatabaseFailed
from qa_tui.tui.screens.follow_ups import follow_up_list, follow_up_option
from qa_tui.tui.screens.home import due_text
from qa_tui.tui.screens.home_keys import ReachesDesks
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted import FittedList
from qa_tui.tui.widgets.fitted_table import FittedTable
from qa_tui.tui.widgets.shown import cell, fill

TEAM_PAGE = 200  # audits read at a time; more are read as the cursor nears the end
WIDE = 120  # from this many columns the table adds the rubric and full grade names


@dataclass(frozen=True)
class TeamPage:
    teams: tuple[str, ...]
    audits: list[TeamAudit]
    offset: int
    counts: dict[str, int] | None  # with the first page only
    follow_ups: list[FollowUp] | None  # with the first page only


class ManagerHomeScreen(ReachesDesks, Screen[None]):
    TITLE = "My teams"
    BINDINGS = [
        Binding(
            "f",
            "follow_ups",
            "Follow-ups",
            id="manager.follow_ups",
            tooltip="Open escalations and case actions: record what was done",
        ),
        Binding(
            "d",
            "dashboard",
            "Dashboard",
            id="manager.dashboard",
            tooltip="Counted grades by team, criterion and period",
        ),
        Binding(
            "a",
            "action_plan",
            "Action plan",
            id="manager.plan",
            tooltip="The improvement action plan and its progress",
        ),
        Binding(
            "r",
            "refresh",
            "Refresh",
            id="manager.refresh",
            show=False,
            tooltip="Read your teams' audits again",
        ),
        Binding("q", "app.quit", "Quit", id="manager.quit", tooltip="Save everything and quit"),
    ]
    HELP_EXTRA = [
        ("↑ ↓", "Move between audits"),
        ("enter", "Read the highlighted audit (or open the follow-ups)"),
        ("tab", "Between the audits and the follow-ups"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.teams: tuple[str, ...] = ()
        self.audits: list[TeamAudit] = []
        self.follow_ups: list[FollowUp] = []
        self.reading = False  # a page is on its way: another waits for it
        self.resumed = False  # the first ScreenResume follows mount: no second read
        self.again = False  # read from the top once it is here (something changed)
        self.exhausted = True
        self.wide: bool | None = None  # the table's columns were laid out for this

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="manager-summary")
        yield FittedTable(id="manager-audits", cursor_type="row", zebra_stripes=True)
        yield Static("", id="manager-follow-title")
        yield follow_up_list("manager-follow-ups")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#manager-audits", DataTable).focus()
        self.action_refresh()  # read at once: the first ScreenResume comes a little later

    def on_screen_resume(self) -> None:
        """Read again each time the screen comes back into view."""
        if self.resumed:
            self.action_refresh()
        self.resumed = True

    def action_refresh(self) -> None:
        self.read_page(0)

    def read_page(self, offset: int) -> None:
        """One page of the teams' audits (with the first, the counts and follow-ups)."""
        if self.reading:
            self.again = self.again or offset == 0
            return
        self.reading = True
        homes = RoleHomes(self.desk)

        def read() -> TeamPage:
            first = offset == 0
            return TeamPage(
                homes.managed_teams(),
                homes.team_audits(limit=TEAM_PAGE, offset=offset),
                offset,
                homes.team_audit_counts() if first else None,
                homes.team_follow_ups() if first else None,
            )

        self.runner.fetch("read your teams' audits", read, self, self._show)

    @on(DatabaseFailed)
    def _read_failed(self) -> None:
        """The app says what went wrong; the next refresh reads again."""
        self.reading = False

    def _show(self, page: TeamPage) -> None:
        self.reading = False
        if self.again:
            self.again = False
            self.read_page(0)
        table = self.query_one("#manager-audits", DataTable)
        if page.offset == 0:
            keep = table.cursor_row
            self.teams, self.audits = page.teams, []
            self._summary(page.counts or {})
            self._follow_ups(page.follow_ups or [])
            self._columns()
        elif page.offset != len(self.audits):
            return  # a page of a list read again since: the next one comes as it is needed
        shown = {a.id for a in self.audits}
        new = [a for a in page.audits if a.id not in shown]  # one moved up a page meanwhile
        self.audits.extend(new)
        self.exhausted = len(page.audits) < TEAM_PAGE
        self._add_rows(new)
        if page.offset == 0 and self.audits:
            table.move_cursor(row=min(keep, len(self.audits) - 1))

    def _summary(self, counts: dict[str, int]) -> None:
        summary = self.query_one("#manager-summary", Static)
        if not self.teams:
            summary.update(
                Content.from_markup(
                    "You manage no team yet: an administrator sets the teams you manage"
                )
            )
            return
        summary.update(
            fill(
                "[b]$teams[/b]: $in_progress in progress · $to_do to do · "
                "$submitted submitted"
                + (" · [b $error]$overdue overdue[/]" if counts.get("overdue") else ""),
                teams=", ".join(self.teams),
                in_progress=counts.get("in_progress", 0),
                to_do=counts.get("to_do", 0),
                submitted=counts.get("submitted", 0),
                overdue=counts.get("overdue", 0),
            )
        )

    def _follow_ups(self, items: list[FollowUp]) -> None:
        self.follow_ups = items
        today = self.today()
        escalations = sum(1 for i in items if i.kind == "escalation")
        overdue = sum(1 for i in items if i.overdue(today))
        self.query_one("#manager-follow-title", Static).update(
            fill(
                "[b $accent]f[/] [b]Your teams' follow-ups[/b] · "
                "[b $error]$escalations escalation(s)[/] · $actions case action(s), "
                "$overdue overdue",
                escalations=escalations,
                actions=len(items) - escalations,
                overdue=overdue,
            )
        )
        options = self.query_one("#manager-follow-ups", FittedList)
        options.clear_options()
        options.add_options(
            [follow_up_option(options, i, today) for i in items]
            or [Option(Content.styled("  nothing open", "dim"), disabled=True)]
        )

    # -- the table ---------------------------------------------------------------------

    def _columns(self) -> None:
        """Lay the table out for the screen's width: team only for more than one team;
        the rubric and full grade names only where they fit beside the rest."""
        table = self.query_one("#manager-audits", FittedTable)
        self.wide = self.size.width >= WIDE
        table.clear(columns=True)
        columns = {
            "Case": Column(13, 24),
            "Team": Column(8, 30, 1),
            "Rubric": Column(8, 40, 1),
            "Status or grade": Column(10, 26, 1),
            "Auditor": Column(8, 24, 1),
            "Date": Column(15, 15),
        }
        if not self.wide:
            del columns["Rubric"]
        if len(self.teams) < 2:
            del columns["Team"]
        table.add_columns(*columns)
        table.fit(list(columns.values()))

    def _outcome(self, a: TeamAudit) -> Text:
        """Its grade once submitted (the moderated one, marked, if moderation changed
        it), else how far it has got."""
        if a.status != "submitted" or not a.grade:
            return Text(STATUS_LABELS.get(a.status, a.status), "italic")
        changed = a.moderated_label is not None and a.moderated_label != a.overall_grade_label
        if self.wide:
            shown = a.grade + (" (moderated)" if changed else "")
        else:
            shown = short_grade(a.grade) + (" (mod.)" if changed else "")
        return cell(shown, self._error if a.grade == "Inadequate" else "")

    @property
    def _error(self) -> str:
        """The theme's error colour, for Rich cells (a DataTable cell is not CSS)."""
        return f"bold {self.app.theme_variables['error']}"

    def _add_rows(self, audits: list[TeamAudit]) -> None:
        table = self.query_one("#manager-audits", DataTable)
        today = self.today()
        for a in audits:
            if a.status == "submitted" and a.submitted_at:
                when = f"{datetime.fromisoformat(a.submitted_at):%d %b %Y}"
                late = False
            else:
                when = due_text(a.due_on, today)
                late = a.due_on is not None and a.due_on < today.isoformat()
            table.add_row(
                cell(a.case_ref, "bold"),
                *([cell(a.team)] if len(self.teams) > 1 else []),
                *([cell(a.rubric_title)] if self.wide else []),
                self._outcome(a),
                cell(a.auditor),
                cell(when, self._error if late else ""),
                key=str(a.id),
            )

    def on_resize(self, event: events.Resize) -> None:
        if self.wide is not None and (event.size.width >= WIDE) != self.wide:
            table = self.query_one("#manager-audits", DataTable)
            keep = table.cursor_row
            self._columns()
            self._add_rows(self.audits)
            if self.audits:
                table.move_cursor(row=min(keep, len(self.audits) - 1))

    @on(DataTable.RowHighlighted, "#manager-audits")
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        if not self.exhausted and event.cursor_row >= len(self.audits) - 20:
            self.read_page(len(self.audits))

    @on(DataTable.RowSelected, "#manager-audits")
    def _read_audit(self, event: DataTable.RowSelected) -> None:
        audit_id = int(event.row_key.value or 0)
        audit = next((a for a in self.audits if a.id == audit_id), None)
        if audit is None:
            return
        problem = refusal(self.desk.person, Op.SEE_AUDIT, Facts(team=audit.team))
        if problem:
            self.notify(problem, severity="warning")
            return
        self.open_audit(audit_id)

    @on(OptionList.OptionSelected, "#manager-follow-ups")
    def _follow_up_chosen(self) -> None:
        self.action_follow_ups()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Follow-ups", "Open escalations and case actions", self.action_follow_ups
        )
        yield SystemCommand(
            "Dashboard", "Counted grades by team, criterion and period", self.action_dashboard
        )
        yield SystemCommand(
            "Action plan", "The improvement action plan and its progress", self.action_action_plan
        )
        yield SystemCommand("Refresh my teams", "Read the audits again", self.action_refresh)
