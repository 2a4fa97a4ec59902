"""The audit screen's way out of grading: the overall judgement (o), submitting (s) with
its checklist and escalation, and reopening a submitted audit (R).

It lives apart from the audit screen because finishing an audit is a flow of its own
(the desk's checks, the dialogs they lead to), beside grading criteria. `AuditSubmit`
is mixed into the screen, so the keys stay the screen's bindings; its answers come back
as `AuditLoaded` messages to the screen, as every save does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa_tui.desks.audits import AuditView, EscalationRequired, SubmitBlocked
from qa_tui.domain import rules
from qa_tui.tui.messages import AuditLoaded

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.desks.audits import AuditDesk
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object


class SubmitOutcome(AuditLoaded):
    """The answer to a submit: submitted, blocked by problems, or escalation needed."""

    def __init__(
        self,
        view: AuditView,
        problems: list[rules.Problem] | None = None,
        needs_escalation: bool = False,
    ):
        super().__init__(view, "submitted" if not problems and not needs_escalation else "")
        self.problems = problems or []
        self.needs_escalation = needs_escalation


class AuditSubmit(_Screen):
    """Mixed into the audit screen: judgement, submit and reopen."""

    audit_id: int
    view: AuditView | None
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...
        def _editable(self) -> bool: ...
        def _go_to(self, cid: str) -> None: ...
        def save_pending_notes(self) -> None: ...

    def action_judgement(self) -> None:
        if self.view is None:
            return
        self.save_pending_notes()
        from qa_tui.tui.screens.judgement import JudgementScreen

        self.app.push_screen(JudgementScreen(self.audit_id))

    def action_submit(self) -> None:
        if not self._editable():
            return
        self.save_pending_notes()
        self._run_submit(None)

    def _run_submit(self, escalation: tuple[str, str, str] | None) -> None:
        desk, audit_id = self.desk, self.audit_id

        def submit() -> SubmitOutcome:
            try:
                return SubmitOutcome(desk.submit(audit_id, escalation))
            except SubmitBlocked as blocked:
                return SubmitOutcome(desk.open_audit(audit_id), problems=blocked.problems)
            except EscalationRequired:
                return SubmitOutcome(desk.open_audit(audit_id), needs_escalation=True)

        self.runner.run("submit the audit", submit, self, lambda outcome: outcome)

    def _after_submit(self, outcome: SubmitOutcome) -> None:
        from qa_tui.tui.widgets.dialogs import Choose, EscalationForm

        if outcome.problems:

            def go(target: str | None) -> None:
                if target is None:
                    return
                if target == "judgement":
                    self.action_judgement()
                else:
                    self._go_to(target)

            self.app.push_screen(
                Choose(
                    "Not submitted yet: put these right (enter goes there)",
                    [(p.message, p.criterion_id or "judgement") for p in outcome.problems],
                ),
                go,
            )
        elif outcome.needs_escalation:

            def escalate(answer: tuple[str, ...] | None) -> None:
                if answer is None:
                    self.notify(
                        "Not submitted: an Inadequate audit needs its escalation recorded.",
                        severity="warning",
                        timeout=6,
                    )
                else:
                    who, when, action = answer
                    self._run_submit((who, when, action))

            self.app.push_screen(
                EscalationForm(self.view.audit.case.case_ref if self.view else ""), escalate
            )
        else:
            self.notify("Audit submitted. It is now read-only.", timeout=4)

    def action_reopen(self) -> None:
        if self.view is None or not self.view.audit.submitted:
            self.notify("Only a submitted audit can be reopened.")
            return
        from qa_tui.tui.widgets.dialogs import TextPrompt

        desk, audit_id = self.desk, self.audit_id

        def reopen(reason: str | None) -> None:
            if reason and reason.strip():
                self.runner.run(
                    "reopen the audit",
                    lambda: desk.reopen(audit_id, reason),
                    self,
                    lambda view: AuditLoaded(view, "reopened"),
                )

        self.app.push_screen(
            TextPrompt("Reopen this audit", "why it needs changing (recorded)"), reopen
        )
