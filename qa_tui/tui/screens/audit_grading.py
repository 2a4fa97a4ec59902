"""The audit screen's grading keys: a grade by its number (1-N), not applicable (n), and
taking a grade back (backspace); and `_save`, through which every change to the audit
goes, grades and themes alike.

It lives apart from the audit screen because changing the audit is a job of its own
beside showing it. `AuditGrading` is mixed into the screen, so the keys stay the
screen's bindings, and a change shows as "saving…" until its `AuditLoaded` comes back
to the screen's handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa_tui.desks.audits import AuditView
from qa_tui.tui.messages import AuditLoaded

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.desks.audits import AuditDesk
    from qa_tui.domain.rubric import Criterion
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object


class AuditGrading(_Screen):
    """Mixed into the audit screen: the actions that grade the criterion under the cursor."""

    audit_id: int
    view: AuditView | None
    pending: set[str]
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...

        def _criterion(self) -> Criterion | None: ...
        def _show_list(self) -> None: ...
        def _show_detail(self, reload_note: bool) -> None: ...

    def _editable(self) -> bool:
        if self.view is None:
            return False
        if self.view.audit.submitted:
            self.notify(
                "This audit is submitted and read-only. Press R to reopen it.", severity="warning"
            )
            return False
        return True

    def _save(self, what: str, call, saved: str) -> None:  # type: ignore[no-untyped-def]
        self.pending.add(saved)
        self._show_list()
        self._show_detail(reload_note=False)
        self.runner.run(what, call, self, lambda view: AuditLoaded(view, saved))

    def action_grade(self, number: int) -> None:
        c = self._criterion()
        if c is None or not self._editable():
            return
        assert self.view is not None
        grades = self.view.rubric.scale_for(c).grades
        if number > len(grades):
            self.notify(f"This criterion has grades 1 to {len(grades)}.", severity="warning")
            return
        desk, audit_id = self.desk, self.audit_id
        self._save("save the grade", lambda: desk.grade_by_number(audit_id, c.id, number), c.id)

    def action_not_applicable(self) -> None:
        c = self._criterion()
        if c is None or not self._editable():
            return
        if not c.not_applicable:
            self.notify(
                "The rubric does not allow this criterion to be not applicable.", severity="warning"
            )
            return
        desk, audit_id = self.desk, self.audit_id
        self._save("mark not applicable", lambda: desk.mark_not_applicable(audit_id, c.id), c.id)

    def action_clear_grade(self) -> None:
        c = self._criterion()
        if c is None or not self._editable():
            return
        desk, audit_id = self.desk, self.audit_id
        self._save("clear the grade", lambda: desk.clear_grade(audit_id, c.id), c.id)
