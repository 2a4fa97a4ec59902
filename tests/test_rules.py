"""Pure audit rules: what the app suggests, warns about and refuses, with no I/O."""

from __future__ import annotations

import pytest
from conftest import MINI_YAML

from qa_tui.domain import rules
from qa_tui.domain.records import Answer, Audit, Case
from qa_tui.domain.rubric import Rubric
from qa_tui.domain.rubric_files import load_rubric_file

OFSTED_GUIDANCE = {"outstanding": "o", "good": "g", "requires-improvement": "r", "inadequate": "i"}
YPN_GUIDANCE = {"yes": "y", "partly": "p", "no": "n"}
OFSTED_VALUES = {"outstanding": 1, "good": 2, "requires-improvement": 3, "inadequate": 4}


def _criterion(cid: str, **extra: object) -> dict:
    return {"id": cid, "question": f"{cid}?", "guidance": OFSTED_GUIDANCE, **extra}


# Compliance first in the file: the app still shows (and resumes) quality criteria first.
WIDE = Rubric.model_validate(
    {
        "id": "wide",
        "title": "Wide",
        "version": "1",
        "description": "For rule tests.",
        "criteria": [
            {"id": "visits", "question": "Visits?", "kind": "compliance", "guidance": YPN_GUIDANCE},
            _criterion("q1"),
            _criterion("q2"),
            _criterion("q3"),
            _criterion("safety", limiting=True),
            _criterion("plan", not_applicable=True),
            # A compliance check on the Ofsted scale: still never part of the quality judgement.
            _criterion("checks", kind="compliance", scale="ofsted"),
        ],
    }
)
MINI = load_rubric_file(MINI_YAML).rubric


def graded(rubric: Rubric, criterion_id: str, key: str, evidence: str = "") -> Answer:
    scale = rubric.scale_for(rubric.criterion(criterion_id))
    return Answer(criterion_id, key, scale.value_of(key), scale.grade(key).label, False, evidence)


def na(criterion_id: str) -> Answer:
    return Answer(criterion_id, None, None, None, True, "")


def answers(rubric: Rubric, **grades: str) -> dict[str, Answer]:
    return {
        cid.replace("_", "-"): graded(rubric, cid.replace("_", "-"), key)
        for cid, key in grades.items()
    }


def audit(
    rubric: Rubric,
    answers: dict[str, Answer],
    *,
    overall: str | None = None,
    rationale: str = "",
    override: str = "",
) -> Audit:
    value = OFSTED_VALUES[overall] if overall else None
    label = rubric.overall.grade(overall).label if overall else None
    return Audit(
        id=1,
        case=Case("CIN-1", "Team A"),
        rubric_hash="x",
        auditor="alice",
        status="in_progress",
        due_on=None,
        lookback_from=None,
        judgement_from=None,
        window_to=None,
        created_at="2024-01-01",
        started_at=None,
        submitted_at=None,
        overall_grade_key=overall,
        overall_grade_value=value,
        overall_grade_label=label,
        overall_rationale=rationale,
        override_reason=override,
        strengths="",
        areas_for_development="",
        answers=answers,
        themes=[],
        actions=[],
        escalations=[],
    )


# -- suggested overall grade ------------------------------------------------------------


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        ({"q1": "good"}, "good"),
        ({"q1": "outstanding", "q2": "good", "q3": "requires-improvement"}, "good"),
        # An even count has two middles: the weaker one is suggested.
        ({"q1": "outstanding", "q2": "good"}, "good"),
        (
            {"q1": "outstanding", "q2": "outstanding", "q3": "inadequate", "plan": "inadequate"},
            "inadequate",
        ),
        (
            {
                "q1": "good",
                "q2": "good",
                "q3": "requires-improvement",
                "plan": "requires-improvement",
            },
            "requires-improvement",
        ),
    ],
)
def test_suggestion_is_the_median_rounded_towards_the_weaker(grades: dict, expected: str) -> None:
    suggestion = rules.suggested_overall(WIDE, answers(WIDE, **grades))
    assert suggestion is not None and suggestion.key == expected


def test_suggestion_is_no_better_than_the_worst_limiting_criterion() -> None:
    given = answers(
        WIDE, q1="outstanding", q2="outstanding", q3="outstanding", safety="requires-improvement"
    )
    assert rules.suggested_overall(WIDE, given).key == "requires-improvement"
    # A limiting grade better than the median does not lift it.
    given = answers(
        WIDE, q1="requires-improvement", q2="requires-improvement", safety="outstanding"
    )
    assert rules.suggested_overall(WIDE, given).key == "requires-improvement"


def test_compliance_answers_do_not_move_the_suggestion() -> None:
    quality = answers(WIDE, q1="good", q2="good", q3="good")
    with_compliance = {**quality, **answers(WIDE, visits="no", checks="inadequate")}
    assert rules.suggested_overall(WIDE, with_compliance).key == "good"


def test_no_suggestion_until_a_quality_criterion_is_graded() -> None:
    assert rules.suggested_overall(WIDE, {}) is None
    assert rules.suggested_overall(WIDE, answers(WIDE, visits="yes", checks="good")) is None
    assert rules.suggested_overall(WIDE, {"plan": na("plan")}) is None


# -- limiting judgements -----------------------------------------------------------------


def test_limiting_breach_when_overall_is_better_than_a_limiting_grade() -> None:
    given = answers(MINI, child_seen="inadequate", plan_smart="good")
    breaches = rules.limiting_breaches(MINI, given, OFSTED_VALUES["good"])
    assert [(c.id, a.grade_label) for c, a in breaches] == [("child-seen", "Inadequate")]
    assert rules.limiting_breaches(MINI, given, OFSTED_VALUES["inadequate"]) == []
    assert rules.limiting_breaches(MINI, given, None) == []


def test_ordinary_criteria_never_breach() -> None:
    given = answers(MINI, child_seen="good", plan_smart="inadequate")
    assert rules.limiting_breaches(MINI, given, OFSTED_VALUES["outstanding"]) == [
        (MINI.criterion("child-seen"), given["child-seen"])
    ]
    assert rules.limiting_breaches(MINI, given, OFSTED_VALUES["good"]) == []


# -- where work resumes --------------------------------------------------------------------


def test_first_unanswered_follows_display_order_quality_first() -> None:
    order = [c.id for c in rules.display_order(WIDE)]
    assert order == ["q1", "q2", "q3", "safety", "plan", "visits", "checks"]
    assert rules.first_unanswered(WIDE, {}) == 0
    given = answers(WIDE, q1="good", q2="good", visits="yes")
    assert rules.first_unanswered(WIDE, given) == order.index("q3")
    given = {**answers(WIDE, q1="good", q2="good", q3="good", safety="good"), "plan": na("plan")}
    assert rules.first_unanswered(WIDE, given) == order.index("visits")


def test_evidence_alone_is_not_an_answer() -> None:
    given = {"child-seen": Answer("child-seen", None, None, None, False, "a note so far")}
    assert rules.first_unanswered(MINI, given) == 0
    problems = rules.submit_problems(MINI, audit(MINI, given, overall="good", rationale="r"))
    assert "child-seen: not graded" in [p.message for p in problems]


# -- escalation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overall", "expected"),
    [
        ("inadequate", True),
        ("requires-improvement", False),
        ("good", False),
        ("outstanding", False),
        (None, False),
    ],
)
def test_only_the_worst_overall_grade_needs_escalation(overall: str | None, expected: bool) -> None:
    assert rules.needs_escalation(MINI, overall) is expected


# -- what blocks a submit ------------------------------------------------------------------


def test_submit_problems_list_everything_missing_at_once() -> None:
    given = {"child-seen": graded(MINI, "child-seen", "requires-improvement")}  # no evidence
    problems = rules.submit_problems(MINI, audit(MINI, given))
    assert [(p.message, p.criterion_id) for p in problems] == [
        ("child-seen: 'Requires improvement to be good' needs an evidence note", "child-seen"),
        ("plan-smart: not graded", "plan-smart"),
        ("visits-in-time: not graded", "visits-in-time"),
        ("overall grade not chosen", None),
        ("overall grade has no written rationale", None),
    ]


def test_limiting_breach_without_a_reason_blocks_submit() -> None:
    given = {
        **answers(MINI, child_seen="inadequate", visits_in_time="yes"),
        "plan-smart": na("plan-smart"),
    }
    given["child-seen"] = graded(MINI, "child-seen", "inadequate", "Not seen since March")
    problems = rules.submit_problems(MINI, audit(MINI, given, overall="good", rationale="r"))
    assert [p.message for p in problems] == [
        "overall is better than limiting child-seen (Inadequate): record the reason"
    ]
    assert (
        rules.submit_problems(
            MINI,
            audit(
                MINI,
                given,
                overall="good",
                rationale="r",
                override="Seen by the police on 2 May; safe",
            ),
        )
        == []
    )


def test_weak_compliance_answer_needs_evidence_too() -> None:
    given = {
        **answers(MINI, child_seen="good", visits_in_time="partly"),
        "plan-smart": na("plan-smart"),
    }
    problems = rules.submit_problems(MINI, audit(MINI, given, overall="good", rationale="r"))
    assert [p.criterion_id for p in problems] == ["visits-in-time"]


def test_not_applicable_counts_as_answered_and_a_complete_audit_has_no_problems() -> None:
    given = {
        **answers(MINI, child_seen="good", visits_in_time="yes"),
        "plan-smart": na("plan-smart"),
    }
    assert (
        rules.submit_problems(MINI, audit(MINI, given, overall="good", rationale="Solid practice"))
        == []
    )
    assert rules.first_unanswered(MINI, given) == 0


def test_blank_rationale_does_not_count() -> None:
    given = {
        **answers(MINI, child_seen="good", visits_in_time="yes"),
        "plan-smart": na("plan-smart"),
    }
    problems = rules.submit_problems(MINI, audit(MINI, given, overall="good", rationale="  \n"))
    assert [p.message for p in problems] == ["overall grade has no written rationale"]


# -- suggested themes ------------------------------------------------------------------------


def test_weak_grades_suggest_areas_for_development_and_strong_ones_strengths() -> None:
    criterion = MINI.criterion("child-seen")
    assert rules.suggested_themes(MINI, criterion, "good") == [
        ("Child seen alone regularly", "strength")
    ]
    assert rules.suggested_themes(MINI, criterion, "inadequate") == [
        ("Child not seen alone", "area_for_development")
    ]
    assert rules.suggested_themes(MINI, criterion, None) == []
