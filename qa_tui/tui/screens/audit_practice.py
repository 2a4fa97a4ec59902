"""What the audit screen does once the audit goes back to practice: `f` the feedback
given to the worker and manager (a screen of its own), and `P` the audit's report saved
as one printable HTML file in the reports folder, its path shown.

A part of `AuditScreen` (audit.py), which declares the keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa_tui.tui.messages import Fetched

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.desks.audits import AuditDesk, AuditView
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object


class AuditPractice(_Screen):
    audit_id: int
    view: AuditView | None

    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...
        def save_pending_notes(self) -> None: ...

    def action_feedback(self) -> None:
        if self.view is None:
            return
        if not self.view.audit.submitted:
            self.notify("Feedback is recorded once the audit is submitted.")
            return
        from qa_tui.tui.screens.feedback import FeedbackScreen

        self.app.push_screen(FeedbackScreen(self.audit_id))

    def action_report(self) -> None:
        if self.view is None:
            return
        self.save_pending_notes()
        from qa_tui.paths import reports_dir
        from qa_tui.reports.audit import save_audit_report

        desk, audit_id, folder = self.desk, self.audit_id, reports_dir()
        self.runner.run(
            "save the audit's report",
            lambda: save_audit_report(desk, audit_id, folder),
            self,
            lambda path: Fetched(path, self._report_saved),
        )

    def _report_saved(self, path: object) -> None:
        self.notify(f"Report saved: {path}", timeout=8)
