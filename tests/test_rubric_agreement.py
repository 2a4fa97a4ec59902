"""One judgement for one thing: where shipped rubrics grade the same practice, their
guidance gives it the same grade.

Criteria that grade the same practice are found by a shared id or a shared suggested
theme. The agreed grades are a small table: a phrase auditors meet on files, the grade
key whose guidance must name it, and the criteria that must name it. Any guidance in any
shipped rubric that names the phrase under another grade contradicts the table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pytest

from qa_tui.domain.rubric import Criterion
from qa_tui.domain.rubric_files import load_rubrics
from qa_tui.paths import shipped_rubrics_dir

Where = tuple[str, str]  # (rubric id, criterion id)

SUPERVISION = {
    ("whole-case-file", "management-oversight-and-supervision"),
    ("supervision-and-management-oversight", "reflective-supervision"),
    ("care-leavers-pathway-plans", "management-oversight-and-supervision"),
    ("neglect", "management-oversight-and-supervision"),
    ("children-in-care", "management-oversight-and-supervision"),
    ("early-help-assessments", "management-oversight-and-supervision"),
}
OVERSIGHT = SUPERVISION - {("supervision-and-management-oversight", "reflective-supervision")} | {
    ("supervision-and-management-oversight", "management-oversight-visible"),
    ("re-referrals-and-case-closure", "closure-management-oversight"),
}


@dataclass(frozen=True)
class Agreed:
    phrase: str  # as written in guidance, quotes included
    grade: str
    named_by: frozenset[Where]


AGREED = [
    # Held, but nothing about the child: compliant and still Inadequate (DOMAIN.md).
    Agreed("'continue'", "inadequate", frozenset(SUPERVISION)),
    Agreed("'discussed, no change'", "inadequate", frozenset(SUPERVISION)),
    # Tasks for the plan without reflection: not good enough, not unsafe.
    Agreed("task list", "requires-improvement", frozenset(SUPERVISION)),
    # A manager's sign-off with no view on risk.
    Agreed("'agreed'", "requires-improvement", frozenset(OVERSIGHT)),
]


def shipped() -> dict[Where, Criterion]:
    return {
        (f.rubric.id, c.id): c
        for f in load_rubrics(shipped_rubrics_dir())
        for c in f.rubric.criteria
    }


def same_practice() -> list[set[Where]]:
    """Groups of criteria in different rubrics sharing an id or a suggested theme."""
    by_key: dict[str, set[Where]] = defaultdict(set)
    for where, c in shipped().items():
        by_key[f"id:{c.id}"].add(where)
        for theme in (*c.themes.strengths, *c.themes.areas_for_development):
            by_key[f"theme:{theme}"].add(where)
    return [group for group in by_key.values() if len({r for r, _ in group}) > 1]


def test_criteria_grading_the_same_practice_are_found() -> None:
    groups = same_practice()
    assert any(g >= SUPERVISION for g in groups), "the three supervision criteria share a theme"
    assert any(
        ("front-door-threshold-decisions", "management-oversight-of-the-decision") in g
        and ("supervision-and-management-oversight", "management-oversight-visible") in g
        for g in groups
    )


@pytest.mark.parametrize("agreed", AGREED, ids=lambda a: a.phrase)
def test_every_rubric_gives_the_phrase_the_agreed_grade(agreed: Agreed) -> None:
    criteria = shipped()
    under: dict[Where, set[str]] = defaultdict(set)
    for where, c in criteria.items():
        for grade_key, text in c.guidance.items():
            if agreed.phrase in " ".join(text.split()):
                under[where].add(grade_key)
    contradicting = {w: g for w, g in under.items() if g != {agreed.grade}}
    assert not contradicting, f"{agreed.phrase} is graded otherwise than {agreed.grade}"
    assert agreed.named_by <= set(under), sorted(agreed.named_by - set(under))
