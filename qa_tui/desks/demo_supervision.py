"""The demo's supervision audits: did the findings of earlier audits reach supervision?

Two audits against the supervision rubric, each of a case whose earlier audit left
findings and open case actions: one by QA Rowan, submitted, with most findings discussed
in supervision, one partly and one not; and one for demo.auditor, started, with nothing
asked yet, to try `u` on. Both cases are of workers with other cases audited, so the
worker's-cases toggle (`w`) shows more. Built through the desks, like the rest.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.desks.demo_history import complete_audit, grade_audit
from qa_tui.desks.supervision import SupervisionDesk
from qa_tui.domain.supervision import SUPERVISION_RUBRIC
from qa_tui.paths import DEMO_USER
from qa_tui.store.database import Store

SUPERVISION_AUDITOR = "qa.rowan"
# What the team manager and worker agreed, for the findings discussed.
AGREED = {
    "yes": (
        "Worker and manager agreed the next step; manager to check it in the next supervision.",
        "Agreed in supervision and recorded on the child's file with a date.",
        "Manager to review progress with the worker in four weeks.",
        "Raised in supervision; the worker brings an update to the next one.",
    ),
    "partly": ("Mentioned in supervision, but no action or date agreed.",),
    "no": ("",),
}
# Answers given to the submitted audit's findings, in order: most discussed, one partly,
# one not at all (what the figure is for).
ANSWERS = ("yes", "yes", "partly", "no", "yes", "yes")


def _candidates(store: Store) -> list[dict]:
    """Cases whose earlier (not supervision) audit was submitted graded Requires
    improvement or Inadequate and still has an open case action, with the case's worker;
    those of workers with other audited cases first."""
    return store._rows(
        "SELECT a.case_ref, c.worker, c.manager FROM audits a "
        "JOIN cases c ON c.case_ref = a.case_ref "
        "JOIN rubric_versions r ON r.hash = a.rubric_hash "
        "WHERE a.status = 'submitted' AND a.overall_grade_value >= 3 AND r.rubric_id <> ? "
        "AND EXISTS (SELECT 1 FROM case_actions x WHERE x.audit_id = a.id AND x.status = 'open') "
        "ORDER BY (SELECT count(*) FROM audits b JOIN cases d ON d.case_ref = b.case_ref "
        "WHERE d.worker = c.worker AND b.status = 'submitted') DESC, a.case_ref",
        (SUPERVISION_RUBRIC,),
    )


def add_supervision_audits(store: Store, rng: random.Random, today: date) -> None:
    picked = _candidates(store)
    if len(picked) < 2:
        return
    done, to_try = picked[0], next(p for p in picked[1:] if p["worker"] != picked[0]["worker"])
    lead = AuditDesk(store, MODERATOR)
    rowan = AuditDesk(store, SUPERVISION_AUDITOR)

    audit_id = lead.start_audit(
        done["case_ref"],
        SUPERVISION_RUBRIC,
        auditor=SUPERVISION_AUDITOR,
        due_on=today - timedelta(days=2),
        today=today,
    )
    checks = SupervisionDesk(rowan)
    items = checks.items(audit_id)
    for n, (item, answer) in enumerate(zip(items, ANSWERS, strict=False)):
        said = AGREED[answer][n % len(AGREED[answer])]
        checks.check(audit_id, item.item_key, discussed=answer, agreed=said)
    case = store.case(done["case_ref"])
    assert case is not None
    complete_audit(rowan, rng, audit_id, case, 3, today, actions=1)
    # Submitted after every earlier audit of the case, which the demo's history spreads
    # up to today at 16:45.
    at = datetime.combine(today, time(17, 30), UTC).isoformat(timespec="seconds")
    store.backdate_submission(audit_id, at, "demo")

    mine = lead.start_audit(
        to_try["case_ref"],
        SUPERVISION_RUBRIC,
        auditor=DEMO_USER,
        due_on=today + timedelta(days=6),
        today=today,
    )
    grade_audit(AuditDesk(store, DEMO_USER), rng, mine, 2, stop_after=2)
