"""The demo's reports for the board: the council names quarters the financial-year way,
the finished summer round has the QA lead's recommendations, and the action plan has two
quarters of review snapshots (the last two quarters ended before today), with notes.

Apart from `demo` so that what the board reads back is set up in one place, after the
programmes and the action plan it draws on.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.store.database import Store

RECOMMENDATIONS = (
    "Managers check at each supervision that the child was seen alone, and record why "
    "when they were not.",
    "Repeat this dip sample on the same cases in six months to see whether plans became SMART.",
    "Share the strongest direct work from this round at the next practice week.",
)
# The board's note on an item at each review, by the item's status then.
NOTES = {
    "off_track": "Behind the line: the owner brings a recovery plan to the next board.",
    "at_risk": "Slipping: a practice week is planned before the quarter ends.",
    "not_started": "Not started: the board is asked to name an owner.",
    "on_track": "On the line: keep going; the next audits will tell.",
    "complete": "Target met: the board may close it once a repeat audit agrees.",
}
EARLIER_NOTE = "First quarterly review: baseline agreed, owner to report back next quarter."


def add_board(store: Store, rng: random.Random, today: date) -> None:
    """Financial quarters, recommendations on the summer round, two quarters reviewed."""
    from qa_tui.desks.council_settings import CouncilSettingsDesk
    from qa_tui.desks.plan import ActionDesk
    from qa_tui.desks.plan_snapshots import PlanSnapshotDesk
    from qa_tui.desks.programme_recommendations import RecommendationDesk
    from qa_tui.desks.programmes import ProgrammeDesk
    from qa_tui.domain.quarters import last_ended

    lead = AuditDesk(store, MODERATOR)
    CouncilSettingsDesk(lead).set_quarters("financial")
    rounds = {p.name: p for p in ProgrammeDesk(lead).all()}
    # On the finished round, whose findings they answer; the open autumn round has none yet.
    finished = rounds.get("Summer dip sample") or next(iter(rounds.values()), None)
    if finished is not None:
        for text in RECOMMENDATIONS:
            RecommendationDesk(lead).add(finished.id, text)
    latest = last_ended(today, "financial")
    snapshots = PlanSnapshotDesk(lead)
    for quarter in (latest.previous, latest):
        # Reviewed a week after the quarter ended (today, for the latest one if sooner).
        reviewed = min(quarter.end + timedelta(days=7), today)
        items = ActionDesk(lead).items(reviewed)
        notes = {
            i.id: EARLIER_NOTE if quarter != latest else NOTES.get(i.status, "") for i in items[:3]
        }
        snapshots.take(quarter, notes, today=reviewed)
