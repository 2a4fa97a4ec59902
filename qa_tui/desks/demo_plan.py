"""The demo's work planned: a sampling programme under way with its repeat, and the
improvement action plan.

It exists apart from `demo` so that what is set up after the audits (the programmes'
samples and assignments, and plan items measured on the audits already submitted) reads
on its own; `demo` calls these once the history is built.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.paths import DEMO_USER
from qa_tui.store.database import Store


def add_programmes(store: Store, rng: random.Random, today: date) -> None:
    """An autumn dip sample, assigned and under way, and its spring repeat of the same cases."""
    from qa_tui.desks.programmes import ProgrammeDesk
    from qa_tui.domain.sampling import SamplingRule

    lead = ProgrammeDesk(AuditDesk(store, MODERATOR))
    rubric = (
        "voice-of-the-child"
        if any(f.rubric.id == "voice-of-the-child" for f in lead.desk.rubric_files())
        else lead.desk.rubric_files()[0].rubric.id
    )
    for auditor, teams in (
        (DEMO_USER, ["Assessment North"]),
        ("qa.birch", ["MASH"]),
        ("qa.rowan", ["Children in Care West"]),
        (MODERATOR, []),
    ):
        lead.set_auditor_teams(auditor, teams)
    autumn = lead.create(
        name="Autumn dip sample",
        kind="dip_sample",
        rubric_ids=[rubric],
        owner="Head of QA",
        due_on=today + timedelta(days=21),
    )
    lead.draw(autumn.id, SamplingRule(per_team=1), seed=2026, today=today)
    lead.assign(autumn.id, [DEMO_USER, "qa.birch", "qa.rowan"], today=today)
    # One of qa.birch's audits is under way, so progress shows something begun.
    started = store._rows(
        "SELECT id FROM audits WHERE programme_id = ? AND auditor = ? ORDER BY id LIMIT 1",
        (autumn.id, "qa.birch"),
    )
    if started:
        AuditDesk(store, "qa.birch").grade_by_number(
            started[0]["id"], lead.desk.current_rubric(rubric).criteria[0].id, rng.choice((2, 3))
        )
    spring = lead.repeat(
        autumn.id,
        name="Spring repeat",
        same_cases=True,
        due_on=today + timedelta(days=120),
        today=today,
    )
    lead.assign(spring.id, ["qa.birch", "qa.rowan", MODERATOR], today=today)


def add_action_plan(store: Store, today: date) -> None:
    """An improvement plan set six months ago: one item on track, one off track, one
    the owner marked at risk, and one not yet SMART."""
    from qa_tui.desks.plan import ActionDesk
    from qa_tui.desks.themes import shift_month
    from qa_tui.domain.plan_records import Measure
    from qa_tui.store.dashboard import DashboardStore

    plan = ActionDesk(AuditDesk(store, MODERATOR))
    set_on = today - timedelta(days=182)
    target_on = (today + timedelta(days=183)).isoformat()
    since = shift_month(set_on.strftime("%Y-%m"), 1)
    rising: list[tuple[Measure, float, float]] = []
    falling: list[tuple[Measure, float, float]] = []
    for (rubric_id, criterion_id), kind in sorted(DashboardStore(store).criterion_kinds().items()):
        if kind != "quality":
            continue
        measure = Measure(rubric_id=rubric_id, criterion_id=criterion_id, bucket="good")
        before = plan.baseline(measure, set_on).share("good")
        after = plan.figure(measure, since, None)
        if before is None or after.counted < 2 or after.share("good") is None:
            continue
        now = after.share("good") or 0.0
        (rising if now > before + 0.02 else falling if now < before else []).append(
            (measure, before, now)
        )
    # Each item is named after the criterion it measures, so title and measure agree.
    labels = DashboardStore(store).criterion_labels()
    rubrics = {f.rubric.id: f.rubric for f in AuditDesk(store, MODERATOR).rubric_files()}
    for chosen, track, owner in (
        (rising[0] if rising else None, "on", "Head of service, CIN"),
        (falling[0] if falling else None, "off", "Principal social worker"),
    ):
        if chosen is None:
            continue
        measure, before, now = chosen
        question = labels.get(measure.rubric_id, {}).get(measure.criterion_id, (0, ""))[1]
        suggested = rubrics[measure.rubric_id].criterion(measure.criterion_id).themes
        theme = (
            (suggested.areas_for_development or ["Practice below Good"])[0],
            "area_for_development",
        )
        title = f"Raise practice: {question.rstrip('?')}"
        action_id = plan.create(
            title if len(title) <= 90 else title[:89] + "…",
            owner=owner,
            due_on=target_on,
            themes=(theme,),
            recommendation="2023-4",
        )
        target = min(0.95, 2 * now - before) if track == "on" else min(0.95, before + 0.3)
        plan.set_measure(
            action_id, measure, target=round(target, 2), target_on=target_on, today=set_on
        )
    supervision = plan.create(
        "Reflective supervision at least monthly",
        owner="Head of service, CLA",
        due_on=target_on,
        themes=(("Supervision is reflective", "strength"),),
        recommendation="2023-7",
    )
    plan.override_status(supervision, "at_risk", "Two team manager posts vacant until March")
    plan.create(
        "Chronologies kept up to date",
        description="Agreed at the October QA board; owner and measure to follow.",
    )
