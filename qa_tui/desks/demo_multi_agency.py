"""The demo's multi-agency round: the safeguarding partnership audits seven children on
child protection plans, each once by children's social care, the police, health and
education, against the multi-agency practice rubric.

Six children have every agency's audit in (education's audit of the seventh is still
being graded, so the joint judgement screen has someone to wait for); five joint
judgements are agreed, with the reasons where the agencies differed and who took part
(five: enough for the joint column to pass the small-number rule), and one is begun.
The police grade a grade lower than the others on every other child, so the agency x
criterion table has a story to tell; where two agencies are weaker, so is the joint
judgement (the partnership settles on the weaker of the middle grades).

Made through the desks, after the rest, with its own random draws: nothing built before
it changes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from statistics import median_high

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.desks.demo_history import complete_audit, grade_audit
from qa_tui.desks.multi_agency import MultiAgencyDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.store.database import Store

RUBRIC = "multi-agency-practice"
NAME = "Partnership audit: children on child protection plans"
# agency: its auditor (the partners are demo people; see demo_data.DEMO_PEOPLE)
AUDITORS = {
    "Children's social care": "qa.rowan",
    "Police": "police.ash",
    "Health": "nurse.hazel",
    "Education": "ed.lark",
}
# the grade each agency's audit is centred on, by child (0..6): mostly Good
WEAKER = {"Police": {0, 2, 4, 6}, "Education": {2}, "Health": {4}}
TOOK_PART = [
    "Children's social care=QA Lead Holly",
    "Children's social care=QA Rowan",
    "Police=DS Ash",
    "Health=Nurse Hazel",
    "Education=Ms Lark",
]
# Why the partnership settled where it did, criterion by criterion ('' overall)
REASONS = {
    "": "Most of the plan was working for the child; the police's gaps were real but put "
    "right within the month.",
    "information-shared-in-time": "The police record shows the domestic abuse notification "
    "reached the school a week late; the other agencies did not see the delay.",
    "attendance-at-meetings": "The police sent apologies to two core groups; everyone else "
    "came to all of them.",
    "contribution-to-the-plan": "The plan gave the police no task after the strategy "
    "discussion, so their part could not be judged higher.",
    "childs-voice-as-this-agency-heard-it": "School heard the child's worries first and "
    "passed them on; the plan did not use what school knew.",
    "professional-disagreement-escalated": "Health challenged the step-down and was heard; "
    "the police's concern was raised only at the next meeting.",
    "difference-made-together": "Attendance and health checks improved; the child still "
    "says home feels unsafe at weekends.",
}
FALLBACK = "The partnership weighed each agency's records and settled between them."


def add_multi_agency_round(store: Store, today: date) -> None:
    lead_desk = AuditDesk(store, MODERATOR)
    if not any(f.rubric.id == RUBRIC for f in lead_desk.rubric_files()):
        return  # a council that removed the rubric gets the demo without this round
    lead = ProgrammeDesk(lead_desk)
    round_ = lead.create(
        name=NAME,
        kind="multi_agency",
        rubric_ids=[RUBRIC],
        owner="Safeguarding partnership",
        due_on=today + timedelta(days=21),
    )
    in_rounds = {
        r["case_ref"] for r in store._rows("SELECT DISTINCT case_ref FROM programme_cases")
    }
    # Children on plans, those in no other round first (the partnership's own choice)
    cases = sorted(
        (c for c in store.find_cases("", limit=1000) if c.cohort == "CP"),
        key=lambda c: (c.case_ref in in_rounds, c.case_ref),
    )[:7]
    for case in cases:
        lead.add_case(round_.id, case.case_ref, "chosen by the safeguarding partnership")
    multi = MultiAgencyDesk(lead_desk)
    made = multi.assign(round_.id, [f"{a}={u}" for a, u in AUDITORS.items()], today=today)
    rng = random.Random(16)
    by_ref = {c.case_ref: c for c in cases}
    order = [c.case_ref for c in cases]
    for case_ref, agency, audit_id in made:
        desk = AuditDesk(store, AUDITORS[agency])
        n = order.index(case_ref)
        target = 3 if n in WEAKER.get(agency, set()) else 2
        if n == len(order) - 1 and agency == "Education":
            grade_audit(desk, rng, audit_id, target, stop_after=3)
            continue
        complete_audit(desk, rng, audit_id, by_ref[case_ref], target, today, actions=0)
    for n, case in enumerate(cases[:6]):
        _joint(multi, round_.id, case.case_ref, settle=n < 5)


def _joint(multi: MultiAgencyDesk, programme_id: int, case_ref: str, *, settle: bool) -> None:
    """The partnership's meeting: the middle grade where agencies differ, with a reason."""
    view = multi.joint(programme_id, case_ref)
    criteria = view.criteria if settle else view.criteria[:3]
    for c in criteria:
        given = [g.value for g in c.agencies if g.value is not None]
        value = median_high(given) if given else None
        reason = REASONS.get(c.criterion_id, FALLBACK) if c.differ else ""
        multi.grade(programme_id, case_ref, c.criterion_id or "overall", value, reason)
    if settle:
        multi.set_participants(programme_id, case_ref, TOOK_PART)
        multi.agree(programme_id, case_ref)
