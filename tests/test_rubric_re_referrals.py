"""The shipped re-referrals and case closure rubric, graded as a QA officer would.

Every audit is a real one: the shipped rubric files, a real SQLite file in tmp_path,
the auditor's desk. The example: a 9-year-old re-referred by school eight months after
a child in need plan for domestic abuse closed. The plan closed when the mother finished
a course; the school still raised concerns; the step down to early help was a form with
no named worker; the manager wrote 'agreed'. At the re-referral the front door read the
history and went straight to a strategy discussion.
"""

from __future__ import annotations

import pytest

from qa_tui.desks.audits import AuditDesk, EscalationRequired, SubmitBlocked
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import load_rubrics
from qa_tui.paths import shipped_rubrics_dir
from qa_tui.store.database import Store

RE_REFERRALS = "re-referrals-and-case-closure"
CASE = "CIN-1180"

GRADES = [
    (
        "outcomes-achieved-before-closure",
        "inadequate",
        "Closed when mum finished Freedom Programme; school raised bruising two weeks before.",
    ),
    ("views-at-closure", "requires-improvement", "'Mum happy to close'; Sam not seen alone."),
    ("step-down-and-handover", "no", "EH referral form sent; no lead professional accepted."),
    (
        "closure-management-oversight",
        "requires-improvement",
        "TM wrote 'agreed' on the closure summary.",
    ),
    (
        "history-informs-re-referral-decision",
        "outstanding",
        "MASH listed both earlier episodes and named the closure on course completion.",
    ),
    ("response-to-re-referral", "good", "Strategy discussion same day; C&F within 30 days."),
]


@pytest.fixture
def shipped_desk(store: Store) -> AuditDesk:
    store.upsert_cases(
        [Case(CASE, "CIN South", worker="SW Elm", cohort="CIN", child_pseudonym="Child S9")],
        "lead",
        "test",
    )
    return AuditDesk(store, "alice", rubrics_dir=shipped_rubrics_dir())


def graded(desk: AuditDesk) -> int:
    audit_id = desk.start_audit(CASE, RE_REFERRALS)
    for criterion_id, grade_key, note in GRADES:
        desk.grade(audit_id, criterion_id, grade_key)
        desk.save_evidence(audit_id, criterion_id, note)
    return audit_id


def test_the_re_referrals_rubric_is_shipped_with_limiting_safety_criteria() -> None:
    rubric = {f.rubric.id: f.rubric for f in load_rubrics(shipped_rubrics_dir())}[RE_REFERRALS]
    assert [c.id for c in rubric.criteria] == [c for c, _, _ in GRADES]
    assert {c.id for c in rubric.criteria if c.limiting} == {
        "outcomes-achieved-before-closure",
        "closure-management-oversight",
        "history-informs-re-referral-decision",
    }
    # Not every closure stepped down, so the handover may be not applicable.
    assert [c.id for c in rubric.criteria if c.not_applicable] == ["step-down-and-handover"]
    for c in rubric.criteria:
        assert set(c.guidance) == {g.key for g in rubric.scale_for(c).grades}, c.id
        assert c.themes.strengths and c.themes.areas_for_development, c.id


def test_an_unsafe_closure_makes_the_audit_inadequate_despite_a_good_response(
    shipped_desk: AuditDesk,
) -> None:
    audit_id = graded(shipped_desk)
    view = shipped_desk.open_audit(audit_id)
    suggestion = rules.suggested_overall(view.rubric, view.audit.answers)
    assert suggestion is not None and suggestion.key == "inadequate"

    shipped_desk.add_theme(
        audit_id, "outcomes-achieved-before-closure", "Case closed or stepped down too soon"
    )
    shipped_desk.add_theme(
        audit_id, "history-informs-re-referral-decision", "History used to understand risk"
    )
    shipped_desk.set_overall(audit_id, "requires-improvement")
    shipped_desk.set_text(audit_id, "overall_rationale", "The re-referral was handled well.")
    with pytest.raises(SubmitBlocked) as blocked:
        shipped_desk.submit(audit_id)
    assert "outcomes-achieved-before-closure (Inadequate)" in str(blocked.value)

    shipped_desk.set_overall(audit_id, "inadequate")
    shipped_desk.set_text(
        audit_id,
        "overall_rationale",
        "The re-referral was handled well, but the earlier closure was unsafe.",
    )
    with pytest.raises(EscalationRequired):
        shipped_desk.submit(audit_id)
    view = shipped_desk.submit(
        audit_id, ("Service manager Hale", "2025-08-04 14:00", "Closure practice to team meeting")
    )
    assert view.audit.overall_grade_label == "Inadequate"
    assert {(t.theme, t.polarity) for t in view.audit.themes} == {
        ("Case closed or stepped down too soon", "area_for_development"),
        ("History used to understand risk", "strength"),
    }


def test_a_closure_with_no_step_down_marks_the_handover_not_applicable(
    shipped_desk: AuditDesk,
) -> None:
    audit_id = shipped_desk.start_audit(CASE, RE_REFERRALS)
    shipped_desk.mark_not_applicable(audit_id, "step-down-and-handover")
    answer = shipped_desk.open_audit(audit_id).audit.answers["step-down-and-handover"]
    assert answer.not_applicable and answer.grade_key is None
