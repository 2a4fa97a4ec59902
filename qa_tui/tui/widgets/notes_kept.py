"""Notes saved as they are typed, and a status that never says "saved" too soon.

Two screens keep free-text notes this way: the audit screen's evidence notes and the
judgement screen's rationale, reason, strengths and areas for development. Both follow
the same two rules. A note's status turns to "unsaved…" in the same call that changes
the text: a `NoteBox` tells its screen of each edit as it makes it, not by a message read
a frame later. And a note reads as saved only when the text on screen is the text last
committed and no later save of it is still queued (`NotesOnDisk`). With a slow disk,
typing `ab`, a pause (`ab` saving), `c`, a pause (`abc` queued), then backspace leaves
`ab` on screen: when `ab` commits `abc` is still queued, and when `abc` commits the
screen holds `ab`, which is not what is on disk; only the third save, `ab` again, makes
it "saved".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widgets import TextArea

from qa_tui.tui.messages import NoteSaved
from qa_tui.tui.widgets.fields import PlainTextArea
from qa_tui.tui.widgets.shown import visible_lines

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from qa_tui.tui.runner import DeskRunner

NOTE_SAVE_DELAY = 0.8  # seconds after the last key before a note saves itself


class NoteNotSaved(Message):
    """A note's save failed; the failure itself comes as `DatabaseFailed`."""

    def __init__(self, field: str, text: str):
        super().__init__()
        self.field = field
        self.text = text


class NoteBox(PlainTextArea):
    """A note box. Each edit is told to `on_edit` as it is made, in the same call, so
    what the screen says about the note changes in the frame the text does; a note the
    screen loads is not an edit."""

    def __init__(self, on_edit: Callable[[str], None], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self._on_edit = on_edit
        self._loading = False

    def show_note(self, text: str) -> None:
        """Show a note as read (control characters made visible, never sent back raw)."""
        shown = visible_lines(text)
        if shown == self.text:  # most notes arrived at are empty still: no repaint
            self.history.clear()  # but no undoing into another note
            return
        self._loading = True
        try:
            self.load_text(shown)
        finally:
            self._loading = False

    def post_message(self, message: Message) -> bool:
        # Every way the text changes (typing, paste, undo, redo) posts Changed here.
        if isinstance(message, TextArea.Changed) and not self._loading:
            self._on_edit(self.text)
        return super().post_message(message)


class NotesOnDisk:
    """What a screen knows of its notes' saving, note by note: the text last committed,
    the text last sent to be saved, and how many saves are sent and not yet answered.
    The text on screen stays the screen's own; it is passed in where it is needed."""

    def __init__(self) -> None:
        self.committed: dict[str, str] = {}
        self.queued: dict[str, str] = {}
        self.saving: Counter[str] = Counter()

    def loaded(self, notes: Mapping[str, str]) -> None:
        """The notes as read from the database: all saved."""
        self.committed = dict(notes)
        self.queued = dict(notes)

    def unsaved(self, field: str, on_screen: str) -> bool:
        """Anything but the note last committed on screen, or a save of it still queued."""
        return self.saving[field] > 0 or on_screen != self.committed.get(field, "")

    def send(
        self,
        on_screen: Mapping[str, str],
        runner: DeskRunner,
        reply_to: MessagePump,
        what: str,
        commit: Callable[[str, str], None],
    ) -> None:
        """Queue a save of every note that differs from the one last sent to be saved.

        `reply_to` hears `NoteSaved` once a save commits, or `NoteNotSaved` if it fails
        (and the runner reports the failure)."""
        for field, text in list(on_screen.items()):
            if text == self.queued.get(field, ""):
                continue
            self.queued[field] = text
            self.saving[field] += 1

            def save(field: str = field, text: str = text) -> NoteSaved:
                try:
                    commit(field, text)
                except Exception:
                    reply_to.post_message(NoteNotSaved(field, text))
                    raise
                return NoteSaved(field, text)

            runner.run(what, save, reply_to, lambda saved: saved)

    def saved(self, message: NoteSaved) -> None:
        self.saving[message.field] -= 1
        self.committed[message.field] = message.text

    def not_saved(self, message: NoteNotSaved) -> None:
        self.saving[message.field] -= 1
        if self.queued.get(message.field) == message.text:  # sent again at the next save
            self.queued[message.field] = self.committed.get(message.field, "")
