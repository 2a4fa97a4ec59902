"""The family's view of the help they had, recorded on an audit.

The audit's auditor records it (`GRADE_AUDIT` on that audit), on an audit in progress or
already submitted: a family's words heard after submitting change nothing that was
graded. Whoever may read the audit reads its views; the figures across audits are for
whoever reads the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qa_tui.desks.audit_view import AuditReading, ServiceError
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.family_views import FamilyView, FamilyViewError, checked
from qa_tui.domain.permissions import Op
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.database import StoreError
from qa_tui.store.family_views import FamilyViewRecords


@dataclass(frozen=True)
class FamilyViewFigures:
    """What the dashboard counts: audits with a family's view, views, and the ratings."""

    audits: int
    views: int
    rated: int
    mean_rating: float | None
    helpful: int  # rated 4 or 5

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()

    def words(self) -> str:
        if not self.views:
            return "Family's view: none recorded on these audits"
        mean = "" if self.mean_rating is None else f", mean {self.mean_rating:.1f}/5"
        return (
            f"Family's view: {self.views} on {self.audits} audit(s); {self.rated} rated"
            f"{mean}; {self.helpful} found the help helpful (4 or 5)"
        )


class FamilyViews:
    def __init__(self, desk: AuditReading):
        self.desk = desk
        self.records = FamilyViewRecords(desk.store)

    def add(
        self,
        audit_id: int,
        given_by: str,
        gathered_how: str,
        said: str,
        rating: int | str | None = None,
    ) -> FamilyView:
        """Record what was said now; returns it as kept."""
        self.desk.require_on_audit(Op.GRADE_AUDIT, audit_id)
        try:
            who, how, words, number = checked(given_by, gathered_how, clean_typed(said), rating)
            view_id, at = self.records.add(audit_id, who, how, words, number, self.desk.user)
        except (FamilyViewError, StoreError) as exc:
            raise ServiceError(str(exc)) from None
        return FamilyView(view_id, audit_id, who, how, words, number, at, self.desk.user)

    def withdraw(self, audit_id: int, view_id: int, reason: str) -> None:
        """Withdraw a view recorded by mistake; the reason is kept in the events."""
        self.desk.require_on_audit(Op.GRADE_AUDIT, audit_id)
        why = clean_line(reason).strip()
        if not why:
            raise ServiceError("withdrawing a family's view needs a reason")
        if view_id not in {v.id for v in self.for_audit(audit_id)}:
            raise ServiceError(f"audit {audit_id} has no family's view {view_id}")
        try:
            self.records.withdraw(view_id, why, self.desk.user)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None

    def for_audit(self, audit_id: int) -> list[FamilyView]:
        self.desk.require_on_audit(Op.SEE_AUDIT, audit_id)
        return [FamilyView(**r) for r in self.records.for_audit(audit_id)]

    def listed(
        self, from_day: str | None = None, to_day: str | None = None
    ) -> list[dict[str, Any]]:
        """Every view recorded from `from_day` to `to_day` (YYYY-MM-DD), with the audit's
        case, team and rubric: what planning reads."""
        self.desk.require(Op.SEE_FIGURES)
        if from_day and to_day and from_day > to_day:
            raise ServiceError(f"--from {from_day} is after --to {to_day}")
        return self.records.listed(from_day, to_day)

    def figures(self, filters: Filters | None = None) -> FamilyViewFigures:
        """What the dashboard counts: views on submitted audits within its filters."""
        self.desk.require(Op.SEE_FIGURES)
        c = self.records.counts(filters or Filters())
        mean = c.get("mean_rating")
        return FamilyViewFigures(
            audits=int(c.get("audits") or 0),
            views=int(c.get("views") or 0),
            rated=int(c.get("rated") or 0),
            mean_rating=None if mean is None else round(float(mean), 2),
            helpful=int(c.get("helpful") or 0),
        )
