"""The action plan's quarterly review as the board reads it back: each item's status,
measure and figures as they stood when the quarter was taken, with the note written
then, and the status the quarter before for comparison. Read through PlanSnapshotDesk,
so the figures are those the plan screen showed on the day; quarters are named the
council's way (calendar or financial year)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qa_tui.desks.audit_view import ServiceError
from qa_tui.desks.plan_snapshots import PlanSnapshotDesk
from qa_tui.domain.plan_records import ACTION_STATUS_LABELS

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditDesk
    from qa_tui.domain.quarters import Quarter

BOARD_ORDER = ("off_track", "at_risk", "not_started", "on_track", "complete")


def plan_report(desk: AuditDesk, quarter: Quarter | str) -> dict[str, Any]:
    """The quarter's review as plain data; ServiceError when it was never taken."""
    snapshots = PlanSnapshotDesk(desk)
    taken = snapshots.snapshot(quarter)
    if taken is None:
        asked = quarter if isinstance(quarter, str) else quarter.label
        listed = ", ".join(q.quarter.label for q in snapshots.quarters()) or "none yet"
        raise ServiceError(
            f"no quarterly review of the action plan for {asked} "
            f"(taken: {listed}); take one with `qa-tui plan snapshot --quarter ...`"
        )
    before = snapshots.snapshot(taken.quarter.previous)
    earlier = {i.action_id: i.status for i in before.items} if before else {}
    order = {s: n for n, s in enumerate(BOARD_ORDER)}
    items = sorted(taken.items, key=lambda i: (order.get(i.status, 9), i.action_id))
    q = taken.quarter
    return {
        "quarter": q.label,
        "quarter_start": q.start.isoformat(),
        "quarter_end": q.end.isoformat(),
        "previous": before.quarter.label if before else "",
        "taken_at": taken.taken_at[:16].replace("T", " "),
        "taken_by": taken.taken_by,
        "counts": [
            (ACTION_STATUS_LABELS[s], sum(1 for i in items if i.status == s))
            for s in BOARD_ORDER
            if any(i.status == s for i in items)
        ],
        "items": [
            {
                "id": i.action_id,
                "title": i.title,
                "owner": i.owner,
                "status": ACTION_STATUS_LABELS.get(i.status, i.status),
                "was": ACTION_STATUS_LABELS.get(earlier[i.action_id], "")
                if i.action_id in earlier
                else "",
                "measure": i.measure_text,
                "baseline": i.baseline,
                "current": i.current,
                "target": i.target,
                "audits": i.audits,
                "note": i.note,
            }
            for i in items
        ],
    }
