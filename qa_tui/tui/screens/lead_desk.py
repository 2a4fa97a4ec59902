"""The QA lead's desk: what needs them today, in four panels, each a key from its full
screen.

Audit rounds still open and how far along they are (`p`), audits waiting for moderation
(`m`, or enter on one to moderate it), escalations still open and case actions past
their date (`f`), and action plan items off track or at risk (`a`). `o` opens the lead's
own audits, since QA leads audit too. Everything is read in one go on the database
thread and shown as it stands; the home reads again whenever it comes back into view.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.role_homes import LeadDeskFigures, RoleHomes, RoundDue, WaitingModeration
from qa_tui.domain.permissions import Op
from qa_tui.domain.plan_records import ACTION_STATUS_LABELS, ActionItem
from qa_tui.tui.base import short_grade
from qa_tui.tui.messages import DatabaseFailed
from qa_tui.tui.screens.follow_ups import COLUMNS as FOLLOW_UP_COLUMNS
from qa_tui.tui.screens.follow_ups import follow_up_option
from qa_tui.tui.screens.home import due_text
from qa_tui.tui.screens.home_keys import ReachesDesks
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted import FittedList
from qa_tui.tui.widgets.shown import brief, fill, line

FOLLOW_UPS_SHOWN = 20  # of each kind: the follow-ups screen has the rest
PANELS = ("rounds", "moderation", "follow-ups", "plan")
PLAN_STYLE = {"off_track": "bold $error", "at_risk": "bold $warning"}


def round_cells(r: RoundDue, today: date) -> tuple[Content, ...]:
    """A round's name, when it is due, and how many of its audits are submitted."""
    left = r.days_left(today)
    when = line(due_text(r.due_on, today))
    if left is not None and left < 0:
        when = Content.styled(f"{-left}d late", "bold $error")
    elif not r.due_on:
        when = Content.styled("no due date", "dim")
    if r.status == "draft" or not r.audits:
        done = Content.styled("not sampled and assigned yet", "dim")
    else:
        done = Content(f"{r.submitted}/{r.audits} submitted")
    return (
        line(brief(r.name), "bold"),
        when,
        done,
        Content.styled(f"{r.overdue} audit(s) overdue" if r.overdue else "", "bold $error"),
    )


def waited(submitted_at: str | None, today: date) -> str:
    """How long an audit has waited since it was submitted: '12d'."""
    if not submitted_at:
        return ""
    return f"{(today - datetime.fromisoformat(submitted_at).date()).days}d"


def moderation_cells(m: WaitingModeration, today: date, me: str) -> tuple[Content, ...]:
    """One waiting audit; the lead's own says so: another lead must moderate it."""
    grade = short_grade(m.grade)
    return (
        line(brief(m.case_ref), "bold"),
        Content.styled(grade, "bold $error" if grade == "Inadeq" else "italic"),
        line("yours: another lead", "italic") if m.auditor == me else line(brief(m.auditor)),
        Content(f"waiting {waited(m.submitted_at, today)}"),
        line(m.team, "dim"),
    )


def plan_cells(item: ActionItem, today: date) -> tuple[Content, ...]:
    return (
        Content.styled(ACTION_STATUS_LABELS[item.status], PLAN_STYLE.get(item.status, "")),
        line(due_text(item.due_on, today)),
        line(brief(item.owner or "no owner")),
        line(item.title),
    )


# Each panel's columns: names and titles take the room left; dates and counts are whole.
COLUMNS = {
    "rounds": (Column(10, 40, 1), Column(15, 15), Column(12, 28), Column(0, 20)),
    "moderation": (
        Column(13, 24),
        Column(6, 6),
        Column(8, 24, 1),
        Column(11, 13),
        Column(0, 30, 1),
    ),
    "follow-ups": FOLLOW_UP_COLUMNS,
    "plan": (Column(10, 10), Column(15, 15), Column(8, 24, 1), Column(10, 60, 3)),
}


def none_option(text: str) -> Option:
    return Option(Content.styled(f"  {text}", "dim"), disabled=True)


class LeadDeskScreen(ReachesDesks, Screen[None]):
    TITLE = "Lead's desk"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding(
            "p",
            "programmes",
            "Rounds",
            id="lead.programmes",
            tooltip="Audit rounds: samples, assignment, progress",
        ),
        Binding(
            "m",
            "moderation",
            "Moderation",
            id="lead.moderation",
            tooltip="The moderation queue and each auditor's agreement",
        ),
        Binding(
            "f",
            "follow_ups",
            "Follow-ups",
            id="lead.follow_ups",
            tooltip="Open escalations and case actions, until each is done",
        ),
        Binding(
            "a",
            "action_plan",
            "Plan",
            id="lead.plan",
            tooltip="The improvement action plan and its progress",
        ),
        Binding(
            "d",
            "dashboard",
            "Dashboard",
            id="lead.dashboard",
            show=False,
            tooltip="Counted grades by team, criterion and period",
        ),
        Binding(
            "R",
            "reaudits_due",
            "Re-audits",
            id="lead.reaudits",
            tooltip="Re-audits due now and soon: start one for an independent auditor",
        ),
        Binding(
            "L",
            "learning",
            "Learning",
            id="lead.learning",
            tooltip="Practice workshops and training needs planned from themes",
        ),
        Binding(
            "o",
            "my_audits",
            "My audits",
            id="lead.own_audits",
            tooltip="The audits assigned to you: to do, in progress, submitted",
        ),
        Binding(
            "r", "refresh", "Refresh", id="lead.refresh", show=False, tooltip="Read the desk again"
        ),
        Binding(
            "Q",
            "quarters",
            "Quarters…",
            id="lead.quarters",
            show=False,
            tooltip="Name quarters as calendar or financial-year quarters (from April)",
        ),
        Binding("q", "app.quit", "Quit", id="lead.quit", tooltip="Save everything and quit"),
    ]
    GUARDS = {"quarters": Op.COUNCIL_SETTINGS}
    HELP_EXTRA = [
        ("tab", "Move between the four panels"),
        ("enter", "Open the highlighted row's screen (moderate the highlighted audit)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.figures: LeadDeskFigures | None = None
        self.reading = False  # a read is on its way: another waits for it
        self.resumed = False  # the first ScreenResume follows mount: no second read
        self.again = False  # read again once it is here (something changed meanwhile)

    def compose(self) -> ComposeResult:
        yield Header()
        with Grid(id="lead-panels"):
            for panel in PANELS:
                with Vertical(classes="lead-panel", id=f"lead-{panel}-panel"):
                    yield Static("", classes="lead-panel-title", id=f"lead-{panel}-title")
                    yield FittedList(COLUMNS[panel], classes="lead-panel-list", id=f"lead-{panel}")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lead-rounds", OptionList).focus()
        self.action_refresh()  # read at once: the first ScreenResume comes a little later

    def on_screen_resume(self) -> None:
        """Read again each time the screen comes back into view."""
        if self.resumed:
            self.action_refresh()
        self.resumed = True

    def action_refresh(self) -> None:
        if self.reading:
            self.again = True
            return
        self.reading, self.again = True, False
        homes = RoleHomes(self.desk)
        self.runner.fetch("read the lead's desk", homes.lead_desk, self, self._show)

    @on(DatabaseFailed)
    def _read_failed(self) -> None:
        """The app says what went wrong; the next refresh reads again."""
        self.reading = False

    def _show(self, figures: LeadDeskFigures) -> None:
        self.reading = False
        if self.again:
            self.action_refresh()
        self.figures = figures
        today = figures.today
        self._rounds(figures.rounds, today)
        self._moderation(figures, today)
        self._follow_ups(figures, today)
        self._plan(figures, today)

    def _list(self, panel: str) -> FittedList:
        return self.query_one(f"#lead-{panel}", FittedList)

    def _fill(self, panel: str, title: Content, options: list[Option]) -> None:
        self.query_one(f"#lead-{panel}-title", Static).update(title, layout=False)
        listed = self.query_one(f"#lead-{panel}", OptionList)
        keep = listed.highlighted
        listed.clear_options()
        listed.add_options(options)
        enabled = [i for i, o in enumerate(options) if not o.disabled]
        if enabled:
            listed.highlighted = keep if keep in enabled else enabled[0]

    def _rounds(self, rounds: list[RoundDue], today: date) -> None:
        late = sum(1 for r in rounds if (r.days_left(today) or 0) < 0)
        title = fill(
            "[b $accent]p[/] [b]Audit rounds due[/b] · $open open"
            + (" · [b $error]$late past due[/]" if late else ""),
            open=len(rounds),
            late=late,
        )
        listed = self._list("rounds")
        options = [listed.row(*round_cells(r, today), id=f"round-{r.id}") for r in rounds]
        self._fill("rounds", title, options or [none_option("no rounds open: p to create one")])

    def _moderation(self, figures: LeadDeskFigures, today: date) -> None:
        oldest = waited(figures.moderation_oldest, today)
        title = fill(
            "[b $accent]m[/] [b]Moderation waiting[/b] · $count"
            + (" · the oldest for $oldest" if oldest else ""),
            count=figures.moderation_waiting,
            oldest=oldest,
        )
        listed = self._list("moderation")
        options = [
            listed.row(*moderation_cells(m, today, self.desk.user), id=f"moderate-{m.audit_id}")
            for m in figures.moderation_first
        ]
        more = figures.moderation_waiting - len(options)
        if more > 0:
            options.append(none_option(f"and {more} more: m for the whole queue"))
        self._fill("moderation", title, options or [none_option("nothing waits for moderation")])

    def _follow_ups(self, figures: LeadDeskFigures, today: date) -> None:
        title = fill(
            "[b $accent]f[/] [b]Overdue escalations and actions[/b] · "
            "[b $error]$escalations escalation(s) open[/] · $actions action(s) overdue",
            escalations=len(figures.escalations),
            actions=len(figures.overdue_actions),
        )
        listed = self._list("follow-ups")
        options: list[Option] = []
        for items in (figures.escalations, figures.overdue_actions):
            options += [follow_up_option(listed, i, today) for i in items[:FOLLOW_UPS_SHOWN]]
            if len(items) > FOLLOW_UPS_SHOWN:
                options.append(
                    none_option(f"and {len(items) - FOLLOW_UPS_SHOWN} more: f for them all")
                )
        self._fill("follow-ups", title, options or [none_option("nothing open is overdue")])

    def _plan(self, figures: LeadDeskFigures, today: date) -> None:
        title = fill(
            "[b $accent]a[/] [b]Plan items off track[/b] · $behind of $items off track or at risk",
            behind=len(figures.plan_behind),
            items=figures.plan_items,
        )
        listed = self._list("plan")
        options = [
            listed.row(*plan_cells(i, today), id=f"item-{i.id}") for i in figures.plan_behind
        ]
        empty = "no items on the plan yet: a to add one" if not figures.plan_items else "none"
        self._fill("plan", title, options or [none_option(empty)])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a row: moderate that audit, or open the panel's full screen."""
        option_id = event.option.id or ""
        panel = (event.option_list.id or "").removeprefix("lead-")
        if option_id.startswith("moderate-"):
            self.action_moderate(int(option_id.removeprefix("moderate-")))
        elif panel == "rounds":
            self.action_programmes()
        elif panel == "follow-ups":
            self.action_follow_ups()
        elif panel == "plan":
            self.action_action_plan()

    def action_reaudits_due(self) -> None:
        from qa_tui.tui.screens.reaudits_due import ReauditsDueScreen

        self.app.push_screen(ReauditsDueScreen())

    def action_learning(self) -> None:
        from qa_tui.tui.screens.learning_events import LearningEventsScreen

        self.app.push_screen(LearningEventsScreen())

    def action_quarters(self) -> None:
        from qa_tui.tui.screens.council_settings import choose_quarters

        choose_quarters(self)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Programmes", "Audit rounds, samples, assignment, progress", self.action_programmes
        )
        yield SystemCommand(
            "Moderation", "The queue and auditors' agreement", self.action_moderation
        )
        yield SystemCommand(
            "Follow-ups", "Open escalations and case actions", self.action_follow_ups
        )
        yield SystemCommand(
            "Action plan", "The improvement action plan and its progress", self.action_action_plan
        )
        yield SystemCommand(
            "Dashboard", "Counted grades by team, criterion and period", self.action_dashboard
        )
        yield SystemCommand("My audits", "The audits assigned to you", self.action_my_audits)
        yield SystemCommand(
            "Re-audits due", "Start a re-audit that is due", self.action_reaudits_due
        )
        yield SystemCommand("Refresh the lead's desk", "Read it again", self.action_refresh)
