"""The audit screen's moving and note keeping: which criterion the cursor is on, going
to one (from the submit checklist), writing its evidence note (e), saving the notes
typed, and leaving (escape).

It lives apart from the audit screen because finding one's place and keeping the notes
safe is a job of its own beside showing and grading the audit. `AuditNotes` is mixed
into the screen, so the keys stay the screen's bindings; the handlers that react to
typing, to the cursor and to a saved note stay on the screen, since Textual reads `@on`
only on the screen's own classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import OptionList, TextArea

from qa_tui.desks.audits import AuditView
from qa_tui.tui.messages import NoteSaved

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from qa_tui.desks.audits import AuditDesk
    from qa_tui.domain.rubric import Criterion
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object


class AuditNotes(_Screen):
    """Mixed into the audit screen: moving between criteria and saving the notes."""

    audit_id: int
    view: AuditView | None
    current: str | None
    notes: dict[str, str]
    unsaved: set[str]
    _note_timer: Timer | None
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...

        def _show_detail(self, reload_note: bool) -> None: ...

    def _go_to(self, cid: str) -> None:
        """Move the cursor to a criterion (from the submit checklist)."""
        options = self.query_one("#criteria", OptionList)
        options.highlighted = options.get_option_index(cid)
        self.current = cid
        self._show_detail(reload_note=True)
        options.focus()

    def _criterion(self) -> Criterion | None:
        """The criterion under the cursor, read from the list itself so a key pressed
        straight after an arrow key acts on the criterion the auditor can see."""
        if self.view is None:
            return None
        option = self.query_one("#criteria", OptionList).highlighted_option
        if option is not None and option.id and option.id != self.current:
            self.save_pending_notes()
            self.current = option.id
            self._show_detail(reload_note=True)
        if self.current is None:
            return None
        return self.view.rubric.criterion(self.current)

    def action_edit_evidence(self) -> None:
        if self._criterion() is None:
            return
        if self.view is not None and self.view.audit.submitted:
            self.notify("Submitted audits are read-only. Press R to reopen.", severity="warning")
            return
        self.query_one("#evidence", TextArea).focus()

    def save_pending_notes(self) -> None:
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        desk, audit_id = self.desk, self.audit_id
        for cid in list(self.unsaved):
            text = self.notes.get(cid, "")

            def save(cid: str = cid, text: str = text) -> NoteSaved:
                desk.save_evidence(audit_id, cid, text)
                return NoteSaved(cid, text)

            self.runner.run("save the evidence note", save, self, lambda saved: saved)

    def action_back(self) -> None:
        area = self.query_one("#evidence", TextArea)
        if area.has_focus:
            self.save_pending_notes()
            self.query_one("#criteria", OptionList).focus()
            return
        self.save_pending_notes()
        self.app.pop_screen()
