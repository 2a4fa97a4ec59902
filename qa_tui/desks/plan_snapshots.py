"""The action plan's quarterly review: each item's status, measure and figures as they
stood when a quarter was reviewed, kept for the board to read back.

The figures are the plan desk's own (ActionDesk.items), so a snapshot says what the
action plan screen said on the day it was taken. A snapshot is keyed by the quarter's
last day, whichever way the council names quarters. Taking a quarter again replaces it
(the events keep who took it before); a note typed then is kept unless a new one is
given. A quarter that has not begun cannot be reviewed.

Taking is EDIT_PLAN; reading is SEE_PLAN.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from qa_tui.desks.audit_view import ServiceError
from qa_tui.desks.council_settings import quarter_style
from qa_tui.desks.plan import ActionDesk
from qa_tui.domain.permissions import Op
from qa_tui.domain.quarters import Quarter, parse_quarter, quarter_of
from qa_tui.domain.text import clean_typed
from qa_tui.store import plan_snapshots as stored

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk


@dataclass(frozen=True)
class SnapshotItem:
    """One action plan item as it stood at the review."""

    action_id: int
    title: str
    owner: str
    status: str
    measure_text: str
    baseline: float | None
    current: float | None
    target: float | None
    audits: int | None  # graded answers behind `current`
    note: str


@dataclass(frozen=True)
class PlanSnapshot:
    quarter: Quarter
    taken_at: str
    taken_by: str
    items: list[SnapshotItem]


@dataclass(frozen=True)
class QuarterTaken:
    quarter: Quarter
    items: int
    taken_at: str
    taken_by: str


class PlanSnapshotDesk:
    def __init__(self, desk: PersonAtDesk):
        self.desk = desk

    def _quarter(self, quarter: Quarter | str) -> Quarter:
        style = quarter_style(self.desk)
        if isinstance(quarter, Quarter):
            return quarter.named(style)
        try:
            return parse_quarter(quarter, style)
        except ValueError as exc:
            raise ServiceError(str(exc)) from None

    def take(
        self,
        quarter: Quarter | str,
        notes: dict[int, str] | None = None,
        *,
        today: date | None = None,
    ) -> PlanSnapshot:
        """Record every item as it stands now as `quarter`'s review, with a note for any
        item in `notes` (by action id). Refused for a quarter that has not begun."""
        self.desk.require(Op.EDIT_PLAN)
        today = today or date.today()
        q = self._quarter(quarter)
        if q.start > today:
            raise ServiceError(
                f"{q.label} has not begun: a quarter is reviewed once it is under way "
                f"(this is {quarter_of(today, q.style).label})"
            )
        items = ActionDesk(self.desk).items(today)
        known = {i.id for i in items}
        given = {int(k): clean_typed(v).strip() for k, v in (notes or {}).items()}
        unknown = sorted(set(given) - known)
        if unknown:
            raise ServiceError(f"no action plan item {', '.join(map(str, unknown))}")
        kept = stored.earlier_notes(self.desk.store, q.end.isoformat())
        rows = [
            {
                "action_id": i.id,
                "title": i.title,
                "owner": i.owner,
                "status": i.status,
                "measure_text": i.measure_label,
                "baseline_value": i.progress.baseline if i.progress else None,
                "current_value": i.progress.current if i.progress else None,
                "target_value": i.target_value,
                "audits": i.progress.current_audits if i.progress else None,
                "note": given.get(i.id, kept.get(i.id, "")),
            }
            for i in items
        ]
        stored.take(self.desk.store, q.end.isoformat(), rows, self.desk.user)
        found = self._read(q)
        assert found is not None or not rows
        return found or PlanSnapshot(q, "", self.desk.user, [])

    def snapshot(self, quarter: Quarter | str) -> PlanSnapshot | None:
        """The quarter's review as taken, or None when it never was."""
        self.desk.require(Op.SEE_PLAN)
        return self._read(self._quarter(quarter))

    def quarters(self) -> list[QuarterTaken]:
        """Every quarter reviewed, newest first."""
        self.desk.require(Op.SEE_PLAN)
        style = quarter_style(self.desk)
        return [
            QuarterTaken(
                quarter_of(r["quarter_end"], style), r["items"], r["taken_at"], r["taken_by"]
            )
            for r in stored.quarters(self.desk.store)
        ]

    def _read(self, q: Quarter) -> PlanSnapshot | None:
        rows = stored.snapshot(self.desk.store, q.end.isoformat())
        if not rows:
            return None
        return PlanSnapshot(
            quarter=q,
            taken_at=max(r["taken_at"] for r in rows),
            taken_by=rows[0]["taken_by"],
            items=[
                SnapshotItem(
                    action_id=r["action_id"],
                    title=r["title"],
                    owner=r["owner"],
                    status=r["status"],
                    measure_text=r["measure_text"],
                    baseline=r["baseline_value"],
                    current=r["current_value"],
                    target=r["target_value"],
                    audits=r["audits"],
                    note=r["note"],
                )
                for r in rows
            ],
        )
