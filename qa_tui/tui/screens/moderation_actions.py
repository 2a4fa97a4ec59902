"""The moderation screen's grading keys: agree with the auditor (=), another grade by
its number (1-N, asking why), not applicable (n), the moderated overall grade (o), and
completing the moderation (c).

It lives apart from the moderation screen because recording the moderator's grades is a
job of its own beside showing the auditor's. `ModerationActions` is mixed into the
screen, so the keys stay the screen's bindings, and every change goes through the
screen's `_run`, whose `ModerationLoaded` the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qa_tui.desks.moderation import ModerationDesk, ModerationView

if TYPE_CHECKING:
    from textual.screen import Screen

    _Screen = Screen[None]
else:
    _Screen = object


class ModerationActions(_Screen):
    """Mixed into the moderation screen: the actions that record the agreed grades."""

    audit_id: int
    view: ModerationView | None
    if TYPE_CHECKING:

        @property
        def moderation(self) -> ModerationDesk: ...

        def _current(self) -> str | None: ...
        def _run(self, what: str, call: Callable[[], Any]) -> None: ...

    def action_agree(self) -> None:
        cid = self._current()
        if cid is not None:
            desk, audit_id = self.moderation, self.audit_id
            self._run("agree", lambda: desk.agree(audit_id, cid))

    def _with_reason(self, title: str, differs: bool, then) -> None:  # type: ignore[no-untyped-def]
        if not differs or (self.view is not None and self.view.hidden):  # blind: asked later
            then("")
            return
        from qa_tui.tui.widgets.dialogs import TextPrompt

        def answered(reason: str | None) -> None:
            if reason and reason.strip():
                then(reason)

        self.app.push_screen(TextPrompt(title, "why (the auditor will read this)"), answered)

    def action_grade(self, number: int) -> None:
        cid = self._current()
        if cid is None or self.view is None:
            return
        mine = self.view.audit.audit.answers.get(cid)
        desk, audit_id = self.moderation, self.audit_id
        self._with_reason(
            "Why a different grade?",
            mine is None or mine.grade_value != number,
            lambda reason: self._run(
                "save the agreed grade", lambda: desk.grade(audit_id, cid, number, reason)
            ),
        )

    def action_not_applicable(self) -> None:
        cid = self._current()
        if cid is None or self.view is None:
            return
        mine = self.view.audit.audit.answers.get(cid)
        desk, audit_id = self.moderation, self.audit_id
        self._with_reason(
            "Why not applicable?",
            not (mine and mine.not_applicable),
            lambda reason: self._run(
                "save the agreed grade", lambda: desk.grade(audit_id, cid, None, reason)
            ),
        )

    def action_overall(self) -> None:
        if self.view is None:
            return
        from qa_tui.tui.widgets.dialogs import Choose

        grades = self.view.audit.rubric.overall.grades
        auditor_key = self.view.audit.audit.overall_grade_key
        desk, audit_id = self.moderation, self.audit_id

        def chosen(value: str | None) -> None:
            if value is None:
                return
            number = int(value)
            self._with_reason(
                "Why a different overall grade?",
                grades[number - 1].key != auditor_key,
                lambda reason: self._run(
                    "save the moderated overall", lambda: desk.set_overall(audit_id, number, reason)
                ),
            )

        start = next((n for n, g in enumerate(grades) if g.key == auditor_key), 0)
        self.app.push_screen(
            Choose(
                "Moderated overall grade",
                [
                    (f"{n} {g.label}" + ("  (auditor's)" if g.key == auditor_key else ""), str(n))
                    for n, g in enumerate(grades, 1)
                ],
                start=start,
            ),
            chosen,
        )

    def action_complete(self) -> None:
        desk, audit_id = self.moderation, self.audit_id

        self._run("complete the moderation", lambda: desk.complete(audit_id))
