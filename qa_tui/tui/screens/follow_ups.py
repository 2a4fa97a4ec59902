"""Follow-ups (`f` from home): open escalations and case actions until each is done.

Escalations come first: each is a child who may be unsafe. Overdue actions stand
out. Closing one asks what was done, and that note is kept with it.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.follow_ups import FollowUp, FollowUps
from qa_tui.domain.permissions import Op
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted import FittedList
from qa_tui.tui.widgets.shown import brief, clip, fill, line


class FollowUpsListed(Message):
    def __init__(self, items: list[FollowUp]):
        super().__init__()
        self.items = items


class FollowUpClosed(Message):
    pass


# Case, owner, when (and "overdue"), then what is to be done, which takes the room left.
COLUMNS = (
    Column(min=13, ideal=24),
    Column(min=8, ideal=24, weight=1),
    Column(min=18, ideal=18),  # "due 19 Nov overdue": never cut
    Column(min=12, ideal=60, weight=3),
)


def follow_up_cells(item: FollowUp, today: date) -> tuple[Content, ...]:
    """One escalation or case action as the follow-up columns."""
    if item.kind == "escalation":
        when = f"{item.days_open(today)}d open" if item.status == "open" else "closed"
    else:
        when = f"due {date.fromisoformat(item.due_on):%d %b}" if item.due_on else ""
    late = item.overdue(today)
    urgent = late or (item.kind == "escalation" and item.status == "open")
    return (
        line(brief(item.case_ref), "bold"),
        line(brief(item.owner)),
        Content.assemble(
            (f"{when:<11}", "bold $error" if urgent else ""),
            ("overdue", "bold $error reverse") if late else "",
        ),
        line(
            item.what if item.status == "open" else f"{item.what} — done: {item.closing_note}",
            "" if item.status == "open" else "dim",
        ),
    )


def follow_up_list(id: str) -> FittedList:
    """A list of follow-ups in their columns (the tracker's, and each home's)."""
    return FittedList(COLUMNS, id=id)


def follow_up_option(options: FittedList, item: FollowUp, today: date) -> Option:
    return options.row(*follow_up_cells(item, today), id=f"{item.kind}-{item.id}")


class FollowUpsScreen(DeskAccess, Screen[None]):
    TITLE = "Follow-ups"
    GUARDS = {"close_item": Op.CLOSE_FOLLOW_UP}
    BINDINGS = [
        Binding(
            "enter",
            "close_item",
            "Done…",
            id="follow.close",
            tooltip="Record what was done and close the highlighted item",
        ),
        Binding(
            "a",
            "toggle_closed",
            "Show closed",
            id="follow.closed",
            tooltip="Show or hide closed items with what was done",
        ),
        Binding(
            "o",
            "open_audit",
            "Audit",
            id="follow.audit",
            tooltip="Open the audit the highlighted item came from",
        ),
        Binding("escape", "back", "Back", id="follow.back", tooltip="Back to my audits"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.include_closed = False
        self.items: dict[str, FollowUp] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="follow-summary")
        yield follow_up_list("follow-ups")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#follow-ups", OptionList).focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        tracker, closed = FollowUps(self.desk), self.include_closed
        self.runner.run(
            "list the follow-ups",
            lambda: FollowUpsListed(tracker.list(include_closed=closed)),
            self,
            lambda m: m,
        )

    @on(FollowUpsListed)
    def _listed(self, message: FollowUpsListed) -> None:
        today = self.today()
        options = self.query_one("#follow-ups", FittedList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        self.items = {}
        escalations = [i for i in message.items if i.kind == "escalation"]
        actions = [i for i in message.items if i.kind == "action"]
        overdue = sum(1 for i in actions if i.overdue(today))
        for title, group in (
            (f"Escalations ({sum(i.status == 'open' for i in escalations)} open)", escalations),
            (
                f"Case actions ({sum(i.status == 'open' for i in actions)} open, "
                f"{overdue} overdue)",
                actions,
            ),
        ):
            options.add_option(Option(Content.styled(title, "bold underline"), disabled=True))
            for item in group:
                key = f"{item.kind}-{item.id}"
                self.items[key] = item
                options.add_option(follow_up_option(options, item, today))
            if not group:
                options.add_option(Option(Content.styled("  none", "dim"), disabled=True))
        open_escalations = sum(1 for i in escalations if i.status == "open")
        self.query_one("#follow-summary", Static).update(
            fill(
                "[b $error]$escalations open escalation(s)[/] · $overdue overdue action(s)"
                "  [dim]enter records what was done[/dim]"
                + ("  [dim](closed shown)[/dim]" if self.include_closed else ""),
                escalations=open_escalations,
                overdue=overdue,
            )
        )
        if keep in self.items:
            options.highlighted = options.get_option_index(keep)
        elif self.items:
            options.highlighted = options.get_option_index(next(iter(self.items)))

    def _item(self) -> FollowUp | None:
        option = self.query_one("#follow-ups", OptionList).highlighted_option
        return self.items.get(option.id or "") if option is not None else None

    @on(OptionList.OptionSelected, "#follow-ups")
    def _selected(self) -> None:
        if not self.refused("close_item"):  # enter on the list, not the screen's key
            self.action_close_item()

    def action_close_item(self) -> None:
        item = self._item()
        if item is None:
            return
        if item.status != "open":
            self.notify(f"Already done: {item.closing_note}")
            return
        from qa_tui.tui.widgets.dialogs import TextPrompt

        tracker = FollowUps(self.desk)

        def close(note: str | None) -> None:
            if note and note.strip():

                def close_it() -> FollowUpClosed:
                    tracker.close(item.kind, item.id, note)
                    return FollowUpClosed()

                self.runner.run("close the follow-up", close_it, self, lambda m: m)

        self.app.push_screen(
            TextPrompt(
                f"Done: {item.case_ref} — {clip(item.what, 40)}", "what was done (recorded)"
            ),
            close,
        )

    @on(FollowUpClosed)
    def _follow_up_closed(self) -> None:
        self.notify("Recorded as done.", timeout=3)
        self.load()

    def action_toggle_closed(self) -> None:
        self.include_closed = not self.include_closed
        self.load()

    def action_open_audit(self) -> None:
        item = self._item()
        if item is not None:
            self.open_audit(item.audit_id)

    def action_back(self) -> None:
        self.app.pop_screen()
