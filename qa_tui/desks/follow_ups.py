"""Escalations and case actions, followed up until each is done and says what was done.

A child graded Inadequate has an escalation, and audits end in case actions with an
owner and a date; inspectors' common criticism is that nobody could show these were
done. This is the use case and its SQL is in `store.py`.

Who may close one: a QA lead any, a manager their teams' (the case's team as it is now),
and anyone the one they own (an action's owner, or the person an escalation told), by
user name or display name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.domain.permissions import Facts, Op
from qa_tui.domain.text import clean_typed
from qa_tui.store.database import StoreError

KINDS = ("escalation", "action")


@dataclass(frozen=True)
class FollowUp:
    kind: str  # escalation | action
    id: int
    audit_id: int
    case_ref: str
    team: str
    what: str  # the immediate action agreed, or the case action
    owner: str  # who was told (escalation) or who owns the action
    due_on: str | None  # actions only: an escalation is due at once
    raised_on: str  # when the escalation was made, or the action created
    status: str  # open | closed
    closing_note: str

    def overdue(self, today: date) -> bool:
        return self.status == "open" and self.due_on is not None and self.due_on < today.isoformat()

    def days_open(self, today: date) -> int:
        return (today - date.fromisoformat(self.raised_on[:10])).days


class FollowUps:
    def __init__(self, desk: AuditDesk):
        self.desk = desk

    def list(self, *, include_closed: bool = False) -> list[FollowUp]:
        """Open escalations first (oldest first), then actions by due date."""
        self.desk.require(Op.SEE_FOLLOW_UPS)
        return [FollowUp(**row) for row in self.desk.store.follow_ups(include_closed)]

    def close(self, kind: str, item_id: int, note: str) -> None:
        if kind not in KINDS:
            raise ServiceError(f"kind must be one of {', '.join(KINDS)}")
        self.desk.require(Op.CLOSE_FOLLOW_UP, self._facts(kind, item_id))
        if not clean_typed(note).strip():
            raise ServiceError("closing needs a note of what was done")
        try:
            self.desk.store.close_follow_up(
                kind, item_id, clean_typed(note).strip(), self.desk.user
            )
        except StoreError as exc:
            raise ServiceError(str(exc)) from None

    def _facts(self, kind: str, item_id: int) -> Facts:
        """The case's team and the item's owner (for an escalation, who was told)."""
        if self.desk.person.single_user:
            return Facts()  # nothing is refused: no need to read
        self.desk.require_signed_in()
        table, owner = {
            "escalation": ("escalations", "told_who"),
            "action": ("case_actions", "owner"),
        }[kind]
        row = self.desk.store._one(
            f"SELECT x.{owner} AS owner, c.team FROM {table} x "
            "JOIN audits a ON a.id = x.audit_id JOIN cases c ON c.case_ref = a.case_ref "
            "WHERE x.id = ?",
            (item_id,),
        )
        if row is None:
            raise ServiceError(f"no {kind} {item_id}")
        return Facts(team=row["team"], owner=row["owner"])
