"""The shipped children missing and exploitation rubric, graded as a QA officer would.

Every audit is a real one: the shipped rubric files, a real SQLite file in tmp_path,
the auditor's desk. The example: a 14-year-old in foster care missing five times in a
quarter, found twice in another county. Return home interviews were offered within 72
hours after four episodes and accepted once; the screening tool is up to date; an
exploitation risk meeting was held with police and school; the safety plan is generic
and nothing was done about the adult whose flat he is found at.
"""

from __future__ import annotations

import pytest

from qa_tui.desks.audits import AuditDesk, EscalationRequired, SubmitBlocked
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import load_rubrics
from qa_tui.paths import shipped_rubrics_dir
from qa_tui.store.database import Store

MISSING = "missing-and-exploitation"
CASE = "CLA-0733"

GRADES = [
    ("return-home-interviews-offered", "partly", "4 of 5 offered within 72h; 5th not offered."),
    (
        "return-home-interviews-used",
        "requires-improvement",
        "Accepted once; three declines with no second offer.",
    ),
    ("exploitation-risk-assessment", "good", "Screening tool updated after each episode."),
    (
        "strategy-and-exploitation-meetings",
        "good",
        "Exploitation meeting with police, school, YOT; actions owned and reviewed.",
    ),
    (
        "disruption-and-safety-planning",
        "inadequate",
        "Flat at 12 Mill Road named in two police reports; no disruption sought.",
    ),
    ("childs-voice-on-going-missing", "good", "'I go there because they feed me.'"),
    ("contextual-safeguarding", "requires-improvement", "Peers named, not mapped or shared."),
    ("multi-agency-information-sharing", "good", "Police reports reach SW next day."),
]


@pytest.fixture
def shipped_desk(store: Store) -> AuditDesk:
    store.upsert_cases(
        [Case(CASE, "CLA East", worker="SW Rowan", cohort="CLA", child_pseudonym="Child J14")],
        "lead",
        "test",
    )
    return AuditDesk(store, "alice", rubrics_dir=shipped_rubrics_dir())


def graded(desk: AuditDesk) -> int:
    audit_id = desk.start_audit(CASE, MISSING)
    for criterion_id, grade_key, note in GRADES:
        desk.grade(audit_id, criterion_id, grade_key)
        desk.save_evidence(audit_id, criterion_id, note)
    return audit_id


def test_the_missing_rubric_is_shipped_with_limiting_safety_criteria() -> None:
    rubric = {f.rubric.id: f.rubric for f in load_rubrics(shipped_rubrics_dir())}[MISSING]
    assert [c.id for c in rubric.criteria] == [c for c, _, _ in GRADES]
    assert {c.id for c in rubric.criteria if c.limiting} == {
        "exploitation-risk-assessment",
        "strategy-and-exploitation-meetings",
        "disruption-and-safety-planning",
    }
    # The 72-hour offer is counted apart from whether interviews were used.
    assert rubric.criterion("return-home-interviews-offered").kind == "compliance"
    assert rubric.criterion("return-home-interviews-used").kind == "quality"
    for c in rubric.criteria:
        assert set(c.guidance) == {g.key for g in rubric.scale_for(c).grades}, c.id
        assert c.themes.strengths and c.themes.areas_for_development, c.id


def test_no_disruption_of_a_known_address_is_suggested_inadequate(
    shipped_desk: AuditDesk,
) -> None:
    audit_id = graded(shipped_desk)
    view = shipped_desk.open_audit(audit_id)
    # Quality: RI, good, good, inadequate, good, RI, good: the middle is Good, but the
    # child left exposed to a known address is limiting.
    suggestion = rules.suggested_overall(view.rubric, view.audit.answers)
    assert suggestion is not None and suggestion.key == "inadequate"


def test_good_is_refused_then_inadequate_is_submitted_with_themes(
    shipped_desk: AuditDesk,
) -> None:
    audit_id = graded(shipped_desk)
    _, polarity = shipped_desk.add_theme(
        audit_id, "disruption-and-safety-planning", "No safety plan or disruption"
    )
    assert polarity == "area_for_development"
    shipped_desk.add_theme(
        audit_id,
        "return-home-interviews-used",
        "Return home interviews declined and not followed up",
    )
    shipped_desk.set_overall(audit_id, "good")
    shipped_desk.set_text(audit_id, "overall_rationale", "Risk is well assessed.")
    with pytest.raises(SubmitBlocked) as blocked:
        shipped_desk.submit(audit_id)
    assert "disruption-and-safety-planning (Inadequate)" in str(blocked.value)

    shipped_desk.set_overall(audit_id, "inadequate")
    shipped_desk.set_text(
        audit_id, "overall_rationale", "Risk is known, but nothing was done about the address."
    )
    with pytest.raises(EscalationRequired):
        shipped_desk.submit(audit_id)
    view = shipped_desk.submit(
        audit_id, ("Team manager Oak", "2025-07-01 10:00", "CAWN requested from police")
    )
    assert view.audit.overall_grade_label == "Inadequate"
    assert {(t.theme, t.polarity) for t in view.audit.themes} == {
        ("No safety plan or disruption", "area_for_development"),
        ("Return home interviews declined and not followed up", "area_for_development"),
    }
    rubric = view.rubric
    offered = rubric.criterion("return-home-interviews-offered")
    assert ("Return home interviews offered within 72 hours", "strength") in (
        rules.suggested_themes(rubric, offered, "yes")
    )
