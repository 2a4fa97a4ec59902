"""The audit screen's grading keys: a grade by its number (1-N), not applicable (n), and
taking a grade back (backspace); moving on after a grade; and `_save`, through which
the theme keys save.

It lives apart from the audit screen because changing the audit is a job of its own
beside showing it. `AuditGrading` is mixed into the screen, so the keys stay the
screen's bindings.

A grade key waits up to `SAVE_WAIT` for its write to commit on the database thread
(`DeskRunner.run_waiting`) and then shows it saved, so the key costs one paint. Only
a write slower than that is shown as "saving…" until its `GradeSaved` comes back. The
cursor moves on at once either way, so a key typed straight after goes to the
criterion the auditor can see: to the next ungraded criterion, or into the note box
when the grade needs evidence (unless `stay_on_criterion` is set).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.message import Message

from qa_tui.desks.audits import AuditView
from qa_tui.desks.grading import SavedGrade
from qa_tui.domain.records import Answer
from qa_tui.tui.messages import AuditLoaded, DatabaseFailed
from qa_tui.tui.widgets.criterion_pane import needs_note
from qa_tui.tui.widgets.steady import collect_after_the_paint

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

    from qa_tui.desks.audits import AuditDesk
    from qa_tui.domain.rubric import Criterion
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object

# How long a grade key waits for its commit before showing "saving…": a commit takes
# well under a millisecond here, a slow laptop disk a few; with the paint after it,
# 12 ms keeps the key inside one 60 Hz frame.
SAVE_WAIT = 0.012


class GradeSaved(Message):
    """A grade committed after its key stopped waiting (a slow write)."""

    def __init__(self, saved: SavedGrade):
        super().__init__()
        self.saved = saved


class AuditGrading(_Screen):
    """Mixed into the audit screen: the actions that grade the criterion under the cursor."""

    audit_id: int
    view: AuditView | None
    current: str | None
    order: list[str]
    notes: dict[str, str]
    pending: set[str]
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...

        def _criterion(self) -> Criterion | None: ...
        def widget(self, widget_id: str) -> Widget: ...
        def _move_to(self, cid: str) -> None: ...
        def _show_header(self) -> None: ...
        def _show_line(self, cid: str) -> None: ...
        def _show_grade_status(self) -> None: ...
        def _show_guidance(self) -> None: ...
        def _show_note_status(self) -> None: ...
        def _show_themes(self) -> None: ...
        def _show_detail(self, reload_note: bool) -> None: ...

        _concern_offered: frozenset[str]

        def _offer_concern(self, criterion_id: str) -> None: ...
        def _failed(self, message: DatabaseFailed) -> None: ...

    def _editable(self) -> bool:
        if self.view is None:
            return False
        if self.view.audit.submitted:
            self.notify(
                "This audit is submitted and read-only. Press R to reopen it.", severity="warning"
            )
            return False
        return True

    def _gradable(self, c: Criterion) -> bool:
        """Editable, and not answered by the rubric's rule (which says why, not a grade)."""
        if not self._editable():
            return False
        assert self.view is not None
        ruled = self.view.audit.answers.get(c.id)
        if ruled is not None and ruled.na_reason:
            self.notify(ruled.na_reason.capitalize() + " (the rubric's rule).")
            return False
        return True

    def _save(self, what: str, call: Callable[[], Any], saved: str) -> None:
        """A change that answers with the whole audit (themes): "saving…" on the
        criterion's line until its `AuditLoaded` comes back."""
        self.pending.add(saved)
        self._show_line(saved)
        self._show_grade_status()
        self.runner.run(what, call, self, lambda view: AuditLoaded(view, saved))

    # -- the keys ----------------------------------------------------------------------

    def action_grade(self, number: int) -> None:
        c = self._criterion()
        if c is None or not self._gradable(c):
            return
        assert self.view is not None
        scale = self.view.rubric.scale_for(c)
        if number > len(scale.grades):
            self.notify(f"This criterion has grades 1 to {len(scale.grades)}.", severity="warning")
            return
        desk, audit_id = self.desk, self.audit_id
        note_needed = needs_note(self.view, c, scale.by_value(number).key, self.notes.get(c.id, ""))
        self._save_grade(
            "save the grade",
            lambda: desk.grade_by_number(audit_id, c.id, number),
            c.id,
            note_needed,
        )

    def action_not_applicable(self) -> None:
        c = self._criterion()
        if c is None or not self._gradable(c):
            return
        if not c.not_applicable:
            self.notify(
                "The rubric does not allow this criterion to be not applicable.", severity="warning"
            )
            return
        desk, audit_id = self.desk, self.audit_id
        self._save_grade(
            "mark not applicable", lambda: desk.mark_not_applicable(audit_id, c.id), c.id, False
        )

    def action_clear_grade(self) -> None:
        c = self._criterion()
        if c is None or not self._gradable(c):
            return
        desk, audit_id = self.desk, self.audit_id
        self._save_grade("clear the grade", lambda: desk.clear_grade(audit_id, c.id), c.id, None)

    # -- saving and moving on ----------------------------------------------------------

    def _save_grade(
        self, what: str, call: Callable[[], SavedGrade], cid: str, note_needed: bool | None
    ) -> None:
        """Write a grade and show it saved in this frame if it commits in time, else
        "saving…"; then move on (`note_needed` None: stay, as after taking one back)."""
        collect_after_the_paint(self)
        completes = not self._answered(cid) and self.next_ungraded(cid) is None
        stays = note_needed is None or self.app.settings.stay_on_criterion  # type: ignore[attr-defined]
        leaves = not stays and not note_needed and self.next_ungraded(cid) is not None
        offered = self._concern_offered
        done = self.runner.run_waiting(what, call, self, GradeSaved, SAVE_WAIT)
        if isinstance(done, DatabaseFailed):
            self._failed(done)
            return
        if isinstance(done, GradeSaved):
            self._grade_saved(done.saved, shown=not leaves)
        else:  # a slow write: say so, and let the next key go where the auditor expects
            self.pending.add(cid)
            self._show_line(cid)
            self._show_grade_status()
        if self._concern_offered != offered:
            # Inadequate on a limiting criterion: pause here, where ! records a concern
            # and e the note, rather than carry the auditor on to the next question.
            self._show_detail(reload_note=False)
        elif not stays:
            self._move_on(cid, bool(note_needed), completes)

    def on_grade_saved(self, message: GradeSaved) -> None:
        self._grade_saved(message.saved)

    def _grade_saved(self, saved: SavedGrade, shown: bool = True) -> None:
        """Put a committed grade into the screen's copy of the audit and show what it
        changed: its line, and (`shown`: the cursor stays on it) its status, the mark
        in its guidance and, if the grade turned weak or strong, its note and themes."""
        if self.view is None:
            return
        cid = saved.criterion_id
        self.pending.discard(cid)
        audit = self.view.audit
        old = audit.answers.get(cid)
        audit.answers[cid] = Answer(
            cid,
            saved.grade_key,
            saved.grade_value,
            saved.grade_label,
            saved.not_applicable,
            old.evidence if old else "",
            saved.na_reason,
        )
        self._show_line(cid)
        for change in saved.rule_changes:  # later criteria the rules ruled out or re-opened
            before = audit.answers.get(change.criterion_id)
            audit.answers[change.criterion_id] = Answer(
                change.criterion_id,
                None,
                None,
                None,
                change.reason is not None,
                before.evidence if before else "",
                change.reason or "",
            )
            self._show_line(change.criterion_id)
        if audit.status == "to_do":  # any change starts an audit, as the store records it
            self.view = replace(self.view, audit=replace(audit, status="in_progress"))
            self._show_header()
        elif (old is not None and old.answered) != saved.answered:
            self._show_header()  # the count graded
        self._offer_concern(cid)  # Inadequate on a limiting criterion: `!` is offered
        if not shown or cid != self.current:
            return
        self._show_grade_status()
        self._show_guidance()
        if self._weak(cid, old.grade_key if old else None) != self._weak(cid, saved.grade_key):
            self._show_note_status()
            self._show_themes()  # a weak grade suggests other themes than a strong one

    def _weak(self, cid: str, grade_key: str | None) -> bool | None:
        """Whether a grade is weak; None for no grade (nor suggested themes)."""
        assert self.view is not None
        scale = self.view.rubric.scale_for(self.view.rubric.criterion(cid))
        return None if grade_key is None else scale.grade(grade_key).weak

    def _move_on(self, cid: str, note_needed: bool, completes: bool) -> None:
        """After a grade: into the note box if the grade needs evidence, else to the next
        criterion without a grade. `completes`: this grade was the last one missing."""
        if note_needed:
            self.widget("evidence").focus()
            return
        after = self.next_ungraded(cid)
        if after is not None:
            self._move_to(after)
        elif completes and cid not in self.pending:
            self.notify("Every criterion is graded: o for the overall judgement, s to submit.")

    def _answered(self, cid: str) -> bool:
        answer = self.view.audit.answers.get(cid) if self.view else None
        return cid in self.pending or (answer is not None and answer.answered)

    def next_ungraded(self, cid: str) -> str | None:
        """The next criterion after `cid` without a grade, going round; None if none."""
        if cid not in self.order:
            return None
        at = self.order.index(cid)
        for other in self.order[at + 1 :] + self.order[:at]:
            if not self._answered(other):
                return other
        return None
