"""The demo's feedback to practice: what workers and managers were told of their audits,
and what they said back.

demo.auditor has fed back three of their six submitted audits (a worker who disagreed,
with reasons, and whose manager was told too; a worker who agreed, with a reflection; a
worker who has not answered yet) and has three awaiting feedback, the oldest already
past ten working days. The other auditors fed back most of theirs, some late, so the
dashboard's Practice tab has a figure for every team. Run after the history is spread,
so each date given follows its audit's (back-dated) submission.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.feedback import FeedbackDesk, local_day
from qa_tui.domain.feedback import add_working_days
from qa_tui.paths import DEMO_USER
from qa_tui.store.database import Store

REASONS = (
    "The child was seen alone at school twice; it is recorded on the education log, "
    "not in the visit notes.",
    "The plan was updated at the review last week, after the audit window closed.",
    "Two visits were late because the family was abroad; the manager agreed it on file.",
)
REFLECTIONS = (
    "I will write the child's own words into each visit note, not my summary of them.",
    "Seeing the plan through the child's eyes helped: I will share a simpler version.",
    "I had not linked the chronology to the plan; I will bring it to supervision.",
)
# Working days from submit to the first conversation: mostly in time, some late.
DELAYS = (1, 2, 3, 4, 5, 7, 9, 10, 12, 15, 22)


def _on(submitted: date, working_days: int, today: date) -> date:
    return min(add_working_days(submitted, working_days), today)


def add_feedback(store: Store, rng: random.Random, today: date) -> None:
    """Feedback on the demo's submitted audits, some left awaiting it."""
    rows = store._rows(
        "SELECT a.id, a.auditor, a.submitted_at, c.worker, c.manager FROM audits a "
        "JOIN cases c ON c.case_ref = a.case_ref WHERE a.status = 'submitted' "
        "ORDER BY a.submitted_at, a.id"
    )
    mine = [r for r in rows if r["auditor"] == DEMO_USER]
    _demo_auditors_own(store, mine, today)
    for r in rows:
        submitted = local_day(r["submitted_at"])
        if r["auditor"] == DEMO_USER or submitted > today or rng.random() < 0.3:
            continue
        desk = FeedbackDesk(AuditDesk(store, r["auditor"]))
        response = rng.choices(("agrees", "partly_agrees", "disagrees", "not_yet"), (6, 2, 1, 1))[0]
        desk.record(
            r["id"],
            given_to="worker",
            given_to_name=r["worker"] or "",
            given_on=_on(submitted, rng.choice(DELAYS), today).isoformat(),
            how=rng.choice(("in_person", "in_person", "online", "by_phone")),
            response=response,
            reasons=rng.choice(REASONS) if response in ("partly_agrees", "disagrees") else "",
            reflection=rng.choice(REFLECTIONS) if rng.random() < 0.4 else "",
            today=today,
        )


def _demo_auditors_own(store: Store, mine: list[dict], today: date) -> None:
    """demo.auditor's: the 2nd, 3rd and 5th oldest fed back; the rest awaiting."""
    desk = FeedbackDesk(AuditDesk(store, DEMO_USER))
    days = {r["id"]: local_day(r["submitted_at"]) for r in mine}
    chosen = [r for i, r in enumerate(mine) if i in (1, 2, 4) and days[r["id"]] <= today]
    for n, r in enumerate(chosen):
        submitted, worker = days[r["id"]], r["worker"] or ""
        if n == 0:  # the worker disagreed; their manager was told in writing next day
            given = _on(submitted, 3, today)
            desk.record(
                r["id"],
                given_to="worker",
                given_to_name=worker,
                given_on=given.isoformat(),
                how="in_person",
                response="disagrees",
                reasons=REASONS[0],
                reflection="I accept the plan needs dates; I do not accept the child was unseen.",
                today=today,
            )
            desk.record(
                r["id"],
                given_to="manager",
                given_to_name=r["manager"] or "",
                given_on=min(given + timedelta(days=1), today).isoformat(),
                how="in_writing",
                response="partly_agrees",
                reasons="Agrees the plan drifted; will check the school log with the worker.",
                today=today,
            )
        elif n == 1:  # the worker agreed and reflected
            desk.record(
                r["id"],
                given_to="worker",
                given_to_name=worker,
                given_on=_on(submitted, 2, today).isoformat(),
                how="online",
                response="agrees",
                reflection=REFLECTIONS[0],
                today=today,
            )
        else:  # told by phone; no answer yet
            desk.record(
                r["id"],
                given_to="worker",
                given_to_name=worker,
                given_on=_on(submitted, 1, today).isoformat(),
                how="by_phone",
                today=today,
            )
