"""Re-audits on a real SQLite file: "re-audit in N months", the QA lead's list of those
due, starting one as a linked audit, the earlier audit read beside it, and the change.

Nothing is mocked: every fixture writes a real file, and what is checked is what a
QA lead or a re-auditor would see.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import MINI_RUBRICS, graded_audit

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.reaudits import ReauditDesk
from qa_tui.domain.reaudits import Change
from qa_tui.domain.records import Case
from qa_tui.domain.sampling import SamplingRule
from qa_tui.store.database import Store

NORTH, EAST = "Assessment North", "Child Protection East"
SUBMITTED = "2025-03-10"
ESCALATION = ("Team manager Jo", "2025-06-02 10:00", "Visit arranged today")


@pytest.fixture
def cases(store: Store) -> list[str]:
    store.upsert_cases(
        [Case("CIN-0001", NORTH, cohort="CIN"), Case("CP-0002", EAST, cohort="CP")],
        "lena",
        "test",
    )
    return ["CIN-0001", "CP-0002"]


@pytest.fixture
def lena(store: Store) -> AuditDesk:
    return AuditDesk(store, "lena", MINI_RUBRICS)


@pytest.fixture
def reaudits(lena: AuditDesk) -> ReauditDesk:
    return ReauditDesk(lena)


def submitted(desk: AuditDesk, case_ref: str, grade: str = "requires-improvement") -> int:
    """A submitted mini audit, submitted on SUBMITTED."""
    audit_id = graded_audit(desk, case_ref, overall=grade, child_seen=grade)
    desk.submit(audit_id, ESCALATION if grade == "inadequate" else None)
    with desk.store.write() as conn:
        conn.execute(
            "UPDATE audits SET submitted_at = ? WHERE id = ?",
            (f"{SUBMITTED}T15:00:00+00:00", audit_id),
        )
    return audit_id


def schedule_row(store: Store, audit_id: int) -> dict:
    row = store._one("SELECT * FROM reaudits WHERE audit_id = ?", (audit_id,))
    assert row is not None
    return row


def reaudit_events(store: Store, audit_id: int) -> list[tuple[str | None, str | None]]:
    return [
        (e.old_value, e.new_value) for e in store.events("audit", audit_id) if e.field == "reaudit"
    ]


# -- scheduling ----------------------------------------------------------------------


def test_scheduling_sets_the_due_date_n_months_after_the_submit_date(
    desk: AuditDesk, cases: list[str], reaudits: ReauditDesk, store: Store
) -> None:
    earlier = submitted(desk, cases[0])
    assert reaudits.schedule(earlier, 3, "plan was vague") == date(2025, 6, 10)
    row = schedule_row(store, earlier)
    assert (row["months"], row["due_on"], row["reason"], row["set_by"]) == (
        3,
        "2025-06-10",
        "plan was vague",
        "lena",
    )
    # replacing one not yet started is allowed, and the events keep the old one
    assert reaudits.schedule(earlier, 6) == date(2025, 9, 10)
    assert schedule_row(store, earlier)["due_on"] == "2025-09-10"
    assert reaudit_events(store, earlier) == [
        (None, "in 3 months, due 2025-06-10: plan was vague"),
        ("in 3 months, due 2025-06-10", "in 6 months, due 2025-09-10"),
    ]


def test_scheduling_needs_a_submitted_audit_and_one_to_thirty_six_months(
    desk: AuditDesk, cases: list[str], reaudits: ReauditDesk, store: Store
) -> None:
    open_audit = graded_audit(desk, cases[0])
    with pytest.raises(ServiceError, match="not submitted"):
        reaudits.schedule(open_audit, 3)
    earlier = submitted(desk, cases[1])
    for months in (0, 37):
        with pytest.raises(ServiceError, match="1 to 36 months"):
            reaudits.schedule(earlier, months)
    with pytest.raises(ServiceError, match="does not exist"):
        reaudits.schedule(9999, 3)
    assert store._rows("SELECT * FROM reaudits") == []


def test_the_due_list_shows_what_is_due_and_what_is_due_soon(
    desk: AuditDesk, cases: list[str], reaudits: ReauditDesk
) -> None:
    north = submitted(desk, cases[0], "requires-improvement")
    east = submitted(desk, cases[1], "good")
    reaudits.schedule(north, 1, "vague plan")  # due 2025-04-10
    reaudits.schedule(east, 6)  # due 2025-09-10

    assert reaudits.due(date(2025, 3, 20)) == []
    [soon] = reaudits.due(date(2025, 4, 1))
    assert (soon.audit_id, soon.due_on, soon.soon) == (north, "2025-04-10", True)
    [due] = reaudits.due(date(2025, 4, 10))
    assert (due.case_ref, due.team, due.earlier_label, due.months, due.reason, due.soon) == (
        "CIN-0001",
        NORTH,
        "Requires improvement to be good",
        1,
        "vague plan",
        False,
    )
    assert [d.audit_id for d in reaudits.due(date(2025, 9, 1))] == [north, east]
    assert [d.soon for d in reaudits.due(date(2025, 9, 1))] == [False, True]

    reaudits.cancel(north, "case closed")
    assert [d.audit_id for d in reaudits.due(date(2025, 9, 1))] == [east]
    with pytest.raises(ServiceError, match="no re-audit scheduled"):
        reaudits.cancel(north, "again")
    with pytest.raises(ServiceError, match="needs a reason"):
        reaudits.cancel(east, "  ")


# -- starting one -------------------------------------------------------------------


def test_starting_makes_a_linked_audit_of_the_same_case_and_not_twice(
    desk: AuditDesk, cases: list[str], reaudits: ReauditDesk, store: Store
) -> None:
    earlier = submitted(desk, cases[0])
    reaudits.schedule(earlier, 1)
    new_id = reaudits.start(earlier, "bob", today=date(2025, 4, 11))
    row = store._one(
        "SELECT a.case_ref, a.auditor, a.status, a.previous_audit_id, a.due_on, "
        "a.programme_id, r.rubric_id FROM audits a JOIN rubric_versions r "
        "ON r.hash = a.rubric_hash WHERE a.id = ?",
        (new_id,),
    )
    assert row == {
        "case_ref": "CIN-0001",
        "auditor": "bob",
        "status": "to_do",
        "previous_audit_id": earlier,
        "due_on": "2025-04-25",
        "programme_id": None,
        "rubric_id": "mini",
    }
    assert schedule_row(store, earlier)["started_audit_id"] == new_id
    assert reaudits.due(date(2025, 12, 1)) == []
    assert reaudit_events(store, earlier)[-1] == (None, f"started as audit {new_id}")
    assert [e.new_value for e in store.events("audit", new_id)] == [
        f"bob (re-audit of audit {earlier})"
    ]
    # bob sees it on his home; a second start, a new schedule or a cancel are refused
    assert [a.id for a in AuditDesk(store, "bob", MINI_RUBRICS).my_audits()] == [new_id]
    for again in (
        lambda: reaudits.start(earlier, "carol"),
        lambda: reaudits.schedule(earlier, 3),
        lambda: reaudits.cancel(earlier, "no longer"),
    ):
        with pytest.raises(ServiceError, match=f"already started as audit {new_id}"):
            again()
    assert store._one("SELECT count(*) AS n FROM audits")["n"] == 2  # type: ignore[index]


def test_starting_keeps_the_independence_rule_and_writes_nothing_when_refused(
    desk: AuditDesk, cases: list[str], reaudits: ReauditDesk, lena: AuditDesk, store: Store
) -> None:
    earlier = submitted(desk, cases[0])
    ProgrammeDesk(lena).set_auditor_teams("nora", [NORTH])
    with pytest.raises(ServiceError, match="has no re-audit scheduled"):
        reaudits.start(earlier, "bob")
    reaudits.schedule(earlier, 1)
    with pytest.raises(ServiceError, match=f"nora belongs to or manages {NORTH}"):
        reaudits.start(earlier, "nora")
    assert store._one("SELECT count(*) AS n FROM audits")["n"] == 1  # type: ignore[index]
    assert schedule_row(store, earlier)["started_audit_id"] is None
    assert reaudits.start(earlier, "bob") > earlier


# -- the earlier audit beside the re-audit ---------------------------------------------------


def test_the_re_audit_reads_the_earlier_grades_actions_and_the_change(
    desk: AuditDesk, cases: list[str], reaudits: ReauditDesk, store: Store
) -> None:
    earlier = graded_audit(
        desk, cases[0], overall="requires-improvement", child_seen="requires-improvement"
    )
    done = desk.add_action(earlier, "Visit the child alone", "SW Amber", "2025-04-01")
    desk.add_action(earlier, "Update the plan", "TM Jo", "2025-05-01")
    desk.submit(earlier)
    FollowUps(AuditDesk(store, "lena", MINI_RUBRICS)).close("action", done, "Seen alone 28 March")
    reaudits.schedule(earlier, 3)
    later = reaudits.start(earlier, "bob")
    bob = AuditDesk(store, "bob", MINI_RUBRICS)

    view = ReauditDesk(bob).earlier(later)
    assert view is not None
    assert view.previous_audit_id == earlier and view.auditor == "alice"
    assert view.grades["child-seen"].words == "Requires improvement to be good"
    assert view.grades["child-seen"].question.startswith("Was the child seen")
    assert view.grades["plan-smart"].words == "Not applicable"
    assert view.grades["visits-in-time"].words == "Yes"
    assert [(a.what, a.closed) for a in view.actions] == [
        ("Visit the child alone", True),
        ("Update the plan", False),
    ]
    assert view.actions[0].closed_on == date.today().isoformat()
    assert view.earlier_overall == "Requires improvement to be good"
    assert view.change is None  # the re-audit is not graded yet

    graded_audit(bob, cases[0], overall="good")  # another audit: never confused with it
    for criterion, grade in (("child-seen", "good"), ("visits-in-time", "yes")):
        bob.grade(later, criterion, grade)
    bob.mark_not_applicable(later, "plan-smart")
    bob.set_overall(later, "good")
    bob.set_text(later, "overall_rationale", "Child now seen alone")
    bob.submit(later)
    view = ReauditDesk(bob).earlier(later)
    assert view is not None and view.change is Change.BETTER

    assert reaudits.earlier(earlier) is None  # not a re-audit


@pytest.mark.parametrize(
    ("auditor_grade", "moderated_grade", "later_grade", "change"),
    [
        ("good", "requires-improvement", "good", Change.BETTER),
        ("requires-improvement", "good", "requires-improvement", Change.WORSE),
        ("good", "good", "good", Change.SAME),
    ],
)
def test_the_change_counts_the_moderated_grade_once_moderation_is_complete(
    desk: AuditDesk,
    cases: list[str],
    reaudits: ReauditDesk,
    store: Store,
    auditor_grade: str,
    moderated_grade: str,
    later_grade: str,
    change: Change,
) -> None:
    earlier = graded_audit(desk, cases[0], overall=auditor_grade, child_seen=auditor_grade)
    desk.submit(earlier)
    with store.write() as conn:  # queued as a QA lead would pick it (the draw may not)
        conn.execute(
            "INSERT OR IGNORE INTO moderations (audit_id, selected_because, selected_at) "
            "VALUES (?, 'picked by hand', '2025-03-11')",
            (earlier,),
        )
    moderator = ModerationDesk(AuditDesk(store, "lena", MINI_RUBRICS))
    view = moderator.open(earlier)
    scale = view.audit.rubric.overall
    for c in view.audit.rubric.criteria:
        moderator.agree(earlier, c.id)
    number = scale.value_of(moderated_grade)
    moderator.grade(earlier, "child-seen", number, "seen with parents only")
    moderator.set_overall(earlier, number, "the plan is vague")
    reaudits.schedule(earlier, 3)
    later = reaudits.start(earlier, "bob")
    bob = AuditDesk(store, "bob", MINI_RUBRICS)
    bob.grade(later, "child-seen", later_grade)
    if later_grade == "requires-improvement":
        bob.save_evidence(later, "child-seen", "Rarely alone")
    bob.mark_not_applicable(later, "plan-smart")
    bob.grade(later, "visits-in-time", "yes")
    bob.set_overall(later, later_grade)
    bob.set_text(later, "overall_rationale", "Looked again")
    bob.submit(later)

    before = ReauditDesk(bob).earlier(later)
    assert before is not None
    assert before.earlier_overall == scale.grade(auditor_grade).label  # moderation not done
    moderator.complete(earlier)
    view = ReauditDesk(bob).earlier(later)
    assert view is not None
    assert view.grades["child-seen"].words == scale.grade(moderated_grade).label
    assert view.grades["child-seen"].moderated
    assert view.earlier_overall == scale.grade(moderated_grade).label
    assert view.change is change


def test_a_rounds_changes_list_each_re_audited_case(
    store: Store, lena: AuditDesk, reaudits: ReauditDesk
) -> None:
    store.upsert_cases([Case(f"AN-{i}", NORTH, cohort="CIN") for i in range(2)], "lena", "test")
    rounds = ProgrammeDesk(lena)
    rounds.set_auditor_teams("bob", [EAST])
    first = rounds.create(name="Spring", kind="dip_sample", rubric_ids=["mini"], owner="")
    rounds.draw(first.id, SamplingRule(per_team=2), seed=1)
    rounds.assign(first.id, ["bob"])
    bob = AuditDesk(store, "bob", MINI_RUBRICS)
    ids = [a.id for a in bob.my_audits()]
    for audit_id, grade in zip(sorted(ids), ("requires-improvement", "good"), strict=True):
        _grade(bob, audit_id, grade)
    again = rounds.repeat(first.id, name="Autumn", same_cases=True)
    rounds.assign(again.id, ["bob"])
    later = sorted(a.id for a in bob.my_audits() if a.id not in ids)
    for audit_id, grade in zip(later, ("good", "requires-improvement"), strict=True):
        _grade(bob, audit_id, grade)
    pairs = reaudits.changes("Autumn")
    assert [(p.case_ref, p.previous_audit_id, p.change) for p in pairs] == [
        ("AN-0", min(ids), Change.BETTER),
        ("AN-1", max(ids), Change.WORSE),
    ]
    assert reaudits.changes(first.id) == []
    with pytest.raises(ServiceError, match="no programme called"):
        reaudits.changes("Winter")


def _grade(desk: AuditDesk, audit_id: int, grade: str) -> None:
    desk.grade(audit_id, "child-seen", grade)
    if grade == "requires-improvement":
        desk.save_evidence(audit_id, "child-seen", "Rarely alone")
    desk.mark_not_applicable(audit_id, "plan-smart")
    desk.grade(audit_id, "visits-in-time", "yes")
    desk.set_overall(audit_id, grade)
    desk.set_text(audit_id, "overall_rationale", "Read the file")
    desk.submit(audit_id)


# -- the command line -------------------------------------------------------------------


def _shipped_audit(db: Path, case_ref: str) -> int:
    """A submitted audit against a shipped rubric (the CLI reads the shipped ones)."""
    store = Store.open(db)
    try:
        desk = AuditDesk(store, "alice")
        audit_id = desk.start_audit(case_ref, "voice-of-the-child")
        rubric = desk.store.rubric_for_audit(audit_id)
        for c in rubric.criteria:
            desk.grade(audit_id, c.id, rubric.scale_for(c).grades[0].key)
        desk.set_overall(audit_id, "outstanding")
        desk.set_text(audit_id, "overall_rationale", "Child's voice throughout")
        desk.submit(audit_id)
        with store.write() as conn:
            conn.execute(
                "UPDATE audits SET submitted_at = ? WHERE id = ?",
                (f"{SUBMITTED}T15:00:00+00:00", audit_id),
            )
    finally:
        store.close()
    return audit_id


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", str(db), "--user", "lena"])


def test_the_command_line_schedules_lists_starts_and_refuses(
    db_path: Path, store: Store, cases: list[str]
) -> None:
    ProgrammeDesk(AuditDesk(store, "lena")).set_auditor_teams("nora", [EAST])
    earlier = _shipped_audit(db_path, cases[1])

    result = run(db_path, "reaudits", "schedule", str(earlier), "--months", "2", "--reason", "x")
    assert result.exit_code == 0, result.stderr
    assert "due 2025-05-10" in result.stderr

    shown = run(db_path, "reaudits", "due", "--today", "2025-05-01", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    [row] = json.loads(shown.stdout)["reaudits"]
    assert (row["audit_id"], row["case_ref"], row["team"], row["soon"]) == (
        earlier,
        "CP-0002",
        EAST,
        True,
    )
    assert row["earlier_label"] == "Outstanding"
    text = run(db_path, "reaudits", "due", "--today", "2025-05-10").stdout
    assert "CP-0002" in text and "due  2025-05-10" in text

    refused = run(db_path, "reaudits", "start", str(earlier), "--auditor", "nora")
    assert refused.exit_code == 1
    assert "nora belongs to or manages Child Protection East" in refused.stderr
    assert "Traceback" not in refused.output

    started = run(db_path, "reaudits", "start", str(earlier), "--auditor", "bob")
    assert started.exit_code == 0, started.stderr
    new_id = int(started.stdout)
    again = run(db_path, "reaudits", "start", str(earlier), "--auditor", "bob")
    assert again.exit_code == 1 and f"already started as audit {new_id}" in again.stderr

    bad = run(db_path, "reaudits", "schedule", str(earlier), "--months", "40")
    assert bad.exit_code == 2  # bad usage: click says the range
    missing = run(db_path, "reaudits", "changes", "--programme", "Nope")
    assert missing.exit_code == 1 and "no programme called 'Nope'" in missing.stderr

    empty = run(db_path, "reaudits", "cancel", str(new_id), "--reason", "never set")
    assert empty.exit_code == 1 and "no re-audit scheduled" in empty.stderr


def test_the_command_line_prints_a_rounds_changes(db_path: Path, store: Store) -> None:
    store.upsert_cases([Case("AN-0", NORTH, cohort="CIN")], "lena", "test")
    lena = AuditDesk(store, "lena")
    rounds = ProgrammeDesk(lena)
    first = rounds.create(name="Spring", kind="dip_sample", rubric_ids=["smart-plans"], owner="")
    rounds.draw(first.id, SamplingRule(per_team=1), seed=1)
    rounds.assign(first.id, ["bob"], relax_reason="single-team test")
    again = rounds.repeat(first.id, name="Autumn", same_cases=True)
    rounds.assign(again.id, ["bob"], relax_reason="single-team test")
    [earlier, later] = [a.id for a in sorted(AuditDesk(store, "bob").my_audits(), key=_id)]

    shown = run(db_path, "reaudits", "changes", "--programme", "Autumn", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    [pair] = json.loads(shown.stdout)["changes"]
    assert (pair["audit_id"], pair["previous_audit_id"], pair["change"]) == (
        later,
        earlier,
        None,
    )
    text = run(db_path, "reaudits", "changes", "--programme", str(again.id)).stdout
    assert f"was {earlier}" in text and "AN-0" in text


def _id(a: object) -> int:
    return a.id  # type: ignore[attr-defined,no-any-return]


def test_the_due_date_is_never_past_the_months_end() -> None:
    from qa_tui.domain.dates import months_before

    assert months_before(date(2025, 8, 31), -6) == date(2026, 2, 28)
    assert months_before(date(2025, 1, 31), -1) + timedelta(days=1) == date(2025, 3, 1)
