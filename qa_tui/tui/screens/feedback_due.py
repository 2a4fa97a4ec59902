"""Awaiting feedback (`w` from my audits): my submitted audits whose worker and manager
have not been told yet, oldest first, with the working days since submit; enter records
the feedback, `o` opens the audit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.feedback import FeedbackDesk
from qa_tui.domain.feedback import DEFAULT_WORKING_DAYS, AwaitingFeedback, add_working_days
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted import FittedList
from qa_tui.tui.widgets.shown import brief, fill, line

COLUMNS = (
    Column(min=13, ideal=24),
    Column(min=8, ideal=40, weight=1),
    Column(min=10, ideal=12),  # "submitted 03 Jun"
    Column(min=16, ideal=18),  # "12 working days"
)


def working_days_since(day: date, today: date) -> int:
    """Working days (Monday to Friday) from `day` to `today`."""
    count, probe = 0, day
    while add_working_days(probe, 1) <= today:
        probe = add_working_days(probe, 1)
        count += 1
    return count


class AwaitingListed(Message):
    def __init__(self, audits: list[AwaitingFeedback]):
        super().__init__()
        self.audits = audits


class FeedbackDueScreen(DeskAccess, Screen[None]):
    TITLE = "Awaiting feedback"
    BINDINGS = [
        Binding(
            "enter",
            "record",
            "Feedback…",
            id="feedback_due.record",
            tooltip="Record the feedback given on the highlighted audit",
        ),
        Binding("o", "open", "Audit", id="feedback_due.open", tooltip="Open the audit"),
        Binding("escape", "back", "Back", id="feedback_due.back", tooltip="Back to my audits"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="feedback-due-summary")
        yield FittedList(COLUMNS, id="feedback-due")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#feedback-due", OptionList).focus()

    def on_screen_resume(self) -> None:
        feedback = FeedbackDesk(self.desk)
        self.runner.run(
            "list audits awaiting feedback",
            lambda: AwaitingListed(feedback.awaiting()),
            self,
            lambda m: m,
        )

    @on(AwaitingListed)
    def _listed(self, message: AwaitingListed) -> None:
        today = self.today()
        options = self.query_one("#feedback-due", FittedList)
        options.clear_options()
        late = 0
        for a in message.audits:
            days = working_days_since(date.fromisoformat(a.submitted_on), today)
            over = days > DEFAULT_WORKING_DAYS
            late += over
            options.add_option(
                options.row(
                    line(brief(a.case_ref), "bold"),
                    line(brief(a.team)),
                    line(f"{date.fromisoformat(a.submitted_on):%d %b %Y}"),
                    Content.styled(f"{days} working days", "bold $error" if over else ""),
                    id=f"audit-{a.audit_id}",
                )
            )
        if not message.audits:
            options.add_option(Option(line("Nothing awaits feedback.", "dim"), disabled=True))
        else:
            options.highlighted = 0
        self.query_one("#feedback-due-summary", Static).update(
            fill(
                "$count submitted audit(s) without feedback · [b $error]$late past "
                "$days working days[/]",
                count=len(message.audits),
                late=late,
                days=DEFAULT_WORKING_DAYS,
            )
        )

    def _audit_id(self) -> int | None:
        option = self.query_one("#feedback-due", OptionList).highlighted_option
        if option is None or not option.id:
            return None
        return int(option.id.removeprefix("audit-"))

    @on(OptionList.OptionSelected, "#feedback-due")
    def _selected(self) -> None:
        self.action_record()

    def action_record(self) -> None:
        audit_id = self._audit_id()
        if audit_id is not None:
            from qa_tui.tui.screens.feedback import FeedbackScreen

            self.app.push_screen(FeedbackScreen(audit_id))

    def action_open(self) -> None:
        audit_id = self._audit_id()
        if audit_id is not None:
            self.open_audit(audit_id)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Record feedback", "On the highlighted audit", self.action_record)
        yield SystemCommand("Open audit", "The highlighted audit", self.action_open)
        yield SystemCommand("Back to my audits", "Leave the list", self.action_back)

    def action_back(self) -> None:
        self.app.pop_screen()
