"""The demo's re-audits: a case looked at again three months on that improved, one that
did not (both submitted and linked to the earlier audit), a re-audit under way for
demo.auditor (so its screen shows the earlier grades), and two scheduled: one due on
the QA lead's list now, one not yet due.

`demo_plan.add_programmes` already makes the "Spring repeat" of the autumn dip sample
(every audit linked, none graded yet); these are the scheduled kind ("re-audit in N
months"), made through `ReauditDesk` as a QA lead would, after the history is spread so
each re-audit comes months after the audit it looks again at.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.desks.demo_history import complete_audit, grade_audit
from qa_tui.paths import DEMO_USER
from qa_tui.store.database import Store

RE_AUDITORS = ("qa.rowan", "qa.birch")  # whoever of them is independent of the case's team


def add_reaudits(store: Store, rng: random.Random, today: date) -> None:
    from qa_tui.desks.programmes import ProgrammeDesk
    from qa_tui.desks.reaudits import ReauditDesk

    lead = AuditDesk(store, MODERATOR)
    reaudits = ReauditDesk(lead)
    teams = ProgrammeDesk(lead).auditor_teams()
    # Earlier audits graded Requires improvement, not moderated, old enough to look again.
    old_enough = (today - timedelta(days=150)).isoformat()
    candidates = []
    for summary in store.audit_summaries():
        if summary.status != "submitted" or summary.moderated_label or summary.auditor == DEMO_USER:
            continue
        audit = store.audit(summary.id)
        if audit.overall_grade_value == 3 and (audit.submitted_at or "9") < old_enough:
            candidates.append(audit)
    candidates.sort(key=lambda a: a.id)
    # Any other older, unmoderated audit below Good: the two scheduled ones below are taken
    # from these when the RI audits run out (how many there are depends on the rubrics).
    spare = []
    for summary in store.audit_summaries():
        if summary.status != "submitted" or summary.moderated_label or summary.auditor == DEMO_USER:
            continue
        audit = store.audit(summary.id)
        old = (audit.submitted_at or "9") < (today - timedelta(days=35)).isoformat()
        if old and (audit.overall_grade_value or 0) >= 3 and audit not in candidates:
            spare.append(audit)
    spare.sort(key=lambda a: a.id)

    def independent(team: str | None, among: tuple[str, ...]) -> str:
        return next(a for a in among if (team or "") not in teams.get(a, []))

    # Two re-audits three months on, submitted: one better (Good), one not (still RI).
    for earlier, target in zip(candidates[:2], (2, 3), strict=False):
        due = reaudits.schedule(earlier.id, 3, "look again once the plan has had time")
        auditor = independent(earlier.case.team, RE_AUDITORS)
        later = reaudits.start(earlier.id, auditor, today=due)
        complete_audit(
            AuditDesk(store, auditor), rng, later, earlier.case, target, due, actions=target - 2
        )
        at = datetime.combine(min(due + timedelta(days=18), today), time(11, 30), UTC)
        store.backdate_submission(later, at.isoformat(timespec="seconds"), "demo")
    # One under way for demo.auditor, so their audit screen shows the earlier grades.
    rest = [a for a in candidates[2:] if a.case.team not in teams.get(DEMO_USER, [])]
    if rest:
        earlier = rest[0]
        reaudits.schedule(earlier.id, 3, "the child's views were missing")
        later = reaudits.start(earlier.id, DEMO_USER, today=today - timedelta(days=2))
        grade_audit(AuditDesk(store, DEMO_USER), rng, later, 2, stop_after=2)
    # Two scheduled: one due now on the QA lead's list, one not for months.
    waiting = (candidates[3:] + spare)[:2]
    if len(waiting) == 2:
        first = date.fromisoformat((waiting[0].submitted_at or "")[:10])
        due_now = max(1, min(3, (today - first).days // 31))  # falls due by today
        reaudits.schedule(waiting[0].id, due_now, "check the chronology was brought up to date")
        submitted = date.fromisoformat((waiting[1].submitted_at or "")[:10])
        months = min(36, (today - submitted).days // 30 + 3)  # falls due after today
        reaudits.schedule(waiting[1].id, months, "once the new supervision policy has bedded in")
