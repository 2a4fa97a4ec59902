"""The shipped multi-agency practice rubric, graded as a partner agency's auditor would
grade their own agency's part of a child's file.

The example: a 6-year-old on a child protection plan for neglect. The school's auditor
reads the school's records. The school told the social worker the child was hungry only
at the conference, weeks after staff first noticed; its report reached the strategy
discussion after the decision; it attended every core group. Its action in the plan was
"school to monitor", and two terms of falling attendance were never reported to the
lead worker. Staff recorded the child's words ("there's no food at home when he's
there") and passed them on. The school disagreed in its notes with the step-down to
child in need and never raised it.
"""

from __future__ import annotations

import pytest

from qa_tui.desks.audits import AuditDesk, EscalationRequired, SubmitBlocked
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import load_rubrics
from qa_tui.paths import shipped_rubrics_dir
from qa_tui.store.database import Store

RUBRIC = "multi-agency-practice"
CASE = "CP-3318"

GRADES = [
    (
        "information-shared-in-time",
        "requires-improvement",
        "Hunger first noted in March; told the social worker only at the May conference.",
    ),
    (
        "strategy-discussion",
        "partly",
        "Strategy discussion held next day with police and health; school report came after.",
    ),
    ("attendance-at-meetings", "yes", "Designated safeguarding lead at every core group."),
    (
        "contribution-to-the-plan",
        "inadequate",
        "Action 'school to monitor'; attendance fell to 71% over two terms, never reported.",
    ),
    (
        "childs-voice-as-this-agency-heard-it",
        "good",
        "Teacher recorded 'there's no food at home when he's there' and passed it on.",
    ),
    (
        "professional-disagreement-escalated",
        "inadequate",
        "DSL notes disagree with the step-down to CIN; never raised with children's services.",
    ),
    (
        "difference-made-together",
        "requires-improvement",
        "Home conditions better at visits; attendance and weight still falling.",
    ),
]


@pytest.fixture
def school_auditor(store: Store) -> AuditDesk:
    store.upsert_cases(
        [Case(CASE, "Child Protection East", worker="SW Hazel", cohort="CP")], "lead", "test"
    )
    return AuditDesk(store, "education.auditor", rubrics_dir=shipped_rubrics_dir())


def graded(desk: AuditDesk) -> int:
    audit_id = desk.start_audit(CASE, RUBRIC)
    for criterion_id, grade_key, note in GRADES:
        desk.grade(audit_id, criterion_id, grade_key)
        desk.save_evidence(audit_id, criterion_id, note)
    return audit_id


def test_the_rubric_grades_each_agencys_part_and_the_outcome() -> None:
    rubric = {f.rubric.id: f.rubric for f in load_rubrics(shipped_rubrics_dir())}[RUBRIC]
    assert [c.id for c in rubric.criteria] == [c for c, _, _ in GRADES]
    assert [s.id for s in rubric.sections] == ["sharing-and-strategy", "the-plan", "the-child"]
    assert {c.id for c in rubric.criteria if c.limiting} == {
        "information-shared-in-time",
        "contribution-to-the-plan",
        "childs-voice-as-this-agency-heard-it",
        "difference-made-together",
    }
    assert {c.id for c in rubric.criteria if c.not_applicable} == {
        "strategy-discussion",
        "professional-disagreement-escalated",
    }
    for c in rubric.criteria:
        assert set(c.guidance) == {g.key for g in rubric.scale_for(c).grades}, c.id
        assert c.themes.strengths and c.themes.areas_for_development, c.id


def test_an_agency_that_did_not_do_its_part_is_inadequate_however_present(
    school_auditor: AuditDesk,
) -> None:
    audit_id = graded(school_auditor)
    view = school_auditor.open_audit(audit_id)
    suggestion = rules.suggested_overall(view.rubric, view.audit.answers)
    assert suggestion is not None and suggestion.key == "inadequate"
    school_auditor.set_overall(audit_id, "good")
    school_auditor.set_text(audit_id, "overall_rationale", "The school came to every meeting.")
    with pytest.raises(SubmitBlocked) as blocked:
        school_auditor.submit(audit_id)
    assert "contribution-to-the-plan (Inadequate)" in str(blocked.value)
    school_auditor.set_overall(audit_id, "inadequate")
    school_auditor.set_text(
        audit_id, "overall_rationale", "Present at every meeting; the plan's action never done."
    )
    with pytest.raises(EscalationRequired):
        school_auditor.submit(audit_id)
    view = school_auditor.submit(
        audit_id, ("Designated safeguarding lead", "2026-11-20 10:00", "Attendance shared today")
    )
    assert view.audit.overall_grade_label == "Inadequate"


def test_a_meeting_attended_is_not_a_child_protected() -> None:
    """Judge outcomes, not activity (the 2017 joint inspection): the difference made is
    graded on what changed for the child, and activity alone is not good enough."""
    rubric = {f.rubric.id: f.rubric for f in load_rubrics(shipped_rubrics_dir())}[RUBRIC]
    difference = rubric.criterion("difference-made-together").guidance
    assert "activity" in difference["requires-improvement"]
    assert "activity" not in difference["good"] and "activity" not in difference["outstanding"]
