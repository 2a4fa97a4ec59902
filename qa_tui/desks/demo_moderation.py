"""The demo's moderation steered by the QA lead: a blind moderation graded, revealed and
completed; an audit picked by hand; a question sent back and answered by its auditor;
and one sent back to the demo auditor, waiting on their home for an answer.

Run after the rest of the demo's moderation, on the single-user database being built.
"""

from __future__ import annotations

import random
from datetime import date

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.moderation_steering import ModerationSteering
from qa_tui.paths import DEMO_USER
from qa_tui.store.database import Store


def add_steered_moderation(store: Store, rng: random.Random, today: date) -> None:
    lead = AuditDesk(store, MODERATOR)
    moderation, steering = ModerationDesk(lead), ModerationSteering(lead)
    waiting = [r for r in moderation.queue() if r["auditor"] != MODERATOR]
    others = [r for r in waiting if r["auditor"] != DEMO_USER]
    mine = [r for r in waiting if r["auditor"] == DEMO_USER]

    # A blind moderation, assigned to the QA lead: graded before the auditor's grades
    # were seen, then revealed, the differences explained, and completed.
    if others:
        blind_id = others.pop(0)["audit_id"]
        steering.set_blind(blind_id, True)
        steering.assign(blind_id, MODERATOR)
        audit = lead.open_audit(blind_id)  # what the auditor graded, kept by the demo
        harsher: list[str] = []
        for c in audit.rubric.criteria:
            answer = audit.audit.answers[c.id]
            size = len(audit.rubric.scale_for(c).grades)
            if answer.not_applicable or answer.grade_value is None:
                number = None if c.not_applicable else 2
            elif not harsher and answer.grade_value < size and rng.random() < 0.5:
                number = answer.grade_value + 1
                harsher.append(c.id)
            else:
                number = answer.grade_value
            moderation.grade(blind_id, c.id, number)
        moderation.set_overall(blind_id, audit.audit.overall_grade_value or 2)
        view = steering.reveal(blind_id)
        for cid in harsher:
            moderation.grade(
                blind_id,
                cid,
                view.answers[cid]["grade_value"],
                "Graded blind from the evidence: it does not show this was done every time.",
            )
        for missing in ModerationDesk._missing(moderation.open(blind_id)):
            cid = missing.split(":")[0]  # a criterion the blind grade differs on
            if cid in view.answers:
                moderation.grade(
                    blind_id,
                    cid,
                    view.answers[cid]["grade_value"],
                    "Graded blind from the evidence recorded.",
                )
        moderation.complete(blind_id)

    # Picked by hand: a submitted audit the rule did not select.
    queued = {r["audit_id"] for r in moderation.queue()} | {
        r["audit_id"] for r in moderation.queue("done")
    }
    chosen = [
        a
        for a in store.audit_summaries()
        if a.status == "submitted" and a.id not in queued and a.auditor != MODERATOR
    ]
    if chosen:
        steering.pick(
            chosen[0].id, "the family complained about the assessment; a second look asked for"
        )

    # Sent back to an auditor, and answered (one waiting by rule, else the one picked).
    back = others[0] if others else None
    if back is None and chosen:
        back = {"audit_id": chosen[0].id, "auditor": chosen[0].auditor}
    if back is not None:
        sent = steering.send_back(
            back["audit_id"],
            "The chronology stops in March: was a later one on file when you audited?",
        )
        ModerationSteering(AuditDesk(store, back["auditor"])).answer(
            back["audit_id"],
            sent,
            "Yes, on the shared drive rather than the case record; I graded from it.",
        )

    # Sent back to the demo auditor, waiting for their answer on their home.
    target = mine[0]["audit_id"] if mine else None
    if target is None:
        own = [a for a in store.audit_summaries(DEMO_USER) if a.status == "submitted"]
        if own:
            target = own[0].id
            steering.pick(target, "a second look at the demo auditor's grading")
    if target is not None:
        steering.send_back(
            target,
            "The overall grade reads generous against the evidence on visits: "
            "what did you weigh most?",
        )
