"""The QA lead's list of re-audits due: those due today or earlier, then those due in the
next fortnight ("soon"), each with its case, team, earlier grade and months; enter (or
`s`) starts the highlighted one as a new audit of the case for an auditor the lead
names, who must be independent of the case's team (the desk says why not).

Reached from the lead's desk (`R`). Read on the database thread, shown as it stands,
read again when the screen comes back into view.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.reaudits import DueReaudit, ReauditDesk
from qa_tui.domain.permissions import Op
from qa_tui.tui.base import DeskAccess, short_grade
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.dialogs import TextPrompt
from qa_tui.tui.widgets.fitted import FittedList
from qa_tui.tui.widgets.shown import fill, line

COLUMNS = (
    Column(15, 16),  # when
    Column(10, 20, 1),  # case
    Column(8, 24, 1),  # team
    Column(6, 6),  # earlier grade
    Column(4, 4, right=True),  # months
    Column(0, 40, 2),  # reason
)


def due_cells(r: DueReaudit, today: date) -> tuple[Content, ...]:
    when = (
        Content.styled(f"soon {r.due_on}", "italic")
        if r.soon
        else Content.styled(
            f"due {r.due_on}", "bold $warning" if r.due_on < today.isoformat() else "bold"
        )
    )
    return (
        when,
        line(r.case_ref, "bold"),
        line(r.team),
        line(short_grade(r.earlier_label)),
        Content(f"{r.months}m"),
        line(r.reason, "dim"),
    )


class ReauditsDueScreen(DeskAccess, Screen[None]):
    TITLE = "Re-audits due"
    GUARDS = {"start": Op.ASSIGN_AUDITS}
    BINDINGS = [
        Binding(
            "s",
            "start",
            "Start…",
            id="reaudits.start",
            tooltip="Start the highlighted re-audit for an auditor you name",
        ),
        Binding(
            "o", "open_audit", "Earlier audit", id="reaudits.open", tooltip="Open the earlier audit"
        ),
        Binding("escape", "back", "Back", id="reaudits.back", tooltip="Back to the lead's desk"),
    ]
    HELP_EXTRA = [("enter", "Start the highlighted re-audit")]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, DueReaudit] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="reaudits-summary")
        yield FittedList(COLUMNS, id="reaudits-due")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reaudits-due", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        reaudits, today = ReauditDesk(self.desk), self.today()
        self.runner.fetch("list the re-audits due", lambda: reaudits.due(today), self, self._show)

    def _show(self, rows: list[DueReaudit]) -> None:
        today = self.today()
        listed = self.query_one("#reaudits-due", FittedList)
        keep = listed.highlighted_option.id if listed.highlighted_option else None
        listed.clear_options()
        self.rows = {f"due-{r.audit_id}": r for r in rows}
        options = [listed.row(*due_cells(r, today), id=key) for key, r in self.rows.items()]
        listed.add_options(
            options
            or [
                Option(
                    Content.styled("  nothing is due in the next fortnight", "dim"), disabled=True
                )
            ]
        )
        if keep in self.rows:
            listed.highlighted = listed.get_option_index(keep)
        elif self.rows:
            listed.highlighted = 0
        due_now = sum(1 for r in rows if not r.soon)
        self.query_one("#reaudits-summary", Static).update(
            fill(
                "[b]$due due[/b] · $soon due in the next fortnight  "
                "[dim]enter starts one for an auditor independent of the team[/dim]",
                due=due_now,
                soon=len(rows) - due_now,
            )
        )

    def _row(self) -> DueReaudit | None:
        option = self.query_one("#reaudits-due", OptionList).highlighted_option
        return self.rows.get(option.id or "") if option is not None else None

    @on(OptionList.OptionSelected, "#reaudits-due")
    def _selected(self) -> None:
        if not self.refused("start"):  # enter on the list, not the screen's key
            self.action_start()

    def action_start(self) -> None:
        row = self._row()
        if row is None:
            return
        desk = self.desk

        def known_auditors() -> list[str]:
            if not desk.may(Op.SEE_PEOPLE):
                return []
            return sorted(ProgrammeDesk(desk).auditor_teams())

        def ask(names: list[str]) -> None:
            self.app.push_screen(
                TextPrompt(
                    f"Who re-audits {row.case_ref} ({row.team})?",
                    "an auditor not of this team",
                    suggestions=names,
                ),
                start,
            )

        def start(auditor: str | None) -> None:
            if not auditor or not auditor.strip():
                return
            reaudits = ReauditDesk(desk)
            self.runner.fetch(
                "start the re-audit",
                lambda: reaudits.start(row.audit_id, auditor),
                self,
                started,
            )

        def started(new_id: int) -> None:
            self.notify(f"Re-audit of {row.case_ref} started as audit {new_id}.", timeout=5)
            self.load()

        self.runner.fetch("list the auditors", known_auditors, self, ask)

    def action_open_audit(self) -> None:
        row = self._row()
        if row is not None:
            self.open_audit(row.audit_id)

    def action_back(self) -> None:
        self.app.pop_screen()
