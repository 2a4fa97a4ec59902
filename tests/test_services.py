"""The auditor's desk: the use cases both the TUI and the command line go through."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import MINI_YAML, graded_audit

from qa_tui.desks.audits import (
    AuditDesk,
    EscalationRequired,
    ServiceError,
    SubmitBlocked,
    tidy_theme,
)
from qa_tui.store.database import Store

NEW_GUIDANCE = "Seen alone at most visits, and their wishes written down."


def test_an_audit_keeps_the_rubric_version_it_was_started_with(
    tmp_path: Path, store: Store, mini_case: str
) -> None:
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    original = MINI_YAML.read_text("utf-8")
    (rubrics / "mini.yaml").write_text(original, "utf-8")
    old_id = AuditDesk(store, "alice", rubrics).start_audit(mini_case, "mini")

    (rubrics / "mini.yaml").write_text(
        original.replace('version: "1"', 'version: "2"').replace(
            "Seen alone at most visits.", NEW_GUIDANCE
        ),
        "utf-8",
    )
    desk = AuditDesk(store, "alice", rubrics)  # a later session reads the edited file
    new_id = desk.start_audit(mini_case, "mini")

    old, new = desk.open_audit(old_id), desk.open_audit(new_id)
    assert old.rubric.version == "1"
    assert old.criterion("child-seen").guidance["good"] == "Seen alone at most visits."
    assert new.rubric.version == "2"
    assert new.criterion("child-seen").guidance["good"] == NEW_GUIDANCE
    assert old.audit.rubric_hash != new.audit.rubric_hash

    # Even with the file gone, the old audit still opens and grades against its version.
    (rubrics / "mini.yaml").unlink()
    assert desk.grade(old_id, "child-seen", "good").grade_label == "Good"


def test_same_rubric_twice_is_one_version(desk: AuditDesk, mini_case: str) -> None:
    first = desk.open_audit(desk.start_audit(mini_case, "mini")).audit.rubric_hash
    second = desk.open_audit(desk.start_audit(mini_case, "mini")).audit.rubric_hash
    assert first == second
    assert desk.store.conn.execute("SELECT count(*) FROM rubric_versions").fetchone()[0] == 1


def test_start_audit_refuses_unknown_case_and_rubric(desk: AuditDesk, mini_case: str) -> None:
    with pytest.raises(ServiceError, match="no case with reference 'CIN-9999'"):
        desk.start_audit("CIN-9999", "mini")
    with pytest.raises(ServiceError, match=r"no rubric with id 'nope' \(known: mini\)"):
        desk.start_audit(mini_case, "nope")
    assert desk.my_audits() == []


def test_digit_one_is_the_best_grade_of_each_criterions_own_scale(
    desk: AuditDesk, mini_case: str
) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    saved = desk.grade_by_number(audit_id, "child-seen", 1)
    assert (saved.grade_key, saved.grade_value, saved.grade_label) == (
        "outstanding",
        1,
        "Outstanding",
    )
    saved = desk.grade_by_number(audit_id, "visits-in-time", 1)
    assert (saved.grade_key, saved.grade_value, saved.grade_label) == ("yes", 1, "Yes")
    assert desk.grade_by_number(audit_id, "visits-in-time", 3).grade_label == "No"
    assert desk.grade_by_number(audit_id, "child-seen", 4).grade_label == "Inadequate"
    answers = desk.open_audit(audit_id).audit.answers  # and so it is on disk
    assert (answers["child-seen"].grade_label, answers["visits-in-time"].grade_label) == (
        "Inadequate",
        "No",
    )


@pytest.mark.parametrize(
    ("criterion", "number"),
    [("visits-in-time", 4), ("child-seen", 5), ("child-seen", 0), ("child-seen", -1)],
)
def test_digits_beyond_the_scale_are_refused(
    desk: AuditDesk, mini_case: str, criterion: str, number: int
) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    with pytest.raises(ServiceError, match="grades 1 to"):
        desk.grade_by_number(audit_id, criterion, number)
    assert desk.open_audit(audit_id).audit.answers == {}


def test_not_applicable_only_where_the_rubric_allows_it(desk: AuditDesk, mini_case: str) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    desk.grade(audit_id, "child-seen", "good")
    with pytest.raises(ServiceError, match="cannot be marked not applicable"):
        desk.mark_not_applicable(audit_id, "child-seen")
    assert desk.open_audit(audit_id).audit.answers["child-seen"].grade_label == "Good"

    desk.grade(audit_id, "plan-smart", "good")
    saved = desk.mark_not_applicable(audit_id, "plan-smart")
    assert saved.not_applicable and saved.grade_key is None and saved.answered
    answer = desk.open_audit(audit_id).audit.answers["plan-smart"]
    assert answer.not_applicable and answer.grade_key is None and answer.answered
    # Choosing a grade again takes the answer back out of not applicable.
    desk.grade(audit_id, "plan-smart", "good")
    answer = desk.open_audit(audit_id).audit.answers["plan-smart"]
    assert not answer.not_applicable and answer.grade_label == "Good"


@pytest.mark.parametrize(
    ("typed", "tidied"),
    [
        ("  plans   not\tsmart. ", "Plans not smart"),
        ("child seen alone...", "Child seen alone"),
        ("Already Tidy", "Already Tidy"),
        ("", ""),
    ],
)
def test_tidy_theme_gives_one_spelling(typed: str, tidied: str) -> None:
    assert tidy_theme(typed) == tidied


def test_theme_prefixes_force_polarity_and_are_tidied(desk: AuditDesk, mini_case: str) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    desk.grade(audit_id, "child-seen", "inadequate")
    assert desk.add_theme(audit_id, "child-seen", "+ good  multi-agency work.") == (
        "Good multi-agency work",
        "strength",
    )
    assert desk.add_theme(audit_id, "child-seen", "-late visits") == (
        "Late visits",
        "area_for_development",
    )
    # Without a prefix: the rubric's own list says which it is, whatever the grade.
    assert desk.add_theme(audit_id, "child-seen", "child seen alone regularly") == (
        "Child seen alone regularly",
        "strength",
    )
    # A new theme on a weak grade is an area for development.
    assert desk.add_theme(audit_id, "child-seen", "no chronology") == (
        "No chronology",
        "area_for_development",
    )
    themes = {(t.criterion_id, t.theme, t.polarity) for t in desk.open_audit(audit_id).audit.themes}
    assert themes == {
        ("child-seen", "Good multi-agency work", "strength"),
        ("child-seen", "Late visits", "area_for_development"),
        ("child-seen", "Child seen alone regularly", "strength"),
        ("child-seen", "No chronology", "area_for_development"),
    }
    with pytest.raises(ServiceError, match="needs some words"):
        desk.add_theme(audit_id, "child-seen", " + . ")


def test_a_theme_added_twice_is_kept_once(desk: AuditDesk, mini_case: str) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    desk.add_theme(audit_id, "child-seen", "late visits")
    desk.add_theme(audit_id, "child-seen", "Late visits.")
    assert [t.theme for t in desk.open_audit(audit_id).audit.themes] == ["Late visits"]


def test_incomplete_audit_cannot_be_submitted(desk: AuditDesk, mini_case: str) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    desk.grade(audit_id, "child-seen", "good")
    with pytest.raises(SubmitBlocked) as caught:
        desk.submit(audit_id)
    assert [p.criterion_id for p in caught.value.problems][:2] == ["plan-smart", "visits-in-time"]
    assert desk.open_audit(audit_id).audit.status == "in_progress"


def test_inadequate_overall_needs_a_complete_escalation(desk: AuditDesk, mini_case: str) -> None:
    audit_id = graded_audit(
        desk,
        mini_case,
        overall="inadequate",
        child_seen="inadequate",
        rationale="Child not seen for five months",
    )
    with pytest.raises(EscalationRequired):
        desk.submit(audit_id)
    with pytest.raises(EscalationRequired):
        desk.submit(audit_id, ("TM Cedar", "2024-05-02 14:00", "   "))
    audit = desk.open_audit(audit_id).audit
    assert audit.status == "in_progress" and audit.escalations == []

    view = desk.submit(audit_id, ("TM Cedar", "2024-05-02 14:00", "Visit today with police"))
    assert view.audit.submitted
    [escalation] = view.audit.escalations
    assert (
        escalation.told_who,
        escalation.told_at,
        escalation.immediate_action,
        escalation.recorded_by,
    ) == ("TM Cedar", "2024-05-02 14:00", "Visit today with police", "alice")
    assert any(e.field.startswith("escalation.") for e in desk.store.events("audit", audit_id))


def test_escalation_is_not_recorded_for_other_grades(desk: AuditDesk, full_audit: int) -> None:
    view = desk.submit(full_audit, ("TM Cedar", "2024-05-02", "Nothing needed"))
    assert view.audit.submitted and view.audit.escalations == []
    with pytest.raises(ServiceError, match="already submitted"):
        desk.submit(full_audit)


def test_reopen_needs_a_reason(desk: AuditDesk, full_audit: int) -> None:
    desk.submit(full_audit)
    for reason in ("", "   "):
        with pytest.raises(ServiceError, match="needs a reason"):
            desk.reopen(full_audit, reason)
    assert desk.open_audit(full_audit).audit.submitted
    view = desk.reopen(full_audit, "  Worker sent new evidence ")
    assert view.audit.status == "in_progress" and view.audit.submitted_at is None
    assert desk.store.events("audit", full_audit)[-1].new_value == (
        "in_progress (reopened: Worker sent new evidence)"
    )
    with pytest.raises(ServiceError, match="not submitted"):
        desk.reopen(full_audit, "again")


@pytest.mark.parametrize(
    ("today", "lookback", "judgement"),
    [
        (date(2024, 5, 15), "2023-05-15", "2023-11-15"),
        (date(2024, 7, 30), "2023-07-30", "2024-01-30"),
        (date(2024, 8, 31), "2023-08-31", "2024-02-29"),  # leap year
        (date(2025, 8, 31), "2024-08-31", "2025-02-28"),
        (date(2024, 3, 1), "2023-03-01", "2023-09-01"),
    ],
)
def test_audit_window_is_twelve_months_read_and_six_judged(
    desk: AuditDesk, mini_case: str, today: date, lookback: str, judgement: str
) -> None:
    audit = desk.open_audit(desk.start_audit(mini_case, "mini", today=today)).audit
    assert (audit.lookback_from, audit.judgement_from, audit.window_to) == (
        lookback,
        judgement,
        today.isoformat(),
    )


def test_audit_due_date_defaults_to_two_weeks(desk: AuditDesk, mini_case: str) -> None:
    audit = desk.open_audit(desk.start_audit(mini_case, "mini", today=date(2024, 5, 15))).audit
    assert audit.due_on == "2024-05-29"
    audit = desk.open_audit(
        desk.start_audit(mini_case, "mini", due_on=date(2024, 6, 1), today=date(2024, 5, 15))
    ).audit
    assert audit.due_on == "2024-06-01"


def test_audit_for_another_auditor_shows_in_their_list(desk: AuditDesk, mini_case: str) -> None:
    audit_id = desk.start_audit(mini_case, "mini", auditor="bob")
    assert desk.my_audits() == []
    bobs = AuditDesk(desk.store, "bob", desk._rubrics_dir).my_audits()
    assert [(s.id, s.case_ref, s.rubric_id, s.status) for s in bobs] == [
        (audit_id, mini_case, "mini", "to_do")
    ]
    created = desk.store.events("audit", audit_id)[0]
    assert created.who == "alice" and created.field == "created"


def test_first_answer_starts_the_audit(desk: AuditDesk, mini_case: str) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    assert desk.open_audit(audit_id).audit.status == "to_do"
    desk.save_evidence(audit_id, "child-seen", "Read the chronology")
    audit = desk.open_audit(audit_id).audit
    assert audit.status == "in_progress" and audit.started_at is not None


def test_action_needs_what_who_and_a_real_date(desk: AuditDesk, mini_case: str) -> None:
    audit_id = desk.start_audit(mini_case, "mini")
    with pytest.raises(ServiceError, match="who owns it"):
        desk.add_action(audit_id, "Update the plan", "  ", "2024-06-01")
    with pytest.raises(ServiceError, match="is not a date"):
        desk.add_action(audit_id, "Update the plan", "SW Amber", "next week")
    desk.add_action(audit_id, " Update the plan ", "SW Amber", "2024-06-01")
    [action] = desk.open_audit(audit_id).audit.actions
    assert (action.what, action.owner, action.due_on) == (
        "Update the plan",
        "SW Amber",
        "2024-06-01",
    )


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def test_import_cases_from_csv_updates_by_case_ref(tmp_path: Path, desk: AuditDesk) -> None:
    first = write_csv(
        tmp_path / "cases.csv",
        [
            "case_ref,team,worker,cohort,opened_on",
            "CIN-0001,Assessment North,SW Amber,CIN,2024-01-15",
            "CP-0002,Child Protection East,SW Birch,CP,02/03/2024",
        ],
    )
    assert desk.import_cases(first) == (2, 0, 0)
    case = desk.store.case("CP-0002")
    assert case is not None and case.opened_on == "2024-03-02"  # day first, UK style

    second = write_csv(
        tmp_path / "cases-later.csv",
        [
            "case_ref,team,worker,cohort,opened_on",
            "CIN-0001,Assessment South,SW Amber,CIN,2024-01-15",
            "LAC-0003,Children in Care,SW Cedar,LAC,2023-11-30",
        ],
    )
    assert desk.import_cases(second) == (1, 1, 0)
    assert desk.store.count_cases() == 3
    assert desk.store.case("CIN-0001").team == "Assessment South"
    assert [c.case_ref for c in desk.find_cases("south")] == ["CIN-0001"]
