"""The shipped children in care rubric, graded as a QA officer would on a realistic file.

The example: a 9-year-old boy in long-term foster care for two years under a care order,
with his younger sister placed apart. Reviews are on time, but permanence (long-term
matching) has been "to be considered at the next review" at three reviews and the IRO
has recorded the same concern without escalating it; the PEP is termly with SMART
targets; health assessments are on time; supervision is a task list; life-story work was
started and stopped when the worker left; sibling contact is monthly but the reason for
separate placements is not recorded.
"""

from __future__ import annotations

import pytest

from qa_tui.desks.audits import AuditDesk, EscalationRequired, SubmitBlocked
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import load_rubrics
from qa_tui.paths import shipped_rubrics_dir
from qa_tui.store.database import Store

RUBRIC = "children-in-care"
CASE = "CLA-4471"

# (criterion, grade, evidence note): what the auditor read on the file.
GRADES = [
    (
        "care-plan-and-permanence",
        "inadequate",
        "Long-term match 'to be considered at next review' at three reviews; no parallel plan.",
    ),
    (
        "life-story-work",
        "requires-improvement",
        "Life-story book started 2024 by the last worker; nothing since she left.",
    ),
    (
        "personal-education-plan",
        "good",
        "Termly PEPs with SMART reading targets; PP+ funds a tutor; virtual school attends.",
    ),
    (
        "health-assessments",
        "yes",
        "Review health assessment in March, on time; dental check and immunisations noted.",
    ),
    (
        "iro-oversight",
        "requires-improvement",
        "Reviews on time; IRO notes permanence delay at two reviews, no dispute resolution.",
    ),
    (
        "management-oversight-and-supervision",
        "requires-improvement",
        "Monthly supervision lists care plan tasks; drift on matching noted, not challenged.",
    ),
    (
        "sibling-and-family-contact",
        "requires-improvement",
        "Monthly contact with his sister kept; why they are placed apart is not recorded.",
    ),
    (
        "childs-voice-and-participation",
        "good",
        "He chaired part of his review with his IRO; his wish to stay with carers recorded.",
    ),
    (
        "visits-and-seen-alone",
        "yes",
        "Six-weekly visits kept, seen alone at each, his bedroom seen.",
    ),
]


@pytest.fixture
def shipped_desk(store: Store) -> AuditDesk:
    store.upsert_cases(
        [
            Case(
                CASE,
                "Children in Care 1",
                worker="SW Oak",
                cohort="CLA",
                child_pseudonym="Child T9",
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
    return audit_id


def test_the_children_in_care_rubric_covers_what_inspectors_ask_about() -> None:
    rubric = {f.rubric.id: f.rubric for f in load_rubrics(shipped_rubrics_dir())}[RUBRIC]
    assert {c.id for c in rubric.criteria} == {c for c, _, _ in GRADES}
    assert {c.id for c in rubric.criteria if c.limiting} == {
        "care-plan-and-permanence",
        "iro-oversight",
        "management-oversight-and-supervision",
        "childs-voice-and-participation",
    }
    assert [c.id for c in rubric.criteria if c.not_applicable] == ["personal-education-plan"]
    for c in rubric.criteria:
        assert set(c.guidance) == {g.key for g in rubric.scale_for(c).grades}, c.id
        assert c.themes.strengths and c.themes.areas_for_development, c.id


def test_drift_in_permanence_makes_the_suggestion_inadequate(shipped_desk: AuditDesk) -> None:
    audit_id = graded(shipped_desk)
    view = shipped_desk.open_audit(audit_id)
    suggestion = rules.suggested_overall(view.rubric, view.audit.answers)
    assert suggestion is not None and suggestion.key == "inadequate"


def test_a_kinder_overall_is_refused_then_inadequate_is_submitted(
    shipped_desk: AuditDesk,
) -> None:
    audit_id = graded(shipped_desk)
    shipped_desk.set_overall(audit_id, "good")
    shipped_desk.set_text(audit_id, "overall_rationale", "He is settled and doing well at school.")
    with pytest.raises(SubmitBlocked) as blocked:
        shipped_desk.submit(audit_id)
    assert "care-plan-and-permanence (Inadequate)" in str(blocked.value)

    shipped_desk.set_overall(audit_id, "inadequate")
    shipped_desk.set_text(
        audit_id,
        "overall_rationale",
        "Settled and well cared for, but two years in care without a permanence decision.",
    )
    with pytest.raises(EscalationRequired):
        shipped_desk.submit(audit_id)
    view = shipped_desk.submit(
        audit_id,
        ("Team manager Elm", "2026-11-20 10:00", "Matching panel date set for January"),
    )
    assert view.audit.submitted
    assert view.audit.overall_grade_label == "Inadequate"


def test_supervision_that_says_only_continue_is_inadequate_here_too() -> None:
    rubric = {f.rubric.id: f.rubric for f in load_rubrics(shipped_rubrics_dir())}[RUBRIC]
    guidance = rubric.criterion("management-oversight-and-supervision").guidance
    assert "'continue'" in guidance["inadequate"]
    assert "'continue'" not in guidance["requires-improvement"]
