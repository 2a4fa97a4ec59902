"""The shipped neglect rubric, graded as a QA officer would on a realistic file.

Every audit is a real one: the shipped rubric files, a real SQLite file in tmp_path,
the auditor's desk. The example: a 4-year-old and her 7-year-old brother on their third
child in need plan for neglect in five years. The chronology is up to date and read;
the Graded Care Profile 2 was done once at the start and never repeated; visits see the
children and their bedrooms; the parents' capacity to change is judged on attendance at
appointments; the plan has been repeated at four reviews without a legal planning
meeting (drift); the health visitor and school take part; supervision is a task list.
"""

from __future__ import annotations

import pytest

from qa_tui.desks.audits import AuditDesk, EscalationRequired, SubmitBlocked
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import load_rubrics
from qa_tui.paths import shipped_rubrics_dir
from qa_tui.store.database import Store

NEGLECT = "neglect"
CASE = "CIN-2291"

# (criterion, grade, evidence note): what the auditor read on the file.
GRADES = [
    (
        "cumulative-harm-and-chronology",
        "good",
        "Chronology updated May; assessment notes third CIN plan for home conditions "
        "since 2020 and Mia's speech delay.",
    ),
    (
        "graded-care-tool",
        "requires-improvement",
        "GCP2 done with mum in January, scored 4 on nutrition and hygiene; never repeated.",
    ),
    (
        "childs-lived-experience-of-neglect",
        "good",
        "Unannounced visit saw both bedrooms; Mia's missed dental check chased with the HV.",
    ),
    (
        "parental-capacity-to-change",
        "requires-improvement",
        "'Parents engaging well' at each review; no test of change; father not assessed.",
    ),
    (
        "drift-delay-and-escalation",
        "inadequate",
        "Same plan at four reviews over 14 months; no legal planning meeting considered.",
    ),
    (
        "multi-agency-working-on-neglect",
        "good",
        "HV and school at every core group with attendance and weight figures.",
    ),
    (
        "visits-and-reviews-in-timescale",
        "partly",
        "Fortnightly visits kept; May core group 4 working days late, no reason recorded.",
    ),
    (
        "management-oversight-and-supervision",
        "requires-improvement",
        "Monthly supervision lists tasks for the plan; drift not questioned.",
    ),
]


@pytest.fixture
def shipped_desk(store: Store) -> AuditDesk:
    store.upsert_cases(
        [Case(CASE, "CIN North", worker="SW Birch", cohort="CIN", child_pseudonym="Child M4")],
        "lead",
        "test",
    )
    return AuditDesk(store, "alice", rubrics_dir=shipped_rubrics_dir())


def graded(desk: AuditDesk) -> int:
    audit_id = desk.start_audit(CASE, NEGLECT)
    for criterion_id, grade_key, note in GRADES:
        desk.grade(audit_id, criterion_id, grade_key)
        desk.save_evidence(audit_id, criterion_id, note)
    return audit_id


def test_the_neglect_rubric_is_shipped_with_limiting_safety_criteria() -> None:
    rubric = {f.rubric.id: f.rubric for f in load_rubrics(shipped_rubrics_dir())}[NEGLECT]
    assert [c.id for c in rubric.criteria] == [c for c, _, _ in GRADES]
    limiting = {c.id for c in rubric.criteria if c.limiting}
    assert limiting == {
        "cumulative-harm-and-chronology",
        "childs-lived-experience-of-neglect",
        "drift-delay-and-escalation",
        "management-oversight-and-supervision",
    }
    # A graded-care tool may not be the local tool; the rest apply to every neglect case.
    assert [c.id for c in rubric.criteria if c.not_applicable] == ["graded-care-tool"]
    assert {c.kind for c in rubric.criteria} == {"quality", "compliance"}
    for c in rubric.criteria:
        assert set(c.guidance) == {g.key for g in rubric.scale_for(c).grades}, c.id
        assert c.themes.strengths and c.themes.areas_for_development, c.id


def test_drift_makes_the_suggestion_inadequate(shipped_desk: AuditDesk) -> None:
    audit_id = graded(shipped_desk)
    view = shipped_desk.open_audit(audit_id)
    # Good, RI, good, RI, inadequate, good, RI: the middle is Requires improvement, but a
    # plan repeated without escalation is limiting and leaves the child in neglect.
    suggestion = rules.suggested_overall(view.rubric, view.audit.answers)
    assert suggestion is not None and suggestion.key == "inadequate"


def test_requires_improvement_needs_a_reason_then_inadequate_is_submitted(
    shipped_desk: AuditDesk,
) -> None:
    audit_id = graded(shipped_desk)
    shipped_desk.set_overall(audit_id, "requires-improvement")
    shipped_desk.set_text(audit_id, "overall_rationale", "The children are seen and known.")
    with pytest.raises(SubmitBlocked) as blocked:
        shipped_desk.submit(audit_id)
    assert "drift-delay-and-escalation (Inadequate)" in str(blocked.value)

    shipped_desk.set_overall(audit_id, "inadequate")
    shipped_desk.set_text(
        audit_id,
        "overall_rationale",
        "The children are known well, but the same plan has run for 14 months unchanged.",
    )
    with pytest.raises(EscalationRequired):
        shipped_desk.submit(audit_id)
    view = shipped_desk.submit(
        audit_id,
        ("Team manager Ash", "2025-06-10 09:30", "Legal planning meeting booked for 17 June"),
    )
    assert view.audit.submitted
    assert view.audit.overall_grade_label == "Inadequate"
    assert view.rubric.id == NEGLECT


def test_suggested_themes_follow_the_grades(shipped_desk: AuditDesk) -> None:
    audit_id = graded(shipped_desk)
    rubric = shipped_desk.open_audit(audit_id).rubric
    drift = rubric.criterion("drift-delay-and-escalation")
    tool = rubric.criterion("graded-care-tool")
    assert ("Drift and delay", "area_for_development") in (
        rules.suggested_themes(rubric, drift, "inadequate")
    )
    assert ("Graded-care tool used to measure change", "strength") in (
        rules.suggested_themes(rubric, tool, "outstanding")
    )
    _, polarity = shipped_desk.add_theme(audit_id, drift.id, "Drift and delay")
    assert polarity == "area_for_development"
    shipped_desk.add_theme(
        audit_id,
        "childs-lived-experience-of-neglect",
        "Home conditions and sleeping arrangements seen",
    )
    tags = {
        (t.criterion_id, t.theme, t.polarity)
        for t in shipped_desk.open_audit(audit_id).audit.themes
    }
    assert (drift.id, "Drift and delay", "area_for_development") in tags
    assert (
        "childs-lived-experience-of-neglect",
        "Home conditions and sleeping arrangements seen",
        "strength",
    ) in tags
