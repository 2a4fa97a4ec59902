"""The demo's agreement over time: moderations spread over the last six quarters, so
`qa-tui moderation agreement --by quarter` and the moderation screen's "by quarter"
lines have something to show, one auditor drifting.

Every moderation the demo made before this was completed at build time, in one quarter.
Here each is moved to a few days after its audit was submitted, and the QA lead
moderates up to two more audits per auditor per quarter where the history has them: qa.rowan
grades as the moderators do throughout, while qa.birch drifts generous (the moderator
grades one step harsher more and more often). Its own seeded draws, made after the
rest, so nothing built before it changes.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.desks.demo_history import moderate_one
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.moderation_steering import ModerationSteering
from qa_tui.domain.quarters import quarter_of
from qa_tui.store.database import Store
from qa_tui.store.moderation import ModerationStore

QUARTERS_BACK = 6
# (auditor, share of criteria the moderator grades harsher, from the oldest quarter to
# the newest): steady, then drifting.
AUDITORS = (("qa.rowan", (0.05, 0.05)), ("qa.birch", (0.0, 0.7)))
PER_QUARTER = 2
REASON = "Agreement over time: audits from every quarter"


def add_agreement_history(store: Store, today: date) -> None:
    rng = random.Random(16)
    lead = ModerationDesk(AuditDesk(store, MODERATOR))
    steering = ModerationSteering(lead.desk)
    submitted = store._rows(
        "SELECT a.id, a.auditor, a.submitted_at FROM audits a LEFT JOIN moderations m "
        "ON m.audit_id = a.id WHERE a.status = 'submitted' AND m.audit_id IS NULL "
        "ORDER BY a.id"
    )
    first = quarter_of(today)
    for _ in range(QUARTERS_BACK - 1):
        first = first.previous
    for auditor, (start, end) in AUDITORS:
        quarter = first
        for step in range(QUARTERS_BACK):
            harsher = start + (end - start) * step / (QUARTERS_BACK - 1)
            span = (quarter.start.isoformat(), quarter.end.isoformat())
            quarter = quarter.next
            found = [
                r["id"]
                for r in submitted
                if r["auditor"] == auditor and span[0] <= r["submitted_at"][:10] <= span[1]
            ][:PER_QUARTER]
            for audit_id in found:
                steering.pick(audit_id, REASON, blind=False)
                moderate_one(lead, rng, audit_id, harsher)
    moderations = ModerationStore(store)
    for r in store._rows(
        "SELECT a.id, a.submitted_at FROM audits a JOIN moderations m ON m.audit_id = a.id "
        "WHERE m.status = 'done' ORDER BY a.id"
    ):
        done = datetime.fromisoformat(r["submitted_at"]) + timedelta(days=rng.randint(2, 12))
        latest = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=9)
        moderations.backdate_completion(
            r["id"], min(done, latest).isoformat(timespec="seconds"), "demo"
        )
