"""The audit screen's moving and note keeping: which criterion the cursor is on, going
to one, writing its evidence note (e), saving the notes typed, and leaving (escape).

It lives apart from the audit screen because finding one's place and keeping the notes
safe is a job of its own beside showing and grading the audit. `AuditNotes` is mixed
into the screen, so the keys stay the screen's bindings.

A note's status is kept honest by the rules of `qa_tui.tui.widgets.notes_kept`: it turns
to "unsaved…" in the same call that changes the text, and reads "note saved ✓" only
when the text on screen is the text last committed and no later save of it is queued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.widget import Widget
from textual.widgets import OptionList

from qa_tui.desks.audits import AuditView
from qa_tui.tui.messages import NoteSaved
from qa_tui.tui.widgets.notes_kept import NOTE_SAVE_DELAY, NoteBox, NoteNotSaved, NotesOnDisk

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from qa_tui.desks.audits import AuditDesk
    from qa_tui.domain.rubric import Criterion
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object


class EvidenceBox(NoteBox):
    """The evidence note box: each edit told to the screen as it is made."""


class AuditNotes(_Screen):
    """Mixed into the audit screen: moving between criteria and saving the notes."""

    audit_id: int
    view: AuditView | None
    current: str | None
    notes: dict[str, str]  # criterion -> the note as on screen
    _note_timer: Timer | None
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...

        def _show_detail(self, reload_note: bool) -> None: ...
        def _show_note_status(self) -> None: ...
        def _answered(self, cid: str) -> bool: ...
        def next_ungraded(self, cid: str) -> str | None: ...

    def start_notes(self) -> None:
        self._found: dict[str, Widget] = {}  # widgets by id, looked up once
        self._disk = NotesOnDisk()  # what is committed, queued and still saving

    def notes_loaded(self, notes: dict[str, str]) -> None:
        self.notes = dict(notes)
        self._disk.loaded(notes)

    def note_unsaved(self, cid: str) -> bool:
        """Anything but the note last committed on screen, or a save of it still queued."""
        return self._disk.unsaved(cid, self.notes.get(cid, ""))

    def widget(self, widget_id: str) -> Widget:
        """One of the screen's widgets by id, looked up once: a key asks for dozens."""
        found = self._found.get(widget_id)
        if found is None:
            found = self._found[widget_id] = self.query_one(f"#{widget_id}")
        return found

    def options(self) -> OptionList:
        """The list of criteria."""
        return cast(OptionList, self.widget("criteria"))

    # -- moving --------------------------------------------------------------------------

    def _go_to(self, cid: str) -> None:
        """Move the cursor to a criterion and the focus to the list (from the submit
        checklist, or out of the note box)."""
        self._move_to(cid)
        self.options().focus()

    def _move_to(self, cid: str) -> None:
        """Move the cursor to a criterion, leaving the focus where it is."""
        self.save_pending_notes()
        self.current = cid
        options = self.options()
        options.highlighted = options.get_option_index(cid)
        self._show_detail(reload_note=True)

    def _criterion(self) -> Criterion | None:
        """The criterion under the cursor, read from the list itself so a key pressed
        straight after an arrow key acts on the criterion the auditor can see."""
        if self.view is None:
            return None
        option = self.options().highlighted_option
        if option is not None and option.id and option.id != self.current:
            self.save_pending_notes()
            self.current = option.id
            self._show_detail(reload_note=True)
        if self.current is None:
            return None
        return self.view.rubric.criterion(self.current)

    def action_back(self) -> None:
        """Leave the guidance or the note (a note left moves on, once graded), else go
        back to my audits."""
        options = self.options()
        focused = self.focused
        self.save_pending_notes()
        if focused is None or focused is options:
            self.app.pop_screen()
            return
        options.focus()
        cid = self.current
        if focused.id != "evidence" or cid is None or not self._answered(cid):
            return  # a note written before the grade: the grade is still to give
        if not self.app.settings.stay_on_criterion:  # type: ignore[attr-defined]
            after = self.next_ungraded(cid)
            if after is not None:
                self._go_to(after)

    # -- the note ------------------------------------------------------------------------

    def action_edit_evidence(self) -> None:
        if self._criterion() is None:
            return
        if self.view is not None and self.view.audit.submitted:
            self.notify("Submitted audits are read-only. Press R to reopen.", severity="warning")
            return
        self.widget("evidence").focus()

    def typed(self, text: str) -> None:
        """Each edit of the note box, before anything is painted."""
        cid = self.current
        if cid is None or self.view is None or self.view.audit.submitted:
            return
        self.notes[cid] = text
        self._show_note_status()
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SAVE_DELAY, self.save_pending_notes)

    def save_pending_notes(self) -> None:
        """Send every note that differs from the one last sent to be saved."""
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        desk, audit_id = self.desk, self.audit_id
        self._disk.send(
            self.notes,
            self.runner,
            self,
            "save the evidence note",
            lambda cid, text: desk.save_evidence(audit_id, cid, text),
        )

    def on_note_saved(self, message: NoteSaved) -> None:
        self._disk.saved(message)
        if message.field == self.current:
            self._show_note_status()

    def on_note_not_saved(self, message: NoteNotSaved) -> None:
        self._disk.not_saved(message)
        if message.field == self.current:
            self._show_note_status()
