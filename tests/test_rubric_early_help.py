"""The shipped early help assessments rubric, graded as a QA officer would on a realistic file.

The example: a school asked for early help for a family of three children (Leah 12, Jay
8 and a baby of 10 months) because Jay's attendance had fallen to 71%. The school's
pastoral lead is the lead practitioner; the assessment was on time and the family's
consent and goals are recorded, but it is about attendance and hardly anything else,
and Jay was never spoken with. Attendance is now 93%. At the second review the mother
said her ex-partner was back and the police had been called to the house; it was noted
and the work carried on with no referral and no manager's decision. Supervision is a
task list. The episode is still open.
"""

from __future__ import annotations

import pytest

from qa_tui.desks.audits import AuditDesk, EscalationRequired, SubmitBlocked
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import load_rubrics
from qa_tui.paths import shipped_rubrics_dir
from qa_tui.store.database import Store

RUBRIC = "early-help-assessments"
CASE = "EH-2208"

# (criterion, grade, evidence note): what the auditor read on the file.
GRADES = [
    (
        "assessment-within-timescale",
        "yes",
        "Request 3 March, first visit 6 March, assessment shared 28 April (38 working days).",
    ),
    (
        "consent-and-family-participation",
        "good",
        "Consent explained and dated; mum's goal quoted: 'mornings without shouting'.",
    ),
    (
        "whole-family-assessment",
        "requires-improvement",
        "Attendance well analysed; the baby and Leah barely mentioned; no history read.",
    ),
    (
        "childs-voice",
        "requires-improvement",
        "Leah seen at school and quoted; Jay 'did not want to talk', never tried again.",
    ),
    (
        "lead-practitioner-and-team-around-the-family",
        "good",
        "Pastoral lead throughout; TAF with health visitor and family support worker.",
    ),
    (
        "smart-family-plan",
        "requires-improvement",
        "Attendance target dated and measured; 'improve routines' and 'mum to engage'.",
    ),
    (
        "plan-reviewed-on-time",
        "partly",
        "Reviews at 8 and 15 weeks: the second three weeks late, progress recorded.",
    ),
    (
        "difference-made",
        "good",
        "Jay's attendance 71% to 93% by the second review; mum says mornings are calmer.",
    ),
    (
        "risk-reviewed-and-stepped-up",
        "inadequate",
        "Review 2: ex-partner back, police called out twice; noted, no referral, no decision.",
    ),
    (
        "management-oversight-and-supervision",
        "requires-improvement",
        "Six-weekly supervision is a task list; the police call-outs are not discussed.",
    ),
]


@pytest.fixture
def shipped_desk(store: Store) -> AuditDesk:
    store.upsert_cases(
        [
            Case(
                CASE,
                "Early Help West",
                worker="Pastoral lead Rowan",
                cohort="Early help",
                child_pseudonym="Family W2",
            )
        ],
        "lead",
        "test",
    )
    return AuditDesk(store, "alice", rubrics_dir=shipped_rubrics_dir())


def graded(desk: AuditDesk) -> int:
    audit_id = desk.start_audit(CASE, RUBRIC)
    for criterion_id, grade_key, note in GRADES:
        desk.grade(audit_id, criterion_id, grade_key)
        desk.save_evidence(audit_id, criterion_id, note)
    desk.mark_not_applicable(audit_id, "closure-and-sustainability")
    desk.save_evidence(audit_id, "closure-and-sustainability", "Episode still open.")
    return audit_id


def test_the_early_help_rubric_covers_the_whole_episode_in_three_sections() -> None:
    rubric = {f.rubric.id: f.rubric for f in load_rubrics(shipped_rubrics_dir())}[RUBRIC]
    graded_here = [c for c, _, _ in GRADES]
    assert [c.id for c in rubric.criteria] == [*graded_here, "closure-and-sustainability"]
    assert [s.title for s in rubric.sections] == [
        "The early help assessment",
        "The plan and the Team Around the Family",
        "Difference made, oversight and closure",
    ]
    by_section = {
        s.id: [c.id for c in rubric.criteria if c.section == s.id] for s in rubric.sections
    }
    assert by_section["the-assessment"][-1] == "childs-voice"
    assert by_section["difference-oversight-and-closure"][-1] == "closure-and-sustainability"
    assert {c.id for c in rubric.criteria if c.limiting} == {
        "whole-family-assessment",
        "childs-voice",
        "smart-family-plan",
        "difference-made",
        "risk-reviewed-and-stepped-up",
        "management-oversight-and-supervision",
    }
    assert {c.id for c in rubric.criteria if c.kind == "compliance"} == {
        "assessment-within-timescale",
        "plan-reviewed-on-time",
    }
    assert [c.id for c in rubric.criteria if c.not_applicable] == ["closure-and-sustainability"]
    for c in rubric.criteria:
        assert set(c.guidance) == {g.key for g in rubric.scale_for(c).grades}, c.id
        assert c.themes.strengths and c.themes.areas_for_development, c.id


def test_a_rising_risk_held_in_early_help_makes_the_suggestion_inadequate(
    shipped_desk: AuditDesk,
) -> None:
    audit_id = graded(shipped_desk)
    view = shipped_desk.open_audit(audit_id)
    suggestion = rules.suggested_overall(view.rubric, view.audit.answers)
    assert suggestion is not None and suggestion.key == "inadequate"


def test_good_attendance_does_not_buy_a_kinder_overall(shipped_desk: AuditDesk) -> None:
    audit_id = graded(shipped_desk)
    shipped_desk.set_overall(audit_id, "good")
    shipped_desk.set_text(audit_id, "overall_rationale", "Jay's attendance is up to 93%.")
    with pytest.raises(SubmitBlocked) as blocked:
        shipped_desk.submit(audit_id)
    assert "risk-reviewed-and-stepped-up (Inadequate)" in str(blocked.value)

    shipped_desk.set_overall(audit_id, "inadequate")
    shipped_desk.set_text(
        audit_id,
        "overall_rationale",
        "Attendance is better, but domestic abuse disclosed at review was never referred.",
    )
    with pytest.raises(EscalationRequired):
        shipped_desk.submit(audit_id)
    view = shipped_desk.submit(
        audit_id,
        ("Early help manager Ash", "2026-11-20 10:00", "Referred to the front door today"),
    )
    assert view.audit.submitted
    assert view.audit.overall_grade_label == "Inadequate"


def test_closure_is_not_applicable_while_the_episode_is_open(shipped_desk: AuditDesk) -> None:
    audit_id = graded(shipped_desk)
    answers = shipped_desk.open_audit(audit_id).audit.answers
    assert answers["closure-and-sustainability"].not_applicable
    assert not any(answers[c].not_applicable for c, _, _ in GRADES)


def test_supervision_that_says_only_continue_is_inadequate_in_early_help_too() -> None:
    rubric = {f.rubric.id: f.rubric for f in load_rubrics(shipped_rubrics_dir())}[RUBRIC]
    guidance = rubric.criterion("management-oversight-and-supervision").guidance
    assert "'continue'" in " ".join(guidance["inadequate"].split())
    assert "'continue'" not in guidance["requires-improvement"]
    assert "task list" in guidance["requires-improvement"]
