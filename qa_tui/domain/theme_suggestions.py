"""Which of the rubric's suggested themes an auditor is offered, one at a time.

The rubric suggests themes from a criterion's grade. A suggestion is offered until the
auditor confirms it (it becomes a tag) or dismisses it (recorded for that criterion of
that audit, and never offered there again), and only when it can apply to this child:
a theme whose `applies` condition rules out the case's cohort or the child's age ("Child
not seen alone" for a four-month-old) is not offered at all.

What is not known never rules a theme out: a case with no cohort, or with no usable
`age` or `age_band` attribute, is offered every suggestion, and the auditor dismisses
what does not fit. A band rules a theme out only when the whole band falls outside it.
The same conditions, with `when` added, decide whether a criterion applies
(applicability.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa_tui.domain import rules

if TYPE_CHECKING:
    from qa_tui.domain.records import Audit, Case
    from qa_tui.domain.rubric import Applies, Criterion, Rubric

# The usual spellings of the statutory cohorts in case-management exports, so that a
# rubric written with `CL` matches a case list that says "Care Leaver".
_COHORT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "cin": ("child in need", "children in need"),
    "cp": ("child protection", "child protection plan", "cpp"),
    "cla": (
        "looked after",
        "looked after child",
        "child looked after",
        "children looked after",
        "child in care",
        "children in care",
        "lac",
    ),
    "cl": ("care leaver", "care leavers", "leaving care"),
}
_CANONICAL = {
    spelling: code for code, spellings in _COHORT_SPELLINGS.items() for spelling in spellings
}

_AGE = re.compile(
    r"^\s*(\d{1,2}(?:\.\d+)?)\s*(y|yr|yrs|year|years|m|mo|month|months)?\s*(old)?\s*$",
    re.IGNORECASE,
)


_BAND = re.compile(r"^\s*(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\s*$")
_PLUS = re.compile(r"^\s*(\d{1,2})\s*\+\s*$")


def cohort_key(name: str) -> str:
    """A cohort's name as compared: case, spaces and punctuation aside, usual spellings
    of CIN, CP, CLA and CL read as those codes."""
    words = " ".join(re.sub(r"[^a-z0-9]+", " ", name.casefold()).split())
    return _CANONICAL.get(words, words.replace(" ", ""))


def child_age(case: Case) -> float | None:
    """The child's age in years, from the case attribute named `age` (any case): a
    number of years ("4", "4.5", "4 years") or months ("4 months"). None when the case
    has no such attribute or it says something else (a band such as "0-4", blank):
    an age that is not known."""
    for name, value in case.attributes.items():
        if name.strip().casefold() != "age":
            continue
        match = _AGE.match(value)
        if match is None:
            return None
        number, unit = float(match.group(1)), (match.group(2) or "y").casefold()
        return number / 12 if unit.startswith("m") else number
    return None


def age_range(case: Case) -> tuple[float, float] | None:
    """The youngest and oldest the child can be (years, the oldest exclusive), from
    `age` or `age_band`; None when neither says."""
    age = child_age(case)
    if age is not None:
        return age, age
    for name, value in case.attributes.items():
        if name.strip().casefold().replace(" ", "_") != "age_band":
            continue
        band = _BAND.match(value)
        if band:
            return float(band.group(1)), float(band.group(2)) + 1
        plus = _PLUS.match(value)
        if plus:
            return float(plus.group(1)), 99.0
    return None


def case_reason(applies: Applies, case: Case) -> str | None:
    """Why the case itself rules the rule out (cohort, age), or None."""
    cohort = (case.cohort or "").strip()
    listed = {cohort_key(c) for c in applies.cohorts or ()}
    if listed and cohort and cohort_key(cohort) not in listed:
        return f"the case is {cohort}, not {', '.join(applies.cohorts or ())}"
    ages = age_range(case)
    if ages is None:
        return None
    youngest, oldest = ages
    if applies.min_age is not None and (
        oldest <= applies.min_age if oldest > youngest else youngest < applies.min_age
    ):
        return f"the child is under {applies.min_age}"
    if applies.max_age is not None and youngest >= applies.max_age + 1:
        return f"the child is over {applies.max_age}"
    return None


def can_apply(applies: Applies | None, case: Case) -> bool:
    """False only when the case is known to fall outside the condition."""
    return applies is None or case_reason(applies, case) is None


def _undecided(
    rubric: Rubric, audit: Audit, criterion: Criterion
) -> list[tuple[str, str, Applies | None]]:
    """(theme, polarity, condition) suggested for the criterion's grade, neither tagged
    nor dismissed on this audit."""
    answer = audit.answers.get(criterion.id)
    if answer is None or answer.grade_key is None:
        return []
    weak = rubric.scale_for(criterion).grade(answer.grade_key).weak
    conditions = {e.theme: e.applies for e in criterion.themes.offered(weak)}
    tagged = {t.theme for t in audit.themes if t.criterion_id == criterion.id}
    return [
        (theme, polarity, conditions.get(theme))
        for theme, polarity in rules.suggested_themes(rubric, criterion, answer.grade_key)
        if theme not in tagged and (criterion.id, theme) not in audit.dismissed_suggestions
    ]


def offered_themes(rubric: Rubric, audit: Audit, criterion: Criterion) -> list[tuple[str, str]]:
    """(theme, polarity) the auditor still has to decide on for this criterion's grade:
    suggested by the rubric, able to apply to this child, neither tagged nor dismissed."""
    return [
        (theme, polarity)
        for theme, polarity, applies in _undecided(rubric, audit, criterion)
        if can_apply(applies, audit.case)
    ]


def ruled_out_themes(rubric: Rubric, audit: Audit, criterion: Criterion) -> list[str]:
    """The suggestions for this grade left out because they cannot apply to this child
    (said to the auditor, so a missing suggestion is not a mystery)."""
    return [
        theme
        for theme, _, applies in _undecided(rubric, audit, criterion)
        if not can_apply(applies, audit.case)
    ]


def is_suggested(criterion: Criterion, theme: str) -> bool:
    """Whether the rubric suggests `theme` on this criterion, for any grade."""
    return theme in criterion.themes.strengths or theme in criterion.themes.areas_for_development
