"""The demo's past: audits graded and submitted, their themes, moderations, and dates
spread over two years.

It exists apart from `demo` so that building a believable history (grades around a
target, evidence, themes, judgements, escalations, then backdated submissions and a few
moderations) reads on its own; `demo` decides which audits there are and calls these.
Everything still goes through the auditor's and the moderator's desks.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import (
    ACTIONS,
    MODERATOR,
    RATIONALES,
    STRONG_NOTES,
    WEAK_NOTES,
    WHERE_SEEN,
)
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.paths import DEMO_USER
from qa_tui.store.database import Store

if TYPE_CHECKING:
    from qa_tui.desks.moderation import ModerationDesk


def grade_audit(
    desk: AuditDesk, rng: random.Random, audit_id: int, target: int, stop_after: int | None = None
) -> list[tuple[str, str]]:
    """Grade criteria in display order around a target value; returns the themes confirmed."""
    rubric = desk.open_audit(audit_id).rubric
    themes: list[tuple[str, str]] = []
    for c in rules.display_order(rubric)[:stop_after]:
        scale = rubric.scale_for(c)
        if c.not_applicable and rng.random() < 0.12:
            desk.mark_not_applicable(audit_id, c.id)
            continue
        if c.kind == "compliance":  # mostly Yes, less so on weaker files
            weights = {1: (92, 7, 1), 2: (85, 12, 3), 3: (65, 25, 10), 4: (40, 35, 25)}[target]
            value = rng.choices((1, 2, 3), weights)[0]
        else:
            value = target + rng.choices((-1, 0, 1), (1, 7, 2))[0]
        value = max(1, min(len(scale.grades), value))
        desk.grade_by_number(audit_id, c.id, value)
        grade = scale.by_value(value)
        offered = rules.suggested_themes(rubric, c, grade.key)
        theme, polarity = rng.choice(offered) if offered else ("", "")
        if grade.weak:
            desk.save_evidence(
                audit_id,
                c.id,
                WEAK_NOTES.get(c.id)
                or f"{theme or 'Below the expected standard'}; {rng.choice(WHERE_SEEN)}.",
            )
        elif rng.random() < 0.3:
            desk.save_evidence(
                audit_id,
                c.id,
                STRONG_NOTES.get(c.id)
                or f"{theme or 'Good practice'}; {rng.choice(WHERE_SEEN[:2])}.",
            )
        if theme and (rng.random() < (0.6 if grade.weak else 0.25) or not themes):
            themes.append(desk.add_theme(audit_id, c.id, theme, polarity))
    return themes


def complete_audit(
    desk: AuditDesk,
    rng: random.Random,
    audit_id: int,
    case: Case,
    target: int,
    today: date,
    actions: int,
) -> None:
    """Grade everything, write the judgement, add case actions and submit."""
    themes = grade_audit(desk, rng, audit_id, target)
    view = desk.open_audit(audit_id)
    overall = view.rubric.overall.by_value(min(target, len(view.rubric.overall.grades)))
    view = desk.set_overall(audit_id, overall.key)
    desk.set_text(audit_id, "overall_rationale", RATIONALES.get(target, RATIONALES[2]))
    breaches = rules.limiting_breaches(
        view.rubric, view.audit.answers, view.audit.overall_grade_value
    )
    if breaches:
        names = ", ".join(c.id.replace("-", " ") for c, _ in breaches)
        desk.set_text(
            audit_id,
            "override_reason",
            f"Overall judged {overall.label}: the weaker grade for {names} reflects "
            "a recent gap the manager is already addressing.",
        )
    strengths = [t for t, p in themes if p == "strength"]
    areas = [t for t, p in themes if p != "strength"]
    desk.set_text(
        audit_id,
        "strengths",
        "; ".join(strengths) + "." if strengths else "Worker knows the child and family well.",
    )
    desk.set_text(
        audit_id,
        "areas_for_development",
        "; ".join(areas) + "."
        if areas
        else "Keep the plan and chronology current as things change.",
    )
    for what in rng.sample(ACTIONS, actions):
        desk.add_action(
            audit_id,
            what,
            case.manager or "Team manager",
            (today + timedelta(days=rng.randint(-14, 28))).isoformat(),
        )
    escalation = None
    if rules.needs_escalation(view.rubric, overall.key):
        escalation = (
            f"{case.manager}, team manager",
            f"{today.isoformat()} {rng.randint(9, 16):02d}:{rng.choice((0, 15, 30)):02d}",
            f"Strategy discussion today; {case.worker} to see the "
            f"{(case.child_pseudonym or 'child').rsplit(' ', 1)[0].lower()} alone "
            "within 24 hours.",
        )
    desk.submit(audit_id, escalation=escalation)


def spread_history(store: Store, rng: random.Random, today: date) -> None:
    """Spread the submitted audits over the past two years, so the dashboard has a trend
    and themes a previous period; demo.auditor's own stay within the last month. Taken in
    id order: the home screen's order breaks ties on the clock, and the seeded draws must
    fall to the same audits on every build."""
    for audit in sorted(store.audit_summaries(), key=lambda a: a.id):
        if audit.status != "submitted":
            continue
        days = rng.randint(0, 30) if audit.auditor == DEMO_USER else rng.randint(0, 720)
        at = datetime.combine(
            today - timedelta(days=days), time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))), UTC
        )
        store.backdate_submission(audit.id, at.isoformat(timespec="seconds"), "demo")


def moderate_some(store: Store, rng: random.Random) -> None:
    """The QA lead moderates a few audits, sometimes one grade harsher, so the
    queue, the auditors' agreement and the auditors' home screens show moderation."""
    from qa_tui.desks.moderation import ModerationDesk

    lead = ModerationDesk(AuditDesk(store, MODERATOR))
    for row in [r for r in lead.queue() if r["auditor"] != MODERATOR][:5]:
        moderate_one(lead, rng, row["audit_id"], 0.25)


def moderate_one(lead: ModerationDesk, rng: random.Random, audit_id: int, harsher: float) -> None:
    """Moderate one queued audit: each graded criterion one grade harsher with
    probability `harsher` (with the reason), the rest agreed; the auditor's overall
    grade kept; completed."""
    view = lead.open(audit_id)
    for c in view.audit.rubric.criteria:
        mine = view.audit.audit.answers[c.id]
        worse = (
            mine.grade_value is not None
            and rng.random() < harsher
            and mine.grade_value < len(view.audit.rubric.scale_for(c).grades)
        )
        if worse:
            lead.grade(
                audit_id,
                c.id,
                (mine.grade_value or 0) + 1,
                "The evidence recorded does not support the higher grade.",
            )
        else:
            lead.agree(audit_id, c.id)
    lead.set_overall(audit_id, view.audit.audit.overall_grade_value or 2)
    lead.complete(audit_id)
