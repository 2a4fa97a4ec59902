"""Whether a criterion applies to this child and this audit, and if not, why: pure.

A criterion's `applies` rule is the same small language as a suggested theme's (cohort,
age) plus an earlier answer (`when`). The child's age is read from `age` ("4 months",
"7") or, as case lists usually give it, `age_band` ("0-4", "18-21"): a band rules a
criterion out only when the whole band falls outside it, and what the case does not
record rules nothing out. An earlier criterion not yet answered leaves the later one
open: the auditor is asked, never told it does not apply before anyone knows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from qa_tui.domain.theme_suggestions import case_reason

if TYPE_CHECKING:
    from qa_tui.domain.records import Case
    from qa_tui.domain.rubric import Criterion, Rubric

# What an earlier answer is: a grade key, "n/a" (not applicable), or None (unanswered).
NOT_APPLICABLE = "n/a"


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
