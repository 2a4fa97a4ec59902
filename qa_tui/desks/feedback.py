"""Feedback to practice: after submit, the auditor records what the worker and their
manager were told, how and when, and what they said back.

The service's own words: the audit team "provides direct feedback to the practitioners
... on the outcome of the audit". Recording it is the audit's auditor's (a manager for
their teams' cases, a QA lead any: Op.RECORD_FEEDBACK); reading it goes with reading
the audit. Each row is saved the moment it is made, with an event. The dashboard's
figure, the share of audits with feedback within N working days, is for whoever reads
the dashboard.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.feedback import (
    DEFAULT_WORKING_DAYS,
    AwaitingFeedback,
    FeedbackRecord,
    FeedbackTimeliness,
    feedback_problems,
    response_problems,
    timeliness_of,
)
from qa_tui.domain.permissions import Op
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.database import StoreError
from qa_tui.store.feedback import FeedbackStore


def local_day(stamp: str) -> date:
    """The local date of a stored timestamp (submitted_at is kept in UTC)."""
    moment = datetime.fromisoformat(stamp)
    return (moment.astimezone() if moment.tzinfo else moment).date()


class FeedbackDesk:
    def __init__(self, desk: AuditDesk):
        self.desk = desk
        self.store = FeedbackStore(desk.store)

    def _submitted_on(self, audit_id: int) -> date:
        state = self.store.audit_state(audit_id)
        if state is None:
            raise ServiceError(f"audit {audit_id} does not exist")
        if state["status"] != "submitted" or not state["submitted_at"]:
            raise ServiceError("feedback is recorded once the audit is submitted")
        return local_day(state["submitted_at"])

    def record(
        self,
        audit_id: int,
        *,
        given_to: str,
        given_on: str,
        how: str,
        response: str = "not_yet",
        reasons: str = "",
        reflection: str = "",
        given_to_name: str = "",
        today: date | None = None,
    ) -> FeedbackRecord:
        """Keep one conversation about a submitted audit, saved at once."""
        self.desk.require_on_audit(Op.RECORD_FEEDBACK, audit_id)
        submitted_on = self._submitted_on(audit_id)
        values = {
            "given_to": given_to.strip(),
            "given_to_name": clean_line(given_to_name).strip(),
            "given_on": given_on.strip(),
            "how": how.strip(),
            "response": response.strip(),
            "reasons": clean_typed(reasons).strip(),
            "reflection": clean_typed(reflection).strip(),
        }
        problems = feedback_problems(
            given_to=values["given_to"],
            given_on=values["given_on"],
            how=values["how"],
            response=values["response"],
            reasons=values["reasons"],
            submitted_on=submitted_on,
            today=today or date.today(),
        )
        if problems:
            raise ServiceError("; ".join(problems))
        values["given_on"] = date.fromisoformat(values["given_on"]).isoformat()
        try:
            feedback_id = self.store.add(audit_id, values, self.desk.user)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
        return self._get(feedback_id)

    def change(
        self,
        feedback_id: int,
        *,
        response: str | None = None,
        reasons: str | None = None,
        reflection: str | None = None,
    ) -> FeedbackRecord:
        """What the worker said back, changed later (they often answer after a while)."""
        audit_id = self.store.audit_of(feedback_id)
        if audit_id is None:
            raise ServiceError(f"no feedback {feedback_id}")
        self.desk.require_on_audit(Op.RECORD_FEEDBACK, audit_id)
        self._submitted_on(audit_id)
        current = self._get(feedback_id)
        changes = {
            "response": current.response if response is None else response.strip(),
            "reasons": current.reasons if reasons is None else clean_typed(reasons).strip(),
            "reflection": (
                current.reflection if reflection is None else clean_typed(reflection).strip()
            ),
        }
        if problems := response_problems(changes["response"], changes["reasons"]):
            raise ServiceError("; ".join(problems))
        try:
            self.store.change(feedback_id, changes, self.desk.user)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
        return self._get(feedback_id)

    def _get(self, feedback_id: int) -> FeedbackRecord:
        found = self.store.get(feedback_id)
        if found is None:
            raise ServiceError(f"no feedback {feedback_id}")
        return found

    def for_audit(self, audit_id: int) -> list[FeedbackRecord]:
        """The audit's feedback in the order it was given: for whoever may read the audit."""
        self.desk.require_on_audit(Op.SEE_AUDIT, audit_id)
        return self.store.for_audit(audit_id)

    def awaiting(self, limit: int = -1) -> list[AwaitingFeedback]:
        """The signed-in auditor's submitted audits with no feedback yet, oldest first."""
        self.desk.require_signed_in()
        return [AwaitingFeedback(**row) for row in self.store.awaiting(self.desk.user, limit)]

    def timeliness(
        self,
        filters: Filters | None = None,
        days: int = DEFAULT_WORKING_DAYS,
        today: date | None = None,
    ) -> FeedbackTimeliness:
        """Submitted audits (under the dashboard's filters, by the month submitted) with
        their first feedback within `days` working days (Monday to Friday), by team."""
        self.desk.require(Op.SEE_FIGURES)
        if not 0 <= days <= 250:
            raise ServiceError("working days must be between 0 and 250")
        today = today or date.today()
        by_team: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
        for row in self.store.first_feedback(filters or Filters()):
            given = date.fromisoformat(row["first_given"]) if row["first_given"] else None
            by_team[row["team"]].append((local_day(row["submitted_at"]), given))
        return FeedbackTimeliness(
            days,
            tuple(timeliness_of(team, by_team[team], days, today) for team in sorted(by_team)),
        )
