"""The audit screen's theme keys: decide the themes the rubric suggests, one at a time
(c: confirm or dismiss each), tag one (t), take one off (x).

It lives apart from the audit screen because tagging themes is a job of its own beside
grading and writing notes. `AuditThemes` is mixed into the screen, so the keys stay the
screen's bindings, and every change saves through the screen's `_save` as a grade does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qa_tui.desks.audits import AuditView
from qa_tui.desks.theme_suggestions import dismiss_suggestion
from qa_tui.domain.theme_suggestions import offered_themes, ruled_out_themes

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.desks.audits import AuditDesk
    from qa_tui.domain.rubric import Criterion
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object


def short_name(criterion: Criterion) -> str:
    """A criterion's id read as words, short enough for the list."""
    return criterion.id.replace("-", " ").capitalize()


class AuditThemes(_Screen):
    """Mixed into the audit screen: the actions that tag a criterion's themes."""

    audit_id: int
    view: AuditView | None
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...

        def _criterion(self) -> Criterion | None: ...
        def _editable(self) -> bool: ...
        def _save(self, what: str, call: Callable[[], Any], saved: str) -> None: ...

    def action_confirm_themes(self) -> None:
        """`c`: the rubric's suggestions for this grade, to confirm or dismiss one by one."""
        c = self._criterion()
        if c is None or self.view is None or not self._editable():
            return
        answer = self.view.audit.answers.get(c.id)
        if answer is None or answer.grade_key is None:
            self.notify("Grade this criterion first: the rubric suggests themes from its grade.")
            return
        todo = offered_themes(self.view.rubric, self.view.audit, c)
        ruled_out = ruled_out_themes(self.view.rubric, self.view.audit, c)
        if not todo:
            left_out = f" ({len(ruled_out)} cannot apply to this child)" if ruled_out else ""
            self.notify(f"No suggested themes left to decide for this grade{left_out}.")
            return
        from qa_tui.tui.screens.suggested_themes import SuggestedThemesDialog

        desk, audit_id, cid = self.desk, self.audit_id, c.id

        def decide(theme: str, polarity: str, confirmed: bool) -> None:
            if confirmed:

                def confirm() -> AuditView:
                    desk.add_theme(audit_id, cid, theme, polarity)
                    return desk.open_audit(audit_id)

                self._save("confirm the theme", confirm, cid)
            else:

                def dismiss() -> AuditView:
                    dismiss_suggestion(desk, audit_id, cid, theme)
                    return desk.open_audit(audit_id)

                self._save("dismiss the suggested theme", dismiss, cid)

        self.app.push_screen(SuggestedThemesDialog(short_name(c), todo, decide, ruled_out))

    def action_add_theme(self) -> None:
        c = self._criterion()
        if c is None or self.view is None or not self._editable():
            return
        from qa_tui.tui.widgets.dialogs import TextPrompt

        desk, audit_id, rubric = self.desk, self.audit_id, self.view.rubric

        def add(text: str | None) -> None:
            if text and text.strip():

                def add_and_reload() -> AuditView:
                    desk.add_theme(audit_id, c.id, text)
                    return desk.open_audit(audit_id)

                self._save("add the theme", add_and_reload, c.id)

        def prompt(vocabulary: list[str]) -> None:
            self.app.push_screen(
                TextPrompt(
                    f"Theme for '{short_name(c)}'",
                    "start with + for a strength or - for an area for development",
                    suggestions=vocabulary,
                ),
                add,
            )

        self.runner.fetch(
            "read the known themes", lambda: desk.theme_vocabulary(rubric), self, prompt
        )

    def action_remove_theme(self) -> None:
        c = self._criterion()
        if c is None or self.view is None or not self._editable():
            return
        mine = [t.theme for t in self.view.audit.themes if t.criterion_id == c.id]
        if not mine:
            self.notify("This criterion has no themes to remove.")
            return
        from qa_tui.tui.widgets.dialogs import Choose

        desk, audit_id = self.desk, self.audit_id

        def remove(theme: str | None) -> None:
            if theme:

                def remove_and_reload() -> AuditView:
                    desk.remove_theme(audit_id, c.id, theme)
                    return desk.open_audit(audit_id)

                self._save("remove the theme", remove_and_reload, c.id)

        self.app.push_screen(Choose("Remove which theme?", [(t, t) for t in mine]), remove)
