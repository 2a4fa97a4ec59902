"""Whether a criterion applies to this child and this audit, and if not, why: pure.

A criterion's `applies` rule is the same small language as a suggested theme's (cohort,
age) plus an earlier answer (`when`). The child's age is read from `age` ("4 months",
"7") or, as case lists usually give it, `age_band` ("0-4", "18-21"): a band rules a
criterion out only when the whole band falls outside it, and what the case does not
record rules nothing out. An earlier criterion not yet answered leaves the later one
open: the auditor is asked, never told it does not apply before anyone knows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from qa_tui.domain.theme_suggestions import child_age, cohort_key

if TYPE_CHECKING:
    from qa_tui.domain.records import Case
    from qa_tui.domain.rubric import Applies, Criterion, Rubric

_BAND = re.compile(r"^\s*(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\s*$")
_PLUS = re.compile(r"^\s*(\d{1,2})\s*\+\s*$")

# What an earlier answer is: a grade key, "n/a" (not applicable), or None (unanswered).
NOT_APPLICABLE = "n/a"


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


def skip_reason(
    rubric: Rubric, criterion: Criterion, case: Case, earlier: Mapping[str, str | None]
) -> str | None:
    """ "not applicable: ..." when the criterion's rule rules it out, else None.

    `earlier` maps criterion ids to their answer: a grade key, NOT_APPLICABLE, or None.
    """
    applies = criterion.applies
    if applies is None:
        return None
    why = case_reason(applies, case)
    when = applies.when
    if why is None and when is not None:
        answer = earlier.get(when.criterion)
        if answer is None or answer in when.grades:
            return None
        other = rubric.criterion(when.criterion)
        if answer == NOT_APPLICABLE:
            why = f"{other.name.lower()} is not applicable"
        else:
            label = rubric.scale_for(other).grade(answer).label
            why = f"{other.name.lower()} was answered {label}"
    if why is None:
        return None
    return f"not applicable: {applies.reason or why}"


def settled(
    rubric: Rubric, case: Case, answers: Mapping[str, tuple[str | None, bool, str]]
) -> dict[str, str | None]:
    """What each ruled criterion should become, in rubric order: a reason (mark it not
    applicable by the rule) or None (re-open it: the rule no longer rules it out).

    `answers` maps criterion ids to (grade key, not applicable, rule's reason); only
    criteria whose state must change are returned, so settling twice changes nothing.
    """
    state = dict(answers)
    changes: dict[str, str | None] = {}
    for c in rubric.criteria:
        _, na, reason = state.get(c.id, (None, False, ""))
        if c.applies is not None:
            earlier = {
                cid: (NOT_APPLICABLE if a_na else a_key) for cid, (a_key, a_na, _) in state.items()
            }
            want = skip_reason(rubric, c, case, earlier)
            if want is not None and (not na or reason != want):
                changes[c.id] = want
                state[c.id] = (None, True, want)
            elif want is None and reason:
                changes[c.id] = None
                state[c.id] = (None, False, "")
    return changes
