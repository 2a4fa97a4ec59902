"""The demo database: invented cases and audits for trying qa-tui without real data.

`qa-tui demo` opens the auditor's desk on this file so that a newcomer, a trainer or a
reviewer sees every screen with something on it (audits to do, half graded, submitted,
one Inadequate with its escalation, one reopened with a recorded reason) without a
single real child's record leaving a council's systems. Every case, child, worker and auditor here
is invented and looks it: references start with "DEMO-", children are "Child K7".

It is built only through the auditor's desk (`AuditDesk`), one desk per auditor, so the
rules that guard a real submit guard the demo too and the events log says who did what.
The same seed gives the same cases and grades on every build.

This module builds the file and decides which audits there are (to do, in progress,
submitted); `demo_history` grades, submits, backdates and moderates them, and
`demo_plan` adds the programmes and the improvement action plan. The build runs
single-user, as any database does before people are added; a person in every role is
added last (`demo_data.DEMO_PEOPLE`, all with the passphrase DEMO_PASSPHRASE), and
`qa-tui demo --as NAME` opens the demo as any of them without signing in.
"""

from __future__ import annotations

import os
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.demo_agreement import add_agreement_history
from qa_tui.desks.demo_board import add_board
from qa_tui.desks.demo_calibration import add_calibration
from qa_tui.desks.demo_data import (
    DEMO_ADMIN,
    DEMO_PASSPHRASE,
    DEMO_PEOPLE,
    MODERATOR,
    OTHER_AUDITORS,
    TEAMS,
)
from qa_tui.desks.demo_family_views import add_family_views
from qa_tui.desks.demo_feedback import add_feedback
from qa_tui.desks.demo_history import complete_audit, grade_audit, moderate_some, spread_history
from qa_tui.desks.demo_moderation import add_steered_moderation
from qa_tui.desks.demo_multi_agency import add_multi_agency_round
from qa_tui.desks.demo_open import DEMO_SOURCE
from qa_tui.desks.demo_plan import add_action_plan, add_programmes
from qa_tui.desks.demo_reaudits import add_reaudits
from qa_tui.desks.demo_round import add_summer_round
from qa_tui.desks.demo_supervision import add_supervision_audits
from qa_tui.desks.demo_workshops import add_workshops
from qa_tui.domain.people import Person, Role
from qa_tui.domain.records import Case
from qa_tui.paths import DEMO_USER, make_private_dir
from qa_tui.store.database import Store

SEED = 2026
CASES_PER_TEAM = 9

CARE_LEAVERS_RUBRIC = "care-leavers-pathway-plans"
# The seeded history takes turns over these rubrics only, so that shipping a new rubric
# leaves every seeded audit, grade and id as it was; each other shipped rubric gets one
# audit, started at the very end (see `_start_the_rest`).
ROTATION = (
    "chronologies",
    "quality-of-assessment",
    "smart-plans",
    "supervision-and-management-oversight",
    "voice-of-the-child",
    "whole-case-file",
)
# Overall grade values (1 Outstanding .. 4 Inadequate) for the other auditors' thirty
# submitted audits: Good most common, few at either end. Shuffled, never drawn, so the
# spread is the same on every build.
OTHERS_OVERALL = (1,) * 2 + (2,) * 17 + (3,) * 8 + (4,) * 3
IN_PROGRESS_WEIGHTS = (5, 55, 30, 10)


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
    # The QA lead allocates every audit, so the rubric files are read once.
    rubric_ids = [f.rubric.id for f in desks[MODERATOR].rubric_files()]
    general = [r for r in rubric_ids if r in ROTATION] or rubric_ids
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
        grade_audit(desks[DEMO_USER], rng, audit_id, target, stop_after=3)
    # one submitted, then reopened with a reason: in progress again
    audit_id, case = start(DEMO_USER, 2)
    complete_audit(desks[DEMO_USER], rng, audit_id, case, 2, today, actions=1)
    desks[MODERATOR].reopen(
        audit_id,
        "Moderation: the overall grade looks generous against "
        "the evidence; please review and resubmit.",
    )
    # six submitted: Good most common, one Outstanding, one Inadequate with its escalation
    for target in (2, 3, 1, 2, 4, 2):
        audit_id, case = start(DEMO_USER, rng.randint(-20, 10))
        complete_audit(
            desks[DEMO_USER], rng, audit_id, case, target, today, actions=rng.randint(1, 2)
        )
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
            complete_audit(
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
            grade_audit(desks[auditor], rng, audit_id, target, stop_after=rng.randint(2, 4))
    add_programmes(store, rng, today)
    moderate_some(store, rng)
    spread_history(store, rng, today)
    add_action_plan(store, today)
    add_reaudits(store, rng, today)
    add_supervision_audits(store, rng, today)
    add_steered_moderation(store, rng, today)
    add_feedback(store, rng, today)
    add_summer_round(store, rng, today)
    add_board(store, rng, today)
    add_workshops(store, rng, today)
    add_agreement_history(store, today)
    add_family_views(store)
    add_calibration(store, today)
    _start_the_rest(store, today)
    add_multi_agency_round(store, today)
    add_people(store)


def _start_the_rest(store: Store, today: date) -> None:
    """One audit, not yet started by its auditor, for each shipped rubric the seeded
    history did not use (e.g. the front-door rubric on a MASH case), so every rubric can
    be tried in the demo. Made last and without the seeded random draws, so nothing made
    before it changes when a rubric is added."""
    lead = AuditDesk(store, MODERATOR)
    used = {a.rubric_id for a in store.audit_summaries()}
    cases = sorted(store.find_cases("", limit=1000), key=lambda c: (c.team != "MASH", c.case_ref))
    for n, f in enumerate(f for f in lead.rubric_files() if f.rubric.id not in used):
        lead.start_audit(
            cases[n % len(cases)].case_ref,
            f.rubric.id,
            auditor="qa.birch",
            due_on=today + timedelta(days=14),
            today=today,
        )


def add_people(store: Store) -> None:
    """A person in every role, each signing in with DEMO_PASSPHRASE. Added after the rest,
    so the build itself stays single-user; the auditors keep the teams `demo_plan` gave.

    One hash serves everyone (a hash costs ~80 ms): the passphrase is published anyway.
    """
    from qa_tui.desks.programmes import ProgrammeDesk
    from qa_tui.domain.passphrases import hash_passphrase

    teams = ProgrammeDesk(AuditDesk(store, MODERATOR)).auditor_teams()
    digest = hash_passphrase(DEMO_PASSPHRASE)
    for user_name, display_name, roles, manages, agency in DEMO_PEOPLE:
        person = Person(
            user_name,
            display_name,
            frozenset(Role(r) for r in roles),
            teams=tuple(teams.get(user_name, ())),
            manages=manages,
            agency=agency,
        )
        store.add_person(person, digest, DEMO_ADMIN)
