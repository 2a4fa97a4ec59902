"""The shipped front-door (MASH) threshold decisions rubric, graded as a QA officer would
on a realistic contact, and the care leavers' rubric's supervision criterion.

Every audit is a real one: the shipped rubric files, a real SQLite file in tmp_path,
the auditor's desk. The example: a third police domestic abuse notification in a year
about a 6-year-old. Checks with police, health and school were thorough and the history
was used; consent was overridden with a reason but no manager agreed it; the worker
reasoned a step to early help against the threshold document; no manager's oversight of
the decision is on the file; the school (the referrer) was not told the outcome.
"""

from __future__ import annotations

import pytest

from qa_tui.desks.audits import AuditDesk, EscalationRequired, SubmitBlocked
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import load_rubrics
from qa_tui.paths import shipped_rubrics_dir
from qa_tui.store.database import Store

FRONT_DOOR = "front-door-threshold-decisions"
CASE = "MASH-0417"

# (criterion, grade, evidence note): what the auditor read on the file.
GRADES = [
    ("decision-timeliness", "yes", "Received 09:12, rated amber, decided 15:40 same day."),
    (
        "information-from-partners-and-history",
        "outstanding",
        "Police, GP, health visitor for the baby, school checked and dated; two earlier DA "
        "notifications listed and the decision says the third raises the risk.",
    ),
    (
        "consent",
        "partly",
        "Mother not asked: 'would alert partner'. No manager recorded as agreeing.",
    ),
    (
        "threshold-applied-and-reasoned",
        "good",
        "Early help chosen, citing threshold descriptors 2.3 and 2.5 and the protective "
        "factors named by school.",
    ),
    ("child-at-the-front-door", "good", "School reports Leo's words about shouting at night."),
    (
        "management-oversight-of-the-decision",
        "inadequate",
        "No manager's entry on the contact; step to early help made by the worker alone.",
    ),
    (
        "outcome-communicated",
        "partly",
        "Mother told by phone the next day; no record that the school was told.",
    ),
]


@pytest.fixture
def shipped_desk(store: Store) -> AuditDesk:
    store.upsert_cases(
        [Case(CASE, "MASH", worker="SW Cedar", cohort="CIN", child_pseudonym="Child L6")],
        "lead",
        "test",
    )
    return AuditDesk(store, "alice", rubrics_dir=shipped_rubrics_dir())


def graded(desk: AuditDesk) -> int:
    audit_id = desk.start_audit(CASE, FRONT_DOOR)
    for criterion_id, grade_key, note in GRADES:
        desk.grade(audit_id, criterion_id, grade_key)
        desk.save_evidence(audit_id, criterion_id, note)
    # Nothing known gave reasonable cause to suspect significant harm.
    desk.mark_not_applicable(audit_id, "strategy-discussion")
    return audit_id


def test_the_front_door_rubric_is_shipped_with_limiting_safety_criteria() -> None:
    rubric = {f.rubric.id: f.rubric for f in load_rubrics(shipped_rubrics_dir())}[FRONT_DOOR]
    limiting = {c.id for c in rubric.criteria if c.limiting}
    assert limiting == {
        "information-from-partners-and-history",
        "threshold-applied-and-reasoned",
        "management-oversight-of-the-decision",
        "strategy-discussion",
    }
    # A strategy discussion may be not applicable; its safety weight is kept all the same.
    assert rubric.criterion("strategy-discussion").not_applicable
    assert {c.kind for c in rubric.criteria} == {"quality", "compliance"}
    for c in rubric.criteria:
        assert c.themes.strengths and c.themes.areas_for_development, c.id


def test_a_contact_with_no_manager_oversight_is_suggested_inadequate(
    shipped_desk: AuditDesk,
) -> None:
    audit_id = graded(shipped_desk)
    view = shipped_desk.open_audit(audit_id)
    # Quality grades outstanding, good, good, inadequate: their middle is Good, but the
    # missing oversight is limiting and makes the whole decision unsafe.
    suggestion = rules.suggested_overall(view.rubric, view.audit.answers)
    assert suggestion is not None and suggestion.key == "inadequate"


def test_good_overall_is_refused_without_a_reason_then_inadequate_is_submitted(
    shipped_desk: AuditDesk,
) -> None:
    audit_id = graded(shipped_desk)
    shipped_desk.set_overall(audit_id, "good")
    shipped_desk.set_text(audit_id, "overall_rationale", "Thorough checks and reasoning.")
    with pytest.raises(SubmitBlocked) as blocked:
        shipped_desk.submit(audit_id)
    assert "management-oversight-of-the-decision (Inadequate)" in str(blocked.value)

    shipped_desk.set_overall(audit_id, "inadequate")
    shipped_desk.set_text(
        audit_id,
        "overall_rationale",
        "Sound checks and reasoning, but nobody with authority oversaw the decision.",
    )
    with pytest.raises(EscalationRequired):
        shipped_desk.submit(audit_id)
    view = shipped_desk.submit(
        audit_id,
        ("MASH team manager Reed", "2025-06-03 11:00", "Decision reviewed by manager today"),
    )
    assert view.audit.submitted
    assert view.audit.overall_grade_label == "Inadequate"
    assert view.audit.answers["strategy-discussion"].not_applicable
    assert view.rubric.id == FRONT_DOOR


def test_suggested_themes_follow_the_grades(shipped_desk: AuditDesk) -> None:
    audit_id = graded(shipped_desk)
    rubric = shipped_desk.open_audit(audit_id).rubric
    oversight = rubric.criterion("management-oversight-of-the-decision")
    checks = rubric.criterion("information-from-partners-and-history")
    assert ("Management oversight not visible on file", "area_for_development") in (
        rules.suggested_themes(rubric, oversight, "inadequate")
    )
    assert ("History used to understand risk", "strength") in (
        rules.suggested_themes(rubric, checks, "outstanding")
    )
    _, polarity = shipped_desk.add_theme(
        audit_id, oversight.id, "Management oversight not visible on file"
    )
    assert polarity == "area_for_development"


def test_care_leavers_rubric_can_record_supervision(store: Store) -> None:
    """'Supervision RI' on a care leaver's file can now be recorded, and it is limiting,
    as it is in the whole-case-file rubric."""
    store.upsert_cases([Case("CL-0009", "Leaving Care", cohort="CL")], "lead", "test")
    desk = AuditDesk(store, "alice", rubrics_dir=shipped_rubrics_dir())
    rubric = desk.current_rubric("care-leavers-pathway-plans")
    supervision = rubric.criterion("management-oversight-and-supervision")
    assert supervision.limiting
    assert "Supervision records actions but no reflection" in (
        supervision.themes.areas_for_development
    )
    audit_id = desk.start_audit("CL-0009", "care-leavers-pathway-plans")
    saved = desk.grade(audit_id, supervision.id, "requires-improvement")
    assert saved.grade_label == "Requires improvement to be good"
