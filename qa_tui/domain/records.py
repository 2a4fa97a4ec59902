"""Plain records the store hands to services, screens and exports.

Frozen dataclasses rather than pydantic models: they are built by the thousand from
rows the store has already validated, and screens must never receive cursors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUS_LABELS = {"to_do": "To do", "in_progress": "In progress", "submitted": "Submitted"}
POLARITY_LABELS = {"strength": "Strength", "area_for_development": "Area for development"}


@dataclass(frozen=True)
class Case:
    case_ref: str
    team: str
    worker: str | None = None
    manager: str | None = None
    cohort: str | None = None
    child_pseudonym: str | None = None
    opened_on: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    criterion_id: str
    grade_key: str | None
    grade_value: int | None
    grade_label: str | None
    not_applicable: bool
    evidence: str
    na_reason: str = ""  # set when the rubric's rule, not the auditor, chose N/A

    @property
    def answered(self) -> bool:
        return self.not_applicable or self.grade_key is not None


@dataclass(frozen=True)
class ThemeTag:
    criterion_id: str  # '' for a theme of the whole audit
    theme: str
    polarity: str


@dataclass(frozen=True)
class CaseAction:
    id: int
    what: str
    owner: str
    due_on: str
    status: str


@dataclass(frozen=True)
class Escalation:
    id: int
    told_who: str
    told_at: str
    immediate_action: str
    status: str
    recorded_by: str


@dataclass(frozen=True)
class AuditSummary:
    """One line of an auditor's list."""

    id: int
    case_ref: str
    team: str
    cohort: str | None
    rubric_id: str
    rubric_title: str
    rubric_version: str
    auditor: str
    status: str
    due_on: str | None
    answered: int
    overall_grade_label: str | None
    updated_at: str
    programme: str | None = None  # the audit round it belongs to; None when ad hoc
    moderated_label: str | None = None  # the moderated overall grade, once moderation is done


@dataclass(frozen=True)
class Audit:
    """Everything the audit and judgement screens show about one audit."""

    id: int
    case: Case
    rubric_hash: str
    auditor: str
    status: str
    due_on: str | None
    lookback_from: str | None
    judgement_from: str | None
    window_to: str | None
    created_at: str
    started_at: str | None
    submitted_at: str | None
    overall_grade_key: str | None
    overall_grade_value: int | None
    overall_grade_label: str | None
    overall_rationale: str
    override_reason: str
    strengths: str
    areas_for_development: str
    answers: dict[str, Answer]
    themes: list[ThemeTag]
    actions: list[CaseAction]
    escalations: list[Escalation]
    # (criterion id, theme) of the rubric's suggestions the auditor dismissed
    dismissed_suggestions: frozenset[tuple[str, str]] = frozenset()
    # the agency it speaks for, in a multi-agency round (None: a single-agency audit)
    agency: str | None = None

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"


@dataclass(frozen=True)
class Event:
    at: str
    who: str
    entity: str
    entity_id: str
    field: str
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True)
class Programme:
    id: int
    name: str
    kind: str
    rubric_ids: list[str]
    lookback_months: int
    judgement_months: int
    due_on: str | None
    owner: str
    status: str
    repeat_of: int | None
    rule: dict[str, Any] | None
    seed: int | None
    cohort_size: int | None
    cases_listed: int | None
    sampled_at: str | None
    independence_relaxed: str


@dataclass(frozen=True)
class NewAudit:
    case_ref: str
    auditor: str
    rubric_hash: str
    previous_audit_id: int | None
