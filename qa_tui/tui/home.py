"""Home: my audits, grouped as to do / in progress / submitted; start or resume one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.records import STATUS_LABELS, AuditSummary
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.messages import AuditsListed, DatabaseFailed


def due_text(due_on: str | None, today: date) -> str:
    """'due 25 Nov' (with the year only when it is not this year): short enough for 80 columns."""
    if not due_on:
        return ""
    due = date.fromisoformat(due_on)
    return f"due {due:%d %b}" + (f" {due:%Y}" if due.year != today.year else "")


def audit_line(a: AuditSummary, today: date) -> Content:
    """One audit as a line of fixed-width columns that fits 80 columns."""
    parts: list[str | tuple[str, str]] = [
        (f"{a.case_ref[:14]:<15}", "bold"), f"{a.team[:18]:<19}", f"{a.rubric_title[:21]:<22}",
    ]
    if a.status == "submitted" and a.moderated_label and \
            a.moderated_label != a.overall_grade_label:
        parts.append((f"moderated: {a.moderated_label[:14]}", "bold $warning"))
    elif a.status == "submitted":
        parts.append(((a.overall_grade_label or "")[:16], "italic"))
    else:
        overdue = a.due_on is not None and a.due_on < today.isoformat()
        due = due_text(a.due_on, today)
        parts.append((f"{due:<11}", "bold $error") if overdue else f"{due:<11}")
        if overdue:
            parts.append(("overdue", "bold $error reverse"))
        elif a.answered:
            parts.append((f"{a.answered} graded", "dim"))
    return Content.assemble(*parts)


class HomeScreen(DeskAccess, Screen[None]):
    TITLE = "My audits"
    BINDINGS = [
        Binding("enter", "open_selected", "Open", id="home.open", show=False,
                tooltip="Open or resume the highlighted audit"),
        Binding("n", "new_audit", "New audit", id="home.new",
                tooltip="Start an audit on a case with a chosen rubric"),
        Binding("m", "moderation", "Moderation", id="home.moderation",
                tooltip="The moderation queue and each auditor's agreement (QA leads)"),
        Binding("f", "follow_ups", "Follow-ups", id="home.follow_ups",
                tooltip="Open escalations and case actions, until each is done"),
        Binding("p", "programmes", "Programmes", id="home.programmes",
                tooltip="Audit rounds: samples, assignment, progress (QA leads)"),
        Binding("d", "dashboard", "Dashboard", id="home.dashboard",
                tooltip="Counted grades by team, criterion and period (QA leads)"),
        Binding("r", "refresh", "Refresh", id="home.refresh", show=False,
                tooltip="Reload my audits"),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Save everything and quit"),
    ]
    HELP_EXTRA = [("↑ ↓", "Move between audits"), ("enter", "Open or resume the audit")]

    def __init__(self) -> None:
        super().__init__()
        self.audits: list[AuditSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="home-summary")
        yield OptionList(id="audits")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#audits", OptionList).focus()
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.runner.run("list my audits", self.desk.my_audits, self, AuditsListed)

    @on(AuditsListed)
    def show_audits(self, message: AuditsListed) -> None:
        self.audits = message.audits
        options = self.query_one("#audits", OptionList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        today = date.today()
        groups: dict[str, list[AuditSummary]] = {"to_do": [], "in_progress": [], "submitted": []}
        for a in message.audits:
            groups[a.status].append(a)
        first: str | None = None
        by_programme = any(a.programme for a in message.audits)  # sub-heads only if useful
        for status in ("in_progress", "to_do", "submitted"):
            items = groups[status]
            options.add_option(Option(Content.styled(f"{STATUS_LABELS[status]} ({len(items)})",
                                                     "bold underline"), disabled=True))
            programme: object = ...  # no sub-head shown yet in this group
            for a in items:
                if by_programme and a.programme != programme and a.status != "submitted":
                    programme = a.programme
                    options.add_option(Option(Content.styled(
                        f" {a.programme or 'Not in a programme'}", "italic $text-muted"),
                        disabled=True))
                options.add_option(Option(audit_line(a, today), id=f"audit-{a.id}"))
                first = first or f"audit-{a.id}"
            if not items:
                options.add_option(Option(Content.styled("  nothing here", "dim"), disabled=True))
        overdue = sum(1 for a in message.audits if a.status != "submitted" and a.due_on
                      and a.due_on < today.isoformat())
        summary = (f"{self.desk.user}: {len(groups['to_do'])} to do · "
                   f"{len(groups['in_progress'])} in progress · "
                   f"{len(groups['submitted'])} submitted")
        if overdue:
            summary += f" · [b $error]{overdue} overdue[/]"
        if not message.audits:
            summary += "  —  press [b]n[/b] to start an audit"
        self.query_one("#home-summary", Static).update(summary)
        target = keep or first
        if target is not None:
            options.highlighted = options.get_option_index(target)

    @on(OptionList.OptionSelected, "#audits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.startswith("audit-"):
            self.open_audit(int(event.option.id.removeprefix("audit-")))

    def action_open_selected(self) -> None:
        option = self.query_one("#audits", OptionList).highlighted_option
        if option is not None and option.id:
            self.open_audit(int(option.id.removeprefix("audit-")))

    def action_new_audit(self) -> None:
        from qa_tui.tui.new_audit import NewAuditScreen

        self.app.push_screen(NewAuditScreen())

    @on(DatabaseFailed)
    def _failed(self, message: DatabaseFailed) -> None:
        self.notify(f"Could not {message.what}: {message.error}", severity="error", timeout=8)

    def action_moderation(self) -> None:
        from qa_tui.tui.moderation import ModerationQueueScreen

        self.app.push_screen(ModerationQueueScreen())

    def action_follow_ups(self) -> None:
        from qa_tui.tui.follow_ups import FollowUpsScreen

        self.app.push_screen(FollowUpsScreen())

    def action_programmes(self) -> None:
        from qa_tui.tui.programmes import ProgrammesScreen

        self.app.push_screen(ProgrammesScreen())

    def action_dashboard(self) -> None:
        from qa_tui.tui.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen())

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("New audit", "Start an audit on a case", self.action_new_audit)
        yield SystemCommand("Programmes", "Audit rounds, samples, assignment, progress",
                            self.action_programmes)
        yield SystemCommand("Follow-ups", "Open escalations and case actions",
                            self.action_follow_ups)
        yield SystemCommand("Moderation", "The queue and auditors' agreement",
                            self.action_moderation)
        yield SystemCommand("Dashboard", "Counted grades by team, criterion and period",
                            self.action_dashboard)
        yield SystemCommand("Refresh my audits", "Reload the list", self.action_refresh)
