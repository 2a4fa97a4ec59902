"""Sections and applicability rules in rubric files, and criteria skipped by them.

A rubric groups criteria under headings and says when a criterion applies (the child's
age, the cohort, an earlier answer); the app records what does not apply as not
applicable with the reason, and re-opens it when an earlier answer flips the rule.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import MINI_YAML

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.rule_answers import RuleDesk
from qa_tui.domain.applicability import skip_reason
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import RubricFileError, load_rubric_file, parse_rubric
from qa_tui.exports.grades import ExportFilters, grades_document
from qa_tui.store.database import Store

SHIPPED = Path(__file__).resolve().parents[1] / "rubrics"
MISSING = "missing-episodes-in-window"
GATED = ("return-home-interviews", "response-to-missing-episodes", "exploitation-risk")

RULED = textwrap.dedent(
    """\
    id: ruled
    title: Ruled
    version: "1"
    description: A rubric with a rule.
    sections:
      - id: first
        title: First things
    criteria:
      - id: went-missing
        section: first
        question: Did the child go missing?
        kind: compliance
        guidance: {yes: a, partly: b, no: c}
      - id: rhi
        section: first
        question: Was a return home interview offered?
        kind: compliance
        applies:
          when: {criterion: went-missing, is: [yes]}
        guidance: {yes: a, partly: b, no: c}
    """
)


def problems(text: str) -> list[str]:
    with pytest.raises(RubricFileError) as caught:
        parse_rubric(text, "ruled.yaml")
    return caught.value.problems


def test_a_rubric_without_sections_is_still_valid_and_one_unnamed_section() -> None:
    rubric = load_rubric_file(MINI_YAML).rubric
    assert rubric.sections == []
    assert {c.section for c in rubric.criteria} == {None}


def test_sections_and_a_rule_load() -> None:
    rubric = parse_rubric(RULED, "ruled.yaml")
    assert [s.title for s in rubric.sections] == ["First things"]
    when = rubric.criterion("rhi").applies.when  # type: ignore[union-attr]
    assert (when.criterion, when.grades) == ("went-missing", ["yes"])  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        (
            "criterion: went-missing,",
            "criterion: went-away,",
            19,
            "criteria[1].applies.when.criterion",
            "unknown criterion 'went-away'",
        ),
        ("is: [yes]", "is: [maybe]", 19, "criteria[1].applies.when.is", "unknown grades maybe"),
        (
            "  - id: rhi\n    section: first",
            "  - id: rhi\n    section: second",
            15,
            "criteria[1].section",
            "section 'second' is not known",
        ),
    ],
)
def test_each_bad_rule_is_one_line_naming_file_line_and_field(
    old: str, new: str, line: int, field: str, words: str
) -> None:
    assert old in RULED
    (problem,) = problems(RULED.replace(old, new))
    assert problem.startswith(f"ruled.yaml:{line}: {field}: ")
    assert words in problem


def test_a_rule_pointing_at_a_later_criterion_is_refused() -> None:
    text = RULED.replace(
        "    question: Did the child go missing?",
        "    question: Did the child go missing?\n    applies:\n"
        "      when: {criterion: rhi, is: [yes]}",
    )
    (problem,) = problems(text)
    assert problem.startswith("ruled.yaml:13: criteria[0].applies.when.criterion: ")
    assert "earlier criterion" in problem


def test_a_section_split_in_two_is_refused() -> None:
    text = RULED.replace("  - id: rhi\n    section: first\n", "  - id: rhi\n")
    text += "  - id: later\n    section: first\n    question: Q?\n    kind: compliance\n"
    text += "    guidance: {yes: a, partly: b, no: c}\n"
    (problem,) = problems(text)
    assert "must come together" in problem


def case(**attributes: str) -> Case:
    return Case("CIN-9", "Team", cohort="CIN", attributes=attributes)


def test_age_rules_read_the_age_band_and_leave_unknown_ages_open() -> None:
    voice = load_rubric_file(SHIPPED / "voice-of-the-child.yaml").rubric
    alone, observed = voice.criterion("seen-alone"), voice.criterion("young-child-observed")
    baby, teenager = case(age_band="0-4"), case(age_band="11-15")
    assert skip_reason(voice, alone, baby, {}) == (
        "not applicable: the child is under 5 (their voice is graded through observation instead)"
    )
    assert skip_reason(voice, alone, teenager, {}) is None
    assert skip_reason(voice, alone, case(age="4 months"), {}) is not None
    assert skip_reason(voice, alone, case(), {}) is None  # age not known: asked
    assert skip_reason(voice, observed, baby, {}) is None
    assert "5 or over" in (skip_reason(voice, observed, teenager, {}) or "")


@pytest.fixture
def whole(store: Store) -> AuditDesk:
    return AuditDesk(store, "alice", rubrics_dir=SHIPPED)


def start(desk: AuditDesk, store: Store, rubric_id: str, **attributes: str) -> int:
    store.upsert_cases([case(**attributes)], "lead", "test")
    return desk.start_audit("CIN-9", rubric_id)


def test_no_missing_episode_records_the_missing_criteria_not_applicable_with_reason(
    whole: AuditDesk, store: Store
) -> None:
    audit_id = start(whole, store, "whole-case-file", age_band="11-15")
    saved = whole.grade(audit_id, MISSING, "no")
    assert {c.criterion_id for c in saved.rule_changes} == set(GATED)
    answers = whole.open_audit(audit_id).audit.answers
    for cid in GATED:
        assert answers[cid].not_applicable
        assert answers[cid].na_reason == "not applicable: no missing episode in the window"
    events = store._rows(
        "SELECT new_value FROM events WHERE entity_id = ? AND field = ?",
        (audit_id, "answer.exploitation-risk.grade"),
    )
    assert [e["new_value"] for e in events] == ["not applicable: no missing episode in the window"]
    kept = whole.grade(audit_id, "exploitation-risk", "good")  # the rule decides
    assert kept.not_applicable and kept.na_reason.endswith("no missing episode in the window")
    assert whole.open_audit(audit_id).audit.answers["exploitation-risk"].grade_key is None


def test_an_earlier_answer_that_flips_reopens_the_later_criteria(
    whole: AuditDesk, store: Store
) -> None:
    audit_id = start(whole, store, "whole-case-file")
    whole.grade(audit_id, MISSING, "no")
    saved = whole.grade(audit_id, MISSING, "yes")
    assert {(c.criterion_id, c.reason) for c in saved.rule_changes} == {
        (cid, None) for cid in GATED
    }
    answers = whole.open_audit(audit_id).audit.answers
    assert all(not answers[cid].answered and not answers[cid].na_reason for cid in GATED)
    whole.grade(audit_id, "exploitation-risk", "good")  # now asked, and graded
    saved = whole.grade(audit_id, MISSING, "no")  # flips back: the stale grade goes
    answers = whole.open_audit(audit_id).audit.answers
    assert answers["exploitation-risk"].grade_key is None
    assert answers["exploitation-risk"].not_applicable


def test_a_baby_is_not_asked_whether_they_were_seen_alone(whole: AuditDesk, store: Store) -> None:
    audit_id = start(whole, store, "voice-of-the-child", age_band="0-4")
    changes = RuleDesk(whole).settle_rules(audit_id)
    assert [c.criterion_id for c in changes] == ["seen-alone"]
    answer = whole.open_audit(audit_id).audit.answers["seen-alone"]
    assert answer.not_applicable and "under 5" in answer.na_reason
    assert RuleDesk(whole).settle_rules(audit_id) == []  # settled once, nothing twice
    assert "young-child-observed" not in whole.open_audit(audit_id).audit.answers


def test_an_auditors_own_not_applicable_has_no_reason(whole: AuditDesk, store: Store) -> None:
    audit_id = start(whole, store, "whole-case-file")
    whole.mark_not_applicable(audit_id, "permanence-and-stability")
    answer = whole.open_audit(audit_id).audit.answers["permanence-and-stability"]
    assert answer.not_applicable and answer.na_reason == ""


def test_the_grades_export_carries_the_rules_not_applicable_and_its_reason(
    whole: AuditDesk, store: Store
) -> None:
    audit_id = start(whole, store, "voice-of-the-child", age_band="0-4")
    for c in whole.open_audit(audit_id).rubric.criteria:
        whole.grade_by_number(audit_id, c.id, 1)  # seen-alone: the rule's answer stands
    whole.set_overall(audit_id, "outstanding")
    whole.set_text(audit_id, "overall_rationale", "Baby observed at every visit")
    whole.submit(audit_id)
    (record,) = grades_document(whole, ExportFilters())["audits"]
    answer = next(a for a in record["answers"] if a["criterion_id"] == "seen-alone")
    assert answer["not_applicable"] is True and answer["grade"] is None
    assert answer["not_applicable_reason"].startswith("not applicable: the child is under 5")
    observed = next(a for a in record["answers"] if a["criterion_id"] == "young-child-observed")
    assert "not_applicable_reason" not in observed
