"""The demo database: invented cases and audits for trying qa-tui without real data.

`qa-tui demo` opens the auditor's desk on this file so that a newcomer, a trainer or a
reviewer sees every screen with something on it (audits to do, half graded, submitted,
one Inadequate with its escalation, one reopened with a recorded reason) without a
single real child's record leaving a council's systems. Every case, child, worker and auditor here
is invented and looks it: references start with "DEMO-", children are "Child K7".

It is built only through the auditor's desk (`AuditDesk`), one desk per auditor, so the
rules that guard a real submit guard the demo too and the events log says who did what.
The same seed gives the same cases and grades on every build.
"""

from __future__ import annotations

import os
import random
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_data import (
    ACTIONS,
    MODERATOR,
    OTHER_AUDITORS,
    RATIONALES,
    STRONG_NOTES,
    TEAMS,
    WEAK_NOTES,
    WHERE_SEEN,
)
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.paths import DEMO_USER, make_private_dir
from qa_tui.store.database import Store

SEED = 2026
CASES_PER_TEAM = 9

CARE_LEAVERS_RUBRIC = "care-leavers-pathway-plans"
# Overall grade values (1 Outstanding .. 4 Inadequate) for the other auditors' thirty
# submitted audits: Good most common, few at either end. Shuffled, never drawn, so the
# spread is the same on every build.
OTHERS_OVERALL = (1,) * 2 + (2,) * 17 + (3,) * 8 + (4,) * 3
IN_PROGRESS_WEIGHTS = (5, 55, 30, 10)


DEMO_SOURCE = "demo data (invented)"


def is_demo_database(path: Path) -> bool:
    """True when `path` holds only the demo's invented cases (safe to throw away)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            real = conn.execute(
                "SELECT count(*) FROM cases WHERE case_ref NOT LIKE 'DEMO-%'"
            ).fetchone()[0]
            made = conn.execute(
                "SELECT count(*) FROM events WHERE entity = 'cases' AND entity_id = ?",
                (DEMO_SOURCE,),
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return real == 0 and made > 0


def build_demo_database(path: Path, *, today: date | None = None) -> None:
    """Build the demo database at `path`, atomically: complete, or nothing is left behind.

    An existing file at `path` is replaced only once the new one is finished.
    """
    path = Path(path)
    today = today or date.today()
    make_private_dir(path.parent)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".building", dir=path.parent)
    os.close(fd)  # mkstemp makes it owner-only (0600), and the store keeps it so
    building = Path(name)
    try:
        store = Store.open(building)
        try:
            _populate(store, random.Random(SEED), today)
        finally:
            store.close()  # checkpoints the WAL into the file and removes -wal/-shm
        for suffix in ("-wal", "-shm"):  # a stale log must never be replayed onto the new file
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(building, path)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        raise


def _cases(rng: random.Random, today: date) -> list[Case]:
    cases: list[Case] = []
    numbers: dict[str, list[int]] = {}
    codes = [code for _, _, code, _, _ in TEAMS]
    for code in dict.fromkeys(codes):
        numbers[code] = sorted(rng.sample(range(1, 100), CASES_PER_TEAM * codes.count(code)))
    tags = rng.sample(
        [f"{letter}{digit}" for letter in "ABCDEFGHJKLMNPRSTVWXZ" for digit in range(1, 10)],
        len(TEAMS) * CASES_PER_TEAM,
    )
    for team, cohort, code, manager, workers in TEAMS:
        for _ in range(CASES_PER_TEAM):
            if code == "CL":
                age, attributes = (
                    "18-21",
                    {
                        "accommodation": rng.choice(
                            ("Supported lodgings", "Staying put", "Own tenancy", "Semi-independent")
                        )
                    },
                )
            else:
                age = rng.choice(
                    ("5-10", "11-15", "16-17")
                    if code == "DIS"
                    else ("0-4", "5-10", "11-15", "16-17")
                )
                attributes = {"re_referral": "Y" if rng.random() < 0.2 else "N"}
            person = "Young person" if age in ("16-17", "18-21") else "Child"
            cases.append(
                Case(
                    case_ref=f"DEMO-{code}-{numbers[code].pop(0):04d}",
                    team=team,
                    worker=rng.choice(workers),
                    manager=manager,
                    cohort=cohort,
                    child_pseudonym=f"{person} {tags.pop()}",
                    opened_on=(today - timedelta(days=rng.randint(20, 6 * 365 - 1))).isoformat(),
                    attributes={"age_band": age, **attributes},
                )
            )
    return cases


def _populate(store: Store, rng: random.Random, today: date) -> None:
    cases = _cases(rng, today)
    store.upsert_cases(cases, MODERATOR, DEMO_SOURCE)
    desks = {u: AuditDesk(store, u) for u in (DEMO_USER, *OTHER_AUDITORS)}
    # The head of service allocates every audit, so the rubric files are read once.
    rubric_ids = [f.rubric.id for f in desks[MODERATOR].rubric_files()]
    general = [r for r in rubric_ids if r != CARE_LEAVERS_RUBRIC] or rubric_ids
    queue = rng.sample(cases, len(cases))  # each audit takes a different case
    turn = 0

    def start(auditor: str, due_in: int) -> tuple[int, Case]:
        nonlocal turn
        case = queue.pop()
        if case.cohort == "Care leaver" and CARE_LEAVERS_RUBRIC in rubric_ids:
            rubric_id = CARE_LEAVERS_RUBRIC
        else:
            rubric_id, turn = general[turn % len(general)], turn + 1
        audit_id = desks[MODERATOR].start_audit(
            case.case_ref,
            rubric_id,
            auditor=auditor,
            due_on=today + timedelta(days=due_in),
            today=today,
        )
        return audit_id, case

    # demo.auditor: four to do, one already overdue
    for due_in in (-3, 5, 9, 16):
        start(DEMO_USER, due_in)
    # two in progress, partly graded
    for due_in, target in ((4, 2), (7, 3)):
        audit_id, case = start(DEMO_USER, due_in)
        _grade(desks[DEMO_USER], rng, audit_id, target, stop_after=3)
    # one submitted, then reopened with a reason: in progress again
    audit_id, case = start(DEMO_USER, 2)
    _complete(desks[DEMO_USER], rng, audit_id, case, 2, today, actions=1)
    desks[MODERATOR].reopen(
        audit_id,
        "Moderation: the overall grade looks generous against "
        "the evidence; please review and resubmit.",
    )
    # six submitted: Good most common, one Outstanding, one Inadequate with its escalation
    for target in (2, 3, 1, 2, 4, 2):
        audit_id, case = start(DEMO_USER, rng.randint(-20, 10))
        _complete(desks[DEMO_USER], rng, audit_id, case, target, today, actions=rng.randint(1, 2))
    # the other auditors: thirty submitted and a few in progress, for the dashboards
    targets = rng.sample(OTHERS_OVERALL, len(OTHERS_OVERALL))
    for auditor, submitted, in_progress in (
        ("qa.birch", 11, 2),
        ("qa.rowan", 11, 1),
        (MODERATOR, 8, 1),
    ):
        for _ in range(submitted):
            audit_id, case = start(auditor, rng.randint(-40, 10))
            target = targets.pop()
            _complete(
                desks[auditor],
                rng,
                audit_id,
                case,
                target,
                today,
                actions=int(target >= 3) + int(rng.random() < 0.3),
            )
        for _ in range(in_progress):
            audit_id, _case = start(auditor, rng.randint(1, 14))
            target = rng.choices((1, 2, 3, 4), IN_PROGRESS_WEIGHTS)[0]
            _grade(desks[auditor], rng, audit_id, target, stop_after=rng.randint(2, 4))
    _programmes(store, rng, today)
    _moderations(store, rng)
    _history(store, rng, today)
    _action_plan(store, today)


def _history(store: Store, rng: random.Random, today: date) -> None:
    """Spread the submitted audits over the past two years, so the dashboard has a trend
    and themes a previous period; demo.auditor's own stay within the last month."""
    for audit in store.audit_summaries():
        if audit.status != "submitted":
            continue
        days = rng.randint(0, 30) if audit.auditor == DEMO_USER else rng.randint(0, 720)
        at = datetime.combine(
            today - timedelta(days=days), time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))), UTC
        )
        store.backdate_submission(audit.id, at.isoformat(timespec="seconds"), "demo")


def _moderations(store: Store, rng: random.Random) -> None:
    """The head of service moderates a few audits, sometimes one grade harsher, so the
    queue, the auditors' agreement and the auditors' home screens show moderation."""
    from qa_tui.desks.moderation import ModerationDesk

    lead = ModerationDesk(AuditDesk(store, MODERATOR))
    for row in [r for r in lead.queue() if r["auditor"] != MODERATOR][:5]:
        view = lead.open(row["audit_id"])
        for c in view.audit.rubric.criteria:
            mine = view.audit.audit.answers[c.id]
            harsher = (
                mine.grade_value is not None
                and rng.random() < 0.25
                and mine.grade_value < len(view.audit.rubric.scale_for(c).grades)
            )
            if harsher:
                lead.grade(
                    row["audit_id"],
                    c.id,
                    (mine.grade_value or 0) + 1,
                    "The evidence recorded does not support the higher grade.",
                )
            else:
                lead.agree(row["audit_id"], c.id)
        overall = view.audit.audit.overall_grade_value or 2
        lead.set_overall(row["audit_id"], overall)
        lead.complete(row["audit_id"])


def _programmes(store: Store, rng: random.Random, today: date) -> None:
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


def _grade(
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


def _complete(
    desk: AuditDesk,
    rng: random.Random,
    audit_id: int,
    case: Case,
    target: int,
    today: date,
    actions: int,
) -> None:
    """Grade everything, write the judgement, add case actions and submit."""
    themes = _grade(desk, rng, audit_id, target)
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


def _action_plan(store: Store, today: date) -> None:
    """An improvement plan set six months ago: one item on track, one off track, one
    the owner marked at risk, and one not yet SMART."""
    from qa_tui.desks.plan import ActionDesk
    from qa_tui.desks.themes import shift_month
    from qa_tui.domain.plan_records import Measure
    from qa_tui.store.dashboard import DashboardStore
    from qa_tui.store.plan import ActionStore

    plan = ActionDesk(ActionStore(store), DashboardStore(store), MODERATOR)
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
