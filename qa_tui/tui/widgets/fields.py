"""Text boxes that never hold a control character.

Textual's Input and TextArea render what they hold as it is, and a paste can carry an
escape sequence (copied from a terminal, say) that the terminal would then obey. These
boxes drop control characters as they arrive, as the desks do with typed text
(`qa_tui.domain.text`); what a screen loads into them from the database is already shown
through `shown.visible`.
"""

from __future__ import annotations

from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from qa_tui.domain.text import clean_line, clean_typed


class PlainInput(Input):
    """One line of typed text, without control characters however it got there."""

    def validate_value(self, value: str) -> str:
        return clean_line(value)


class PlainTextArea(TextArea):
    """A note: newlines and tabs kept, other control characters dropped as typed or
    pasted."""

    def edit(self, edit: Edit) -> EditResult:
        edit.text = clean_typed(edit.text)
        return super().edit(edit)
