"""The audit screen's re-audit parts: the earlier audit beside a re-audit (a line under
the header, a "was:" line in the criterion pane, `w` for the whole earlier audit), and
`A` on a submitted audit to set "re-audit in N months".

`AuditEarlier` is mixed into the audit screen. It follows the screen's `AuditLoaded`
messages by Textual's handler names (as `AuditConcern` does), reads the earlier audit
once per screen on the database thread, and repaints only its own two lines after a
grade, so a key still costs one paint. The screen keeps the keys' bindings.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from qa_tui.desks.reaudits import MAX_MONTHS, EarlierAudit, ReauditDesk
from qa_tui.tui.messages import AuditLoaded
from qa_tui.tui.widgets.dialogs import Form, quoted
from qa_tui.tui.widgets.earlier_audit import (
    EarlierLine,
    earlier_detail,
    earlier_grade_text,
    earlier_summary,
)
from qa_tui.tui.widgets.shown import line

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.desks.audits import AuditDesk, AuditView
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object


class EarlierAuditScreen(ModalScreen[None]):
    """The earlier audit beside this one, to read; escape closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="earlier.close", tooltip="Back to the audit"),
    ]

    def __init__(self, earlier: EarlierAudit, view: AuditView):
        super().__init__()
        self.earlier, self.view = earlier, view

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="earlier-audit"):
            yield Label(line(f"The earlier audit of {self.view.audit.case.case_ref}", "bold"))
            yield Static(earlier_detail(self.earlier, self.view), id="earlier-detail")
            yield Label(line("escape closes", "dim"))

    def on_mount(self) -> None:
        self.query_one("#earlier-audit").focus()

    def action_close(self) -> None:
        self.dismiss(None)


class ReauditForm(Form):
    """How many months after its submit date the case is looked at again, and why."""

    heading = "Re-audit in N months"
    compact = True

    def __init__(self, case_ref: str, submitted_on: str, months: int = 6, reason: str = ""):
        super().__init__()
        self.months, self.reason = months, reason
        self.note = (
            f"{case_ref}, submitted {submitted_on}: the QA lead's list shows it when it is "
            "due, and a re-audit then starts linked to this audit. Setting it again "
            "replaces one not yet started."
        )

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            (f"Months after the submit date (1-{MAX_MONTHS})", "e.g. 6", str(self.months)),
            ("Why look again (optional)", "e.g. check the plan became SMART", self.reason),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        try:
            months = int(values[0])
        except ValueError:
            return f"{quoted(values[0])} is not a number of months."
        if not 1 <= months <= MAX_MONTHS:
            return f"Choose 1 to {MAX_MONTHS} months."
        return None


class AuditEarlier(_Screen):
    """Mixed into the audit screen: the earlier audit beside a re-audit, and `A`."""

    audit_id: int
    view: AuditView | None
    current: str | None
    earlier: EarlierAudit | None = None
    _earlier_asked = False
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...

    # -- the earlier audit -------------------------------------------------------------

    def on_audit_loaded(self, message: AuditLoaded) -> None:
        if not self._earlier_asked:
            self._earlier_asked = True
            reaudits, audit_id = ReauditDesk(self.desk), self.audit_id
            self.runner.fetch(
                "read the earlier audit", lambda: reaudits.earlier(audit_id), self, self._arrived
            )
        else:
            self._show_earlier()

    def on_submit_outcome(self, message: AuditLoaded) -> None:
        self._show_earlier()

    def _arrived(self, earlier: EarlierAudit | None) -> None:
        self.earlier = earlier
        self._show_earlier()

    def _show_earlier(self) -> None:
        if self.earlier is None or self.view is None:
            return
        summary = earlier_summary(self.earlier, self.view)
        try:
            self.query_one(EarlierLine).update(summary)
        except NoMatches:
            self.mount(EarlierLine(summary), after=self.query_one("#audit-header"))
        if self.current is not None:
            self.show_earlier_grade(self.current)

    def show_earlier_grade(self, criterion_id: str) -> None:
        """The criterion pane's 'was:' line; the screen calls it for each criterion shown."""
        if self.earlier is None:
            return
        text = earlier_grade_text(self.earlier, criterion_id)
        try:
            self.query_one("#earlier-grade", Static).update(text, layout=False)
        except NoMatches:
            shown = Static(text, id="earlier-grade")
            self.query_one("#reading").mount(shown, after=self.query_one("#moderated"))

    def action_earlier(self) -> None:
        if self.view is None:
            return
        if self.earlier is None:
            self.notify("This audit is not a re-audit: there is no earlier audit beside it.")
            return
        self.app.push_screen(EarlierAuditScreen(self.earlier, self.view))

    # -- re-audit in N months ----------------------------------------------------------

    def action_reaudit(self) -> None:
        view = self.view
        if view is None:
            return
        if not view.audit.submitted or not view.audit.submitted_at:
            self.notify("Submit the audit first: a re-audit is set N months after the submit.")
            return
        reaudits, audit_id = ReauditDesk(self.desk), self.audit_id

        def ask(schedule: dict | None) -> None:
            if schedule is not None and schedule["started_audit_id"] is not None:
                self.notify(
                    f"The re-audit was already started as audit {schedule['started_audit_id']}."
                )
                return
            months, reason = 6, ""
            if schedule is not None and not schedule["cancelled_at"]:
                months, reason = schedule["months"], schedule["reason"]
            form = ReauditForm(
                view.audit.case.case_ref, (view.audit.submitted_at or "")[:10], months, reason
            )
            self.app.push_screen(form, save)

        def save(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            months, reason = int(values[0]), values[1]
            self.runner.fetch(
                "set the re-audit",
                lambda: reaudits.schedule(audit_id, months, reason),
                self,
                saved,
            )

        def saved(due: date) -> None:
            self.notify(f"Re-audit set: due {due.isoformat()}, on the QA lead's list then.")

        self.runner.fetch("read the re-audit", lambda: reaudits.scheduled(audit_id), self, ask)
