"""Grading an audit, writing it up, its case actions, submitting and reopening it.

Every change is the audit's auditor's (a QA lead reopens any, with a reason): each
asks `require_on_audit` first, one indexed read, before anything is written. Part of
`AuditDesk` (audits.py).

A grade answers with the grade as committed (`SavedGrade`), not the whole audit read
again: the audit screen shows it in the criterion's line and status, and a key press
costs one write, not a write and a reload.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from qa_tui.desks.audit_view import (
    AuditReading,
    AuditView,
    EscalationRequired,
    ServiceError,
    SubmitBlocked,
    tidy_theme,
)
from qa_tui.desks.rule_answers import RuleChange, settle
from qa_tui.domain import rules
from qa_tui.domain.permissions import Op
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.database import StoreError

if TYPE_CHECKING:
    from qa_tui.domain.rubric import Rubric


@dataclass(frozen=True)
class SavedGrade:
    """One criterion's grade as committed: a grade, not applicable, or none."""

    criterion_id: str
    grade_key: str | None = None
    grade_value: int | None = None
    grade_label: str | None = None
    not_applicable: bool = False
    na_reason: str = ""  # not applicable by the rubric's rule, in its words
    # Later criteria the rubric's rules ruled out or re-opened because of this change.
    rule_changes: tuple[RuleChange, ...] = ()

    @property
    def answered(self) -> bool:
        return self.not_applicable or self.grade_key is not None


class Grading(AuditReading):
    """The auditor's work on one of their audits."""

    def grade(self, audit_id: int, criterion_id: str, grade_key: str) -> SavedGrade:
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        return self._grade(audit_id, criterion_id, grade_key)

    def _grade(self, audit_id: int, criterion_id: str, grade_key: str) -> SavedGrade:
        rubric = self._rubric(audit_id)
        scale = rubric.scale_for(rubric.criterion(criterion_id))
        grade = scale.grade(grade_key)
        saved = SavedGrade(criterion_id, grade.key, scale.value_of(grade.key), grade.label)
        return self._set(audit_id, saved, rubric)

    def _set(self, audit_id: int, saved: SavedGrade, rubric: Rubric) -> SavedGrade:
        """Write the answer, then what the rubric's rules now decide for the others. A
        criterion the rules rule out keeps its recorded reason: the rule decides, and the
        answer comes back as it stands (a grading script or key press changes nothing)."""
        before: list[RuleChange] = []
        if rubric.criterion(saved.criterion_id).applies is not None:
            before = settle(self.store, rubric, audit_id, self.user)  # an audit not yet opened
            answer = self.store.audit(audit_id).answers.get(saved.criterion_id)
            if answer is not None and answer.na_reason:
                return SavedGrade(
                    saved.criterion_id,
                    not_applicable=True,
                    na_reason=answer.na_reason,
                    rule_changes=tuple(c for c in before if c.criterion_id != saved.criterion_id),
                )
        self.store.set_grade(
            audit_id,
            saved.criterion_id,
            saved.grade_key,
            saved.grade_value,
            saved.grade_label,
            saved.not_applicable,
            self.user,
        )
        changes = [*before, *settle(self.store, rubric, audit_id, self.user)]
        return replace(saved, rule_changes=tuple(changes)) if changes else saved

    def grade_by_number(self, audit_id: int, criterion_id: str, number: int) -> SavedGrade:
        """Digit keys: 1 is the best grade of the criterion's own scale."""
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        rubric = self._rubric(audit_id)
        scale = rubric.scale_for(rubric.criterion(criterion_id))
        if not 1 <= number <= len(scale.grades):
            raise ServiceError(f"this criterion's scale has grades 1 to {len(scale.grades)}")
        return self._grade(audit_id, criterion_id, scale.by_value(number).key)

    def mark_not_applicable(self, audit_id: int, criterion_id: str) -> SavedGrade:
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        rubric = self._rubric(audit_id)
        if not rubric.criterion(criterion_id).not_applicable:
            raise ServiceError("this criterion cannot be marked not applicable")
        return self._set(audit_id, SavedGrade(criterion_id, not_applicable=True), rubric)

    def clear_grade(self, audit_id: int, criterion_id: str) -> SavedGrade:
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        return self._set(audit_id, SavedGrade(criterion_id), self._rubric(audit_id))

    def save_evidence(self, audit_id: int, criterion_id: str, text: str) -> None:
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        self.store.set_evidence(audit_id, criterion_id, clean_typed(text), self.user)

    # -- themes ------------------------------------------------------------------------

    def add_theme(
        self, audit_id: int, criterion_id: str, text: str, polarity: str | None = None
    ) -> tuple[str, str]:
        """Tag a theme; `+` / `-` in front force strength / area for development."""
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        text = clean_line(text).strip()
        if text[:1] in "+-" and text:
            polarity = "strength" if text[0] == "+" else "area_for_development"
            text = text[1:]
        theme = tidy_theme(text)
        if not theme:
            raise ServiceError("a theme needs some words")
        if polarity is None:
            polarity = self._polarity_for(audit_id, criterion_id, theme)
        self.store.add_theme(audit_id, criterion_id, theme, polarity, self.user)
        return theme, polarity

    def _polarity_for(self, audit_id: int, criterion_id: str, theme: str) -> str:
        view = self._view(audit_id)
        for c in view.rubric.criteria:
            if theme in c.themes.strengths:
                return "strength"
            if theme in c.themes.areas_for_development:
                return "area_for_development"
        for known, polarity in self.store.known_themes():
            if known == theme and polarity is not None:
                return polarity
        answer = view.audit.answers.get(criterion_id)
        if answer and answer.grade_key:
            grade = view.rubric.scale_for(view.criterion(criterion_id)).grade(answer.grade_key)
            return "area_for_development" if grade.weak else "strength"
        return "area_for_development"

    def remove_theme(self, audit_id: int, criterion_id: str, theme: str) -> None:
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        self.store.remove_theme(audit_id, criterion_id, theme, self.user)

    def theme_vocabulary(self, rubric: Rubric) -> list[str]:
        """Themes offered as completions: the rubric's own first, then any used before."""
        seen: dict[str, None] = {}
        for c in rubric.criteria:
            for t in (*c.themes.strengths, *c.themes.areas_for_development):
                seen.setdefault(t, None)
        for t, _ in self.store.known_themes():
            seen.setdefault(t, None)
        return list(seen)

    # -- the judgement and the write-up ------------------------------------------------

    def set_overall(self, audit_id: int, grade_key: str | None) -> AuditView:
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        if grade_key is None:
            self.store.set_overall(audit_id, None, None, None, self.user)
        else:
            scale = self._rubric(audit_id).overall
            grade = scale.grade(grade_key)
            self.store.set_overall(
                audit_id, grade.key, scale.value_of(grade.key), grade.label, self.user
            )
        return self._view(audit_id)

    def set_text(self, audit_id: int, field: str, text: str) -> None:
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        self.store.set_audit_text(audit_id, field, clean_typed(text), self.user)

    def add_action(self, audit_id: int, what: str, owner: str, due_on: str) -> int:
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        what, owner = clean_typed(what).strip(), clean_line(owner).strip()
        if not what or not owner:
            raise ServiceError("an action needs what is to be done and who owns it")
        try:
            due = date.fromisoformat(due_on.strip())
        except ValueError:
            raise ServiceError(f"due date {due_on!r} is not a date (use YYYY-MM-DD)") from None
        return self.store.add_action(audit_id, what, owner, due.isoformat(), self.user)

    def remove_action(self, audit_id: int, action_id: int) -> None:
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        self.store.remove_action(audit_id, action_id, self.user)

    # -- submit and reopen -------------------------------------------------------------

    def submit(self, audit_id: int, escalation: tuple[str, str, str] | None = None) -> AuditView:
        """Submit, or raise with everything missing; Inadequate needs its escalation, unless
        one was recorded for this audit already (a concern raised while grading it)."""
        self.require_on_audit(Op.GRADE_AUDIT, audit_id)
        view = self._view(audit_id)
        if view.audit.submitted:
            raise ServiceError("this audit is already submitted")
        problems = rules.submit_problems(view.rubric, view.audit)
        if problems:
            raise SubmitBlocked(problems)
        if escalation is not None:  # who was told, when, and what was agreed
            escalation = (
                clean_line(escalation[0]),
                clean_line(escalation[1]),
                clean_typed(escalation[2]),
            )
        if rules.needs_escalation(view.rubric, view.audit.overall_grade_key):
            told_already = escalation is None and bool(view.audit.escalations)
            if not told_already and (
                escalation is None or not all(part.strip() for part in escalation)
            ):
                raise EscalationRequired(
                    "an Inadequate overall grade needs an escalation: who was told, when, "
                    "and the immediate action agreed"
                )
        else:
            escalation = None
        from qa_tui.store.moderation import ModerationStore

        percent, seed = ModerationStore(self.store).programme_terms(audit_id)
        moderation = rules.moderation_reason(
            view.audit.overall_grade_key,
            [g.key for g in view.rubric.overall.grades],
            audit_id,
            percent,
            seed,
        )
        self.store.submit(audit_id, self.user, escalation, moderation)
        return self._view(audit_id)

    def reopen(self, audit_id: int, reason: str) -> AuditView:
        """An auditor reopens their own before it is moderated; a QA lead any. Both with
        a reason, which the audit's history keeps."""
        self.require_on_audit(Op.REOPEN_AUDIT, audit_id)
        reason = clean_typed(reason)
        if not reason.strip():
            raise ServiceError("reopening a submitted audit needs a reason")
        try:
            self.store.reopen(audit_id, self.user, reason.strip())
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
        return self._view(audit_id)
