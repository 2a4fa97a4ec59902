"""The database tests/test_permissions.py walks: a QA team's year in miniature.

Built once per test session in two files: `single` (cases, audits, moderation,
follow-ups, programmes, the action plan and themes, made by a single-user database's
desks, as before people existed) and `people` (the same, then one person per role,
a disabled person, and a script's token). Each walked call runs on a fresh copy.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from conftest import MINI_RUBRICS, graded_audit

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.people import PeopleDesk
from qa_tui.desks.plan import ActionDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.domain.people import Person, nobody
from qa_tui.domain.permissions import Facts
from qa_tui.domain.records import Case
from qa_tui.domain.sampling import SamplingRule
from qa_tui.store.database import Store

ADMIN, ANN, BOB, LEE = "ada.admin", "ann.auditor", "bob.auditor", "lee.lead"
MAX, HANA, PAT, DAN = "max.manager", "hana.head", "pat.partner", "dan.disabled"
STRANGER = "nosuch.person"  # not a person of the database at all
EVERYONE = [ANN, BOB, LEE, MAX, HANA, PAT, ADMIN, DAN, STRANGER]
ADMIN_PASSPHRASE = "correct horse battery staple"
ESCALATION = ("Team manager Jo", "2025-06-02 10:00", "Visit arranged today")
FUTURE = "2031-01-31"

# name, display name, roles, teams (belongs to), manages, agency
PEOPLE = [
    (ADMIN, "Ada Admin", ["admin"], [], [], None),
    (ANN, "Ann Auditor", ["auditor"], ["Team A"], [], None),
    (BOB, "Bob Auditor", ["auditor"], ["Team B"], [], None),
    (LEE, "Lee Lead", ["qa_lead"], [], [], None),
    (MAX, "Max Manager", ["manager"], [], ["Team A"], None),
    (HANA, "Hana Head", ["head_of_service"], [], [], None),
    (PAT, "Pat Partner", ["partner"], [], [], "Police"),
    (DAN, "Dan Disabled", ["auditor"], [], [], None),
]

_RUBRICS: list = []


def desk_for(store: Store, user: str) -> AuditDesk:
    """A person's desk, the mini rubric read once for the whole walk."""
    desk = AuditDesk(store, user, MINI_RUBRICS)
    if not _RUBRICS:
        _RUBRICS.extend(desk.rubric_files())
    desk._rubric_files = list(_RUBRICS)
    return desk


@dataclass
class World:
    """What the walk needs to name: the files, and the ids made in them."""

    single: Path
    people: Path
    case_file: Path
    audits: dict[str, int] = field(default_factory=dict)  # a_mod, a_sub, a_wip, ...
    facts: dict[str, Facts] = field(default_factory=dict)  # the same keys
    themes: dict[str, str] = field(default_factory=dict)  # audit key -> a theme it has
    actions: dict[str, int] = field(default_factory=dict)  # audit key -> a case action
    follow_ups: dict[str, tuple[str, int, Facts]] = field(default_factory=dict)
    programme: int = 0  # sampled and assigned, a case added by hand still waiting
    fresh_programme: int = 0  # created, nothing drawn
    added_case: str = ""  # added by hand to `programme`, no audit yet
    spare_case: str = ""  # in no programme
    assigned_case: str = ""  # a case of `programme` with an open audit
    item: int = 0  # an action plan item
    bob_token: int = 0
    calibration: int = 0  # an open calibration exercise, nobody's grades yet
    family_view: int = 0  # on a_wip, recorded by its auditor
    multi_round: int = 0  # a multi_agency round: C-C3 audited by the police and Ann

    def person(self, store: Store, name: str) -> Person:
        return store.person(name) or nobody(name)


def _cases(store: Store) -> None:
    cases = [
        Case(ref, team, cohort="CIN")
        for team, refs in (
            ("Team A", ["C-A1", "C-A2", "C-A3", "C-A4", "C-A5"]),
            ("Team B", ["C-B1", "C-B2", "C-B3", "C-B4", "C-B5"]),
            ("Team C", ["C-C1", "C-C2", "C-C3", "C-C4", "C-C5"]),
        )
        for ref in refs
    ]
    store.upsert_cases(cases, LEE, "test")
    desk_for(store, LEE).save_case_mapping("saved", {"case_ref": "Ref", "team": "Team"})


def _audits(store: Store, w: World) -> None:
    ann, bob, lee, pat = (desk_for(store, u) for u in (ANN, BOB, LEE, PAT))
    team = {"A": "Team A", "B": "Team B", "C": "Team C"}

    def ready(key: str, desk: AuditDesk, case: str, grade: str = "good") -> int:
        audit_id = graded_audit(desk, case, overall=grade, child_seen=grade)
        w.audits[key] = audit_id
        w.facts[key] = Facts(auditor=desk.user, team=team[case[2]])
        return audit_id

    # ann: one submitted and moderated (Inadequate, so escalated), one submitted and
    # waiting for moderation, one in progress; bob and lee the same but moderated.
    a_mod = ready("a_mod", ann, "C-A1", "inadequate")
    ann.submit(a_mod, ESCALATION)
    a_sub = ready("a_sub", ann, "C-A2", "outstanding")
    other_a = ann.add_action(a_sub, "Update the plan", "Someone Else", FUTURE)
    ann.submit(a_sub)
    b_sub = ready("b_sub", bob, "C-B1", "outstanding")
    bob.add_theme(b_sub, "child-seen", "-Plans not SMART")
    head_b = bob.add_action(b_sub, "Review supervision", "Hana Head", FUTURE)
    other_b = bob.add_action(b_sub, "Chase the chronology", "Someone Else", FUTURE)
    bob.submit(b_sub)
    l_sub = ready("l_sub", lee, "C-B3", "outstanding")
    lee.submit(l_sub)
    for key, desk, case in (
        ("a_wip", ann, "C-A3"),
        ("b_wip", bob, "C-B2"),
        ("l_wip", lee, "C-C1"),
        ("p_wip", pat, "C-C2"),
    ):
        audit_id = ready(key, desk, case)
        w.themes[key] = desk.add_theme(audit_id, "child-seen", "+Child seen alone regularly")[0]
        w.actions[key] = desk.add_action(audit_id, "Visit again", "Someone Else", FUTURE)
    bob.add_theme(w.audits["b_wip"], "plan-smart", "-Plans are vague")

    moderator = ModerationDesk(lee)
    for key in ("a_mod", "a_sub", "b_sub"):
        view = moderator.open(w.audits[key])
        for c in view.audit.rubric.criteria:
            moderator.agree(w.audits[key], c.id)
        moderator.set_overall(w.audits[key], view.audit.audit.overall_grade_value or 1)
    moderator.complete(a_mod)
    w.facts["a_mod"] = Facts(auditor=ANN, team="Team A", moderated=True)

    [escalation] = store._rows("SELECT id FROM escalations WHERE audit_id = ?", (a_mod,))
    w.follow_ups = {
        "escalation told to a Team A manager": (
            "escalation",
            escalation["id"],
            Facts(team="Team A", owner=ESCALATION[0]),
        ),
        "Team A action of someone else": (
            "action",
            other_a,
            Facts(team="Team A", owner="Someone Else"),
        ),
        "Team B action owned by Hana Head": (
            "action",
            head_b,
            Facts(team="Team B", owner="Hana Head"),
        ),
        "Team B action of someone else": (
            "action",
            other_b,
            Facts(team="Team B", owner="Someone Else"),
        ),
    }


def _programmes_and_plan(store: Store, w: World) -> None:
    lead = ProgrammeDesk(desk_for(store, LEE))
    lead.set_auditor_teams(ANN, ["Team A"])
    lead.set_auditor_teams(BOB, ["Team B"])
    round_one = lead.create(name="Round one", kind="dip_sample", rubric_ids=["mini"], owner="")
    lead.draw(round_one.id, SamplingRule(per_team=1), seed=11)
    lead.assign(round_one.id, [ANN, BOB])
    w.programme = round_one.id
    [row] = store._rows(
        "SELECT case_ref FROM audits WHERE programme_id = ? ORDER BY id LIMIT 1",
        (round_one.id,),
    )
    w.assigned_case = row["case_ref"]
    chosen = {case for case, _team in lead.store.chosen_cases(round_one.id)}
    w.added_case, w.spare_case = [
        c for c in ("C-C5", "C-B5", "C-A5", "C-C4", "C-B4", "C-A4") if c not in chosen
    ][:2]
    lead.add_case(round_one.id, w.added_case, "the inspector asked for it")
    w.fresh_programme = lead.create(
        name="Round two", kind="thematic", rubric_ids=["mini"], owner=""
    ).id

    plan = ActionDesk(desk_for(store, LEE))
    plan.add_recommendation("R1", "Make plans SMART", "Ofsted")
    w.item = plan.create("Plans are SMART", owner="Hana Head", due_on=FUTURE, recommendation="R1")


def _people(store: Store, w: World) -> None:
    admin = PeopleDesk(desk_for(store, ADMIN))
    for name, display, roles, teams, manages, agency in PEOPLE:
        admin.add(
            name,
            display,
            roles,
            teams=teams,
            manages=manages,
            agency=agency,
            passphrase=ADMIN_PASSPHRASE if name == ADMIN else None,
        )
    admin.disable(DAN)
    PeopleDesk(desk_for(store, BOB)).issue_token("nightly export")
    w.bob_token = store.tokens(BOB)[0]["id"]


def _calibration_and_family_view(store: Store, w: World) -> None:
    from qa_tui.desks.calibration import CalibrationDesk
    from qa_tui.desks.family_views import FamilyViews

    w.calibration = CalibrationDesk(desk_for(store, LEE)).create("Calibration", "mini", "C-A1")
    auditor = w.facts["a_wip"].auditor or ""
    w.family_view = (
        FamilyViews(desk_for(store, auditor))
        .add(w.audits["a_wip"], "parent", "phone", "It helped", 4)
        .id
    )


def _multi_agency(store: Store, w: World) -> None:
    """Both agencies' audits of C-C3 submitted; no joint grade agreed yet."""
    from qa_tui.desks.multi_agency import MultiAgencyDesk

    lead = ProgrammeDesk(desk_for(store, LEE))
    w.multi_round = lead.create(
        name="Partnership", kind="multi_agency", rubric_ids=["mini"], owner=""
    ).id
    lead.add_case(w.multi_round, "C-C3", "chosen by the partnership")
    made = MultiAgencyDesk(desk_for(store, LEE)).assign(
        w.multi_round, [f"Police={PAT}", f"Children's social care={ANN}"]
    )
    for _case, agency, audit_id in made:
        desk = desk_for(store, PAT if agency == "Police" else ANN)
        desk.grade(audit_id, "child-seen", "good")
        desk.mark_not_applicable(audit_id, "plan-smart")
        desk.grade(audit_id, "visits-in-time", "yes" if agency == "Police" else "partly")
        desk.save_evidence(audit_id, "visits-in-time", "One visit late")
        desk.set_overall(audit_id, "good")
        desk.set_text(audit_id, "overall_rationale", "Read from the agency's records")
        desk.submit(audit_id)


def build_world(folder: Path) -> World:
    w = World(
        single=folder / "single.sqlite3",
        people=folder / "people.sqlite3",
        case_file=folder / "cases.csv",
    )
    w.case_file.write_text("case_ref,team\nC-N1,Team C\n", "utf-8")
    store = Store.open(w.single)
    _cases(store)
    _audits(store, w)
    _programmes_and_plan(store, w)
    _calibration_and_family_view(store, w)
    _multi_agency(store, w)
    store.close()  # the whole database is in the one file
    shutil.copyfile(w.single, w.people)
    store = Store.open(w.people, create=False)
    _people(store, w)
    store.close()
    return w


def fresh_copy(template: Path, target: Path) -> Path:
    """The template as a new file: no write of one walked call reaches the next."""
    for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target
