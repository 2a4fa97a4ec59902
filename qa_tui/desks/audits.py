"""Use cases of the auditor's desk, shared by the TUI and the command line.

Screens and commands call these and nothing below them, so a rule (what blocks a
submit, when an escalation is due, how a theme is tidied) is applied the same way
whichever door the user came in by.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from qa_tui.domain import rules
from qa_tui.domain.dates import months_before

if TYPE_CHECKING:
    from qa_tui.domain.case_list import CaseRow
    from qa_tui.domain.rubric import Criterion, Rubric
    from qa_tui.domain.rubric_files import RubricFile
from qa_tui.desks.identity import PersonAtDesk
from qa_tui.domain.people import Person
from qa_tui.domain.records import Audit, AuditSummary, Case
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.database import Store, StoreError

LOOKBACK_MONTHS = 12
JUDGEMENT_MONTHS = 6


class ServiceError(Exception):
    """A request the user can put right; the message says how."""


class SubmitBlocked(ServiceError):
    def __init__(self, problems: list[rules.Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class EscalationRequired(ServiceError):
    """An Inadequate overall grade: who was told, when and the action must come first."""


@dataclass(frozen=True)
class AuditView:
    """An audit with the exact rubric version it is graded against."""

    audit: Audit
    rubric: Rubric
    moderation: dict | None = None  # the completed moderation, once there is one
    moderated: dict[str, dict] = field(default_factory=dict)  # criterion -> agreed grade

    def criterion(self, criterion_id: str) -> Criterion:
        return self.rubric.criterion(criterion_id)


def tidy_theme(text: str) -> str:
    """One spelling per theme: single spaces, no trailing full stop, first letter capital."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(".").strip()
    return text[:1].upper() + text[1:] if text else text


class AuditDesk(PersonAtDesk):
    """The auditor's desk: one person working on one database."""

    def __init__(self, store: Store, user: str, rubrics_dir: Path | None = None):
        self.store = store
        self.user = user
        self._rubrics_dir = rubrics_dir
        self._rubric_files: list[RubricFile] | None = None

    def signed_in(self, person: Person) -> AuditDesk:
        """The same database's desk for a person the door has signed in."""
        desk = AuditDesk(self.store, person.user_name, self._rubrics_dir)
        desk._person = person
        desk._rubric_files = self._rubric_files
        return desk

    # -- rubrics ---------------------------------------------------------------------

    def rubric_files(self) -> list[RubricFile]:
        if self._rubric_files is None:
            from qa_tui.domain.rubric_files import load_rubrics  # pydantic and YAML on first use

            self._rubric_files = load_rubrics(self._rubrics_dir)
        return self._rubric_files

    def current_rubric(self, rubric_id: str) -> Rubric:
        for f in self.rubric_files():
            if f.rubric.id == rubric_id:
                return f.rubric
        known = ", ".join(f.rubric.id for f in self.rubric_files())
        raise ServiceError(f"no rubric with id {rubric_id!r} (known: {known})")

    # -- cases -----------------------------------------------------------------------

    def import_cases(
        self,
        path: Path,
        mapping: dict[str, str] | None = None,
        *,
        close_missing: bool = False,
        keep_columns: Sequence[str] = (),
    ) -> tuple[int, int, int]:
        """Read, check and import a case list; identifying columns not named in
        `keep_columns` are left out (`read_case_list` says which)."""
        from qa_tui.domain.case_list import read_case_list  # openpyxl only when importing

        return self.import_case_rows(
            read_case_list(path, mapping, keep_columns), str(path), close_missing=close_missing
        )

    def import_case_rows(
        self,
        rows: Sequence[CaseRow],
        source: str,
        *,
        close_missing: bool = False,
        today: date | None = None,
        kept_columns: Sequence[str] | None = None,
    ) -> tuple[int, int, int]:
        """Rows already read and checked; all are written in one transaction.

        Returns (added, updated, closed). With `close_missing` the file is taken as the
        whole list of open cases: any open case not in it is closed (never deleted).
        `kept_columns` (by default those of a `CaseList`) are identifying columns the
        importer chose to keep; the store records that choice with the import.
        """
        if kept_columns is None:
            kept_columns = getattr(rows, "kept", ())
        cases = [
            Case(
                case_ref=r.case_ref,
                team=r.team,
                worker=r.worker,
                manager=r.manager,
                cohort=r.cohort,
                child_pseudonym=r.child_pseudonym,
                opened_on=r.opened_on.isoformat() if r.opened_on else None,
                attributes=r.attributes,
            )
            for r in rows
        ]
        return self.store.upsert_cases(
            cases,
            self.user,
            source,
            close_missing=close_missing,
            today=today,
            kept_columns=kept_columns,
        )

    def save_case_mapping(self, name: str, mapping: dict[str, str]) -> None:
        """Keep a case-list column mapping under a name for the next export of that shape."""
        from qa_tui.domain.case_list import check_mapping

        name = name.strip()
        if not name:
            raise ServiceError("a saved mapping needs a name")
        if not mapping:
            raise ServiceError(f"mapping {name!r} is empty: give at least one FIELD=HEADER")
        if problems := check_mapping(mapping):
            raise ServiceError("; ".join(problems))
        self.store.save_mapping(name, mapping, self.user)

    def case_mapping(self, name: str) -> dict[str, str]:
        """A saved mapping, or a ServiceError listing the saved ones."""
        mapping = self.store.mapping(name.strip())
        if mapping is None:
            saved = ", ".join(self.store.mappings()) or "none"
            raise ServiceError(f"no saved mapping called {name!r} (saved: {saved})")
        return mapping

    def case_mappings(self) -> dict[str, dict[str, str]]:
        """Every saved mapping by name."""
        return {name: self.store.mapping(name) or {} for name in self.store.mappings()}

    def find_cases(self, text: str = "", limit: int = 50) -> list[Case]:
        return self.store.find_cases(text, limit)

    # -- audits ----------------------------------------------------------------------

    def my_audits(self, *, limit: int = -1, offset: int = 0) -> list[AuditSummary]:
        """My audits in the home screen's order; one page of them when limit is given."""
        return self.store.audit_summaries(self.user, limit=limit, offset=offset)

    def my_audit_counts(self, today: date | None = None) -> dict[str, int]:
        return self.store.audit_counts(self.user, (today or date.today()).isoformat())

    def start_audit(
        self,
        case_ref: str,
        rubric_id: str,
        *,
        auditor: str | None = None,
        due_on: date | None = None,
        today: date | None = None,
    ) -> int:
        """Create an audit on a case, frozen to today's version of the rubric."""
        if self.store.case(case_ref) is None:
            raise ServiceError(f"no case with reference {case_ref!r}; import the case list first")
        rubric = self.current_rubric(rubric_id)
        digest = self.store.save_rubric_version(rubric)
        today = today or date.today()
        return self.store.create_audit(
            case_ref=case_ref,
            rubric_hash=digest,
            auditor=auditor or self.user,
            who=self.user,
            due_on=(due_on or today + timedelta(days=14)).isoformat(),
            lookback_from=months_before(today, LOOKBACK_MONTHS).isoformat(),
            judgement_from=months_before(today, JUDGEMENT_MONTHS).isoformat(),
            window_to=today.isoformat(),
        )

    def open_audit(self, audit_id: int) -> AuditView:
        try:
            audit = self.store.audit(audit_id)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
        from qa_tui.store.moderation import ModerationStore

        moderations = ModerationStore(self.store)
        moderation = moderations.moderation(audit_id)
        done = moderation if moderation and moderation["status"] == "done" else None
        return AuditView(
            audit=audit,
            rubric=self.store.rubric_version(audit.rubric_hash),
            moderation=done,
            moderated=moderations.answers(audit_id) if done else {},
        )

    def _rubric(self, audit_id: int) -> Rubric:
        """Only the rubric: grading a criterion needs its scale, not the whole audit."""
        try:
            return self.store.rubric_for_audit(audit_id)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None

    def grade(self, audit_id: int, criterion_id: str, grade_key: str) -> AuditView:
        rubric = self._rubric(audit_id)
        scale = rubric.scale_for(rubric.criterion(criterion_id))
        grade = scale.grade(grade_key)
        self.store.set_grade(
            audit_id,
            criterion_id,
            grade.key,
            scale.value_of(grade.key),
            grade.label,
            False,
            self.user,
        )
        return self.open_audit(audit_id)

    def grade_by_number(self, audit_id: int, criterion_id: str, number: int) -> AuditView:
        """Digit keys: 1 is the best grade of the criterion's own scale."""
        rubric = self._rubric(audit_id)
        scale = rubric.scale_for(rubric.criterion(criterion_id))
        if not 1 <= number <= len(scale.grades):
            raise ServiceError(f"this criterion's scale has grades 1 to {len(scale.grades)}")
        return self.grade(audit_id, criterion_id, scale.by_value(number).key)

    def mark_not_applicable(self, audit_id: int, criterion_id: str) -> AuditView:
        if not self._rubric(audit_id).criterion(criterion_id).not_applicable:
            raise ServiceError("this criterion cannot be marked not applicable")
        self.store.set_grade(audit_id, criterion_id, None, None, None, True, self.user)
        return self.open_audit(audit_id)

    def clear_grade(self, audit_id: int, criterion_id: str) -> AuditView:
        self.store.set_grade(audit_id, criterion_id, None, None, None, False, self.user)
        return self.open_audit(audit_id)

    def save_evidence(self, audit_id: int, criterion_id: str, text: str) -> None:
        self.store.set_evidence(audit_id, criterion_id, clean_typed(text), self.user)

    def add_theme(
        self, audit_id: int, criterion_id: str, text: str, polarity: str | None = None
    ) -> tuple[str, str]:
        """Tag a theme; `+` / `-` in front force strength / area for development."""
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
        view = self.open_audit(audit_id)
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

    def set_overall(self, audit_id: int, grade_key: str | None) -> AuditView:
        if grade_key is None:
            self.store.set_overall(audit_id, None, None, None, self.user)
        else:
            scale = self._rubric(audit_id).overall
            grade = scale.grade(grade_key)
            self.store.set_overall(
                audit_id, grade.key, scale.value_of(grade.key), grade.label, self.user
            )
        return self.open_audit(audit_id)

    def set_text(self, audit_id: int, field: str, text: str) -> None:
        self.store.set_audit_text(audit_id, field, clean_typed(text), self.user)

    def add_action(self, audit_id: int, what: str, owner: str, due_on: str) -> int:
        what, owner = clean_typed(what).strip(), clean_line(owner).strip()
        if not what or not owner:
            raise ServiceError("an action needs what is to be done and who owns it")
        try:
            due = date.fromisoformat(due_on.strip())
        except ValueError:
            raise ServiceError(f"due date {due_on!r} is not a date (use YYYY-MM-DD)") from None
        return self.store.add_action(audit_id, what, owner, due.isoformat(), self.user)

    def remove_action(self, audit_id: int, action_id: int) -> None:
        self.store.remove_action(audit_id, action_id, self.user)

    def submit(self, audit_id: int, escalation: tuple[str, str, str] | None = None) -> AuditView:
        """Submit, or raise with everything missing; Inadequate needs its escalation."""
        view = self.open_audit(audit_id)
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
            if escalation is None or not all(part.strip() for part in escalation):
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
        return self.open_audit(audit_id)

    def reopen(self, audit_id: int, reason: str) -> AuditView:
        reason = clean_typed(reason)
        if not reason.strip():
            raise ServiceError("reopening a submitted audit needs a reason")
        try:
            self.store.reopen(audit_id, self.user, reason.strip())
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
        return self.open_audit(audit_id)
