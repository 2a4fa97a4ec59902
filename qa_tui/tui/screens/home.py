"""Home: my audits, grouped as to do / in progress / submitted; start or resume one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.domain.permissions import Op
from qa_tui.domain.records import STATUS_LABELS, AuditSummary
from qa_tui.tui.messages import AuditsListed, DatabaseFailed
from qa_tui.tui.screens.reaching import ReachesScreens
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted import FittedList
from qa_tui.tui.widgets.shown import brief, fill, line

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditDesk

HOME_PAGE = 200  # audits read at a time; more are read as the cursor nears the end


def due_text(due_on: str | None, today: date) -> str:
    """'due 25 Nov' (with the year only when it is not this year): short enough for 80 columns."""
    if not due_on:
        return ""
    due = date.fromisoformat(due_on)
    return f"due {due:%d %b}" + (f" {due:%Y}" if due.year != today.year else "")


# Case, team, rubric, then how far it has got (due date and grades given, or the
# grade): the case and the state are never cut; team and rubric share what is left.
COLUMNS = (
    Column(min=13, ideal=24),
    Column(min=8, ideal=40, weight=1),
    Column(min=8, ideal=50, weight=1),
    Column(min=18, ideal=24, weight=1),
)


def audit_cells(a: AuditSummary, today: date) -> tuple[Content, ...]:
    """One audit as the home list's columns."""
    if a.status == "submitted" and a.moderated_label and a.moderated_label != a.overall_grade_label:
        state = line(f"moderated: {a.moderated_label}", "bold $warning")
    elif a.status == "submitted":
        state = line(a.overall_grade_label or "", "italic")
    else:
        overdue = a.due_on is not None and a.due_on < today.isoformat()
        due = due_text(a.due_on, today)
        state = Content.assemble(
            (f"{due:<11}", "bold $error") if overdue else f"{due:<11}",
            ("overdue", "bold $error reverse")
            if overdue
            else (f"{a.answered} graded" if a.answered else "", "dim"),
        )
    return (
        line(brief(a.case_ref), "bold"),
        line(brief(a.team)),
        line(brief(a.rubric_title)),
        state,
    )


def read_page(desk: AuditDesk, offset: int, today: date) -> AuditsListed:
    """One page of my audits from `offset`; with the first, the counts."""
    # With the first page, the counts: by status, overdue, questions sent back to me and
    # audits awaiting feedback.
    counts = desk.my_audit_counts(today) if offset == 0 else None
    return AuditsListed(desk.my_audits(limit=HOME_PAGE, offset=offset), offset, counts)


class HomeScreen(ReachesScreens, Screen[None]):
    TITLE = "My audits"
    GUARDS = {
        "new_audit": Op.START_AUDIT,
        "moderation": Op.MODERATE,
        "follow_ups": Op.SEE_FOLLOW_UPS,
        "programmes": Op.RUN_PROGRAMMES,
        "dashboard": Op.SEE_FIGURES,
        "action_plan": Op.SEE_PLAN,
        "people": Op.SEE_PEOPLE,
        "sent_back": Op.GRADE_AUDIT,
        "calibration": Op.START_AUDIT,
    }
    BINDINGS = [
        Binding(
            "enter",
            "open_selected",
            "Open",
            id="home.open",
            show=False,
            tooltip="Open or resume the highlighted audit",
        ),
        Binding(
            "n",
            "new_audit",
            "New audit",
            id="home.new",
            tooltip="Start an audit on a case with a chosen rubric",
        ),
        Binding(
            "m",
            "moderation",
            "Moderation",
            id="home.moderation",
            tooltip="The moderation queue and each auditor's agreement (QA leads)",
        ),
        Binding(
            "f",
            "follow_ups",
            "Follow-ups",
            id="home.follow_ups",
            tooltip="Open escalations and case actions, until each is done",
        ),
        Binding(
            "p",
            "programmes",
            "Programmes",
            id="home.programmes",
            tooltip="Audit rounds: samples, assignment, progress (QA leads)",
        ),
        Binding(
            "d",
            "dashboard",
            "Dashboard",
            id="home.dashboard",
            tooltip="Counted grades by team, criterion and period (QA leads)",
        ),
        Binding(
            "a",
            "action_plan",
            "Action plan",
            id="home.plan",
            tooltip="The improvement action plan and its progress (QA leads)",
        ),
        Binding(
            "w",
            "feedback_due",
            "Feedback due",
            id="home.feedback_due",
            show=False,
            tooltip="My submitted audits awaiting feedback to the worker and manager",
        ),
        Binding(
            "u",
            "people",
            "People",
            id="home.people",
            show=False,
            tooltip="Who is who: roles, teams, passphrases (QA leads and administrators)",
        ),
        Binding(
            "b",
            "sent_back",
            "Sent back",
            id="home.sent_back",
            show=False,
            tooltip="The moderator's questions on my audits: read and answer them",
        ),
        Binding(
            "k",
            "calibration",
            "Calibration",
            id="home.calibration",
            show=False,
            tooltip="Calibration exercises: grade the same case file as every auditor",
        ),
        Binding(
            "r", "refresh", "Refresh", id="home.refresh", show=False, tooltip="Reload my audits"
        ),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Save everything and quit"),
    ]
    HELP_EXTRA = [("↑ ↓", "Move between audits"), ("enter", "Open or resume the audit")]

    def __init__(self) -> None:
        super().__init__()
        self.audits: list[AuditSummary] = []
        self.counts: dict[str, int] = {}
        self.group: str | None = None  # the status group last given a head
        self.programme: object = None  # the programme sub-head last shown
        self.keep: str | None = None
        # A page is on its way; another waits for it. Not `loading`: that is Textual's
        # own flag, which covers the screen with a spinner.
        self.reading = False
        self.resumed = False  # the first ScreenResume follows mount: no second read
        self.again = False  # read from the top once it is here (something changed)
        self.exhausted = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="home-summary")
        yield FittedList(COLUMNS, id="audits")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#audits", OptionList).focus()
        # The first page is read here, on the UI thread, so the first frame already shows
        # the list (about 1 ms on the demo, 5-21 ms on 100,000 audits; a read never waits
        # for a writer in WAL mode, and nothing of this app is being saved yet). Later
        # pages, returns to this screen, and a first read that fails go via the runner,
        # which says what failed.
        try:
            first = read_page(self.desk, 0, self.today())
        except Exception:
            self.action_refresh()
        else:
            self.show_audits(first)

    def on_screen_resume(self) -> None:
        """Read again each time the screen comes back into view."""
        if self.resumed:
            self.action_refresh()
        self.resumed = True

    def action_refresh(self) -> None:
        self.load_page(0)

    def load_page(self, offset: int) -> None:
        """Read one page of my audits (and, with the first, the counts) off the UI thread.
        The list on screen stays as it is until the page is here."""
        if self.reading:
            self.again = self.again or offset == 0
            return
        self.reading = True
        desk, today = self.desk, self.today()
        self.runner.run("list my audits", lambda: read_page(desk, offset, today), self, lambda m: m)

    @on(AuditsListed)
    def show_audits(self, message: AuditsListed) -> None:
        self.reading = False
        if self.again:  # something changed while this page was read: shown, and read again
            self.again = False
            self.load_page(0)
        options = self.query_one("#audits", FittedList)
        if message.offset != 0 and message.offset != len(self.audits):
            return  # a page of a list read again since
        if message.offset == 0:
            self.keep = options.highlighted_option.id if options.highlighted_option else None
            options.clear_options()
            self.audits = []
            self.group = self.programme = None
            self.counts = message.counts or {}
            self._summary()
        self.audits.extend(message.audits)
        self.exhausted = len(message.audits) < HOME_PAGE
        today = self.today()
        by_programme = any(a.programme for a in self.audits)  # sub-heads only if useful
        first: str | None = None
        for a in message.audits:
            self._heads_until(options, a.status)
            if by_programme and a.programme != self.programme and a.status != "submitted":
                self.programme = a.programme
                options.add_option(
                    Option(
                        line(f" {a.programme or 'Not in a programme'}", "italic $text-muted"),
                        disabled=True,
                    )
                )
            options.add_option(options.row(*audit_cells(a, today), id=f"audit-{a.id}"))
            first = first or f"audit-{a.id}"
        if self.exhausted:
            self._heads_until(options, None)
        if message.offset == 0:
            target = (
                self.keep
                if self.keep and self.keep in {f"audit-{a.id}" for a in self.audits}
                else first
            )
            if target is not None:
                options.highlighted = options.get_option_index(target)

    def _heads_until(self, options: OptionList, status: str | None) -> None:
        """Head every group up to `status` (None: all that are left); a group passed
        over had no audits, so it says so."""
        order = ["in_progress", "to_do", "submitted"]
        start = order.index(self.group) + 1 if self.group else 0
        end = order.index(status) if status else len(order)
        for head in order[start:end]:
            self._head(options, head)
            options.add_option(Option(Content.styled("  nothing here", "dim"), disabled=True))
        if status is not None and status != self.group:
            self._head(options, status)
            self.group = status

    def _head(self, options: OptionList, status: str) -> None:
        options.add_option(
            Option(
                Content.styled(
                    f"{STATUS_LABELS[status]} ({self.counts.get(status, 0)})", "bold underline"
                ),
                disabled=True,
            )
        )
        self.programme = ...  # no programme sub-head shown yet in this group

    def _summary(self) -> None:
        c = self.counts
        summary = (
            "$user: $to_do to do · $in_progress in progress · $submitted submitted"
            + (" · [b $error]$overdue overdue[/]" if c.get("overdue") else "")
            + (" · [b $warning]$sent_back sent back (b)[/]" if c.get("sent_back") else "")
            + (" · [b]$awaiting feedback due[/b] (w)" if c.get("awaiting_feedback") else "")
            + (
                ""
                if sum(c.get(k, 0) for k in ("to_do", "in_progress", "submitted"))
                or not self.desk.may(Op.START_AUDIT)  # no key to offer someone who may not
                else "  —  press [b]n[/b] to start an audit"
            )
        )
        self.query_one("#home-summary", Static).update(
            fill(
                summary,
                user=brief(self.desk.user),
                to_do=c.get("to_do", 0),
                in_progress=c.get("in_progress", 0),
                submitted=c.get("submitted", 0),
                overdue=c.get("overdue", 0),
                sent_back=c.get("sent_back", 0),
                awaiting=c.get("awaiting_feedback", 0),
            )
        )

    @on(DatabaseFailed)
    def _read_failed(self) -> None:
        """The app says what went wrong; the next refresh reads again."""
        self.reading = False

    @on(OptionList.OptionHighlighted, "#audits")
    def _near_end(self, event: OptionList.OptionHighlighted) -> None:
        if not self.exhausted and event.option_index >= event.option_list.option_count - 20:
            self.load_page(len(self.audits))

    @on(OptionList.OptionSelected, "#audits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.startswith("audit-"):
            self.open_audit(int(event.option.id.removeprefix("audit-")))

    def action_open_selected(self) -> None:
        option = self.query_one("#audits", OptionList).highlighted_option
        if option is not None and option.id:
            self.open_audit(int(option.id.removeprefix("audit-")))

    def action_new_audit(self) -> None:
        from qa_tui.tui.screens.new_audit import NewAuditScreen

        self.app.push_screen(NewAuditScreen())

    def action_people(self) -> None:
        self.app.action_people()  # type: ignore[attr-defined]

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("New audit", "Start an audit on a case", self.action_new_audit)
        yield SystemCommand(
            "Programmes", "Audit rounds, samples, assignment, progress", self.action_programmes
        )
        yield SystemCommand(
            "Follow-ups", "Open escalations and case actions", self.action_follow_ups
        )
        yield SystemCommand(
            "Moderation", "The queue and auditors' agreement", self.action_moderation
        )
        yield SystemCommand(
            "Dashboard", "Counted grades by team, criterion and period", self.action_dashboard
        )
        yield SystemCommand(
            "Action plan", "The improvement action plan and its progress", self.action_action_plan
        )
        yield SystemCommand(
            "Awaiting feedback", "My submitted audits not fed back yet", self.action_feedback_due
        )
        yield SystemCommand("Refresh my audits", "Reload the list", self.action_refresh)
