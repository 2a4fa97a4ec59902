"""The demo's finished round: last summer's dip sample of whole case files, drawn,
assigned, graded, submitted, moderated, fed back and closed, so `qa-tui report
programme "Summer dip sample"` has grades, themes, actions and recommendations to show.

The autumn round and its spring repeat (`demo_plan`) are still to do; this is the one
a board would read. It is built as a QA lead and the auditors would build it, through
the programme, audit, moderation, feedback and follow-up desks; only the submission
times are moved back into the summer (as `demo_history.spread_history` does). It runs
after the rest of the history, moderation and feedback, so what they pick from (the
oldest Requires improvement audits, the moderation queue, each auditor's submissions)
is as it was before this round existed.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.desks.demo_feedback import REASONS, REFLECTIONS
from qa_tui.desks.demo_history import complete_audit
from qa_tui.domain.feedback import add_working_days
from qa_tui.store.database import Store

NAME = "Summer dip sample"
RUBRIC = "whole-case-file"
# Five cases from each of three teams, so each team's row of the report has enough
# audits to be shown (fewer than five are suppressed).
TEAMS = ["Assessment North", "Child Protection East", "Children in Care West"]
PER_TEAM = 5
AUDITORS = ["qa.birch", "qa.rowan", MODERATOR]
# Overall grade values (1 Outstanding .. 4 Inadequate), in the order of the round's
# audits by the other auditors first: Good most common, one Outstanding, one Inadequate.
# The QA lead's own are never the Outstanding or Inadequate one, since those are the
# ones moderated and the lead does not moderate their own.
TARGETS = (1, 2, 3, 4, 2, 2, 3, 2, 2, 3, 2, 2, 3, 2, 3)
CLOSING_NOTES = (
    "Done and checked in supervision; recorded on the case file.",
    "Completed by the worker; the manager has signed it off.",
    "Done at the review; the family has a copy of the new plan.",
)


def summer(today: date) -> tuple[date, date]:
    """The first and last working days of the latest summer (June to August) before today."""
    year = today.year if today >= date(today.year, 9, 8) else today.year - 1
    return date(year, 6, 2), date(year, 8, 29)


def add_summer_round(store: Store, rng: random.Random, today: date) -> None:
    """Last summer's round, finished: every audit submitted, some moderated, most fed
    back, half its actions done, the round closed."""
    from qa_tui.desks.programmes import ProgrammeDesk
    from qa_tui.domain.sampling import SamplingRule

    lead = ProgrammeDesk(AuditDesk(store, MODERATOR))
    if not any(f.rubric.id == RUBRIC for f in lead.desk.rubric_files()):
        return  # a council that removed the rubric gets the demo without this round
    start, end = summer(today)
    round_ = lead.create(
        name=NAME,
        kind="dip_sample",
        rubric_ids=[RUBRIC],
        owner="Head of QA",
        due_on=date(start.year, 7, 31),
    )
    # No case left out for an earlier audit: the demo's other audits were made after this
    # round in building it, so by their dates they would read as audits of the future.
    rule = SamplingRule(teams=TEAMS, per_team=PER_TEAM, exclude_audited_within_months=0)
    # Nor a case of the autumn round: that round, drawn after this one, would have left
    # it out. The QA lead previews seeds until the sample has none (the same every build).
    later = {
        row["case_ref"]
        for row in store._rows(
            "SELECT case_ref FROM audits WHERE programme_id IS NOT NULL AND programme_id != ?",
            (round_.id,),
        )
    }
    seed = start.year
    for tried in range(start.year, start.year + 200):
        sample = lead.preview(round_.id, rule, seed=tried, today=start)
        if not later & {d.case_ref for d in sample.decisions if d.outcome == "sampled"}:
            seed = tried
            break
    lead.draw(round_.id, rule, seed=seed, today=start)
    lead.assign(round_.id, AUDITORS, today=start)
    audits = store._rows(
        "SELECT id, auditor FROM audits WHERE programme_id = ? "
        "ORDER BY auditor = ?, id",  # the other auditors' first, as TARGETS expects
        (round_.id, MODERATOR),
    )
    submitted: dict[int, date] = {}
    for row, target in zip(audits, TARGETS * 2, strict=False):
        on = start + timedelta(days=rng.randint(12, (end - start).days))
        audit = store.audit(row["id"])
        complete_audit(
            AuditDesk(store, row["auditor"]),
            rng,
            row["id"],
            audit.case,
            target,
            on,
            actions=int(target >= 3) + int(rng.random() < 0.4),
        )
        at = datetime.combine(on, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))), UTC)
        store.backdate_submission(row["id"], at.isoformat(timespec="seconds"), "demo")
        submitted[row["id"]] = on
    _moderate(store, rng, [r for r in audits if r["auditor"] != MODERATOR])
    _feed_back(store, rng, audits, submitted, today)
    _close_actions(store, submitted)
    lead.close(round_.id)


def _moderate(store: Store, rng: random.Random, audits: list[dict]) -> None:
    """The Outstanding, the Inadequate and one Good audit moderated: agreed but for one
    criterion graded a step harsher, with the reason."""
    from qa_tui.desks.moderation import ModerationDesk
    from qa_tui.desks.moderation_steering import ModerationSteering

    lead = AuditDesk(store, MODERATOR)
    moderation, steering = ModerationDesk(lead), ModerationSteering(lead)
    by_grade: dict[int, list[int]] = {}
    for row in audits:
        by_grade.setdefault(store.audit(row["id"]).overall_grade_value or 0, []).append(row["id"])
    chosen = [ids[0] for value in (1, 4, 2) if (ids := by_grade.get(value))]
    for n, audit_id in enumerate(chosen):
        steering.pick(audit_id, "the QA lead moderates the round's extremes and one Good")
        view = moderation.open(audit_id)
        harsher = None
        if n == len(chosen) - 1:  # the Good one: one grade the evidence does not bear out
            harsher = next(
                (
                    c.id
                    for c in view.audit.rubric.criteria
                    if c.kind != "compliance"
                    and (view.audit.audit.answers[c.id].grade_value or 9)
                    < len(view.audit.rubric.scale_for(c).grades)
                ),
                None,
            )
        for c in view.audit.rubric.criteria:
            mine = view.audit.audit.answers[c.id]
            if c.id == harsher:
                moderation.grade(
                    audit_id,
                    c.id,
                    (mine.grade_value or 0) + 1,
                    "The plan has no dates or owners: the evidence does not support this grade.",
                )
            elif mine.answered:
                moderation.agree(audit_id, c.id)
        moderation.set_overall(audit_id, view.audit.audit.overall_grade_value or 2)
        moderation.complete(audit_id)


def _feed_back(
    store: Store,
    rng: random.Random,
    audits: list[dict],
    submitted: dict[int, date],
    today: date,
) -> None:
    """Fed back to the worker on all but three, mostly within ten working days."""
    from qa_tui.desks.feedback import FeedbackDesk

    for n, row in enumerate(audits):
        if n % 4 == 3:
            continue
        audit = store.audit(row["id"])
        response = ("agrees", "agrees", "partly_agrees", "disagrees", "agrees")[n % 5]
        FeedbackDesk(AuditDesk(store, row["auditor"])).record(
            row["id"],
            given_to="worker",
            given_to_name=audit.case.worker or "",
            given_on=min(
                add_working_days(submitted[row["id"]], rng.choice((2, 3, 5, 8, 14))), today
            ).isoformat(),
            how=rng.choice(("in_person", "in_person", "online")),
            response=response,
            reasons=rng.choice(REASONS) if response in ("partly_agrees", "disagrees") else "",
            reflection=rng.choice(REFLECTIONS) if response == "agrees" else "",
            today=today,
        )


def _close_actions(store: Store, submitted: dict[int, date]) -> None:
    """Every other case action done, and the Inadequate audit's escalation closed."""
    from qa_tui.desks.follow_ups import FollowUps

    follow_ups = FollowUps(AuditDesk(store, MODERATOR))
    raised = [f for f in follow_ups.list() if f.audit_id in submitted]
    actions = [f for f in raised if f.kind == "action"]
    for n, f in enumerate(actions[::2]):
        follow_ups.close("action", f.id, CLOSING_NOTES[n % len(CLOSING_NOTES)])
    for f in raised:
        if f.kind == "escalation":
            follow_ups.close(
                "escalation",
                f.id,
                "Strategy discussion held; the child was seen alone and a plan agreed.",
            )
