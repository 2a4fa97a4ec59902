"""Criteria the rubric's rules rule out: recorded not applicable, with the reason.

After every change to an audit's answers the rules are settled: a criterion the child's
age, the case's cohort or an earlier answer rules out is recorded not applicable with
its reason ("not applicable: the child is under 5"), one answer and one event each; a
criterion whose rule no longer rules it out (the earlier answer changed) is re-opened,
ungraded, never left with a stale grade. The rules themselves are pure
(domain/applicability.py); this module only writes what they decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa_tui.desks.audit_view import AuditReading, ServiceError
from qa_tui.domain.applicability import settled
from qa_tui.domain.permissions import Op
from qa_tui.store.database import StoreError

if TYPE_CHECKING:
    from qa_tui.desks.audit_view import AuditView
    from qa_tui.domain.rubric import Rubric
    from qa_tui.store.database import Store


@dataclass(frozen=True)
class RuleChange:
    """One criterion the rules changed: now not applicable with `reason`, or re-opened
    (`reason` None)."""

    criterion_id: str
    reason: str | None


def settle(store: Store, rubric: Rubric, audit_id: int, who: str) -> list[RuleChange]:
    """Write what the rules decide for this audit now; nothing when nothing changes."""
    if not any(c.applies is not None for c in rubric.criteria):
        return []  # most rubrics: no read at all
    try:
        audit = store.audit(audit_id)
    except StoreError as exc:
        raise ServiceError(str(exc)) from None
    if audit.status not in ("to_do", "in_progress"):
        return []  # submitted answers are history
    answers = {
        cid: (a.grade_key, a.not_applicable, a.na_reason) for cid, a in audit.answers.items()
    }
    changes = settled(rubric, audit.case, answers)
    for cid, reason in changes.items():
        store.set_grade(audit_id, cid, None, None, None, reason is not None, who, reason or "")
    return [RuleChange(cid, reason) for cid, reason in changes.items()]


class RuleDesk:
    """Settling an audit's rules when it is opened for grading."""

    def __init__(self, desk: AuditReading):
        self.desk = desk

    def settle_rules(self, audit_id: int) -> list[RuleChange]:
        """Record what the rules rule out before the auditor starts (the child's age and
        cohort are known from the case): the audit screen calls it on opening an audit
        its auditor can grade."""
        self.desk.require_on_audit(Op.GRADE_AUDIT, audit_id)
        return settle(self.desk.store, self.desk._rubric(audit_id), audit_id, self.desk.user)


def open_settled(desk: AuditReading, audit_id: int) -> AuditView:
    """The audit as the audit screen opens it: for someone who may grade it, with its
    rules settled first, so a baby's "seen alone" is already shown not applicable."""
    view = desk.open_audit(audit_id)
    if view.audit.submitted or not desk.may(Op.GRADE_AUDIT, desk.audit_facts(audit_id)):
        return view
    ruled = any(c.applies is not None for c in view.rubric.criteria)
    if ruled and RuleDesk(desk).settle_rules(audit_id):
        return desk.open_audit(audit_id)
    return view
